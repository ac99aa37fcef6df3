//! Faults and interruption: waits that end on Ctrl-C or SIGTERM, a capped `Retry-After`,
//! command processes that are killed whole, output that is too large, not UTF-8 or answers
//! the wrong id, redirects, and the modes of written files.
//!
//! The time limits below guard against hangs (a test that would otherwise wait minutes);
//! they are far above what the behaviour needs and measure no speed.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use serde_json::Value;

use crate::openai_server::{Fault, Server};
use crate::util::{items, mini, wait_for, Goldeval, Outcome};

const GUARD: Duration = Duration::from_secs(60);

/// A goldeval.toml with one `openai` backend named `model` in `dir`.
fn openai_config(dir: &Path, server: &Server, extra: &str) {
    std::fs::write(
        dir.join("goldeval.toml"),
        format!(
            "[[backend]]\nname = \"model\"\nkind = \"openai\"\nbase_url = \"{}\"\nmodel = \"tiny\"\ntimeout_secs = 10\n{extra}",
            server.base_url
        ),
    )
    .unwrap();
}

/// A goldeval.toml with one `command` backend named `cmd` running `sh -c SCRIPT`.
fn command_config(dir: &Path, script: &str, extra: &str) {
    std::fs::write(
        dir.join("goldeval.toml"),
        format!(
            "[[backend]]\nname = \"cmd\"\nkind = \"command\"\ncommand = [\"sh\", \"-c\", {script:?}]\ntasks = [\"answer\"]\n{extra}"
        ),
    )
    .unwrap();
}

/// `goldeval run` of the mini dataset in `dir` (its goldeval.toml) into `dir/run`.
fn run_in(dir: &Path) -> Goldeval {
    Goldeval::new(["run", "--dataset"])
        .arg(mini())
        .arg("--out")
        .arg(dir.join("run"))
        .current_dir(dir)
}

fn lines(path: &Path) -> usize {
    std::fs::read_to_string(path).map_or(0, |t| t.lines().count())
}

/// Each item's error kind, or `ok`.
fn kinds(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .map(|i| i["error"]["kind"].as_str().unwrap_or("ok").to_string())
        .collect()
}

/// True while process `pid` runs (a zombie no longer runs).
fn alive(pid: &str) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| {
        stat.rsplit(") ")
            .next()
            .is_some_and(|s| !s.starts_with('Z'))
    })
}

/// The pids a script wrote into `file`, one per line; killed when dropped, so a failing
/// test leaves nothing behind.
struct Pids(PathBuf);

impl Pids {
    fn read(&self) -> Vec<String> {
        std::fs::read_to_string(&self.0)
            .unwrap_or_default()
            .lines()
            .map(String::from)
            .collect()
    }

    /// Waits until every pid written is gone.
    fn all_gone(&self) {
        let pids = self.read();
        assert!(
            !pids.is_empty(),
            "the script started its background processes"
        );
        wait_for(GUARD, "the background processes to be killed", || {
            pids.iter().all(|p| !alive(p))
        });
    }
}

impl Drop for Pids {
    fn drop(&mut self) {
        for pid in self.read() {
            let _ = Command::new("kill")
                .args(["-KILL", &pid])
                .stderr(std::process::Stdio::null())
                .status();
        }
    }
}

/// Issue 12, item 10: `Retry-After: 86400` made the run wait an hour. It is cut to the
/// backend's `max_retry_after_secs`, and the progress output says what the run waits for and
/// until when.
#[test]
fn a_retry_after_of_a_day_is_cut_to_max_retry_after_secs_and_shown() {
    let server = Server::start(|_, before| {
        if before == 0 {
            Fault::TooMany(86_400)
        } else {
            Fault::None
        }
    });
    let tmp = tempfile::tempdir().unwrap();
    openai_config(
        tmp.path(),
        &server,
        "max_retries = 1\nmax_retry_after_secs = 0.2\n",
    );
    let run = run_in(tmp.path())
        .spawn()
        .finish_within(GUARD, "Retry-After is capped");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("the server's Retry-After of 86400s is cut to 0.2s (max_retry_after_secs)"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains(", at 20"), "until when: {}", run.stderr);
    assert_eq!(items(&tmp.path().join("run")).len(), 5);
}

