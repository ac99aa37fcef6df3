//! The fuzz targets of goldeval's readers, as plain functions of the input bytes.
//!
//! Each `fuzz_targets/<name>.rs` only calls [`<name>`](crate) here, so the targets are easy
//! to read side by side, the seeds can be replayed on stable Rust (`cargo test` in this
//! directory, see `tests/seeds.rs`) and every path into goldeval is in the `use` block
//! below: when the crate's public API moves, this block is the one place to update.
//!
//! A target must never panic on any input; a returned error is fine. Beyond "no panic", each
//! checks what goldeval promises about the reader (an accepted run yields goldens that read
//! back, the streamed and in-memory dataset loaders agree, a refused input names its file,
//! a refused `score qa` input writes nothing): a broken promise is a panic, so libFuzzer
//! reports it like a crash.
//!
//! Some targets take several files from one input: the bytes are cut at the ASCII record
//! separator (0x1E, [`SEPARATOR`]), which valid JSON and TOML never hold unescaped.

use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

// Every goldeval item the targets use (keep them here, and only here).
use goldeval::unstable::backend::BUILTIN_NAMES;
use goldeval::unstable::cli::{dispatch, Cli};
use goldeval::unstable::config::{check_name, Config};
use goldeval::unstable::dataset::jsonl::{parse_line, read_all, Lines};
use goldeval::unstable::dataset::validate::validate;
use goldeval::unstable::dataset::{Dataset, Document, QaItem, SummaryItem};
use goldeval::unstable::record::golden::{Golden, GoldenItem};
use goldeval::unstable::record::{ItemRecord, RunDir};
use goldeval::Error;

/// The byte that separates the files of a multi-file input.
pub const SEPARATOR: u8 = 0x1e;

/// The test dataset's files (`tests/fixtures/datasets/mini`), used where an input gives only
/// some of a dataset's files.
pub mod mini {
    /// `dataset.toml`.
    pub const MANIFEST: &[u8] = include_bytes!("../../fixtures/datasets/mini/dataset.toml");
    /// `documents.jsonl`.
    pub const DOCUMENTS: &[u8] = include_bytes!("../../fixtures/datasets/mini/documents.jsonl");
    /// `qa.jsonl`.
    pub const QA: &[u8] = include_bytes!("../../fixtures/datasets/mini/qa.jsonl");
    /// `summaries.jsonl`.
    pub const SUMMARIES: &[u8] = include_bytes!("../../fixtures/datasets/mini/summaries.jsonl");
}

/// `run.json` and `summary.json` of a real run (`lead` and `extractive-qa` on the test
/// dataset; see README.md), used where an input gives only `items.jsonl`.
pub mod run {
    /// `run.json`.
    pub const MANIFEST: &[u8] = include_bytes!("../fixtures/run/run.json");
    /// `summary.json`.
    pub const SUMMARY: &[u8] = include_bytes!("../fixtures/run/summary.json");
}

/// Cuts `data` at [`SEPARATOR`] into at most `max` parts (the last part keeps any further
/// separators).
pub fn split(data: &[u8], max: usize) -> Vec<&[u8]> {
    data.splitn(max, |&b| b == SEPARATOR).collect()
}

/// This thread's scratch directory for `target`, `$TMPDIR/goldeval-fuzz/<pid>/<n>/<target>`
/// (`n` numbers the threads that asked, so the seed tests, which run in parallel threads,
/// never share files), made on first use and reused for every input (libFuzzer runs inputs
/// one at a time on one thread). The directories of processes that have ended are removed
/// first, so minimizing a crash (one process per attempt) does not fill the disk.
pub fn scratch(target: &str) -> PathBuf {
    static PROCESS: OnceLock<PathBuf> = OnceLock::new();
    static THREADS: AtomicUsize = AtomicUsize::new(0);
    thread_local! {
        static THREAD: usize = THREADS.fetch_add(1, Ordering::Relaxed);
    }
    let base = PROCESS.get_or_init(|| {
        let parent = std::env::temp_dir().join("goldeval-fuzz");
        remove_stale(&parent);
        let dir = parent.join(std::process::id().to_string());
        if dir.exists() {
            std::fs::remove_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        }
        dir
    });
    let dir = base.join(THREAD.with(|n| n.to_string())).join(target);
    if !dir.is_dir() {
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    }
    dir
}

