//! Name spans (runs of capitalized words), quotations and appositives.
//!
//! A name is a run of capitalized tokens, which may be joined by `of`/`de`/`bin`-style
//! connectors before another capitalized token (`Power of Siberia`) and, after two or more
//! tokens, may end with a short number (`Power of Siberia 2`, but not `Moscow 13`). Leading and trailing function words (`The Kremlin`), a
//! sentence-initial `-ing`/`-ed`/`-ly` word (`Speaking to ...`) and a final possessive `'s`
//! are trimmed off; a lone demonym (`Chinese`) is not a name. Quotations are the text inside
//! curly or straight double quotes, without closing punctuation. An appositive is the
//! comma-delimited phrase right after a name that starts with `a`/`an`/`the` or a lowercase
//! word (`Yun Sun, a Chinese analyst, said`).

use crate::backend::extractive_qa::span::{Span, SpanKind};
use crate::backend::extractive_qa::token::Token;
use crate::text::words::is_stopword;

/// Lowercase words that may join the parts of a name.
const CONNECTORS: &[&str] = &[
    "of", "de", "da", "al", "bin", "van", "von", "der", "la", "du",
];

/// Adjectives of nationality and region, which are capitalized but are not names alone.
pub const DEMONYMS: &[&str] = &[
    "african",
    "american",
    "arab",
    "asian",
    "belarusian",
    "british",
    "chinese",
    "eastern",
    "european",
    "french",
    "german",
    "indian",
    "iranian",
    "japanese",
    "korean",
    "russian",
    "soviet",
    "turkish",
    "ukrainian",
    "vietnamese",
    "western",
    "northern",
    "southern",
];

/// Longest appositive, in tokens.
const MAX_APPOSITIVE: usize = 12;

/// Every name span of `tokens`, skipping `masked` tokens (dates).
pub fn names(tokens: &[Token<'_>], masked: &[bool]) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if masked[i] || !starts_name(&tokens[i]) {
            i += 1;
            continue;
        }
        let end = name_end(tokens, masked, i);
        spans.extend(trimmed(tokens, i, end));
        i = end;
    }
    spans
}

fn starts_name(token: &Token<'_>) -> bool {
    token.is_word() && token.is_capitalized()
}

