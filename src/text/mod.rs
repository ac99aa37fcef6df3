//! Pure string functions: no I/O, no configuration.
//!
//! Each function that mirrors a reference implementation says which one and which version.

pub mod bm25;
pub mod date;
pub mod number;
pub mod porter;
#[rustfmt::skip] // generated: see tests/fixtures/squad/gen_python_chars.py
mod python_chars;
pub mod python_str;
pub mod quantity;
mod quantity_lexer;
pub mod sentence;
pub mod squad_normalize;
pub mod suggest;
pub mod tokenize;
pub mod words;
