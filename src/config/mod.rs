//! `goldeval.toml`: the user's configuration, today the `[[backend]]` entries that
//! `--backend NAME` selects.
//!
//! The file is read from the working directory, or from `--config FILE`. Every key is
//! checked: an unknown key, a key that does not apply to the entry's `kind`, a duplicated
//! name or a missing required key is reported as `file:line: field: message` (exit code 2).
//!
//! ```toml
//! [[backend]]
//! name = "last-week"
//! kind = "replay"
//! path = "runs/2025-05-12T09-00-00Z-1a2b3c"
//! backend = "textrank"
//! ```

mod resolve;

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::error::{Error, Result};

pub use resolve::{resolve, Resolved};

/// The configuration file read from the working directory when `--config` is not given.
pub const FILE: &str = "goldeval.toml";

/// A parsed `goldeval.toml`.
#[derive(Debug, Default)]
pub struct Config {
    /// The file it was read from (`None` when there was no file).
    pub path: Option<PathBuf>,
    /// The configured backends, in file order.
    pub backends: Vec<BackendEntry>,
}

/// What kind of backend a `[[backend]]` entry configures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A built-in baseline under another name (`builtin = "lead"`).
    Builtin,
    /// Recorded outputs (`path`, optional `backend`).
    Replay,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::Builtin => "builtin",
            Kind::Replay => "replay",
        }
    }

    /// The keys an entry of this kind may set (besides `name` and `kind`), and which of
    /// them are required.
    fn keys(self) -> (&'static [&'static str], &'static [&'static str]) {
        match self {
            Kind::Builtin => (&["builtin"], &["builtin"]),
            Kind::Replay => (&["path", "backend"], &["path"]),
        }
    }
}

/// One `[[backend]]` entry.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackendEntry {
    /// The name `--backend` and reports use.
    pub name: String,
    /// What kind of backend this is.
    pub kind: Kind,
    /// `builtin`: which built-in baseline (`goldeval list backends`).
    pub builtin: Option<String>,
    /// `replay`: recorded outputs (JSON lines) or a previous run directory; relative paths
    /// are relative to the configuration file's directory.
    pub path: Option<PathBuf>,
    /// `replay`: which backend's outputs to take from a run directory.
    pub backend: Option<String>,
    /// The 1-based line of the `[[backend]]` header, for messages.
    #[serde(skip)]
    pub line: Option<usize>,
}

impl BackendEntry {
    /// The keys this entry sets, besides `name` and `kind`.
    fn set_keys(&self) -> Vec<&'static str> {
        let mut keys = Vec::new();
        if self.builtin.is_some() {
            keys.push("builtin");
        }
        if self.path.is_some() {
            keys.push("path");
        }
        if self.backend.is_some() {
            keys.push("backend");
        }
        keys
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    backend: Vec<toml::Spanned<BackendEntry>>,
}

impl Config {
    /// Reads `explicit` when given (it must exist), else `goldeval.toml` in the working
    /// directory when there is one, else an empty configuration.
    ///
    /// # Errors
    /// [`Error::Io`] when a file cannot be read, [`Error::Invalid`] with every problem.
    pub fn discover(explicit: Option<&Path>) -> Result<Config> {
        match explicit {
            Some(path) => Config::load(path),
            None if Path::new(FILE).is_file() => Config::load(Path::new(FILE)),
            None => Ok(Config::default()),
        }
    }

    /// Reads and checks one configuration file.
    ///
    /// # Errors
    /// [`Error::Io`] when it cannot be read, [`Error::Invalid`] with every problem.
    pub fn load(path: &Path) -> Result<Config> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io("reading", path, e))?;
        Config::parse(path, &text).map_err(|diagnostics| Error::Invalid {
            what: format!("configuration {}", path.display()),
            diagnostics,
        })
    }

    /// Parses configuration `text` read from `path`; relative paths in it are resolved
    /// against `path`'s directory.
    ///
    /// # Errors
    /// Every problem found, as diagnostics.
    pub fn parse(path: &Path, text: &str) -> std::result::Result<Config, Diagnostics> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let mut d = Diagnostics::new();
            d.push(crate::dataset::toml_diagnostic(path, text, &e));
            d
        })?;
        let base = path.parent().unwrap_or(Path::new(""));
        let line_of = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
        let mut backends: Vec<BackendEntry> = Vec::new();
        let mut diagnostics = Diagnostics::new();
        for spanned in raw.backend {
            let line = line_of(spanned.span().start);
            let mut entry = spanned.into_inner();
            entry.line = Some(line);
            entry.path = entry.path.map(|p| base.join(p));
            check_entry(path, &entry, &backends, &mut diagnostics);
            backends.push(entry);
        }
        if diagnostics.is_empty() {
            Ok(Config {
                path: Some(path.to_path_buf()),
                backends,
            })
        } else {
            Err(diagnostics)
        }
    }

    /// The entry named `name`.
    pub fn backend(&self, name: &str) -> Option<&BackendEntry> {
        self.backends.iter().find(|b| b.name == name)
    }
}

