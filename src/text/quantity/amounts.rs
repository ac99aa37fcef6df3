//! Amount phrases: digits or number words, scale words, and a currency or percent before
//! or after (`$237 billion`, `US$237bn`, `237 billion US dollars`, `two dozen`, `3.5 per cent`),
//! or a unit of time after (`three days`, `a three-day`, `72-hour`); `a day`, `an hour`, `the
//! next day` and `the following week` are one unit of time; a bound after the amount
//! (`155 or more`) is read here, one before it in [`super::bounded_amount_at`].

use super::bounds::{suffix_at, Bound};
use super::{word_at, Currency, Found, Quantity, TimeUnit, Unit};
use crate::text::number::{parse_digits, scale_word, small_cardinal, Decimal};
use crate::text::quantity_lexer::{Token, TokenKind};

pub(super) fn amount_at(t: &[Token<'_>], i: usize) -> Found<Quantity> {
    if let Some(found) = one_unit_of_time_at(t, i) {
        return Some(found);
    }
    let (prefix, p) = currency_prefix_at(t, i).map_or((None, 0), |(c, n)| (Some(c), n));
    let (value, n) = number_at(t, i + p)?;
    let mut j = i + p + n;
    let mut unit = prefix.map_or(Unit::None, Unit::Currency);
    if let Some((suffix, s)) = unit_suffix_at(t, j) {
        if prefix.is_none() || suffix == unit {
            unit = suffix;
            j += s;
        }
    }
    let (bound, b) = suffix_at(t, j).unwrap_or((Bound::Exact, 0));
    Some((Quantity::Amount { value, unit, bound }, j + b - i))
}

/// `a day`, `an hour`, `next week`, `the following day` (the article is filler): one unit.
fn one_unit_of_time_at(t: &[Token<'_>], i: usize) -> Found<Quantity> {
    let first = word_at(t, i)?;
    if !matches!(first, "a" | "an" | "next" | "following") {
        return None;
    }
    let word = word_at(t, i + 1)?;
    let unit = TimeUnit::from_word(word).filter(|_| !word.ends_with('s'))?;
    let one = Quantity::Amount {
        value: Decimal::from_int(1)?,
        unit: Unit::Duration(unit),
        bound: Bound::Exact,
    };
    Some((one, 2))
}

fn currency_prefix_at(t: &[Token<'_>], i: usize) -> Found<Currency> {
    let x = t.get(i)?;
    if x.is_word("us") && t.get(i + 1).is_some_and(|y| y.glued && y.is_symbol(&['$'])) {
        return Some((Currency::Usd, 2));
    }
    if x.kind == TokenKind::Symbol {
        return Currency::from_symbol(x.text).map(|c| (c, 1));
    }
    let code = Currency::from_code(word_at(t, i)?)?;
    t.get(i + 1)
        .is_some_and(|y| y.kind == TokenKind::Digits)
        .then_some((code, 1))
}

fn unit_suffix_at(t: &[Token<'_>], i: usize) -> Found<Unit> {
    let x = t.get(i)?;
    if x.is_symbol(&['%']) || x.is_word("percent") || x.is_word("pct") {
        return Some((Unit::Percent, 1));
    }
    if x.is_word("per") && t.get(i + 1).is_some_and(|y| y.is_word("cent")) {
        return Some((Unit::Percent, 2));
    }
    if let Some(word) = time_unit_word(t, i) {
        return TimeUnit::from_word(word.0).map(|u| (Unit::Duration(u), word.1));
    }
    let skip_us = usize::from(x.is_word("us"));
    let currency = Currency::from_name(word_at(t, i + skip_us)?)?;
    Some((Unit::Currency(currency), 1 + skip_us))
}

/// A unit-of-time word after an amount, plain (`days`) or hyphenated and glued (`-day` in
/// `three-day`), with the number of tokens it uses.
fn time_unit_word<'a>(t: &[Token<'a>], i: usize) -> Option<(&'a str, usize)> {
    let x = t.get(i)?;
    if x.is_symbol(&['-']) && x.glued {
        let word = t.get(i + 1).filter(|y| y.glued)?;
        return (word.kind == TokenKind::Word && TimeUnit::from_word(word.text).is_some())
            .then_some((word.text, 2));
    }
    let word = word_at(t, i)?;
    TimeUnit::from_word(word).is_some().then_some((word, 1))
}

/// Digits or number words, followed by any scale words (`1.5 million`, `237bn`).
fn number_at(t: &[Token<'_>], i: usize) -> Found<Decimal> {
    let x = t.get(i)?;
    let (mut value, mut j) = if x.kind == TokenKind::Digits {
        let next_is_ordinal = t
            .get(i + 1)
            .is_some_and(|y| y.glued && ["st", "nd", "rd", "th"].contains(&y.text));
        if next_is_ordinal {
            return None;
        }
        (parse_digits(x.text)?, i + 1)
    } else {
        let (v, n) = number_words_at(t, i)?;
        (v, i + n)
    };
    while let Some(y) = t.get(j).filter(|y| y.kind == TokenKind::Word) {
        let glued_to_digits = y.glued && t[j - 1].kind == TokenKind::Digits;
        let Some(scale) = scale_word(y.text, glued_to_digits) else {
            break;
        };
        value = value.checked_mul(scale)?;
        j += 1;
    }
    Some((value, j - i))
}

/// English number words: `thirteen`, `twenty-one`, `one hundred and five`, `a dozen`,
/// `two dozen`, `a million`.
fn number_words_at(t: &[Token<'_>], i: usize) -> Found<Decimal> {
    let mut total = Decimal::from_int(0)?;
    let mut current: i128 = 0;
    let mut any = false;
    let mut j = i;
    while let Some(word) = word_at(t, j) {
        let next = word_at(t, j + 1);
        if let Some(n) = small_cardinal(word) {
            if any && current % 100 != 0 && current > 0 {
                break; // "one two": two numbers, not one
            }
            let unit = t
                .get(j + 1)
                .filter(|x| x.glued && x.is_symbol(&['-']) && n >= 20 && n % 10 == 0)
                .and_then(|_| word_at(t, j + 2))
                .and_then(small_cardinal)
                .filter(|u| (1..10).contains(u));
            current += i128::from(n + unit.unwrap_or(0));
            j += if unit.is_some() { 3 } else { 1 };
            any = true;
        } else if word == "a" && next.is_some_and(|w| scale_word(w, false).is_some()) && !any {
            current = 1;
            j += 1;
        } else if word == "and" && any && next.and_then(small_cardinal).is_some() {
            j += 1;
        } else if let Some(scale) = scale_word(word, false).filter(|_| current > 0) {
            let exp = scale.exponent();
            if scale.mantissa() == 12 || exp == 2 {
                current = current.checked_mul(scale.as_integer()?)?;
            } else {
                total = total.checked_add(Decimal::from_int(current)?.checked_mul(scale)?)?;
                current = 0;
            }
            any = true;
            j += 1;
        } else {
            break;
        }
    }
    if !any {
        return None;
    }
    Some((total.checked_add(Decimal::from_int(current)?)?, j - i))
}
