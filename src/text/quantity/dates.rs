//! Date phrases: `May 7, 2025`, `7th of May`, `2025-05-07`, `May 2025`, and ranges (`May 7-10, 2025`, `7 to 10 May 2025`, `May 30 - June 2`, `between May 7
//! and 10`). Values are [`Date`]s; a range's start takes the end's year when it has none.

use super::{day_at, plain_integer, skip_comma, word_at, Found};
use crate::text::date::{month_number, weekday_number, Date};
use crate::text::quantity_lexer::{Token, TokenKind};

fn year_at(t: &[Token<'_>], i: usize) -> Found<i32> {
    let (n, _) = plain_integer(t, i).filter(|&(n, d)| d == 4 && (1000..3000).contains(&n))?;
    Some((i32::try_from(n).ok()?, 1))
}

/// A month name; `strict` months (`may`, `march`, abbreviations) need a day or year nearby,
/// which the caller checks.
fn month_at(t: &[Token<'_>], i: usize) -> Option<(u8, usize, bool)> {
    let word = word_at(t, i)?;
    let month = month_number(word)?;
    let ambiguous = word.len() <= 3 || word == "march";
    let dot = t.get(i + 1).is_some_and(|x| x.glued && x.is_symbol(&['.']));
    Some((month, if dot && word.len() <= 4 { 2 } else { 1 }, ambiguous))
}

pub(super) fn date_at(t: &[Token<'_>], i: usize) -> Found<Date> {
    bare_date_at(t, i)
}

/// A date with its day, after an optional weekday (`Saturday, May 10`): the end of a range
/// written as two dates. (Elsewhere a weekday before a date is a quantity of its own.)
fn day_date_at(t: &[Token<'_>], i: usize) -> Found<Date> {
    let j = if word_at(t, i).and_then(weekday_number).is_some() {
        skip_comma(t, i + 1)
    } else {
        i
    };
    let (d, n) = bare_date_at(t, j).filter(|(d, _)| d.day.is_some())?;
    Some((d, j + n - i))
}

fn bare_date_at(t: &[Token<'_>], i: usize) -> Found<Date> {
    if let Some(found) = iso_date_at(t, i) {
        return Some(found);
    }
    if let Some((month, n, ambiguous)) = month_at(t, i) {
        let j = i + n;
        if let Some((day, m)) = day_at(t, j) {
            let k = skip_comma(t, j + m);
            if let Some((year, y)) = year_at(t, k) {
                return Some((Date::new(Some(year), month, Some(day))?, k + y - i));
            }
            return Some((Date::new(None, month, Some(day))?, j + m - i));
        }
        let k = skip_comma(t, j);
        if let Some((year, y)) = year_at(t, k) {
            return Some((Date::new(Some(year), month, None)?, k + y - i));
        }
        return (!ambiguous).then_some((Date::new(None, month, None)?, n));
    }
    let (day, m) = day_at(t, i)?;
    let mut j = i + m;
    if t.get(j).is_some_and(|x| x.is_word("of")) {
        j += 1;
    }
    let (month, n, _) = month_at(t, j)?;
    let k = skip_comma(t, j + n);
    if let Some((year, y)) = year_at(t, k) {
        return Some((Date::new(Some(year), month, Some(day))?, k + y - i));
    }
    Some((Date::new(None, month, Some(day))?, j + n - i))
}

fn iso_date_at(t: &[Token<'_>], i: usize) -> Found<Date> {
    let (y, yd) = plain_integer(t, i)?;
    let dash = |k: usize| t.get(k).is_some_and(|x| x.glued && x.is_symbol(&['-']));
    if yd != 4 || !dash(i + 1) || !dash(i + 3) || !t.get(i + 4).is_some_and(|x| x.glued) {
        return None;
    }
    let (m, md) = plain_integer(t, i + 2)?;
    let (d, dd) = plain_integer(t, i + 4)?;
    if md > 2 || dd > 2 {
        return None;
    }
    let date = Date::new(
        Some(i32::try_from(y).ok()?),
        u8::try_from(m).ok()?,
        Some(u8::try_from(d).ok()?),
    )?;
    Some((date, 5))
}

fn range_separator(t: &[Token<'_>], i: usize, after_between: bool) -> Option<usize> {
    let x = t.get(i)?;
    let word_sep = ["to", "through", "thru", "until", "till"].contains(&x.text)
        || (after_between && x.text == "and");
    (x.is_symbol(&['-', '–', '—']) || (x.kind == TokenKind::Word && word_sep)).then_some(1)
}

pub(super) fn date_range_at(
    t: &[Token<'_>],
    i: usize,
    after_between: bool,
) -> Option<(Date, Date, usize)> {
    // Month D1 - D2[, Year]
    if let Some((month, n, _)) = month_at(t, i) {
        if let Some((d1, a)) = day_at(t, i + n) {
            let s = i + n + a;
            if let Some(sep) = range_separator(t, s, after_between) {
                if let Some((d2, b)) = day_at(t, s + sep) {
                    let e = s + sep + b;
                    if month_at(t, e).is_none() {
                        let k = skip_comma(t, e);
                        let (year, used) = match year_at(t, k) {
                            Some((y, y_n)) => (Some(y), k + y_n),
                            None => (None, e),
                        };
                        let start = Date::new(year, month, Some(d1))?;
                        let end = Date::new(year, month, Some(d2))?;
                        return Some((start, end, used - i));
                    }
                }
            }
        }
    }
    // D1 - D2 Month[ Year]
    if let Some((d1, a)) = day_at(t, i) {
        if let Some(sep) = range_separator(t, i + a, after_between) {
            let s = i + a + sep;
            if let Some((d2, b)) = day_at(t, s) {
                let mut j = s + b;
                if t.get(j).is_some_and(|x| x.is_word("of")) {
                    j += 1;
                }
                if let Some((month, n, _)) = month_at(t, j) {
                    let k = skip_comma(t, j + n);
                    let (year, used) = match year_at(t, k) {
                        Some((y, y_n)) => (Some(y), k + y_n),
                        None => (None, j + n),
                    };
                    let start = Date::new(year, month, Some(d1))?;
                    let end = Date::new(year, month, Some(d2))?;
                    return Some((start, end, used - i));
                }
            }
        }
    }
    // Date - Date
    let (start, a) = date_at(t, i).filter(|(d, _)| d.day.is_some())?;
    let sep = range_separator(t, i + a, after_between)?;
    let (end, b) = day_date_at(t, i + a + sep)?;
    let start = Date {
        year: start.year.or(end.year),
        ..start
    };
    Some((start, end, a + sep + b))
}
