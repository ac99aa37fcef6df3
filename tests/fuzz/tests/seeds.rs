//! Replays the committed inputs through the targets on stable Rust, without libFuzzer:
//! `cargo test --manifest-path tests/fuzz/Cargo.toml`. Every seed must be accepted (a seed
//! that the reader refuses would only teach the fuzzer about the first error path), and
//! every input in `regressions/` (what fuzzing found, minimized) must run without a panic.

use std::path::{Path, PathBuf};

type Target = fn(&[u8]) -> bool;

const TARGETS: [(&str, Target); 6] = [
    ("run_dir", goldeval_fuzz::run_dir),
    ("golden", goldeval_fuzz::golden),
    ("dataset", goldeval_fuzz::dataset),
    ("toml", goldeval_fuzz::toml),
    ("jsonl", goldeval_fuzz::jsonl),
    ("score_qa", goldeval_fuzz::score_qa),
];

fn files(dir: &str, target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir).join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
    files.sort();
    files
}

#[test]
fn every_seed_is_accepted() {
    for (target, run) in TARGETS {
        let seeds = files("seeds", target);
        assert!(
            !seeds.is_empty(),
            "no seeds for {target}: run python3 tests/fuzz/make_seeds.py from the repository root"
        );
        for seed in seeds {
            let data = std::fs::read(&seed).unwrap();
            assert!(run(&data), "{target} refuses its seed {}", seed.display());
        }
    }
}

#[test]
fn every_regression_input_runs_without_a_panic() {
    for (target, run) in TARGETS {
        for input in files("regressions", target) {
            run(&std::fs::read(&input).unwrap());
        }
    }
}

#[test]
fn empty_and_separator_only_inputs_run_without_a_panic() {
    for (_, run) in TARGETS {
        for data in [
            &b""[..],
            b"\x1e",
            b"\x1e\x1e",
            b"\x1e\x1e\x1e",
            b"\n",
            b"\xef\xbb\xbf",
        ] {
            run(data);
        }
    }
}
