//! The lexer under [`super::quantity`]: (already lowercased) text split into digit runs, letter runs
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    /// What the token is.
    pub kind: TokenKind,
    /// Its text.
    pub text: &'a str,
    /// True when no whitespace separates it from the previous token.
    pub glued: bool,
}

impl Token<'_> {
    /// True for a word token equal to `word`.
    pub fn is_word(&self, word: &str) -> bool {
        self.kind == TokenKind::Word && self.text == word
    }

    /// True for a symbol token that is one of `symbols`.
    pub fn is_symbol(&self, symbols: &[char]) -> bool {
        self.kind == TokenKind::Symbol && self.text.chars().all(|c| symbols.contains(&c))
    }
}

/// Splits `text` (lowercase it first) into tokens; whitespace is dropped.
pub fn lex(text: &str) -> Vec<Token<'_>> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::new();
    let mut glued = false;
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        let kind = if c.is_whitespace() {
            glued = false;
            continue;
        } else if c.is_ascii_digit() {
            while let Some(&(i, next)) = chars.peek() {
                let inner_separator =
                    matches!(next, ',' | '.') && bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
                if !(next.is_ascii_digit() || inner_separator) {
                    break;
                }
                chars.next();
            }
            TokenKind::Digits
        } else if c.is_alphabetic() {
            while chars.next_if(|&(_, next)| next.is_alphabetic()).is_some() {}
            TokenKind::Word
        } else {
            TokenKind::Symbol
        };
        let end = chars.peek().map_or(text.len(), |&(i, _)| i);
        tokens.push(Token {
            kind,
            text: &text[start..end],
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
        lex(text)
            .into_iter()
            .map(|t| (t.text.to_string(), t.glued))
            .collect()
    }

    #[test]
    fn splits_glued_currency_and_scale() {
        let s = shape("us$237bn");
        let want = [("us", false), ("$", true), ("237", true), ("bn", true)];
        assert_eq!(s.len(), 4);
        for ((text, glued), (w, g)) in s.iter().zip(want) {
            assert_eq!((text.as_str(), *glued), (w, g));
        }
    }

    #[test]
    fn numbers_keep_inner_separators_only() {
        let texts: Vec<&str> = lex("1,000.5, and 7-10.")
            .into_iter()
            .map(|t| t.text)
            .collect();
        assert_eq!(texts, ["1,000.5", ",", "and", "7", "-", "10", "."]);
        assert!(!lex("may\u{a0}7")[1].glued);
    }
}
