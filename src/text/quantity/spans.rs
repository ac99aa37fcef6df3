//! [`located`]: the quantities of a text with the byte ranges they were read from, for
//! metrics that must point at the offending span ("`$327 billion` is not in the sources").
//!
//! The scan is the one [`super::parse_lowercase`] does; only the token offsets are kept.

use std::ops::Range;

use super::{resolve, scan, Quantity};
use crate::text::date::Date;
use crate::text::quantity_lexer::lex;

/// One quantity and where it is in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// The normalized value.
    pub quantity: Quantity,
    /// Byte range in the text given to [`located`].
    pub span: Range<usize>,
}

/// The quantities of `text` in order, with their byte ranges in `text`. Dates without a year
/// take `publication`'s year, as in [`super::parse`].
pub fn located(text: &str, publication: Option<Date>) -> Vec<Located> {
    let lower = text.to_lowercase();
    // Lowercasing keeps byte offsets for every character the quantity parsers read (ASCII,
    // currency signs); when it changes lengths elsewhere, spans are mapped proportionally
    // to a char boundary and stay inside `text`.
    let same_layout = lower.len() == text.len();
    let tokens = lex(&lower);
    let offset = |t: &str| t.as_ptr() as usize - lower.as_ptr() as usize;
    scan(&tokens)
        .into_iter()
        .map(|s| {
            let start = offset(tokens[s.tokens.start].text);
            let last = tokens[s.tokens.end - 1].text;
            let end = offset(last) + last.len();
            let span = if same_layout {
                start..end
            } else {
                boundary(text, start)..boundary(text, end)
            };
            Located {
                quantity: resolve(s.quantity, publication),
                span,
            }
        })
        .collect()
}

/// The largest char boundary of `text` at or below `at`.
fn boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_point_at_the_original_text() {
        let text = "Trade hit US$237bn in 2024, and Xi came on May 7-10.";
        let got: Vec<&str> = located(text, None)
            .iter()
            .map(|l| &text[l.span.clone()])
            .collect();
        assert_eq!(got, ["US$237bn", "2024", "May 7-10"]);
    }

    #[test]
    fn values_match_parse() {
        let text = "a four-day visit, his 11th, worth $237 billion";
        let spans: Vec<Quantity> = located(text, None)
            .into_iter()
            .map(|l| l.quantity)
            .collect();
        assert_eq!(spans, super::super::parse(text, None).quantities);
    }
}
