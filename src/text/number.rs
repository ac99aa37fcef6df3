//! Exact decimal numbers for answer matching: parsing digit strings with thousands separators
//! and decimals, English number words ("thirteen", "two dozen", "one hundred and five"),
//! scale words ("million", "bn") and ordinals ("11th", "eleventh", "twenty-first"), plus the
//! formatting used by property tests (format → parse is the identity).
//!
//! Numbers are kept as `mantissa × 10^exponent` with no trailing zeros in the mantissa, so
//! `1.50`, `1.5` and `15e-1` are the same value and equality is exact (no floating point).
//! Mantissas are limited to 30 significant digits; longer digit strings are not numbers here.

use std::fmt;

/// An exact decimal `mantissa × 10^exponent`, normalized (mantissa not divisible by 10;
/// zero is `0 × 10^0`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Decimal {
    mantissa: i128,
    exponent: i32,
}

const MAX_MANTISSA: i128 = 10i128.pow(30);

impl Decimal {
    /// `mantissa × 10^exponent`, normalized; `None` when the mantissa is too large.
    pub fn new(mantissa: i128, exponent: i32) -> Option<Decimal> {
        let (mut m, mut e) = (mantissa, exponent);
        if m == 0 {
            return Some(Decimal {
                mantissa: 0,
                exponent: 0,
            });
        }
        while m % 10 == 0 {
            m /= 10;
            e += 1;
        }
        (m.abs() < MAX_MANTISSA).then_some(Decimal {
            mantissa: m,
            exponent: e,
        })
    }

    /// An integer.
    pub fn from_int(n: i128) -> Option<Decimal> {
        Decimal::new(n, 0)
    }

    /// The mantissa (no trailing zeros).
    pub fn mantissa(self) -> i128 {
        self.mantissa
    }

    /// The power of ten.
    pub fn exponent(self) -> i32 {
        self.exponent
    }

    /// `self × factor`; `None` on overflow.
    pub fn checked_mul(self, factor: Decimal) -> Option<Decimal> {
        let m = self.mantissa.checked_mul(factor.mantissa)?;
        Decimal::new(m, self.exponent.checked_add(factor.exponent)?)
    }

    /// `self + other`; `None` on overflow.
    pub fn checked_add(self, other: Decimal) -> Option<Decimal> {
        let e = self.exponent.min(other.exponent);
        let scale = |d: Decimal| -> Option<i128> {
            let shift = u32::try_from(d.exponent - e).ok()?;
            d.mantissa.checked_mul(10i128.checked_pow(shift)?)
        };
        Decimal::new(scale(self)?.checked_add(scale(other)?)?, e)
    }

    /// The value as an integer, when it is one and fits.
    pub fn as_integer(self) -> Option<i128> {
        if self.exponent < 0 {
            return None;
        }
        self.mantissa
            .checked_mul(10i128.checked_pow(u32::try_from(self.exponent).ok()?)?)
    }

    /// Plain digits with a `.` decimal point and no exponent, e.g. `1234.5`.
    pub fn to_plain(self) -> String {
        self.render(false)
    }

    /// Digits grouped by commas, e.g. `1,234.5`.
    pub fn to_grouped(self) -> String {
        self.render(true)
    }

    fn render(self, group: bool) -> String {
        let digits = self.mantissa.unsigned_abs().to_string();
        let (int, frac) = if self.exponent >= 0 {
            let zeros = "0".repeat(usize::try_from(self.exponent).unwrap_or(0));
            (format!("{digits}{zeros}"), String::new())
        } else {
            let places = usize::try_from(-i64::from(self.exponent)).unwrap_or(0);
            let padded = format!("{digits:0>width$}", width = places + 1);
            let split = padded.len() - places;
            (padded[..split].to_string(), padded[split..].to_string())
        };
        let int = if group { group_thousands(&int) } else { int };
        let sign = if self.mantissa < 0 { "-" } else { "" };
        if frac.is_empty() {
            format!("{sign}{int}")
        } else {
            format!("{sign}{int}.{frac}")
        }
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_grouped())
    }
}

