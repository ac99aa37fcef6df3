//! `goldeval score qa`: score QA predictions from a JSONL file with the metrics `goldeval
//! run` uses (SQuAD v2 EM/F1 with the official aggregate, and answer_match), through the
//! same scoring and aggregation path ([`crate::run::rescore`]).
//!
//! The input is read once, line by line (`--input -` reads stdin); results are spooled and
//! published only when every line was good; memory holds a few numbers per item (the SQuAD
//! best-threshold walk and duplicate-id check need them), never the texts.

use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use clap::Args;
use serde::{Deserialize, Serialize};

use super::input::{self, Spool};
use crate::dataset::{jsonl, Kind, Task};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::error::{exit, Error, Result};
use crate::metrics::registry::{AnswerMatchDetails, AnswerMatchMetric, SquadMetric};
use crate::metrics::{Gold, MetricSet, Prediction};
use crate::record::BackendSummary;
use crate::run::rescore::Rescorer;
use crate::text::date::Date;

/// Arguments of `goldeval score qa`.
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  goldeval score qa --input predictions.jsonl
  goldeval score qa --input predictions.jsonl --explain
  cat predictions.jsonl | goldeval score qa --input - --output scores.jsonl --summary summary.json

Input: one JSON object per line:
  {\"id\": \"q1\", \"prediction\": \"US$237bn\", \"answers\": [\"$237 billion\"]}
optional: \"kind\" (numeric, date, entity, quote, multi_hop, conflict, unanswerable),
\"no_answer_probability\" (0 to 1; all lines or none), \"abstained\" (true/false),
\"publication_date\" (YYYY-MM-DD), \"question\" (a year it names fills dates written without
one, instead of the publication year). \"answers\": [] is unanswerable. Ids are strings, one
line each.

Scoring is goldeval run's: exact_match and f1 as the official SQuAD v2 script (an abstention
is the empty answer), answer_match with its explanation. Output: one JSON line per input line
(exact_match, f1, answer_match, has_answer, abstained; each metric's details with --explain)
on stdout or --output. On stderr: the means (overall and per kind), the official SQuAD v2
aggregate (percent, as the official script prints it), abstention rates and the signatures;
as JSON with --summary. Every bad line is listed as file:line: field: message (exit 2) and
nothing is written.")]
pub struct ScoreQaArgs {
    /// Predictions with their gold answers, one JSON object per line (`-`: stdin).
    #[arg(long, value_name = "PREDICTIONS.jsonl")]
    pub input: PathBuf,
    /// Add each metric's details to the output lines and print every decision to stderr.
    #[arg(long)]
    pub explain: bool,
    /// Write the per-item lines to FILE (atomically) instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Write the summary as JSON to FILE (atomically).
    #[arg(long, value_name = "FILE")]
    pub summary: Option<PathBuf>,
    /// SQuAD no-answer probability threshold (a probability strictly above it counts as
    /// "no answer"); the official default 1.0 never fires for probabilities ≤ 1.
    #[arg(long, value_name = "P", default_value_t = 1.0, value_parser = super::args::fraction)]
    pub na_prob_thresh: f64,
    /// Publication date (YYYY-MM-DD) giving the year of dates written without one, for lines
    /// without their own "publication_date".
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub publication_date: Option<String>,
}

fn parse_date(text: &str) -> std::result::Result<String, String> {
    Date::parse_iso(text)
        .map(|_| text.to_string())
        .ok_or_else(|| format!("\"{text}\" is not a YYYY-MM-DD date"))
}

/// One input line.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct InputLine {
    id: String,
    #[serde(default)]
    prediction: Option<String>,
    answers: Vec<String>,
    #[serde(default)]
    kind: Option<Kind>,
    #[serde(default)]
    no_answer_probability: Option<f64>,
    #[serde(default)]
    abstained: bool,
    #[serde(default)]
    publication_date: Option<String>,
    #[serde(default)]
    /// A year it names fills dates written without one (see `answer_match`).
    question: Option<String>,
}

/// One output line.
#[derive(Serialize)]
struct OutputLine<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<Kind>,
    exact_match: Option<f64>,
    f1: Option<f64>,
    answer_match: Option<f64>,
    has_answer: bool,
    abstained: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    details: Option<&'a serde_json::Value>,
}

/// The `--summary` file: the same per-task summary `summary.json` holds for a run.
#[derive(Serialize)]
pub(crate) struct ScoreSummary<'a> {
    /// [`crate::record::FORMAT_VERSION`].
    pub format_version: u32,
    /// The input, as given.
    pub input: String,
    /// The aggregate.
    pub result: &'a BackendSummary,
}

