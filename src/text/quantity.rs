//! Quantities in answers: amounts (numbers with an optional currency, percent sign or unit of
//! time, written in digits or words, with scale words, and an optional bound), ordinals, dates,
//! date ranges and weekdays, normalized so that different spellings of one value compare
//! equal:
//!
//! - `$237 billion` = `237 billion dollars` = `US$237bn` = `USD 237,000,000,000`;
//! - `May 7-10, 2025` = `7 to 10 May 2025` = `7–10 May 2025`;
//! - `11th` = `eleventh`; `two dozen` = `24`; `3.5%` = `3.5 per cent`;
//! - `three days` = `three-day` = `72 hours`; `a day` = `the next day` = `one day`;
//! - `more than two dozen` = `over 24`, but ≠ `24` (see [`Bound`]).
//!
//! [`parse`] scans a text left to right and returns the quantities it found plus the
//! remaining content words (hedges such as "about" and function words are dropped).
//! [`equivalent`] compares two parsed texts; it is symmetric by construction.
//!
//! Conventions: `$` alone is US dollars and `¥` is yuan (the reference dataset is about
//! China and Russia); `m`/`k`/`b` are scale words only when glued to digits (`5m`); a bare
//! four-digit year is an amount (`2025` = `in 2025`); "May" and "March" are months only next
//! to a day or year; a weekday before a date is a quantity of its own (`Thursday, May 8` is
//! the weekday and the date); a date without a year followed by `or`/`and` and a date with one
//! shares that year (`October or September 2024`); other dates without a year take the year
//! of the reference date given (the publication date, or the year a question names, see
//! [`year_basis`]), and without one they match a date with any year.

use std::fmt;
use std::ops::Range;

/// Version of the quantity rules (what is read as a number, amount, ordinal or date, and what
/// counts as equal); in the signature of every metric that uses them (`qty:N`). 2 (issue 14):
/// bounds, units of time, a weekday before a date, years shared across `or`/`and`.
pub const QUANTITY_VERSION: u32 = 2;

use super::date::{month_number, weekday_name, weekday_number, Date};
use super::number::{small_cardinal, small_ordinal, Decimal};
use super::quantity_lexer::{lex, Token, TokenKind};
use amounts::amount_at;
pub use bounds::Bound;
use dates::{date_at, date_range_at};
pub use units::{Currency, TimeUnit, Unit};

/// One value found in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Quantity {
    /// A number with its unit and bound.
    Amount {
        /// The value as written (scale words applied; units of time not converted).
        value: Decimal,
        /// Currency, percent, unit of time or none.
        unit: Unit,
        /// Exact, approximate, or bounded on one side (`more than`).
        bound: Bound,
    },
    /// An ordinal (`11th`, `eleventh`).
    Ordinal(u32),
    /// A single date.
    Date(Date),
    /// A date range, both ends complete with month (and year when known).
    DateRange {
        /// First day.
        start: Date,
        /// Last day.
        end: Date,
    },
    /// A weekday (1 = Monday).
    Weekday(u8),
}

impl Quantity {
    /// A plain number: no unit, no bound.
    pub fn number(value: Decimal) -> Quantity {
        Quantity::Amount {
            value,
            unit: Unit::None,
            bound: Bound::Exact,
        }
    }

    /// Whether two quantities denote the same value, in either direction: amounts with one
    /// value (units equal or missing on one side, times of day converted) whose bounds agree
    /// ([`Bound::agrees_with`]); an ordinal and an exact plain number of the same value (`11th`
    /// = `11`, as in "his 11th trip" / "trip number 11"); dates equal (a missing year matches
    /// any year).
    pub fn same_as(&self, other: &Quantity) -> bool {
        self.matches(other, Bound::agrees_with)
    }

    /// Whether this quantity, stated by a prediction, answers `gold`: as [`Quantity::same_as`],
    /// but a bounded gold amount needs the same bound ([`Bound::answers`]): "24" does not
    /// answer "more than two dozen".
    pub fn answers(&self, gold: &Quantity) -> bool {
        self.matches(gold, Bound::answers)
    }

