//! The metrics `goldeval run` uses by default, adapted to the [`Metric`] contract.
//!
//! - Summaries: ROUGE-1, ROUGE-2, ROUGE-L and ROUGE-Lsum F-measure, rouge-score 0.1.2
//!   semantics with the Porter stemmer on and the best reference per type (`score_multi`);
//!   per-item details hold precision and recall.
//! - Answers: SQuAD v2 exact match and token F1 (official normalization and empty rules),
//!   literal as the official script is (an abstention flag does not change them: only an
//!   empty answer scores on an unanswerable question); and `answer_match`, goldeval's
//!   equivalence of numbers, money, dates and names, which counts an abstention as the
//!   correct answer to an unanswerable question. Its details hold the explanation.
//! - Summaries, beyond ROUGE: `key_fact_recall` ([`super::key_facts`]),
//!   `unsupported_numbers` and `unsupported_entities` ([`super::unsupported`]) and the
//!   Newsroom extractiveness statistics ([`super::extractive`]), each applying only when the
//!   item has key facts or source documents.

use serde::{Deserialize, Serialize};
use serde_json::json;

use super::aggregate::NamedValues;
use super::answer_match::answer_match;
use super::answer_match::ANSWER_MATCH_VERSION;
use super::extractive::Extractiveness;
use super::key_facts::KeyFactRecall;
use super::rouge::{RefMode, Rouge, RougeType};
use super::squad;
use super::unsupported::UnsupportedMetric;
use super::{
    Aggregator, Column, Gold, ItemScores, MeanAggregator, Metric, MetricAggregate, Prediction,
    Scored, Signature, Statistics,
};
use crate::text::date::Date;
use crate::text::tokenize::Tokenizer;

/// The default summary metrics.
pub fn summary_metrics() -> Vec<Box<dyn Metric>> {
    vec![
        Box::new(RougeMetric::default_set()),
        Box::new(KeyFactRecall::new()),
        Box::new(UnsupportedMetric::new()),
        Box::new(Extractiveness::new()),
    ]
}

/// The default QA metrics.
pub fn qa_metrics() -> Vec<Box<dyn Metric>> {
    vec![
        Box::new(SquadMetric::new()),
        Box::new(AnswerMatchMetric::new()),
    ]
}

/// ROUGE F-measures as metric columns.
pub struct RougeMetric {
    rouge: Rouge,
    columns: Vec<Column>,
}

impl RougeMetric {
    /// rouge1, rouge2, rougeL and rougeLsum with the Porter stemmer, best reference per type.
    pub fn default_set() -> Self {
        let rouge = Rouge::builder()
            .types([
                RougeType::N(1),
                RougeType::N(2),
                RougeType::L,
                RougeType::Lsum,
            ])
            .stemmer(true)
            .tokenizer(Tokenizer::RougeScore)
            .refs(RefMode::Max)
            .build();
        // The types are constants within rouge1..rouge9, rougeL, rougeLsum; `build` fails only
        // on user-given types, so this cannot fail.
        #[allow(clippy::expect_used)]
        let rouge = rouge.expect("the default ROUGE types are valid");
        Self::new(rouge)
    }

    /// Adapts a configured scorer.
    pub fn new(rouge: Rouge) -> Self {
        let columns = rouge
            .types()
            .iter()
            .map(|&t| Column::share(t.to_string(), rouge.signature(t)))
            .collect();
        RougeMetric { rouge, columns }
    }
}

impl Metric for RougeMetric {
    fn name(&self) -> &str {
        "rouge"
    }

    fn columns(&self) -> &[Column] {
        &self.columns
    }

    fn applies_to(&self, gold: &Gold<'_>) -> bool {
        matches!(gold, Gold::Summary { .. })
    }

    fn score(&self, prediction: &Prediction<'_>, gold: &Gold<'_>) -> ItemScores {
        let Gold::Summary { references, .. } = gold else {
            return ItemScores::default();
        };
        let refs: Vec<&str> = references.iter().map(String::as_str).collect();
        let scores = self.rouge.score(prediction.text, &refs);
        let details = self
            .columns
            .iter()
            .zip(&scores)
            .map(|(c, s)| {
                (
                    c.id.clone(),
                    json!({"precision": s.precision, "recall": s.recall}),
                )
            })
            .collect::<serde_json::Map<_, _>>();
        ItemScores {
            values: scores.iter().map(|s| s.fmeasure).collect(),
            details: Some(serde_json::Value::Object(details)),
        }
    }
}

