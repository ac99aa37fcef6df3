//! One line of `items.jsonl`: what one backend produced for one item, and its scores.

use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};

use crate::dataset::Kind;
use crate::dataset::Task;
use crate::ordered_map::OrderedMap;

/// Scores in column order, serialized as a JSON object (`{"rouge1": 0.5, …}`). Reading
/// refuses a duplicated column and a value that is not a number.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(from = "OrderedMap<f64>")]
pub struct ScoreMap(pub Vec<(String, f64)>);

impl ScoreMap {
    /// The value of a column.
    pub fn get(&self, id: &str) -> Option<f64> {
        self.0.iter().find(|(k, _)| k == id).map(|(_, v)| *v)
    }
}

impl Serialize for ScoreMap {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl From<OrderedMap<f64>> for ScoreMap {
    fn from(map: OrderedMap<f64>) -> Self {
        ScoreMap(map.0)
    }
}

/// Why an item has no output: the backend's error as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorRecord {
    /// Short machine-readable class (`timeout`, `http_status`, `missing`, …; docs/backends.md's
    /// error-kind table lists every kind).
    pub kind: String,
    /// What happened, for people.
    pub message: String,
}

impl std::fmt::Display for ErrorRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.kind, self.message)
    }
}

/// Tokens a model request used, and their cost when prices are configured.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Usage {
    /// Tokens in the prompt.
    pub prompt_tokens: u64,
    /// Tokens in the completion.
    pub completion_tokens: u64,
    /// Cost in US dollars (prompt and completion tokens at the configured prices).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost_usd: Option<f64>,
}

impl Usage {
    /// Adds `other` to these totals; the cost is known only when both are.
    pub fn add(&mut self, other: &Usage) {
        self.prompt_tokens += other.prompt_tokens;
        self.completion_tokens += other.completion_tokens;
        self.cost_usd = match (self.cost_usd, other.cost_usd) {
            (Some(a), Some(b)) => Some(a + b),
            _ => None,
        };
    }
}

/// One line of `items.jsonl`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemRecord {
    /// The gold item's id.
    pub id: String,
    /// The task (`summarize` or `answer`).
    pub task: Task,
    /// The backend's name.
    pub backend: String,
    /// For QA items, the kind of question.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<Kind>,
    /// The output text; `null` when the backend errored.
    pub output: Option<String>,
    /// Whether the backend explicitly abstained.
    pub abstained: bool,
    /// True when a secret the backend was configured with (its API key, a `headers` value)
    /// was found in the output and replaced by `[redacted]` before the output was scored or
    /// written anywhere (absent when not).
    #[serde(default, skip_serializing_if = "is_false")]
    pub redacted: bool,
    /// The backend's probability that the question has no answer, when it gave one (SQuAD
    /// v2's `na_prob`; absent otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub no_answer_probability: Option<f64>,
    /// Every metric column's value; empty when the backend errored.
    pub scores: ScoreMap,
    /// Per-metric details (precision/recall, matched answers), when metrics give them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<serde_json::Value>,
    /// Why there is no output, when the backend failed.
    pub error: Option<ErrorRecord>,
    /// Backend wall-clock time in milliseconds.
    pub latency_ms: f64,
    /// Tokens used and their cost, when the backend reports them (absent otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usage: Option<Usage>,
    /// Retries the runner made before this result (absent when none).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub retries: u32,
    /// True when the output came from the response cache (absent when not).
    #[serde(default, skip_serializing_if = "is_false")]
    pub cached: bool,
    /// Which repeat this is (`--repeat`; 0-based; absent when 0).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub repeat: u32,
    /// Milliseconds this item's requests waited for the backend's rate budget (absent when
    /// none).
    #[serde(default, skip_serializing_if = "is_zero_u64")]
    pub rate_wait_ms: u64,
}

impl ItemRecord {
    /// The record of `backend` on item `id` of `task` before anything is known: no output,
    /// no scores, no error, zero latency, no retries.
    pub fn new(id: impl Into<String>, task: Task, backend: impl Into<String>) -> ItemRecord {
        ItemRecord {
            id: id.into(),
            task,
            backend: backend.into(),
            kind: None,
            output: None,
            abstained: false,
            redacted: false,
            no_answer_probability: None,
            scores: ScoreMap::default(),
            details: None,
            error: None,
            latency_ms: 0.0,
            usage: None,
            retries: 0,
            cached: false,
            repeat: 0,
            rate_wait_ms: 0,
        }
    }
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
fn is_zero_u64(n: &u64) -> bool {
    *n == 0
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
fn is_false(b: &bool) -> bool {
    !*b
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
fn is_zero(n: &u32) -> bool {
    *n == 0
}
