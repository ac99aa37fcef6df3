//! Validation of records as they are read back: every item record of a run directory, a
//! shard or a golden passes [`RecordCheck`] before anything is computed from it.
//!
//! A record is refused, with `file:line`, when it names a backend the run did not run or an
//! unsafe backend name, repeats the (task, item, backend, repeat) of an earlier line, holds
//! a score for a column its task does not have, a score outside the column's bounds, or
//! scores beside an error. Types are checked by the typed records themselves (a score
//! written as the string `"0.9"` or a key given twice does not parse). Together these make
//! sure `check` and `compare` see exactly one number per item and column, or stop.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use crate::dataset::Task;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::metrics::Bounds;

use super::{ItemRecord, ScoreMap};

/// The columns each task's records may hold, with their bounds.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Schema {
    columns: BTreeMap<(Task, String), Bounds>,
}

impl Schema {
    /// An empty schema.
    pub fn new() -> Self {
        Self::default()
    }

    /// Declares `task`'s column `id` with `bounds`.
    pub fn declare(&mut self, task: Task, id: &str, bounds: Bounds) {
        self.columns.insert((task, id.to_string()), bounds);
    }

    /// The bounds of `task`'s column `id`, if declared.
    pub fn bounds(&self, task: Task, id: &str) -> Option<Bounds> {
        self.columns.get(&(task, id.to_string())).copied()
    }

    /// The declared columns of `task`, in name order.
    pub fn columns(&self, task: Task) -> impl Iterator<Item = &str> {
        self.columns
            .keys()
            .filter(move |(t, _)| *t == task)
            .map(|(_, c)| c.as_str())
    }
}

/// What [`RecordCheck`] looks at in a record.
#[derive(Debug, Clone, Copy)]
pub struct RecordView<'a> {
    /// The task.
    pub task: Task,
    /// The item id.
    pub id: &'a str,
    /// The backend.
    pub backend: &'a str,
    /// The repeat (0 when not repeated).
    pub repeat: u32,
    /// The scores.
    pub scores: &'a ScoreMap,
    /// Whether the record is an error.
    pub errored: bool,
}

/// The key that identifies one record: (task, item, backend, repeat).
type Key = (Task, String, String, u32);

/// Checks records one by one, remembering what it needs to find duplicates.
pub struct RecordCheck<'a> {
    file: PathBuf,
    schema: &'a Schema,
    backends: Option<&'a [String]>,
    seen: HashMap<Key, usize>,
    diagnostics: Diagnostics,
}

impl<'a> RecordCheck<'a> {
    /// A check of records read from `file` against `schema`; with `backends`, a record of any
    /// other backend is refused.
    pub fn new(file: &Path, schema: &'a Schema, backends: Option<&'a [String]>) -> Self {
        RecordCheck {
            file: file.to_path_buf(),
            schema,
            backends,
            seen: HashMap::new(),
            diagnostics: Diagnostics::new(),
        }
    }

    /// Checks the item record read from `line`; problems are collected.
    pub fn check(&mut self, line: usize, record: &ItemRecord) {
        self.check_view(
            line,
            &RecordView {
                task: record.task,
                id: &record.id,
                backend: &record.backend,
                repeat: record.repeat,
                scores: &record.scores,
                errored: record.error.is_some(),
            },
        );
    }

