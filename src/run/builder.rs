//! [`Run`]: `goldeval run` as a library call. Name a dataset, pick backends and tasks, and
//! [`Run::execute`] loads and validates the dataset, resolves the backends (built-ins,
//! `goldeval.toml` entries, `replay:FILE`), scores with the default metric set (and the
//! judge, when asked) and writes the run directory.
//!
//! The library reads no argv and no environment: the configuration file, the cache and the
//! stop flag are what the caller gives it.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use super::{default_dir, Backoff, Cache, Observer, Outcome, Reliable, RunConfig, Silent, Stop};
use crate::backend::{self, Backend, Resolved};
use crate::config::Config;
use crate::dataset::{Dataset, Task};
use crate::error::{Error, Result};
use crate::record::{RunPlan, Shard};

/// A run to make, configured step by step.
///
/// ```no_run
/// let outcome = goldeval::Run::new("datasets/xi-moscow-2025")
///     .backend("lead")
///     .task(goldeval::Task::Summarize)
///     .out("runs/lead")
///     .execute()?;
/// assert!(outcome.is_complete());
/// println!("{}", outcome.summary.results[0].metrics[0].overall.mean.unwrap_or_default());
/// # Ok::<(), goldeval::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Run {
    dataset: PathBuf,
    backends: Vec<String>,
    tasks: Vec<Task>,
    limit: Option<usize>,
    shard: Option<Shard>,
    repeat: usize,
    jobs: usize,
    out: Option<PathBuf>,
    id: Option<String>,
    config: Option<PathBuf>,
    cache: Option<Cache>,
    judge: Option<String>,
    stop: Option<Arc<AtomicBool>>,
    /// The plan of the interrupted run this one finishes ([`Run::resume`]).
    resuming: Option<RunPlan>,
}

impl Run {
    /// A run on the dataset in `dataset` (a directory with a `dataset.toml`): every built-in
    /// backend (or every backend of the configuration file, when one is given), both tasks,
    /// 8 requests in flight, no response cache, a new directory under `runs/`.
    pub fn new(dataset: impl Into<PathBuf>) -> Run {
        Run {
            dataset: dataset.into(),
            backends: Vec::new(),
            tasks: Vec::new(),
            limit: None,
            shard: None,
            repeat: 1,
            jobs: 8,
            out: None,
            id: None,
            config: None,
            cache: None,
            judge: None,
            stop: None,
            resuming: None,
        }
    }

    /// The interrupted run in `dir`, to be finished in place (`goldeval run --resume DIR`):
    /// its dataset, backends, tasks, limit, shard, repeats and judge come from its
    /// `plan.json`; only the items it has not recorded run.
    ///
    /// # Errors
    /// When `plan.json` cannot be read.
    pub fn resume(dir: impl Into<PathBuf>) -> Result<Run> {
        let dir = dir.into();
        let plan = super::read_plan(&dir)?;
        let selectors = if plan.selectors.is_empty() {
            plan.backends.clone()
        } else {
            plan.selectors.clone()
        };
        Ok(Run {
            backends: selectors,
            tasks: plan.tasks.clone(),
            limit: plan.limit,
            shard: plan.shard,
            repeat: plan.repeat,
            judge: plan.judge.clone(),
            out: Some(dir),
            id: Some(plan.run_id.clone()),
            resuming: Some(plan.clone()),
            ..Run::new(&plan.dataset.path)
        })
    }

    /// Adds a backend: a built-in (`lead`), a `[[backend]]` of the configuration file, or
    /// `replay:FILE` (recorded outputs).
    #[must_use]
    pub fn backend(mut self, name: impl Into<String>) -> Run {
        self.backends.push(name.into());
        self
    }

    /// Runs only `task` (repeatable; default both).
    #[must_use]
    pub fn task(mut self, task: Task) -> Run {
        if !self.tasks.contains(&task) {
            self.tasks.push(task);
        }
        self
    }

