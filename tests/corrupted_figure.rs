//! The corrupted-figure demonstration on the bundled dataset: one summary of `sum-all`, and
//! the same summary with one figure corrupted ($327 billion for $237 billion). ROUGE barely
//! moves; key_fact_recall loses the trade fact, unsupported_numbers flags the figure and
//! qa_coverage loses the trade question.
//! `cargo test corrupted_figure -- --nocapture` prints the table quoted in docs/metrics.md.

use goldeval::unstable::dataset::Dataset;
use goldeval::unstable::dataset::Task;
use goldeval::unstable::metrics::Prediction;
use goldeval::unstable::run::default_metrics::summary_metrics;
use goldeval::unstable::run::plan::{gold, Job};
use std::collections::BTreeMap;

use crate::util::bundled_dataset;

const FAITHFUL: &str = "Xi Jinping was in Russia from May 7 to May 10, 2025, on his 11th trip to the country.\n\
He watched the Victory Day parade in Moscow on May 9, held for the 80th anniversary of the Soviet victory over Nazi Germany.\n\
Trade between the two countries reached a record $237 billion in 2024, and the leaders reaffirmed their \"no limits\" strategic partnership.\n\
The Power of Siberia 2 gas pipeline was discussed, and Putin is expected to make a reciprocal visit to China later in 2025.";

/// Every summary column (and the unsupported spans) of `summary` on item `sum-all`.
fn scores(dataset: &Dataset, summary: &str) -> (BTreeMap<String, f64>, serde_json::Value) {
    let item = dataset
        .summaries
        .iter()
        .position(|s| s.id == "sum-all")
        .unwrap();
    let job = Job {
        task: Task::Summarize,
        item,
        backend: 0,
    };
    let gold = gold(dataset, &job);
    let prediction = Prediction {
        text: summary,
        abstained: false,
        no_answer_probability: None,
    };
    let mut values = BTreeMap::new();
    let mut spans = serde_json::Value::Null;
    for metric in summary_metrics() {
        assert!(metric.applies_to(&gold), "{} applies", metric.name());
        let s = metric.score(&prediction, &gold);
        for (column, value) in metric.columns().iter().zip(&s.values) {
            values.insert(column.id.clone(), *value);
        }
        if metric.name() == "unsupported" {
            spans = s.details.unwrap()["unsupported_numbers"]["spans"].clone();
        }
    }
    (values, spans)
}

#[test]
#[allow(clippy::print_stdout)] // the docs/metrics.md table, shown with --nocapture
fn one_corrupted_figure_loses_a_key_fact_and_is_flagged_while_rouge_barely_moves() {
    let dataset = Dataset::load(bundled_dataset()).unwrap();
    let corrupted = FAITHFUL.replace("$237 billion", "$327 billion");
    assert_ne!(corrupted, FAITHFUL);
    let (before, spans_before) = scores(&dataset, FAITHFUL);
    let (after, spans_after) = scores(&dataset, &corrupted);

    println!("| metric | faithful | $327 billion | change |");
    println!("|---|---:|---:|---:|");
    for (id, b) in &before {
        let a = after[id];
        println!("| {id} | {b:.4} | {a:.4} | {:+.4} |", a - b);
    }
    println!("unsupported spans: {spans_before} -> {spans_after}");

    for rouge in ["rouge1", "rouge2", "rougeL", "rougeLsum"] {
        let drop = before[rouge] - after[rouge];
        assert!((0.0..0.02).contains(&drop), "{rouge} moved by {drop}");
    }
    let facts = dataset
        .summaries
        .iter()
        .find(|s| s.id == "sum-all")
        .unwrap()
        .key_facts
        .len();
    let lost = before["key_fact_recall"] - after["key_fact_recall"];
    assert!((lost - 1.0 / facts as f64).abs() < 1e-12, "lost {lost}");
    assert_eq!(before["unsupported_numbers"].to_bits(), 0.0_f64.to_bits());
    assert_eq!(after["unsupported_numbers"].to_bits(), 1.0_f64.to_bits());
    assert_eq!(spans_after, serde_json::json!(["$327 billion"]));
    // The trade question can no longer be answered correctly from the summary.
    assert!(after["qa_coverage"] < before["qa_coverage"]);
}
