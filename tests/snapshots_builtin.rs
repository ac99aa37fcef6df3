//! Snapshots of every built-in backend's outputs and per-item scores on the bundled dataset,
//! one snapshot per (backend, task), so any change in a baseline or a metric shows up as a
//! reviewed diff (`cargo insta review`). Latencies are redacted.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde_json::Value;

use crate::util::Goldeval;

/// items.jsonl of one `goldeval run` over the bundled dataset, grouped by (backend, task).
fn items() -> &'static BTreeMap<(String, String), Vec<Value>> {
    static ITEMS: OnceLock<BTreeMap<(String, String), Vec<Value>>> = OnceLock::new();
    ITEMS.get_or_init(|| {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("run");
        Goldeval::new([
            "run".as_ref(),
            "--quiet".as_ref(),
            "--out".as_ref(),
            dir.as_os_str(),
        ])
        .code(0);
        let text = std::fs::read_to_string(dir.join("items.jsonl")).unwrap();
        let mut groups: BTreeMap<(String, String), Vec<Value>> = BTreeMap::new();
        for line in text.lines() {
            let mut item: Value = serde_json::from_str(line).unwrap();
            let obj = item.as_object_mut().unwrap();
            assert!(obj.remove("latency_ms").unwrap().as_f64().unwrap() >= 0.0);
            let key = (
                obj["backend"].as_str().unwrap().to_string(),
                obj["task"].as_str().unwrap().to_string(),
            );
            obj.remove("backend");
            obj.remove("task");
            groups.entry(key).or_default().push(item);
        }
        groups
    })
}

fn snapshot(backend: &str, task: &str) {
    let items = items()
        .get(&(backend.to_string(), task.to_string()))
        .unwrap_or_else(|| panic!("no items for {backend} on {task}"));
    insta::assert_yaml_snapshot!(format!("{backend}-{task}"), items);
}

#[test]
fn lead_summaries() {
    snapshot("lead", "summarize");
}

#[test]
fn textrank_summaries() {
    snapshot("textrank", "summarize");
}

#[test]
fn oracle_summaries() {
    snapshot("oracle", "summarize");
}

#[test]
fn extractive_qa_answers() {
    snapshot("extractive-qa", "answer");
}

#[test]
fn every_builtin_backend_and_task_has_a_snapshot() {
    let keys: Vec<String> = items().keys().map(|(b, t)| format!("{b}-{t}")).collect();
    assert_eq!(
        keys,
        [
            "extractive-qa-answer",
            "lead-summarize",
            "oracle-summarize",
            "textrank-summarize"
        ],
        "a built-in backend was added or removed: add or remove its snapshot test"
    );
}