    fn matches(&self, other: &Quantity, bounds: fn(Bound, Bound) -> bool) -> bool {
        match (self, other) {
            (Quantity::Ordinal(n), Quantity::Amount { value, unit, bound })
            | (Quantity::Amount { value, unit, bound }, Quantity::Ordinal(n)) => {
                *unit == Unit::None
                    && *bound == Bound::Exact
                    && Decimal::from_int(i128::from(*n)) == Some(*value)
            }
            (
                Quantity::Amount {
                    value: a,
                    unit: u,
                    bound: p,
                },
                Quantity::Amount {
                    value: b,
                    unit: v,
                    bound: q,
                },
            ) => u.same_value(*a, *v, *b) && bounds(*p, *q),
            (Quantity::Date(a), Quantity::Date(b)) => a.same_as(*b),
            (
                Quantity::DateRange { start: a, end: b },
                Quantity::DateRange { start: c, end: d },
            ) => a.same_as(*c) && b.same_as(*d),
            _ => self == other,
        }
    }

    /// True when stating both this quantity and `other` with different values would
    /// contradict: amounts of one dimension ([`Unit::same_dimension`]), two dates or ranges,
    /// two ordinals, two weekdays, or a weekday and a complete date that falls on another
    /// weekday (`Friday, May 8, 2025`).
    pub fn competes_with(&self, other: &Quantity) -> bool {
        match (self, other) {
            (Quantity::Amount { unit: u, .. }, Quantity::Amount { unit: v, .. }) => {
                u.same_dimension(*v)
            }
            (Quantity::Date(_) | Quantity::DateRange { .. }, q) => {
                matches!(q, Quantity::Date(_) | Quantity::DateRange { .. }) || q.competes_with(self)
            }
            (Quantity::Weekday(w), Quantity::Date(d)) => d.weekday().is_some_and(|x| x != *w),
            (Quantity::Ordinal(_), Quantity::Ordinal(_)) => true,
            (Quantity::Weekday(_), Quantity::Weekday(_)) => true,
            _ => false,
        }
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Quantity::Amount { value, unit, bound } => {
                f.write_str(bound.prefix())?;
                unit.write(f, *value)
            }
            Quantity::Ordinal(n) => {
                write!(f, "{n}{}", super::number::ordinal_suffix(u64::from(*n)))
            }
            Quantity::Date(d) => write!(f, "{d}"),
            Quantity::DateRange { start, end } => write!(f, "{start} – {end}"),
            Quantity::Weekday(w) => write!(f, "{}", weekday_name(*w)),
        }
    }
}

/// A text read for quantities.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    /// The quantities, in text order.
    pub quantities: Vec<Quantity>,
    /// The remaining content words, lowercased, in text order, plus the unit-of-time words
    /// of the quantities (`day` of `four-day`).
    pub words: Vec<String>,
}

/// Words that never make two answers different: articles, prepositions, hedges.
const FILLER: &[&str] = &[
    "a",
    "an",
    "the",
    "of",
    "in",
    "on",
    "at",
    "by",
    "for",
    "from",
    "to",
    "and",
    "or",
    "between",
    "about",
    "around",
    "approximately",
    "approx",
    "roughly",
    "nearly",
    "almost",
    "some",
    "circa",
    "ca",
    "est",
    "estimated",
    "just",
    "over",
    "under",
    "was",
    "is",
    "were",
    "are",
    "be",
    "it",
    "total",
    "worth",
    "s",
];

/// Reads `text` for quantities; dates without a year take `publication`'s year.
pub fn parse(text: &str, publication: Option<Date>) -> Parsed {
    parse_lowercase(&text.to_lowercase(), publication)
}

