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
    /// no earlier run is overwritten.
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
        let file = File::create(&path).map_err(|e| Error::io("creating", &path, e))?;
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
        let path = dir.join(ITEMS);
        let bytes = fs::read(&path).map_err(|e| Error::io("reading", &path, e))?;
        let complete = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let mut records = Vec::new();
        for (n, line) in bytes[..complete].split(|&b| b == b'\n').enumerate() {
            if line.is_empty() {
                continue;
            }
            let record = serde_json::from_slice(line).map_err(|e| {
                Error::usage(format!(
                    "{}:{}: not an item record: {e}",
                    path.display(),
                    n + 1
                ))
            })?;
            records.push(record);
        }
        let file = fs::OpenOptions::new()
            .write(true)
            .open(&path)
            .map_err(|e| Error::io("opening", &path, e))?;
        file.set_len(complete as u64)
            .map_err(|e| Error::io("truncating", &path, e))?;
        let mut file = file;
        std::io::Seek::seek(&mut file, std::io::SeekFrom::End(0))
            .map_err(|e| Error::io("opening", &path, e))?;
        let journal = Journal {
            dir: dir.to_path_buf(),
            items: BufWriter::new(file),
        };
        Ok((journal, records))
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
