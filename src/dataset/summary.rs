//! Gold summarization items.

use serde::{Deserialize, Serialize};

/// One summarization item (`summaries.jsonl`, one JSON object per line).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SummaryItem {
    /// Unique id.
    pub id: String,
    /// Ids of the documents to summarize together.
    pub documents: Vec<String>,
    /// Independently written reference summaries, one sentence per line.
    pub references: Vec<String>,
    /// Short atomic facts a good summary states.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub key_facts: Vec<String>,
}
