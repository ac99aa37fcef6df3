//! Reading a finished run directory back: `run.json`, `summary.json` and every line of
//! `items.jsonl`, validated.
//!
//! Commands that look at finished runs (`compare`, `check`, `bless`, reports) read them
//! through [`RunDir::open`], never through the runner, so any run directory written by a
//! compatible build can be re-read, and a corrupt one is refused with `file:line` instead of
//! being half-read: a newer format, an unsafe backend name, a record that does not parse
//! (a score that is not a number, a key given twice), a score outside its column's bounds
//! or of a column the run does not have, and two records of one (task, item, backend,
//! repeat) are all errors.

use std::path::{Path, PathBuf};

use crate::dataset::jsonl;
use crate::dataset::Task;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::error::{Error, Result};
use crate::warning::Warning;

use super::read::read_record;
use super::validate::{RecordCheck, Schema};
use super::{files, ItemRecord, MetricSummary, RunManifest, Summary, FORMAT_VERSION};

/// A finished run directory, read into memory and validated.
#[derive(Debug, Clone)]
pub struct RunDir {
    /// The directory, as given.
    pub path: PathBuf,
    /// `run.json`.
    pub manifest: RunManifest,
    /// Every line of `items.jsonl`, in file order.
    pub items: Vec<ItemRecord>,
    /// `summary.json`.
    pub summary: Summary,
    /// What the reader had to work around (an older format, migrated).
    pub warnings: Vec<Warning>,
}

const WHAT: &str = "run directory";

impl RunDir {
    /// Reads and validates `run.json`, `summary.json` and `items.jsonl` under `path`.
    ///
    /// ```no_run
    /// let run = goldeval::RunDir::open("runs/ci".as_ref())?;
    /// for result in &run.summary.results {
    ///     for column in &result.metrics {
    ///         println!("{} {}/{}: {:?} ({})", result.backend, result.task, column.metric,
    ///                  column.overall.mean, column.direction.as_str());
    ///     }
    /// }
    /// # Ok::<(), goldeval::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Io`] when a file cannot be read (with a hint when the run did not finish);
    /// [`Error::Invalid`] listing every problem found, each with its file and line.
    pub fn open(path: &Path) -> Result<RunDir> {
        RunDir::read(path, true)
    }

    /// [`RunDir::open`] that checks every record of `items.jsonl` as strictly but keeps none
    /// (`items` is empty), for a reader that then streams them (`goldeval merge`), so memory
    /// does not grow with the run.
    ///
    /// # Errors
    /// As [`RunDir::open`].
    pub fn open_without_items(path: &Path) -> Result<RunDir> {
        RunDir::read(path, false)
    }

    fn read(path: &Path, keep_items: bool) -> Result<RunDir> {
        let manifest_path = path.join(files::RUN);
        if !path.is_dir() {
            return Err(Error::usage_hint(
                format!("{} is not a directory: no run to read", path.display()),
                "give the directory a run wrote (`goldeval run --out DIR`; by default \
                 runs/<time>-<id>)",
            ));
        }
        if !manifest_path.is_file() && path.join(files::PLAN).is_file() {
            return Err(Error::usage_hint(
                format!(
                    "{} is an unfinished run (no {})",
                    path.display(),
                    files::RUN
                ),
                format!("finish it with: goldeval run --resume {}", path.display()),
            ));
        }
        let what = format!("{WHAT} {}", path.display());
        let (manifest, version): (RunManifest, u32) = read_record(&manifest_path, &what)?;
        let summary_path = path.join(files::SUMMARY);
        let (summary, _): (Summary, u32) = read_record(&summary_path, &what)?;
        let mut problems = Diagnostics::new();
        check_names(&manifest_path, &manifest, &summary, &mut problems);
        let schema = schema(&summary);
        let items_path = path.join(files::ITEMS);
        let mut items = Vec::new();
        let mut read = 0usize;
        each_item(
            &items_path,
            &schema,
            Some(&manifest.backends),
            &mut problems,
            &mut |record| {
                read += 1;
                if keep_items {
                    items.push(record);
                }
            },
        )?;
        // A run.json counts the records its run wrote: fewer lines is a truncated or edited
        // items.jsonl, which would otherwise read as a smaller run.
        // (`merge`, reading without items, checks each shard against its plan and names
        // the records missing.)
        if keep_items && problems.is_empty() && read != manifest.counts.items {
            problems.push(
                Diagnostic::new(
                    &items_path,
                    None,
                    "items",
                    format!(
                        "{} counts {} item records but the file holds {read}: the run directory \
                         was truncated or edited",
                        files::RUN,
                        manifest.counts.items
                    ),
                )
                .with_hint("run it again, or restore the directory from where it was copied"),
            );
        }
        if !problems.is_empty() {
            return Err(Error::Invalid {
                what,
                diagnostics: problems,
            });
        }
        let warnings = (version < FORMAT_VERSION)
            .then(|| Warning::OlderFormat {
                file: manifest_path.clone(),
                found: version,
                current: FORMAT_VERSION,
            })
            .into_iter()
            .collect();
        Ok(RunDir {
            path: path.to_path_buf(),
            manifest,
            items,
            summary,
            warnings,
        })
    }