    /// Checks a record of any kind (an item record, a golden's item) read from `line`.
    pub fn check_view(&mut self, line: usize, record: &RecordView<'_>) {
        let at =
            |field: &str, message: String| Diagnostic::new(&self.file, Some(line), field, message);
        let mut problems = Vec::new();
        if let Err(why) = crate::config::check_name(record.backend) {
            problems.push(at("backend", format!("unsafe backend name: {why}")));
        } else if let Some(backends) = self.backends {
            if !backends.iter().any(|b| b == record.backend) {
                problems.push(at(
                    "backend",
                    format!(
                        "backend {:?} is not one of the run's backends ({})",
                        record.backend,
                        backends.join(", ")
                    ),
                ));
            }
        }
        if record.errored && !record.scores.0.is_empty() {
            problems.push(at(
                "scores",
                "an errored item has scores; an item is either scored or errored".into(),
            ));
        }
        for (column, value) in &record.scores.0 {
            match self.schema.bounds(record.task, column) {
                None => problems.push(at(
                    "scores",
                    format!(
                        "`{column}` is not a column of the {} task here (columns: {})",
                        record.task,
                        self.schema
                            .columns(record.task)
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )),
                Some(bounds) if !bounds.contains(*value) => problems.push(at(
                    "scores",
                    format!(
                        "{column} = {value} is out of range: must be {}",
                        bounds.describe()
                    ),
                )),
                Some(_) => {}
            }
        }
        let key = (
            record.task,
            record.id.to_string(),
            record.backend.to_string(),
            record.repeat,
        );
        if let Some(first) = self.seen.get(&key) {
            problems.push(
                at(
                    "id",
                    format!(
                        "a second record of {} item {:?} by {} (repeat {}); the first is on line {first}",
                        record.task, record.id, record.backend, record.repeat
                    ),
                )
                .with_hint("a run holds one record per (task, item, backend, repeat): remove one of them"),
            );
        } else {
            self.seen.insert(key, line);
        }
        problems.into_iter().for_each(|d| self.diagnostics.push(d));
    }

    /// Records one problem found elsewhere in the same file (a line that did not parse).
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// How many records have been accepted under distinct keys.
    pub fn distinct(&self) -> usize {
        self.seen.len()
    }

    /// Every problem found, or `Ok` when there was none.
    ///
    /// # Errors
    /// The diagnostics, in file order.
    pub fn finish(self) -> Result<(), Diagnostics> {
        if self.diagnostics.is_empty() {
            Ok(())
        } else {
            Err(self.diagnostics)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{RecordCheck, Schema};
    use crate::dataset::Task;
    use crate::metrics::Bounds;
    use crate::record::{ErrorRecord, ItemRecord, ScoreMap};
    use std::path::Path;

    fn schema() -> Schema {
        let mut s = Schema::new();
        s.declare(Task::Answer, "f1", Bounds::Unit);
        s.declare(Task::Answer, "tokens", Bounds::NonNegative);
        s
    }

    fn record(id: &str, backend: &str, scores: &[(&str, f64)]) -> ItemRecord {
        let mut r = ItemRecord::new(id, Task::Answer, backend);
        r.scores = ScoreMap(scores.iter().map(|(k, v)| (k.to_string(), *v)).collect());
        r
    }

    fn problems(records: &[ItemRecord]) -> String {
        let schema = schema();
        let backends = ["b".to_string()];
        let mut check = RecordCheck::new(Path::new("items.jsonl"), &schema, Some(&backends));
        for (i, r) in records.iter().enumerate() {
            check.check(i + 1, r);
        }
        check
            .finish()
            .map_or_else(|d| d.to_string(), |()| String::new())
    }

    #[test]
    fn good_records_pass() {
        let ok = [
            record("q1", "b", &[("f1", 1.0), ("tokens", 12.0)]),
            record("q2", "b", &[]),
        ];
        assert_eq!(problems(&ok), "");
    }

    #[test]
    fn each_kind_of_corruption_is_named_with_its_line() {
        let mut errored = record("q4", "b", &[("f1", 0.5)]);
        errored.error = Some(ErrorRecord {
            kind: "timeout".into(),
            message: "x".into(),
        });
        let text = problems(&[
            record("q1", "b", &[("f1", 1.5)]),
            record("q2", "b", &[("F1", 0.5)]),
            record("q1", "b", &[("f1", 0.2)]),
            errored,
            record("q5", "other", &[]),
            record("q6", "../../x", &[]),
        ]);
        assert!(
            text.contains("items.jsonl:1: scores: f1 = 1.5 is out of range: must be in [0, 1]"),
            "{text}"
        );
        assert!(
            text.contains("items.jsonl:2: scores: `F1` is not a column"),
            "{text}"
        );
        assert!(text.contains("items.jsonl:3: id: a second record of answer item \"q1\" by b (repeat 0); the first is on line 1"), "{text}");
        assert!(
            text.contains("items.jsonl:4: scores: an errored item has scores"),
            "{text}"
        );
        assert!(
            text.contains(
                "items.jsonl:5: backend: backend \"other\" is not one of the run's backends (b)"
            ),
            "{text}"
        );
        assert!(
            text.contains("items.jsonl:6: backend: unsafe backend name"),
            "{text}"
        );
    }
}
