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
