//! `lead`: the first sentences of the documents, the classic news-summarization baseline.
//!
//! For one document this is lead-k: its first `k` sentences. For several documents it takes
//! sentences position by position, in item order: the first sentence of each document, then
//! the second sentence of each, and so on, until `k` are chosen. With the default `k = 3` and
//! three or more documents that is the first sentence of each of the first three documents:
//! every news article puts its most important facts first, so the lead of each source is the
//! multi-document analogue of lead-k, and it does not let one source fill the whole summary.
//! A sentence that nearly repeats one already chosen (word-set Jaccard ≥
//! [`Lead::DUPLICATE_JACCARD`], as happens when wire copy is reused) is skipped.
//!
//! Invariants: deterministic; the output has at most `k` lines, one sentence per line
//! (rougeLsum splits on newlines); documents without sentences give an empty summary.

use std::collections::BTreeSet;

use crate::backend::passage::{passages, Passage};
use crate::backend::{Backend, BackendError, Output, Request, Response};
use crate::dataset::Task;
use crate::text::words::{content_terms, jaccard};

/// The lead baseline: the first `k` sentences (see the module docs for several documents).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lead {
    /// How many sentences to output.
    pub k: usize,
}

impl Lead {
    /// Word-set overlap at or above which a sentence counts as a repeat and is skipped.
    pub const DUPLICATE_JACCARD: f64 = 0.8;

    /// The summary of `request`'s documents, one sentence per line.
    pub fn summarize(&self, request: &Request) -> String {
        let mut ordered = passages(&request.documents);
        ordered.sort_by_key(|p| (p.position, p.document));
        let mut chosen: Vec<(Passage, BTreeSet<String>)> = Vec::new();
        for passage in ordered {
            if chosen.len() >= self.k {
                break;
            }
            let terms: BTreeSet<String> = content_terms(&passage.line).into_iter().collect();
            let repeat = chosen
                .iter()
                .any(|(_, seen)| jaccard(seen, &terms) >= Self::DUPLICATE_JACCARD);
            if !repeat {
                chosen.push((passage, terms));
            }
        }
        let lines: Vec<&str> = chosen.iter().map(|(p, _)| p.line.as_str()).collect();
        lines.join("\n")
    }
}

impl Default for Lead {
    fn default() -> Self {
        Lead { k: 3 }
    }
}

impl Backend for Lead {
    fn name(&self) -> &str {
        "lead"
    }

    fn describe(&self) -> String {
        format!(
            "first {} sentences (several documents: first sentence of each, then second, ...)",
            self.k
        )
    }

    fn supports(&self, task: Task) -> bool {
        task == Task::Summarize
    }

    fn call(&self, request: &Request) -> Response {
        Response::timed(|| match request.task {
            Task::Summarize => Ok(Output::text(self.summarize(request))),
            other => Err(BackendError::unsupported_task(self.name(), other)),
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::backend::testing::{doc, output, request};
    use std::sync::Arc;

    use super::Lead;
    use crate::backend::Backend;
    use crate::dataset::Document;
    use crate::dataset::Task;

    const NEWS: &str = "Xi Jinping arrived in Moscow on Wednesday for a four-day visit. \
        The U.S. State Department declined to comment.\n\n\
        Trade between the two countries hit $237.5 billion in 2024. On Feb. 24, the two \
        leaders spoke by phone.\n\nThe parade is on May 9.";

    fn summary(lead: Lead, docs: Vec<Arc<Document>>) -> String {
        output(&lead, &request(Task::Summarize, docs, None, &[])).text
    }

    #[test]
    fn one_document_gives_its_first_k_sentences() {
        assert_eq!(
            summary(Lead::default(), vec![doc("a", NEWS)]),
            "Xi Jinping arrived in Moscow on Wednesday for a four-day visit.\n\
             The U.S. State Department declined to comment.\n\
             Trade between the two countries hit $237.5 billion in 2024."
        );
        assert_eq!(
            summary(Lead { k: 1 }, vec![doc("a", NEWS)]),
            "Xi Jinping arrived in Moscow on Wednesday for a four-day visit."
        );
    }

    #[test]
    fn several_documents_go_position_by_position() {
        let docs = vec![
            doc("a", "A one. A two. A three."),
            doc("b", "B one. B two."),
        ];
        assert_eq!(summary(Lead::default(), docs), "A one.\nB one.\nA two.");
    }

    #[test]
    fn near_repeats_across_documents_are_skipped() {
        let docs = vec![
            doc("a", "Xi arrived in Moscow on Wednesday. He met Putin."),
            doc(
                "b",
                "Xi arrived in Moscow on Wednesday! Talks began at noon.",
            ),
        ];
        assert_eq!(
            summary(Lead::default(), docs),
            "Xi arrived in Moscow on Wednesday.\nHe met Putin.\nTalks began at noon."
        );
    }

    #[test]
    fn empty_input_gives_an_empty_summary() {
        assert_eq!(summary(Lead::default(), vec![]), "");
        assert_eq!(summary(Lead::default(), vec![doc("a", " \n\n ")]), "");
        assert_eq!(summary(Lead { k: 0 }, vec![doc("a", NEWS)]), "");
    }

    #[test]
    fn refuses_to_answer_questions() {
        let response =
            Lead::default().call(&request(Task::Answer, vec![doc("a", NEWS)], None, &[]));
        assert!(!Lead::default().supports(Task::Answer));
        match response.result {
            Err(error) => assert_eq!(error.kind.as_str(), "unsupported_task"),
            Ok(output) => panic!("expected an error, got {output:?}"),
        }
    }
}