/// Issue 12, item 10: the cap is validated when goldeval.toml is read, with file:line.
#[test]
fn a_bad_max_retry_after_secs_is_a_config_error_with_its_line() {
    let server = Server::start(|_, _| Fault::None);
    let tmp = tempfile::tempdir().unwrap();
    openai_config(tmp.path(), &server, "max_retry_after_secs = -1\n");
    let run = run_in(tmp.path()).code(2);
    assert!(
        run.stderr.contains(
            "goldeval.toml:1: max_retry_after_secs: must be a number of seconds in [0, 86400], not -1"
        ),
        "{}",
        run.stderr
    );
}

/// Runs the mini dataset (five items) against `server` with `extra` configuration, sends
/// `signal` once the server has seen five requests, and checks the run exits 130 saying how
/// to resume, with `saved` items journaled; then resumes it (exit 0). Returns the resumed
/// run's items.
fn interrupt_at_five_requests_then_resume(
    server: &Server,
    extra: &str,
    signal: &str,
    saved: usize,
) -> Vec<Value> {
    let tmp = tempfile::tempdir().unwrap();
    openai_config(tmp.path(), server, extra);
    let cache = tmp.path().join("cache");
    let cache = cache.to_str().unwrap();
    let running = run_in(tmp.path()).env("GOLDEVAL_CACHE_DIR", cache).spawn();
    wait_for(GUARD, "five requests", || {
        server.seen.lock().unwrap().len() == 5
    });
    running.signal(signal);
    let run = running.finish_within(GUARD, "the run stops");
    assert_eq!(run.code, 130, "{}", run.stderr);
    let out = tmp.path().join("run");
    let resume = format!("goldeval run --resume {}", out.display());
    assert!(
        run.stderr
            .contains(&format!("interrupted after {saved} of 5 items"))
            && run.stderr.contains(&resume),
        "{}",
        run.stderr
    );
    assert_eq!(lines(&out.join("items.jsonl")), saved);
    assert!(!out.join("run.json").exists());
    Goldeval::new(["run", "--quiet", "--resume"])
        .arg(&out)
        .env("GOLDEVAL_CACHE_DIR", cache)
        .current_dir(tmp.path())
        .code(0);
    items(&out)
}

/// Issue 12, item 10: SIGTERM during a `Retry-After` wait was ignored (up to an hour). Now
/// the wait ends at once, nothing cut short is journaled, the run exits 130 with the resume
/// command, and `--resume` finishes it.
#[test]
fn sigterm_ends_a_retry_after_wait_at_once_and_the_run_resumes() {
    let server = Server::start(|_, before| {
        if before == 0 {
            Fault::TooMany(86_400)
        } else {
            Fault::None
        }
    });
    let items = interrupt_at_five_requests_then_resume(&server, "max_retries = 1\n", "TERM", 0);
    assert_eq!(kinds(&items), ["ok"; 5]);
    assert_eq!(server.seen.lock().unwrap().len(), 10);
}

