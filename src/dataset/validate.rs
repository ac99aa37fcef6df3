//! The semantic rules of a dataset, checked after it loads. Every rule reports
//! `file:line: field: what is wrong`, and every violation is collected.
//!
//! Rules:
//! - ids are non-empty and unique within their file;
//! - documents have a `YYYY-MM-DD` publication date and non-empty text;
//! - every document id a QA or summary item names exists;
//! - evidence quotes are exact substrings of the document they cite, and cite a document the
//!   item uses as context;
//! - an answerable question has an answer that appears, after SQuAD normalization, in one of
//!   its evidence quotes (or, without evidence, in one of its documents); a computed answer
//!   says how with `derivation` and cites evidence;
//! - `kind: unanswerable` and an empty `answers` list go together; answers are not blank;
//! - summary items have at least one non-blank reference, and no blank reference line.

use std::collections::HashSet;
use std::path::Path;

use super::{Dataset, Kind, QaItem, SummaryItem};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::text::squad_normalize::normalize_answer;

/// Checks every semantic rule of `dataset` and returns all violations (empty when valid).
pub fn validate(dataset: &Dataset) -> Diagnostics {
    let mut out = Diagnostics::new();
    let files = &dataset.manifest.files;
    let doc_path = dataset.path_of(&files.documents);
    let doc_lines = &dataset.lines.documents;
    check_ids(
        &doc_path,
        dataset.documents.iter().map(|d| d.id.as_str()),
        doc_lines,
        &mut out,
    );
    for (doc, &line) in dataset.documents.iter().zip(doc_lines) {
        if !is_iso_date(&doc.published) {
            out.push(
                Diagnostic::new(
                    &doc_path,
                    Some(line),
                    "published",
                    format!("\"{}\" is not a date", doc.published),
                )
                .with_hint("write the publication date as YYYY-MM-DD"),
            );
        }
        if doc.text.trim().is_empty() {
            out.push(Diagnostic::new(&doc_path, Some(line), "text", "is empty"));
        }
    }
    if let Some(entry) = &files.qa {
        let path = dataset.path_of(entry);
        check_all_qa(dataset, &path, &mut out);
    }
    if let Some(entry) = &files.summaries {
        let path = dataset.path_of(entry);
        check_all_summaries(dataset, &path, &mut out);
    }
    out
}

/// Checks every summary item, read one at a time ([`Dataset::summary_rows`]).
fn check_all_summaries(dataset: &Dataset, path: &Path, out: &mut Diagnostics) {
    let mut ids = StreamedIds::default();
    let rows = match dataset.summary_rows() {
        Ok(rows) => rows,
        Err(e) => {
            out.push(Diagnostic::new(path, None, "-", e.to_string()));
            return;
        }
    };
    for row in rows {
        match row {
            Ok((line, item)) => {
                ids.add(path, line, &item.id, out);
                check_summary(dataset, path, line, &item, out);
            }
            Err(d) => out.push(d),
        }
    }
    ids.report_duplicates(path, out, || {
        dataset
            .summary_rows()
            .into_iter()
            .flatten()
            .flatten()
            .map(|(line, item)| (line, item.id))
    });
}

fn check_summary(
    dataset: &Dataset,
    path: &Path,
    line: usize,
    item: &SummaryItem,
    out: &mut Diagnostics,
) {
    if item.documents.is_empty() {
        out.push(Diagnostic::new(
            path,
            Some(line),
            "documents",
            "is empty: name the documents to summarize",
        ));
    }
    check_known_documents(dataset, path, line, &item.documents, out);
    if item.references.iter().all(|r| r.trim().is_empty()) {
        out.push(
            Diagnostic::new(
                path,
                Some(line),
                "references",
                "has no non-empty reference summary",
            )
            .with_hint("add at least one reference, one sentence per line"),
        );
    }
    for (i, reference) in item.references.iter().enumerate() {
        if !reference.trim().is_empty() && reference.lines().any(|l| l.trim().is_empty()) {
            out.push(Diagnostic::new(
                path,
                Some(line),
                format!("references[{i}]"),
                "has a blank line: write one sentence per line, with no blank lines",
            ));
        } else if reference.trim().is_empty() {
            out.push(Diagnostic::new(
                path,
                Some(line),
                format!("references[{i}]"),
                "is empty",
            ));
        }
    }
    for (i, fact) in item.key_facts.iter().enumerate() {
        if fact.trim().is_empty() {
            out.push(Diagnostic::new(
                path,
                Some(line),
                format!("key_facts[{i}]"),
                "is empty",
            ));
        }
    }
}

