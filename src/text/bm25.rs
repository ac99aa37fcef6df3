//! Okapi BM25 over a small in-memory collection (for the baselines, a document's sentences).
//!
//! Score of passage `d` for query `q` (Robertson & Zaragoza, 2009), over the distinct query
//! terms `t`:
//!
//! `Σ idf(t) · tf(t,d) · (k1 + 1) / (tf(t,d) + k1 · (1 − b + b · |d| / avgdl))`
//!
//! with `idf(t) = ln(1 + (N − df(t) + 0.5) / (df(t) + 0.5))`, the Lucene form, which is never
//! negative. Invariants: scores are finite and ≥ 0; an empty collection or query scores 0;
//! repeated query terms count once, so a scorer's results do not depend on query phrasing
//! that repeats a word.

use std::collections::{BTreeSet, HashMap};

/// BM25 parameters; the defaults are the textbook `k1 = 1.2`, `b = 0.75`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bm25Params {
    /// Term-frequency saturation.
    pub k1: f64,
    /// Length normalization, 0 (none) to 1 (full).
    pub b: f64,
}

impl Default for Bm25Params {
    fn default() -> Self {
        Bm25Params { k1: 1.2, b: 0.75 }
    }
}

/// An index of passages, each given as its list of terms.
#[derive(Debug, Clone)]
pub struct Bm25 {
    params: Bm25Params,
    counts: Vec<HashMap<String, usize>>,
    lengths: Vec<usize>,
    average_length: f64,
    document_frequency: HashMap<String, usize>,
}

impl Bm25 {
    /// Indexes `passages` (each a list of terms) with the given parameters.
    pub fn new(passages: &[Vec<String>], params: Bm25Params) -> Bm25 {
        let counts: Vec<HashMap<String, usize>> = passages.iter().map(|p| term_counts(p)).collect();
        let lengths: Vec<usize> = passages.iter().map(Vec::len).collect();
        let total: usize = lengths.iter().sum();
        let average_length = if passages.is_empty() {
            0.0
        } else {
            total as f64 / passages.len() as f64
        };
        let mut document_frequency = HashMap::new();
        for passage in &counts {
            for term in passage.keys() {
                *document_frequency.entry(term.clone()).or_insert(0) += 1;
            }
        }
        Bm25 {
            params,
            counts,
            lengths,
            average_length,
            document_frequency,
        }
    }

    /// The number of indexed passages.
    pub fn len(&self) -> usize {
        self.counts.len()
    }

    /// Whether no passage is indexed.
    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }

    /// The inverse document frequency of `term` (high for rare terms, > 0 always).
    pub fn idf(&self, term: &str) -> f64 {
        let n = self.counts.len() as f64;
        let df = self.document_frequency.get(term).copied().unwrap_or(0) as f64;
        (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
    }

    /// The BM25 score of passage `index` for `query`; 0 for an index out of range.
    pub fn score(&self, query: &[String], index: usize) -> f64 {
        let Some(counts) = self.counts.get(index) else {
            return 0.0;
        };
        let Bm25Params { k1, b } = self.params;
        let relative = if self.average_length > 0.0 {
            self.lengths[index] as f64 / self.average_length
        } else {
            0.0
        };
        let norm = k1 * (1.0 - b + b * relative);
        distinct(query)
            .into_iter()
            .map(|term| {
                let tf = counts.get(term).copied().unwrap_or(0) as f64;
                self.idf(term) * tf * (k1 + 1.0) / (tf + norm)
            })
            .sum()
    }

    /// Every passage's score for `query`, in passage order.
    pub fn scores(&self, query: &[String]) -> Vec<f64> {
        (0..self.len()).map(|i| self.score(query, i)).collect()
    }
}

/// How often each term occurs in `terms`.
fn term_counts(terms: &[String]) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for term in terms {
        *counts.entry(term.clone()).or_insert(0) += 1;
    }
    counts
}

/// The distinct terms of `query`, in first-occurrence order.
fn distinct(query: &[String]) -> Vec<&str> {
    let mut seen = BTreeSet::new();
    query
        .iter()
        .map(String::as_str)
        .filter(|term| seen.insert(*term))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{Bm25, Bm25Params};

    fn terms(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_string).collect()
    }

    fn index(passages: &[&str]) -> Bm25 {
        let passages: Vec<Vec<String>> = passages.iter().map(|p| terms(p)).collect();
        Bm25::new(&passages, Bm25Params::default())
    }

    #[test]
    fn matches_a_hand_computed_score() {
        let bm25 = index(&["trade record", "parade moscow parade", "trade"]);
        // N = 3, df(parade) = 1: idf = ln(1 + 2.5 / 1.5); avgdl = 2, |d| = 3, tf = 2.
        let idf = (1.0 + 2.5 / 1.5_f64).ln();
        let norm = 1.2 * (1.0 - 0.75 + 0.75 * 1.5);
        let expected = idf * 2.0 * 2.2 / (2.0 + norm);
        assert!((bm25.score(&terms("parade"), 1) - expected).abs() < 1e-12);
    }

    #[test]
    fn rare_terms_outweigh_common_ones() {
        let bm25 = index(&["trade record", "trade parade", "trade"]);
        assert!(bm25.idf("parade") > bm25.idf("trade"));
        let scores = bm25.scores(&terms("trade parade"));
        assert!(scores[1] > scores[0] && scores[1] > scores[2]);
    }

    #[test]
    fn repeated_query_terms_count_once() {
        let bm25 = index(&["xi putin", "putin"]);
        let once = bm25.score(&terms("putin"), 0);
        let twice = bm25.score(&terms("putin putin"), 0);
        assert!((once - twice).abs() < 1e-12);
    }

    #[test]
    fn empty_inputs_score_zero() {
        let empty = index(&[]);
        assert!(empty.is_empty());
        assert!(empty.scores(&terms("xi")).is_empty());
        let bm25 = index(&["", "xi"]);
        assert!(bm25.score(&[], 1).abs() < 1e-12);
        assert!(bm25.score(&terms("xi"), 0).abs() < 1e-12);
        assert!(bm25.score(&terms("xi"), 9).abs() < 1e-12);
        assert!(bm25.idf("absent") > 0.0);
    }
}
