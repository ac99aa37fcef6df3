//! `QaScorer`: one prediction against its gold answers → SQuAD v2 EM/F1 (official parity,
//! [`super::squad`]) plus goldeval's `answer_match` ([`super::answer_match`]); and a batch →
//! one [`QaSummary`] with the official SQuAD aggregate, answer_match accuracy, a per-kind
//! breakdown and abstention statistics.
//!
//! All summary numbers are percentages in `[0, 100]` (as the official SQuAD output), and a
//! number that is undefined (a rate over zero items) is `None`, serialized as `null`.
//! SQuAD numbers use the prediction text exactly as given (an abstain flag does not change
//! them); the abstain flag only affects `answer_match` and the abstention statistics.
//! "Unanswerable" means an empty gold answer list, as in SQuAD v2.

use std::collections::BTreeMap;

use serde::Serialize;

use super::answer_match::answer_match;
use super::signature::Signature;
use super::squad::{self, SquadAggregate, SquadRow};
use crate::text::date::Date;

/// Version of the `answer_match` rules; bumped whenever a decision could change. 2 (issue
/// 14): bounds, units of time, the question's year, values of other accepted answers never
/// compete, names in a gold with a number, negations in the words rule.
pub const ANSWER_MATCH_VERSION: u32 = 2;

/// One item to score.
#[derive(Debug, Clone, Copy)]
pub struct QaInput<'a> {
    /// The system's answer.
    pub prediction: &'a str,
    /// Accepted gold answers; empty for an unanswerable question.
    pub answers: &'a [String],
    /// The item's kind (`numeric`, `date`, ...), for the breakdown.
    pub kind: Option<&'a str>,
    /// The system's no-answer probability, for SQuAD's threshold and best-threshold.
    pub no_answer_probability: Option<f64>,
    /// The system said explicitly that it abstains.
    pub abstained: bool,
    /// Publication date of the item's source: supplies the year of dates written without one.
    pub publication_date: Option<Date>,
    /// The question, when known: a year it names fills dates written without one instead.
    pub question: Option<&'a str>,
}

/// One item's scores: the per-item record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QaScore {
    /// SQuAD v2 exact match (0 or 1).
    pub exact_match: f64,
    /// SQuAD v2 token F1 in `[0, 1]`.
    pub f1: f64,
    /// False for an unanswerable question.
    pub has_answer: bool,
    /// goldeval's answer equivalence.
    pub answer_match: bool,
    /// Read as an abstention (flag, empty, or an abstention phrase).
    pub abstained: bool,
    /// Why `answer_match` decided as it did.
    pub explanation: String,
    /// Index of the gold answer that matched.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matched_answer: Option<usize>,
    /// The item's kind, if given.
    #[serde(skip)]
    pub kind: Option<String>,
    /// The no-answer probability, if given.
    #[serde(skip)]
    pub no_answer_probability: Option<f64>,
    /// The raw prediction was non-empty (SQuAD's best-threshold walk needs it).
    #[serde(skip)]
    pub prediction_nonempty: bool,
}

/// Scores per kind of question.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KindSummary {
    /// Number of items.
    pub n: usize,
    /// Mean SQuAD exact match (raw, no threshold), percent.
    pub exact: f64,
    /// Mean SQuAD F1 (raw), percent.
    pub f1: f64,
    /// answer_match accuracy, percent.
    pub answer_match: f64,
}

/// How well the system abstains.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AbstentionSummary {
    /// Unanswerable items.
    pub unanswerable: usize,
    /// Items where the system abstained.
    pub abstained: usize,
    /// Unanswerable items where it abstained.
    pub abstained_on_unanswerable: usize,
    /// Of the abstentions, the percentage on unanswerable items.
    pub precision: Option<f64>,
    /// Of the unanswerable items, the percentage abstained on.
    pub recall: Option<f64>,
    /// Of the unanswerable items, the percentage the system answered anyway.
    pub answered_unanswerable_rate: Option<f64>,
}

