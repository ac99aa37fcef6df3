//! Number spans: counts, money, percentages, durations and distances, and ordinals.
//!
//! The numbers are the amounts and ordinals the shared parser reads ([`crate::text::quantity`],
//! through `reading`): digits (`237`, `237,000`, `3.5%`), number words (`four`,
//! `thirty-four`, `two dozen`, `one hundred and five`), scale words (`237 billion`, `237bn`),
//! a currency or percent sign or word (`$237.5`, `US$237bn`, `12 percent`) and ordinals
//! (`11th`, `third`, `twenty-first`), so the baseline and the `answer_match` metric agree
//! on what a number is. The unit the shared parser reads decides money and percentages.
//! The baseline adds what an answer span needs and the shared parser, which compares
//! normalized values, does not keep:
//! - a time or length unit after a plain number makes a duration (`80 years`, `5 km`), also
//!   joined by a hyphen (`four-day`: the span is the whole token), and `a`/`an` + a unit is
//!   a duration of one (`a decade`, `an hour`);
//! - otherwise the number is a count, whose next word is its unit (`13 countries`);
//! - a hedge before a number (`more than`, `at least`, `nearly`) belongs to its span.
//!
//! Bare four-digit years are dates (`date` masks them first), not numbers; `tens of
//! thousands` and the like are vague and are not read.

use crate::backend::extractive_qa::reading::Reading;
use crate::backend::extractive_qa::span::{Span, SpanKind};
use crate::backend::extractive_qa::token::Token;
use crate::text::quantity::{Quantity, Unit};
use crate::text::words::{fold, is_stopword};

/// Time and length units (folded).
const UNITS: &[&str] = &[
    "second",
    "minute",
    "hour",
    "day",
    "week",
    "month",
    "year",
    "decade",
    "century",
    "centurie",
    "km",
    "kilometre",
    "kilometer",
    "mile",
    "metre",
    "meter",
];

/// Two-word and one-word hedges that belong to the number after them.
const HEDGES_2: &[(&str, &str)] = &[
    ("more", "than"),
    ("less", "than"),
    ("fewer", "than"),
    ("at", "least"),
    ("at", "most"),
    ("up", "to"),
];
const HEDGES_1: &[&str] = &[
    "nearly",
    "almost",
    "about",
    "around",
    "roughly",
    "approximately",
    "over",
];

/// Every number span of `tokens`, given the sentence's quantities, skipping `masked` tokens
/// (dates).
pub fn numbers(tokens: &[Token<'_>], readings: &[Reading], masked: &[bool]) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let span = (!masked[i]).then(|| number_at(tokens, readings, masked, i));
        match span.flatten() {
            Some(span) => {
                i = span.last;
                spans.push(span);
            }
            None => i += 1,
        }
    }
    spans
}

