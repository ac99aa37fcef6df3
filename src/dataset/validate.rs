//! The semantic rules of a dataset, checked after it loads. Every rule reports
//! `file:line: field: what is wrong`, and every violation is collected.
//!
//! Rules:
//! - ids are non-empty and unique within their file;
//! - documents have a `YYYY-MM-DD` publication date and non-empty text;
//! - every document id a QA or summary item names exists;
//! - evidence quotes are exact substrings of the document they cite, and cite a document the
//!   item uses as context;
//! - an answerable question has an answer that `answer_match` matches against a span of one of
//!   its evidence quotes (or, without evidence, of one of its documents): equal after SQuAD
//!   normalization, or the same dates, numbers, money, ordinals and bounds written differently
//!   (`"January 21"` is supported by `"Jan. 21"`), or the gold's words in a short span
//!   ([`answer_support`] says which span, for `goldeval validate --explain`); a computed
//!   answer says how with `derivation` and cites evidence;
//! - `kind: unanswerable` and an empty `answers` list go together; answers are not blank;
//! - summary items have at least one non-blank reference, and no blank reference line.

use std::collections::HashSet;
use std::path::Path;

use super::{Dataset, Kind, QaItem, SummaryItem};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::metrics::answer_match::support_in;
use crate::text::date::Date;
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
        check_all(
            &path,
            || dataset.qa_rows(),
            |item: QaItem| item.id,
            |line, item, out| check_qa(dataset, &path, line, item, out),
            &mut out,
        );
    }
    if let Some(entry) = &files.summaries {
        let path = dataset.path_of(entry);
        check_all(
            &path,
            || dataset.summary_rows(),
            |item: SummaryItem| item.id,
            |line, item, out| check_summary(dataset, &path, line, item, out),
            &mut out,
        );
    }
    out
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

/// Items of one file of a dataset, read one at a time with their lines.
type Rows<'a, T> =
    Box<dyn Iterator<Item = std::result::Result<(usize, T), Diagnostic>> + Send + 'a>;

/// Checks every item of one file, read one at a time (`rows` opens the file; it is opened
/// again only when two ids may be equal), so a dataset whose items stay in their files is
/// validated without holding them.
fn check_all<'a, T>(
    path: &Path,
    rows: impl Fn() -> crate::error::Result<Rows<'a, T>>,
    id: impl Fn(T) -> String,
    mut check: impl FnMut(usize, &T, &mut Diagnostics),
    out: &mut Diagnostics,
) {
    let mut ids = StreamedIds::default();
    let all = match rows() {
        Ok(all) => all,
        Err(e) => {
            out.push(Diagnostic::new(path, None, "-", e.to_string()));
            return;
        }
    };
    for row in all {
        match row {
            Ok((line, item)) => {
                check(line, &item, out);
                ids.add(path, line, &id(item), out);
            }
            Err(d) => out.push(d),
        }
    }
    ids.report_duplicates(path, out, || {
        rows()
            .into_iter()
            .flatten()
            .flatten()
            .map(|(line, item)| (line, id(item)))
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
    if !answer_support(dataset, item)
        .iter()
        .any(|s| s.found.is_some())
    {
        let place = if item.evidence.is_empty() {
            "its documents"
        } else {
            "its evidence quotes"
        };
        out.push(
            Diagnostic::new(path, Some(line), "answers", format!("no answer matches a span of {place} (by answer_match)"))
                .with_hint("add the surface form the text uses to `answers`, quote the sentence that states it, or explain a computed answer in `derivation`; `goldeval validate --explain` shows what each answer matched"),
        );
    }
}

/// How one gold answer of a QA item is supported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerSupport {
    /// Index in the item's `answers`.
    pub answer: usize,
    /// The first span that supports it, if any.
    pub found: Option<SupportSpan>,
}

/// A span of an evidence quote (or a document) that `answer_match` matches against an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupportSpan {
    /// Where: `evidence[0] (doc-01)` or `document doc-01`.
    pub place: String,
    /// The span's text.
    pub text: String,
    /// `answer_match`'s explanation for the span.
    pub explanation: String,
}

/// For every answer of `item`, the first span of its evidence quotes (or, without evidence,
/// of its documents) that `answer_match` accepts for that answer, scored as the run scores the
/// item (the first context document's publication date, the question's year).
pub fn answer_support(dataset: &Dataset, item: &QaItem) -> Vec<AnswerSupport> {
    let docs: Vec<&super::Document> = match &item.documents {
        Some(ids) => ids.iter().filter_map(|id| dataset.document(id)).collect(),
        None => dataset.documents.iter().collect(),
    };
    let publication = docs.first().and_then(|d| Date::parse_iso(&d.published));
    let sources: Vec<(String, &str)> = if item.evidence.is_empty() {
        docs.iter()
            .map(|d| (format!("document {}", d.id), d.text.as_str()))
            .collect()
    } else {
        item.evidence
            .iter()
            .enumerate()
            .map(|(i, e)| (format!("evidence[{i}] ({})", e.document), e.quote.as_str()))
            .collect()
    };
    let question = Some(item.question.as_str());
    item.answers
        .iter()
        .enumerate()
        .map(|(answer, gold)| AnswerSupport {
            answer,
            found: sources.iter().find_map(|(place, text)| {
                let s = support_in(gold, text, publication, question)?;
                Some(SupportSpan {
                    place: place.clone(),
                    text: text[s.span].to_string(),
                    explanation: s.explanation,
                })
            }),
        })
        .collect()
}

/// A `YYYY-MM-DD` date that exists on the calendar (no 2025-02-30), read by the same
/// parser that reads publication dates for `answer_match`.
fn is_iso_date(s: &str) -> bool {
    crate::text::date::Date::parse_iso(s).is_some()
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
        // Issue 12, item 9: a date that is not on the calendar is refused.
        assert!(!is_iso_date("2025-02-30"));
        assert!(!is_iso_date("2025-04-31"));
        assert!(is_iso_date("2024-02-29"));
        assert!(!is_iso_date("2025-02-29"));
    }
}
