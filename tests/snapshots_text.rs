//! Snapshots of the text users read: `--help` of every command, one message of every error
//! family, and the tables `check` and `compare` print and write. Wording changes are
//! reviewed here (`cargo insta review`) like any other change of behaviour.

use std::path::Path;

use crate::snapshots_builtin::bundled_run;
use crate::util::{copy_run, Goldeval};

/// `goldeval ARGS --help` at a fixed width.
fn help(path: &[&str]) -> String {
    let out = Goldeval::new(path)
        .arg("--help")
        .env("COLUMNS", "100")
        .code(0);
    out.stdout
}

/// The subcommands a help text lists under `Commands:` (but `help`).
fn subcommands(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|l| *l != "Commands:")
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter(|l| !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .map(str::to_string)
        .collect()
}

#[test]
fn the_help_of_every_command() {
    let mut pending = vec![Vec::<String>::new()];
    let mut seen = Vec::new();
    while let Some(path) = pending.pop() {
        let args: Vec<&str> = path.iter().map(String::as_str).collect();
        let text = help(&args);
        for sub in subcommands(&text) {
            pending.push([path.clone(), vec![sub]].concat());
        }
        let name = if path.is_empty() {
            "help-goldeval".to_string()
        } else {
            format!("help-{}", path.join("-"))
        };
        insta::assert_snapshot!(name.clone(), text);
        seen.push(name);
    }
    // Every command of the manual has its help reviewed here.
    for command in [
        "run",
        "score-rouge",
        "score-qa",
        "check",
        "compare",
        "merge",
    ] {
        assert!(
            seen.contains(&format!("help-{command}")),
            "no help snapshot of {command}: {seen:?}"
        );
    }
}

/// One invocation and what the user sees: the command line, the exit code and stderr, with
/// the temporary directory written as `[TMP]`.
fn shown(tmp: &Path, args: &[&str], out: &crate::util::Outcome) -> String {
    let line = args.join(" ").replace(&tmp.display().to_string(), "[TMP]");
    let stderr = out.stderr.replace(&tmp.display().to_string(), "[TMP]");
    format!("$ goldeval {line}\nexit {}\n{stderr}", out.code)
}

/// `goldeval ARGS` run in `cwd`, shown.
fn failing(tmp: &Path, cwd: &Path, args: &[&str]) -> String {
    let out = Goldeval::new(args).current_dir(cwd).env_remove("CI").run();
    assert!(
        out.code == 1 || out.code == 2,
        "{args:?} should fail: {}",
        out.stderr
    );
    shown(tmp, args, &out)
}

