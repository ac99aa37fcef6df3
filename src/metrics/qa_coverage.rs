//! `qa_coverage`: the share of the gold questions about a summary's documents that can be
//! answered correctly from the summary alone.
//!
//! For a summary item, the questions are the dataset's answerable QA items whose documents
//! are all among the item's documents (unanswerable ones are left out: abstaining on them
//! would reward a summary for saying nothing). Each question is put to an [`Answerer`] with
//! the summary as the only document, and the answer is judged by [`answer_match`]
//! (numbers, money, dates and names normalized), with the year of year-less dates taken
//! from the item's first document.
//!
//! The answerer is injected so this module stays free of backends; `goldeval run` uses the
//! built-in `extractive-qa` backend (see `run::default_metrics`). The signature names it.

use serde::{Deserialize, Serialize};

use super::answer_match::answer_match;
use super::answer_match::ANSWER_MATCH_VERSION;
use super::{
    details_json, shown, Column, Explanation, Gold, ItemScores, Metric, Prediction, Signature,
    Sources,
};
use crate::dataset::{Document, QaItem};
use crate::text::quantity::QUANTITY_VERSION;
use crate::text::sentence::SENTENCE_VERSION;
use crate::text::words::WORDS_VERSION;

/// Version of the procedure; bumped whenever a score could change.
pub const QA_COVERAGE_VERSION: &str = "1";

/// An answer to one question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// The answer text (empty when abstaining).
    pub text: String,
    /// True when the answerer declined to answer.
    pub abstained: bool,
}

/// Something that answers a question from one document.
pub trait Answerer: Send + Sync {
    /// Its name, as it appears in the signature (`extractive-qa`).
    fn name(&self) -> &str;

    /// The version of its rules, when it has one (`qa_v:N` in the signature).
    fn version(&self) -> Option<u32> {
        None
    }

    /// Answers `question` from `context`, or says why it could not.
    fn answer(&self, question: &str, context: &Document) -> Result<Answer, String>;
}

/// The verdict on one question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Asked {
    /// The QA item's id.
    pub id: String,
    /// The question.
    pub question: String,
    /// What the answerer said from the summary (`null` when it failed).
    pub answer: Option<String>,
    /// Whether it abstained.
    pub abstained: bool,
    /// Whether the answer matches a gold answer.
    pub correct: bool,
    /// answer_match's explanation, or the answerer's error.
    pub explanation: String,
}

/// What `qa_coverage` records per item: every question asked and how it went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QaCoverageDetails {
    /// How many questions were answered correctly from the summary.
    pub correct: usize,
    /// How many questions were asked.
    pub asked: usize,
    /// Every question, in dataset order.
    pub questions: Vec<Asked>,
}

impl QaCoverageDetails {
    /// The coverage with its counts, then each answered question, right or wrong with
    /// answer_match's reason, and last the questions the summary had no answer to.
    pub fn explain(&self, coverage: f64) -> Explanation {
        let mut lines = Vec::new();
        let mut abstained = Vec::new();
        for q in &self.questions {
            if q.abstained {
                abstained.push(q.id.as_str());
                continue;
            }
            let verdict = if q.correct { "RIGHT" } else { "WRONG" };
            lines.push(format!("{verdict} {}: {}", q.id, q.explanation));
        }
        if !abstained.is_empty() {
            lines.push(format!(
                "WRONG (no answer found in the summary) {}",
                abstained.join(", ")
            ));
        }
        Explanation {
            headline: format!(
                "qa_coverage {coverage:.4} ({} of {} questions answered from the summary)",
                self.correct, self.asked
            ),
            lines,
        }
    }
}

/// The answerable QA items about `sources`' documents, in dataset order.
pub fn questions_about<'a>(questions: &'a [QaItem], sources: &Sources<'_>) -> Vec<&'a QaItem> {
    questions
        .iter()
        .filter(|q| !q.is_unanswerable())
        .filter(|q| match &q.documents {
            Some(ids) => !ids.is_empty() && ids.iter().all(|id| sources.ids.contains(id)),
            None => false,
        })
        .collect()
}

