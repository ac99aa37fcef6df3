//! SQuAD's `normalize_answer`, in the official order (v1.1 and v2.0 scripts are identical here):
//! lowercase, delete ASCII punctuation, replace the words `a`/`an`/`the` with a space, and fold
//! whitespace.

/// Normalizes an answer exactly as the official SQuAD evaluation script does.
pub fn normalize_answer(text: &str) -> String {
    let lowered = text.to_lowercase();
    let no_punct: String = lowered
        .chars()
        .filter(|c| !c.is_ascii_punctuation())
        .collect();
    let no_articles = remove_articles(&no_punct);
    no_articles.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Replaces each whole word `a`, `an` or `the` with a single space.
fn remove_articles(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let at_boundary = i == 0 || !is_word(chars[i - 1]);
        if at_boundary {
            if let Some(len) = article_at(&chars[i..]) {
                out.push(' ');
                i += len;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

fn article_at(chars: &[char]) -> Option<usize> {
    for article in ["the", "an", "a"] {
        let len = article.len();
        let matches = chars.len() >= len
            && chars[..len].iter().copied().eq(article.chars())
            && chars.get(len).is_none_or(|&c| !is_word(c));
        if matches {
            return Some(len);
        }
    }
    None
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

#[cfg(test)]
mod tests {
    use super::normalize_answer;

    #[test]
    fn follows_the_official_order() {
        assert_eq!(normalize_answer("state-of-the-art"), "stateoftheart");
        assert_eq!(normalize_answer("1,000.5"), "10005");
        assert_eq!(normalize_answer("$237 billion"), "237 billion");
        assert_eq!(normalize_answer("an apple a day"), "apple day");
        assert_eq!(normalize_answer("The."), "");
        assert_eq!(normalize_answer("  The  Kremlin "), "kremlin");
    }
}
