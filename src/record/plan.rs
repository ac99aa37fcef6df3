//! `plan.json`: what a run set out to do, written before its first item, so an interrupted
//! run can be resumed (`goldeval run --resume DIR`).

use serde::{Deserialize, Serialize};

use super::DatasetRef;
use crate::backend::Task;

/// The contents of `plan.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunPlan {
    /// [`super::FORMAT_VERSION`] of the writer.
    pub format_version: u32,
    /// The run's id.
    pub run_id: String,
    /// The dataset; a resumed run must load the same content (`hash`).
    pub dataset: DatasetRef,
    /// Backend names as selected (built-in, configured or `replay:FILE`), in order.
    pub backends: Vec<String>,
    /// Tasks evaluated.
    pub tasks: Vec<Task>,
    /// `--limit`, if set.
    pub limit: Option<usize>,
}
