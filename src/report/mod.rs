//! Presentation of run records. Reports read records only; they never call backends, so any
//! run directory can be re-rendered.

pub mod check;
pub mod compare;
pub mod escape;
pub mod export;
pub mod flat;
pub mod html;
pub mod junit;
pub mod markdown;
pub mod model;
pub mod palette;
pub mod references;
pub mod table;
pub mod word_diff;
