//! The secrets an `openai` backend sends (its API key and every configured header value), and
//! their removal from everything the backend returns: output text and error messages alike,
//! before anything is journaled, cached, scored or reported.

use super::{BackendError, Output};

/// What a secret is replaced with.
pub const MARK: &str = "[redacted]";

/// Secret values to cut out of texts. `Debug` shows how many, never the values.
#[derive(Clone, Default)]
pub struct Secrets(Vec<String>);

impl std::fmt::Debug for Secrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Secrets({} values)", self.0.len())
    }
}

impl Secrets {
    /// The non-empty `values`, longest first (so a secret that contains another is cut out
    /// whole).
    pub fn new(values: impl IntoIterator<Item = String>) -> Secrets {
        let mut values: Vec<String> = values.into_iter().filter(|v| !v.is_empty()).collect();
        values.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        values.dedup();
        Secrets(values)
    }

    /// `text` with every secret replaced by [`MARK`], and whether any was found. The one
    /// redaction of the crate: outputs and error messages both go through it.
    pub fn redact(&self, text: String) -> (String, bool) {
        let mut text = text;
        let mut found = false;
        for secret in &self.0 {
            if text.contains(secret.as_str()) {
                text = text.replace(secret.as_str(), MARK);
                found = true;
            }
        }
        (text, found)
    }

    /// `output` with its text redacted; marked `redacted` when a secret was cut out.
    pub fn redact_output(&self, output: Output) -> Output {
        let (text, found) = self.redact(output.text);
        Output {
            text,
            redacted: output.redacted || found,
            ..output
        }
    }

    /// `error` with its message redacted.
    pub fn redact_error(&self, error: BackendError) -> BackendError {
        let (message, _) = self.redact(error.message);
        BackendError { message, ..error }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::ErrorKind;

    #[test]
    fn every_secret_is_cut_out_of_outputs_and_errors_alike() {
        let secrets = Secrets::new(["sk-abc".to_string(), "sk-abc-long".into(), String::new()]);
        assert_eq!(format!("{secrets:?}"), "Secrets(2 values)");
        let out = secrets.redact_output(Output::text("key sk-abc-long and sk-abc."));
        assert_eq!(out.text, "key [redacted] and [redacted].");
        assert!(out.redacted);
        let clean = secrets.redact_output(Output::text("nothing here"));
        assert!(!clean.redacted && clean.text == "nothing here");
        let error = secrets.redact_error(BackendError::new(ErrorKind::HttpStatus, "bad sk-abc"));
        assert_eq!(error.message, "bad [redacted]");
        let none = Secrets::default().redact("sk-abc".into());
        assert_eq!(none, ("sk-abc".to_string(), false));
    }
}
