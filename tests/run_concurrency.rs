//! `--jobs`: the run directory does not depend on how many requests are in flight.

use std::path::Path;

use serde_json::Value;

use crate::util::{bundled_dataset, Goldeval};

/// items.jsonl without the wall-clock `latency_ms`, and summary.json.
fn run_with_jobs(dir: &Path, jobs: &str) -> (Vec<Value>, Value) {
    let out = dir.join(format!("run-{jobs}"));
    Goldeval::new(["run", "--quiet", "--jobs", jobs, "--dataset"])
        .arg(bundled_dataset())
        .arg("--out")
        .arg(&out)
        .code(0);
    let items = std::fs::read_to_string(out.join("items.jsonl"))
        .unwrap()
        .lines()
        .map(|l| {
            let mut v: Value = serde_json::from_str(l).unwrap();
            v.as_object_mut().unwrap().remove("latency_ms").unwrap();
            v
        })
        .collect();
    let summary = std::fs::read_to_string(out.join("summary.json")).unwrap();
    (items, serde_json::from_str(&summary).unwrap())
}

#[test]
fn items_and_summary_are_identical_with_one_job_and_with_many() {
    let tmp = tempfile::tempdir().unwrap();
    let (one_items, one_summary) = run_with_jobs(tmp.path(), "1");
    let (many_items, many_summary) = run_with_jobs(tmp.path(), "16");
    assert_eq!(one_items.len(), 6 * 3 + 77, "3 summarizers, 1 answerer");
    assert_eq!(one_items, many_items);
    assert_eq!(one_summary, many_summary);
}

#[test]
fn jobs_must_be_at_least_one() {
    let out = Goldeval::new(["run", "--jobs", "0"]).code(2);
    assert!(out.stderr.contains("--jobs"), "{}", out.stderr);
}
