//! A rule-based sentence splitter for English news text.
//!
//! [`sentence_spans`] returns byte ranges into the input and [`split_sentences`] the matching
//! slices. Invariants: sentences come in input order, never overlap, are never empty, and
//! are trimmed of surrounding whitespace; every range lies on `char` boundaries.
//!
//! Rules, in the order they are applied:
//! - a blank line (a line holding only whitespace) always ends a sentence;
//! - a candidate boundary is a run of `.`, `?`, `!` or `…`, followed by any closing quotes or
//!   brackets (which stay with the sentence), followed by whitespace or the end of the text.
//!   Punctuation followed by anything else (`3.5%`, `$237.5`, `U.S.-China`, `e.g.,`) never
//!   splits;
//! - a boundary is rejected when the next word starts with a lowercase letter (`"Why?" he
//!   asked`, an unknown abbreviation);
//! - `?` and `!` otherwise split; an ellipsis splits only before an uppercase letter;
//! - a single `.` is checked against the word before it: titles and Latin abbreviations
//!   (`Mr.`, `Dr.`, `Gen.`, `St.`, `e.g.`, `i.e.`, `vs.`) never split; `No.`, `Art.`, `Vol.`
//!   and month abbreviations (`Feb.`) do not split before a number; initialisms (`U.S.`,
//!   `U.N.`, `a.m.`), single-letter initials, months and company suffixes (`Inc.`) split only
//!   when a quote or bracket closed the sentence or the next word is one that typically starts
//!   a sentence (`The`, `He`, `But`, ...). Any other word ending in `.` splits.

use std::ops::Range;

/// Version of the splitting rules; in the signature of every metric that splits sentences
/// (`sent:N`).
pub const SENTENCE_VERSION: u32 = 1;

/// Characters that can end a sentence.
const TERMINALS: [char; 4] = ['.', '?', '!', '…'];

/// Closing quotes and brackets that belong to the sentence they follow.
const CLOSERS: [char; 8] = ['"', '\'', '”', '’', ')', ']', '}', '»'];

/// Opening quotes and brackets skipped when looking at the next word.
const OPENERS: [char; 8] = ['"', '\'', '“', '‘', '(', '[', '{', '«'];

/// Abbreviations that are never the last word of a sentence: titles and Latin abbreviations.
const NEVER_FINAL: &[&str] = &[
    "mr", "mrs", "ms", "messrs", "dr", "prof", "gen", "lt", "col", "maj", "capt", "cmdr", "adm",
    "sgt", "cpl", "gov", "sen", "rep", "rev", "hon", "pres", "amb", "st", "mt", "ft", "vs", "v",
    "e.g", "i.e", "cf", "approx", "ca", "dept",
];

/// Abbreviations that stay with a following number (`No. 1`, `Art. 5`).
const BEFORE_NUMBER: &[&str] = &["no", "nos", "art", "vol", "fig", "p", "pp", "ch", "sec"];

/// Month abbreviations (`Feb. 24`).
const MONTHS: &[&str] = &[
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
];

/// Abbreviations that may end a sentence but usually do not.
const MAYBE_FINAL: &[&str] = &[
    "inc", "corp", "ltd", "co", "jr", "sr", "bros", "etc", "plc", "llc", "govt", "est",
];

/// Words that typically start a sentence; after an ambiguous abbreviation they signal a
/// boundary ("... imposed by the U.S. The talks ...").
const SENTENCE_STARTERS: &[&str] = &[
    "the",
    "a",
    "an",
    "it",
    "its",
    "he",
    "she",
    "they",
    "we",
    "i",
    "you",
    "this",
    "that",
    "these",
    "those",
    "there",
    "his",
    "her",
    "their",
    "our",
    "but",
    "and",
    "or",
    "so",
    "yet",
    "in",
    "on",
    "at",
    "for",
    "as",
    "after",
    "before",
    "when",
    "while",
    "since",
    "during",
    "if",
    "however",
    "meanwhile",
    "also",
    "both",
    "some",
    "many",
    "most",
    "such",
    "one",
    "no",
    "not",
    "what",
    "who",
    "why",
    "how",
    "where",
    "according",
    "earlier",
    "later",
    "still",
    "then",
];

