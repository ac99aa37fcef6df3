//! `goldeval run`: evaluate backends on a dataset and write a run directory.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Arc;

use clap::{Args, ValueEnum};

use crate::backend::Backend;
use crate::config::Config;
use crate::dataset::Task;

use crate::error::{exit, Result};
use crate::record::{ItemRecord, Shard};
use crate::report::table;
use crate::run::{self, Observer};
use crate::warning::Warning;

/// The bundled dataset, used when `--dataset` is not given.
pub const DEFAULT_DATASET: &str = "datasets/xi-moscow-2025";

/// A task as named on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TaskArg {
    /// Summarization, scored with ROUGE.
    Summarize,
    /// Question answering, scored with SQuAD exact match and F1 and answer_match.
    #[value(alias = "answer")]
    Qa,
}

impl From<TaskArg> for Task {
    fn from(t: TaskArg) -> Task {
        match t {
            TaskArg::Summarize => Task::Summarize,
            TaskArg::Qa => Task::Answer,
        }
    }
}

/// `--shard`: a fixed shard, or `auto` (from the scheduler's environment).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShardArg {
    /// `--shard K/N`.
    Fixed(Shard),
    /// `--shard auto`.
    Auto,
}

impl ShardArg {
    /// Parses `auto` or `K/N`.
    ///
    /// # Errors
    /// A message saying what is wrong.
    pub fn parse(text: &str) -> std::result::Result<ShardArg, String> {
        if text.trim() == "auto" {
            return Ok(ShardArg::Auto);
        }
        Shard::parse(text)
            .map(ShardArg::Fixed)
            .map_err(|e| format!("{e}, or auto"))
    }
}

/// Arguments of `goldeval run`.
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  goldeval run
  goldeval run --backend lead --backend textrank --task summarize
  goldeval run --dataset my-dataset/ --limit 10 --out runs/smoke
  goldeval run --backend my-model --jobs 32
  goldeval run --resume runs/20261123T101500Z-1a2b3c
  goldeval run --shard auto --out /shared/run-1/shard-$SLURM_ARRAY_TASK_ID   (in a job array)

With no arguments, every built-in backend is evaluated on both tasks of the bundled dataset
(datasets/xi-moscow-2025). The run directory holds run.json (configuration, dataset hash,
versions, timings), items.jsonl (one line per item and backend) and summary.json (means per
backend and task, with signatures).

Exit codes: 0 every item scored; 2 usage or dataset error; 3 some items errored (see the
`error` field in items.jsonl); 130 interrupted (Ctrl-C; finish with --resume DIR).")]
pub struct RunArgs {
    /// Dataset directory (holding dataset.toml).
    #[arg(long, value_name = "DIR", default_value = DEFAULT_DATASET)]
    pub dataset: PathBuf,

    /// Backend to evaluate; repeat for several: a built-in, a `[[backend]]` of goldeval.toml,
    /// or `replay:FILE` (recorded outputs). Default: the configured backends, else every
    /// built-in. `goldeval list backends` shows the names. Not with --resume (the run's
    /// plan.json names its backends).
    #[arg(long = "backend", value_name = "NAME")]
    pub backends: Vec<String>,

    /// Configuration file. Default: ./goldeval.toml when it exists.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Evaluate only this task. Default: both.
    #[arg(long, value_enum, value_name = "TASK")]
    pub task: Option<TaskArg>,

    /// Write the run into this directory (created; must be empty if it exists).
    /// Default: runs/<UTC timestamp>-<id>.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// Evaluate at most N items per task (the first N of each file); with --shard, the limit
    /// applies first and the shards split what remains.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub limit: Option<u64>,

