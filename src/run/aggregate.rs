//! Streaming aggregation of item scores into per-(backend, task) means, with a per-kind
//! breakdown for QA. Memory is proportional to backends × columns × kinds, not to items.

use std::collections::BTreeMap;

use crate::dataset::Kind;
use crate::dataset::Task;
use crate::metrics::Column;
use crate::record::{Aggregate, BackendSummary, ItemRecord, MetricSummary};

#[derive(Debug, Clone, Default)]
struct Sum {
    total: f64,
    n: usize,
}

impl Sum {
    fn add(&mut self, value: f64) {
        self.total += value;
        self.n += 1;
    }

    fn aggregate(&self) -> Aggregate {
        Aggregate {
            mean: (self.n > 0).then(|| self.total / self.n as f64),
            n: self.n,
        }
    }
}

#[derive(Debug, Clone, Default)]
struct Cell {
    items: usize,
    errors: usize,
    columns: Vec<Sum>,
    by_kind: Vec<BTreeMap<Kind, Sum>>,
}

/// Accumulates item records into per-(backend, task) aggregates.
#[derive(Debug, Clone, Default)]
pub struct Accumulator {
    cells: BTreeMap<(Task, usize), Cell>,
}

impl Accumulator {
    /// An empty accumulator.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one record of the backend at index `backend`, whose scores follow `columns`.
    pub fn add(&mut self, backend: usize, record: &ItemRecord, columns: &[Column]) {
        let cell = self.cells.entry((record.task, backend)).or_default();
        if cell.columns.is_empty() {
            cell.columns = vec![Sum::default(); columns.len()];
            cell.by_kind = vec![BTreeMap::new(); columns.len()];
        }
        cell.items += 1;
        if record.error.is_some() {
            cell.errors += 1;
            return;
        }
        for (i, column) in columns.iter().enumerate() {
            if let Some(value) = record.scores.get(&column.id) {
                cell.columns[i].add(value);
                if let Some(kind) = record.kind {
                    cell.by_kind[i].entry(kind).or_default().add(value);
                }
            }
        }
    }

    /// The summaries, tasks in order then backends in run order. `names` maps backend
    /// indices to names; `columns_of` gives a task's columns.
    pub fn finish<'a>(
        &self,
        names: &[String],
        columns_of: impl Fn(Task) -> &'a [Column],
    ) -> Vec<BackendSummary> {
        self.cells
            .iter()
            .map(|(&(task, backend), cell)| BackendSummary {
                backend: names.get(backend).cloned().unwrap_or_default(),
                task,
                items: cell.items,
                errors: cell.errors,
                metrics: columns_of(task)
                    .iter()
                    .enumerate()
                    .map(|(i, column)| MetricSummary {
                        metric: column.id.clone(),
                        signature: column.signature.clone(),
                        overall: cell
                            .columns
                            .get(i)
                            .map(Sum::aggregate)
                            .unwrap_or(Aggregate { mean: None, n: 0 }),
                        by_kind: cell
                            .by_kind
                            .get(i)
                            .map(|m| m.iter().map(|(k, s)| (*k, s.aggregate())).collect())
                            .unwrap_or_default(),
                    })
                    .collect(),
            })
            .collect()
    }
}
