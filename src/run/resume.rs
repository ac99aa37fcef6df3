//! `--resume`: finish an interrupted run in its own directory.
//!
//! The run's `plan.json` names the dataset (by content hash), backends, tasks and limit.
//! Every complete line of `items.jsonl` is kept (a torn last line is cut off); only the jobs
//! with no record are run, appended as they finish. `items.jsonl` ends in plan order and
//! the summary is computed in that order, so a resumed run's files are the same as an
//! uninterrupted run's (but for timings, latencies and cache marks). A request that finished
//! but whose record was lost with the process is answered from the response cache, which is
//! written before the record, so the server does not see it twice.
//!
//! Memory: an interrupted run's journal is a prefix of its plan (records are written in plan
//! order, and a resumed run appends the rest in plan order), so resuming reads it one record
//! at a time alongside the plan, checks that each record is the next planned unit, keeps
//! the running totals, and runs the units after the prefix, streamed like a fresh run: it
//! holds no record and no unit beyond the pool's window. Only a journal that is not such a
//! prefix (edited by hand) is put back in plan order in memory, as before.

use std::collections::HashMap;
use std::path::Path;
use std::time::Instant;

use super::{finish, plan, run_jobs, Journal, Observer, Outcome, RunConfig, Tally, Utc};
use crate::dataset::Dataset;
use crate::dataset::Task;
use crate::error::{Error, Result};
use crate::metrics::MetricSet;
use crate::record::{ItemRecord, RunPlan};

/// Reads the `plan.json` of a run directory.
///
/// # Errors
/// [`Error::Usage`] when `dir` holds no `plan.json`; [`Error::Invalid`] when it does not
/// read (a newer format, a field that does not parse), with its line.
pub fn read_plan(dir: &Path) -> Result<RunPlan> {
    let path = dir.join(crate::record::files::PLAN);
    if !path.is_file() {
        return Err(Error::usage_hint(
            format!(
                "{} is not a resumable run directory (no plan.json)",
                dir.display()
            ),
            "--resume takes the directory an interrupted `goldeval run` was writing",
        ));
    }
    let (plan, _) = crate::record::read::read_record(&path, "run plan")?;
    Ok(plan)
}

/// Finishes the run in `dir` planned by `run_plan`, with `config` resolved from its backend
/// names and `dataset` loaded from its dataset.
///
/// # Errors
/// [`Error::Usage`] when the dataset content or backends differ from the plan, or the run
/// is already complete; I/O errors on the run directory.
pub fn resume(
    dataset: &Dataset,
    config: &RunConfig,
    metrics: &MetricSet,
    dir: &Path,
    run_plan: &RunPlan,
    observer: &dyn Observer,
) -> Result<Outcome> {
    let started = Utc::now();
    let clock = Instant::now();
    check(dataset, config, run_plan)?;
    if dir.join(crate::record::files::RUN).exists() {
        return Err(Error::usage(format!(
            "run {} is already complete (run.json exists)",
            dir.display()
        )));
    }
    let total = plan::count(dataset, config);
    let mut units = plan::stream(dataset, config)?;
    let mut tally = Tally::new(run_plan.repeat, config.warnings.clone());
    let mut kept = 0;
    let mut in_order = true;
    let mut journal = Journal::reopen_each(dir, &mut |record| {
        if !in_order {
            return Ok(());
        }
        match units.next().transpose()? {
            Some(unit) if key_of_unit(config, &unit) == key_of_record(&record) => {
                tally.add(&unit.job, &record, metrics);
                kept += 1;
            }
            _ => in_order = false,
        }
        Ok(())
    })?;
    if !in_order {
        drop((units, journal));
        return resume_reordering(dataset, config, metrics, dir, run_plan, observer);
    }
    let missing = total - kept;
    observer.planned(missing);
    let done = run_jobs(
        dataset,
        config,
        metrics,
        (missing, units),
        observer,
        &mut |job, record| {
            journal.append(record)?;
            tally.add(job, record, metrics);
            Ok(())
        },
    )?;
    super::check_interrupted(dir, done, missing, &super::Stop::new(config.stop.clone()))?;
    finish(dataset, run_plan, metrics, journal, tally, &started, clock)
}

/// [`resume`] of a journal that is not a prefix of the plan (edited, or written in another
/// order): every record and unit is held to put them back in plan order, and
/// `items.jsonl` is rewritten in that order at the end.
fn resume_reordering(
    dataset: &Dataset,
    config: &RunConfig,
    metrics: &MetricSet,
    dir: &Path,
    run_plan: &RunPlan,
    observer: &dyn Observer,
) -> Result<Outcome> {
    let started = Utc::now();
    let clock = Instant::now();
    let (mut journal, existing) = Journal::reopen(dir)?;
    let units = plan::all_units(dataset, config)?;
    let index: HashMap<Key, usize> = units
        .iter()
        .enumerate()
        .map(|(i, unit)| (key_of_unit(config, unit), i))
        .collect();
    let mut slots: Vec<Option<ItemRecord>> = vec![None; units.len()];
    for record in existing {
        if let Some(&i) = index.get(&key_of_record(&record)) {
            if slots[i].is_none() {
                slots[i] = Some(record);
            }
        }
    }
    let missing: Vec<usize> = (0..units.len()).filter(|&i| slots[i].is_none()).collect();
    observer.planned(missing.len());
    let todo = missing.iter().map(|&i| Ok(units[i].clone()));
    let done = run_jobs(
        dataset,
        config,
        metrics,
        (missing.len(), todo),
        observer,
        &mut |_, record| {
            journal.append(record)?;
            // By key, not by position: a unit stopped by Ctrl-C emits no record.
            if let Some(&i) = index.get(&key_of_record(record)) {
                slots[i] = Some(record.clone());
            }
            Ok(())
        },
    )?;
    super::check_interrupted(
        dir,
        done,
        missing.len(),
        &super::Stop::new(config.stop.clone()),
    )?;
    let records: Vec<ItemRecord> = slots.into_iter().flatten().collect();
    journal.rewrite(&records)?;
    let mut tally = Tally::new(run_plan.repeat, config.warnings.clone());
    for (unit, record) in units.iter().zip(&records) {
        tally.add(&unit.job, record, metrics);
    }
    finish(dataset, run_plan, metrics, journal, tally, &started, clock)
}

fn check(dataset: &Dataset, config: &RunConfig, run_plan: &RunPlan) -> Result<()> {
    if dataset.hash != run_plan.dataset.hash {
        return Err(Error::usage_hint(
            format!(
                "the dataset at {} changed since the run started ({} then, {} now)",
                run_plan.dataset.path, run_plan.dataset.hash, dataset.hash
            ),
            "a resumed run must score the same gold data; start a new run instead",
        ));
    }
    let names: Vec<&str> = config.backends.iter().map(|b| b.name()).collect();
    if names != run_plan.backends {
        return Err(Error::usage(format!(
            "backends differ from the plan: {} now, {} then",
            names.join(", "),
            run_plan.backends.join(", ")
        )));
    }
    Ok(())
}

/// Task, item id, backend name, repeat.
type Key = (Task, String, String, u32);

fn key_of_unit(config: &RunConfig, unit: &plan::Unit) -> Key {
    (
        unit.job.task,
        unit.item_id().to_string(),
        config.backends[unit.job.backend].name().to_string(),
        unit.repeat,
    )
}

fn key_of_record(record: &ItemRecord) -> Key {
    (
        record.task,
        record.id.clone(),
        record.backend.clone(),
        record.repeat,
    )
}
