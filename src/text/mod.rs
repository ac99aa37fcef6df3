//! Pure string functions: no I/O, no configuration.
//!
//! Each function that mirrors a reference implementation says which one and which version.

pub mod bm25;
mod python_chars;
pub mod porter;
pub mod python_str;
pub mod sentence;
pub mod squad_normalize;
pub mod tokenize;
pub mod words;
