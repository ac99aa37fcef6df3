//! Per-item mode: one process per request, JSON on stdin, JSON on stdout, bounded in time and
//! size. The process leads its own group; when the request ends (the program exited, timed
//! out or wrote too much) the whole group is killed, so nothing it started in the background
//! outlives the request or holds its stdout open.

use std::io::{Read, Write};
use std::process::ExitStatus;
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use super::{
    encode, excerpt, invalid_utf8, spawn, too_large, with_tail, Group, Spec, Tail, WireRequest,
    WireResponse,
};
use crate::backend::{BackendError, ErrorKind, Output};

/// How long the stderr tail may take to arrive once the group is killed.
const TAIL_GRACE: Duration = Duration::from_millis(500);

/// Stdout as read: at most the limit, and whether there was more.
struct Captured {
    bytes: Vec<u8>,
    too_large: bool,
}

/// How the wait for the program ended.
enum Ended {
    Exited(ExitStatus),
    TooLarge,
    TimedOut,
    Failed(std::io::Error),
}

/// Runs the program once for `request`.
pub(super) fn call(spec: &Spec, request: &WireRequest<'_>) -> Result<Output, BackendError> {
    let body = encode(request)?;
    let deadline = Instant::now() + spec.timeout;
    let mut group = spawn(spec)?;
    let tail = Tail::default();
    let stderr = group.child.stderr.take().map(|s| tail.collect(s));
    let (sender, stdout) = mpsc::channel();
    if let Some(out) = group.child.stdout.take() {
        let max = spec.max_output_bytes;
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = out.take(max.saturating_add(1)).read_to_end(&mut bytes);
            let too_large = bytes.len() as u64 > max;
            let _ = sender.send(Captured { bytes, too_large });
        });
    }
    if let Some(mut stdin) = group.child.stdin.take() {
        // A program that exits without reading its input closes the pipe: not our error.
        std::thread::spawn(move || {
            let _ = stdin.write_all(&body);
        });
    }
    let (ended, captured) = wait(&mut group, &stdout, deadline);
    group.kill();
    let captured = match (ended, captured) {
        (Ended::Exited(status), Some(captured)) => Ok((status, captured)),
        (Ended::Exited(status), None) => {
            match stdout.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                Ok(captured) => Ok((status, captured)),
                Err(_) => Err(Ended::TimedOut),
            }
        }
        (other, _) => Err(other),
    };
    if let Some(handle) = stderr {
        Tail::settle(handle, TAIL_GRACE);
    }
    let tail = tail.text();
    match captured {
        Ok((_, captured)) if captured.too_large => {
            Err(too_large("stdout", spec.max_output_bytes, &tail))
        }
        Ok((status, _)) if !status.success() => Err(BackendError::new(
            ErrorKind::ExitStatus,
            with_tail(format!("the program exited with {status}"), &tail),
        )),
        Ok((_, captured)) => parse(&captured.bytes, request.id, &tail),
        Err(Ended::TooLarge) => Err(too_large("stdout", spec.max_output_bytes, &tail)),
        Err(Ended::Failed(e)) => Err(BackendError::new(
            ErrorKind::Crashed,
            with_tail(format!("waiting for the program: {e}"), &tail),
        )),
        Err(Ended::TimedOut | Ended::Exited(_)) => Err(BackendError::new(
            ErrorKind::Timeout,
            with_tail(
                format!(
                    "no response within {}s; the process group was killed",
                    spec.timeout.as_secs_f64()
                ),
                &tail,
            ),
        )),
    }
}

/// Waits until the program exits, its stdout passes the limit, or `deadline`; returns how
/// it ended and stdout if it was read to its end meanwhile.
fn wait(
    group: &mut Group,
    stdout: &Receiver<Captured>,
    deadline: Instant,
) -> (Ended, Option<Captured>) {
    let mut captured: Option<Captured> = None;
    loop {
        if captured.is_none() {
            if let Ok(c) = stdout.try_recv() {
                if c.too_large {
                    return (Ended::TooLarge, None);
                }
                captured = Some(c);
            }
        }
        match group.child.try_wait() {
            Ok(Some(status)) => return (Ended::Exited(status), captured),
            Ok(None) if Instant::now() >= deadline => return (Ended::TimedOut, None),
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => return (Ended::Failed(e), None),
        }
    }
}

/// The one JSON response on stdout, which must be UTF-8 and answer `id` (when it names one).
fn parse(stdout: &[u8], id: &str, tail: &str) -> Result<Output, BackendError> {
    let text = std::str::from_utf8(stdout).map_err(|e| invalid_utf8("stdout", &e, tail))?;
    let text = text.trim();
    let response = serde_json::from_str::<WireResponse>(text).map_err(|e| {
        BackendError::new(
            ErrorKind::MalformedOutput,
            with_tail(
                format!("stdout is not one JSON response ({e}): {:?}", excerpt(text)),
                tail,
            ),
        )
    })?;
    if let Some(other) = response.id.as_deref().filter(|&other| other != id) {
        return Err(BackendError::new(
            ErrorKind::WrongId,
            with_tail(
                format!(
                    "the reply is for id {:?}, not the request's {id:?}",
                    excerpt(other)
                ),
                tail,
            ),
        ));
    }
    response.into_result(tail)
}
