//! The types of answer candidates: a [`Span`] of a sentence and its [`SpanKind`].
//!
//! Invariants: every span's byte range lies inside the sentence and on token boundaries (or
//! inside one token, for the number part of `four-day`); the token range covers the byte
//! range.

use crate::backend::extractive_qa::token::Token;

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
