//! How a replay finds an item's recorded output without holding the whole recording.
//!
//! A run asks for items in dataset order (a few dozen out of order at most, as the worker
//! pool's window allows), and recordings are usually written in that order too. So the store
//! reads its file forward in step with the run: a line read before its item is asked for is
//! parked, an answered one is remembered for a while (repeats and other calls of the same
//! item come right after). When the file is evidently in another order (more than
//! [`PARK_LIMIT`] lines parked) or an item is not found before the end of the file, the store
//! falls back to an index of the whole file by id, as replay always did. Either way an id
//! gets the same answer; only memory differs: a few thousand entries in step, the whole
//! recording out of step.

use std::collections::{HashMap, VecDeque};
use std::fs::File;
use std::io::{BufRead, BufReader, Lines};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::{BackendError, ErrorKind, Output};
use crate::dataset::jsonl;
use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};
use crate::record::ItemRecord;

/// A recorded output, or a recorded error.
pub(super) type Recorded = std::result::Result<Output, BackendError>;

/// Lines read ahead of the run beyond which the file counts as out of order.
pub(super) const PARK_LIMIT: usize = 16_384;

/// Answered items remembered for calls that come again (repeats).
const RECENT: usize = 4_096;

/// One line of a recorded-outputs file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RecordedLine {
    id: String,
    output: String,
    #[serde(default)]
    abstained: bool,
}

/// What the lines of a replay file are.
#[derive(Debug, Clone)]
pub(super) enum Format {
    /// `{"id", "output", "abstained"}` lines.
    Recorded,
    /// A goldeval `items.jsonl`; only this backend's records count.
    Journal(String),
}

impl Format {
    /// The id and output of one line; `None` for another backend's record.
    fn parse(
        &self,
        file: &Path,
        line: usize,
        text: &str,
    ) -> Option<std::result::Result<(String, Recorded), Diagnostic>> {
        Some(match self {
            Format::Recorded => jsonl::parse_line::<RecordedLine>(file, line, text).map(|r| {
                let output = Output {
                    abstained: r.abstained,
                    ..Output::text(r.output)
                };
                (r.id, Ok(output))
            }),
            Format::Journal(backend) => match jsonl::parse_line::<ItemRecord>(file, line, text) {
                Ok(r) if r.backend == *backend => Ok((r.id.clone(), from_record(r))),
                Ok(_) => return None,
                Err(d) => Err(d),
            },
        })
    }
}

fn from_record(record: ItemRecord) -> Recorded {
    match (record.output, record.error) {
        (_, Some(e)) => Err(match ErrorKind::from_wire(&e.kind) {
            Some(kind) => BackendError::new(kind, format!("recorded error: {}", e.message)),
            None => BackendError::new(
                ErrorKind::Replay,
                format!("recorded error of unknown kind `{}`: {}", e.kind, e.message),
            ),
        }),
        (output, None) => Ok(Output {
            abstained: record.abstained,
            redacted: record.redacted,
            ..Output::text(output.unwrap_or_default())
        }),
    }
}

fn open(file: &Path) -> Result<BufReader<File>> {
    File::open(file)
        .map(BufReader::new)
        .map_err(|e| Error::io("reading", file, e))
}

/// Calls `each(line, parsed)` for every output line of `file` in `format`.
///
/// # Errors
/// [`Error::Io`] when the file cannot be read.
pub(super) fn for_each_output(
    file: &Path,
    format: &Format,
    mut each: impl FnMut(usize, std::result::Result<(String, Recorded), Diagnostic>),
) -> Result<()> {
    for (index, text) in open(file)?.lines().enumerate() {
        let text = text.map_err(|e| Error::io("reading", file, e))?;
        if text.trim().is_empty() {
            continue;
        }
        if let Some(parsed) = format.parse(file, index + 1, &text) {
            each(index + 1, parsed);
        }
    }
    Ok(())
}

/// Recorded outputs by id, read in step with the run or indexed whole.
#[derive(Debug)]
pub(super) struct Store {
    file: PathBuf,
    format: Format,
    state: State,
}

#[derive(Debug)]
enum State {
    /// Reading forward: the next lines, those read ahead, those recently answered.
    InStep {
        lines: Lines<BufReader<File>>,
        line: usize,
        parked: HashMap<String, Recorded>,
        recent: HashMap<String, Recorded>,
        order: VecDeque<String>,
    },
    /// Every output of the file by id.
    Index(HashMap<String, Recorded>),
}

impl Store {
    /// A store reading `file` (already checked) from its start.
    ///
    /// # Errors
    /// [`Error::Io`] when the file cannot be opened.
    pub(super) fn new(file: &Path, format: Format) -> Result<Store> {
        Ok(Store {
            file: file.to_path_buf(),
            format,
            state: State::InStep {
                lines: open(file)?.lines(),
                line: 0,
                parked: HashMap::new(),
                recent: HashMap::new(),
                order: VecDeque::new(),
            },
        })
    }

