//! Orchestration: plan the jobs, call the backends, score the outputs, journal every item,
//! aggregate, and write the run directory.
//!
//! The runner sees backends only through [`crate::backend::Backend`] and metrics only through
//! [`crate::metrics::Metric`]. Backend failures are data: they are recorded with the item and
//! the run goes on; [`Outcome::is_complete`] tells the caller whether any item errored.

mod aggregate;
pub mod budget;
mod builder;
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
pub mod rescore;
mod resume;
pub mod retry;
pub mod scheduler;
pub mod stop;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use crate::dataset::Dataset;
use crate::dataset::Task;
use crate::error::Result;
use crate::metrics::{MetricSet, Prediction};
use crate::record::Usage;
use crate::record::{
    Counts, DatasetRef, ItemRecord, RunManifest, RunPlan, Summary, Timings, FORMAT_VERSION,
};
use crate::warning::Warning;

pub use aggregate::Accumulator;
pub use builder::{check_something_to_run, judge_backend, Run};
pub use cache::Cache;
pub use clock::Utc;
pub use journal::Journal;
pub use merge::merge;
pub use plan::{Job, RunConfig};
pub use reliable::Reliable;
pub use resume::{read_plan, resume};
pub use retry::{Backoff, RetryNotice, ThrottleNotice};
pub use stop::Stop;

/// Hooks for progress display. Every method has a no-op default.
pub trait Observer {
    /// The run is about to start `total` jobs.
    fn planned(&self, _total: usize) {}
    /// A job finished; `done` of `total` are finished now.
    fn finished(&self, _record: &ItemRecord, _done: usize, _total: usize) {}
    /// A request failed with a retryable error and will be retried after `notice.wait`.
    fn retrying(&self, _notice: &RetryNotice) {}
    /// A request waits for its backend's rate budget (requests or tokens per minute).
    fn throttled(&self, _notice: &ThrottleNotice) {}
    /// Something the user should know, found before the run starts (it is also written to
    /// `run.json`).
    fn warned(&self, _warning: &Warning) {}
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
    let mut tally = Tally::new(plan.repeat, config.warnings.clone());
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
    check_interrupted(dir, done, total, &Stop::new(config.stop.clone()))?;
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
        selectors: {
            let names = config.backends.iter().map(|b| b.name());
            if config.selectors.iter().map(String::as_str).eq(names) {
                Vec::new()
            } else {
                config.selectors.clone()
            }
        },
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

/// What became of one unit.
enum Slot {
    /// The plan could not be read that far; never recorded.
    Unreadable,
    /// Ctrl-C came first: the unit did not start, or a wait in it was cut short. Not
    /// recorded, so `--resume` runs it.
    Stopped,
    /// The unit's record.
    Done(Job, Box<ItemRecord>),
}

/// Runs the `total` units of `units` (taken lazily, in order) on the worker pool; `emit`
/// receives each record in unit order, on this thread. Returns how many were recorded
/// (fewer than `total` when the run was stopped).
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
    let stop = Stop::new(config.stop.clone());
    let mut failed = false;
    pool.run(
        total,
        &|i| feed.backend_of(i),
        &|i, events| {
            let Some(unit) = feed.take(i) else {
                return Slot::Unreadable;
            };
            let retrying = |notice| {
                let _ = events.send(pool::Event::Retry(notice));
            };
            let throttled = |notice| {
                let _ = events.send(pool::Event::Throttle(notice));
            };
            let waits = retry::Waits {
                backoff: &config.backoff,
                budget: &budgets[unit.job.backend],
                stop: &stop,
                retrying: &retrying,
                throttled: &throttled,
            };
            if stop.is_set() {
                return Slot::Stopped;
            }
            // A wait cut short (the backend's or a metric's) leaves a partial record.
            let (record, cut_short) =
                stop::watch(|| run_job(dataset, &documents, config, metrics, &unit, &waits));
            if cut_short {
                Slot::Stopped
            } else {
                Slot::Done(unit.job, Box::new(record))
            }
        },
        &mut |i, slot| {
            match slot {
                // The plan could not be read: record nothing more (`feed.finish` says why).
                Slot::Unreadable => failed = true,
                Slot::Stopped => {}
                Slot::Done(..) if failed => {}
                Slot::Done(job, record) => {
                    emit(&job, &record)?;
                    emitted += 1;
                    observer.finished(&record, i + 1, total);
                }
            }
            Ok(())
        },
        &mut |event| match event {
            pool::Event::Retry(notice) => observer.retrying(&notice),
            pool::Event::Throttle(notice) => observer.throttled(&notice),
            pool::Event::Done(..) => {}
        },
    )?;
    feed.finish()?;
    Ok(emitted)
}