    /// Requests in flight at once, over all backends; a backend's `max_concurrency` in
    /// goldeval.toml limits it further. items.jsonl keeps the same order whatever N is.
    #[arg(long, short = 'j', value_name = "N", default_value_t = 8,
          value_parser = clap::value_parser!(u64).range(1..=1024))]
    pub jobs: u64,

    /// Finish an interrupted run in DIR: its plan.json gives the dataset, backends, tasks and
    /// limit (so --backend, --task, --limit and --out do not apply); items already in its
    /// items.jsonl are kept and only the missing ones run. goldeval.toml must still define
    /// the run's configured backends.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["backends", "task", "limit", "out", "shard", "shard_count", "repeat", "judge"])]
    pub resume: Option<PathBuf>,

    /// Run only shard K of N: every N-th item (both tasks, after --limit), starting with the
    /// K-th, with all selected backends. Shards of one run are disjoint and cover it;
    /// `goldeval merge` joins their directories into one run. `auto` reads K and N from the
    /// scheduler: a Kubernetes Indexed Job (JOB_COMPLETION_INDEX, with --shard-count or
    /// GOLDEVAL_SHARD_COUNT), a Slurm job array (SLURM_ARRAY_TASK_ID, _MIN, _MAX, _COUNT,
    /// _STEP) or GOLDEVAL_SHARD=K/N.
    #[arg(long, value_name = "K/N|auto", value_parser = ShardArg::parse)]
    pub shard: Option<ShardArg>,

    /// With --shard auto: how many shards there are (a Kubernetes Indexed Job's
    /// `completions`; else GOLDEVAL_SHARD_COUNT). Under Slurm or GOLDEVAL_SHARD, a check.
    #[arg(long, value_name = "N", requires = "shard",
          value_parser = clap::value_parser!(u64).range(1..))]
    pub shard_count: Option<u64>,

    /// Run each job N times (separate cache entries, `repeat` in items.jsonl); repeats.json
    /// gives each item's mean, spread and whether it flips between 0 and 1.
    #[arg(long, value_name = "N", default_value_t = 1,
          value_parser = clap::value_parser!(u64).range(1..=1000))]
    pub repeat: u64,

    /// Do not read or write the response cache (GOLDEVAL_CACHE_DIR, else the user cache
    /// directory); every request goes to its backend. Only `openai` backends are cached;
    /// built-ins, command and replay never are.
    #[arg(long)]
    pub no_cache: bool,

    /// Print no progress and no table, only the run directory.
    #[arg(long, short)]
    pub quiet: bool,

    /// Also score summaries with the `judge` metric: NAME is a backend that answers
    /// questions (in practice an `openai` entry of goldeval.toml), asked for each key fact
    /// whether the summary states, contradicts or omits it (columns judge_stated,
    /// judge_contradicted, judge_failures). Its requests are cached and retried like the
    /// backends' own. Not with --resume (the run's plan.json names its judge).
    #[arg(long, value_name = "NAME")]
    pub judge: Option<String>,

    /// Also write a report file; the format follows the extension: .json, .jsonl, .csv, .md,
    /// .junit.xml, .html (repeatable).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub outputs: Vec<PathBuf>,
}

/// Runs `goldeval run`.
///
/// # Errors
/// Usage errors (unknown backend, nothing to run), dataset errors, run-directory I/O errors.
pub fn execute(args: &RunArgs) -> Result<u8> {
    let (dir, run_id) = match (&args.resume, &args.out) {
        (Some(dir), _) => (dir.clone(), String::new()),
        (None, Some(dir)) => (dir.clone(), run::default_dir(&PathBuf::new()).1),
        (None, None) => run::default_dir(&PathBuf::from("runs")),
    };
    let outputs = super::report_files::prepare(&args.outputs, &[&dir])?;
    let config = Config::discover(args.config.as_deref(), &crate::backend::BUILTIN_NAMES)?;
    if let Some(dir) = &args.resume {
        return resume(args, &config, dir, &outputs);
    }
    let shard = shard(args)?;
    let progress = Progress::new(!args.quiet);
    // After the run installed the Ctrl-C handler (`with_environment`), which names `dir` in
    // its message.
    let run = new_run(args, shard, &config, &dir).id(run_id);
    super::interrupt::running_in(&dir);
    let outcome = run.execute_with(&progress)?;
    progress.clear();
    write_reports(&outcome, &outputs)?;
    Ok(report(args.quiet, &outcome))
}

