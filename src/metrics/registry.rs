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

use super::aggregate::NamedValues;
use super::answer_match::answer_match;
use super::answer_match::ANSWER_MATCH_VERSION;
use super::extractive::Extractiveness;
use super::key_facts::KeyFactRecall;
use super::rouge::{RefMode, Rouge, RougeType};
use super::squad;
use super::unsupported::UnsupportedMetric;
use super::{
    details_json, Aggregator, Column, Explanation, Gold, ItemScores, MeanAggregator, Metric,
    MetricAggregate, Prediction, Scored, Signature, Statistics,
};
use crate::ordered_map::OrderedMap;
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

/// What ROUGE records per item: each column's precision and recall (the column holds the
/// F-measure), keyed by column id in column order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RougeDetails(pub OrderedMap<PrecisionRecall>);

/// The two halves of one ROUGE F-measure.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PrecisionRecall {
    /// Share of the prediction's units found in the reference.
    pub precision: f64,
    /// Share of the reference's units found in the prediction.
    pub recall: f64,
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
                let halves = PrecisionRecall {
                    precision: s.precision,
                    recall: s.recall,
                };
                (c.id.clone(), halves)
            })
            .collect();
        ItemScores {
            values: scores.iter().map(|s| s.fmeasure).collect(),
            details: details_json(&RougeDetails(OrderedMap::from_pairs(details))),
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

impl AnswerMatchDetails {
    /// The decision and why: `MATCH: …` when `matched` (the column is 1), else `NO MATCH: …`.
    pub fn explain(&self, matched: bool) -> Explanation {
        let verdict = if matched { "MATCH" } else { "NO MATCH" };
        Explanation::headline(format!("{verdict}: {}", self.explanation))
    }
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
            answers,
            published,
            question,
            ..
        } = gold
        else {
            return ItemScores::default();
        };
        let publication = published.and_then(Date::parse_iso);
        let decision = answer_match(
            prediction.text,
            answers,
            prediction.abstained,
            publication,
            *question,
        );
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

    fn explain(
        &self,
        values: &[Option<f64>],
        details: &serde_json::Value,
    ) -> Result<Vec<Explanation>, serde_json::Error> {
        let matched = values.first() == Some(&Some(1.0));
        Ok(vec![
            AnswerMatchDetails::deserialize(details)?.explain(matched)
        ])
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::{Bounds, Direction, Sources};

    fn ids(metrics: &[Box<dyn Metric>]) -> Vec<String> {
        metrics
            .iter()
            .flat_map(|m| m.columns().iter().map(|c| c.id.clone()))
            .collect()
    }

    fn column<'a>(metrics: &'a [Box<dyn Metric>], id: &str) -> &'a Column {
        metrics
            .iter()
            .flat_map(|m| m.columns())
            .find(|c| c.id == id)
            .unwrap()
    }

    fn answer(text: &str, abstained: bool) -> Prediction<'_> {
        Prediction {
            text,
            abstained,
            no_answer_probability: None,
        }
    }

    fn answer_gold(answers: &[String]) -> Gold<'_> {
        Gold::Answer {
            answers,
            kind: None,
            published: None,
            question: None,
        }
    }

    #[test]
    fn summary_columns_come_in_order_with_their_directions_and_bounds() {
        let metrics = summary_metrics();
        assert_eq!(
            ids(&metrics),
            [
                "rouge1",
                "rouge2",
                "rougeL",
                "rougeLsum",
                "key_fact_recall",
                "unsupported_numbers",
                "unsupported_entities",
                "coverage",
                "density",
                "compression",
                "novel_1gram",
                "novel_2gram",
                "novel_3gram",
                "summary_tokens",
                "summary_sentences",
            ]
        );
        let shape = |id: &str| {
            let c = column(&metrics, id);
            (c.direction, c.bounds)
        };
        for id in ["rouge1", "rougeLsum", "key_fact_recall"] {
            assert_eq!(shape(id), (Direction::Higher, Bounds::Unit), "{id}");
        }
        for id in ["unsupported_numbers", "unsupported_entities"] {
            assert_eq!(shape(id), (Direction::Lower, Bounds::NonNegative), "{id}");
        }
        assert_eq!(shape("coverage"), (Direction::Descriptive, Bounds::Unit));
        assert_eq!(
            shape("summary_tokens"),
            (Direction::Descriptive, Bounds::NonNegative)
        );
    }

    #[test]
    fn qa_columns_and_signatures_say_how_each_number_is_computed() {
        let metrics = qa_metrics();
        assert_eq!(ids(&metrics), ["exact_match", "f1", "answer_match"]);
        let version = env!("CARGO_PKG_VERSION");
        let signature = |id: &str| column(&metrics, id).signature.to_string();
        assert_eq!(
            signature("exact_match"),
            format!("exact_match|norm:squad-v2|abstain:empty|agg:mean|goldeval:{version}")
        );
        assert_eq!(
            signature("f1"),
            format!("f1|norm:squad-v2|abstain:empty|agg:mean|goldeval:{version}")
        );
        assert_eq!(
            signature("answer_match"),
            format!(
                "answer_match|v:{ANSWER_MATCH_VERSION}|words:{}|qty:{}|pubdate:item|agg:mean|goldeval:{version}",
                crate::text::words::WORDS_VERSION,
                crate::text::quantity::QUANTITY_VERSION
            )
        );
        for c in metrics.iter().flat_map(|m| m.columns()) {
            assert_eq!((c.direction, c.bounds), (Direction::Higher, Bounds::Unit));
        }
        let rouge = RougeMetric::default_set();
        assert_eq!(
            rouge.columns()[3].signature.to_string(),
            format!("rougeLsum|tok:rouge-score|stem:porter|refs:max|agg:mean|goldeval:{version}")
        );
    }

    #[test]
    fn the_official_squad_signature_names_its_threshold() {
        let version = env!("CARGO_PKG_VERSION");
        assert_eq!(
            SquadMetric::new().official_signature().to_string(),
            format!(
                "squad_v2|ref:official-v2.0|na_thresh:1|best:always|scale:100|goldeval:{version}"
            )
        );
        let half = SquadMetric::with_na_prob_threshold(0.5).official_signature();
        assert_eq!(half.get("na_thresh"), Some("0.5"));
    }

    #[test]
    fn each_metric_applies_to_its_own_task_only() {
        let answers = ["4,200".to_string()];
        let qa = answer_gold(&answers);
        let summary = Gold::Summary {
            references: &[],
            key_facts: &[],
            sources: Sources {
                ids: &[],
                documents: &[],
            },
            questions: &[],
        };
        for m in qa_metrics() {
            assert!(m.applies_to(&qa) && !m.applies_to(&summary), "{}", m.name());
        }
        let rouge = RougeMetric::default_set();
        assert!(rouge.applies_to(&summary) && !rouge.applies_to(&qa));
        // Without key facts or sources, only ROUGE scores a summary.
        let applying: Vec<String> = summary_metrics()
            .iter()
            .filter(|m| m.applies_to(&summary))
            .map(|m| m.name().to_string())
            .collect();
        assert_eq!(applying, ["rouge"]);
    }

    /// Issue 13: an abstention is the empty answer for SQuAD, however the output reads.
    #[test]
    fn squad_scores_an_abstention_as_the_empty_answer() {
        let answers = ["4,200".to_string()];
        let gold = answer_gold(&answers);
        let squad = SquadMetric::new();
        let abstained = squad.score(&answer("4,200", true), &gold);
        assert_eq!(abstained.values, [0.0, 0.0]);
        let answered = squad.score(&answer("4,200", false), &gold);
        assert_eq!(answered.values, [1.0, 1.0]);
        let unanswerable = squad.score(&answer("4,200", true), &answer_gold(&[]));
        assert_eq!(unanswerable.values, [1.0, 1.0]);
        let details: SquadDetails = serde_json::from_value(unanswerable.details.unwrap()).unwrap();
        assert!(!details.has_answer);
    }

    #[test]
    fn rouge_details_hold_each_columns_precision_and_recall() {
        let references = ["The cat sat on the mat.".to_string()];
        let gold = Gold::Summary {
            references: &references,
            key_facts: &[],
            sources: Sources {
                ids: &[],
                documents: &[],
            },
            questions: &[],
        };
        let rouge = RougeMetric::default_set();
        let scores = rouge.score(&answer("The cat sat.", false), &gold);
        let value = scores.details.unwrap();
        let details: RougeDetails = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(serde_json::to_value(&details).unwrap(), value);
        let keys: Vec<&str> = details.0.keys().collect();
        assert_eq!(keys, ["rouge1", "rouge2", "rougeL", "rougeLsum"]);
        let rouge1 = details.0.get("rouge1").unwrap();
        // 3 of the prediction's 3 unigrams, 3 of the reference's 6.
        assert_eq!((rouge1.precision, rouge1.recall), (1.0, 0.5));
        let f = 2.0 * rouge1.precision * rouge1.recall / (rouge1.precision + rouge1.recall);
        assert!((scores.values[0] - f).abs() < 1e-12);
        assert!(rouge.explain(&[], &value).unwrap().is_empty());
    }

    #[test]
    fn answer_match_details_round_trip_and_explain_the_decision() {
        let answers = ["$237 billion".to_string()];
        let gold = answer_gold(&answers);
        let metric = AnswerMatchMetric::new();
        let matched = metric.score(&answer("US$237bn", false), &gold);
        let value = matched.details.unwrap();
        let details: AnswerMatchDetails = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(serde_json::to_value(&details).unwrap(), value);
        assert_eq!(details.matched_answer, Some(0));
        let explained = metric.explain(&[Some(1.0)], &value).unwrap();
        assert_eq!(
            explained,
            [Explanation::headline(format!(
                "MATCH: {}",
                details.explanation
            ))]
        );
        let missed = metric.score(&answer("$327 billion", false), &gold);
        let value = missed.details.unwrap();
        let explained = metric.explain(&[Some(0.0)], &value).unwrap();
        assert!(
            explained[0].headline.starts_with("NO MATCH: "),
            "{explained:?}"
        );
        // Records written before `has_answer` existed read as answerable.
        let old = serde_json::json!({"abstained": false, "matched_answer": null,
                                     "explanation": "no match"});
        let old: AnswerMatchDetails = serde_json::from_value(old).unwrap();
        assert!(old.has_answer);
        assert_eq!(old.explain(false).headline, "NO MATCH: no match");
    }
}
