//! `dataset.toml`: what a dataset is and which file holds what.

use serde::{Deserialize, Serialize};

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
