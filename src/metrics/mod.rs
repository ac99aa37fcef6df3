//! Scoring: metric implementations and the signatures that describe them.

pub mod signature;

pub use signature::Signature;
pub(crate) mod lcs;
pub mod rouge;
mod rouge_engine;
mod token_ids;

pub use rouge::{Counts, RefMode, Rouge, RougeBuilder, RougeError, RougeType, Score};