/// Removes `parent/<pid>` directories whose process is gone (Linux only: elsewhere nothing
/// is removed).
fn remove_stale(parent: &Path) {
    if !cfg!(target_os = "linux") {
        return;
    }
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let pid = entry
            .file_name()
            .to_str()
            .and_then(|n| n.parse::<u32>().ok());
        if pid.is_some_and(|pid| !Path::new(&format!("/proc/{pid}")).exists()) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    path
}

/// What every refusal must look like: never a serialization failure (that is a bug: records
/// are plain data), a message, and every diagnostic about a file inside `dir`.
fn check_refusal(error: &Error, dir: &Path) {
    assert!(
        !matches!(error, Error::Serialize { .. }),
        "a serialization error is a bug: {error}"
    );
    assert!(!error.to_string().is_empty());
    if let Error::Invalid { diagnostics, .. } = error {
        assert!(!diagnostics.is_empty(), "an Invalid error lists no problem");
        for d in diagnostics.iter() {
            assert!(d.file.starts_with(dir), "{d} is not about a file read");
        }
    }
}

/// The first line of a JSON Lines input that no reader can accept (not UTF-8, or not a JSON
/// object), if any: a reader that refuses the input must name this line.
fn first_bad_line(data: &[u8]) -> Option<usize> {
    Lines::new(Path::new("-"), data).find_map(|raw| match raw {
        Ok(raw) => serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(&raw.text)
            .is_err()
            .then_some(raw.line),
        Err(d) => d.line,
    })
}

/// A refusal of `data`, read from `path`, names a line of `path` no later than its first bad
/// line (a reader may stop early: a golden whose header is refused is not read further).
fn check_located(error: &Error, path: &Path, data: &[u8]) {
    let Some(bad) = first_bad_line(data) else {
        return;
    };
    let located = match error {
        Error::Invalid { diagnostics, .. } => diagnostics
            .iter()
            .any(|d| d.file == path && d.line.is_some_and(|line| line <= bad)),
        _ => false,
    };
    assert!(
        located,
        "the refusal names no line of {} up to {bad}:\n{error}",
        path.display()
    );
}

