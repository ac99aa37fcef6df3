//! Pure string functions: no I/O, no configuration.
//!
//! Each function that mirrors a reference implementation says which one and which version.

pub mod bm25;
pub mod porter;
mod python_chars;
pub mod python_str;
pub mod sentence;
pub mod squad_normalize;
pub mod tokenize;
pub mod words;
