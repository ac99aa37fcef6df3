//! Gold data in: a dataset directory, parsed, typed and (with [`validate`]) checked.
//!
//! A dataset is a directory with a `dataset.toml` manifest naming its files:
//! `documents.jsonl` (required), `qa.jsonl` and `summaries.jsonl` (each optional). Loading
//! checks syntax and field types and collects every problem; [`validate::validate`] checks
//! the semantic rules (ids, references between files, evidence quotes).

mod document;
pub mod jsonl;
mod manifest;
mod qa;
mod questions;
mod rows;
mod summary;
mod task;
pub mod validate;

use std::fs;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

pub use document::Document;
pub use manifest::{FileEntry, Files, Manifest};
pub use qa::{Evidence, Kind, QaItem};
pub use questions::QuestionIndex;
pub use rows::{id_hash, QaFile, QaRows, Rows, StreamedFile, SummaryRows};
pub use summary::SummaryItem;
pub use task::Task;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::error::{Error, Result};

/// The file name of a dataset's manifest.
pub const MANIFEST: &str = "dataset.toml";

/// A loaded dataset: manifest, documents and gold items, with the lines they came from.
#[derive(Debug, Clone)]
pub struct Dataset {
    /// The dataset directory.
    pub root: PathBuf,
    /// The parsed `dataset.toml`.
    pub manifest: Manifest,
    /// Source documents, in file order.
    pub documents: Vec<Document>,
    /// Gold QA items, in file order (empty when the dataset has no QA file, or when they
    /// were left in their file: see `qa_file`).
    pub qa: Vec<QaItem>,
    /// `Some` when [`Dataset::load_streaming`] left the QA items in their file; read them
    /// with [`Dataset::qa_rows`].
    pub qa_file: Option<QaFile>,
    /// With `qa_file`, where the questions about each document are in it (for
    /// `qa_coverage`); `None` when the dataset has no summaries to score.
    pub question_index: Option<QuestionIndex>,
    /// Gold summary items, in file order (empty when the dataset has no summaries file, or
    /// when they were left in their file: see `summary_file`).
    pub summaries: Vec<SummaryItem>,
    /// `Some` when [`Dataset::load_streaming`] left the summary items in their file; read
    /// them with [`Dataset::summary_rows`].
    pub summary_file: Option<StreamedFile>,
    /// The 1-based source line of every document, QA item and summary item.
    pub lines: SourceLines,
    /// `sha256:` + hex digest over the manifest and every data file, in a fixed order.
    pub hash: String,
    /// Position of each document in `documents`, by id, and how many documents there were
    /// when it was built.
    document_positions: (std::collections::HashMap<String, usize>, usize),
}

/// Source line numbers, parallel to the dataset's vectors.
#[derive(Debug, Clone, Default)]
pub struct SourceLines {
    /// Line of each document.
    pub documents: Vec<usize>,
    /// Line of each QA item.
    pub qa: Vec<usize>,
    /// Line of each summary item.
    pub summaries: Vec<usize>,
}

impl Dataset {
    /// Loads the dataset in `dir`, reporting every syntax and type problem at once.
    ///
    /// ```
    /// let dataset = goldeval::Dataset::load("datasets/xi-moscow-2025")?;
    /// assert_eq!(dataset.manifest.name, "xi-moscow-2025");
    /// assert_eq!(dataset.documents.len(), 5);
    /// assert!(dataset.qa.iter().any(|q| q.answers.is_empty()), "unanswerable questions");
    /// # Ok::<(), goldeval::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Io`] when the directory or manifest cannot be read, [`Error::Invalid`] with
    /// all diagnostics when any file is malformed.
    pub fn load(dir: impl AsRef<Path>) -> Result<Dataset> {
        Dataset::load_with(dir.as_ref(), false)
    }

    /// Loads the dataset in `dir` like [`Dataset::load`], but leaves the QA and summary items
    /// in their files: each is hashed and every line parsed (so every syntax problem is still
    /// reported), then only its path and item count are kept, with a [`QuestionIndex`] of
    /// the questions when there are summaries. Memory no longer grows with the number of
    /// items (the documents are still loaded); [`Dataset::qa_rows`] and
    /// [`Dataset::summary_rows`] read them again in file order.
    ///
    /// # Errors
    /// As [`Dataset::load`].
    pub fn load_streaming(dir: impl AsRef<Path>) -> Result<Dataset> {
        Dataset::load_with(dir.as_ref(), true)
    }

