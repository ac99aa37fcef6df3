//! `--repeat N`: each job runs N times with its own cache entry; repeats.json gives each
//! item's spread and flags items whose score flips.

use serde_json::Value;

use crate::openai_server::{counts, Fault, Server};
use crate::util::{mini, read_json, Goldeval};

#[test]
fn repeats_have_their_own_cache_entries_and_flipping_items_are_flagged() {
    // The lantern question is answered right on even attempts, wrong on odd ones.
    let server = Server::start(|user, before| {
        if user.contains("Question: How many lanterns") {
            Fault::Answer(if before % 2 == 0 { "4,200" } else { "12" })
        } else {
            Fault::None
        }
    });
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("goldeval.toml"),
        format!(
            "[[backend]]\nname = \"model\"\nkind = \"openai\"\nbase_url = \"{}\"\nmodel = \"tiny\"\n",
            server.base_url
        ),
    )
    .unwrap();
    let cache = tmp.path().join("cache");
    let run = |name: &str| {
        let out = tmp.path().join(name);
        let outcome = Goldeval::new(["run", "--quiet", "--repeat", "3", "--dataset"])
            .arg(mini())
            .arg("--out")
            .arg(&out)
            .env("GOLDEVAL_CACHE_DIR", cache.to_str().unwrap())
            .current_dir(tmp.path())
            .code(0);
        (out, outcome.stderr)
    };
    let (out, stderr) = run("one");
    let items: Vec<Value> = std::fs::read_to_string(out.join("items.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(items.len(), 15);
    let order: Vec<(String, u64)> = items
        .iter()
        .map(|i| {
            (
                i["id"].as_str().unwrap().to_string(),
                i["repeat"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(
        order[..4],
        [
            ("ms-1".into(), 0),
            ("ms-1".into(), 1),
            ("ms-1".into(), 2),
            ("mq-1".into(), 0)
        ]
    );
    assert!(
        counts(&server).values().all(|&n| n == 3),
        "each repeat asked the server"
    );

    let repeats = read_json(&out.join("repeats.json"));
    assert_eq!(
        (repeats["repeat"].as_u64(), repeats["flipping"].as_u64()),
        (Some(3), Some(1))
    );
    let mq1 = &repeats["items"][1];
    assert_eq!(mq1["id"], "mq-1");
    assert!(
        mq1["flips"]
            .as_array()
            .unwrap()
            .contains(&Value::from("answer_match")),
        "{mq1}"
    );
    let am = &mq1["columns"]["answer_match"];
    assert_eq!(
        (am["n"].as_u64(), am["min"].as_f64(), am["max"].as_f64()),
        (Some(3), Some(0.0), Some(1.0))
    );
    assert!((am["mean"].as_f64().unwrap() - 2.0 / 3.0).abs() < 1e-12);
    assert!(
        stderr.contains("1 of 5 items flip between 0 and 1 across 3 repeats"),
        "{stderr}"
    );
    assert_eq!(read_json(&out.join("run.json"))["repeat"], 3);

    let explain = |repeat: &str| {
        Goldeval::new([
            "cache",
            "explain",
            "mq-1",
            "--backend",
            "model",
            "--repeat",
            repeat,
            "--dataset",
        ])
        .arg(mini())
        .env("GOLDEVAL_CACHE_DIR", cache.to_str().unwrap())
        .current_dir(tmp.path())
        .code(0)
        .stdout
    };
    let second = explain("2");
    assert!(
        second.contains("cached: yes") && second.contains("  repeat: \"2\""),
        "{second}"
    );
    assert!(
        !explain("0").contains("  repeat: "),
        "repeat 0 shares the plain key"
    );
    assert!(explain("3").contains("cached: no"));

    // Run again: all 15 come from the cache, each repeat from its own entry.
    let seen = server.seen.lock().unwrap().len();
    let (again, _) = run("two");
    assert_eq!(server.seen.lock().unwrap().len(), seen);
    assert_eq!(
        read_json(&again.join("run.json"))["counts"]["cache_hits"],
        15
    );
    assert_eq!(read_json(&again.join("repeats.json")), repeats);
}
