//! Tokenizers for ROUGE: rouge-score 0.1.2's `DefaultTokenizer` (exact) and an opt-in
//! Unicode tokenizer.
//!
//! rouge-score lowercases with Python's `str.lower()`, turns every run of characters outside
//! `[a-z0-9]` into a separator and splits. Per character that is (metrics-spec.md §1.2,
//! checked over all 1,114,112 code points): ASCII letters lowercase, ASCII digits stay,
//! U+212A KELVIN SIGN becomes `k`, U+0130 becomes `i` followed by a break (its lowercase
//! is `i` + U+0307), and every other character is a break.
//!
//! The Unicode tokenizer is goldeval's own: it lowercases with Rust's `char::to_lowercase`,
//! keeps letters and digits of every script (with combining marks, so decomposed accents stay
//! inside their word) and makes each CJK ideograph or kana character a token of its own.

use std::fmt;
use std::str::FromStr;

use crate::text::porter;

/// Which tokenizer turns a text into ROUGE tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Tokenizer {
    /// rouge-score 0.1.2's default tokenizer: only ASCII `[a-z0-9]` runs survive.
    #[default]
    RougeScore,
    /// Letters and digits of any script, lowercased; CJK split per character.
    Unicode,
}

impl Tokenizer {
    /// The name used on the command line and in signatures.
    pub fn name(self) -> &'static str {
        match self {
            Tokenizer::RougeScore => "rouge-score",
            Tokenizer::Unicode => "unicode",
        }
    }

    /// Calls `emit` with each token of `text`, in order. `buf` is scratch space.
    pub fn for_each_token(self, text: &str, buf: &mut String, emit: impl FnMut(&str)) {
        match self {
            Tokenizer::RougeScore => rouge_score_tokens(text, buf, emit),
            Tokenizer::Unicode => unicode_tokens(text, buf, emit),
        }
    }

    /// The tokens of `text`, stemmed as rouge-score does when `stem` is true (Porter,
    /// NLTK extensions, tokens longer than 3 characters only).
    ///
    /// With [`Tokenizer::RougeScore`] this is exactly rouge-score 0.1.2's
    /// `tokenize.tokenize(text, stemmer)`; use it to check stems over a whole dataset.
    pub fn tokenize(self, text: &str, stem: bool) -> Vec<String> {
        let mut tokens = Vec::new();
        let mut buf = String::new();
        self.for_each_token(text, &mut buf, |t| {
            tokens.push(if stem { stem_token(t) } else { t.to_string() });
        });
        tokens
    }
}

/// Stems one token as goldeval's ROUGE does: Porter (NLTK extensions) for ASCII tokens longer
/// than 3 characters; other tokens are kept.
pub fn stem_token(token: &str) -> String {
    if token.is_ascii() {
        porter::rouge_stem(token)
    } else {
        token.to_string()
    }
}

impl fmt::Display for Tokenizer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Tokenizer {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "rouge-score" => Ok(Tokenizer::RougeScore),
            "unicode" => Ok(Tokenizer::Unicode),
            _ => Err(format!(
                "unknown tokenizer \"{s}\" (expected rouge-score or unicode)"
            )),
        }
    }
}

fn flush(buf: &mut String, emit: &mut impl FnMut(&str)) {
    if !buf.is_empty() {
        emit(buf);
        buf.clear();
    }
}

/// Byte classes of rouge-score's tokenizer: a separator, a lowercase letter or digit (kept
/// as is), an uppercase letter, or a lead byte that may start U+0130 or U+212A.
const SEP: u8 = 0;
const KEEP: u8 = 1;
const UPPER: u8 = 2;
const LEAD: u8 = 3;

const CLASS: [u8; 256] = {
    let mut t = [SEP; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c.is_ascii_lowercase() || c.is_ascii_digit() {
            KEEP
        } else if c.is_ascii_uppercase() {
            UPPER
        } else if c == 0xC4 || c == 0xE2 {
            LEAD
        } else {
            SEP
        };
        b += 1;
    }
    t
};

