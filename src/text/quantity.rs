//! Quantities in answers: amounts (numbers with an optional currency or percent sign,
//! written in digits or words, with scale words), ordinals, dates, date ranges and weekdays,
//! normalized so that different spellings of one value compare equal:
//!
//! - `$237 billion` = `237 billion dollars` = `US$237bn` = `USD 237,000,000,000`;
//! - `May 7-10, 2025` = `7 to 10 May 2025` = `7–10 May 2025`;
//! - `11th` = `eleventh`; `two dozen` = `24`; `3.5%` = `3.5 per cent`.
//!
//! [`parse`] scans a text left to right and returns the quantities it found plus the
//! remaining content words (hedges such as "about" and function words are dropped).
//! [`equivalent`] compares two parsed texts; it is symmetric by construction.
//!
//! Conventions: `$` alone is US dollars and `¥` is yuan (the reference dataset is about
//! China and Russia); `m`/`k`/`b` are scale words only when glued to digits (`5m`); a bare
//! four-digit year is an amount (`2025` = `in 2025`); "May" and "March" are months only next
//! to a day or year; dates without a year take the publication date's year when one is given,
//! otherwise they match a date with any year.

use std::fmt;

/// Version of the quantity rules (what is read as a number, amount, ordinal or date, and what
/// counts as equal); in the signature of every metric that uses them (`qty:N`).
pub const QUANTITY_VERSION: u32 = 1;

use super::date::{month_number, weekday_name, weekday_number, Date};
use super::number::{small_cardinal, small_ordinal, Decimal};
use super::quantity_lexer::{lex, Token, TokenKind};
use amounts::amount_at;
use dates::{date_at, date_range_at};

/// A currency, identified by its ISO 4217 code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Currency {
    /// US dollar (`$`, `US$`, `USD`, `dollars`).
    Usd,
    /// Euro (`€`, `EUR`, `euros`).
    Eur,
    /// Chinese yuan (`¥`, `CNY`, `RMB`, `yuan`, `renminbi`).
    Cny,
    /// Russian ruble (`₽`, `RUB`, `rubles`, `roubles`).
    Rub,
    /// Pound sterling (`£`, `GBP`, `pounds`).
    Gbp,
    /// Japanese yen (`JPY`, `yen`).
    Jpy,
}

impl Currency {
    /// The ISO 4217 code.
    pub fn code(self) -> &'static str {
        match self {
            Currency::Usd => "USD",
            Currency::Eur => "EUR",
            Currency::Cny => "CNY",
            Currency::Rub => "RUB",
            Currency::Gbp => "GBP",
            Currency::Jpy => "JPY",
        }
    }

    fn from_symbol(symbol: &str) -> Option<Currency> {
        Some(match symbol {
            "$" => Currency::Usd,
            "€" => Currency::Eur,
            "¥" | "￥" => Currency::Cny,
            "₽" => Currency::Rub,
            "£" => Currency::Gbp,
            _ => return None,
        })
    }

    fn from_code(word: &str) -> Option<Currency> {
        Some(match word {
            "usd" => Currency::Usd,
            "eur" => Currency::Eur,
            "cny" | "rmb" => Currency::Cny,
            "rub" => Currency::Rub,
            "gbp" => Currency::Gbp,
            "jpy" => Currency::Jpy,
            _ => return None,
        })
    }

    fn from_name(word: &str) -> Option<Currency> {
        Some(match word {
            "dollar" | "dollars" => Currency::Usd,
            "euro" | "euros" => Currency::Eur,
            "yuan" | "renminbi" => Currency::Cny,
            "ruble" | "rubles" | "rouble" | "roubles" => Currency::Rub,
            "pound" | "pounds" | "sterling" => Currency::Gbp,
            "yen" => Currency::Jpy,
            _ => return Currency::from_code(word),
        })
    }
}

/// The unit of an amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Unit {
    /// A plain number.
    None,
    /// A percentage (`%`, `percent`, `per cent`, `pct`).
    Percent,
    /// Money.
    Currency(Currency),
}

/// One value found in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Quantity {
    /// A number with its unit.
    Amount {
        /// The exact value (scale words applied).
        value: Decimal,
        /// Currency, percent or none.
        unit: Unit,
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
    /// A weekday named alone (1 = Monday).
    Weekday(u8),
}

