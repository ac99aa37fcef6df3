//! `--shard K/N` and `goldeval merge`: shards are disjoint, cover the run, and merge into
//! the unsharded run's files.

use std::path::Path;

use serde_json::Value;

use crate::util::{read_json, Goldeval};

fn items(run: &Path) -> Vec<Value> {
    std::fs::read_to_string(run.join("items.jsonl"))
        .unwrap()
        .lines()
        .map(|l| {
            let mut v: Value = serde_json::from_str(l).unwrap();
            v.as_object_mut().unwrap().remove("latency_ms");
            v
        })
        .collect()
}

#[test]
fn three_shards_merge_into_the_unsharded_run() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = |name: &str| tmp.path().join(name);
    Goldeval::new(["run", "--quiet", "--limit", "20", "--out"])
        .arg(dir("whole"))
        .code(0);
    let mut sizes = Vec::new();
    for k in 1..=3 {
        let name = format!("s{k}");
        Goldeval::new([
            "run",
            "--quiet",
            "--limit",
            "20",
            "--shard",
            &format!("{k}/3"),
            "--out",
        ])
        .arg(dir(&name))
        .code(0);
        sizes.push(items(&dir(&name)).len());
        assert_eq!(read_json(&dir(&name).join("run.json"))["shard"]["index"], k);
    }
    let whole = items(&dir("whole"));
    assert_eq!(sizes.iter().sum::<usize>(), whole.len());
    assert!(sizes.iter().all(|&n| n > 0 && n < whole.len()), "{sizes:?}");

    // In any order.
    Goldeval::new(["merge", "--quiet"])
        .arg(dir("s3"))
        .arg(dir("s1"))
        .arg(dir("s2"))
        .arg("--out")
        .arg(dir("merged"))
        .code(0);
    assert_eq!(items(&dir("merged")), whole);
    assert_eq!(
        read_json(&dir("merged").join("summary.json")),
        read_json(&dir("whole").join("summary.json"))
    );
    let merged = read_json(&dir("merged").join("run.json"));
    assert_eq!(
        merged["counts"],
        read_json(&dir("whole").join("run.json"))["counts"]
    );
    assert!(merged["shard"].is_null());

    let missing = Goldeval::new(["merge"])
        .arg(dir("s1"))
        .arg(dir("s3"))
        .arg("--out")
        .arg(dir("bad"))
        .code(2);
    assert!(missing.stderr.contains("missing 2/3"), "{}", missing.stderr);
    let twice = Goldeval::new(["merge"])
        .arg(dir("s1"))
        .arg(dir("s1"))
        .arg(dir("s2"))
        .arg("--out")
        .arg(dir("bad2"))
        .code(2);
    assert!(twice.stderr.contains("missing 3/3"), "{}", twice.stderr);
}

/// Issue 12, item 7: a shard that lost a record (a line deleted from its items.jsonl) used
/// to merge into a run with one item fewer and exit 0. The merge must refuse it, naming
/// the missing record, and write nothing.
#[test]
fn a_shard_missing_a_record_is_refused_naming_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = |name: &str| tmp.path().join(name);
    for k in 1..=2 {
        Goldeval::new([
            "run",
            "--quiet",
            "--limit",
            "20",
            "--shard",
            &format!("{k}/2"),
            "--out",
        ])
        .arg(dir(&format!("s{k}")))
        .code(0);
    }
    let journal = dir("s2").join("items.jsonl");
    let text = std::fs::read_to_string(&journal).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    let lost: Value = serde_json::from_str(lines.remove(3)).unwrap();
    std::fs::write(&journal, lines.join("\n") + "\n").unwrap();
    let out = Goldeval::new(["merge", "--quiet"])
        .arg(dir("s1"))
        .arg(dir("s2"))
        .arg("--out")
        .arg(dir("merged"))
        .code(2);
    let id = lost["id"].as_str().unwrap();
    let backend = lost["backend"].as_str().unwrap();
    assert!(out.stderr.contains("is incomplete"), "{}", out.stderr);
    assert!(
        out.stderr.contains(&format!("{id} (backend {backend})")),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("s2"), "{}", out.stderr);
    assert!(!dir("merged").exists(), "nothing written");

    // A record no shard planned (here: one of shard 1's, copied into shard 2) is refused too.
    let first = std::fs::read_to_string(dir("s1").join("items.jsonl")).unwrap();
    let extra = first.lines().next().unwrap();
    std::fs::write(&journal, format!("{text}{extra}\n")).unwrap();
    let out = Goldeval::new(["merge", "--quiet"])
        .arg(dir("s1"))
        .arg(dir("s2"))
        .arg("--out")
        .arg(dir("merged"))
        .code(2);
    assert!(out.stderr.contains("did not plan"), "{}", out.stderr);
}

#[test]
fn a_bad_shard_is_a_usage_error() {
    for bad in ["0/2", "3/2", "1"] {
        let out = Goldeval::new(["run", "--shard", bad]).code(2);
        assert!(out.stderr.contains("K/N"), "{bad}: {}", out.stderr);
    }
}
