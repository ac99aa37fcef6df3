//! Issue 12, items 8 and 9: inputs read once, outputs that never destroy inputs or runs,
//! dates that exist, datasets that match.

use super::records::lead_run;
use crate::util::{copy_of_mini, Goldeval};

/// Item 9: `-o RUN/items.jsonl` used to overwrite the run's own journal.
#[test]
fn a_report_onto_a_run_file_is_refused_and_the_run_is_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let run = lead_run(tmp.path());
    let before = std::fs::read_to_string(run.join("items.jsonl")).unwrap();
    for file in ["items.jsonl", "run.json", "summary.json", "plan.json"] {
        let target = run.join(file);
        let out = Goldeval::new(["check", "-o"])
            .arg(&target)
            .arg(&run)
            .code(2);
        assert!(
            out.stderr.contains("would overwrite the run's own"),
            "{file}: {}",
            out.stderr
        );
    }
    let out = Goldeval::new([
        "run",
        "--quiet",
        "--backend",
        "lead",
        "--task",
        "summarize",
        "--out",
    ])
    .arg(tmp.path().join("r2"))
    .arg("-o")
    .arg(tmp.path().join("r2/items.jsonl"))
    .code(2);
    assert!(
        out.stderr
            .contains("would overwrite the run's own items.jsonl"),
        "{}",
        out.stderr
    );
    assert_eq!(
        std::fs::read_to_string(run.join("items.jsonl")).unwrap(),
        before
    );
}

/// Item 9: a report path that cannot be created used to be found only after the whole run.
#[test]
fn a_bad_report_path_is_found_before_the_first_item() {
    let tmp = tempfile::tempdir().unwrap();
    let run = tmp.path().join("r");
    let out = Goldeval::new([
        "run",
        "--quiet",
        "--backend",
        "lead",
        "--task",
        "summarize",
        "--out",
    ])
    .arg(&run)
    .arg("-o")
    .arg(tmp.path().join("no/such/dir/report.html"))
    .code(2);
    assert!(out.stderr.contains("no/such/dir"), "{}", out.stderr);
    assert!(!run.join("items.jsonl").exists(), "the run started");
}

/// Item 9: `published: "2025-02-30"` used to pass validate.
#[test]
fn a_date_that_is_not_on_the_calendar_is_refused() {
    let data = copy_of_mini();
    let docs = data.path().join("documents.jsonl");
    let text = std::fs::read_to_string(&docs).unwrap();
    let first_date = text.split("\"published\": \"").nth(1).unwrap()[..10].to_string();
    std::fs::write(&docs, text.replacen(&first_date, "2025-02-30", 1)).unwrap();
    let out = Goldeval::new(["validate"]).arg(data.path()).code(2);
    assert!(
        out.stderr
            .contains("documents.jsonl:1: published: \"2025-02-30\" is not a date"),
        "{}",
        out.stderr
    );
}

/// Item 9: a UTF-8 byte-order mark is accepted, invalid UTF-8 is reported with its line.
#[test]
fn a_bom_is_accepted_and_bad_utf8_is_located() {
    let tmp = tempfile::tempdir().unwrap();
    let line = r#"{"id": "q1", "prediction": "Moscow", "answers": ["Moscow"]}"#;
    let bom = tmp.path().join("bom.jsonl");
    std::fs::write(&bom, format!("\u{feff}{line}\n")).unwrap();
    let out = Goldeval::new(["score", "qa", "--input"]).arg(&bom).code(0);
    assert_eq!(out.stdout.lines().count(), 1);
    let bad = tmp.path().join("bad.jsonl");
    let mut bytes = format!("{line}\n").into_bytes();
    bytes.extend_from_slice(b"{\"id\": \"q2\", \"prediction\": \"\xff\", \"answers\": []}\n");
    std::fs::write(&bad, bytes).unwrap();
    let out = Goldeval::new(["score", "qa", "--input"]).arg(&bad).code(2);
    assert!(
        out.stderr.contains("bad.jsonl:2: -: not valid UTF-8"),
        "{}",
        out.stderr
    );
    assert!(out.stdout.is_empty());
}

/// Item 9: `compare` across two datasets used to print "0 aligned items" and exit 0.
#[test]
fn compare_across_datasets_is_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    let run = lead_run(tmp.path());
    let mini_run = tmp.path().join("mini");
    Goldeval::new(["run", "--quiet", "--backend", "lead", "--dataset"])
        .arg(crate::util::mini())
        .arg("--out")
        .arg(&mini_run)
        .code(0);
    let out = Goldeval::new(["compare"]).arg(&run).arg(&mini_run).code(2);
    assert!(out.stderr.contains("ran dataset"), "{}", out.stderr);
}