/// [`parse`] for text that is already lowercased (`str::to_lowercase`).
pub fn parse_lowercase(lower: &str, publication: Option<Date>) -> Parsed {
    let tokens = lex(lower);
    let found = scan(&tokens);
    let mut parsed = Parsed::default();
    let mut next = found.iter().peekable();
    let mut i = 0;
    while i < tokens.len() {
        if let Some(q) = next.next_if(|q| q.tokens.start == i) {
            parsed.quantities.push(resolve(q.quantity, publication));
            // A unit of time is also a noun the text says ("a four-day visit"): metrics that
            // compare content words still see it ([`equivalent`] ignores it).
            let units = tokens[q.tokens.clone()]
                .iter()
                .filter(|t| t.kind == TokenKind::Word && TimeUnit::from_word(t.text).is_some());
            parsed.words.extend(units.map(|t| t.text.to_string()));
            i = q.tokens.end;
            continue;
        }
        let t = &tokens[i];
        if t.kind != TokenKind::Symbol && !FILLER.contains(&t.text) {
            parsed.words.push(t.text.to_string());
        }
        i += 1;
    }
    parsed
}

/// One quantity as read, before missing years are filled, with the tokens it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Scanned {
    quantity: Quantity,
    tokens: Range<usize>,
}

/// Every quantity of `tokens`, left to right, with years shared across `or`/`and`.
fn scan(tokens: &[Token<'_>]) -> Vec<Scanned> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let after_between = i > 0 && tokens[i - 1].is_word("between");
        let hit = could_start_quantity(&tokens[i])
            .then(|| quantity_at(tokens, i, after_between))
            .flatten();
        match hit {
            Some((quantity, n)) => {
                found.push(Scanned {
                    quantity,
                    tokens: i..i + n,
                });
                i += n;
            }
            None => i += 1,
        }
    }
    share_years(&mut found, tokens);
    found
}

