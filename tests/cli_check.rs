//! `goldeval check` and `goldeval bless` through the real binary, against the committed
//! goldens of the bundled dataset and against deliberately worsened copies of a run.

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

/// A copy of `run` whose first `n` items are worse: output replaced, every score halved.
fn worsened_copy(run: &Path, to: &Path, n: usize) -> PathBuf {
    copy_run(run, to, |lines| {
        lines
            .into_iter()
            .enumerate()
            .map(|(i, line)| {
                if i >= n {
                    return line;
                }
                let mut v: Value = serde_json::from_str(&line).unwrap();
                for (_, s) in v["scores"].as_object_mut().unwrap() {
                    *s = (s.as_f64().unwrap() / 2.0).into();
                }
                v["output"] = "A much worse summary.".into();
                v.to_string()
            })
            .collect()
    })
}

fn lead_run(tmp: &Path) -> PathBuf {
    let run = tmp.join("lead");
    run_into(&run, &["--backend", "lead", "--task", "summarize"]);
    run
}

#[test]
fn a_fresh_run_of_a_builtin_passes_its_committed_golden() {
    let tmp = tempfile::tempdir().unwrap();
    let out = Goldeval::new(["check"]).arg(lead_run(tmp.path())).code(0);
    assert!(
        out.stdout
            .contains("PASS  lead against goldens/xi-moscow-2025/lead.jsonl"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("check passed: 1 backends"),
        "{}",
        out.stdout
    );
}

#[test]
fn a_worsened_backend_fails_with_exit_1_and_says_which_gate() {
    let tmp = tempfile::tempdir().unwrap();
    let bad = worsened_copy(&lead_run(tmp.path()), &tmp.path().join("bad"), 3);
    let out = Goldeval::new(["check", "--max-item-regressions", "1"])
        .arg(&bad)
        .code(1);
    let s = &out.stdout;
    assert!(
        s.contains("FAIL  lead against goldens/xi-moscow-2025/lead.jsonl"),
        "{s}"
    );
    assert!(
        s.contains("FAIL [max-drop] summarize/rougeLsum fell by "),
        "{s}"
    );
    assert!(s.contains("more than the allowed 0.005"), "{s}");
    assert!(
        s.contains("FAIL [max-item-regressions] 3 items scored worse than in the golden, more than --max-item-regressions 1"),
        "{s}"
    );
    assert!(
        s.contains("check FAILED: 1 of 1 backends failed a gate"),
        "{s}"
    );

    // Three of six items worse: the exact permutation p is at least 2/8, not significant.
    let lenient = Goldeval::new(["check", "--significant-only"])
        .arg(&bad)
        .code(0);
    assert!(
        lenient.stdout.contains("allowed by --significant-only"),
        "{}",
        lenient.stdout
    );
    // A generous tolerance lets it pass; a floor does not.
    Goldeval::new(["check", "--max-drop", "*=0.5"])
        .arg(&bad)
        .code(0);
    let floor = Goldeval::new([
        "check",
        "--max-drop",
        "*=0.5",
        "--fail-under",
        "summarize.rougeLsum=0.4",
    ])
    .arg(&bad)
    .code(1);
    assert!(
        floor
            .stdout
            .contains("FAIL [fail-under] summarize/rougeLsum is "),
        "{}",
        floor.stdout
    );
}

/// A copy of `run` with `column` of the first item set to `value` (output unchanged).
fn with_score(run: &Path, to: &Path, column: &str, value: f64) -> PathBuf {
    copy_run(run, to, |lines| {
        lines
            .into_iter()
            .enumerate()
            .map(|(i, line)| {
                let mut v: Value = serde_json::from_str(&line).unwrap();
                if i == 0 {
                    v["scores"][column] = value.into();
                }
                v.to_string()
            })
            .collect()
    })
}

#[test]
fn a_rise_in_unsupported_numbers_is_a_regression_and_descriptive_columns_are_not_gated() {
    let tmp = tempfile::tempdir().unwrap();
    let run = lead_run(tmp.path());
    // The golden has no unsupported number; one appears in sum-01: a mean rise of 1/6.
    let more = with_score(&run, &tmp.path().join("more"), "unsupported_numbers", 1.0);
    let out = Goldeval::new(["check", "--max-item-regressions", "0"])
        .arg(&more)
        .code(1);
    let s = &out.stdout;
    assert!(
        s.contains("FAIL [max-drop] summarize/unsupported_numbers rose (lower is better) by 0.1667 (0.0000 → 0.1667 over 6 items), more than the allowed 0.005"),
        "{s}"
    );
    assert!(
        s.contains("summarize/sum-01: unsupported_numbers 0.0000 → 1.0000"),
        "{s}"
    );
    assert!(
        s.contains("FAIL [max-item-regressions] 1 items scored worse"),
        "{s}"
    );

    // A summary twice as long is not better or worse: summary_tokens is descriptive, so
    // neither `*` nor the default tolerance gates it; a --max-drop naming it does, either way.
    let longer = with_score(&run, &tmp.path().join("longer"), "summary_tokens", 500.0);
    let out = Goldeval::new(["check", "--max-item-regressions", "0"])
        .arg(&longer)
        .code(0);
    assert!(out.stdout.contains("check passed"), "{}", out.stdout);
    let out = Goldeval::new(["check", "--max-drop", "summary_tokens=50"])
        .arg(&longer)
        .code(1);
    assert!(
        out.stdout
            .contains("FAIL [max-drop] summarize/summary_tokens moved by "),
        "{}",
        out.stdout
    );

    // compare counts the rise as a regression of B.
    let cmp = Goldeval::new(["compare"]).arg(&run).arg(&more).code(0);
    let line = cmp
        .stdout
        .lines()
        .find(|l| l.starts_with("unsupported_numbers "))
        .unwrap();
    let cells: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(cells[1], "↓", "{line}");
    assert!(cells.contains(&"0/1/5"), "{line}");
}

#[test]
fn a_changed_signature_fails_and_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let run = lead_run(tmp.path());
    let manifest = run.join("run.json");
    let text = std::fs::read_to_string(&manifest).unwrap();
    let text = text.replacen(
        "rouge1|tok:rouge-score|stem:porter",
        "rouge1|tok:rouge-score|stem:none",
        1,
    );
    std::fs::write(&manifest, text).unwrap();
    let out = Goldeval::new(["check"]).arg(&run).code(1);
    assert!(
        out.stdout
            .contains("FAIL [signature] summarize/rouge1 is computed differently now"),
        "{}",
        out.stdout
    );
}