/// SQuAD v2 exact match and F1 as metric columns, aggregated as the official script does.
///
/// An abstention is an empty prediction: the official script has no abstain flag, and a
/// system that says it does not answer has answered "" (which scores 1 on an unanswerable
/// question and 0 on an answerable one). `goldeval run` and `goldeval score qa` both score
/// through this type, so an abstained item gets the same numbers from either.
pub struct SquadMetric {
    columns: Vec<Column>,
    na_prob_threshold: f64,
}

/// What SQuAD records per item beyond its two numbers: whether the question has an answer
/// (the official HasAns/NoAns split and best-threshold walk need it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SquadDetails {
    /// False for an unanswerable question (an empty gold list).
    pub has_answer: bool,
}

impl SquadMetric {
    /// `exact_match` and `f1` with the official no-answer threshold (1.0).
    pub fn new() -> Self {
        Self::with_na_prob_threshold(squad::DEFAULT_NA_PROB_THRESHOLD)
    }

    /// `exact_match` and `f1`; the official aggregate applies `threshold` to the
    /// predictions' no-answer probabilities (strict `>`).
    pub fn with_na_prob_threshold(threshold: f64) -> Self {
        let sig = |name: &str| {
            Signature::new(name)
                .with("norm", "squad-v2")
                .with("abstain", "empty")
                .with("agg", "mean")
        };
        SquadMetric {
            columns: vec![
                Column::share("exact_match", sig("exact_match")),
                Column::share("f1", sig("f1")),
            ],
            na_prob_threshold: threshold,
        }
    }

    /// The signature of the official aggregate (percentages, as the official script prints).
    pub fn official_signature(&self) -> Signature {
        Signature::new("squad_v2")
            .with("ref", "official-v2.0")
            .with("na_thresh", self.na_prob_threshold)
            .with("best", "always")
            .with("scale", 100)
    }
}

impl Default for SquadMetric {
    fn default() -> Self {
        Self::new()
    }
}

impl Metric for SquadMetric {
    fn name(&self) -> &str {
        "squad"
    }

    fn columns(&self) -> &[Column] {
        &self.columns
    }

    fn applies_to(&self, gold: &Gold<'_>) -> bool {
        matches!(gold, Gold::Answer { .. })
    }

    fn score(&self, prediction: &Prediction<'_>, gold: &Gold<'_>) -> ItemScores {
        let Gold::Answer { answers, .. } = gold else {
            return ItemScores::default();
        };
        let s = squad::score(squad_text(prediction.text, prediction.abstained), answers);
        ItemScores {
            values: vec![s.exact_match, s.f1],
            details: details_json(&SquadDetails {
                has_answer: s.has_answer,
            }),
        }
    }

    fn aggregator(&self) -> Box<dyn Aggregator> {
        Box::new(SquadAggregator {
            means: MeanAggregator::new(self.columns.len()),
            rows: Vec::new(),
            threshold: self.na_prob_threshold,
            signature: self.official_signature(),
        })
    }
}

/// The text SQuAD scores: the output, or "" when the backend abstained.
fn squad_text(text: &str, abstained: bool) -> &str {
    if abstained {
        ""
    } else {
        text
    }
}

/// Column means plus the official v2 aggregate, which needs a few numbers per item (never the
/// texts).
struct SquadAggregator {
    means: MeanAggregator,
    rows: Vec<squad::SquadRow>,
    threshold: f64,
    signature: Signature,
}

impl Aggregator for SquadAggregator {
    fn push(&mut self, item: &Scored<'_>) {
        self.means.push(item);
        let (Some(exact_match), Some(f1)) = (item.values[0], item.values.get(1).copied().flatten())
        else {
            return;
        };
        let has_answer = item
            .details
            .and_then(|d| SquadDetails::deserialize(d).ok())
            .is_none_or(|d| d.has_answer);
        self.rows.push(squad::SquadRow {
            score: squad::SquadScore {
                exact_match,
                f1,
                has_answer,
            },
            no_answer_probability: item.no_answer_probability.unwrap_or(0.0),
            prediction_nonempty: !item.abstained && !item.output_empty,
        });
    }

    fn finish(&self) -> MetricAggregate {
        let statistics = squad::aggregate(&self.rows, self.threshold).map(|a| Statistics {
            metric: "squad".into(),
            signature: self.signature.clone(),
            values: a.named_values(),
        });
        MetricAggregate {
            columns: self.means.columns(),
            statistics,
        }
    }
}

