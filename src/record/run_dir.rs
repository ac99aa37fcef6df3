//! Reading a run directory back: `run.json` and every line of `items.jsonl`.
//!
//! Commands that look at finished runs (`compare`, `check`, `bless`) read them through
//! [`RunDir::open`], never through the runner, so any run directory written by a compatible
//! build can be re-read.

use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::error::{Error, Result};

use super::{files, ItemRecord, RunManifest, Summary};

/// A finished run directory, read into memory.
#[derive(Debug, Clone)]
pub struct RunDir {
    /// The directory, as given.
    pub path: PathBuf,
    /// `run.json`.
    pub manifest: RunManifest,
    /// Every line of `items.jsonl`, in file order.
    pub items: Vec<ItemRecord>,
    /// `summary.json`, when the run finished and wrote it.
    pub summary: Option<Summary>,
}

impl RunDir {
    /// Reads `run.json` and `items.jsonl` from `path`.
    ///
    /// # Errors
    /// [`Error::Io`] when a file cannot be read; [`Error::Invalid`] listing every line that
    /// does not parse.
    pub fn open(path: &Path) -> Result<RunDir> {
        let manifest_path = path.join(files::RUN);
        let text = read(&manifest_path)?;
        let manifest: RunManifest = serde_json::from_str(&text).map_err(|e| {
            invalid(Diagnostic::new(
                &manifest_path,
                Some(e.line()),
                "run.json",
                e.to_string(),
            ))
        })?;
        let items_path = path.join(files::ITEMS);
        let text = read(&items_path)?;
        let mut items = Vec::new();
        let mut problems = Diagnostics::new();
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            match serde_json::from_str::<ItemRecord>(line) {
                Ok(item) => items.push(item),
                Err(e) => problems.push(Diagnostic::new(
                    &items_path,
                    Some(i + 1),
                    "item",
                    e.to_string(),
                )),
            }
        }
        if !problems.is_empty() {
            return Err(Error::Invalid {
                what: "run directory".into(),
                diagnostics: problems,
            });
        }
        let summary_path = path.join(files::SUMMARY);
        let summary = match std::fs::read_to_string(&summary_path) {
            Ok(text) => Some(serde_json::from_str(&text).map_err(|e| {
                invalid(Diagnostic::new(
                    &summary_path,
                    Some(e.line()),
                    "summary.json",
                    e.to_string(),
                ))
            })?),
            Err(_) => None,
        };
        Ok(RunDir {
            path: path.to_path_buf(),
            manifest,
            items,
            summary,
        })
    }

    /// The metric columns of `backend` on `task` in column order, from `summary.json`;
    /// empty when the run has no summary or no such result.
    pub fn columns(&self, backend: &str, task: crate::dataset::Task) -> Vec<String> {
        self.summary
            .iter()
            .flat_map(|s| &s.results)
            .filter(|r| r.backend == backend && r.task == task)
            .flat_map(|r| r.metrics.iter().map(|m| m.metric.clone()))
            .collect()
    }

    /// The records of one backend, in file order.
    pub fn backend_items<'a>(&'a self, backend: &'a str) -> impl Iterator<Item = &'a ItemRecord> {
        self.items.iter().filter(move |r| r.backend == backend)
    }
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| Error::io("reading", path, e))
}

fn invalid(diagnostic: Diagnostic) -> Error {
    let mut diagnostics = Diagnostics::new();
    diagnostics.push(diagnostic);
    Error::Invalid {
        what: "run directory".into(),
        diagnostics,
    }
}

#[cfg(test)]
mod tests {
    use super::RunDir;

    #[test]
    fn a_missing_directory_and_a_bad_line_are_reported() {
        let dir = tempfile::tempdir().unwrap();
        assert!(RunDir::open(dir.path()).is_err());
        let manifest = r#"{"format_version":1,"goldeval_version":"0.1.0","run_id":"x",
            "dataset":{"name":"d","version":"1","path":"d","hash":"sha256:0"},
            "backends":["lead"],"tasks":["summarize"],"limit":null,"signatures":{},
            "counts":{"items":1,"errors":0},
            "timings":{"started":"a","finished":"b","wall_seconds":0.0}}"#;
        std::fs::write(dir.path().join("run.json"), manifest).unwrap();
        let good = r#"{"id":"s1","task":"summarize","backend":"lead","output":"x","abstained":false,"scores":{"rouge1":0.5},"error":null,"latency_ms":1.0}"#;
        std::fs::write(dir.path().join("items.jsonl"), format!("{good}\n")).unwrap();
        let run = RunDir::open(dir.path()).unwrap();
        assert_eq!(run.backend_items("lead").count(), 1);
        std::fs::write(dir.path().join("items.jsonl"), format!("{good}\n{{oops\n")).unwrap();
        let err = RunDir::open(dir.path()).unwrap_err().to_string();
        assert!(err.contains("items.jsonl:2"), "{err}");
    }
}