/// The run `args` ask for, of `shard`, in `dir`.
fn new_run(
    args: &RunArgs,
    shard: Option<Shard>,
    config: &Config,
    dir: &std::path::Path,
) -> run::Run {
    let mut run = run::Run::new(&args.dataset)
        .out(dir)
        .jobs(usize::try_from(args.jobs).unwrap_or(usize::MAX))
        .repeat(usize::try_from(args.repeat).unwrap_or(1));
    for backend in &args.backends {
        run = run.backend(backend);
    }
    if let Some(task) = args.task {
        run = run.task(task.into());
    }
    if let Some(limit) = args.limit {
        run = run.limit(usize::try_from(limit).unwrap_or(usize::MAX));
    }
    if let Some(shard) = shard {
        run = run.shard(shard);
    }
    if let Some(judge) = &args.judge {
        run = run.judge(judge);
    }
    with_environment(run, args, config)
}

/// The shard to run: `--shard K/N`, or the scheduler's with `--shard auto` (said on
/// stderr unless --quiet).
fn shard(args: &RunArgs) -> Result<Option<Shard>> {
    let count = args
        .shard_count
        .map(|n| usize::try_from(n).unwrap_or(usize::MAX));
    match args.shard {
        None => Ok(None),
        Some(ShardArg::Fixed(shard)) => match count {
            Some(n) if n != shard.count => Err(crate::Error::usage(format!(
                "--shard-count {n} disagrees with --shard {shard}"
            ))),
            _ => Ok(Some(shard)),
        },
        Some(ShardArg::Auto) => {
            let detected = run::scheduler::detect(&|name| std::env::var(name).ok(), count)?;
            if !args.quiet {
                super::err_raw(&format!(
                    "shard {} (from {})\n",
                    detected.shard, detected.source
                ));
            }
            Ok(Some(detected.shard))
        }
    }
}

/// What the CLI gives every run: the discovered configuration file, the user's response
/// cache (unless `--no-cache`) and the Ctrl-C flag.
fn with_environment(mut run: run::Run, args: &RunArgs, config: &Config) -> run::Run {
    if let Some(path) = &config.path {
        run = run.config(path);
    }
    if let Some(cache) = (!args.no_cache).then(super::cache::open).flatten() {
        run = run.cache(cache);
    }
    if let Some(flag) = super::interrupt::stop_flag() {
        run = run.stop_when(flag);
    }
    run
}

/// The `judge` metric's backend (`--judge NAME`), with the run's cache and retries.
pub(super) fn judge_backend(
    name: Option<&str>,
    config: &Config,
    dataset: &crate::dataset::Dataset,
    cache: Option<run::Cache>,
) -> Result<Option<Arc<dyn Backend>>> {
    run::judge_backend(name, config, dataset, cache, run::Stop::default())
}

/// `--resume DIR`: the plan's dataset, backends, tasks and limit; only missing items run.
fn resume(
    args: &RunArgs,
    config: &Config,
    dir: &std::path::Path,
    outputs: &[(PathBuf, crate::report::export::Format)],
) -> Result<u8> {
    let mut run = run::Run::resume(dir)?.jobs(usize::try_from(args.jobs).unwrap_or(usize::MAX));
    run = with_environment(run, args, config);
    let progress = Progress::new(!args.quiet);
    super::interrupt::running_in(dir); // after the handler was installed
    let outcome = run.execute_with(&progress)?;
    progress.clear();
    write_reports(&outcome, outputs)?;
    Ok(report(args.quiet, &outcome))
}

