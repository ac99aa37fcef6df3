//! Helpers for the backends' unit tests: documents, requests, and calls that fail loudly.

use std::sync::Arc;

use super::{Backend, Output, Request};
use crate::dataset::Document;
use crate::dataset::Task;

/// A wire-service document published on 2025-05-07.
pub fn doc(id: &str, text: &str) -> Arc<Document> {
    Arc::new(Document {
        id: id.into(),
        title: String::new(),
        published: "2025-05-07".into(),
        outlet: "wire service".into(),
        text: text.into(),
    })
}

/// A request for `task` over `documents`, with a question and references when given.
pub fn request(
    task: Task,
    documents: Vec<Arc<Document>>,
    question: Option<&str>,
    references: &[&str],
) -> Request {
    Request {
        item_id: "item-1".into(),
        task,
        documents,
        question: question.map(str::to_string),
        references: references.iter().map(|r| r.to_string()).collect(),
    }
}

/// `backend`'s output for `request`; panics naming the backend when it fails.
pub fn output(backend: &dyn Backend, request: &Request) -> Output {
    match backend.call(request).result {
        Ok(output) => output,
        Err(error) => panic!("{} failed: {error}", backend.name()),
    }
}
