//! Bounds on amounts: `more than two dozen`, `at least 155`, `nearly 40`, `about 300`,
//! `155 or more`. A bound is part of what an answer states: "more than 24" is a different
//! claim from "24", so [`Bound`] travels with the amount and answer matching compares it (see
//! [`Bound::answers`]).
//!
//! A bound word is read as a bound only directly before an amount ("over two dozen"); elsewhere
//! it is an ordinary word ("talks over dinner").

use super::{word_at, Found};
use crate::text::quantity_lexer::Token;

/// How an amount is qualified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Bound {
    /// No qualifier: the value itself.
    Exact,
    /// Approximately the value: `about`, `around`, `approximately`, `roughly`, `some`,
    /// `circa`, `close to`, `an estimated`, `N or so`.
    About,
    /// Just below the value: `nearly`, `almost`, `just under`, `just short of`.
    Nearly,
    /// Above the value: `more than`, `over`, `above`, `upwards of`, `in excess of`,
    /// `greater than`, `just over`.
    MoreThan,
    /// The value or above: `at least`, `no fewer than`, `no less than`, `not less than`,
    /// `a minimum of`, `N or more`.
    AtLeast,
    /// Below the value: `less than`, `fewer than`, `under`, `below`.
    LessThan,
    /// The value or below: `at most`, `up to`, `no more than`, `not more than`,
    /// `a maximum of`, `N or fewer`, `N or less`.
    AtMost,
}

/// Phrases before an amount, longest first where one begins another.
const PREFIXES: &[(&str, Bound)] = &[
    ("just short of", Bound::Nearly),
    ("just under", Bound::Nearly),
    ("just over", Bound::MoreThan),
    ("no fewer than", Bound::AtLeast),
    ("not fewer than", Bound::AtLeast),
    ("no less than", Bound::AtLeast),
    ("not less than", Bound::AtLeast),
    ("no more than", Bound::AtMost),
    ("not more than", Bound::AtMost),
    ("a minimum of", Bound::AtLeast),
    ("a maximum of", Bound::AtMost),
    ("in excess of", Bound::MoreThan),
    ("upwards of", Bound::MoreThan),
    ("an estimated", Bound::About),
    ("more than", Bound::MoreThan),
    ("greater than", Bound::MoreThan),
    ("at least", Bound::AtLeast),
    ("less than", Bound::LessThan),
    ("fewer than", Bound::LessThan),
    ("at most", Bound::AtMost),
    ("up to", Bound::AtMost),
    ("close to", Bound::About),
    ("over", Bound::MoreThan),
    ("above", Bound::MoreThan),
    ("under", Bound::LessThan),
    ("below", Bound::LessThan),
    ("nearly", Bound::Nearly),
    ("almost", Bound::Nearly),
    ("about", Bound::About),
    ("around", Bound::About),
    ("approximately", Bound::About),
    ("approx", Bound::About),
    ("roughly", Bound::About),
    ("some", Bound::About),
    ("circa", Bound::About),
    ("ca", Bound::About),
];

/// Phrases after an amount.
const SUFFIXES: &[(&str, Bound)] = &[
    ("or more", Bound::AtLeast),
    ("or fewer", Bound::AtMost),
    ("or less", Bound::AtMost),
    ("or so", Bound::About),
];

impl Bound {
    /// Whether a prediction stating a value with bound `self` answers a gold answer stating
    /// the same value with bound `gold`: the same bound (synonyms are one bound), or a hedge
    /// (`about`) on an exact gold value. A bare value never answers a bounded gold ("24" does
    /// not answer "more than two dozen", nor "300" "about 300"), and a one-sided bound never
    /// answers an exact gold ("more than 24" does not answer "24").
    pub fn answers(self, gold: Bound) -> bool {
        self == gold || (gold == Bound::Exact && self == Bound::About)
    }

    /// Whether two statements of one value agree, in either direction: the same bound, or
    /// one exact and one approximate. Used where neither side is the gold (is a summary's
    /// figure among the sources').
    pub fn agrees_with(self, other: Bound) -> bool {
        self.answers(other) || other.answers(self)
    }

    /// The words written before the value in explanations (`more than `; empty when exact).
    pub fn prefix(self) -> &'static str {
        match self {
            Bound::Exact => "",
            Bound::About => "about ",
            Bound::Nearly => "nearly ",
            Bound::MoreThan => "more than ",
            Bound::AtLeast => "at least ",
            Bound::LessThan => "less than ",
            Bound::AtMost => "at most ",
        }
    }
}

/// True when `word` begins some bound phrase (a cheap filter before [`prefix_at`]).
pub(super) fn starts_prefix(word: &str) -> bool {
    PREFIXES
        .iter()
        .any(|(phrase, _)| phrase.split(' ').next() == Some(word))
}

/// A bound phrase starting at token `i`, with the number of tokens it uses.
pub(super) fn prefix_at(t: &[Token<'_>], i: usize) -> Found<Bound> {
    phrase_at(PREFIXES, t, i)
}

/// A bound phrase after an amount, at token `i`.
pub(super) fn suffix_at(t: &[Token<'_>], i: usize) -> Found<Bound> {
    phrase_at(SUFFIXES, t, i)
}

fn phrase_at(table: &[(&str, Bound)], t: &[Token<'_>], i: usize) -> Found<Bound> {
    table.iter().find_map(|(phrase, bound)| {
        let mut n = 0;
        for word in phrase.split(' ') {
            if word_at(t, i + n) != Some(word) {
                return None;
            }
            n += 1;
        }
        Some((*bound, n))
    })
}
