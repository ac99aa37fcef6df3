//! ROUGE parity with Google's rouge-score 0.1.2 (and NLTK 3.9.1's Porter stemmer), bit for bit.
//!
//! Ground truth: `tests/fixtures/rouge/`, produced by `generate.py` there (rouge-score 0.1.2,
//! nltk 3.9.1, numpy 2.4.6, Python 3.11; command in its README). Every number is compared
//! with `to_bits()`: zero tolerance. The fixtures are committed, so no Python is needed.

use std::path::PathBuf;

use goldeval::unstable::metrics::{RefMode, Rouge, RougeType, Score};
use goldeval::unstable::text::tokenize::Tokenizer;
use serde::Deserialize;
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/rouge")
        .join(name)
}

#[derive(Deserialize)]
struct Pair {
    id: String,
    prediction: String,
    references: Vec<String>,
    nostem: std::collections::BTreeMap<String, [f64; 3]>,
    stem: std::collections::BTreeMap<String, [f64; 3]>,
    #[serde(default)]
    nostem_per_ref: Vec<std::collections::BTreeMap<String, [f64; 3]>>,
    #[serde(default)]
    stem_per_ref: Vec<std::collections::BTreeMap<String, [f64; 3]>>,
}

fn pairs() -> Vec<Pair> {
    let text = std::fs::read_to_string(fixture("pairs.jsonl")).expect("pairs.jsonl");
    text.lines()
        .map(|l| serde_json::from_str(l).expect("fixture line"))
        .collect()
}

fn bits(s: &Score) -> [u64; 3] {
    [
        s.precision.to_bits(),
        s.recall.to_bits(),
        s.fmeasure.to_bits(),
    ]
}

fn expected_bits(v: &[f64; 3]) -> [u64; 3] {
    [v[0].to_bits(), v[1].to_bits(), v[2].to_bits()]
}

/// Compares every pair of the fixture for `types`; returns (numbers compared, mismatches).
fn compare(types: &[&str], stem: bool) -> (usize, Vec<String>) {
    let parsed: Vec<RougeType> = types.iter().map(|t| t.parse().unwrap()).collect();
    let rouge = Rouge::builder()
        .types(parsed)
        .stemmer(stem)
        .build()
        .unwrap();
    let (mut compared, mut mismatches) = (0, Vec::new());
    for pair in pairs() {
        let refs: Vec<&str> = pair.references.iter().map(String::as_str).collect();
        let got = rouge.score(&pair.prediction, &refs);
        let expected = if stem { &pair.stem } else { &pair.nostem };
        for (t, score) in types.iter().zip(&got) {
            compared += 3;
            let want = expected[*t];
            if bits(score) != expected_bits(&want) {
                mismatches.push(format!(
                    "{} {t}: got {score:?}, rouge-score {want:?}",
                    pair.id
                ));
            }
        }
    }
    (compared, mismatches)
}

#[allow(clippy::print_stderr)] // reports the count with --nocapture
fn assert_parity(types: &[&str], stem: bool) {
    let (compared, mismatches) = compare(types, stem);
    assert!(compared > 6_000, "only {compared} numbers compared");
    assert!(
        mismatches.is_empty(),
        "{} of {compared} numbers differ from rouge-score 0.1.2, e.g.:\n{}",
        mismatches.len(),
        mismatches[..mismatches.len().min(10)].join("\n")
    );
    eprintln!("{types:?} stem={stem}: {compared} numbers identical to rouge-score 0.1.2");
}

#[test]
fn rouge_n_matches_rouge_score_0_1_2_without_stemmer() {
    assert_parity(&["rouge1", "rouge2", "rouge3", "rouge4"], false);
}

#[test]
fn rouge_n_matches_rouge_score_0_1_2_with_stemmer() {
    assert_parity(&["rouge1", "rouge2", "rouge3", "rouge4"], true);
}

#[test]
fn rouge_l_matches_rouge_score_0_1_2_without_stemmer() {
    assert_parity(&["rougeL"], false);
}

#[test]
fn rouge_l_matches_rouge_score_0_1_2_with_stemmer() {
    assert_parity(&["rougeL"], true);
}

#[test]
fn rouge_lsum_matches_rouge_score_0_1_2_without_stemmer() {
    assert_parity(&["rougeLsum"], false);
}

