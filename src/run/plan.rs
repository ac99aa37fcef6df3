//! What a run will do: the (task, item, backend) jobs in their stable order.
//!
//! [`stream`] yields the jobs (as [`Unit`]s carrying their QA item) one at a time, reading a
//! streamed dataset's QA file as it goes, so planning holds no per-item state; [`count`]
//! says how many there will be without reading any item.

use std::sync::Arc;

use crate::backend::{Backend, Request};
use crate::dataset::Task;
use crate::dataset::{Dataset, Document, QaItem, SummaryItem};
use crate::diagnostic::Diagnostic;
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

/// Number of items the dataset has for `task`.
pub fn item_count(dataset: &Dataset, task: Task) -> usize {
    match task {
        Task::Summarize => dataset.summary_len(),
        Task::Answer => dataset.qa_len(),
    }
}

/// The id of a job's item (the items must be in memory: [`Dataset::load`]).
pub fn item_id(dataset: &Dataset, job: &Job) -> String {
    match job.task {
        Task::Summarize => dataset.summaries[job.item].id.clone(),
        Task::Answer => dataset.qa[job.item].id.clone(),
    }
}

/// The gold item a unit of work is about, read from memory or from its file.
#[derive(Debug, Clone)]
pub enum GoldItem {
    /// A summary item with what scoring it needs.
    Summary(Arc<SummaryGold>),
    /// The question.
    Qa(Arc<QaItem>),
}

/// A summary item, its documents, and the questions `qa_coverage` may ask about them.
#[derive(Debug, Clone)]
pub struct SummaryGold {
    /// The item.
    pub item: SummaryItem,
    /// Its documents, in item order (unknown ids skipped).
    pub documents: Vec<Document>,
    /// The questions about its documents, read for it ([`Dataset::questions_about`]);
    /// `None` when the dataset holds every question in memory.
    pub questions: Option<Vec<QaItem>>,
}

impl SummaryGold {
    /// The gold data of `item` of `dataset`.
    ///
    /// # Errors
    /// A diagnostic when the QA file can no longer be read as it was indexed.
    pub fn new(dataset: &Dataset, item: SummaryItem) -> Result<SummaryGold, Diagnostic> {
        let documents = item
            .documents
            .iter()
            .filter_map(|id| dataset.document(id).cloned())
            .collect();
        let questions = match dataset.questions_about(&item.documents)? {
            std::borrow::Cow::Owned(questions) => Some(questions),
            std::borrow::Cow::Borrowed(_) => None,
        };
        Ok(SummaryGold {
            item,
            documents,
            questions,
        })
    }
}

/// One job with its repeat number (0-based) and its gold item.
#[derive(Debug, Clone)]
pub struct Unit {
    /// Task, item index and backend.
    pub job: Job,
    /// Which repeat of the job this is.
    pub repeat: u32,
    /// The item the job is about.
    pub item: GoldItem,
}

impl Unit {
    /// The id of the unit's item.
    pub fn item_id(&self) -> &str {
        match &self.item {
            GoldItem::Summary(s) => &s.item.id,
            GoldItem::Qa(q) => &q.id,
        }
    }
}

/// How many units [`stream`] yields: jobs (as [`jobs`] orders them) times repeats. Reads
/// no item.
pub fn count(dataset: &Dataset, config: &RunConfig) -> usize {
    let mut units = 0;
    let mut nth = 0;
    for task in Task::ALL {
        if !config.tasks.contains(&task) {
            continue;
        }
        let backends = config.backends.iter().filter(|b| b.supports(task)).count();
        let items = item_count(dataset, task).min(config.limit.unwrap_or(usize::MAX));
        let held = match config.shard {
            Some(shard) => (nth..nth + items).filter(|&n| shard.holds(n)).count(),
            None => items,
        };
        nth += items;
        units += held * backends;
    }
    units * config.repeat.max(1)
}

