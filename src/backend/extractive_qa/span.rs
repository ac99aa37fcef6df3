//! Typed answer candidates found in one sentence.
//!
//! [`extract`] runs the extractors in a fixed order: dates first (so the `24` of `Feb. 24`
//! and the year of `May 10, 2025` are not read as counts or names), then numbers, names,
//! quotations and appositives. Invariants: every span's byte range lies inside the sentence
//! and on token boundaries (or inside one token, for the number part of `four-day`); the
//! token range covers the byte range.

use crate::backend::extractive_qa::token::Token;
use crate::backend::extractive_qa::{date, name, number};

/// How detailed a date span is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateKind {
    /// A day: `May 9`, `Feb. 24, 2025`, `9 May`.
    Day,
    /// A range of days: `May 7 to May 10, 2025`.
    Range,
    /// A month with its year: `March 2023`.
    MonthYear,
    /// A month, maybe with `early`/`late`: `early April`.
    Month,
    /// A day of the week, maybe with a part of the day: `Sunday night`.
    Weekday,
    /// A year: `2030`.
    Year,
    /// A relative date: `later this year`.
    Relative,
}

/// What a span is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpanKind {
    /// A plain count: `13`, `more than two dozen`.
    Count,
    /// Money: `$237 billion`.
    Money,
    /// A percentage: `3.5%`.
    Percent,
    /// A duration or distance: `four-day`, `80 years`, `a century`.
    Duration,
    /// An ordinal: `11th`, `third`.
    Ordinal,
    /// A date.
    Date(DateKind),
    /// A capitalized name: `Power of Siberia 2`.
    Name,
    /// The text inside quotation marks.
    Quote,
    /// A description set off by commas after a name: `Yun Sun, a Chinese analyst,`.
    Appositive,
}

/// One candidate answer in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// What it is.
    pub kind: SpanKind,
    /// Index of its first token.
    pub first: usize,
    /// Index just past its last token.
    pub last: usize,
    /// Byte offset of the answer text in the sentence.
    pub start: usize,
    /// Byte offset just past the answer text.
    pub end: usize,
    /// For counts and durations, the folded word they count (`countries` → `country`).
    pub unit: Option<String>,
    /// For counts, the token of the counted word when it directly follows the number.
    pub unit_token: Option<usize>,
    /// For appositives, the byte range of the name they describe.
    pub anchor: Option<(usize, usize)>,
}

impl Span {
    /// A span over tokens `first..last` of `tokens`.
    pub fn over(kind: SpanKind, tokens: &[Token<'_>], first: usize, last: usize) -> Span {
        Span {
            kind,
            first,
            last,
            start: tokens[first].start,
            end: tokens[last - 1].end,
            unit: None,
            unit_token: None,
            anchor: None,
        }
    }
}

/// Every candidate span of `sentence`, given its tokens.
pub fn extract(sentence: &str, tokens: &[Token<'_>]) -> Vec<Span> {
    let mut spans = date::dates(tokens);
    let mut masked = vec![false; tokens.len()];
    for span in &spans {
        masked[span.first..span.last].fill(true);
    }
    spans.extend(number::numbers(tokens, &masked));
    let names = name::names(tokens, &masked);
    spans.extend(name::appositives(tokens, &names));
    spans.extend(names);
    spans.extend(name::quotes(sentence, tokens));
    spans
}

#[cfg(test)]
mod tests {
    use super::{extract, DateKind, SpanKind};
    use crate::backend::extractive_qa::token::tokenize;

    fn found(sentence: &str) -> Vec<(SpanKind, &str)> {
        let tokens = tokenize(sentence);
        extract(sentence, &tokens)
            .into_iter()
            .map(|s| (s.kind, &sentence[s.start..s.end]))
            .collect()
    }

    #[test]
    fn dates_are_not_read_as_numbers_or_names() {
        let spans = found("On Feb. 24, 2025, 13 leaders met Putin.");
        assert!(spans.contains(&(SpanKind::Date(DateKind::Day), "Feb. 24, 2025")));
        assert!(spans.contains(&(SpanKind::Count, "13")));
        assert!(spans.contains(&(SpanKind::Name, "Putin")));
        assert!(!spans
            .iter()
            .any(|(_, text)| *text == "24" || *text == "Feb"));
    }

    #[test]
    fn finds_every_kind_in_a_news_sentence() {
        let sentence = "Yun Sun, a Chinese analyst, said trade hit \"a record\" $237.5 billion \
                        in the third year of the four-day talks.";
        let spans = found(sentence);
        for expected in [
            (SpanKind::Name, "Yun Sun"),
            (SpanKind::Appositive, "a Chinese analyst"),
            (SpanKind::Quote, "a record"),
            (SpanKind::Money, "$237.5 billion"),
            (SpanKind::Ordinal, "third"),
            (SpanKind::Duration, "four-day"),
        ] {
            assert!(spans.contains(&expected), "{expected:?} not in {spans:?}");
        }
    }
}
