//! Stream mode: one long-lived process, JSON lines both ways, matched by `id`.
//!
//! Requests are written under a lock; each caller then waits on its own channel, so several
//! requests can be in flight. A reader thread routes response lines to callers. When the
//! process exits, prints a line that is not a response (not JSON, not UTF-8, longer than
//! `max_output_bytes`) or that answers an id with no request in flight, or a request times
//! out, the process group is killed, every request still in flight gets an error with the
//! stderr tail, and the next request starts a fresh process.

use std::collections::HashMap;
use std::io::{BufReader, Write};
use std::process::{ChildStdin, ChildStdout};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use super::{
    encode, excerpt, invalid_utf8, read_line, spawn, too_large, with_tail, Group, Line, Spec, Tail,
    WireRequest, WireResponse,
};
use crate::backend::{BackendError, ErrorKind, Output};

type Reply = Result<Output, BackendError>;

/// Requests in flight, and whether the process behind them has gone.
#[derive(Default)]
struct Pending {
    dead: bool,
    waiting: HashMap<String, Sender<Reply>>,
}

/// One running process.
struct Live {
    generation: u64,
    group: Arc<Mutex<Group>>,
    stdin: ChildStdin,
    pending: Arc<Mutex<Pending>>,
    tail: Tail,
}

impl Drop for Live {
    fn drop(&mut self) {
        lock(&self.group).kill();
    }
}

/// The stream-mode process of one backend, started on first use and restarted as needed.
pub(super) struct Stream {
    live: Mutex<Option<Live>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Stream {
    pub(super) fn new() -> Stream {
        Stream {
            live: Mutex::new(None),
        }
    }

    /// Sends one request and waits (at most the timeout) for its response.
    pub(super) fn call(&self, spec: &Spec, request: &WireRequest<'_>) -> Reply {
        let mut line = encode(request)?;
        line.push(b'\n');
        let (sender, receiver) = mpsc::channel();
        let (generation, tail) = self.send(spec, request.id, &line, sender)?;
        match receiver.recv_timeout(spec.timeout) {
            Ok(reply) => reply,
            Err(RecvTimeoutError::Disconnected) => Err(BackendError::new(
                ErrorKind::Crashed,
                with_tail("the program went away".into(), &tail.text()),
            )),
            Err(RecvTimeoutError::Timeout) => {
                self.kill(generation);
                Err(BackendError::new(
                    ErrorKind::Timeout,
                    with_tail(
                        format!(
                            "no response within {}s; the process group was killed and will be restarted",
                            spec.timeout.as_secs_f64()
                        ),
                        &tail.text(),
                    ),
                ))
            }
        }
    }

    /// Registers the caller and writes the request line, starting a process if needed.
    fn send(
        &self,
        spec: &Spec,
        id: &str,
        line: &[u8],
        sender: Sender<Reply>,
    ) -> Result<(u64, Tail), BackendError> {
        let mut live = lock(&self.live);
        let dead = live.as_ref().is_none_or(|l| lock(&l.pending).dead);
        if dead {
            let generation = live.as_ref().map_or(0, |l| l.generation + 1);
            *live = Some(start(spec, generation)?);
        }
        let Some(current) = live.as_mut() else {
            return Err(BackendError::new(ErrorKind::Internal, "no process"));
        };
        {
            let mut pending = lock(&current.pending);
            if pending.waiting.contains_key(id) {
                return Err(BackendError::new(
                    ErrorKind::DuplicateInFlight,
                    format!("a request for item \"{id}\" is already in flight"),
                ));
            }
            pending.waiting.insert(id.to_string(), sender);
        }
        if let Err(e) = current
            .stdin
            .write_all(line)
            .and_then(|()| current.stdin.flush())
        {
            lock(&current.pending).waiting.remove(id);
            let tail = current.tail.text();
            *live = None;
            return Err(BackendError::new(
                ErrorKind::Crashed,
                with_tail(format!("writing the request: {e}"), &tail),
            ));
        }
        Ok((current.generation, current.tail.clone()))
    }

    /// Kills the process of `generation` if it is still the current one.
    fn kill(&self, generation: u64) {
        let mut live = lock(&self.live);
        if live.as_ref().is_some_and(|l| l.generation == generation) {
            *live = None;
        }
    }
}

fn start(spec: &Spec, generation: u64) -> Result<Live, BackendError> {
    let mut group = spawn(spec)?;
    let child = &mut group.child;
    let (Some(stdin), Some(stdout), Some(stderr)) =
        (child.stdin.take(), child.stdout.take(), child.stderr.take())
    else {
        return Err(BackendError::new(
            ErrorKind::SpawnFailed,
            "standard streams missing",
        ));
    };
    let tail = Tail::default();
    let stderr = tail.collect(stderr);
    let group = Arc::new(Mutex::new(group));
    let pending = Arc::new(Mutex::new(Pending::default()));
    let reader = Reader {
        group: Arc::clone(&group),
        pending: Arc::clone(&pending),
        tail: tail.clone(),
        max_line: spec.max_output_bytes,
    };
    std::thread::spawn(move || reader.run(stdout, stderr));
    Ok(Live {
        generation,
        group,
        stdin,
        pending,
        tail,
    })
}

/// Routes response lines to waiting callers until the process goes away.
struct Reader {
    group: Arc<Mutex<Group>>,
    pending: Arc<Mutex<Pending>>,
    tail: Tail,
    max_line: u64,
}

/// Why a stream process was killed: the error every request in flight gets.
type Fault = (ErrorKind, String);

impl Reader {
    fn run(self, stdout: ChildStdout, stderr: std::thread::JoinHandle<()>) {
        let why = self.read(stdout);
        if why.is_some() {
            lock(&self.group).kill();
        }
        let status = self.reap();
        Tail::settle(stderr, Duration::from_millis(500));
        let tail = self.tail.text();
        let mut pending = lock(&self.pending);
        pending.dead = true;
        for (_, sender) in pending.waiting.drain() {
            let error = match &why {
                Some((kind, bad)) => BackendError::new(*kind, with_tail(bad.clone(), &tail)),
                None => BackendError::new(
                    ErrorKind::Crashed,
                    with_tail(format!("the program exited ({status})"), &tail),
                ),
            };
            let _ = sender.send(Err(error));
        }
    }

