//! `goldeval score qa`: score QA predictions from a JSONL file
//! with SQuAD v2 EM/F1 (official parity) and goldeval's answer_match.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use clap::Args;
use serde::{Deserialize, Serialize};

use crate::dataset::jsonl;
use crate::dataset::Kind;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::error::{exit, Error};
use crate::metrics::qa::{QaInput, QaScore, QaScorer};
use crate::record::write_atomic;
use crate::text::date::Date;

/// Arguments of `goldeval score qa`.
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  goldeval score qa --input predictions.jsonl
  goldeval score qa --input predictions.jsonl --explain
  goldeval score qa --input predictions.jsonl --output scores.jsonl --summary summary.json

Input: one JSON object per line:
  {\"id\": \"q1\", \"prediction\": \"US$237bn\", \"answers\": [\"$237 billion\"]}
optional: \"kind\" (numeric, date, entity, quote, multi_hop, conflict, unanswerable),
\"no_answer_probability\" (all lines or none), \"abstained\" (true/false),
\"publication_date\" (YYYY-MM-DD), \"question\" (a year it names fills dates written without
one, instead of the publication year). \"answers\": [] is unanswerable.

Output: one JSON line per input line (exact_match, f1, answer_match, abstained; explanation
with --explain) on stdout or --output; the summary (official SQuAD v2 numbers, answer_match,
per-kind breakdown, abstention precision/recall) as JSON on stderr or --summary.
Bad lines are all listed as file:line: field: message, with exit code 2.")]
pub struct ScoreQaArgs {
    /// Predictions with their gold answers, one JSON object per line.
    #[arg(long, value_name = "PREDICTIONS.jsonl")]
    pub input: PathBuf,
    /// Add each decision's explanation to the output and print the reasons to stderr.
    #[arg(long)]
    pub explain: bool,
    /// Write the per-item lines to FILE (atomically) instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Write the summary JSON to FILE (atomically) instead of stderr.
    #[arg(long, value_name = "FILE")]
    pub summary: Option<PathBuf>,
    /// SQuAD no-answer probability threshold (a probability strictly above it counts as
    /// "no answer"); the official default 1.0 never fires for probabilities ≤ 1.
    #[arg(long, value_name = "P", default_value_t = 1.0)]
    pub na_prob_thresh: f64,
    /// Publication date (YYYY-MM-DD) giving the year of dates written without one, for lines
    /// without their own "publication_date".
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub publication_date: Option<Date>,
}

fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse_iso(text).ok_or_else(|| format!("\"{text}\" is not a YYYY-MM-DD date"))
}

/// One input line.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct InputLine {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    prediction: Option<String>,
    #[serde(default)]
    answers: Option<Vec<String>>,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    no_answer_probability: Option<f64>,
    #[serde(default)]
    abstained: bool,
    #[serde(default)]
    publication_date: Option<String>,
    /// A year it names fills dates written without one (see `answer_match`).
    #[serde(default)]
    question: Option<String>,
}

/// A checked input line.
struct Item {
    id: String,
    prediction: String,
    answers: Vec<String>,
    kind: Option<Kind>,
    no_answer_probability: Option<f64>,
    abstained: bool,
    publication_date: Option<Date>,
    question: Option<String>,
}

/// One output line.
#[derive(Serialize)]
struct OutputLine<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<&'static str>,
    has_answer: bool,
    exact_match: f64,
    f1: f64,
    answer_match: bool,
    abstained: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    explanation: Option<&'a str>,
}

/// Runs `goldeval score qa`.
///
/// # Errors
/// [`Error::Invalid`] listing every bad input line, or an I/O error.
pub fn execute(args: &ScoreQaArgs) -> Result<u8, Error> {
    let items = read_items(&args.input)?;
    let scorer = QaScorer::new()
        .with_na_prob_threshold(args.na_prob_thresh)
        .with_publication_date(args.publication_date);
    let scores: Vec<QaScore> = items
        .iter()
        .map(|item| {
            scorer.score(&QaInput {
                prediction: &item.prediction,
                answers: &item.answers,
                kind: item.kind.map(Kind::as_str),
                no_answer_probability: item.no_answer_probability,
                abstained: item.abstained,
                publication_date: item.publication_date,
                question: item.question.as_deref(),
            })
        })
        .collect();
    let lines = render_lines(&items, &scores, args.explain)?;
    match &args.output {
        Some(path) => write_atomic(path, lines.as_bytes())?,
        None => super::out(&lines),
    }
    if args.explain {
        let mut stderr = std::io::stderr().lock();
        for (item, score) in items.iter().zip(&scores) {
            let verdict = if score.answer_match {
                "MATCH"
            } else {
                "NO MATCH"
            };
            let _ = writeln!(stderr, "{}: {verdict}: {}", item.id, score.explanation);
        }
    }
    let summary = scorer.aggregate(&scores);
    let json = serde_json::to_string_pretty(&summary).map_err(|source| Error::Serialize {
        what: "summary".into(),
        source,
    })? + "\n";
    match &args.summary {
        Some(path) => write_atomic(path, json.as_bytes())?,
        None => {
            let _ = std::io::stderr().lock().write_all(json.as_bytes());
        }
    }
    Ok(exit::OK)
}

