//! Reading record files back: JSON documents (`run.json`, `summary.json`, `plan.json`) and
//! the format check every reader applies.
//!
//! A file written by a newer format is refused with the versions on both sides; a file of an
//! older format is read through `record/migrate.rs` and reported as a warning by the caller.

use std::path::Path;

use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::FORMAT_VERSION;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::error::{Error, Result};

/// Reads one JSON document (a UTF-8 byte-order mark is skipped).
///
/// # Errors
/// [`Error::Io`] when the file cannot be read; [`Error::Invalid`] with the line and field of
/// what does not parse.
pub fn read_json<T: DeserializeOwned>(path: &Path, what: &str) -> Result<T> {
    let bytes = std::fs::read(path).map_err(|e| Error::io("reading", path, e))?;
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        invalid(
            what,
            Diagnostic::new(path, Some(line), "-", "not valid UTF-8"),
        )
    })?;
    let mut de = serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize::<_, T>(&mut de).map_err(|e| {
        let field = e.path().to_string();
        let inner = e.into_inner();
        invalid(
            what,
            Diagnostic::new(path, Some(inner.line()), field, strip_position(&inner)),
        )
    })?;
    de.end().map_err(|e| {
        invalid(
            what,
            Diagnostic::new(path, Some(e.line()), "-", strip_position(&e)),
        )
    })?;
    Ok(value)
}

/// The format fields of any record file, read before the rest.
#[derive(Deserialize)]
struct Versions {
    format_version: Option<u32>,
    golden_version: Option<u32>,
    goldeval_version: Option<String>,
}

/// Refuses a file written by a newer format than `supported`; returns the file's version.
///
/// # Errors
/// [`Error::Invalid`] saying which goldeval wrote it and what this build reads.
pub fn check_version(
    path: &Path,
    what: &str,
    found: u32,
    writer: Option<&str>,
    supported: u32,
) -> Result<u32> {
    if found <= supported && found > 0 {
        return Ok(found);
    }
    let writer = writer.map_or_else(
        || "a newer goldeval".to_string(),
        |w| format!("goldeval {w}"),
    );
    let message = if found == 0 {
        "format version 0 does not exist".to_string()
    } else {
        format!(
            "written by {writer} in format {found}; this build (goldeval {}) reads formats up to {supported}",
            env!("CARGO_PKG_VERSION")
        )
    };
    Err(invalid(
        what,
        Diagnostic::new(path, Some(1), "format_version", message)
            .with_hint("read it with the goldeval version that wrote it, or upgrade goldeval"),
    ))
}

/// Reads a record document, checking its `format_version` against this build's first.
///
/// # Errors
/// As [`read_json`] and [`check_version`].
pub fn read_record<T: DeserializeOwned>(path: &Path, what: &str) -> Result<(T, u32)> {
    let versions: Versions = read_json(path, what)?;
    let found = versions
        .format_version
        .or(versions.golden_version)
        .unwrap_or(0);
    let version = check_version(
        path,
        what,
        found,
        versions.goldeval_version.as_deref(),
        FORMAT_VERSION,
    )?;
    Ok((read_json(path, what)?, version))
}

/// serde_json's message without " at line L column C" (the diagnostic carries the line).
pub(crate) fn strip_position(e: &serde_json::Error) -> String {
    let full = e.to_string();
    match full.rfind(" at line ") {
        Some(pos) => full[..pos].to_string(),
        None => full,
    }
}

pub(crate) fn invalid(what: &str, diagnostic: Diagnostic) -> Error {
    let mut diagnostics = Diagnostics::new();
    diagnostics.push(diagnostic);
    Error::Invalid {
        what: what.to_string(),
        diagnostics,
    }
}

#[cfg(test)]
mod tests {
    use super::{read_json, read_record};

    #[derive(Debug, serde::Deserialize)]
    struct Doc {
        #[allow(dead_code)]
        format_version: u32,
        name: String,
    }

    #[test]
    fn a_newer_format_is_refused_with_both_versions() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("run.json");
        std::fs::write(
            &path,
            r#"{"format_version": 99, "goldeval_version": "9.0.0", "name": "x"}"#,
        )
        .unwrap();
        let err = read_record::<Doc>(&path, "run directory")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("written by goldeval 9.0.0 in format 99; this build (goldeval"),
            "{err}"
        );
        assert!(err.contains("reads formats up to"), "{err}");
    }

    #[test]
    fn a_bom_is_skipped_and_a_bad_field_is_located() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("run.json");
        std::fs::write(&path, "\u{feff}{\"format_version\": 1,\n \"name\": 3}").unwrap();
        let err = read_json::<Doc>(&path, "run directory")
            .unwrap_err()
            .to_string();
        assert!(err.contains("run.json:2: name: invalid type"), "{err}");
        std::fs::write(&path, "\u{feff}{\"format_version\": 1, \"name\": \"x\"}").unwrap();
        assert_eq!(read_json::<Doc>(&path, "run directory").unwrap().name, "x");
    }
}
