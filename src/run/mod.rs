//! Orchestration: plan the jobs, call the backends, score the outputs, journal every item,
//! aggregate, and write the run directory.
//!
//! The runner sees backends only through [`crate::backend::Backend`] and metrics only through
//! [`crate::metrics::Metric`]. Backend failures are data: they are recorded with the item and
//! the run goes on; [`Outcome::is_complete`] tells the caller whether any item errored.

mod aggregate;
pub mod budget;
pub mod cache;
pub mod clock;
pub mod default_metrics;
mod feed;
pub mod journal;
pub mod merge;
pub mod plan;
mod pool;
pub mod reliable;
mod repeats;
mod resume;
pub mod retry;
pub mod scheduler;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use crate::dataset::Dataset;
use crate::dataset::Task;
use crate::error::Result;
use crate::metrics::{Column, Metric, Prediction};
use crate::record::Usage;
use crate::record::{
    Counts, DatasetRef, ItemRecord, RunManifest, RunPlan, Summary, Timings, FORMAT_VERSION,
};

pub use aggregate::Accumulator;
pub use cache::Cache;
pub use clock::Utc;
pub use journal::Journal;
pub use merge::merge;
pub use plan::{Job, RunConfig};
pub use reliable::Reliable;
pub use resume::{read_plan, resume};
pub use retry::{Backoff, RetryNotice};

/// The metrics of each task.
pub struct MetricSet {
    summarize: Vec<Box<dyn Metric>>,
    answer: Vec<Box<dyn Metric>>,
    summarize_columns: Vec<Column>,
    answer_columns: Vec<Column>,
}

impl MetricSet {
    /// Metrics for summaries and for answers.
    pub fn new(summarize: Vec<Box<dyn Metric>>, answer: Vec<Box<dyn Metric>>) -> Self {
        let columns =
            |ms: &[Box<dyn Metric>]| ms.iter().flat_map(|m| m.columns().to_vec()).collect();
        MetricSet {
            summarize_columns: columns(&summarize),
            answer_columns: columns(&answer),
            summarize,
            answer,
        }
    }

    /// The metrics that score `task`.
    pub fn metrics(&self, task: Task) -> &[Box<dyn Metric>] {
        match task {
            Task::Summarize => &self.summarize,
            Task::Answer => &self.answer,
        }
    }

    /// Every column of `task`'s metrics, in order.
    pub fn columns(&self, task: Task) -> &[Column] {
        match task {
            Task::Summarize => &self.summarize_columns,
            Task::Answer => &self.answer_columns,
        }
    }
}

/// Hooks for progress display. Every method has a no-op default.
pub trait Observer {
    /// The run is about to start `total` jobs.
    fn planned(&self, _total: usize) {}
    /// A job finished; `done` of `total` are finished now.
    fn finished(&self, _record: &ItemRecord, _done: usize, _total: usize) {}
    /// A request failed with a retryable error and will be retried after `notice.wait`.
    fn retrying(&self, _notice: &RetryNotice) {}
    /// A request to `backend` waits `wait` for its rate budget (requests or tokens per
    /// minute).
    fn throttled(&self, _backend: &str, _wait: std::time::Duration) {}
}

/// An observer that does nothing.
pub struct Silent;

impl Observer for Silent {}

/// What a finished run produced.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The run directory.
    pub dir: PathBuf,
    /// `run.json`.
    pub manifest: RunManifest,
    /// `summary.json`.
    pub summary: Summary,
    /// `repeats.json`, with `--repeat N` (N > 1).
    pub repeats: Option<crate::record::Repeats>,
}

impl Outcome {
    /// True when no item errored.
    pub fn is_complete(&self) -> bool {
        self.manifest.counts.errors == 0
    }
}

/// A fresh default run directory under `parent`: `<UTC timestamp>-<6 hex digits>`.
pub fn default_dir(parent: &Path) -> (PathBuf, String) {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    let mix = now.subsec_nanos() ^ std::process::id().rotate_left(16);
    let id = format!("{:06x}", mix & 0xff_ffff);
    let name = format!("{}-{id}", Utc::from_unix(now.as_secs()).compact());
    (parent.join(name), id)
}

