//! Located, collected problems in user files (datasets, inputs, configuration).
//!
//! A [`Diagnostic`] renders as `file:line: field: message` (plus an optional `hint:` line),
//! the shape compilers and linters use, so editors can jump to it. [`Diagnostics`] collects
//! every problem found rather than stopping at the first one.

use std::fmt;
use std::path::{Path, PathBuf};

/// One problem at one place in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file the problem is in.
    pub file: PathBuf,
    /// 1-based line number, when the problem is on a line.
    pub line: Option<usize>,
    /// The field (JSON key or TOML key path) concerned, or `-` for the whole line or file.
    pub field: String,
    /// What is wrong.
    pub message: String,
    /// How to fix it, when there is a known fix.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// A problem in `file` at `line` (1-based; `None` for the whole file) about `field`.
    pub fn new(
        file: impl AsRef<Path>,
        line: Option<usize>,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            file: file.as_ref().to_path_buf(),
            line,
            field: field.into(),
            message: message.into(),
            hint: None,
        }
    }

    /// Attaches a hint that says how to fix the problem.
    #[must_use]
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        write!(f, ": {}: {}", self.field, self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// An ordered collection of diagnostics.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// An empty collection.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one diagnostic.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Adds every diagnostic of `other`.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// True when nothing was reported.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// How many diagnostics there are.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// The diagnostics, in the order they were found.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Sorts by file, then line, keeping the discovery order for ties.
    pub fn sort(&mut self) {
        self.items
            .sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.items.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_file_line_field_message_and_hint() {
        let d = Diagnostic::new("qa.jsonl", Some(7), "answers", "must not be empty")
            .with_hint("use kind \"unanswerable\" for questions with no answer");
        assert_eq!(
            d.to_string(),
            "qa.jsonl:7: answers: must not be empty\n  hint: use kind \"unanswerable\" for questions with no answer"
        );
    }

    #[test]
    fn renders_without_line() {
        let d = Diagnostic::new("dataset.toml", None, "name", "missing");
        assert_eq!(d.to_string(), "dataset.toml: name: missing");
    }

    #[test]
    fn sort_orders_by_file_then_line() {
        let mut ds = Diagnostics::new();
        ds.push(Diagnostic::new("b", Some(1), "-", "x"));
        ds.push(Diagnostic::new("a", Some(9), "-", "y"));
        ds.push(Diagnostic::new("a", Some(2), "-", "z"));
        ds.sort();
        let order: Vec<_> = ds.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(order, ["z", "y", "x"]);
    }
}
