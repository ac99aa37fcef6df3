//! Streaming aggregation of item records into per-(backend, task) summaries, through each
//! metric's own [`Aggregator`] (column means overall and per kind, plus whatever a metric
//! adds: the official SQuAD v2 aggregate, abstention rates). Memory is proportional to
//! backends × columns × kinds, plus the few numbers per item an aggregate like SQuAD's
//! best threshold needs; never to the texts.
//!
//! `goldeval run`, `--resume`, `merge`, `score qa` and `score summaries` all aggregate
//! through [`Accumulator`], so one set of records gives one set of numbers.

use std::collections::BTreeMap;

use crate::dataset::Task;
use crate::metrics::{Aggregator, Column, ColumnAggregate, MetricSet, Scored};
use crate::record::{BackendSummary, ItemRecord, MetricSummary};

/// One (task, backend): counts and one aggregator per metric.
struct Cell {
    items: usize,
    errors: usize,
    aggregators: Vec<Box<dyn Aggregator>>,
}

/// Accumulates item records into per-(backend, task) aggregates.
#[derive(Default)]
pub struct Accumulator {
    cells: BTreeMap<(Task, usize), Cell>,
}

impl Accumulator {
    /// An empty accumulator.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one record of the backend at index `backend`, scored by `metrics`.
    pub fn add(&mut self, backend: usize, record: &ItemRecord, metrics: &MetricSet) {
        let task = record.task;
        let cell = self.cells.entry((task, backend)).or_insert_with(|| Cell {
            items: 0,
            errors: 0,
            aggregators: metrics
                .metrics(task)
                .iter()
                .map(|m| m.aggregator())
                .collect(),
        });
        cell.items += 1;
        if record.error.is_some() {
            cell.errors += 1;
            return;
        }
        let mut values = Vec::new();
        for (metric, aggregator) in metrics.metrics(task).iter().zip(&mut cell.aggregators) {
            values.clear();
            values.extend(metric.columns().iter().map(|c| record.scores.get(&c.id)));
            let details = record.details.as_ref().and_then(|d| d.get(metric.name()));
            aggregator.push(&Scored {
                values: &values,
                details,
                kind: record.kind,
                abstained: record.abstained,
                output_empty: record.output.as_deref().is_none_or(str::is_empty),
                no_answer_probability: record.no_answer_probability,
            });
        }
    }

    /// The columns of `task`'s metrics with no item scored (every mean `None`).
    pub fn empty_columns(metrics: &MetricSet, task: Task) -> Vec<MetricSummary> {
        metrics
            .columns(task)
            .iter()
            .map(|column| column_summary(column, ColumnAggregate::default()))
            .collect()
    }

    /// The summaries, tasks in order then backends in run order. `names` maps backend
    /// indices to names.
    pub fn finish(&self, names: &[String], metrics: &MetricSet) -> Vec<BackendSummary> {
        self.cells
            .iter()
            .map(|(&(task, backend), cell)| {
                let mut columns = Vec::new();
                let mut statistics = Vec::new();
                for (metric, aggregator) in metrics.metrics(task).iter().zip(&cell.aggregators) {
                    let aggregate = aggregator.finish();
                    let pairs = metric.columns().iter().zip(aggregate.columns);
                    columns.extend(pairs.map(|(column, agg)| column_summary(column, agg)));
                    statistics.extend(aggregate.statistics);
                }
                BackendSummary {
                    backend: names.get(backend).cloned().unwrap_or_default(),
                    task,
                    items: cell.items,
                    errors: cell.errors,
                    metrics: columns,
                    statistics,
                }
            })
            .collect()
    }
}

/// A column's summary: its definition beside its aggregate.
fn column_summary(column: &Column, aggregate: ColumnAggregate) -> MetricSummary {
    MetricSummary {
        metric: column.id.clone(),
        signature: column.signature.clone(),
        direction: column.direction,
        bounds: column.bounds,
        overall: aggregate.overall,
        by_kind: aggregate.by_kind,
    }
}

#[cfg(test)]
mod tests {
    use super::Accumulator;
    use crate::dataset::{Kind, Task};
    use crate::metrics::registry::{qa_metrics, summary_metrics};
    use crate::metrics::MetricSet;
    use crate::record::{ErrorRecord, ItemRecord, ScoreMap};

    fn record(id: &str, em: f64, kind: Kind, has_answer: bool) -> ItemRecord {
        let mut r = ItemRecord::new(id, Task::Answer, "b");
        r.kind = Some(kind);
        r.output = Some(if em > 0.5 { "x".into() } else { String::new() });
        r.scores = ScoreMap(vec![
            ("exact_match".into(), em),
            ("f1".into(), em),
            ("answer_match".into(), em),
        ]);
        r.details = Some(serde_json::json!({
            "squad": {"has_answer": has_answer},
            "answer_match": {"abstained": em < 0.5, "matched_answer": null,
                             "explanation": "", "has_answer": has_answer},
        }));
        r
    }

    #[test]
    fn qa_records_give_means_per_kind_and_each_metrics_statistics() {
        let set = MetricSet::new(summary_metrics(), qa_metrics());
        let mut acc = Accumulator::new();
        acc.add(0, &record("q1", 1.0, Kind::Date, true), &set);
        acc.add(0, &record("q2", 0.0, Kind::Unanswerable, false), &set);
        let mut failed = ItemRecord::new("q3", Task::Answer, "b");
        failed.error = Some(ErrorRecord {
            kind: "timeout".into(),
            message: "slow".into(),
        });
        acc.add(0, &failed, &set);
        let summaries = acc.finish(&["b".to_string()], &set);
        let s = &summaries[0];
        assert_eq!((s.items, s.errors), (3, 1));
        assert_eq!(s.metrics[0].metric, "exact_match");
        assert_eq!(s.metrics[0].overall.mean, Some(0.5));
        assert_eq!(s.metrics[0].by_kind[&Kind::Date].mean, Some(1.0));
        let names: Vec<&str> = s.statistics.iter().map(|st| st.metric.as_str()).collect();
        assert_eq!(names, ["squad", "answer_match"]);
        // The official aggregate splits the items by whether their question has an answer.
        assert_eq!(s.statistics[0].values.get("NoAns_exact"), Some(&Some(0.0)));
        assert_eq!(
            s.statistics[1].values.get("abstention_recall"),
            Some(&Some(1.0))
        );
    }
}