/// rouge-score's tokenizer, byte by byte. In valid UTF-8 the byte pairs `C4 B0` (U+0130)
/// and triples `E2 84 AA` (U+212A) can only be those characters; every other non-ASCII byte
/// is part of a separator. A token is a maximal run of units: an ASCII letter or digit, a
/// KELVIN SIGN (`k`), or a U+0130 (`i`, which also ends the token). Tokens that are already
/// lowercase ASCII are passed as slices of `text`, without copying. A 256-entry class table
/// keeps the common loops (separators, lowercase runs) to one load and compare per byte.
fn rouge_score_tokens(text: &str, buf: &mut String, mut emit: impl FnMut(&str)) {
    let bytes = text.as_bytes();
    let n = bytes.len();
    let is_kelvin = |i: usize| bytes.get(i..i + 3) == Some(&[0xE2, 0x84, 0xAA][..]);
    let is_dotted_i = |i: usize| bytes.get(i..i + 2) == Some(&[0xC4, 0xB0][..]);
    let class = |i: usize| CLASS[usize::from(bytes[i])];
    let mut i = 0;
    while i < n {
        while i < n && class(i) == SEP {
            i += 1;
        }
        if i == n {
            break;
        }
        let start = i;
        let mut simple = true;
        loop {
            while i < n && class(i) == KEEP {
                i += 1;
            }
            if i == n {
                break;
            }
            match class(i) {
                UPPER => {
                    simple = false;
                    i += 1;
                }
                LEAD if is_kelvin(i) => {
                    simple = false;
                    i += 3;
                }
                LEAD if is_dotted_i(i) => {
                    simple = false;
                    i += 2;
                    break;
                }
                _ => break,
            }
        }
        if i == start {
            // A lead byte of some other character: part of a separator.
            i += 1;
            continue;
        }
        let token = &text[start..i];
        if simple {
            emit(token);
        } else {
            lower_into(token, buf);
            emit(buf);
        }
    }
}

/// The positions of rouge-score's tokens in a text, found 64 bytes at a time: the fast path
/// for texts whose tokens are all ASCII runs.
///
/// A text qualifies when it holds no byte `0xC4` and no byte `0x84`, so neither U+0130 (`C4 B0`)
/// nor U+212A (`E2 84 AA`) occurs: every non-ASCII byte is then a separator, and a token is a
/// maximal run of ASCII letters and digits (lowercased with `| 0x20`). Curly quotes, dashes
/// and most accented letters keep a text on this path.
#[derive(Debug, Default)]
pub(crate) struct AsciiSpans {
    /// Bit `i % 64` of word `i / 64`: byte `i` is an ASCII letter or digit.
    words: Vec<u64>,
    /// The same for `\n`.
    lines: Vec<u64>,
}

/// Per-byte flags of one 8-byte little-endian word, as a bit per byte: (letter or digit,
/// newline). Bytes of 0x80 and above are neither.
#[inline]
fn word_flags(w: u64) -> (u64, u64) {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const ONES: u64 = 0x0101_0101_0101_0101;
    let ascii = !w & HIGH;
    let x = w & LOW7;
    // Each sum stays below 0x100 per byte, so no carry crosses into the next byte.
    let lower = x | (0x20 * ONES);
    let alpha = (lower + (0x80 - 0x61) * ONES) & !(lower + (0x7F - 0x7A) * ONES);
    let digit = (x + (0x80 - 0x30) * ONES) & !(x + (0x7F - 0x39) * ONES);
    let y = x ^ (0x0A * ONES);
    let newline = !((y + LOW7) | y);
    (gather((alpha | digit) & ascii), gather(newline & ascii))
}