/// Runs every job of `config` on `dataset`, writing the run into `dir`.
///
/// `dir/plan.json` is written before the first item, so an interrupted run can be finished
/// with [`resume`].
///
/// # Errors
/// Only I/O errors on the run directory; backend failures are recorded per item.
pub fn execute(
    dataset: &Dataset,
    config: &RunConfig,
    metrics: &MetricSet,
    dir: &Path,
    run_id: &str,
    observer: &dyn Observer,
) -> Result<Outcome> {
    let started = Utc::now();
    let clock = Instant::now();
    let total = plan::count(dataset, config);
    let units = plan::stream(dataset, config)?;
    observer.planned(total);
    let mut journal = Journal::create(dir)?;
    let plan = run_plan(dataset, config, run_id);
    crate::record::write_json(&dir.join(crate::record::files::PLAN), &plan)?;
    let mut tally = Tally::new(plan.repeat);
    let done = run_jobs(
        dataset,
        config,
        metrics,
        (total, units),
        observer,
        &mut |job, record| {
            journal.append(record)?;
            tally.add(job, record, metrics);
            Ok(())
        },
    )?;
    check_interrupted(dir, done, total)?;
    finish(dataset, &plan, metrics, journal, tally, &started, clock)
}

/// The `plan.json` of a run.
fn run_plan(dataset: &Dataset, config: &RunConfig, run_id: &str) -> RunPlan {
    RunPlan {
        format_version: FORMAT_VERSION,
        run_id: run_id.to_string(),
        dataset: dataset_ref(dataset),
        backends: config
            .backends
            .iter()
            .map(|b| b.name().to_string())
            .collect(),
        tasks: Task::ALL
            .into_iter()
            .filter(|t| config.tasks.contains(t))
            .collect(),
        limit: config.limit,
        shard: config.shard,
        repeat: config.repeat.max(1),
        judge: config.judge.clone(),
        planned: Some(crate::record::Planned {
            units: plan::count(dataset, config),
            backend_tasks: config
                .backends
                .iter()
                .map(|b| {
                    Task::ALL
                        .into_iter()
                        .filter(|&t| config.tasks.contains(&t) && b.supports(t))
                        .collect()
                })
                .collect(),
        }),
    }
}

fn dataset_ref(dataset: &Dataset) -> DatasetRef {
    DatasetRef {
        name: dataset.manifest.name.clone(),
        version: dataset.manifest.version.clone(),
        path: dataset.root.display().to_string(),
        hash: dataset.hash.clone(),
    }
}

/// Runs the `total` units of `units` (taken lazily, in order) on the worker pool; `emit`
/// receives each record in unit order, on this thread.
///
/// # Errors
/// An error from `emit`, or from `units` (a QA file that changed during the run).
fn run_jobs(
    dataset: &Dataset,
    config: &RunConfig,
    metrics: &MetricSet,
    (total, units): (usize, impl Iterator<Item = Result<plan::Unit>> + Send),
    observer: &dyn Observer,
    emit: &mut dyn FnMut(&Job, &ItemRecord) -> Result<()>,
) -> Result<usize> {
    let mut emitted = 0;
    let feed = feed::Feed::new(units);
    let documents: Vec<_> = dataset.documents.iter().cloned().map(Arc::new).collect();
    let pool = pool::Pool {
        workers: config.jobs,
        limits: config
            .backends
            .iter()
            .map(|b| b.max_concurrency())
            .collect(),
        stop: config.stop.clone(),
    };
    let budgets: Vec<budget::Budget> = config
        .backends
        .iter()
        .map(|b| budget::Budget::new(b.requests_per_minute(), b.tokens_per_minute()))
        .collect();
    let mut failed = false;
    pool.run(
        total,
        &|i| feed.backend_of(i),
        &|i, events| {
            let Some(unit) = feed.take(i) else {
                return (None, unreadable(i));
            };
            let notify = |notice| {
                let _ = events.send(pool::Event::Retry(notice));
            };
            let name = config.backends[unit.job.backend].name();
            let throttled = |wait| {
                let _ = events.send(pool::Event::Throttle(name.to_string(), wait));
            };
            let calls = Calls {
                budget: &budgets[unit.job.backend],
                retry: &notify,
                throttled: &throttled,
            };
            let record = run_job(dataset, &documents, config, metrics, &unit, &calls);
            (Some(unit.job), record)
        },
        &mut |i, (job, record)| {
            let Some(job) = job.filter(|_| !failed) else {
                // The plan could not be read: record nothing more (`feed.finish` says why).
                failed = true;
                return Ok(());
            };
            emit(&job, &record)?;
            emitted += 1;
            observer.finished(&record, i + 1, total);
            Ok(())
        },
        &mut |event| match event {
            pool::Event::Retry(notice) => observer.retrying(&notice),
            pool::Event::Throttle(backend, wait) => observer.throttled(&backend, wait),
            pool::Event::Done(..) => {}
        },
    )?;
    feed.finish()?;
    Ok(emitted)
}

