//! The `[check]` table of goldeval.toml: default gates for `goldeval check`, so a project
//! states its tolerances once instead of on every command line.
//!
//! ```toml
//! [check]
//! max_drop = { "*" = 0.01, rougeLsum = 0.005, "qa.f1" = 0.02 }
//! fail_under = { "qa.answer_match" = 0.8 }
//! max_item_regressions = 3
//! max_error_rate = 0.05
//! ```
//!
//! Keys of `max_drop` and `fail_under` are the selectors of `--max-drop` and `--fail-under`
//! (`METRIC`, `TASK.METRIC` or `*`). Command-line gates are added to these; for a column both
//! select equally specifically, the command line wins; `--max-item-regressions` and
//! `--max-error-rate` replace the file's values.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::Threshold;
use crate::diagnostic::{Diagnostic, Diagnostics};

/// The table as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckEntry {
    /// Tolerated falls, selector → value.
    #[serde(default)]
    pub max_drop: BTreeMap<String, f64>,
    /// Floors, selector → value.
    #[serde(default)]
    pub fail_under: BTreeMap<String, f64>,
    /// Fail when more than this many items score lower than in the golden.
    pub max_item_regressions: Option<usize>,
    /// Fail when more than this fraction of a backend's items errored.
    pub max_error_rate: Option<f64>,
}

/// The checked defaults.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CheckDefaults {
    /// `--max-drop` defaults.
    pub max_drop: Vec<Threshold>,
    /// `--fail-under` defaults.
    pub fail_under: Vec<Threshold>,
    /// `--max-item-regressions` default.
    pub max_item_regressions: Option<usize>,
    /// `--max-error-rate` default.
    pub max_error_rate: Option<f64>,
}

impl CheckEntry {
    /// Parses every selector and value, reporting each bad one at `line` of `file`.
    pub fn resolve(
        &self,
        file: &Path,
        line: usize,
        diagnostics: &mut Diagnostics,
    ) -> CheckDefaults {
        let mut thresholds = |field: &str, map: &BTreeMap<String, f64>| -> Vec<Threshold> {
            map.iter()
                .filter_map(|(selector, value)| {
                    match format!("{selector}={value}").parse::<Threshold>() {
                        Ok(t) => Some(Threshold {
                            origin: Some(format!(
                                "{}:{line} (check.{field}.{selector:?})",
                                file.display()
                            )),
                            ..t
                        }),
                        Err(message) => {
                            diagnostics.push(
                                Diagnostic::new(
                                    file,
                                    Some(line),
                                    format!("check.{field}.{selector}"),
                                    message,
                                )
                                .with_hint("selectors are METRIC, TASK.METRIC or \"*\""),
                            );
                            None
                        }
                    }
                })
                .collect()
        };
        let max_drop = thresholds("max_drop", &self.max_drop);
        let fail_under = thresholds("fail_under", &self.fail_under);
        if let Some(rate) = self.max_error_rate {
            if !(0.0..=1.0).contains(&rate) {
                diagnostics.push(Diagnostic::new(
                    file,
                    Some(line),
                    "check.max_error_rate",
                    format!("{rate} is not a fraction between 0 and 1"),
                ));
            }
        }
        CheckDefaults {
            max_drop,
            fail_under,
            max_item_regressions: self.max_item_regressions,
            max_error_rate: self.max_error_rate,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selectors_parse_and_bad_ones_are_reported_at_the_table() {
        let entry: CheckEntry = toml::from_str(
            "max_drop = { \"*\" = 0.01, \"qa.f1\" = 0.02, \"nope.x\" = 0.1 }\nmax_error_rate = 2.0\n",
        )
        .unwrap();
        let mut d = Diagnostics::new();
        let defaults = entry.resolve(Path::new("goldeval.toml"), 7, &mut d);
        assert_eq!(defaults.max_drop.len(), 2);
        let text = d.to_string();
        assert!(
            text.contains("goldeval.toml:7: check.max_drop.nope.x:"),
            "{text}"
        );
        assert!(text.contains("goldeval.toml:7: check.max_error_rate: 2 is not a fraction"));
    }
}
