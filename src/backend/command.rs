//! `command`: an external program as a backend, spoken to in JSON.
//!
//! The program is started directly (program + arguments, never through a shell), and dataset
//! strings are never put on its command line: requests travel on stdin only.
//!
//! - `per-item` mode: one process per request; one JSON request on stdin (then EOF), one JSON
//!   response on stdout.
//! - `stream` mode: one long-lived process; JSON lines both ways, matched by `id`; several
//!   requests may be in flight. A crashed (or timed-out, or babbling) process is killed and
//!   restarted for the next request.
//!
//! Request: `{"id", "task", "question", "documents": [{"id", "title", "published", "outlet",
//! "text"}]}` (never the gold references). Response: `{"id", "output", "abstained"}` or
//! `{"id", "error"}`. A non-zero exit, a timeout, malformed output or a crash becomes an item
//! error carrying the tail of the program's stderr; nothing waits forever.

mod per_item;
mod stream;

use crate::config::CommandMode;
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read};
use std::process::{Command as Process, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::{Backend, BackendError, Output, Request, Response};
use crate::dataset::Task;

/// What to run and how.
#[derive(Debug, Clone)]
pub struct Spec {
    /// The backend's name.
    pub name: String,
    /// Program and arguments (`argv`); never passed through a shell.
    pub argv: Vec<String>,
    /// Per-item or stream.
    pub mode: CommandMode,
    /// How long one request may take.
    pub timeout: Duration,
    /// The tasks the program handles.
    pub tasks: Vec<Task>,
}

/// An external program as a backend.
pub struct CommandBackend {
    spec: Spec,
    stream: stream::Stream,
}

impl CommandBackend {
    /// A backend that runs `spec.argv` (nothing is started until the first request).
    pub fn new(spec: Spec) -> CommandBackend {
        CommandBackend {
            stream: stream::Stream::new(),
            spec,
        }
    }
}

impl Backend for CommandBackend {
    fn name(&self) -> &str {
        &self.spec.name
    }

    fn describe(&self) -> String {
        let mode = match self.spec.mode {
            CommandMode::PerItem => "per-item",
            CommandMode::Stream => "stream",
        };
        format!("runs `{}` ({mode})", self.spec.argv.join(" "))
    }

    fn supports(&self, task: Task) -> bool {
        self.spec.tasks.contains(&task)
    }

    // No `cache_key`: goldeval cannot see when the program or its model changes, so a
    // cached answer could silently be stale. Command outputs are never cached.

    fn call(&self, request: &Request) -> Response {
        Response::timed(|| {
            let wire = WireRequest::from(request);
            match self.spec.mode {
                CommandMode::PerItem => per_item::call(&self.spec, &wire),
                CommandMode::Stream => self.stream.call(&self.spec, &wire),
            }
        })
    }
}

/// A document as sent to the program.
#[derive(Debug, Serialize)]
struct WireDocument<'a> {
    id: &'a str,
    title: &'a str,
    published: &'a str,
    outlet: &'a str,
    text: &'a str,
}

/// The request as sent to the program: no gold references.
#[derive(Debug, Serialize)]
struct WireRequest<'a> {
    id: &'a str,
    task: Task,
    question: Option<&'a str>,
    documents: Vec<WireDocument<'a>>,
}

impl<'a> From<&'a Request> for WireRequest<'a> {
    fn from(r: &'a Request) -> Self {
        WireRequest {
            id: &r.item_id,
            task: r.task,
            question: r.question.as_deref(),
            documents: r
                .documents
                .iter()
                .map(|d| WireDocument {
                    id: &d.id,
                    title: &d.title,
                    published: &d.published,
                    outlet: &d.outlet,
                    text: &d.text,
                })
                .collect(),
        }
    }
}

/// The program's answer.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct WireResponse {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    output: Option<String>,
    #[serde(default)]
    abstained: bool,
    #[serde(default)]
    error: Option<String>,
}

impl WireResponse {
    fn into_result(self, tail: &str) -> Result<Output, BackendError> {
        match (self.error, self.output) {
            (Some(message), _) => Err(BackendError::new(
                "program_error",
                with_tail(format!("the program reported: {message}"), tail),
            )),
            (None, Some(text)) => Ok(Output {
                text,
                abstained: self.abstained,
                usage: None,
            }),
            (None, None) if self.abstained => Ok(Output::abstain()),
            (None, None) => Err(BackendError::new(
                "malformed_output",
                with_tail("response has neither `output` nor `error`".into(), tail),
            )),
        }
    }
}

/// The last lines of a program's stderr, kept bounded.
#[derive(Debug, Clone, Default)]
struct Tail(Arc<Mutex<VecDeque<String>>>);

impl Tail {
    const LINES: usize = 20;

    /// Reads `stderr` to its end on a thread, keeping the last lines.
    fn collect(&self, stderr: impl Read + Send + 'static) -> std::thread::JoinHandle<()> {
        let lines = Arc::clone(&self.0);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if let Ok(mut lines) = lines.lock() {
                    if lines.len() == Tail::LINES {
                        lines.pop_front();
                    }
                    lines.push_back(line);
                }
            }
        })
    }

    fn text(&self) -> String {
        self.0
            .lock()
            .map(|l| l.iter().cloned().collect::<Vec<_>>().join("\n"))
            .unwrap_or_default()
    }
}

fn with_tail(message: String, tail: &str) -> String {
    if tail.is_empty() {
        format!("{message} (stderr was empty)")
    } else {
        format!("{message}; stderr tail:\n{tail}")
    }
}

/// Starts the program with all three standard streams piped.
fn spawn(spec: &Spec) -> Result<std::process::Child, BackendError> {
    let Some((program, args)) = spec.argv.split_first() else {
        return Err(BackendError::new("spawn_failed", "empty command"));
    };
    Process::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| BackendError::new("spawn_failed", format!("cannot start `{program}`: {e}")))
}

/// The first 200 characters of a line, for messages.
fn excerpt(text: &str) -> String {
    let short: String = text.chars().take(200).collect();
    if short.len() < text.len() {
        format!("{short}…")
    } else {
        short
    }
}