/// A placeholder for unit `i` when the plan could not be read that far; never recorded.
fn unreadable(i: usize) -> ItemRecord {
    ItemRecord::new(format!("#{i}"), Task::Answer, "")
}

/// `Err(Interrupted)` when a stopped run recorded fewer than `total` items.
fn check_interrupted(dir: &Path, done: usize, total: usize) -> Result<()> {
    if done < total {
        return Err(crate::Error::Interrupted {
            dir: dir.to_path_buf(),
            done,
            total,
        });
    }
    Ok(())
}

/// Running totals of a run: means, counts and token usage; with `--repeat N` (N > 1), the
/// per-item spread for `repeats.json` too (which lists every item, so only then is
/// anything kept per item).
struct Tally {
    accumulator: Accumulator,
    counts: Counts,
    usage: Option<Usage>,
    repeats: repeats::RepeatTally,
    keep_repeats: bool,
    digest: crate::record::RecordsDigest,
}

impl Tally {
    /// Empty totals for a run of `repeat` repeats.
    fn new(repeat: usize) -> Self {
        Tally {
            accumulator: Accumulator::default(),
            counts: Counts::default(),
            usage: None,
            repeats: repeats::RepeatTally::default(),
            keep_repeats: repeat > 1,
            digest: crate::record::RecordsDigest::default(),
        }
    }

    fn add(&mut self, job: &Job, record: &ItemRecord, metrics: &MetricSet) {
        self.accumulator
            .add(job.backend, record, metrics.columns(job.task));
        if self.keep_repeats {
            self.repeats.add(record);
        }
        self.digest
            .add(record.task, &record.id, &record.backend, record.repeat);
        let counts = &mut self.counts;
        counts.items += 1;
        counts.errors += usize::from(record.error.is_some());
        counts.retries += u64::from(record.retries);
        counts.cache_hits += u64::from(record.cached);
        counts.rate_limited += u64::from(record.rate_wait_ms > 0);
        counts.rate_limit_wait_ms += record.rate_wait_ms;
        let spent = if record.cached { &None } else { &record.usage };
        match (&mut self.usage, spent) {
            (Some(total), Some(u)) => total.add(u),
            (None, Some(u)) => self.usage = Some(*u),
            (_, None) => {}
        }
    }
}

