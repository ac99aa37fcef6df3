//! Pure string functions: no I/O, no configuration.
//!
//! Each function that mirrors a reference implementation says which one and which version.

pub mod sentence;
pub mod squad_normalize;
