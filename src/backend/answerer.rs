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
