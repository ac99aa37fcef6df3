//! Date spans: days, day ranges, months with or without a year, weekdays, years and
//! relative dates (`later this year`).
//!
//! Days (`Feb. 24`, `9 May 2025`, `2025-05-07`), ranges (`May 7 to May 10, 2025`, `7-10
//! May`), months with a year (`March 2023`), unambiguous months alone (`April`) and weekdays
//! are the dates the shared parser reads ([`crate::text::quantity`], through `reading`), so
//! the baseline and the `answer_match` metric agree on what a date is. The baseline adds
//! what an answer span needs and the shared parser, which compares normalized values, does
//! not read:
//! - a month alone that the shared parser leaves out as ambiguous (`March`, `Feb.`, `May`);
//!   it must be capitalized (the verbs `may` and `march`), and `May` needs a word like
//!   `in`/`early`/`since` before it;
//! - `early`/`late`/`mid` before a month, and a part of the day after a weekday (`Sunday
//!   night`), as part of the span;
//! - a bare year (`2030`, a number to the shared parser) between 1000 and 2100;
//! - a relative date (`later this year`);
//! - a weekday before a date (`Wednesday, May 7`, one date to the shared parser) as a span
//!   of its own, so a date question gets `May 7` and a weekday question `Wednesday`.
//!
//! Invariant: returned spans do not overlap and are in order.

use crate::backend::extractive_qa::question::is_year;
use crate::backend::extractive_qa::reading::Reading;
use crate::backend::extractive_qa::span::{DateKind, Span, SpanKind};
use crate::backend::extractive_qa::token::Token;
use crate::text::date::{month_number, weekday_number};
use crate::text::quantity::Quantity;

/// Words that make a following `May` a month.
const BEFORE_MONTH: &[&str] = &[
    "in", "early", "late", "mid", "since", "until", "by", "of", "from", "last", "next", "this",
    "on", "between", "during",
];

/// Every date span of `tokens`, given the sentence's quantities.
pub fn dates(tokens: &[Token<'_>], readings: &[Reading]) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let found =
            read_date(tokens, readings, i).or_else(|| own_date_at(tokens, i).map(|s| vec![s]));
        match found {
            Some(found) => {
                i = found.last().map_or(i + 1, |s| s.last);
                spans.extend(found);
            }
            None => i += 1,
        }
    }
    spans
}

/// The date the shared parser read at token `i`, as one span or a weekday and a date.
fn read_date(tokens: &[Token<'_>], readings: &[Reading], i: usize) -> Option<Vec<Span>> {
    let reading = readings.iter().find(|r| r.first == i && r.whole(tokens))?;
    let (first, last) = (reading.first, reading.last);
    let span = |kind, from| Span::over(SpanKind::Date(kind), tokens, from, last);
    Some(match reading.quantity {
        Quantity::DateRange { .. } => vec![span(DateKind::Range, first)],
        Quantity::Date(_) if is_weekday(&tokens[first]) => {
            let comma = tokens.get(first + 1).is_some_and(|t| t.text == ",");
            let from = first + 1 + usize::from(comma);
            let weekday = Span::over(SpanKind::Date(DateKind::Weekday), tokens, first, first + 1);
            vec![weekday, span(DateKind::Day, from)]
        }
        Quantity::Date(date) => match (date.day, date.year) {
            (Some(_), _) => vec![span(DateKind::Day, first)],
            (None, Some(_)) => vec![span(DateKind::MonthYear, modifier_before(tokens, first))],
            (None, None) => vec![span(DateKind::Month, modifier_before(tokens, first))],
        },
        Quantity::Weekday(_) => vec![weekday_at(tokens, first)],
        Quantity::Amount { .. } | Quantity::Ordinal(_) => return None,
    })
}

/// A date the shared parser does not read, starting at token `i`.
fn own_date_at(tokens: &[Token<'_>], i: usize) -> Option<Span> {
    if let Some(end) = lone_month(tokens, i) {
        let start = modifier_before(tokens, i);
        return Some(Span::over(
            SpanKind::Date(DateKind::Month),
            tokens,
            start,
            end,
        ));
    }
    if is_year(tokens[i].text) {
        return Some(Span::over(SpanKind::Date(DateKind::Year), tokens, i, i + 1));
    }
    relative_at(tokens, i)
}

/// Where a capitalized month name alone at `i` ends (after its period), if it is one; `May`
/// only after a word like `in`.
fn lone_month(tokens: &[Token<'_>], i: usize) -> Option<usize> {
    let token = &tokens[i];
    let lower = token.lower();
    if !token.is_capitalized() || month_number(&lower).is_none() {
        return None;
    }
    let may_is_month = i
        .checked_sub(1)
        .is_some_and(|b| BEFORE_MONTH.contains(&tokens[b].lower().as_str()));
    if lower == "may" && !may_is_month {
        return None;
    }
    let abbreviated = lower.len() <= 4 && lower != "june" && lower != "july" && lower != "may";
    let period = abbreviated && tokens.get(i + 1).is_some_and(|t| t.text == ".");
    Some(i + 1 + usize::from(period))
}

/// `early`, `late` or `mid` before a month at `i`: where the span should start.
fn modifier_before(tokens: &[Token<'_>], i: usize) -> usize {
    match i.checked_sub(1).map(|b| tokens[b].lower()) {
        Some(word) if matches!(word.as_str(), "early" | "late" | "mid") => i - 1,
        _ => i,
    }
}

/// Whether the token names a day of the week (`Wednesday`, `Wed`).
fn is_weekday(token: &Token<'_>) -> bool {
    weekday_number(&token.lower()).is_some()
}

/// The weekday at `i` with the part of the day after it (`Sunday night`).
fn weekday_at(tokens: &[Token<'_>], i: usize) -> Span {
    let part_of_day = tokens
        .get(i + 1)
        .is_some_and(|t| matches!(t.text, "night" | "morning" | "afternoon" | "evening"));
    let end = i + 1 + usize::from(part_of_day);
    Span::over(SpanKind::Date(DateKind::Weekday), tokens, i, end)
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
    use crate::backend::extractive_qa::reading::readings;
    use crate::backend::extractive_qa::span::{DateKind, SpanKind};
    use crate::backend::extractive_qa::token::tokenize;

    fn found(sentence: &str) -> Vec<(DateKind, &str)> {
        let tokens = tokenize(sentence);
        dates(&tokens, &readings(sentence, &tokens))
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
            found("May 7–10, 2025 and 7-10 May"),
            [
                (DateKind::Range, "May 7–10, 2025"),
                (DateKind::Range, "7-10 May")
            ]
        );
        assert_eq!(found("dated 2025-05-07"), [(DateKind::Day, "2025-05-07")]);
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
        assert_eq!(
            found("in March, late Feb. and on Wednesday, May 7"),
            [
                (DateKind::Month, "March"),
                (DateKind::Month, "late Feb."),
                (DateKind::Weekday, "Wednesday"),
                (DateKind::Day, "May 7")
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
