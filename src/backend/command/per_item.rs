//! Per-item mode: one process per request, JSON on stdin, JSON on stdout, bounded in time.

use std::io::{Read, Write};
use std::process::Child;
use std::time::{Duration, Instant};

use super::{excerpt, spawn, with_tail, Spec, Tail, WireRequest, WireResponse};
use crate::backend::{BackendError, Output};

/// Runs the program once for `request`.
pub(super) fn call(spec: &Spec, request: &WireRequest<'_>) -> Result<Output, BackendError> {
    let body = serde_json::to_vec(request)
        .map_err(|e| BackendError::new("internal", format!("encoding the request: {e}")))?;
    let mut child = spawn(spec)?;
    let tail = Tail::default();
    let stderr = child.stderr.take().map(|s| tail.collect(s));
    let stdout = child.stdout.take().map(|mut out| {
        std::thread::spawn(move || {
            let mut text = Vec::new();
            let _ = out.read_to_end(&mut text);
            text
        })
    });
    if let Some(mut stdin) = child.stdin.take() {
        // A program that exits without reading its input closes the pipe: not our error.
        std::thread::spawn(move || {
            let _ = stdin.write_all(&body);
        });
    }
    let status = wait(&mut child, spec.timeout);
    let text = stdout.and_then(|h| h.join().ok()).unwrap_or_default();
    if let Some(h) = stderr {
        let _ = h.join();
    }
    let tail = tail.text();
    match status {
        None => Err(BackendError::new(
            "timeout",
            with_tail(
                format!(
                    "no response within {}s; the process was killed",
                    spec.timeout.as_secs_f64()
                ),
                &tail,
            ),
        )),
        Some(Err((kind, e))) => Err(BackendError::new(kind, with_tail(e, &tail))),
        Some(Ok(())) => parse(&text, &tail),
    }
}

/// Waits up to `timeout` for the child; kills it when time runs out (`None`).
/// A non-zero exit is `exit_status`; a failure to wait is `crashed`.
fn wait(child: &mut Child, timeout: Duration) -> Option<Result<(), (&'static str, String)>> {
    let deadline = Instant::now() + timeout;
    loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => return Some(Ok(())),
            Ok(Some(status)) => {
                return Some(Err((
                    "exit_status",
                    format!("the program exited with {status}"),
                )))
            }
            Ok(None) if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                return None;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => return Some(Err(("crashed", format!("waiting for the program: {e}")))),
        }
    }
}

fn parse(stdout: &[u8], tail: &str) -> Result<Output, BackendError> {
    let text = String::from_utf8_lossy(stdout);
    let text = text.trim();
    match serde_json::from_str::<WireResponse>(text) {
        Ok(response) => response.into_result(tail),
        Err(e) => Err(BackendError::new(
            "malformed_output",
            with_tail(
                format!("stdout is not one JSON response ({e}): {:?}", excerpt(text)),
                tail,
            ),
        )),
    }
}
