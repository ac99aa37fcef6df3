//! `goldeval list`: what backends, metrics and datasets are available.

use std::path::Path;

use clap::{Args, ValueEnum};

use crate::backend::{self, Task};
use crate::dataset::{Dataset, MANIFEST};
use crate::error::{exit, Error, Result};
use crate::report::table::Table;

/// What to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum What {
    /// Built-in backends and the tasks they support.
    Backends,
    /// Metric columns per task, with their signatures.
    Metrics,
    /// Datasets under ./datasets.
    Datasets,
}

/// Arguments of `goldeval list`.
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  goldeval list backends
  goldeval list metrics
  goldeval list datasets")]
pub struct ListArgs {
    /// What to list.
    #[arg(value_enum)]
    pub what: What,
}

/// Runs `goldeval list`.
///
/// # Errors
/// I/O errors reading the datasets directory.
pub fn execute(args: &ListArgs) -> Result<u8> {
    let text = match args.what {
        What::Backends => backends(),
        What::Metrics => metrics(),
        What::Datasets => datasets(Path::new("datasets"))?,
    };
    super::out(&text);
    Ok(exit::OK)
}

fn backends() -> String {
    let mut table = Table::text(vec![
        "backend".into(),
        "tasks".into(),
        "what it does".into(),
    ]);
    for b in backend::builtins() {
        let tasks: Vec<&str> = Task::ALL
            .into_iter()
            .filter(|&t| b.supports(t))
            .map(|t| if t == Task::Answer { "qa" } else { t.as_str() })
            .collect();
        table.row(vec![b.name().to_string(), tasks.join(","), b.describe()]);
    }
    table.render()
}

fn metrics() -> String {
    let set = crate::run::default_metrics::metric_set();
    let mut table = Table::text(vec!["task".into(), "metric".into(), "signature".into()]);
    for task in Task::ALL {
        for c in set.columns(task) {
            let name = if task == Task::Answer {
                "qa"
            } else {
                task.as_str()
            };
            table.row(vec![
                name.to_string(),
                c.id.clone(),
                c.signature.to_string(),
            ]);
        }
    }
    table.render()
}

fn datasets(root: &Path) -> Result<String> {
    if !root.is_dir() {
        return Err(Error::usage_hint(
            format!("no datasets directory at {}", root.display()),
            "run goldeval from the repository root, or pass --dataset DIR to `run`",
        ));
    }
    let mut dirs: Vec<_> = std::fs::read_dir(root)
        .map_err(|e| Error::io("reading", root, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join(MANIFEST).is_file())
        .collect();
    dirs.sort();
    let mut table = Table::new(vec![
        "dataset".into(),
        "version".into(),
        "documents".into(),
        "qa".into(),
        "summaries".into(),
        "path".into(),
    ]);
    for dir in dirs {
        match Dataset::load(&dir) {
            Ok(d) => table.row(vec![
                d.manifest.name.clone(),
                d.manifest.version.clone(),
                d.documents.len().to_string(),
                d.qa.len().to_string(),
                d.summaries.len().to_string(),
                dir.display().to_string(),
            ]),
            Err(_) => table.row(vec![
                "(invalid)".into(),
                "-".into(),
                "-".into(),
                "-".into(),
                "-".into(),
                format!("{} (run `goldeval validate` on it)", dir.display()),
            ]),
        }
    }
    Ok(table.render())
}
