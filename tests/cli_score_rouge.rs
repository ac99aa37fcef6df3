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

/// `pairs` lines of about 240 bytes each: several 256 KiB blocks from 3,000 lines up.
fn many_lines(pairs: usize) -> String {
    let mut text = String::new();
    for i in 0..pairs {
        let pred = format!(
            "the cat {} sat on the mat\nnear item {} of the run",
            i % 7,
            i
        );
        let reference = format!("a cat sat {} on a mat\nnear the item {}", i % 5, i % 11);
        writeln!(text, "{}", line(i, &pred, &[&reference])).unwrap();
    }
    text
}

fn goldeval_with_stdin(args: &[&str], stdin: &[u8]) -> std::process::Output {
    use std::io::Write as _;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_goldeval"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut pipe = child.stdin.take().unwrap();
    let bytes = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        // The child may stop reading early (an error); a broken pipe is then expected.
        let _ = pipe.write_all(&bytes);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

// Regression (issue 16, trust rules): the input was read twice, so a pipe scored "0 items".
#[test]
fn a_pipe_is_read_once_through_dash_dev_stdin_and_process_substitution() {
    let dir = tempfile::tempdir().unwrap();
    let text = many_lines(4000);
    let input = write(&dir, "pairs.jsonl", &text);
    let expected = Goldeval::new(["score", "rouge", "--input", &input, "--threads", "1"]).code(0);
    assert_eq!(expected.stdout.lines().count(), 4000);
    for (source, threads) in [("-", "2"), ("/dev/stdin", "1"), ("/dev/stdin", "2")] {
        let args = ["score", "rouge", "--input", source, "--threads", threads];
        let out = goldeval_with_stdin(&args, text.as_bytes());
        assert_eq!(out.status.code(), Some(0), "{source}");
        assert_eq!(
            String::from_utf8(out.stdout).unwrap(),
            expected.stdout,
            "{source}"
        );
        assert!(String::from_utf8(out.stderr)
            .unwrap()
            .starts_with("4000 items"));
    }
    let script = format!("\"$0\" score rouge --input <(cat '{input}') --threads 2",);
    let out = std::process::Command::new("bash")
        .args(["-c", &script, env!("CARGO_BIN_EXE_goldeval")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), expected.stdout);
}

// Regression (issue 16, trust rules): every bad line is reported with its line number, across
// blocks and threads, and nothing at all reaches standard output or --output.
#[test]
fn bad_lines_anywhere_are_all_reported_and_nothing_is_written_anywhere() {
    let dir = tempfile::tempdir().unwrap();
    let mut lines: Vec<String> = many_lines(6000).lines().map(str::to_string).collect();
    lines[2] = "{\"id\": \"a\", \"prediction\": \"x\"}".to_string();
    lines[4099] = "{\"id\": \"b\", \"prediction\": 1, \"reference\": \"x\"}".to_string();
    lines[5999] = "not json".to_string();
    let input = write(&dir, "bad.jsonl", &(lines.join("\n") + "\n"));
    for threads in ["1", "2"] {
        let out =
            Goldeval::new(["score", "rouge", "--input", &input, "--threads", threads]).code(2);
        assert_eq!(out.stdout, "", "partial results on stdout");
        for expected in [
            "bad.jsonl:3: references: missing field",
            "bad.jsonl:4100: prediction: must be a string",
            "bad.jsonl:6000: -: invalid JSON",
        ] {
            assert!(out.stderr.contains(expected), "{expected}\n{}", out.stderr);
        }
        assert!(out.stderr.contains("has 3 problems"), "{}", out.stderr);
        let output = dir.path().join("scores.jsonl");
        let args = [
            "score",
            "rouge",
            "--input",
            &input,
            "--threads",
            threads,
            "--output",
        ];
        Goldeval::new(args).arg(&output).code(2);
        assert!(!output.exists());
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "a file was left behind"
        );
    }
}

// Regression (issue 16, trust rules): --output naming the input (also through a symbolic or a
// hard link) is refused before anything is read or written.
#[test]
fn output_that_is_the_input_is_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    // Not valid input: had it been read, the error would be about its lines.
    let input = write(&dir, "pairs.jsonl", "this line is not JSON\n");
    let symlink = dir.path().join("link.jsonl");
    std::os::unix::fs::symlink(&input, &symlink).unwrap();
    let hardlink = dir.path().join("hard.jsonl");
    std::fs::hard_link(&input, &hardlink).unwrap();
    for (flag, target) in [
        ("--output", std::path::PathBuf::from(&input)),
        ("--output", symlink),
        ("--output", hardlink),
        ("--summary", std::path::PathBuf::from(&input)),
    ] {
        let out = Goldeval::new(["score", "rouge", "--input", &input, flag])
            .arg(&target)
            .code(2);
        assert!(out.stderr.contains("is the input file"), "{}", out.stderr);
        assert!(!out.stderr.contains("invalid JSON"), "{}", out.stderr);
        assert_eq!(
            std::fs::read_to_string(&input).unwrap(),
            "this line is not JSON\n"
        );
    }
}

