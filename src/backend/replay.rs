//! `replay`: outputs recorded earlier, joined to gold items by id. No model is called.
//!
//! Two sources are read:
//! - a JSON lines file of `{"id": "...", "output": "...", "abstained": false}` objects
//!   (`abstained` optional; no other keys);
//! - a previous goldeval run: its directory or its `items.jsonl`, from which one backend's
//!   outputs are taken (recorded errors are replayed as errors).
//!
//! Memory: loading checks every line and keeps only a sorted 64-bit hash of each recorded id
//! (8 bytes per output, dropped once [`Replay::bind`] has used them). Outputs are then read in
//! step with the run (`backend::replay_store`): a recording in dataset order is
//! served holding a few thousand lines at most; one in another order (or missing an item)
//! falls back to an index of the whole file by id.

use std::collections::{BTreeSet, HashSet};
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

use super::replay_store::{for_each_output, Format, Store};
use super::{Backend, BackendError, ErrorKind, Request, Response};
use crate::dataset::Task;
use crate::dataset::{id_hash, jsonl, Dataset};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::error::{Error, Result};
use crate::record::files::ITEMS;
use crate::record::ItemRecord;

/// The prefix that names a replay backend on the command line: `replay:FILE`.
pub const PREFIX: &str = "replay:";

/// Recorded outputs, served by id.
#[derive(Debug)]
pub struct Replay {
    name: String,
    source: PathBuf,
    count: usize,
    /// Sorted hashes of the recorded ids, until [`Replay::bind`].
    ids: Vec<u64>,
    store: Mutex<Store>,
    tasks: Vec<Task>,
}

impl Replay {
    /// Loads recorded outputs from `path` (a JSON lines file, a run directory, or a run's
    /// `items.jsonl`). For a run recorded with several backends, `backend` picks one.
    ///
    /// # Errors
    /// [`Error::Io`] when the file cannot be read, [`Error::Invalid`] listing every malformed
    /// or duplicated line, [`Error::Usage`] when a run holds several backends and none (or an
    /// unknown one) was chosen.
    pub fn load(name: &str, path: &Path, backend: Option<&str>) -> Result<Replay> {
        let file = if path.is_dir() {
            path.join(ITEMS)
        } else {
            path.to_path_buf()
        };
        let format = if path.is_dir() || is_run_journal(&file)? {
            Format::Journal(choose_backend(&file, backend)?)
        } else {
            if backend.is_some() {
                return Err(Error::usage(format!(
                    "{}: `backend` selects outputs from a goldeval run, but this file holds {{\"id\", \"output\"}} lines",
                    file.display()
                )));
            }
            Format::Recorded
        };
        let ids = check(&file, &format)?;
        if ids.is_empty() {
            return Err(Error::usage_hint(
                format!("{} holds no recorded outputs", file.display()),
                "a replay file holds one {\"id\", \"output\"} line per item (or is a run's items.jsonl)",
            ));
        }
        Ok(Replay {
            name: name.to_string(),
            count: ids.len(),
            store: Mutex::new(Store::new(&file, format)?),
            source: file,
            ids,
            tasks: Task::ALL.to_vec(),
        })
    }

    /// True when an id with this hash (probably) has a recorded output: the hash is among
    /// the recorded ids'.
    fn recorded_hash(&self, hash: u64) -> bool {
        self.ids.binary_search(&hash).is_ok()
    }

    /// Restricts the backend to the tasks whose items appear in the recording, and returns
    /// the recorded ids that are not items of `dataset` (sorted), for a warning.
    ///
    /// The QA items are read one at a time ([`Dataset::qa_rows`]) and looked up among the
    /// recorded ids' 64-bit hashes. When every recorded id is an item (the usual case) that
    /// is all; otherwise the recording is read again and each id whose hash is no item's is
    /// reported. A hash collision (odds below 1 in 10^7 for a million ids) could only hide an
    /// unknown id or keep a task with no recorded output (whose items then fail as missing);
    /// outputs themselves are always looked up by the exact id.
    pub fn bind(&mut self, dataset: &Dataset) -> Vec<String> {
        let mut summaries: Vec<u64> = dataset
            .summary_rows()
            .into_iter()
            .flatten()
            .flatten()
            .map(|(_, item)| id_hash(&item.id))
            .collect();
        summaries.sort_unstable();
        summaries.dedup();
        let mut matched = summaries.iter().filter(|&&h| self.recorded_hash(h)).count();
        let covers_summaries = matched > 0;
        let mut covers_qa = false;
        for (_, item) in dataset.qa_rows().into_iter().flatten().flatten() {
            let hash = id_hash(&item.id);
            if self.recorded_hash(hash) {
                covers_qa = true;
                matched += usize::from(summaries.binary_search(&hash).is_err());
            }
        }
        self.tasks = Task::ALL
            .into_iter()
            .filter(|&t| match t {
                Task::Summarize => covers_summaries,
                Task::Answer => covers_qa,
            })
            .collect();
        self.ids = Vec::new();
        if matched == self.count {
            return Vec::new();
        }
        let mut known = summaries;
        let qa = dataset.qa_rows().into_iter().flatten().flatten();
        known.extend(qa.map(|(_, item)| id_hash(&item.id)));
        known.sort_unstable();
        let mut unknown = BTreeSet::new();
        let format = lock(&self.store).format().clone();
        let _ = for_each_output(&self.source, &format, |_, parsed| {
            if let Ok((id, _)) = parsed {
                if known.binary_search(&id_hash(&id)).is_err() {
                    unknown.insert(id);
                }
            }
        });
        unknown.into_iter().collect()
    }