/// The sentences of `text` as trimmed byte ranges, in order, none empty.
pub fn sentence_spans(text: &str) -> Vec<Range<usize>> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut spans = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < chars.len() {
        if let Some(after) = blank_line_end(&chars, i) {
            push_trimmed(text, &chars, start..i, &mut spans);
            start = after;
            i = after;
        } else if TERMINALS.contains(&chars[i].1) {
            let end = terminal_run_end(&chars, i);
            if is_boundary(&chars, i, end) {
                push_trimmed(text, &chars, start..end, &mut spans);
                start = end;
            }
            i = end;
        } else {
            i += 1;
        }
    }
    push_trimmed(text, &chars, start..chars.len(), &mut spans);
    spans
}

/// The sentences of `text` as trimmed slices, in order, none empty.
pub fn split_sentences(text: &str) -> Vec<&str> {
    sentence_spans(text)
        .into_iter()
        .map(|span| &text[span])
        .collect()
}

/// Converts a char-index range into a trimmed byte range and keeps it if it is not empty.
fn push_trimmed(
    text: &str,
    chars: &[(usize, char)],
    range: Range<usize>,
    spans: &mut Vec<Range<usize>>,
) {
    let byte = |index: usize| chars.get(index).map_or(text.len(), |&(b, _)| b);
    let (from, to) = (byte(range.start), byte(range.end));
    let slice = &text[from..to];
    let lead = slice.len() - slice.trim_start().len();
    let trimmed = slice.trim();
    if !trimmed.is_empty() {
        spans.push(from + lead..from + lead + trimmed.len());
    }
}

/// When a newline at `i` starts a blank line, the index just after the blank lines.
fn blank_line_end(chars: &[(usize, char)], i: usize) -> Option<usize> {
    if chars[i].1 != '\n' {
        return None;
    }
    let mut j = i + 1;
    let mut blank = false;
    while j < chars.len() && chars[j].1.is_whitespace() {
        blank |= chars[j].1 == '\n';
        j += 1;
    }
    blank.then_some(j)
}

/// The index just after the terminal punctuation at `i` and any closers that follow it.
fn terminal_run_end(chars: &[(usize, char)], i: usize) -> usize {
    let mut j = i;
    while j < chars.len() && TERMINALS.contains(&chars[j].1) {
        j += 1;
    }
    while j < chars.len() && CLOSERS.contains(&chars[j].1) {
        j += 1;
    }
    j
}

/// Whether the punctuation run `chars[start..end]` ends a sentence.
fn is_boundary(chars: &[(usize, char)], start: usize, end: usize) -> bool {
    if chars.get(end).is_some_and(|&(_, c)| !c.is_whitespace()) {
        return false;
    }
    let next = next_word(chars, end);
    let Some(first) = next.chars().next() else {
        return true;
    };
    if first.is_lowercase() {
        return false;
    }
    let run: String = chars[start..end].iter().map(|&(_, c)| c).collect();
    let punct = run.trim_end_matches(CLOSERS);
    if punct.contains(['?', '!']) {
        return true;
    }
    if punct.contains('…') || punct.len() > 1 {
        return first.is_uppercase();
    }
    let closed = punct.len() < run.len();
    period_is_boundary(&word_before(chars, start), &next, closed)
}

/// Whether a single period after `word` ends the sentence, given the next word.
fn period_is_boundary(word: &str, next: &str, closed: bool) -> bool {
    let lower = word.to_lowercase();
    let next_is_number = next.starts_with(|c: char| c.is_ascii_digit());
    if NEVER_FINAL.contains(&lower.as_str()) {
        return false;
    }
    let numbered = BEFORE_NUMBER.contains(&lower.as_str()) || MONTHS.contains(&lower.as_str());
    if numbered && next_is_number {
        return false;
    }
    let ambiguous = MONTHS.contains(&lower.as_str())
        || MAYBE_FINAL.contains(&lower.as_str())
        || is_initialism(word)
        || is_initial(word);
    if ambiguous {
        return closed || SENTENCE_STARTERS.contains(&next.to_lowercase().as_str());
    }
    true
}