/// Writes the `-o FILE` reports of a finished run.
fn write_reports(
    outcome: &run::Outcome,
    outputs: &[(PathBuf, crate::report::export::Format)],
) -> Result<()> {
    if outputs.is_empty() {
        return Ok(());
    }
    let written = crate::record::RunDir::open(&outcome.dir)?;
    let file_report = crate::report::model::Report::from_run(&written);
    super::report_files::write(file_report, &written.manifest.dataset, outputs)
}

/// Prints the tables (or the directory with --quiet); the exit code.
pub(super) fn report(quiet: bool, outcome: &run::Outcome) -> u8 {
    if quiet {
        super::out(&format!("{}\n", outcome.dir.display()));
    } else {
        let mut text = table::summary_tables(&outcome.summary);
        text.push_str(&format!(
            "\nRun written to {} (run.json, items.jsonl, summary.json)\n",
            outcome.dir.display()
        ));
        super::out(&text);
    }
    // The warnings the run found (those known before it were printed when it started).
    for warning in &outcome.manifest.warnings {
        if !matches!(warning, Warning::UnknownRecordedIds { .. }) {
            super::warn(&warning.to_string());
        }
    }
    if outcome.is_complete() {
        exit::OK
    } else {
        exit::INCOMPLETE
    }
}

/// `2026-11-23T10:15:00Z`.
fn utc(time: std::time::SystemTime) -> String {
    let secs = time
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    run::Utc::from_unix(secs).rfc3339()
}

/// Progress on stderr: a redrawn bar on a terminal, a plain line every 10% otherwise.
struct Progress {
    enabled: bool,
    tty: bool,
}

impl Progress {
    fn new(enabled: bool) -> Self {
        Progress {
            enabled,
            tty: std::io::stderr().is_terminal(),
        }
    }

    fn clear(&self) {
        if self.enabled && self.tty {
            super::err_raw(super::CLEAR_LINE);
        }
    }
}

impl Observer for Progress {
    fn warned(&self, warning: &Warning) {
        super::warn(&warning.to_string());
    }

    fn throttled(&self, notice: &run::ThrottleNotice) {
        if !self.enabled || notice.wait < std::time::Duration::from_millis(250) {
            return;
        }
        let clear = if self.tty { super::CLEAR_LINE } else { "" };
        super::err_raw(&format!(
            "{clear}rate limit: {} waits {:.1}s, until {} (requests_per_minute / tokens_per_minute; Ctrl-C stops)\n",
            notice.backend,
            notice.wait.as_secs_f64(),
            utc(notice.until),
        ));
    }

    fn retrying(&self, notice: &run::RetryNotice) {
        if !self.enabled {
            return;
        }
        let clear = if self.tty { super::CLEAR_LINE } else { "" };
        let asked = match notice.retry_after {
            Some(after) if after > notice.max_retry_after => format!(
                "; the server's Retry-After of {}s is cut to {}s (max_retry_after_secs)",
                after.as_secs(),
                notice.max_retry_after.as_secs_f64()
            ),
            Some(after) => format!("; Retry-After {}s", after.as_secs_f64()),
            None => String::new(),
        };
        super::err_raw(&format!(
            "{clear}retry {} of {} {} in {:.1}s, at {}, after {}{asked}\n",
            notice.attempt,
            notice.backend,
            notice.item,
            notice.wait.as_secs_f64(),
            utc(notice.until),
            notice.error.kind
        ));
    }

    fn finished(&self, record: &ItemRecord, done: usize, total: usize) {
        if !self.enabled {
            return;
        }
        if self.tty {
            let width = 30;
            let filled = done * width / total.max(1);
            super::err_raw(&format!(
                "{}[{}{}] {done}/{total} {} {}",
                super::CLEAR_LINE,
                "#".repeat(filled),
                ".".repeat(width - filled),
                record.backend,
                record.id
            ));
        } else {
            let step = (total / 10).max(1);
            if done % step == 0 || done == total {
                super::err_raw(&format!("progress: {done}/{total} items\n"));
            }
        }
    }
}
