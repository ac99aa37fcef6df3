//! `Goldeval`: a small builder that runs the real binary and checks its outcome.
#![allow(dead_code)] // shared helpers: not every module uses every one

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The repository root (where Cargo.toml is).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A JSON file, parsed.
pub fn read_json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Every file under `dir` (recursively), as text.
pub fn all_text(dir: &Path) -> String {
    let mut text = String::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            text.push_str(&all_text(&path));
        } else {
            text.push_str(&String::from_utf8_lossy(&std::fs::read(&path).unwrap()));
        }
    }
    text
}

/// Every line of a run directory's `items.jsonl`, parsed.
pub fn items(run: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(run.join("items.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// A copy of run directory `run` in `to`: its run.json and summary.json, and the lines of
/// its items.jsonl as `edit` returns them.
pub fn copy_run(run: &Path, to: &Path, edit: impl FnOnce(Vec<String>) -> Vec<String>) -> PathBuf {
    std::fs::create_dir_all(to).unwrap();
    for f in ["run.json", "summary.json"] {
        std::fs::copy(run.join(f), to.join(f)).unwrap();
    }
    let text = std::fs::read_to_string(run.join("items.jsonl")).unwrap();
    let lines = edit(text.lines().map(String::from).collect());
    std::fs::write(to.join("items.jsonl"), lines.join("\n") + "\n").unwrap();
    to.to_path_buf()
}

/// The bundled dataset.
pub fn bundled_dataset() -> PathBuf {
    repo().join("datasets/xi-moscow-2025")
}

/// The small test dataset (tests/fixtures/datasets/mini).
pub fn mini() -> PathBuf {
    repo().join("tests/fixtures/datasets/mini")
}

/// A copy of the mini dataset in a temporary directory, for tests that break it.
pub fn copy_of_mini() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(mini()).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    dir
}

/// One invocation of the goldeval binary.
pub struct Goldeval {
    command: Command,
    /// What to write on the child's stdin (none: stdin is closed).
    stdin: Option<Vec<u8>>,
    /// A fresh response cache for this invocation only (tests that share one set
    /// GOLDEVAL_CACHE_DIR themselves), so no test reads another's or the user's cache.
    _cache: tempfile::TempDir,
}

/// What an invocation produced.
pub struct Outcome {
    /// Exit code.
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Goldeval {
    /// `goldeval ARGS...`, run in the repository root with a clean environment for colours.
    pub fn new<I, S>(args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        let mut command = Command::new(env!("CARGO_BIN_EXE_goldeval"));
        let cache = tempfile::tempdir().unwrap();
        command
            .args(args)
            .current_dir(repo())
            .env("NO_COLOR", "1")
            .env("GOLDEVAL_CACHE_DIR", cache.path());
        Goldeval {
            command,
            stdin: None,
            _cache: cache,
        }
    }

    /// Appends one more argument (a path, say).
    pub fn arg(mut self, arg: impl AsRef<std::ffi::OsStr>) -> Self {
        self.command.arg(arg);
        self
    }

    /// Appends arguments.
    pub fn args<S: AsRef<std::ffi::OsStr>>(mut self, args: &[S]) -> Self {
        self.command.args(args);
        self
    }

    /// Sets an environment variable for this invocation.
    pub fn env(mut self, key: &str, value: &str) -> Self {
        self.command.env(key, value);
        self
    }

    /// Removes an environment variable for this invocation.
    pub fn env_remove(mut self, key: &str) -> Self {
        self.command.env_remove(key);
        self
    }

    /// Runs in `dir` instead of the repository root.
    pub fn current_dir(mut self, dir: &Path) -> Self {
        self.command.current_dir(dir);
        self
    }

    /// Feeds `text` to the child's standard input.
    pub fn stdin(mut self, text: impl Into<Vec<u8>>) -> Self {
        self.stdin = Some(text.into());
        self
    }

    /// Runs and returns the outcome.
    pub fn run(mut self) -> Outcome {
        use std::io::Write;
        use std::process::Stdio;
        let input = self.stdin.take();
        self.command
            .stdin(if input.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = self.command.spawn().expect("the goldeval binary runs");
        if let (Some(bytes), Some(mut pipe)) = (input, child.stdin.take()) {
            std::thread::spawn(move || {
                let _ = pipe.write_all(&bytes);
            });
        }
        let Output {
            status,
            stdout,
            stderr,
        } = child.wait_with_output().expect("the goldeval binary runs");
        Outcome {
            code: status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&stdout).into_owned(),
            stderr: String::from_utf8_lossy(&stderr).into_owned(),
        }
    }

    /// Starts the binary without waiting; both streams are collected as they come.
    pub fn spawn(mut self) -> Running {
        let mut child = self
            .command
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the goldeval binary starts");
        let collect = |stream: Option<Box<dyn std::io::Read + Send>>| {
            let text = Arc::new(Mutex::new(String::new()));
            let sink = Arc::clone(&text);
            let handle = std::thread::spawn(move || {
                let Some(mut stream) = stream else { return };
                let mut buffer = [0u8; 4096];
                while let Ok(n) = stream.read(&mut buffer) {
                    if n == 0 {
                        break;
                    }
                    sink.lock()
                        .unwrap()
                        .push_str(&String::from_utf8_lossy(&buffer[..n]));
                }
            });
            (text, handle)
        };
        let stdout = collect(child.stdout.take().map(|s| Box::new(s) as _));
        let stderr = collect(child.stderr.take().map(|s| Box::new(s) as _));
        Running {
            child,
            stdout,
            stderr,
            _cache: self._cache,
        }
    }

    /// Runs and asserts the exit code, showing both streams on failure.
    pub fn code(self, expected: i32) -> Outcome {
        let outcome = self.run();
        assert_eq!(
            outcome.code, expected,
            "unexpected exit code\n--- stdout\n{}\n--- stderr\n{}",
            outcome.stdout, outcome.stderr
        );
        outcome
    }
}

/// Text collected from a stream, and the thread collecting it.
type Collected = (Arc<Mutex<String>>, std::thread::JoinHandle<()>);

/// A goldeval process started by [`Goldeval::spawn`].
pub struct Running {
    /// The process.
    pub child: Child,
    stdout: Collected,
    stderr: Collected,
    _cache: tempfile::TempDir,
}

impl Running {
    /// The process id, for `kill`.
    pub fn pid(&self) -> String {
        self.child.id().to_string()
    }

    /// Sends `signal` (`INT`, `TERM`, ...) to the process.
    pub fn signal(&self, signal: &str) {
        let status = Command::new("kill")
            .args([format!("-{signal}"), self.pid()])
            .status()
            .unwrap();
        assert!(status.success(), "kill -{signal}");
    }

    /// What the process wrote to stderr so far.
    pub fn stderr(&self) -> String {
        self.stderr.0.lock().unwrap().clone()
    }

    /// Waits for the process to exit, at most `limit` (a guard against a hang, not a
    /// measure of speed): past it the process is killed and the test fails, saying `why`.
    pub fn finish_within(mut self, limit: Duration, why: &str) -> Outcome {
        let start = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            if start.elapsed() > limit {
                let _ = self.child.kill();
                let _ = self.child.wait();
                panic!(
                    "still running after {limit:?}: {why}\n--- stderr\n{}",
                    self.stderr()
                );
            }
            std::thread::sleep(Duration::from_millis(10));
        };
        let text = |(text, handle): Collected| {
            let _ = handle.join();
            let text = text.lock().unwrap().clone();
            text
        };
        Outcome {
            code: status.code().unwrap_or(-1),
            stdout: text(self.stdout),
            stderr: text(self.stderr),
        }
    }
}

/// Polls `ready` every few milliseconds until it holds; fails the test after `limit` (a
/// guard against a hang), saying `what` was awaited.
pub fn wait_for(limit: Duration, what: &str, mut ready: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ready() {
        assert!(start.elapsed() < limit, "waited {limit:?} for {what}");
        std::thread::sleep(Duration::from_millis(5));
    }
}
