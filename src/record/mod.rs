//! The on-disk format of a run directory, documented as a spec.
//!
//! A run directory holds three files:
//!
//! - `run.json` ([`RunManifest`]): configuration, dataset identity (name, version, content
//!   hash), goldeval version, metric signatures and timings;
//! - `items.jsonl` ([`ItemRecord`]): one line per (task, item, backend), appended and flushed
//!   as each item finishes, in a stable order: summarization before QA, items in dataset
//!   order, backends in the order they were selected;
//! - `summary.json` ([`Summary`]): per backend and task, the mean of every metric column with
//!   its signature, the number of items scored and errored, and for QA a per-kind breakdown;
//! - `plan.json` ([`RunPlan`]): the dataset, backends, tasks and limit, written before the
//!   first item so an interrupted run can be resumed.
//!
//! Every struct serializes its fields in declaration order and open maps are ordered
//! (`BTreeMap` or column order), so the same inputs give byte-identical files (but for
//! timings and latencies). Floats are written with shortest round-trip precision. A value
//! that does not exist (a mean over zero items, a score of an errored item) is `null`.
//! [`FORMAT_VERSION`] is bumped on any incompatible change.

pub mod files;
pub mod golden;
mod item;
mod manifest;
mod migrate;
mod plan;
pub mod read;
mod repeats;
mod run_dir;
mod summary;
pub mod validate;

pub use item::{ErrorRecord, ItemRecord, ScoreMap, Usage};
pub use manifest::{Counts, DatasetRef, RecordsDigest, RunManifest, Timings};
pub use plan::{Planned, RunPlan, Shard};
pub use repeats::{RepeatedItem, Repeats, Spread};
pub use run_dir::RunDir;
pub use summary::{BackendSummary, MetricSummary, Summary};

/// Version of the run-directory format written by this build.
pub const FORMAT_VERSION: u32 = 2;

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};

/// Writes `bytes` to `path` atomically: a temporary file in the same directory, flushed and
/// synced, then renamed over `path`. Readers see the old file or the new one, never half.
///
/// # Errors
/// [`Error::Io`] naming the path.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_with(path, |w| {
        w.write_all(bytes)
            .map_err(|source| Error::io("writing", path, source))
    })
}

/// Streams `write`'s output into a temporary file beside `path`, flushes and syncs it, then
/// renames it over `path`; on any error the temporary file is removed and `path` is
/// untouched. The file gets a plain new file's mode ([`temp_beside`]).
///
/// # Errors
/// [`Error::Io`] naming the path, or whatever `write` returns.
pub fn write_atomic_with<T>(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> Result<T>,
) -> Result<T> {
    let io = |source| Error::io("writing", path, source);
    let tmp = temp_beside(path)?;
    let mut w = std::io::BufWriter::new(tmp);
    let value = write(&mut w)?;
    let tmp = w.into_inner().map_err(|e| io(e.into_error()))?;
    tmp.as_file().sync_all().map_err(io)?;
    persist(tmp, path)?;
    Ok(value)
}

/// A temporary file in `path`'s directory (so renaming it onto `path` is atomic), created
/// with the mode a plain file would get (0666 less the umask, 0644 by default), not 0600.
///
/// # Errors
/// [`Error::Io`] naming the directory.
pub fn temp_beside(path: &Path) -> Result<tempfile::NamedTempFile> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut builder = tempfile::Builder::new();
    builder.prefix(".goldeval-");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder
        .tempfile_in(dir)
        .map_err(|e| Error::io("creating a file in", dir, e))
}

/// Renames a finished temporary file onto `path`.
///
/// # Errors
/// [`Error::Io`] naming the path.
pub fn persist(tmp: tempfile::NamedTempFile, path: &Path) -> Result<()> {
    tmp.persist(path)
        .map(drop)
        .map_err(|e| Error::io("renaming into", path, e.error))
}

/// Serializes `value` as pretty JSON with a trailing newline and writes it atomically.
///
/// # Errors
/// [`Error::Io`] naming the path, or [`Error::Serialize`].
pub fn write_json(path: &Path, value: &impl serde::Serialize) -> Result<()> {
    let mut bytes = serde_json::to_vec_pretty(value).map_err(|source| Error::Serialize {
        what: path.display().to_string(),
        source,
    })?;
    bytes.push(b'\n');
    write_atomic(path, &bytes)
}
