//! goldeval evaluates summarizers and question-answering systems against gold data.
//!
//! Gold question-answer pairs and reference summaries ([`dataset`]) are sent to pluggable
//! backends ([`backend`]), the outputs are scored with metrics implemented here
//! ([`metrics`]: ROUGE matching Google's rouge-score, SQuAD v2 exact match and F1), and the
//! results are written as a run directory ([`record`]) and rendered as reports ([`report`]).
//!
//! Glossary:
//! - **document**: a source text of a dataset;
//! - **item**: one gold QA pair or one summarization item;
//! - **reference**: a gold summary; **answers**: the accepted surface forms of a gold answer;
//! - **backend**: anything that produces an output for an item (a built-in baseline, a
//!   program, a model server, recorded outputs);
//! - **run**: one evaluation of backends on a dataset, stored in a run directory;
//! - **signature**: the string that says exactly how a number was computed.

pub mod backend;
pub mod check;
pub mod cli;
pub mod compare;
pub mod config;
pub mod dataset;
pub mod diagnostic;
pub mod error;

pub mod metrics;
pub mod ordered_map;
pub mod record;
pub mod report;
pub mod run;
pub mod stats;
pub mod text;
pub mod warning;

pub use diagnostic::{Diagnostic, Diagnostics};
pub use error::{Error, Result};
