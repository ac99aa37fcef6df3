//! The run directory on disk: `items.jsonl` appended and flushed item by item, and
//! `run.json` / `summary.json` written atomically at the end.

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::record::{self, ItemRecord, RunManifest, Summary};

use crate::record::files::{ITEMS, RUN, SUMMARY};

/// An open run directory.
#[derive(Debug)]
pub struct Journal {
    dir: PathBuf,
    items: BufWriter<File>,
}

impl Journal {
    /// Creates `dir` (and its parents). It must not exist yet, or be an empty directory, so
    /// no earlier run is overwritten; `items.jsonl` is created exclusively, so of two
    /// writers racing for one directory only one gets it.
    ///
    /// # Errors
    /// [`Error::Usage`] when `dir` holds files, [`Error::Io`] when it cannot be created.
    pub fn create(dir: &Path) -> Result<Journal> {
        if dir.exists() {
            let mut entries = fs::read_dir(dir).map_err(|e| Error::io("reading", dir, e))?;
            if entries.next().is_some() {
                return Err(Error::usage_hint(
                    format!(
                        "run directory {} already exists and is not empty",
                        dir.display()
                    ),
                    "choose another --out directory, or delete the old run first",
                ));
            }
        }
        fs::create_dir_all(dir).map_err(|e| Error::io("creating directory", dir, e))?;
        let path = dir.join(ITEMS);
        // Created exclusively: of two processes given one directory (two shards with the
        // same --out on a shared volume), one fails here instead of both writing one journal.
        let file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::AlreadyExists => Error::usage_hint(
                    format!(
                        "run directory {} is being written by another goldeval (it has an {ITEMS})",
                        dir.display()
                    ),
                    "give each run (and each shard) its own --out directory",
                ),
                _ => Error::io("creating", &path, e),
            })?;
        Ok(Journal {
            dir: dir.to_path_buf(),
            items: BufWriter::new(file),
        })
    }

    /// Reopens the journal of an interrupted run for appending. A torn last line (the
    /// process died while writing it) is cut off; every complete line is returned.
    ///
    /// # Errors
    /// [`Error::Io`]; [`Error::Usage`] when a complete line is not an item record.
    pub fn reopen(dir: &Path) -> Result<(Journal, Vec<ItemRecord>)> {
        let mut records = Vec::new();
        let journal = Journal::reopen_each(dir, &mut |record| {
            records.push(record);
            Ok(())
        })?;
        Ok((journal, records))
    }

    /// [`Journal::reopen`], handing each complete record to `each` in file order instead of
    /// returning them all, so that no more than one is held.
    ///
    /// # Errors
    /// As [`Journal::reopen`], or `each`'s error.
    pub fn reopen_each(
        dir: &Path,
        each: &mut dyn FnMut(ItemRecord) -> Result<()>,
    ) -> Result<Journal> {
        let path = dir.join(ITEMS);
        let mut records = Records::open(&path)?;
        for record in records.by_ref() {
            each(record?)?;
        }
        let complete = records.complete();
        let file = fs::OpenOptions::new()
            .write(true)
            .open(&path)
            .map_err(|e| Error::io("opening", &path, e))?;
        file.set_len(complete)
            .map_err(|e| Error::io("truncating", &path, e))?;
        let mut file = file;
        std::io::Seek::seek(&mut file, std::io::SeekFrom::End(0))
            .map_err(|e| Error::io("opening", &path, e))?;
        Ok(Journal {
            dir: dir.to_path_buf(),
            items: BufWriter::new(file),
        })
    }

    /// Replaces `items.jsonl` atomically with `records`, one per line, in the given order.
    ///
    /// # Errors
    /// [`Error::Io`] or [`Error::Serialize`].
    pub fn rewrite(&mut self, records: &[ItemRecord]) -> Result<()> {
        let path = self.dir.join(ITEMS);
        self.items
            .flush()
            .map_err(|e| Error::io("writing", &path, e))?;
        let mut bytes = Vec::new();
        for record in records {
            serde_json::to_writer(&mut bytes, record).map_err(|source| Error::Serialize {
                what: path.display().to_string(),
                source,
            })?;
            bytes.push(b'\n');
        }
        record::write_atomic(&path, &bytes)?;
        let file = fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .map_err(|e| Error::io("opening", &path, e))?;
        self.items = BufWriter::new(file);
        Ok(())
    }

    /// The run directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Appends one record as a JSON line and flushes it, so a crash loses nothing finished.
    ///
    /// # Errors
    /// [`Error::Io`] or [`Error::Serialize`].
    pub fn append(&mut self, item: &ItemRecord) -> Result<()> {
        let path = self.dir.join(ITEMS);
        let line = serde_json::to_string(item).map_err(|source| Error::Serialize {
            what: path.display().to_string(),
            source,
        })?;
        writeln!(self.items, "{line}")
            .and_then(|()| self.items.flush())
            .map_err(|e| Error::io("writing", &path, e))
    }

    /// Syncs the journal and writes `summary.json` and `run.json`.
    ///
    /// # Errors
    /// [`Error::Io`] or [`Error::Serialize`].
    pub fn finish(mut self, manifest: &RunManifest, summary: &Summary) -> Result<PathBuf> {
        let items = self.dir.join(ITEMS);
        self.items
            .flush()
            .and_then(|()| self.items.get_ref().sync_all())
            .map_err(|e| Error::io("writing", &items, e))?;
        record::write_json(&self.dir.join(SUMMARY), summary)?;
        record::write_json(&self.dir.join(RUN), manifest)?;
        Ok(self.dir)
    }
}

