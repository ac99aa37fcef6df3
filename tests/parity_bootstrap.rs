//! Seeded bootstrap parity with numpy 2.4.6's legacy MT19937 and rouge-score 0.1.2's
//! `BootstrapAggregator`, bit for bit. Ground truth: `tests/fixtures/rouge/bootstrap.json`
//! (see the README there).

use std::path::PathBuf;

use goldeval::unstable::stats::{Bootstrap, Mt19937};
use serde_json::Value;

fn fixture() -> Value {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rouge/bootstrap.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn u64s(v: &Value) -> Vec<u64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_u64().unwrap())
        .collect()
}

fn triple(v: &Value) -> [f64; 3] {
    let a = v.as_array().unwrap();
    [
        a[0].as_f64().unwrap(),
        a[1].as_f64().unwrap(),
        a[2].as_f64().unwrap(),
    ]
}

fn bits(v: [f64; 3]) -> [u64; 3] {
    v.map(f64::to_bits)
}

#[test]
fn mt19937_first_outputs_match_numpy_random_seed() {
    for case in fixture()["mt19937"].as_array().unwrap() {
        let seed = u32::try_from(case["seed"].as_u64().unwrap()).unwrap();
        let mut rng = Mt19937::new(seed);
        let got: Vec<u64> = (0..16).map(|_| u64::from(rng.next_u32())).collect();
        assert_eq!(got, u64s(&case["u32"]), "seed {seed}");
    }
}

#[test]
fn index_draws_match_numpy_random_choice() {
    for case in fixture()["choice"].as_array().unwrap() {
        let seed = u32::try_from(case["seed"].as_u64().unwrap()).unwrap();
        let n = case["n"].as_u64().unwrap();
        let mut rng = Mt19937::new(seed);
        let got: Vec<u64> = (0..n).map(|_| rng.index(n)).collect();
        assert_eq!(got, u64s(&case["indices"]), "seed {seed} n {n}");
    }
}

#[test]
fn bootstrap_matches_rouge_score_0_1_2_bootstrap_aggregator_seeded() {
    let mut compared = 0;
    for case in fixture()["aggregate"].as_array().unwrap() {
        let seed = u32::try_from(case["seed"].as_u64().unwrap()).unwrap();
        let samples = usize::try_from(case["n_samples"].as_u64().unwrap()).unwrap();
        let bootstrap = Bootstrap::new(samples, 0.95).unwrap();
        let mut rng = Mt19937::new(seed);
        // rouge-score aggregates the types in order from one continuing stream.
        for t in case["types"].as_array().unwrap() {
            let t = t.as_str().unwrap();
            let rows: Vec<[f64; 3]> = case["scores"]
                .as_array()
                .unwrap()
                .iter()
                .map(|row| triple(&row[t]))
                .collect();
            let got = bootstrap.interval(&rows, &mut rng).unwrap();
            let want = &case["result"][t];
            let context = format!("seed {seed} samples {samples} n {} {t}", rows.len());
            assert_eq!(bits(got.low), bits(triple(&want["low"])), "low {context}");
            assert_eq!(bits(got.mid), bits(triple(&want["mid"])), "mid {context}");
            assert_eq!(
                bits(got.high),
                bits(triple(&want["high"])),
                "high {context}"
            );
            compared += 9;
        }
    }
    assert!(compared >= 1_000, "only {compared} numbers compared");
}
