//! Ctrl-C (SIGINT) stops a run cleanly: requests in flight are recorded, the exit code is
//! 130, the message says how to resume, and `--resume` finishes the run.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::openai_server::{Fault, Server};
use crate::util::{bundled_dataset, Goldeval};

fn lines(path: &Path) -> usize {
    std::fs::read_to_string(path).map_or(0, |t| t.lines().count())
}

#[test]
fn ctrl_c_stops_cleanly_with_exit_130_and_the_run_resumes() {
    let server = Server::start(|_, _| Fault::Latency(30));
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("goldeval.toml"),
        format!(
            "[[backend]]\nname = \"model\"\nkind = \"openai\"\nbase_url = \"{}\"\nmodel = \"tiny\"\n",
            server.base_url
        ),
    )
    .unwrap();
    let out = tmp.path().join("run");
    let items = out.join("items.jsonl");
    let child = Command::new(env!("CARGO_BIN_EXE_goldeval"))
        .args(["run", "--quiet", "--jobs", "4", "--dataset"])
        .arg(bundled_dataset())
        .arg("--out")
        .arg(&out)
        .env("GOLDEVAL_CACHE_DIR", tmp.path().join("cache"))
        .current_dir(tmp.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while lines(&items) < 10 {
        assert!(start.elapsed() < Duration::from_secs(30), "no progress");
        std::thread::sleep(Duration::from_millis(5));
    }
    let kill = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("interrupted after"), "{stderr}");
    assert!(
        stderr.contains(&format!("goldeval run --resume {}", out.display())),
        "{stderr}"
    );
    let recorded = lines(&items);
    assert!((10..83).contains(&recorded), "{recorded}");
    for line in std::fs::read_to_string(&items).unwrap().lines() {
        serde_json::from_str::<serde_json::Value>(line).expect("only whole lines");
    }
    assert!(!out.join("run.json").exists());

    Goldeval::new(["run", "--quiet", "--resume"])
        .arg(&out)
        .env(
            "GOLDEVAL_CACHE_DIR",
            tmp.path().join("cache").to_str().unwrap(),
        )
        .current_dir(tmp.path())
        .code(0);
    assert_eq!(lines(&items), 83);
    let seen = crate::openai_server::counts(&server);
    assert!(
        seen.values().all(|&n| n == 1),
        "a clean stop repeats nothing"
    );
}
