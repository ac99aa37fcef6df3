//! Newsroom extractiveness statistics (Grusky, Naaman and Artzi, NAACL 2018, section 4):
//! how much of a summary is copied from its sources.
//!
//! Text is cut into lowercase alphanumeric tokens ([`crate::text::words::words`]); the
//! article is the item's documents' bodies in item order. Extractive fragments F(A, S) are
//! found greedily as in the paper's Algorithm 1: from each summary position, the longest
//! token sequence shared with the article (any article position) is one fragment, and the
//! scan resumes after it; positions with no match advance by one.
//!
//! - `coverage` = Σ|f| / |S|: share of summary tokens inside a fragment;
//! - `density` = Σ|f|² / |S|: average length of the fragment each token belongs to;
//! - `compression` = |A| / |S|;
//! - `novel_1gram`..`novel_3gram`: share of the summary's n-grams (with repeats) that do not
//!   occur in the article;
//! - `summary_tokens`, `summary_sentences` (the news-aware splitter).
//!
//! These describe a summary's style rather than its quality, so every column is
//! [`Direction::Descriptive`]: a change is shown, never called better or worse.
//! Statistics of an empty summary are 0.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::{
    details_json, Bounds, Column, Direction, Gold, ItemScores, Metric, Prediction, Signature,
};
use crate::text::sentence::split_sentences;
use crate::text::words::words;

/// Version of the statistics; bumped whenever a number could change.
pub const EXTRACTIVE_VERSION: &str = "1";

/// The statistics of one summary against its article.
#[derive(Debug, Clone, PartialEq)]
pub struct Extractive {
    /// Share of summary tokens in an extractive fragment.
    pub coverage: f64,
    /// Mean squared fragment length per summary token.
    pub density: f64,
    /// Article tokens per summary token.
    pub compression: f64,
    /// Share of summary 1-, 2- and 3-grams absent from the article.
    pub novel: [f64; 3],
    /// Summary length in tokens.
    pub tokens: usize,
    /// Summary length in sentences.
    pub sentences: usize,
    /// The fragments, as token lists joined by spaces.
    pub fragments: Vec<String>,
}

/// What the statistics record per item: the fragments they were computed from. The numbers
/// describe the summary's style, so there is nothing to explain beyond them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtractiveDetails {
    /// The extractive fragments, as token lists joined by spaces, in summary order.
    pub fragments: Vec<String>,
}

/// Greedy fragments F(A, S): (summary start, length) pairs.
pub fn fragments(article: &[String], summary: &[String]) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < summary.len() {
        let mut best = 0;
        for j in 0..article.len() {
            let mut k = 0;
            while i + k < summary.len() && j + k < article.len() && summary[i + k] == article[j + k]
            {
                k += 1;
            }
            best = best.max(k);
        }
        if best > 0 {
            found.push((i, best));
            i += best;
        } else {
            i += 1;
        }
    }
    found
}

fn novel_share(article: &[String], summary: &[String], n: usize) -> f64 {
    let seen: HashSet<&[String]> = article.windows(n).collect();
    let grams: Vec<&[String]> = summary.windows(n).collect();
    if grams.is_empty() {
        return 0.0;
    }
    grams.iter().filter(|g| !seen.contains(*g)).count() as f64 / grams.len() as f64
}

/// The statistics of `summary` written from `article`.
pub fn extractive(article: &str, summary: &str) -> Extractive {
    let a = words(article);
    let s = words(summary);
    let frags = fragments(&a, &s);
    let per_token = |total: usize| {
        if s.is_empty() {
            0.0
        } else {
            total as f64 / s.len() as f64
        }
    };
    Extractive {
        coverage: per_token(frags.iter().map(|f| f.1).sum()),
        density: per_token(frags.iter().map(|f| f.1 * f.1).sum()),
        compression: per_token(a.len()),
        novel: [1, 2, 3].map(|n| novel_share(&a, &s, n)),
        tokens: s.len(),
        sentences: split_sentences(summary).len(),
        fragments: frags.iter().map(|&(i, n)| s[i..i + n].join(" ")).collect(),
    }
}

/// The statistics as metric columns.
pub struct Extractiveness {
    columns: Vec<Column>,
}

