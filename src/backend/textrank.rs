//! `textrank`: a graph-centrality extractive summarizer (Mihalcea & Tarau, 2004).
//!
//! Pipeline:
//! 1. split every document into sentences; sentences of fewer than
//!    [`TextRank::MIN_WORDS`] words (datelines, stray headlines) are left out, unless that
//!    would leave nothing;
//! 2. build an undirected weighted graph whose edge weight is the TextRank similarity
//!    `|C(i) ∩ C(j)| / (ln |S(i)| + ln |S(j)|)`, where `C` is the set of content terms
//!    (stopwords removed, plurals folded) and `|S|` the sentence's word count; a zero or
//!    negative denominator (two one-word sentences) gives weight 0;
//! 3. run weighted PageRank with damping `d` (default 0.85): `r ← (1 − d)/N + d · W̃ᵀ r`,
//!    where `W̃` is the row-normalized weight matrix and a sentence without edges spreads its
//!    rank evenly; iterate until the L1 change is below the tolerance (1e-9) or the cap (200
//!    iterations) is hit. Starting from the uniform vector, this is fully deterministic;
//! 4. take sentences by rank (ties: earlier in the input first), skipping any whose content
//!    terms overlap an already chosen one with Jaccard ≥ [`TextRank::DUPLICATE_JACCARD`]
//!    (for several documents this removes the same fact reported twice), until
//!    `max_sentences` are chosen; when `max_words` is set, a sentence that would exceed the
//!    word budget is skipped (the first one is always taken);
//! 5. output the chosen sentences in input order (document, then position), one per line.

use std::collections::BTreeSet;

use crate::backend::passage::{passages, Passage};
use crate::backend::{Backend, BackendError, Output, Request, Response};
use crate::dataset::Task;
use crate::text::words::{content_terms, jaccard, words};

/// The TextRank summarizer and its parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextRank {
    /// At most this many sentences.
    pub max_sentences: usize,
    /// At most this many words in total, when set.
    pub max_words: Option<usize>,
    /// PageRank damping factor.
    pub damping: f64,
    /// Stop iterating when the L1 change of the rank vector is below this.
    pub tolerance: f64,
    /// Stop iterating after this many rounds in any case.
    pub max_iterations: usize,
}

impl Default for TextRank {
    fn default() -> Self {
        TextRank {
            max_sentences: 3,
            max_words: None,
            damping: 0.85,
            tolerance: 1e-9,
            max_iterations: 200,
        }
    }
}

/// A candidate sentence with its word count and content-term set.
struct Node {
    passage: Passage,
    length: usize,
    terms: BTreeSet<String>,
}

impl TextRank {
    /// Sentences shorter than this many words are not candidates.
    pub const MIN_WORDS: usize = 5;

    /// Word-set overlap at or above which a sentence counts as a repeat and is skipped.
    pub const DUPLICATE_JACCARD: f64 = 0.5;

    /// The summary of `request`'s documents, one sentence per line.
    pub fn summarize(&self, request: &Request) -> String {
        let nodes = nodes(passages(&request.documents));
        let ranks = self.rank(&similarity_matrix(&nodes));
        let mut chosen = self.select(&nodes, &ranks);
        chosen.sort_unstable();
        let lines: Vec<&str> = chosen
            .iter()
            .map(|&i| nodes[i].passage.line.as_str())
            .collect();
        lines.join("\n")
    }

    /// Weighted PageRank over the similarity matrix `weights`.
    fn rank(&self, weights: &[Vec<f64>]) -> Vec<f64> {
        let n = weights.len();
        if n == 0 {
            return Vec::new();
        }
        let out_weight: Vec<f64> = weights.iter().map(|row| row.iter().sum()).collect();
        let mut ranks = vec![1.0 / n as f64; n];
        for _ in 0..self.max_iterations {
            let next = self.step(weights, &out_weight, &ranks);
            let change: f64 = next.iter().zip(&ranks).map(|(a, b)| (a - b).abs()).sum();
            ranks = next;
            if change < self.tolerance {
                break;
            }
        }
        ranks
    }

    /// One PageRank iteration.
    fn step(&self, weights: &[Vec<f64>], out_weight: &[f64], ranks: &[f64]) -> Vec<f64> {
        let n = ranks.len() as f64;
        let dangling: f64 = ranks
            .iter()
            .zip(out_weight)
            .filter(|(_, &w)| w <= 0.0)
            .map(|(r, _)| r)
            .sum();
        let base = (1.0 - self.damping) / n + self.damping * dangling / n;
        (0..ranks.len())
            .map(|i| {
                let inflow: f64 = (0..ranks.len())
                    .filter(|&j| out_weight[j] > 0.0)
                    .map(|j| weights[j][i] / out_weight[j] * ranks[j])
                    .sum();
                base + self.damping * inflow
            })
            .collect()
    }

    /// Indices of the chosen nodes, by rank, without near-repeats and within the limits.
    fn select(&self, nodes: &[Node], ranks: &[f64]) -> Vec<usize> {
        let mut order: Vec<usize> = (0..nodes.len()).collect();
        order.sort_by(|&a, &b| ranks[b].total_cmp(&ranks[a]).then(a.cmp(&b)));
        let mut chosen: Vec<usize> = Vec::new();
        let mut words_used = 0;
        for i in order {
            if chosen.len() >= self.max_sentences {
                break;
            }
            let over_budget = self
                .max_words
                .is_some_and(|budget| !chosen.is_empty() && words_used + nodes[i].length > budget);
            let repeat = chosen
                .iter()
                .any(|&c| jaccard(&nodes[c].terms, &nodes[i].terms) >= Self::DUPLICATE_JACCARD);
            if !over_budget && !repeat {
                words_used += nodes[i].length;
                chosen.push(i);
            }
        }
        chosen
    }
}

