//! Everything that is not the stable API: the building blocks of the binary, the tests, the
//! benches and the Python bindings. No compatibility is promised between releases; depend on
//! the crate root instead.
//!
//! The modules keep their files under `src/` (`src/backend/`, `src/metrics/`, …); inside the
//! crate they are reached as `crate::backend` and so on.

#[path = "backend/mod.rs"]
pub mod backend;
#[path = "check.rs"]
pub mod check;
#[path = "cli/mod.rs"]
pub mod cli;
#[path = "compare.rs"]
pub mod compare;
#[path = "config/mod.rs"]
pub mod config;
#[path = "dataset/mod.rs"]
pub mod dataset;
#[path = "diagnostic.rs"]
pub mod diagnostic;
#[path = "error.rs"]
pub mod error;
#[path = "metrics/mod.rs"]
pub mod metrics;
#[path = "ordered_map.rs"]
pub mod ordered_map;
#[path = "record/mod.rs"]
pub mod record;
#[path = "report/mod.rs"]
pub mod report;
#[path = "run/mod.rs"]
pub mod run;
#[path = "stats/mod.rs"]
pub mod stats;
#[path = "text/mod.rs"]
pub mod text;
#[path = "warning.rs"]
pub mod warning;
