//! `--backend replay:FILE` and replay entries of goldeval.toml: recorded outputs scored with
//! no model and no network.

use crate::util::{items, mini, read_json, Goldeval};

#[test]
fn recorded_lines_are_scored_missing_ids_are_errors_and_unknown_ids_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    let recorded = tmp.path().join("out.jsonl");
    std::fs::write(
        &recorded,
        "{\"id\":\"mq-1\",\"output\":\"4,200\"}\n{\"id\":\"mq-3\",\"output\":\"\",\"abstained\":true}\n{\"id\":\"zz-9\",\"output\":\"x\"}\n",
    )
    .unwrap();
    let run = tmp.path().join("run");
    let out = Goldeval::new(["run", "--quiet", "--dataset"])
        .arg(mini())
        .arg("--backend")
        .arg(format!("replay:{}", recorded.display()))
        .arg("--out")
        .arg(&run)
        .code(3);
    assert!(
        out.stderr
            .contains("1 recorded id(s) are not items of dataset mini: zz-9"),
        "{}",
        out.stderr
    );
    let items = items(&run);
    let ids: Vec<&str> = items.iter().map(|i| i["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["mq-1", "mq-2", "mq-3", "mq-4"], "only QA is recorded");
    assert_eq!(items[0]["scores"]["exact_match"], 1.0);
    assert_eq!(items[1]["error"]["kind"], "missing");
    assert_eq!(items[2]["abstained"], true);
    // The warnings are in run.json too, typed (issue 13).
    let manifest = read_json(&run.join("run.json"));
    let kinds: Vec<&str> = manifest["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["unknown_recorded_ids", "items_errored"]);
    assert_eq!(manifest["warnings"][0]["shown"][0], "zz-9");
}

/// A run of lead and textrank on the mini dataset, in `dir/first`.
fn lead_and_textrank_run(dir: &std::path::Path) -> std::path::PathBuf {
    let first = dir.join("first");
    Goldeval::new([
        "run",
        "--quiet",
        "--backend",
        "lead",
        "--backend",
        "textrank",
    ])
    .arg("--dataset")
    .arg(mini())
    .arg("--out")
    .arg(&first)
    .code(0);
    first
}

#[test]
fn replaying_a_run_directory_reproduces_its_summary() {
    let tmp = tempfile::tempdir().unwrap();
    let first = lead_and_textrank_run(tmp.path());
    std::fs::write(
        tmp.path().join("goldeval.toml"),
        "[[backend]]\nname = \"textrank-again\"\nkind = \"replay\"\npath = \"first\"\nbackend = \"textrank\"\n",
    )
    .unwrap();
    let second = tmp.path().join("second");
    Goldeval::new(["run", "--quiet", "--dataset"])
        .arg(mini())
        .arg("--out")
        .arg(&second)
        .current_dir(tmp.path())
        .code(0);
    let before = read_json(&first.join("summary.json"));
    let after = read_json(&second.join("summary.json"));
    let textrank = before["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["backend"] == "textrank")
        .unwrap();
    let again = &after["results"][0];
    assert_eq!(again["backend"], "textrank-again");
    assert_eq!(again["metrics"], textrank["metrics"]);
}

#[test]
fn a_run_with_several_backends_needs_a_choice() {
    let tmp = tempfile::tempdir().unwrap();
    let first = lead_and_textrank_run(tmp.path());
    let out = Goldeval::new(["run", "--dataset"])
        .arg(mini())
        .arg("--backend")
        .arg(format!("replay:{}", first.display()))
        .code(2);
    assert!(
        out.stderr.contains("several backends (lead, textrank)"),
        "{}",
        out.stderr
    );
}

#[test]
fn configuration_errors_name_file_line_and_key_and_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    let config = tmp.path().join("custom.toml");
    std::fs::write(
        &config,
        "[[backend]]\nname = \"x\"\nkind = \"replay\"\npath = \"a.jsonl\"\ntimeout = 3\n",
    )
    .unwrap();
    let out = Goldeval::new(["run", "--config"]).arg(&config).code(2);
    assert!(
        out.stderr
            .contains("custom.toml:5: timeout: unknown field `timeout`"),
        "{}",
        out.stderr
    );
    let missing = Goldeval::new(["run", "--config"])
        .arg(tmp.path().join("nope.toml"))
        .code(2);
    assert!(missing.stderr.contains("nope.toml"), "{}", missing.stderr);
}
