//! Harness overhead: `goldeval run`'s runner (plan, 64 requests in flight over HTTP, QA
//! scoring, ordered journal, aggregation) against an instant local OpenAI-compatible server.
//!
//! Run: `cargo bench --bench harness`. The acceptance target is at least 2,000 items/s; the
//! measured rate is in the README (Performance of the runner). The server is the test suite's
//! (`tests/openai_server.rs`) answering at once; the dataset is generated: 2,000 QA items over
//! one short document.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

#[allow(dead_code)]
#[path = "../tests/openai_server.rs"]
mod openai_server;

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use goldeval::unstable::backend::limits::Limited;
use goldeval::unstable::backend::openai::{OpenAi, Prompts, Spec};
use goldeval::unstable::backend::Backend;
use goldeval::unstable::dataset::Dataset;
use goldeval::unstable::dataset::Task;
use goldeval::unstable::run::{self, Backoff, RunConfig, Silent};

const ITEMS: usize = 2_000;
const IN_FLIGHT: usize = 64;

/// A dataset of `n` QA items over one document.
fn dataset(dir: &Path, n: usize) -> Dataset {
    let document = "The town of Riverton opened its lantern festival on Saturday, Feb. 28, with 4,200 lanterns floating down the Alder River.";
    std::fs::write(
        dir.join("dataset.toml"),
        "name = \"harness\"\nversion = \"0.1.0\"\ndescription = \"generated\"\nlicense = \"CC0-1.0\"\nlanguage = \"en\"\ncreated = \"2026-11-23\"\nsource_note = \"generated\"\n\n[files.documents]\npath = \"documents.jsonl\"\ndescription = \"d\"\n\n[files.qa]\npath = \"qa.jsonl\"\ndescription = \"q\"\n\n[files.summaries]\npath = \"summaries.jsonl\"\ndescription = \"s\"\n",
    )
    .unwrap();
    let doc = serde_json::json!({"id": "d-1", "title": "Festival", "published": "2026-03-02", "outlet": "paper", "text": document});
    std::fs::write(dir.join("documents.jsonl"), format!("{doc}\n")).unwrap();
    let mut qa = String::new();
    for i in 0..n {
        let item = serde_json::json!({"id": format!("q-{i}"), "question": format!("How many lanterns floated, case {i}?"), "answers": ["4,200"], "kind": "numeric", "documents": ["d-1"], "evidence": [{"document": "d-1", "quote": "4,200 lanterns"}]});
        qa.push_str(&format!("{item}\n"));
    }
    std::fs::write(dir.join("qa.jsonl"), qa).unwrap();
    let summary = serde_json::json!({"id": "s-1", "documents": ["d-1"], "references": ["Riverton opened its lantern festival.", "A festival opened."], "key_facts": ["4,200 lanterns"]});
    std::fs::write(dir.join("summaries.jsonl"), format!("{summary}\n")).unwrap();
    Dataset::load(dir).unwrap()
}

fn bench(c: &mut Criterion) {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let dataset = dataset(&data, ITEMS);
    let server = openai_server::Server::start_unrecorded(|_, _| openai_server::Fault::None);
    let openai: Arc<dyn Backend> = Arc::new(OpenAi::new(Spec {
        name: "instant".into(),
        base_url: server.base_url.clone(),
        model: "m".into(),
        api_key_env: None,
        temperature: None,
        max_tokens: None,
        seed: None,
        headers: Default::default(),
        timeout: Duration::from_secs(10),
        max_retry_after: goldeval::unstable::backend::DEFAULT_MAX_RETRY_AFTER,
        max_output_bytes: goldeval::unstable::backend::DEFAULT_MAX_OUTPUT_BYTES,
        prompts: Prompts::default(),
        prices: None,
        tasks: vec![Task::Answer],
    }));
    let config = RunConfig {
        backends: vec![Arc::new(Limited::new(openai, Some(IN_FLIGHT), None))],
        selectors: Vec::new(),
        warnings: Vec::new(),
        tasks: vec![Task::Answer],
        limit: None,
        shard: None,
        repeat: 1,
        stop: None,
        jobs: IN_FLIGHT,
        backoff: Backoff::default(),
        cache: None,
        judge: None,
    };
    let metrics = run::default_metrics::metric_set();
    let mut group = c.benchmark_group("harness");
    group.sample_size(10);
    group.throughput(Throughput::Elements(ITEMS as u64));
    let mut n = 0;
    group.bench_function("openai_instant_2000_items_64_in_flight", |b| {
        b.iter(|| {
            n += 1;
            let dir = tmp.path().join(format!("run-{n}"));
            let outcome =
                run::execute(&dataset, &config, &metrics, &dir, "bench", &Silent).unwrap();
            assert_eq!(outcome.manifest.counts.items, ITEMS);
            assert_eq!(outcome.manifest.counts.errors, 0);
            std::fs::remove_dir_all(&dir).unwrap();
        });
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
