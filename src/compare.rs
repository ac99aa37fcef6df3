//! Paired comparison of systems on the same gold items: `goldeval compare`.
//!
//! A *system* is one backend of one run directory. Systems are compared pairwise (every pair
//! in the order given; with two systems, one comparison, `B − A`). Items are aligned by
//! (task, id); items present in only one system, or errored in either, are counted and
//! listed but not scored. For each task and metric column of each pair:
//!
//! - each system's mean with a percentile bootstrap interval ([`paired::mean_ci`]);
//! - the mean paired difference with a paired bootstrap interval;
//! - a two-sided paired sign-flip permutation p-value ([`hypothesis::permutation_test`]);
//! - Holm-adjusted p-values across all pairs for the same task and column ([`hypothesis::holm`]);
//! - for columns whose values are all 0 or 1 (exact_match, answer_match), McNemar's exact
//!   test on the discordant items;
//! - how many items improved, regressed or did not change, by the column's
//!   [`Direction`]: for `unsupported_numbers` (lower is better) a rise is a regression; for a
//!   descriptive column (`density`, `summary_tokens`, …) "improved" counts rises and
//!   "regressed" falls, and renderers say the column is descriptive.
//!
//! Every statistic starts a fresh [`Mt19937`] from the seed, so a number does not depend on
//! which other systems or columns were compared alongside it.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;

use crate::dataset::Task;
use crate::error::{Error, Result};
use crate::metrics::Direction;
use crate::record::{DatasetRef, ItemRecord, RunDir};
use crate::stats::hypothesis::{self, Permutation};
use crate::stats::paired::{self, Estimate};
use crate::stats::{Bootstrap, Mt19937};
use crate::warning::Warning;

/// The seed used when none is given (sacrebleu's default, recorded in every output).
pub const DEFAULT_SEED: u32 = 12345;

/// One backend of one run directory.
#[derive(Debug, Clone)]
pub struct System {
    /// How reports name it: the backend, or `RUN_DIR:backend` when several runs are involved.
    pub label: String,
    /// The run directory.
    pub run: PathBuf,
    /// The backend name.
    pub backend: String,
    /// The dataset (from run.json).
    pub dataset: DatasetRef,
    /// `task/column` → signature text (from run.json).
    pub signatures: BTreeMap<String, String>,
    /// The backend's item records.
    pub items: Vec<ItemRecord>,
    /// Metric columns per task in column order, with their directions (from summary.json).
    pub columns: BTreeMap<Task, Vec<(String, Direction)>>,
}

/// Resolves command-line specs (`RUN_DIR` or `RUN_DIR:BACKEND`) into systems. A run
/// directory given without a backend contributes every backend it ran.
///
/// # Errors
/// Unreadable run directories, unknown backends, or fewer than two systems in all.
pub fn systems(specs: &[String]) -> Result<Vec<System>> {
    let mut runs: Vec<(RunDir, Option<String>)> = Vec::new();
    for spec in specs {
        let path = PathBuf::from(spec);
        let (dir, backend) = match spec.rsplit_once(':') {
            Some((d, b)) if !path.is_dir() => (PathBuf::from(d), Some(b.to_string())),
            _ => (path, None),
        };
        runs.push((RunDir::open(&dir)?, backend));
    }
    let several_runs = runs.iter().any(|(r, _)| r.path != runs[0].0.path);
    let mut out = Vec::new();
    for (run, backend) in &runs {
        let names = match backend {
            Some(b) if run.manifest.backends.contains(b) => vec![b.clone()],
            Some(b) => {
                return Err(Error::usage_hint(
                    format!("run {} has no backend {b:?}", run.path.display()),
                    format!("it ran: {}", run.manifest.backends.join(", ")),
                ))
            }
            None => run.manifest.backends.clone(),
        };
        for name in names {
            out.push(system(run, &name, several_runs));
        }
    }
    if out.len() < 2 {
        return Err(Error::usage_hint(
            "compare needs at least two systems",
            "give two run directories, RUN_DIR:BACKEND specs, or one run with several backends",
        ));
    }
    Ok(out)
}