/// The number span whose number starts at token `i`, if any.
fn number_at(
    tokens: &[Token<'_>],
    readings: &[Reading],
    masked: &[bool],
    i: usize,
) -> Option<Span> {
    let read = readings
        .iter()
        .find(|r| r.first == i && !masked[r.first..r.last].contains(&true));
    read.and_then(|r| from_reading(tokens, r))
        .or_else(|| article_duration(tokens, i))
}

/// The span of an amount or ordinal the shared parser read.
fn from_reading(tokens: &[Token<'_>], read: &Reading) -> Option<Span> {
    match read.quantity {
        Quantity::Ordinal(_) if read.whole(tokens) => {
            Some(Span::over(SpanKind::Ordinal, tokens, read.first, read.last))
        }
        Quantity::Amount { unit, .. } if read.whole(tokens) => Some(amount(tokens, read, unit)),
        Quantity::Amount {
            unit: Unit::None, ..
        } => compound(tokens, read),
        _ => None,
    }
}

/// Decides the kind of an amount from its unit and the word after it.
fn amount(tokens: &[Token<'_>], read: &Reading, unit: Unit) -> Span {
    let start = hedge_start(tokens, read.first);
    let end = read.last;
    let over = |kind, last| Span::over(kind, tokens, start, last);
    let next = tokens.get(end).map(|t| fold(&t.lower()));
    let scale = fold(&tokens[end - 1].lower());
    match (unit, next) {
        (Unit::Percent, _) => over(SpanKind::Percent, end),
        (Unit::Currency(_), _) => over(SpanKind::Money, end),
        // `a century`: the shared parser reads `century` as a scale word (100).
        _ if UNITS.contains(&scale.as_str()) => Span {
            unit: Some(scale),
            ..over(SpanKind::Duration, end)
        },
        (Unit::None, Some(word)) if UNITS.contains(&word.as_str()) => Span {
            unit: Some(word),
            ..over(SpanKind::Duration, end + 1)
        },
        (Unit::None, Some(word)) if !is_stopword(&word) && tokens[end].is_word() => Span {
            unit: Some(word),
            unit_token: Some(end),
            ..over(SpanKind::Count, end)
        },
        (Unit::None, _) => over(SpanKind::Count, end),
        // The shared parser read a length of time whose last token is not a unit word of
        // ours (`72-hour`): the unit is the one it read.
        (Unit::Duration(time), _) => Span {
            unit: Some(time.name().to_owned()),
            ..over(SpanKind::Duration, end)
        },
    }
}

/// `four-day`, `3-year`: a number joined to a unit; the answer is the whole token, and the
/// count part is kept as the unit-less reading.
fn compound(tokens: &[Token<'_>], read: &Reading) -> Option<Span> {
    let token = &tokens[read.last - 1];
    let unit = fold(token.text[read.end - token.start..].strip_prefix(['-', '–'])?);
    UNITS.contains(&unit.as_str()).then(|| Span {
        unit: Some(unit),
        ..Span::over(
            SpanKind::Duration,
            tokens,
            hedge_start(tokens, read.first),
            read.last,
        )
    })
}

/// `a decade`, `an hour`: a duration of one unit.
fn article_duration(tokens: &[Token<'_>], i: usize) -> Option<Span> {
    if !matches!(tokens[i].lower().as_str(), "a" | "an") {
        return None;
    }
    let unit = fold(&tokens.get(i + 1)?.lower());
    UNITS.contains(&unit.as_str()).then(|| Span {
        unit: Some(unit),
        ..Span::over(SpanKind::Duration, tokens, i, i + 2)
    })
}

/// Where a number starting at `i` starts once a hedge before it is included.
fn hedge_start(tokens: &[Token<'_>], i: usize) -> usize {
    let word = |j: usize| tokens[j].lower();
    if i >= 2 && HEDGES_2.contains(&(word(i - 2).as_str(), word(i - 1).as_str())) {
        return i - 2;
    }
    if i >= 1 && HEDGES_1.contains(&word(i - 1).as_str()) {
        return i - 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::numbers;
    use crate::backend::extractive_qa::reading::readings;
    use crate::backend::extractive_qa::span::SpanKind;
    use crate::backend::extractive_qa::token::tokenize;

    fn found(sentence: &str) -> Vec<(SpanKind, &str, Option<String>)> {
        let tokens = tokenize(sentence);
        let masked = vec![false; tokens.len()];
        numbers(&tokens, &readings(sentence, &tokens), &masked)
            .into_iter()
            .map(|s| (s.kind, &sentence[s.start..s.end], s.unit))
            .collect()
    }

    fn kinds(sentence: &str) -> Vec<(SpanKind, &str)> {
        found(sentence)
            .into_iter()
            .map(|(k, t, _)| (k, t))
            .collect()
    }

    #[test]
    fn money_percent_and_scaled_numbers() {
        assert_eq!(
            kinds("Trade hit a record $237.5 billion, up 3.5% or 12 percent, nearly 40 billion dollars."),
            [
                (SpanKind::Money, "$237.5 billion"),
                (SpanKind::Percent, "3.5%"),
                (SpanKind::Percent, "12 percent"),
                (SpanKind::Money, "nearly 40 billion dollars")
            ]
        );
        assert_eq!(
            kinds("or US$237bn, 3.5 per cent and 200 billion yuan"),
            [
                (SpanKind::Money, "US$237bn"),
                (SpanKind::Percent, "3.5 per cent"),
                (SpanKind::Money, "200 billion yuan")
            ]
        );
    }

    #[test]
    fn counts_carry_their_unit_and_hedges() {
        assert_eq!(
            found("soldiers from 13 countries and more than two dozen world leaders"),
            [
                (SpanKind::Count, "13", Some("country".to_string())),
                (
                    SpanKind::Count,
                    "more than two dozen",
                    Some("world".to_string())
                )
            ]
        );
        assert_eq!(found("at least 155 of them")[0].1, "at least 155");
        assert_eq!(found("at least 155 of them")[0].2, None);
        assert_eq!(
            kinds("one hundred and five men"),
            [(SpanKind::Count, "one hundred and five")]
        );
    }

    #[test]
    fn durations_and_ordinals() {
        assert_eq!(
            kinds(
                "a four-day visit, 80 years since, in a century, an hour, his 11th and third trip"
            ),
            [
                (SpanKind::Duration, "four-day"),
                (SpanKind::Duration, "80 years"),
                (SpanKind::Duration, "a century"),
                (SpanKind::Duration, "an hour"),
                (SpanKind::Ordinal, "11th"),
                (SpanKind::Ordinal, "third")
            ]
        );
        assert!(kinds("tens of thousands of troops, a plan, an idea, an 80-year-old").is_empty());
        assert!(kinds("Digi24 and the G20, one-third").is_empty());
    }
}