/// `1234567` as `1,234,567`; four digits stay as they are (`2024`, `1500`), so years read
/// as years in explanations.
fn group_thousands(int: &str) -> String {
    if int.len() <= 4 {
        return int.to_string();
    }
    let mut out = String::with_capacity(int.len() + int.len() / 3);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Parses a digit string such as `237`, `1,000.5`, `3.5`, `1.000.000` or `3,5`.
///
/// Commas are thousands separators when every group after the first has three digits (and a
/// `.` decimal point may follow); a single comma otherwise is a decimal comma. Several dots
/// with three-digit groups are thousands separators.
pub fn parse_digits(text: &str) -> Option<Decimal> {
    let valid = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let grouped = |s: &str, sep: char| {
        let mut parts = s.split(sep);
        let first = parts.next().unwrap_or("");
        (1..=3).contains(&first.len()) && valid(first) && parts.all(|p| p.len() == 3 && valid(p))
    };
    let (int, frac) = if let Some((int, frac)) = text.split_once('.') {
        if text.contains(',') || !frac.contains('.') {
            let int_ok = int.is_empty() || grouped(int, ',') || valid(int);
            if !int_ok || !valid(frac) {
                return None;
            }
            (int.replace(',', ""), frac.to_string())
        } else if grouped(text, '.') {
            (text.replace('.', ""), String::new())
        } else {
            return None;
        }
    } else if text.contains(',') {
        if grouped(text, ',') {
            (text.replace(',', ""), String::new())
        } else {
            let (int, frac) = text.split_once(',')?;
            if !valid(int) || !valid(frac) {
                return None;
            }
            (int.to_string(), frac.to_string())
        }
    } else if valid(text) {
        (text.to_string(), String::new())
    } else {
        return None;
    };
    let all = format!("{int}{frac}");
    let significant = all.trim_start_matches('0');
    if significant.len() > 30 {
        return None;
    }
    let mantissa: i128 = if significant.is_empty() {
        0
    } else {
        significant.parse().ok()?
    };
    Decimal::new(mantissa, -i32::try_from(frac.len()).ok()?)
}

const ONES: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const TENS: [&str; 8] = [
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];
const ORDINAL_ONES: [&str; 13] = [
    "zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
    "tenth", "eleventh", "twelfth",
];

/// The value of a cardinal word below 100 (`seven`, `forty`).
pub fn small_cardinal(word: &str) -> Option<u32> {
    if let Some(i) = ONES.iter().position(|w| *w == word) {
        return u32::try_from(i).ok();
    }
    let i = TENS.iter().position(|w| *w == word)?;
    u32::try_from(i * 10 + 20).ok()
}

/// The value of an ordinal word below 100 (`first`, `eleventh`, `twentieth`, `nineteenth`).
pub fn small_ordinal(word: &str) -> Option<u32> {
    if let Some(i) = ORDINAL_ONES.iter().position(|w| *w == word) {
        return u32::try_from(i).ok();
    }
    if let Some(stem) = word.strip_suffix("ieth") {
        return small_cardinal(&format!("{stem}y")).filter(|n| n % 10 == 0);
    }
    let stem = word.strip_suffix("th")?;
    small_cardinal(stem).filter(|&n| (13..20).contains(&n))
}

/// The multiplier of a scale word: `hundred`, `thousand`, `million`, `billion`, `trillion`
/// and their abbreviations (`k`, `m`, `mn`, `mln`, `bn`, `bln`, `b`, `tn`, `trn`), `dozen`, and
/// `century` (100, so that "a century" = "100 years").
/// Single-letter abbreviations count only when glued to digits (`5m`, `237b`).
pub fn scale_word(word: &str, glued_to_digits: bool) -> Option<Decimal> {
    let exp = match word {
        "hundred" => 2,
        "thousand" => 3,
        "k" if glued_to_digits => 3,
        "million" | "mn" | "mln" => 6,
        "m" if glued_to_digits => 6,
        "billion" | "bn" | "bln" => 9,
        "b" if glued_to_digits => 9,
        "trillion" | "tn" | "trn" => 12,
        "dozen" => return Decimal::from_int(12),
        "century" | "centuries" => return Decimal::from_int(100),
        _ => return None,
    };
    Decimal::new(1, exp)
}

/// Writes a non-negative integer below 10^15 in English words (`one hundred five`,
/// `twenty-one`, `two million three thousand`).
pub fn integer_to_words(n: u64) -> Option<String> {
    if n >= 1_000_000_000_000_000 {
        return None;
    }
    if n == 0 {
        return Some("zero".into());
    }
    let mut parts = Vec::new();
    let mut rest = n;
    for (scale, name) in [
        (1_000_000_000_000, "trillion"),
        (1_000_000_000, "billion"),
        (1_000_000, "million"),
        (1_000, "thousand"),
    ] {
        if rest >= scale {
            parts.push(format!("{} {name}", below_thousand(rest / scale)));
            rest %= scale;
        }
    }
    if rest > 0 {
        parts.push(below_thousand(rest));
    }
    Some(parts.join(" "))
}

fn below_thousand(n: u64) -> String {
    let mut parts = Vec::new();
    if n >= 100 {
        parts.push(format!("{} hundred", word_of(n / 100)));
    }
    let rest = n % 100;
    if rest > 0 {
        if rest < 20 {
            parts.push(word_of(rest).to_string());
        } else if rest % 10 == 0 {
            parts.push(tens_word(rest).to_string());
        } else {
            parts.push(format!("{}-{}", tens_word(rest), word_of(rest % 10)));
        }
    }
    parts.join(" ")
}

fn word_of(n: u64) -> &'static str {
    ONES.get(usize::try_from(n).unwrap_or(0))
        .copied()
        .unwrap_or("")
}