    /// At most `n` items per task, from the start of each file.
    #[must_use]
    pub fn limit(mut self, n: usize) -> Run {
        self.limit = Some(n);
        self
    }

    /// Only this shard of the items.
    #[must_use]
    pub fn shard(mut self, shard: Shard) -> Run {
        self.shard = Some(shard);
        self
    }

    /// Each job `n` times (at least once).
    #[must_use]
    pub fn repeat(mut self, n: usize) -> Run {
        self.repeat = n.max(1);
        self
    }

    /// At most `n` requests in flight (at least 1).
    #[must_use]
    pub fn jobs(mut self, n: usize) -> Run {
        self.jobs = n.max(1);
        self
    }

    /// The run directory (created; refused when it holds files).
    #[must_use]
    pub fn out(mut self, dir: impl Into<PathBuf>) -> Run {
        self.out = Some(dir.into());
        self
    }

    /// The run's id (default: six random hex digits, or those of the default directory).
    #[must_use]
    pub fn id(mut self, id: impl Into<String>) -> Run {
        self.id = Some(id.into());
        self
    }

    /// The `goldeval.toml` whose `[[backend]]` entries `backend` may name.
    #[must_use]
    pub fn config(mut self, path: impl Into<PathBuf>) -> Run {
        self.config = Some(path.into());
        self
    }

    /// Answers cacheable requests (the `openai` kind) from `cache`, and stores their
    /// responses there.
    #[must_use]
    pub fn cache(mut self, cache: Cache) -> Run {
        self.cache = Some(cache);
        self
    }

    /// The configuration file this run reads `[[backend]]` entries from, when one was given.
    pub fn config_file(&self) -> Option<&Path> {
        self.config.as_deref()
    }

    /// Adds the `judge` metric, asking the backend `name`.
    #[must_use]
    pub fn judge(mut self, name: impl Into<String>) -> Run {
        self.judge = Some(name.into());
        self
    }

    /// Stops the run when `flag` is set: no new request starts, those in flight are recorded,
    /// and [`Run::execute`] returns [`Error::Interrupted`].
    #[must_use]
    pub fn stop_when(mut self, flag: Arc<AtomicBool>) -> Run {
        self.stop = Some(flag);
        self
    }

    /// Makes the run, silently.
    ///
    /// # Errors
    /// As [`Run::execute_with`].
    pub fn execute(&self) -> Result<Outcome> {
        self.execute_with(&Silent)
    }

    /// Makes the run, reporting progress to `observer`.
    ///
    /// # Errors
    /// [`Error::Invalid`] when the dataset or the configuration has problems;
    /// [`Error::Usage`] for an unknown backend or nothing to run; I/O errors on the run
    /// directory; [`Error::Interrupted`] when stopped. Backend failures are recorded per item.
    pub fn execute_with(&self, observer: &dyn Observer) -> Result<Outcome> {
        let config = match &self.config {
            Some(path) => Config::load(path, &backend::BUILTIN_NAMES)?,
            None => Config::default(),
        };
        let tasks = if self.tasks.is_empty() {
            Task::ALL.to_vec()
        } else {
            Task::ALL
                .into_iter()
                .filter(|t| self.tasks.contains(t))
                .collect()
        };
        let dataset = Dataset::load_valid_streaming(&self.dataset)?;
        let resolved = backend::resolve(&self.backends, &config, &dataset)?;
        resolved.warnings.iter().for_each(|w| observer.warned(w));
        let run_config = self.run_config(resolved, tasks, self.cache.clone())?;
        let judge = judge_backend(
            self.judge.as_deref(),
            &config,
            &dataset,
            run_config.cache.clone(),
            Stop::new(self.stop.clone()),
        )?;
        let metrics = super::default_metrics::metric_set_judged(judge);
        let (dir, run_id) = match &self.out {
            Some(dir) => (dir.clone(), default_dir(Path::new("")).1),
            None => default_dir(Path::new("runs")),
        };
        let run_id = self.id.clone().unwrap_or(run_id);
        match &self.resuming {
            Some(plan) => super::resume(&dataset, &run_config, &metrics, &dir, plan, observer),
            None => super::execute(&dataset, &run_config, &metrics, &dir, &run_id, observer),
        }
    }

