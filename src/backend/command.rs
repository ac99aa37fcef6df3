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
//! `{"id", "error"}`. A non-zero exit, a timeout, malformed output, output over
//! `max_output_bytes`, output that is not UTF-8, a reply with another request's `id` or a
//! crash becomes an item error carrying the tail of the program's stderr; nothing waits
//! forever. Every process runs in its own process group, killed whole when its request ends
//! or times out (and by [`kill_all`] on a second Ctrl-C).

mod group;
mod per_item;
mod stream;

pub use group::kill_all;

use crate::config::CommandMode;
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read};
use std::process::{Command as Process, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::{Backend, BackendError, ErrorKind, Output, Request, Response};
use crate::dataset::Task;
use group::Group;

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
    /// The most stdout one response may take (per-item: the whole of stdout; stream: one
    /// line).
    pub max_output_bytes: u64,
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
                ErrorKind::ProgramError,
                with_tail(format!("the program reported: {message}"), tail),
            )),
            (None, Some(text)) => Ok(Output {
                abstained: self.abstained,
                ..Output::text(text)
            }),
            (None, None) if self.abstained => Ok(Output::abstain()),
            (None, None) => Err(BackendError::new(
                ErrorKind::MalformedOutput,
                with_tail("response has neither `output` nor `error`".into(), tail),
            )),
        }
    }
}

/// One line of a program's output, as [`read_line`] found it.
#[derive(Debug, PartialEq, Eq)]
enum Line {
    /// A whole line (or the last, unterminated one), without its newline.
    Whole,
    /// The line went on past the limit; what fits is kept, the rest is not read.
    TooLong,
    /// The end of the stream.
    End,
}

/// Reads one line into `line` (cleared first), keeping at most `max` bytes.
fn read_line(reader: &mut impl BufRead, max: usize, line: &mut Vec<u8>) -> std::io::Result<Line> {
    line.clear();
    loop {
        let buffer = reader.fill_buf()?;
        if buffer.is_empty() {
            return Ok(if line.is_empty() {
                Line::End
            } else {
                Line::Whole
            });
        }
        let newline = buffer.iter().position(|&b| b == b'\n');
        let take = newline.unwrap_or(buffer.len());
        let room = max.saturating_sub(line.len());
        line.extend_from_slice(&buffer[..take.min(room)]);
        if take > room {
            reader.consume(room);
            return Ok(Line::TooLong);
        }
        reader.consume(take + usize::from(newline.is_some()));
        if newline.is_some() {
            return Ok(Line::Whole);
        }
    }
}

/// The last lines of a program's stderr, kept bounded (at most [`Tail::LINES`] lines of at
/// most [`Tail::WIDTH`] bytes; bytes that are not UTF-8 are shown as U+FFFD).
#[derive(Debug, Clone, Default)]
struct Tail(Arc<Mutex<VecDeque<String>>>);

impl Tail {
    const LINES: usize = 20;
    const WIDTH: usize = 2000;

    /// Reads `stderr` to its end on a thread, keeping the last lines.
    fn collect(&self, stderr: impl Read + Send + 'static) -> std::thread::JoinHandle<()> {
        let lines = Arc::clone(&self.0);
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stderr);
            let mut line = Vec::new();
            loop {
                let read = read_line(&mut reader, Tail::WIDTH, &mut line);
                let mut text = String::from_utf8_lossy(&line).into_owned();
                match read {
                    Ok(Line::End) | Err(_) => break,
                    Ok(Line::Whole) => {}
                    Ok(Line::TooLong) => {
                        text.push('…');
                        if skip_line(&mut reader).is_err() {
                            break;
                        }
                    }
                }
                if let Ok(mut lines) = lines.lock() {
                    if lines.len() == Tail::LINES {
                        lines.pop_front();
                    }
                    lines.push_back(text);
                }
            }
        })
    }

    /// Waits up to `grace` for the thread that collects the tail to reach the end of
    /// stderr (a process outside the killed group may still hold it open).
    fn settle(handle: std::thread::JoinHandle<()>, grace: Duration) {
        let deadline = Instant::now() + grace;
        while !handle.is_finished() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(2));
        }
    }

    fn text(&self) -> String {
        self.0
            .lock()
            .map(|l| l.iter().cloned().collect::<Vec<_>>().join("\n"))
            .unwrap_or_default()
    }
}

