//! Scoring outputs that come with their gold data, outside a run: `goldeval score qa` and
//! `goldeval score summaries`.
//!
//! Each output becomes the same [`ItemRecord`] a run would write, scored by the same
//! [`MetricSet::score`] and aggregated by the same [`Accumulator`], so a file scored here and
//! the same outputs replayed through `goldeval run --backend replay:FILE` give the same
//! numbers under the same signatures. Records are handed back one at a time and not kept.

use super::aggregate::Accumulator;
use crate::dataset::{Kind, Task};
use crate::metrics::{Gold, MetricSet, Prediction};
use crate::record::{BackendSummary, ItemRecord};

/// Scores outputs one by one and keeps only their aggregate.
pub struct Rescorer<'a> {
    metrics: &'a MetricSet,
    task: Task,
    accumulator: Accumulator,
    name: String,
}

impl<'a> Rescorer<'a> {
    /// A scorer of `task` outputs with `metrics`; `name` is the backend name the summary
    /// gives them.
    pub fn new(metrics: &'a MetricSet, task: Task, name: &str) -> Self {
        Rescorer {
            metrics,
            task,
            accumulator: Accumulator::new(),
            name: name.to_string(),
        }
    }

    /// Scores one output: the record a run would write for it (no latency).
    pub fn score(
        &mut self,
        id: &str,
        kind: Option<Kind>,
        prediction: &Prediction<'_>,
        gold: &Gold<'_>,
    ) -> ItemRecord {
        let mut record = ItemRecord::new(id, self.task, self.name.as_str());
        record.kind = kind;
        score_into(&mut record, self.metrics, prediction, gold);
        record.output = Some(prediction.text.to_string());
        self.accumulator.add(0, &record, self.metrics);
        record
    }

    /// The aggregate of every output scored so far (`n` = 0 and every mean `None` when
    /// there was none).
    pub fn finish(&self) -> BackendSummary {
        self.accumulator
            .finish(std::slice::from_ref(&self.name), self.metrics)
            .into_iter()
            .next()
            .unwrap_or_else(|| BackendSummary {
                backend: self.name.clone(),
                task: self.task,
                items: 0,
                errors: 0,
                metrics: Accumulator::empty_columns(self.metrics, self.task),
                statistics: Vec::new(),
            })
    }
}

/// Scores `prediction` against `gold` with the metrics of `record.task` into `record`: its
/// scores, details, abstention and no-answer probability. The runner and [`Rescorer`] both
/// score through here.
pub(crate) fn score_into(
    record: &mut ItemRecord,
    metrics: &MetricSet,
    prediction: &Prediction<'_>,
    gold: &Gold<'_>,
) {
    let scores = metrics.score(record.task, prediction, gold);
    record.scores.0 = scores.values;
    record.details = scores.details;
    record.abstained = prediction.abstained;
    record.no_answer_probability = prediction.no_answer_probability;
}
