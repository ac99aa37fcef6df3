//! Line-numbered JSON Lines reading that reports every bad line as a [`Diagnostic`].
//!
//! Blank lines are skipped. Each other line must hold one JSON object that deserializes
//! into the target type; a line that does not is reported as `file:line: field: message`,
//! where `field` is the JSON key serde complained about (or `-` for the whole line).

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
                message.starts_with("missing field") || message.starts_with("unknown field")
            })
            .or_else(|| (!e.is_syntax() && !e.is_eof() && path != ".").then_some(path))
            .unwrap_or_else(|| "-".to_string());
        json_diagnostic(file, line, field, &e, message)
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
    for (index, text) in reader.lines().enumerate() {
        let line = index + 1;
        let text = match text {
            Ok(text) => text,
            Err(e) => {
                diagnostics.push(Diagnostic::new(file, Some(line), "-", e.to_string()));
                break;
            }
        };
        if text.trim().is_empty() {
            continue;
        }
        match parse_line::<T>(file, line, &text) {
            Ok(value) => values.push(Line { line, value }),
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
