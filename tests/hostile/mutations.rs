//! Generated hostile inputs (issue 12): every reader gets random byte mutations of a valid
//! file (flipped, deleted and inserted bytes, invalid UTF-8, a BOM, control characters,
//! duplicated and cut lines). For each: goldeval never panics, exits 0 or 2, on 2 names the
//! file (with a line wherever the problem is on one), and leaves no output half-written and no
//! temporary file behind.
//!
//! The cases come from a fixed seed, so a failure reproduces; `GOLDEVAL_MUTATIONS=N` runs N
//! cases per reader instead of the default.

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

use super::records::lead_run;
use crate::util::{copy_of_mini, mini, Goldeval};

/// One edit of a file's bytes.
#[derive(Debug, Clone)]
enum Edit {
    Flip(usize, u8),
    Delete(usize, usize),
    Insert(usize, Vec<u8>),
    DuplicateLine(usize),
    Truncate(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    let nasty = prop_oneof![
        Just(b"\xff".to_vec()),
        Just(b"\xef\xbb\xbf".to_vec()),
        Just(b"\"".to_vec()),
        Just(b"{".to_vec()),
        Just(b"}".to_vec()),
        Just(b"\n".to_vec()),
        Just(b"\x1b]0;x\x07".to_vec()),
        Just(b"\0".to_vec()),
        Just(b",\"id\":\"x\"".to_vec()),
        Just(b"1e999".to_vec()),
        Just(b"-1".to_vec()),
        proptest::collection::vec(any::<u8>(), 1..6),
    ];
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Edit::Flip(i, b)),
        (any::<usize>(), 1usize..20).prop_map(|(i, n)| Edit::Delete(i, n)),
        (any::<usize>(), nasty).prop_map(|(i, b)| Edit::Insert(i, b)),
        any::<usize>().prop_map(Edit::DuplicateLine),
        any::<usize>().prop_map(Edit::Truncate),
    ]
}

fn apply(bytes: &[u8], edits: &[Edit]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    for e in edits {
        let at = |i: usize, len: usize| if len == 0 { 0 } else { i % (len + 1) };
        match e {
            Edit::Flip(i, b) if !out.is_empty() => {
                let i = i % out.len();
                out[i] ^= b | 1;
            }
            Edit::Flip(..) => {}
            Edit::Delete(i, n) => {
                let start = at(*i, out.len());
                let end = (start + n).min(out.len());
                out.drain(start..end);
            }
            Edit::Insert(i, b) => {
                let at = at(*i, out.len());
                out.splice(at..at, b.iter().copied());
            }
            Edit::DuplicateLine(i) => {
                let lines: Vec<&[u8]> = out.split(|&b| b == b'\n').collect();
                let line = lines[i % lines.len()].to_vec();
                out.extend_from_slice(b"\n");
                out.extend_from_slice(&line);
            }
            Edit::Truncate(i) => out.truncate(at(*i, out.len())),
        }
    }
    out
}

/// A reader under test: the file to mutate, and how to run goldeval on it.
struct Reader<'a> {
    name: &'static str,
    file: PathBuf,
    /// Runs goldeval with the (mutated) file in place; `out` is a directory for outputs.
    run: Box<dyn Fn(&Path) -> crate::util::Outcome + 'a>,
}

