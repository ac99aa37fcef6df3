//! Stream mode: one long-lived process, JSON lines both ways, matched by `id`.
//!
//! Requests are written under a lock; each caller then waits on its own channel, so several
//! requests can be in flight. A reader thread routes response lines to callers. When the
//! process exits, prints a line that matches no request, or a request times out, the
//! process is killed, every request still in flight gets an error with the stderr tail, and
//! the next request starts a fresh process.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, ChildStdout};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use super::{excerpt, spawn, with_tail, Spec, Tail, WireRequest, WireResponse};
use crate::backend::{BackendError, Output};

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
    child: Arc<Mutex<Child>>,
    stdin: ChildStdin,
    pending: Arc<Mutex<Pending>>,
    tail: Tail,
}

impl Drop for Live {
    fn drop(&mut self) {
        if let Ok(mut child) = self.child.lock() {
            let _ = child.kill();
        }
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
        let mut line = serde_json::to_vec(request)
            .map_err(|e| BackendError::new("internal", format!("encoding the request: {e}")))?;
        line.push(b'\n');
        let (sender, receiver) = mpsc::channel();
        let (generation, tail) = self.send(spec, request.id, &line, sender)?;
        match receiver.recv_timeout(spec.timeout) {
            Ok(reply) => reply,
            Err(RecvTimeoutError::Disconnected) => Err(BackendError::new(
                "crashed",
                with_tail("the program went away".into(), &tail.text()),
            )),
            Err(RecvTimeoutError::Timeout) => {
                self.kill(generation);
                Err(BackendError::new(
                    "timeout",
                    with_tail(
                        format!(
                            "no response within {}s; the process was killed and will be restarted",
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
            return Err(BackendError::new("internal", "no process"));
        };
        {
            let mut pending = lock(&current.pending);
            if pending.waiting.contains_key(id) {
                return Err(BackendError::new(
                    "duplicate_in_flight",
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
                "crashed",
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
    let mut child = spawn(spec)?;
    let (Some(stdin), Some(stdout), Some(stderr)) =
        (child.stdin.take(), child.stdout.take(), child.stderr.take())
    else {
        let _ = child.kill();
        return Err(BackendError::new(
            "spawn_failed",
            "standard streams missing",
        ));
    };
    let tail = Tail::default();
    let stderr = tail.collect(stderr);
    let child = Arc::new(Mutex::new(child));
    let pending = Arc::new(Mutex::new(Pending::default()));
    let reader = Reader {
        child: Arc::clone(&child),
        pending: Arc::clone(&pending),
        tail: tail.clone(),
    };
    std::thread::spawn(move || reader.run(stdout, stderr));
    Ok(Live {
        generation,
        child,
        stdin,
        pending,
        tail,
    })
}

/// Routes response lines to waiting callers until the process goes away.
struct Reader {
    child: Arc<Mutex<Child>>,
    pending: Arc<Mutex<Pending>>,
    tail: Tail,
}

impl Reader {
    fn run(self, stdout: ChildStdout, stderr: std::thread::JoinHandle<()>) {
        let mut why = None;
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if line.trim().is_empty() {
                continue;
            }
            if let Err(bad) = self.route(&line) {
                why = Some(bad);
                let _ = lock(&self.child).kill();
                break;
            }
        }
        let status = self.reap();
        let _ = stderr.join();
        let tail = self.tail.text();
        let mut pending = lock(&self.pending);
        pending.dead = true;
        for (_, sender) in pending.waiting.drain() {
            let error = match &why {
                Some(bad) => BackendError::new("malformed_output", with_tail(bad.clone(), &tail)),
                None => BackendError::new(
                    "crashed",
                    with_tail(format!("the program exited ({status})"), &tail),
                ),
            };
            let _ = sender.send(Err(error));
        }
    }

    /// Sends one response line to its caller; a line that matches no request is an error.
    fn route(&self, line: &str) -> Result<(), String> {
        let response = serde_json::from_str::<WireResponse>(line)
            .map_err(|e| format!("malformed output line ({e}): {:?}", excerpt(line)))?;
        let Some(id) = response.id.clone() else {
            return Err(format!("response without `id`: {:?}", excerpt(line)));
        };
        let sender = lock(&self.pending).waiting.remove(&id);
        match sender {
            Some(sender) => {
                let _ = sender.send(response.into_result(&self.tail.text()));
                Ok(())
            }
            // A late answer to a request that already timed out is dropped.
            None => Ok(()),
        }
    }

    /// Waits briefly for the exit status; kills a process that closed stdout but lingers.
    fn reap(&self) -> String {
        let deadline = Instant::now() + Duration::from_secs(2);
        loop {
            let mut child = lock(&self.child);
            match child.try_wait() {
                Ok(Some(status)) => return status.to_string(),
                Ok(None) if Instant::now() >= deadline => {
                    let _ = child.kill();
                    let _ = child.wait();
                    return "killed after closing stdout".into();
                }
                Ok(None) => {}
                Err(e) => return e.to_string(),
            }
            drop(child);
            std::thread::sleep(Duration::from_millis(5));
        }
    }
}
