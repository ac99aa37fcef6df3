//! The salient parts of a text, shared by the fact metrics: quantities (numbers, money,
//! dates, via [`crate::text::quantity`]), names (runs of capitalized words) and content
//! words, plus [`SourceIndex`], what the source documents contain after normalization.
//!
//! Rules, in the order they apply:
//! - A **quantity** is whatever `text::quantity` reads (answer_match normalization:
//!   `$237 billion` = `US$237bn`, `May 7-10` = `7 to 10 May`, `11th` = `eleventh`). A
//!   quantity is *found* among others when one is the same value, when it is a date that
//!   starts or ends a found range (a month alone matches any day of it), or when it is a
//!   range whose two ends are found. Source dates written without a year match any year.
//! - A **name word** is a capitalized word that is not a stopword, month or weekday. A word
//!   that starts a sentence is a name word when the sources capitalize it inside a sentence;
//!   in a summary, also when the sources do not contain it at all ([`SentenceStart`]). A **name** is a run of name words joined by spaces, `.` or
//!   `-` (`Vladimir Putin`, `U.S.`).
//! - A **content word** is any other word that is not a stopword or part of a quantity.
//!   A sentence's first word also starts a name when a name word follows it (`Yuri
//!   Ushakov`). Words inside a quantity (`US` in `US$237bn`) are never name words.
//! - Name words are compared by [`prefix_stem`] (folded plural, first six letters:
//!   `Russian` = `Russia`, `Zelensky` = `Zelenski`), content words by their Porter stem
//!   (`visited` = `visit`), both case-insensitively.

use std::collections::BTreeSet;
use std::ops::Range;

use super::Sources;
use crate::text::date::{month_number, weekday_number, Date};
use crate::text::porter::stem;
use crate::text::quantity::{self, Quantity};
use crate::text::sentence::sentence_spans;
use crate::text::words::{is_stopword, prefix_stem};

/// What the source documents contain, normalized for look-ups.
#[derive(Debug, Clone, Default)]
pub struct SourceIndex {
    /// Every quantity of every source (titles included), dates resolved with the
    /// document's own publication date.
    pub quantities: Vec<Quantity>,
    /// [`prefix_stem`] of every word.
    pub stems: BTreeSet<String>,
    /// Words the sources write in lowercase (so a capitalized one is a sentence start).
    pub lowercase: BTreeSet<String>,
    /// Words (lowercased) the sources capitalize inside a sentence: names.
    pub capitalized: BTreeSet<String>,
}

impl SourceIndex {
    /// Indexes the item's documents.
    pub fn new(sources: &Sources<'_>) -> SourceIndex {
        let mut index = SourceIndex::default();
        for doc in sources.iter() {
            let published = Date::parse_iso(&doc.published);
            for text in [doc.title.as_str(), doc.text.as_str()] {
                index.add(text, published);
            }
        }
        index
    }

    fn add(&mut self, text: &str, published: Option<Date>) {
        self.quantities
            .extend(quantity::parse(text, published).quantities);
        // Year-less dates once more without a year, so they match any year ("in October"
        // written in 2025 about October 2024).
        self.quantities
            .extend(quantity::parse(text, None).quantities);
        for sentence in sentence_spans(text) {
            for (k, (word, _)) in words_at(&text[sentence]).into_iter().enumerate() {
                self.stems.insert(prefix_stem(word));
                if word.chars().next().is_some_and(char::is_lowercase) {
                    self.lowercase.insert(word.to_string());
                } else if k > 0 {
                    self.capitalized.insert(word.to_lowercase());
                }
            }
        }
    }

    /// Whether the sources contain this word (by [`prefix_stem`]).
    pub fn has_word(&self, word: &str) -> bool {
        self.stems.contains(&prefix_stem(word))
    }
}

/// Whether `q` is found among `pool` (see the module rules).
pub fn found(q: &Quantity, pool: &[Quantity]) -> bool {
    pool.iter().any(|p| p.same_as(q))
        || match q {
            Quantity::Date(d) => date_found(*d, pool),
            Quantity::DateRange { start, end } => {
                date_found(*start, pool) && date_found(*end, pool)
            }
            _ => false,
        }
}

/// A date equal to a pool date or to an end of a pool range; a month without a day matches
/// any day of that month.
fn date_found(d: Date, pool: &[Quantity]) -> bool {
    let matches = |e: &Date| {
        if d.day.is_none() {
            Date { day: None, ..*e }.same_as(d)
        } else {
            e.same_as(d)
        }
    };
    pool.iter().any(|p| match p {
        Quantity::Date(e) => matches(e),
        Quantity::DateRange { start, end } => matches(start) || matches(end),
        _ => false,
    })
}

/// One name in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    /// Byte range in the text.
    pub span: Range<usize>,
    /// Its words, as written.
    pub words: Vec<String>,
}

/// How to read a capitalized word that starts a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SentenceStart {
    /// A name only when the sources capitalize it inside a sentence (for gold text).
    KnownNames,
    /// Also a name when the sources do not contain it at all (for summaries, so an
    /// invented "Lavrov said" is caught; an unknown "Meanwhile" is flagged too).
    AndUnknownWords,
}

