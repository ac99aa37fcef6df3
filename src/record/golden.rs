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

use super::validate::{RecordCheck, RecordView, Schema};
use super::{ItemRecord, RunDir, ScoreMap};
use crate::dataset::jsonl;
use crate::dataset::Kind;
use crate::dataset::Task;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::error::{Error, Result};
use crate::metrics::{Bounds, Direction};

/// Version of the golden format.
pub const GOLDEN_VERSION: u32 = 2;

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

/// One column's mean with its signature, direction and bounds.
///
/// Golden version 1 did not write `direction` and `bounds`; reading such a golden takes them
/// from the columns goldeval 0.1.0 could write (`record/migrate.rs`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "ColumnAggregateWire")]
pub struct ColumnAggregate {
    /// Column id.
    pub metric: String,
    /// Mean over scored items; `null` when none was scored.
    pub mean: Option<f64>,
    /// Scored items.
    pub n: usize,
    /// The signature text.
    pub signature: String,
    /// Which way the column improves.
    pub direction: Direction,
    /// The values an item's score can take.
    pub bounds: Bounds,
}

/// [`ColumnAggregate`] as read, before a version-1 column gets its direction and bounds.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ColumnAggregateWire {
    metric: String,
    mean: Option<f64>,
    n: usize,
    signature: String,
    direction: Option<Direction>,
    bounds: Option<Bounds>,
}

impl TryFrom<ColumnAggregateWire> for ColumnAggregate {
    type Error = String;

    fn try_from(w: ColumnAggregateWire) -> std::result::Result<Self, String> {
        let (direction, bounds) = match (w.direction, w.bounds) {
            (Some(d), Some(b)) => (d, b),
            _ => super::migrate::v1_column(&w.metric)?,
        };
        Ok(ColumnAggregate {
            metric: w.metric,
            mean: w.mean,
            n: w.n,
            signature: w.signature,
            direction,
            bounds,
        })
    }
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
    ///
    /// # Errors
    /// [`Error::Usage`] when the run repeated its items (`--repeat N`): a golden holds one
    /// output per item.
    pub fn from_run(run: &RunDir, backend: &str) -> Result<Golden> {
        if run.backend_items(backend).any(|r| r.repeat > 0) {
            return Err(Error::usage_hint(
                format!(
                    "{} repeated its items (--repeat); a golden holds one output per item",
                    run.path.display()
                ),
                "bless a run made without --repeat",
            ));
        }
        let items: Vec<GoldenItem> = run.backend_items(backend).map(GoldenItem::from).collect();
        let aggregates = Task::ALL
            .iter()
            .filter(|t| items.iter().any(|i| i.task == **t))
            .map(|&task| aggregate(run, backend, task, &items))
            .collect();
        let m = &run.manifest;
        Ok(Golden {
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
        })
    }

