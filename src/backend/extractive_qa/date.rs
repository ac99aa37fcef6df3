//! Date spans: days, day ranges, months with or without a year, weekdays, years and
//! relative dates (`later this year`).
//!
//! Month names must be capitalized; `May` counts as a month only before a day or year or
//! after a word like `in`/`early`/`since`, so the verb `may` never does. Abbreviations may
//! carry their period (`Feb. 24`). Invariant: returned spans do not overlap and are in order.

use crate::backend::extractive_qa::question::is_year;
use crate::backend::extractive_qa::span::{DateKind, Span, SpanKind};
use crate::backend::extractive_qa::token::Token;
use crate::text::date::month_number;

const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Words that make a following `May` a month.
const BEFORE_MONTH: &[&str] = &[
    "in", "early", "late", "mid", "since", "until", "by", "of", "from", "last", "next", "this",
    "on", "between", "during",
];

/// Words that join the two ends of a range of days.
const RANGE_JOINERS: &[&str] = &["to", "-", "–", "through", "until", "and"];

/// Every date span of `tokens`.
pub fn dates(tokens: &[Token<'_>]) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        match date_at(tokens, i) {
            Some(span) => {
                i = span.last;
                spans.push(span);
            }
            None => i += 1,
        }
    }
    spans
}

/// The date starting at token `i`, if any.
fn date_at(tokens: &[Token<'_>], i: usize) -> Option<Span> {
    if let Some(month_end) = month_at(tokens, i) {
        return Some(after_month(tokens, i, month_end));
    }
    if day_number(tokens, i).is_some() {
        if let Some(month_end) = month_at(tokens, i + 1) {
            let end = year_after(tokens, month_end, false).unwrap_or(month_end);
            return Some(Span::over(SpanKind::Date(DateKind::Day), tokens, i, end));
        }
    }
    if is_weekday(&tokens[i]) {
        let part_of_day = tokens
            .get(i + 1)
            .is_some_and(|t| matches!(t.text, "night" | "morning" | "afternoon" | "evening"));
        let end = i + 1 + usize::from(part_of_day);
        return Some(Span::over(
            SpanKind::Date(DateKind::Weekday),
            tokens,
            i,
            end,
        ));
    }
    if is_year(tokens[i].text) {
        return Some(Span::over(SpanKind::Date(DateKind::Year), tokens, i, i + 1));
    }
    relative_at(tokens, i)
}

/// A date that starts with the month ending at `month_end`.
fn after_month(tokens: &[Token<'_>], i: usize, month_end: usize) -> Span {
    let start = modifier_before(tokens, i);
    if tokens.get(month_end).is_some_and(|t| is_day_range(t.text)) {
        let end = year_after(tokens, month_end + 1, true).unwrap_or(month_end + 1);
        return Span::over(SpanKind::Date(DateKind::Range), tokens, i, end);
    }
    if day_number(tokens, month_end).is_some() {
        let mut end = month_end + 1;
        let mut kind = DateKind::Day;
        if let Some(range_end) = range_end(tokens, end) {
            end = range_end;
            kind = DateKind::Range;
        }
        let end = year_after(tokens, end, true).unwrap_or(end);
        return Span::over(SpanKind::Date(kind), tokens, i, end);
    }
    if let Some(end) = year_after(tokens, month_end, false) {
        return Span::over(SpanKind::Date(DateKind::MonthYear), tokens, start, end);
    }
    Span::over(SpanKind::Date(DateKind::Month), tokens, start, month_end)
}

/// Where a month name starting at `i` ends (after its period), if token `i` is a month.
fn month_at(tokens: &[Token<'_>], i: usize) -> Option<usize> {
    let token = tokens.get(i)?;
    let lower = token.lower();
    if !token.is_capitalized() || month_number(&lower).is_none() {
        return None;
    }
    let abbreviated = lower.len() <= 4 && lower != "june" && lower != "july" && lower != "may";
    let end = if abbreviated && tokens.get(i + 1).is_some_and(|t| t.text == ".") {
        i + 2
    } else {
        i + 1
    };
    if lower == "may" && !may_is_month(tokens, i, end) {
        return None;
    }
    Some(end)
}

/// Whether the `May` at `i` is the month.
fn may_is_month(tokens: &[Token<'_>], i: usize, end: usize) -> bool {
    let before = i
        .checked_sub(1)
        .is_some_and(|b| BEFORE_MONTH.contains(&tokens[b].lower().as_str()));
    let after = day_number(tokens, end).is_some()
        || tokens
            .get(end)
            .is_some_and(|t| is_year(t.text) || is_day_range(t.text));
    before || after
}

/// `early`, `late`, `mid` or `the end of` before a month: where the span should start.
fn modifier_before(tokens: &[Token<'_>], i: usize) -> usize {
    match i.checked_sub(1).map(|b| tokens[b].lower()) {
        Some(word) if matches!(word.as_str(), "early" | "late" | "mid") => i - 1,
        _ => i,
    }
}

/// The day of the month at `i` (`24`, `9th`), if token `i` is one.
fn day_number(tokens: &[Token<'_>], i: usize) -> Option<u32> {
    let text = tokens.get(i)?.text;
    let digits = text.trim_end_matches(['s', 't', 'n', 'd', 'r', 'h']);
    let suffix_ok = matches!(&text[digits.len()..], "" | "st" | "nd" | "rd" | "th");
    let day: u32 = digits.parse().ok()?;
    (suffix_ok && (1..=31).contains(&day) && digits.len() <= 2).then_some(day)
}

/// `7-10`: two days of the month joined by a hyphen or dash in one token.
fn is_day_range(text: &str) -> bool {
    let day = |s: &str| s.len() <= 2 && s.parse::<u32>().is_ok_and(|d| (1..=31).contains(&d));
    text.split_once(['-', '–'])
        .is_some_and(|(from, to)| day(from) && day(to))
}

/// `, 2025` or ` 2025` at `i`: the index after the year. `comma` allows the comma form.
fn year_after(tokens: &[Token<'_>], i: usize, comma: bool) -> Option<usize> {
    let at = |j: usize| tokens.get(j).is_some_and(|t| is_year(t.text));
    if at(i) {
        return Some(i + 1);
    }
    let has_comma = tokens.get(i).is_some_and(|t| t.text == ",");
    (comma && has_comma && at(i + 1)).then_some(i + 2)
}

/// The end of `to May 10` / `-10` after a day ending at `i`, if a range follows.
fn range_end(tokens: &[Token<'_>], i: usize) -> Option<usize> {
    let joiner = tokens.get(i)?;
    if !RANGE_JOINERS.contains(&joiner.text) {
        return None;
    }
    let day_at = month_at(tokens, i + 1).unwrap_or(i + 1);
    day_number(tokens, day_at).map(|_| day_at + 1)
}

fn is_weekday(token: &Token<'_>) -> bool {
    token.is_capitalized() && WEEKDAYS.contains(&token.lower().as_str())
}

/// `this year`, `later this year`, `last month`, `next week`.
fn relative_at(tokens: &[Token<'_>], i: usize) -> Option<Span> {
    let shift = matches!(tokens[i].lower().as_str(), "later" | "earlier");
    let at = i + usize::from(shift);
    let which = tokens.get(at)?.lower();
    let unit = tokens.get(at + 1)?.lower();
    let relative = matches!(which.as_str(), "this" | "last" | "next")
        && matches!(unit.as_str(), "year" | "month" | "week");
    relative.then(|| Span::over(SpanKind::Date(DateKind::Relative), tokens, i, at + 2))
}

#[cfg(test)]
mod tests {
    use super::dates;
    use crate::backend::extractive_qa::span::{DateKind, SpanKind};
    use crate::backend::extractive_qa::token::tokenize;

    fn found(sentence: &str) -> Vec<(DateKind, &str)> {
        let tokens = tokenize(sentence);
        dates(&tokens)
            .into_iter()
            .map(|s| match s.kind {
                SpanKind::Date(kind) => (kind, &sentence[s.start..s.end]),
                other => panic!("not a date: {other:?}"),
            })
            .collect()
    }

    #[test]
    fn days_and_ranges() {
        assert_eq!(
            found("His stay will run from May 7 to May 10, 2025, the Kremlin said."),
            [(DateKind::Range, "May 7 to May 10, 2025")]
        );
        assert_eq!(
            found("On Feb. 24 and on 9 May 2025 they met, then on Jan. 21st."),
            [
                (DateKind::Day, "Feb. 24"),
                (DateKind::Day, "9 May 2025"),
                (DateKind::Day, "Jan. 21st")
            ]
        );
        assert_eq!(found("from May 7-10"), [(DateKind::Range, "May 7-10")]);
        assert_eq!(
            found("May 7–10, 2025"),
            [(DateKind::Range, "May 7–10, 2025")]
        );
    }

    #[test]
    fn months_weekdays_years_and_relative_dates() {
        assert_eq!(
            found("In March 2023, in early April and on Sunday night in 2030, later this year."),
            [
                (DateKind::MonthYear, "March 2023"),
                (DateKind::Month, "early April"),
                (DateKind::Weekday, "Sunday night"),
                (DateKind::Year, "2030"),
                (DateKind::Relative, "later this year")
            ]
        );
    }

    #[test]
    fn the_verb_may_and_lowercase_months_are_not_dates() {
        assert!(found("Troops may march; May they win? He will march on.").is_empty());
        assert_eq!(
            found("since May, and in May 2025"),
            [(DateKind::Month, "May"), (DateKind::MonthYear, "May 2025")]
        );
        assert!(found("").is_empty());
        assert!(found("$2025 and 12345").is_empty());
    }
}
