//! `goldeval list`: what backends, metrics and datasets are available.

use std::path::Path;

use clap::{Args, ValueEnum};

use crate::backend::{self};
use crate::dataset::Task;
use crate::dataset::{Dataset, MANIFEST};
use crate::error::{exit, Error, Result};
use crate::report::table::Table;

/// What to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum What {
    /// Built-in backends and the tasks they support, then those of goldeval.toml.
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
  goldeval list backends --config ci/goldeval.toml
  goldeval list metrics
  goldeval list datasets")]
pub struct ListArgs {
    /// What to list.
    #[arg(value_enum)]
    pub what: What,

    /// Configuration whose `[[backend]]` entries `list backends` shows. Default:
    /// ./goldeval.toml when it exists.
    #[arg(long, value_name = "FILE")]
    pub config: Option<std::path::PathBuf>,
}

/// Runs `goldeval list`.
///
/// # Errors
/// I/O errors reading the datasets directory.
pub fn execute(args: &ListArgs) -> Result<u8> {
    let text = match args.what {
        What::Backends => {
            let config = crate::config::Config::discover(
                args.config.as_deref(),
                &crate::backend::BUILTIN_NAMES,
            )?;
            backends(&config)
        }
        What::Metrics => metrics(),
        What::Datasets => datasets(Path::new("datasets"))?,
    };
    super::out(&text);
    Ok(exit::OK)
}

fn backends(config: &crate::config::Config) -> String {
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
    for entry in &config.backends {
        table.row(vec![
            entry.name.clone(),
            configured_tasks(entry),
            configured_description(entry),
        ]);
    }
    table.render()
}

fn configured_tasks(entry: &crate::config::BackendEntry) -> String {
    use crate::config::Kind;
    match (entry.kind, &entry.tasks) {
        (Kind::Replay, _) => "recorded".into(),
        (Kind::Builtin, _) => backend::builtins()
            .into_iter()
            .find(|b| Some(b.name()) == entry.builtin.as_deref())
            .map(|b| {
                let tasks: Vec<&str> = Task::ALL
                    .into_iter()
                    .filter(|&t| b.supports(t))
                    .map(|t| if t == Task::Answer { "qa" } else { t.as_str() })
                    .collect();
                tasks.join(",")
            })
            .unwrap_or_default(),
        (_, Some(tasks)) => tasks
            .iter()
            .map(|&t| if t == Task::Answer { "qa" } else { t.as_str() })
            .collect::<Vec<_>>()
            .join(","),
        (_, None) => "summarize,qa".into(),
    }
}

/// One line from the entry itself (nothing is started or loaded).
fn configured_description(entry: &crate::config::BackendEntry) -> String {
    use crate::config::Kind;
    let source = match &entry.line {
        Some(line) => format!(" (goldeval.toml:{line})"),
        None => String::new(),
    };
    let what = match entry.kind {
        Kind::Builtin => format!(
            "built-in `{}`",
            entry.builtin.as_deref().unwrap_or_default()
        ),
        Kind::Replay => format!(
            "replay of {}",
            entry.path.as_deref().unwrap_or(Path::new("")).display()
        ),
        Kind::Command => format!(
            "command `{}`",
            entry.command.as_deref().unwrap_or_default().join(" ")
        ),
        Kind::OpenAi => format!(
            "openai model `{}` at {}",
            entry.model.as_deref().unwrap_or_default(),
            entry.base_url.as_deref().unwrap_or_default()
        ),
    };
    format!("{what}{source}")
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
        match Dataset::load_streaming(&dir) {
            Ok(d) => table.row(vec![
                d.manifest.name.clone(),
                d.manifest.version.clone(),
                d.documents.len().to_string(),
                d.qa_len().to_string(),
                d.summary_len().to_string(),
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
