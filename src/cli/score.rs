//! `goldeval score rouge`: score prediction/reference pairs from a JSON Lines file.
//!
//! Two passes over the input: the first parses every line and collects every problem (so a
//! bad line 90,000 is reported before anything is written); the second streams the lines in
//! chunks, scores each chunk in parallel (rayon) and writes results in input order. Memory
//! is bounded by the chunk size plus, with `--bootstrap`, one small row of numbers per item.
//! `--output` and `--summary` files are written to a temporary file beside the target and
//! renamed into place, so they are never half-written.

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use rayon::prelude::*;
use serde_json::Value;

use crate::dataset::jsonl::parse_line;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::error::{exit, Error};
use crate::metrics::{RefMode, Rouge, RougeType, Score};
use crate::record::write_atomic_with;
use crate::stats::{Bootstrap, Mt19937};
use crate::text::tokenize::Tokenizer;

/// Lines scored together (in parallel) before their results are written.
const CHUNK: usize = 4096;

/// Arguments of `goldeval score`.
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  goldeval score rouge --input pairs.jsonl --stemmer
  goldeval score qa --input predictions.jsonl --explain
  goldeval score rouge --help")]
pub struct ScoreArgs {
    /// Which metric family to score with.
    #[command(subcommand)]
    pub command: ScoreCommand,
}

/// The `score` subcommands.
#[derive(Debug, Subcommand)]
pub enum ScoreCommand {
    /// ROUGE exactly as Google's rouge-score 0.1.2 computes it.
    Rouge(RougeArgs),
    /// QA predictions: SQuAD v2 exact match and F1 (official parity) and answer_match.
    Qa(super::score_qa::ScoreQaArgs),
    /// Summaries against a dataset's summary items: ROUGE, key facts, unsupported figures and
    /// names, extractiveness and qa_coverage, with per-item explanations.
    Summaries(super::score_summaries::ScoreSummariesArgs),
}

/// Arguments of `goldeval score rouge`.
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  goldeval score rouge --input pairs.jsonl --stemmer > scores.jsonl
  goldeval score rouge --input pairs.jsonl --types rouge1,rougeLsum --refs mean --summary summary.json
  goldeval score rouge --input pairs.jsonl --stemmer --bootstrap 1000 --seed 42 --threads 4 --output scores.jsonl

Input: one JSON object per line, {\"id\": ..., \"prediction\": \"...\", \"references\": [\"...\", ...]}
or with a single \"reference\": \"...\". Output: one line per input line, in input order,
{\"id\": ..., \"rouge1\": {\"precision\": ..., \"recall\": ..., \"fmeasure\": ...}, ...}.
The aggregate and a signature per type go to stderr, or as JSON to --summary.
rougeLsum splits sentences on newlines only: put each sentence on its own line.
Every malformed line is reported as file:line: field: message (exit 2), and nothing is written.")]
pub struct RougeArgs {
    /// JSON Lines file of items to score.
    #[arg(long, value_name = "PAIRS.jsonl")]
    pub input: PathBuf,
    /// ROUGE types, comma-separated: rouge1..rouge9, rougeL, rougeLsum.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "rouge1,rouge2,rougeL,rougeLsum"
    )]
    pub types: Vec<RougeType>,
    /// Porter-stem tokens longer than 3 characters (rouge-score's use_stemmer=True).
    #[arg(long)]
    pub stemmer: bool,
    /// Tokenizer: rouge-score (exact, ASCII only) or unicode (letters of any script).
    #[arg(long, default_value = "rouge-score")]
    pub tokenizer: Tokenizer,
    /// Several references: max (rouge-score's score_multi, best F per type) or mean.
    #[arg(long, default_value = "max", value_parser = parse_refs)]
    pub refs: RefMode,
    /// Also report a bootstrap interval with N resamples (rouge-score's BootstrapAggregator).
    #[arg(long, value_name = "N")]
    pub bootstrap: Option<usize>,
    /// Seed of the bootstrap (same seed as np.random.seed gives rouge-score's numbers).
    #[arg(long, value_name = "S", default_value_t = 12345)]
    pub seed: u32,
    /// Worker threads (default: all cores).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Write per-item scores here instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Write the aggregate and signatures as JSON here instead of printing them to stderr.
    #[arg(long, value_name = "FILE")]
    pub summary: Option<PathBuf>,
}