    /// The runner's configuration; a usage error when no backend supports a selected task.
    fn run_config(
        &self,
        resolved: Resolved,
        tasks: Vec<Task>,
        cache: Option<Cache>,
    ) -> Result<RunConfig> {
        check_something_to_run(&resolved.backends, &tasks)?;
        Ok(RunConfig {
            backends: resolved.backends,
            selectors: resolved.selectors,
            warnings: resolved.warnings,
            tasks,
            limit: self.limit,
            shard: self.shard,
            repeat: self.repeat,
            stop: self.stop.clone(),
            jobs: self.jobs,
            backoff: Backoff::default(),
            cache,
            judge: self.judge.clone(),
        })
    }
}

/// The `judge` metric's backend (`--judge NAME`, or a resumed run's), with the run's cache
/// and retries, whose waits end when `stop` is set; a usage error when it cannot answer
/// questions.
///
/// # Errors
/// [`Error::Usage`] for an unknown name or a backend that does not answer questions.
pub fn judge_backend(
    name: Option<&str>,
    config: &Config,
    dataset: &Dataset,
    cache: Option<Cache>,
    stop: Stop,
) -> Result<Option<Arc<dyn Backend>>> {
    let Some(name) = name else {
        return Ok(None);
    };
    let resolved = backend::resolve(&[name.to_string()], config, dataset)?;
    // `resolve` returns one backend per name or fails; asking for a judge never silently
    // runs without one.
    let backend = resolved
        .backends
        .into_iter()
        .next()
        .ok_or_else(|| Error::usage(format!("no backend named \"{name}\"")))?;
    if !backend.supports(Task::Answer) {
        return Err(Error::usage_hint(
            format!("the judge \"{name}\" cannot answer questions"),
            "--judge needs a backend that answers questions, usually an `openai` entry of \
             goldeval.toml; `goldeval list backends` shows each backend's tasks",
        ));
    }
    let reliable = Reliable::new(backend, cache, Backoff::default()).with_stop(stop);
    Ok(Some(Arc::new(reliable)))
}

/// A usage error when none of `backends` supports any of `tasks`.
///
/// # Errors
/// [`Error::Usage`] naming both.
pub fn check_something_to_run(backends: &[Arc<dyn Backend>], tasks: &[Task]) -> Result<()> {
    let runnable = backends
        .iter()
        .any(|b| tasks.iter().any(|&t| b.supports(t)));
    if runnable {
        return Ok(());
    }
    let names: Vec<&str> = backends.iter().map(|b| b.name()).collect();
    let tasks: Vec<&str> = tasks.iter().map(|t| t.as_str()).collect();
    Err(Error::usage_hint(
        format!(
            "none of the selected backends ({}) supports the selected task ({})",
            names.join(", "),
            tasks.join(", ")
        ),
        "`goldeval list backends` shows which tasks each backend supports",
    ))
}

#[cfg(test)]
mod tests {
    use super::Run;
    use crate::dataset::Task;

    #[test]
    fn a_run_of_the_mini_dataset_writes_its_directory() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("run");
        let outcome = Run::new("tests/fixtures/datasets/mini")
            .backend("lead")
            .task(Task::Summarize)
            .out(&out)
            .execute()
            .unwrap();
        assert!(outcome.is_complete());
        assert_eq!(outcome.summary.results[0].backend, "lead");
        assert!(out.join("items.jsonl").is_file() && out.join("run.json").is_file());
    }

    #[test]
    fn a_task_no_backend_supports_is_a_usage_error() {
        let dir = tempfile::tempdir().unwrap();
        let err = Run::new("tests/fixtures/datasets/mini")
            .backend("lead")
            .task(Task::Answer)
            .out(dir.path().join("run"))
            .execute()
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("none of the selected backends (lead)"),
            "{err}"
        );
    }
}
