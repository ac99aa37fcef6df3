//! The quantities of a sentence as [`crate::text::quantity`] reads them (the parser behind
//! the `answer_match` metric and the fact metrics), placed on the sentence's tokens so that
//! `date` and `number` can turn them into answer spans.
//!
//! Where the baseline reads differently, it says so here, before and after the shared parser:
//! - the parser sees the sentence with its lowercase month names blanked: it lowercases
//!   everything, while the baseline has the case and knows that `may` and `march` in
//!   `troops march 2 km` are verbs, not the date `March 2`;
//! - a quantity is kept only when it starts where a token starts: the number in `Digi24` or
//!   `G20` is part of a name, not an answer. It may end inside its last token, as the
//!   `four` of `four-day` does; [`Reading::whole`] says whether it does not;
//! - a final `and` (`two and three` reads as `two and` + `three`) and the sentence's full
//!   stop after `May`, `June` or `July` (`on 9 May.`, taken for an abbreviation's period)
//!   are left out of the span.

use crate::backend::extractive_qa::token::Token;
use crate::text::date::{month_name, month_number};
use crate::text::quantity::{located, Located, Quantity};

/// One quantity of a sentence and the tokens it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    /// The value, as the shared parser normalizes it.
    pub quantity: Quantity,
    /// Index of its first token.
    pub first: usize,
    /// Index just past the last token it touches.
    pub last: usize,
    /// Byte offset just past it in the sentence: at or inside the end of token `last - 1`.
    pub end: usize,
}

impl Reading {
    /// Whether it ends where its last token ends (`four-day` is not whole: `four` is read).
    pub fn whole(&self, tokens: &[Token<'_>]) -> bool {
        self.end == tokens[self.last - 1].end
    }
}

/// The quantities of `sentence` that start on one of its `tokens`, in order.
pub fn readings(sentence: &str, tokens: &[Token<'_>]) -> Vec<Reading> {
    located(&shared_text(sentence, tokens), None)
        .into_iter()
        .filter_map(|found| place(found, tokens))
        .collect()
}

/// `sentence` as the shared parser should see it: lowercase month names blanked, and every
/// character whose lowercase has another byte length (`İ`) blanked, so the byte ranges
/// [`located`] reports (it lowercases first) are ranges of `sentence`.
fn shared_text(sentence: &str, tokens: &[Token<'_>]) -> String {
    let mut text: String = sentence
        .chars()
        .map(|c| {
            let lower: usize = c.to_lowercase().map(char::len_utf8).sum();
            if lower == c.len_utf8() {
                c.to_string()
            } else {
                " ".repeat(c.len_utf8())
            }
        })
        .collect();
    for token in tokens {
        if token.text.starts_with(char::is_lowercase) && month_number(token.text).is_some() {
            text.replace_range(token.start..token.end, &" ".repeat(token.end - token.start));
        }
    }
    text
}

/// `found` on `tokens`, if it starts on a token, without a final `and` or full stop.
fn place(found: Located, tokens: &[Token<'_>]) -> Option<Reading> {
    let first = tokens.iter().position(|t| t.start == found.span.start)?;
    let mut last = first
        + 1
        + tokens[first..]
            .iter()
            .position(|t| t.end >= found.span.end)?;
    let mut end = found.span.end;
    while last - first > 1 && trailing(&tokens[last - 2], &tokens[last - 1]) {
        last -= 1;
        end = tokens[last - 1].end;
    }
    Some(Reading {
        quantity: found.quantity,
        first,
        last,
        end,
    })
}

/// Whether `token`, after `before`, ends a reading without belonging to it: `and`, or a
/// full stop after a month written out in full.
fn trailing(before: &Token<'_>, token: &Token<'_>) -> bool {
    let lower = before.lower();
    let full_month = month_number(&lower).is_some_and(|m| month_name(m) == lower);
    token.text.eq_ignore_ascii_case("and") || (token.text == "." && full_month)
}

#[cfg(test)]
mod tests {
    use super::readings;
    use crate::backend::extractive_qa::token::tokenize;

    /// The text of each reading, and whether it is whole.
    fn read(sentence: &str) -> Vec<(&str, bool)> {
        let tokens = tokenize(sentence);
        readings(sentence, &tokens)
            .into_iter()
            .map(|r| (&sentence[tokens[r.first].start..r.end], r.whole(&tokens)))
            .collect()
    }

    #[test]
    fn quantities_land_on_tokens() {
        assert_eq!(
            read("On May 7-10, 2025, his 11th, four-day visit cost US$237bn."),
            [
                ("May 7-10, 2025", true),
                ("11th", true),
                ("four-day", true),
                ("US$237bn", true)
            ]
        );
    }

    #[test]
    fn numbers_inside_words_are_not_read() {
        assert!(read("Digi24 and the G20 met").is_empty());
        assert_eq!(read("in March 2023.AP"), [("March 2023", false)]);
        assert_eq!(read("two and three men"), [("two", true), ("three", true)]);
    }

    #[test]
    fn lowercase_months_and_full_stops_are_not_read_as_dates() {
        assert_eq!(
            read("Troops march 2 km and may 3 times, on 9 May."),
            [("2", true), ("3", true), ("9 May", true)]
        );
        assert_eq!(read("late Feb. 24"), [("Feb. 24", true)]);
    }

    #[test]
    fn offsets_survive_characters_that_change_length_in_lowercase() {
        assert_eq!(read("İstanbul hosted 13 leaders"), [("13", true)]);
    }
}
