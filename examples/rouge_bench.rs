//! Single-threaded goldeval ROUGE timer for `benches/peers.sh`.
//!
//! `rouge_bench write DIR` writes each workload as `DIR/<name>.jsonl` (prediction +
//! references). `rouge_bench time DIR` scores every workload with rouge1, rouge2, rougeL and
//! rougeLsum, stemmer off and on, on one thread, and prints one line per cell:
//! `<workload> <stem> <best seconds over repeats>`, writing the scores to
//! `DIR/<name>.<stem>.goldeval.jsonl` for the identity check. `ROUGE_BENCH_REPEATS` (default
//! 5) sets the repeats; 1 suits instruction counting under `valgrind --tool=callgrind`.
#![allow(clippy::print_stdout, clippy::print_stderr)]

#[path = "../benches/workload.rs"]
mod workload;

use std::io::Write;
use std::time::Instant;

use goldeval::unstable::metrics::{Rouge, RougeType};

const TYPES: [RougeType; 4] = [
    RougeType::N(1),
    RougeType::N(2),
    RougeType::L,
    RougeType::Lsum,
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (mode, dir) = match args.as_slice() {
        [_, mode, dir] => (mode.as_str(), std::path::PathBuf::from(dir)),
        _ => return Err("usage: rouge_bench write|time DIR".into()),
    };
    std::fs::create_dir_all(&dir)?;
    let repeats: usize = match std::env::var("ROUGE_BENCH_REPEATS") {
        Ok(v) => v.parse()?,
        Err(_) => 5,
    };
    for w in workload::workloads() {
        match mode {
            "write" => {
                let mut f = std::io::BufWriter::new(std::fs::File::create(
                    dir.join(format!("{}.jsonl", w.name)),
                )?);
                for p in &w.pairs {
                    let line =
                        serde_json::json!({"prediction": p.prediction, "references": p.references});
                    writeln!(f, "{line}")?;
                }
            }
            "time" => {
                for stem in [false, true] {
                    let rouge = Rouge::builder().types(TYPES).stemmer(stem).build()?;
                    let mut best = f64::INFINITY;
                    let mut all = Vec::new();
                    for _ in 0..repeats {
                        let start = Instant::now();
                        all.clear();
                        for p in &w.pairs {
                            let refs: Vec<&str> = p.references.iter().map(String::as_str).collect();
                            all.push(rouge.score(&p.prediction, &refs));
                        }
                        best = best.min(start.elapsed().as_secs_f64());
                    }
                    let tag = if stem { "stem" } else { "nostem" };
                    let mut f = std::io::BufWriter::new(std::fs::File::create(
                        dir.join(format!("{}.{tag}.goldeval.jsonl", w.name)),
                    )?);
                    for s in &all {
                        let row: Vec<[f64; 3]> = s
                            .iter()
                            .map(|x| [x.precision, x.recall, x.fmeasure])
                            .collect();
                        writeln!(f, "{}", serde_json::to_string(&row)?)?;
                    }
                    println!("{} {tag} {best:.6}", w.name);
                }
            }
            _ => return Err("usage: rouge_bench write|time DIR".into()),
        }
    }
    Ok(())
}
