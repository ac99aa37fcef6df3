//! [`MetricSet`]: the metrics of each task, and the one function that scores an output with
//! them ([`MetricSet::score`]).
//!
//! `goldeval run`, `goldeval score qa` and `goldeval score summaries` all score through
//! [`MetricSet::score`], so the same output against the same gold gets the same numbers and
//! details whichever command computed them.

use super::{Column, Gold, Metric, Prediction};
use crate::dataset::Task;

/// The metrics of each task, in column order.
pub struct MetricSet {
    summarize: Vec<Box<dyn Metric>>,
    answer: Vec<Box<dyn Metric>>,
    summarize_columns: Vec<Column>,
    answer_columns: Vec<Column>,
}

/// One output's scores: every applicable metric's columns in order, and each metric's
/// details keyed by the metric's name.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SetScores {
    /// `(column id, value)` in column order; a metric that does not apply adds nothing.
    pub values: Vec<(String, f64)>,
    /// Details per metric name; `None` when no metric gave any.
    pub details: Option<serde_json::Value>,
}

impl MetricSet {
    /// Metrics for summaries and for answers.
    pub fn new(summarize: Vec<Box<dyn Metric>>, answer: Vec<Box<dyn Metric>>) -> Self {
        let columns =
            |ms: &[Box<dyn Metric>]| ms.iter().flat_map(|m| m.columns().to_vec()).collect();
        MetricSet {
            summarize_columns: columns(&summarize),
            answer_columns: columns(&answer),
            summarize,
            answer,
        }
    }

    /// The metrics that score `task`.
    pub fn metrics(&self, task: Task) -> &[Box<dyn Metric>] {
        match task {
            Task::Summarize => &self.summarize,
            Task::Answer => &self.answer,
        }
    }

    /// Every column of `task`'s metrics, in order.
    pub fn columns(&self, task: Task) -> &[Column] {
        match task {
            Task::Summarize => &self.summarize_columns,
            Task::Answer => &self.answer_columns,
        }
    }

    /// Scores `prediction` against `gold` with every metric of `task` that applies to it.
    pub fn score(&self, task: Task, prediction: &Prediction<'_>, gold: &Gold<'_>) -> SetScores {
        let mut values = Vec::with_capacity(self.columns(task).len());
        let mut details = serde_json::Map::new();
        for metric in self.metrics(task) {
            if !metric.applies_to(gold) {
                continue;
            }
            let scores = metric.score(prediction, gold);
            let ids = metric.columns().iter().map(|c| c.id.clone());
            values.extend(ids.zip(scores.values));
            if let Some(detail) = scores.details {
                details.insert(metric.name().to_string(), detail);
            }
        }
        SetScores {
            values,
            details: (!details.is_empty()).then_some(serde_json::Value::Object(details)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::MetricSet;
    use crate::dataset::Task;
    use crate::metrics::registry::{qa_metrics, summary_metrics};
    use crate::metrics::{Gold, Prediction};

    #[test]
    fn a_qa_output_gets_every_qa_column_and_each_metrics_details() {
        let set = MetricSet::new(summary_metrics(), qa_metrics());
        let answers = vec!["$237 billion".to_string()];
        let gold = Gold::Answer {
            answers: &answers,
            kind: None,
            published: None,
            question: None,
        };
        let prediction = Prediction {
            text: "US$237bn",
            abstained: false,
            no_answer_probability: None,
        };
        let scores = set.score(Task::Answer, &prediction, &gold);
        let ids: Vec<&str> = scores.values.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(ids, ["exact_match", "f1", "answer_match"]);
        assert_eq!(scores.values[2].1.to_bits(), 1.0_f64.to_bits());
        let details = scores.details.unwrap();
        assert_eq!(details["squad"]["has_answer"], true);
        assert!(details["answer_match"]["explanation"].is_string());
        assert!(set
            .score(Task::Summarize, &prediction, &gold)
            .values
            .is_empty());
    }
}
