//! The sentences of a request's documents, tagged with where they came from.
//!
//! Shared by the extractive baselines. Invariants: passages come in document order, then in
//! sentence order; `line` is the sentence with every run of whitespace (including single
//! newlines inside a paragraph) folded to one space, so it is never empty and can be written
//! as one line of a newline-separated summary.

use std::sync::Arc;

use crate::dataset::Document;
use crate::text::sentence::split_sentences;

/// One sentence of one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    /// Index of the document in the request.
    pub document: usize,
    /// Index of the sentence within its document.
    pub position: usize,
    /// The sentence on one line.
    pub line: String,
}

/// Every sentence of `documents`, in document order and then sentence order.
pub fn passages(documents: &[Arc<Document>]) -> Vec<Passage> {
    documents
        .iter()
        .enumerate()
        .flat_map(|(document, doc)| {
            split_sentences(&doc.text)
                .into_iter()
                .enumerate()
                .map(move |(position, sentence)| Passage {
                    document,
                    position,
                    line: sentence.split_whitespace().collect::<Vec<_>>().join(" "),
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::backend::testing::doc;

    use super::passages;

    #[test]
    fn tags_sentences_by_document_and_position() {
        let docs = [
            doc("a", "One line\n  goes on. Two."),
            doc("b", ""),
            doc("c", "Three."),
        ];
        let found: Vec<(usize, usize, String)> = passages(&docs)
            .into_iter()
            .map(|p| (p.document, p.position, p.line))
            .collect();
        assert_eq!(
            found,
            [
                (0, 0, "One line goes on.".to_string()),
                (0, 1, "Two.".to_string()),
                (2, 0, "Three.".to_string())
            ]
        );
    }
}