fn check_entry(
    file: &Path,
    entry: &BackendEntry,
    earlier: &[BackendEntry],
    diagnostics: &mut Diagnostics,
) {
    let at = |field: &str, message: String| Diagnostic::new(file, entry.line, field, message);
    let (allowed, required) = entry.kind.keys();
    let kind = entry.kind.as_str();
    for key in entry.set_keys() {
        if !allowed.contains(&key) {
            diagnostics.push(
                at(key, format!("`{key}` does not apply to kind \"{kind}\""))
                    .with_hint(format!("keys of kind \"{kind}\": {}", allowed.join(", "))),
            );
        }
    }
    let set = entry.set_keys();
    for key in required {
        if !set.contains(key) {
            diagnostics.push(at(
                key,
                format!("missing `{key}` (required for kind \"{kind}\")"),
            ));
        }
    }
    check_name(entry, earlier, &at, diagnostics);
}

fn check_name(
    entry: &BackendEntry,
    earlier: &[BackendEntry],
    at: &dyn Fn(&str, String) -> Diagnostic,
    diagnostics: &mut Diagnostics,
) {
    let name = &entry.name;
    if name.is_empty() || name.contains(':') || name.chars().any(char::is_whitespace) {
        diagnostics.push(at(
            "name",
            format!("invalid backend name \"{name}\": must be non-empty, without spaces or `:`"),
        ));
    } else if crate::backend::builtins().iter().any(|b| b.name() == name) {
        diagnostics.push(
            at(
                "name",
                format!("\"{name}\" is the name of a built-in backend"),
            )
            .with_hint("choose another name; built-ins are always available by their own name"),
        );
    } else if let Some(first) = earlier.iter().find(|b| &b.name == name) {
        let line = first
            .line
            .map_or(String::new(), |l| format!(" (first on line {l})"));
        diagnostics.push(at(
            "name",
            format!("duplicate backend name \"{name}\"{line}"),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> std::result::Result<Config, String> {
        Config::parse(Path::new("conf/goldeval.toml"), text).map_err(|d| d.to_string())
    }

    #[test]
    fn entries_parse_with_lines_and_paths_relative_to_the_file() {
        let config = parse(
            "# comment\n[[backend]]\nname = \"old\"\nkind = \"replay\"\npath = \"runs/a\"\n\n[[backend]]\nname = \"lead2\"\nkind = \"builtin\"\nbuiltin = \"lead\"\n",
        )
        .unwrap();
        assert_eq!(config.backends.len(), 2);
        let old = config.backend("old").unwrap();
        assert_eq!(old.line, Some(2));
        assert_eq!(old.path.as_deref(), Some(Path::new("conf/runs/a")));
        assert_eq!(config.backend("lead2").unwrap().kind, Kind::Builtin);
    }

    #[test]
    fn unknown_keys_are_errors_with_line_and_field() {
        let error =
            parse("[[backend]]\nname = \"x\"\nkind = \"replay\"\npth = \"a\"\n").unwrap_err();
        assert!(
            error.starts_with("conf/goldeval.toml:4: pth: unknown field `pth`"),
            "{error}"
        );
        let top = parse("[[backends]]\nname = \"x\"\n").unwrap_err();
        assert!(
            top.contains(": backends: unknown field `backends`"),
            "{top}"
        );
        let kind = parse("[[backend]]\nname = \"x\"\nkind = \"shell\"\n").unwrap_err();
        assert!(kind.contains("goldeval.toml:3: "), "{kind}");
        assert!(kind.contains("unknown variant `shell`"), "{kind}");
    }

    #[test]
    fn keys_of_other_kinds_missing_keys_and_bad_names_are_all_reported() {
        let error = parse(
            "[[backend]]\nname = \"a\"\nkind = \"builtin\"\npath = \"p\"\n[[backend]]\nname = \"a\"\nkind = \"replay\"\n[[backend]]\nname = \"lead\"\nkind = \"builtin\"\nbuiltin = \"lead\"\n",
        )
        .unwrap_err();
        let lines: Vec<&str> = error.lines().filter(|l| !l.starts_with("  hint")).collect();
        assert_eq!(
            lines,
            [
                "conf/goldeval.toml:1: path: `path` does not apply to kind \"builtin\"",
                "conf/goldeval.toml:1: builtin: missing `builtin` (required for kind \"builtin\")",
                "conf/goldeval.toml:5: path: missing `path` (required for kind \"replay\")",
                "conf/goldeval.toml:5: name: duplicate backend name \"a\" (first on line 1)",
                "conf/goldeval.toml:8: name: \"lead\" is the name of a built-in backend",
            ]
        );
    }
}
