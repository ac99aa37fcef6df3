//! Number spans: counts, money, percentages, durations and distances, and ordinals.
//!
//! A number is digits (`237`, `237,000`, `3.5%`, `$237.5`), number words (`four`,
//! `thirty-four`, `two dozen`) or scaled (`237 billion`). What follows decides its kind:
//! `%`/`percent` → percentage; a currency sign or word → money; a time or length unit
//! (`days`, `years`, `century`, `km`, also hyphenated: `four-day`) → duration; otherwise a
//! count, whose next word is its unit (`13 countries`). `a`/`an` + a time unit (`a century`)
//! is a duration. Hedges before a number (`more than`, `at least`, `nearly`) belong to it.
//! Bare four-digit years are dates, not numbers; `tens of thousands` and the like are vague
//! and are not extracted.

use crate::backend::extractive_qa::question::is_year;
use crate::backend::extractive_qa::span::{Span, SpanKind};
use crate::backend::extractive_qa::token::Token;
use crate::text::number::{small_cardinal, small_ordinal};
use crate::text::words::{fold, is_stopword};

const SCALES: &[&str] = &[
    "hundred", "thousand", "million", "billion", "trillion", "dozen", "bn",
];

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

const CURRENCY_WORDS: &[&str] = &["dollar", "euro", "yuan", "ruble", "rouble", "pound", "usd"];

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

/// Every number span of `tokens`, skipping `masked` tokens (dates).
pub fn numbers(tokens: &[Token<'_>], masked: &[bool]) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let span = (!masked[i]).then(|| number_at(tokens, masked, i)).flatten();
        match span {
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
fn number_at(tokens: &[Token<'_>], masked: &[bool], i: usize) -> Option<Span> {
    let text = tokens[i].text.to_lowercase();
    if is_ordinal(&text) {
        return Some(Span::over(SpanKind::Ordinal, tokens, i, i + 1));
    }
    if let Some(span) = compound(tokens, i, &text) {
        return Some(span);
    }
    if matches!(text.as_str(), "a" | "an") {
        return article_duration(tokens, i);
    }
    if !is_number(&text) {
        return None;
    }
    let mut end = i + 1;
    while end < tokens.len() && !masked[end] && is_scale_or_word(&tokens[end].lower()) {
        end += 1;
    }
    if end == i + 1 && is_year(&text) {
        return None;
    }
    Some(classify(tokens, hedge_start(tokens, i), i, end))
}

/// Decides the kind of the number in tokens `number..end` from what surrounds it.
fn classify(tokens: &[Token<'_>], start: usize, number: usize, end: usize) -> Span {
    let next = tokens.get(end).map(|t| fold(&t.lower()));
    let currency_sign = tokens[number].text.starts_with(['$', '€', '£', '¥']);
    let with = |kind, last| Span {
        unit: next.clone(),
        ..Span::over(kind, tokens, start, last)
    };
    match next.as_deref() {
        _ if tokens[number].text.ends_with('%') => with(SpanKind::Percent, end),
        Some("percent") => with(SpanKind::Percent, end + 1),
        Some(word) if CURRENCY_WORDS.contains(&word) => with(SpanKind::Money, end + 1),
        _ if currency_sign => with(SpanKind::Money, end),
        Some(word) if UNITS.contains(&word) => with(SpanKind::Duration, end + 1),
        Some(word) if !is_stopword(word) && tokens[end].is_word() => Span {
            unit_token: Some(end),
            ..with(SpanKind::Count, end)
        },
        _ => Span {
            unit: None,
            ..with(SpanKind::Count, end)
        },
    }
}

/// `four-day`, `3-year`: a number joined to a unit; the answer is the whole token, and the
/// count part is kept as the unit-less reading.
fn compound(tokens: &[Token<'_>], i: usize, text: &str) -> Option<Span> {
    let (number, unit) = text.rsplit_once(['-', '–'])?;
    let unit = fold(unit);
    if !is_number(number) || !UNITS.contains(&unit.as_str()) {
        return None;
    }
    let start = hedge_start(tokens, i);
    Some(Span {
        unit: Some(unit),
        ..Span::over(SpanKind::Duration, tokens, start, i + 1)
    })
}

/// `a century`, `an hour`: a duration of one unit.
fn article_duration(tokens: &[Token<'_>], i: usize) -> Option<Span> {
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

/// Digits (with separators, currency sign and `%`) or a number word (`thirty-four`).
pub fn is_number(text: &str) -> bool {
    let digits = text
        .trim_start_matches(['$', '€', '£', '¥'])
        .trim_end_matches('%');
    let numeric = digits.starts_with(|c: char| c.is_ascii_digit())
        && digits
            .chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.');
    numeric || text.split(['-', '–']).all(is_number_word)
}

/// `11th`, `3rd`, `third`, `twenty-first`.
pub fn is_ordinal(text: &str) -> bool {
    let digits = text.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &text[digits.len()..];
    let numeric = !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit())
        && matches!(suffix, "st" | "nd" | "rd" | "th");
    let last = text.rsplit(['-', '–']).next().unwrap_or(text);
    numeric || is_ordinal_word(last) && text.split(['-', '–']).count() <= 2
}

fn is_scale_or_word(word: &str) -> bool {
    SCALES.contains(&word) || (is_number_word(word) && word != "one")
}

/// `one` … `nineteen`, the tens `twenty` … `ninety`, and `hundred`.
fn is_number_word(word: &str) -> bool {
    matches!(small_cardinal(word), Some(n) if n > 0) || word == "hundred"
}

/// `first` … `nineteenth`, the tens `twentieth` … `ninetieth`, and `hundredth`.
fn is_ordinal_word(word: &str) -> bool {
    matches!(small_ordinal(word), Some(n) if n > 0) || word == "hundredth"
}

#[cfg(test)]
mod tests {
    use super::{is_number, is_ordinal, numbers};
    use crate::backend::extractive_qa::span::SpanKind;
    use crate::backend::extractive_qa::token::tokenize;

    fn found(sentence: &str) -> Vec<(SpanKind, &str, Option<String>)> {
        let tokens = tokenize(sentence);
        let masked = vec![false; tokens.len()];
        numbers(&tokens, &masked)
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
    }

    #[test]
    fn durations_ordinals_and_years() {
        assert_eq!(
            kinds(
                "a four-day visit, 80 years since, in a century, his 11th and third trip in 2024"
            ),
            [
                (SpanKind::Duration, "four-day"),
                (SpanKind::Duration, "80 years"),
                (SpanKind::Duration, "a century"),
                (SpanKind::Ordinal, "11th"),
                (SpanKind::Ordinal, "third")
            ]
        );
        assert!(kinds("tens of thousands of troops, a plan, an idea").is_empty());
    }

    #[test]
    fn number_and_ordinal_words() {
        assert!(is_number("thirty-four") && is_number("$1,000.5") && is_number("3.5%"));
        assert!(!is_number("four-day") && !is_number("") && !is_number("$"));
        assert!(is_ordinal("21st") && is_ordinal("twenty-first") && is_ordinal("80th"));
        assert!(!is_ordinal("th") && !is_ordinal("north"));
    }
}
