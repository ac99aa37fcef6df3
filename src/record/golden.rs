//! Goldens: committed baselines of one backend on one dataset, `goldens/<dataset>/<backend>.jsonl`.
//!
//! The first line is a [`Header`] (dataset identity, backend, the goldeval version that
//! blessed it, and per task the aggregate of every metric column with its signature); every
//! further line is one [`GoldenItem`] (task, id, output and scores), in run order. Keys are in
//! declaration order and scores in the run's order, so re-blessing an unchanged run rewrites
//! the file byte for byte and a changed one gives a readable `git diff`. Latencies and
//! timings are left out: they change on every run.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{ItemRecord, RunDir, ScoreMap};
use crate::dataset::Kind;
use crate::dataset::Task;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::error::{Error, Result};

/// Version of the golden format.
pub const GOLDEN_VERSION: u32 = 1;

/// The first line of a golden.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Header {
    /// [`GOLDEN_VERSION`].
    pub golden_version: u32,
    /// Dataset name.
    pub dataset: String,
    /// Dataset version.
    pub dataset_version: String,
    /// Dataset content hash.
    pub dataset_hash: String,
    /// The backend the golden was blessed from.
    pub backend: String,
    /// goldeval version that blessed it.
    pub goldeval_version: String,
    /// Per task, the aggregates.
    pub aggregates: Vec<TaskAggregate>,
}

/// Aggregates of one task.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskAggregate {
    /// The task.
    pub task: Task,
    /// Items recorded.
    pub items: usize,
    /// Items that errored.
    pub errors: usize,
    /// Every column, in column order.
    pub metrics: Vec<ColumnAggregate>,
}

/// One column's mean with its signature.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ColumnAggregate {
    /// Column id.
    pub metric: String,
    /// Mean over scored items; `null` when none was scored.
    pub mean: Option<f64>,
    /// Scored items.
    pub n: usize,
    /// The signature text.
    pub signature: String,
}

/// One item of a golden.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoldenItem {
    /// Task.
    pub task: Task,
    /// Item id.
    pub id: String,
    /// QA kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<Kind>,
    /// Output text.
    pub output: Option<String>,
    /// Whether the backend abstained.
    pub abstained: bool,
    /// Scores.
    pub scores: ScoreMap,
    /// The backend error, if any.
    pub error: Option<super::ErrorRecord>,
}

/// A golden in memory.
#[derive(Debug, Clone, PartialEq)]
pub struct Golden {
    /// The header line.
    pub header: Header,
    /// The items.
    pub items: Vec<GoldenItem>,
}

impl Golden {
    /// The golden of `backend` in `run`, aggregates computed from its items.
    pub fn from_run(run: &RunDir, backend: &str) -> Golden {
        let items: Vec<GoldenItem> = run.backend_items(backend).map(GoldenItem::from).collect();
        let aggregates = Task::ALL
            .iter()
            .filter(|t| items.iter().any(|i| i.task == **t))
            .map(|&task| aggregate(run, backend, task, &items))
            .collect();
        let m = &run.manifest;
        Golden {
            header: Header {
                golden_version: GOLDEN_VERSION,
                dataset: m.dataset.name.clone(),
                dataset_version: m.dataset.version.clone(),
                dataset_hash: m.dataset.hash.clone(),
                backend: backend.to_string(),
                goldeval_version: env!("CARGO_PKG_VERSION").to_string(),
                aggregates,
            },
            items,
        }
    }

    /// Where the golden of `backend` on `dataset` lives under `root`.
    pub fn path(root: &Path, dataset: &str, backend: &str) -> PathBuf {
        root.join(dataset).join(format!("{backend}.jsonl"))
    }

    /// The file contents: header line, then one line per item.
    ///
    /// # Errors
    /// [`Error::Serialize`] (a bug: goldens are plain data).
    pub fn to_jsonl(&self) -> Result<String> {
        let mut out = to_json(&self.header)?;
        out.push('\n');
        for item in &self.items {
            out.push_str(&to_json(item)?);
            out.push('\n');
        }
        Ok(out)
    }

