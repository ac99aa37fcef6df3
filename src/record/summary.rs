//! `summary.json`: per backend and task, the aggregate of every metric column.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::dataset::Kind;
use crate::dataset::Task;
use crate::metrics::{Bounds, Direction, Signature, Statistics};
use crate::stats::Mean;

use super::DatasetRef;

/// One metric column's aggregate with the signature that says how it was computed.
///
/// Format 1 did not write `direction` and `bounds`; reading such a file takes them from the
/// columns format 1 could hold (`record/migrate.rs`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "MetricSummaryWire")]
pub struct MetricSummary {
    /// Column id.
    pub metric: String,
    /// How it was computed.
    pub signature: Signature,
    /// Which way the column improves (`higher`, `lower`, `descriptive`).
    pub direction: Direction,
    /// The values an item's score can take (`unit`: [0, 1]; `non_negative`).
    pub bounds: Bounds,
    /// The mean over all scored items (`mean` is `null` when none was scored) and `n`.
    #[serde(flatten)]
    pub overall: Mean,
    /// For QA: the aggregate per question kind (kinds with no items are absent).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub by_kind: BTreeMap<Kind, Mean>,
}

/// [`MetricSummary`] as read, before a format-1 column gets its direction and bounds.
#[derive(Deserialize)]
struct MetricSummaryWire {
    metric: String,
    signature: Signature,
    direction: Option<Direction>,
    bounds: Option<Bounds>,
    #[serde(flatten)]
    overall: Mean,
    #[serde(default)]
    by_kind: BTreeMap<Kind, Mean>,
}

impl TryFrom<MetricSummaryWire> for MetricSummary {
    type Error = String;

    fn try_from(w: MetricSummaryWire) -> Result<Self, String> {
        let (direction, bounds) = match (w.direction, w.bounds) {
            (Some(d), Some(b)) => (d, b),
            _ => super::migrate::v1_column(&w.metric)?,
        };
        Ok(MetricSummary {
            metric: w.metric,
            signature: w.signature,
            direction,
            bounds,
            overall: w.overall,
            by_kind: w.by_kind,
        })
    }
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
    /// Statistics of whole metrics beyond the column means (the official SQuAD v2 aggregate
    /// in percent; `answer_match`'s abstention rates), in metric order; absent when none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub statistics: Vec<Statistics>,
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
