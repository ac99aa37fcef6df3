//! Line-numbered JSON Lines reading that reports every bad line as a [`Diagnostic`].
//!
//! Every JSON Lines file goldeval reads (datasets, `score` inputs, replay files,
//! `items.jsonl`, goldens) is split into lines by [`Lines`]: a UTF-8 byte-order mark at the
//! start of the file is skipped, `\r\n` endings are accepted, blank lines are skipped, and a
//! line that is not valid UTF-8 is reported with its number (the other lines are still read).
//! Each other line must hold one JSON object that deserializes into the target type; a line
//! that does not is reported as `file:line: field: message`, where `field` is the JSON key
//! serde complained about (or `-` for the whole line). Typed targets refuse a key given twice
//! (serde's derive does), so a line never says two things about one field.

use std::io::BufRead;
use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diagnostic::{Diagnostic, Diagnostics};

/// A value read from a JSON Lines file, with the 1-based line it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Line<T> {
    /// 1-based line number in the file.
    pub line: usize,
    /// The parsed value.
    pub value: T,
}

/// One non-blank line of a JSON Lines file: its 1-based number and its text (without the line
/// ending).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawLine {
    /// 1-based line number.
    pub line: usize,
    /// The text, valid UTF-8.
    pub text: String,
}

/// The non-blank lines of a JSON Lines file, each with its number; see the module docs.
pub struct Lines<R> {
    file: std::path::PathBuf,
    reader: R,
    line: usize,
    buffer: Vec<u8>,
    done: bool,
}

impl<R: BufRead> Lines<R> {
    /// Lines of `reader`, reported as lines of `file`.
    pub fn new(file: &Path, reader: R) -> Self {
        Lines {
            file: file.to_path_buf(),
            reader,
            line: 0,
            buffer: Vec::new(),
            done: false,
        }
    }
}

impl<R: BufRead> Iterator for Lines<R> {
    type Item = Result<RawLine, Diagnostic>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            self.buffer.clear();
            match self.reader.read_until(b'\n', &mut self.buffer) {
                Ok(0) => self.done = true,
                Ok(_) => {
                    self.line += 1;
                    if let Some(raw) = self.take_line() {
                        return Some(raw);
                    }
                }
                Err(e) => {
                    self.done = true;
                    return Some(Err(Diagnostic::new(
                        &self.file,
                        Some(self.line + 1),
                        "-",
                        format!("cannot read: {e}"),
                    )));
                }
            }
        }
        None
    }
}

impl<R> Lines<R> {
    /// The current buffer as a line: `None` when blank.
    fn take_line(&mut self) -> Option<Result<RawLine, Diagnostic>> {
        let mut bytes = self.buffer.as_slice();
        if self.line == 1 {
            bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
        }
        let bytes = bytes.strip_suffix(b"\n").unwrap_or(bytes);
        let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
        match std::str::from_utf8(bytes) {
            Ok(text) if text.trim().is_empty() => None,
            Ok(text) => Some(Ok(RawLine {
                line: self.line,
                text: text.to_string(),
            })),
            Err(e) => Some(Err(Diagnostic::new(
                &self.file,
                Some(self.line),
                "-",
                format!("not valid UTF-8 (byte {} of the line)", e.valid_up_to() + 1),
            )
            .with_hint("save the file as UTF-8"))),
        }
    }
}

/// Reads a whole text file (a TOML file, say): a UTF-8 byte-order mark is skipped, and bytes
/// that are not UTF-8 are reported with their line.
///
/// # Errors
/// [`crate::error::Error::Io`] when the file cannot be read; [`crate::error::Error::Invalid`]
/// naming the line that is not UTF-8.
pub fn read_text(path: &Path, what: &str) -> crate::error::Result<String> {
    let bytes = std::fs::read(path).map_err(|e| crate::error::Error::io("reading", path, e))?;
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(e) => {
            let line = bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1;
            let mut diagnostics = Diagnostics::new();
            diagnostics.push(
                Diagnostic::new(path, Some(line), "-", "not valid UTF-8")
                    .with_hint("save the file as UTF-8"),
            );
            Err(crate::error::Error::Invalid {
                what: what.to_string(),
                diagnostics,
            })
        }
    }
}

/// Parses one line of `file` (for diagnostics) into `T`.
///
/// # Errors
/// A [`Diagnostic`] naming the line and, where serde says which, the field.
pub fn parse_line<T: DeserializeOwned>(
    file: &Path,
    line: usize,
    text: &str,
) -> Result<T, Diagnostic> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize::<_, T>(&mut deserializer).map_err(|error| {
        let path = error.path().to_string();
        let e = error.into_inner();
        // serde names the field itself for missing and unknown fields; otherwise the path
        // to the offending value says where it is.
        let message = serde_message(&e);
        let field = field_of(&message)
            .filter(|_| {
                ["missing field", "unknown field", "duplicate field"]
                    .iter()
                    .any(|p| message.starts_with(p))
            })
            .or_else(|| (!e.is_syntax() && !e.is_eof() && path != ".").then_some(path))
            .unwrap_or_else(|| "-".to_string());
        let string_id = field == "id" && message.starts_with("invalid type");
        let diagnostic = json_diagnostic(file, line, field, &e, message);
        if string_id {
            diagnostic.with_hint("ids are strings: quote the id, e.g. \"id\": \"12345\"")
        } else {
            diagnostic
        }
    })?;
    deserializer.end().map_err(|e| {
        let message = serde_message(&e);
        json_diagnostic(file, line, "-".to_string(), &e, message)
    })?;
    Ok(value)
}

