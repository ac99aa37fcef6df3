//! `goldeval score qa`: per-item lines, the summary, --explain, output files and bad input.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::util::Goldeval;

const INPUT: &str = r#"{"id": "n1", "kind": "numeric", "prediction": "US$237bn", "answers": ["$237 billion"]}
{"id": "d1", "kind": "date", "prediction": "7 to 10 May", "answers": ["May 7-10, 2025"], "publication_date": "2025-05-12"}
{"id": "e1", "kind": "entity", "prediction": "President Xi Jinping", "answers": ["Xi Jinping"]}
{"id": "u1", "kind": "unanswerable", "prediction": "The documents do not say.", "answers": []}
{"id": "u2", "kind": "unanswerable", "prediction": "Moscow", "answers": []}
"#;

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn lines(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn scores_each_line_and_prints_the_summary_to_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "p.jsonl", INPUT);
    let out = Goldeval::new(["score", "qa", "--input"])
        .arg(&input)
        .code(0);
    let rows = lines(&out.stdout);
    assert_eq!(rows.len(), 5);
    let matched: Vec<&Value> = rows.iter().map(|r| &r["answer_match"]).collect();
    assert_eq!(matched, [1.0, 1.0, 1.0, 1.0, 0.0]);
    assert_eq!(rows[0]["exact_match"], 0.0);
    assert_eq!(rows[2]["f1"], 0.8);
    assert_eq!(rows[3]["abstained"], true);
    assert_eq!(rows[3]["has_answer"], false);
    assert!(rows[0].get("details").is_none());
    for expected in [
        "answer_match  errors",
        "input",
        "0.8000",
        "answer_match by kind of question (items)",
        "unanswerable (2)",
        "squad (squad_v2|ref:official-v2.0|na_thresh:1|best:always|scale:100|goldeval:",
        "NoAns_total",
        "abstention_recall",
        "exact_match|norm:squad-v2|abstain:empty|agg:mean|goldeval:",
    ] {
        assert!(out.stderr.contains(expected), "{expected}\n{}", out.stderr);
    }
}

#[test]
fn explain_adds_details_and_reasons_on_stderr_and_summary_json_has_the_run_shape() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "p.jsonl", INPUT);
    let summary = dir.path().join("summary.json");
    let out = Goldeval::new(["score", "qa", "--explain", "--summary"])
        .arg(&summary)
        .arg("--input")
        .arg(&input)
        .code(0);
    let rows = lines(&out.stdout);
    let why = rows[0]["details"]["answer_match"]["explanation"]
        .as_str()
        .unwrap();
    assert!(
        why.contains("matches gold \"$237 billion\": quantity"),
        "{why}"
    );
    assert_eq!(rows[3]["details"]["squad"]["has_answer"], false);
    assert!(
        out.stderr
            .contains("u2: NO MATCH: unanswerable question, but the prediction answers it"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("e1: MATCH: matches gold \"Xi Jinping\": words"),
        "{}",
        out.stderr
    );
    let summary: Value = serde_json::from_str(&std::fs::read_to_string(summary).unwrap()).unwrap();
    let result = &summary["result"];
    assert_eq!(result["items"], 5);
    let answer_match = &result["metrics"][2];
    assert_eq!(answer_match["metric"], "answer_match");
    assert_eq!(answer_match["mean"], 0.8);
    assert_eq!(answer_match["direction"], "higher");
    assert_eq!(answer_match["by_kind"]["unanswerable"]["mean"], 0.5);
    let squad = &result["statistics"][0]["values"];
    assert_eq!(squad["total"], 5.0);
    assert_eq!(squad["NoAns_total"], 2.0);
    assert!(squad["best_f1"].is_f64());
    let abstention = &result["statistics"][1]["values"];
    assert_eq!(abstention["abstention_recall"], 0.5);
    assert_eq!(abstention["abstention_precision"], 1.0);
    assert_eq!(abstention["answered_unanswerable_rate"], 0.5);
}