fn cases() -> u32 {
    std::env::var("GOLDEVAL_MUTATIONS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(12)
}

/// Mutates `reader.file` many times and checks every outcome.
fn fuzz(reader: &Reader<'_>) {
    let original = std::fs::read(&reader.file).unwrap();
    let config = Config {
        cases: cases(),
        failure_persistence: None,
        ..Config::default()
    };
    let seed = *b"goldeval hostile-input suite 12!";
    let mut runner =
        TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &seed));
    let result = runner.run(&proptest::collection::vec(edit(), 1..4), |edits| {
        std::fs::write(&reader.file, apply(&original, &edits)).unwrap();
        let out_dir = tempfile::tempdir().unwrap();
        let outcome = (reader.run)(out_dir.path());
        let file = reader
            .file
            .file_name()
            .unwrap()
            .to_string_lossy()
            .to_string();
        // A dataset's files refer to each other: a mutated document can make a QA item's
        // evidence wrong, and the error then names qa.jsonl. Any file of the dataset will do.
        let dataset_files = [
            "documents.jsonl",
            "qa.jsonl",
            "summaries.jsonl",
            "dataset.toml",
        ];
        let named_a_file = if reader.name == "validate" {
            dataset_files.iter().any(|f| outcome.stderr.contains(f))
        } else {
            outcome.stderr.contains(&file)
        };
        prop_assert!(
            outcome.code == 0 || outcome.code == 2,
            "{}: exit {} (a panic is 101)\n{}",
            reader.name,
            outcome.code,
            outcome.stderr
        );
        if outcome.code == 2 {
            prop_assert!(
                named_a_file,
                "{}: the error does not name {file}:\n{}",
                reader.name,
                outcome.stderr
            );
            let leftovers: Vec<String> = std::fs::read_dir(out_dir.path())
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
                .collect();
            prop_assert!(
                leftovers.is_empty(),
                "{}: files written on a failed run: {leftovers:?}",
                reader.name
            );
        }
        Ok(())
    });
    std::fs::write(&reader.file, &original).unwrap();
    if let Err(e) = result {
        panic!("{e}");
    }
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn score_inputs_survive_mutations() {
    let tmp = tempfile::tempdir().unwrap();
    let qa = write(
        tmp.path(),
        "qa-input.jsonl",
        concat!(
            r#"{"id": "n1", "kind": "numeric", "prediction": "US$237bn", "answers": ["$237 billion"], "no_answer_probability": 0.1}"#,
            "\n",
            r#"{"id": "u1", "prediction": "", "answers": [], "abstained": true, "no_answer_probability": 0.9}"#,
            "\n"
        ),
    );
    let rouge = write(
        tmp.path(),
        "pairs.jsonl",
        concat!(
            r#"{"id": "p1", "prediction": "Xi met Putin.\nThey signed deals.", "references": ["Xi and Putin met.", "Deals were signed."]}"#,
            "\n",
            r#"{"id": "p2", "prediction": "", "reference": "Trade hit $237 billion."}"#,
            "\n"
        ),
    );
    let summaries = write(
        tmp.path(),
        "summaries-input.jsonl",
        "{\"id\": \"sum-01\", \"prediction\": \"Xi arrived in Moscow on May 7.\"}\n",
    );
    let readers = [
        Reader {
            name: "score qa",
            file: qa.clone(),
            run: Box::new(move |out| {
                Goldeval::new(["score", "qa", "--input"])
                    .arg(&qa)
                    .arg("--output")
                    .arg(out.join("o.jsonl"))
                    .arg("--summary")
                    .arg(out.join("s.json"))
                    .run()
            }),
        },
        Reader {
            name: "score rouge",
            file: rouge.clone(),
            run: Box::new(move |out| {
                Goldeval::new(["score", "rouge", "--input"])
                    .arg(&rouge)
                    .arg("--output")
                    .arg(out.join("o.jsonl"))
                    .arg("--summary")
                    .arg(out.join("s.json"))
                    .run()
            }),
        },
        Reader {
            name: "score summaries",
            file: summaries.clone(),
            run: Box::new(move |out| {
                Goldeval::new(["score", "summaries", "--dataset"])
                    .arg(crate::util::bundled_dataset())
                    .arg("--input")
                    .arg(&summaries)
                    .arg("--output")
                    .arg(out.join("o.jsonl"))
                    .arg("--summary")
                    .arg(out.join("s.json"))
                    .run()
            }),
        },
    ];
    readers.iter().for_each(fuzz);
}