    /// Reads a golden file.
    ///
    /// # Errors
    /// [`Error::Io`] or [`Error::Invalid`] listing every line that does not parse.
    pub fn read(path: &Path) -> Result<Golden> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io("reading", path, e))?;
        let mut lines = text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty());
        let mut problems = Diagnostics::new();
        let header = match lines.next().map(|(_, l)| serde_json::from_str::<Header>(l)) {
            Some(Ok(h)) => Some(h),
            Some(Err(e)) => {
                problems.push(Diagnostic::new(path, Some(1), "header", e.to_string()));
                None
            }
            None => {
                problems.push(Diagnostic::new(path, None, "header", "the golden is empty"));
                None
            }
        };
        let mut items = Vec::new();
        for (i, line) in lines {
            match serde_json::from_str(line) {
                Ok(item) => items.push(item),
                Err(e) => problems.push(Diagnostic::new(path, Some(i + 1), "item", e.to_string())),
            }
        }
        match header {
            Some(header) if problems.is_empty() => Ok(Golden { header, items }),
            _ => Err(Error::Invalid {
                what: "golden".into(),
                diagnostics: problems,
            }),
        }
    }

    /// The aggregate of `task`/`metric`, if the golden has it.
    pub fn column(&self, task: Task, metric: &str) -> Option<&ColumnAggregate> {
        self.header
            .aggregates
            .iter()
            .find(|a| a.task == task)?
            .metrics
            .iter()
            .find(|m| m.metric == metric)
    }
}

fn to_json(value: &impl Serialize) -> Result<String> {
    serde_json::to_string(value).map_err(|source| Error::Serialize {
        what: "golden".into(),
        source,
    })
}

impl From<&ItemRecord> for GoldenItem {
    fn from(r: &ItemRecord) -> Self {
        GoldenItem {
            task: r.task,
            id: r.id.clone(),
            kind: r.kind,
            output: r.output.clone(),
            abstained: r.abstained,
            scores: r.scores.clone(),
            error: r.error.clone(),
        }
    }
}

fn aggregate(run: &RunDir, backend: &str, task: Task, items: &[GoldenItem]) -> TaskAggregate {
    let of_task: Vec<&GoldenItem> = items.iter().filter(|i| i.task == task).collect();
    let mut columns = run.columns(backend, task);
    if columns.is_empty() {
        columns = of_task
            .iter()
            .find(|i| i.error.is_none())
            .map(|i| i.scores.0.iter().map(|(k, _)| k.clone()).collect())
            .unwrap_or_default();
    }
    let metrics = columns
        .into_iter()
        .map(|metric| {
            let values: Vec<f64> = of_task
                .iter()
                .filter_map(|i| i.scores.get(&metric))
                .collect();
            let key = format!("{}/{metric}", task.as_str());
            ColumnAggregate {
                mean: crate::stats::mean(&values),
                n: values.len(),
                signature: run
                    .manifest
                    .signatures
                    .get(&key)
                    .map(ToString::to_string)
                    .unwrap_or_default(),
                metric,
            }
        })
        .collect();
    TaskAggregate {
        task,
        items: of_task.len(),
        errors: of_task.iter().filter(|i| i.error.is_some()).count(),
        metrics,
    }
}

#[cfg(test)]
mod tests {
    use super::Golden;

    #[test]
    fn a_golden_round_trips_through_its_file() {
        let dir = tempfile::tempdir().unwrap();
        let text = concat!(
            r#"{"golden_version":1,"dataset":"d","dataset_version":"1","dataset_hash":"sha256:0","#,
            r#""backend":"lead","goldeval_version":"0.1.0","aggregates":[{"task":"summarize","#,
            r#""items":1,"errors":0,"metrics":[{"metric":"rouge1","mean":0.5,"n":1,"signature":"s"}]}]}"#,
            "\n",
            r#"{"task":"summarize","id":"s1","output":"x","abstained":false,"scores":{"rouge1":0.5},"error":null}"#,
            "\n"
        );
        let path = dir.path().join("lead.jsonl");
        std::fs::write(&path, text).unwrap();
        let golden = Golden::read(&path).unwrap();
        assert_eq!(golden.to_jsonl().unwrap(), text);
        std::fs::write(&path, "{}\n").unwrap();
        let err = Golden::read(&path).unwrap_err().to_string();
        assert!(err.contains("lead.jsonl:1"), "{err}");
    }
}
