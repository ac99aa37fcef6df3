//! QA scoring throughput: the QA metrics (SQuAD v2 EM/F1 + answer_match) through the path
//! `goldeval score qa` and `goldeval run` share (`Rescorer`: score, record, aggregate), on
//! 100,000 generated items, on one thread.
//!
//! Run: `cargo bench --bench qa`. The items mix the dataset's kinds (money, dates, ordinals,
//! entities, unanswerable questions with and without abstentions) and are generated from a
//! fixed seed, so every run scores the same inputs.
#![allow(missing_docs)]

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use goldeval::unstable::dataset::{Kind, Task};
use goldeval::unstable::metrics::registry::qa_metrics;
use goldeval::unstable::metrics::{Gold, MetricSet, Prediction};
use goldeval::unstable::run::rescore::Rescorer;

struct Item {
    prediction: String,
    answers: Vec<String>,
    kind: Kind,
}

/// A 64-bit linear congruential generator (Knuth's MMIX constants): deterministic inputs.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

fn items(n: usize) -> Vec<Item> {
    let mut rng = Lcg(20250507);
    let names = [
        "Xi Jinping",
        "Vladimir Putin",
        "the Kremlin",
        "Moscow",
        "Beijing",
    ];
    let months = ["May", "June", "March"];
    (0..n)
        .map(|_| {
            let a = rng.next(900) + 10;
            let b = rng.next(28) + 1;
            let name = names[rng.next(5) as usize];
            let month = months[rng.next(3) as usize];
            match rng.next(6) {
                0 => Item {
                    prediction: format!("The agreements were worth US${a}bn in total."),
                    answers: vec![format!("${a} billion"), format!("{a} billion dollars")],
                    kind: Kind::Numeric,
                },
                1 => Item {
                    prediction: format!("{b} to {} {month} 2025", b + 2),
                    answers: vec![format!("{month} {b}-{}, 2025", b + 2)],
                    kind: Kind::Date,
                },
                2 => Item {
                    prediction: format!("President {name}"),
                    answers: vec![name.to_string()],
                    kind: Kind::Entity,
                },
                3 => Item {
                    prediction: format!("the {b}th meeting"),
                    answers: vec![format!("{b}th"), "eleventh".into()],
                    kind: Kind::MultiHop,
                },
                4 => Item {
                    prediction: "The documents do not say.".into(),
                    answers: vec![],
                    kind: Kind::Unanswerable,
                },
                _ => Item {
                    prediction: format!("{a}%"),
                    answers: vec![format!("{} per cent", a + rng.next(2))],
                    kind: Kind::Conflict,
                },
            }
        })
        .collect()
}

fn score_all(metrics: &MetricSet, items: &[Item]) -> usize {
    let mut rescorer = Rescorer::new(metrics, Task::Answer, "bench");
    for item in items {
        let prediction = Prediction {
            text: &item.prediction,
            abstained: false,
            no_answer_probability: None,
        };
        let gold = Gold::Answer {
            answers: &item.answers,
            kind: Some(item.kind),
            published: None,
            question: None,
        };
        black_box(rescorer.score("q", Some(item.kind), &prediction, &gold));
    }
    rescorer.finish().items
}

fn bench(c: &mut Criterion) {
    let items = items(100_000);
    let metrics = MetricSet::new(Vec::new(), qa_metrics());
    let mut group = c.benchmark_group("qa");
    group.sample_size(10);
    group.bench_function("score_and_aggregate_100k", |b| {
        b.iter(|| score_all(&metrics, black_box(&items)))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