/// The names of `text` (see the module rules), in order.
pub fn names(text: &str, index: &SourceIndex, first: SentenceStart) -> Vec<Name> {
    let quantities: Vec<Range<usize>> = quantity::located(text, None)
        .into_iter()
        .map(|l| l.span)
        .collect();
    let mut names = Vec::new();
    for sentence in sentence_spans(text) {
        let words: Vec<(&str, usize)> = words_at(&text[sentence.clone()])
            .into_iter()
            .map(|(w, at)| (w, sentence.start + at))
            .filter(|(_, at)| !quantities.iter().any(|q| q.contains(at)))
            .collect();
        let mut current: Option<Name> = None;
        for (k, &(word, start)) in words.iter().enumerate() {
            let is_name = if k == 0 {
                is_name_word(word, Some(first), index)
                    || (is_capitalized(word) && starts_a_name(&words, text, index))
            } else {
                is_name_word(word, None, index)
            };
            match current.as_mut() {
                Some(name) if is_name && joins(&text[name.span.end..start]) => {
                    name.span.end = start + word.len();
                    name.words.push(word.to_string());
                }
                _ => {
                    names.extend(current.take());
                    current = is_name.then(|| Name {
                        span: start..start + word.len(),
                        words: vec![word.to_string()],
                    });
                }
            }
        }
        names.extend(current);
    }
    names
}

/// Whether a sentence's first word is followed directly by a name word (`Yuri Ushakov
/// said`), which makes it part of that name.
fn starts_a_name(words: &[(&str, usize)], text: &str, index: &SourceIndex) -> bool {
    match words {
        [(first, at), (next, next_at), ..] => {
            joins(&text[at + first.len()..*next_at]) && is_name_word(next, None, index)
        }
        _ => false,
    }
}

fn is_capitalized(word: &str) -> bool {
    let lower = word.to_lowercase();
    word.chars().next().is_some_and(char::is_uppercase)
        && !is_stopword(&lower)
        && month_number(&lower).is_none()
        && weekday_number(&lower).is_none()
}

fn is_name_word(word: &str, sentence_start: Option<SentenceStart>, index: &SourceIndex) -> bool {
    let lower = word.to_lowercase();
    is_capitalized(word)
        && match sentence_start {
            None => true,
            Some(_) if index.capitalized.contains(&lower) => true,
            Some(SentenceStart::KnownNames) => false,
            Some(SentenceStart::AndUnknownWords) => !index.has_word(word),
        }
}

/// Whether the text between two name words keeps them in one name.
fn joins(gap: &str) -> bool {
    gap.chars()
        .all(|c| c.is_whitespace() || c == '.' || c == '-')
}

/// The words (alphabetic runs) of `text` with their byte offsets.
pub fn words_at(text: &str) -> Vec<(&str, usize)> {
    let mut words = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_alphabetic(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                words.push((&text[s..i], s));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        words.push((&text[s..], s));
    }
    words
}

/// A content word's stem for matching: the Porter stem of the lowercased word
/// (`visited` = `visit`).
pub fn content_stem(word: &str) -> String {
    stem(&word.to_lowercase())
}

/// The distinct content words of `text` as [`content_stem`]s: words that are no stopword,
/// not part of a quantity and not in `exclude` (the name words, lowercased).
pub fn content_stems(
    text: &str,
    publication: Option<Date>,
    exclude: &BTreeSet<String>,
) -> Vec<String> {
    let mut seen = BTreeSet::new();
    quantity::parse(text, publication)
        .words
        .into_iter()
        .filter(|w| w.chars().all(char::is_alphabetic))
        .filter(|w| !is_stopword(w) && !exclude.contains(w))
        .map(|w| content_stem(&w))
        .filter(|s| seen.insert(s.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(text: &str) -> SourceIndex {
        let mut index = SourceIndex::default();
        index.add(text, None);
        index
    }

    #[test]
    fn names_are_capitalized_runs() {
        let idx = index("trade and the visit");
        let text = "Trade grew. Vladimir Putin met Xi in Kazan on May 9.";
        let got: Vec<&str> = names(text, &idx, SentenceStart::AndUnknownWords)
            .iter()
            .map(|n| &text[n.span.clone()])
            .collect();
        assert_eq!(got, ["Vladimir Putin", "Xi", "Kazan"]);
    }

    #[test]
    fn dates_inside_ranges_are_found() {
        let pool = quantity::parse("from May 7 to 10, 2025", None).quantities;
        let may9 = quantity::parse("May 9, 2025", None).quantities;
        let may10 = quantity::parse("May 10, 2025", None).quantities;
        assert!(!found(&may9[0], &pool));
        assert!(found(&may10[0], &pool));
    }

    #[test]
    fn content_stems_skip_quantities_and_names() {
        let exclude = BTreeSet::from(["xi".to_string()]);
        let got = content_stems("Xi makes a four-day visit to Russia", None, &exclude);
        assert_eq!(got, ["make", "day", "visit", "russia"]);
    }
}
