//! SQuAD v2 parity: goldeval's `normalize_answer`, per-item EM/F1 and `squad_evaluate`-style
//! aggregates against values produced by the official v2 logic in
//! `transformers.data.metrics.squad_metrics` 4.57.6 under CPython 3.11.7.
//!
//! Ground truth: `tests/fixtures/squad/{cases.jsonl,aggregates.json}` written by
//! `tests/fixtures/squad/generate.py`, plus the project's reference `squad_tricky.jsonl` and
//! `squad_tricky_aggregate.json` (copied beside them). Comparisons are bit-exact.

use std::path::PathBuf;

use goldeval::unstable::metrics::squad::{aggregate, score, SquadAggregate, SquadRow};
use goldeval::unstable::text::squad_normalize::normalize_answer;
use serde::Deserialize;
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    crate::util::repo().join("tests/fixtures/squad").join(name)
}

#[derive(Deserialize)]
struct Case {
    id: String,
    prediction: String,
    answers: Vec<String>,
    no_answer_probability: f64,
    normalized_prediction: String,
    normalized_answers: Vec<String>,
    exact: f64,
    f1: f64,
}

fn cases() -> Vec<Case> {
    let text = std::fs::read_to_string(fixture("cases.jsonl")).unwrap();
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn row(case: &Case, with_probs: bool) -> SquadRow {
    SquadRow {
        score: score(&case.prediction, &case.answers),
        no_answer_probability: if with_probs {
            case.no_answer_probability
        } else {
            0.0
        },
        prediction_nonempty: !case.prediction.is_empty(),
    }
}

/// Every key and value of `expected` equals ours, floats compared with `to_bits`.
fn diff_aggregate(name: &str, ours: &SquadAggregate, expected: &Value) -> Vec<String> {
    let ours = serde_json::to_value(ours).unwrap();
    let (ours, expected) = (ours.as_object().unwrap(), expected.as_object().unwrap());
    let mut diffs = Vec::new();
    let keys: Vec<_> = ours.keys().collect();
    let want_keys: Vec<_> = expected.keys().collect();
    if keys != want_keys {
        diffs.push(format!("{name}: keys {keys:?} != {want_keys:?}"));
    }
    for (key, want) in expected {
        let got = ours.get(key).and_then(Value::as_f64).map(f64::to_bits);
        if got != want.as_f64().map(f64::to_bits) {
            diffs.push(format!("{name}: {key}: ours {:?} != {want}", ours.get(key)));
        }
    }
    diffs
}

#[test]
fn normalize_em_f1_match_transformers_4_57_6_squad_metrics_on_3105_cases() {
    let cases = cases();
    assert_eq!(cases.len(), 3105);
    let mut diffs = Vec::new();
    for c in &cases {
        if normalize_answer(&c.prediction) != c.normalized_prediction {
            diffs.push(format!("{}: normalized prediction", c.id));
        }
        let answers: Vec<String> = c.answers.iter().map(|a| normalize_answer(a)).collect();
        if answers != c.normalized_answers {
            diffs.push(format!("{}: normalized answers", c.id));
        }
        let s = score(&c.prediction, &c.answers);
        if s.exact_match.to_bits() != c.exact.to_bits() || s.f1.to_bits() != c.f1.to_bits() {
            diffs.push(format!(
                "{}: ours {s:?}, want em {} f1 {}",
                c.id, c.exact, c.f1
            ));
        }
    }
    assert!(
        diffs.is_empty(),
        "{} differences:\n{}",
        diffs.len(),
        diffs.join("\n")
    );
}

#[test]
fn aggregates_match_transformers_squad_evaluate_on_32_subsets() {
    let cases = cases();
    let doc: Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("aggregates.json")).unwrap())
            .unwrap();
    let subsets = doc["subsets"].as_object().unwrap();
    let aggregates = doc["aggregates"].as_array().unwrap();
    assert_eq!(aggregates.len(), 32);
    let mut diffs = Vec::new();
    for agg in aggregates {
        let subset = agg["subset"].as_str().unwrap();
        let with_probs = agg["with_probs"].as_bool().unwrap();
        let thresh = agg["thresh"].as_f64().unwrap();
        let rows: Vec<SquadRow> = subsets[subset]
            .as_array()
            .unwrap()
            .iter()
            .map(|id| {
                let c = cases
                    .iter()
                    .find(|c| Some(c.id.as_str()) == id.as_str())
                    .unwrap();
                row(c, with_probs)
            })
            .collect();
        let name = format!("{subset} probs={with_probs} thresh={thresh}");
        let ours = aggregate(&rows, thresh).unwrap();
        diffs.extend(diff_aggregate(&name, &ours, &agg["expected"]));
    }
    assert!(
        diffs.is_empty(),
        "{} differences:\n{}",
        diffs.len(),
        diffs.join("\n")
    );
}