impl Quantity {
    /// Whether two quantities denote the same value: amounts with equal values whose units
    /// are equal or missing on one side; an ordinal and a unitless number of the same value
    /// (`11th` = `11`, as in "his 11th trip" / "trip number 11"); dates equal (a missing year
    /// matches any year).
    pub fn same_as(&self, other: &Quantity) -> bool {
        match (self, other) {
            (Quantity::Ordinal(n), Quantity::Amount { value, unit })
            | (Quantity::Amount { value, unit }, Quantity::Ordinal(n)) => {
                *unit == Unit::None && Decimal::from_int(i128::from(*n)) == Some(*value)
            }
            (Quantity::Amount { value: a, unit: u }, Quantity::Amount { value: b, unit: v }) => {
                a == b && (u == v || *u == Unit::None || *v == Unit::None)
            }
            (Quantity::Date(a), Quantity::Date(b)) => a.same_as(*b),
            (
                Quantity::DateRange { start: a, end: b },
                Quantity::DateRange { start: c, end: d },
            ) => a.same_as(*c) && b.same_as(*d),
            _ => self == other,
        }
    }

    /// True when both are amounts in the same explicit unit or both dates (so one stating a
    /// different value contradicts the other).
    pub fn competes_with(&self, other: &Quantity) -> bool {
        match (self, other) {
            (Quantity::Amount { unit: u, .. }, Quantity::Amount { unit: v, .. }) => u == v,
            (Quantity::Date(_) | Quantity::DateRange { .. }, q) => {
                matches!(q, Quantity::Date(_) | Quantity::DateRange { .. })
            }
            (Quantity::Ordinal(_), Quantity::Ordinal(_)) => true,
            (Quantity::Weekday(_), Quantity::Weekday(_)) => true,
            _ => false,
        }
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Quantity::Amount { value, unit } => match unit {
                Unit::None => write!(f, "{value}"),
                Unit::Percent => write!(f, "{value}%"),
                Unit::Currency(c) => write!(f, "{} {value}", c.code()),
            },
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
    /// The remaining content words, lowercased, in text order.
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
    let mut parsed = Parsed::default();
    let mut i = 0;
    while i < tokens.len() {
        let after_between = i > 0 && tokens[i - 1].is_word("between");
        let found = could_start_quantity(&tokens[i])
            .then(|| quantity_at(&tokens, i, after_between))
            .flatten();
        if let Some((q, n)) = found {
            parsed.quantities.push(resolve(q, publication));
            i += n;
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

/// A cheap filter before the parsers: digits, a currency sign, or a word some parser knows.
fn could_start_quantity(t: &Token<'_>) -> bool {
    match t.kind {
        TokenKind::Digits => true,
        TokenKind::Symbol => Currency::from_symbol(t.text).is_some(),
        TokenKind::Word => {
            let w = t.text;
            matches!(w, "a" | "us")
                || small_cardinal(w).is_some()
                || small_ordinal(w).is_some()
                || month_number(w).is_some()
                || weekday_number(w).is_some()
                || Currency::from_code(w).is_some()
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
/// pair up one to one under [`Quantity::same_as`], and one side's content words are a
/// subset of the other's ("300 people" = "about 300"; "300 people" ≠ "300 soldiers").
pub fn equivalent(a: &Parsed, b: &Parsed) -> bool {
    !a.quantities.is_empty()
        && a.quantities.len() == b.quantities.len()
        && pairs_up(&a.quantities, &b.quantities)
        && (is_subset(&a.words, &b.words) || is_subset(&b.words, &a.words))
}

/// True when every item of `a` can be matched to a distinct item of `b` (same length).
pub fn pairs_up(a: &[Quantity], b: &[Quantity]) -> bool {
    fn search(a: &[Quantity], b: &[Quantity], used: &mut Vec<bool>) -> bool {
        let Some((first, rest)) = a.split_first() else {
            return true;
        };
        for j in 0..b.len() {
            if !used[j] && first.same_as(&b[j]) {
                used[j] = true;
                if search(rest, b, used) {
                    return true;
                }
                used[j] = false;
            }
        }
        false
    }
    a.len() == b.len() && search(a, b, &mut vec![false; b.len()])
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
    if let Some((q, n)) = amount_at(t, i) {
        return Some((q, n));
    }
    let word = t.get(i)?;
    let weekday = weekday_number(word.text).filter(|_| word.text.ends_with("day"))?;
    Some((Quantity::Weekday(weekday), 1))
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
mod dates;
mod spans;
pub use spans::{located, Located};

#[cfg(test)]
mod tests;
