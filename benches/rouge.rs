//! criterion benchmarks of goldeval's ROUGE on the three workloads of `workload.rs`
//! (short news-like pairs, long texts, 4 references), all four types, stemmer off and on,
//! one thread (`Rouge::score` in a loop).

#[path = "workload.rs"]
mod workload;

use criterion::{criterion_main, Criterion, Throughput};
use goldeval::unstable::metrics::{Rouge, RougeType};

fn rouge(c: &mut Criterion) {
    let types = [
        RougeType::N(1),
        RougeType::N(2),
        RougeType::L,
        RougeType::Lsum,
    ];
    for w in workload::workloads() {
        let mut group = c.benchmark_group(format!("rouge/{}", w.name));
        group.throughput(Throughput::Elements(w.pairs.len() as u64));
        group.sample_size(10);
        for stem in [false, true] {
            let scorer = Rouge::builder()
                .types(types)
                .stemmer(stem)
                .build()
                .unwrap_or_else(|e| panic!("{e}"));
            let name = if stem { "stem" } else { "nostem" };
            group.bench_function(name, |b| {
                b.iter(|| {
                    for p in &w.pairs {
                        let refs: Vec<&str> = p.references.iter().map(String::as_str).collect();
                        std::hint::black_box(scorer.score(&p.prediction, &refs));
                    }
                });
            });
        }
        group.finish();
    }
}

#[allow(missing_docs)]
mod group {
    criterion::criterion_group!(benches, super::rouge);
}
use group::benches;
criterion_main!(benches);
