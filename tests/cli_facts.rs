//! `goldeval run` reports the fact metrics for every summarizer beside ROUGE, with their
//! signatures in summary.json and per-item explanations in items.jsonl.

use serde_json::Value;

use crate::util::Goldeval;

const FACT_COLUMNS: [&str; 5] = [
    "key_fact_recall",
    "unsupported_numbers",
    "unsupported_entities",
    "coverage",
    "qa_coverage",
];

#[test]
fn run_reports_fact_metrics_for_every_summarizer() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("run");
    let out = Goldeval::new(["run", "--task", "summarize", "--out"])
        .arg(&dir)
        .code(0);
    for column in FACT_COLUMNS {
        assert!(
            out.stdout.contains(column),
            "{column} missing from the table"
        );
    }
    let summary: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("summary.json")).unwrap()).unwrap();
    let results = summary["results"].as_array().unwrap();
    assert_eq!(results.len(), 3, "lead, textrank, oracle");
    for result in results {
        let metrics = result["metrics"].as_array().unwrap();
        for column in FACT_COLUMNS {
            let m = metrics.iter().find(|m| m["metric"] == column).unwrap();
            assert_eq!(m["n"], 6, "{column} of {}", result["backend"]);
            assert!(m["mean"].is_f64(), "{column} of {}", result["backend"]);
            assert!(m["signature"].as_str().unwrap().starts_with(column));
        }
    }
    let items = std::fs::read_to_string(dir.join("items.jsonl")).unwrap();
    for line in items.lines() {
        let item: Value = serde_json::from_str(line).unwrap();
        let details = &item["details"];
        let facts = details["key_fact_recall"]["facts"].as_array().unwrap();
        assert!(!facts.is_empty() && facts.iter().all(|f| f["stated"].is_boolean()));
        assert!(details["unsupported"]["unsupported_numbers"]["spans"].is_array());
        let questions = details["qa_coverage"]["questions"].as_array().unwrap();
        assert!(!questions.is_empty());
    }
}
