//! Producing outputs: the [`Backend`] contract and the built-in baselines.
//!
//! A backend receives a [`Request`] (the task, the documents, and for QA the question) and
//! returns a [`Response`] (the output text or an error, plus timing). The runner sees backends
//! only through this trait, so external programs, HTTP model servers and recorded outputs
//! plug in without touching it.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::dataset::{Document, Task};

/// One request to a backend.
#[derive(Debug, Clone)]
pub struct Request {
    /// The gold item's id (a summary item or a QA item).
    pub item_id: String,
    /// What to do.
    pub task: Task,
    /// The context documents, in the order the item lists them.
    pub documents: Vec<Arc<Document>>,
    /// The question, for [`Task::Answer`].
    pub question: Option<String>,
    /// The gold reference summaries. Only oracle baselines (upper bounds) may read them;
    /// backends that stand for real systems never receive or use them.
    pub references: Vec<String>,
}

/// What a backend produced for one request.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// The output, or why there is none.
    pub result: Result<Output, BackendError>,
    /// Wall-clock time the backend took.
    pub latency: Duration,
}

impl Response {
    /// Times `produce` and wraps its result.
    pub fn timed(produce: impl FnOnce() -> Result<Output, BackendError>) -> Response {
        let start = Instant::now();
        let result = produce();
        Response {
            result,
            latency: start.elapsed(),
        }
    }
}

/// A backend's output for one request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Output {
    /// The summary (one sentence per line) or the answer; empty when abstaining.
    pub text: String,
    /// True when the backend explicitly declines to answer.
    #[serde(default)]
    pub abstained: bool,
    /// Tokens used (and their cost), for backends that report them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usage: Option<Usage>,
    /// True when a secret (the API key or a configured header value) was cut out of `text`
    /// (see [`secrets::Secrets`]). Stored with cached outputs, so a cache hit stays marked.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub redacted: bool,
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

impl Output {
    /// An answer or summary.
    pub fn text(text: impl Into<String>) -> Output {
        Output {
            text: text.into(),
            abstained: false,
            usage: None,
            redacted: false,
        }
    }

    /// An explicit abstention: the backend says the documents do not answer the question.
    pub fn abstain() -> Output {
        Output {
            text: String::new(),
            abstained: true,
            usage: None,
            redacted: false,
        }
    }
}

/// Why a backend produced no output for an item. Stored with the item; the run goes on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackendError {
    /// The class of failure (`items.jsonl` records [`ErrorKind::as_str`]).
    pub kind: ErrorKind,
    /// What happened, for people.
    pub message: String,
    /// Set when trying again may succeed (a connection error, HTTP 429 or 5xx, a timeout);
    /// the runner then retries up to the backend's [`Backend::max_retries`]. Not recorded.
    pub retry: Option<Retryable>,
}

/// A failure worth retrying, and how long the server asked us to wait (`Retry-After`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Retryable {
    /// The server's `Retry-After` as sent, when it sent one; the runner waits at most the
    /// backend's [`Backend::max_retry_after`].
    pub after: Option<Duration>,
}

impl BackendError {
    /// An error of `kind` with a message.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        BackendError {
            kind,
            message: message.into(),
            retry: None,
        }
    }

    /// Marks the error as worth retrying, after at least `after` when the server said so.
    #[must_use]
    pub fn retryable(mut self, after: Option<Duration>) -> Self {
        self.retry = Some(Retryable { after });
        self
    }
}

impl BackendError {
    /// The error a backend returns when asked for a task it does not support.
    pub fn unsupported_task(backend: &str, task: Task) -> Self {
        BackendError::new(
            ErrorKind::UnsupportedTask,
            format!("backend `{backend}` does not support the `{task}` task"),
        )
    }
}

impl fmt::Display for BackendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind, self.message)
    }
}

/// Something that produces outputs for gold items.
pub trait Backend: Send + Sync {
    /// The name reports and `--backend` use.
    fn name(&self) -> &str;

    /// One line on what the backend does, for `goldeval list backends`.
    fn describe(&self) -> String;

    /// Whether the backend can do `task`; the runner skips tasks a backend does not support.
    fn supports(&self, task: Task) -> bool;

    /// Produces the output for one request. Failures are returned in the response, never
    /// panicked, so the run can record them and go on.
    fn call(&self, request: &Request) -> Response;

    /// At most this many requests in flight at once to this backend (`None`: only the
    /// runner's `--jobs` limit applies).
    fn max_concurrency(&self) -> Option<usize> {
        None
    }

    /// How many times the runner retries a request that failed with a retryable error
    /// (0: never).
    fn max_retries(&self) -> u32 {
        0
    }

    /// The longest the runner waits before a retry when the server's `Retry-After` asks for
    /// more (`max_retry_after_secs`).
    fn max_retry_after(&self) -> Duration {
        DEFAULT_MAX_RETRY_AFTER
    }

    /// Requests per minute the runner may send to this backend (`None`: no budget).
    fn requests_per_minute(&self) -> Option<f64> {
        None
    }

