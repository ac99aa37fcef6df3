//! Presentation of run records. Reports read records only; they never call backends, so any
//! run directory can be re-rendered.

pub mod check;
pub mod compare;
pub mod table;