/// Target `run_dir`: the input is `items.jsonl` of a run directory whose `run.json` and
/// `summary.json` are [`run`]'s (two parts: `summary.json`, `items.jsonl`; three: `run.json`,
/// `summary.json`, `items.jsonl`), read with [`RunDir::open`].
///
/// A run that is accepted must give, for each of its backends, a golden ([`Golden::from_run`],
/// as `bless` does) that [`Golden::read`] reads back unchanged: `bless` must never write a
/// golden that `check` refuses.
pub fn run_dir(data: &[u8]) -> bool {
    let dir = &scratch("run_dir");
    let (manifest, summary, items) = match split(data, 3).as_slice() {
        [items] => (run::MANIFEST, run::SUMMARY, *items),
        [summary, items] => (run::MANIFEST, *summary, *items),
        [manifest, summary, items] => (*manifest, *summary, *items),
        _ => unreachable!("split never gives more than 3 parts"),
    };
    write(dir, "run.json", manifest);
    write(dir, "summary.json", summary);
    write(dir, "items.jsonl", items);
    let run = match RunDir::open(dir) {
        Ok(run) => run,
        Err(e) => {
            check_refusal(&e, dir);
            if manifest == run::MANIFEST && summary == run::SUMMARY {
                check_located(&e, &dir.join("items.jsonl"), items);
            }
            return false;
        }
    };
    assert!(run.items.len() <= items.split(|&b| b == b'\n').count());
    let goldens = dir.join("goldens");
    for backend in &run.manifest.backends {
        let golden = match Golden::from_run(&run, backend) {
            Ok(golden) => golden,
            // a repeated run cannot be blessed; that is a usage error, not a bug
            Err(Error::Usage { .. }) => continue,
            Err(e) => panic!("Golden::from_run({backend}): {e}"),
        };
        let path = Golden::path(&goldens, &run.manifest.dataset.name, backend)
            .unwrap_or_else(|e| panic!("an accepted run has an unsafe name: {e}"));
        let text = golden.to_jsonl().unwrap_or_else(|e| panic!("{e}"));
        std::fs::create_dir_all(path.parent().unwrap_or(&goldens))
            .unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(&path, &text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        match Golden::read(&path) {
            Ok(back) => assert_eq!(back, golden, "a blessed golden reads back changed"),
            Err(e) => panic!("the golden blessed from an accepted run is refused:\n{e}"),
        }
    }
    true
}

/// Target `golden`: the input is a golden file, read with [`Golden::read`]. An accepted
/// golden must write back ([`Golden::to_jsonl`]) to a file that reads back equal.
pub fn golden(data: &[u8]) -> bool {
    let dir = &scratch("golden");
    let path = write(dir, "lead.jsonl", data);
    match Golden::read(&path) {
        Ok(golden) => {
            let text = golden.to_jsonl().unwrap_or_else(|e| panic!("{e}"));
            let again = write(dir, "again.jsonl", text.as_bytes());
            match Golden::read(&again) {
                Ok(back) => assert_eq!(back, golden, "a golden changes when written back"),
                Err(e) => panic!("an accepted golden, written back, is refused:\n{e}"),
            }
            true
        }
        Err(e) => {
            check_refusal(&e, dir);
            check_located(&e, &path, data);
            false
        }
    }
}

/// Target `dataset`: the input is `qa.jsonl` of the test dataset ([`mini`]); two parts are
/// `documents.jsonl` and `qa.jsonl`, three add `summaries.jsonl`. The dataset is loaded with
/// both loaders ([`Dataset::load`], and [`Dataset::load_streaming`] that `goldeval validate`
/// and QA runs use) and validated: both must accept or refuse alike, with the same messages,
/// hash and validation problems. Returns whether the dataset loaded and is valid.
pub fn dataset(data: &[u8]) -> bool {
    let dir = &scratch("dataset");
    let (documents, qa, summaries) = match split(data, 3).as_slice() {
        [qa] => (mini::DOCUMENTS, *qa, mini::SUMMARIES),
        [documents, qa] => (*documents, *qa, mini::SUMMARIES),
        [documents, qa, summaries] => (*documents, *qa, *summaries),
        _ => unreachable!("split never gives more than 3 parts"),
    };
    write(dir, "dataset.toml", mini::MANIFEST);
    write(dir, "documents.jsonl", documents);
    write(dir, "qa.jsonl", qa);
    write(dir, "summaries.jsonl", summaries);
    match (Dataset::load(dir), Dataset::load_streaming(dir)) {
        (Ok(loaded), Ok(streamed)) => {
            assert_eq!(loaded.hash, streamed.hash);
            assert_eq!(loaded.qa_len(), streamed.qa_len());
            let problems = validate(&loaded).to_string();
            assert_eq!(
                problems,
                validate(&streamed).to_string(),
                "validate differs between the loaders"
            );
            problems.is_empty()
        }
        (Err(loaded), Err(streamed)) => {
            check_refusal(&loaded, dir);
            if documents == mini::DOCUMENTS && summaries == mini::SUMMARIES {
                check_located(&loaded, &dir.join("qa.jsonl"), qa);
            }
            assert_eq!(
                loaded.to_string(),
                streamed.to_string(),
                "the loaders refuse differently"
            );
            false
        }
        (loaded, streamed) => panic!(
            "one loader accepts what the other refuses:\nload: {:?}\nload_streaming: {:?}",
            loaded.err().map(|e| e.to_string()),
            streamed.err().map(|e| e.to_string())
        ),
    }
}

/// Where a TOML file that no reader can accept goes wrong: `Some(Some(line))` for the line of
/// the first byte that is not UTF-8, `Some(None)` for a TOML syntax error (whose line is the
/// parser's to say), `None` when it is a TOML table.
fn toml_fault(data: &[u8]) -> Option<Option<usize>> {
    match std::str::from_utf8(data) {
        Err(e) => {
            let before = &data[..e.valid_up_to()];
            Some(Some(before.iter().filter(|&&b| b == b'\n').count() + 1))
        }
        Ok(text) => text.parse::<toml::Table>().is_err().then_some(None),
    }
}

/// A refusal of a TOML file `path` whose fault is `fault` ([`toml_fault`]) names a line
/// of `path`: the exact line of a byte that is not UTF-8, some line for a syntax error.
fn check_toml_located(error: &Error, path: &Path, fault: Option<Option<usize>>) {
    let text = error.to_string();
    match fault {
        None => {}
        Some(Some(line)) => {
            let at = format!("{}:{line}:", path.display());
            assert!(
                text.contains(&at),
                "the refusal does not name {at}:\n{text}"
            );
        }
        Some(None) => {
            let located = matches!(error, Error::Invalid { diagnostics, .. }
                if diagnostics.iter().any(|d| d.file == path && d.line.is_some()));
            assert!(located, "a TOML syntax error without its line:\n{text}");
        }
    }
}

/// Target `toml`: the input is read as `goldeval.toml` ([`Config::parse`], or
/// [`Config::load`] when it is not UTF-8) and as the `dataset.toml` of a directory holding
/// the test dataset's data files ([`Dataset::load`]). Whatever either accepts has only safe
/// names (they become file names) and data files inside the dataset directory. Returns
/// whether either accepted it.
pub fn toml(data: &[u8]) -> bool {
    let dir = &scratch("toml");
    let config_path = dir.join("goldeval.toml");
    let config = match std::str::from_utf8(data) {
        Ok(text) => Config::parse(&config_path, text, &BUILTIN_NAMES).map_err(|diagnostics| {
            Error::Invalid {
                what: "configuration".into(),
                diagnostics,
            }
        }),
        Err(_) => {
            write(dir, "goldeval.toml", data);
            Config::load(&config_path, &BUILTIN_NAMES)
        }
    };
    let fault = toml_fault(data);
    let config_ok = match config {
        Ok(config) => {
            for backend in &config.backends {
                assert_eq!(check_name(&backend.name), Ok(()), "{:?}", backend.name);
                assert!(!BUILTIN_NAMES.contains(&backend.name.as_str()));
            }
            true
        }
        Err(e) => {
            check_refusal(&e, dir);
            check_toml_located(&e, &config_path, fault);
            false
        }
    };
    let data_dir = dir.join("dataset");
    if !data_dir.is_dir() {
        std::fs::create_dir_all(&data_dir).unwrap_or_else(|e| panic!("{e}"));
        write(&data_dir, "documents.jsonl", mini::DOCUMENTS);
        write(&data_dir, "qa.jsonl", mini::QA);
        write(&data_dir, "summaries.jsonl", mini::SUMMARIES);
    }
    write(&data_dir, "dataset.toml", data);
    let dataset_ok = match Dataset::load(&data_dir) {
        Ok(dataset) => {
            let name = &dataset.manifest.name;
            assert_eq!(check_name(name), Ok(()), "{name:?}");
            let files = &dataset.manifest.files;
            for entry in [
                Some(&files.documents),
                files.qa.as_ref(),
                files.summaries.as_ref(),
            ]
            .into_iter()
            .flatten()
            {
                let path = dataset.path_of(entry);
                assert!(path.starts_with(&data_dir) && path.is_file(), "{entry:?}");
            }
            true
        }
        Err(e) => {
            check_refusal(&e, &data_dir);
            check_toml_located(&e, &data_dir.join("dataset.toml"), fault);
            false
        }
    };
    config_ok || dataset_ok
}

/// Target `jsonl`: the input is any JSON Lines file, split by [`Lines`] (read whole, and
/// read through a one-byte buffer: both must give the same lines) and each line parsed as
/// every record type goldeval reads ([`parse_line`], [`read_all`]). Returns whether every
/// line is a JSON object.
pub fn jsonl(data: &[u8]) -> bool {
    let file = Path::new("fuzz.jsonl");
    let whole: Vec<_> = Lines::new(file, data).collect();
    let trickled: Vec<_> = Lines::new(file, BufReader::with_capacity(1, data)).collect();
    assert_eq!(whole, trickled, "lines depend on the read buffer");
    let newlines = data.iter().filter(|&&b| b == b'\n').count();
    let mut last = 0;
    for raw in &whole {
        let line = match raw {
            Ok(raw) => {
                assert!(!raw.text.contains('\n') && !raw.text.trim().is_empty());
                raw.line
            }
            Err(d) => {
                assert_eq!(d.file, file);
                d.line.unwrap_or_else(|| panic!("no line: {d}"))
            }
        };
        assert!(
            line > last && line <= newlines + 1,
            "line {line} after {last}"
        );
        last = line;
    }
    let mut all_objects = true;
    for raw in whole.iter().flatten() {
        let (line, text) = (raw.line, raw.text.as_str());
        let located = |d: goldeval::Diagnostic| {
            assert_eq!((d.file.as_path(), d.line), (file, Some(line)), "{d}");
        };
        let object = parse_line::<serde_json::Map<String, serde_json::Value>>(file, line, text);
        all_objects &= object.is_ok();
        object.err().map(located);
        parse_line::<QaItem>(file, line, text).err().map(located);
        parse_line::<Document>(file, line, text).err().map(located);
        parse_line::<SummaryItem>(file, line, text)
            .err()
            .map(located);
        parse_line::<ItemRecord>(file, line, text)
            .err()
            .map(located);
        parse_line::<GoldenItem>(file, line, text)
            .err()
            .map(located);
    }
    match read_all::<QaItem>(file, data) {
        Ok(rows) => assert_eq!(rows.len(), whole.len()),
        Err(diagnostics) => assert!(!diagnostics.is_empty() && diagnostics.len() <= whole.len()),
    }
    all_objects
}

/// Target `score_qa`: the input is the `--input` of `goldeval score qa --output OUT
/// --summary SUMMARY`, run through the command's own code ([`dispatch`]). It exits 0 and
/// writes both files, or fails with exit code 2 and writes nothing (no output, no summary, no
/// temporary file left). Returns whether it scored the input.
pub fn score_qa(data: &[u8]) -> bool {
    let dir = &scratch("score_qa");
    let input = write(dir, "input.jsonl", data);
    let output = dir.join("scores.jsonl");
    let summary = dir.join("summary.json");
    for path in [&output, &summary] {
        if path.exists() {
            std::fs::remove_file(path).unwrap_or_else(|e| panic!("{e}"));
        }
    }
    let args = [
        "goldeval".as_ref(),
        "score".as_ref(),
        "qa".as_ref(),
        "--input".as_ref(),
        input.as_os_str(),
        "--output".as_ref(),
        output.as_os_str(),
        "--summary".as_ref(),
        summary.as_os_str(),
    ];
    let cli = <Cli as clap::Parser>::try_parse_from(args).unwrap_or_else(|e| panic!("{e}"));
    let scored = match dispatch(cli) {
        Ok(code) => {
            assert_eq!(code, 0);
            assert!(output.is_file() && summary.is_file());
            true
        }
        Err(e) => {
            assert_eq!(e.exit_code(), 2, "{e}");
            check_refusal(&e, dir);
            check_located(&e, &input, data);
            assert!(
                !output.exists() && !summary.exists(),
                "a refused input wrote output: {e}"
            );
            false
        }
    };
    let left: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{e}"))
        .flatten()
        .map(|e| e.file_name())
        .filter(|n| n.to_string_lossy().starts_with(".goldeval-"))
        .collect();
    assert!(left.is_empty(), "temporary files left behind: {left:?}");
    scored
}
