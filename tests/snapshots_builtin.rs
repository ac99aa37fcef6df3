//! Snapshots of the built-in backends on the bundled dataset, small enough to review
//! (`cargo insta review`): the score table `goldeval run` prints, and a handful of chosen
//! items with every score and detail. A metric or baseline change shows as a diff of a few
//! lines here; what every other item scores is kept by the goldens (`goldeval check`, which
//! CI runs) and by the parity tests.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::Value;

use crate::util::Goldeval;

/// One `goldeval run` of every built-in backend over the bundled dataset: its directory
/// and what it printed.
pub(crate) fn bundled_run() -> &'static (PathBuf, String) {
    static RUN: OnceLock<(PathBuf, String)> = OnceLock::new();
    RUN.get_or_init(|| {
        // In cargo's scratch directory for integration tests, kept for the whole test
        // binary: other snapshot modules read the same run.
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("bundled-run-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let out = Goldeval::new(["run".as_ref(), "--out".as_ref(), dir.as_os_str()]).code(0);
        (dir, out.stdout)
    })
}

/// items.jsonl of the bundled run keyed by (backend, task, id), latency removed.
fn items() -> BTreeMap<(String, String, String), Value> {
    let text = std::fs::read_to_string(bundled_run().0.join("items.jsonl")).unwrap();
    text.lines()
        .map(|line| {
            let mut item: Value = serde_json::from_str(line).unwrap();
            let obj = item.as_object_mut().unwrap();
            assert!(obj.remove("latency_ms").unwrap().as_f64().unwrap() >= 0.0);
            let key = |k: &str| obj[k].as_str().unwrap().to_string();
            ((key("backend"), key("task"), key("id")), item)
        })
        .collect()
}

/// The run's printed table with the one line that names the temporary directory made
/// stable.
fn printed_table(dir: &Path, printed: &str) -> String {
    printed.replace(&dir.display().to_string(), "[RUN]")
}

#[test]
fn the_score_table_of_every_builtin_backend() {
    let (dir, printed) = bundled_run();
    insta::assert_snapshot!("score-table", printed_table(dir, printed));
}

/// Items chosen to cover each path of the metrics: a number written two ways, a question
/// the baseline cannot answer in one hop, a conflict between sources, a quote, an
/// unanswerable question; and one summary per summarizer (the shortest document's).
const CHOSEN: &[(&str, &str, &str, bool)] = &[
    ("extractive-qa", "answer", "qa-001", true),
    ("extractive-qa", "answer", "qa-046", true),
    ("extractive-qa", "answer", "qa-051", true),
    ("extractive-qa", "answer", "qa-060", true),
    ("extractive-qa", "answer", "qa-066", true),
    ("lead", "summarize", "sum-03", true),
    ("oracle", "summarize", "sum-03", false),
    ("textrank", "summarize", "sum-03", false),
];

#[test]
fn chosen_items_with_their_scores_and_details() {
    let items = items();
    let chosen: Vec<Value> = CHOSEN
        .iter()
        .map(|&(backend, task, id, with_details)| {
            let key = (backend.to_string(), task.to_string(), id.to_string());
            let mut item = items
                .get(&key)
                .unwrap_or_else(|| panic!("the run has no item {key:?}"))
                .clone();
            if !with_details {
                item.as_object_mut().unwrap().remove("details");
            }
            item
        })
        .collect();
    insta::assert_yaml_snapshot!("chosen-items", chosen);
}

#[test]
fn every_builtin_backend_and_task_is_in_the_chosen_items() {
    let ran: std::collections::BTreeSet<(String, String)> =
        items().into_keys().map(|(b, t, _)| (b, t)).collect();
    let chosen: std::collections::BTreeSet<(String, String)> = CHOSEN
        .iter()
        .map(|&(b, t, _, _)| (b.to_string(), t.to_string()))
        .collect();
    assert_eq!(
        ran, chosen,
        "a built-in backend was added or removed: choose items of it in CHOSEN"
    );
}
