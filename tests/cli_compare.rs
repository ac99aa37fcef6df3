//! `goldeval compare` through the real binary: lead vs textrank on the bundled dataset, two
//! runs of a QA backend with a deliberately worsened copy, and usage errors.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::util::{copy_run, Goldeval};

fn run_into(dir: &Path, args: &[&str]) {
    let mut g = Goldeval::new(["run", "--quiet", "--out"]).arg(dir);
    for a in args {
        g = g.arg(a);
    }
    g.code(0);
}

fn summary_mean(run: &Path, backend: &str, metric: &str) -> f64 {
    let s: Value =
        serde_json::from_str(&std::fs::read_to_string(run.join("summary.json")).unwrap()).unwrap();
    let r = s["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["backend"] == backend)
        .unwrap();
    let m = r["metrics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["metric"] == metric)
        .unwrap();
    m["mean"].as_f64().unwrap()
}

/// The cells of `metric`'s row, without its direction marker (see [`direction`]).
fn row<'a>(stdout: &'a str, metric: &str) -> Vec<&'a str> {
    let mut cells = marked_row(stdout, metric);
    cells.remove(1);
    cells
}

fn marked_row<'a>(stdout: &'a str, metric: &str) -> Vec<&'a str> {
    let line = stdout
        .lines()
        .find(|l| l.starts_with(&format!("{metric} ")))
        .unwrap_or_else(|| panic!("no {metric} row in\n{stdout}"));
    line.split_whitespace().collect()
}

/// The "better" cell of `metric`'s row: ↑, ↓ or ·.
fn direction<'a>(stdout: &'a str, metric: &str) -> &'a str {
    marked_row(stdout, metric)[1]
}

#[test]
fn lead_vs_textrank_prints_paired_statistics_that_agree_with_the_run() {
    let tmp = tempfile::tempdir().unwrap();
    let run = tmp.path().join("run");
    let args = [
        "--backend",
        "lead",
        "--backend",
        "textrank",
        "--task",
        "summarize",
    ];
    run_into(&run, &args);
    let out = Goldeval::new(["compare"]).arg(&run).code(0);
    assert!(
        out.stdout
            .contains("lead (A) vs textrank (B) · summarize · 6 aligned items"),
        "{}",
        out.stdout
    );
    // metric, A mean [lo, hi], B mean [lo, hi], Δ [lo, hi], p, +/−/=, McNemar
    let cells = row(&out.stdout, "rougeLsum");
    let (lead, textrank) = (
        summary_mean(&run, "lead", "rougeLsum"),
        summary_mean(&run, "textrank", "rougeLsum"),
    );
    assert_eq!(cells[1], format!("{lead:.4}"));
    assert_eq!(cells[4], format!("{textrank:.4}"));
    let delta: f64 = cells[7].parse().unwrap();
    assert!((delta - (textrank - lead)).abs() < 6e-5, "{cells:?}");
    // Six summaries: the permutation test is exact, so p is a multiple of 1/64 (printed to
    // four decimals: 18/64 = 0.28125 prints as 0.2812).
    assert!(
        (1..=64).any(|k| format!("{:.4}", f64::from(k) / 64.0) == cells[10]),
        "{}",
        cells[10]
    );
    assert_eq!(cells[12], "-", "ROUGE is not binary: no McNemar");
    assert!(out.stdout.contains("Most improved items by rougeLsum:"));
    assert!(out.stdout.contains("A: lead"));
    // Fact metrics are columns like any other, each with its direction.
    assert_eq!(direction(&out.stdout, "rougeLsum"), "↑");
    assert_eq!(direction(&out.stdout, "key_fact_recall"), "↑");
    assert_eq!(direction(&out.stdout, "unsupported_numbers"), "↓");
    assert_eq!(direction(&out.stdout, "density"), "·");
    assert!(out.stdout.contains("Signature: compare|bs:1000|rs:12345|"));

    // The same systems named as RUN:BACKEND give the same numbers; reruns are identical.
    let named = Goldeval::new(["compare"])
        .arg(format!("{}:lead", run.display()))
        .arg(format!("{}:textrank", run.display()))
        .code(0);
    assert_eq!(row(&named.stdout, "rougeLsum"), cells);
    let again = Goldeval::new(["compare"]).arg(&run).code(0);
    assert_eq!(again.stdout, out.stdout);
    // Another seed moves the bootstrap intervals, not the means.
    let seeded = Goldeval::new(["compare", "--seed", "7"]).arg(&run).code(0);
    let other = row(&seeded.stdout, "rougeLsum");
    assert_eq!(other[1], cells[1]);
    assert_ne!(other[2..4], cells[2..4]);
}

/// A copy of `run` in which the first `worsen` correct answers become wrong (all columns 0)
/// and the last item is missing.
fn worsened_copy(run: &Path, to: &Path, worsen: usize) -> PathBuf {
    let copy = copy_run(run, to, |mut lines| {
        lines.pop();
        let mut left = worsen;
        for line in &mut lines {
            let mut v: Value = serde_json::from_str(line).unwrap();
            if left > 0 && v["scores"]["exact_match"] == 1.0 {
                for (_, s) in v["scores"].as_object_mut().unwrap() {
                    *s = 0.0.into();
                }
                v["output"] = "a wrong answer".into();
                *line = v.to_string();
                left -= 1;
            }
        }
        lines
    });
    // One record fewer: run.json counts what items.jsonl holds, as a run of one item fewer
    // would.
    let manifest = copy.join("run.json");
    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(&manifest).unwrap()).unwrap();
    let items = v["counts"]["items"].as_u64().unwrap();
    v["counts"]["items"] = (items - 1).into();
    std::fs::write(&manifest, v.to_string()).unwrap();
    copy
}

#[test]
fn a_worsened_qa_run_shows_regressions_mcnemar_and_missing_items() {
    let tmp = tempfile::tempdir().unwrap();
    let run = tmp.path().join("good");
    run_into(&run, &["--task", "qa", "--limit", "20"]);
    let bad = worsened_copy(&run, &tmp.path().join("bad"), 8);
    let out = Goldeval::new(["compare"]).arg(&run).arg(&bad).code(0);
    assert!(
        out.stdout.contains("· answer · 19 aligned items"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("1 items only in "), "{}", out.stdout);
    let cells = row(&out.stdout, "exact_match");
    // 8 regressions, none improved, 11 unchanged; McNemar 8:0 → p = 2/2^8.
    assert_eq!(cells[11], "0/8/11", "{cells:?}");
    assert_eq!(cells[12], "8:0");
    assert_eq!(cells[13], format!("p={:.4}", 2.0 / 256.0));
    assert!(cells[7].starts_with('-'), "{cells:?}");
    assert!(out.stdout.contains("Most regressed items by f1:"));
    assert!(out.stdout.contains("a wrong answer"));
}

#[test]
fn unknown_backends_and_lone_systems_are_usage_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let run = tmp.path().join("run");
    run_into(
        &run,
        &["--backend", "lead", "--task", "summarize", "--limit", "2"],
    );
    let out = Goldeval::new(["compare"]).arg(&run).code(2);
    assert!(
        out.stderr.contains("at least two systems"),
        "{}",
        out.stderr
    );
    let out = Goldeval::new(["compare"])
        .arg(&run)
        .arg(format!("{}:nope", run.display()))
        .code(2);
    assert!(out.stderr.contains("no backend \"nope\""), "{}", out.stderr);
    assert!(out.stderr.contains("it ran: lead"), "{}", out.stderr);
}
