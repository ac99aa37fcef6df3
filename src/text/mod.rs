//! Pure string functions: no I/O, no configuration.
//!
//! Each function that mirrors a reference implementation says which one and which version.

pub mod bm25;
pub mod sentence;
pub mod squad_normalize;
pub mod words;
