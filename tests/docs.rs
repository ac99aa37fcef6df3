//! The manual's examples run: every code block of `README.md` and `docs/*.md` that the page
//! marks as tested (an HTML comment `<!-- tested -->` on the line before the fence) is run
//! with the goldeval under test first on `PATH`, in a scratch directory holding copies of
//! `datasets/` and `goldens/` (a fresh one per block: each block stands on its own, as a
//! reader trying one of them finds it).
//!
//! - A `console` block is a session: each `$ ` line (with `\` continuations) is a command;
//!   the lines after it are its output. Every output line shown must appear in what the
//!   command printed (stdout, then stderr), in order; a line starting with `…` stands for
//!   lines left out, and a `…` inside a line for text left out of it. A command must exit 0, unless the session shows its status with
//!   `$ echo $?`.
//! - An `sh` block is a script: each line must exit 0.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::repo;

/// One tested block: the file, the line of its fence, its language and its lines.
struct Block {
    file: PathBuf,
    line: usize,
    lang: String,
    lines: Vec<String>,
}

/// The tested blocks of one page.
fn tested_blocks(file: &Path) -> Vec<Block> {
    let text = std::fs::read_to_string(file).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let mut blocks = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let marked = i > 0 && lines[i - 1].trim() == "<!-- tested -->";
        if let (true, Some(lang)) = (marked, lines[i].strip_prefix("```")) {
            let start = i;
            i += 1;
            let mut body = Vec::new();
            while i < lines.len() && lines[i] != "```" {
                body.push(lines[i].to_string());
                i += 1;
            }
            assert!(
                matches!(lang, "console" | "sh"),
                "{}:{}: a tested block is `console` or `sh`, not {lang:?}",
                file.display(),
                start + 1
            );
            blocks.push(Block {
                file: file.to_path_buf(),
                line: start + 1,
                lang: lang.to_string(),
                lines: body,
            });
        }
        i += 1;
    }
    blocks
}

/// A `console` block as (command, the output lines shown after it).
fn session(block: &Block) -> Vec<(String, Vec<String>)> {
    let mut steps: Vec<(String, Vec<String>)> = Vec::new();
    let mut continuing = false;
    for line in &block.lines {
        if continuing {
            let (command, _) = steps.last_mut().unwrap();
            command.push('\n');
            command.push_str(line);
            continuing = line.ends_with('\\');
        } else if let Some(command) = line.strip_prefix("$ ") {
            steps.push((command.to_string(), Vec::new()));
            continuing = command.ends_with('\\');
        } else {
            let (_, output) = steps.last_mut().unwrap_or_else(|| {
                panic!(
                    "{}:{}: output before the first `$ ` command",
                    block.file.display(),
                    block.line
                )
            });
            output.push(line.to_string());
        }
    }
    steps
}

/// A scratch directory with copies of the datasets and goldens, where pages run.
fn sandbox() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    for dir in ["datasets", "goldens"] {
        copy_tree(&repo().join(dir), &tmp.path().join(dir));
    }
    tmp
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Runs `command` with bash in `dir`: (exit code, stdout then stderr).
fn shell(dir: &Path, command: &str) -> (i32, String) {
    let bin = Path::new(env!("CARGO_BIN_EXE_goldeval")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new("bash")
        .args(["-c", command])
        .current_dir(dir)
        .env("PATH", path)
        .env("NO_COLOR", "1")
        .env("GOLDEVAL_CACHE_DIR", dir.join(".cache"))
        .env_remove("CI")
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.code().unwrap_or(-1), text)
}

/// Checks that every shown line (but `…` lines) appears in `actual`, in order.
fn shown_in_order(shown: &[String], actual: &str) -> Result<(), String> {
    let mut rest = actual.lines().map(str::trim_end);
    for want in shown.iter().map(|l| l.trim_end()) {
        if want.starts_with('…') {
            continue;
        }
        if !rest.any(|got| matches(want, got)) {
            return Err(format!("the line {want:?} is not in the output (in order)"));
        }
    }
    Ok(())
}

/// `got` is the line `want` shows: equal, or, where `want` has `…` inside, the same text
/// around what the `…` stands for (`Run written to runs/… (run.json, …)`).
fn matches(want: &str, got: &str) -> bool {
    let parts: Vec<&str> = want.split('…').collect();
    let [first, middle @ .., last] = parts.as_slice() else {
        return want == got;
    };
    let Some(mut rest) = got.strip_prefix(first) else {
        return false;
    };
    for part in middle {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.ends_with(last)
}

fn run_console(dir: &Path, block: &Block) {
    let steps = session(block);
    let mut last_code = 0;
    for (i, (command, shown)) in steps.iter().enumerate() {
        let at = format!("{}:{}: `{command}`", block.file.display(), block.line);
        if command.trim() == "echo $?" {
            assert_eq!(
                shown,
                &[last_code.to_string()],
                "{at}: the exit status shown is not the previous command's"
            );
            continue;
        }
        let (code, output) = shell(dir, command);
        if let Err(why) = shown_in_order(shown, &output) {
            panic!("{at}: {why}\n--- output\n{output}");
        }
        let status_shown = steps
            .get(i + 1)
            .is_some_and(|(next, _)| next.trim() == "echo $?");
        assert!(
            code == 0 || status_shown,
            "{at}: exit {code}\n--- output\n{output}"
        );
        last_code = code;
    }
}

fn run_script(dir: &Path, block: &Block) {
    for line in &block.lines {
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let (code, output) = shell(dir, line);
        assert_eq!(
            code,
            0,
            "{}:{}: `{line}` exited {code}\n--- output\n{output}",
            block.file.display(),
            block.line
        );
    }
}

/// The pages: the README and every page of `docs/`.
fn pages() -> Vec<PathBuf> {
    let mut pages: Vec<PathBuf> = std::fs::read_dir(repo().join("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    pages.sort();
    pages.insert(0, repo().join("README.md"));
    pages
}

#[test]
fn every_tested_block_of_the_manual_runs_as_shown() {
    let mut ran = 0;
    for page in pages() {
        let blocks = tested_blocks(&page);
        for block in &blocks {
            let dir = sandbox();
            match block.lang.as_str() {
                "console" => run_console(dir.path(), block),
                _ => run_script(dir.path(), block),
            }
            ran += 1;
        }
    }
    // The pages that show commands mark them: losing the markers must not pass silently.
    assert!(ran >= 5, "only {ran} tested blocks in the manual");
}

#[test]
fn shown_output_must_appear_in_order() {
    let shown = |lines: &[&str]| lines.iter().map(|l| l.to_string()).collect::<Vec<_>>();
    assert!(shown_in_order(&shown(&["a", "…", "c"]), "a\nb\nc\n").is_ok());
    assert!(shown_in_order(&shown(&["c", "a"]), "a\nb\nc\n").is_err());
    assert!(shown_in_order(&shown(&["x"]), "a\n").is_err());
    assert!(matches(
        "Run written to runs/… (a, b)",
        "Run written to runs/x-1 (a, b)"
    ));
    assert!(!matches(
        "Run written to runs/… (a, b)",
        "Run written to /tmp (a, b)"
    ));
    assert!(!matches("a … c", "a b d"));
    assert!(matches("exact", "exact") && !matches("exact", "exactly"));
}
