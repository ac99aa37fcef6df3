//! Crash and resume: a run killed with SIGKILL midway against a slow server, then
//! `--resume`d, has each item exactly once, in plan order, and the server never saw a
//! completed request twice; its files equal an uninterrupted run's.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::openai_server::{counts, Fault, Server};
use crate::util::{bundled_dataset, Goldeval};

fn config(dir: &Path, server: &Server) {
    std::fs::write(
        dir.join("goldeval.toml"),
        format!(
            "[[backend]]\nname = \"model\"\nkind = \"openai\"\nbase_url = \"{}\"\nmodel = \"tiny\"\nmax_concurrency = 4\n",
            server.base_url
        ),
    )
    .unwrap();
}

/// Entries in the response cache.
fn cache_entries(cache: &Path) -> usize {
    let Ok(shards) = std::fs::read_dir(cache.join("v1")) else {
        return 0;
    };
    // Whole entries only: a temporary file left by the kill is not an entry.
    shards
        .flat_map(|s| std::fs::read_dir(s.unwrap().path()).unwrap())
        .filter(|f| {
            let name = f.as_ref().unwrap().file_name();
            let name = name.to_string_lossy();
            name.ends_with(".json") && !name.starts_with('.')
        })
        .count()
}

fn lines(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(String::from)
        .collect()
}

/// items.jsonl without what differs between runs (latency, cache marks).
fn comparable(run: &Path) -> Vec<Value> {
    lines(&run.join("items.jsonl"))
        .iter()
        .map(|l| {
            let mut v: Value = serde_json::from_str(l).unwrap();
            let o = v.as_object_mut().unwrap();
            o.remove("latency_ms");
            o.remove("cached");
            v
        })
        .collect()
}

#[test]
fn a_run_killed_midway_resumes_with_every_item_once_and_no_request_repeated() {
    let server = Server::start(|_, _| Fault::Latency(40));
    let tmp = tempfile::tempdir().unwrap();
    config(tmp.path(), &server);
    let cache = tmp.path().join("cache");
    let out = tmp.path().join("run");
    let mut child = Command::new(env!("CARGO_BIN_EXE_goldeval"))
        .args(["run", "--quiet", "--jobs", "8", "--dataset"])
        .arg(bundled_dataset())
        .arg("--out")
        .arg(&out)
        .env("GOLDEVAL_CACHE_DIR", &cache)
        .current_dir(tmp.path())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while lines(&out.join("items.jsonl")).len() < 20 {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "the run made no progress"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    std::thread::sleep(Duration::from_millis(100)); // requests in flight reach the server log
    let requested_before = server.seen.lock().unwrap().len();
    let completed_before = cache_entries(&cache);
    let recorded_before: Vec<String> = lines(&out.join("items.jsonl"))
        .iter()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .map(|v| v["id"].as_str().unwrap().to_string())
        .collect();
    let before = lines(&out.join("items.jsonl")).len();
    assert!((20..83).contains(&before), "killed midway: {before} items");
    assert!(!out.join("run.json").exists());

    Goldeval::new(["run", "--quiet", "--resume"])
        .arg(&out)
        .env("GOLDEVAL_CACHE_DIR", cache.to_str().unwrap())
        .current_dir(tmp.path())
        .code(0);
    let items = comparable(&out);
    assert_eq!(items.len(), 83);
    let mut keys: Vec<String> = items
        .iter()
        .map(|i| format!("{}/{}/{}", i["task"], i["id"], i["backend"]))
        .collect();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), 83, "no item twice");
    // Completed requests (their responses reached the cache, which is written before the
    // record) are not asked again; only those cut off in flight by the kill (at most
    // max_concurrency = 4) are.
    let seen = counts(&server);
    assert_eq!(seen.len(), 83);
    assert_eq!(
        server.seen.lock().unwrap().len(),
        requested_before + (83 - completed_before),
        "the resumed run asked exactly for what was not completed"
    );
    let repeated = seen.values().filter(|&&n| n > 1).count();
    assert!(repeated <= 4, "{repeated} requests repeated");
    assert!(completed_before >= recorded_before.len());

    // The same run, uninterrupted, against a fresh server and cache, writes the same files.
    let server2 = Server::start(|_, _| Fault::None);
    let tmp2 = tempfile::tempdir().unwrap();
    config(tmp2.path(), &server2);
    let out2 = tmp2.path().join("run");
    Goldeval::new(["run", "--quiet", "--dataset"])
        .arg(bundled_dataset())
        .arg("--out")
        .arg(&out2)
        .current_dir(tmp2.path())
        .code(0);
    assert_eq!(items, comparable(&out2));
    let summary = |dir: &Path| -> Value {
        let mut v: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("summary.json")).unwrap())
                .unwrap();
        v["dataset"]["path"] = Value::Null;
        v
    };
    assert_eq!(summary(&out), summary(&out2));
}

#[test]
fn resume_refuses_a_complete_run_and_a_directory_without_a_plan() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("run");
    Goldeval::new([
        "run",
        "--quiet",
        "--backend",
        "lead",
        "--limit",
        "1",
        "--out",
    ])
    .arg(&out)
    .code(0);
    let done = Goldeval::new(["run", "--resume"]).arg(&out).code(2);
    assert!(done.stderr.contains("already complete"), "{}", done.stderr);
    let none = Goldeval::new(["run", "--resume"]).arg(tmp.path()).code(2);
    assert!(none.stderr.contains("no plan.json"), "{}", none.stderr);
    let both = Goldeval::new(["run", "--resume"])
        .arg(&out)
        .args(&["--backend", "lead"])
        .code(2);
    assert!(
        both.stderr.contains("cannot be used with"),
        "{}",
        both.stderr
    );
}