/// The units of a run in plan order ([`jobs`] order, repeats of a job next to each other),
/// made one at a time: a streamed dataset's items (and the questions about each summary
/// item's documents) are read from their files as the iterator advances, so only the units
/// taken but not yet finished are in memory.
///
/// # Errors
/// [`crate::Error::Io`] when a data file cannot be opened; a line that can no longer be
/// read (the file changed since loading) comes out as an `Err` unit, and the run fails.
pub fn stream<'a>(
    dataset: &'a Dataset,
    config: &'a RunConfig,
) -> crate::error::Result<impl Iterator<Item = crate::error::Result<Unit>> + Send + 'a> {
    let limit = config.limit.unwrap_or(usize::MAX);
    let wanted = |task| config.tasks.contains(&task);
    let summaries: Box<dyn Iterator<Item = _> + Send> = if wanted(Task::Summarize) {
        let path = file_path(dataset, dataset.manifest.files.summaries.as_ref());
        Box::new(
            dataset
                .summary_rows()?
                .take(limit)
                .enumerate()
                .map(move |(i, row)| {
                    let gold = row.and_then(|(_, item)| SummaryGold::new(dataset, item));
                    match gold {
                        Ok(gold) => Ok((Task::Summarize, i, GoldItem::Summary(Arc::new(gold)))),
                        Err(d) => Err(changed(&path, d)),
                    }
                }),
        )
    } else {
        Box::new(std::iter::empty())
    };
    let qa: Box<dyn Iterator<Item = _> + Send> = if wanted(Task::Answer) {
        let path = file_path(dataset, dataset.manifest.files.qa.as_ref());
        Box::new(
            dataset
                .qa_rows()?
                .take(limit)
                .enumerate()
                .map(move |(i, row)| match row {
                    Ok((_, item)) => Ok((Task::Answer, i, GoldItem::Qa(Arc::new(item)))),
                    Err(d) => Err(changed(&path, d)),
                }),
        )
    } else {
        Box::new(std::iter::empty())
    };
    let repeat = u32::try_from(config.repeat.max(1)).unwrap_or(u32::MAX);
    Ok(summaries
        .chain(qa)
        .enumerate()
        .filter(move |(nth, _)| config.shard.is_none_or(|s| s.holds(*nth)))
        .flat_map(move |(_, item)| expand(config, item, repeat)))
}

/// The path of a data file of the manifest (empty when there is none).
fn file_path(dataset: &Dataset, entry: Option<&crate::dataset::FileEntry>) -> std::path::PathBuf {
    entry.map(|e| dataset.path_of(e)).unwrap_or_default()
}

/// The error of a data file that no longer reads as it did when the dataset was loaded.
fn changed(path: &std::path::Path, diagnostic: Diagnostic) -> crate::Error {
    let mut diagnostics = crate::diagnostic::Diagnostics::new();
    diagnostics.push(diagnostic);
    crate::Error::Invalid {
        what: format!("{} (changed during the run)", path.display()),
        diagnostics,
    }
}

/// The items of `tasks` in plan order (summaries, then questions; at most `limit` of each,
/// before any shard), as (task, index in its file, id): what [`stream`] walks, without
/// making units or reading the questions about summaries.
///
/// # Errors
/// As [`stream`].
pub fn item_ids<'a>(
    dataset: &'a Dataset,
    tasks: &'a [Task],
    limit: Option<usize>,
) -> crate::error::Result<impl Iterator<Item = crate::error::Result<(Task, usize, String)>> + 'a> {
    let limit = limit.unwrap_or(usize::MAX);
    let wanted = |task| tasks.contains(&task);
    let summaries: Box<dyn Iterator<Item = _>> = if wanted(Task::Summarize) {
        let path = file_path(dataset, dataset.manifest.files.summaries.as_ref());
        Box::new(dataset.summary_rows()?.take(limit).enumerate().map(
            move |(i, row)| match row {
                Ok((_, item)) => Ok((Task::Summarize, i, item.id)),
                Err(d) => Err(changed(&path, d)),
            },
        ))
    } else {
        Box::new(std::iter::empty())
    };
    let qa: Box<dyn Iterator<Item = _>> = if wanted(Task::Answer) {
        let path = file_path(dataset, dataset.manifest.files.qa.as_ref());
        Box::new(
            dataset
                .qa_rows()?
                .take(limit)
                .enumerate()
                .map(move |(i, row)| match row {
                    Ok((_, item)) => Ok((Task::Answer, i, item.id)),
                    Err(d) => Err(changed(&path, d)),
                }),
        )
    } else {
        Box::new(std::iter::empty())
    };
    Ok(summaries.chain(qa))
}