    /// Tokens (prompt + completion, as reported) per minute this backend may use.
    fn tokens_per_minute(&self) -> Option<f64> {
        None
    }

    /// The version of this backend's own rules, when it has one (the built-in baselines):
    /// metrics that ask it (`qa_coverage`) put it in their signatures, so tuning a baseline
    /// cannot move a metric silently. `None` for backends goldeval does not control.
    fn version(&self) -> Option<u32> {
        None
    }

    /// What determines this backend's output for `request`, when its outputs are worth
    /// caching (`None`, the default: never cached). Must never include secrets.
    fn cache_key(&self, _request: &Request) -> Option<CacheKey> {
        None
    }
}

pub mod answerer;
pub mod cache_key;
pub mod command;
pub mod error_kind;
pub mod extractive_qa;
pub mod lead;
pub mod limits;
pub mod openai;
pub mod oracle;
mod passage;
pub mod replay;
mod replay_store;
pub mod resolve;
pub mod secrets;
#[cfg(test)]
pub(crate) mod testing;
pub mod textrank;

pub use cache_key::CacheKey;
pub use error_kind::ErrorKind;
pub use extractive_qa::ExtractiveQa;
pub use lead::Lead;
pub use oracle::Oracle;
pub use replay::Replay;
pub use resolve::{resolve, Resolved};
pub use textrank::TextRank;

/// The largest output of one response when `max_output_bytes` is not set: 10 MiB (a
/// command's stdout or stream line, an HTTP body).
pub const DEFAULT_MAX_OUTPUT_BYTES: u64 = 10 * 1024 * 1024;

/// The longest wait for a server's `Retry-After` when `max_retry_after_secs` is not set.
pub const DEFAULT_MAX_RETRY_AFTER: Duration = Duration::from_secs(120);

/// The names of the built-in baselines, in the order of [`builtins`]; configured backends may
/// not take them.
pub const BUILTIN_NAMES: [&str; 4] = ["lead", "textrank", "oracle", "extractive-qa"];

/// The built-in baselines with their default settings, in a fixed order: `lead`,
/// `textrank`, `oracle`, `extractive-qa`.
pub fn builtins() -> Vec<Arc<dyn Backend>> {
    // The oracle's ROUGE types are constants (rouge1, rouge2); building them cannot fail.
    #[allow(clippy::expect_used)]
    let oracle =
        Oracle::new(Oracle::DEFAULT_MAX_SENTENCES).expect("constant ROUGE types are valid");
    vec![
        Arc::new(Lead::default()),
        Arc::new(TextRank::default()),
        Arc::new(oracle),
        Arc::new(ExtractiveQa::default()),
    ]
}

#[cfg(test)]
mod builtin_tests {
    use super::builtins;
    use crate::dataset::Task;

    #[test]
    fn builtins_have_fixed_names_and_tasks() {
        let all = builtins();
        let names: Vec<&str> = all.iter().map(|b| b.name()).collect();
        assert_eq!(names, super::BUILTIN_NAMES);
        let answers: Vec<bool> = all.iter().map(|b| b.supports(Task::Answer)).collect();
        assert_eq!(answers, [false, false, false, true]);
        assert!(all.iter().all(|b| !b.describe().is_empty()));
    }

    /// Every built-in, on every pairing of awkward texts and questions, returns a response
    /// (never panics), and the same response twice.
    #[test]
    fn builtins_survive_awkward_input() {
        use std::sync::Arc;

        use super::Request;
        use crate::dataset::Document;

        let texts = [
            "",
            "\n\n",
            "...",
            "\"",
            "“",
            "$",
            "May",
            "Feb.",
            "U.S.",
            "A. B. C.",
            "-",
            "7-10",
            "Mr.",
            "‘’",
            "«»",
            "1.",
            "$1.5bn!",
            "four-day",
            "May 7 to",
            "Xi's",
            "(CCP)",
            "Power of Siberia 2",
            "\"dear friend.\" a \"",
            "Ünïcödé Ωμέγα 北京 。",
            "at least",
            "Yun Sun, a",
            "in early",
            "the 11th",
            "2025, 2024 and 1945.",
        ];
        let questions = [
            "",
            "?",
            "How many?",
            "When?",
            "Who?",
            "Where?",
            "Which anniversary?",
            "What date in 2024?",
            "How long?",
            "How much?",
            "What label?",
            "the the the",
        ];
        for backend in builtins() {
            for text in texts {
                let document = Arc::new(Document {
                    id: "d".into(),
                    title: String::new(),
                    published: "2025-05-07".into(),
                    outlet: "wire service".into(),
                    text: format!("{text} {text}\n\n{text}"),
                });
                for question in questions {
                    for task in Task::ALL {
                        let request = Request {
                            item_id: "x".into(),
                            task,
                            documents: vec![document.clone(), document.clone()],
                            question: Some(question.into()),
                            references: vec![text.into()],
                        };
                        let first = backend.call(&request).result;
                        assert_eq!(first, backend.call(&request).result);
                        assert_eq!(first.is_ok(), backend.supports(task));
                    }
                }
            }
        }
    }
}
