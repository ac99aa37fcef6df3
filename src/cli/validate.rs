//! `goldeval validate`: load a dataset and check every rule.

use std::path::PathBuf;

use clap::Args;

use crate::dataset::{validate::validate, Dataset};
use crate::error::{exit, Error};

/// Arguments of `goldeval validate`.
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  goldeval validate datasets/xi-moscow-2025
  goldeval validate my-dataset/ && echo ok

Every problem is listed as file:line: field: message, with a hint where there is a fix.
Exit code 0 when the dataset is valid, 2 when it has any problem.")]
pub struct ValidateArgs {
    /// The dataset directory (the one holding dataset.toml).
    #[arg(value_name = "DATASET_DIR")]
    pub dataset: PathBuf,
}

/// Runs `goldeval validate`.
///
/// # Errors
/// [`Error::Invalid`] listing every problem, or an I/O error.
pub fn execute(args: &ValidateArgs) -> Result<u8, Error> {
    let dataset = Dataset::load_streaming(&args.dataset)?;
    let mut diagnostics = validate(&dataset);
    if !diagnostics.is_empty() {
        diagnostics.sort();
        return Err(Error::Invalid {
            what: format!("dataset {}", args.dataset.display()),
            diagnostics,
        });
    }
    super::out(&format!(
        "{}: ok ({}, {}, {}; version {}, {})\n",
        args.dataset.display(),
        count(dataset.documents.len(), "document"),
        count(dataset.qa_len(), "QA item"),
        count(dataset.summary_len(), "summary item"),
        dataset.manifest.version,
        dataset.hash,
    ));
    Ok(exit::OK)
}

fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