    /// The format of the file's lines.
    pub(super) fn format(&self) -> &Format {
        &self.format
    }

    /// True once the store has fallen back to indexing the whole file.
    #[cfg(test)]
    pub(super) fn is_indexed(&self) -> bool {
        matches!(self.state, State::Index(_))
    }

    /// The recorded output of `id`, `None` when the file has none.
    ///
    /// # Errors
    /// [`Error::Io`] (or a parse problem) when the file changed since it was checked.
    pub(super) fn get(&mut self, id: &str) -> Result<Option<Recorded>> {
        let State::InStep {
            lines,
            line,
            parked,
            recent,
            order,
        } = &mut self.state
        else {
            return Ok(self.indexed(id));
        };
        if let Some(found) = recent.get(id) {
            return Ok(Some(found.clone()));
        }
        let mut found = parked.remove(id);
        while found.is_none() && parked.len() <= PARK_LIMIT {
            let Some(text) = lines.next() else { break };
            *line += 1;
            let text = text.map_err(|e| Error::io("reading", &self.file, e))?;
            if text.trim().is_empty() {
                continue;
            }
            match self.format.parse(&self.file, *line, &text) {
                Some(Ok((key, recorded))) if key == id => found = Some(recorded),
                Some(Ok((key, recorded))) => {
                    parked.insert(key, recorded);
                }
                Some(Err(d)) => return Err(Error::usage(d.to_string())),
                None => {}
            }
        }
        let Some(found) = found else {
            self.state = State::Index(index(&self.file, &self.format)?);
            return Ok(self.indexed(id));
        };
        if order.len() == RECENT {
            if let Some(old) = order.pop_front() {
                recent.remove(&old);
            }
        }
        order.push_back(id.to_string());
        recent.insert(id.to_string(), found.clone());
        Ok(Some(found))
    }

    fn indexed(&self, id: &str) -> Option<Recorded> {
        match &self.state {
            State::Index(map) => map.get(id).cloned(),
            State::InStep { .. } => None,
        }
    }
}

/// Every output of `file` by id.
fn index(file: &Path, format: &Format) -> Result<HashMap<String, Recorded>> {
    let mut map = HashMap::new();
    let mut problem = None;
    for_each_output(file, format, |_, parsed| match parsed {
        Ok((id, recorded)) => {
            map.insert(id, recorded);
        }
        Err(d) => problem = problem.take().or(Some(d)),
    })?;
    match problem {
        Some(d) => Err(Error::usage(d.to_string())),
        None => Ok(map),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recording(ids: impl Iterator<Item = usize>) -> (tempfile::TempDir, PathBuf) {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("out.jsonl");
        let text: String = ids
            .map(|i| format!("{{\"id\":\"q-{i}\",\"output\":\"{i}\"}}\n"))
            .collect();
        std::fs::write(&path, text).unwrap();
        (tmp, path)
    }

    fn text(store: &mut Store, i: usize) -> Option<String> {
        let found = store.get(&format!("q-{i}")).unwrap()?;
        Some(found.unwrap().text)
    }

    /// Asked in file order, a little shuffled (as the pool's window allows) and each item
    /// twice (repeats), the store stays in step: it never indexes the file.
    #[test]
    fn a_recording_in_run_order_is_served_in_step() {
        let n = 3 * PARK_LIMIT;
        let (_tmp, path) = recording(0..n);
        let mut store = Store::new(&path, Format::Recorded).unwrap();
        for chunk in (0..n).collect::<Vec<_>>().chunks(50) {
            for &i in chunk.iter().rev() {
                assert_eq!(text(&mut store, i), Some(i.to_string()));
                assert_eq!(text(&mut store, i), Some(i.to_string()));
            }
        }
        assert!(!store.is_indexed());
    }

    /// A recording in another order, or asked for an id it lacks, falls back to the index
    /// and still answers every id the same.
    #[test]
    fn a_recording_out_of_order_or_missing_an_item_falls_back_to_the_index() {
        let n = 2 * PARK_LIMIT;
        let (_tmp, path) = recording((0..n).rev());
        let mut store = Store::new(&path, Format::Recorded).unwrap();
        for i in 0..n {
            assert_eq!(text(&mut store, i), Some(i.to_string()));
        }
        assert!(store.is_indexed());
        let (_tmp, path) = recording(0..10);
        let mut store = Store::new(&path, Format::Recorded).unwrap();
        assert_eq!(text(&mut store, 3), Some("3".into()));
        assert_eq!(text(&mut store, 99), None);
        assert!(store.is_indexed());
        assert_eq!(text(&mut store, 0), Some("0".into()));
    }
}
