//! Issue 12, items 5 and 6: a corrupt run or golden is refused with `file:line` and exit 2;
//! `check` and `compare` read runs through one validating reader.

use std::path::{Path, PathBuf};

use crate::util::{copy_run, Goldeval};

/// A lead run of the bundled dataset's summaries under `tmp`.
pub(super) fn lead_run(tmp: &Path) -> PathBuf {
    let run = tmp.join("lead");
    Goldeval::new([
        "run",
        "--quiet",
        "--backend",
        "lead",
        "--task",
        "summarize",
        "--out",
    ])
    .arg(&run)
    .code(0);
    run
}

/// A copy of `run` whose items.jsonl lines are edited by `edit`.
fn edited(run: &Path, to: &Path, edit: impl Fn(usize, &str) -> Vec<String>) -> PathBuf {
    copy_run(run, to, |lines| {
        lines
            .iter()
            .enumerate()
            .flat_map(|(i, l)| edit(i, l))
            .collect()
    })
}

/// Item 6: a score written as a string used to drop the item silently and pass.
#[test]
fn a_score_written_as_a_string_is_refused_by_check_and_compare() {
    let tmp = tempfile::tempdir().unwrap();
    let run = lead_run(tmp.path());
    let bad = edited(&run, &tmp.path().join("bad"), |i, l| {
        let l = if i == 2 {
            l.replacen("\"rouge1\":0.", "\"rouge1\":\"0.", 1).replacen(
                ",\"rouge2\"",
                "\",\"rouge2\"",
                1,
            )
        } else {
            l.to_string()
        };
        vec![l]
    });
    for args in [vec!["check"], vec!["compare", run.to_str().unwrap()]] {
        let out = Goldeval::new(&args).arg(&bad).code(2);
        assert!(
            out.stderr
                .contains("items.jsonl:3: scores.rouge1: invalid type: string"),
            "{args:?}: {}",
            out.stderr
        );
    }
}

/// Item 6: a duplicated record with other scores used to be read as the first by check and
/// as the last by compare.
#[test]
fn a_duplicated_record_is_refused_with_both_lines() {
    let tmp = tempfile::tempdir().unwrap();
    let run = lead_run(tmp.path());
    let bad = edited(&run, &tmp.path().join("dup"), |i, l| {
        if i == 0 {
            vec![
                l.to_string(),
                l.replacen("\"rouge1\":0.", "\"rouge1\":0.9", 1),
            ]
        } else {
            vec![l.to_string()]
        }
    });
    for args in [
        vec!["check"],
        vec!["compare", run.to_str().unwrap()],
        vec!["bless"],
    ] {
        let out = Goldeval::new(&args).arg(&bad).env_remove("CI").code(2);
        assert!(
            out.stderr.contains("items.jsonl:2: id: a second record of summarize item \"sum-01\" by lead (repeat 0); the first is on line 1"),
            "{args:?}: {}",
            out.stderr
        );
    }
}

/// Item 6: a score outside its column's bounds, and a key given twice, are refused.
#[test]
fn an_out_of_range_score_and_a_repeated_key_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let run = lead_run(tmp.path());
    let bad = edited(&run, &tmp.path().join("range"), |i, l| {
        vec![match i {
            0 => l.replacen("\"rouge1\":0.", "\"rouge1\":7.", 1),
            1 => l.replacen("\"rouge2\":", "\"rouge1\":0.1,\"rouge2\":", 1),
            _ => l.to_string(),
        }]
    });
    let out = Goldeval::new(["check"]).arg(&bad).code(2);
    assert!(
        out.stderr.contains("items.jsonl:1: scores: rouge1 = 7."),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("is out of range: must be in [0, 1]"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("items.jsonl:2: scores: duplicate key `rouge1`"),
        "{}",
        out.stderr
    );
}

/// Item 5: a golden truncated to its header line used to give PASS with 0 items compared.
#[test]
fn a_truncated_golden_fails_and_a_partial_run_fails_coverage() {
    let tmp = tempfile::tempdir().unwrap();
    let run = lead_run(tmp.path());
    let goldens = tmp.path().join("goldens/xi-moscow-2025");
    std::fs::create_dir_all(&goldens).unwrap();
    let committed = std::fs::read_to_string("goldens/xi-moscow-2025/lead.jsonl").unwrap();
    let header = committed.lines().next().unwrap();
    std::fs::write(goldens.join("lead.jsonl"), format!("{header}\n")).unwrap();
    let out = Goldeval::new(["check", "--goldens"])
        .arg(tmp.path().join("goldens"))
        .arg(&run)
        .code(2);
    assert!(
        out.stderr.contains(
            "lead.jsonl: items: the header counts 6 summarize items but the file holds 0"
        ),
        "{}",
        out.stderr
    );
    // A run that covers fewer items than the golden fails unless --allow-partial, and the
    // output always says how many items were compared.
    // (A cut items.jsonl is refused as truncated: see the test below; a partial run is one
    // made with --limit.)
    let partial = tmp.path().join("partial");
    Goldeval::new([
        "run",
        "--quiet",
        "--backend",
        "lead",
        "--task",
        "summarize",
        "--limit",
        "4",
        "--out",
    ])
    .arg(&partial)
    .code(0);
    let out = Goldeval::new(["check"]).arg(&partial).code(1);
    assert!(
        out.stdout.contains("compared: 4 summarize items"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("FAIL [coverage] summarize: 2 golden items were not run: sum-05, sum-all"),
        "{}",
        out.stdout
    );
    let out = Goldeval::new(["check", "--allow-partial"])
        .arg(&partial)
        .code(0);
    assert!(
        out.stdout.contains("compared: 4 summarize items"),
        "{}",
        out.stdout
    );
}

/// A run or golden written by a newer format is refused, naming both versions.
#[test]
fn a_newer_format_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let run = lead_run(tmp.path());
    let text = std::fs::read_to_string(run.join("run.json")).unwrap();
    std::fs::write(
        run.join("run.json"),
        text.replacen("\"format_version\": 2", "\"format_version\": 9", 1),
    )
    .unwrap();
    let out = Goldeval::new(["check"]).arg(&run).code(2);
    assert!(
        out.stderr.contains("in format 9; this build (goldeval"),
        "{}",
        out.stderr
    );
}

/// Item 6's family (found by the fuzz helper): an items.jsonl emptied or cut short was read
/// as a smaller run by `compare` and the reports; run.json counts the records written, and
/// every reader now refuses a file that holds fewer.
#[test]
fn a_truncated_items_file_is_refused_by_check_and_compare() {
    let tmp = tempfile::tempdir().unwrap();
    let run = lead_run(tmp.path());
    for (name, keep) in [("empty", 0), ("cut", 4)] {
        let bad = edited(&run, &tmp.path().join(name), |i, l| {
            if i < keep {
                vec![l.to_string()]
            } else {
                vec![]
            }
        });
        for args in [vec!["check"], vec!["compare", run.to_str().unwrap()]] {
            let out = Goldeval::new(&args).arg(&bad).code(2);
            assert!(
                out.stderr.contains(&format!(
                    "items.jsonl: items: run.json counts 6 item records but the file holds {keep}"
                )),
                "{name} {args:?}: {}",
                out.stderr
            );
        }
    }
}