fn check_ids<'a>(
    path: &Path,
    ids: impl Iterator<Item = &'a str>,
    lines: &[usize],
    out: &mut Diagnostics,
) {
    let mut seen = std::collections::HashMap::new();
    for (id, &line) in ids.zip(lines) {
        if id.trim().is_empty() {
            out.push(Diagnostic::new(path, Some(line), "id", "is empty"));
        } else if let Some(first) = seen.insert(id, line) {
            out.push(duplicate(path, line, id, first));
            seen.insert(id, first);
        }
    }
}

/// Checks every QA item, read one at a time ([`Dataset::qa_rows`]), so a dataset whose QA
/// items stay in their file is validated without holding them.
fn check_all_qa(dataset: &Dataset, path: &Path, out: &mut Diagnostics) {
    let mut ids = StreamedIds::default();
    let rows = match dataset.qa_rows() {
        Ok(rows) => rows,
        Err(e) => {
            out.push(Diagnostic::new(path, None, "-", e.to_string()));
            return;
        }
    };
    for row in rows {
        match row {
            Ok((line, item)) => {
                ids.add(path, line, &item.id, out);
                check_qa(dataset, path, line, &item, out);
            }
            Err(d) => out.push(d),
        }
    }
    ids.report_duplicates(path, out, || {
        dataset
            .qa_rows()
            .into_iter()
            .flatten()
            .flatten()
            .map(|(line, item)| (line, item.id))
    });
}

/// Duplicate-id detection over streamed items in 8 bytes per item: the 64-bit hash of each
/// id. Equal hashes only make candidates; a second pass over the candidates compares the
/// ids themselves, so a hash collision is never reported as a duplicate.
#[derive(Default)]
struct StreamedIds {
    hashes: Vec<u64>,
}

impl StreamedIds {
    fn hash(id: &str) -> u64 {
        super::id_hash(id)
    }

    fn add(&mut self, path: &Path, line: usize, id: &str, out: &mut Diagnostics) {
        if id.trim().is_empty() {
            out.push(Diagnostic::new(path, Some(line), "id", "is empty"));
        } else {
            self.hashes.push(Self::hash(id));
        }
    }

    /// Re-reads the ids (`rows()`: line and id of every item, in file order) whose hash
    /// occurs twice and reports each real duplicate as `check_ids` does: every repeat,
    /// naming the line of the first use.
    fn report_duplicates<I: Iterator<Item = (usize, String)>>(
        mut self,
        path: &Path,
        out: &mut Diagnostics,
        rows: impl FnOnce() -> I,
    ) {
        self.hashes.sort_unstable();
        let candidates: HashSet<u64> = self
            .hashes
            .windows(2)
            .filter(|w| w[0] == w[1])
            .map(|w| w[0])
            .collect();
        drop(self.hashes);
        if candidates.is_empty() {
            return;
        }
        let mut first = std::collections::HashMap::new();
        for (line, id) in rows() {
            if id.trim().is_empty() || !candidates.contains(&Self::hash(&id)) {
                continue;
            }
            match first.get(&id) {
                Some(&first_line) => out.push(duplicate(path, line, &id, first_line)),
                None => {
                    first.insert(id, line);
                }
            }
        }
    }
}

fn duplicate(path: &Path, line: usize, id: &str, first: usize) -> Diagnostic {
    Diagnostic::new(
        path,
        Some(line),
        "id",
        format!("duplicate id \"{id}\" (first used on line {first})"),
    )
    .with_hint("ids must be unique within a file")
}

fn check_known_documents(
    dataset: &Dataset,
    path: &Path,
    line: usize,
    ids: &[String],
    out: &mut Diagnostics,
) {
    for (i, id) in ids.iter().enumerate() {
        if dataset.document(id).is_none() {
            out.push(unknown_document(
                dataset,
                path,
                line,
                format!("documents[{i}]"),
                id,
            ));
        }
    }
}

fn unknown_document(
    dataset: &Dataset,
    path: &Path,
    line: usize,
    field: String,
    id: &str,
) -> Diagnostic {
    let known: Vec<&str> = dataset.documents.iter().map(|d| d.id.as_str()).collect();
    Diagnostic::new(
        path,
        Some(line),
        field,
        format!("unknown document id \"{id}\""),
    )
    .with_hint(format!("known document ids: {}", known.join(", ")))
}