/// `October or September 2024`, `May 7 and May 9, 2025`: a date without a year joined by
/// `or`, `and` or a comma to a date with one takes that year (right to left, so a list
/// shares its last year).
fn share_years(found: &mut [Scanned], tokens: &[Token<'_>]) {
    for k in (1..found.len()).rev() {
        let between = &tokens[found[k - 1].tokens.end..found[k].tokens.start];
        let joined = match between {
            [x] => x.is_word("or") || x.is_word("and") || x.is_symbol(&[',']),
            [x, y] => x.is_symbol(&[',']) && (y.is_word("or") || y.is_word("and")),
            _ => false,
        };
        let Some(year) = explicit_year(&found[k].quantity).filter(|_| joined) else {
            continue;
        };
        found[k - 1].quantity = with_year_if_missing(found[k - 1].quantity, year);
    }
}

fn explicit_year(q: &Quantity) -> Option<i32> {
    match q {
        Quantity::Date(d) => d.year,
        Quantity::DateRange { end, .. } => end.year,
        _ => None,
    }
}

fn with_year_if_missing(q: Quantity, year: i32) -> Quantity {
    let fill = Date::new(Some(year), 1, None);
    match q {
        Quantity::Date(d) => Quantity::Date(d.with_default_year(fill)),
        Quantity::DateRange { start, end } => Quantity::DateRange {
            start: start.with_default_year(fill),
            end: end.with_default_year(fill),
        },
        other => other,
    }
}

/// The one year `text` names, if it names exactly one: the years of its dates, and bare
/// four-digit numbers from 1000 to 2999 ("the 2025 parade", "in which month of 2024").
pub fn year_named(text: &str) -> Option<i32> {
    let lower = text.to_lowercase();
    let tokens = lex(&lower);
    let mut years: Vec<i32> = Vec::new();
    for s in scan(&tokens) {
        let year = match s.quantity {
            Quantity::DateRange { start, end } => start.year.or(end.year),
            Quantity::Amount { value, unit, bound }
                if unit == Unit::None
                    && bound == Bound::Exact
                    && s.tokens.len() == 1
                    && tokens[s.tokens.start].text.len() == 4 =>
            {
                value
                    .as_integer()
                    .filter(|y| (1000..3000).contains(y))
                    .and_then(|y| i32::try_from(y).ok())
            }
            q => explicit_year(&q),
        };
        if let Some(y) = year.filter(|y| !years.contains(y)) {
            years.push(y);
        }
    }
    match years.as_slice() {
        [one] => Some(*one),
        _ => None,
    }
}

/// The date whose year fills dates written without one, when answering `question` from a
/// document published on `publication`: the year the question names, when it names exactly
/// one ([`year_named`]: "in which month of 2024 …?" reads "October" as October 2024), and
/// otherwise the publication date.
pub fn year_basis(question: Option<&str>, publication: Option<Date>) -> Option<Date> {
    question
        .and_then(year_named)
        .and_then(|y| Date::new(Some(y), 1, None))
        .or(publication)
}

/// A cheap filter before the parsers: digits, a currency sign, or a word some parser knows.
fn could_start_quantity(t: &Token<'_>) -> bool {
    match t.kind {
        TokenKind::Digits => true,
        TokenKind::Symbol => Currency::from_symbol(t.text).is_some(),
        TokenKind::Word => {
            let w = t.text;
            matches!(w, "a" | "an" | "us" | "next" | "following")
                || small_cardinal(w).is_some()
                || small_ordinal(w).is_some()
                || month_number(w).is_some()
                || weekday_number(w).is_some()
                || Currency::from_code(w).is_some()
                || bounds::starts_prefix(w)
        }
    }
}

fn resolve(q: Quantity, publication: Option<Date>) -> Quantity {
    match q {
        Quantity::Date(d) => Quantity::Date(d.with_default_year(publication)),
        Quantity::DateRange { start, end } => Quantity::DateRange {
            start: start.with_default_year(publication),
            end: end.with_default_year(publication),
        },
        other => other,
    }
}

/// Whether two parsed texts state the same thing: at least one quantity, the quantities
/// pair up one to one under [`Quantity::same_as`], and one side's content words (units of
/// time aside, which the quantities compare) are a subset of the other's ("300 people" =
/// "about 300"; "300 people" ≠ "300 soldiers"; "three days" = "72 hours").
pub fn equivalent(a: &Parsed, b: &Parsed) -> bool {
    let words = |p: &Parsed| -> Vec<String> {
        p.words
            .iter()
            .filter(|w| TimeUnit::from_word(w).is_none())
            .cloned()
            .collect()
    };
    !a.quantities.is_empty()
        && a.quantities.len() == b.quantities.len()
        && pairs_up(&a.quantities, &b.quantities)
        && (is_subset(&words(a), &words(b)) || is_subset(&words(b), &words(a)))
}

/// True when every item of `a` can be matched to a distinct item of `b` (same length).
pub fn pairs_up(a: &[Quantity], b: &[Quantity]) -> bool {
    a.len() == b.len() && assign(a, b, Quantity::same_as).is_some()
}

/// Matches every item of `wanted` to a distinct item of `pool` under `related(pool item,
/// wanted item)`, trying every assignment; returns the pool index chosen for each wanted
/// item, or `None` when there is no complete assignment.
pub fn assign(
    wanted: &[Quantity],
    pool: &[Quantity],
    related: impl Fn(&Quantity, &Quantity) -> bool,
) -> Option<Vec<usize>> {
    fn search(
        wanted: &[Quantity],
        pool: &[Quantity],
        related: &dyn Fn(&Quantity, &Quantity) -> bool,
        chosen: &mut Vec<usize>,
    ) -> bool {
        let Some((first, rest)) = wanted.split_first() else {
            return true;
        };
        for j in 0..pool.len() {
            if !chosen.contains(&j) && related(&pool[j], first) {
                chosen.push(j);
                if search(rest, pool, related, chosen) {
                    return true;
                }
                chosen.pop();
            }
        }
        false
    }
    let mut chosen = Vec::with_capacity(wanted.len());
    search(wanted, pool, &related, &mut chosen).then_some(chosen)
}

fn is_subset(small: &[String], big: &[String]) -> bool {
    small.iter().all(|w| big.contains(w))
}

type Found<T> = Option<(T, usize)>;

fn quantity_at(t: &[Token<'_>], i: usize, after_between: bool) -> Found<Quantity> {
    if let Some((start, end, n)) = date_range_at(t, i, after_between) {
        return Some((Quantity::DateRange { start, end }, n));
    }
    if let Some((d, n)) = date_at(t, i) {
        return Some((Quantity::Date(d), n));
    }
    if let Some((o, n)) = ordinal_at(t, i) {
        return Some((Quantity::Ordinal(o), n));
    }
    if let Some((q, n)) = bounded_amount_at(t, i) {
        return Some((q, n));
    }
    if let Some((q, n)) = amount_at(t, i) {
        return Some((q, n));
    }
    let word = t.get(i)?;
    let weekday = weekday_number(word.text).filter(|_| word.text.ends_with("day"))?;
    Some((Quantity::Weekday(weekday), 1))
}

/// A bound phrase and the amount it qualifies (`more than two dozen`, `at least 155`).
fn bounded_amount_at(t: &[Token<'_>], i: usize) -> Found<Quantity> {
    let (bound, b) = bounds::prefix_at(t, i)?;
    match amount_at(t, i + b)? {
        (
            Quantity::Amount {
                value,
                unit,
                bound: Bound::Exact,
            },
            n,
        ) => Some((Quantity::Amount { value, unit, bound }, b + n)),
        _ => None,
    }
}

fn word_at<'a>(t: &[Token<'a>], i: usize) -> Option<&'a str> {
    t.get(i)
        .filter(|x| x.kind == TokenKind::Word)
        .map(|x| x.text)
}