/// The complete records of an `items.jsonl`, read one line at a time. A last line with no
/// line ending (torn: the writer died in the middle of it) is not a record.
pub struct Records {
    path: PathBuf,
    reader: std::io::BufReader<File>,
    line: usize,
    /// Bytes of complete lines read so far.
    complete: u64,
    buffer: Vec<u8>,
}

impl Records {
    /// Opens `path`.
    ///
    /// # Errors
    /// [`Error::Io`] when it cannot be opened.
    pub fn open(path: &Path) -> Result<Records> {
        let file = File::open(path).map_err(|e| Error::io("reading", path, e))?;
        Ok(Records {
            path: path.to_path_buf(),
            reader: std::io::BufReader::new(file),
            line: 0,
            complete: 0,
            buffer: Vec::new(),
        })
    }

    /// The length of the complete lines read so far (all of them once the iterator ended).
    pub fn complete(&self) -> u64 {
        self.complete
    }

    /// The 1-based line number of the last record returned.
    pub fn line(&self) -> usize {
        self.line
    }
}

impl Iterator for Records {
    type Item = Result<ItemRecord>;

    fn next(&mut self) -> Option<Result<ItemRecord>> {
        loop {
            self.buffer.clear();
            let n = match std::io::BufRead::read_until(&mut self.reader, b'\n', &mut self.buffer) {
                Ok(n) => n,
                Err(e) => return Some(Err(Error::io("reading", &self.path, e))),
            };
            if n == 0 || self.buffer.last() != Some(&b'\n') {
                return None;
            }
            self.line += 1;
            self.complete += n as u64;
            let line = &self.buffer[..n - 1];
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            return Some(serde_json::from_slice(line).map_err(|e| {
                Error::usage(format!(
                    "{}:{}: not an item record: {e}",
                    self.path.display(),
                    self.line
                ))
            }));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::Task;

    fn record(id: &str) -> ItemRecord {
        ItemRecord {
            output: Some("x".into()),
            latency_ms: 1.0,
            ..ItemRecord::new(id, Task::Answer, "b")
        }
    }

    #[test]
    fn reopen_cuts_a_torn_last_line_and_appends_after_the_rest() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("run");
        let mut journal = Journal::create(&dir).unwrap();
        journal.append(&record("a")).unwrap();
        journal.append(&record("b")).unwrap();
        drop(journal);
        let path = dir.join(ITEMS);
        let mut text = fs::read_to_string(&path).unwrap();
        text.push_str("{\"id\":\"c\",\"ta");
        fs::write(&path, &text).unwrap();
        let (mut journal, records) = Journal::reopen(&dir).unwrap();
        let ids: Vec<&str> = records.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["a", "b"]);
        journal.append(&record("c")).unwrap();
        let lines: Vec<String> = fs::read_to_string(&path)
            .unwrap()
            .lines()
            .map(String::from)
            .collect();
        assert_eq!(lines.len(), 3);
        assert!(
            lines[2].starts_with("{\"id\":\"c\",\"task\""),
            "{}",
            lines[2]
        );
        journal.rewrite(&[record("z")]).unwrap();
        journal.append(&record("y")).unwrap();
        let text = fs::read_to_string(&path).unwrap();
        assert_eq!(text.lines().count(), 2);
        assert!(text.starts_with("{\"id\":\"z\""));
    }
}
