//! Issue 12, item 2: backend names never escape the goldens directory.

use super::records::lead_run;
use crate::util::Goldeval;

#[test]
fn an_unsafe_name_in_goldeval_toml_is_refused_at_load() {
    let tmp = tempfile::tempdir().unwrap();
    for name in ["../../x", "/tmp/abs", ".hidden", "a b"] {
        let config = tmp.path().join("goldeval.toml");
        std::fs::write(
            &config,
            format!("[[backend]]\nname = {name:?}\nkind = \"builtin\"\nbuiltin = \"lead\"\n"),
        )
        .unwrap();
        let out = Goldeval::new(["list", "backends", "--config"])
            .arg(&config)
            .code(2);
        assert!(
            out.stderr
                .contains("goldeval.toml:1: name: invalid backend name"),
            "{name}: {}",
            out.stderr
        );
    }
}

/// A tampered run.json naming `../../x` used to make bless write outside goldens/.
#[test]
fn a_tampered_run_is_refused_by_bless_and_check_update_and_nothing_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let run = lead_run(tmp.path());
    for file in ["run.json", "summary.json", "items.jsonl"] {
        let text = std::fs::read_to_string(run.join(file)).unwrap();
        std::fs::write(
            run.join(file),
            text.replace("\"lead\"", "\"../../escaped\""),
        )
        .unwrap();
    }
    let goldens = tmp.path().join("g/goldens");
    for args in [
        vec!["bless", "--goldens"],
        vec!["check", "--update", "--goldens"],
    ] {
        let out = Goldeval::new(&args)
            .arg(&goldens)
            .arg(&run)
            .env_remove("CI")
            .code(2);
        assert!(out.stderr.contains("unsafe backend name"), "{}", out.stderr);
    }
    assert!(!tmp.path().join("g").exists());
    assert!(!tmp.path().join("escaped.jsonl").exists());
}

/// `--backend replay:PATH` gets a safe name from the file, whatever the path.
#[test]
fn a_replay_of_a_path_is_named_after_its_file() {
    let tmp = tempfile::tempdir().unwrap();
    let run = lead_run(tmp.path());
    let out_dir = tmp.path().join("replayed");
    Goldeval::new(["run", "--quiet", "--task", "summarize", "--backend"])
        .arg(format!("replay:{}", run.join("items.jsonl").display()))
        .arg("--out")
        .arg(&out_dir)
        .code(0);
    let manifest = std::fs::read_to_string(out_dir.join("run.json")).unwrap();
    assert!(manifest.contains("\"replay:lead\""), "{manifest}");
    let plan = std::fs::read_to_string(out_dir.join("plan.json")).unwrap();
    assert!(plan.contains("\"selectors\""), "{plan}");
}