/// Runs `goldeval score qa`.
///
/// # Errors
/// [`Error::Invalid`] listing every bad input line, usage and I/O errors.
pub fn execute(args: &ScoreQaArgs) -> Result<u8> {
    for (flag, path) in [("--output", &args.output), ("--summary", &args.summary)] {
        if let Some(path) = path {
            input::refuse_same_file(&args.input, path, flag)?;
        }
    }
    let metrics = MetricSet::new(
        Vec::new(),
        vec![
            Box::new(SquadMetric::with_na_prob_threshold(args.na_prob_thresh)),
            Box::new(AnswerMatchMetric::new()),
        ],
    );
    let mut spool = Spool::new(args.output.as_deref())?;
    let mut rescorer = Rescorer::new(&metrics, Task::Answer, "input");
    let mut check = LineCheck::new(&args.input);
    let mut explanations = String::new();
    let reader = input::open(&args.input)?;
    for raw in jsonl::Lines::new(&args.input, reader) {
        let parsed = raw.and_then(|raw| {
            jsonl::parse_line::<InputLine>(&args.input, raw.line, &raw.text).map(|v| (raw.line, v))
        });
        let (line, v) = match parsed {
            Ok(parsed) => parsed,
            Err(d) => {
                check.diagnostics.push(d);
                continue;
            }
        };
        if !check.line(line, &v) {
            continue;
        }
        let published = v
            .publication_date
            .as_deref()
            .or(args.publication_date.as_deref());
        let prediction = Prediction {
            text: v.prediction.as_deref().unwrap_or_default(),
            abstained: v.abstained,
            no_answer_probability: v.no_answer_probability,
        };
        let gold = Gold::Answer {
            answers: &v.answers,
            kind: v.kind,
            published,
            question: v.question.as_deref(),
        };
        let record = rescorer.score(&v.id, v.kind, &prediction, &gold);
        if !check.diagnostics.is_empty() {
            continue; // nothing will be written: skip the formatting
        }
        let decision = record
            .details
            .as_ref()
            .and_then(|d| d.get("answer_match"))
            .and_then(|d| AnswerMatchDetails::deserialize(d).ok());
        if args.explain {
            super::score_summaries::explain(&mut explanations, &metrics, &record);
        }
        let out = OutputLine {
            id: &v.id,
            kind: v.kind,
            exact_match: record.scores.get("exact_match"),
            f1: record.scores.get("f1"),
            answer_match: record.scores.get("answer_match"),
            has_answer: !v.answers.is_empty(),
            abstained: decision.as_ref().is_some_and(|d| d.abstained),
            details: record.details.as_ref().filter(|_| args.explain),
        };
        spool.line(&to_json(&out)?)?;
    }
    check
        .diagnostics
        .into_result(format!("input {}", args.input.display()), ())?;
    spool.commit()?;
    super::err_raw(&explanations);
    write_summary(&args.input, args.summary.as_deref(), &rescorer.finish())?;
    Ok(exit::OK)
}

/// The aggregate of a `score` command: as JSON to `--summary` when given (the shape of one
/// `summary.json` result), otherwise as a table on stderr.
pub(crate) fn write_summary(
    input: &Path,
    file: Option<&Path>,
    result: &BackendSummary,
) -> Result<()> {
    match file {
        Some(path) => crate::record::write_json(
            path,
            &ScoreSummary {
                format_version: crate::record::FORMAT_VERSION,
                input: input.display().to_string(),
                result,
            },
        ),
        None => {
            super::err_raw(&crate::report::table::score_text(result));
            Ok(())
        }
    }
}

fn to_json(value: &impl Serialize) -> Result<String> {
    serde_json::to_string(value).map_err(|source| Error::Serialize {
        what: "a score line".into(),
        source,
    })
}

/// Checks of each line beyond its types, collected over the whole input; remembers 128-bit
/// hashes of the ids (never the ids) to find duplicates.
struct LineCheck {
    path: PathBuf,
    diagnostics: Diagnostics,
    ids: HashSet<u128>,
    /// Whether the first good line gave a no-answer probability, and on which line.
    probabilities: Option<(bool, usize)>,
}

impl LineCheck {
    fn new(path: &Path) -> Self {
        LineCheck {
            path: path.to_path_buf(),
            diagnostics: Diagnostics::new(),
            ids: HashSet::new(),
            probabilities: None,
        }
    }

    /// Checks one parsed line; whether it is good.
    fn line(&mut self, line: usize, v: &InputLine) -> bool {
        let before = self.diagnostics.len();
        let fail = |field: &str, message: String, hint: &str| {
            Diagnostic::new(&self.path, Some(line), field, message).with_hint(hint)
        };
        let mut found = Vec::new();
        if v.id.is_empty() {
            found.push(fail("id", "empty".into(), "give every line a unique id"));
        } else if !self.ids.insert(id_hash(&v.id)) {
            found.push(fail(
                "id",
                format!("duplicate id {:?}", v.id),
                "give every line a unique id",
            ));
        }
        if v.prediction.is_none() && !v.abstained {
            found.push(fail(
                "prediction",
                "missing or null".into(),
                "every line needs a prediction; use \"\" or \"abstained\": true to abstain",
            ));
        }
        if let Some(p) = v.no_answer_probability {
            if !(0.0..=1.0).contains(&p) {
                found.push(fail(
                    "no_answer_probability",
                    format!("{p} is not a probability"),
                    "give a number between 0 and 1",
                ));
            }
        }
        let has = v.no_answer_probability.is_some();
        match self.probabilities {
            None => self.probabilities = Some((has, line)),
            Some((first, first_line)) if first != has => found.push(fail(
                "no_answer_probability",
                if has {
                    format!("given, but line {first_line} has none")
                } else {
                    format!("missing, but line {first_line} has one")
                },
                "give a no-answer probability on every line or on none",
            )),
            Some(_) => {}
        }
        if let Some(d) = v.publication_date.as_deref() {
            if Date::parse_iso(d).is_none() {
                found.push(fail(
                    "publication_date",
                    format!("{d:?} is not a date"),
                    "write it as YYYY-MM-DD",
                ));
            }
        }
        found.into_iter().for_each(|d| self.diagnostics.push(d));
        self.diagnostics.len() == before
    }
}

/// A 128-bit hash of an id: two 64-bit SipHashes with different prefixes, so a collision
/// between distinct ids is as unlikely as a corrupted disk.
fn id_hash(id: &str) -> u128 {
    let half = |salt: u8| {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        salt.hash(&mut h);
        id.hash(&mut h);
        h.finish()
    };
    (u128::from(half(1)) << 64) | u128::from(half(2))
}
