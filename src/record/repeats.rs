//! `repeats.json` (written only with `--repeat N`, N > 1): how each item's scores vary.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::dataset::Task;

/// The contents of `repeats.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Repeats {
    /// [`super::FORMAT_VERSION`] of the writer.
    pub format_version: u32,
    /// How many times each job ran.
    pub repeat: usize,
    /// Items with a column that flips (takes both 0 and 1 across repeats), per backend and
    /// task, in plan order.
    pub flipping: usize,
    /// One entry per (task, item, backend), in plan order.
    pub items: Vec<RepeatedItem>,
}

/// One item's scores across repeats.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RepeatedItem {
    /// The task.
    pub task: Task,
    /// The item id.
    pub id: String,
    /// The backend.
    pub backend: String,
    /// Repeats that errored.
    pub errors: usize,
    /// Per metric column, over the repeats that did not error.
    pub columns: BTreeMap<String, Spread>,
    /// Columns whose values are all 0 or 1 and not all equal.
    pub flips: Vec<String>,
}

/// Mean and spread of one column over repeats.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Spread {
    /// Values (repeats that did not error).
    pub n: usize,
    /// Their mean.
    pub mean: f64,
    /// Sample standard deviation; `null` with fewer than 2 values.
    pub stdev: Option<f64>,
    /// Smallest value.
    pub min: f64,
    /// Largest value.
    pub max: f64,
}
