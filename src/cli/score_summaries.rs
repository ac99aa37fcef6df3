//! `goldeval score summaries`: score summaries from a JSONL file against a dataset's summary
//! items with every summary metric `goldeval run` uses (ROUGE, key facts, unsupported figures
//! and names, extractiveness, `qa_coverage`), and explain each verdict with `--explain`.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use clap::Args;
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::dataset::{jsonl, Dataset, SummaryItem, Task};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::error::{exit, Error};
use crate::metrics::{Gold, MetricSet, Prediction, Sources};
use crate::record::ItemRecord;
use crate::run::default_metrics::summary_metrics_judged;
use crate::run::rescore::Rescorer;

/// Arguments of `goldeval score summaries`.
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  goldeval score summaries --input my-summaries.jsonl
  goldeval score summaries --input my-summaries.jsonl --explain
  goldeval score summaries --input my-summaries.jsonl --judge my-llm --explain
  goldeval score summaries --input s.jsonl --dataset datasets/xi-moscow-2025 --output scores.jsonl

Input: one JSON object per line, naming the dataset's summary item it summarizes:
  {\"id\": \"sum-01\", \"prediction\": \"Xi arrived in Moscow on May 7.\\nTrade hit $237 billion.\"}
optional: \"item\" (the summary item's id when \"id\" is your own, e.g. several candidate
summaries of one item). Write one sentence per line: rougeLsum and the fact metrics' windows
use the lines.

Output: one JSON line per input line with every metric column (rouge1, rouge2, rougeL,
rougeLsum, key_fact_recall, unsupported_numbers, unsupported_entities, extractiveness
columns, qa_coverage), plus each metric's per-item details with --explain, on stdout or
--output. --explain also prints, per summary, which key facts were found (and which of
their parts), the unsupported spans and the questions qa_coverage asked. The means and
every column's signature go to stderr, or as JSON to --summary.
Bad lines are all listed as file:line: field: message, with exit code 2.")]
pub struct ScoreSummariesArgs {
    /// Summaries to score, one JSON object per line.
    #[arg(long, value_name = "SUMMARIES.jsonl")]
    pub input: PathBuf,
    /// The dataset whose summary items (references, key facts, documents, questions) the
    /// summaries are scored against.
    #[arg(long, value_name = "DIR", default_value = "datasets/xi-moscow-2025")]
    pub dataset: PathBuf,
    /// Add each metric's details to the output lines and print readable reasons to stderr.
    #[arg(long)]
    pub explain: bool,
    /// Write the per-item lines to FILE (atomically) instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Write the means and signatures as JSON to FILE (atomically) instead of stderr.
    #[arg(long, value_name = "FILE")]
    pub summary: Option<PathBuf>,
    /// Also ask NAME, a backend that answers questions (usually an `openai` entry of
    /// goldeval.toml), whether each key fact is stated, contradicted or absent (the judge
    /// columns); its requests are cached and retried.
    #[arg(long, value_name = "NAME")]
    pub judge: Option<String>,
    /// Configuration file defining the judge. Default: ./goldeval.toml when it exists.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Ask the judge again instead of reusing its cached replies.
    #[arg(long)]
    pub no_cache: bool,
}

/// One input line.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct InputLine {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    item: Option<String>,
    #[serde(default)]
    prediction: Option<String>,
}

/// A checked input line.
struct Entry {
    id: String,
    item: usize,
    prediction: String,
}

/// Runs `goldeval score summaries`.
///
/// # Errors
/// [`Error::Invalid`] listing every bad input line or dataset problem, or an I/O error.
pub fn execute(args: &ScoreSummariesArgs) -> Result<u8, Error> {
    for (flag, path) in [("--output", &args.output), ("--summary", &args.summary)] {
        if let Some(path) = path {
            super::input::refuse_same_file(&args.input, path, flag)?;
        }
    }
    let dataset = Dataset::load(&args.dataset)?;
    let mut spool = super::input::Spool::new(args.output.as_deref())?;
    let entries = read_entries(&args.input, &dataset)?;
    let judge = match &args.judge {
        Some(name) => {
            let config = crate::config::Config::discover(
                args.config.as_deref(),
                &crate::backend::BUILTIN_NAMES,
            )?;
            let cache = if args.no_cache {
                None
            } else {
                super::cache::open()
            };
            super::run::judge_backend(Some(name), &config, &dataset, cache)?
        }
        None => None,
    };
    let metrics = MetricSet::new(summary_metrics_judged(judge), Vec::new());
    let mut rescorer = Rescorer::new(&metrics, Task::Summarize, "input");
    let mut explanations = String::new();
    for entry in &entries {
        let item = &dataset.summaries[entry.item];
        let prediction = Prediction {
            text: &entry.prediction,
            abstained: false,
            no_answer_probability: None,
        };
        let record = rescorer.score(&entry.id, None, &prediction, &gold(&dataset, item));
        let mut line = Map::new();
        line.insert("id".into(), entry.id.clone().into());
        line.insert("item".into(), item.id.clone().into());
        for (column, value) in &record.scores.0 {
            line.insert(column.clone(), number(*value));
        }
        if args.explain {
            explain(&mut explanations, &metrics, &record);
            let details = record.details.unwrap_or_else(|| Value::Object(Map::new()));
            line.insert("details".into(), details);
        }
        let json = serde_json::to_string(&line).map_err(|source| Error::Serialize {
            what: "a score line".into(),
            source,
        })?;
        spool.line(&json)?;
    }
    spool.commit()?;
    super::err_raw(&explanations);
    super::score_qa::write_summary(&args.input, args.summary.as_deref(), &rescorer.finish())?;
    Ok(exit::OK)
}

