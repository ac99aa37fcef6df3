//! CPython 3.11 `str` semantics that SQuAD normalization depends on: `str.lower()`,
//! `str.split()` whitespace and `re`'s `\w` (hence `\b`).
//!
//! Rust's `char` methods differ from CPython 3.11 (Unicode 14.0.0) in three places
//! (`reference/metrics-spec.md` §2.8):
//! - `char::is_whitespace` misses U+001C–U+001F, which `str.split()` splits on;
//! - `char::is_alphanumeric` (and the `regex` crate's `\w`) disagree with Python's `\w`
//!   on ~15,000 code points (marks, `No` numbers such as `½`, symbols such as `Ⓐ`);
//! - `char::to_lowercase` uses newer Unicode data: it lowercases ~55 code points that
//!   Unicode 14 leaves unassigned, which Python keeps unchanged.
//!
//! The tables in `python_chars.rs` are generated from CPython 3.11 by
//! `tests/fixtures/squad/gen_python_chars.py` and committed. [`lower`] keeps unassigned
//! code points and lowercases the rest with Rust's `str::to_lowercase`; the test below
//! compares it with Python on every code point.
//!
//! Known residual difference: Greek final sigma looks at neighbouring *cased* and
//! *case-ignorable* characters; for characters assigned in Unicode 14 whose Cased or
//! Case_Ignorable property changed in later Unicode versions, Rust may choose σ/ς
//! differently. No such case appears in any fixture.

use super::python_chars::{UNASSIGNED, WHITESPACE, WORD};

/// The first code point that Unicode 14 leaves unassigned (U+0378); everything below is assigned.
const FIRST_UNASSIGNED: char = '\u{378}';

fn in_ranges(table: &[(char, char)], c: char) -> bool {
    table
        .binary_search_by(|&(lo, hi)| {
            if hi < c {
                std::cmp::Ordering::Less
            } else if lo > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// True when Python's `re` matches `c` with `\w` (letters and numbers of Unicode 14, and `_`).
pub fn is_word(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_';
    }
    in_ranges(WORD, c)
}

/// True when `str.split()` treats `c` as whitespace (includes U+001C–U+001F, not U+200B).
pub fn is_whitespace(c: char) -> bool {
    match c {
        '\t'..='\r' | '\u{1c}'..=' ' => true,
        _ if c.is_ascii() => false,
        _ => WHITESPACE.contains(&c),
    }
}

/// True when `c` is unassigned (category Cn) in Unicode 14.
fn is_unassigned(c: char) -> bool {
    c >= FIRST_UNASSIGNED && in_ranges(UNASSIGNED, c)
}

/// `str.lower()` of CPython 3.11: full lowercase mapping with final sigma, where code points
/// unassigned in Unicode 14 stay unchanged.
pub fn lower(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(text.len());
    let mut run_start = 0;
    for (i, c) in text.char_indices() {
        if is_unassigned(c) {
            // An unassigned code point is neither cased nor case-ignorable to Python, so
            // final-sigma context never crosses it: lowercasing the runs apart is exact.
            out.push_str(&text[run_start..i].to_lowercase());
            out.push(c);
            run_start = i + c.len_utf8();
        }
    }
    out.push_str(&text[run_start..].to_lowercase());
    out
}

/// `str.split()` without arguments: the runs between Python whitespace, with no empty pieces.
pub fn split(text: &str) -> impl Iterator<Item = &str> {
    text.split(is_whitespace).filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_matches_python_3_11_on_every_code_point() {
        let table = include_str!("../../tests/fixtures/squad/python_lower.tsv");
        let mut expected = std::collections::HashMap::new();
        for line in table.lines().filter(|l| !l.starts_with('#')) {
            let (cp, low) = line.split_once('\t').unwrap();
            let cp = char::from_u32(u32::from_str_radix(cp, 16).unwrap()).unwrap();
            let low: String = low
                .split(' ')
                .map(|h| char::from_u32(u32::from_str_radix(h, 16).unwrap()).unwrap())
                .collect();
            expected.insert(cp, low);
        }
        assert!(expected.len() > 1400);
        let mut mismatches = Vec::new();
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let want = expected.get(&c).cloned().unwrap_or_else(|| c.to_string());
            // A lone capital sigma has no cased letter before it, so Python gives σ.
            let got = lower(&c.to_string());
            if got != want {
                mismatches.push(format!("U+{:04X}", u32::from(c)));
            }
        }
        assert!(
            mismatches.is_empty(),
            "{} mismatches: {mismatches:?}",
            mismatches.len()
        );
    }

    #[test]
    fn final_sigma_follows_python() {
        assert_eq!(lower("ΣΑΣ"), "σας");
        assert_eq!(lower("AΣ."), "aς.");
        assert_eq!(lower("ΑΣ'Σ"), "ασ'ς");
        assert_eq!(lower("İ"), "i\u{307}");
        assert_eq!(lower("\u{212A}"), "k");
    }

    #[test]
    fn unassigned_code_points_keep_their_case() {
        // U+A7C0 (Latin capital old polish o) was assigned in Unicode 14 and lowercases;
        // U+A7CB (assigned in Unicode 16) is unassigned in 14, so Python keeps it.
        assert_eq!(lower("\u{A7C0}"), "\u{A7C1}");
        assert_eq!(lower("\u{A7CB}x"), "\u{A7CB}x");
    }

    #[test]
    fn word_characters_follow_python_not_rust() {
        assert!(is_word('½'));
        assert!(!is_word('\u{345}') && '\u{345}'.is_alphanumeric());
        assert!(!is_word('\u{301}'));
        assert!(!is_word('Ⓐ') && 'Ⓐ'.is_alphanumeric());
        assert!(is_word('_') && is_word('é') && is_word('习'));
        assert!(!is_word('‿') && !is_word('\u{200d}'));
    }

    #[test]
    fn whitespace_follows_python() {
        assert!(is_whitespace('\u{1c}') && !'\u{1c}'.is_whitespace());
        assert!(is_whitespace('\u{a0}') && is_whitespace('\u{3000}'));
        assert!(!is_whitespace('\u{200b}'));
        assert_eq!(
            split(" a\u{1f}b\t\n c ").collect::<Vec<_>>(),
            ["a", "b", "c"]
        );
        assert_eq!(split("").count(), 0);
    }
}