fn check_qa(dataset: &Dataset, path: &Path, line: usize, item: &QaItem, out: &mut Diagnostics) {
    if item.question.trim().is_empty() {
        out.push(Diagnostic::new(path, Some(line), "question", "is empty"));
    }
    for (i, answer) in item.answers.iter().enumerate() {
        if normalize_answer(answer).is_empty() {
            out.push(
                Diagnostic::new(path, Some(line), format!("answers[{i}]"), format!("\"{answer}\" is empty after normalization"))
                    .with_hint("SQuAD scoring drops such answers; use `answers: []` for unanswerable questions"),
            );
        }
    }
    match (item.kind, item.answers.is_empty()) {
        (Some(Kind::Unanswerable), false) => out.push(Diagnostic::new(
            path,
            Some(line),
            "answers",
            "an unanswerable question must have `answers: []`",
        )),
        (Some(kind), true) if kind != Kind::Unanswerable => out.push(
            Diagnostic::new(
                path,
                Some(line),
                "answers",
                format!("is empty, but kind is \"{kind}\""),
            )
            .with_hint("list every acceptable answer, or set kind to \"unanswerable\""),
        ),
        _ => {}
    }
    let context: Option<HashSet<&str>> = item.documents.as_ref().map(|ids| {
        check_known_documents(dataset, path, line, ids, out);
        ids.iter().map(String::as_str).collect()
    });
    for (i, evidence) in item.evidence.iter().enumerate() {
        let field = format!("evidence[{i}]");
        let Some(doc) = dataset.document(&evidence.document) else {
            out.push(unknown_document(
                dataset,
                path,
                line,
                format!("{field}.document"),
                &evidence.document,
            ));
            continue;
        };
        if context
            .as_ref()
            .is_some_and(|ids| !ids.contains(doc.id.as_str()))
        {
            out.push(
                Diagnostic::new(
                    path,
                    Some(line),
                    format!("{field}.document"),
                    format!("cites \"{}\", which is not in the item's documents", doc.id),
                )
                .with_hint("add the document to `documents`, or cite one that is there"),
            );
        }
        if evidence.quote.trim().is_empty() {
            out.push(Diagnostic::new(
                path,
                Some(line),
                format!("{field}.quote"),
                "is empty",
            ));
        } else if !doc.text.contains(&evidence.quote) {
            out.push(
                Diagnostic::new(
                    path,
                    Some(line),
                    format!("{field}.quote"),
                    format!("is not a substring of document \"{}\"", doc.id),
                )
                .with_hint("quote the document exactly, character for character"),
            );
        }
    }
    if !item.answers.is_empty() {
        check_support(dataset, path, line, item, out);
    }
}

fn check_support(
    dataset: &Dataset,
    path: &Path,
    line: usize,
    item: &QaItem,
    out: &mut Diagnostics,
) {
    if item.derivation.is_some() {
        if item.evidence.is_empty() {
            out.push(Diagnostic::new(
                path,
                Some(line),
                "evidence",
                "a computed answer (with `derivation`) must cite the facts it is computed from",
            ));
        }
        return;
    }
    let sources: Vec<&str> = if item.evidence.is_empty() {
        match &item.documents {
            Some(ids) => ids
                .iter()
                .filter_map(|id| dataset.document(id))
                .map(|d| d.text.as_str())
                .collect(),
            None => dataset.documents.iter().map(|d| d.text.as_str()).collect(),
        }
    } else {
        item.evidence.iter().map(|e| e.quote.as_str()).collect()
    };
    let sources: Vec<String> = sources
        .into_iter()
        .map(|s| format!(" {} ", normalize_answer(s)))
        .collect();
    let supported = item.answers.iter().any(|answer| {
        let needle = format!(" {} ", normalize_answer(answer));
        !needle.trim().is_empty() && sources.iter().any(|s| s.contains(&needle))
    });
    if !supported {
        let place = if item.evidence.is_empty() {
            "its documents"
        } else {
            "its evidence quotes"
        };
        out.push(
            Diagnostic::new(path, Some(line), "answers", format!("no answer appears in {place} after normalization"))
                .with_hint("add the surface form the text uses to `answers`, quote the sentence that states it, or explain a computed answer in `derivation`"),
        );
    }
}

fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let digits = |r: std::ops::Range<usize>| s[r].parse::<u32>().ok();
    let (Some(_), Some(m), Some(d)) = (digits(0..4), digits(5..7), digits(8..10)) else {
        return false;
    };
    s.bytes()
        .enumerate()
        .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        && (1..=12).contains(&m)
        && (1..=31).contains(&d)
}

#[cfg(test)]
mod tests {
    use super::is_iso_date;

    #[test]
    fn iso_dates() {
        assert!(is_iso_date("2025-05-07"));
        assert!(!is_iso_date("2025-5-7"));
        assert!(!is_iso_date("2025-13-01"));
        assert!(!is_iso_date("May 7, 2025"));
        assert!(!is_iso_date("2025-05-+7"));
    }
}