/// goldeval's answer equivalence (numbers, money, dates, names; abstention) as a column.
pub struct AnswerMatchMetric {
    columns: Vec<Column>,
}

/// What `answer_match` records per item: the decision and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerMatchDetails {
    /// Whether the prediction was read as an abstention (flag, empty, or a phrase such as
    /// "not stated").
    pub abstained: bool,
    /// Index of the gold answer that matched, if any.
    pub matched_answer: Option<usize>,
    /// Why it matched or did not.
    pub explanation: String,
    /// False for an unanswerable question (the abstention statistics need it).
    #[serde(default = "yes")]
    pub has_answer: bool,
}

fn yes() -> bool {
    true
}

impl AnswerMatchMetric {
    /// The `answer_match` column (1 when equivalent to a gold answer, or an abstention on an
    /// unanswerable question).
    pub fn new() -> Self {
        let signature = Signature::new("answer_match")
            .with("v", ANSWER_MATCH_VERSION)
            .with("words", crate::text::words::WORDS_VERSION)
            .with("qty", crate::text::quantity::QUANTITY_VERSION)
            .with("pubdate", "item")
            .with("agg", "mean");
        AnswerMatchMetric {
            columns: vec![Column::share("answer_match", signature)],
        }
    }
}

impl Default for AnswerMatchMetric {
    fn default() -> Self {
        Self::new()
    }
}

impl Metric for AnswerMatchMetric {
    fn name(&self) -> &str {
        "answer_match"
    }

    fn columns(&self) -> &[Column] {
        &self.columns
    }

    fn applies_to(&self, gold: &Gold<'_>) -> bool {
        matches!(gold, Gold::Answer { .. })
    }

    fn score(&self, prediction: &Prediction<'_>, gold: &Gold<'_>) -> ItemScores {
        let Gold::Answer {
            answers, published, ..
        } = gold
        else {
            return ItemScores::default();
        };
        let publication = published.and_then(Date::parse_iso);
        let decision = answer_match(prediction.text, answers, prediction.abstained, publication);
        ItemScores {
            values: vec![f64::from(u8::from(decision.matched))],
            details: details_json(&AnswerMatchDetails {
                abstained: decision.abstained,
                matched_answer: decision.matched_answer,
                explanation: decision.explanation,
                has_answer: !answers.is_empty(),
            }),
        }
    }

    fn aggregator(&self) -> Box<dyn Aggregator> {
        Box::new(AbstentionAggregator {
            means: MeanAggregator::new(self.columns.len()),
            counts: [0; 3],
        })
    }
}

/// The `answer_match` mean plus how well the system abstains: of its abstentions, the share
/// on unanswerable questions (precision); of the unanswerable questions, the share it
/// abstained on (recall) and the share it answered anyway.
struct AbstentionAggregator {
    means: MeanAggregator,
    /// Unanswerable items, abstentions, abstentions on unanswerable items.
    counts: [usize; 3],
}

impl Aggregator for AbstentionAggregator {
    fn push(&mut self, item: &Scored<'_>) {
        self.means.push(item);
        let Some(details) = item
            .details
            .and_then(|d| AnswerMatchDetails::deserialize(d).ok())
        else {
            return;
        };
        let unanswerable = !details.has_answer;
        self.counts[0] += usize::from(unanswerable);
        self.counts[1] += usize::from(details.abstained);
        self.counts[2] += usize::from(details.abstained && unanswerable);
    }

    fn finish(&self) -> MetricAggregate {
        let [unanswerable, abstained, hit] = self.counts;
        let share = |count: usize, total: usize| (total > 0).then(|| count as f64 / total as f64);
        let values = NamedValues::from_pairs(vec![
            ("unanswerable".into(), Some(unanswerable as f64)),
            ("abstained".into(), Some(abstained as f64)),
            ("abstained_on_unanswerable".into(), Some(hit as f64)),
            ("abstention_precision".into(), share(hit, abstained)),
            ("abstention_recall".into(), share(hit, unanswerable)),
            (
                "answered_unanswerable_rate".into(),
                share(unanswerable - hit, unanswerable),
            ),
        ]);
        MetricAggregate {
            columns: self.means.columns(),
            statistics: Some(Statistics {
                metric: "answer_match".into(),
                signature: Signature::new("abstention")
                    .with("v", ANSWER_MATCH_VERSION)
                    .with("scale", 1),
                values,
            }),
        }
    }
}

/// A metric's typed details as the JSON value an item record stores.
fn details_json(details: &impl Serialize) -> Option<serde_json::Value> {
    serde_json::to_value(details).ok()
}
