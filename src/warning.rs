//! [`Warning`]: things a user should know that do not stop a command, as a typed enum.
//!
//! A warning's text says what happened and what to do about it. Warnings of a run are also
//! written to `run.json` (`warnings`), so a CI log, a report and a later reader see the same
//! thing; the command line prints them as `warning: …` on stderr.

use std::fmt;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// A warning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Warning {
    /// A replay file holds outputs for ids the dataset does not have.
    UnknownRecordedIds {
        /// The replay backend.
        backend: String,
        /// The dataset's name.
        dataset: String,
        /// How many ids.
        count: usize,
        /// The first few of them.
        shown: Vec<String>,
    },
    /// Some items errored; the run is incomplete (exit code 3).
    ItemsErrored {
        /// Items that errored.
        errors: usize,
        /// Items recorded.
        items: usize,
        /// The journal whose `error` fields say why.
        journal: PathBuf,
    },
    /// With `--repeat N`, some 0-or-1 columns differ between repeats of one item.
    FlippingItems {
        /// Items with a flip.
        flipping: usize,
        /// Items repeated.
        items: usize,
        /// Repeats per item.
        repeat: usize,
        /// `repeats.json`, which lists them.
        file: PathBuf,
    },
    /// A record was written by an older format and was read by migrating it.
    OlderFormat {
        /// The file.
        file: PathBuf,
        /// Its format version.
        found: u32,
        /// This build's format version.
        current: u32,
    },
    /// Two runs being compared used different contents of the same dataset.
    DatasetContentDiffers {
        /// The dataset's name.
        dataset: String,
    },
    /// A column is computed differently in two systems being compared.
    SignatureDiffers {
        /// The first system.
        a: String,
        /// The second system.
        b: String,
        /// `task/column`.
        column: String,
    },
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::UnknownRecordedIds {
                backend,
                dataset,
                count,
                shown,
            } => {
                let more = count.saturating_sub(shown.len());
                let more = if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                };
                write!(
                    f,
                    "{backend}: {count} recorded id(s) are not items of dataset {dataset}: {}{more}",
                    shown.join(", ")
                )
            }
            Warning::ItemsErrored {
                errors,
                items,
                journal,
            } => write!(
                f,
                "{errors} of {items} items errored; their `error` field in {} says why",
                journal.display()
            ),
            Warning::FlippingItems {
                flipping,
                items,
                repeat,
                file,
            } => write!(
                f,
                "{flipping} of {items} items flip between 0 and 1 across {repeat} repeats; {} lists them",
                file.display()
            ),
            Warning::OlderFormat {
                file,
                found,
                current,
            } => write!(
                f,
                "{} was written in format {found} (this build writes {current}); columns without a \
                 direction took the directions format {found} used; re-run or re-bless to write \
                 format {current}",
                file.display()
            ),
            Warning::DatasetContentDiffers { dataset } => write!(
                f,
                "the runs used different contents of dataset {dataset} (content hashes differ): \
                 only items with the same id are compared"
            ),
            Warning::SignatureDiffers { a, b, column } => write!(
                f,
                "{a} vs {b}: {column} was computed differently (signatures differ)"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Warning;

    #[test]
    fn a_warning_round_trips_through_run_json_and_reads_as_a_sentence() {
        let w = Warning::UnknownRecordedIds {
            backend: "replay:out".into(),
            dataset: "mini".into(),
            count: 12,
            shown: vec!["zz-9".into()],
        };
        let json = serde_json::to_string(&w).unwrap();
        assert!(
            json.starts_with(r#"{"kind":"unknown_recorded_ids""#),
            "{json}"
        );
        assert_eq!(serde_json::from_str::<Warning>(&json).unwrap(), w);
        assert_eq!(
            w.to_string(),
            "replay:out: 12 recorded id(s) are not items of dataset mini: zz-9 and 11 more"
        );
    }
}