/// The high bit of each byte of `m` (all other bits clear) as bits 0..8.
#[inline]
fn gather(m: u64) -> u64 {
    ((m >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56
}

impl AsciiSpans {
    /// Computes the masks of `text`; false (and nothing usable) when the text does not
    /// qualify (see the type's docs).
    pub fn scan(&mut self, text: &[u8]) -> bool {
        if memchr::memchr2(0xC4, 0x84, text).is_some() {
            return false;
        }
        self.words.clear();
        self.lines.clear();
        let mut chunks = text.chunks_exact(64);
        for chunk in &mut chunks {
            let (mut words, mut lines) = (0, 0);
            for (k, w) in chunk.chunks_exact(8).enumerate() {
                let mut word = [0u8; 8];
                word.copy_from_slice(w);
                let (a, n) = word_flags(u64::from_le_bytes(word));
                words |= a << (8 * k);
                lines |= n << (8 * k);
            }
            self.words.push(words);
            self.lines.push(lines);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut padded = [0u8; 64];
            padded[..rest.len()].copy_from_slice(rest);
            let (mut words, mut lines) = (0, 0);
            for (k, w) in padded.chunks_exact(8).enumerate() {
                let mut word = [0u8; 8];
                word.copy_from_slice(w);
                let (a, n) = word_flags(u64::from_le_bytes(word));
                words |= a << (8 * k);
                lines |= n << (8 * k);
            }
            self.words.push(words);
            self.lines.push(lines);
        }
        true
    }

    /// Calls `emit(start, end, new_line)` for each token `text[start..end]` of the scanned
    /// text, in order; `new_line` says whether a `\n` lies between the previous token (or the
    /// start of the text) and this one.
    #[inline]
    pub fn for_each(&self, mut emit: impl FnMut(usize, usize, bool)) {
        let (words, lines) = (&self.words[..], &self.lines[..]);
        // The first newline at or after the end of the previous token.
        let mut newline = next_set(lines, 0);
        let mut w = 0;
        // The bits of `words[w]` at or after the current position.
        let mut bits = words.first().copied().unwrap_or(0);
        loop {
            while bits == 0 {
                w += 1;
                match words.get(w) {
                    Some(&next) => bits = next,
                    None => return,
                }
            }
            let start = w * 64 + bits.trailing_zeros() as usize;
            // The end: the first clear bit at or after `start`.
            let mut e = w;
            let mut run = !words[e] & (u64::MAX << (start % 64));
            while run == 0 {
                e += 1;
                // Past the last word, every bit is clear (the text has ended).
                run = words.get(e).map_or(u64::MAX, |&x| !x);
            }
            let end = e * 64 + run.trailing_zeros() as usize;
            let new_line = newline < start;
            if new_line {
                newline = next_set(lines, end);
            }
            emit(start, end, new_line);
            w = e;
            bits = words.get(w).map_or(0, |&x| x & (u64::MAX << (end % 64)));
        }
    }
}

/// The first set bit at or after position `from` of `bits`, or `usize::MAX`.
#[inline]
fn next_set(bits: &[u64], from: usize) -> usize {
    let mut w = from / 64;
    let Some(&first) = bits.get(w) else {
        return usize::MAX;
    };
    let mut x = first & (u64::MAX << (from % 64));
    while x == 0 {
        w += 1;
        match bits.get(w) {
            Some(&next) => x = next,
            None => return usize::MAX,
        }
    }
    w * 64 + x.trailing_zeros() as usize
}

/// `token` lowercased as Python does, with U+212A → `k` and U+0130 → `i` (the only non-ASCII
/// characters a rouge-score token can hold).
fn lower_into(token: &str, buf: &mut String) {
    buf.clear();
    let tb = token.as_bytes();
    let mut j = 0;
    while j < tb.len() {
        match tb[j] {
            0xE2 => {
                buf.push('k');
                j += 3;
            }
            0xC4 => {
                buf.push('i');
                j += 2;
            }
            b => {
                buf.push(char::from(b.to_ascii_lowercase()));
                j += 1;
            }
        }
    }
}

/// Whether `c` is a combining mark in the common blocks (it continues the current word).
fn is_combining_mark(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F | 0x0483..=0x0489 | 0x0591..=0x05BD | 0x0610..=0x061A
        | 0x064B..=0x065F | 0x0900..=0x0903 | 0x093A..=0x094F | 0x1AB0..=0x1AFF
        | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// Whether `c` is written without spaces between words (CJK ideographs, kana).
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF
        | 0x20000..=0x2FA1F)
}

fn unicode_tokens(text: &str, buf: &mut String, mut emit: impl FnMut(&str)) {
    buf.clear();
    for c in text.chars() {
        if is_cjk(c) {
            flush(buf, &mut emit);
            buf.push(c);
            flush(buf, &mut emit);
        } else if c.is_alphanumeric() || (is_combining_mark(c) && !buf.is_empty()) {
            buf.extend(c.to_lowercase());
        } else {
            flush(buf, &mut emit);
        }
    }
    flush(buf, &mut emit);
}

#[cfg(test)]
mod tests {
    use super::Tokenizer;

    fn rs(text: &str, stem: bool) -> Vec<String> {
        Tokenizer::RougeScore.tokenize(text, stem)
    }

    // Expected values: rouge-score 0.1.2 tokenize.tokenize, metrics-spec.md §1.2 [ran].
    #[test]
    fn rouge_score_tokenizer_keeps_only_ascii_alphanumerics() {
        assert_eq!(
            rs("don't can't O'Neill's", false),
            ["don", "t", "can", "t", "o", "neill", "s"]
        );
        assert_eq!(
            rs("1,000.5 3.14 2025-05-07", false),
            ["1", "000", "5", "3", "14", "2025", "05", "07"]
        );
        assert_eq!(
            rs("Café naïve résumé Ümlaut", false),
            ["caf", "na", "ve", "r", "sum", "mlaut"]
        );
        assert!(rs("北京 莫斯科 Привет мир", false).is_empty());
        assert_eq!(rs("😀 emoji👍ok", false), ["emoji", "ok"]);
        assert_eq!(rs("ABC123def 42nd", false), ["abc123def", "42nd"]);
        assert!(rs("", false).is_empty());
        assert!(rs(" \n\t ", false).is_empty());
    }

    #[test]
    fn rouge_score_tokenizer_lowercases_kelvin_sign_and_dotted_capital_i_like_python() {
        assert_eq!(rs("\u{212A}elvin", false), ["kelvin"]);
        assert_eq!(rs("İstanbul", false), ["i", "stanbul"]);
        assert_eq!(rs("xİ", false), ["xi"]);
        assert_eq!(rs("ﬁnance", true), ["nanc"]);
    }

    #[test]
    fn rouge_score_tokenizer_stems_only_tokens_longer_than_three() {
        assert_eq!(rs("was has this is", true), ["was", "has", "thi", "is"]);
        assert_eq!(
            rs("The cats were flying", true),
            ["the", "cat", "were", "fli"]
        );
        assert_eq!(rs("٣٤ arabic digits", true), ["arab", "digit"]);
    }

    #[test]
    fn unicode_tokenizer_keeps_all_scripts_and_splits_cjk() {
        let t = |s| Tokenizer::Unicode.tokenize(s, false);
        assert_eq!(t("Café naïve"), ["café", "naïve"]);
        assert_eq!(t("Cafe\u{301}!"), ["cafe\u{301}"]);
        assert_eq!(t("Привет, мир"), ["привет", "мир"]);
        assert_eq!(t("北京abc"), ["北", "京", "abc"]);
        assert_eq!(
            Tokenizer::Unicode.tokenize("Running ПРИВЕТ", true),
            ["run", "привет"]
        );
    }

    /// Tokens and line breaks of `text` through [`super::AsciiSpans`], as the slow path's
    /// line-by-line tokens would give them (`None` when the text does not qualify).
    fn fast_lines(text: &str) -> Option<Vec<Vec<String>>> {
        let mut spans = super::AsciiSpans::default();
        if !spans.scan(text.as_bytes()) {
            return None;
        }
        let mut lines: Vec<Vec<String>> = vec![Vec::new()];
        spans.for_each(|start, end, new_line| {
            if new_line {
                lines.push(Vec::new());
            }
            let token = text[start..end].to_ascii_lowercase();
            lines.last_mut().unwrap().push(token);
        });
        Some(lines)
    }

    fn slow_lines(text: &str) -> Vec<Vec<String>> {
        let mut lines: Vec<Vec<String>> = vec![Vec::new()];
        for line in text.split('\n') {
            let tokens = rs(line, false);
            if !tokens.is_empty() {
                if !lines.last().unwrap().is_empty() {
                    lines.push(Vec::new());
                }
                lines.last_mut().unwrap().extend(tokens);
            }
        }
        lines
    }

    #[test]
    fn byte_flags_of_a_word_match_a_byte_by_byte_check() {
        for b in 0..=255u8 {
            let w = u64::from_le_bytes([b, b'a', b, b'\n', 0x80, b, b'Z', b]);
            let (alnum, newline) = super::word_flags(w);
            for (k, &byte) in w.to_le_bytes().iter().enumerate() {
                assert_eq!(
                    alnum >> k & 1 == 1,
                    byte.is_ascii_alphanumeric(),
                    "{byte:#x}"
                );
                assert_eq!(newline >> k & 1 == 1, byte == b'\n', "{byte:#x}");
            }
            assert_eq!(alnum >> 8, 0);
            assert_eq!(newline >> 8, 0);
        }
    }

    #[test]
    fn ascii_spans_find_the_same_tokens_and_lines_as_the_tokenizer() {
        let pieces = [
            "a",
            "Bc",
            "def",
            "GHIJKLMNOP",
            "0",
            "42",
            "x9",
            " ",
            "  ",
            "\n",
            "\n\n",
            ",",
            ".",
            "-",
            "\u{2019}",
            "\u{201C}",
            "\u{e9}",
            "\u{4e2d}",
            "\u{1F600}",
            "\t",
            "\r\n",
        ];
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for round in 0..3000 {
            let len = if round % 10 == 0 { 400 } else { 30 };
            let count = next() % len;
            let text: String = (0..count)
                .map(|_| pieces[(next() % pieces.len() as u64) as usize])
                .collect();
            let mut fast = fast_lines(&text).expect("qualifies");
            let mut slow = slow_lines(&text);
            // Either may hold an empty first line (text starting with a newline).
            slow.retain(|l| !l.is_empty());
            fast.retain(|l| !l.is_empty());
            assert_eq!(fast, slow, "{text:?}");
        }
        assert!(fast_lines("\u{212A}elvin").is_none());
        assert!(fast_lines("\u{130}stanbul").is_none());
        assert_eq!(fast_lines("").unwrap(), [Vec::<String>::new()]);
    }

    #[test]
    fn tokenizer_names_round_trip() {
        for t in [Tokenizer::RougeScore, Tokenizer::Unicode] {
            assert_eq!(t.name().parse::<Tokenizer>(), Ok(t));
        }
        assert!("whitespace".parse::<Tokenizer>().is_err());
    }
}