    /// How many outputs were recorded.
    pub fn len(&self) -> usize {
        self.count
    }

    /// True when the recording is empty.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }
}

impl Backend for Replay {
    fn name(&self) -> &str {
        &self.name
    }

    fn describe(&self) -> String {
        format!(
            "replays {} recorded outputs from {}",
            self.count,
            self.source.display()
        )
    }

    fn supports(&self, task: Task) -> bool {
        self.tasks.contains(&task)
    }

    fn call(&self, request: &Request) -> Response {
        Response::timed(|| match lock(&self.store).get(&request.item_id) {
            Ok(Some(recorded)) => recorded,
            Err(e) => Err(BackendError::new(ErrorKind::Replay, e.to_string())),
            Ok(None) => Err(BackendError::new(
                ErrorKind::Missing,
                format!(
                    "no recorded output for item \"{}\" in {}",
                    request.item_id,
                    self.source.display()
                ),
            )),
        })
    }
}

fn lock(store: &Mutex<Store>) -> MutexGuard<'_, Store> {
    store.lock().unwrap_or_else(PoisonError::into_inner)
}

fn open(file: &Path) -> Result<BufReader<File>> {
    File::open(file)
        .map(BufReader::new)
        .map_err(|e| Error::io("reading", file, e))
}

/// Calls `each(line number, text)` for every non-blank line.
fn for_each_line(file: &Path, mut each: impl FnMut(usize, &str)) -> Result<()> {
    for (index, text) in open(file)?.lines().enumerate() {
        let text = text.map_err(|e| Error::io("reading", file, e))?;
        if !text.trim().is_empty() {
            each(index + 1, &text);
        }
    }
    Ok(())
}

/// Checks every output line of `file` and returns the sorted hashes of their ids.
///
/// # Errors
/// [`Error::Invalid`] listing every malformed line and every repeated id (found by hash,
/// then confirmed on the ids themselves).
fn check(file: &Path, format: &Format) -> Result<Vec<u64>> {
    let mut ids = Vec::new();
    let mut diagnostics = Diagnostics::new();
    for_each_output(file, format, |_, parsed| match parsed {
        Ok((id, _)) => ids.push(id_hash(&id)),
        Err(d) => diagnostics.push(d),
    })?;
    ids.sort_unstable();
    let candidates: HashSet<u64> = ids
        .windows(2)
        .filter(|w| w[0] == w[1])
        .map(|w| w[0])
        .collect();
    if !candidates.is_empty() {
        let mut seen = HashSet::new();
        for_each_output(file, format, |line, parsed| {
            let Ok((id, _)) = parsed else { return };
            if candidates.contains(&id_hash(&id)) && !seen.insert(id.clone()) {
                let message = match format {
                    Format::Recorded => format!("duplicate id \"{id}\""),
                    Format::Journal(b) => format!("duplicate id \"{id}\" for backend \"{b}\""),
                };
                diagnostics.push(Diagnostic::new(file, Some(line), "id", message));
            }
        })?;
    }
    if diagnostics.is_empty() {
        Ok(ids)
    } else {
        Err(invalid(file, diagnostics))
    }
}

/// True when the first non-blank line of `file` is a goldeval item record.
fn is_run_journal(file: &Path) -> Result<bool> {
    for text in open(file)?.lines() {
        let text = text.map_err(|e| Error::io("reading", file, e))?;
        if !text.trim().is_empty() {
            return Ok(serde_json::from_str::<ItemRecord>(&text).is_ok());
        }
    }
    Ok(false)
}

fn invalid(file: &Path, diagnostics: Diagnostics) -> Error {
    Error::Invalid {
        what: format!("recorded outputs {}", file.display()),
        diagnostics,
    }
}

