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

use serde::Serialize;
use serde_json::json;

use super::answer_match::answer_match;
use super::answer_match::ANSWER_MATCH_VERSION;
use super::{Column, Gold, ItemScores, Metric, Prediction, Signature, Sources};
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
                let d = answer_match(&a.text, &q.answers, a.abstained, publication);
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
            details: Some(json!({"correct": correct, "asked": asked.len(), "questions": asked})),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn answers_are_judged_with_answer_match() {
        let ids = ["d1".to_string()];
        let sources = Sources {
            ids: &ids,
            documents: &[],
        };
        let questions = [
            qa("q1", "How much was trade", &["$237 billion"], &["d1"]),
            qa("q2", "Where was the summit", &["Kazan"], &["d1"]),
        ];
        let refs: Vec<&QaItem> = questions.iter().collect();
        let asked = ask(&LineFinder, "trade: US$237bn", &refs, &sources);
        assert!(asked[0].correct, "{asked:?}");
        assert!(!asked[1].correct && asked[1].abstained);
    }
}