fn system(run: &RunDir, backend: &str, several_runs: bool) -> System {
    let label = if several_runs {
        format!("{}:{backend}", run.path.display())
    } else {
        backend.to_string()
    };
    System {
        label,
        run: run.path.clone(),
        backend: backend.to_string(),
        dataset: run.manifest.dataset.clone(),
        signatures: run
            .manifest
            .signatures
            .iter()
            .map(|(k, v)| (k.clone(), v.to_string()))
            .collect(),
        items: run.backend_items(backend).cloned().collect(),
        columns: Task::ALL
            .iter()
            .map(|&t| {
                let columns = run.columns(backend, t);
                (
                    t,
                    columns
                        .iter()
                        .map(|m| (m.metric.clone(), m.direction))
                        .collect(),
                )
            })
            .collect(),
    }
}

/// How the statistics are computed.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Settings {
    /// Seed of every statistic's [`Mt19937`].
    pub seed: u32,
    /// Bootstrap resamples, and random sign vectors of a Monte Carlo permutation test.
    pub resamples: usize,
    /// Confidence level of the intervals.
    pub level: f64,
    /// How many most improved and most regressed items to list per pair and task.
    pub top: usize,
}

impl Default for Settings {
    /// `goldeval compare`'s defaults: seed 12345, 1,000 resamples, 95% intervals, top 3.
    fn default() -> Self {
        Settings {
            seed: DEFAULT_SEED,
            resamples: 1000,
            level: 0.95,
            top: 3,
        }
    }
}

impl Settings {
    /// The signature of the statistics: `compare|bs:…|rs:…|level:…|perm:sign-flip|goldeval:…`.
    pub fn signature(&self) -> String {
        format!(
            "compare|bs:{}|rs:{}|level:{}|perm:sign-flip|exact:{}|mcnemar:exact|holm|goldeval:{}",
            self.resamples,
            self.seed,
            self.level,
            hypothesis::EXACT_MAX,
            env!("CARGO_PKG_VERSION")
        )
    }
}

/// The whole comparison: every pair of systems.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    /// The settings.
    pub settings: Settings,
    /// Their signature.
    pub signature: String,
    /// System labels, in the order given.
    pub systems: Vec<String>,
    /// Problems that make numbers hard to compare (different datasets or signatures).
    pub warnings: Vec<Warning>,
    /// One entry per pair of systems.
    pub pairs: Vec<Pair>,
}

/// The comparison of system B against system A.
#[derive(Debug, Clone, Serialize)]
pub struct Pair {
    /// Label of A (the baseline of the difference).
    pub a: String,
    /// Label of B.
    pub b: String,
    /// One entry per task both systems have items for.
    pub tasks: Vec<TaskComparison>,
}

/// One task of one pair.
#[derive(Debug, Clone, Serialize)]
pub struct TaskComparison {
    /// The task.
    pub task: Task,
    /// Items scored in both systems.
    pub aligned: usize,
    /// Ids present only in A.
    pub only_a: Vec<String>,
    /// Ids present only in B.
    pub only_b: Vec<String>,
    /// Ids present in both but errored in at least one.
    pub errored: Vec<String>,
    /// One entry per metric column both systems scored.
    pub metrics: Vec<MetricComparison>,
    /// The column items are ranked by.
    pub rank_by: String,
    /// Items where B gained most, largest gain first.
    pub most_improved: Vec<ItemDelta>,
    /// Items where B lost most, largest loss first.
    pub most_regressed: Vec<ItemDelta>,
    /// Every aligned item by `rank_by`, in dataset order (for file reports).
    pub items: Vec<ItemDelta>,
}

