//! Gold question-answer items.

use std::fmt;

use serde::{Deserialize, Serialize};

/// What kind of question an item is; reports break scores down by kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// The answer is a number or amount.
    Numeric,
    /// The answer is a date or date range.
    Date,
    /// The answer is a name, place or organisation.
    Entity,
    /// The answer is a phrase quoted from a person or text ("dear friend"); where sources
    /// render one statement differently (translations: "key" / "central"), each rendering is
    /// an accepted answer.
    Quote,
    /// Needs two documents or a computation.
    MultiHop,
    /// Sources disagree on a fact; every claim is an accepted answer, and an answer naming
    /// either claim or both is correct.
    Conflict,
    /// Plausible but not stated: the correct output is to abstain.
    Unanswerable,
}

impl Kind {
    /// Every kind, in report order.
    pub const ALL: [Kind; 7] = [
        Kind::Numeric,
        Kind::Date,
        Kind::Entity,
        Kind::Quote,
        Kind::MultiHop,
        Kind::Conflict,
        Kind::Unanswerable,
    ];

    /// The name used in files and reports (`multi_hop`).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Numeric => "numeric",
            Kind::Date => "date",
            Kind::Entity => "entity",
            Kind::Quote => "quote",
            Kind::MultiHop => "multi_hop",
            Kind::Conflict => "conflict",
            Kind::Unanswerable => "unanswerable",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A quote from a document that supports an answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// Id of the quoted document.
    pub document: String,
    /// Exact substring of that document's text.
    pub quote: String,
}

/// One gold question (`qa.jsonl`, one JSON object per line).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QaItem {
    /// Unique id.
    pub id: String,
    /// The question.
    pub question: String,
    /// Every acceptable surface form of the answer; empty for unanswerable questions.
    pub answers: Vec<String>,
    /// The kind of question; optional so plain question lists load.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<Kind>,
    /// Ids of the documents given as context; `None` means all documents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub documents: Option<Vec<String>>,
    /// Quotes that support the answer.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    /// For computed answers (which appear in no quote): how the answer follows from the evidence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub derivation: Option<String>,
}

impl QaItem {
    /// True when the item has no gold answer, so the correct output is to abstain.
    pub fn is_unanswerable(&self) -> bool {
        self.answers.is_empty()
    }
}
