//! The `judge` metric through the CLI: a configured `openai` backend (the test server) asked
//! per key fact, its replies parsed into the judge columns, retried on 429, cached across
//! runs, recorded in plan.json; a backend that cannot answer is refused.

use std::path::Path;

use serde_json::Value;

use crate::openai_server::{Fault, Server};
use crate::util::{bundled_dataset, items, read_json, Goldeval};

/// Contradicts the trade figure, states what names Xi, omits the rest; the first request
/// about the parade meets a 429.
fn judge_server() -> Server {
    Server::start(|user, before| {
        if !user.contains("against this fact") {
            return Fault::Answer("not a judge question");
        }
        if user.contains("parade") && before == 0 {
            Fault::TooMany(1)
        } else if user.contains("237") {
            Fault::Answer("contradicted")
        } else if user.contains("\"Xi") {
            Fault::Answer("Stated.")
        } else {
            Fault::Answer("absent")
        }
    })
}

fn write_config(dir: &Path, server: &Server) {
    let config = format!(
        "[[backend]]\nname = \"judge-llm\"\nkind = \"openai\"\nbase_url = \"{}\"\n\
         model = \"tiny\"\ntimeout_secs = 5\nmax_retries = 2\n",
        server.base_url
    );
    std::fs::write(dir.join("goldeval.toml"), config).unwrap();
}

fn run(dir: &Path, cache: &Path, out: &str) -> crate::util::Outcome {
    Goldeval::new([
        "run",
        "--task",
        "summarize",
        "--backend",
        "lead",
        "--limit",
        "2",
    ])
    .args(&["--judge", "judge-llm", "--quiet", "--out", out, "--dataset"])
    .arg(bundled_dataset())
    .env("GOLDEVAL_CACHE_DIR", cache.to_str().unwrap())
    .current_dir(dir)
    .code(0)
}

#[test]
fn run_judges_every_key_fact_retries_and_caches() {
    let server = judge_server();
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    write_config(dir.path(), &server);
    run(dir.path(), cache.path(), "first");
    let first = dir.path().join("first");
    let asked = server.count("against this fact");
    let items = items(&first);
    let facts: usize = items
        .iter()
        .map(|i| i["details"]["judge"]["facts"].as_array().unwrap().len())
        .sum();
    let parade = items
        .iter()
        .flat_map(|i| i["details"]["judge"]["facts"].as_array().unwrap().clone())
        .filter(|f| f["fact"].as_str().unwrap().contains("parade"))
        .count();
    assert!(parade > 0);
    // Every fact asked once, plus one retry of each parade question after its 429.
    assert_eq!(asked, facts + parade, "{asked} requests for {facts} facts");
    for item in &items {
        let judged = &item["details"]["judge"];
        assert_eq!(judged["failures"], 0, "{judged}");
        for fact in judged["facts"].as_array().unwrap() {
            let text = fact["fact"].as_str().unwrap();
            let expected = if text.contains("237") {
                "contradicted"
            } else if text.starts_with("Xi") {
                "stated"
            } else {
                "absent"
            };
            assert_eq!(fact["verdict"], expected, "{text}");
        }
        let stated = item["scores"]["judge_stated"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&stated));
    }
    let summary = read_json(&first.join("summary.json"));
    let text = summary.to_string();
    assert!(
        text.contains("judge_stated|v:1|judge:judge-llm|parse:strict"),
        "{text}"
    );
    assert_eq!(read_json(&first.join("plan.json"))["judge"], "judge-llm");
    // A second run asks nothing: every reply comes from the cache.
    run(dir.path(), cache.path(), "second");
    assert_eq!(server.count("against this fact"), asked);
    let again = std::fs::read_to_string(dir.path().join("second/items.jsonl")).unwrap();
    assert!(again.contains("\"judge_contradicted\""));
}

#[test]
fn a_judge_that_cannot_answer_is_a_usage_error() {
    let out = Goldeval::new(["run", "--task", "summarize", "--judge", "lead", "--dataset"])
        .arg(bundled_dataset())
        .code(2);
    assert!(
        out.stderr
            .contains("the judge \"lead\" cannot answer questions"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("hint:"));
}

#[test]
fn score_summaries_explains_the_judges_verdicts() {
    let server = judge_server();
    let dir = tempfile::tempdir().unwrap();
    write_config(dir.path(), &server);
    let input = dir.path().join("s.jsonl");
    let line = serde_json::json!({
        "id": "sum-01",
        "prediction": "Xi visits Russia for four days.\nTrade reached $327 billion in 2024."
    });
    std::fs::write(&input, format!("{line}\n")).unwrap();
    let out = Goldeval::new(["score", "summaries", "--explain", "--judge", "judge-llm"])
        .arg("--dataset")
        .arg(bundled_dataset())
        .arg("--input")
        .arg(&input)
        .current_dir(dir.path())
        .code(0);
    assert!(
        out.stderr.contains("sum-01: judge_stated"),
        "{}",
        out.stderr
    );
    assert!(out
        .stderr
        .contains("  CONTRADICTED Bilateral trade reached a record $237 billion in 2024"));
    let row: Value = serde_json::from_str(out.stdout.lines().next().unwrap()).unwrap();
    assert_eq!(row["judge_failures"], 0.0);
}