/// One metric column of one task of one pair.
#[derive(Debug, Clone, Serialize)]
pub struct MetricComparison {
    /// Column id.
    pub metric: String,
    /// Which way the column improves.
    pub direction: Direction,
    /// Aligned items with a value in both systems.
    pub n: usize,
    /// A's mean with its interval.
    pub a: Option<Estimate>,
    /// B's mean with its interval.
    pub b: Option<Estimate>,
    /// Mean of `B − A` with the paired interval.
    pub difference: Option<Estimate>,
    /// The paired permutation test.
    pub permutation: Permutation,
    /// The permutation p-value after Holm's adjustment over all pairs.
    pub p_holm: f64,
    /// McNemar's test, for 0/1 columns.
    pub mcnemar: Option<McNemar>,
    /// Items where B scored better (higher, or lower for a lower-is-better column; higher
    /// for a descriptive one).
    pub improved: usize,
    /// Items where B scored worse (the opposite).
    pub regressed: usize,
    /// Items with equal scores.
    pub unchanged: usize,
    /// Whether both systems' signatures of this column agree.
    pub same_signature: bool,
}

/// McNemar's exact test on a binary column.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct McNemar {
    /// Items right in A only.
    pub only_a: u64,
    /// Items right in B only.
    pub only_b: u64,
    /// Two-sided exact p-value.
    pub p: f64,
}

/// One item's change between A and B.
#[derive(Debug, Clone, Serialize)]
pub struct ItemDelta {
    /// Item id.
    pub id: String,
    /// A's score.
    pub a_score: f64,
    /// B's score.
    pub b_score: f64,
    /// A's output.
    pub a_output: String,
    /// B's output.
    pub b_output: String,
}

/// Compares every pair of `systems`: per task and column, each side's mean with a bootstrap
/// interval, the paired difference, a paired permutation p-value, McNemar for 0/1 columns.
///
/// ```no_run
/// use goldeval::unstable::compare::systems;
///
/// let systems = systems(&["runs/before:lead".into(), "runs/after:lead".into()])?;
/// let comparison = goldeval::compare(&systems, goldeval::Settings::default())?;
/// for pair in &comparison.pairs {
///     for task in &pair.tasks {
///         println!("{} vs {} · {}: {} aligned items", pair.a, pair.b, task.task, task.aligned);
///     }
/// }
/// # Ok::<(), goldeval::Error>(())
/// ```
pub fn compare(systems: &[System], settings: Settings) -> Result<Comparison> {
    let bootstrap = Bootstrap::new(settings.resamples, settings.level)
        .map_err(|e| Error::usage(format!("--resamples/--level: {e}")))?;
    let mut warnings = Vec::new();
    let first = &systems[0].dataset;
    if let Some(other) = systems.iter().find(|s| s.dataset.name != first.name) {
        return Err(Error::usage_hint(
            format!(
                "{} ran dataset {:?} and {} ran {:?}: systems are compared item by item on one dataset",
                systems[0].label, first.name, other.label, other.dataset.name
            ),
            "compare runs of the same dataset",
        ));
    }
    if systems.iter().any(|s| s.dataset.hash != first.hash) {
        warnings.push(Warning::DatasetContentDiffers {
            dataset: first.name.clone(),
        });
    }
    let mut pairs = Vec::new();
    for (i, a) in systems.iter().enumerate() {
        for b in &systems[i + 1..] {
            let tasks = Task::ALL
                .iter()
                .filter_map(|&t| compare_task(a, b, t, &bootstrap, settings))
                .collect();
            let pair = Pair {
                a: a.label.clone(),
                b: b.label.clone(),
                tasks,
            };
            // Systems with no task in common (a summarizer and a QA system) are not a pair.
            if !pair.tasks.is_empty() {
                pairs.push(pair);
            }
        }
    }
    if pairs.is_empty() {
        return Err(Error::usage_hint(
            "no two systems have items of the same task to compare",
            "pick systems that ran the same task, e.g. RUN_DIR:lead RUN_DIR:textrank",
        ));
    }
    if pairs.iter().flat_map(|p| &p.tasks).all(|t| t.aligned == 0) {
        return Err(Error::usage_hint(
            "no item is scored by two systems: there is nothing to compare",
            "compare systems that ran the same items (items that errored in either are left out)",
        ));
    }
    apply_holm(&mut pairs);
    for pair in &pairs {
        for t in &pair.tasks {
            for m in t.metrics.iter().filter(|m| !m.same_signature) {
                warnings.push(Warning::SignatureDiffers {
                    a: pair.a.clone(),
                    b: pair.b.clone(),
                    column: format!("{}/{}", t.task, m.metric),
                });
            }
        }
    }
    Ok(Comparison {
        settings,
        signature: settings.signature(),
        systems: systems.iter().map(|s| s.label.clone()).collect(),
        warnings,
        pairs,
    })
}

