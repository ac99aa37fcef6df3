//! [`ErrorKind`]: the class of a backend failure, written to `items.jsonl` as a short string.
//!
//! Every kind is documented in the error-kind table of `docs/backends.md` (what causes it and
//! whether the runner retries it); a test below fails when a kind is missing there.

/// Declares the kinds with their wire strings, so [`ErrorKind::ALL`] and
/// [`ErrorKind::as_str`] cannot miss a variant.
macro_rules! error_kinds {
    ($( $(#[doc = $doc:literal])* $variant:ident = $wire:literal, )*) => {
        /// Why a backend produced no output for an item; [`ErrorKind::as_str`] is the string
        /// `items.jsonl` records (`error.kind`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum ErrorKind {
            $( $(#[doc = $doc])* $variant, )*
        }

        impl ErrorKind {
            /// Every kind, in declaration order.
            pub const ALL: &'static [ErrorKind] = &[$(ErrorKind::$variant),*];

            /// The wire string (`timeout`, `http_status`, ...).
            pub fn as_str(self) -> &'static str {
                match self {
                    $(ErrorKind::$variant => $wire,)*
                }
            }
        }
    };
}

error_kinds! {
    /// A built-in was asked for a task it does not do.
    UnsupportedTask = "unsupported_task",
    /// `extractive-qa` was asked to answer without a question.
    MissingQuestion = "missing_question",
    /// `oracle` was asked to summarize an item without gold references.
    MissingReferences = "missing_references",
    /// Replay: no recorded output for the item.
    Missing = "missing",
    /// Replay: the recorded outputs could not be read, or a recorded error has a kind this
    /// build does not know.
    Replay = "replay",
    /// A request could not be encoded (a bug).
    Internal = "internal",
    /// Command: the program could not be started.
    SpawnFailed = "spawn_failed",
    /// Command: a per-item program exited with a non-zero status.
    ExitStatus = "exit_status",
    /// No (complete) response within `timeout_secs`.
    Timeout = "timeout",
    /// Command: stdout is not one JSON response (a line that does not parse, in stream mode).
    MalformedOutput = "malformed_output",
    /// Command: a stream process exited with requests in flight.
    Crashed = "crashed",
    /// Command: the program's own `{"error": ...}`.
    ProgramError = "program_error",
    /// Command: a second request for an item already in flight (stream mode).
    DuplicateInFlight = "duplicate_in_flight",
    /// More than `max_output_bytes` of output (a command's stdout, a line of a stream, or an
    /// HTTP response body).
    OutputTooLarge = "output_too_large",
    /// Command: the output is not valid UTF-8.
    InvalidUtf8 = "invalid_utf8",
    /// Command: the reply's `id` is not the request's (per-item), or matches no request in
    /// flight (stream).
    WrongId = "wrong_id",
    /// HTTP: connection refused, reset or closed early, or a truncated body.
    Connection = "connection",
    /// HTTP 429.
    RateLimited = "rate_limited",
    /// HTTP 5xx.
    ServerError = "server_error",
    /// Any other HTTP status but a redirect.
    HttpStatus = "http_status",
    /// HTTP 3xx: the server redirects; the request is not sent again anywhere.
    Redirect = "redirect",
    /// A 2xx whose body is not a chat completion.
    MalformedResponse = "malformed_response",
    /// `api_key_env` names an unset or empty variable.
    MissingApiKey = "missing_api_key",
    /// Any other failure of the HTTP client (an invalid URL or header, say).
    HttpClient = "http_client",
    /// Ctrl-C or SIGTERM ended a wait of the runner (a retry, `Retry-After`, a rate budget).
    /// Never recorded: the item is left out of `items.jsonl` and `--resume` runs it again.
    Interrupted = "interrupted",
}

impl ErrorKind {
    /// The kind whose wire string is `wire`, if this build knows it.
    pub fn from_wire(wire: &str) -> Option<ErrorKind> {
        ErrorKind::ALL.iter().copied().find(|k| k.as_str() == wire)
    }
}

impl std::fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::ErrorKind;

    #[test]
    fn wire_strings_are_distinct_and_round_trip() {
        for &kind in ErrorKind::ALL {
            assert_eq!(ErrorKind::from_wire(kind.as_str()), Some(kind));
        }
        assert_eq!(ErrorKind::from_wire("http_503"), None);
    }

    /// Issue 13 ("Typed details and errors"): every kind is in docs/backends.md's error-kind
    /// table, with its cause and whether it is retried. Adding a variant without documenting
    /// it fails here.
    #[test]
    fn every_kind_is_documented_in_the_error_kind_table() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/backends.md");
        let docs = std::fs::read_to_string(path).unwrap();
        let section = docs
            .split("\n## ")
            .find(|s| s.starts_with("Error kinds"))
            .expect("docs/backends.md has an `## Error kinds` section");
        let rows: Vec<Vec<&str>> = section
            .lines()
            .filter(|l| l.starts_with("| `"))
            .map(|l| l.trim_matches('|').split(" | ").map(str::trim).collect())
            .collect();
        for &kind in ErrorKind::ALL {
            let wire = format!("`{}`", kind.as_str());
            let row = rows.iter().find(|r| r[0] == wire);
            let row = row.unwrap_or_else(|| panic!("{wire} is missing from the table"));
            assert_eq!(row.len(), 4, "kind, backends, cause, retried: {row:?}");
            assert!(row.iter().all(|cell| !cell.is_empty()), "{row:?}");
            let retried = row[3];
            assert!(
                retried.starts_with("yes") || retried.starts_with("no"),
                "{wire}: say whether it is retried: {retried:?}"
            );
        }
        assert_eq!(rows.len(), ErrorKind::ALL.len(), "no stale rows");
    }
}