/// Issue 12, item 10: a rate-budget wait (here 100 minutes) ends at once on Ctrl-C, and the
/// progress output said until when the run would wait.
#[test]
fn ctrl_c_ends_a_rate_budget_wait_at_once() {
    let server = Server::start(|_, _| Fault::None);
    let tmp = tempfile::tempdir().unwrap();
    openai_config(tmp.path(), &server, "requests_per_minute = 0.01\n");
    let running = run_in(tmp.path()).spawn();
    wait_for(GUARD, "the first request", || {
        server.seen.lock().unwrap().len() == 1
    });
    running.signal("INT");
    let run = running.finish_within(GUARD, "Ctrl-C ends a rate-budget wait");
    assert_eq!(run.code, 130, "{}", run.stderr);
    assert!(
        run.stderr.contains("rate limit: model waits") && run.stderr.contains(", until 20"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("interrupted after 1 of 5 items"),
        "{}",
        run.stderr
    );
    assert_eq!(server.seen.lock().unwrap().len(), 1);
    assert_eq!(lines(&tmp.path().join("run/items.jsonl")), 1);
}

/// Issue 12, item 11: Ctrl-C while every remaining item is in flight exited 0 (or 3). The
/// requests in flight finish and are journaled, and the run exits 130; `--resume` then only
/// writes the summary.
#[test]
fn ctrl_c_while_every_item_is_in_flight_exits_130() {
    let server = Server::start(|_, _| Fault::Latency(5000));
    let items = interrupt_at_five_requests_then_resume(&server, "", "INT", 5);
    assert_eq!(kinds(&items), ["ok"; 5]);
    assert_eq!(server.seen.lock().unwrap().len(), 5, "nothing asked twice");
}

/// Issue 12, item 11: a second Ctrl-C exited 130 without a word and left command-backend
/// processes running. Now it says what happened and kills every request's process group.
#[test]
#[cfg(target_os = "linux")]
fn a_second_ctrl_c_kills_every_command_process_group_and_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let pids = Pids(tmp.path().join("pids"));
    let script = format!(
        "sleep 300 & echo $! >> {0}; sleep 300 & echo $! >> {0}; wait",
        pids.0.display()
    );
    command_config(tmp.path(), &script, "timeout_secs = 600\n");
    let running = run_in(tmp.path()).spawn();
    wait_for(GUARD, "four requests, two sleeps each", || {
        pids.read().len() == 8
    });
    running.signal("INT");
    wait_for(GUARD, "the first Ctrl-C to be heard", || {
        running.stderr().contains("Ctrl-C: stopping")
    });
    assert!(
        pids.read().iter().all(|p| alive(p)),
        "the first Ctrl-C lets the requests in flight run"
    );
    running.signal("INT");
    let run = running.finish_within(GUARD, "a second Ctrl-C quits at once");
    assert_eq!(run.code, 130, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("Ctrl-C again: quitting at once; killed 4 command-backend process groups")
            && run.stderr.contains("goldeval run --resume"),
        "{}",
        run.stderr
    );
    pids.all_gone();
}

/// Issue 12, item 12: a backend that answers, starts `sleep 30` in the background and exits
/// kept its stdout open, so each item took 30 s whatever `timeout_secs` said. The request's
/// process group is killed when it ends, and at the timeout (mq-1 hangs). (The sleeps here
/// last 120 s, longer than the guard, so the old behaviour fails the test.)
#[test]
#[cfg(target_os = "linux")]
fn a_grandchild_holding_stdout_stretches_neither_the_answer_nor_the_timeout() {
    let tmp = tempfile::tempdir().unwrap();
    let pids = Pids(tmp.path().join("pids"));
    let script = format!(
        r#"read -r line
case "$line" in *'"id":"mq-1"'*) sleep 120 & echo $! >> {0}; sleep 120;; esac
echo '{{"output": "fine"}}'
sleep 120 & echo $! >> {0}
exit 0"#,
        pids.0.display()
    );
    command_config(tmp.path(), &script, "timeout_secs = 5\n");
    let run = run_in(tmp.path())
        .spawn()
        .finish_within(GUARD, "a grandchild held stdout");
    assert_eq!(run.code, 3, "{}", run.stderr);
    let items = items(&tmp.path().join("run"));
    assert_eq!(kinds(&items), ["timeout", "ok", "ok", "ok"]);
    assert!(items.iter().skip(1).all(|i| i["output"] == "fine"));
    pids.all_gone();
}

