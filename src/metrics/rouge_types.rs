//! The values ROUGE works with, shared by the scorer ([`crate::metrics::rouge`]) and its
//! counting engine (`rouge_engine`), so that neither imports the other (issue 13): the
//! types ([`RougeType`]), their counts ([`Counts`]), the scores ([`Score`]) and the
//! configuration errors ([`RougeError`]).

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

/// A ROUGE variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RougeType {
    /// ROUGE-N over n-grams, `1..=9` (rouge-score accepts `rouge1` … `rouge9` only).
    N(u8),
    /// ROUGE-L: LCS over the whole texts.
    L,
    /// ROUGE-Lsum: union LCS over newline-separated sentences.
    Lsum,
}

/// Why a ROUGE configuration or type name was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RougeError {
    /// Not `rouge1`…`rouge9`, `rougeL` or `rougeLsum` (case-sensitive, as rouge-score).
    InvalidType {
        /// The rejected name.
        name: String,
    },
    /// `rouge0` (rouge-score: "rougen requires positive n").
    ZeroN,
    /// The builder was given no types.
    NoTypes,
    /// A type was listed twice.
    Duplicate {
        /// The repeated type.
        rouge_type: RougeType,
    },
}

impl fmt::Display for RougeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RougeError::InvalidType { name } => write!(
                f,
                "invalid rouge type \"{name}\" (expected rouge1..rouge9, rougeL or rougeLsum)"
            ),
            RougeError::ZeroN => f.write_str("rouge0: rougeN requires a positive n"),
            RougeError::NoTypes => f.write_str("no rouge types given"),
            RougeError::Duplicate { rouge_type } => {
                write!(f, "rouge type {rouge_type} is listed twice")
            }
        }
    }
}

impl std::error::Error for RougeError {}

impl fmt::Display for RougeType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RougeType::N(n) => write!(f, "rouge{n}"),
            RougeType::L => f.write_str("rougeL"),
            RougeType::Lsum => f.write_str("rougeLsum"),
        }
    }
}

impl FromStr for RougeType {
    type Err = RougeError;

    /// Parses rouge-score's names: `rougeL`, `rougeLsum`, or `rouge` + one digit.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "rougeL" => return Ok(RougeType::L),
            "rougeLsum" => return Ok(RougeType::Lsum),
            _ => {}
        }
        match s.strip_prefix("rouge").map(str::as_bytes) {
            Some([b'0']) => Err(RougeError::ZeroN),
            Some(&[d]) if d.is_ascii_digit() => Ok(RougeType::N(d - b'0')),
            _ => Err(RougeError::InvalidType {
                name: s.to_string(),
            }),
        }
    }
}

/// Precision, recall and F-measure of one ROUGE type for one item.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Score {
    /// Overlap over the prediction's count.
    pub precision: f64,
    /// Overlap over the reference's count.
    pub recall: f64,
    /// Harmonic mean `2PR/(P+R)`, 0 when `P+R` is 0.
    pub fmeasure: f64,
}

impl Score {
    /// Builds a score from P and R, computing F in rouge-score's operation order.
    pub fn from_pr(precision: f64, recall: f64) -> Self {
        let fmeasure = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        Score {
            precision,
            recall,
            fmeasure,
        }
    }
}

/// Sufficient statistics of one ROUGE type for one prediction × reference pair.
///
/// ROUGE-N: clipped n-gram overlap and the n-gram counts of each side. ROUGE-L: LCS length
/// and token counts. ROUGE-Lsum: union-LCS hits and token counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Counts {
    /// Matched n-grams, LCS length or union-LCS hits.
    pub overlap: u64,
    /// The prediction's n-gram or token count.
    pub prediction: u64,
    /// The reference's n-gram or token count.
    pub reference: u64,
}

impl Counts {
    /// P, R and F as rouge-score computes them (all zero when nothing overlaps).
    pub fn score(&self) -> Score {
        if self.overlap == 0 {
            return Score::default();
        }
        Score::from_pr(
            self.overlap as f64 / self.prediction as f64,
            self.overlap as f64 / self.reference as f64,
        )
    }
}