/// The backend whose outputs to replay from a run journal.
fn choose_backend(file: &Path, wanted: Option<&str>) -> Result<String> {
    let mut names = BTreeSet::new();
    let mut diagnostics = Diagnostics::new();
    for_each_line(file, |line, text| {
        match jsonl::parse_line::<ItemRecord>(file, line, text) {
            Ok(r) => {
                if !names.contains(&r.backend) {
                    names.insert(r.backend);
                }
            }
            Err(d) => diagnostics.push(d),
        }
    })?;
    if !diagnostics.is_empty() {
        return Err(invalid(file, diagnostics));
    }
    let list = names.iter().cloned().collect::<Vec<_>>().join(", ");
    match wanted {
        Some(name) if names.contains(name) => Ok(name.to_string()),
        Some(name) => Err(Error::usage_hint(
            format!("{} has no outputs of backend \"{name}\"", file.display()),
            format!("backends in this run: {list}"),
        )),
        None if names.len() == 1 => Ok(names.into_iter().next().unwrap_or_default()),
        None => Err(Error::usage_hint(
            format!(
                "{} holds outputs of several backends ({list}); which one to replay?",
                file.display()
            ),
            "configure a [[backend]] with kind = \"replay\", path and backend = \"NAME\" in goldeval.toml",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::Output;

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    fn request(id: &str) -> Request {
        Request {
            item_id: id.into(),
            task: Task::Answer,
            documents: Vec::new(),
            question: Some("?".into()),
            references: Vec::new(),
        }
    }

    #[test]
    fn recorded_lines_are_served_by_id_and_missing_ids_are_item_errors() {
        let tmp = tempfile::tempdir().unwrap();
        let path = write(
            tmp.path(),
            "out.jsonl",
            "{\"id\":\"a\",\"output\":\"x\"}\n\n{\"id\":\"b\",\"output\":\"\",\"abstained\":true}\n",
        );
        let replay = Replay::load("r", &path, None).unwrap();
        assert_eq!(replay.len(), 2);
        assert_eq!(replay.call(&request("a")).result, Ok(Output::text("x")));
        assert_eq!(replay.call(&request("b")).result, Ok(Output::abstain()));
        let missing = replay.call(&request("c")).result.unwrap_err();
        assert_eq!(missing.kind.as_str(), "missing");
        assert!(missing.message.contains("\"c\""), "{missing}");
    }

    #[test]
    fn malformed_duplicate_and_unknown_keys_are_all_reported_with_lines() {
        let tmp = tempfile::tempdir().unwrap();
        let path = write(
            tmp.path(),
            "out.jsonl",
            "{\"id\":\"a\",\"output\":\"x\"}\n{\"id\":\"a\",\"output\":\"y\"}\n{\"id\":\"b\",\"text\":\"y\"}\nnot json\n",
        );
        let error = Replay::load("r", &path, None).unwrap_err().to_string();
        assert!(
            error.contains("out.jsonl:2: id: duplicate id \"a\""),
            "{error}"
        );
        assert!(
            error.contains("out.jsonl:3: text: unknown field"),
            "{error}"
        );
        assert!(error.contains("out.jsonl:4: -: invalid JSON"), "{error}");
    }

    #[test]
    fn a_run_journal_replays_the_chosen_backend_and_its_errors() {
        let tmp = tempfile::tempdir().unwrap();
        let line = |id: &str, backend: &str, output: &str, error: &str| {
            format!("{{\"id\":\"{id}\",\"task\":\"answer\",\"backend\":\"{backend}\",\"output\":{output},\"abstained\":false,\"scores\":{{}},\"error\":{error},\"latency_ms\":1.0}}\n")
        };
        let text = [
            line("q1", "a", "\"one\"", "null"),
            line("q1", "b", "\"uno\"", "null"),
            line(
                "q2",
                "a",
                "null",
                "{\"kind\":\"timeout\",\"message\":\"slow\"}",
            ),
        ]
        .concat();
        write(tmp.path(), ITEMS, &text);
        let several = Replay::load("r", tmp.path(), None).unwrap_err().to_string();
        assert!(several.contains("several backends (a, b)"), "{several}");
        let replay = Replay::load("r", tmp.path(), Some("a")).unwrap();
        assert_eq!(replay.call(&request("q1")).result, Ok(Output::text("one")));
        let error = replay.call(&request("q2")).result.unwrap_err();
        assert_eq!(error.kind.as_str(), "timeout");
        let b = Replay::load("r", &tmp.path().join(ITEMS), Some("b")).unwrap();
        assert_eq!(b.call(&request("q1")).result, Ok(Output::text("uno")));
        assert!(Replay::load("r", tmp.path(), Some("zzz")).is_err());
    }

    #[test]
    fn bind_keeps_covered_tasks_and_lists_unknown_ids() {
        let dataset = Dataset::load(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/datasets/mini"
        ))
        .unwrap();
        let tmp = tempfile::tempdir().unwrap();
        let path = write(
            tmp.path(),
            "out.jsonl",
            "{\"id\":\"mq-1\",\"output\":\"4,200\"}\n{\"id\":\"zz\",\"output\":\"?\"}\n",
        );
        let mut replay = Replay::load("r", &path, None).unwrap();
        assert_eq!(replay.bind(&dataset), ["zz"]);
        assert!(replay.supports(Task::Answer));
        assert!(!replay.supports(Task::Summarize));
    }
}