/// `summary` as the only document an answerer is given, dated like the first source (so a
/// date written without a year reads as the sources' year).
pub fn summary_document(summary: &str, sources: &Sources<'_>) -> Document {
    Document {
        id: "summary".into(),
        title: String::new(),
        published: sources
            .iter()
            .next()
            .map(|d| d.published.clone())
            .unwrap_or_default(),
        outlet: "summary under evaluation".into(),
        text: summary.to_string(),
    }
}

/// Asks every question with `summary` as the only context.
pub fn ask(
    answerer: &dyn Answerer,
    summary: &str,
    questions: &[&QaItem],
    sources: &Sources<'_>,
) -> Vec<Asked> {
    let context = summary_document(summary, sources);
    let publication = sources.publication();
    questions
        .iter()
        .map(|q| match answerer.answer(&q.question, &context) {
            Ok(a) => {
                let d = answer_match(
                    &a.text,
                    &q.answers,
                    a.abstained,
                    publication,
                    Some(&q.question),
                );
                Asked {
                    id: q.id.clone(),
                    question: q.question.clone(),
                    answer: Some(a.text),
                    abstained: d.abstained,
                    correct: d.matched,
                    explanation: d.explanation,
                }
            }
            Err(e) => Asked {
                id: q.id.clone(),
                question: q.question.clone(),
                answer: None,
                abstained: false,
                correct: false,
                explanation: format!("answerer failed: {e}"),
            },
        })
        .collect()
}

/// `qa_coverage` as a metric column.
pub struct QaCoverage {
    answerer: Box<dyn Answerer>,
    columns: Vec<Column>,
}

impl QaCoverage {
    /// The `qa_coverage` column, answering with `answerer`.
    pub fn new(answerer: Box<dyn Answerer>) -> Self {
        let mut signature = Signature::new("qa_coverage")
            .with("v", QA_COVERAGE_VERSION)
            .with("qa", answerer.name());
        if let Some(version) = answerer.version() {
            signature = signature.with("qa_v", version);
        }
        let signature = signature
            .with("match", "answer_match")
            .with("match_v", ANSWER_MATCH_VERSION)
            .with("words", WORDS_VERSION)
            .with("qty", QUANTITY_VERSION)
            .with("sent", SENTENCE_VERSION)
            .with("questions", "answerable")
            .with("agg", "mean");
        QaCoverage {
            answerer,
            columns: vec![Column::share("qa_coverage", signature)],
        }
    }
}

impl Metric for QaCoverage {
    fn name(&self) -> &str {
        "qa_coverage"
    }

    fn columns(&self) -> &[Column] {
        &self.columns
    }

    fn applies_to(&self, gold: &Gold<'_>) -> bool {
        matches!(gold, Gold::Summary { questions, sources, .. }
            if !questions_about(questions, sources).is_empty())
    }

    fn score(&self, prediction: &Prediction<'_>, gold: &Gold<'_>) -> ItemScores {
        let Gold::Summary {
            questions, sources, ..
        } = gold
        else {
            return ItemScores::default();
        };
        let about = questions_about(questions, sources);
        let asked = ask(self.answerer.as_ref(), prediction.text, &about, sources);
        let correct = asked.iter().filter(|a| a.correct).count();
        ItemScores {
            values: vec![correct as f64 / asked.len().max(1) as f64],
            details: details_json(&QaCoverageDetails {
                correct,
                asked: asked.len(),
                questions: asked,
            }),
        }
    }