#[test]
fn one_message_of_every_error_family() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let s = |p: &Path| p.display().to_string();
    let repo = crate::util::repo();
    let run = s(&bundled_run().0);
    let dataset = s(&crate::util::bundled_dataset());

    // A dataset with one bad record.
    let mini = crate::util::copy_of_mini();
    let bad_dataset = mini.path().to_path_buf();
    let qa = bad_dataset.join("qa.jsonl");
    let text = std::fs::read_to_string(&qa).unwrap();
    std::fs::write(&qa, text.replacen("\"kind\": \"", "\"kind\": \"x", 1)).unwrap();
    // A run whose first record's score is a string; a golden holding only its header.
    let corrupt = copy_run(&bundled_run().0, &t.join("corrupt"), |mut lines| {
        let line = lines
            .iter_mut()
            .find(|l| l.contains("\"rouge1\":"))
            .unwrap();
        let start = line.find("\"rouge1\":").unwrap() + "\"rouge1\":".len();
        let end = start + line[start..].find(',').unwrap();
        *line = format!(
            "{}\"{}\"{}",
            &line[..start],
            &line[start..end],
            &line[end..]
        );
        lines
    });
    // A run written by a newer goldeval.
    let newer = copy_run(&bundled_run().0, &t.join("newer"), |lines| lines);
    let summary = std::fs::read_to_string(newer.join("summary.json")).unwrap();
    let summary = summary.replacen("\"format_version\": 2", "\"format_version\": 99", 1);
    std::fs::write(newer.join("summary.json"), summary).unwrap();
    let goldens = t.join("goldens");
    let golden_dir = goldens.join("xi-moscow-2025");
    std::fs::create_dir_all(&golden_dir).unwrap();
    for entry in std::fs::read_dir(repo.join("goldens/xi-moscow-2025")).unwrap() {
        let entry = entry.unwrap();
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let header = text.lines().next().unwrap();
        std::fs::write(golden_dir.join(entry.file_name()), format!("{header}\n")).unwrap();
    }
    // A configuration whose backend name would escape goldens/.
    std::fs::write(
        t.join("goldeval.toml"),
        "[[backend]]\nname = \"../escape\"\nkind = \"command\"\ncommand = [\"true\"]\n",
    )
    .unwrap();
    let cases: Vec<(&Path, Vec<String>)> = vec![
        (&repo, vec!["run".into(), "--backend".into(), "nope".into()]),
        (&repo, vec!["validate".into(), s(&bad_dataset)]),
        (t, vec!["list".into(), "backends".into()]),
        (
            &repo,
            vec![
                "check".into(),
                run.clone(),
                "--fail-under".into(),
                "qa.F1=0.5".into(),
            ],
        ),
        (
            &repo,
            vec!["check".into(), run.clone(), "--goldens".into(), s(&goldens)],
        ),
        (&repo, vec!["check".into(), s(&corrupt)]),
        (&repo, vec!["check".into(), s(&newer)]),
        (
            &repo,
            vec![
                "score".into(),
                "rouge".into(),
                "--input".into(),
                s(&t.join("missing.jsonl")),
            ],
        ),
        (
            &repo,
            vec![
                "compare".into(),
                format!("{run}:lead"),
                format!("{run}:oracle"),
                "--level".into(),
                "95".into(),
            ],
        ),
        (
            &repo,
            vec![
                "run".into(),
                "--dataset".into(),
                dataset.clone(),
                "--shard".into(),
                "3/2".into(),
            ],
        ),
        (&repo, vec!["bless".into(), run.clone()]),
    ];
    let mut text = String::new();
    for (cwd, args) in &cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let shown = if args[0] == "bless" {
            let out = Goldeval::new(&args).env("CI", "true").run();
            assert_eq!(out.code, 2, "{}", out.stderr);
            shown(t, &args, &out)
        } else {
            failing(t, cwd, &args)
        };
        let shown = shown
            .replace(&s(&bad_dataset), "[DATASET]")
            .replace(&run, "[RUN]")
            .replace(&s(&repo), "[REPO]");
        text.push_str(&shown);
        text.push('\n');
    }
    insta::assert_snapshot!("error-messages", text);
}

#[test]
fn the_tables_check_and_compare_print_and_write() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, _) = bundled_run();
    let run = dir.display().to_string();
    let stable = |text: &str| {
        text.replace(&run, "[RUN]")
            .replace(&tmp.path().display().to_string(), "[TMP]")
    };
    let check_md = tmp.path().join("check.md");
    let check = Goldeval::new(["check", &run, "--fail-under", "summarize.rouge1=0.45", "-o"])
        .arg(&check_md)
        .code(1);
    insta::assert_snapshot!("check-terminal", stable(&check.stdout));
    insta::assert_snapshot!(
        "check-markdown",
        stable(&std::fs::read_to_string(&check_md).unwrap())
    );
    let compare_md = tmp.path().join("compare.md");
    let compare = Goldeval::new([
        "compare",
        &format!("{run}:lead"),
        &format!("{run}:textrank"),
    ])
    .arg("-o")
    .arg(&compare_md)
    .code(0);
    insta::assert_snapshot!("compare-terminal", stable(&compare.stdout));
    insta::assert_snapshot!(
        "compare-markdown",
        stable(&std::fs::read_to_string(&compare_md).unwrap())
    );
}