    fn load_with(dir: &Path, stream: bool) -> Result<Dataset> {
        let root = dir.to_path_buf();
        let manifest_path = root.join(MANIFEST);
        if !root.is_dir() {
            return Err(Error::usage_hint(
                format!("dataset directory {} does not exist", root.display()),
                "pass --dataset DIR pointing at a directory with a dataset.toml; `goldeval list datasets` shows the bundled ones",
            ));
        }
        let what = format!("dataset {}", root.display());
        let manifest_text = jsonl::read_text(&manifest_path, &what)?;
        let invalid = |diagnostics| Error::Invalid {
            what: what.clone(),
            diagnostics,
        };
        let manifest: Manifest = toml::from_str(&manifest_text).map_err(|e| {
            let mut d = Diagnostics::new();
            d.push(toml_diagnostic(&manifest_path, &manifest_text, &e));
            invalid(d)
        })?;
        let problems = manifest::check(&manifest, &root, &manifest_path, &manifest_text);
        if !problems.is_empty() {
            return Err(invalid(problems));
        }

        let mut hasher = Sha256::new();
        hash_part(&mut hasher, MANIFEST, manifest_text.as_bytes());
        let mut diagnostics = Diagnostics::new();
        let mut lines = SourceLines::default();

        let documents = read_file::<Document>(&root, &manifest.files.documents, &mut hasher)?;
        let documents = split(documents, &mut lines.documents, &mut diagnostics);
        let mut qa_file = None;
        let mut question_index = None;
        let summarizes = manifest.files.summaries.is_some();
        let qa = match &manifest.files.qa {
            Some(entry) if stream => {
                let mut index = QuestionIndex::new(&root.join(&entry.path));
                let (file, problems) =
                    rows::scan(&root, &entry.path, &mut hasher, |q, line, span| {
                        if summarizes {
                            index.add(q, line, span);
                        }
                    })?;
                diagnostics.extend(problems.unwrap_or_default());
                qa_file = Some(file);
                question_index = summarizes.then_some(index);
                Vec::new()
            }
            Some(entry) => split(
                read_file::<QaItem>(&root, entry, &mut hasher)?,
                &mut lines.qa,
                &mut diagnostics,
            ),
            None => Vec::new(),
        };
        let mut summary_file = None;
        let summaries = match &manifest.files.summaries {
            Some(entry) if stream => {
                let (file, problems) =
                    rows::scan::<SummaryItem>(&root, &entry.path, &mut hasher, |_, _, _| {})?;
                diagnostics.extend(problems.unwrap_or_default());
                summary_file = Some(file);
                Vec::new()
            }
            Some(entry) => split(
                read_file::<SummaryItem>(&root, entry, &mut hasher)?,
                &mut lines.summaries,
                &mut diagnostics,
            ),
            None => Vec::new(),
        };
        if !diagnostics.is_empty() {
            return Err(invalid(diagnostics));
        }
        let hash = format!("sha256:{}", hex(&hasher.finalize()));
        let documents_len = documents.len();
        let mut document_positions = std::collections::HashMap::new();
        for (i, d) in documents.iter().enumerate() {
            document_positions.entry(d.id.clone()).or_insert(i);
        }
        Ok(Dataset {
            root,
            manifest,
            documents,
            qa,
            qa_file,
            question_index,
            summaries,
            summary_file,
            lines,
            hash,
            document_positions: (document_positions, documents_len),
        })
    }

    /// How many QA items the dataset has (in memory or in its file).
    pub fn qa_len(&self) -> usize {
        match &self.qa_file {
            Some(file) => file.count,
            None => self.qa.len(),
        }
    }