fn by_id(system: &System, task: Task) -> BTreeMap<&str, &ItemRecord> {
    system
        .items
        .iter()
        .filter(|r| r.task == task)
        .map(|r| (r.id.as_str(), r))
        .collect()
}

fn compare_task(
    a: &System,
    b: &System,
    task: Task,
    bootstrap: &Bootstrap,
    settings: Settings,
) -> Option<TaskComparison> {
    let (ia, ib) = (by_id(a, task), by_id(b, task));
    if ia.is_empty() || ib.is_empty() {
        return None;
    }
    // Align in A's file order (dataset order), not by id.
    let order: Vec<&ItemRecord> = a.items.iter().filter(|r| r.task == task).collect();
    let only_b = ib
        .keys()
        .filter(|k| !ia.contains_key(*k))
        .map(|k| k.to_string())
        .collect();
    let mut only_a = Vec::new();
    let mut errored = Vec::new();
    let mut aligned = Vec::new();
    for ra in order {
        match ib.get(ra.id.as_str()) {
            None => only_a.push(ra.id.clone()),
            Some(rb) if ra.error.is_some() || rb.error.is_some() => errored.push(ra.id.clone()),
            Some(rb) => aligned.push((ra, *rb)),
        }
    }
    let columns = a.columns.get(&task).cloned().unwrap_or_default();
    let metrics = columns
        .iter()
        .map(|(c, direction)| metric(a, b, (task, c, *direction), &aligned, bootstrap, settings))
        .collect();
    let names: Vec<String> = columns.iter().map(|(c, _)| c.clone()).collect();
    let rank_by = rank_column(task, &names);
    let items = deltas(&aligned, &rank_by);
    let better = match columns.iter().find(|(c, _)| *c == rank_by) {
        Some((_, Direction::Lower)) => -1.0,
        _ => 1.0,
    };
    let (most_improved, most_regressed) = extremes(items.clone(), better, settings.top);
    Some(TaskComparison {
        task,
        aligned: aligned.len(),
        only_a,
        only_b,
        errored,
        metrics,
        rank_by,
        most_improved,
        most_regressed,
        items,
    })
}

fn metric(
    a: &System,
    b: &System,
    (task, column, direction): (Task, &str, Direction),
    aligned: &[(&ItemRecord, &ItemRecord)],
    bootstrap: &Bootstrap,
    settings: Settings,
) -> MetricComparison {
    let (va, vb): (Vec<f64>, Vec<f64>) = aligned
        .iter()
        .filter_map(|(ra, rb)| Some((ra.scores.get(column)?, rb.scores.get(column)?)))
        .unzip();
    let rng = || Mt19937::new(settings.seed);
    let d = paired::differences(&va, &vb);
    let better = if direction == Direction::Lower {
        -1.0
    } else {
        1.0
    };
    let improved = d.iter().filter(|x| **x * better > 0.0).count();
    let regressed = d.iter().filter(|x| **x * better < 0.0).count();
    let permutation = hypothesis::permutation_test(&d, settings.resamples, &mut rng());
    let binary = va
        .iter()
        .chain(&vb)
        .all(|v| v.to_bits() == 0 || v.to_bits() == 1f64.to_bits());
    let mcnemar = (binary && !va.is_empty() && direction != Direction::Descriptive).then(|| {
        let only_a = va.iter().zip(&vb).filter(|(x, y)| **x > **y).count() as u64;
        let only_b = va.iter().zip(&vb).filter(|(x, y)| **x < **y).count() as u64;
        McNemar {
            only_a,
            only_b,
            p: hypothesis::mcnemar(only_a, only_b),
        }
    });
    let key = format!("{}/{column}", task.as_str());
    MetricComparison {
        metric: column.to_string(),
        direction,
        n: d.len(),
        a: paired::mean_ci(&va, bootstrap, &mut rng()),
        b: paired::mean_ci(&vb, bootstrap, &mut rng()),
        difference: paired::paired_difference_ci(&va, &vb, bootstrap, &mut rng()),
        p_holm: permutation.p,
        permutation,
        mcnemar,
        improved,
        regressed,
        unchanged: d.len() - improved - regressed,
        same_signature: a.signatures.get(&key) == b.signatures.get(&key),
    }
}