    /// The columns of `backend` on `task` in column order, from `summary.json`; empty when
    /// the run has no such result.
    pub fn columns(&self, backend: &str, task: Task) -> &[MetricSummary] {
        self.summary
            .results
            .iter()
            .find(|r| r.backend == backend && r.task == task)
            .map_or(&[], |r| r.metrics.as_slice())
    }

    /// The records of one backend, in file order.
    pub fn backend_items<'a>(&'a self, backend: &'a str) -> impl Iterator<Item = &'a ItemRecord> {
        self.items.iter().filter(move |r| r.backend == backend)
    }
}

/// The columns each task's records may hold: every column the summary declares.
pub(crate) fn schema(summary: &Summary) -> Schema {
    let mut schema = Schema::new();
    for result in &summary.results {
        for m in &result.metrics {
            schema.declare(result.task, &m.metric, m.bounds);
        }
    }
    schema
}

/// Every backend name of the run must be safe (it becomes a golden's file name).
fn check_names(file: &Path, manifest: &RunManifest, summary: &Summary, out: &mut Diagnostics) {
    let names = manifest
        .backends
        .iter()
        .chain(summary.results.iter().map(|r| &r.backend));
    for name in names {
        if let Err(why) = crate::config::check_name(name) {
            out.push(Diagnostic::new(
                file,
                None,
                "backends",
                format!("unsafe backend name: {why}"),
            ));
        }
    }
}

/// Reads and validates every line of an `items.jsonl`, handing each record that parses to
/// `each`; problems go to `out`.
fn each_item(
    path: &Path,
    schema: &Schema,
    backends: Option<&[String]>,
    out: &mut Diagnostics,
    each: &mut dyn FnMut(ItemRecord),
) -> Result<()> {
    let file = std::fs::File::open(path).map_err(|e| Error::io("reading", path, e))?;
    let mut check = RecordCheck::new(path, schema, backends);
    for raw in jsonl::Lines::new(path, std::io::BufReader::new(file)) {
        let parsed = raw.and_then(|raw| {
            jsonl::parse_line::<ItemRecord>(path, raw.line, &raw.text).map(|r| (raw.line, r))
        });
        match parsed {
            Ok((line, record)) => {
                check.check(line, &record);
                each(record);
            }
            Err(d) => check.push(d),
        }
    }
    if let Err(diagnostics) = check.finish() {
        out.extend(diagnostics);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::RunDir;

    const MANIFEST: &str = r#"{"format_version":2,"goldeval_version":"0.1.0","run_id":"x",
            "dataset":{"name":"d","version":"1","path":"d","hash":"sha256:0"},
            "backends":["lead"],"tasks":["summarize"],"limit":null,"signatures":{},
            "counts":{"items":1,"errors":0},
            "timings":{"started":"a","finished":"b","wall_seconds":0.0}}"#;
    const SUMMARY: &str = r#"{"format_version":2,"dataset":{"name":"d","version":"1","path":"d","hash":"sha256:0"},
            "results":[{"backend":"lead","task":"summarize","items":1,"errors":0,"metrics":[
              {"metric":"rouge1","signature":"rouge1|goldeval:0.1.0","direction":"higher","bounds":"unit","mean":0.5,"n":1}]}]}"#;
    const GOOD: &str = r#"{"id":"s1","task":"summarize","backend":"lead","output":"x","abstained":false,"scores":{"rouge1":0.5},"error":null,"latency_ms":1.0}"#;

    fn write(dir: &std::path::Path, items: &str) {
        std::fs::write(dir.join("run.json"), MANIFEST).unwrap();
        std::fs::write(dir.join("summary.json"), SUMMARY).unwrap();
        std::fs::write(dir.join("items.jsonl"), items).unwrap();
    }

    #[test]
    fn a_missing_directory_and_a_bad_line_are_reported() {
        let dir = tempfile::tempdir().unwrap();
        assert!(RunDir::open(dir.path()).is_err());
        write(dir.path(), &format!("{GOOD}\n"));
        let run = RunDir::open(dir.path()).unwrap();
        assert_eq!(run.backend_items("lead").count(), 1);
        assert!(run.warnings.is_empty());
        write(dir.path(), &format!("{GOOD}\n{{oops\n"));
        let err = RunDir::open(dir.path()).unwrap_err().to_string();
        assert!(err.contains("items.jsonl:2"), "{err}");
    }

    /// Issue 12, item 6: a score written as a string, and a second record of one item with
    /// other scores, are errors naming the line (they used to be dropped, or read as the
    /// first by check and the last by compare).
    #[test]
    fn a_string_score_and_a_duplicate_record_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let string = GOOD.replace("0.5", "\"0.9\"");
        write(dir.path(), &format!("{string}\n"));
        let err = RunDir::open(dir.path()).unwrap_err().to_string();
        assert!(
            err.contains("items.jsonl:1: scores.rouge1: invalid type: string"),
            "{err}"
        );
        let other = GOOD.replace("0.5", "0.25");
        write(dir.path(), &format!("{GOOD}\n{other}\n"));
        let err = RunDir::open(dir.path()).unwrap_err().to_string();
        assert!(err.contains("items.jsonl:2: id: a second record"), "{err}");
    }
}
