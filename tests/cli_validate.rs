//! `goldeval validate`: the bundled and test datasets pass, and every rule fires on a broken
//! copy with a `file:line: field: message` diagnostic and exit code 2.

use std::fs;
use std::path::Path;

use crate::util::{bundled_dataset, copy_of_mini, mini, Goldeval};

/// Replaces `from` with `to` in `file` of `dir`, asserting the text was there.
fn edit(dir: &Path, file: &str, from: &str, to: &str) {
    let path = dir.join(file);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} does not contain {from:?}");
    fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// Validates a broken copy and asserts exit 2 and that stderr has `expected`.
fn assert_rule(file: &str, from: &str, to: &str, expected: &str) {
    let dir = copy_of_mini();
    edit(dir.path(), file, from, to);
    let out = Goldeval::new(["validate".as_ref(), dir.path().as_os_str()]).code(2);
    let located = format!("{}/{expected}", dir.path().display());
    assert!(
        out.stderr.contains(&located),
        "expected {located:?} in:\n{}",
        out.stderr
    );
}

#[test]
fn bundled_dataset_is_valid() {
    let out = Goldeval::new(["validate".as_ref(), bundled_dataset().as_os_str()]).code(0);
    assert!(out.stdout.contains(": ok (5 documents"), "{}", out.stdout);
}

#[test]
fn mini_dataset_is_valid() {
    let out = Goldeval::new(["validate".as_ref(), mini().as_os_str()]).code(0);
    assert!(
        out.stdout
            .contains("ok (2 documents, 4 QA items, 1 summary item; version 0.1.0, sha256:"),
        "{}",
        out.stdout
    );
}

#[test]
fn malformed_json_is_reported_with_its_line() {
    assert_rule(
        "qa.jsonl",
        "{\"id\": \"mq-2\"",
        "{\"id\": \"mq-2\",,",
        "qa.jsonl:2: -: invalid JSON",
    );
}

#[test]
fn missing_id_is_reported() {
    assert_rule(
        "qa.jsonl",
        "\"id\": \"mq-3\", ",
        "",
        "qa.jsonl:3: id: missing field `id`",
    );
}

#[test]
fn unknown_field_is_reported() {
    assert_rule(
        "summaries.jsonl",
        "\"key_facts\"",
        "\"keyfacts\"",
        "summaries.jsonl:1: keyfacts: unknown field `keyfacts`",
    );
}

#[test]
fn duplicate_id_is_reported() {
    assert_rule(
        "qa.jsonl",
        "\"id\": \"mq-3\"",
        "\"id\": \"mq-1\"",
        "qa.jsonl:3: id: duplicate id \"mq-1\" (first used on line 1)",
    );
}

#[test]
fn empty_id_is_reported() {
    assert_rule(
        "documents.jsonl",
        "\"id\": \"m-2\"",
        "\"id\": \" \"",
        "documents.jsonl:2: id: is empty",
    );
}

#[test]
fn bad_publication_date_is_reported() {
    assert_rule(
        "documents.jsonl",
        "\"2026-03-03\"",
        "\"March 3, 2026\"",
        "documents.jsonl:2: published: \"March 3, 2026\" is not a date",
    );
}

#[test]
fn empty_document_text_is_reported() {
    let dir = copy_of_mini();
    let path = dir.path().join("documents.jsonl");
    let text = fs::read_to_string(&path).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let mut doc: serde_json::Value = serde_json::from_str(&lines[1]).unwrap();
    doc["text"] = serde_json::Value::String("  ".into());
    lines[1] = doc.to_string();
    fs::write(&path, lines.join("\n")).unwrap();
    let out = Goldeval::new(["validate".as_ref(), dir.path().as_os_str()]).code(2);
    assert!(
        out.stderr.contains("documents.jsonl:2: text: is empty"),
        "{}",
        out.stderr
    );
}

#[test]
fn unknown_document_in_qa_context_is_reported() {
    assert_rule(
        "qa.jsonl",
        "\"documents\": [\"m-2\"]",
        "\"documents\": [\"m-2\", \"m-9\"]",
        "qa.jsonl:3: documents[1]: unknown document id \"m-9\"",
    );
}

