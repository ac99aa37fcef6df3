//! The response cache: a second run is served from it without requests, errors are not
//! cached, `--no-cache` bypasses it, a parameter change misses, and `goldeval cache
//! stats|explain|clear` describe it. The API key never enters it.

use std::path::Path;

use serde_json::Value;

use crate::openai_server::{Fault, Server};
use crate::util::{items, mini, Goldeval};

fn run(dir: &Path, cache: &Path, name: &str, extra: &[&str], code: i32) -> Vec<Value> {
    let out = dir.join(name);
    Goldeval::new(["run", "--quiet", "--dataset"])
        .arg(mini())
        .arg("--out")
        .arg(&out)
        .args(extra)
        .env("GOLDEVAL_CACHE_DIR", cache.to_str().unwrap())
        .env("CACHE_TEST_KEY", "sk-CACHE-SENTINEL")
        .current_dir(dir)
        .code(code);
    items(&out)
}

fn config(dir: &Path, server: &Server, temperature: &str) {
    std::fs::write(
        dir.join("goldeval.toml"),
        format!(
            "[[backend]]\nname = \"model\"\nkind = \"openai\"\nbase_url = \"{}\"\nmodel = \"tiny\"\napi_key_env = \"CACHE_TEST_KEY\"\ntemperature = {temperature}\nmax_retries = 0\n",
            server.base_url
        ),
    )
    .unwrap();
}

#[test]
fn a_second_run_is_served_from_the_cache_except_errors() {
    // The question about the parade fails with 500 the first time it is asked.
    let server = Server::start(|user, before| {
        if user.contains("Question: Who led the final parade") && before == 0 {
            Fault::ServerError
        } else {
            Fault::None
        }
    });
    let tmp = tempfile::tempdir().unwrap();
    let cache = tmp.path().join("cache");
    config(tmp.path(), &server, "0.0");
    let first = run(tmp.path(), &cache, "one", &[], 3);
    assert_eq!(server.seen.lock().unwrap().len(), 5);
    assert!(first.iter().all(|i| i["cached"].is_null()));

    let second = run(tmp.path(), &cache, "two", &[], 0);
    assert_eq!(
        server.seen.lock().unwrap().len(),
        6,
        "only the errored item is requested again"
    );
    for (a, b) in first.iter().zip(&second) {
        if a["error"].is_null() {
            assert_eq!(b["cached"], true, "{b}");
            assert_eq!(a["output"], b["output"]);
            assert_eq!(a["usage"], b["usage"]);
        } else {
            assert!(b["cached"].is_null(), "{b}");
        }
    }
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(tmp.path().join("two/run.json")).unwrap())
            .unwrap();
    assert_eq!(manifest["counts"]["cache_hits"], 4);

    run(tmp.path(), &cache, "three", &["--no-cache"], 0);
    assert_eq!(
        server.seen.lock().unwrap().len(),
        11,
        "--no-cache asks again"
    );

    config(tmp.path(), &server, "0.5");
    let warmer = run(tmp.path(), &cache, "four", &[], 0);
    assert_eq!(
        server.seen.lock().unwrap().len(),
        16,
        "a new temperature is a new key"
    );
    assert!(warmer.iter().all(|i| i["cached"].is_null()));

    let mut stored = String::new();
    for shard in std::fs::read_dir(cache.join("v1")).unwrap() {
        for file in std::fs::read_dir(shard.unwrap().path()).unwrap() {
            stored.push_str(&std::fs::read_to_string(file.unwrap().path()).unwrap());
        }
    }
    assert!(
        stored.contains("\"temperature\",\"0.5\""),
        "key parts stored"
    );
    assert!(
        !stored.contains("SENTINEL"),
        "the API key is not in the cache"
    );
}

#[test]
fn cache_stats_explain_and_clear() {
    let server = Server::start(|_, _| Fault::None);
    let tmp = tempfile::tempdir().unwrap();
    let cache = tmp.path().join("cache");
    config(tmp.path(), &server, "0.0");
    let cache_cmd = |args: &[&str]| {
        Goldeval::new(["cache"])
            .args(args)
            .env("GOLDEVAL_CACHE_DIR", cache.to_str().unwrap())
            .current_dir(tmp.path())
            .code(0)
            .stdout
    };
    let explain = ["explain", "mq-1", "--backend", "model", "--dataset"];
    let mini = mini();
    let mut explain: Vec<&str> = explain.to_vec();
    explain.push(mini.to_str().unwrap());
    let before = cache_cmd(&explain);
    assert!(before.contains("cached: no"), "{before}");
    for part in [
        "kind: \"openai\"",
        "model: \"tiny\"",
        "temperature: \"0\"",
        "template: ",
        "messages: ",
    ] {
        assert!(before.contains(part), "{part} in {before}");
    }
    assert!(!before.contains("CACHE-SENTINEL"));
    run(tmp.path(), &cache, "one", &[], 0);
    assert!(cache_cmd(&explain).contains("cached: yes"));
    let stats = cache_cmd(&["stats"]);
    assert!(stats.contains("entries: 5\n"), "{stats}");
    assert!(cache_cmd(&["clear"]).starts_with("removed 5 entries"));
    assert!(cache_cmd(&["stats"]).contains("entries: 0\n"));
    let lead = cache_cmd(&[
        "explain",
        "mq-1",
        "--backend",
        "lead",
        "--dataset",
        mini.to_str().unwrap(),
    ]);
    assert!(lead.contains("never cached"), "{lead}");
}