/// The candidate sentences: those with at least [`TextRank::MIN_WORDS`] words, or all of
/// them when none is that long.
fn nodes(passages: Vec<Passage>) -> Vec<Node> {
    let all: Vec<Node> = passages
        .into_iter()
        .map(|passage| Node {
            length: words(&passage.line).len(),
            terms: content_terms(&passage.line).into_iter().collect(),
            passage,
        })
        .collect();
    if all.iter().any(|n| n.length >= TextRank::MIN_WORDS) {
        all.into_iter()
            .filter(|n| n.length >= TextRank::MIN_WORDS)
            .collect()
    } else {
        all
    }
}

/// The symmetric TextRank similarity matrix, with a zero diagonal.
fn similarity_matrix(nodes: &[Node]) -> Vec<Vec<f64>> {
    (0..nodes.len())
        .map(|i| {
            (0..nodes.len())
                .map(|j| {
                    if i == j {
                        0.0
                    } else {
                        similarity(&nodes[i], &nodes[j])
                    }
                })
                .collect()
        })
        .collect()
}

/// Mihalcea & Tarau's sentence similarity.
fn similarity(a: &Node, b: &Node) -> f64 {
    let overlap = a.terms.intersection(&b.terms).count() as f64;
    let denominator = (a.length as f64).ln() + (b.length as f64).ln();
    if overlap == 0.0 || denominator <= 0.0 {
        0.0
    } else {
        overlap / denominator
    }
}

impl Backend for TextRank {
    fn name(&self) -> &str {
        "textrank"
    }

    fn describe(&self) -> String {
        format!(
            "graph centrality (TextRank similarity, PageRank d={}), top {} sentences in input order",
            self.damping, self.max_sentences
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

    use super::TextRank;
    use crate::backend::Backend;
    use crate::dataset::Document;
    use crate::dataset::Task;

    const NEWS: &str = "Chinese President Xi Jinping arrived in Moscow for talks with \
        Russian President Vladimir Putin. The U.S. embassy said nothing about it.\n\n\
        Trade between China and Russia reached $237.5 billion, a record, as Xi and Putin \
        deepened ties. On Feb. 24, Xi and Putin spoke by phone about trade and ties.\n\n\
        A marching band rehearsed in the rain on Sunday night.";

    fn summary(textrank: TextRank, docs: Vec<Arc<Document>>) -> String {
        output(&textrank, &request(Task::Summarize, docs, None, &[])).text
    }

    #[test]
    fn picks_central_sentences_in_document_order() {
        let two = TextRank {
            max_sentences: 2,
            ..TextRank::default()
        };
        assert_eq!(
            summary(two, vec![doc("a", NEWS)]),
            "Trade between China and Russia reached $237.5 billion, a record, as Xi and \
             Putin deepened ties.\n\
             On Feb. 24, Xi and Putin spoke by phone about trade and ties."
        );
    }

    #[test]
    fn ranks_sum_to_one_and_isolated_sentences_rank_lowest() {
        let textrank = TextRank::default();
        let weights = vec![
            vec![0.0, 1.0, 0.5, 0.0],
            vec![1.0, 0.0, 0.5, 0.0],
            vec![0.5, 0.5, 0.0, 0.0],
            vec![0.0, 0.0, 0.0, 0.0],
        ];
        let ranks = textrank.rank(&weights);
        assert!((ranks.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        assert!(ranks[0] > ranks[2] && ranks[2] > ranks[3]);
        assert!((ranks[0] - ranks[1]).abs() < 1e-12);
    }

    #[test]
    fn near_repeats_across_documents_appear_once() {
        let repeated = "Xi Jinping and Vladimir Putin signed a joint statement on trade ties.";
        let docs = vec![
            doc(
                "a",
                &format!("{repeated} Xi and Putin discussed trade ties at length."),
            ),
            doc(
                "b",
                &format!("{repeated} Putin also praised a new gas pipeline deal."),
            ),
        ];
        let out = summary(TextRank::default(), docs);
        assert_eq!(out.matches("joint statement").count(), 1, "{out}");
        assert_eq!(out.lines().count(), 3, "{out}");
    }

    #[test]
    fn word_budget_limits_the_summary() {
        let textrank = TextRank {
            max_words: Some(20),
            ..TextRank::default()
        };
        let out = summary(textrank, vec![doc("a", NEWS)]);
        let total: usize = out.lines().map(|l| l.split_whitespace().count()).sum();
        assert!(total <= 20 || out.lines().count() == 1, "{out}");
        assert!(!out.is_empty());
    }

    #[test]
    fn is_deterministic_and_survives_odd_input() {
        let docs = vec![doc("a", NEWS), doc("b", NEWS)];
        let first = summary(TextRank::default(), docs.clone());
        assert_eq!(first, summary(TextRank::default(), docs));
        assert_eq!(summary(TextRank::default(), vec![]), "");
        assert_eq!(
            summary(TextRank::default(), vec![doc("a", "Hi. Yo.")]),
            "Hi.\nYo."
        );
        assert_eq!(summary(TextRank::default(), vec![doc("a", "...")]), "...");
    }

    #[test]
    fn refuses_to_answer_questions() {
        match TextRank::default()
            .call(&request(Task::Answer, vec![], None, &[]))
            .result
        {
            Err(error) => assert_eq!(error.kind.as_str(), "unsupported_task"),
            Ok(output) => panic!("expected an error, got {output:?}"),
        }
    }
}