#[test]
fn baseline_accepts_another_backends_golden() {
    let tmp = tempfile::tempdir().unwrap();
    let run = tmp.path().join("lead");
    run_into(&run, &["--backend", "lead", "--task", "summarize"]);
    let out = Goldeval::new([
        "check",
        "--baseline",
        "goldens/xi-moscow-2025/textrank.jsonl",
    ])
    .arg(&run)
    .code(1);
    // On dataset 1.1.0, lead's rouge1 is 0.0199 below textrank's and its rouge2 0.0027 above.
    assert!(
        out.stdout
            .contains("FAIL [max-drop] summarize/rouge1 fell by 0.0199"),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("rouge2 fell"), "{}", out.stdout);
}

#[test]
fn bless_writes_reports_changes_and_refuses_under_ci() {
    let tmp = tempfile::tempdir().unwrap();
    let run = lead_run(tmp.path());
    let goldens = tmp.path().join("goldens");
    let bless = |dir: &Path| {
        Goldeval::new(["bless", "--goldens"])
            .arg(&goldens)
            .arg(dir)
            .env_remove("CI")
            .code(0)
            .stdout
    };
    assert!(bless(&run).contains("lead.jsonl: new golden (6 items)"));
    let written = goldens.join("xi-moscow-2025/lead.jsonl");
    let committed = std::fs::read_to_string("goldens/xi-moscow-2025/lead.jsonl").unwrap();
    assert_eq!(std::fs::read_to_string(&written).unwrap(), committed);
    assert!(bless(&run).contains("lead.jsonl: unchanged"));
    let bad = worsened_copy(&run, &tmp.path().join("bad"), 1);
    let changed = bless(&bad);
    assert!(changed.contains("lead.jsonl: updated"), "{changed}");
    assert!(
        changed.contains("summarize/rougeLsum: 0.3747 → "),
        "{changed}"
    );
    assert!(
        changed.contains("1 of 6 outputs changed or new"),
        "{changed}"
    );

    let refused = Goldeval::new(["bless", "--goldens"])
        .arg(&goldens)
        .arg(&run)
        .env("CI", "true")
        .code(2);
    assert!(
        refused
            .stderr
            .contains("never writes goldens when CI is set"),
        "{}",
        refused.stderr
    );
    assert_ne!(
        std::fs::read_to_string(&written).unwrap(),
        committed,
        "CI must not restore it"
    );
}