fn render_lines(items: &[Item], scores: &[QaScore], explain: bool) -> Result<String, Error> {
    let mut out = String::new();
    for (item, score) in items.iter().zip(scores) {
        let line = OutputLine {
            id: &item.id,
            kind: item.kind.map(Kind::as_str),
            has_answer: score.has_answer,
            exact_match: score.exact_match,
            f1: score.f1,
            answer_match: score.answer_match,
            abstained: score.abstained,
            explanation: explain.then_some(score.explanation.as_str()),
        };
        let json = serde_json::to_string(&line).map_err(|source| Error::Serialize {
            what: "score line".into(),
            source,
        })?;
        let _ = writeln!(out, "{json}");
    }
    Ok(out)
}

/// Reads and checks every line, collecting every problem (syntax and content) at once.
fn read_items(path: &Path) -> Result<Vec<Item>, Error> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io("reading", path, e))?;
    let mut diagnostics = Diagnostics::new();
    let mut lines = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match jsonl::parse_line::<InputLine>(path, index + 1, line) {
            Ok(value) => lines.push((index + 1, value)),
            Err(d) => diagnostics.push(d),
        }
    }
    let with_probs = lines
        .iter()
        .filter(|(_, v)| v.no_answer_probability.is_some())
        .count();
    let mut seen = HashSet::new();
    let mut items = Vec::with_capacity(lines.len());
    for (line, v) in lines {
        let mut check = Check {
            path,
            line,
            diagnostics: &mut diagnostics,
        };
        let id = v.id.unwrap_or_default();
        if id.is_empty() {
            check.fail("id", "missing or empty".into(), None);
        } else if !seen.insert(id.clone()) {
            check.fail("id", format!("duplicate id \"{id}\""), None);
        }
        if v.prediction.is_none() {
            let hint = "every line needs a prediction; use \"\" or \"abstained\": true to abstain";
            check.fail("prediction", "missing or null".into(), Some(hint));
        }
        if v.answers.is_none() {
            let hint = "use [] for a question with no answer";
            check.fail("answers", "missing or null".into(), Some(hint));
        }
        if v.no_answer_probability.is_none() && with_probs > 0 {
            let message = format!("missing, but {with_probs} other lines have one");
            let hint = "give a no-answer probability on every line or on none";
            check.fail("no_answer_probability", message, Some(hint));
        }
        let kind = v.kind.as_deref().and_then(|k| {
            let kind = Kind::ALL.into_iter().find(|x| x.as_str() == k);
            if kind.is_none() {
                let names: Vec<&str> = Kind::ALL.iter().map(|x| x.as_str()).collect();
                let hint = format!("use one of {}", names.join(", "));
                check.fail("kind", format!("unknown kind \"{k}\""), Some(&hint));
            }
            kind
        });
        let publication_date = v.publication_date.as_deref().and_then(|d| {
            let date = Date::parse_iso(d);
            if date.is_none() {
                let message = format!("\"{d}\" is not a date");
                check.fail("publication_date", message, Some("write it as YYYY-MM-DD"));
            }
            date
        });
        items.push(Item {
            id,
            prediction: v.prediction.unwrap_or_default(),
            answers: v.answers.unwrap_or_default(),
            kind,
            no_answer_probability: v.no_answer_probability,
            abstained: v.abstained,
            publication_date,
            question: v.question,
        });
    }
    diagnostics.into_result(format!("input {}", path.display()), items)
}

/// Records problems found on one line.
struct Check<'a> {
    path: &'a Path,
    line: usize,
    diagnostics: &'a mut Diagnostics,
}

impl Check<'_> {
    fn fail(&mut self, field: &str, message: String, hint: Option<&str>) {
        let mut d = Diagnostic::new(self.path, Some(self.line), field, message);
        if let Some(hint) = hint {
            d = d.with_hint(hint);
        }
        self.diagnostics.push(d);
    }
}
