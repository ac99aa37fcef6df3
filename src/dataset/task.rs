//! [`Task`]: what is asked of an item, summarizing its documents or answering its question.
//!
//! The task names a part of a dataset (summary items or QA items), so it lives here; backends,
//! records, goldens, checks and reports all speak of it.

use std::fmt;

use serde::{Deserialize, Serialize};

/// What is asked of an item: a summary of its documents, or an answer to its question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Task {
    /// Write a summary of the documents, one sentence per line.
    Summarize,
    /// Answer the question from the documents, or abstain.
    Answer,
}

impl Task {
    /// Both tasks, in report order.
    pub const ALL: [Task; 2] = [Task::Summarize, Task::Answer];

    /// The name used on the command line and in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Task::Summarize => "summarize",
            Task::Answer => "answer",
        }
    }
}

impl fmt::Display for Task {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
