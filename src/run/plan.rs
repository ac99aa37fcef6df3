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
    /// Warnings known before the run (recorded outputs that are not items), written to
    /// `run.json` with those the run finds.
    pub warnings: Vec<crate::warning::Warning>,
    /// How each backend was selected (`--backend` values), in the same order; recorded in
    /// the plan for `--resume`. Empty: the backends' names.
    pub selectors: Vec<String>,
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

#[cfg(test)]
impl RunConfig {
    /// `backends` on every task and item, one repeat, one job at a time, no cache or judge.
    pub(crate) fn of(backends: Vec<Arc<dyn Backend>>) -> RunConfig {
        RunConfig {
            backends,
            selectors: Vec::new(),
            warnings: Vec::new(),
            tasks: Task::ALL.to_vec(),
            limit: None,
            shard: None,
            repeat: 1,
            stop: None,
            jobs: 1,
            backoff: super::Backoff::default(),
            cache: None,
            judge: None,
        }
    }
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
    let summaries: Box<dyn Iterator<Item = _>> =
        if wanted(Task::Summarize) {
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
        question: Some(&item.question),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::{Output, Response};
    use crate::record::Shard;

    /// A backend of the given tasks; planning never calls it.
    struct Planned(&'static str, &'static [Task]);

    impl Backend for Planned {
        fn name(&self) -> &str {
            self.0
        }
        fn describe(&self) -> String {
            "test double".into()
        }
        fn supports(&self, task: Task) -> bool {
            self.1.contains(&task)
        }
        fn call(&self, _request: &Request) -> Response {
            Response::timed(|| Ok(Output::text("")))
        }
    }

    const MINI: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/datasets/mini");

    /// `both` does both tasks, `sum` only summaries; the mini dataset has 1 summary item and 4
    /// questions.
    fn config() -> RunConfig {
        RunConfig::of(vec![
            Arc::new(Planned("both", &Task::ALL)),
            Arc::new(Planned("sum", &[Task::Summarize])),
        ])
    }

    fn triples(jobs: &[Job]) -> Vec<(Task, usize, usize)> {
        jobs.iter().map(|j| (j.task, j.item, j.backend)).collect()
    }

    fn shard(text: &str) -> Option<Shard> {
        Some(Shard::parse(text).unwrap())
    }

    #[test]
    fn jobs_go_by_task_then_item_then_backend_skipping_unsupported_tasks() {
        let dataset = Dataset::load(MINI).unwrap();
        let (s, a) = (Task::Summarize, Task::Answer);
        assert_eq!(
            triples(&jobs(&dataset, &config())),
            [
                (s, 0, 0),
                (s, 0, 1),
                (a, 0, 0),
                (a, 1, 0),
                (a, 2, 0),
                (a, 3, 0)
            ]
        );
        let answers_only = RunConfig {
            tasks: vec![Task::Answer],
            limit: Some(2),
            ..config()
        };
        assert_eq!(
            triples(&jobs(&dataset, &answers_only)),
            [(a, 0, 0), (a, 1, 0)]
        );
        let ids: Vec<String> = jobs(&dataset, &config())
            .iter()
            .map(|j| item_id(&dataset, j))
            .collect();
        assert_eq!(ids, ["ms-1", "ms-1", "mq-1", "mq-2", "mq-3", "mq-4"]);
    }

    #[test]
    fn shards_split_the_items_after_the_limit_with_all_their_backends() {
        let dataset = Dataset::load(MINI).unwrap();
        let (s, a) = (Task::Summarize, Task::Answer);
        // Items in plan order: ms-1, mq-1, mq-2, mq-3, mq-4; the n-th goes to shard n mod 2 + 1.
        let first = RunConfig {
            shard: shard("1/2"),
            ..config()
        };
        assert_eq!(
            triples(&jobs(&dataset, &first)),
            [(s, 0, 0), (s, 0, 1), (a, 1, 0), (a, 3, 0)]
        );
        let second = RunConfig {
            shard: shard("2/2"),
            ..config()
        };
        assert_eq!(triples(&jobs(&dataset, &second)), [(a, 0, 0), (a, 2, 0)]);
        // With a limit, the shards split what is left: ms-1, mq-1, mq-2.
        let limited = RunConfig {
            shard: shard("2/2"),
            limit: Some(2),
            ..config()
        };
        assert_eq!(triples(&jobs(&dataset, &limited)), [(a, 0, 0)]);
        // Three shards partition the jobs: together they are the unsharded plan, once each.
        let mut union: Vec<Job> = (1..=3)
            .flat_map(|k| {
                let c = RunConfig {
                    shard: shard(&format!("{k}/3")),
                    ..config()
                };
                jobs(&dataset, &c)
            })
            .collect();
        let key = |j: &Job| (j.task, j.item, j.backend);
        union.sort_by_key(key);
        let mut all = jobs(&dataset, &config());
        all.sort_by_key(key);
        assert_eq!(union, all);
    }

    #[test]
    fn count_and_stream_agree_with_jobs_and_repeats_stay_together() {
        let dataset = Dataset::load(MINI).unwrap();
        for shard_spec in [None, shard("1/3"), shard("3/3")] {
            for limit in [None, Some(1), Some(3)] {
                let c = RunConfig {
                    shard: shard_spec,
                    limit,
                    repeat: 2,
                    ..config()
                };
                let planned = jobs(&dataset, &c);
                let units = all_units(&dataset, &c).unwrap();
                assert_eq!(count(&dataset, &c), units.len(), "{shard_spec:?} {limit:?}");
                let expected: Vec<(Job, u32)> =
                    planned.iter().flat_map(|j| [(*j, 0), (*j, 1)]).collect();
                let streamed: Vec<(Job, u32)> = units.iter().map(|u| (u.job, u.repeat)).collect();
                assert_eq!(streamed, expected, "{shard_spec:?} {limit:?}");
            }
        }
    }

    /// A dataset whose items stay in their files plans the same units for both tasks, and
    /// each summary item carries only the answerable questions whose first document is
    /// one of its own (what qa_coverage picks from; issue 16).
    #[test]
    fn a_streamed_dataset_plans_the_same_units_with_the_questions_per_summary() {
        let loaded = Dataset::load(MINI).unwrap();
        let streamed = Dataset::load_streaming(MINI).unwrap();
        let keys = |dataset: &Dataset| -> Vec<(Task, String)> {
            all_units(dataset, &config())
                .unwrap()
                .iter()
                .map(|u| (u.job.task, u.item_id().to_string()))
                .collect()
        };
        assert_eq!(keys(&streamed), keys(&loaded));
        assert_eq!(count(&streamed, &config()), count(&loaded, &config()));
        let units = all_units(&streamed, &config()).unwrap();
        let GoldItem::Summary(gold) = &units[0].item else {
            panic!("{:?}", units[0]);
        };
        let about: Vec<&str> = loaded
            .qa
            .iter()
            .filter(|q| {
                let first = q.documents.as_ref().and_then(|d| d.first());
                !q.answers.is_empty() && first.is_some_and(|id| gold.item.documents.contains(id))
            })
            .map(|q| q.id.as_str())
            .collect();
        let carried: Vec<&str> = gold
            .questions
            .as_deref()
            .unwrap_or_default()
            .iter()
            .map(|q| q.id.as_str())
            .collect();
        assert_eq!(carried, about);
    }

    #[test]
    fn requests_carry_the_items_documents_and_never_an_answer() {
        let dataset = Dataset::load(MINI).unwrap();
        let documents: Vec<Arc<crate::dataset::Document>> =
            dataset.documents.iter().cloned().map(Arc::new).collect();
        let all = jobs(&dataset, &config());
        let summary = request(&dataset, &documents, &all[0]);
        let doc_ids: Vec<&str> = summary.documents.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(
            (summary.item_id.as_str(), doc_ids),
            ("ms-1", vec!["m-1", "m-2"])
        );
        assert_eq!(summary.question, None);
        assert_eq!(summary.references, dataset.summaries[0].references);
        // mq-3 is about m-2 only.
        let question = request(&dataset, &documents, &all[4]);
        let doc_ids: Vec<&str> = question.documents.iter().map(|d| d.id.as_str()).collect();
        assert_eq!((question.item_id.as_str(), doc_ids), ("mq-3", vec!["m-2"]));
        assert_eq!(
            question.question.as_deref(),
            Some(dataset.qa[2].question.as_str())
        );
        assert!(question.references.is_empty());
        let Gold::Answer {
            answers, published, ..
        } = gold(&dataset, &all[4])
        else {
            panic!("a question's gold is an answer");
        };
        assert_eq!(answers, dataset.qa[2].answers.as_slice());
        assert_eq!(published, Some("2026-03-03"), "the date of m-2");
    }
}