    /// Every QA item with its 1-based source line, in file order: from memory, or read
    /// from the file one at a time when the dataset was loaded with
    /// [`Dataset::load_streaming`].
    ///
    /// # Errors
    /// [`Error::Io`] when the QA file cannot be opened; a line that no longer parses (the
    /// file changed since loading) comes out as an `Err` row.
    pub fn qa_rows(&self) -> Result<Box<dyn Iterator<Item = QaRow> + Send + '_>> {
        Ok(match &self.qa_file {
            Some(file) => Box::new(QaRows::open(&file.path)?),
            None => Box::new(
                self.lines
                    .qa
                    .iter()
                    .copied()
                    .zip(self.qa.iter().cloned())
                    .map(Ok),
            ),
        })
    }

    /// How many summary items the dataset has (in memory or in their file).
    pub fn summary_len(&self) -> usize {
        match &self.summary_file {
            Some(file) => file.count,
            None => self.summaries.len(),
        }
    }

    /// Every summary item with its 1-based source line, in file order, as
    /// [`Dataset::qa_rows`] gives the questions.
    ///
    /// # Errors
    /// As [`Dataset::qa_rows`].
    pub fn summary_rows(&self) -> Result<Box<dyn Iterator<Item = SummaryRow> + Send + '_>> {
        Ok(match &self.summary_file {
            Some(file) => Box::new(SummaryRows::open(&file.path)?),
            None => Box::new(
                self.lines
                    .summaries
                    .iter()
                    .copied()
                    .zip(self.summaries.iter().cloned())
                    .map(Ok),
            ),
        })
    }

    /// The questions `qa_coverage` may ask about a summary of `documents`: every question
    /// when they are in memory, else those the [`QuestionIndex`] finds about these
    /// documents (a superset of the ones asked, in dataset order).
    ///
    /// # Errors
    /// A diagnostic when the QA file can no longer be read as it was indexed.
    pub fn questions_about(
        &self,
        documents: &[String],
    ) -> std::result::Result<std::borrow::Cow<'_, [QaItem]>, Diagnostic> {
        match &self.question_index {
            Some(index) if self.qa_file.is_some() => {
                Ok(std::borrow::Cow::Owned(index.about(documents)?))
            }
            _ => Ok(std::borrow::Cow::Borrowed(&self.qa)),
        }
    }

    /// The document with this id.
    pub fn document(&self, id: &str) -> Option<&Document> {
        self.document_position(id).map(|i| &self.documents[i])
    }

    /// The position of the document with this id in `documents` (looked up by id, in
    /// constant time while `documents` is as loaded).
    pub fn document_position(&self, id: &str) -> Option<usize> {
        let (positions, indexed) = &self.document_positions;
        match positions.get(id) {
            Some(&i) if self.documents.get(i).is_some_and(|d| d.id == id) => Some(i),
            None if self.documents.len() == *indexed => None,
            // `documents` was changed after loading: look the slow way.
            _ => self.documents.iter().position(|d| d.id == id),
        }
    }

    /// The path of a data file named in the manifest, relative to the current directory.
    pub fn path_of(&self, entry: &FileEntry) -> PathBuf {
        self.root.join(&entry.path)
    }

    /// Loads a dataset and checks every validation rule; a dataset with problems is not
    /// returned.
    ///
    /// # Errors
    /// [`Error::Invalid`] listing every problem, sorted by file and line.
    pub fn load_valid(dir: &Path) -> Result<Dataset> {
        Dataset::load(dir)?.checked(dir)
    }

    /// [`Dataset::load_valid`] for a run (fresh, resumed or merged): the QA and summary
    /// items stay in their files ([`Dataset::load_streaming`]), so memory does not grow with
    /// their number (a summary's `qa_coverage` reads the questions about its documents).
    ///
    /// # Errors
    /// As [`Dataset::load_valid`].
    pub fn load_valid_streaming(dir: &Path) -> Result<Dataset> {
        Dataset::load_streaming(dir)?.checked(dir)
    }

    /// The dataset when every validation rule holds.
    fn checked(self, dir: &Path) -> Result<Dataset> {
        let mut diagnostics = validate::validate(&self);
        if diagnostics.is_empty() {
            Ok(self)
        } else {
            diagnostics.sort();
            Err(Error::Invalid {
                what: format!("dataset {} (run `goldeval validate` on it)", dir.display()),
                diagnostics,
            })
        }
    }

    /// The first 12 hex digits of the content hash, for display.
    pub fn short_hash(&self) -> &str {
        let digits = self.hash.trim_start_matches("sha256:");
        &digits[..digits.len().min(12)]
    }
}

/// A QA item with its 1-based source line, or why its line could not be read.
pub type QaRow = std::result::Result<(usize, QaItem), Diagnostic>;

/// A summary item with its 1-based source line, or why its line could not be read.
pub type SummaryRow = std::result::Result<(usize, SummaryItem), Diagnostic>;

type Parsed<T> = std::result::Result<Vec<jsonl::Line<T>>, Diagnostics>;

fn read_file<T: serde::de::DeserializeOwned>(
    root: &Path,
    entry: &FileEntry,
    hasher: &mut Sha256,
) -> Result<Parsed<T>> {
    let path = root.join(&entry.path);
    let bytes = fs::read(&path).map_err(|source| Error::io("reading", &path, source))?;
    hash_part(hasher, &entry.path, &bytes);
    Ok(jsonl::read_all(&path, bytes.as_slice()))
}

fn split<T>(parsed: Parsed<T>, lines: &mut Vec<usize>, diagnostics: &mut Diagnostics) -> Vec<T> {
    match parsed {
        Ok(rows) => rows
            .into_iter()
            .map(|row| {
                lines.push(row.line);
                row.value
            })
            .collect(),
        Err(d) => {
            diagnostics.extend(d);
            Vec::new()
        }
    }
}

/// Hashes a named part with length prefixes, so file boundaries cannot be confused.
fn hash_part(hasher: &mut Sha256, name: &str, bytes: &[u8]) {
    hasher.update((name.len() as u64).to_le_bytes());
    hasher.update(name.as_bytes());
    hasher.update((bytes.len() as u64).to_le_bytes());
    hasher.update(bytes);
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub(crate) fn toml_diagnostic(path: &Path, text: &str, e: &toml::de::Error) -> Diagnostic {
    let line = e
        .span()
        .map(|span| text[..span.start.min(text.len())].matches('\n').count() + 1);
    let message = e.message().to_string();
    let field = message
        .split('`')
        .nth(1)
        .filter(|f| !f.contains(' '))
        .unwrap_or("-")
        .to_string();
    Diagnostic::new(path, line, field, message)
}
