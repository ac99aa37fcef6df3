//! A source document: one news article of a dataset.

use serde::{Deserialize, Serialize};

/// One source document (`documents.jsonl`, one JSON object per line).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// Unique id, referenced by QA and summary items.
    pub id: String,
    /// Headline.
    pub title: String,
    /// Publication date, `YYYY-MM-DD`.
    pub published: String,
    /// A neutral description of the outlet ("wire service").
    pub outlet: String,
    /// Body text; paragraphs are separated by blank lines.
    pub text: String,
}