#[test]
fn dataset_config_and_replay_files_survive_mutations() {
    let data = copy_of_mini();
    let root = data.path().to_path_buf();
    let tmp = tempfile::tempdir().unwrap();
    let config = write(
        tmp.path(),
        "goldeval.toml",
        "[[backend]]\nname = \"a\"\nkind = \"builtin\"\nbuiltin = \"lead\"\n\n[check]\nmax_drop = { \"*\" = 0.01 }\nmax_error_rate = 0.5\n",
    );
    let replay = write(
        tmp.path(),
        "outputs.jsonl",
        "{\"id\": \"mq-1\", \"output\": \"4,200\"}\n{\"id\": \"mq-2\", \"output\": \"Feb. 28\", \"abstained\": false}\n",
    );
    let mut readers: Vec<Reader> = [
        "qa.jsonl",
        "documents.jsonl",
        "summaries.jsonl",
        "dataset.toml",
    ]
    .into_iter()
    .map(|f| {
        let dir = root.clone();
        Reader {
            name: "validate",
            file: root.join(f),
            run: Box::new(move |_| Goldeval::new(["validate"]).arg(&dir).run()),
        }
    })
    .collect();
    let c = config.clone();
    readers.push(Reader {
        name: "goldeval.toml",
        file: config,
        run: Box::new(move |_| {
            Goldeval::new(["list", "backends", "--config"])
                .arg(&c)
                .run()
        }),
    });
    let r = replay.clone();
    readers.push(Reader {
        name: "replay",
        file: replay,
        run: Box::new(move |out| {
            Goldeval::new(["run", "--quiet", "--task", "qa", "--dataset"])
                .arg(mini())
                .arg("--backend")
                .arg(format!("replay:{}", r.display()))
                .arg("--out")
                .arg(out.join("run"))
                .run()
        }),
    });
    for reader in &readers {
        fuzz_allowing_incomplete(reader);
    }
}

/// [`fuzz`], for a command whose valid outcome may also be exit 3 (a replay missing an
/// item): only exit 3 with the run finished is added to what is allowed.
fn fuzz_allowing_incomplete(reader: &Reader<'_>) {
    let wrapped = Reader {
        name: reader.name,
        file: reader.file.clone(),
        run: Box::new(|out| {
            let mut outcome = (reader.run)(out);
            if outcome.code == 3 {
                // Some recorded outputs were lost to the mutation: a finished, incomplete
                // run; its directory is meant to stay.
                std::fs::remove_dir_all(out.join("run")).unwrap();
                outcome.code = 0;
            }
            outcome
        }),
    };
    fuzz(&wrapped);
}

#[test]
fn run_directories_and_goldens_survive_mutations() {
    let tmp = tempfile::tempdir().unwrap();
    let run = lead_run(tmp.path());
    let goldens = tmp.path().join("goldens");
    std::fs::create_dir_all(goldens.join("xi-moscow-2025")).unwrap();
    std::fs::copy(
        "goldens/xi-moscow-2025/lead.jsonl",
        goldens.join("xi-moscow-2025/lead.jsonl"),
    )
    .unwrap();
    let readers: Vec<Reader> = ["items.jsonl", "run.json", "summary.json"]
        .into_iter()
        .map(|f| {
            let (r, g) = (run.clone(), goldens.clone());
            Reader {
                name: "check (run directory)",
                file: run.join(f),
                run: Box::new(move |out| {
                    let o = Goldeval::new(["check", "-o"])
                        .arg(out.join("r.json"))
                        .arg("--goldens")
                        .arg(&g)
                        .arg(&r)
                        .run();
                    gate_failures_are_fine(o, out)
                }),
            }
        })
        .chain(std::iter::once({
            let (r, g) = (run.clone(), goldens.clone());
            Reader {
                name: "check (golden)",
                file: goldens.join("xi-moscow-2025/lead.jsonl"),
                run: Box::new(move |out| {
                    let o = Goldeval::new(["check", "-o"])
                        .arg(out.join("r.json"))
                        .arg("--goldens")
                        .arg(&g)
                        .arg(&r)
                        .run();
                    gate_failures_are_fine(o, out)
                }),
            }
        }))
        .collect();
    readers.iter().for_each(fuzz);
}

/// A check that read everything and then failed or passed a gate wrote its report: both
/// are valid outcomes of a mutated (but readable) file.
fn gate_failures_are_fine(mut outcome: crate::util::Outcome, out: &Path) -> crate::util::Outcome {
    if outcome.code == 0 || outcome.code == 1 {
        assert!(
            out.join("r.json").is_file(),
            "a finished check wrote its report"
        );
        std::fs::remove_file(out.join("r.json")).unwrap();
        outcome.code = 0;
    }
    outcome
}