    /// Routes lines until stdout ends (`None`) or a line is not a response to a request in
    /// flight (why).
    fn read(&self, stdout: ChildStdout) -> Option<Fault> {
        let mut reader = BufReader::new(stdout);
        let max = usize::try_from(self.max_line).unwrap_or(usize::MAX);
        let mut line = Vec::new();
        loop {
            match read_line(&mut reader, max, &mut line) {
                Ok(Line::Whole) => {}
                Ok(Line::End) | Err(_) => return None,
                Ok(Line::TooLong) => {
                    let e = too_large("a line of stdout", self.max_line, "");
                    return Some((e.kind, e.message));
                }
            }
            let text = match std::str::from_utf8(&line) {
                Ok(text) => text,
                Err(e) => {
                    let e = invalid_utf8("a line of stdout", &e, "");
                    return Some((e.kind, e.message));
                }
            };
            if text.trim().is_empty() {
                continue;
            }
            if let Err(bad) = self.route(text) {
                return Some(bad);
            }
        }
    }

    /// Sends one response line to its caller. A line that is not a response, or answers an
    /// id with no request in flight, is an error.
    fn route(&self, line: &str) -> Result<(), Fault> {
        let malformed = |why: String| (ErrorKind::MalformedOutput, why);
        let response = serde_json::from_str::<WireResponse>(line)
            .map_err(|e| malformed(format!("malformed output line ({e}): {:?}", excerpt(line))))?;
        let Some(id) = response.id.clone() else {
            return Err(malformed(format!(
                "response without `id`: {:?}",
                excerpt(line)
            )));
        };
        let mut pending = lock(&self.pending);
        // A request that timed out stays registered until its process is killed, so a late
        // answer to it lands here and is dropped with its closed channel.
        let Some(sender) = pending.waiting.remove(&id) else {
            let mut flight: Vec<&str> = pending.waiting.keys().map(String::as_str).collect();
            flight.sort_unstable();
            return Err((
                ErrorKind::WrongId,
                format!(
                    "the program answered id {:?}, which matches no request in flight (in flight: {})",
                    excerpt(&id),
                    if flight.is_empty() {
                        "none".to_string()
                    } else {
                        flight.join(", ")
                    }
                ),
            ));
        };
        drop(pending);
        let _ = sender.send(response.into_result(&self.tail.text()));
        Ok(())
    }

    /// Waits briefly for the exit status; kills a group whose leader closed stdout but
    /// lingers.
    fn reap(&self) -> String {
        let deadline = Instant::now() + Duration::from_secs(2);
        loop {
            let mut group = lock(&self.group);
            match group.child.try_wait() {
                Ok(Some(status)) => {
                    group.kill();
                    return status.to_string();
                }
                Ok(None) if Instant::now() >= deadline => {
                    group.kill();
                    return "killed after closing stdout".into();
                }
                Ok(None) => {}
                Err(e) => return e.to_string(),
            }
            drop(group);
            std::thread::sleep(Duration::from_millis(5));
        }
    }
}