fn parse_refs(s: &str) -> Result<RefMode, String> {
    s.parse()
}

/// A validated item.
struct Item {
    id: Value,
    prediction: String,
    references: Vec<String>,
}

/// Runs `goldeval score`.
///
/// # Errors
/// Usage, input ([`Error::Invalid`] listing every bad line) and I/O errors.
pub fn execute(args: &ScoreArgs) -> Result<u8, Error> {
    match &args.command {
        ScoreCommand::Rouge(rouge) => execute_rouge(rouge),
        ScoreCommand::Qa(qa) => super::score_qa::execute(qa),
        ScoreCommand::Summaries(s) => super::score_summaries::execute(s),
    }
}

fn execute_rouge(args: &RougeArgs) -> Result<u8, Error> {
    let rouge = Rouge::builder()
        .types(args.types.iter().copied())
        .stemmer(args.stemmer)
        .tokenizer(args.tokenizer)
        .refs(args.refs)
        .build()
        .map_err(|e| Error::usage(format!("--types: {e}")))?;
    let bootstrap = args
        .bootstrap
        .map(|n| Bootstrap::new(n, 0.95))
        .transpose()
        .map_err(|e| Error::usage(format!("--bootstrap: {e}")))?;
    let mut pool = rayon::ThreadPoolBuilder::new();
    if let Some(n) = args.threads {
        if n == 0 {
            return Err(Error::usage("--threads must be at least 1"));
        }
        pool = pool.num_threads(n);
    }
    let pool = pool
        .build()
        .map_err(|e| Error::usage(format!("--threads: {e}")))?;
    validate_input(&args.input)?;
    let rows = match &args.output {
        Some(path) => write_atomic_with(path, |w| score_all(args, &rouge, &pool, w))?,
        None => {
            let stdout = std::io::stdout();
            let mut w = BufWriter::new(stdout.lock());
            match score_all(args, &rouge, &pool, &mut w) {
                Ok(rows) => rows,
                Err(Error::Io { source, .. })
                    if source.kind() == std::io::ErrorKind::BrokenPipe =>
                {
                    return Ok(exit::OK)
                }
                Err(e) => return Err(e),
            }
        }
    };
    report(args, &rouge, bootstrap, &rows)?;
    Ok(exit::OK)
}

fn open(path: &Path) -> Result<BufReader<File>, Error> {
    File::open(path)
        .map(BufReader::new)
        .map_err(|e| Error::io("reading", path, e))
}

/// Calls `f(line_number, text)` for every non-blank line.
fn for_each_line(
    path: &Path,
    mut f: impl FnMut(usize, String) -> Result<(), Error>,
) -> Result<(), Error> {
    for (index, text) in open(path)?.lines().enumerate() {
        let text = text.map_err(|e| Error::io("reading", path, e))?;
        if !text.trim().is_empty() {
            f(index + 1, text)?;
        }
    }
    Ok(())
}

