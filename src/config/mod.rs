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

mod check_defaults;
mod check_openai;
mod entries;
mod name;
mod threshold;

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::error::{Error, Result};

pub use check_defaults::{CheckDefaults, CheckEntry};
pub use entries::{CommandMode, Prices, PromptsEntry};
pub use name::{check_name, MAX_NAME_LEN};
pub use threshold::{task_word, Threshold};

/// The configuration file read from the working directory when `--config` is not given.
pub const FILE: &str = "goldeval.toml";

/// A parsed `goldeval.toml`.
#[derive(Debug, Default)]
pub struct Config {
    /// The file it was read from (`None` when there was no file).
    pub path: Option<PathBuf>,
    /// The configured backends, in file order.
    pub backends: Vec<BackendEntry>,
    /// Default gates of `goldeval check` (the `[check]` table).
    pub check: CheckDefaults,
}

/// What kind of backend a `[[backend]]` entry configures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A built-in baseline under another name (`builtin = "lead"`).
    Builtin,
    /// Recorded outputs (`path`, optional `backend`).
    Replay,
    /// An external program (`command`, optional `mode`, `timeout_secs`, `tasks`).
    Command,
    /// An OpenAI-compatible chat-completions server (`base_url`, `model`, ...).
    #[serde(rename = "openai")]
    OpenAi,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::Builtin => "builtin",
            Kind::Replay => "replay",
            Kind::Command => "command",
            Kind::OpenAi => "openai",
        }
    }

    /// The keys an entry of this kind may set (besides `name` and `kind`), and which of
    /// them are required.
    fn keys(self) -> (&'static [&'static str], &'static [&'static str]) {
        match self {
            Kind::Builtin => (&["builtin"], &["builtin"]),
            Kind::Replay => (&["path", "backend"], &["path"]),
            Kind::Command => (
                &[
                    "command",
                    "mode",
                    "timeout_secs",
                    "tasks",
                    "max_output_bytes",
                ],
                &["command"],
            ),
            Kind::OpenAi => (
                &[
                    "base_url",
                    "model",
                    "api_key_env",
                    "temperature",
                    "max_tokens",
                    "seed",
                    "headers",
                    "prompts",
                    "prices",
                    "timeout_secs",
                    "tasks",
                    "max_output_bytes",
                    "max_retry_after_secs",
                ],
                &["base_url", "model"],
            ),
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
    /// `command`: program and arguments, e.g. `["python3", "examples/command_backend.py"]`;
    /// run directly (no shell), in the working directory.
    pub command: Option<Vec<String>>,
    /// `command`: `"per-item"` (default) or `"stream"`.
    pub mode: Option<CommandMode>,
    /// `command`: seconds one request may take (default 60).
    pub timeout_secs: Option<f64>,
    /// `command`: the tasks the program handles (default both: `"summarize"`, `"answer"`).
    pub tasks: Option<Vec<crate::dataset::Task>>,
    /// `command`, `openai`: the most output one response may take, in bytes (default 10 MiB):
    /// a command's stdout (per-item) or one line of it (stream), an HTTP response body.
    pub max_output_bytes: Option<u64>,
    /// `openai`: the API root, e.g. `"https://api.openai.com/v1"`.
    pub base_url: Option<String>,
    /// `openai`: the model name sent with each request.
    pub model: Option<String>,
    /// `openai`: the NAME of the environment variable holding the API key (never the key).
    pub api_key_env: Option<String>,
    /// `openai`: sampling temperature.
    pub temperature: Option<f64>,
    /// `openai`: completion token limit.
    pub max_tokens: Option<u32>,
    /// `openai`: sampling seed.
    pub seed: Option<u64>,
    /// `openai`: extra HTTP headers.
    pub headers: Option<std::collections::BTreeMap<String, String>>,
    /// `openai`: prompt templates (`system`, `summarize`, `answer`).
    pub prompts: Option<PromptsEntry>,
    /// `openai`: prices per million tokens, for the cost of each item.
    pub prices: Option<Prices>,
    /// `openai`: the longest wait, in seconds, for a server's `Retry-After` before a retry
    /// (default 120); a longer `Retry-After` is cut to this.
    pub max_retry_after_secs: Option<f64>,
    /// Any kind: at most this many requests per minute to this backend.
    pub requests_per_minute: Option<f64>,
    /// Any kind: at most this many tokens (prompt + completion, as reported) per minute.
    pub tokens_per_minute: Option<f64>,
    /// Any kind: at most this many requests in flight to this backend.
    pub max_concurrency: Option<usize>,
    /// Any kind: retries of a request that failed with a retryable error (connection error,
    /// HTTP 429 or 5xx), with exponential backoff and jitter; 0 means none.
    pub max_retries: Option<u32>,
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
        let command = [
            ("command", self.command.is_some()),
            ("mode", self.mode.is_some()),
            ("timeout_secs", self.timeout_secs.is_some()),
            ("tasks", self.tasks.is_some()),
            ("max_output_bytes", self.max_output_bytes.is_some()),
        ];
        keys.extend(command.into_iter().filter(|(_, set)| *set).map(|(k, _)| k));
        let openai = [
            ("base_url", self.base_url.is_some()),
            ("model", self.model.is_some()),
            ("api_key_env", self.api_key_env.is_some()),
            ("temperature", self.temperature.is_some()),
            ("max_tokens", self.max_tokens.is_some()),
            ("seed", self.seed.is_some()),
            ("headers", self.headers.is_some()),
            ("prompts", self.prompts.is_some()),
            ("prices", self.prices.is_some()),
            ("max_retry_after_secs", self.max_retry_after_secs.is_some()),
        ];
        keys.extend(openai.into_iter().filter(|(_, set)| *set).map(|(k, _)| k));
        keys
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    backend: Vec<toml::Spanned<BackendEntry>>,
    #[serde(default)]
    check: Option<toml::Spanned<CheckEntry>>,
}

impl Config {
    /// Reads `explicit` when given (it must exist), else `goldeval.toml` in the working
    /// directory when there is one, else an empty configuration.
    ///
    /// # Errors
    /// [`Error::Io`] when a file cannot be read, [`Error::Invalid`] with every problem.
    pub fn discover(explicit: Option<&Path>, reserved: &[&str]) -> Result<Config> {
        match explicit {
            Some(path) => Config::load(path, reserved),
            None if Path::new(FILE).is_file() => Config::load(Path::new(FILE), reserved),
            None => Ok(Config::default()),
        }
    }

    /// Reads and checks one configuration file.
    ///
    /// # Errors
    /// [`Error::Io`] when it cannot be read, [`Error::Invalid`] with every problem.
    pub fn load(path: &Path, reserved: &[&str]) -> Result<Config> {
        let what = format!("configuration {}", path.display());
        let text = crate::dataset::jsonl::read_text(path, &what)?;
        Config::parse(path, &text, reserved).map_err(|diagnostics| Error::Invalid {
            what: format!("configuration {}", path.display()),
            diagnostics,
        })
    }

    /// Parses configuration `text` read from `path`; relative paths in it are resolved
    /// against `path`'s directory.
    ///
    /// # Errors
    /// Every problem found, as diagnostics.
    pub fn parse(
        path: &Path,
        text: &str,
        reserved: &[&str],
    ) -> std::result::Result<Config, Diagnostics> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let mut d = Diagnostics::new();
            d.push(toml_diagnostic(path, text, &e));
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
            check_entry(path, &entry, &backends, reserved, &mut diagnostics);
            backends.push(entry);
        }
        let check = raw
            .check
            .map(|spanned| {
                let line = line_of(spanned.span().start);
                spanned.into_inner().resolve(path, line, &mut diagnostics)
            })
            .unwrap_or_default();
        if diagnostics.is_empty() {
            Ok(Config {
                path: Some(path.to_path_buf()),
                backends,
                check,
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

/// A TOML error as a diagnostic. For a bad value (`mode = "batch"`) the field is the key on
/// the error's line, not the word the message quotes.
fn toml_diagnostic(path: &Path, text: &str, e: &toml::de::Error) -> Diagnostic {
    let mut diagnostic = crate::dataset::toml_diagnostic(path, text, e);
    if e.message().starts_with("unknown field") {
        return diagnostic;
    }
    let line = e.span().and_then(|span| {
        let start = text[..span.start.min(text.len())]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        text[start..].lines().next()
    });
    let key = line
        .and_then(|l| l.split_once('='))
        .map(|(k, _)| k.trim())
        .filter(|k| !k.is_empty() && !k.contains(' ') && !k.starts_with('['));
    if let Some(key) = key {
        diagnostic.field = key.to_string();
    }
    diagnostic
}

fn check_entry(
    file: &Path,
    entry: &BackendEntry,
    earlier: &[BackendEntry],
    reserved: &[&str],
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
    check_command(entry, &at, diagnostics);
    check_openai::check(entry, &at, diagnostics);
    for (key, rate) in [
        ("requests_per_minute", entry.requests_per_minute),
        ("tokens_per_minute", entry.tokens_per_minute),
    ] {
        if rate.is_some_and(|r| !(r.is_finite() && r > 0.0)) {
            diagnostics.push(at(key, "must be a positive number".into()));
        }
    }
    if entry.max_concurrency == Some(0) {
        diagnostics.push(at(
            "max_concurrency",
            "must be at least 1 (leave it out for no limit)".into(),
        ));
    }
    check_entry_name(entry, earlier, reserved, &at, diagnostics);
}

fn check_command(
    entry: &BackendEntry,
    at: &dyn Fn(&str, String) -> Diagnostic,
    diagnostics: &mut Diagnostics,
) {
    if entry.command.as_ref().is_some_and(|c| c.is_empty()) {
        diagnostics.push(
            at("command", "must name a program".into())
                .with_hint("command = [\"python3\", \"examples/command_backend.py\"]"),
        );
    }
    if let Some(secs) = entry.timeout_secs {
        if !(secs.is_finite() && secs > 0.0 && secs <= 86_400.0) {
            diagnostics.push(at(
                "timeout_secs",
                format!("must be a number of seconds in (0, 86400], not {secs}"),
            ));
        }
    }
    if entry.tasks.as_ref().is_some_and(|t| t.is_empty()) {
        diagnostics.push(at("tasks", "must list at least one task".into()));
    }
    if entry.max_output_bytes == Some(0) {
        diagnostics.push(
            at("max_output_bytes", "must be at least 1".into())
                .with_hint("leave it out for the default, 10485760 (10 MiB)"),
        );
    }
}

fn check_entry_name(
    entry: &BackendEntry,
    earlier: &[BackendEntry],
    reserved: &[&str],
    at: &dyn Fn(&str, String) -> Diagnostic,
    diagnostics: &mut Diagnostics,
) {
    let name = &entry.name;
    if let Err(why) = check_name(name).and_then(|()| {
        if name.contains(':') {
            Err(format!(
                "{name:?} contains `:`, which separates a run from a backend (RUN:BACKEND) and \
                 names replay:FILE backends"
            ))
        } else {
            Ok(())
        }
    }) {
        diagnostics.push(
            at("name", format!("invalid backend name: {why}"))
                .with_hint("a backend name becomes the file name of its golden: use letters, digits and . _ : -"),
        );
    } else if reserved.contains(&name.as_str()) {
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
        Config::parse(Path::new("conf/goldeval.toml"), text, &["lead"]).map_err(|d| d.to_string())
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

    #[test]
    fn command_entries_are_checked() {
        let ok = parse(
            "[[backend]]\nname = \"py\"\nkind = \"command\"\ncommand = [\"python3\", \"x.py\"]\nmode = \"stream\"\ntimeout_secs = 2.5\ntasks = [\"answer\"]\n",
        )
        .unwrap();
        let py = ok.backend("py").unwrap();
        assert_eq!(py.mode, Some(CommandMode::Stream));
        assert_eq!(
            py.tasks.as_deref(),
            Some(&[crate::dataset::Task::Answer][..])
        );
        let error = parse(
            "[[backend]]\nname = \"a\"\nkind = \"command\"\ncommand = []\ntimeout_secs = 0\ntasks = []\n[[backend]]\nname = \"b\"\nkind = \"replay\"\npath = \"p\"\nmode = \"stream\"\n",
        )
        .unwrap_err();
        let lines: Vec<&str> = error.lines().filter(|l| !l.starts_with("  hint")).collect();
        assert_eq!(
            lines,
            [
                "conf/goldeval.toml:1: command: must name a program",
                "conf/goldeval.toml:1: timeout_secs: must be a number of seconds in (0, 86400], not 0",
                "conf/goldeval.toml:1: tasks: must list at least one task",
                "conf/goldeval.toml:7: mode: `mode` does not apply to kind \"replay\"",
            ]
        );
        let mode = parse(
            "[[backend]]\nname = \"a\"\nkind = \"command\"\ncommand = [\"x\"]\nmode = \"batch\"\n",
        )
        .unwrap_err();
        assert!(
            mode.contains("conf/goldeval.toml:5: mode: unknown variant `batch`"),
            "{mode}"
        );
    }

    /// Issue 12, items 10 and 13: output and `Retry-After` limits, checked with file:line.
    #[test]
    fn output_and_retry_after_limits_are_checked() {
        let ok = parse("[[backend]]\nname = \"c\"\nkind = \"command\"\ncommand = [\"x\"]\nmax_output_bytes = 1000\n[[backend]]\nname = \"m\"\nkind = \"openai\"\nbase_url = \"http://x\"\nmodel = \"t\"\nmax_output_bytes = 5\nmax_retry_after_secs = 0.5\n")
            .unwrap();
        assert_eq!(ok.backend("c").unwrap().max_output_bytes, Some(1000));
        assert_eq!(ok.backend("m").unwrap().max_retry_after_secs, Some(0.5));
        let error = parse("[[backend]]\nname = \"c\"\nkind = \"command\"\ncommand = [\"x\"]\nmax_output_bytes = 0\nmax_retry_after_secs = 5\n[[backend]]\nname = \"m\"\nkind = \"openai\"\nbase_url = \"http://x\"\nmodel = \"t\"\nmax_retry_after_secs = 86401\n")
            .unwrap_err();
        let lines: Vec<&str> = error.lines().filter(|l| !l.starts_with("  hint")).collect();
        assert_eq!(
            lines,
            [
                "conf/goldeval.toml:1: max_retry_after_secs: `max_retry_after_secs` does not apply to kind \"command\"",
                "conf/goldeval.toml:1: max_output_bytes: must be at least 1",
                "conf/goldeval.toml:7: max_retry_after_secs: must be a number of seconds in [0, 86400], not 86401",
            ]
        );
    }

    #[test]
    fn limits_apply_to_every_kind_and_zero_concurrency_is_refused() {
        let ok = parse("[[backend]]\nname = \"l\"\nkind = \"builtin\"\nbuiltin = \"lead\"\nmax_concurrency = 2\nmax_retries = 0\n")
            .unwrap();
        let l = ok.backend("l").unwrap();
        assert_eq!((l.max_concurrency, l.max_retries), (Some(2), Some(0)));
        let error = parse(
            "[[backend]]\nname = \"l\"\nkind = \"replay\"\npath = \"p\"\nmax_concurrency = 0\n",
        )
        .unwrap_err();
        assert!(
            error.starts_with("conf/goldeval.toml:1: max_concurrency: must be at least 1"),
            "{error}"
        );
        let rates = parse("[[backend]]\nname = \"l\"\nkind = \"builtin\"\nbuiltin = \"lead\"\nrequests_per_minute = 0\ntokens_per_minute = 90000\n")
            .unwrap_err();
        assert_eq!(
            rates.trim(),
            "conf/goldeval.toml:1: requests_per_minute: must be a positive number"
        );
    }

    #[test]
    fn openai_entries_are_checked_and_a_key_in_api_key_env_is_not_echoed() {
        let https = parse("[[backend]]\nname = \"m\"\nkind = \"openai\"\nbase_url = \"https://api.openai.com/v1\"\nmodel = \"x\"\n");
        if cfg!(feature = "https") {
            assert!(https.is_ok());
        } else {
            let error = https.unwrap_err();
            assert!(
                error
                    .contains("base_url: https:// needs a goldeval built with the `https` feature"),
                "{error}"
            );
        }
        let ok = parse("[[backend]]\nname = \"m\"\nkind = \"openai\"\nbase_url = \"http://127.0.0.1:8000/v1\"\nmodel = \"tiny\"\napi_key_env = \"OPENAI_API_KEY\"\nheaders = { \"X-A\" = \"b\" }\nprompts = { system = \"Be brief.\" }\nprices = { input_per_million = 0.5, output_per_million = 1.5 }\nmax_retries = 3\n")
            .unwrap();
        let m = ok.backend("m").unwrap();
        assert_eq!(m.kind, Kind::OpenAi);
        assert_eq!(
            m.prompts.as_ref().unwrap().system.as_deref().unwrap(),
            "Be brief."
        );
        let error = parse("[[backend]]\nname = \"m\"\nkind = \"openai\"\nbase_url = \"api.example.com\"\napi_key_env = \"sk-abc123SECRET\"\ntemperature = 3.0\nprompts = { answer = \"{documents}\" }\ncommand = [\"x\"]\n")
            .unwrap_err();
        assert!(!error.contains("SECRET"), "{error}");
        let lines: Vec<&str> = error.lines().filter(|l| !l.starts_with("  hint")).collect();
        assert_eq!(
            lines,
            [
                "conf/goldeval.toml:1: command: `command` does not apply to kind \"openai\"",
                "conf/goldeval.toml:1: model: missing `model` (required for kind \"openai\")",
                "conf/goldeval.toml:1: base_url: must start with http:// or https://, not \"api.example.com\"",
                "conf/goldeval.toml:1: api_key_env: must be the name of an environment variable (letters, digits, _), not a key",
                "conf/goldeval.toml:1: temperature: must be in [0, 2], not 3",
                "conf/goldeval.toml:1: prompts.answer: the template has no {question} placeholder",
            ]
        );
        let unknown = parse("[[backend]]\nname = \"m\"\nkind = \"openai\"\nbase_url = \"http://x\"\nmodel = \"t\"\nprompts = { user = \"x\" }\n")
            .unwrap_err();
        assert!(unknown.contains("unknown field `user`"), "{unknown}");
    }
}