/// Writes `summary.json` and `run.json` from the tally.
fn finish(
    dataset: &Dataset,
    plan: &RunPlan,
    metrics: &MetricSet,
    journal: Journal,
    tally: Tally,
    started: &Utc,
    clock: Instant,
) -> Result<Outcome> {
    let Tally {
        accumulator,
        counts,
        usage,
        repeats,
        keep_repeats: _,
        digest,
    } = tally;
    let repeats = (plan.repeat > 1).then(|| repeats.finish(plan.repeat));
    if let Some(repeats) = &repeats {
        crate::record::write_json(&journal.dir().join(crate::record::files::REPEATS), repeats)?;
    }
    let names = plan.backends.clone();
    let dataset_ref = dataset_ref(dataset);
    let summary = Summary {
        format_version: FORMAT_VERSION,
        dataset: dataset_ref.clone(),
        results: accumulator.finish(&names, |task| metrics.columns(task)),
    };
    let manifest = RunManifest {
        format_version: FORMAT_VERSION,
        goldeval_version: env!("CARGO_PKG_VERSION").to_string(),
        run_id: plan.run_id.clone(),
        dataset: dataset_ref,
        backends: names,
        tasks: plan.tasks.clone(),
        limit: plan.limit,
        signatures: signatures(metrics, &plan.tasks),
        counts,
        timings: Timings {
            started: started.rfc3339(),
            finished: Utc::now().rfc3339(),
            wall_seconds: clock.elapsed().as_secs_f64(),
        },
        usage,
        shard: plan.shard,
        repeat: (plan.repeat > 1).then_some(plan.repeat),
        records_digest: Some(digest.finish()),
    };
    let dir = journal.finish(&manifest, &summary)?;
    Ok(Outcome {
        dir,
        manifest,
        summary,
        repeats,
    })
}

fn signatures(metrics: &MetricSet, tasks: &[Task]) -> BTreeMap<String, crate::metrics::Signature> {
    tasks
        .iter()
        .flat_map(|&task| {
            metrics
                .columns(task)
                .iter()
                .map(move |c| (format!("{task}/{}", c.id), c.signature.clone()))
        })
        .collect()
}

/// What a job's calls go through: its backend's budget, and where to report retries and
/// rate-limit waits.
struct Calls<'a> {
    budget: &'a budget::Budget,
    retry: &'a dyn Fn(RetryNotice),
    throttled: &'a dyn Fn(std::time::Duration),
}

/// Calls the job's backend (or the cache) and scores its output.
fn run_job(
    dataset: &Dataset,
    documents: &[Arc<crate::dataset::Document>],
    config: &RunConfig,
    metrics: &MetricSet,
    unit: &plan::Unit,
    calls: &Calls<'_>,
) -> ItemRecord {
    let (job, repeat) = (&unit.job, &unit.repeat);
    let backend = &config.backends[job.backend];
    let request = plan::unit_request(dataset, documents, job.task, &unit.item);
    let answer = respond(config, backend.as_ref(), &request, *repeat, calls);
    let kind = match &unit.item {
        plan::GoldItem::Qa(item) => item.kind,
        plan::GoldItem::Summary(_) => None,
    };
    let mut record = ItemRecord {
        kind,
        latency_ms: answer.response.latency.as_secs_f64() * 1000.0,
        retries: answer.retries,
        cached: answer.cached,
        repeat: *repeat,
        rate_wait_ms: u64::try_from(answer.waited.as_millis()).unwrap_or(u64::MAX),
        ..ItemRecord::new(request.item_id, job.task, backend.name())
    };
    match answer.response.result {
        Ok(output) => score(dataset, metrics, unit, output, &mut record),
        Err(error) => record.error = Some(error_record(&error)),
    }
    record
}

/// The wire form of a backend's error, as `items.jsonl` records it.
fn error_record(error: &crate::backend::BackendError) -> crate::record::ErrorRecord {
    crate::record::ErrorRecord {
        kind: error.kind.to_string(),
        message: error.message.clone(),
    }
}

/// The wire form of a backend's token usage.
fn usage_record(usage: &crate::backend::Usage) -> Usage {
    Usage {
        prompt_tokens: usage.prompt_tokens,
        completion_tokens: usage.completion_tokens,
        cost_usd: usage.cost_usd,
    }
}

/// The cache key of `request` to `backend` in repeat `repeat` (0-based): the backend's own
/// key, plus the repeat number after the first, so each repeat has its own entry.
pub fn cache_key(
    backend: &dyn crate::backend::Backend,
    request: &crate::backend::Request,
    repeat: u32,
) -> Option<crate::backend::CacheKey> {
    backend.cache_key(request).map(|k| match repeat {
        0 => k,
        n => k.with("repeat", n.to_string()),
    })
}

/// A backend's response and how it was obtained.
struct Answer {
    response: crate::backend::Response,
    retries: u32,
    waited: std::time::Duration,
    cached: bool,
}

