//! [`Column`]: one number a metric produces per item, with everything a reader needs to use
//! it without the build that wrote it: its signature, which way it improves ([`Direction`])
//! and the values it can take ([`Bounds`]).
//!
//! The direction and bounds are written beside every aggregate in `summary.json` and in
//! goldens, so `goldeval check`, `goldeval compare` and the reports read them from the
//! records instead of rebuilding the current metric set to guess.

use serde::{Deserialize, Serialize};

use super::Signature;

/// One number a metric produces per item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Column {
    /// Short id used as the column name in files and tables (`rouge1`, `exact_match`).
    pub id: String,
    /// How the number is computed.
    pub signature: Signature,
    /// Which way the column improves.
    pub direction: Direction,
    /// The values an item's score can take.
    pub bounds: Bounds,
}

impl Column {
    /// A quality score in `[0, 1]` where higher is better (ROUGE, SQuAD, `answer_match`, …).
    pub fn share(id: impl Into<String>, signature: Signature) -> Column {
        Column {
            id: id.into(),
            signature,
            direction: Direction::Higher,
            bounds: Bounds::Unit,
        }
    }
}

/// Which way a column improves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Larger is better.
    Higher,
    /// Smaller is better (`unsupported_numbers`: a rise is a regression).
    Lower,
    /// Neither: a description (length, copying), not a quality. A change is shown, never
    /// counted as better or worse.
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

    /// `higher`, `lower` or `descriptive`, as in JSON records and reports.
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

/// The values an item's score in a column can take; readers refuse a record outside them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Bounds {
    /// A share or probability in `[0, 1]`.
    Unit,
    /// A count or a ratio: any finite number ≥ 0.
    NonNegative,
}

impl Bounds {
    /// Whether `value` is allowed (always finite).
    pub fn contains(self, value: f64) -> bool {
        value.is_finite()
            && match self {
                Bounds::Unit => (0.0..=1.0).contains(&value),
                Bounds::NonNegative => value >= 0.0,
            }
    }

    /// `[0, 1]` or `≥ 0`, for messages.
    pub fn describe(self) -> &'static str {
        match self {
            Bounds::Unit => "in [0, 1]",
            Bounds::NonNegative => "a finite number ≥ 0",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Bounds, Direction};

    #[test]
    fn a_rise_in_a_lower_is_better_column_is_a_worsening() {
        assert_eq!(Direction::Lower.worsening(0.0, 1.0), Some(1.0));
        assert_eq!(Direction::Higher.worsening(0.5, 0.25), Some(0.25));
        assert_eq!(Direction::Descriptive.worsening(1.0, 9.0), None);
    }

    #[test]
    fn bounds_refuse_what_a_column_cannot_hold() {
        assert!(Bounds::Unit.contains(0.0) && Bounds::Unit.contains(1.0));
        assert!(!Bounds::Unit.contains(1.5) && !Bounds::Unit.contains(-0.1));
        assert!(Bounds::NonNegative.contains(73.9) && !Bounds::NonNegative.contains(-1.0));
        assert!(!Bounds::NonNegative.contains(f64::INFINITY));
        assert!(!Bounds::Unit.contains(f64::NAN));
    }

    #[test]
    fn directions_serialize_as_words() {
        let json = serde_json::to_string(&[Direction::Higher, Direction::Descriptive]).unwrap();
        assert_eq!(json, r#"["higher","descriptive"]"#);
        let d: Direction = serde_json::from_str("\"lower\"").unwrap();
        assert_eq!(d, Direction::Lower);
        assert!(serde_json::from_str::<Direction>("\"up\"").is_err());
    }
}
