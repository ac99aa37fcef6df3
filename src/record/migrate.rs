//! Reading records written by format 1 (goldeval 0.1.0, before columns carried their
//! direction and bounds).
//!
//! Format 1 wrote a column's id and signature but not which way it improves or what values
//! it takes. Those were fixed facts of each column goldeval 0.1.0 could write; this table
//! states them once, so an old run directory or golden is read (with a warning) instead of
//! rebuilding today's metric set to guess. A column that is not in the table cannot be
//! migrated and is an error.

use crate::metrics::{Bounds, Direction};

/// Every column format 1 could hold, with its direction and bounds.
const V1_COLUMNS: &[(&str, Direction, Bounds)] = &[
    ("rouge1", Direction::Higher, Bounds::Unit),
    ("rouge2", Direction::Higher, Bounds::Unit),
    ("rougeL", Direction::Higher, Bounds::Unit),
    ("rougeLsum", Direction::Higher, Bounds::Unit),
    ("key_fact_recall", Direction::Higher, Bounds::Unit),
    ("unsupported_numbers", Direction::Lower, Bounds::NonNegative),
    (
        "unsupported_entities",
        Direction::Lower,
        Bounds::NonNegative,
    ),
    ("qa_coverage", Direction::Higher, Bounds::Unit),
    ("judge_stated", Direction::Higher, Bounds::Unit),
    ("judge_contradicted", Direction::Lower, Bounds::Unit),
    ("judge_failures", Direction::Lower, Bounds::NonNegative),
    ("coverage", Direction::Descriptive, Bounds::Unit),
    ("density", Direction::Descriptive, Bounds::NonNegative),
    ("compression", Direction::Descriptive, Bounds::NonNegative),
    ("novel_1gram", Direction::Descriptive, Bounds::Unit),
    ("novel_2gram", Direction::Descriptive, Bounds::Unit),
    ("novel_3gram", Direction::Descriptive, Bounds::Unit),
    (
        "summary_tokens",
        Direction::Descriptive,
        Bounds::NonNegative,
    ),
    (
        "summary_sentences",
        Direction::Descriptive,
        Bounds::NonNegative,
    ),
    ("exact_match", Direction::Higher, Bounds::Unit),
    ("f1", Direction::Higher, Bounds::Unit),
    ("answer_match", Direction::Higher, Bounds::Unit),
];

/// The direction and bounds of a column written by format 1.
///
/// # Errors
/// A message naming the column when format 1 never wrote it.
pub(crate) fn v1_column(id: &str) -> Result<(Direction, Bounds), String> {
    V1_COLUMNS
        .iter()
        .find(|(c, _, _)| *c == id)
        .map(|&(_, d, b)| (d, b))
        .ok_or_else(|| {
            format!(
                "column `{id}` carries no direction and is not a column goldeval 0.1.0 wrote, so \
                 its direction cannot be known"
            )
        })
}

#[cfg(test)]
mod tests {
    use super::v1_column;
    use crate::metrics::{Bounds, Direction};

    #[test]
    fn format_1_columns_keep_their_directions() {
        assert_eq!(
            v1_column("unsupported_numbers"),
            Ok((Direction::Lower, Bounds::NonNegative))
        );
        assert_eq!(v1_column("density").unwrap().0, Direction::Descriptive);
        assert!(v1_column("made_up").unwrap_err().contains("made_up"));
    }

    /// The table holds exactly the columns today's default set writes (plus the judge's), so a
    /// format-1 record of any of them migrates.
    #[test]
    fn the_table_covers_the_default_metric_set() {
        let set = crate::metrics::MetricSet::new(
            crate::metrics::registry::summary_metrics(),
            crate::metrics::registry::qa_metrics(),
        );
        for task in crate::dataset::Task::ALL {
            for column in set.columns(task) {
                let (d, b) = v1_column(&column.id).unwrap();
                assert_eq!((d, b), (column.direction, column.bounds), "{}", column.id);
            }
        }
    }
}
