//! `goldeval run` through the real binary: the default run, flags, files and exit codes.

use serde_json::Value;

use crate::util::{copy_of_mini, mini, read_json, Goldeval};

#[test]
fn default_run_prints_tables_and_writes_the_run_directory() {
    let tmp = tempfile::tempdir().unwrap();
    let out = Goldeval::new(["run"]).current_dir(tmp.path()).run();
    // Run from an empty directory: the bundled dataset is not there.
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("does not exist"), "{}", out.stderr);

    let dir = tmp.path().join("run");
    let out = Goldeval::new(["run".as_ref(), "--out".as_ref(), dir.as_os_str()]).code(0);
    assert!(
        out.stdout.contains("Summarization (6 items)"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("Question answering (77 items)"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("Signatures:\n  "), "{}", out.stdout);
    for backend in ["lead", "textrank", "oracle", "extractive-qa"] {
        assert!(
            out.stdout.contains(&format!("\n{backend} ")),
            "{}",
            out.stdout
        );
    }
    let run = read_json(&dir.join("run.json"));
    assert_eq!(run["dataset"]["name"], "xi-moscow-2025");
    assert!(run["dataset"]["hash"]
        .as_str()
        .unwrap()
        .starts_with("sha256:"));
    assert_eq!(run["counts"]["errors"], 0);
    let summary = read_json(&dir.join("summary.json"));
    let results = summary["results"].as_array().unwrap();
    assert_eq!(results.len(), 4);
    let items = std::fs::read_to_string(dir.join("items.jsonl")).unwrap();
    assert_eq!(items.lines().count(), 6 * 3 + 77);
    assert_eq!(run["counts"]["items"], 6 * 3 + 77);
}

#[test]
fn default_run_directory_is_created_under_runs() {
    let tmp = tempfile::tempdir().unwrap();
    let dataset = mini();
    let out = Goldeval::new([
        "run".as_ref(),
        "--quiet".as_ref(),
        "--dataset".as_ref(),
        dataset.as_os_str(),
    ])
    .current_dir(tmp.path())
    .code(0);
    let printed = out.stdout.trim();
    assert!(printed.starts_with("runs/"), "{printed}");
    let name = printed.trim_start_matches("runs/");
    // <UTC timestamp>-<6 hex digits>, e.g. 20261123T093012Z-4f2a9c
    assert_eq!(name.len(), 16 + 1 + 6, "{name}");
    assert!(tmp.path().join(printed).join("summary.json").is_file());
}

#[test]
fn backend_task_and_limit_flags_select_the_work() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("run");
    Goldeval::new([
        "run".as_ref(),
        "--backend".as_ref(),
        "extractive-qa".as_ref(),
        "--task".as_ref(),
        "qa".as_ref(),
        "--limit".as_ref(),
        "5".as_ref(),
        "--quiet".as_ref(),
        "--out".as_ref(),
        dir.as_os_str(),
    ])
    .code(0);
    let items = std::fs::read_to_string(dir.join("items.jsonl")).unwrap();
    let ids: Vec<String> = items
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(ids, ["qa-001", "qa-002", "qa-003", "qa-004", "qa-005"]);
}

#[test]
fn unknown_backend_is_a_usage_error_naming_the_known_ones() {
    let out = Goldeval::new(["run", "--backend", "gpt-9"]).code(2);
    assert!(
        out.stderr.contains("error: unknown backend \"gpt-9\""),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("known backends: lead, textrank, oracle, extractive-qa"),
        "{}",
        out.stderr
    );
}

#[test]
fn backend_without_the_selected_task_is_a_usage_error() {
    let out = Goldeval::new(["run", "--backend", "lead", "--task", "qa"]).code(2);
    assert!(
        out.stderr
            .contains("none of the selected backends (lead) supports the selected task (answer)"),
        "{}",
        out.stderr
    );
}

#[test]
fn zero_limit_is_rejected() {
    Goldeval::new(["run", "--limit", "0"]).code(2);
}

#[test]
fn invalid_dataset_is_not_run() {
    let tmp = copy_of_mini();
    let qa = tmp.path().join("qa.jsonl");
    let text = std::fs::read_to_string(&qa)
        .unwrap()
        .replace("\"m-2\"]", "\"m-9\"]");
    std::fs::write(&qa, text).unwrap();
    let out = Goldeval::new(["run".as_ref(), "--dataset".as_ref(), tmp.path().as_os_str()]).code(2);
    assert!(
        out.stderr.contains("unknown document id \"m-9\""),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("run `goldeval validate` on it"),
        "{}",
        out.stderr
    );
}

#[test]
fn an_existing_run_directory_is_never_overwritten() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("keep.txt"), "data").unwrap();
    let out = Goldeval::new(["run".as_ref(), "--out".as_ref(), tmp.path().as_os_str()]).code(2);
    assert!(
        out.stderr.contains("already exists and is not empty"),
        "{}",
        out.stderr
    );
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("keep.txt")).unwrap(),
        "data"
    );
}

#[test]
fn list_shows_backends_metrics_and_datasets() {
    let out = Goldeval::new(["list", "backends"]).code(0);
    assert!(out.stdout.contains("extractive-qa  qa"), "{}", out.stdout);
    let out = Goldeval::new(["list", "metrics"]).code(0);
    for (task, metric) in [
        ("summarize", "rougeLsum"),
        ("qa", "exact_match"),
        ("qa", "answer_match"),
    ] {
        let row = out
            .stdout
            .lines()
            .find(|l| l.split_whitespace().take(2).eq([task, metric]))
            .unwrap_or_else(|| panic!("no {task} {metric} row in:\n{}", out.stdout));
        assert!(row.contains(&format!(" {metric}|")), "{row}");
    }
    let out = Goldeval::new(["list", "datasets"]).code(0);
    assert!(
        out.stdout
            .contains("xi-moscow-2025    1.1.0          5  77          6"),
        "{}",
        out.stdout
    );
}
