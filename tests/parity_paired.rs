//! Paired statistics against values computed independently with numpy 2.4.6 and
//! scipy 1.17.1 (`tests/fixtures/stats/generate.py`): bootstrap intervals of a mean and of a
//! paired difference, the exact paired permutation test, the exact binomial (sign and
//! McNemar) test, and Holm's adjustment.

use std::path::PathBuf;

use goldeval::unstable::stats::hypothesis::{binomial_two_sided, holm, mcnemar, permutation_test};
use goldeval::unstable::stats::paired::{mean_ci, paired_difference_ci, Estimate};
use goldeval::unstable::stats::{Bootstrap, Mt19937};
use serde_json::Value;

fn fixture() -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/stats/paired.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn floats(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect()
}

fn close(got: f64, want: f64, what: &str) {
    assert!(
        (got - want).abs() <= 1e-12 * want.abs().max(1.0),
        "{what}: got {got}, scipy/numpy {want}"
    );
}

fn same_estimate(got: Estimate, want: &Value, what: &str) {
    close(got.value, want["mean"].as_f64().unwrap(), what);
    close(got.low, want["low"].as_f64().unwrap(), what);
    close(got.high, want["high"].as_f64().unwrap(), what);
}

#[test]
fn bootstrap_intervals_match_numpy() {
    for (i, case) in fixture()["pairs"].as_array().unwrap().iter().enumerate() {
        let (a, b) = (floats(&case["a"]), floats(&case["b"]));
        let seed = u32::try_from(case["seed"].as_u64().unwrap()).unwrap();
        let samples = usize::try_from(case["samples"].as_u64().unwrap()).unwrap();
        let settings = Bootstrap::new(samples, case["level"].as_f64().unwrap()).unwrap();
        let m = mean_ci(&a, &settings, &mut Mt19937::new(seed)).unwrap();
        same_estimate(m, &case["mean_ci_a"], &format!("case {i} mean"));
        let d = paired_difference_ci(&a, &b, &settings, &mut Mt19937::new(seed)).unwrap();
        same_estimate(d, &case["paired_ci"], &format!("case {i} paired"));
    }
}

#[test]
fn exact_permutation_p_values_match_scipy() {
    for (i, case) in fixture()["pairs"].as_array().unwrap().iter().enumerate() {
        let (a, b) = (floats(&case["a"]), floats(&case["b"]));
        let d: Vec<f64> = a.iter().zip(&b).map(|(x, y)| y - x).collect();
        let got = permutation_test(&d, 1000, &mut Mt19937::new(0));
        assert!(got.exact, "case {i} has at most 16 pairs");
        close(
            got.p,
            case["permutation_p"].as_f64().unwrap(),
            &format!("case {i}"),
        );
    }
}

#[test]
fn monte_carlo_permutation_is_near_the_exact_value() {
    // 16 non-zero differences are enumerated; 17 switch to Monte Carlo. With 20,000 random
    // sign vectors the estimate's standard error is below 0.004.
    let case = &fixture()["pairs"][2];
    let (a, b) = (floats(&case["a"]), floats(&case["b"]));
    let mut d: Vec<f64> = a.iter().zip(&b).map(|(x, y)| y - x).collect();
    d.extend([0.01, -0.02]);
    let exact = permutation_test(&d[..16], 0, &mut Mt19937::new(0));
    let mc = permutation_test(&d, 20_000, &mut Mt19937::new(12345));
    assert!(!mc.exact && exact.exact);
    assert!((mc.p - exact.p).abs() < 0.05, "{} vs {}", mc.p, exact.p);
}

#[test]
fn binomial_tests_match_scipy_binomtest() {
    for case in fixture()["binomial"].as_array().unwrap() {
        let (k, n) = (case["k"].as_u64().unwrap(), case["n"].as_u64().unwrap());
        let want = case["p"].as_f64().unwrap();
        let got = binomial_two_sided(k, n);
        assert!(
            (got - want).abs() <= 1e-12 * want.max(1e-300),
            "{k}/{n}: {got} vs {want}"
        );
        assert_eq!(mcnemar(k, n - k).to_bits(), got.to_bits());
    }
}

#[test]
fn holm_matches_the_hand_written_reference() {
    for case in fixture()["holm"].as_array().unwrap() {
        let got = holm(&floats(&case["p"]));
        for (g, w) in got.iter().zip(floats(&case["adjusted"])) {
            close(*g, w, "holm");
        }
    }
}
