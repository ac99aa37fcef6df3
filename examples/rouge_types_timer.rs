//! Per-type timing breakdown of the benchmark workloads (a development aid).
#![allow(clippy::print_stdout)]

#[path = "../benches/workload.rs"]
mod workload;

use goldeval::unstable::metrics::{Rouge, RougeType};
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    for w in workload::workloads() {
        for t in [
            RougeType::N(1),
            RougeType::N(2),
            RougeType::L,
            RougeType::Lsum,
        ] {
            let rouge = Rouge::builder().types([t]).build()?;
            let mut best = f64::INFINITY;
            for _ in 0..5 {
                let start = Instant::now();
                for p in &w.pairs {
                    let refs: Vec<&str> = p.references.iter().map(String::as_str).collect();
                    std::hint::black_box(rouge.score(&p.prediction, &refs));
                }
                best = best.min(start.elapsed().as_secs_f64());
            }
            println!(
                "{} {t} {:.2} us/pair",
                w.name,
                best * 1e6 / w.pairs.len() as f64
            );
        }
    }
    Ok(())
}
