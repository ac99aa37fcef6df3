//! `goldeval merge`: join the shard runs of one plan into one run directory.
//!
//! The shards must come from the same plan (dataset content hash, backends, tasks, limit),
//! be complete (each has `run.json`), and together be exactly shards 1..N of N. Their records
//! are put in plan order (task, item in dataset order, backend in plan order) and the summary
//! is computed from them, so the merged directory equals the unsharded run's (but for
//! timings and latencies).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use super::{finish, read_plan, Job, Journal, Outcome, Tally, Utc};
use crate::dataset::Dataset;
use crate::dataset::Task;
use crate::error::{Error, Result};
use crate::metrics::MetricSet;
use crate::record::{ItemRecord, RunPlan};

/// The plan the shards in `dirs` share (shard unset, `run_id` given).
///
/// # Errors
/// [`Error::Usage`] when the directories are not the complete shards of one plan.
pub fn merged_plan(dirs: &[PathBuf], run_id: &str) -> Result<RunPlan> {
    let plans: Vec<RunPlan> = dirs.iter().map(|d| read_plan(d)).collect::<Result<_>>()?;
    let Some(first) = plans.first() else {
        return Err(Error::usage("merge needs at least one run directory"));
    };
    let same = |p: &RunPlan| {
        p.dataset.hash == first.dataset.hash
            && p.backends == first.backends
            && p.tasks == first.tasks
            && p.limit == first.limit
            && p.repeat == first.repeat
    };
    for (dir, plan) in dirs.iter().zip(&plans) {
        if !same(plan) {
            return Err(Error::usage(format!(
                "{} is not a shard of the same run as {} (dataset, backends, tasks or limit differ)",
                dir.display(),
                dirs[0].display()
            )));
        }
        if !dir.join(crate::record::files::RUN).exists() {
            return Err(Error::usage_hint(
                format!("{} is not complete (no run.json)", dir.display()),
                format!("finish it first: goldeval run --resume {}", dir.display()),
            ));
        }
    }
    check_coverage(&plans)?;
    Ok(RunPlan {
        run_id: run_id.to_string(),
        shard: None,
        ..first.clone()
    })
}

/// Every plan is a shard of the same count, and their indices are exactly 1..=count.
fn check_coverage(plans: &[RunPlan]) -> Result<()> {
    let count = plans.first().and_then(|p| p.shard).map_or(1, |s| s.count);
    let mut have: Vec<usize> = plans
        .iter()
        .filter_map(|p| p.shard.filter(|s| s.count == count).map(|s| s.index))
        .collect();
    have.sort_unstable();
    let unsharded_alone = plans.len() == 1 && plans[0].shard.is_none();
    if unsharded_alone || have == (1..=count).collect::<Vec<_>>() {
        return Ok(());
    }
    let shown: Vec<String> = plans
        .iter()
        .map(|p| p.shard.map_or("unsharded".into(), |s| s.to_string()))
        .collect();
    let missing: Vec<String> = (1..=count)
        .filter(|k| !have.contains(k))
        .map(|k| format!("{k}/{count}"))
        .collect();
    Err(Error::usage(format!(
        "the directories are not exactly shards 1..{count} of {count}: have {}; missing {}",
        shown.join(", "),
        if missing.is_empty() {
            "none (a shard is repeated or of another count)".to_string()
        } else {
            missing.join(", ")
        }
    )))
}

/// Merges the shard runs in `dirs` into a new run directory `out`.
///
/// # Errors
/// [`Error::Usage`] when the shards do not fit together or `dataset` is not theirs;
/// I/O errors.
pub fn merge(
    dataset: &Dataset,
    metrics: &MetricSet,
    dirs: &[PathBuf],
    out: &Path,
    run_id: &str,
) -> Result<Outcome> {
    let started = Utc::now();
    let clock = Instant::now();
    let plan = merged_plan(dirs, run_id)?;
    if dataset.hash != plan.dataset.hash {
        return Err(Error::usage(format!(
            "the dataset at {} changed since the shards ran",
            plan.dataset.path
        )));
    }
    let position = positions(dataset, &plan);
    let mut keyed: Vec<((usize, usize, usize, u32), ItemRecord)> = Vec::new();
    for dir in dirs {
        let (_, records) = Journal::reopen(dir)?;
        for record in records {
            let Some(key) = position(&record) else {
                return Err(Error::usage(format!(
                    "{}: item {} of backend {} is not in the plan",
                    dir.display(),
                    record.id,
                    record.backend
                )));
            };
            keyed.push((key, record));
        }
    }
    keyed.sort_by_key(|(key, _)| *key);
    if let Some(w) = keyed.windows(2).find(|w| w[0].0 == w[1].0) {
        return Err(Error::usage(format!(
            "item {} of backend {} is in more than one shard",
            w[0].1.id, w[0].1.backend
        )));
    }
    let mut journal = Journal::create(out)?;
    crate::record::write_json(&out.join(crate::record::files::PLAN), &plan)?;
    let mut tally = Tally::new(plan.repeat, Vec::new());
    for ((task, item, backend, _), record) in &keyed {
        journal.append(record)?;
        let task = Task::ALL[*task];
        tally.add(
            &Job {
                task,
                item: *item,
                backend: *backend,
            },
            record,
            metrics,
        );
    }
    finish(dataset, &plan, metrics, journal, tally, &started, clock)
}

/// A record's place in plan order: (task, item index, backend index, repeat).
fn positions<'a>(
    dataset: &'a Dataset,
    plan: &'a RunPlan,
) -> impl Fn(&ItemRecord) -> Option<(usize, usize, usize, u32)> + 'a {
    let summaries: HashMap<&str, usize> = dataset
        .summaries
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    let qa: HashMap<&str, usize> = dataset
        .qa
        .iter()
        .enumerate()
        .map(|(i, q)| (q.id.as_str(), i))
        .collect();
    move |record: &ItemRecord| {
        let (task, items) = match record.task {
            Task::Summarize => (0, &summaries),
            Task::Answer => (1, &qa),
        };
        let item = *items.get(record.id.as_str())?;
        let backend = plan.backends.iter().position(|b| *b == record.backend)?;
        Some((task, item, backend, record.repeat))
    }
}