fn json_diagnostic(
    file: &Path,
    line: usize,
    field: String,
    e: &serde_json::Error,
    message: String,
) -> Diagnostic {
    if e.is_syntax() || e.is_eof() {
        Diagnostic::new(file, Some(line), field, format!("invalid JSON: {message}"))
            .with_hint("each line must be one complete JSON object")
    } else {
        Diagnostic::new(file, Some(line), field, message)
    }
}

/// Reads every non-blank line of `reader` into `T`, collecting all problems.
///
/// # Errors
/// Every malformed line, and I/O failure, as diagnostics (all of them, not the first).
pub fn read_all<T: DeserializeOwned>(
    file: &Path,
    reader: impl BufRead,
) -> Result<Vec<Line<T>>, Diagnostics> {
    let mut values = Vec::new();
    let mut diagnostics = Diagnostics::new();
    for raw in Lines::new(file, reader) {
        match raw.and_then(|raw| {
            parse_line::<T>(file, raw.line, &raw.text).map(|value| Line {
                line: raw.line,
                value,
            })
        }) {
            Ok(line) => values.push(line),
            Err(d) => diagnostics.push(d),
        }
    }
    if diagnostics.is_empty() {
        Ok(values)
    } else {
        Err(diagnostics)
    }
}

/// serde_json's message without its trailing " at line 1 column N" (the line is ours).
fn serde_message(e: &serde_json::Error) -> String {
    let full = e.to_string();
    match full.rfind(" at line ") {
        Some(pos) => format!("{} (column {})", &full[..pos], e.column()),
        None => full,
    }
}

/// The field a serde message is about: the first name in backticks.
fn field_of(message: &str) -> Option<String> {
    let start = message.find('`')? + 1;
    let len = message[start..].find('`')?;
    let name = &message[start..start + len];
    let is_identifier = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    is_identifier.then(|| name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Row {
        id: String,
        n: u32,
    }

    fn read(text: &str) -> Result<Vec<Line<Row>>, Diagnostics> {
        read_all(Path::new("x.jsonl"), text.as_bytes())
    }

    #[test]
    fn reads_lines_with_numbers_and_skips_blank_lines() {
        let rows = read("{\"id\":\"a\",\"n\":1}\n\n{\"id\":\"b\",\"n\":2}\n").unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].line, 3);
        assert_eq!(rows[1].value.id, "b");
    }

    #[test]
    fn a_bom_crlf_endings_bad_utf8_and_duplicate_keys_are_handled() {
        // Issue 12, item 9: a BOM is accepted; invalid UTF-8 is reported with its line and the
        // other lines are still read; a key given twice is refused.
        let mut bytes = b"\xef\xbb\xbf{\"id\":\"a\",\"n\":1}\r\n".to_vec();
        bytes.extend_from_slice(b"{\"id\":\"\xff\",\"n\":2}\n");
        bytes.extend_from_slice(b"{\"id\":\"c\",\"n\":3,\"n\":4}\n");
        bytes.extend_from_slice(b"{\"id\":\"d\",\"n\":5}");
        let err = read_all::<Row>(Path::new("x.jsonl"), bytes.as_slice())
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("x.jsonl:2: -: not valid UTF-8 (byte 8 of the line)"),
            "{err}"
        );
        assert!(
            err.contains("x.jsonl:3: n: duplicate field `n` (column 19)"),
            "{err}"
        );
        assert!(
            !err.contains("x.jsonl:1") && !err.contains("x.jsonl:4"),
            "{err}"
        );
        let ok = read_all::<Row>(
            Path::new("x.jsonl"),
            &b"\xef\xbb\xbf{\"id\":\"a\",\"n\":1}\r\n"[..],
        )
        .unwrap();
        assert_eq!(ok[0].value.id, "a");
    }

    #[test]
    fn reports_every_bad_line_with_its_field() {
        let err =
            read("{\"id\":\"a\"}\n{\"id\":\"b\",\"n\":2,\"extra\":1}\nnot json\n").unwrap_err();
        let text = err.to_string();
        let lines: Vec<_> = text.lines().filter(|l| !l.starts_with("  hint")).collect();
        assert_eq!(lines.len(), 3, "{text}");
        assert!(
            lines[0].starts_with("x.jsonl:1: n: missing field `n`"),
            "{text}"
        );
        assert!(
            lines[1].starts_with("x.jsonl:2: extra: unknown field `extra`"),
            "{text}"
        );
        assert!(
            lines[2].starts_with("x.jsonl:3: -: invalid JSON: expected ident"),
            "{text}"
        );
    }
}