/// rougeLsum for summaries and f1 for answers when present, else the first column.
pub(crate) fn rank_column(task: Task, columns: &[String]) -> String {
    let preferred = match task {
        Task::Summarize => "rougeLsum",
        Task::Answer => "f1",
    };
    columns
        .iter()
        .find(|c| *c == preferred)
        .or(columns.first())
        .cloned()
        .unwrap_or_default()
}

fn deltas(aligned: &[(&ItemRecord, &ItemRecord)], column: &str) -> Vec<ItemDelta> {
    aligned
        .iter()
        .filter_map(|(ra, rb)| {
            Some(ItemDelta {
                id: ra.id.clone(),
                a_score: ra.scores.get(column)?,
                b_score: rb.scores.get(column)?,
                a_output: ra.output.clone().unwrap_or_default(),
                b_output: rb.output.clone().unwrap_or_default(),
            })
        })
        .collect()
}

/// Most improved and most regressed items; `better` is `1.0` when higher is better, `-1.0`
/// when lower is.
fn extremes(
    mut deltas: Vec<ItemDelta>,
    better: f64,
    top: usize,
) -> (Vec<ItemDelta>, Vec<ItemDelta>) {
    let gain = |d: &ItemDelta| (d.b_score - d.a_score) * better;
    // Stable sort: ties keep dataset order.
    deltas.sort_by(|x, y| gain(y).total_cmp(&gain(x)));
    let improved = deltas
        .iter()
        .filter(|d| gain(d) > 0.0)
        .take(top)
        .cloned()
        .collect();
    let regressed = deltas
        .iter()
        .rev()
        .filter(|d| gain(d) < 0.0)
        .take(top)
        .cloned()
        .collect();
    (improved, regressed)
}

