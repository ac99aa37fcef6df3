//! Issue 12, item 3: ESC/OSC sequences in model outputs, ids and messages are printed as
//! inert escapes by every command, so piped output never holds an escape code and a hostile
//! output cannot rewrite a terminal.

use crate::util::{copy_of_mini, Goldeval};

/// An OSC title change, a screen clear, a bell and a right-to-left override.
const HOSTILE: &str = "\u{1b}]0;pwned\u{7}\u{1b}[2J\u{202e}";

fn assert_inert(what: &str, text: &str) {
    assert!(
        !text.contains('\u{1b}'),
        "{what} printed a raw ESC:\n{text:?}"
    );
    assert!(!text.contains('\u{7}'), "{what} printed a raw BEL");
    assert!(
        !text.contains('\u{202e}'),
        "{what} printed a raw bidi override"
    );
}

#[test]
fn compare_and_check_print_hostile_outputs_and_ids_as_text() {
    let tmp = tempfile::tempdir().unwrap();
    let data = copy_of_mini();
    let replay = |name: &str, output: &str| {
        let path = tmp.path().join(format!("{name}.jsonl"));
        let lines: Vec<String> = ["mq-1", "mq-2", "mq-3", "mq-4"]
            .iter()
            .map(|id| {
                let text = if output.is_empty() && *id == "mq-1" {
                    "4,200".to_string()
                } else {
                    format!("{output}{id}")
                };
                serde_json::json!({"id": id, "output": text}).to_string()
            })
            .collect();
        std::fs::write(&path, lines.join("\n") + "\n").unwrap();
        path
    };
    // A answers mq-1 right; B's hostile answers are all wrong, so mq-1 is B's most
    // regressed item and both outputs are printed side by side.
    let a = replay("a", "");
    let b = replay("b", HOSTILE);
    let run = tmp.path().join("run");
    Goldeval::new(["run", "--quiet", "--task", "qa", "--dataset"])
        .arg(data.path())
        .arg("--backend")
        .arg(format!("replay:{}", a.display()))
        .arg("--backend")
        .arg(format!("replay:{}", b.display()))
        .arg("--out")
        .arg(&run)
        .run();
    let out = Goldeval::new(["compare", "--top", "4"]).arg(&run).code(0);
    assert!(out.stdout.contains("\\u{1b}]0;pwned"), "{}", out.stdout);
    assert_inert("compare stdout", &out.stdout);
    assert_inert("compare stderr", &out.stderr);
}

#[test]
fn validate_and_score_print_hostile_ids_as_text() {
    let data = copy_of_mini();
    let qa = data.path().join("qa.jsonl");
    let text = std::fs::read_to_string(&qa).unwrap();
    let hostile_id = serde_json::to_string(&format!("mq-1{HOSTILE}")).unwrap();
    std::fs::write(
        &qa,
        text.replacen("\"mq-1\"", &hostile_id, 1).replacen(
            "\"kind\": \"numeric\"",
            "\"kind\": \"numbers\"",
            1,
        ),
    )
    .unwrap();
    let out = Goldeval::new(["validate"]).arg(data.path()).code(2);
    assert_inert("validate stderr", &out.stderr);
    assert_inert("validate stdout", &out.stdout);

    let input = serde_json::json!({
        "id": format!("q{HOSTILE}"),
        "prediction": format!("Moscow {HOSTILE}"),
        "answers": [],
    });
    let out = Goldeval::new(["score", "qa", "--explain", "--input", "-"])
        .stdin(format!("{input}\n"))
        .code(0);
    assert_inert("score qa stderr", &out.stderr);
    // stdout is JSON Lines: JSON escapes ESC and BEL itself.
    assert!(!out.stdout.contains('\u{1b}') && !out.stdout.contains('\u{7}'));
    assert!(out.stderr.contains("q\\u{1b}]0;pwned"), "{}", out.stderr);
}