#[test]
fn check_update_checks_then_blesses_and_refuses_under_ci() {
    let tmp = tempfile::tempdir().unwrap();
    let run = lead_run(tmp.path());
    let goldens = tmp.path().join("goldens");
    let golden = goldens.join("xi-moscow-2025/lead.jsonl");
    std::fs::create_dir_all(golden.parent().unwrap()).unwrap();
    std::fs::copy("goldens/xi-moscow-2025/lead.jsonl", &golden).unwrap();
    let bad = worsened_copy(&run, &tmp.path().join("bad"), 1);
    let check_update = |ci: Option<&str>, code: i32| {
        let g = Goldeval::new(["check", "--update", "--goldens"])
            .arg(&goldens)
            .arg(&bad);
        match ci {
            Some(v) => g.env("CI", v),
            None => g.env_remove("CI"),
        }
        .code(code)
    };
    // Under CI: the check is printed, then the update is refused and nothing is written.
    let refused = check_update(Some("true"), 2);
    assert!(
        refused.stdout.contains("FAIL [max-drop]"),
        "{}",
        refused.stdout
    );
    assert!(refused
        .stderr
        .contains("never writes goldens when CI is set"));
    let committed = std::fs::read_to_string("goldens/xi-moscow-2025/lead.jsonl").unwrap();
    assert_eq!(std::fs::read_to_string(&golden).unwrap(), committed);
    // Locally: the failing check is reported, the golden updated, and the next check passes.
    let updated = check_update(None, 0);
    assert!(
        updated.stdout.contains("FAIL [max-drop]"),
        "{}",
        updated.stdout
    );
    assert!(
        updated.stdout.contains("lead.jsonl: updated"),
        "{}",
        updated.stdout
    );
    Goldeval::new(["check", "--goldens"])
        .arg(&goldens)
        .arg(&bad)
        .code(0);
}

#[test]
fn goldeval_toml_sets_default_gates_that_the_command_line_overrides() {
    let tmp = tempfile::tempdir().unwrap();
    let run = lead_run(tmp.path());
    let config = tmp.path().join("goldeval.toml");
    std::fs::write(
        &config,
        "[check]\nfail_under = { \"summarize.rougeLsum\" = 0.99 }\nmax_drop = { \"*\" = 0.5 }\n",
    )
    .unwrap();
    let out = Goldeval::new(["check", "--config"])
        .arg(&config)
        .arg(&run)
        .code(1);
    assert!(out.stdout.contains("[fail-under]"), "{}", out.stdout);
    // The same selector on the command line wins over the file's.
    Goldeval::new([
        "check",
        "--fail-under",
        "summarize.rougeLsum=0.1",
        "--config",
    ])
    .arg(&config)
    .arg(&run)
    .code(0);
    // A bad selector in the file is a configuration error naming its line.
    std::fs::write(&config, "\n[check]\nmax_drop = { \"nope.x\" = 0.1 }\n").unwrap();
    let out = Goldeval::new(["check", "--config"])
        .arg(&config)
        .arg(&run)
        .code(2);
    assert!(
        out.stderr
            .contains("goldeval.toml:2: check.max_drop.nope.x:"),
        "{}",
        out.stderr
    );
}
