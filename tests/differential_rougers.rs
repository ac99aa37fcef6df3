//! Differential property test: goldeval's ROUGE against the `rougers` crate (0.2.1), an
//! independent Rust implementation that claims scores identical to rouge-score 0.1.2.
//!
//! Random texts (ASCII words from a small vocabulary so n-grams repeat, capitals, digits,
//! punctuation, apostrophes, hyphens, blank and whitespace-only lines, empty texts) are scored
//! for rouge1–rouge4, rougeL and rougeLsum, stemmer off and on, against one reference
//! (`score`) and several (`score_multi`). Every number must be equal bit for bit.

use goldeval::unstable::metrics::{Rouge, RougeType};
use proptest::prelude::*;

const TYPES: [&str; 6] = [
    "rouge1",
    "rouge2",
    "rouge3",
    "rouge4",
    "rougeL",
    "rougeLsum",
];

/// A small vocabulary with stemmable words (plurals, -ing, -ed, -ly), short words under the
/// 3-character stemming threshold and words that share a stem.
const WORDS: [&str; 24] = [
    "the",
    "cat",
    "cats",
    "running",
    "runs",
    "ran",
    "a",
    "is",
    "was",
    "flying",
    "flies",
    "generously",
    "generous",
    "agreement",
    "agreed",
    "xi",
    "moscow",
    "visit",
    "visited",
    "talks",
    "talking",
    "relational",
    "conditional",
    "hopping",
];

/// One piece of text: a word (maybe capitalized), a number, punctuation or whitespace.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => prop::sample::select(&WORDS[..]).prop_map(str::to_string),
        2 => prop::sample::select(&WORDS[..]).prop_map(|w| w.to_uppercase()),
        1 => "[a-zA-Z0-9]{1,12}",
        1 => (0u32..100_000).prop_map(|n| n.to_string()),
        1 => prop::sample::select(&[".", ",", "'s", "-", "!", "?", "(", ")", "$", "%"][..])
            .prop_map(str::to_string),
    ]
}

fn separator() -> impl Strategy<Value = &'static str> {
    prop::sample::select(&[" ", " ", " ", " ", "\n", "\n\n", " \n ", "\t", ""][..])
}

/// A text of 0–60 pieces with random separators (so lines, empty lines and glued tokens).
fn text() -> impl Strategy<Value = String> {
    prop::collection::vec((piece(), separator()), 0..60).prop_map(|parts| {
        parts
            .into_iter()
            .flat_map(|(p, s)| [p, s.to_string()])
            .collect()
    })
}

fn goldeval_scorer(stem: bool) -> Rouge {
    let types: Vec<RougeType> = TYPES.iter().map(|t| t.parse().unwrap()).collect();
    Rouge::builder().types(types).stemmer(stem).build().unwrap()
}

/// Both implementations' `[P, R, F]` bits per type, as (goldeval, rougers).
fn both(prediction: &str, references: &[String], stem: bool) -> (Vec<[u64; 3]>, Vec<[u64; 3]>) {
    let refs: Vec<&str> = references.iter().map(String::as_str).collect();
    let ours = goldeval_scorer(stem)
        .score(prediction, &refs)
        .iter()
        .map(|s| {
            [
                s.precision.to_bits(),
                s.recall.to_bits(),
                s.fmeasure.to_bits(),
            ]
        })
        .collect();
    let scorer = rougers::RougeScorer::new(TYPES, stem).unwrap();
    let scores = if references.len() == 1 {
        scorer.score(&references[0], prediction)
    } else {
        scorer.score_multi(references, prediction).unwrap()
    };
    let theirs = scores
        .iter()
        .map(|(_, s)| {
            [
                s.precision.to_bits(),
                s.recall.to_bits(),
                s.fmeasure.to_bits(),
            ]
        })
        .collect();
    (ours, theirs)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn scores_equal_rougers_for_every_type_with_and_without_stemmer(
        prediction in text(),
        references in prop::collection::vec(text(), 1..4),
        stem in any::<bool>(),
    ) {
        let (ours, theirs) = both(&prediction, &references, stem);
        prop_assert_eq!(ours, theirs);
    }

    #[test]
    fn scores_equal_rougers_when_the_reference_repeats_prediction_lines(
        prediction in text(),
        keep in prop::collection::vec(any::<bool>(), 0..40),
        stem in any::<bool>(),
    ) {
        // Extractive references: a subset of the prediction's lines, so long LCS chains and
        // many ties in the Lsum traceback.
        let reference: String = prediction
            .split('\n')
            .zip(keep.iter().chain(std::iter::repeat(&true)))
            .filter(|(_, &k)| k)
            .map(|(line, _)| line)
            .collect::<Vec<_>>()
            .join("\n");
        let (ours, theirs) = both(&prediction, &[reference], stem);
        prop_assert_eq!(ours, theirs);
    }
}

#[test]
fn the_differential_test_can_see_a_difference() {
    // Guard against a vacuous comparison: different texts give different bits on both sides.
    let (a, _) = both("the cat sat", &["the cat".to_string()], false);
    let (_, b) = both("the cat", &["the cat".to_string()], false);
    assert_ne!(a, b);
}
