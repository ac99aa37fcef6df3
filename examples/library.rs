//! goldeval as a library, through its stable API only:
//!
//! 1. ROUGE on a file of pairs (`{"prediction": "...", "references": ["..."]}` per line;
//!    default: the rouge-score parity fixture), with rouge-score's settings and signature;
//! 2. a run of recorded outputs (the committed `lead` golden's outputs, replayed) on the
//!    bundled dataset, checked against the committed goldens.
//!
//! Run from the repository root: `cargo run --example library [PAIRS.jsonl]`
#![allow(clippy::print_stdout)]

use std::io::BufRead;

use goldeval::{check_run, Gates, Golden, Goldens, Rouge, RougeType, Run, RunDir, Task};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let pairs = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "tests/fixtures/rouge/pairs.jsonl".into());
    score_pairs(&pairs)?;
    replay_and_check()?;
    Ok(())
}

/// Mean ROUGE F-measures of a JSON Lines file of pairs.
fn score_pairs(path: &str) -> Result<(), Box<dyn std::error::Error>> {
    let types = [RougeType::N(1), RougeType::N(2), RougeType::L];
    let rouge = Rouge::builder().types(types).stemmer(true).build()?;
    let mut sums = [0.0; 3];
    let mut n = 0;
    for line in std::io::BufReader::new(std::fs::File::open(path)?).lines() {
        let pair: serde_json::Value = serde_json::from_str(&line?)?;
        let prediction = pair["prediction"].as_str().unwrap_or_default();
        let references: Vec<&str> = pair["references"]
            .as_array()
            .map(|r| r.iter().filter_map(|v| v.as_str()).collect())
            .unwrap_or_default();
        for (sum, score) in sums.iter_mut().zip(rouge.score(prediction, &references)) {
            *sum += score.fmeasure;
        }
        n += 1;
    }
    println!("{n} pairs from {path}");
    for (t, sum) in types.iter().zip(sums) {
        println!(
            "  {:<9} {:.4}   {}",
            t.to_string(),
            sum / n.max(1) as f64,
            rouge.signature(*t)
        );
    }
    Ok(())
}

/// Replays the outputs of the committed `lead` golden and checks the run against the goldens.
fn replay_and_check() -> Result<(), Box<dyn std::error::Error>> {
    let golden = Golden::read("goldens/xi-moscow-2025/lead.jsonl".as_ref())?;
    let dir = tempfile::tempdir()?;
    let recorded = dir.path().join("lead.jsonl");
    let lines: Vec<String> = golden
        .items
        .iter()
        .map(|i| serde_json::json!({"id": i.id, "output": i.output}).to_string())
        .collect();
    std::fs::write(&recorded, lines.join("\n") + "\n")?;
    let outcome = Run::new("datasets/xi-moscow-2025")
        .backend(format!("replay:{}", recorded.display()))
        .task(Task::Summarize)
        .out(dir.path().join("run"))
        .execute()?;
    let result = &outcome.summary.results[0];
    println!("\n{} on {} items:", result.backend, result.items);
    for column in result.metrics.iter().take(4) {
        println!(
            "  {:<9} {:.4}",
            column.metric,
            column.overall.mean.unwrap_or_default()
        );
    }
    // The replay is named after its file (`replay:lead`), so check it against lead's golden.
    let run = RunDir::open(&outcome.dir)?;
    let baseline = Goldens::Baseline("goldens/xi-moscow-2025/lead.jsonl".as_ref());
    for (check, _) in check_run(&run, baseline, &Gates::default())? {
        let verdict = if check.passed() { "PASS" } else { "FAIL" };
        println!("{verdict}  {} against {}", check.backend, check.golden);
    }
    Ok(())
}
