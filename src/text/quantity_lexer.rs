//! The lexer under [`super::quantity`]: lowercased text split into digit runs, letter runs
//! and single symbols, each remembering whether whitespace preceded it ("glued"), so
//! `US$237bn` reads as `us` `$` `237` `bn` with the last three glued.

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// ASCII digits, possibly with inner `,`/`.` followed by a digit (`1,000.5`).
    Digits,
    /// A run of letters (Unicode alphabetic).
    Word,
    /// Any other single non-space character (`$`, `%`, `-`, `–`, `,`).
    Symbol,
}

/// One token of lowercased text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// What the token is.
    pub kind: TokenKind,
    /// Its lowercased text.
    pub text: String,
    /// True when no whitespace separates it from the previous token.
    pub glued: bool,
}

impl Token {
    /// True for a word token equal to `word`.
    pub fn is_word(&self, word: &str) -> bool {
        self.kind == TokenKind::Word && self.text == word
    }

    /// True for a symbol token that is one of `symbols`.
    pub fn is_symbol(&self, symbols: &[char]) -> bool {
        self.kind == TokenKind::Symbol && self.text.chars().all(|c| symbols.contains(&c))
    }
}

/// Splits `text` into tokens (lowercased; whitespace dropped).
pub fn lex(text: &str) -> Vec<Token> {
    let lower = text.to_lowercase();
    let chars: Vec<char> = lower.chars().collect();
    let mut tokens = Vec::new();
    let mut glued = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        let kind = if c.is_whitespace() {
            glued = false;
            i += 1;
            continue;
        } else if c.is_ascii_digit() {
            i += 1;
            while i < chars.len() {
                let inner_separator = matches!(chars[i], ',' | '.')
                    && chars.get(i + 1).is_some_and(char::is_ascii_digit);
                if chars[i].is_ascii_digit() || inner_separator {
                    i += 1;
                } else {
                    break;
                }
            }
            TokenKind::Digits
        } else if c.is_alphabetic() {
            while i < chars.len() && chars[i].is_alphabetic() {
                i += 1;
            }
            TokenKind::Word
        } else {
            i += 1;
            TokenKind::Symbol
        };
        tokens.push(Token {
            kind,
            text: chars[start..i].iter().collect(),
            glued,
        });
        glued = true;
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(text: &str) -> Vec<(String, bool)> {
        lex(text).into_iter().map(|t| (t.text, t.glued)).collect()
    }

    #[test]
    fn splits_glued_currency_and_scale() {
        let s = shape("US$237bn");
        let want = [("us", false), ("$", true), ("237", true), ("bn", true)];
        assert_eq!(s.len(), 4);
        for ((text, glued), (w, g)) in s.iter().zip(want) {
            assert_eq!((text.as_str(), *glued), (w, g));
        }
    }

    #[test]
    fn numbers_keep_inner_separators_only() {
        let texts: Vec<String> = lex("1,000.5, and 7-10.")
            .into_iter()
            .map(|t| t.text)
            .collect();
        assert_eq!(texts, ["1,000.5", ",", "and", "7", "-", "10", "."]);
        assert!(!lex("May\u{a0}7")[1].glued);
    }
}
