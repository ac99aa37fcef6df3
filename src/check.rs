//! Quality gates: a run's backend against its golden (`goldeval check`).
//!
//! Items are aligned by (task, id). For every column of the golden the check compares the
//! means *over the aligned items* (so a run and a golden of different sizes are compared on
//! the same items) and fails, with a sentence that names the gate, on:
//!
//! - `dataset`: the golden was blessed on another dataset or another version of its content;
//! - `signature`: a column is now computed differently (the numbers are not comparable);
//! - `coverage`: golden items the run did not record, and run items the golden does not
//!   hold (both allowed only with `allow_partial`); no item compared at all always fails;
//! - `max-drop`: a mean got worse by more than its tolerance ([`DEFAULT_MAX_DROP`] unless
//!   `--max-drop` says otherwise): fell, or rose for a lower-is-better column such as
//!   `unsupported_numbers` (the direction is the golden's, [`crate::metrics::Direction`]);
//!   descriptive columns (`density`,
//!   `summary_tokens`, …) are gated only by a `--max-drop` that names them, on a change either
//!   way; with `--significant-only` a drop whose paired permutation p-value is at least
//!   `alpha` is reported but allowed;
//! - `fail-under`: the run's mean over all its scored items is below a floor;
//! - `max-item-regressions`: more items than allowed scored worse on some non-descriptive
//!   column (or errored where the golden did not);
//! - `max-error-rate`: the share of the backend's items that errored is too high.

use serde::Serialize;

use crate::config::{task_word, Threshold};
use crate::dataset::Task;
use std::collections::HashMap;
use std::path::Path;

use crate::error::{Error, Result};
use crate::metrics::Direction;
use crate::record::golden::{Golden, GoldenItem};
use crate::record::{ItemRecord, RunDir};
use crate::stats::hypothesis::permutation_test;
use crate::stats::{mean, Mt19937};

/// The tolerance of every column without a `--max-drop` of its own.
pub const DEFAULT_MAX_DROP: f64 = 0.005;

/// Below this, a difference of two means is floating-point noise, not a change.
const NOISE: f64 = 1e-12;

/// The gates and the settings of their statistics.
///
/// ```
/// let gates = goldeval::Gates {
///     fail_under: vec!["qa.f1=0.6".parse().unwrap()],
///     ..goldeval::Gates::default()
/// };
/// assert_eq!(gates.alpha, 0.05);
/// assert!(!gates.allow_partial);
/// ```
#[derive(Debug, Clone)]
pub struct Gates {
    /// `--max-drop`: tolerated fall of a mean; the most specific selector wins.
    pub max_drop: Vec<Threshold>,
    /// `--fail-under`: floors of the run's means.
    pub fail_under: Vec<Threshold>,
    /// `--max-item-regressions`.
    pub max_item_regressions: Option<usize>,
    /// `--max-error-rate`, a fraction in [0, 1].
    pub max_error_rate: Option<f64>,
    /// `--significant-only`: allow drops that are not significant at `alpha`.
    pub significant_only: bool,
    /// Significance level of `--significant-only`.
    pub alpha: f64,
    /// Seed of the permutation test.
    pub seed: u32,
    /// Random sign vectors when the permutation test is not exact.
    pub resamples: usize,
    /// `--allow-partial`: a run and a golden that do not cover the same items pass the
    /// coverage gate (the items they share are compared).
    pub allow_partial: bool,
}

impl Default for Gates {
    /// No `--max-drop` beyond the default tolerance, no floors, no item or error-rate gate,
    /// α = 0.05, the default seed and 1,000 resamples, full coverage required.
    fn default() -> Self {
        Gates {
            max_drop: Vec::new(),
            fail_under: Vec::new(),
            max_item_regressions: None,
            max_error_rate: None,
            significant_only: false,
            alpha: 0.05,
            seed: crate::compare::DEFAULT_SEED,
            resamples: 1000,
            allow_partial: false,
        }
    }
}