fn skip_comma(t: &[Token<'_>], i: usize) -> usize {
    if t.get(i).is_some_and(|x| x.is_symbol(&[','])) {
        i + 1
    } else {
        i
    }
}

/// An integer written in plain digits (no separators), with its digit count.
fn plain_integer(t: &[Token<'_>], i: usize) -> Option<(u32, usize)> {
    let x = t.get(i).filter(|x| x.kind == TokenKind::Digits)?;
    if !x.text.bytes().all(|b| b.is_ascii_digit()) || x.text.len() > 9 {
        return None;
    }
    Some((x.text.parse().ok()?, x.text.len()))
}

/// `7`, `7th`, `seventh`, `twenty-first` as a day of the month.
fn day_at(t: &[Token<'_>], i: usize) -> Found<u8> {
    let (n, used) = if let Some((n, _)) = plain_integer(t, i).filter(|&(_, d)| d <= 2) {
        let suffix = t
            .get(i + 1)
            .is_some_and(|x| x.glued && ["st", "nd", "rd", "th"].contains(&x.text));
        (n, if suffix { 2 } else { 1 })
    } else {
        ordinal_words_at(t, i)?
    };
    Some((u8::try_from(n).ok().filter(|d| (1..=31).contains(d))?, used))
}

/// `first` … `ninety-ninth`, as words.
fn ordinal_words_at(t: &[Token<'_>], i: usize) -> Found<u32> {
    let word = word_at(t, i)?;
    if let Some(n) = small_ordinal(word) {
        return Some((n, 1));
    }
    let tens = small_cardinal(word).filter(|n| *n >= 20 && n % 10 == 0)?;
    t.get(i + 1).filter(|x| x.glued && x.is_symbol(&['-']))?;
    let unit = small_ordinal(word_at(t, i + 2)?).filter(|n| (1..10).contains(n))?;
    Some((tens + unit, 3))
}

fn ordinal_at(t: &[Token<'_>], i: usize) -> Found<u32> {
    if let Some((n, _)) = plain_integer(t, i) {
        let suffix = t.get(i + 1)?;
        let is_suffix = suffix.glued && ["st", "nd", "rd", "th"].contains(&suffix.text);
        return is_suffix.then_some((n, 2));
    }
    ordinal_words_at(t, i)
}

mod amounts;
mod bounds;
mod dates;
mod spans;
mod units;
pub use spans::{located, Located};

#[cfg(test)]
mod tests;
