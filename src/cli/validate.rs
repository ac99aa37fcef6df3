//! `goldeval validate`: load a dataset and check every rule.

use std::path::PathBuf;

use clap::Args;

use crate::dataset::validate::{answer_support, validate};
use crate::dataset::{Dataset, QaItem};
use crate::error::{exit, Error};

/// Arguments of `goldeval validate`.
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  goldeval validate datasets/xi-moscow-2025
  goldeval validate my-dataset/ && echo ok
  goldeval validate datasets/xi-moscow-2025 --explain | grep 'not found'

Every problem is listed as file:line: field: message, with a hint where there is a fix.
An answerable question needs an answer that answer_match matches against a span of its
evidence (\"January 21\" is supported by \"Jan. 21\"); --explain prints, for every answer of
every QA item, the span that matched it and why, or that none did.
Exit code 0 when the dataset is valid, 2 when it has any problem.")]
pub struct ValidateArgs {
    /// The dataset directory (the one holding dataset.toml).
    #[arg(value_name = "DATASET_DIR")]
    pub dataset: PathBuf,
    /// Print, for every answer of every QA item, the evidence span answer_match matched
    /// (or that none did), before the verdict.
    #[arg(long)]
    pub explain: bool,
}

/// Runs `goldeval validate`.
///
/// # Errors
/// [`Error::Invalid`] listing every problem, or an I/O error.
pub fn execute(args: &ValidateArgs) -> Result<u8, Error> {
    let dataset = Dataset::load_streaming(&args.dataset)?;
    if args.explain {
        // Unreadable rows are reported by `validate` below.
        for (_, item) in dataset.qa_rows()?.flatten() {
            super::out(&explain(&dataset, &item));
        }
    }
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

/// The `--explain` lines of one QA item.
fn explain(dataset: &Dataset, item: &QaItem) -> String {
    let kind = item.kind.map_or("-", |k| k.as_str());
    let mut out = format!("{} [{kind}] {}\n", item.id, item.question);
    if item.answers.is_empty() {
        out.push_str("  no answers (unanswerable)\n");
        return out;
    }
    if let Some(derivation) = &item.derivation {
        out.push_str(&format!("  computed: {derivation}\n"));
    }
    for s in answer_support(dataset, item) {
        let answer = &item.answers[s.answer];
        match s.found {
            Some(f) => out.push_str(&format!(
                "  answers[{}] \"{answer}\": {} \"{}\" ({})\n",
                s.answer, f.place, f.text, f.explanation
            )),
            None => out.push_str(&format!(
                "  answers[{}] \"{answer}\": not found in the evidence\n",
                s.answer
            )),
        }
    }
    out
}

fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