// Regression (issue 16, trust rules): invalid UTF-8 is a problem of its line, not of the
// file; a byte order mark at the start is skipped.
#[test]
fn invalid_utf8_names_its_line_and_a_byte_order_mark_is_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let good = line(1, "a b", &["a"]);
    let mut bytes = format!("{good}\n").into_bytes();
    bytes
        .extend_from_slice(b"{\"id\": \"x\", \"prediction\": \"caf\xE9\", \"reference\": \"a\"}\n");
    bytes.extend_from_slice(format!("{good}\n").as_bytes());
    let path = dir.path().join("latin1.jsonl");
    std::fs::write(&path, &bytes).unwrap();
    let out = Goldeval::new(["score", "rouge", "--input"])
        .arg(&path)
        .code(2);
    assert!(
        out.stderr.contains("latin1.jsonl:2: -: invalid UTF-8"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("has 1 problem:"), "{}", out.stderr);

    let with_bom = dir.path().join("bom.jsonl");
    std::fs::write(&with_bom, format!("\u{FEFF}{good}\n{good}\n")).unwrap();
    let out = Goldeval::new(["score", "rouge", "--input"])
        .arg(&with_bom)
        .code(0);
    assert_eq!(out.stdout.lines().count(), 2);
    assert!(
        out.stdout.starts_with("{\"id\":\"item-1\","),
        "{}",
        out.stdout
    );
}

// Regression (issue 16, trust rules): a repeated key was silently resolved to its last value.
#[test]
fn duplicate_keys_are_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(
        &dir,
        "dup.jsonl",
        "{\"id\": \"a\", \"prediction\": \"x\", \"prediction\": \"y\", \"reference\": \"y\"}\n",
    );
    let out = Goldeval::new(["score", "rouge", "--input", &input]).code(2);
    assert!(
        out.stderr
            .contains("dup.jsonl:1: prediction: duplicate field"),
        "{}",
        out.stderr
    );
}

// Regression (issue 16, trust rules): numeric ids went through f64 (12345678901234567890123
// came out as 1.2345678901234568e22).
#[test]
fn ids_come_out_exactly_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let ids = [
        "12345678901234567890123",
        "1.50",
        "-0",
        "1e3",
        "\"caf\\u00e9\"",
        "\"a b\"",
    ];
    let text: String = ids
        .iter()
        .map(|id| format!("{{\"id\": {id}, \"prediction\": \"a\", \"reference\": \"a\"}}\n"))
        .collect();
    let input = write(&dir, "ids.jsonl", &text);
    let out = Goldeval::new(["score", "rouge", "--input", &input, "--types", "rouge1"]).code(0);
    let got: Vec<&str> = out.stdout.lines().collect();
    for (line, id) in got.iter().zip(ids) {
        assert!(
            line.starts_with(&format!("{{\"id\":{id},\"rouge1\":")),
            "{line}"
        );
    }
    assert_eq!(got.len(), ids.len());
}

// Regression (issue 16, trust rules): an empty input reported means of 0.0.
#[test]
fn an_empty_input_has_no_items_and_undefined_means() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(&dir, "empty.jsonl", "\n  \n");
    let out = Goldeval::new(["score", "rouge", "--input", &input]).code(0);
    assert_eq!(out.stdout, "");
    assert!(out.stderr.starts_with("no items"), "{}", out.stderr);
    assert!(!out.stderr.contains("0.0000"), "{}", out.stderr);
    let summary = dir.path().join("summary.json");
    let output = dir.path().join("scores.jsonl");
    Goldeval::new([
        "score",
        "rouge",
        "--input",
        &input,
        "--bootstrap",
        "100",
        "--summary",
    ])
    .arg(&summary)
    .arg("--output")
    .arg(&output)
    .code(0);
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&summary).unwrap()).unwrap();
    assert_eq!(v["items"], 0);
    assert_eq!(v["scores"]["rouge1"]["mean"], Value::Null);
    assert!(v["scores"]["rouge1"].get("bootstrap").is_none());
    assert_eq!(std::fs::read_to_string(&output).unwrap(), "");
}
