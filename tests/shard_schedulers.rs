//! `--shard auto` under each scheduler, simulated: N goldeval processes launched at once with
//! the environment a Kubernetes Indexed Job, a Slurm job array or the generic form gives
//! them, writing to one shared directory, then `goldeval merge`; the merged run must equal
//! the unsharded run (items.jsonl and summary.json, latencies aside). Issue 16.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::util::{items, read_json, Goldeval, Outcome};

// Every variable `--shard auto` reads, removed first so that a CI job that itself runs
// under Slurm or Kubernetes does not leak its own into the test.
use goldeval::unstable::run::scheduler::VARIABLES as SCHEDULER_VARIABLES;

const LIMIT: &str = "24";

fn goldeval(args: &[&str], env: &[(String, String)]) -> Goldeval {
    let mut g = Goldeval::new(args);
    for name in SCHEDULER_VARIABLES {
        g = g.env_remove(name);
    }
    for (k, v) in env {
        g = g.env(k, v);
    }
    g
}

/// Records without their latencies.
fn comparable(run: &Path) -> Vec<Value> {
    let mut records = items(run);
    for r in &mut records {
        r.as_object_mut().unwrap().remove("latency_ms");
    }
    records
}

/// Launches one `run --shard auto` per environment, all at once, into `shared/shard-<i>`;
/// returns the shard directories and each process's outcome.
fn launch(
    shared: &Path,
    envs: Vec<Vec<(String, String)>>,
    extra: &[&str],
) -> Vec<(PathBuf, Outcome)> {
    std::thread::scope(|scope| {
        let handles: Vec<_> = envs
            .into_iter()
            .enumerate()
            .map(|(i, env)| {
                let dir = shared.join(format!("shard-{i}"));
                scope.spawn(move || {
                    let mut args = vec!["run", "--limit", LIMIT, "--shard", "auto", "--out"];
                    let out = dir.to_string_lossy().into_owned();
                    args.push(&out);
                    args.extend_from_slice(extra);
                    let outcome = goldeval(&args, &env).run();
                    (dir, outcome)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    })
}

fn pairs(list: &[(&str, String)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

/// Merges `shards` (in reverse order: any order must do) into `out` and checks it against
/// the unsharded run.
fn merge_matches(shards: &[(PathBuf, Outcome)], out: &Path, whole: &Path) {
    for (dir, outcome) in shards {
        assert_eq!(outcome.code, 0, "{}: {}", dir.display(), outcome.stderr);
        assert!(outcome.stderr.contains("shard "), "{}", outcome.stderr);
    }
    let mut merge = goldeval(&["merge", "--quiet", "--out"], &[]).arg(out);
    for (dir, _) in shards.iter().rev() {
        merge = merge.arg(dir);
    }
    merge.code(0);
    assert_eq!(comparable(out), comparable(whole));
    assert_eq!(
        read_json(&out.join("summary.json")),
        read_json(&whole.join("summary.json"))
    );
    let merged = read_json(&out.join("run.json"));
    let unsharded = read_json(&whole.join("run.json"));
    assert_eq!(merged["counts"], unsharded["counts"]);
    assert_eq!(merged["records_digest"], unsharded["records_digest"]);
}

#[test]
fn shards_from_each_scheduler_merge_into_the_unsharded_run() {
    let tmp = tempfile::tempdir().unwrap();
    let whole = tmp.path().join("whole");
    let out = whole.to_string_lossy().into_owned();
    goldeval(&["run", "--quiet", "--limit", LIMIT, "--out", &out], &[]).code(0);

    // Kubernetes Indexed Job, completions: 3; the count from the environment for two pods
    // and from the flag for the third.
    let shared = tmp.path().join("k8s");
    let mut envs: Vec<_> = (0..3)
        .map(|i| {
            pairs(&[
                ("JOB_COMPLETION_INDEX", i.to_string()),
                ("GOLDEVAL_SHARD_COUNT", "3".into()),
            ])
        })
        .collect();
    envs[2].retain(|(k, _)| k != "GOLDEVAL_SHARD_COUNT");
    let mut shards = launch(&shared, envs[..2].to_vec(), &[]);
    shards.extend(launch(
        &shared.join("flag"),
        vec![envs[2].clone()],
        &["--shard-count", "3"],
    ));
    merge_matches(&shards, &tmp.path().join("k8s-merged"), &whole);

    // Slurm: --array=5-8 (an array that starts neither at 0 nor at 1) ...
    let shared = tmp.path().join("slurm");
    let envs = (5..=8)
        .map(|id| {
            pairs(&[
                ("SLURM_ARRAY_TASK_ID", id.to_string()),
                ("SLURM_ARRAY_TASK_MIN", "5".into()),
                ("SLURM_ARRAY_TASK_MAX", "8".into()),
                ("SLURM_ARRAY_TASK_COUNT", "4".into()),
                ("SLURM_ARRAY_TASK_STEP", "1".into()),
            ])
        })
        .collect();
    merge_matches(
        &launch(&shared, envs, &[]),
        &tmp.path().join("slurm-merged"),
        &whole,
    );

    // ... and --array=0-20:10 (a step).
    let shared = tmp.path().join("slurm-step");
    let envs = [0, 10, 20]
        .into_iter()
        .map(|id| {
            pairs(&[
                ("SLURM_ARRAY_TASK_ID", id.to_string()),
                ("SLURM_ARRAY_TASK_MIN", "0".into()),
                ("SLURM_ARRAY_TASK_MAX", "20".into()),
                ("SLURM_ARRAY_TASK_COUNT", "3".into()),
                ("SLURM_ARRAY_TASK_STEP", "10".into()),
            ])
        })
        .collect();
    merge_matches(
        &launch(&shared, envs, &[]),
        &tmp.path().join("slurm-step-merged"),
        &whole,
    );

    // Anything else: GOLDEVAL_SHARD=K/N.
    let shared = tmp.path().join("generic");
    let envs = (1..=2)
        .map(|k| pairs(&[("GOLDEVAL_SHARD", format!("{k}/2"))]))
        .collect();
    merge_matches(
        &launch(&shared, envs, &[]),
        &tmp.path().join("generic-merged"),
        &whole,
    );
}

#[test]
fn an_unmappable_or_ambiguous_environment_is_a_usage_error_naming_the_variables() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("never").to_string_lossy().into_owned();
    let run = |env: &[(&str, &str)]| {
        let env: Vec<(String, String)> = env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        goldeval(&["run", "--quiet", "--shard", "auto", "--out", &out], &env).code(2)
    };
    let none = run(&[]);
    assert!(
        none.stderr.contains("JOB_COMPLETION_INDEX") && none.stderr.contains("SLURM_ARRAY_TASK_ID"),
        "{}",
        none.stderr
    );
    let both = run(&[
        ("GOLDEVAL_SHARD", "1/2"),
        ("SLURM_ARRAY_TASK_ID", "2"),
        ("SLURM_ARRAY_TASK_MIN", "1"),
        ("SLURM_ARRAY_TASK_MAX", "2"),
    ]);
    assert!(
        both.stderr.contains("GOLDEVAL_SHARD=1/2") && both.stderr.contains("SLURM_ARRAY_TASK_ID=2"),
        "{}",
        both.stderr
    );
    let list = run(&[
        ("SLURM_ARRAY_TASK_ID", "3"),
        ("SLURM_ARRAY_TASK_MIN", "1"),
        ("SLURM_ARRAY_TASK_MAX", "8"),
        ("SLURM_ARRAY_TASK_COUNT", "3"),
    ]);
    assert!(list.stderr.contains("evenly spaced"), "{}", list.stderr);
    let range = run(&[("JOB_COMPLETION_INDEX", "3"), ("GOLDEVAL_SHARD_COUNT", "3")]);
    assert!(range.stderr.contains("out of range"), "{}", range.stderr);
    assert!(!Path::new(&out).exists(), "nothing written");
}

/// Two processes given the same --out on a shared volume: one writes the run, the other
/// stops at once with exit 2 instead of interleaving its records into the same journal.
#[test]
fn two_writers_of_one_run_directory_cannot_both_have_it() {
    let tmp = tempfile::tempdir().unwrap();
    let shared = tmp.path().join("same");
    let out = shared.to_string_lossy().into_owned();
    let outcomes: Vec<Outcome> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..2)
            .map(|_| {
                let out = out.clone();
                scope.spawn(move || {
                    goldeval(&["run", "--quiet", "--limit", LIMIT, "--out", &out], &[]).run()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let codes: Vec<i32> = outcomes.iter().map(|o| o.code).collect();
    assert!(codes.contains(&0) && codes.contains(&2), "{codes:?}");
    let loser = outcomes.iter().find(|o| o.code == 2).unwrap();
    assert!(
        loser.stderr.contains("already exists") || loser.stderr.contains("another goldeval"),
        "{}",
        loser.stderr
    );
    let records = comparable(&shared);
    let mut ids: Vec<String> = records
        .iter()
        .map(|r| format!("{}/{}", r["id"], r["backend"]))
        .collect();
    let n = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), n, "every record once");
}

/// The shell a scheduler would run, with `goldeval` on PATH (this build) and no scheduler
/// variables but `env`.
fn shell(program: &str, script: &[&str], env: &[(&str, String)], bin: &Path) -> Outcome {
    let mut command = std::process::Command::new(program);
    command.args(script).current_dir(crate::util::repo());
    for name in SCHEDULER_VARIABLES {
        command.env_remove(name);
    }
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    command.env("PATH", path).env("NO_COLOR", "1");
    for (k, v) in env {
        command.env(k, v);
    }
    let out = command.output().unwrap();
    Outcome {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The committed examples themselves: examples/slurm-array.sh in its `shard` mode under an
/// array's variables (--array=3-5) and its `merge` mode, and the shard and merge commands
/// of examples/kubernetes-indexed-job.yaml under an Indexed Job's, each give the
/// unsharded run. Issue 16.
#[cfg(unix)]
#[test]
fn the_slurm_and_kubernetes_examples_shard_and_merge_into_the_unsharded_run() {
    let tmp = tempfile::tempdir().unwrap();
    let bin = tmp.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_goldeval"), bin.join("goldeval")).unwrap();
    let whole = tmp.path().join("whole");
    let out = whole.to_string_lossy().into_owned();
    goldeval(&["run", "--quiet", "--limit", LIMIT, "--out", &out], &[]).code(0);
    let cache = tmp.path().join("cache").to_string_lossy().into_owned();
    let common = |run_dir: &Path| {
        vec![
            ("RUN_DIR", run_dir.to_string_lossy().into_owned()),
            ("GOLDEVAL_ARGS", format!("--limit {LIMIT}")),
            ("GOLDEVAL_CACHE_DIR", cache.clone()),
        ]
    };
    let check = |outcome: &Outcome, what: &str| {
        assert_eq!(
            outcome.code, 0,
            "{what}: {}{}",
            outcome.stdout, outcome.stderr
        );
    };
    let same = |merged: &Path| {
        assert_eq!(comparable(merged), comparable(&whole));
        assert_eq!(
            read_json(&merged.join("summary.json")),
            read_json(&whole.join("summary.json"))
        );
    };

    let script = crate::util::repo().join("examples/slurm-array.sh");
    let script = script.to_string_lossy().into_owned();
    let run_dir = tmp.path().join("slurm");
    for id in 3..=5 {
        let mut env = common(&run_dir);
        env.extend([
            ("SLURM_ARRAY_TASK_ID", id.to_string()),
            ("SLURM_ARRAY_TASK_MIN", "3".into()),
            ("SLURM_ARRAY_TASK_MAX", "5".into()),
            ("SLURM_ARRAY_TASK_COUNT", "3".into()),
        ]);
        check(
            &shell("bash", &[&script, "shard"], &env, &bin),
            "slurm shard",
        );
    }
    check(
        &shell("bash", &[&script, "merge"], &common(&run_dir), &bin),
        "slurm merge",
    );
    same(&run_dir.join("merged"));

    // The Indexed Job's shard script (the block after `- |`) and the merge command.
    let yaml =
        std::fs::read_to_string(crate::util::repo().join("examples/kubernetes-indexed-job.yaml"))
            .unwrap();
    let start = yaml.find("            - |\n").unwrap() + "            - |\n".len();
    let end = start + yaml[start..].find("          volumeMounts:").unwrap();
    let shard_script: String = yaml[start..end]
        .lines()
        .map(|l| l.strip_prefix("              ").unwrap_or(l).to_string() + "\n")
        .collect();
    let merge_line = yaml
        .lines()
        .find_map(|l| l.trim().strip_prefix("- exec goldeval merge"))
        .unwrap();
    let merge_script = format!("exec goldeval merge{merge_line}");
    let count = yaml
        .lines()
        .find_map(|l| l.trim().strip_prefix("completions: "))
        .unwrap()
        .to_string();
    let run_dir = tmp.path().join("k8s");
    for index in 0..count.parse::<usize>().unwrap() {
        let mut env = common(&run_dir);
        env.extend([
            ("JOB_COMPLETION_INDEX", index.to_string()),
            ("GOLDEVAL_SHARD_COUNT", count.clone()),
        ]);
        check(
            &shell("sh", &["-c", &shard_script], &env, &bin),
            "k8s shard",
        );
    }
    // A retried pod whose shard is done exits 0 and changes nothing.
    let mut env = common(&run_dir);
    env.extend([
        ("JOB_COMPLETION_INDEX", "0".to_string()),
        ("GOLDEVAL_SHARD_COUNT", count.clone()),
    ]);
    check(
        &shell("sh", &["-c", &shard_script], &env, &bin),
        "k8s retry",
    );
    check(
        &shell("sh", &["-c", &merge_script], &common(&run_dir), &bin),
        "k8s merge",
    );
    same(&run_dir.join("merged"));
}
