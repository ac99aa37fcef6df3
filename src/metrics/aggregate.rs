//! Aggregation of per-item scores, one [`Aggregator`] per metric.
//!
//! Every place that turns item scores into numbers over a set of items (`goldeval run`,
//! `score rouge`, `score qa`, `score summaries`, `merge`, `--resume`) feeds the same
//! aggregators, built by [`super::Metric::aggregator`], one item at a time, so memory does not
//! grow with the texts. The default, [`MeanAggregator`], gives each column's mean with its
//! count, overall and per kind of question. A metric with an aggregate of its own overrides
//! it: SQuAD adds the official v2 aggregate (HasAns/NoAns, best thresholds), `answer_match` its
//! abstention statistics. A mean over no items is `None`, never 0.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Signature;
use crate::dataset::Kind;
use crate::stats::{Mean, RunningMean};

/// What an aggregator sees of one scored item: this metric's values and details, and the
/// facts of the item record that aggregates may depend on. Errored items are never pushed.
#[derive(Debug, Clone, Copy)]
pub struct Scored<'a> {
    /// This metric's values in column order; `None` where the item has no value (the metric
    /// did not apply).
    pub values: &'a [Option<f64>],
    /// This metric's details of the item, as recorded.
    pub details: Option<&'a serde_json::Value>,
    /// The kind of question, for QA items that have one.
    pub kind: Option<Kind>,
    /// Whether the backend abstained.
    pub abstained: bool,
    /// Whether the output text was empty.
    pub output_empty: bool,
    /// The backend's probability that the question has no answer, when it gave one.
    pub no_answer_probability: Option<f64>,
}

/// Turns a metric's per-item scores into aggregates, one item at a time.
pub trait Aggregator: Send {
    /// Adds one scored item.
    fn push(&mut self, item: &Scored<'_>);

    /// The aggregate of every item pushed so far.
    fn finish(&self) -> MetricAggregate;
}

/// A metric's aggregate over a set of items.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MetricAggregate {
    /// One entry per column, in column order.
    pub columns: Vec<ColumnAggregate>,
    /// Statistics of the metric as a whole, beyond the column means (the official SQuAD v2
    /// aggregate, abstention rates), when the metric has any.
    pub statistics: Option<Statistics>,
}

/// One column's mean, overall and per kind of question.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ColumnAggregate {
    /// Over every item with a value.
    pub overall: Mean,
    /// Per kind of question (kinds without items are absent).
    pub by_kind: BTreeMap<Kind, Mean>,
}

/// Named numbers a metric reports about a set of items, in a fixed order, under a signature
/// that says how they were computed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Statistics {
    /// The metric family (`squad`, `answer_match`).
    pub metric: String,
    /// How the numbers were computed (scale, thresholds).
    pub signature: Signature,
    /// The numbers, in the order the metric defines; `null` when undefined.
    pub values: NamedValues,
}

/// Named numbers in a fixed order, serialized as a JSON object in that order; `null` when
/// undefined.
pub type NamedValues = crate::ordered_map::OrderedMap<Option<f64>>;

/// The default aggregate: every column's mean with its count, overall and per kind, values
/// summed in the order the items arrive.
#[derive(Debug, Clone, Default)]
pub struct MeanAggregator {
    columns: Vec<(RunningMean, BTreeMap<Kind, RunningMean>)>,
}

impl MeanAggregator {
    /// An aggregator of `columns` columns.
    pub fn new(columns: usize) -> Self {
        MeanAggregator {
            columns: vec![Default::default(); columns],
        }
    }

    /// The column aggregates so far (what [`Aggregator::finish`] returns, without statistics).
    pub fn columns(&self) -> Vec<ColumnAggregate> {
        self.columns
            .iter()
            .map(|(overall, by_kind)| ColumnAggregate {
                overall: overall.finish(),
                by_kind: by_kind.iter().map(|(k, m)| (*k, m.finish())).collect(),
            })
            .collect()
    }
}

impl Aggregator for MeanAggregator {
    fn push(&mut self, item: &Scored<'_>) {
        for ((overall, by_kind), value) in self.columns.iter_mut().zip(item.values) {
            if let Some(value) = *value {
                overall.add(value);
                if let Some(kind) = item.kind {
                    by_kind.entry(kind).or_default().add(value);
                }
            }
        }
    }

    fn finish(&self) -> MetricAggregate {
        MetricAggregate {
            columns: self.columns(),
            statistics: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Aggregator, MeanAggregator, NamedValues, Scored};
    use crate::dataset::Kind;

    fn item(values: &[Option<f64>], kind: Option<Kind>) -> Scored<'_> {
        Scored {
            values,
            details: None,
            kind,
            abstained: false,
            output_empty: false,
            no_answer_probability: None,
        }
    }

    #[test]
    fn means_skip_missing_values_and_break_down_by_kind() {
        let mut agg = MeanAggregator::new(2);
        agg.push(&item(&[Some(1.0), None], Some(Kind::Date)));
        agg.push(&item(&[Some(0.0), Some(0.5)], Some(Kind::Numeric)));
        agg.push(&item(&[Some(0.5), Some(0.25)], None));
        let out = agg.finish();
        assert_eq!(out.columns[0].overall.mean, Some(0.5));
        assert_eq!(out.columns[0].overall.n, 3);
        assert_eq!(out.columns[1].overall.n, 2);
        assert_eq!(out.columns[0].by_kind[&Kind::Date].mean, Some(1.0));
        assert!(!out.columns[1].by_kind.contains_key(&Kind::Date));
        assert!(out.statistics.is_none());
    }

    #[test]
    fn nothing_pushed_means_undefined_means() {
        let out = MeanAggregator::new(1).finish();
        assert_eq!(out.columns[0].overall.mean, None);
        assert_eq!(out.columns[0].overall.n, 0);
    }

    #[test]
    fn named_values_keep_their_order() {
        let v = NamedValues::from_pairs(vec![("b".into(), Some(1.0)), ("a".into(), None)]);
        let json = serde_json::to_string(&v).unwrap();
        assert_eq!(json, r#"{"b":1.0,"a":null}"#);
        assert_eq!(v.get("a"), Some(&None));
        assert_eq!(v.get("c"), None);
    }
}
