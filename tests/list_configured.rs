//! `goldeval list backends` shows the configured backends after the built-ins.

use crate::util::Goldeval;

#[test]
fn list_backends_shows_configured_entries_with_their_lines() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("goldeval.toml"),
        "[[backend]]\nname = \"py\"\nkind = \"command\"\ncommand = [\"python3\", \"x.py\"]\ntasks = [\"answer\"]\n\n[[backend]]\nname = \"gpt\"\nkind = \"openai\"\nbase_url = \"http://127.0.0.1:1/v1\"\nmodel = \"tiny\"\n",
    )
    .unwrap();
    let out = Goldeval::new(["list", "backends"])
        .current_dir(tmp.path())
        .code(0)
        .stdout;
    let rows: Vec<&str> = out.lines().collect();
    let py = rows.iter().find(|r| r.starts_with("py ")).expect(&out);
    assert!(
        py.contains(" qa ") && py.contains("command `python3 x.py` (goldeval.toml:1)"),
        "{py}"
    );
    let gpt = rows.iter().find(|r| r.starts_with("gpt ")).expect(&out);
    assert!(
        gpt.contains("summarize,qa")
            && gpt.contains("openai model `tiny` at http://127.0.0.1:1/v1 (goldeval.toml:7)"),
        "{gpt}"
    );
    assert!(
        rows.iter().position(|r| r.starts_with("lead "))
            < rows.iter().position(|r| r.starts_with("py "))
    );
    // A broken configuration is reported, not ignored.
    std::fs::write(
        tmp.path().join("goldeval.toml"),
        "[[backend]]\nnme = \"x\"\n",
    )
    .unwrap();
    let bad = Goldeval::new(["list", "backends"])
        .current_dir(tmp.path())
        .code(2);
    assert!(
        bad.stderr.contains("goldeval.toml:2: nme: unknown field"),
        "{}",
        bad.stderr
    );
}