/// Reads and drops the rest of a line.
fn skip_line(reader: &mut impl BufRead) -> std::io::Result<()> {
    loop {
        let buffer = reader.fill_buf()?;
        if buffer.is_empty() {
            return Ok(());
        }
        match buffer.iter().position(|&b| b == b'\n') {
            Some(i) => {
                reader.consume(i + 1);
                return Ok(());
            }
            None => {
                let n = buffer.len();
                reader.consume(n);
            }
        }
    }
}

fn with_tail(message: String, tail: &str) -> String {
    if tail.is_empty() {
        format!("{message} (stderr was empty)")
    } else {
        format!("{message}; stderr tail:\n{tail}")
    }
}

/// Starts the program in its own process group with all three standard streams piped.
fn spawn(spec: &Spec) -> Result<Group, BackendError> {
    let Some((program, args)) = spec.argv.split_first() else {
        return Err(BackendError::new(ErrorKind::SpawnFailed, "empty command"));
    };
    let mut command = Process::new(program);
    command
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    Group::spawn(&mut command).map_err(|e| {
        BackendError::new(
            ErrorKind::SpawnFailed,
            format!("cannot start `{program}`: {e}"),
        )
    })
}

/// The error for output that is not UTF-8.
fn invalid_utf8(what: &str, e: &std::str::Utf8Error, tail: &str) -> BackendError {
    BackendError::new(
        ErrorKind::InvalidUtf8,
        with_tail(
            format!(
                "{what} is not valid UTF-8 (invalid byte at offset {})",
                e.valid_up_to()
            ),
            tail,
        ),
    )
}

/// The error for output over the limit.
fn too_large(what: &str, max: u64, tail: &str) -> BackendError {
    BackendError::new(
        ErrorKind::OutputTooLarge,
        with_tail(
            format!("{what} is larger than max_output_bytes ({max} bytes); the process was killed"),
            tail,
        ),
    )
}

/// The request encoded as JSON.
fn encode(request: &WireRequest<'_>) -> Result<Vec<u8>, BackendError> {
    serde_json::to_vec(request)
        .map_err(|e| BackendError::new(ErrorKind::Internal, format!("encoding the request: {e}")))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_read_whole_or_cut_at_the_limit() {
        let mut reader = BufReader::with_capacity(4, &b"ab\ncdefgh\nij"[..]);
        let mut line = Vec::new();
        let mut next = |reader: &mut BufReader<&[u8]>| {
            let read = read_line(reader, 5, &mut line).unwrap();
            (read, String::from_utf8(line.clone()).unwrap())
        };
        assert_eq!(next(&mut reader), (Line::Whole, "ab".into()));
        assert_eq!(next(&mut reader), (Line::TooLong, "cdefg".into()));
        skip_line(&mut reader).unwrap();
        assert_eq!(next(&mut reader), (Line::Whole, "ij".into()));
        assert_eq!(next(&mut reader), (Line::End, String::new()));
    }

    /// Stderr that is not UTF-8, or has a very long line, is still read to its end (a tail
    /// that stopped reading would leave the program blocked on a full pipe).
    #[test]
    fn the_stderr_tail_reads_any_bytes_to_the_end_and_keeps_the_last_lines() {
        let mut bytes = b"caf\xe9\n".to_vec();
        bytes.extend(std::iter::repeat_n(b'x', 1 << 20));
        bytes.push(b'\n');
        for i in 0..30 {
            bytes.extend(format!("line {i}\n").bytes());
        }
        let tail = Tail::default();
        tail.collect(std::io::Cursor::new(bytes)).join().unwrap();
        let text = tail.text();
        assert_eq!(text.lines().count(), Tail::LINES);
        assert!(
            text.ends_with("line 29") && text.starts_with("line 10"),
            "{text}"
        );
        let tail = Tail::default();
        tail.collect(std::io::Cursor::new(b"caf\xe9\n".to_vec()))
            .join()
            .unwrap();
        assert_eq!(tail.text(), "caf\u{fffd}");
        let tail = Tail::default();
        let long = [vec![b'y'; 3 * Tail::WIDTH], b"\nend\n".to_vec()].concat();
        tail.collect(std::io::Cursor::new(long)).join().unwrap();
        let text = tail.text();
        assert!(text.ends_with("…\nend"), "{}", &text[text.len() - 20..]);
        assert_eq!(
            text.lines().next().unwrap().len(),
            Tail::WIDTH + '…'.len_utf8()
        );
    }
}
