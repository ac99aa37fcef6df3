//! Pure string functions: no I/O, no configuration.
//!
//! Each function that mirrors a reference implementation says which one and which version.

mod python_chars;
pub mod python_str;
pub mod squad_normalize;