/// Issue 12, item 13: command output had no limit (100 MB per answer reached 7.5 GB RSS). Over
/// `max_output_bytes` (per-item: stdout; stream: one line) it is an `output_too_large` error;
/// the default is 10 MiB.
#[test]
fn command_output_over_max_output_bytes_is_output_too_large() {
    let big = "cat > /dev/null; head -c 3000000 /dev/zero | tr '\\0' x";
    let stream = "while IFS= read -r line; do head -c 3000000 /dev/zero | tr '\\0' x; echo; done";
    let default = "cat > /dev/null; head -c 11000000 /dev/zero | tr '\\0' x";
    for (script, extra) in [
        (big, "max_output_bytes = 1000000\n"),
        (
            stream,
            "mode = \"stream\"\nmax_output_bytes = 1000000\nmax_concurrency = 1\n",
        ),
        (default, ""),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        command_config(tmp.path(), script, extra);
        run_in(tmp.path()).arg("--limit").arg("2").code(3);
        let items = items(&tmp.path().join("run"));
        assert_eq!(kinds(&items), ["output_too_large"; 2], "{extra}");
        let message = items[0]["error"]["message"].as_str().unwrap();
        assert!(
            message.contains("larger than max_output_bytes"),
            "{message}"
        );
    }
}

/// Issue 12, item 13: invalid UTF-8 from a command was silently replaced; it is an
/// `invalid_utf8` error, in both modes.
#[test]
fn invalid_utf8_from_a_command_is_an_error() {
    let per_item = r#"cat > /dev/null; printf '{"output": "caf\351"}'"#;
    let stream = r#"while IFS= read -r line; do
id=$(printf '%s' "$line" | sed 's/^{"id":"\([^"]*\)".*/\1/')
printf '{"id": "%s", "output": "caf\351"}\n' "$id"
done"#;
    for (script, extra) in [
        (per_item, ""),
        (stream, "mode = \"stream\"\nmax_concurrency = 1\n"),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        command_config(tmp.path(), script, extra);
        run_in(tmp.path()).code(3);
        let items = items(&tmp.path().join("run"));
        assert_eq!(kinds(&items), ["invalid_utf8"; 4], "{extra}");
        let message = items[0]["error"]["message"].as_str().unwrap();
        assert!(message.contains("not valid UTF-8"), "{message}");
    }
}

/// Issue 12, item 13: a per-item reply for another id was accepted as the answer.
#[test]
fn a_per_item_reply_with_the_wrong_id_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    command_config(
        tmp.path(),
        r#"cat > /dev/null; echo '{"id": "not-this-one", "output": "x"}'"#,
        "",
    );
    run_in(tmp.path()).code(3);
    let items = items(&tmp.path().join("run"));
    assert_eq!(kinds(&items), ["wrong_id"; 4]);
    let message = items[0]["error"]["message"].as_str().unwrap();
    assert!(
        message.contains(r#"the reply is for id "not-this-one", not the request's "mq-1""#),
        "{message}"
    );
}

/// Issue 12, item 13: a stream reply with an unknown id was dropped and its request timed out
/// (`timeout`). It is reported as what it is, at once.
#[test]
fn a_stream_reply_with_an_unknown_id_is_reported_as_such() {
    let tmp = tempfile::tempdir().unwrap();
    command_config(
        tmp.path(),
        r#"while IFS= read -r line; do echo '{"id": "zzz", "output": "x"}'; done"#,
        "mode = \"stream\"\nmax_concurrency = 1\ntimeout_secs = 600\n",
    );
    let run = run_in(tmp.path())
        .spawn()
        .finish_within(GUARD, "an unknown id waited for the timeout");
    assert_eq!(run.code, 3, "{}", run.stderr);
    let items = items(&tmp.path().join("run"));
    assert_eq!(kinds(&items), ["wrong_id"; 4]);
    let message = items[0]["error"]["message"].as_str().unwrap();
    assert!(
        message.contains(
            r#"the program answered id "zzz", which matches no request in flight (in flight: mq-1)"#
        ),
        "{message}"
    );
}

