//! The crate's error type and the exit code each error maps to.
//!
//! Exit codes (documented in `--help` and docs/cli.md):
//!
//! | code | meaning |
//! |---|---|
//! | 0 | success |
//! | 1 | a quality gate failed |
//! | 2 | usage, configuration or dataset error |
//! | 3 | run incomplete: some items errored |
//! | 130 | interrupted |

use std::fmt;
use std::path::PathBuf;

use crate::diagnostic::Diagnostics;

/// Process exit codes used by the `goldeval` binary.
pub mod exit {
    /// Everything succeeded.
    pub const OK: u8 = 0;
    /// A quality gate failed.
    pub const GATE_FAILED: u8 = 1;
    /// Usage, configuration or dataset error.
    pub const USAGE: u8 = 2;
    /// The run finished but some items errored.
    pub const INCOMPLETE: u8 = 3;
    /// Interrupted by the user.
    pub const INTERRUPTED: u8 = 130;
}

/// Everything that can go wrong in goldeval, each with the context needed to act on it.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// Reading or writing a file or directory failed.
    Io {
        /// What was being done ("reading", "creating directory", ...).
        action: &'static str,
        /// The path involved.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A dataset, input or configuration file has problems; every problem is listed.
    Invalid {
        /// What was being loaded ("dataset", "input", "configuration").
        what: String,
        /// All problems found.
        diagnostics: Diagnostics,
    },
    /// The command line asked for something that cannot be done.
    Usage {
        /// What is wrong.
        message: String,
        /// How to fix it.
        hint: Option<String>,
    },
    /// The user interrupted a run (Ctrl-C); what finished is journaled and can be resumed.
    Interrupted {
        /// The run directory.
        dir: PathBuf,
        /// Items recorded (in this invocation).
        done: usize,
        /// Items this invocation set out to record.
        total: usize,
    },
    /// Serializing a record failed (a bug: records are plain data).
    Serialize {
        /// What was being written.
        what: String,
        /// The underlying error.
        source: serde_json::Error,
    },
}

impl Error {
    /// Builds an [`Error::Io`].
    pub fn io(action: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            action,
            path: path.into(),
            source,
        }
    }

    /// Builds an [`Error::Usage`] without a hint.
    pub fn usage(message: impl Into<String>) -> Self {
        Error::Usage {
            message: message.into(),
            hint: None,
        }
    }

    /// Builds an [`Error::Usage`] with a hint that says what to do.
    pub fn usage_hint(message: impl Into<String>, hint: impl Into<String>) -> Self {
        Error::Usage {
            message: message.into(),
            hint: Some(hint.into()),
        }
    }

    /// The process exit code for this error (see the module docs).
    ///
    /// ```
    /// let e = goldeval::Error::usage_hint("no backend named \"gpt\"", "goldeval list backends");
    /// assert_eq!(e.exit_code(), 2);
    /// assert_eq!(e.to_string(), "no backend named \"gpt\"\n  hint: goldeval list backends");
    /// ```
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Io { .. } | Error::Invalid { .. } | Error::Usage { .. } => exit::USAGE,
            Error::Serialize { .. } => exit::USAGE,
            Error::Interrupted { .. } => exit::INTERRUPTED,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Io {
                action,
                path,
                source,
            } => write!(f, "{action} {}: {source}", path.display()),
            Error::Invalid { what, diagnostics } => {
                let n = diagnostics.len();
                let s = if n == 1 { "" } else { "s" };
                write!(f, "{what} has {n} problem{s}:\n{diagnostics}")
            }
            Error::Usage { message, hint } => {
                write!(f, "{message}")?;
                if let Some(hint) = hint {
                    write!(f, "\n  hint: {hint}")?;
                }
                Ok(())
            }
            Error::Serialize { what, source } => write!(f, "writing {what}: {source}"),
            Error::Interrupted { dir, done, total } => write!(
                f,
                "interrupted after {done} of {total} items; they are saved in {}\n  hint: finish the run with: goldeval run --resume {}",
                dir.display(),
                dir.display()
            ),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            Error::Serialize { source, .. } => Some(source),
            Error::Invalid { .. } | Error::Usage { .. } | Error::Interrupted { .. } => None,
        }
    }
}

impl Diagnostics {
    /// `value` when nothing was reported, otherwise [`Error::Invalid`] listing
    /// every problem found in `what` (such as `input path/to/file.jsonl`).
    ///
    /// # Errors
    /// [`Error::Invalid`] when any diagnostic was reported.
    pub fn into_result<T>(self, what: impl Into<String>, value: T) -> Result<T> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(Error::Invalid {
                what: what.into(),
                diagnostics: self,
            })
        }
    }
}

/// `Result` with goldeval's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostic;

    #[test]
    fn io_error_names_action_and_path() {
        let e = Error::io(
            "reading",
            "/nope/qa.jsonl",
            std::io::Error::new(std::io::ErrorKind::NotFound, "No such file or directory"),
        );
        assert_eq!(
            e.to_string(),
            "reading /nope/qa.jsonl: No such file or directory"
        );
        assert_eq!(e.exit_code(), exit::USAGE);
    }

    #[test]
    fn invalid_lists_every_problem() {
        let mut d = Diagnostics::new();
        d.push(Diagnostic::new("qa.jsonl", Some(1), "id", "missing"));
        d.push(Diagnostic::new(
            "qa.jsonl",
            Some(3),
            "kind",
            "unknown kind \"x\"",
        ));
        let e = Error::Invalid {
            what: "dataset datasets/x".into(),
            diagnostics: d,
        };
        assert_eq!(
            e.to_string(),
            "dataset datasets/x has 2 problems:\nqa.jsonl:1: id: missing\nqa.jsonl:3: kind: unknown kind \"x\""
        );
    }
}