/// The aggregate of a batch.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QaSummary {
    /// Number of items.
    pub n: usize,
    /// Official SQuAD v2 aggregate (`exact`, `f1`, `HasAns_*`, `NoAns_*`, `best_*`).
    pub squad: Option<SquadAggregate>,
    /// answer_match accuracy, percent.
    pub answer_match: Option<f64>,
    /// Breakdown by kind (`unspecified` for items without one), in name order.
    pub by_kind: BTreeMap<String, KindSummary>,
    /// Abstention statistics over unanswerable items.
    pub abstention: AbstentionSummary,
    /// How the numbers were computed.
    pub signatures: BTreeMap<String, String>,
}

/// Scores QA predictions; configure with the builder methods.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QaScorer {
    na_prob_threshold: f64,
    publication_date: Option<Date>,
}

impl Default for QaScorer {
    fn default() -> Self {
        QaScorer {
            na_prob_threshold: squad::DEFAULT_NA_PROB_THRESHOLD,
            publication_date: None,
        }
    }
}

impl QaScorer {
    /// A scorer with the official defaults (no-answer threshold 1.0, no publication date).
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets SQuAD's no-answer probability threshold (strict `>`).
    #[must_use]
    pub fn with_na_prob_threshold(mut self, threshold: f64) -> Self {
        self.na_prob_threshold = threshold;
        self
    }

    /// Sets the publication date used for items that do not carry their own.
    #[must_use]
    pub fn with_publication_date(mut self, date: Option<Date>) -> Self {
        self.publication_date = date;
        self
    }

    /// Scores one item.
    pub fn score(&self, input: &QaInput<'_>) -> QaScore {
        let s = squad::score(input.prediction, input.answers);
        let publication = input.publication_date.or(self.publication_date);
        let decision = answer_match(
            input.prediction,
            input.answers,
            input.abstained,
            publication,
            input.question,
        );
        QaScore {
            exact_match: s.exact_match,
            f1: s.f1,
            has_answer: s.has_answer,
            answer_match: decision.matched,
            abstained: decision.abstained,
            explanation: decision.explanation,
            matched_answer: decision.matched_answer,
            kind: input.kind.map(str::to_string),
            no_answer_probability: input.no_answer_probability,
            prediction_nonempty: !input.prediction.is_empty(),
        }
    }

    /// Aggregates scored items, in input order.
    pub fn aggregate(&self, scores: &[QaScore]) -> QaSummary {
        let rows: Vec<SquadRow> = scores
            .iter()
            .map(|s| SquadRow {
                score: squad::SquadScore {
                    exact_match: s.exact_match,
                    f1: s.f1,
                    has_answer: s.has_answer,
                },
                no_answer_probability: s.no_answer_probability.unwrap_or(0.0),
                prediction_nonempty: s.prediction_nonempty,
            })
            .collect();
        let matched = scores.iter().filter(|s| s.answer_match).count();
        QaSummary {
            n: scores.len(),
            squad: squad::aggregate(&rows, self.na_prob_threshold),
            answer_match: percent(matched, scores.len()),
            by_kind: by_kind(scores),
            abstention: abstention_summary(scores),
            signatures: self.signatures(),
        }
    }

    /// The signatures of the SQuAD and answer_match numbers.
    pub fn signatures(&self) -> BTreeMap<String, String> {
        let squad = Signature::new("squad_v2")
            .with("ref", "official-v2.0")
            .with("na_thresh", self.na_prob_threshold)
            .with("best", "always");
        let pubdate = self
            .publication_date
            .map_or_else(|| "item".to_string(), |d| d.to_string());
        let answer_match = Signature::new("answer_match")
            .with("v", ANSWER_MATCH_VERSION)
            .with("pubdate", pubdate);
        BTreeMap::from([
            ("squad".to_string(), squad.to_string()),
            ("answer_match".to_string(), answer_match.to_string()),
        ])
    }
}