/// `Err(Interrupted)` when the run was stopped (Ctrl-C), even if every item was recorded
/// meanwhile (the summary is then left to `--resume`), or recorded fewer than `total` items.
fn check_interrupted(dir: &Path, done: usize, total: usize, stop: &Stop) -> Result<()> {
    if done < total || stop.is_set() {
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
    warnings: Vec<Warning>,
}

impl Tally {
    /// Empty totals for a run of `repeat` repeats that starts with `warnings`.
    fn new(repeat: usize, warnings: Vec<Warning>) -> Self {
        Tally {
            warnings,
            accumulator: Accumulator::default(),
            counts: Counts::default(),
            usage: None,
            repeats: repeats::RepeatTally::default(),
            keep_repeats: repeat > 1,
            digest: crate::record::RecordsDigest::default(),
        }
    }

    fn add(&mut self, job: &Job, record: &ItemRecord, metrics: &MetricSet) {
        self.accumulator.add(job.backend, record, metrics);
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
        mut warnings,
    } = tally;
    let repeats = (plan.repeat > 1).then(|| repeats.finish(plan.repeat));
    if let Some(repeats) = &repeats {
        let file = journal.dir().join(crate::record::files::REPEATS);
        crate::record::write_json(&file, repeats)?;
        if repeats.flipping > 0 {
            warnings.push(Warning::FlippingItems {
                flipping: repeats.flipping,
                items: repeats.items.len(),
                repeat: repeats.repeat,
                file,
            });
        }
    }
    if counts.errors > 0 {
        warnings.push(Warning::ItemsErrored {
            errors: counts.errors,
            items: counts.items,
            journal: journal.dir().join(crate::record::files::ITEMS),
        });
    }
    let names = plan.backends.clone();
    let dataset_ref = dataset_ref(dataset);
    let summary = Summary {
        format_version: FORMAT_VERSION,
        dataset: dataset_ref.clone(),
        results: accumulator.finish(&names, metrics),
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
        warnings,
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

/// Calls the job's backend (or the cache) and scores its output.
fn run_job(
    dataset: &Dataset,
    documents: &[Arc<crate::dataset::Document>],
    config: &RunConfig,
    metrics: &MetricSet,
    unit: &plan::Unit,
    waits: &retry::Waits<'_>,
) -> ItemRecord {
    let (job, repeat) = (&unit.job, &unit.repeat);
    let backend = &config.backends[job.backend];
    let request = plan::unit_request(dataset, documents, job.task, &unit.item);
    let answer = respond(config, backend.as_ref(), &request, *repeat, waits);
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
        kind: error.kind.as_str().to_string(),
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
    waits: &retry::Waits<'_>,
) -> Answer {
    let cache = config.cache.as_ref();
    let key = cache.and_then(|_| cache_key(backend, request, repeat));
    let (response, (retries, waited), cached) = Cache::respond(cache, key.as_ref(), || {
        let (response, retries, waited) = retry::call_budgeted(backend, request, waits);
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
    let gold = plan::unit_gold(dataset, &unit.item);
    let prediction = Prediction {
        text: &output.text,
        abstained: output.abstained,
        no_answer_probability: None,
    };
    rescore::score_into(record, metrics, &prediction, &gold);
    record.redacted = output.redacted;
    record.usage = output.usage.map(|u| usage_record(&u));
    record.output = Some(output.text);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::{Backend, BackendError, Output, Request, Response};
    use crate::metrics::{Column, Gold, ItemScores, Metric, Signature};

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
                    return Err(BackendError::new(
                        crate::backend::ErrorKind::Crashed,
                        "scripted failure",
                    ));
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
                columns: vec![Column::share("non_empty", Signature::new("non_empty"))],
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
        let config = RunConfig::of(vec![Arc::new(Scripted { fail_on: "mq-2" })]);
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
            tasks,
            jobs: 2,
            ..RunConfig::of(vec![Arc::new(Scripted { fail_on: "mq-2" })])
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
            tasks: vec![Task::Answer],
            limit: Some(2),
            jobs: 3,
            ..RunConfig::of(vec![Arc::new(Scripted { fail_on: "" })])
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
