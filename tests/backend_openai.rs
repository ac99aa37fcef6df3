//! The `openai` backend against the local test server: each injected fault has its
//! documented outcome; a run with 20% faults scores or reports every item; usage and cost
//! are recorded; a sentinel API key never reaches a file or the terminal.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use goldeval::unstable::backend::limits::Limited;
use goldeval::unstable::backend::openai::{OpenAi, Prompts, Spec};
use goldeval::unstable::backend::Request;
use goldeval::unstable::dataset::Task;
use goldeval::unstable::run::retry;
use goldeval::unstable::run::Backoff;

use crate::openai_server::{hash, Fault, Server};
use crate::util::{all_text, bundled_dataset, items, mini, read_json, Goldeval};

fn backend(server: &Server, max_retries: u32) -> Limited {
    let openai = OpenAi::new(Spec {
        name: "model".into(),
        base_url: server.base_url.clone(),
        model: "tiny".into(),
        api_key_env: None,
        temperature: None,
        max_tokens: None,
        seed: None,
        headers: Default::default(),
        timeout: Duration::from_secs(1),
        max_retry_after: Duration::from_secs(120),
        max_output_bytes: 10 << 20,
        prompts: Prompts::default(),
        prices: None,
        tasks: Task::ALL.to_vec(),
    });
    Limited::new(Arc::new(openai), None, Some(max_retries))
}

fn question(q: &str) -> Request {
    Request {
        item_id: q.into(),
        task: Task::Answer,
        documents: Vec::new(),
        question: Some(q.into()),
        references: Vec::new(),
    }
}

/// The error kind (or "ok") and retries of one request whose first `faulty` attempts meet
/// `fault`, with `max_retries`; and how many requests the server saw.
fn outcome(fault: Fault, faulty: usize, max_retries: u32) -> (String, u32, usize, Duration) {
    let server = Server::start(move |_, before| if before < faulty { fault } else { Fault::None });
    let backoff = Backoff {
        base: Duration::from_millis(10),
        cap: Duration::from_millis(50),
    };
    let start = Instant::now();
    let (response, retries) = retry::call(
        &backend(&server, max_retries),
        &question("Who?"),
        &backoff,
        &|_| {},
    );
    let kind = match response.result {
        Ok(out) => {
            assert_eq!(out.text, "answer to Who?");
            "ok".to_string()
        }
        Err(e) => e.kind.as_str().to_string(),
    };
    (kind, retries, server.count("Who?"), start.elapsed())
}

