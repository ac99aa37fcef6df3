//! `-o FILE` on `run`, `check` and `compare`: the report files, with each item's reference
//! from the run's dataset (a warning, not an error, when it cannot be read).

use std::path::PathBuf;

use crate::error::Result;
use crate::record::DatasetRef;
use crate::report::export::{self, Format};
use crate::report::model::Report;
use crate::report::references::References;

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
