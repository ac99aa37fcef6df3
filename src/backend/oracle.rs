//! `oracle`: the greedy extractive ROUGE oracle, an upper bound for extractive summarizers.
//!
//! As in the summarization literature (Nallapati et al., 2017; Liu & Lapata, 2019), it
//! builds the summary one sentence at a time: at each step it adds the document sentence
//! that most increases the objective, and stops when no sentence increases it or
//! [`Oracle::max_sentences`] are chosen. The objective is the mean of ROUGE-1 and ROUGE-2
//! F-measure (rouge-score tokenizer, Porter stemmer on) against the request's
//! `references`; with several references each ROUGE type takes the best reference, as
//! rouge-score's `score_multi` does ([`RefMode::Max`]). Ties go to the earlier sentence.
//!
//! The oracle reads the gold references, so it is not a system: it shows how far sentence
//! extraction could go. Invariants: deterministic; output in document order, one sentence per
//! line; a request without references is an error (`missing_references`), never a guess.

use crate::backend::passage::{passages, Passage};
use crate::backend::{Backend, BackendError, Output, Request, Response};
use crate::dataset::Task;
use crate::metrics::{RefMode, Rouge, RougeError, RougeType};

/// The greedy ROUGE oracle.
#[derive(Debug, Clone)]
pub struct Oracle {
    /// At most this many sentences.
    pub max_sentences: usize,
    rouge: Rouge,
}

impl Oracle {
    /// The default cap on sentences.
    pub const DEFAULT_MAX_SENTENCES: usize = 5;

    /// An oracle choosing at most `max_sentences` sentences.
    pub fn new(max_sentences: usize) -> Result<Oracle, RougeError> {
        let rouge = Rouge::builder()
            .types([RougeType::N(1), RougeType::N(2)])
            .stemmer(true)
            .refs(RefMode::Max)
            .build()?;
        Ok(Oracle {
            max_sentences,
            rouge,
        })
    }

    /// The oracle summary of `request`'s documents against its references.
    pub fn summarize(&self, request: &Request) -> Result<String, BackendError> {
        if request.references.is_empty() {
            return Err(BackendError::new(
                crate::backend::ErrorKind::MissingReferences,
                "the oracle needs the item's reference summaries",
            ));
        }
        let references: Vec<&str> = request.references.iter().map(String::as_str).collect();
        let all = passages(&request.documents);
        let mut chosen = self.greedy(&all, &references);
        chosen.sort_unstable();
        let lines: Vec<&str> = chosen.iter().map(|&i| all[i].line.as_str()).collect();
        Ok(lines.join("\n"))
    }

    /// Indices of the sentences the greedy search picks, in the order picked.
    fn greedy(&self, all: &[Passage], references: &[&str]) -> Vec<usize> {
        let mut chosen: Vec<usize> = Vec::new();
        let mut current = 0.0;
        while chosen.len() < self.max_sentences {
            let Some((best, gain)) = self.best_addition(all, &chosen, references) else {
                break;
            };
            if gain <= current {
                break;
            }
            chosen.push(best);
            current = gain;
        }
        chosen
    }

    /// The sentence whose addition gives the highest objective, and that objective.
    fn best_addition(
        &self,
        all: &[Passage],
        chosen: &[usize],
        references: &[&str],
    ) -> Option<(usize, f64)> {
        let mut best: Option<(usize, f64)> = None;
        for i in (0..all.len()).filter(|i| !chosen.contains(i)) {
            let mut trial: Vec<usize> = chosen.iter().copied().chain([i]).collect();
            trial.sort_unstable();
            let value = self.objective(all, &trial, references);
            if best.is_none_or(|(_, b)| value > b) {
                best = Some((i, value));
            }
        }
        best
    }

    /// Mean ROUGE-1/ROUGE-2 F of the sentences `indices` against `references`.
    fn objective(&self, all: &[Passage], indices: &[usize], references: &[&str]) -> f64 {
        let summary: Vec<&str> = indices.iter().map(|&i| all[i].line.as_str()).collect();
        let scores = self.rouge.score(&summary.join("\n"), references);
        let total: f64 = scores.iter().map(|s| s.fmeasure).sum();
        total / scores.len().max(1) as f64
    }
}

impl Backend for Oracle {
    fn name(&self) -> &str {
        "oracle"
    }

    fn describe(&self) -> String {
        format!(
            "greedy extractive upper bound: up to {} sentences maximizing mean ROUGE-1/2 F \
             (stemmed, best reference) against the gold references",
            self.max_sentences
        )
    }

    fn supports(&self, task: Task) -> bool {
        task == Task::Summarize
    }

    fn call(&self, request: &Request) -> Response {
        Response::timed(|| match request.task {
            Task::Summarize => self.summarize(request).map(Output::text),
            other => Err(BackendError::unsupported_task(self.name(), other)),
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::backend::testing::{doc, output, request};

    use super::Oracle;
    use crate::backend::{Backend, Request};
    use crate::dataset::Task;

    const NEWS: &str = "Xi Jinping arrived in Moscow on Wednesday. The U.S. embassy said \
        nothing.\n\nTrade hit $237.5 billion in 2024. On Feb. 24, the leaders spoke by phone.\n\n\
        A band played.";

    fn oracle(max_sentences: usize) -> Oracle {
        match Oracle::new(max_sentences) {
            Ok(oracle) => oracle,
            Err(error) => panic!("oracle config rejected: {error}"),
        }
    }

    fn summary(oracle: &Oracle, references: &[&str]) -> String {
        let request = request(Task::Summarize, vec![doc("a", NEWS)], None, references);
        output(oracle, &request).text
    }

    #[test]
    fn picks_the_sentences_the_reference_covers_in_document_order() {
        let reference = "The leaders spoke by phone on Feb. 24. Xi arrived in Moscow on Wednesday.";
        assert_eq!(
            summary(&oracle(5), &[reference]),
            "Xi Jinping arrived in Moscow on Wednesday.\nOn Feb. 24, the leaders spoke by phone."
        );
    }

    #[test]
    fn stops_when_no_sentence_helps_and_respects_the_cap() {
        let reference = "Trade hit a record in 2024.";
        assert_eq!(
            summary(&oracle(5), &[reference]),
            "Trade hit $237.5 billion in 2024."
        );
        let long = "Xi arrived in Moscow. Trade hit $237.5 billion. The leaders spoke by phone.";
        assert_eq!(summary(&oracle(1), &[long]).lines().count(), 1);
        assert_eq!(summary(&oracle(5), &["zebra quokka"]), "");
    }

    #[test]
    fn best_reference_wins_and_stemming_is_on() {
        let out = summary(&oracle(1), &["unrelated words here", "a band playing"]);
        assert_eq!(out, "A band played.");
    }

    #[test]
    fn needs_references_and_only_summarizes() {
        let oracle = oracle(3);
        let kind = |r: &Request| oracle.call(r).result.err().map(|e| e.kind.as_str());
        assert_eq!(
            kind(&request(Task::Summarize, vec![doc("a", NEWS)], None, &[])),
            Some("missing_references")
        );
        assert_eq!(
            kind(&request(Task::Answer, vec![doc("a", NEWS)], None, &["x"])),
            Some("unsupported_task")
        );
        assert!(oracle.supports(Task::Summarize) && !oracle.supports(Task::Answer));
    }
}