    fn explain(
        &self,
        values: &[Option<f64>],
        details: &serde_json::Value,
    ) -> Result<Vec<Explanation>, serde_json::Error> {
        let details = QaCoverageDetails::deserialize(details)?;
        Ok(vec![details.explain(shown(values, 0))])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Answers with the first line of the context that contains the question's last word.
    struct LineFinder;

    impl Answerer for LineFinder {
        fn name(&self) -> &str {
            "line-finder"
        }
        fn answer(&self, question: &str, context: &Document) -> Result<Answer, String> {
            let last = question
                .trim_end_matches('?')
                .rsplit(' ')
                .next()
                .unwrap_or("");
            let line = context.text.lines().find(|l| l.contains(last));
            Ok(match line {
                Some(l) => Answer {
                    text: l.split(": ").nth(1).unwrap_or("").to_string(),
                    abstained: false,
                },
                None => Answer {
                    text: String::new(),
                    abstained: true,
                },
            })
        }
    }

    fn qa(id: &str, question: &str, answers: &[&str], docs: &[&str]) -> QaItem {
        serde_json::from_value(json!({
            "id": id, "question": question, "answers": answers,
            "documents": docs, "evidence": [],
        }))
        .unwrap()
    }

    #[test]
    fn only_answerable_questions_about_the_items_documents_are_asked() {
        let ids = ["d1".to_string()];
        let sources = Sources {
            ids: &ids,
            documents: &[],
        };
        let all = [
            qa("q1", "How much was trade?", &["$237 billion"], &["d1"]),
            qa("q2", "Who won?", &[], &["d1"]),
            qa("q3", "Where?", &["Kazan"], &["d1", "d2"]),
        ];
        let about: Vec<&str> = questions_about(&all, &sources)
            .iter()
            .map(|q| q.id.as_str())
            .collect();
        assert_eq!(about, ["q1"]);
    }

    /// Two answerable questions about `d1`.
    fn trade_and_summit() -> [QaItem; 2] {
        [
            qa("q1", "How much was trade", &["$237 billion"], &["d1"]),
            qa("q2", "Where was the summit", &["Kazan"], &["d1"]),
        ]
    }

    #[test]
    fn answers_are_judged_with_answer_match() {
        let ids = ["d1".to_string()];
        let sources = Sources {
            ids: &ids,
            documents: &[],
        };
        let questions = trade_and_summit();
        let refs: Vec<&QaItem> = questions.iter().collect();
        let asked = ask(&LineFinder, "trade: US$237bn", &refs, &sources);
        assert!(asked[0].correct, "{asked:?}");
        assert!(!asked[1].correct && asked[1].abstained);
    }

    fn asked(id: &str, abstained: bool, correct: bool, explanation: &str) -> Asked {
        Asked {
            id: id.into(),
            question: format!("question {id}?"),
            answer: (!abstained).then(|| "an answer".to_string()),
            abstained,
            correct,
            explanation: explanation.into(),
        }
    }

    #[test]
    fn details_round_trip_and_keep_their_json_shape() {
        let ids = ["d1".to_string()];
        let sources = Sources {
            ids: &ids,
            documents: &[],
        };
        let questions = trade_and_summit();
        let gold = Gold::Summary {
            references: &[],
            key_facts: &[],
            sources,
            questions: &questions,
        };
        let prediction = Prediction {
            text: "trade: US$237bn",
            abstained: false,
            no_answer_probability: None,
        };
        let metric = QaCoverage::new(Box::new(LineFinder));
        let scores = metric.score(&prediction, &gold);
        let value = scores.details.unwrap();
        let details: QaCoverageDetails = serde_json::from_value(value.clone()).unwrap();
        assert_eq!((details.correct, details.asked), (1, 2));
        assert_eq!(serde_json::to_value(&details).unwrap(), value);
        assert_eq!(value["questions"][1]["answer"], "");
        assert_eq!(value["questions"][1]["abstained"], true);
        let keys: Vec<&String> = value.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["asked", "correct", "questions"]);
    }

    #[test]
    fn the_explanation_gives_each_answer_and_lists_the_unanswered_last() {
        let details = QaCoverageDetails {
            correct: 1,
            asked: 4,
            questions: vec![
                asked("q1", false, true, "matched \"$237 billion\""),
                asked("q2", true, false, "abstained"),
                asked("q3", false, false, "no gold answer matches"),
                asked("q4", true, false, "abstained"),
            ],
        };
        let value = serde_json::to_value(&details).unwrap();
        let metric = QaCoverage::new(Box::new(LineFinder));
        let explained = metric.explain(&[Some(0.25)], &value).unwrap();
        assert_eq!(
            explained,
            [Explanation {
                headline: "qa_coverage 0.2500 (1 of 4 questions answered from the summary)".into(),
                lines: [
                    "RIGHT q1: matched \"$237 billion\"",
                    "WRONG q3: no gold answer matches",
                    "WRONG (no answer found in the summary) q2, q4",
                ]
                .map(String::from)
                .to_vec(),
            }]
        );
    }
}