/// One item's units: each backend that supports the task, each repeat.
fn expand(
    config: &RunConfig,
    item: crate::error::Result<(Task, usize, GoldItem)>,
    repeat: u32,
) -> Vec<crate::error::Result<Unit>> {
    let (task, index, gold) = match item {
        Ok(item) => item,
        Err(e) => return vec![Err(e)],
    };
    let mut units = Vec::new();
    for (backend, b) in config.backends.iter().enumerate() {
        if !b.supports(task) {
            continue;
        }
        for r in 0..repeat {
            units.push(Ok(Unit {
                job: Job {
                    task,
                    item: index,
                    backend,
                },
                repeat: r,
                item: gold.clone(),
            }));
        }
    }
    units
}

/// Every unit of [`stream`], collected (resume and merge need them all).
///
/// # Errors
/// As [`stream`].
pub fn all_units(dataset: &Dataset, config: &RunConfig) -> crate::error::Result<Vec<Unit>> {
    stream(dataset, config)?.collect()
}

/// The request a job sends to its backend. Document ids were checked by validation; an id
/// that is missing anyway is skipped rather than guessed. The items must be in memory
/// ([`Dataset::load`]); the runner uses [`unit_request`].
pub fn request(
    dataset: &Dataset,
    documents: &[Arc<crate::dataset::Document>],
    job: &Job,
) -> Request {
    let item = match job.task {
        Task::Summarize => GoldItem::Summary(Arc::new(SummaryGold {
            item: dataset.summaries[job.item].clone(),
            documents: Vec::new(),
            questions: None,
        })),
        Task::Answer => GoldItem::Qa(Arc::new(dataset.qa[job.item].clone())),
    };
    unit_request(dataset, documents, job.task, &item)
}

/// The request for `item` of `task`; `documents` are the dataset's, in its order.
pub fn unit_request(
    dataset: &Dataset,
    documents: &[Arc<crate::dataset::Document>],
    task: Task,
    item: &GoldItem,
) -> Request {
    let find = |id: &String| {
        dataset
            .document_position(id)
            .and_then(|i| documents.get(i))
            .cloned()
    };
    match item {
        GoldItem::Summary(gold) => {
            let item = &gold.item;
            Request {
                item_id: item.id.clone(),
                task,
                documents: item.documents.iter().filter_map(find).collect(),
                question: None,
                references: item.references.clone(),
            }
        }
        GoldItem::Qa(item) => {
            let docs = match &item.documents {
                Some(ids) => ids.iter().filter_map(find).collect(),
                None => documents.to_vec(),
            };
            Request {
                item_id: item.id.clone(),
                task,
                documents: docs,
                question: Some(item.question.clone()),
                references: Vec::new(),
            }
        }
    }
}

/// The gold data a job's output is scored against. The items must be in memory
/// ([`Dataset::load`]); the runner uses [`unit_gold`].
pub fn gold<'a>(dataset: &'a Dataset, job: &Job) -> Gold<'a> {
    match job.task {
        Task::Summarize => {
            let item = &dataset.summaries[job.item];
            summary_gold(item, &dataset.documents, &dataset.qa)
        }
        Task::Answer => answer_gold(dataset, &dataset.qa[job.item]),
    }
}

/// The gold data of a unit's item.
pub fn unit_gold<'a>(dataset: &'a Dataset, item: &'a GoldItem) -> Gold<'a> {
    match item {
        GoldItem::Summary(gold) => summary_gold(
            &gold.item,
            &gold.documents,
            gold.questions.as_deref().unwrap_or(&dataset.qa),
        ),
        GoldItem::Qa(item) => answer_gold(dataset, item),
    }
}

fn summary_gold<'a>(
    item: &'a SummaryItem,
    documents: &'a [Document],
    questions: &'a [QaItem],
) -> Gold<'a> {
    Gold::Summary {
        references: &item.references,
        key_facts: &item.key_facts,
        sources: crate::metrics::Sources {
            ids: &item.documents,
            documents,
        },
        questions,
    }
}

fn answer_gold<'a>(dataset: &'a Dataset, item: &'a QaItem) -> Gold<'a> {
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
