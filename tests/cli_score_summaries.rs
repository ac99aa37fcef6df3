//! `goldeval score summaries`: every summary metric on user summaries, --explain, output
//! files and bad input.

use serde_json::Value;

use crate::util::{bundled_dataset, Goldeval};

const FAITHFUL: &str = "Xi Jinping arrived in Moscow for a four-day state visit, his 11th trip to Russia.\nHe watched the May 9 Victory Day parade beside Putin.\nTrade between China and Russia reached a record $237 billion in 2024.";

fn input(dir: &std::path::Path) -> std::path::PathBuf {
    let corrupted = FAITHFUL.replace("$237 billion", "$327 billion");
    let lines = [
        serde_json::json!({"id": "faithful", "item": "sum-all", "prediction": FAITHFUL}),
        serde_json::json!({"id": "corrupted", "item": "sum-all", "prediction": corrupted}),
    ];
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    let path = dir.join("summaries.jsonl");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_corrupted_figure_loses_a_key_fact_and_is_flagged_and_explained() {
    let dir = tempfile::tempdir().unwrap();
    let out = Goldeval::new(["score", "summaries", "--explain", "--dataset"])
        .arg(bundled_dataset())
        .arg("--input")
        .arg(input(dir.path()))
        .code(0);
    let rows: Vec<Value> = out
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let (good, bad) = (&rows[0], &rows[1]);
    assert_eq!(good["item"], "sum-all");
    for column in ["rouge1", "rougeLsum", "coverage", "qa_coverage"] {
        assert!(good[column].is_f64(), "{column} missing: {good}");
    }
    assert!(bad["key_fact_recall"].as_f64() < good["key_fact_recall"].as_f64());
    assert_eq!(good["unsupported_numbers"], 0.0);
    assert_eq!(bad["unsupported_numbers"], 1.0);
    let spans = &bad["details"]["unsupported"]["unsupported_numbers"]["spans"];
    assert_eq!(spans[0], "$327 billion");
    // The readable reasons on stderr name the fact, its parts and the span.
    assert!(out
        .stderr
        .contains("corrupted: unsupported_numbers 1 of 5: $327 billion"));
    assert!(out.stderr.contains(
        "  MISSING Bilateral trade reached a record $237 billion in 2024\n          quantities: USD 237,000,000,000 absent"
    ), "{}", out.stderr);
    assert!(out.stderr.contains("faithful: qa_coverage"));
    assert!(out.stderr.contains("key_fact_recall|v:1"));
}

#[test]
fn without_explain_lines_carry_scores_only_and_files_are_written() {
    let dir = tempfile::tempdir().unwrap();
    let (output, summary) = (dir.path().join("s.jsonl"), dir.path().join("sum.json"));
    let out = Goldeval::new(["score", "summaries", "--dataset"])
        .arg(bundled_dataset())
        .arg("--input")
        .arg(input(dir.path()))
        .arg("--output")
        .arg(&output)
        .arg("--summary")
        .arg(&summary)
        .code(0);
    assert!(out.stdout.is_empty());
    let first: Value = serde_json::from_str(
        std::fs::read_to_string(&output)
            .unwrap()
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap();
    assert!(first.get("details").is_none());
    let summary: Value = serde_json::from_str(&std::fs::read_to_string(&summary).unwrap()).unwrap();
    assert_eq!(summary["result"]["items"], 2);
    let columns = summary["result"]["metrics"].as_array().unwrap();
    let column = columns
        .iter()
        .find(|c| c["metric"] == "unsupported_numbers")
        .unwrap();
    assert_eq!(column["mean"], 0.5);
    assert_eq!(column["direction"], "lower");
    assert!(column["signature"]
        .as_str()
        .unwrap()
        .starts_with("unsupported_numbers|"));
}

#[test]
fn bad_lines_are_all_reported_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.jsonl");
    std::fs::write(
        &path,
        "{\"id\": \"mine\", \"prediction\": \"x\"}\n{broken\n{\"id\": \"y\", \"item\": \"sum-01\"}\n",
    )
    .unwrap();
    let out = Goldeval::new(["score", "summaries", "--dataset"])
        .arg(bundled_dataset())
        .arg("--input")
        .arg(&path)
        .code(2);
    assert!(out
        .stderr
        .contains("bad.jsonl:1: id: \"mine\" is not a summary item"));
    assert!(out.stderr.contains("add \"item\" when \"id\" is your own"));
    assert!(out.stderr.contains("bad.jsonl:2: "));
    assert!(out
        .stderr
        .contains("bad.jsonl:3: prediction: missing or null"));
    assert!(out.stdout.is_empty());
}
