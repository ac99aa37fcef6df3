//! [`BackendAnswerer`]: any backend that answers questions, as the
//! [`Answerer`] that `qa_coverage` puts its questions to.

use std::sync::Arc;

use super::{Backend, ExtractiveQa, Request};
use crate::dataset::Document;
use crate::dataset::Task;
use crate::metrics::qa_coverage::{Answer, Answerer};

/// A QA backend asked with one document as the whole context.
pub struct BackendAnswerer {
    backend: Arc<dyn Backend>,
}

impl BackendAnswerer {
    /// Wraps `backend` (it should support [`Task::Answer`]; otherwise every answer is an
    /// error, recorded per question).
    pub fn new(backend: Arc<dyn Backend>) -> Self {
        BackendAnswerer { backend }
    }

    /// The built-in `extractive-qa` backend with its default settings.
    pub fn extractive() -> Self {
        Self::new(Arc::new(ExtractiveQa::default()))
    }
}

impl Answerer for BackendAnswerer {
    fn name(&self) -> &str {
        self.backend.name()
    }

    fn version(&self) -> Option<u32> {
        self.backend.version()
    }

    fn answer(&self, question: &str, context: &Document) -> Result<Answer, String> {
        let request = Request {
            item_id: context.id.clone(),
            task: Task::Answer,
            documents: vec![Arc::new(context.clone())],
            question: Some(question.to_string()),
            references: Vec::new(),
        };
        match self.backend.call(&request).result {
            Ok(output) => Ok(Answer {
                text: output.text,
                abstained: output.abstained,
            }),
            Err(error) => Err(error.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 13: tuning the baseline that answers qa_coverage's questions, or a word or
    /// quantity table under it, changes qa_coverage's signature.
    #[test]
    fn qa_coverage_names_its_answerer_and_the_tables_beneath_it_with_versions() {
        use crate::metrics::qa_coverage::QaCoverage;
        use crate::metrics::Metric;
        let metric = QaCoverage::new(Box::new(BackendAnswerer::extractive()));
        let signature = metric.columns()[0].signature.to_string();
        let qa_v = format!(
            "qa:extractive-qa|qa_v:{}|",
            super::super::extractive_qa::EXTRACTIVE_QA_VERSION
        );
        assert!(signature.contains(&qa_v), "{signature}");
        for table in ["match_v:", "words:", "qty:", "sent:"] {
            assert!(
                signature.contains(table),
                "{table} missing from {signature}"
            );
        }
    }

    #[test]
    fn extractive_qa_answers_from_the_given_text_only() {
        let context = Document {
            id: "summary".into(),
            title: String::new(),
            published: "2025-05-07".into(),
            outlet: "test".into(),
            text: "Trade between China and Russia reached a record $237 billion in 2024.".into(),
        };
        let qa = BackendAnswerer::extractive();
        assert_eq!(qa.name(), "extractive-qa");
        let a = qa
            .answer("How much did China-Russia trade reach in 2024?", &context)
            .unwrap();
        assert!(a.text.contains("237"), "{a:?}");
    }
}