    /// Where the golden of `backend` on `dataset` lives under `root`: the only way goldeval
    /// joins a name to the goldens directory.
    ///
    /// # Errors
    /// [`Error::Usage`] when either name could leave `root` (see [`crate::config::check_name`]).
    pub fn path(root: &Path, dataset: &str, backend: &str) -> Result<PathBuf> {
        for (what, name) in [("dataset", dataset), ("backend", backend)] {
            crate::config::check_name(name).map_err(|why| {
                Error::usage_hint(
                    format!("cannot place a golden for {what} {name:?}: {why}"),
                    "goldens are files named after their dataset and backend; rename it",
                )
            })?;
        }
        Ok(root.join(dataset).join(format!("{backend}.jsonl")))
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

    /// Reads and validates a golden file: the header's version and names, every item line,
    /// one item per (task, id), scores only of the header's columns and within their bounds,
    /// and as many items per task as the header counts (a truncated golden is refused).
    ///
    /// # Errors
    /// [`Error::Io`] or [`Error::Invalid`] listing every problem with its line.
    pub fn read(path: &Path) -> Result<Golden> {
        let file = std::fs::File::open(path).map_err(|e| Error::io("reading", path, e))?;
        let mut lines = jsonl::Lines::new(path, std::io::BufReader::new(file));
        let what = || format!("golden {}", path.display());
        let header = match lines.next() {
            Some(raw) => {
                let raw = raw.map_err(|d| one(what(), d))?;
                read_header(path, &raw).map_err(|d| one(what(), d))?
            }
            None => {
                return Err(one(
                    what(),
                    Diagnostic::new(path, None, "header", "the golden is empty"),
                ))
            }
        };
        let mut schema = Schema::new();
        for a in &header.aggregates {
            for m in &a.metrics {
                schema.declare(a.task, &m.metric, m.bounds);
            }
        }
        let mut check = RecordCheck::new(path, &schema, None);
        let mut items = Vec::new();
        for raw in lines {
            let parsed = raw.and_then(|raw| {
                jsonl::parse_line::<GoldenItem>(path, raw.line, &raw.text).map(|i| (raw.line, i))
            });
            match parsed {
                Ok((line, item)) => {
                    check.check_view(line, &item.view(&header.backend));
                    items.push(item);
                }
                Err(d) => check.push(d),
            }
        }
        for a in &header.aggregates {
            let held = items.iter().filter(|i| i.task == a.task).count();
            if held != a.items {
                check.push(
                    Diagnostic::new(
                        path,
                        None,
                        "items",
                        format!(
                            "the header counts {} {} items but the file holds {held}: the golden is truncated or edited",
                            a.items, a.task
                        ),
                    )
                    .with_hint("restore it from version control, or bless it again from a run"),
                );
            }
        }
        check.finish().map_err(|diagnostics| Error::Invalid {
            what: what(),
            diagnostics,
        })?;
        Ok(Golden { header, items })
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

/// Parses and checks the header line: its version, and that its names are safe.
fn read_header(path: &Path, raw: &jsonl::RawLine) -> std::result::Result<Header, Diagnostic> {
    #[derive(Deserialize)]
    struct Version {
        golden_version: u32,
        goldeval_version: Option<String>,
    }
    let version: Version = jsonl::parse_line(path, raw.line, &raw.text)?;
    super::read::check_version(
        path,
        "golden",
        version.golden_version,
        version.goldeval_version.as_deref(),
        GOLDEN_VERSION,
    )
    .map_err(|e| match e {
        Error::Invalid { diagnostics, .. } => {
            diagnostics.iter().next().cloned().unwrap_or_else(|| {
                Diagnostic::new(path, Some(raw.line), "golden_version", "unsupported")
            })
        }
        other => Diagnostic::new(path, Some(raw.line), "golden_version", other.to_string()),
    })?;
    let header: Header = jsonl::parse_line(path, raw.line, &raw.text)?;
    for (field, name) in [("dataset", &header.dataset), ("backend", &header.backend)] {
        crate::config::check_name(name).map_err(|why| {
            Diagnostic::new(path, Some(raw.line), field, format!("unsafe name: {why}"))
        })?;
    }
    Ok(header)
}

fn one(what: String, diagnostic: Diagnostic) -> Error {
    let mut diagnostics = Diagnostics::new();
    diagnostics.push(diagnostic);
    Error::Invalid { what, diagnostics }
}

impl GoldenItem {
    /// What record validation looks at, as a record of `backend`.
    fn view<'a>(&'a self, backend: &'a str) -> RecordView<'a> {
        RecordView {
            task: self.task,
            id: &self.id,
            backend,
            repeat: 0,
            scores: &self.scores,
            errored: self.error.is_some(),
        }
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
    let metrics = run
        .columns(backend, task)
        .iter()
        .map(|column| {
            let values: Vec<f64> = of_task
                .iter()
                .filter_map(|i| i.scores.get(&column.metric))
                .collect();
            ColumnAggregate {
                metric: column.metric.clone(),
                mean: crate::stats::mean(&values),
                n: values.len(),
                signature: column.signature.to_string(),
                direction: column.direction,
                bounds: column.bounds,
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
    use crate::metrics::Direction;
    use std::path::Path;

    const HEADER: &str = concat!(
        r#"{"golden_version":2,"dataset":"d","dataset_version":"1","dataset_hash":"sha256:0","#,
        r#""backend":"lead","goldeval_version":"0.1.0","aggregates":[{"task":"summarize","#,
        r#""items":1,"errors":0,"metrics":[{"metric":"rouge1","mean":0.5,"n":1,"signature":"s","#,
        r#""direction":"higher","bounds":"unit"}]}]}"#
    );
    const ITEM: &str = r#"{"task":"summarize","id":"s1","output":"x","abstained":false,"scores":{"rouge1":0.5},"error":null}"#;

    fn read(text: &str) -> Result<Golden, String> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lead.jsonl");
        std::fs::write(&path, text).unwrap();
        Golden::read(&path).map_err(|e| e.to_string())
    }

    #[test]
    fn a_golden_round_trips_through_its_file() {
        let text = format!("{HEADER}\n{ITEM}\n");
        assert_eq!(read(&text).unwrap().to_jsonl().unwrap(), text);
        assert!(read("{}\n").unwrap_err().contains("lead.jsonl:1"));
    }

    #[test]
    fn a_version_1_golden_is_read_with_the_directions_of_format_1() {
        let v1 = HEADER
            .replace(r#""golden_version":2"#, r#""golden_version":1"#)
            .replace(r#","direction":"higher","bounds":"unit""#, "")
            .replace("rouge1", "unsupported_numbers")
            .replace("0.5", "2.0");
        let item = ITEM
            .replace("rouge1", "unsupported_numbers")
            .replace("0.5", "2.0");
        let golden = read(&format!("{v1}\n{item}\n")).unwrap();
        let column = &golden.header.aggregates[0].metrics[0];
        assert_eq!(column.direction, Direction::Lower);
        let newer = HEADER.replace(r#""golden_version":2"#, r#""golden_version":7"#);
        let err = read(&format!("{newer}\n{ITEM}\n")).unwrap_err();
        assert!(err.contains("in format 7; this build"), "{err}");
    }

    /// Issue 12, item 5: a golden holding only its header line is refused instead of passing
    /// with 0 items compared.
    #[test]
    fn a_truncated_golden_is_refused() {
        let err = read(&format!("{HEADER}\n")).unwrap_err();
        assert!(
            err.contains("the header counts 1 summarize items but the file holds 0"),
            "{err}"
        );
        let twice = read(&format!("{HEADER}\n{ITEM}\n{ITEM}\n")).unwrap_err();
        assert!(
            twice.contains("lead.jsonl:3: id: a second record"),
            "{twice}"
        );
    }

    /// Issue 12, item 2: a backend or dataset name that could leave the goldens directory is
    /// refused by the one function that makes golden paths.
    #[test]
    fn golden_paths_stay_inside_the_goldens_directory() {
        let root = Path::new("goldens");
        assert_eq!(
            Golden::path(root, "d", "lead").unwrap(),
            Path::new("goldens/d/lead.jsonl")
        );
        for (dataset, backend) in [
            ("d", "../../x"),
            ("d", "/tmp/x"),
            ("..", "lead"),
            ("d", ".x"),
        ] {
            assert!(
                Golden::path(root, dataset, backend).is_err(),
                "{dataset} {backend}"
            );
        }
        let unsafe_header = HEADER.replace(r#""backend":"lead""#, r#""backend":"../../x""#);
        let err = read(&format!("{unsafe_header}\n{ITEM}\n")).unwrap_err();
        assert!(err.contains("backend: unsafe name"), "{err}");
    }
}
