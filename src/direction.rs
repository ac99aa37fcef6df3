//! Which way is better for each metric column, so gates and comparisons never call a worse
//! number an improvement.
//!
//! Run directories and goldens store numbers by column id; the direction comes from the
//! metric that produced the column ([`crate::metrics::Column::higher_is_better`]) in the set
//! `goldeval run` scores with ([`crate::run::default_metrics::metric_set`]):
//!
//! - [`Direction::Higher`]: ROUGE, SQuAD, `answer_match`, `key_fact_recall`, `qa_coverage`;
//! - [`Direction::Lower`]: `unsupported_numbers`, `unsupported_entities` (a rise is a
//!   regression);
//! - [`Direction::Descriptive`]: the extractiveness statistics (`coverage`, `density`,
//!   `compression`, `novel_*gram`, `summary_tokens`, `summary_sentences`), which describe a
//!   summary's style rather than its quality (see [`crate::metrics::extractive`]). A change is
//!   shown, never counted as better or worse, and gated only when a `--max-drop` names the
//!   column itself (then it bounds the change either way).
//!
//! A column no metric of the set declares (written by another tool or an older goldeval) is
//! taken as [`Direction::Higher`].

use std::collections::BTreeMap;

use serde::Serialize;

use crate::dataset::Task;
use crate::run::default_metrics::metric_set;

/// The metric family whose columns are descriptive (the extractiveness statistics).
const DESCRIPTIVE_FAMILY: &str = "extractive";

/// Which way a column improves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Larger is better.
    Higher,
    /// Smaller is better.
    Lower,
    /// Neither: a description (length, copying), not a quality.
    Descriptive,
}

impl Direction {
    /// How much worse `after` is than `before` (negative when better); `None` for a
    /// descriptive column.
    pub fn worsening(self, before: f64, after: f64) -> Option<f64> {
        match self {
            Direction::Higher => Some(before - after),
            Direction::Lower => Some(after - before),
            Direction::Descriptive => None,
        }
    }

    /// `higher`, `lower` or `descriptive`, as in JSON reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Higher => "higher",
            Direction::Lower => "lower",
            Direction::Descriptive => "descriptive",
        }
    }

    /// A one-character marker for tables: `↑`, `↓` or `·`.
    pub fn marker(self) -> &'static str {
        match self {
            Direction::Higher => "↑",
            Direction::Lower => "↓",
            Direction::Descriptive => "·",
        }
    }
}

/// The direction of every column of `goldeval run`'s metric set.
#[derive(Debug, Clone)]
pub struct Directions {
    map: BTreeMap<(Task, String), Direction>,
}

impl Directions {
    /// The directions of the default metric set.
    pub fn of_default_metrics() -> Directions {
        let set = metric_set();
        let mut map = BTreeMap::new();
        for task in Task::ALL {
            for metric in set.metrics(task) {
                for column in metric.columns() {
                    let d = if metric.name() == DESCRIPTIVE_FAMILY {
                        Direction::Descriptive
                    } else if column.higher_is_better {
                        Direction::Higher
                    } else {
                        Direction::Lower
                    };
                    map.insert((task, column.id.clone()), d);
                }
            }
        }
        // `judge` joins the set only with `--judge NAME`; its columns have fixed directions.
        for (id, higher) in crate::metrics::judge::COLUMNS {
            let d = if higher {
                Direction::Higher
            } else {
                Direction::Lower
            };
            map.insert((Task::Summarize, id.to_string()), d);
        }
        Directions { map }
    }

    /// The direction of `task`'s column `metric`; [`Direction::Higher`] when unknown.
    pub fn get(&self, task: Task, metric: &str) -> Direction {
        self.map
            .get(&(task, metric.to_string()))
            .copied()
            .unwrap_or(Direction::Higher)
    }
}

#[cfg(test)]
mod tests {
    use super::{Direction, Directions};
    use crate::dataset::Task;

    #[test]
    fn fact_metrics_have_their_directions() {
        let d = Directions::of_default_metrics();
        assert_eq!(d.get(Task::Summarize, "rougeLsum"), Direction::Higher);
        assert_eq!(d.get(Task::Summarize, "key_fact_recall"), Direction::Higher);
        assert_eq!(d.get(Task::Summarize, "qa_coverage"), Direction::Higher);
        assert_eq!(
            d.get(Task::Summarize, "unsupported_numbers"),
            Direction::Lower
        );
        assert_eq!(
            d.get(Task::Summarize, "unsupported_entities"),
            Direction::Lower
        );
        assert_eq!(d.get(Task::Summarize, "density"), Direction::Descriptive);
        assert_eq!(
            d.get(Task::Summarize, "summary_tokens"),
            Direction::Descriptive
        );
        assert_eq!(d.get(Task::Answer, "f1"), Direction::Higher);
        assert_eq!(d.get(Task::Answer, "made_up"), Direction::Higher);
    }

    #[test]
    fn a_rise_in_a_lower_is_better_column_is_a_worsening() {
        assert_eq!(Direction::Lower.worsening(0.0, 1.0), Some(1.0));
        assert_eq!(Direction::Higher.worsening(0.5, 0.25), Some(0.25));
        assert_eq!(Direction::Descriptive.worsening(1.0, 9.0), None);
    }
}