/// Where a check finds its goldens.
#[derive(Debug, Clone, Copy)]
pub enum Goldens<'a> {
    /// `DIR/<dataset>/<backend>.jsonl` for every backend of the run.
    Dir(&'a Path),
    /// One golden file for every backend, whatever its backend is called (`--baseline`).
    Baseline(&'a Path),
}

/// Checks every backend of `run` against its golden: reads the goldens, refuses gate
/// selectors that name no column of them, and checks each backend.
///
/// ```no_run
/// use goldeval::{check_run, Gates, Goldens, Run, RunDir};
///
/// let outcome = Run::new("datasets/xi-moscow-2025").backend("lead").out("runs/ci").execute()?;
/// let run = RunDir::open(&outcome.dir)?;
/// let gates = Gates { fail_under: vec!["summarize.rougeLsum=0.3".parse().unwrap()], ..Gates::default() };
/// for (check, _golden) in check_run(&run, Goldens::Dir("goldens".as_ref()), &gates)? {
///     println!("{}: {}", check.backend, if check.passed() { "PASS" } else { "FAIL" });
///     for failure in &check.failures {
///         println!("  [{}] {}", failure.gate, failure.message);
///     }
/// }
/// # Ok::<(), goldeval::Error>(())
/// ```
///
/// # Errors
/// [`Error::Usage`] for a missing golden or a selector that names no column; errors reading
/// a golden.
pub fn check_run(
    run: &RunDir,
    goldens: Goldens<'_>,
    gates: &Gates,
) -> Result<Vec<(BackendCheck, Golden)>> {
    let mut read = Vec::new();
    for backend in &run.manifest.backends {
        let path = match goldens {
            Goldens::Baseline(p) => p.to_path_buf(),
            Goldens::Dir(root) => Golden::path(root, &run.manifest.dataset.name, backend)?,
        };
        read.push((read_golden(&path, &run.path, backend)?, path));
    }
    let columns: Vec<(Task, String)> = read
        .iter()
        .flat_map(|(g, _)| &g.header.aggregates)
        .flat_map(|a| a.metrics.iter().map(|m| (a.task, m.metric.clone())))
        .collect();
    gates.check_selectors(&columns)?;
    Ok(run
        .manifest
        .backends
        .iter()
        .zip(read)
        .map(|(backend, (golden, path))| {
            let checked = check(run, backend, &golden, &path.display().to_string(), gates);
            (checked, golden)
        })
        .collect())
}

fn read_golden(path: &Path, run: &Path, backend: &str) -> Result<Golden> {
    if !path.exists() {
        return Err(Error::usage_hint(
            format!(
                "no golden for backend {backend:?}: {} does not exist",
                path.display()
            ),
            format!(
                "review the run, then write it with: goldeval bless {}",
                run.display()
            ),
        ));
    }
    Golden::read(path)
}

impl Gates {
    /// Refuses a selector that names no column of this check: `--fail-under qa.F1=0.99`
    /// would otherwise pass without looking at anything. `columns` are the (task, column)
    /// pairs of the goldens being checked.
    ///
    /// # Errors
    /// [`Error::Usage`] naming the selector, where it was set, a close known name and every
    /// known name.
    pub fn check_selectors(&self, columns: &[(Task, String)]) -> Result<()> {
        let thresholds = self
            .max_drop
            .iter()
            .map(|t| ("--max-drop", t))
            .chain(self.fail_under.iter().map(|t| ("--fail-under", t)));
        for (flag, t) in thresholds {
            let matched = columns.iter().any(|(task, c)| t.matches(*task, c));
            let wildcard = t.metric.is_none() && t.task.is_none();
            if matched || wildcard {
                continue;
            }
            let mut names: Vec<String> = Vec::new();
            for (task, c) in columns {
                let name = format!("{}.{c}", task_word(*task));
                if !names.contains(&name) {
                    names.push(name);
                }
            }
            let wanted = t.selector();
            let suggestion = crate::text::suggest::closest(
                &wanted,
                names
                    .iter()
                    .map(String::as_str)
                    .chain(columns.iter().map(|(_, c)| c.as_str())),
            )
            .map(|c| format!("did you mean `{c}`? "))
            .unwrap_or_default();
            let origin = t
                .origin
                .clone()
                .unwrap_or_else(|| format!("{flag} {}={}", t.selector(), t.value));
            return Err(Error::usage_hint(
                format!(
                    "the gate {origin} names `{}`, which is no column of the goldens checked",
                    t.selector()
                ),
                format!("{suggestion}columns: {}", names.join(", ")),
            ));
        }
        Ok(())
    }

    /// The tolerated worsening of a column; for a descriptive column only a selector that
    /// names it gives one (it then bounds the change either way).
    fn tolerance(&self, task: Task, metric: &str, direction: Direction) -> Option<f64> {
        let chosen = self
            .max_drop
            .iter()
            .filter(|t| t.matches(task, metric))
            .filter(|t| direction != Direction::Descriptive || t.metric.is_some())
            .max_by_key(|t| t.rank())
            .map(|t| t.value);
        match direction {
            Direction::Descriptive => chosen,
            _ => Some(chosen.unwrap_or(DEFAULT_MAX_DROP)),
        }
    }
}

/// One column of one task: golden and run means over the aligned items.
#[derive(Debug, Clone, Serialize)]
pub struct ColumnCheck {
    /// Task.
    pub task: Task,
    /// Column id.
    pub metric: String,
    /// Aligned items with a value in both.
    pub n: usize,
    /// Golden mean over them.
    pub golden: Option<f64>,
    /// Run mean over them.
    pub run: Option<f64>,
    /// Which way the column improves.
    pub direction: Direction,
    /// The tolerated worsening; `None` for an ungated descriptive column.
    pub tolerance: Option<f64>,
    /// Paired permutation p-value of the difference.
    pub p: f64,
    /// Whether the column passed every gate that looks at it.
    pub ok: bool,
}

/// A failed gate.
#[derive(Debug, Clone, Serialize)]
pub struct Failure {
    /// The gate's name, as in the flags (`max-drop`, `signature`, …).
    pub gate: &'static str,
    /// What failed, in a sentence.
    pub message: String,
}

/// One item that scored lower than in the golden.
#[derive(Debug, Clone, Serialize)]
pub struct ItemRegression {
    /// Task.
    pub task: Task,
    /// Item id.
    pub id: String,
    /// `column: golden → run` for each column that got worse, or the new error.
    pub what: String,
}

/// The check of one backend against one golden.
#[derive(Debug, Clone, Serialize)]
pub struct BackendCheck {
    /// The backend checked.
    pub backend: String,
    /// Where the golden came from.
    pub golden: String,
    /// Every column.
    pub columns: Vec<ColumnCheck>,
    /// Items that scored lower.
    pub regressions: Vec<ItemRegression>,
    /// Failed gates; empty when the backend passed.
    pub failures: Vec<Failure>,
    /// Observations that are not failures.
    pub notes: Vec<String>,
    /// Per task, how many items the golden and the run have in common (compared).
    pub compared: Vec<(Task, usize)>,
    /// Every aligned item, golden and run side by side (for file reports).
    pub items: Vec<ItemPair>,
}

/// One aligned item: the golden's and the run's output and score on the task's rank column.
#[derive(Debug, Clone, Serialize)]
pub struct ItemPair {
    /// Task.
    pub task: Task,
    /// Item id.
    pub id: String,
    /// The column of the scores (rougeLsum or f1).
    pub column: String,
    /// Golden score.
    pub golden_score: Option<f64>,
    /// Run score.
    pub run_score: Option<f64>,
    /// Golden output.
    pub golden_output: String,
    /// Run output.
    pub run_output: String,
}

impl BackendCheck {
    /// Whether every gate passed.
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

/// Checks `backend` of `run` against `golden`.
pub fn check(
    run: &RunDir,
    backend: &str,
    golden: &Golden,
    golden_name: &str,
    gates: &Gates,
) -> BackendCheck {
    let mut out = BackendCheck {
        backend: backend.to_string(),
        golden: golden_name.to_string(),
        columns: Vec::new(),
        regressions: Vec::new(),
        failures: Vec::new(),
        notes: Vec::new(),
        compared: Vec::new(),
        items: Vec::new(),
    };
    dataset_gate(run, golden, &mut out);
    let items: Vec<&ItemRecord> = run.backend_items(backend).collect();
    let run_tasks = items.iter().map(|r| r.task);
    let golden_tasks = golden.header.aggregates.iter().map(|a| a.task);
    for task in run_tasks
        .filter(|t| !golden_tasks.clone().any(|g| g == *t))
        .collect::<std::collections::BTreeSet<_>>()
    {
        out.failures.push(Failure {
            gate: "coverage",
            message: format!("the run has {task} items but the golden has none"),
        });
    }
    for aggregate in &golden.header.aggregates {
        let task = aggregate.task;
        let golden_items: Vec<&GoldenItem> =
            golden.items.iter().filter(|i| i.task == task).collect();
        let run_items: Vec<&ItemRecord> =
            items.iter().copied().filter(|r| r.task == task).collect();
        let by_id: HashMap<&str, &ItemRecord> =
            run_items.iter().map(|r| (r.id.as_str(), *r)).collect();
        let aligned: Vec<(&GoldenItem, &ItemRecord)> = golden_items
            .iter()
            .filter_map(|g| Some((*g, *by_id.get(g.id.as_str())?)))
            .collect();
        coverage(task, &golden_items, &run_items, &aligned, gates, &mut out);
        let directions: HashMap<&str, Direction> = aggregate
            .metrics
            .iter()
            .map(|m| (m.metric.as_str(), m.direction))
            .collect();
        for column in &aggregate.metrics {
            signature_gate(run, task, &column.metric, &column.signature, &mut out);
            let c = column_check(
                task,
                &column.metric,
                column.direction,
                &aligned,
                gates,
                &mut out,
            );
            floor_gate(task, &column.metric, &run_items, gates, &mut out);
            out.columns.push(c);
        }
        item_regressions(task, &aligned, &directions, &mut out);
        let columns: Vec<String> = aggregate.metrics.iter().map(|m| m.metric.clone()).collect();
        let column = crate::compare::rank_column(task, &columns);
        for (g, r) in &aligned {
            out.items.push(ItemPair {
                task,
                id: g.id.clone(),
                golden_score: g.scores.get(&column),
                run_score: r.scores.get(&column),
                column: column.clone(),
                golden_output: g.output.clone().unwrap_or_default(),
                run_output: r.output.clone().unwrap_or_default(),
            });
        }
    }
    if let Some(max) = gates.max_item_regressions {
        if out.regressions.len() > max {
            out.failures.push(Failure {
                gate: "max-item-regressions",
                message: format!(
                    "{} items scored worse than in the golden, more than --max-item-regressions {max}",
                    out.regressions.len()
                ),
            });
        }
    }
    error_rate_gate(&items, gates, &mut out);
    out
}

fn dataset_gate(run: &RunDir, golden: &Golden, out: &mut BackendCheck) {
    let (d, h) = (&run.manifest.dataset, &golden.header);
    if d.name != h.dataset {
        out.failures.push(Failure {
            gate: "dataset",
            message: format!(
                "the golden is of dataset {:?}, the run of {:?}",
                h.dataset, d.name
            ),
        });
    } else if d.hash != h.dataset_hash {
        out.failures.push(Failure {
            gate: "dataset",
            message: format!(
                "dataset {:?} changed since the golden was blessed ({} → {}); bless a new golden if intended",
                d.name, h.dataset_hash, d.hash
            ),
        });
    }
}

fn coverage(
    task: Task,
    golden: &[&GoldenItem],
    run: &[&ItemRecord],
    aligned: &[(&GoldenItem, &ItemRecord)],
    gates: &Gates,
    out: &mut BackendCheck,
) {
    out.compared.push((task, aligned.len()));
    if aligned.is_empty() {
        out.failures.push(Failure {
            gate: "coverage",
            message: format!(
                "{task}: no item was compared (the golden has {}, the run {}, none in common)",
                golden.len(),
                run.len()
            ),
        });
        return;
    }
    let in_run: std::collections::HashSet<&str> = run.iter().map(|r| r.id.as_str()).collect();
    let in_golden: std::collections::HashSet<&str> = golden.iter().map(|g| g.id.as_str()).collect();
    let missing: Vec<&str> = golden
        .iter()
        .map(|g| g.id.as_str())
        .filter(|id| !in_run.contains(id))
        .collect();
    let new: Vec<&str> = run
        .iter()
        .map(|r| r.id.as_str())
        .filter(|id| !in_golden.contains(id))
        .collect();
    for (ids, what) in [
        (&missing, "golden items were not run"),
        (&new, "run items are not in the golden"),
    ] {
        if ids.is_empty() {
            continue;
        }
        let message = format!("{task}: {} {what}: {}", ids.len(), abbreviate(ids));
        if gates.allow_partial {
            out.notes
                .push(format!("{message} (allowed by --allow-partial)"));
        } else {
            out.failures.push(Failure {
                gate: "coverage",
                message: format!(
                    "{message}; only the {} items both hold were compared (pass --allow-partial to accept that)",
                    aligned.len()
                ),
            });
        }
    }
}

fn signature_gate(run: &RunDir, task: Task, metric: &str, golden: &str, out: &mut BackendCheck) {
    let key = format!("{}/{metric}", task.as_str());
    let now = run.manifest.signatures.get(&key).map(ToString::to_string);
    if now.as_deref() != Some(golden) {
        out.failures.push(Failure {
            gate: "signature",
            message: format!(
                "{key} is computed differently now, so the numbers are not comparable: golden {golden}, run {}; bless a new golden if the change is intended",
                now.as_deref().unwrap_or("(column absent)")
            ),
        });
    }
}

fn column_check(
    task: Task,
    metric: &str,
    direction: Direction,
    aligned: &[(&GoldenItem, &ItemRecord)],
    gates: &Gates,
    out: &mut BackendCheck,
) -> ColumnCheck {
    let (g, r): (Vec<f64>, Vec<f64>) = aligned
        .iter()
        .filter_map(|(g, r)| Some((g.scores.get(metric)?, r.scores.get(metric)?)))
        .unzip();
    let d: Vec<f64> = g.iter().zip(&r).map(|(a, b)| b - a).collect();
    let p = permutation_test(&d, gates.resamples, &mut Mt19937::new(gates.seed)).p;
    let tolerance = gates.tolerance(task, metric, direction);
    let (gm, rm) = (mean(&g), mean(&r));
    let mut ok = true;
    if let (Some(gm), Some(rm), Some(tolerance)) = (gm, rm, tolerance) {
        let (worse, verb) = match direction {
            Direction::Higher => (gm - rm, "fell"),
            Direction::Lower => (rm - gm, "rose (lower is better)"),
            Direction::Descriptive => ((rm - gm).abs(), "moved"),
        };
        if worse > tolerance + NOISE {
            let what = format!(
                "{task}/{metric} {verb} by {worse:.4} ({gm:.4} → {rm:.4} over {} items), more than the allowed {tolerance}",
                d.len()
            );
            if gates.significant_only && p >= gates.alpha {
                out.notes.push(format!(
                    "{what}, but not significantly (p = {p:.4} ≥ {}): allowed by --significant-only",
                    gates.alpha
                ));
            } else {
                ok = false;
                out.failures.push(Failure {
                    gate: "max-drop",
                    message: format!("{what} (paired permutation p = {p:.4})"),
                });
            }
        }
    }
    ColumnCheck {
        task,
        metric: metric.to_string(),
        n: d.len(),
        golden: gm,
        run: rm,
        direction,
        tolerance,
        p,
        ok,
    }
}

fn floor_gate(
    task: Task,
    metric: &str,
    run: &[&ItemRecord],
    gates: &Gates,
    out: &mut BackendCheck,
) {
    let Some(floor) = gates
        .fail_under
        .iter()
        .filter(|t| t.matches(task, metric))
        .max_by_key(|t| t.rank())
    else {
        return;
    };
    let values: Vec<f64> = run.iter().filter_map(|r| r.scores.get(metric)).collect();
    match mean(&values) {
        Some(m) if m >= floor.value => {}
        m => out.failures.push(Failure {
            gate: "fail-under",
            message: format!(
                "{task}/{metric} is {} over {} items, under the floor {}",
                m.map_or("undefined".into(), |m| format!("{m:.4}")),
                values.len(),
                floor.value
            ),
        }),
    }
}

fn item_regressions(
    task: Task,
    aligned: &[(&GoldenItem, &ItemRecord)],
    directions: &HashMap<&str, Direction>,
    out: &mut BackendCheck,
) {
    for (g, r) in aligned {
        let what = if let (None, Some(e)) = (&g.error, &r.error) {
            format!("errored: {e}")
        } else {
            let worse: Vec<String> = g
                .scores
                .0
                .iter()
                .filter_map(|(k, gv)| {
                    let rv = r.scores.get(k)?;
                    let worse = directions.get(k.as_str())?.worsening(*gv, rv)?;
                    (worse > NOISE).then(|| format!("{k} {gv:.4} → {rv:.4}"))
                })
                .collect();
            worse.join(", ")
        };
        if !what.is_empty() {
            out.regressions.push(ItemRegression {
                task,
                id: g.id.clone(),
                what,
            });
        }
    }
}

fn error_rate_gate(items: &[&ItemRecord], gates: &Gates, out: &mut BackendCheck) {
    let Some(max) = gates.max_error_rate else {
        return;
    };
    let errors = items.iter().filter(|r| r.error.is_some()).count();
    let rate = if items.is_empty() {
        0.0
    } else {
        errors as f64 / items.len() as f64
    };
    if rate > max {
        out.failures.push(Failure {
            gate: "max-error-rate",
            message: format!(
                "{errors} of {} items errored ({:.1}%), more than --max-error-rate {max}",
                items.len(),
                rate * 100.0
            ),
        });
    }
}

fn abbreviate(ids: &[&str]) -> String {
    let shown = ids.iter().take(10).copied().collect::<Vec<_>>().join(", ");
    if ids.len() > 10 {
        format!("{shown}, …")
    } else {
        shown
    }
}

#[cfg(test)]
mod tests {
    use super::{Gates, DEFAULT_MAX_DROP};
    use crate::config::Threshold;
    use crate::dataset::Task;
    use crate::metrics::Direction;

    fn gates(max_drop: &[&str]) -> Gates {
        Gates {
            max_drop: max_drop.iter().map(|s| s.parse().unwrap()).collect(),
            fail_under: Vec::new(),
            max_item_regressions: None,
            max_error_rate: None,
            significant_only: false,
            alpha: 0.05,
            seed: 0,
            resamples: 10,
            allow_partial: false,
        }
    }

    #[test]
    fn the_most_specific_tolerance_wins() {
        let g = gates(&[
            "*=0.1",
            "rougeLsum=0.02",
            "summarize.rougeLsum=0.01",
            "qa.*=0.3",
        ]);
        let tol = |g: &Gates, task, metric, d| g.tolerance(task, metric, d).unwrap();
        let h = Direction::Higher;
        assert!((tol(&g, Task::Summarize, "rougeLsum", h) - 0.01).abs() < 1e-15);
        assert!((tol(&g, Task::Summarize, "rouge1", h) - 0.1).abs() < 1e-15);
        assert!((tol(&g, Task::Answer, "f1", h) - 0.3).abs() < 1e-15);
        let none = gates(&[]);
        assert!((tol(&none, Task::Answer, "f1", h) - DEFAULT_MAX_DROP).abs() < 1e-15);
        assert!(
            (tol(
                &none,
                Task::Summarize,
                "unsupported_numbers",
                Direction::Lower
            ) - DEFAULT_MAX_DROP)
                .abs()
                < 1e-15
        );
    }

    #[test]
    fn descriptive_columns_are_gated_only_when_named() {
        let d = Direction::Descriptive;
        let g = gates(&["*=0.1", "summarize.*=0.2"]);
        assert_eq!(g.tolerance(Task::Summarize, "density", d), None);
        assert_eq!(gates(&[]).tolerance(Task::Summarize, "density", d), None);
        let named = gates(&["*=0.1", "density=5"]);
        assert_eq!(named.tolerance(Task::Summarize, "density", d), Some(5.0));
    }

    #[test]
    fn thresholds_reject_nonsense() {
        assert!("rouge1".parse::<Threshold>().is_err());
        assert!("rouge1=abc".parse::<Threshold>().is_err());
        assert!("rouge1=-1".parse::<Threshold>().is_err());
        assert!("essay.rouge1=0.1".parse::<Threshold>().is_err());
        let t: Threshold = "qa.f1=0.6".parse().unwrap();
        assert_eq!(
            (t.task, t.metric.as_deref()),
            (Some(Task::Answer), Some("f1"))
        );
    }
}
