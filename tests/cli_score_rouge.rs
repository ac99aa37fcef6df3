//! `goldeval score rouge` through the real binary.

use std::fmt::Write as _;

use goldeval::unstable::metrics::{Rouge, RougeType};
use serde_json::Value;

use crate::util::Goldeval;

fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> String {
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

fn line(id: usize, prediction: &str, references: &[&str]) -> String {
    serde_json::json!({"id": format!("item-{id}"), "prediction": prediction, "references": references})
        .to_string()
}

#[test]
fn scores_each_line_in_input_order_with_the_library_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::new();
    let mut items = Vec::new();
    // More than one chunk (4096 lines), so chunk boundaries and parallel order are covered.
    for i in 0..5000 {
        let pred = format!("the cat {} sat\non the mat {}", i % 7, i % 13);
        let refs = [
            format!("a cat sat {}\non a mat", i % 5),
            format!("mat {}", i % 3),
        ];
        writeln!(text, "{}", line(i, &pred, &[&refs[0], &refs[1]])).unwrap();
        items.push((pred, refs));
    }
    let input = write(&dir, "pairs.jsonl", &text);
    let out = Goldeval::new([
        "score",
        "rouge",
        "--input",
        &input,
        "--stemmer",
        "--threads",
        "2",
    ])
    .code(0);
    let rouge = Rouge::builder()
        .types([
            RougeType::N(1),
            RougeType::N(2),
            RougeType::L,
            RougeType::Lsum,
        ])
        .stemmer(true)
        .build()
        .unwrap();
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 5000);
    for (i, (l, (pred, refs))) in lines.iter().zip(&items).enumerate() {
        let v: Value = serde_json::from_str(l).unwrap();
        assert_eq!(v["id"], format!("item-{i}"));
        let want = rouge.score(pred, &[&refs[0], &refs[1]]);
        for (t, s) in rouge.types().iter().zip(&want) {
            let got = &v[t.to_string()];
            assert_eq!(
                got["fmeasure"].as_f64().unwrap().to_bits(),
                s.fmeasure.to_bits(),
                "{i} {t}"
            );
            assert_eq!(
                got["precision"].as_f64().unwrap().to_bits(),
                s.precision.to_bits()
            );
        }
    }
    assert!(
        out.stderr
            .contains("rougeLsum|tok:rouge-score|stem:porter|refs:max|agg:mean|goldeval:"),
        "{}",
        out.stderr
    );
}

#[test]
fn every_malformed_line_is_reported_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let text = [
        line(1, "a b", &["a"]),
        "{\"id\": \"x\", \"prediction\": \"a\"}".to_string(),
        "not json".to_string(),
        "{\"id\": \"y\", \"prediction\": \"a\", \"references\": []}".to_string(),
        String::new(),
        "{\"id\": \"z\", \"prediction\": 3, \"reference\": \"a\"}".to_string(),
        "{\"id\": \"w\", \"prediction\": \"a\", \"reference\": \"a\", \"extra\": 1}".to_string(),
    ]
    .join("\n");
    let input = write(&dir, "bad.jsonl", &text);
    let output = dir.path().join("scores.jsonl");
    let out = Goldeval::new([
        "score",
        "rouge",
        "--input",
        &input,
        "--output",
        output.to_str().unwrap(),
    ])
    .code(2);
    for expected in [
        "bad.jsonl:2: references: missing field",
        "bad.jsonl:3: -: invalid JSON",
        "bad.jsonl:4: references: is empty",
        "bad.jsonl:6: prediction: must be a string",
        "bad.jsonl:7: extra: unknown field",
    ] {
        assert!(
            out.stderr.contains(expected),
            "missing {expected:?} in\n{}",
            out.stderr
        );
    }
    assert!(!output.exists(), "output was written despite errors");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "a temporary file was left behind"
    );
}

#[test]
fn summary_holds_means_seeded_bootstrap_and_signatures() {
    let dir = tempfile::tempdir().unwrap();
    let text: String = (0..40)
        .map(|i| {
            serde_json::json!({"id": i, "prediction": format!("w{} x y {}", i % 4, i % 9), "reference": format!("x w{} z", i % 3)})
                .to_string()
                + "\n"
        })
        .collect();
    let input = write(&dir, "pairs.jsonl", &text);
    let summary = dir.path().join("summary.json");
    let output = dir.path().join("scores.jsonl");
    let run = |summary: &std::path::Path| {
        Goldeval::new([
            "score",
            "rouge",
            "--input",
            &input,
            "--types",
            "rouge1,rougeL",
            "--refs",
            "mean",
            "--bootstrap",
            "200",
            "--seed",
            "7",
            "--output",
            output.to_str().unwrap(),
            "--summary",
            summary.to_str().unwrap(),
        ])
        .code(0);
        std::fs::read_to_string(summary).unwrap()
    };
    let first = run(&summary);
    let second = run(&dir.path().join("summary2.json"));
    assert_eq!(first, second, "same seed, same summary");
    let v: Value = serde_json::from_str(&first).unwrap();
    assert_eq!(v["items"], 40);
    let r1 = &v["scores"]["rouge1"];
    assert!(r1["signature"]
        .as_str()
        .unwrap()
        .starts_with("rouge1|tok:rouge-score|stem:none|refs:mean|agg:mean|"));
    assert!(r1["bootstrap"]["signature"]
        .as_str()
        .unwrap()
        .contains("|agg:bootstrap|bs:200|rs:7|level:0.95|"));
    let low = r1["bootstrap"]["low"]["fmeasure"].as_f64().unwrap();
    let high = r1["bootstrap"]["high"]["fmeasure"].as_f64().unwrap();
    assert!(low <= high);
    assert_eq!(
        std::fs::read_to_string(&output).unwrap().lines().count(),
        40
    );
}

#[test]
fn invalid_types_and_threads_are_usage_errors() {
    let out = Goldeval::new(["score", "rouge", "--input", "x.jsonl", "--types", "rouge0"]).code(2);
    assert!(out.stderr.contains("rouge0"), "{}", out.stderr);
    let out = Goldeval::new(["score", "rouge", "--input", "no/such.jsonl"]).code(2);
    assert!(out.stderr.contains("no/such.jsonl"), "{}", out.stderr);
}

#[test]
fn help_starts_its_examples_with_goldeval_score_rouge() {
    let out = Goldeval::new(["score", "rouge", "--help"]).code(0);
    assert!(
        out.stdout.contains("Examples:\n  goldeval score rouge "),
        "{}",
        out.stdout
    );
}