/// The gold data of one summary item, as `goldeval run` builds it.
fn gold<'a>(dataset: &'a Dataset, item: &'a SummaryItem) -> Gold<'a> {
    Gold::Summary {
        references: &item.references,
        key_facts: &item.key_facts,
        sources: Sources {
            ids: &item.documents,
            documents: &dataset.documents,
        },
        questions: &dataset.qa,
    }
}

/// A score as JSON; a non-finite value (never produced by the built-in metrics) as `null`.
fn number(value: f64) -> Value {
    serde_json::Number::from_f64(value).map_or(Value::Null, Value::Number)
}

/// Each metric's reasons for one scored output ([`crate::metrics::Metric::explain`]), in the
/// metric set's order: the item's id and the metric's headline, then the lines under it,
/// indented. `score summaries --explain` and `score qa --explain` print these.
pub(crate) fn explain(out: &mut String, metrics: &MetricSet, record: &ItemRecord) {
    let Some(details) = &record.details else {
        return;
    };
    for metric in metrics.metrics(record.task) {
        let Some(own) = details.get(metric.name()) else {
            continue;
        };
        let values: Vec<Option<f64>> = metric
            .columns()
            .iter()
            .map(|c| record.scores.get(&c.id))
            .collect();
        let id = &record.id;
        match metric.explain(&values, own) {
            Ok(explanations) => {
                for e in explanations {
                    let _ = writeln!(out, "{id}: {}", e.headline);
                    for line in &e.lines {
                        let _ = writeln!(out, "  {line}");
                    }
                }
            }
            Err(e) => {
                let _ = writeln!(out, "{id}: {}: unreadable details: {e}", metric.name());
            }
        }
    }
}

/// Reads and checks every line against the dataset, collecting every problem at once.
fn read_entries(path: &Path, dataset: &Dataset) -> Result<Vec<Entry>, Error> {
    let mut diagnostics = Diagnostics::new();
    let mut seen = HashSet::new();
    let mut entries = Vec::new();
    for raw in jsonl::Lines::new(path, super::input::open(path)?) {
        let parsed = raw.and_then(|raw| {
            jsonl::parse_line::<InputLine>(path, raw.line, &raw.text).map(|v| (raw.line, v))
        });
        let (line, v) = match parsed {
            Ok(parsed) => parsed,
            Err(d) => {
                diagnostics.push(d);
                continue;
            }
        };
        let mut fail = |field: &str, message: String, hint: Option<String>| {
            let mut d = Diagnostic::new(path, Some(line), field, message);
            if let Some(hint) = hint {
                d = d.with_hint(hint);
            }
            diagnostics.push(d);
        };
        let id = v.id.unwrap_or_default();
        if id.is_empty() {
            fail("id", "missing or empty".into(), None);
        } else if !seen.insert(id.clone()) {
            fail("id", format!("duplicate id \"{id}\""), None);
        }
        if v.prediction.is_none() {
            fail("prediction", "missing or null".into(), None);
        }
        let (field, wanted) = match &v.item {
            Some(item) => ("item", item.as_str()),
            None => ("id", id.as_str()),
        };
        let item = dataset.summaries.iter().position(|s| s.id == wanted);
        if item.is_none() && !wanted.is_empty() {
            let known: Vec<&str> = dataset.summaries.iter().map(|s| s.id.as_str()).collect();
            let hint = format!(
                "name one of the dataset's summary items ({}){}",
                known.join(", "),
                if v.item.is_none() {
                    ", or add \"item\" when \"id\" is your own"
                } else {
                    ""
                }
            );
            fail(
                field,
                format!("\"{wanted}\" is not a summary item of the dataset"),
                Some(hint),
            );
        }
        if let (Some(item), Some(prediction)) = (item, v.prediction) {
            entries.push(Entry {
                id,
                item,
                prediction,
            });
        }
    }
    diagnostics.into_result(format!("input {}", path.display()), entries)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::registry::qa_metrics;

    fn explained(details: Value) -> String {
        let metrics = MetricSet::new(Vec::new(), qa_metrics());
        let mut record = ItemRecord::new("q1", Task::Answer, "input");
        record.scores.0 = vec![
            ("exact_match".into(), 0.0),
            ("f1".into(), 0.5),
            ("answer_match".into(), 1.0),
        ];
        record.details = Some(details);
        let mut out = String::new();
        explain(&mut out, &metrics, &record);
        out
    }

    #[test]
    fn each_metric_explains_its_own_details_after_the_items_id() {
        let details = serde_json::json!({
            "squad": {"has_answer": true},
            "answer_match": {"abstained": false, "matched_answer": 0,
                             "explanation": "matches gold \"4,200\"", "has_answer": true},
        });
        assert_eq!(explained(details), "q1: MATCH: matches gold \"4,200\"\n");
    }

    #[test]
    fn details_a_metric_cannot_read_are_reported_not_skipped() {
        let details = serde_json::json!({"answer_match": {"verdict": "yes"}});
        let out = explained(details);
        assert!(
            out.starts_with("q1: answer_match: unreadable details: missing field"),
            "{out}"
        );
    }
}
