//! Every path of the goldeval library this extension uses, in one place, so a change of the
//! crate's public API is repointed here and nowhere else.

pub use goldeval::metrics::answer_match::answer_match;
pub use goldeval::metrics::rouge::Pretokenized;
pub use goldeval::metrics::squad::{self, SquadRow};
pub use goldeval::metrics::{Counts, Rouge, RougeType};
pub use goldeval::stats::rng::STATE_WORDS;
pub use goldeval::stats::{Bootstrap, Mt19937};
pub use goldeval::text::date::Date;
pub use goldeval::text::squad_normalize::{normalize_answer, squad_tokens};
pub use goldeval::text::tokenize::Tokenizer;

// run, check, compare and bless (issue 13's facade will replace these paths)
pub use goldeval::backend::{resolve, BUILTIN_NAMES};
pub use goldeval::check::{check, Gates};
pub use goldeval::compare::{compare, systems, Settings, DEFAULT_SEED};
pub use goldeval::config::Config;
pub use goldeval::config::Threshold;
pub use goldeval::dataset::validate::validate;
pub use goldeval::dataset::{Dataset, Task};
pub use goldeval::record::golden::Golden;
pub use goldeval::record::{write_atomic, RunDir};
pub use goldeval::report::palette::Palette;
pub use goldeval::report::{check::render as render_check, compare::render as render_compare};
pub use goldeval::run::default_metrics::metric_set;
pub use goldeval::run::{default_dir, execute as execute_run, Backoff, Cache, RunConfig, Silent};
pub use goldeval::{Error, Result as LibResult};
