//! Issue 13: one way to score. The same outputs scored by `goldeval score …` from a file and
//! by `goldeval run --backend replay:…` give the same number for every metric column, item by
//! item and on average, under the same signature.

use std::path::Path;

use serde_json::Value;

use crate::util::{bundled_dataset, items, read_json, Goldeval};

/// The bundled dataset's documents by id: their publication dates.
fn published(dataset: &Path) -> std::collections::HashMap<String, String> {
    std::fs::read_to_string(dataset.join("documents.jsonl"))
        .unwrap()
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            (
                v["id"].as_str().unwrap().to_string(),
                v["published"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Every column of `a` equals `b`'s, bit for bit.
fn same_scores(what: &str, a: &Value, b: &Value) {
    let (a, b) = (a.as_object().unwrap(), b.as_object().unwrap());
    let keys: Vec<&String> = a.keys().filter(|k| b.contains_key(*k)).collect();
    assert!(!keys.is_empty(), "{what}: no column in common");
    for k in keys {
        assert_eq!(
            a[k].as_f64().map(f64::to_bits),
            b[k].as_f64().map(f64::to_bits),
            "{what}: {k} differs: {} vs {}",
            a[k],
            b[k]
        );
    }
}

/// The metrics of a `score --summary` file and of a run's summary.json, column by column:
/// equal means, counts and signatures.
fn same_summaries(score: &Value, run: &Value) {
    let score_metrics = score["result"]["metrics"].as_array().unwrap();
    let run_metrics = run["metrics"].as_array().unwrap();
    assert_eq!(score_metrics.len(), run_metrics.len());
    for (s, r) in score_metrics.iter().zip(run_metrics) {
        assert_eq!(s["metric"], r["metric"]);
        assert_eq!(s["signature"], r["signature"], "{}", s["metric"]);
        assert_eq!(s["direction"], r["direction"], "{}", s["metric"]);
        assert_eq!(s["n"], r["n"], "{}", s["metric"]);
        assert_eq!(
            s["mean"].as_f64().map(f64::to_bits),
            r["mean"].as_f64().map(f64::to_bits),
            "{}: {} vs {}",
            s["metric"],
            s["mean"],
            r["mean"]
        );
        assert_eq!(s["by_kind"], r["by_kind"], "{}", s["metric"]);
    }
    assert_eq!(score["result"]["statistics"], run["statistics"]);
}

#[test]
fn score_qa_and_a_replayed_run_agree_on_every_column_and_signature() {
    let tmp = tempfile::tempdir().unwrap();
    let dataset = bundled_dataset();
    let first = tmp.path().join("first");
    Goldeval::new([
        "run",
        "--quiet",
        "--task",
        "qa",
        "--backend",
        "extractive-qa",
        "--out",
    ])
    .arg(&first)
    .code(0);
    let dates = published(&dataset);
    let gold: std::collections::HashMap<String, Value> =
        std::fs::read_to_string(dataset.join("qa.jsonl"))
            .unwrap()
            .lines()
            .map(|l| {
                let v: Value = serde_json::from_str(l).unwrap();
                (v["id"].as_str().unwrap().to_string(), v)
            })
            .collect();
    let recorded = items(&first);
    // Every recorded output, plus the abstained item: scored with "4,200" recorded
    // but the abstain flag set, it is the empty answer in both commands.
    let mut replay = Vec::new();
    let mut input = Vec::new();
    for (i, r) in recorded.iter().enumerate() {
        let id = r["id"].as_str().unwrap();
        let g = &gold[id];
        let first_doc = g["documents"]
            .get(0)
            .and_then(Value::as_str)
            .unwrap_or("doc-01");
        let abstained = i == 0 || r["abstained"].as_bool().unwrap();
        let output = r["output"].as_str().unwrap();
        replay.push(serde_json::json!({"id": id, "output": output, "abstained": abstained}));
        input.push(serde_json::json!({
            "id": id,
            "prediction": output,
            "answers": g["answers"],
            "kind": g["kind"],
            "abstained": abstained,
            "publication_date": dates[first_doc],
            "question": g["question"],
        }));
    }
    let lines = |v: &[Value]| {
        v.iter()
            .map(Value::to_string)
            .collect::<Vec<_>>()
            .join("\n")
            + "\n"
    };
    let replay_file = tmp.path().join("outputs.jsonl");
    std::fs::write(&replay_file, lines(&replay)).unwrap();
    let input_file = tmp.path().join("input.jsonl");
    std::fs::write(&input_file, lines(&input)).unwrap();

    let second = tmp.path().join("second");
    Goldeval::new(["run", "--quiet", "--task", "qa", "--backend"])
        .arg(format!("replay:{}", replay_file.display()))
        .arg("--out")
        .arg(&second)
        .code(0);
    let summary = tmp.path().join("summary.json");
    let scored = Goldeval::new(["score", "qa", "--summary"])
        .arg(&summary)
        .arg("--input")
        .arg(&input_file)
        .code(0);
    let run_items = items(&second);
    let score_lines: Vec<Value> = scored
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(run_items.len(), score_lines.len());
    for (r, s) in run_items.iter().zip(&score_lines) {
        assert_eq!(r["id"], s["id"]);
        same_scores(r["id"].as_str().unwrap(), &r["scores"], s);
    }
    // The abstained item with the right text: exact_match 0, as the official script scores "".
    assert_eq!(run_items[0]["scores"]["exact_match"], 0.0);
    assert_eq!(score_lines[0]["exact_match"], 0.0);
    let run_summary = read_json(&second.join("summary.json"));
    same_summaries(&read_json(&summary), &run_summary["results"][0]);
}

#[test]
fn score_summaries_and_a_replayed_run_agree_on_every_column_and_signature() {
    let tmp = tempfile::tempdir().unwrap();
    let first = tmp.path().join("first");
    Goldeval::new([
        "run",
        "--quiet",
        "--task",
        "summarize",
        "--backend",
        "textrank",
        "--out",
    ])
    .arg(&first)
    .code(0);
    let recorded = items(&first);
    let lines: Vec<String> = recorded
        .iter()
        .map(|r| serde_json::json!({"id": r["id"], "output": r["output"]}).to_string())
        .collect();
    let replay_file = tmp.path().join("outputs.jsonl");
    std::fs::write(&replay_file, lines.join("\n") + "\n").unwrap();
    let input: Vec<String> = recorded
        .iter()
        .map(|r| serde_json::json!({"id": r["id"], "prediction": r["output"]}).to_string())
        .collect();
    let input_file = tmp.path().join("input.jsonl");
    std::fs::write(&input_file, input.join("\n") + "\n").unwrap();

    let second = tmp.path().join("second");
    Goldeval::new(["run", "--quiet", "--task", "summarize", "--backend"])
        .arg(format!("replay:{}", replay_file.display()))
        .arg("--out")
        .arg(&second)
        .code(0);
    let summary = tmp.path().join("summary.json");
    let scored = Goldeval::new(["score", "summaries", "--summary"])
        .arg(&summary)
        .arg("--input")
        .arg(&input_file)
        .code(0);
    let run_items = items(&second);
    let score_lines: Vec<Value> = scored
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    for (r, s) in run_items.iter().zip(&score_lines) {
        same_scores(r["id"].as_str().unwrap(), &r["scores"], s);
    }
    let run_summary = read_json(&second.join("summary.json"));
    same_summaries(&read_json(&summary), &run_summary["results"][0]);
}

/// `score rouge --stemmer` computes the run's ROUGE columns: same F-measures per item, same
/// signatures.
#[test]
fn score_rouge_with_the_stemmer_agrees_with_a_run() {
    let tmp = tempfile::tempdir().unwrap();
    let first = tmp.path().join("first");
    Goldeval::new([
        "run",
        "--quiet",
        "--task",
        "summarize",
        "--backend",
        "lead",
        "--out",
    ])
    .arg(&first)
    .code(0);
    let references: std::collections::HashMap<String, Value> =
        std::fs::read_to_string(bundled_dataset().join("summaries.jsonl"))
            .unwrap()
            .lines()
            .map(|l| {
                let v: Value = serde_json::from_str(l).unwrap();
                (
                    v["id"].as_str().unwrap().to_string(),
                    v["references"].clone(),
                )
            })
            .collect();
    let recorded = items(&first);
    let pairs: Vec<String> = recorded
        .iter()
        .map(|r| {
            let id = r["id"].as_str().unwrap();
            serde_json::json!({"id": id, "prediction": r["output"], "references": references[id]})
                .to_string()
        })
        .collect();
    let input = tmp.path().join("pairs.jsonl");
    std::fs::write(&input, pairs.join("\n") + "\n").unwrap();
    let summary = tmp.path().join("summary.json");
    let out = Goldeval::new(["score", "rouge", "--stemmer", "--summary"])
        .arg(&summary)
        .arg("--input")
        .arg(&input)
        .code(0);
    for (line, r) in out.stdout.lines().zip(&recorded) {
        let v: Value = serde_json::from_str(line).unwrap();
        for t in ["rouge1", "rouge2", "rougeL", "rougeLsum"] {
            assert_eq!(
                v[t]["fmeasure"].as_f64().map(f64::to_bits),
                r["scores"][t].as_f64().map(f64::to_bits),
                "{t}"
            );
        }
    }
    let run = read_json(&first.join("run.json"));
    let text = std::fs::read_to_string(&summary).unwrap();
    for t in ["rouge1", "rouge2", "rougeL", "rougeLsum"] {
        let signature = run["signatures"][format!("summarize/{t}")]
            .as_str()
            .unwrap();
        assert!(text.contains(signature), "{t}: {signature} not in {text}");
    }
}