/// Holm across pairs: one family per (task, column), of the pairs' permutation p-values.
fn apply_holm(pairs: &mut [Pair]) {
    // (pair, task, metric) positions of each family's members.
    type Members = Vec<(usize, usize, usize)>;
    let mut families: BTreeMap<(Task, String), Members> = BTreeMap::new();
    for (p, pair) in pairs.iter().enumerate() {
        for (t, task) in pair.tasks.iter().enumerate() {
            for (m, metric) in task.metrics.iter().enumerate() {
                families
                    .entry((task.task, metric.metric.clone()))
                    .or_default()
                    .push((p, t, m));
            }
        }
    }
    for members in families.values() {
        let ps: Vec<f64> = members
            .iter()
            .map(|&(p, t, m)| pairs[p].tasks[t].metrics[m].permutation.p)
            .collect();
        for (&(p, t, m), adjusted) in members.iter().zip(hypothesis::holm(&ps)) {
            pairs[p].tasks[t].metrics[m].p_holm = adjusted;
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::record::ScoreMap;

    const EM: &str = "exact_match";
    /// A lower-is-better count.
    const WRONG: &str = "wrong_figures";
    /// A descriptive 0/1 column.
    const LONG: &str = "long";

    /// An answer item with its three scores, or an errored one when `scores` is `None`.
    fn item(id: &str, scores: Option<[f64; 3]>) -> ItemRecord {
        let mut r = ItemRecord::new(id, Task::Answer, "b");
        r.output = Some(format!("output of {id}"));
        match scores {
            Some([em, wrong, long]) => {
                r.scores = ScoreMap(vec![
                    (EM.into(), em),
                    (WRONG.into(), wrong),
                    (LONG.into(), long),
                ]);
            }
            None => {
                let wire = r#"{"kind": "timeout", "message": "slow"}"#;
                r.error = Some(serde_json::from_str(wire).unwrap());
            }
        }
        r
    }

    fn system(label: &str, hash: &str, items: Vec<ItemRecord>) -> System {
        let columns = vec![
            (EM.to_string(), Direction::Higher),
            (WRONG.to_string(), Direction::Lower),
            (LONG.to_string(), Direction::Descriptive),
        ];
        System {
            label: label.into(),
            run: PathBuf::from(label),
            backend: label.into(),
            dataset: DatasetRef {
                name: "tiny".into(),
                version: "1".into(),
                path: "tiny".into(),
                hash: hash.into(),
            },
            signatures: columns
                .iter()
                .map(|(c, _)| (format!("answer/{c}"), format!("{c}|v:1")))
                .collect(),
            items,
            columns: BTreeMap::from([(Task::Answer, columns)]),
        }
    }

    pub(crate) fn settings() -> Settings {
        Settings {
            seed: DEFAULT_SEED,
            resamples: 200,
            level: 0.95,
            top: 1,
        }
    }

    /// A: q3, q1, q2 scored, q4 errored, q5 only here. B: q1..q4 scored, q6 only here.
    /// Columns: `exact_match` (A = 0, 0, 1 on q3, q1, q2; B = 1, 1, 1), a lower-is-better
    /// count and a descriptive 0/1 column.
    pub(crate) fn pair() -> (System, System) {
        let a = system(
            "a",
            "sha256:1",
            vec![
                item("q3", Some([0.0, 1.0, 1.0])),
                item("q1", Some([0.0, 2.0, 1.0])),
                item("q2", Some([1.0, 0.0, 1.0])),
                item("q4", None),
                item("q5", Some([1.0, 0.0, 1.0])),
            ],
        );
        let b = system(
            "b",
            "sha256:1",
            vec![
                item("q1", Some([1.0, 1.0, 0.0])),
                item("q2", Some([1.0, 0.0, 1.0])),
                item("q3", Some([1.0, 3.0, 1.0])),
                item("q4", Some([1.0, 0.0, 1.0])),
                item("q6", Some([1.0, 0.0, 1.0])),
            ],
        );
        (a, b)
    }

    fn column<'a>(t: &'a TaskComparison, id: &str) -> &'a MetricComparison {
        t.metrics.iter().find(|m| m.metric == id).unwrap()
    }

    #[test]
    fn items_align_by_id_in_the_first_systems_order() {
        let (a, b) = pair();
        let c = compare(&[a, b], settings()).unwrap();
        assert!(c.warnings.is_empty(), "{:?}", c.warnings);
        let t = &c.pairs[0].tasks[0];
        assert_eq!((c.pairs[0].a.as_str(), c.pairs[0].b.as_str()), ("a", "b"));
        assert_eq!(t.aligned, 3);
        assert_eq!(
            (t.only_a.clone(), t.only_b.clone()),
            (vec!["q5".to_string()], vec!["q6".to_string()])
        );
        assert_eq!(t.errored, ["q4"]);
        let order: Vec<&str> = t.items.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(order, ["q3", "q1", "q2"]);
        assert_eq!(t.rank_by, EM);
        assert_eq!(t.items[1].a_output, "output of q1");
        // q3 and q1 both gain 1; the tie keeps A's order, and top = 1.
        let improved: Vec<&str> = t.most_improved.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(improved, ["q3"]);
        assert!(t.most_regressed.is_empty());
    }

    #[test]
    fn a_binary_column_gets_means_a_permutation_test_and_mcnemar() {
        let (a, b) = pair();
        let c = compare(&[a, b], settings()).unwrap();
        let em = column(&c.pairs[0].tasks[0], EM);
        // A = (0, 0, 1), B = (1, 1, 1): d = (1, 1, 0).
        assert_eq!(em.n, 3);
        assert_eq!((em.improved, em.regressed, em.unchanged), (2, 0, 1));
        let (ma, mb, md) = (em.a.unwrap(), em.b.unwrap(), em.difference.unwrap());
        assert!((ma.value - 1.0 / 3.0).abs() < 1e-12);
        assert!((mb.value - 1.0).abs() < 1e-12);
        assert!((md.value - 2.0 / 3.0).abs() < 1e-12);
        for e in [ma, mb, md] {
            assert!(e.low <= e.value && e.value <= e.high, "{e:?}");
        }
        // Two non-zero differences: 4 sign vectors, |T*| = 2, 0, 0, 2, so p = 2/4.
        assert_eq!(
            (
                em.permutation.p,
                em.permutation.exact,
                em.permutation.permutations
            ),
            (0.5, true, 4)
        );
        assert!(
            (em.p_holm - 0.5).abs() < 1e-12,
            "one pair: Holm changes nothing"
        );
        // Right in B only on 2 items, in A only on none: 2 × 0.5² = 0.5.
        let mcnemar = em.mcnemar.unwrap();
        assert_eq!((mcnemar.only_a, mcnemar.only_b), (0, 2));
        assert!((mcnemar.p - 0.5).abs() < 1e-12);
        assert!(em.same_signature);
    }

    #[test]
    fn improvement_follows_each_columns_direction() {
        let (a, b) = pair();
        let c = compare(&[a, b], settings()).unwrap();
        let t = &c.pairs[0].tasks[0];
        // wrong_figures: A = (1, 2, 0), B = (3, 1, 0): q1 falls (better), q3 rises (worse).
        let wrong = column(t, WRONG);
        assert_eq!(
            (wrong.improved, wrong.regressed, wrong.unchanged),
            (1, 1, 1)
        );
        assert!(wrong.mcnemar.is_none(), "not a 0/1 column");
        // long: A = (1, 1, 1), B = (1, 0, 1): a fall counts as "regressed", but a
        // descriptive column gets no McNemar test although it is 0/1.
        let long = column(t, LONG);
        assert_eq!((long.improved, long.regressed), (0, 1));
        assert!(long.mcnemar.is_none());
    }

    #[test]
    fn holm_adjusts_each_column_over_every_pair() {
        let (a, b) = pair();
        let mut c2 = b.clone();
        c2.label = "c".into();
        let c = compare(&[a, b, c2], settings()).unwrap();
        let pairs: Vec<(&str, &str)> = c
            .pairs
            .iter()
            .map(|p| (p.a.as_str(), p.b.as_str()))
            .collect();
        assert_eq!(pairs, [("a", "b"), ("a", "c"), ("b", "c")]);
        let em: Vec<(f64, f64)> = c
            .pairs
            .iter()
            .map(|p| {
                let m = column(&p.tasks[0], EM);
                (m.permutation.p, m.p_holm)
            })
            .collect();
        // b and c are identical, so their pair has p = 1. Holm over (0.5, 0.5, 1):
        // 3 × 0.5 and 2 × 0.5 both cap at 1.
        assert_eq!(em, [(0.5, 1.0), (0.5, 1.0), (1.0, 1.0)]);
    }

    #[test]
    fn different_contents_and_signatures_are_warned_about() {
        let (a, mut b) = pair();
        b.dataset.hash = "sha256:2".into();
        b.signatures
            .insert(format!("answer/{WRONG}"), "wrong_figures|v:2".into());
        let c = compare(&[a, b], settings()).unwrap();
        assert_eq!(
            c.warnings,
            [
                Warning::DatasetContentDiffers {
                    dataset: "tiny".into()
                },
                Warning::SignatureDiffers {
                    a: "a".into(),
                    b: "b".into(),
                    column: format!("answer/{WRONG}"),
                },
            ]
        );
        assert!(!column(&c.pairs[0].tasks[0], WRONG).same_signature);
    }

    #[test]
    fn another_dataset_or_nothing_in_common_is_an_error() {
        let (a, mut b) = pair();
        b.dataset.name = "other".into();
        let err = compare(&[a.clone(), b], settings())
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("\"tiny\"") && err.contains("\"other\""),
            "{err}"
        );
        let lonely = system("b", "sha256:1", vec![item("q9", Some([1.0, 0.0, 1.0]))]);
        let err = compare(&[a, lonely], settings()).unwrap_err().to_string();
        assert!(err.contains("no item is scored by two systems"), "{err}");
    }
}