fn percent(count: usize, total: usize) -> Option<f64> {
    (total > 0).then(|| 100.0 * count as f64 / total as f64)
}

fn by_kind(scores: &[QaScore]) -> BTreeMap<String, KindSummary> {
    let mut sums: BTreeMap<String, (usize, f64, f64, usize)> = BTreeMap::new();
    for s in scores {
        let key = s.kind.clone().unwrap_or_else(|| "unspecified".into());
        let e = sums.entry(key).or_insert((0, 0.0, 0.0, 0));
        e.0 += 1;
        e.1 += s.exact_match;
        e.2 += s.f1;
        e.3 += usize::from(s.answer_match);
    }
    sums.into_iter()
        .map(|(kind, (n, em, f1, matched))| {
            let summary = KindSummary {
                n,
                exact: 100.0 * em / n as f64,
                f1: 100.0 * f1 / n as f64,
                answer_match: 100.0 * matched as f64 / n as f64,
            };
            (kind, summary)
        })
        .collect()
}

fn abstention_summary(scores: &[QaScore]) -> AbstentionSummary {
    let unanswerable = scores.iter().filter(|s| !s.has_answer).count();
    let abstained = scores.iter().filter(|s| s.abstained).count();
    let hit = scores
        .iter()
        .filter(|s| s.abstained && !s.has_answer)
        .count();
    AbstentionSummary {
        unanswerable,
        abstained,
        abstained_on_unanswerable: hit,
        precision: percent(hit, abstained),
        recall: percent(hit, unanswerable),
        answered_unanswerable_rate: percent(unanswerable - hit, unanswerable),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input<'a>(pred: &'a str, answers: &'a [String], kind: &'a str) -> QaInput<'a> {
        QaInput {
            prediction: pred,
            answers,
            kind: Some(kind),
            no_answer_probability: None,
            abstained: false,
            publication_date: None,
            question: None,
        }
    }

    #[test]
    fn scores_and_aggregates_a_small_batch() {
        let money = vec!["$237 billion".to_string()];
        let none: Vec<String> = vec![];
        let who = vec!["Xi Jinping".to_string()];
        let scorer = QaScorer::new();
        let scores = vec![
            scorer.score(&input("US$237bn", &money, "numeric")),
            scorer.score(&input("not stated", &none, "unanswerable")),
            scorer.score(&input("Moscow", &none, "unanswerable")),
            scorer.score(&input("unknown", &who, "entity")),
            scorer.score(&input("Xi Jinping", &who, "entity")),
        ];
        assert!(scores[0].answer_match && scores[0].exact_match.to_bits() == 0.0_f64.to_bits());
        let summary = scorer.aggregate(&scores);
        assert_eq!(summary.n, 5);
        assert_eq!(summary.answer_match, Some(60.0));
        let squad = summary.squad.as_ref().unwrap();
        assert_eq!(squad.exact.to_bits(), 20.0_f64.to_bits());
        assert_eq!(
            summary.by_kind["entity"].answer_match.to_bits(),
            50.0_f64.to_bits()
        );
        assert_eq!(summary.by_kind["unanswerable"].n, 2);
        let a = &summary.abstention;
        assert_eq!(
            (a.unanswerable, a.abstained, a.abstained_on_unanswerable),
            (2, 2, 1)
        );
        assert_eq!(a.precision, Some(50.0));
        assert_eq!(a.recall, Some(50.0));
        assert_eq!(a.answered_unanswerable_rate, Some(50.0));
        assert!(summary.signatures["answer_match"].starts_with("answer_match|v:2|pubdate:item|"));
    }

    #[test]
    fn undefined_rates_are_none() {
        let summary = QaScorer::new().aggregate(&[]);
        assert!(summary.squad.is_none() && summary.answer_match.is_none());
        assert!(summary.abstention.precision.is_none());
        let json = serde_json::to_string(&summary.abstention).unwrap();
        assert!(json.contains("\"recall\":null"), "{json}");
    }
}
