//! `-o FILE` on `run`, `check` and `compare`: the report files, with each item's reference
//! from the run's dataset (a warning, not an error, when it cannot be read).

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::record::DatasetRef;
use crate::report::export::{self, Format};
use crate::report::model::Report;
use crate::report::references::References;

/// The report files of `-o`, checked before any work starts: each has a known extension,
/// can be created where it is to be written (so a bad path is found before a long run, not
/// after it), and is not a file of a run directory in `runs` (`-o RUN/items.jsonl` would
/// overwrite the run's own journal).
///
/// # Errors
/// [`Error::Usage`] or [`Error::Io`] naming the file.
pub(crate) fn prepare(paths: &[PathBuf], runs: &[&Path]) -> Result<Vec<(PathBuf, Format)>> {
    let outputs = export::formats(paths)?;
    for (path, _) in &outputs {
        for run in runs {
            refuse_run_file(path, run)?;
        }
        crate::record::temp_beside(path)?;
    }
    Ok(outputs)
}

/// Refuses `path` when it names one of the files goldeval keeps in the run directory `run`.
fn refuse_run_file(path: &Path, run: &Path) -> Result<()> {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return Ok(());
    };
    if !crate::record::files::ALL.contains(&name) {
        return Ok(());
    }
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let same_dir = match (parent.canonicalize(), run.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => parent == run,
    };
    if same_dir {
        return Err(Error::usage_hint(
            format!("-o {} would overwrite the run's own {name}", path.display()),
            "write reports outside the run directory, or under another name",
        ));
    }
    Ok(())
}

/// Attaches the references of `dataset` to `report` and writes it to every output.
///
/// # Errors
/// I/O errors naming the file.
pub(crate) fn write(
    mut report: Report,
    dataset: &DatasetRef,
    outputs: &[(PathBuf, Format)],
) -> Result<()> {
    if outputs.is_empty() {
        return Ok(());
    }
    match References::of_dataset(dataset) {
        Ok(references) => report.attach_references(&references),
        Err(why) => super::warn(&why),
    }
    export::write_all(&report, outputs)
}
