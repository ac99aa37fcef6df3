//! Pure string functions: no I/O, no configuration.
//!
//! Each function that mirrors a reference implementation says which one and which version.

pub mod porter;
pub mod squad_normalize;
pub mod tokenize;
