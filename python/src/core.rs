//! Every path of the goldeval library this extension uses, in one place, so a change of the
//! crate's API is repointed here and nowhere else. The crate root (the stable API) first;
//! `goldeval::unstable` only for the building blocks the Python drop-ins need beyond it
//! (pretokenized counting, the bootstrap's generator state, the SQuAD tokenizer, the
//! comparison's spec parser and report renderers).

pub use goldeval::squad::{self, SquadRow};
pub use goldeval::{
    answer_match, check_run, compare, Error, Gates, Golden, Goldens, Result as LibResult, Rouge,
    RougeType, Run, RunDir, Settings, Task, Threshold,
};

pub use goldeval::unstable::compare::{systems, DEFAULT_SEED};
pub use goldeval::unstable::config::Config;
pub use goldeval::unstable::metrics::{Counts, Pretokenized};
pub use goldeval::unstable::record::write_atomic;
pub use goldeval::unstable::report::palette::Palette;
pub use goldeval::unstable::report::{
    check::render as render_check, compare::render as render_compare,
};
pub use goldeval::unstable::run::Cache;
pub use goldeval::unstable::stats::rng::STATE_WORDS;
pub use goldeval::unstable::stats::{Bootstrap, Mt19937};
pub use goldeval::unstable::text::date::Date;
pub use goldeval::unstable::text::squad_normalize::{normalize_answer, squad_tokens};
pub use goldeval::unstable::text::tokenize::Tokenizer;

/// The names of the built-in backends, which a configuration file may not reuse.
pub use goldeval::unstable::backend::BUILTIN_NAMES;
