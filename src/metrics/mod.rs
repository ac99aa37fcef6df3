//! Scoring: the [`Metric`] contract, metric implementations and their signatures.
//!
//! A metric scores one prediction against one item's gold data and returns one number per
//! [`Column`] (ROUGE gives `rouge1`, `rouge2`, …; SQuAD gives `exact_match` and `f1`),
//! plus optional per-item details (precision and recall, which gold answer matched). The
//! numbers are exact; aggregation (means, per-kind breakdowns, intervals) is a separate step
//! over these rows, so recorded outputs can be re-scored and re-aggregated cheaply.

pub mod aggregate;
pub mod answer_match;
mod call_vocab;
mod column;
pub mod extractive;
pub mod judge;
pub mod key_facts;
pub(crate) mod lcs;
pub mod qa_coverage;
pub mod registry;
pub mod rouge;
mod rouge_engine;
pub mod salient;
mod set;
pub mod signature;
pub mod sources;
pub mod squad;
mod token_ids;
mod union_lcs;
pub mod unsupported;

use crate::dataset::Kind;
pub use aggregate::{
    Aggregator, ColumnAggregate, MeanAggregator, MetricAggregate, Scored, Statistics,
};
pub use column::{Bounds, Column, Direction};
pub use rouge::{Counts, Pretokenized, RefMode, Rouge, RougeBuilder, RougeError, RougeType, Score};
pub use set::{MetricSet, SetScores};
pub use signature::Signature;
pub use sources::Sources;

/// The gold data one prediction is scored against.
#[derive(Debug, Clone, Copy)]
pub enum Gold<'a> {
    /// A summarization item: reference summaries, one sentence per line.
    Summary {
        /// The reference summaries.
        references: &'a [String],
        /// The item's key facts (empty when the dataset gives none).
        key_facts: &'a [String],
        /// The documents the summary was written from.
        sources: Sources<'a>,
        /// Every gold QA item of the dataset (`qa_coverage` picks those about `sources`).
        questions: &'a [crate::dataset::QaItem],
    },
    /// A QA item: every accepted answer (empty when unanswerable).
    Answer {
        /// Accepted surface forms of the answer.
        answers: &'a [String],
        /// The kind of question, when known.
        kind: Option<Kind>,
        /// Publication date (`YYYY-MM-DD`) of the item's first context document; supplies
        /// the year of dates written without one, unless the question names a year.
        published: Option<&'a str>,
        /// The question, when known: a year it names fills dates written without one
        /// ([`crate::text::quantity::year_basis`]).
        question: Option<&'a str>,
    },
}

/// A backend's output as metrics see it.
#[derive(Debug, Clone, Copy)]
pub struct Prediction<'a> {
    /// The output text (a summary with one sentence per line, or an answer).
    pub text: &'a str,
    /// True when the backend explicitly abstained.
    pub abstained: bool,
    /// The backend's probability that the question has no answer, when it gives one (SQuAD
    /// v2's `na_prob`; only the aggregate uses it).
    pub no_answer_probability: Option<f64>,
}

/// A metric's scores for one item.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ItemScores {
    /// One value per column, in column order.
    pub values: Vec<f64>,
    /// Per-item details (precision/recall, the matched answer, …), keyed by column id.
    pub details: Option<serde_json::Value>,
}

/// A readable account of part of one item's scores: a headline and the lines under it.
/// Commands print the headline after the item's id (`sum-01: key_fact_recall 0.5000`) and
/// each line indented under it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Explanation {
    /// What the account is about, usually a column and its value.
    pub headline: String,
    /// The reasons, one per line (a fact and its verdict, a question and its answer).
    pub lines: Vec<String>,
}

impl Explanation {
    /// A headline with no lines under it.
    pub fn headline(headline: impl Into<String>) -> Self {
        Explanation {
            headline: headline.into(),
            lines: Vec::new(),
        }
    }
}

/// A metric's typed details as the JSON value an item record stores.
fn details_json(details: &impl serde::Serialize) -> Option<serde_json::Value> {
    serde_json::to_value(details).ok()
}

/// Column `index` of an item's values as an explanation shows it: 0 where there is none.
fn shown(values: &[Option<f64>], index: usize) -> f64 {
    values.get(index).copied().flatten().unwrap_or(0.0)
}

/// Something that scores predictions against gold data.
pub trait Metric: Send + Sync {
    /// The metric family's name (`rouge`, `squad`).
    fn name(&self) -> &str;

    /// The numbers this metric produces, in order.
    fn columns(&self) -> &[Column];

    /// Whether this metric scores items of this gold shape.
    fn applies_to(&self, gold: &Gold<'_>) -> bool;

    /// Scores one prediction. `values` has one entry per column.
    fn score(&self, prediction: &Prediction<'_>, gold: &Gold<'_>) -> ItemScores;

    /// A new aggregator for this metric's items. The default gives each column's mean with
    /// its count, overall and per kind of question ([`MeanAggregator`]).
    fn aggregator(&self) -> Box<dyn Aggregator> {
        Box::new(MeanAggregator::new(self.columns().len()))
    }

    /// Why one item scored as it did, for people: read from the item's `values` (one per
    /// column, `None` where it has none) and the `details` this metric recorded for it (as
    /// [`ItemScores::details`] gave them). The default explains nothing.
    ///
    /// # Errors
    /// When `details` are not this metric's details.
    fn explain(
        &self,
        _values: &[Option<f64>],
        _details: &serde_json::Value,
    ) -> Result<Vec<Explanation>, serde_json::Error> {
        Ok(Vec::new())
    }
}
