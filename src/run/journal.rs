//! The run directory on disk: `items.jsonl` appended and flushed item by item, and
//! `run.json` / `summary.json` written atomically at the end.

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::record::{self, ItemRecord, RunManifest, Summary};

/// File name of the item journal.
pub const ITEMS: &str = "items.jsonl";
/// File name of the run manifest.
pub const RUN: &str = "run.json";
/// File name of the aggregate summary.
pub const SUMMARY: &str = "summary.json";

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