#[test]
fn unknown_document_in_summary_is_reported() {
    assert_rule(
        "summaries.jsonl",
        "\"documents\": [\"m-1\", \"m-2\"]",
        "\"documents\": [\"m-1\", \"m-3\"]",
        "summaries.jsonl:1: documents[1]: unknown document id \"m-3\"",
    );
}

#[test]
fn unknown_evidence_document_is_reported() {
    assert_rule(
        "qa.jsonl",
        "{\"document\": \"m-2\"",
        "{\"document\": \"m-7\"",
        "qa.jsonl:3: evidence[0].document: unknown document id \"m-7\"",
    );
}

#[test]
fn evidence_outside_item_documents_is_reported() {
    assert_rule(
        "qa.jsonl",
        "\"documents\": [\"m-2\"]",
        "\"documents\": [\"m-1\"]",
        "qa.jsonl:3: evidence[0].document: cites \"m-2\", which is not in the item's documents",
    );
}

#[test]
fn quote_that_is_not_in_the_document_is_reported() {
    assert_rule(
        "qa.jsonl",
        "with 4,200 lanterns floating",
        "with 4,200 lanterns drifting",
        "qa.jsonl:1: evidence[0].quote: is not a substring of document \"m-1\"",
    );
}

#[test]
fn answer_missing_from_evidence_is_reported() {
    assert_rule(
        "qa.jsonl",
        "[\"Mayor Ines Okafor\", \"Ines Okafor\"]",
        "[\"Mayor Tom Reed\"]",
        "qa.jsonl:3: answers: no answer matches a span of its evidence quotes (by answer_match)",
    );
}

// Issue 14: the validator accepts what answer_match accepts ("February 28, 2026" is stated by
// "Feb. 28" in a document of 2026), and `--explain` says which span matched.
#[test]
fn an_answer_that_answer_match_finds_in_the_evidence_is_supported() {
    let dir = copy_of_mini();
    edit(
        dir.path(),
        "qa.jsonl",
        "[\"Feb. 28\", \"February 28\", \"28 February\"]",
        "[\"February 28, 2026\", \"March 1\"]",
    );
    let out = Goldeval::new([
        "validate".as_ref(),
        dir.path().as_os_str(),
        "--explain".as_ref(),
    ])
    .code(0);
    assert!(
        out.stdout.contains(
            "mq-2 [date] On what date did the festival open?\n  \
             answers[0] \"February 28, 2026\": evidence[0] (m-1) \"Feb. 28\" \
             (matches gold \"February 28, 2026\": quantity: prediction states 28 February 2026)\n  \
             answers[1] \"March 1\": not found in the evidence\n"
        ),
        "{}",
        out.stdout
    );
    assert!(out
        .stdout
        .contains("mq-4 [unanswerable] How much did a child's ticket cost?\n  no answers"));
    assert!(out.stdout.contains(": ok (2 documents"), "{}", out.stdout);
}

// Issue 14: a bound is part of the value, so "more than 4,200" is not stated by "4,200".
#[test]
fn a_bound_the_evidence_does_not_state_is_not_supported() {
    assert_rule(
        "qa.jsonl",
        "[\"4,200\", \"4,200 lanterns\", \"4200\"]",
        "[\"more than 4,200\"]",
        "qa.jsonl:1: answers: no answer matches a span of its evidence quotes (by answer_match)",
    );
}

#[test]
fn computed_answer_without_evidence_is_reported() {
    assert_rule(
        "qa.jsonl",
        "\"answers\": [\"Mayor Ines Okafor\", \"Ines Okafor\"], \"kind\": \"entity\", \"documents\": [\"m-2\"], \"evidence\": [{\"document\": \"m-2\", \"quote\": \"The final parade was led by Mayor Ines Okafor.\"}]",
        "\"answers\": [\"three\"], \"kind\": \"multi_hop\", \"documents\": [\"m-2\"], \"derivation\": \"counted\"",
        "qa.jsonl:3: evidence: a computed answer (with `derivation`) must cite the facts it is computed from",
    );
}

