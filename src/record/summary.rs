//! `summary.json`: per backend and task, the aggregate of every metric column.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::dataset::Kind;
use crate::dataset::Task;
use crate::metrics::Signature;

use super::DatasetRef;

/// The mean of one column over the scored items.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Aggregate {
    /// Mean over scored items; `null` when no item was scored.
    pub mean: Option<f64>,
    /// Number of scored items.
    pub n: usize,
}

/// One metric column's aggregate with the signature that says how it was computed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetricSummary {
    /// Column id.
    pub metric: String,
    /// How it was computed.
    pub signature: Signature,
    /// The aggregate over all scored items.
    #[serde(flatten)]
    pub overall: Aggregate,
    /// For QA: the aggregate per question kind (kinds with no items are absent).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub by_kind: BTreeMap<Kind, Aggregate>,
}

/// Aggregates of one backend on one task.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BackendSummary {
    /// Backend name.
    pub backend: String,
    /// Task.
    pub task: Task,
    /// Items attempted.
    pub items: usize,
    /// Items whose backend errored (excluded from means).
    pub errors: usize,
    /// Every metric column, in column order.
    pub metrics: Vec<MetricSummary>,
}

/// The contents of `summary.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// [`super::FORMAT_VERSION`] of the writer.
    pub format_version: u32,
    /// The dataset.
    pub dataset: DatasetRef,
    /// One entry per (backend, task), tasks in order, backends in run order.
    pub results: Vec<BackendSummary>,
}
