//! The layers of `src/` (issue 13): a module may use modules of its own layer or below, never
//! above. Reads every source file and fails naming the file and the import that goes up.
//!
//! | layer | modules |
//! |---|---|
//! | 0 | error, diagnostic, warning, ordered_map, text, stats |
//! | 1 | metrics, dataset, config |
//! | 2 | backend, record |
//! | 3 | run, compare, check |
//! | 4 | report |
//! | 5 | cli |
//!
//! Test modules (`#[cfg(test)]` to the end of a file) may reach further, to build fixtures.

use std::path::Path;

const LAYERS: &[(&str, u8)] = &[
    ("error", 0),
    ("diagnostic", 0),
    ("warning", 0),
    ("ordered_map", 0),
    ("text", 0),
    ("stats", 0),
    ("metrics", 1),
    ("dataset", 1),
    ("config", 1),
    ("backend", 2),
    ("record", 2),
    ("run", 3),
    ("compare", 3),
    ("check", 3),
    ("report", 4),
    ("cli", 5),
];

fn layer(module: &str) -> Option<u8> {
    LAYERS.iter().find(|(m, _)| *m == module).map(|&(_, l)| l)
}

/// The top-level modules a piece of code names through `crate::`.
fn named_modules(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, _) in code.match_indices("crate::") {
        let rest = &code[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for part in group[..end].split(',') {
                let name: String = part
                    .trim()
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                out.push(name);
            }
        } else {
            out.push(
                rest.chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect(),
            );
        }
    }
    out
}

fn visit(dir: &Path, files: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            visit(&path, files);
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
}

#[test]
fn no_module_imports_from_a_layer_above_it() {
    let src = crate::util::repo().join("src");
    let mut files = Vec::new();
    visit(&src, &mut files);
    let mut upward = Vec::new();
    let mut seen = 0;
    for file in &files {
        let relative = file.strip_prefix(&src).unwrap();
        let top = relative
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_string();
        let Some(own) = layer(&top) else {
            continue; // lib.rs, unstable.rs, squad.rs, main.rs: the crate's table of contents
        };
        seen += 1;
        let text = std::fs::read_to_string(file).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        for module in named_modules(code) {
            if let Some(theirs) = layer(&module) {
                if theirs > own {
                    upward.push(format!(
                        "src/{}: {top} (layer {own}) uses crate::{module} (layer {theirs})",
                        relative.display()
                    ));
                }
            }
        }
    }
    assert!(seen > 100, "read only {seen} files under {}", src.display());
    upward.sort();
    upward.dedup();
    assert!(
        upward.is_empty(),
        "imports that go up a layer:\n{}",
        upward.join("\n")
    );
}

/// The checker itself: it finds an upward import in a path, a group and a nested path.
#[test]
fn the_checker_sees_paths_and_groups() {
    assert_eq!(named_modules("use crate::run::plan;"), ["run"]);
    assert_eq!(
        named_modules("use crate::{backend::Task, metrics};"),
        ["backend", "metrics"]
    );
    assert_eq!(named_modules("x: crate::record::ItemRecord"), ["record"]);
}
