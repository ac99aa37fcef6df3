//! `goldeval merge`: join the shard runs of one plan into one run directory.
//!
//! The shards must come from the same plan (dataset content hash, backends, tasks, limit,
//! repeat), be complete (each has `run.json`), together be exactly shards 1..N of N, and
//! each hold every record it planned. Their records are put in plan order (task, item in
//! dataset order, backend in plan order, repeat) and the summary is computed from them, so
//! the merged directory equals the unsharded run's (but for timings and latencies).
//!
//! Completeness: each shard's `plan.json` says how many records it planned and which tasks
//! each backend runs, and its `run.json` has the digest of its records' keys. With the
//! dataset, these determine every record a shard must hold, in order. The merge walks the
//! whole plan once to check each shard's `items.jsonl` against it, naming every record
//! that is missing or was never planned, and writes nothing unless all of it is there;
//! then walks it again to write the merged run. Both walks read the dataset and the shards
//! one line at a time, so a merge holds no more than one record per shard.

use std::path::{Path, PathBuf};
use std::time::Instant;

use super::journal::Records;
use super::{finish, plan, read_plan, Job, Journal, Outcome, Tally, Utc};
use crate::dataset::Dataset;
use crate::dataset::Task;
use crate::error::{Error, Result};
use crate::metrics::MetricSet;
use crate::record::{ItemRecord, Planned, RecordsDigest, RunDir, RunManifest, RunPlan};

/// How many missing or unplanned records an error names (it counts all of them).
const NAMED: usize = 10;

/// The plan the shards in `dirs` share (shard unset, `run_id` given, planned units summed).
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
    let backend_tasks = backend_tasks(dirs, &plans)?;
    let units = plans
        .iter()
        .filter_map(|p| p.planned.as_ref())
        .map(|p| p.units);
    Ok(RunPlan {
        run_id: run_id.to_string(),
        shard: None,
        planned: Some(Planned {
            units: units.sum(),
            backend_tasks,
        }),
        ..first.clone()
    })
}

/// The tasks each backend runs, which every shard's plan must state, and state alike.
fn backend_tasks(dirs: &[PathBuf], plans: &[RunPlan]) -> Result<Vec<Vec<Task>>> {
    let mut agreed: Option<&Vec<Vec<Task>>> = None;
    for (dir, plan) in dirs.iter().zip(plans) {
        let Some(planned) = &plan.planned else {
            return Err(Error::usage_hint(
                format!(
                    "{} does not say which records it planned (its plan.json was written by an \
                     older goldeval), so its completeness cannot be checked",
                    dir.display()
                ),
                "run the shard again with this goldeval",
            ));
        };
        match agreed {
            Some(tasks) if *tasks != planned.backend_tasks => {
                return Err(Error::usage(format!(
                    "{} runs its backends on other tasks than {} (plan.json `planned`)",
                    dir.display(),
                    dirs[0].display()
                )))
            }
            _ => agreed = Some(&planned.backend_tasks),
        }
    }
    Ok(agreed.cloned().unwrap_or_default())
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
/// [`Error::Usage`] when the shards do not fit together, a shard lacks planned records or
/// holds unplanned ones, or `dataset` is not theirs; I/O errors.
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
    let shards = in_shard_order(dirs)?;
    verify(dataset, &plan, &shards)?;
    let mut journal = Journal::create(out)?;
    crate::record::write_json(&out.join(crate::record::files::PLAN), &plan)?;
    let mut tally = Tally::new(plan.repeat, Vec::new());
    walk(dataset, &plan, &shards, &mut |step| {
        if let Step::Found { job, record, .. } = step {
            journal.append(&record)?;
            tally.add(&job, &record, metrics);
        }
        Ok(())
    })?;
    finish(dataset, &plan, metrics, journal, tally, &started, clock)
}

/// A shard's directory with its plan and manifest.
struct Shard {
    dir: PathBuf,
    plan: RunPlan,
    manifest: RunManifest,
}

/// The shard directories ordered by shard index (1..=N; one directory when unsharded),
/// each read through the validating reader ([`RunDir::open_without_items`]: every record
/// checked, none held).
fn in_shard_order(dirs: &[PathBuf]) -> Result<Vec<Shard>> {
    let mut shards = Vec::new();
    for dir in dirs {
        shards.push(Shard {
            dir: dir.clone(),
            plan: read_plan(dir)?,
            manifest: RunDir::open_without_items(dir)?.manifest,
        });
    }
    shards.sort_by_key(|s| s.plan.shard.map_or(1, |s| s.index));
    Ok(shards)
}

/// One planned unit of the merged plan, as the walk meets it.
enum Step {
    /// The shard's next record is the unit's.
    Found {
        shard: usize,
        job: Job,
        record: Box<ItemRecord>,
    },
    /// The shard's next record is not the unit's: the unit's record is missing.
    Missing { shard: usize, key: Key },
}

/// Task, item id, backend name, repeat.
type Key = (Task, String, String, u32);

