//! `goldeval bless`: write a run's backends as the new goldens, saying what changed.

use std::fmt::Write;
use std::path::PathBuf;

use clap::Args;

use crate::error::{exit, Error, Result};
use crate::record::golden::Golden;
use crate::record::{write_atomic, RunDir};

/// Arguments of `goldeval bless`.
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  goldeval bless runs/20250508T101500Z-1a2b3c
  goldeval bless runs/latest --goldens my-goldens/

Writes goldens/<dataset>/<backend>.jsonl for every backend of the run and prints, per
backend, what changed: column means, signatures, outputs. Never writes when the CI
environment variable is set: goldens change by a reviewed commit, not in CI.")]
pub struct BlessArgs {
    /// The run directory whose backends become the goldens.
    #[arg(value_name = "RUN_DIR")]
    pub run: PathBuf,

    /// Directory of goldens.
    #[arg(long, value_name = "DIR", default_value = "goldens")]
    pub goldens: PathBuf,
}

/// Runs `goldeval bless`.
///
/// # Errors
/// CI is set; the run is unreadable; a golden cannot be written.
pub fn execute(args: &BlessArgs) -> Result<u8> {
    if std::env::var_os("CI").is_some_and(|v| !v.is_empty()) {
        return Err(Error::usage_hint(
            "goldeval bless never writes goldens when CI is set",
            "bless locally, review `git diff goldens/`, and commit the new goldens",
        ));
    }
    let run = RunDir::open(&args.run)?;
    let mut text = String::new();
    for backend in &run.manifest.backends {
        let new = Golden::from_run(&run, backend)?;
        let path = Golden::path(&args.goldens, &run.manifest.dataset.name, backend)?;
        let old = path.exists().then(|| Golden::read(&path)).transpose()?;
        let _ = writeln!(text, "{}: {}", path.display(), changes(old.as_ref(), &new));
        if old.as_ref() != Some(&new) {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)
                    .map_err(|e| Error::io("creating directory", parent, e))?;
            }
            write_atomic(&path, new.to_jsonl()?.as_bytes())?;
        }
    }
    super::out(&text);
    Ok(exit::OK)
}

/// What changed from `old` to `new`, in a few lines.
fn changes(old: Option<&Golden>, new: &Golden) -> String {
    let Some(old) = old else {
        return format!("new golden ({} items)", new.items.len());
    };
    if old == new {
        return "unchanged".into();
    }
    let mut lines = Vec::new();
    for agg in &new.header.aggregates {
        for m in &agg.metrics {
            match old.column(agg.task, &m.metric) {
                Some(o) if o.signature != m.signature => lines.push(format!(
                    "  {}/{}: signature {} → {}",
                    agg.task, m.metric, o.signature, m.signature
                )),
                Some(o) if o.mean != m.mean => lines.push(format!(
                    "  {}/{}: {} → {}",
                    agg.task,
                    m.metric,
                    fmt(o.mean),
                    fmt(m.mean)
                )),
                Some(_) => {}
                None => lines.push(format!("  {}/{}: new column", agg.task, m.metric)),
            }
        }
    }
    for agg in &old.header.aggregates {
        for m in &agg.metrics {
            if new.column(agg.task, &m.metric).is_none() {
                lines.push(format!("  {}/{}: column removed", agg.task, m.metric));
            }
        }
    }
    if lines.is_empty() {
        lines.push("  same columns and means: column order or per-item values changed".into());
    }
    let outputs = new
        .items
        .iter()
        .filter(|n| {
            old.items
                .iter()
                .find(|o| o.task == n.task && o.id == n.id)
                .is_none_or(|o| o.output != n.output)
        })
        .count();
    lines.push(format!(
        "  {outputs} of {} outputs changed or new",
        new.items.len()
    ));
    format!("updated\n{}", lines.join("\n"))
}

fn fmt(v: Option<f64>) -> String {
    v.map_or("null".into(), |v| format!("{v:.4}"))
}