#[test]
fn squad_tricky_reference_fixture_per_item_and_aggregate() {
    let text = std::fs::read_to_string(fixture("squad_tricky.jsonl")).unwrap();
    let mut rows = Vec::new();
    let mut diffs = Vec::new();
    for line in text.lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        let prediction = v["prediction"].as_str().unwrap().to_string();
        let answers: Vec<&str> = v["answers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a.as_str().unwrap())
            .collect();
        let s = score(&prediction, &answers);
        let want_em = v["v2"]["exact"].as_f64().unwrap();
        let want_f1 = v["v2"]["f1"].as_f64().unwrap();
        if s.exact_match.to_bits() != want_em.to_bits() || s.f1.to_bits() != want_f1.to_bits() {
            diffs.push(format!("{}: {s:?}", v["id"]));
        }
        if normalize_answer(&prediction) != v["normalized_prediction"].as_str().unwrap() {
            diffs.push(format!("{}: normalized prediction", v["id"]));
        }
        rows.push((s, v["no_answer_probability"].as_f64().unwrap(), prediction));
    }
    assert_eq!(rows.len(), 50);
    let doc: Value = serde_json::from_str(
        &std::fs::read_to_string(fixture("squad_tricky_aggregate.json")).unwrap(),
    )
    .unwrap();
    for (variant, with_probs, thresh) in [
        ("without_na_probs", false, 1.0),
        ("with_na_probs", true, 1.0),
        ("with_na_probs_thresh_0.5", true, 0.5),
    ] {
        let rows: Vec<SquadRow> = rows
            .iter()
            .map(|(score, p, pred)| SquadRow {
                score: *score,
                no_answer_probability: if with_probs { *p } else { 0.0 },
                prediction_nonempty: !pred.is_empty(),
            })
            .collect();
        let ours = aggregate(&rows, thresh).unwrap();
        diffs.extend(diff_aggregate(variant, &ours, &doc[variant]));
    }
    assert!(
        diffs.is_empty(),
        "{} differences:\n{}",
        diffs.len(),
        diffs.join("\n")
    );
}

/// `src/text/python_chars.rs` and `python_lower.tsv` are what CPython 3.11 generates today.
#[test]
fn python_character_tables_are_fresh_for_cpython_3_11() {
    let python = ["python3.11", "python3"].into_iter().find(|p| {
        std::process::Command::new(p)
            .args(["-c", "import sys; assert sys.version_info[:2] == (3, 11)"])
            .output()
            .is_ok_and(|o| o.status.success())
    });
    let Some(python) = python else {
        let reason = "SKIP: no CPython 3.11 (python3.11 or python3) to regenerate the tables";
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{reason} (CI=true)"
        );
        eprintln!("{reason}");
        return;
    };
    let out = std::process::Command::new(python)
        .arg(fixture("gen_python_chars.py"))
        .arg("--check")
        .current_dir(crate::util::repo())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