#[test]
fn unanswerable_with_answers_is_reported() {
    assert_rule(
        "qa.jsonl",
        "\"answers\": [], \"kind\": \"unanswerable\"",
        "\"answers\": [\"$4.50\"], \"kind\": \"unanswerable\"",
        "qa.jsonl:4: answers: an unanswerable question must have `answers: []`",
    );
}

#[test]
fn answerable_kind_without_answers_is_reported() {
    assert_rule(
        "qa.jsonl",
        "\"answers\": [\"4,200\", \"4,200 lanterns\", \"4200\"]",
        "\"answers\": []",
        "qa.jsonl:1: answers: is empty, but kind is \"numeric\"",
    );
}

#[test]
fn answer_that_normalizes_to_nothing_is_reported() {
    assert_rule(
        "qa.jsonl",
        "\"answers\": [\"4,200\",",
        "\"answers\": [\"The.\", \"4,200\",",
        "qa.jsonl:1: answers[0]: \"The.\" is empty after normalization",
    );
}

#[test]
fn unknown_kind_is_reported() {
    assert_rule(
        "qa.jsonl",
        "\"kind\": \"date\"",
        "\"kind\": \"when\"",
        "qa.jsonl:2: kind: unknown variant `when`",
    );
}

#[test]
fn empty_references_are_reported() {
    let dir = copy_of_mini();
    let path = dir.path().join("summaries.jsonl");
    let mut item: serde_json::Value =
        serde_json::from_str(fs::read_to_string(&path).unwrap().trim()).unwrap();
    item["references"] = serde_json::json!([]);
    fs::write(&path, format!("{item}\n")).unwrap();
    let out = Goldeval::new(["validate".as_ref(), dir.path().as_os_str()]).code(2);
    assert!(
        out.stderr
            .contains("summaries.jsonl:1: references: has no non-empty reference summary"),
        "{}",
        out.stderr
    );
}

#[test]
fn blank_reference_and_blank_reference_line_are_reported() {
    assert_rule(
        "summaries.jsonl",
        "Alder River.\\nIt drew",
        "Alder River.\\n\\nIt drew",
        "summaries.jsonl:1: references[0]: has a blank line",
    );
    assert_rule(
        "summaries.jsonl",
        "\"About 12,500 people came to Riverton's three-day lantern festival.\\nMayor Ines Okafor led the final parade.\"",
        "\"\"",
        "summaries.jsonl:1: references[1]: is empty",
    );
}

#[test]
fn empty_summary_documents_are_reported() {
    assert_rule(
        "summaries.jsonl",
        "\"documents\": [\"m-1\", \"m-2\"]",
        "\"documents\": []",
        "summaries.jsonl:1: documents: is empty",
    );
}

#[test]
fn blank_key_fact_is_reported() {
    assert_rule(
        "summaries.jsonl",
        "\"12,500 visitors came\"",
        "\" \"",
        "summaries.jsonl:1: key_facts[2]: is empty",
    );
}

#[test]
fn unknown_manifest_key_is_reported() {
    assert_rule(
        "dataset.toml",
        "license = ",
        "licence = \"x\"\nlicense = ",
        "dataset.toml:4: licence: unknown field `licence`",
    );
}

#[test]
fn every_problem_is_listed_not_just_the_first() {
    let dir = copy_of_mini();
    edit(
        dir.path(),
        "qa.jsonl",
        "\"id\": \"mq-3\"",
        "\"id\": \"mq-1\"",
    );
    edit(
        dir.path(),
        "qa.jsonl",
        "lanterns floating",
        "lanterns drifting",
    );
    edit(dir.path(), "summaries.jsonl", "\"m-2\"]", "\"m-5\"]");
    let out = Goldeval::new(["validate".as_ref(), dir.path().as_os_str()]).code(2);
    assert!(out.stderr.contains("has 3 problems:"), "{}", out.stderr);
}
