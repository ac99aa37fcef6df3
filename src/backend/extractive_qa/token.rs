//! Tokens of one sentence with their byte offsets, for span extraction.
//!
//! A word token is a run of letters and digits that may hold inner `.`, `,`, `'`, `’`, `-`
//! or `–` when a letter or digit follows (`U.S`, `237,000`, `People's`, `four-day`), may
//! start with a currency sign (`$237.5`) and may end with `%` (`3.5%`). Every other
//! non-space character is a one-character punctuation token. Invariants: tokens are in order,
//! do not overlap, and `text[start..end]` is the token.

/// Currency signs a number may start with.
const CURRENCY: [char; 4] = ['$', '€', '£', '¥'];

/// Characters allowed inside a word when a letter or digit follows.
const JOINERS: [char; 6] = ['.', ',', '\'', '’', '-', '–'];

/// One token of a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token<'a> {
    /// The token's text.
    pub text: &'a str,
    /// Byte offset of its start in the sentence.
    pub start: usize,
    /// Byte offset just past its end.
    pub end: usize,
}

impl Token<'_> {
    /// Whether the token is a word (starts with a letter, digit or currency sign).
    pub fn is_word(&self) -> bool {
        self.text
            .starts_with(|c: char| c.is_alphanumeric() || CURRENCY.contains(&c))
    }

    /// Whether the token starts with an uppercase letter.
    pub fn is_capitalized(&self) -> bool {
        self.text.starts_with(char::is_uppercase)
    }

    /// The token lowercased.
    pub fn lower(&self) -> String {
        self.text.to_lowercase()
    }
}

/// The tokens of `sentence`.
pub fn tokenize(sentence: &str) -> Vec<Token<'_>> {
    let chars: Vec<(usize, char)> = sentence.char_indices().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i].1;
        let starts_word = c.is_alphanumeric()
            || (CURRENCY.contains(&c)
                && chars.get(i + 1).is_some_and(|&(_, n)| n.is_ascii_digit()));
        let end = if c.is_whitespace() {
            i + 1
        } else if starts_word {
            word_end(&chars, i + 1)
        } else {
            i + 1
        };
        if !c.is_whitespace() {
            let byte_end = chars.get(end).map_or(sentence.len(), |&(b, _)| b);
            tokens.push(Token {
                text: &sentence[chars[i].0..byte_end],
                start: chars[i].0,
                end: byte_end,
            });
        }
        i = end;
    }
    tokens
}

/// The index just past the word that continues at `i`.
fn word_end(chars: &[(usize, char)], mut i: usize) -> usize {
    while i < chars.len() {
        let c = chars[i].1;
        let next_is_alnum = chars.get(i + 1).is_some_and(|&(_, n)| n.is_alphanumeric());
        if c.is_alphanumeric() || (JOINERS.contains(&c) && next_is_alnum) {
            i += 1;
        } else if c == '%' {
            return i + 1;
        } else {
            break;
        }
    }
    i
}

#[cfg(test)]
mod tests {
    use super::tokenize;

    fn texts(sentence: &str) -> Vec<&str> {
        tokenize(sentence).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn keeps_numbers_names_and_compounds_whole() {
        assert_eq!(
            texts("Trade hit $237.5 billion, up 3.5% (U.S. data)."),
            [
                "Trade", "hit", "$237.5", "billion", ",", "up", "3.5%", "(", "U.S", ".", "data",
                ")", "."
            ]
        );
        assert_eq!(
            texts("a four-day visit to the People's Daily on Feb. 24"),
            ["a", "four-day", "visit", "to", "the", "People's", "Daily", "on", "Feb", ".", "24"]
        );
    }

    #[test]
    fn offsets_point_into_the_sentence() {
        let sentence = "“Dear friend,” said Putin — 11th time.";
        for token in tokenize(sentence) {
            assert_eq!(&sentence[token.start..token.end], token.text);
        }
        assert_eq!(texts(sentence)[0], "“");
        assert!(tokenize("  ").is_empty());
        assert_eq!(texts("$ 5"), ["$", "5"]);
    }
}