/// Issue 12, item 13: a redirect from an OpenAI-compatible server was followed (as a GET for
/// 301-303, re-sent elsewhere for 307/308). It is a `redirect` error naming the new location,
/// and nothing is sent there.
#[test]
fn a_redirect_is_an_error_naming_the_location_and_is_not_followed() {
    for status in [301, 307] {
        let server = Server::start(move |_, _| Fault::Redirect(status));
        let tmp = tempfile::tempdir().unwrap();
        openai_config(tmp.path(), &server, "max_retries = 2\n");
        run_in(tmp.path()).code(3);
        let items = items(&tmp.path().join("run"));
        assert_eq!(kinds(&items), ["redirect"; 5], "{status}");
        let message = items[0]["error"]["message"].as_str().unwrap();
        assert!(
            message.contains(&format!("HTTP {status} from "))
                && message.contains(r#"redirects to "/moved/v1/chat/completions""#),
            "{message}"
        );
        assert_eq!(server.seen.lock().unwrap().len(), 5, "one request per item");
    }
}

/// Issue 12, item 13: an HTTP answer over `max_output_bytes` is `output_too_large`, like a
/// command's.
#[test]
fn an_http_answer_over_max_output_bytes_is_output_too_large() {
    let server = Server::start(|_, _| Fault::Huge(5000));
    let tmp = tempfile::tempdir().unwrap();
    openai_config(tmp.path(), &server, "max_output_bytes = 1000\n");
    run_in(tmp.path()).code(3);
    assert_eq!(
        kinds(&items(&tmp.path().join("run"))),
        ["output_too_large"; 5]
    );
}

/// The modes of every file in `dirs`, with their names.
fn modes(dirs: &[&Path]) -> Vec<(String, u32)> {
    use std::os::unix::fs::PermissionsExt;
    let mut modes = Vec::new();
    for dir in dirs {
        for entry in std::fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let mode = entry.metadata().unwrap().permissions().mode() & 0o777;
            modes.push((entry.file_name().to_string_lossy().into_owned(), mode));
        }
    }
    modes.sort();
    modes
}

/// Issue 12, item 14: run files and reports were written 0600 through their temporary file.
/// They get the process umask's mode, like items.jsonl (0644 under umask 022, 0640 under 027).
#[test]
fn run_files_and_reports_keep_the_umask_mode() {
    for (umask, mode) in [("022", 0o644), ("027", 0o640)] {
        let tmp = tempfile::tempdir().unwrap();
        let (run, reports) = (tmp.path().join("run"), tmp.path().join("reports"));
        std::fs::create_dir(&reports).unwrap();
        let mut command = Command::new("sh");
        command
            .args(["-c", &format!("umask {umask} && exec \"$@\""), "sh"])
            .arg(env!("CARGO_BIN_EXE_goldeval"))
            .args(["run", "--quiet", "--backend", "lead", "--task", "summarize"])
            .arg("--dataset")
            .arg(mini())
            .arg("--out")
            .arg(&run)
            .env("GOLDEVAL_CACHE_DIR", tmp.path().join("cache"));
        for ext in ["json", "jsonl", "csv", "md", "junit.xml", "html"] {
            command.arg("-o").arg(reports.join(format!("r.{ext}")));
        }
        let output = command.output().unwrap();
        let outcome = Outcome {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        };
        assert_eq!(outcome.code, 0, "{}", outcome.stderr);
        let modes = modes(&[&run, &reports]);
        assert_eq!(modes.len(), 4 + 6, "{modes:?}");
        for (name, m) in &modes {
            assert_eq!(*m, mode, "{name} under umask {umask}: {m:o}");
        }
    }
}