/// `U.S`, `U.N`, `a.m`, `Ph.D`: short letter groups joined by periods (the last period is
/// already cut off).
fn is_initialism(word: &str) -> bool {
    word.contains('.')
        && word.split('.').all(|part| {
            (1..=2).contains(&part.chars().count()) && part.chars().all(char::is_alphabetic)
        })
}

/// A single uppercase letter: a middle initial (`George W. Bush`).
fn is_initial(word: &str) -> bool {
    let mut letters = word.chars();
    matches!((letters.next(), letters.next()), (Some(c), None) if c.is_uppercase())
}

/// The word that ends just before `end`, without leading quotes or brackets.
fn word_before(chars: &[(usize, char)], end: usize) -> String {
    let mut start = end;
    while start > 0 && !chars[start - 1].1.is_whitespace() {
        start -= 1;
    }
    let word: String = chars[start..end].iter().map(|&(_, c)| c).collect();
    word.trim_start_matches(|c: char| !c.is_alphanumeric())
        .to_string()
}

/// The next word after `from`, skipping whitespace and opening quotes or brackets; empty at
/// the end of the text.
fn next_word(chars: &[(usize, char)], from: usize) -> String {
    let mut j = from;
    while j < chars.len() && (chars[j].1.is_whitespace() || OPENERS.contains(&chars[j].1)) {
        j += 1;
    }
    chars[j..]
        .iter()
        .map(|&(_, c)| c)
        .take_while(|c| c.is_alphanumeric())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{sentence_spans, split_sentences};

    #[test]
    fn splits_plain_sentences() {
        let text = "Xi arrived on Wednesday. Putin met him! Did they agree? Yes.";
        assert_eq!(
            split_sentences(text),
            [
                "Xi arrived on Wednesday.",
                "Putin met him!",
                "Did they agree?",
                "Yes."
            ]
        );
    }

    #[test]
    fn keeps_titles_with_the_name() {
        let text = "Mr. Putin met Dr. Li and Gen. Gerasimov in St. Petersburg. They talked.";
        assert_eq!(
            split_sentences(text),
            [
                "Mr. Putin met Dr. Li and Gen. Gerasimov in St. Petersburg.",
                "They talked."
            ]
        );
    }

    #[test]
    fn keeps_initialisms_inside_a_sentence() {
        let text = "The U.S. President and the U.N. Secretary-General spoke. U.S.-China ties \
                    are tense, e.g. over tariffs, i.e. trade.";
        assert_eq!(
            split_sentences(text),
            [
                "The U.S. President and the U.N. Secretary-General spoke.",
                "U.S.-China ties are tense, e.g. over tariffs, i.e. trade."
            ]
        );
    }

    #[test]
    fn splits_after_an_initialism_that_ends_a_sentence() {
        let text = "Sanctions were imposed by the U.S. The talks went on.";
        assert_eq!(
            split_sentences(text),
            ["Sanctions were imposed by the U.S.", "The talks went on."]
        );
    }

    #[test]
    fn keeps_dates_numbers_and_amounts() {
        let text = "On Feb. 24 and Jan. 21 they spoke. Trade hit $237.5 billion, up 3.5% \
                    from 2023. It ranked No. 1 in Sept. 2024.";
        assert_eq!(
            split_sentences(text),
            [
                "On Feb. 24 and Jan. 21 they spoke.",
                "Trade hit $237.5 billion, up 3.5% from 2023.",
                "It ranked No. 1 in Sept. 2024."
            ]
        );
    }

    #[test]
    fn keeps_middle_initials_and_versus() {
        let text = "George W. Bush met him. It was Russia vs. Ukraine. Then came lunch.";
        assert_eq!(
            split_sentences(text),
            [
                "George W. Bush met him.",
                "It was Russia vs. Ukraine.",
                "Then came lunch."
            ]
        );
    }

    #[test]
    fn closing_quotes_stay_with_their_sentence() {
        let text = "\"We are friends,\" he said. \"Our ties are unlimited.\" The visit ended. \
                    'Never again!' she replied.";
        assert_eq!(
            split_sentences(text),
            [
                "\"We are friends,\" he said.",
                "\"Our ties are unlimited.\"",
                "The visit ended.",
                "'Never again!' she replied."
            ]
        );
    }

    #[test]
    fn curly_quotes_and_brackets_close_sentences() {
        let text = "He called it “a new era.” (Talks resumed.) Then the parade began.";
        assert_eq!(
            split_sentences(text),
            [
                "He called it “a new era.”",
                "(Talks resumed.)",
                "Then the parade began."
            ]
        );
    }

    #[test]
    fn question_inside_a_quote_before_a_lowercase_verb() {
        let text = "\"Why now?\" asked one diplomat. \"Why not?\" he replied.";
        assert_eq!(
            split_sentences(text),
            [
                "\"Why now?\" asked one diplomat.",
                "\"Why not?\" he replied."
            ]
        );
    }

    #[test]
    fn ellipsis_splits_only_before_a_capital() {
        let text = "He paused ... then went on. It was long… Very long. Wait… what?";
        assert_eq!(
            split_sentences(text),
            [
                "He paused ... then went on.",
                "It was long…",
                "Very long.",
                "Wait… what?"
            ]
        );
    }

    #[test]
    fn blank_line_always_ends_a_sentence() {
        let text =
            "Xi heads to Moscow\n\nThe visit lasts four days.\n \n\nA headline without stop\n\n";
        assert_eq!(
            split_sentences(text),
            [
                "Xi heads to Moscow",
                "The visit lasts four days.",
                "A headline without stop"
            ]
        );
    }

    #[test]
    fn single_newline_is_not_a_boundary() {
        let text = "The leaders met\nin Moscow. Then\nthey ate.";
        assert_eq!(
            split_sentences(text),
            ["The leaders met\nin Moscow.", "Then\nthey ate."]
        );
    }

    #[test]
    fn news_paragraphs_with_abbreviations() {
        let text = "Xi Jinping arrived in Moscow on May 7. He will attend the parade on May 9, \
                    the U.S. embassy said.\n\nTrade reached $237.5 billion in 2024. On Feb. 24, \
                    the leaders spoke by phone.\n\nMoscow said ties were \"at their best.\"";
        assert_eq!(
            split_sentences(text),
            [
                "Xi Jinping arrived in Moscow on May 7.",
                "He will attend the parade on May 9, the U.S. embassy said.",
                "Trade reached $237.5 billion in 2024.",
                "On Feb. 24, the leaders spoke by phone.",
                "Moscow said ties were \"at their best.\""
            ]
        );
    }

    #[test]
    fn spans_map_back_to_the_input() {
        let text = "  Один. Два?\n\n «Три!» ";
        let spans = sentence_spans(text);
        let slices: Vec<&str> = spans.iter().map(|s| &text[s.clone()]).collect();
        assert_eq!(slices, ["Один.", "Два?", "«Три!»"]);
        assert!(spans.windows(2).all(|w| w[0].end <= w[1].start));
    }

    #[test]
    fn odd_inputs_give_no_empty_sentences() {
        assert!(split_sentences("").is_empty());
        assert!(split_sentences(" \n\n \t").is_empty());
        assert_eq!(split_sentences("..."), ["..."]);
        assert_eq!(split_sentences("?!"), ["?!"]);
        assert_eq!(split_sentences("end."), ["end."]);
        assert_eq!(split_sentences("a.\n\n.b"), ["a.", ".b"]);
    }
}