#[test]
fn output_and_summary_files_are_written_and_stdout_stays_empty() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "p.jsonl", INPUT);
    let output = dir.path().join("scores.jsonl");
    let summary = dir.path().join("summary.json");
    let out = Goldeval::new(["score", "qa", "--input"])
        .arg(&input)
        .arg("--output")
        .arg(&output)
        .arg("--summary")
        .arg(&summary)
        .code(0);
    assert!(
        out.stdout.is_empty() && out.stderr.is_empty(),
        "{}{}",
        out.stdout,
        out.stderr
    );
    assert_eq!(lines(&std::fs::read_to_string(&output).unwrap()).len(), 5);
    assert!(std::fs::read_to_string(&summary)
        .unwrap()
        .contains("\"HasAns_exact\""));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".goldeval-"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn publication_date_flag_gives_missing_years() {
    let dir = tempfile::tempdir().unwrap();
    let text = r#"{"id": "d", "prediction": "May 7", "answers": ["7 May 2024"]}"#;
    let input = write(dir.path(), "p.jsonl", text);
    let run = |date: &str| {
        let out = Goldeval::new(["score", "qa", "--publication-date", date, "--input"])
            .arg(&input)
            .code(0);
        lines(&out.stdout)[0]["answer_match"].clone()
    };
    assert_eq!(run("2024-06-01"), 1.0);
    assert_eq!(run("2025-06-01"), 0.0);
}

#[test]
fn every_bad_line_is_listed_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let text = r#"{"id": "a", "prediction": "x", "answers": ["x"], "no_answer_probability": 0.5}
{"id": "a", "prediction": null, "answers": ["x"]}
{"id": "b", "prediction": "x", "answer": ["x"]}
{"id": "c", "prediction": "x", "answers": ["x"], "kind": "numbers", "no_answer_probability": 0.1}
{"id": "d", "prediction": "x", "answers": [], "publication_date": "May 2025", "no_answer_probability": 1.5}
{"id": 12345678901234567890123, "prediction": "x", "answers": []}
"#;
    let input = write(dir.path(), "bad.jsonl", text);
    let out = Goldeval::new(["score", "qa", "--input"])
        .arg(&input)
        .code(2);
    let file = input.display().to_string();
    for expected in [
        format!("{file}:2: id: duplicate id \"a\""),
        format!("{file}:2: prediction: missing or null"),
        format!("{file}:2: no_answer_probability: missing, but line 1 has one"),
        format!("{file}:3: answer: unknown field `answer`"),
        format!("{file}:4: kind: unknown variant `numbers`"),
        format!("{file}:5: no_answer_probability: 1.5 is not a probability"),
        format!("{file}:5: publication_date: \"May 2025\" is not a date"),
        format!("{file}:6: id: invalid type: floating point"),
        "ids are strings: quote the id".to_string(),
    ] {
        assert!(out.stderr.contains(&expected), "{expected}\n{}", out.stderr);
    }
    assert!(out.stdout.is_empty());
    assert!(out.stderr.contains("has 8 problems"), "{}", out.stderr);
}

/// Issue 12, item 8: a pipe is read once and every line is scored; `--input -` reads stdin.
#[test]
fn piped_input_is_scored_whole() {
    for flag in ["-", "/dev/stdin"] {
        let out = Goldeval::new(["score", "qa", "--input", flag])
            .stdin(INPUT)
            .code(0);
        assert_eq!(lines(&out.stdout).len(), 5, "{flag}: {}", out.stderr);
    }
}

/// Issue 12, item 9: `--output` naming the input is refused before anything is read, and
/// an empty input has no means.
#[test]
fn an_output_onto_the_input_and_an_empty_input_are_handled() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "p.jsonl", INPUT);
    let out = Goldeval::new(["score", "qa", "--input"])
        .arg(&input)
        .arg("--output")
        .arg(&input)
        .code(2);
    assert!(out.stderr.contains("is the input file"), "{}", out.stderr);
    assert_eq!(std::fs::read_to_string(&input).unwrap(), INPUT);
    let empty = write(dir.path(), "empty.jsonl", "\n");
    let summary = dir.path().join("s.json");
    let out = Goldeval::new(["score", "qa", "--input"])
        .arg(&empty)
        .code(0);
    assert!(out.stderr.contains("no items"), "{}", out.stderr);
    Goldeval::new(["score", "qa", "--summary"])
        .arg(&summary)
        .arg("--input")
        .arg(&empty)
        .code(0);
    let json: Value = serde_json::from_str(&std::fs::read_to_string(&summary).unwrap()).unwrap();
    assert_eq!(json["result"]["metrics"][0]["mean"], Value::Null);
    assert_eq!(json["result"]["metrics"][0]["n"], 0);
}

#[test]
fn missing_input_file_is_an_error_naming_the_path() {
    let out = Goldeval::new(["score", "qa", "--input", "no/such/file.jsonl"]).code(2);
    assert!(
        out.stderr.contains("error: reading no/such/file.jsonl"),
        "{}",
        out.stderr
    );
}