/// The index just past the name that starts at `i`.
fn name_end(tokens: &[Token<'_>], masked: &[bool], i: usize) -> usize {
    let capital = |j: usize| j < tokens.len() && !masked[j] && starts_name(&tokens[j]);
    let mut j = i + 1;
    loop {
        if capital(j) {
            j += 1;
        } else if j < tokens.len() && CONNECTORS.contains(&tokens[j].text) && capital(j + 1) {
            j += 2;
        } else if j - i >= 2 && short_number(tokens, j) {
            return j + 1;
        } else {
            return j;
        }
    }
}

/// A one- or two-digit number that ends a name of two or more tokens (`Power of Siberia 2`).
fn short_number(tokens: &[Token<'_>], j: usize) -> bool {
    tokens
        .get(j)
        .is_some_and(|t| t.text.len() <= 2 && t.text.chars().all(|c| c.is_ascii_digit()))
}

/// The name in tokens `first..last` with function words, a sentence-initial verb form and a
/// final possessive trimmed off; `None` if nothing is left or it is a lone demonym.
fn trimmed(tokens: &[Token<'_>], mut first: usize, mut last: usize) -> Option<Span> {
    let initial = |i: usize| tokens[..i].iter().all(|t| !t.is_word());
    while first < last
        && (is_stopword(&tokens[first].lower())
            || (initial(first) && looks_inflected(&tokens[first].lower())))
    {
        first += 1;
    }
    while last > first && is_stopword(&tokens[last - 1].lower()) {
        last -= 1;
    }
    if first == last {
        return None;
    }
    let single = last - first == 1;
    if single && DEMONYMS.contains(&tokens[first].lower().as_str()) {
        return None;
    }
    let mut span = Span::over(SpanKind::Name, tokens, first, last);
    let text = tokens[last - 1].text;
    if let Some(stem) = text.strip_suffix("'s").or_else(|| text.strip_suffix("’s")) {
        span.end = tokens[last - 1].start + stem.len();
    }
    Some(span)
}

fn looks_inflected(word: &str) -> bool {
    word.len() > 4 && (word.ends_with("ing") || word.ends_with("ed") || word.ends_with("ly"))
}

/// The texts inside double quotation marks, trimmed of closing punctuation.
pub fn quotes(sentence: &str, tokens: &[Token<'_>]) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut open: Option<usize> = None;
    for (at, c) in sentence.char_indices() {
        match (c, open) {
            ('“', _) | ('"', None) => open = Some(at + c.len_utf8()),
            ('”' | '"', Some(from)) => {
                spans.extend(quote_span(sentence, tokens, from, at));
                open = None;
            }
            _ => {}
        }
    }
    spans
}

/// The quote between byte offsets `from` and `to`, as a span over its word tokens.
fn quote_span(sentence: &str, tokens: &[Token<'_>], from: usize, to: usize) -> Option<Span> {
    let inner =
        sentence[from..to].trim_end_matches(|c: char| c.is_whitespace() || ".,;:!?".contains(c));
    let start = from + (inner.len() - inner.trim_start().len());
    let end = from + inner.len();
    let first = tokens.iter().position(|t| t.start >= start)?;
    let last = tokens.iter().rposition(|t| t.end <= end)? + 1;
    (start < end && first < last).then(|| Span {
        start,
        end,
        ..Span::over(SpanKind::Quote, tokens, first, last)
    })
}

/// Appositives after the given name spans.
pub fn appositives(tokens: &[Token<'_>], names: &[Span]) -> Vec<Span> {
    names
        .iter()
        .filter_map(|name| appositive_after(tokens, name))
        .collect()
}

/// `, a Chinese analyst,` after `name`.
fn appositive_after(tokens: &[Token<'_>], name: &Span) -> Option<Span> {
    let comma = tokens.get(name.last)?;
    let first = name.last + 1;
    let opener = tokens.get(first)?;
    let lower = opener.lower();
    let opens =
        matches!(lower.as_str(), "a" | "an" | "the") || opener.text.starts_with(char::is_lowercase);
    if comma.text != "," || !opens {
        return None;
    }
    let stop = tokens[first..]
        .iter()
        .position(|t| matches!(t.text, "," | ";" | ")" | "." | ":"))
        .map_or(tokens.len(), |p| first + p);
    (stop > first + 1 && stop - first <= MAX_APPOSITIVE).then(|| Span {
        anchor: Some((name.start, name.end)),
        ..Span::over(SpanKind::Appositive, tokens, first, stop)
    })
}

#[cfg(test)]
mod tests {
    use super::{appositives, names, quotes};
    use crate::backend::extractive_qa::token::tokenize;

    fn found_names(sentence: &str) -> Vec<&str> {
        let tokens = tokenize(sentence);
        let masked = vec![false; tokens.len()];
        names(&tokens, &masked)
            .into_iter()
            .map(|s| &sentence[s.start..s.end])
            .collect()
    }

    #[test]
    fn names_with_connectors_numbers_and_possessives() {
        assert_eq!(
            found_names(
                "The Kremlin discussed the Power of Siberia 2 gas pipeline with Trump's envoy."
            ),
            ["Kremlin", "Power of Siberia 2", "Trump"]
        );
        assert_eq!(
            found_names(
                "Speaking in Ho Chi Minh City, Chinese officials praised the People's Daily."
            ),
            ["Ho Chi Minh City", "People's Daily"]
        );
        assert_eq!(
            found_names("Digi24 and CCTV reported it"),
            ["Digi24", "CCTV"]
        );
        assert_eq!(found_names("in Moscow 13 countries"), ["Moscow"]);
        assert!(found_names("no names here, 2 of them").is_empty());
    }

    #[test]
    fn quotations_without_closing_punctuation() {
        let sentence = "Putin greeted Xi as a \"dear friend.\" and “no limits,” he said; \"open";
        let tokens = tokenize(sentence);
        let texts: Vec<&str> = quotes(sentence, &tokens)
            .into_iter()
            .map(|s| &sentence[s.start..s.end])
            .collect();
        assert_eq!(texts, ["dear friend", "no limits"]);
    }

    #[test]
    fn appositives_follow_a_name() {
        let sentence =
            "Yun Sun, a Chinese analyst, said so, and Maria Zakharova, spokesperson for \
                        the ministry, agreed; Putin, Xi and Lula met.";
        let tokens = tokenize(sentence);
        let masked = vec![false; tokens.len()];
        let found: Vec<&str> = appositives(&tokens, &names(&tokens, &masked))
            .into_iter()
            .map(|s| &sentence[s.start..s.end])
            .collect();
        assert_eq!(
            found,
            ["a Chinese analyst", "spokesperson for the ministry"]
        );
    }
}