#[test]
fn each_fault_has_its_documented_outcome() {
    use Fault::*;
    // (fault, kind when it persists and retries are off, retried?)
    let table = [
        (Latency(200), "ok", false),
        (TooMany(1), "rate_limited", true),
        (ServerError, "server_error", true),
        (Malformed, "malformed_response", false),
        (Truncated, "connection", true),
        (Reset, "connection", true),
        (Stall, "timeout", true),
    ];
    let threads: Vec<_> = table
        .into_iter()
        .map(|(fault, kind, retried)| {
            std::thread::spawn(move || {
                let (k, retries, hits, _) = outcome(fault, usize::MAX, 0);
                assert_eq!(
                    (k.as_str(), retries, hits),
                    (kind, 0, 1),
                    "{fault:?}, no retries"
                );
                let (k, retries, hits, took) = outcome(fault, 1, 1);
                let expected = if retried { ("ok", 1, 2) } else { (kind, 0, 1) };
                assert_eq!(
                    (k.as_str(), retries, hits),
                    expected,
                    "{fault:?}, one retry"
                );
                if fault == TooMany(1) {
                    assert!(
                        took >= Duration::from_secs(1),
                        "Retry-After honoured: {took:?}"
                    );
                }
                let (k, retries, hits, _) = outcome(fault, usize::MAX, 2);
                if retried {
                    assert_eq!(
                        (k.as_str(), retries, hits),
                        (kind, 2, 3),
                        "{fault:?}, persists"
                    );
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
}

fn write_config(dir: &Path, server: &Server, extra: &str) {
    let config = format!(
        "[[backend]]\nname = \"model\"\nkind = \"openai\"\nbase_url = \"{}\"\nmodel = \"tiny\"\ntimeout_secs = 1\n{extra}",
        server.base_url
    );
    std::fs::write(dir.join("goldeval.toml"), config).unwrap();
}

const FAULTS: [Fault; 7] = [
    Fault::Latency(50),
    Fault::TooMany(1),
    Fault::ServerError,
    Fault::Malformed,
    Fault::Truncated,
    Fault::Reset,
    Fault::Stall,
];

/// One request in five meets a fault on its first attempt.
fn first_fault(user: &str) -> Option<Fault> {
    let h = hash(user);
    (h % 5 == 0).then(|| FAULTS[((h / 5) % 7) as usize])
}

#[test]
fn a_run_with_20_percent_faults_scores_or_reports_every_item() {
    let server = Server::start(|user, before| match first_fault(user) {
        Some(fault) if before == 0 => fault,
        _ => Fault::None,
    });
    let tmp = tempfile::tempdir().unwrap();
    write_config(tmp.path(), &server, "max_retries = 2\n");
    let out = tmp.path().join("run");
    let run = Goldeval::new(["run", "--jobs", "16", "--dataset"])
        .arg(bundled_dataset())
        .arg("--out")
        .arg(&out)
        .current_dir(tmp.path())
        .run();
    let counts = crate::openai_server::counts(&server);
    let faults: Vec<Fault> = counts.keys().filter_map(|u| first_fault(u)).collect();
    let retried = faults
        .iter()
        .filter(|f| !matches!(f, Fault::Latency(_) | Fault::Malformed))
        .count();
    let malformed = faults.iter().filter(|f| **f == Fault::Malformed).count();
    assert!(
        faults.len() >= 8 && retried >= 4,
        "enough faults injected: {faults:?}"
    );
    assert_eq!(
        run.code,
        if malformed > 0 { 3 } else { 0 },
        "{}",
        run.stderr
    );
    let items = items(&out);
    assert_eq!(items.len(), 6 + 77);
    assert_eq!(counts.len(), 83, "one distinct request per item");
    for item in &items {
        let scored = item["output"].is_string() && !item["scores"].as_object().unwrap().is_empty();
        let errored = item["error"]["kind"] == "malformed_response";
        assert!(scored != errored, "{item}");
    }
    let manifest = read_json(&out.join("run.json"));
    assert_eq!(manifest["counts"]["errors"], malformed);
    assert_eq!(manifest["counts"]["retries"], retried);
    for (user, n) in &counts {
        let expected = if first_fault(user).is_some_and(retried_fault) {
            2
        } else {
            1
        };
        assert_eq!(*n, expected, "requests for {user:?}");
    }
    assert!(run.stderr.contains("retry 1 of model"), "{}", run.stderr);
}

fn retried_fault(f: Fault) -> bool {
    !matches!(f, Fault::Latency(_) | Fault::Malformed)
}

#[test]
fn parameters_headers_usage_and_cost_are_sent_and_recorded() {
    let server = Server::start(|_, _| Fault::None);
    let tmp = tempfile::tempdir().unwrap();
    write_config(
        tmp.path(),
        &server,
        "temperature = 0.0\nseed = 42\nmax_tokens = 64\nheaders = { \"X-Team\" = \"eval\" }\nprices = { input_per_million = 2.0, output_per_million = 8.0 }\nprompts = { answer = \"Q: {question}\\n{documents}\" }\n",
    );
    let out = tmp.path().join("run");
    Goldeval::new(["run", "--quiet", "--dataset"])
        .arg(mini())
        .arg("--out")
        .arg(&out)
        .current_dir(tmp.path())
        .code(0);
    let seen = server.seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 5);
    for s in &seen {
        assert_eq!(s.body["model"], "tiny");
        assert_eq!(
            (s.body["temperature"].as_f64(), s.body["seed"].as_u64()),
            (Some(0.0), Some(42))
        );
        assert_eq!(s.body["max_tokens"], 64);
        assert_eq!(s.headers.get("x-team").map(String::as_str), Some("eval"));
        assert_eq!(s.authorization, None, "no api_key_env, no Authorization");
    }
    assert!(seen.iter().filter(|s| s.user.starts_with("Q: ")).count() == 4);
    let cost = (100.0 * 2.0 + 10.0 * 8.0) / 1e6;
    for item in items(&out) {
        assert_eq!(item["usage"]["prompt_tokens"], 100);
        assert_eq!(item["usage"]["completion_tokens"], 10);
        assert_eq!(item["usage"]["cost_usd"].as_f64(), Some(cost));
    }
    let total = &read_json(&out.join("run.json"))["usage"];
    assert_eq!(
        (
            total["prompt_tokens"].as_u64(),
            total["completion_tokens"].as_u64()
        ),
        (Some(500), Some(50))
    );
    assert!((total["cost_usd"].as_f64().unwrap() - 5.0 * cost).abs() < 1e-12);
}

const SENTINEL: &str = "sk-SENTINEL-7f3a9c-do-not-leak";

#[test]
fn a_sentinel_api_key_is_sent_but_never_written_or_printed() {
    // Some requests meet a careless server that echoes the Authorization header.
    let server = Server::start(|user, _| {
        if hash(user) % 2 == 0 {
            Fault::EchoAuth
        } else {
            Fault::ServerError
        }
    });
    let tmp = tempfile::tempdir().unwrap();
    write_config(
        tmp.path(),
        &server,
        "api_key_env = \"GOLDEVAL_TEST_KEY\"\nmax_retries = 1\n",
    );
    let out = tmp.path().join("run");
    let run = Goldeval::new(["run", "--dataset"])
        .arg(mini())
        .arg("--out")
        .arg(&out)
        .env("GOLDEVAL_TEST_KEY", SENTINEL)
        .current_dir(tmp.path())
        .code(3);
    let seen = server.seen.lock().unwrap().clone();
    assert!(!seen.is_empty());
    for s in &seen {
        assert_eq!(
            s.authorization.as_deref(),
            Some(&*format!("Bearer {SENTINEL}"))
        );
    }
    let written = all_text(&out);
    let echoed = items(&out)
        .iter()
        .filter(|i| i["error"]["kind"] == "http_status")
        .count();
    assert!(echoed > 0, "the echoing server was met");
    assert!(written.contains("bad key: Bearer [redacted]"), "{written}");
    for (what, text) in [
        ("run dir", &written),
        ("stdout", &run.stdout),
        ("stderr", &run.stderr),
    ] {
        assert!(!text.contains("SENTINEL"), "the key leaked into {what}");
    }

    // Without the variable, every item is a `missing_api_key` error naming the variable.
    let out = tmp.path().join("run2");
    Goldeval::new(["run", "--quiet", "--dataset"])
        .arg(mini())
        .arg("--out")
        .arg(&out)
        .current_dir(tmp.path())
        .code(3);
    for item in items(&out) {
        assert_eq!(item["error"]["kind"], "missing_api_key");
        assert!(item["error"]["message"]
            .as_str()
            .unwrap()
            .contains("GOLDEVAL_TEST_KEY"));
    }
}

#[test]
fn a_request_budget_spaces_requests_and_is_counted() {
    let server = Server::start(|_, _| Fault::None);
    let tmp = tempfile::tempdir().unwrap();
    write_config(tmp.path(), &server, "requests_per_minute = 120\n");
    let out = tmp.path().join("run");
    let start = Instant::now();
    let run = Goldeval::new(["run", "--jobs", "8", "--dataset"])
        .arg(mini())
        .arg("--out")
        .arg(&out)
        .current_dir(tmp.path())
        .code(0);
    // 2 per second with a burst of 2: the 5 requests wait 0, 0, 0.5, 1.0 and 1.5 s.
    assert!(
        start.elapsed() >= Duration::from_millis(1400),
        "{:?}",
        start.elapsed()
    );
    let counts = &read_json(&out.join("run.json"))["counts"];
    assert_eq!(counts["rate_limited"], 3);
    let waited = counts["rate_limit_wait_ms"].as_u64().unwrap();
    assert!((2800..=3300).contains(&waited), "{waited}");
    assert!(
        run.stderr.contains("rate limit: model waits"),
        "{}",
        run.stderr
    );
}
