//! Scoring: metric implementations and the signatures that describe them.

pub mod signature;

pub use signature::Signature;
pub mod squad;
