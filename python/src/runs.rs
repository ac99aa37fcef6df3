//! The native half of `goldeval.run`, `goldeval.check`, `goldeval.compare` and
//! `goldeval.bless`: the library calls the CLI's commands make, without the CLI's printing.
//! Errors become the exceptions of `goldeval.errors`, with the CLI's exit codes.

use std::path::{Path, PathBuf};

use pyo3::prelude::*;

use crate::core::{
    check, compare, default_dir, execute_run, metric_set, render_check, render_compare, resolve,
    systems, validate, write_atomic, Backoff, Cache, Config, Dataset, Error, Gates, Golden,
    LibResult, Palette, RunConfig, RunDir, Settings, Silent, Task, Threshold, BUILTIN_NAMES,
};

/// A `goldeval.errors` exception built from its arguments.
fn python_error<'py, A>(py: Python<'py>, class: &str, args: A) -> PyErr
where
    A: pyo3::call::PyCallArgs<'py>,
{
    let made = py
        .import("goldeval.errors")
        .and_then(|m| m.getattr(class))
        .and_then(|c| c.call1(args));
    match made {
        Ok(e) => PyErr::from_value(e),
        Err(e) => e,
    }
}

/// One diagnostic as `goldeval.errors.Diagnostic` takes it: file, line, field, message,
/// hint.
type Located = (String, Option<usize>, String, String, Option<String>);

/// A goldeval error as `DatasetError` (with every diagnostic) or `UsageError`.
fn raise(py: Python<'_>, e: Error) -> PyErr {
    let message = e.to_string();
    let code = e.exit_code();
    match e {
        Error::Invalid { diagnostics, .. } => {
            let list: Vec<Located> = diagnostics
                .iter()
                .map(|d| {
                    let d = d.clone();
                    (
                        d.file.display().to_string(),
                        d.line,
                        d.field,
                        d.message,
                        d.hint,
                    )
                })
                .collect();
            python_error(py, "DatasetError", (message, list))
        }
        _ => python_error(py, "UsageError", (message, code)),
    }
}

fn usage(py: Python<'_>, message: String) -> PyErr {
    raise(py, Error::usage(message))
}

fn task_named(py: Python<'_>, name: &str) -> PyResult<Task> {
    match name {
        "summarize" | "summary" => Ok(Task::Summarize),
        "qa" | "answer" => Ok(Task::Answer),
        _ => Err(usage(
            py,
            format!("unknown task {name:?} (summarize or qa)"),
        )),
    }
}

fn load_valid(dir: &Path, task: Option<Task>) -> LibResult<Dataset> {
    let dataset = match task {
        Some(Task::Answer) => Dataset::load_streaming(dir)?,
        _ => Dataset::load(dir)?,
    };
    let mut diagnostics = validate(&dataset);
    if diagnostics.is_empty() {
        return Ok(dataset);
    }
    diagnostics.sort();
    Err(Error::Invalid {
        what: format!("dataset {} (run `goldeval validate` on it)", dir.display()),
        diagnostics,
    })
}

/// `goldeval run`: returns `(run directory, complete, summary.json, the warnings of
/// run.json)`.
#[pyfunction]
#[pyo3(signature = (dataset, backends, task, out, limit, config, jobs, repeat, cache_dir))]
#[allow(clippy::too_many_arguments)]
pub fn run(
    py: Python<'_>,
    dataset: PathBuf,
    backends: Vec<String>,
    task: Option<String>,
    out: Option<PathBuf>,
    limit: Option<usize>,
    config: Option<PathBuf>,
    jobs: usize,
    repeat: usize,
    cache_dir: Option<PathBuf>,
) -> PyResult<(String, bool, String, Vec<String>)> {
    let task = task.map(|t| task_named(py, &t)).transpose()?;
    if jobs == 0 || repeat == 0 {
        return Err(usage(py, "jobs and repeat must be at least 1".into()));
    }
    let result = py.detach(|| -> LibResult<_> {
        let file = Config::discover(config.as_deref(), &BUILTIN_NAMES)?;
        let dataset = load_valid(&dataset, task)?;
        let resolved = resolve(&backends, &file, &dataset)?;
        let tasks = task.map_or_else(|| Task::ALL.to_vec(), |t| vec![t]);
        if !resolved
            .backends
            .iter()
            .any(|b| tasks.iter().any(|&t| b.supports(t)))
        {
            return Err(Error::usage_hint(
                "none of the selected backends supports the selected task",
                "`goldeval list backends` shows which tasks each backend supports",
            ));
        }
        let run_config = RunConfig {
            backends: resolved.backends,
            warnings: resolved.warnings,
            selectors: resolved.selectors,
            tasks,
            limit,
            shard: None,
            repeat,
            stop: None,
            jobs,
            backoff: Backoff::default(),
            cache: cache_dir.map(Cache::new),
            judge: None,
        };
        let (dir, run_id) = match out {
            Some(dir) => (dir, default_dir(Path::new("")).1),
            None => default_dir(Path::new("runs")),
        };
        let outcome = execute_run(&dataset, &run_config, &metric_set(), &dir, &run_id, &Silent)?;
        let summary =
            serde_json::to_string(&outcome.summary).map_err(|source| Error::Serialize {
                what: "summary".into(),
                source,
            })?;
        let warnings = outcome.manifest.warnings.iter().map(ToString::to_string);
        Ok((
            outcome.dir.display().to_string(),
            outcome.is_complete(),
            summary,
            warnings.collect(),
        ))
    });
    result.map_err(|e| raise(py, e))
}

