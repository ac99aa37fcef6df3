//! SQuAD v2 exact match and F1, exactly as the official v2.0 evaluation script computes
//! them (proven against its own outputs in `tests/parity_squad.rs`).
//!
//! ```
//! use goldeval::squad;
//!
//! assert_eq!(squad::normalize_answer("The  Kremlin!"), "kremlin");
//! let s = squad::score("the Kremlin", &["Kremlin", "Moscow"]);
//! assert_eq!((s.exact_match, s.f1, s.has_answer), (1.0, 1.0, true));
//! // An unanswerable question (no gold answer) is right only when the prediction is empty.
//! assert_eq!(squad::exact_match("", &[] as &[&str]), 1.0);
//! assert_eq!(squad::f1("Moscow", &[] as &[&str]), 0.0);
//! ```
//!
//! The official aggregate (overall, HasAns/NoAns, best thresholds; percent) of scored rows:
//!
//! ```
//! use goldeval::squad::{self, SquadRow};
//!
//! let rows: Vec<SquadRow> = [("Xi", &["Xi"][..], 0.1), ("", &[][..], 0.9)]
//!     .into_iter()
//!     .map(|(prediction, answers, p)| SquadRow {
//!         score: squad::score(prediction, answers),
//!         no_answer_probability: p,
//!         prediction_nonempty: !prediction.is_empty(),
//!     })
//!     .collect();
//! let official = squad::aggregate(&rows, squad::DEFAULT_NA_PROB_THRESHOLD).unwrap();
//! assert_eq!((official.exact, official.total), (100.0, 2));
//! ```

pub use crate::metrics::squad::{
    aggregate, exact_match, f1, gold_answers, score, SquadAggregate, SquadRow, SquadScore,
    DEFAULT_NA_PROB_THRESHOLD,
};
pub use crate::text::squad_normalize::normalize_answer;