/// Walks the merged plan in order. Each unit belongs to the shard holding its item; that
/// shard's next record is the unit's when the shard is complete. Returns, per shard, the
/// records left over once the plan is done (records it was never planned to hold).
fn walk(
    dataset: &Dataset,
    plan: &RunPlan,
    shards: &[Shard],
    on: &mut dyn FnMut(Step) -> Result<()>,
) -> Result<Vec<Vec<ItemRecord>>> {
    let backend_tasks = plan
        .planned
        .as_ref()
        .map(|p| p.backend_tasks.clone())
        .unwrap_or_default();
    let mut readers: Vec<std::iter::Peekable<Records>> = shards
        .iter()
        .map(|s| Records::open(&s.dir.join(crate::record::files::ITEMS)).map(Iterator::peekable))
        .collect::<Result<_>>()?;
    let count = shards.len().max(1);
    for (nth, item) in plan::item_ids(dataset, &plan.tasks, plan.limit)?.enumerate() {
        let (task, index, id) = item?;
        let shard = nth % count;
        for (backend, name) in plan.backends.iter().enumerate() {
            if !backend_tasks
                .get(backend)
                .is_some_and(|t| t.contains(&task))
            {
                continue;
            }
            for repeat in 0..u32::try_from(plan.repeat.max(1)).unwrap_or(u32::MAX) {
                let key: Key = (task, id.clone(), name.clone(), repeat);
                let next = match readers[shard].peek() {
                    Some(Ok(record)) => key == key_of(record),
                    Some(Err(_)) => return Err(take_error(&mut readers[shard])),
                    None => false,
                };
                let job = Job {
                    task,
                    item: index,
                    backend,
                };
                match readers[shard].next_if(|_| next) {
                    Some(record) => on(Step::Found {
                        shard,
                        job,
                        record: Box::new(record?),
                    })?,
                    None => on(Step::Missing { shard, key })?,
                }
            }
        }
    }
    let mut left = Vec::new();
    for reader in readers {
        left.push(reader.collect::<Result<Vec<_>>>()?);
    }
    Ok(left)
}

/// The error a reader peeked at.
fn take_error(reader: &mut std::iter::Peekable<Records>) -> Error {
    match reader.next() {
        Some(Err(e)) => e,
        _ => Error::usage("a shard's items.jsonl could not be read"),
    }
}

fn key_of(record: &ItemRecord) -> Key {
    (
        record.task,
        record.id.clone(),
        record.backend.clone(),
        record.repeat,
    )
}

/// Checks that every shard holds exactly the records it planned, in plan order, and that
/// its plan and manifest agree with them.
fn verify(dataset: &Dataset, plan: &RunPlan, shards: &[Shard]) -> Result<()> {
    let mut expected = vec![0usize; shards.len()];
    let mut digests = vec![RecordsDigest::default(); shards.len()];
    let mut missing: Vec<Vec<Key>> = vec![Vec::new(); shards.len()];
    let mut missing_count = vec![0usize; shards.len()];
    let mut note = |shard: usize, key: &Key| {
        expected[shard] += 1;
        digests[shard].add(key.0, &key.1, &key.2, key.3);
    };
    let left = walk(dataset, plan, shards, &mut |step| {
        match step {
            Step::Found { shard, record, .. } => note(shard, &key_of(&record)),
            Step::Missing { shard, key } => {
                note(shard, &key);
                missing_count[shard] += 1;
                if missing[shard].len() < NAMED {
                    missing[shard].push(key);
                }
            }
        }
        Ok(())
    })?;
    let mut problems = Vec::new();
    for (i, shard) in shards.iter().enumerate() {
        let dir = shard.dir.display();
        if missing_count[i] > 0 {
            problems.push(format!(
                "{dir} is incomplete: {} of the {} records it planned are not in its items.jsonl: {}",
                missing_count[i],
                expected[i],
                named(&missing[i], missing_count[i])
            ));
        }
        if !left[i].is_empty() {
            let keys: Vec<Key> = left[i].iter().take(NAMED).map(key_of).collect();
            problems.push(format!(
                "{dir}: items.jsonl holds {} records this shard did not plan (or not in plan \
                 order, or twice): {}",
                left[i].len(),
                named(&keys, left[i].len())
            ));
        }
        let planned = shard.plan.planned.as_ref().map(|p| p.units);
        if problems.is_empty() && planned != Some(expected[i]) {
            problems.push(format!(
                "{dir} planned {} records, but its plan gives {} (was it run by another goldeval?)",
                planned.unwrap_or(0),
                expected[i]
            ));
        }
        let digest = std::mem::take(&mut digests[i]).finish();
        match &shard.manifest.records_digest {
            Some(recorded) if problems.is_empty() && *recorded != digest => problems.push(format!(
                "{dir}: run.json's records_digest does not match its items.jsonl"
            )),
            _ => {}
        }
    }
    if problems.is_empty() {
        return Ok(());
    }
    Err(Error::usage_hint(
        problems.join("\n"),
        "run the incomplete shard again (goldeval run --shard K/N with the same options) into \
         a new directory, or restore its items.jsonl",
    ))
}

/// `n` keys, the first few named.
fn named(keys: &[Key], n: usize) -> String {
    let mut names: Vec<String> = keys
        .iter()
        .map(|(task, id, backend, repeat)| match repeat {
            0 => format!("{task} {id} (backend {backend})"),
            r => format!("{task} {id} (backend {backend}, repeat {r})"),
        })
        .collect();
    if n > keys.len() {
        names.push(format!("and {} more", n - keys.len()));
    }
    names.join(", ")
}