/// The cached output for the request, or the backend's response (stored in the cache when
/// it succeeded). Repeats after the first have their own cache entries.
fn respond(
    config: &RunConfig,
    backend: &dyn crate::backend::Backend,
    request: &crate::backend::Request,
    repeat: u32,
    calls: &Calls<'_>,
) -> Answer {
    let cache = config.cache.as_ref();
    let key = cache.and_then(|_| cache_key(backend, request, repeat));
    let (response, (retries, waited), cached) = Cache::respond(cache, key.as_ref(), || {
        let (response, retries, waited) = retry::call_budgeted(
            backend,
            request,
            &config.backoff,
            calls.budget,
            calls.retry,
            calls.throttled,
        );
        (response, (retries, waited))
    });
    Answer {
        response,
        retries,
        waited,
        cached,
    }
}

/// Scores `output` with the task's metrics into `record`.
fn score(
    dataset: &Dataset,
    metrics: &MetricSet,
    unit: &plan::Unit,
    output: crate::backend::Output,
    record: &mut ItemRecord,
) {
    let job = &unit.job;
    let gold = plan::unit_gold(dataset, &unit.item);
    let prediction = Prediction {
        text: &output.text,
        abstained: output.abstained,
    };
    let mut details = serde_json::Map::new();
    for metric in metrics.metrics(job.task) {
        if !metric.applies_to(&gold) {
            continue;
        }
        let scores = metric.score(&prediction, &gold);
        let ids = metric.columns().iter().map(|c| c.id.clone());
        record.scores.0.extend(ids.zip(scores.values));
        if let Some(detail) = scores.details {
            details.insert(metric.name().to_string(), detail);
        }
    }
    record.details = (!details.is_empty()).then_some(serde_json::Value::Object(details));
    record.abstained = output.abstained;
    record.usage = output.usage.map(|u| usage_record(&u));
    record.output = Some(output.text);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::{Backend, BackendError, Output, Request, Response};
    use crate::metrics::{Gold, ItemScores, Signature};

    /// Echoes the question (or the first document's title), or fails on chosen items.
    struct Scripted {
        fail_on: &'static str,
    }

    impl Backend for Scripted {
        fn name(&self) -> &str {
            "scripted"
        }
        fn describe(&self) -> String {
            "test double".into()
        }
        fn supports(&self, _task: Task) -> bool {
            true
        }
        fn call(&self, request: &Request) -> Response {
            Response::timed(|| {
                if request.item_id == self.fail_on {
                    return Err(BackendError::new("crashed", "scripted failure"));
                }
                Ok(match &request.question {
                    Some(q) => Output::text(q.clone()),
                    None => Output::text(request.documents[0].title.clone()),
                })
            })
        }
    }

    /// 1.0 when the prediction is non-empty.
    struct NonEmpty {
        columns: Vec<Column>,
    }

    impl NonEmpty {
        fn new() -> Self {
            NonEmpty {
                columns: vec![Column {
                    id: "non_empty".into(),
                    signature: Signature::new("non_empty"),
                    higher_is_better: true,
                }],
            }
        }
    }

    impl Metric for NonEmpty {
        fn name(&self) -> &str {
            "non_empty"
        }
        fn columns(&self) -> &[Column] {
            &self.columns
        }
        fn applies_to(&self, _gold: &Gold<'_>) -> bool {
            true
        }
        fn score(&self, prediction: &Prediction<'_>, _gold: &Gold<'_>) -> ItemScores {
            ItemScores {
                values: vec![f64::from(u8::from(!prediction.text.is_empty()))],
                details: None,
            }
        }
    }

    fn mini() -> Dataset {
        Dataset::load(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/datasets/mini"
        ))
        .unwrap()
    }

    #[test]
    fn backend_errors_are_recorded_and_make_the_run_incomplete() {
        let dataset = mini();
        let config = RunConfig {
            backends: vec![Arc::new(Scripted { fail_on: "mq-2" })],
            tasks: Task::ALL.to_vec(),
            limit: None,
            shard: None,
            repeat: 1,
            stop: None,
            jobs: 1,
            backoff: Backoff::default(),
            cache: None,
            judge: None,
        };
        let metrics = MetricSet::new(
            vec![Box::new(NonEmpty::new())],
            vec![Box::new(NonEmpty::new())],
        );
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("run");
        let outcome = execute(&dataset, &config, &metrics, &dir, "abc123", &Silent).unwrap();
        assert!(!outcome.is_complete());
        assert_eq!(outcome.manifest.counts.items, 5);
        assert_eq!(outcome.manifest.counts.errors, 1);
        let qa = &outcome.summary.results[1];
        assert_eq!((qa.task, qa.items, qa.errors), (Task::Answer, 4, 1));
        assert_eq!(qa.metrics[0].overall.n, 3, "errored items are not averaged");
        let items = std::fs::read_to_string(dir.join(crate::record::files::ITEMS)).unwrap();
        let lines: Vec<&str> = items.lines().collect();
        assert_eq!(lines.len(), 5);
        assert!(lines[2].contains("\"id\":\"mq-2\""), "{}", lines[2]);
        assert!(
            lines[2].contains("\"error\":{\"kind\":\"crashed\""),
            "{}",
            lines[2]
        );
        assert!(
            dir.join(crate::record::files::SUMMARY).is_file()
                && dir.join(crate::record::files::RUN).is_file()
        );
    }

    fn config(tasks: Vec<Task>) -> RunConfig {
        RunConfig {
            backends: vec![Arc::new(Scripted { fail_on: "mq-2" })],
            tasks,
            limit: None,
            shard: None,
            repeat: 1,
            stop: None,
            jobs: 2,
            backoff: Backoff::default(),
            cache: None,
            judge: None,
        }
    }

    /// A dataset whose QA and summary items stay in their files runs both tasks with the
    /// records of one loaded whole (qa_coverage included: the real metric set).
    #[test]
    fn a_streamed_dataset_runs_like_a_loaded_one() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/datasets/mini");
        let streamed = Dataset::load_streaming(path).unwrap();
        assert!(streamed.qa.is_empty() && streamed.summaries.is_empty());
        let metrics = default_metrics::metric_set();
        let tmp = tempfile::tempdir().unwrap();
        let items = |dir: &Path| {
            let text = std::fs::read_to_string(dir.join(crate::record::files::ITEMS)).unwrap();
            let mut records: Vec<serde_json::Value> = text
                .lines()
                .map(|l| serde_json::from_str(l).unwrap())
                .collect();
            for r in &mut records {
                r["latency_ms"] = serde_json::Value::Null;
            }
            records
        };
        let both = config(Task::ALL.to_vec());
        let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
        let streamed_run = execute(&streamed, &both, &metrics, &a, "a", &Silent).unwrap();
        let loaded_run = execute(&mini(), &both, &metrics, &b, "b", &Silent).unwrap();
        assert_eq!(items(&a).len(), 5);
        assert_eq!(items(&a), items(&b));
        assert!(
            items(&a)[0]["scores"].get("qa_coverage").is_some(),
            "{:?}",
            items(&a)[0]
        );
        assert_eq!(streamed_run.summary, loaded_run.summary);
    }

    #[test]
    fn limit_caps_items_per_task_and_an_existing_run_is_never_overwritten() {
        let dataset = mini();
        let config = RunConfig {
            backends: vec![Arc::new(Scripted { fail_on: "" })],
            tasks: vec![Task::Answer],
            limit: Some(2),
            shard: None,
            repeat: 1,
            stop: None,
            jobs: 3,
            backoff: Backoff::default(),
            cache: None,
            judge: None,
        };
        let metrics = MetricSet::new(Vec::new(), vec![Box::new(NonEmpty::new())]);
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("run");
        let outcome = execute(&dataset, &config, &metrics, &dir, "id", &Silent).unwrap();
        assert!(outcome.is_complete());
        assert_eq!(outcome.manifest.counts.items, 2);
        assert_eq!(
            outcome.summary.results[0].metrics[0].overall.mean,
            Some(1.0)
        );
        let again = execute(&dataset, &config, &metrics, &dir, "id", &Silent);
        assert!(matches!(again, Err(crate::Error::Usage { .. })));
    }
}
