//! `dataset.toml`: what a dataset is and which file holds what.

use std::path::{Component, Path};

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, Diagnostics};

/// The parsed `dataset.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Short name, used in run files and goldens.
    pub name: String,
    /// Version of the dataset; bump it when gold data changes.
    pub version: String,
    /// One or two sentences about the dataset.
    pub description: String,
    /// Licence of the dataset's text (SPDX id).
    pub license: String,
    /// Language of the text (BCP 47), e.g. `en`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// When the dataset was created (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
    /// Where the text comes from and how it was written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_note: Option<String>,
    /// The data files, by role: `documents` (required), `qa`, `summaries`.
    pub files: Files,
}

/// The data files of a dataset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Files {
    /// The source documents.
    pub documents: FileEntry,
    /// Gold question-answer pairs, if the dataset has a QA task.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qa: Option<FileEntry>,
    /// Gold summaries, if the dataset has a summarization task.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summaries: Option<FileEntry>,
}

/// One data file: where it is and what it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileEntry {
    /// Path relative to the dataset directory.
    pub path: String,
    /// What the file holds.
    pub description: String,
}

/// Checks what the types cannot: the name is safe as a directory name (goldens live under
/// `goldens/<name>/`), and every data file is a relative path inside the dataset directory
/// that exists. Problems are reported on `dataset.toml` at the line of the key.
pub(crate) fn check(manifest: &Manifest, root: &Path, file: &Path, text: &str) -> Diagnostics {
    let mut problems = Diagnostics::new();
    let line_of = |key: &str, table: Option<&str>| {
        let mut in_table = table.is_none();
        text.lines()
            .position(|l| {
                let l = l.trim();
                if let Some(t) = table {
                    if l.starts_with('[') {
                        in_table = l.trim_matches(['[', ']', ' ']) == t;
                    }
                }
                in_table && l.split('=').next().is_some_and(|k| k.trim() == key)
            })
            .map(|i| i + 1)
    };
    if let Err(why) = crate::config::check_name(&manifest.name) {
        problems.push(
            Diagnostic::new(
                file,
                line_of("name", None),
                "name",
                format!("unsafe dataset name: {why}"),
            )
            .with_hint("the name becomes a directory of goldens/: use letters, digits and . _ : -"),
        );
    }
    let entries = [
        ("documents", Some(&manifest.files.documents)),
        ("qa", manifest.files.qa.as_ref()),
        ("summaries", manifest.files.summaries.as_ref()),
    ];
    for (role, entry) in entries {
        let Some(entry) = entry else { continue };
        let table = format!("files.{role}");
        let at = |message: String| {
            Diagnostic::new(
                file,
                line_of("path", Some(&table)),
                format!("{table}.path"),
                message,
            )
        };
        let path = Path::new(&entry.path);
        let inside = path
            .components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
        if !inside || entry.path.is_empty() {
            problems.push(
                at(format!(
                    "{:?} is not a file inside the dataset directory",
                    entry.path
                ))
                .with_hint("give a path relative to the directory of dataset.toml, without `..`"),
            );
        } else if !root.join(path).is_file() {
            problems.push(
                at(format!("{} does not exist", root.join(path).display()))
                    .with_hint("correct the path, or add the file"),
            );
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::{check, Manifest};
    use std::path::Path;

    #[test]
    fn unsafe_names_and_paths_outside_the_directory_are_located() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("docs.jsonl"), "").unwrap();
        let text = concat!(
            "name = \"../x\"\nversion = \"1\"\ndescription = \"d\"\nlicense = \"MIT\"\n\n",
            "[files.documents]\npath = \"docs.jsonl\"\ndescription = \"d\"\n\n",
            "[files.qa]\npath = \"../../etc/passwd\"\ndescription = \"q\"\n\n",
            "[files.summaries]\npath = \"missing.jsonl\"\ndescription = \"s\"\n"
        );
        let manifest: Manifest = toml::from_str(text).unwrap();
        let out = check(&manifest, dir.path(), Path::new("dataset.toml"), text).to_string();
        assert!(
            out.contains("dataset.toml:1: name: unsafe dataset name"),
            "{out}"
        );
        assert!(
            out.contains(
                "dataset.toml:11: files.qa.path: \"../../etc/passwd\" is not a file inside"
            ),
            "{out}"
        );
        assert!(
            out.contains("dataset.toml:15: files.summaries.path:"),
            "{out}"
        );
        assert!(out.contains("missing.jsonl does not exist"), "{out}");
        assert!(!out.contains("files.documents"), "{out}");
    }
}