fn parse_item(path: &Path, line: usize, text: &str) -> Result<Item, Diagnostic> {
    let value: Value = parse_line(path, line, text)?;
    let problem = |field: &str, message: &str| Diagnostic::new(path, Some(line), field, message);
    let Value::Object(mut map) = value else {
        return Err(problem("-", "expected a JSON object"));
    };
    if let Some(key) = map
        .keys()
        .find(|k| !matches!(k.as_str(), "id" | "prediction" | "references" | "reference"))
    {
        return Err(problem(key, "unknown field")
            .with_hint("allowed fields: id, prediction, references (or reference)"));
    }
    let id = match map.remove("id") {
        Some(id @ (Value::String(_) | Value::Number(_))) => id,
        Some(_) => return Err(problem("id", "must be a string or a number")),
        None => return Err(problem("id", "missing field")),
    };
    let prediction = match map.remove("prediction") {
        Some(Value::String(p)) => p,
        Some(_) => return Err(problem("prediction", "must be a string")),
        None => return Err(problem("prediction", "missing field")),
    };
    let references = match (map.remove("references"), map.remove("reference")) {
        (Some(Value::Array(refs)), None) => {
            if refs.is_empty() {
                return Err(problem("references", "is empty")
                    .with_hint("give at least one reference summary"));
            }
            let mut out = Vec::with_capacity(refs.len());
            for r in refs {
                match r {
                    Value::String(r) => out.push(r),
                    _ => return Err(problem("references", "must be an array of strings")),
                }
            }
            out
        }
        (Some(_), None) => return Err(problem("references", "must be an array of strings")),
        (None, Some(Value::String(r))) => vec![r],
        (None, Some(_)) => return Err(problem("reference", "must be a string")),
        (Some(_), Some(_)) => {
            return Err(problem(
                "reference",
                "give either \"reference\" or \"references\", not both",
            ))
        }
        (None, None) => {
            return Err(problem("references", "missing field")
                .with_hint("add \"references\": [\"...\"] or \"reference\": \"...\""))
        }
    };
    Ok(Item {
        id,
        prediction,
        references,
    })
}

/// First pass: every problem of every line, before anything is written.
fn validate_input(path: &Path) -> Result<(), Error> {
    let mut diagnostics = Diagnostics::new();
    for_each_line(path, |line, text| {
        if let Err(d) = parse_item(path, line, &text) {
            diagnostics.push(d);
        }
        Ok(())
    })?;
    diagnostics.into_result(format!("input {}", path.display()), ())
}

/// Second pass: score chunk by chunk, write in order; returns each item's scores.
fn score_all(
    args: &RougeArgs,
    rouge: &Rouge,
    pool: &rayon::ThreadPool,
    w: &mut dyn Write,
) -> Result<Vec<Vec<Score>>, Error> {
    let mut rows = Vec::new();
    let mut chunk = Vec::with_capacity(CHUNK);
    let out = PathBuf::from("<stdout>");
    let target = args.output.as_deref().unwrap_or(&out);
    let mut flush = |chunk: &mut Vec<Item>, rows: &mut Vec<Vec<Score>>| -> Result<(), Error> {
        let scores: Vec<Vec<Score>> = pool.install(|| {
            chunk
                .par_iter()
                .map(|item| {
                    let refs: Vec<&str> = item.references.iter().map(String::as_str).collect();
                    rouge.score(&item.prediction, &refs)
                })
                .collect()
        });
        for (item, s) in chunk.iter().zip(&scores) {
            let line = item_line(rouge, &item.id, s)?;
            w.write_all(line.as_bytes())
                .map_err(|e| Error::io("writing", target, e))?;
        }
        rows.extend(scores);
        chunk.clear();
        Ok(())
    };
    for_each_line(&args.input, |line, text| {
        let item = parse_item(&args.input, line, &text).map_err(|d| {
            let mut diagnostics = Diagnostics::new();
            diagnostics.push(d);
            Error::Invalid {
                what: "input changed while scoring".to_string(),
                diagnostics,
            }
        })?;
        chunk.push(item);
        if chunk.len() == CHUNK {
            flush(&mut chunk, &mut rows)?;
        }
        Ok(())
    })?;
    flush(&mut chunk, &mut rows)?;
    w.flush().map_err(|e| Error::io("writing", target, e))?;
    Ok(rows)
}

