//! A `--task qa` run streams the QA items from their file (and replays a recording in step);
//! a run of both tasks holds them in memory. The answer records must not depend on which.

use std::path::Path;

use serde_json::Value;

use crate::util::{bundled_dataset, Goldeval};

/// The answer records of a run, latencies cleared.
fn answers(run: &Path) -> Vec<Value> {
    std::fs::read_to_string(run.join("items.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|r| r["task"] == "answer")
        .map(|mut r| {
            r["latency_ms"] = Value::Null;
            r
        })
        .collect()
}

fn run(dir: &Path, name: &str, backend: &str, task: Option<&str>) -> Vec<Value> {
    let out = dir.join(name);
    let mut goldeval = Goldeval::new(["run", "--quiet", "--backend", backend, "--dataset"])
        .arg(bundled_dataset())
        .arg("--out")
        .arg(&out);
    if let Some(task) = task {
        goldeval = goldeval.args(&["--task", task]);
    }
    goldeval.code(0);
    answers(&out)
}

#[test]
fn a_streamed_qa_run_records_what_an_in_memory_run_records() {
    let tmp = tempfile::tempdir().unwrap();
    let streamed = run(tmp.path(), "qa", "extractive-qa", Some("qa"));
    let in_memory = run(tmp.path(), "all", "extractive-qa", None);
    assert_eq!(streamed.len(), 77);
    assert_eq!(streamed, in_memory);

    // Replaying the streamed run's records, in order and reversed (the index fallback),
    // gives the same records again, under the replay backend's name.
    let recorded = tmp.path().join("recorded.jsonl");
    let reversed = tmp.path().join("reversed.jsonl");
    let lines: Vec<String> = streamed
        .iter()
        .map(|r| {
            serde_json::json!({"id": r["id"], "output": r["output"], "abstained": r["abstained"]})
                .to_string()
        })
        .collect();
    std::fs::write(&recorded, lines.join("\n")).unwrap();
    let back: Vec<String> = lines.iter().rev().cloned().collect();
    std::fs::write(&reversed, back.join("\n")).unwrap();
    for (name, file) in [("in-order", &recorded), ("reversed", &reversed)] {
        let backend = format!("replay:{}", file.display());
        let replayed = run(tmp.path(), name, &backend, Some("qa"));
        let renamed: Vec<Value> = replayed
            .into_iter()
            .map(|mut r| {
                r["backend"] = streamed[0]["backend"].clone();
                r
            })
            .collect();
        assert_eq!(renamed, streamed, "{name}");
    }
}
