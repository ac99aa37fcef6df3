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

use serde_json::json;

use super::answer_match::answer_match;
use super::extractive::Extractiveness;
use super::key_facts::KeyFactRecall;
use super::qa::ANSWER_MATCH_VERSION;
use super::rouge::{RefMode, Rouge, RougeType};
use super::squad;
use super::unsupported::UnsupportedMetric;
use super::{Column, Gold, ItemScores, Metric, Prediction, Signature};
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
            .map(|&t| Column {
                id: t.to_string(),
                signature: rouge.signature(t),
                higher_is_better: true,
            })
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

/// SQuAD v2 exact match and F1 as metric columns.
pub struct SquadMetric {
    columns: Vec<Column>,
}

impl SquadMetric {
    /// `exact_match` and `f1`.
    pub fn new() -> Self {
        let sig = |name: &str| {
            Signature::new(name)
                .with("norm", "squad-v2")
                .with("agg", "mean")
        };
        SquadMetric {
            columns: vec![
                Column {
                    id: "exact_match".into(),
                    signature: sig("exact_match"),
                    higher_is_better: true,
                },
                Column {
                    id: "f1".into(),
                    signature: sig("f1"),
                    higher_is_better: true,
                },
            ],
        }
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
        let text = if prediction.abstained {
            ""
        } else {
            prediction.text
        };
        let s = squad::score(text, answers);
        ItemScores {
            values: vec![s.exact_match, s.f1],
            details: None,
        }
    }
}

/// goldeval's answer equivalence (numbers, money, dates, names; abstention) as a column.
pub struct AnswerMatchMetric {
    columns: Vec<Column>,
}

impl AnswerMatchMetric {
    /// The `answer_match` column (1 when equivalent to a gold answer, or an abstention on an
    /// unanswerable question).
    pub fn new() -> Self {
        let signature = Signature::new("answer_match")
            .with("v", ANSWER_MATCH_VERSION)
            .with("pubdate", "item")
            .with("agg", "mean");
        AnswerMatchMetric {
            columns: vec![Column {
                id: "answer_match".into(),
                signature,
                higher_is_better: true,
            }],
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
            details: Some(json!({
                "abstained": decision.abstained,
                "matched_answer": decision.matched_answer,
                "explanation": decision.explanation,
            })),
        }
    }
}
