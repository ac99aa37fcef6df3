//! What a run will do: the (task, item, backend) jobs in their stable order.

use std::sync::Arc;

use crate::backend::{Backend, Request, Task};
use crate::dataset::Dataset;
use crate::metrics::Gold;

/// What to run: which backends, on which tasks, on how many items.
#[derive(Clone)]
pub struct RunConfig {
    /// Backends, in report order.
    pub backends: Vec<Arc<dyn Backend>>,
    /// Tasks to evaluate (a backend runs only the tasks it supports).
    pub tasks: Vec<Task>,
    /// At most this many items per task, taken from the start of each file.
    pub limit: Option<usize>,
    /// Only this shard of the items (after `limit`), when set.
    pub shard: Option<crate::record::Shard>,
    /// Each job runs this many times (`--repeat`, at least 1), with separate cache entries.
    pub repeat: usize,
    /// Set by the caller (on Ctrl-C) to stop the run: no new request starts, those in
    /// flight are recorded, and the run returns [`crate::Error::Interrupted`].
    pub stop: Option<std::sync::Arc<std::sync::atomic::AtomicBool>>,
    /// Requests in flight at once, over all backends (`--jobs`); each backend's
    /// `max_concurrency` limits it further.
    pub jobs: usize,
    /// Waits between retries of retryable errors.
    pub backoff: super::Backoff,
    /// The response cache (`None`: `--no-cache`). Only backends with a
    /// [`crate::backend::Backend::cache_key`] use it.
    pub cache: Option<super::Cache>,
    /// The backend the `judge` metric asks (`--judge NAME`), recorded in the plan so that
    /// `--resume` and `merge` score with the same metrics.
    pub judge: Option<String>,
}

/// One unit of work: one backend on one item of one task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Job {
    /// The task.
    pub task: Task,
    /// Index of the item in the dataset's `summaries` or `qa` vector.
    pub item: usize,
    /// Index of the backend in [`RunConfig::backends`].
    pub backend: usize,
}

/// Every job, ordered by task (summarize, then answer), item (dataset order), backend.
/// With a shard, only the items it holds: the n-th item of this order (both tasks, after
/// `limit`) goes to shard `n mod N + 1`, with all its backends.
pub fn jobs(dataset: &Dataset, config: &RunConfig) -> Vec<Job> {
    let mut jobs = Vec::new();
    let mut nth = 0;
    for task in Task::ALL {
        if !config.tasks.contains(&task) {
            continue;
        }
        let count = item_count(dataset, task).min(config.limit.unwrap_or(usize::MAX));
        for item in 0..count {
            nth += 1;
            if config.shard.is_some_and(|s| !s.holds(nth - 1)) {
                continue;
            }
            for (backend, b) in config.backends.iter().enumerate() {
                if b.supports(task) {
                    jobs.push(Job {
                        task,
                        item,
                        backend,
                    });
                }
            }
        }
    }
    jobs
}

/// Every job with its repeat number (0-based), repeats of a job next to each other.
pub fn units(dataset: &Dataset, config: &RunConfig) -> Vec<(Job, u32)> {
    let repeat = u32::try_from(config.repeat.max(1)).unwrap_or(u32::MAX);
    jobs(dataset, config)
        .into_iter()
        .flat_map(|job| (0..repeat).map(move |r| (job, r)))
        .collect()
}

/// Number of items the dataset has for `task`.
pub fn item_count(dataset: &Dataset, task: Task) -> usize {
    match task {
        Task::Summarize => dataset.summaries.len(),
        Task::Answer => dataset.qa.len(),
    }
}

/// The id of a job's item.
pub fn item_id(dataset: &Dataset, job: &Job) -> String {
    match job.task {
        Task::Summarize => dataset.summaries[job.item].id.clone(),
        Task::Answer => dataset.qa[job.item].id.clone(),
    }
}

/// The request a job sends to its backend. Document ids were checked by validation; an id
/// that is missing anyway is skipped rather than guessed.
pub fn request(
    dataset: &Dataset,
    documents: &[Arc<crate::dataset::Document>],
    job: &Job,
) -> Request {
    let find = |id: &str| documents.iter().find(|d| d.id == id).cloned();
    match job.task {
        Task::Summarize => {
            let item = &dataset.summaries[job.item];
            Request {
                item_id: item.id.clone(),
                task: job.task,
                documents: item.documents.iter().filter_map(|id| find(id)).collect(),
                question: None,
                references: item.references.clone(),
            }
        }
        Task::Answer => {
            let item = &dataset.qa[job.item];
            let docs = match &item.documents {
                Some(ids) => ids.iter().filter_map(|id| find(id)).collect(),
                None => documents.to_vec(),
            };
            Request {
                item_id: item.id.clone(),
                task: job.task,
                documents: docs,
                question: Some(item.question.clone()),
                references: Vec::new(),
            }
        }
    }
}

/// The gold data a job's output is scored against.
pub fn gold<'a>(dataset: &'a Dataset, job: &Job) -> Gold<'a> {
    match job.task {
        Task::Summarize => {
            let item = &dataset.summaries[job.item];
            Gold::Summary {
                references: &item.references,
                key_facts: &item.key_facts,
                sources: crate::metrics::Sources {
                    ids: &item.documents,
                    documents: &dataset.documents,
                },
                questions: &dataset.qa,
            }
        }
        Task::Answer => {
            let item = &dataset.qa[job.item];
            let first = match &item.documents {
                Some(ids) => ids.first().and_then(|id| dataset.document(id)),
                None => dataset.documents.first(),
            };
            Gold::Answer {
                answers: &item.answers,
                kind: item.kind,
                published: first.map(|d| d.published.as_str()),
            }
        }
    }
}