fn thresholds(py: Python<'_>, specs: &[String]) -> PyResult<Vec<Threshold>> {
    specs
        .iter()
        .map(|s| {
            s.parse()
                .map_err(|e: String| usage(py, format!("{s}: {e}")))
        })
        .collect()
}

/// `goldeval check RUN`: returns `(passed, the gate table, the checks as JSON)`.
#[pyfunction]
#[pyo3(signature = (run, goldens, baseline, max_drop, fail_under, max_item_regressions,
                    max_error_rate, significant_only, alpha, seed, resamples, config,
                    allow_partial))]
#[allow(clippy::too_many_arguments)]
pub fn check_run(
    py: Python<'_>,
    run: PathBuf,
    goldens: PathBuf,
    baseline: Option<PathBuf>,
    max_drop: Vec<String>,
    fail_under: Vec<String>,
    max_item_regressions: Option<usize>,
    max_error_rate: Option<f64>,
    significant_only: bool,
    alpha: f64,
    seed: u32,
    resamples: usize,
    config: Option<PathBuf>,
    allow_partial: bool,
) -> PyResult<(bool, String, String)> {
    let (max_drop, fail_under) = (thresholds(py, &max_drop)?, thresholds(py, &fail_under)?);
    let result = py.detach(|| -> LibResult<_> {
        let dir = RunDir::open(&run)?;
        let defaults = Config::discover(config.as_deref(), &BUILTIN_NAMES)?.check;
        // The file's gates first: among equally specific selectors the last wins.
        let gates = Gates {
            max_drop: [defaults.max_drop, max_drop].concat(),
            fail_under: [defaults.fail_under, fail_under].concat(),
            max_item_regressions: max_item_regressions.or(defaults.max_item_regressions),
            max_error_rate: max_error_rate.or(defaults.max_error_rate),
            significant_only,
            alpha,
            seed,
            resamples: resamples.max(1),
            allow_partial,
        };
        let mut found = Vec::new();
        for backend in &dir.manifest.backends {
            let path = match &baseline {
                Some(p) => p.clone(),
                None => Golden::path(&goldens, &dir.manifest.dataset.name, backend)?,
            };
            if !path.exists() {
                return Err(Error::usage_hint(
                    format!(
                        "no golden for backend {backend:?}: {} does not exist",
                        path.display()
                    ),
                    "review the run, then write it with goldeval.bless(run) (or `goldeval \
                     bless RUN`, or pytest --goldeval-update)",
                ));
            }
            found.push((backend, Golden::read(&path)?, path));
        }
        // A selector that names no column of the goldens is an error, not a gate that
        // silently never fires.
        let columns: Vec<(Task, String)> = found
            .iter()
            .flat_map(|(_, g, _)| &g.header.aggregates)
            .flat_map(|a| a.metrics.iter().map(|m| (a.task, m.metric.clone())))
            .collect();
        gates.check_selectors(&columns)?;
        let checks: Vec<_> = found
            .iter()
            .map(|(backend, golden, path)| {
                check(&dir, backend, golden, &path.display().to_string(), &gates)
            })
            .collect();
        let passed = checks.iter().all(|c| c.passed());
        let json = serde_json::to_string(&checks).map_err(|source| Error::Serialize {
            what: "checks".into(),
            source,
        })?;
        Ok((passed, render_check(&checks, Palette::plain()), json))
    });
    result.map_err(|e| raise(py, e))
}

/// `goldeval compare RUN...`: returns `(the report, the comparison as JSON)`.
#[pyfunction]
pub fn compare_runs(
    py: Python<'_>,
    runs: Vec<String>,
    seed: u32,
    resamples: usize,
    level: f64,
    top: usize,
) -> PyResult<(String, String)> {
    let result = py.detach(|| -> LibResult<_> {
        let systems = systems(&runs)?;
        let settings = Settings {
            seed,
            resamples,
            level,
            top,
        };
        let comparison = compare(&systems, settings)?;
        let json = serde_json::to_string(&comparison).map_err(|source| Error::Serialize {
            what: "comparison".into(),
            source,
        })?;
        Ok((render_compare(&comparison, Palette::plain()), json))
    });
    result.map_err(|e| raise(py, e))
}

/// `goldeval bless RUN`: writes each backend's golden; returns `(path, changed)` per
/// backend. Refused when CI is set, as the CLI refuses.
#[pyfunction]
pub fn bless(py: Python<'_>, run: PathBuf, goldens: PathBuf) -> PyResult<Vec<(String, bool)>> {
    if std::env::var_os("CI").is_some_and(|v| !v.is_empty()) {
        return Err(raise(
            py,
            Error::usage_hint(
                "goldens are never written when CI is set",
                "bless locally, review `git diff goldens/`, and commit the new goldens",
            ),
        ));
    }
    let result = py.detach(|| -> LibResult<_> {
        let dir = RunDir::open(&run)?;
        let mut written = Vec::new();
        for backend in &dir.manifest.backends {
            let new = Golden::from_run(&dir, backend)?;
            let path = Golden::path(&goldens, &dir.manifest.dataset.name, backend)?;
            let old = path.exists().then(|| Golden::read(&path)).transpose()?;
            let changed = old.as_ref() != Some(&new);
            if changed {
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent)
                        .map_err(|e| Error::io("creating directory", parent, e))?;
                }
                write_atomic(&path, new.to_jsonl()?.as_bytes())?;
            }
            written.push((path.display().to_string(), changed));
        }
        Ok(written)
    });
    result.map_err(|e| raise(py, e))
}
