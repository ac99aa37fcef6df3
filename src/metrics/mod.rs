//! Scoring: metric implementations and the signatures that describe them.

pub mod signature;

pub use signature::Signature;
pub mod answer_match;
pub mod qa;
pub mod squad;