/// Column ids, in value order, with the values they take; every one is descriptive.
const COLUMNS: [(&str, Bounds); 8] = [
    ("coverage", Bounds::Unit),
    ("density", Bounds::NonNegative),
    ("compression", Bounds::NonNegative),
    ("novel_1gram", Bounds::Unit),
    ("novel_2gram", Bounds::Unit),
    ("novel_3gram", Bounds::Unit),
    ("summary_tokens", Bounds::NonNegative),
    ("summary_sentences", Bounds::NonNegative),
];

impl Extractiveness {
    /// Coverage, density, compression, novel 1–3-gram shares and the two lengths.
    pub fn new() -> Self {
        let columns = COLUMNS
            .iter()
            .map(|&(id, bounds)| Column {
                id: id.into(),
                signature: Signature::new(id)
                    .with("v", EXTRACTIVE_VERSION)
                    .with("tok", "alnum-lower")
                    .with("frag", "greedy")
                    .with("words", crate::text::words::WORDS_VERSION)
                    .with("sent", crate::text::sentence::SENTENCE_VERSION)
                    .with("agg", "mean"),
                direction: Direction::Descriptive,
                bounds,
            })
            .collect();
        Extractiveness { columns }
    }
}

impl Default for Extractiveness {
    fn default() -> Self {
        Self::new()
    }
}

impl Metric for Extractiveness {
    fn name(&self) -> &str {
        "extractive"
    }

    fn columns(&self) -> &[Column] {
        &self.columns
    }

    fn applies_to(&self, gold: &Gold<'_>) -> bool {
        matches!(gold, Gold::Summary { sources, .. } if !sources.is_empty())
    }

    fn score(&self, prediction: &Prediction<'_>, gold: &Gold<'_>) -> ItemScores {
        let Gold::Summary { sources, .. } = gold else {
            return ItemScores::default();
        };
        let article: Vec<&str> = sources.iter().map(|d| d.text.as_str()).collect();
        let e = extractive(&article.join("\n\n"), prediction.text);
        ItemScores {
            values: vec![
                e.coverage,
                e.density,
                e.compression,
                e.novel[0],
                e.novel[1],
                e.novel[2],
                e.tokens as f64,
                e.sentences as f64,
            ],
            details: details_json(&ExtractiveDetails {
                fragments: e.fragments,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paper_style_example() {
        let e = extractive("The cat sat on the mat today.", "The cat sat on a mat.");
        // "a" is no article token: the scan steps over it.
        assert_eq!(e.fragments, ["the cat sat on", "mat"].map(String::from));
        assert_eq!(e.tokens, 6);
        assert_eq!(e.coverage.to_bits(), (5.0_f64 / 6.0).to_bits());
        assert_eq!(e.density.to_bits(), ((16.0_f64 + 1.0) / 6.0).to_bits());
        assert_eq!(e.compression.to_bits(), (7.0_f64 / 6.0).to_bits());
        assert_eq!(e.novel[0].to_bits(), (1.0_f64 / 6.0).to_bits());
        assert_eq!(e.novel[1].to_bits(), (2.0_f64 / 5.0).to_bits());
        assert_eq!(e.sentences, 1);
    }

    #[test]
    fn empty_summary_is_all_zero() {
        let e = extractive("Some article text.", "");
        assert_eq!(e.tokens, 0);
        let all = [e.coverage, e.density, e.novel[0], e.novel[1], e.novel[2]];
        assert!(all.iter().all(|v| v.to_bits() == 0.0_f64.to_bits()));
    }

    #[test]
    fn details_hold_the_fragments_and_round_trip() {
        let docs = vec![crate::dataset::Document {
            id: "d".into(),
            title: String::new(),
            published: "2025-05-06".into(),
            outlet: "wire".into(),
            text: "The cat sat on the mat today.".into(),
        }];
        let ids = ["d".to_string()];
        let gold = Gold::Summary {
            references: &[],
            key_facts: &[],
            sources: crate::metrics::Sources {
                ids: &ids,
                documents: &docs,
            },
            questions: &[],
        };
        let prediction = Prediction {
            text: "The cat sat on a mat.",
            abstained: false,
            no_answer_probability: None,
        };
        let metric = Extractiveness::new();
        let value = metric.score(&prediction, &gold).details.unwrap();
        assert_eq!(
            value,
            serde_json::json!({"fragments": ["the cat sat on", "mat"]})
        );
        let back: ExtractiveDetails = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(serde_json::to_value(&back).unwrap(), value);
        assert!(metric.explain(&[], &value).unwrap().is_empty());
    }
}