fn tens_word(n: u64) -> &'static str {
    TENS.get(usize::try_from(n / 10).unwrap_or(2) - 2)
        .copied()
        .unwrap_or("")
}

/// The English ordinal suffix of `n` (`st`, `nd`, `rd`, `th`; `11th`, `12th`, `13th`).
pub fn ordinal_suffix(n: u64) -> &'static str {
    match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    }
}

/// Writes an ordinal below 100 in words (`first`, `eleventh`, `twenty-first`, `ninetieth`).
pub fn ordinal_to_words(n: u32) -> Option<String> {
    match n {
        0..=12 => ORDINAL_ONES.get(n as usize).map(|w| (*w).to_string()),
        13..=19 => Some(format!("{}th", ONES[n as usize])),
        20..=99 if n % 10 == 0 => {
            let tens = tens_word(u64::from(n));
            Some(format!("{}ieth", &tens[..tens.len() - 1]))
        }
        20..=99 => Some(format!(
            "{}-{}",
            tens_word(u64::from(n)),
            ORDINAL_ONES[(n % 10) as usize]
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: i128, e: i32) -> Decimal {
        Decimal::new(m, e).unwrap()
    }

    #[test]
    fn digits_with_separators_and_decimals() {
        assert_eq!(parse_digits("237"), Some(d(237, 0)));
        assert_eq!(parse_digits("1,000.5"), Some(d(10005, -1)));
        assert_eq!(parse_digits("1,000,000"), Some(d(1, 6)));
        assert_eq!(parse_digits("1.000.000"), Some(d(1, 6)));
        assert_eq!(parse_digits("3.50"), Some(d(35, -1)));
        assert_eq!(parse_digits("3,5"), Some(d(35, -1)));
        assert_eq!(parse_digits("007"), Some(d(7, 0)));
        assert_eq!(parse_digits("0.0"), Some(d(0, 0)));
        assert_eq!(parse_digits("1,00,0"), None);
        assert_eq!(parse_digits("1.2.3"), None);
        assert_eq!(parse_digits(""), None);
    }

    #[test]
    fn arithmetic_is_exact() {
        assert_eq!(d(15, -1).checked_mul(d(1, 9)), Some(d(15, 8)));
        assert_eq!(d(2, 0).checked_add(d(5, -1)), Some(d(25, -1)));
        assert_eq!(d(237, 9).as_integer(), Some(237_000_000_000));
        assert_eq!(d(5, -1).as_integer(), None);
    }

    #[test]
    fn formatting() {
        assert_eq!(d(12345, -1).to_grouped(), "1234.5");
        assert_eq!(d(123456, -1).to_grouped(), "12,345.6");
        assert_eq!(d(2024, 0).to_grouped(), "2024");
        assert_eq!(d(237, 9).to_grouped(), "237,000,000,000");
        assert_eq!(d(5, -3).to_plain(), "0.005");
        assert_eq!(d(1, 6).to_plain(), "1000000");
        assert_eq!(integer_to_words(105).as_deref(), Some("one hundred five"));
        assert_eq!(
            integer_to_words(2_000_021).as_deref(),
            Some("two million twenty-one")
        );
    }

    #[test]
    fn ordinals() {
        assert_eq!(small_ordinal("eleventh"), Some(11));
        assert_eq!(small_ordinal("twelfth"), Some(12));
        assert_eq!(small_ordinal("nineteenth"), Some(19));
        assert_eq!(small_ordinal("twentieth"), Some(20));
        assert_eq!(small_ordinal("fourth"), Some(4));
        assert_eq!(small_ordinal("tenth"), Some(10));
        assert_eq!(small_ordinal("month"), None);
        assert_eq!(ordinal_suffix(11), "th");
        assert_eq!(ordinal_suffix(22), "nd");
        assert_eq!(ordinal_to_words(21).as_deref(), Some("twenty-first"));
        assert_eq!(ordinal_to_words(40).as_deref(), Some("fortieth"));
        for n in 1..100 {
            let w = ordinal_to_words(n).unwrap();
            let last = w.rsplit('-').next().unwrap();
            let tens = w
                .split_once('-')
                .map_or(0, |(t, _)| small_cardinal(t).unwrap());
            assert_eq!(tens + small_ordinal(last).unwrap(), n, "{w}");
        }
    }

    #[test]
    fn scale_words() {
        assert_eq!(scale_word("bn", false), Some(d(1, 9)));
        assert_eq!(scale_word("m", false), None);
        assert_eq!(scale_word("m", true), Some(d(1, 6)));
        assert_eq!(scale_word("dozen", false), Some(d(12, 0)));
    }
}
