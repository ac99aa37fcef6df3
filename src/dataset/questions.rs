//! [`QuestionIndex`]: where in `qa.jsonl` the questions about each document are, so that a
//! summarizing run can give `qa_coverage` the questions about a summary's documents without
//! holding every question.
//!
//! `qa_coverage` asks the answerable questions whose documents are all among the summary
//! item's documents. Every such question has a first document, so the index keys each
//! answerable question (with a non-empty `documents` list) by its first document and keeps,
//! per document, the byte ranges of `qa.jsonl` that hold its questions. Consecutive
//! questions about the same document share one range, so a file grouped by document costs a
//! few bytes per document, whatever the number of questions; a file that interleaves
//! documents costs one range (24 bytes) per question at worst.
//!
//! [`QuestionIndex::about`] reads the ranges of the given documents back in file order: a
//! superset of the questions `qa_coverage` picks, in dataset order, which it filters exactly
//! as it filters the whole list (so the scores are the same).

use std::collections::HashMap;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use super::{jsonl, QaItem};
use crate::diagnostic::Diagnostic;

/// Byte ranges of `qa.jsonl` per document id.
#[derive(Debug, Clone, Default)]
pub struct QuestionIndex {
    path: PathBuf,
    ranges: HashMap<String, Vec<Range>>,
    /// The document of the previous question indexed, if the previous question was.
    previous: Option<String>,
}

/// Lines `line..` of the file, bytes `start..end`.
#[derive(Debug, Clone, Copy)]
struct Range {
    start: u64,
    end: u64,
    line: usize,
}

impl QuestionIndex {
    /// An empty index of the QA file at `path`.
    pub fn new(path: &Path) -> QuestionIndex {
        QuestionIndex {
            path: path.to_path_buf(),
            ..QuestionIndex::default()
        }
    }

    /// Adds the question on `line`, bytes `start..end` of the file; every question of the
    /// file is added in file order.
    pub fn add(&mut self, item: &QaItem, line: usize, (start, end): (u64, u64)) {
        let first = item.documents.as_ref().and_then(|ids| ids.first());
        let Some(first) = first.filter(|_| !item.is_unanswerable()) else {
            self.previous = None;
            return;
        };
        let ranges = self.ranges.entry(first.clone()).or_default();
        match ranges.last_mut() {
            // The previous question was about the same document: only blank lines between.
            Some(last) if self.previous.as_deref() == Some(first.as_str()) => last.end = end,
            _ => ranges.push(Range { start, end, line }),
        }
        if self.previous.as_deref() != Some(first.as_str()) {
            self.previous = Some(first.clone());
        }
    }

    /// How many ranges the index holds (its size).
    pub fn ranges(&self) -> usize {
        self.ranges.values().map(Vec::len).sum()
    }

    /// Every indexed question whose first document is one of `documents`, in file order.
    ///
    /// # Errors
    /// A diagnostic when the file cannot be read or a line no longer parses (the file
    /// changed since it was indexed).
    pub fn about(&self, documents: &[String]) -> Result<Vec<QaItem>, Diagnostic> {
        let mut ranges: Vec<Range> = Vec::new();
        for (i, id) in documents.iter().enumerate() {
            if documents[..i].contains(id) {
                continue;
            }
            ranges.extend(self.ranges.get(id).into_iter().flatten());
        }
        ranges.sort_unstable_by_key(|r| r.start);
        let mut questions = Vec::new();
        if ranges.is_empty() {
            return Ok(questions);
        }
        let fail = |line: Option<usize>, message: String| {
            Diagnostic::new(
                &self.path,
                line,
                "-",
                format!("{message} (changed during the run?)"),
            )
        };
        let mut file = File::open(&self.path).map_err(|e| fail(None, e.to_string()))?;
        let mut bytes = Vec::new();
        for range in ranges {
            bytes.clear();
            bytes.resize(usize::try_from(range.end - range.start).unwrap_or(0), 0);
            file.seek(SeekFrom::Start(range.start))
                .and_then(|_| file.read_exact(&mut bytes))
                .map_err(|e| fail(Some(range.line), e.to_string()))?;
            let text = std::str::from_utf8(&bytes)
                .map_err(|_| fail(Some(range.line), "not UTF-8".into()))?;
            for (n, line) in text.lines().enumerate() {
                if !line.trim().is_empty() {
                    questions.push(jsonl::parse_line(&self.path, range.line + n, line)?);
                }
            }
        }
        Ok(questions)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::qa_coverage::questions_about;
    use crate::metrics::Sources;

    fn question(id: &str, docs: &[&str], answerable: bool) -> String {
        let answers: Vec<&str> = if answerable { vec!["x"] } else { vec![] };
        serde_json::json!({"id": id, "question": "q?", "answers": answers, "documents": docs})
            .to_string()
    }

    /// The index gives, for any set of documents, exactly the questions qa_coverage picks
    /// from the whole list, in the same order, and costs one range per run of questions
    /// about one document.
    #[test]
    fn the_index_finds_the_questions_a_full_scan_finds() {
        let lines = [
            question("a1", &["a"], true),
            question("a2", &["a", "b"], true),
            String::new(),
            question("a3", &["a"], true),
            question("b1", &["b"], true),
            question("u1", &["a"], false),
            question("a4", &["a", "c"], true),
            question("c1", &["c"], true),
            question("b2", &["b", "a"], true),
        ];
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("qa.jsonl");
        std::fs::write(&path, lines.join("\n") + "\n").unwrap();
        let mut index = QuestionIndex::new(&path);
        let mut all = Vec::new();
        let mut rows = crate::dataset::QaRows::open(&path).unwrap();
        while let Some(row) = rows.next() {
            let (line, item) = row.unwrap();
            index.add(&item, line, rows.span());
            all.push(item);
        }
        assert_eq!(index.ranges(), 5, "a1-a3 are one range");
        let none = Vec::new();
        for docs in [
            vec!["a"],
            vec!["b"],
            vec!["a", "b"],
            vec!["b", "a", "c"],
            vec!["c", "c"],
            vec!["z"],
        ] {
            let ids: Vec<String> = docs.iter().map(|d| d.to_string()).collect();
            let sources = Sources {
                ids: &ids,
                documents: &[],
            };
            let got = index.about(&ids).unwrap();
            let want: Vec<&str> = questions_about(&all, &sources)
                .iter()
                .map(|q| q.id.as_str())
                .collect();
            let picked: Vec<&str> = questions_about(&got, &sources)
                .iter()
                .map(|q| q.id.as_str())
                .collect();
            assert_eq!(picked, want, "{docs:?}");
        }
        assert_eq!(index.about(&none).unwrap(), Vec::<QaItem>::new());
        std::fs::write(&path, "changed\n").unwrap();
        let err = index.about(&["a".to_string()]).unwrap_err();
        assert!(err.to_string().contains("qa.jsonl"), "{err}");
    }
}
