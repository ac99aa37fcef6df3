//! SQuAD's `normalize_answer`, mirroring the official SQuAD v2.0 evaluation script (identical
//! in v1.1 and in `transformers.data.metrics.squad_metrics` 4.57.6) under CPython 3.11, in the
//! official order (`reference/metrics-spec.md` §2.1):
//!
//! 1. `str.lower()` ([`python_str::lower`]);
//! 2. delete every ASCII punctuation character (`string.punctuation`; `’`, `–`, `…` stay);
//! 3. replace each match of `\b(a|an|the)\b` with one space, where `\b` uses Python's
//!    Unicode `\w` ([`python_str::is_word`]), implemented by hand (the `regex` crate's `\w`
//!    differs from Python's);
//! 4. split on Python whitespace and join with single spaces.
//!
//! Parity with the official functions is tested in `tests/parity_squad.rs`.

use super::python_str;

/// Normalizes an answer exactly as the official SQuAD evaluation script does.
pub fn normalize_answer(text: &str) -> String {
    if text.is_ascii() {
        // Fast path: ASCII lowercases to ASCII and every step works on bytes.
        let no_punct: Vec<u8> = text
            .bytes()
            .filter(|b| !b.is_ascii_punctuation())
            .map(|b| b.to_ascii_lowercase())
            .collect();
        remove_articles_and_fold_whitespace(&no_punct)
    } else {
        let lowered = python_str::lower(text);
        let no_punct: Vec<char> = lowered
            .chars()
            .filter(|c| !c.is_ascii_punctuation())
            .collect();
        remove_articles_and_fold_whitespace(&no_punct)
    }
}

/// The SQuAD tokens of `text`: `[]` for `""`, otherwise the normalized text split on spaces.
pub fn squad_tokens(text: &str) -> Vec<String> {
    if text.is_empty() {
        return Vec::new();
    }
    normalize_answer(text)
        .split(' ')
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

/// Steps 3 and 4 in one pass: each whole word `a`, `an` or `the` (left to right, without
/// overlap, boundaries judged on the input as `re.sub` does) becomes a space, then runs of
/// Python whitespace become one space and the ends are trimmed (`" ".join(s.split())`).
fn remove_articles_and_fold_whitespace<C: Copy + Into<char>>(chars: &[C]) -> String {
    let mut out = String::with_capacity(chars.len());
    let mut pending_space = false;
    let mut i = 0;
    while i < chars.len() {
        let at_boundary = i == 0 || !python_str::is_word(chars[i - 1].into());
        let article = if at_boundary {
            article_at(&chars[i..])
        } else {
            None
        };
        let (c, len) = match article {
            Some(len) => (' ', len),
            None => (chars[i].into(), 1),
        };
        i += len;
        if python_str::is_whitespace(c) {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c);
    }
    out
}

/// The length of an article at the start of `chars` that ends at a word boundary.
fn article_at<C: Copy + Into<char>>(chars: &[C]) -> Option<usize> {
    ["a", "an", "the"].into_iter().find_map(|article| {
        let len = article.len();
        let matches = chars.len() >= len
            && chars[..len].iter().map(|&c| c.into()).eq(article.chars())
            && chars
                .get(len)
                .is_none_or(|&c| !python_str::is_word(c.into()));
        matches.then_some(len)
    })
}

#[cfg(test)]
mod tests {
    use super::{normalize_answer, squad_tokens};

    #[test]
    fn follows_the_official_order() {
        assert_eq!(normalize_answer("state-of-the-art"), "stateoftheart");
        assert_eq!(normalize_answer("1,000.5"), "10005");
        assert_eq!(normalize_answer("$237 billion"), "237 billion");
        assert_eq!(normalize_answer("an apple a day"), "apple day");
        assert_eq!(normalize_answer("The."), "");
        assert_eq!(normalize_answer("  The  Kremlin "), "kremlin");
        assert_eq!(normalize_answer("the-end"), "theend");
    }

    #[test]
    fn uses_python_character_classes() {
        assert_eq!(normalize_answer("“The Kremlin”"), "“ kremlin”");
        assert_eq!(normalize_answer("a\u{301}"), "\u{301}");
        assert_eq!(normalize_answer("a½"), "a½");
        assert_eq!(normalize_answer("aⒶ"), "ⓐ");
        assert_eq!(normalize_answer("Xi\u{1c}Jinping"), "xi jinping");
        assert_eq!(normalize_answer("Xi\u{200b}Jinping"), "xi\u{200b}jinping");
        assert_eq!(normalize_answer("ＭＯＳＣＯＷ"), "ｍｏｓｃｏｗ");
        assert_eq!(normalize_answer("don’t"), "don’t");
    }

    #[test]
    fn tokens_of_empty_and_article_only_text() {
        assert!(squad_tokens("").is_empty());
        assert!(squad_tokens("The").is_empty());
        assert_eq!(squad_tokens("Xi  Jinping"), ["xi", "jinping"]);
    }
}