#[test]
fn rouge_lsum_matches_rouge_score_0_1_2_with_stemmer() {
    assert_parity(&["rougeLsum"], true);
}

#[test]
fn all_types_in_one_scorer_match_rouge_score_0_1_2() {
    // Types share the engine's scratch state; order must not matter.
    assert_parity(
        &[
            "rougeLsum",
            "rouge4",
            "rougeL",
            "rouge1",
            "rouge3",
            "rouge2",
        ],
        true,
    );
}

#[test]
fn mean_mode_is_the_mean_of_rouge_score_per_reference_scores() {
    let types = ["rouge1", "rouge2", "rougeL", "rougeLsum"];
    let mut compared = 0;
    for stem in [false, true] {
        let rouge = Rouge::builder()
            .types(types.iter().map(|t| t.parse().unwrap()))
            .stemmer(stem)
            .refs(RefMode::Mean)
            .build()
            .unwrap();
        for pair in pairs().iter().filter(|p| p.references.len() > 1) {
            let per_ref = if stem {
                &pair.stem_per_ref
            } else {
                &pair.nostem_per_ref
            };
            let refs: Vec<&str> = pair.references.iter().map(String::as_str).collect();
            let got = rouge.score(&pair.prediction, &refs);
            for (t, score) in types.iter().zip(&got) {
                let k = per_ref.len() as f64;
                let mut sum = [0.0f64; 3];
                for r in per_ref {
                    for (acc, v) in sum.iter_mut().zip(r[*t]) {
                        *acc += v;
                    }
                }
                let want = [sum[0] / k, sum[1] / k, sum[2] / k];
                assert_eq!(bits(score), expected_bits(&want), "{} {t}", pair.id);
                compared += 3;
            }
        }
    }
    assert!(compared > 1_000, "only {compared} numbers compared");
}

#[test]
fn porter_matches_nltk_3_9_1_on_every_wamerican_token() {
    let text = std::fs::read_to_string(fixture("porter_nltk.txt")).expect("porter_nltk.txt");
    let mut mismatches = Vec::new();
    let mut count = 0;
    for line in text.lines() {
        let (word, expected) = line.split_once('\t').unwrap_or((line, line));
        count += 1;
        let got = goldeval::unstable::text::porter::stem(word);
        if got != expected {
            mismatches.push(format!("{word}: got {got}, nltk {expected}"));
        }
    }
    assert!(count > 70_000, "only {count} words");
    assert!(
        mismatches.is_empty(),
        "{} of {count} stems differ from NLTK:\n{}",
        mismatches.len(),
        mismatches[..mismatches.len().min(20)].join("\n")
    );
}

/// `rouge_tricky.jsonl` (from the shared reference notes) carries rouge-score's tokens and
/// scores per case; both must match.
#[test]
fn rouge_tricky_cases_match_rouge_score_0_1_2_tokens_and_scores() {
    let text = std::fs::read_to_string(fixture("rouge_tricky.jsonl")).expect("tricky");
    let types = ["rouge1", "rouge2", "rougeL", "rougeLsum"];
    let mut compared = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let case: Value = serde_json::from_str(line).unwrap();
        let id = case["id"].as_str().unwrap();
        let prediction = case["prediction"].as_str().unwrap();
        let refs: Vec<&str> = case["references"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_str().unwrap())
            .collect();
        for (mode, stem) in [("nostem", false), ("stem", true)] {
            let tokens = &case["tokens"][mode];
            let want: Vec<String> = serde_json::from_value(tokens["prediction"].clone()).unwrap();
            assert_eq!(
                Tokenizer::RougeScore.tokenize(prediction, stem),
                want,
                "{id}"
            );
            let rouge = Rouge::builder()
                .types(types.iter().map(|t| t.parse().unwrap()))
                .stemmer(stem)
                .build()
                .unwrap();
            let got = rouge.score(prediction, &refs);
            for (t, score) in types.iter().zip(&got) {
                let want = &case[mode][*t];
                let want = [
                    want["precision"].as_f64().unwrap(),
                    want["recall"].as_f64().unwrap(),
                    want["fmeasure"].as_f64().unwrap(),
                ];
                assert_eq!(bits(score), expected_bits(&want), "{id} {mode} {t}");
                compared += 3;
            }
        }
    }
    assert!(compared > 1_000, "only {compared} numbers compared");
}