/// `{"id":…,"rouge1":{"precision":…,"recall":…,"fmeasure":…},…}\n` in type order.
fn item_line(rouge: &Rouge, id: &Value, scores: &[Score]) -> Result<String, Error> {
    let mut line = format!("{{\"id\":{}", to_json(id)?);
    for (t, s) in rouge.types().iter().zip(scores) {
        line.push_str(&format!(",\"{t}\":{}", to_json(s)?));
    }
    line.push_str("}\n");
    Ok(line)
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String, Error> {
    serde_json::to_string(value).map_err(|source| Error::Serialize {
        what: "a score line".to_string(),
        source,
    })
}

/// The aggregate: mean per type, and the bootstrap interval when asked.
fn report(
    args: &RougeArgs,
    rouge: &Rouge,
    bootstrap: Option<Bootstrap>,
    rows: &[Vec<Score>],
) -> Result<(), Error> {
    let mut rng = Mt19937::new(args.seed);
    let mut summary = serde_json::Map::new();
    summary.insert("items".into(), rows.len().into());
    let mut text = format!("{} items\n", rows.len());
    let mut types = serde_json::Map::new();
    for (k, &t) in rouge.types().iter().enumerate() {
        let column: Vec<[f64; 3]> = rows
            .iter()
            .map(|r| [r[k].precision, r[k].recall, r[k].fmeasure])
            .collect();
        let mean = column_mean(&column);
        let mut entry = serde_json::Map::new();
        entry.insert("mean".into(), score_json(mean));
        entry.insert("signature".into(), rouge.signature(t).to_string().into());
        text.push_str(&format!(
            "{t:<10} P {:.4}  R {:.4}  F {:.4}   {}\n",
            mean[0],
            mean[1],
            mean[2],
            rouge.signature(t)
        ));
        if let Some(b) = bootstrap {
            if let Some(i) = b.interval(&column, &mut rng) {
                let sig = rouge.bootstrap_signature(t, b.samples(), args.seed);
                let mut bs = serde_json::Map::new();
                bs.insert("low".into(), score_json(i.low));
                bs.insert("mid".into(), score_json(i.mid));
                bs.insert("high".into(), score_json(i.high));
                bs.insert("signature".into(), sig.to_string().into());
                entry.insert("bootstrap".into(), bs.into());
                text.push_str(&format!(
                    "{:<10} F low {:.4}  mid {:.4}  high {:.4}   {sig}\n",
                    "", i.low[2], i.mid[2], i.high[2]
                ));
            }
        }
        types.insert(t.to_string(), entry.into());
    }
    summary.insert("scores".into(), types.into());
    match &args.summary {
        Some(path) => write_atomic_with(path, |w| {
            let json =
                serde_json::to_string_pretty(&summary).map_err(|source| Error::Serialize {
                    what: "the summary".into(),
                    source,
                })?;
            writeln!(w, "{json}").map_err(|e| Error::io("writing", path, e))
        }),
        None => {
            let _ = std::io::stderr().lock().write_all(text.as_bytes());
            Ok(())
        }
    }
}

/// Column means of P, R and F summed in input order (`None` when there are no items).
fn column_mean(column: &[[f64; 3]]) -> [f64; 3] {
    let mut out = [0.0; 3];
    for (k, o) in out.iter_mut().enumerate() {
        let values: Vec<f64> = column.iter().map(|r| r[k]).collect();
        *o = crate::stats::mean(&values).unwrap_or(0.0);
    }
    out
}

fn score_json(v: [f64; 3]) -> Value {
    serde_json::json!({"precision": v[0], "recall": v[1], "fmeasure": v[2]})
}

#[cfg(test)]
mod tests {
    use super::ScoreCommand;
    use crate::cli::{Cli, Command};
    use crate::metrics::{RefMode, RougeType};
    use clap::Parser;

    #[test]
    fn rouge_flags_parse_into_types_and_modes() {
        let cli = Cli::parse_from([
            "goldeval",
            "score",
            "rouge",
            "--input",
            "x.jsonl",
            "--types",
            "rouge1,rougeLsum",
            "--refs",
            "mean",
            "--tokenizer",
            "unicode",
            "--stemmer",
        ]);
        let Command::Score(args) = cli.command else {
            panic!("not score")
        };
        let ScoreCommand::Rouge(r) = args.command else {
            panic!("not score rouge")
        };
        assert_eq!(r.types, [RougeType::N(1), RougeType::Lsum]);
        assert_eq!(r.refs, RefMode::Mean);
        assert!(r.stemmer);
        assert_eq!(r.seed, 12345);
    }

    #[test]
    fn invalid_rouge_type_is_a_usage_error() {
        let err = Cli::try_parse_from([
            "goldeval", "score", "rouge", "--input", "x", "--types", "rouge10",
        ]);
        assert!(err.is_err());
    }
}
