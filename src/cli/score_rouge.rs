//! `goldeval score rouge`: score prediction/reference pairs from a JSON Lines file.
//!
//! The input is read once, in blocks of lines ([`super::blocks`]); each block is parsed,
//! scored and formatted by one worker, and the results are written in input order. Every
//! bad line is collected (as `file:line: field: message`) and, if there is any, the run
//! fails with exit code 2 and writes nothing: `--output` is a temporary file renamed into
//! place on success, standard output is spooled and copied out on success, `--summary` is
//! written last, atomically.
//!
//! Parsing has a fast path (one pass of serde_json into the item's fields, the texts copied
//! into a per-block arena, the id kept as the raw JSON text) and, only for a line it
//! rejects, a slow path that says precisely what is wrong with it.

use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use clap::Args;
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::Serializer as _;
use serde_json::value::RawValue;
use serde_json::Value;

use super::blocks::{for_each_block, Block, Input};
use super::input::{self, Spool};
use crate::dataset::jsonl::parse_line;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::error::{exit, Error};
use crate::metrics::{RefMode, Rouge, RougeType, Score};
use crate::record::write_atomic_with;
use crate::stats::{Bootstrap, Mt19937};
use crate::text::tokenize::Tokenizer;

/// Arguments of `goldeval score rouge`.
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  goldeval score rouge --input pairs.jsonl --stemmer > scores.jsonl
  goldeval score rouge --input pairs.jsonl --types rouge1,rougeLsum --refs mean --summary summary.json
  goldeval score rouge --input pairs.jsonl --stemmer --bootstrap 1000 --seed 42 --threads 4 --output scores.jsonl
  zcat pairs.jsonl.gz | goldeval score rouge --input - --output scores.jsonl

Input: one JSON object per line, {\"id\": ..., \"prediction\": \"...\", \"references\": [\"...\", ...]}
or with a single \"reference\": \"...\"; no other keys, each key once; UTF-8 (a byte order
mark at the start is skipped). The id is a string or a number and is copied to the output
exactly as written (12345678901234567890123 stays 12345678901234567890123).
Output: one line per input line, in input order,
{\"id\": ..., \"rouge1\": {\"precision\": ..., \"recall\": ..., \"fmeasure\": ...}, ...}.
The aggregate and a signature per type go to stderr, or as JSON to --summary (the means are
null when the input has no items).
rougeLsum splits sentences on newlines only: put each sentence on its own line.
Every malformed line is reported as file:line: field: message (exit 2), and nothing is
written: standard output is held back until every line has been scored.")]
pub struct RougeArgs {
    /// JSON Lines file of items to score (`-` for standard input); read once, so a pipe
    /// or `<(...)` works.
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
    /// Write per-item scores here instead of stdout (never the input file itself).
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Write the aggregate and signatures as JSON here instead of printing them to stderr.
    #[arg(long, value_name = "FILE")]
    pub summary: Option<PathBuf>,
}

fn parse_refs(s: &str) -> Result<RefMode, String> {
    s.parse()
}

/// Runs `goldeval score rouge`.
///
/// # Errors
/// Usage, input ([`Error::Invalid`] listing every bad line) and I/O errors.
pub fn execute(args: &RougeArgs) -> Result<u8, Error> {
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
    let threads = match args.threads {
        Some(0) => return Err(Error::usage("--threads must be at least 1")),
        Some(n) => n,
        None => std::thread::available_parallelism().map_or(1, usize::from),
    };
    refuse_overwriting_input(args)?;
    let input = Input::open(&args.input)?;
    let mut output = Spool::new(args.output.as_deref())?;
    let ctx = Arc::new(Context::new(rouge, input.name.clone()));
    let mut totals = Totals::new(ctx.rouge.types().len(), bootstrap.is_some());
    let process = {
        let ctx = Arc::clone(&ctx);
        move |block: Block| ctx.process(block)
    };
    for_each_block(input.blocks(), threads, process, |done| {
        totals.take(done, &mut output)
    })?;
    if !totals.problems.is_empty() {
        // `output` is dropped uncommitted: its temporary file or spool goes away.
        return Err(Error::Invalid {
            what: format!("input {}", ctx.name.display()),
            diagnostics: totals.problems,
        });
    }
    output.commit()?;
    report(args, &ctx.rouge, bootstrap, &totals)?;
    Ok(exit::OK)
}

/// Refuses an `--output` or `--summary` that is the input file (compared by device and
/// inode, so through links too), or the same file as each other, before anything is read.
fn refuse_overwriting_input(args: &RougeArgs) -> Result<(), Error> {
    for (flag, path) in [("--output", &args.output), ("--summary", &args.summary)] {
        if let Some(path) = path {
            input::refuse_same_file(&args.input, path, flag)?;
        }
    }
    if let (Some(o), Some(s)) = (&args.output, &args.summary) {
        if o == s || input::same_file(o, s) {
            return Err(Error::usage(format!(
                "--output and --summary are the same file {}",
                o.display()
            )));
        }
    }
    Ok(())
}

/// What every worker shares (read-only, apart from the early-stop flag).
struct Context {
    rouge: Rouge,
    /// The input's name in diagnostics.
    name: PathBuf,
    /// `,"<type>":{"precision":` per type.
    keys: Vec<String>,
    /// Set when a bad line was seen: later blocks are only checked, not scored.
    failed: AtomicBool,
}

/// One block's results.
struct Done {
    /// Lines in the block (blank ones included), to number the next block's lines.
    lines: usize,
    /// Formatted output lines.
    out: Vec<u8>,
    /// `[P, R, F]` per type per item, in order.
    rows: Vec<[f64; 3]>,
    /// Bad lines, numbered from 1 within the block.
    problems: Vec<Diagnostic>,
    /// An error that is not the input's fault.
    failure: Option<Error>,
}

/// An item's texts: one arena per block, reused item after item.
#[derive(Default)]
struct Texts {
    arena: String,
    prediction: Range<usize>,
    references: Vec<Range<usize>>,
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

impl Context {
    fn new(rouge: Rouge, name: PathBuf) -> Self {
        let keys = rouge
            .types()
            .iter()
            .map(|t| format!(",\"{t}\":{{\"precision\":"))
            .collect();
        Context {
            rouge,
            name,
            keys,
            failed: AtomicBool::new(false),
        }
    }

    fn process(&self, block: Block) -> Done {
        let mut done = Done {
            lines: 0,
            out: Vec::with_capacity(block.bytes.len()),
            rows: Vec::new(),
            problems: Vec::new(),
            failure: None,
        };
        let mut texts = Texts::default();
        let mut scores = Vec::with_capacity(self.keys.len());
        let mut scoring = !self.failed.load(Ordering::Relaxed);
        let mut bytes = &block.bytes[..];
        if block.index == 0 {
            bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
        }
        let mut start = 0;
        while start < bytes.len() {
            let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |i| start + i);
            let mut line = &bytes[start..end];
            start = end + 1;
            done.lines += 1;
            if let [rest @ .., b'\r'] = line {
                line = rest;
            }
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let problem = match std::str::from_utf8(line) {
                Err(e) => Some(
                    Diagnostic::new(
                        &self.name,
                        Some(done.lines),
                        "-",
                        format!("invalid UTF-8 at byte {} of the line", e.valid_up_to() + 1),
                    )
                    .with_hint("save the file as UTF-8"),
                ),
                Ok(text) if text.trim().is_empty() => continue,
                Ok(text) => match parse_item(text, &mut texts) {
                    Ok(id) => {
                        if scoring {
                            if let Err(e) = self.score(id, &texts, &mut scores, &mut done) {
                                done.failure = Some(e);
                                return done;
                            }
                        }
                        None
                    }
                    Err(e) => Some(diagnose(&self.name, done.lines, text, &e)),
                },
            };
            if let Some(problem) = problem {
                done.problems.push(problem);
                scoring = false;
                self.failed.store(true, Ordering::Relaxed);
            }
        }
        done
    }

    /// Scores one parsed item and appends its output line and rows.
    fn score(
        &self,
        id: &RawValue,
        texts: &Texts,
        scores: &mut Vec<Score>,
        done: &mut Done,
    ) -> Result<(), Error> {
        let arena = texts.arena.as_str();
        let references = texts.references.iter().map(|r| &arena[r.clone()]);
        self.rouge
            .score_into(&arena[texts.prediction.clone()], references, scores);
        let out = &mut done.out;
        out.extend_from_slice(b"{\"id\":");
        out.extend_from_slice(id.get().as_bytes());
        for (key, s) in self.keys.iter().zip(scores.iter()) {
            out.extend_from_slice(key.as_bytes());
            push_f64(out, s.precision)?;
            out.extend_from_slice(b",\"recall\":");
            push_f64(out, s.recall)?;
            out.extend_from_slice(b",\"fmeasure\":");
            push_f64(out, s.fmeasure)?;
            out.push(b'}');
        }
        out.extend_from_slice(b"}\n");
        done.rows
            .extend(scores.iter().map(|s| [s.precision, s.recall, s.fmeasure]));
        Ok(())
    }
}

/// Appends `x` as serde_json writes it (shortest representation that reads back exactly).
fn push_f64(out: &mut Vec<u8>, x: f64) -> Result<(), Error> {
    serde_json::Serializer::new(out)
        .serialize_f64(x)
        .map_err(|source| Error::Serialize {
            what: "a score line".to_string(),
            source,
        })
}

/// Running totals over the blocks, in input order.
struct Totals {
    types: usize,
    /// Lines before the next block.
    lines: usize,
    items: usize,
    sums: Vec<[f64; 3]>,
    /// Per type, every item's `[P, R, F]` (only for the bootstrap).
    columns: Option<Vec<Vec<[f64; 3]>>>,
    problems: Diagnostics,
}

impl Totals {
    fn new(types: usize, keep_rows: bool) -> Self {
        Totals {
            types,
            lines: 0,
            items: 0,
            sums: vec![[0.0; 3]; types],
            columns: keep_rows.then(|| vec![Vec::new(); types]),
            problems: Diagnostics::new(),
        }
    }

    fn take(&mut self, done: Done, output: &mut Spool) -> Result<(), Error> {
        if let Some(e) = done.failure {
            return Err(e);
        }
        for mut d in done.problems {
            d.line = d.line.map(|l| l + self.lines);
            self.problems.push(d);
        }
        self.lines += done.lines;
        if !self.problems.is_empty() {
            // Nothing will be written; keep reading only to report every bad line.
            return Ok(());
        }
        output.lines(&done.out)?;
        for row in done.rows.chunks_exact(self.types) {
            self.items += 1;
            for (sum, v) in self.sums.iter_mut().zip(row) {
                for k in 0..3 {
                    sum[k] += v[k];
                }
            }
            if let Some(columns) = &mut self.columns {
                for (column, v) in columns.iter_mut().zip(row) {
                    column.push(*v);
                }
            }
        }
        Ok(())
    }

    /// Mean P, R and F of type `k` (summed in input order), `None` without items.
    fn mean(&self, k: usize) -> Option<[f64; 3]> {
        (self.items > 0).then(|| self.sums[k].map(|s| s / self.items as f64))
    }
}

/// The fields of one item: see [`ItemSeed`].
#[derive(Clone, Copy, PartialEq, Eq)]
enum Key {
    Id,
    Prediction,
    References,
    Reference,
    Other,
}

struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Key;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Key, D::Error> {
        d.deserialize_str(self)
    }
}

impl Visitor<'_> for KeySeed {
    type Value = Key;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
        Ok(match v {
            "id" => Key::Id,
            "prediction" => Key::Prediction,
            "references" => Key::References,
            "reference" => Key::Reference,
            _ => Key::Other,
        })
    }
}

/// A string value, copied into the arena; its range there.
struct TextSeed<'s>(&'s mut String);

impl<'de> DeserializeSeed<'de> for TextSeed<'_> {
    type Value = Range<usize>;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Range<usize>, D::Error> {
        d.deserialize_str(self)
    }
}

impl Visitor<'_> for TextSeed<'_> {
    type Value = Range<usize>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Range<usize>, E> {
        let start = self.0.len();
        self.0.push_str(v);
        Ok(start..self.0.len())
    }
}

/// An array of strings, copied into the arena.
struct TextsSeed<'s>(&'s mut Texts);

impl<'de> DeserializeSeed<'de> for TextsSeed<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for TextsSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an array of strings")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(r) = seq.next_element_seed(TextSeed(&mut self.0.arena))? {
            self.0.references.push(r);
        }
        Ok(())
    }
}

/// One input line, parsed into [`Texts`] in one pass; yields the raw id.
struct ItemSeed<'s>(&'s mut Texts);

impl<'de> DeserializeSeed<'de> for ItemSeed<'_> {
    type Value = &'de RawValue;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<&'de RawValue, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ItemSeed<'_> {
    type Value = &'de RawValue;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<&'de RawValue, A::Error> {
        let texts = self.0;
        let (mut id, mut prediction, mut references) = (None, None, false);
        while let Some(key) = map.next_key_seed(KeySeed)? {
            match key {
                Key::Id if id.is_none() => id = Some(map.next_value::<&'de RawValue>()?),
                Key::Prediction if prediction.is_none() => {
                    prediction = Some(map.next_value_seed(TextSeed(&mut texts.arena))?);
                }
                Key::References if !references => {
                    references = true;
                    map.next_value_seed(TextsSeed(texts))?;
                }
                Key::Reference if !references => {
                    references = true;
                    let r = map.next_value_seed(TextSeed(&mut texts.arena))?;
                    texts.references.push(r);
                }
                _ => return Err(de::Error::custom("unknown, repeated or conflicting field")),
            }
        }
        let id = id.ok_or_else(|| de::Error::missing_field("id"))?;
        if !matches!(id.get().as_bytes().first(), Some(b'"' | b'-' | b'0'..=b'9')) {
            return Err(de::Error::custom("id must be a string or a number"));
        }
        texts.prediction = prediction.ok_or_else(|| de::Error::missing_field("prediction"))?;
        if texts.references.is_empty() {
            return Err(de::Error::custom("no references"));
        }
        Ok(id)
    }
}

/// The fast path: `text` into `texts`, returning the raw id; any error means the line is
/// bad ([`diagnose`] says how).
fn parse_item<'a>(text: &'a str, texts: &mut Texts) -> Result<&'a RawValue, serde_json::Error> {
    texts.arena.clear();
    texts.references.clear();
    let mut de = serde_json::Deserializer::from_str(text);
    let id = ItemSeed(texts).deserialize(&mut de)?;
    de.end()?;
    Ok(id)
}

/// An object's entries in order, duplicates kept (a map would keep only the last).
struct Entries(Vec<(String, Value)>);

impl<'de> de::Deserialize<'de> for Entries {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct EntriesVisitor;
        impl<'de> Visitor<'de> for EntriesVisitor {
            type Value = Entries;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Entries, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry::<String, Value>()? {
                    entries.push(entry);
                }
                Ok(Entries(entries))
            }
        }
        d.deserialize_map(EntriesVisitor)
    }
}

/// The slow path: what is wrong with a line the fast path rejected.
fn diagnose(file: &Path, line: usize, text: &str, fast: &serde_json::Error) -> Diagnostic {
    let problem = |field: &str, message: &str| Diagnostic::new(file, Some(line), field, message);
    let value = match parse_line::<Value>(file, line, text) {
        Ok(value) => value,
        Err(d) => return d,
    };
    if !value.is_object() {
        return problem("-", "expected a JSON object");
    }
    let entries = match serde_json::from_str::<Entries>(text) {
        Ok(Entries(entries)) => entries,
        Err(e) => return problem("-", &e.to_string()),
    };
    let mut seen: Vec<&str> = Vec::new();
    for (key, _) in &entries {
        if !matches!(
            key.as_str(),
            "id" | "prediction" | "references" | "reference"
        ) {
            return problem(key, "unknown field")
                .with_hint("allowed fields: id, prediction, references (or reference)");
        }
        if seen.contains(&key.as_str()) {
            return problem(key, "duplicate field").with_hint("give each field once");
        }
        seen.push(key);
    }
    let get = |name: &str| entries.iter().find(|(k, _)| k == name).map(|(_, v)| v);
    match get("id") {
        Some(Value::String(_) | Value::Number(_)) => {}
        Some(_) => return problem("id", "must be a string or a number"),
        None => return problem("id", "missing field"),
    }
    match get("prediction") {
        Some(Value::String(_)) => {}
        Some(_) => return problem("prediction", "must be a string"),
        None => return problem("prediction", "missing field"),
    }
    match (get("references"), get("reference")) {
        (Some(Value::Array(refs)), None) => {
            if refs.is_empty() {
                return problem("references", "is empty")
                    .with_hint("give at least one reference summary");
            }
            if !refs.iter().all(Value::is_string) {
                return problem("references", "must be an array of strings");
            }
        }
        (Some(_), None) => return problem("references", "must be an array of strings"),
        (None, Some(Value::String(_))) => {}
        (None, Some(_)) => return problem("reference", "must be a string"),
        (Some(_), Some(_)) => {
            return problem(
                "reference",
                "give either \"reference\" or \"references\", not both",
            )
        }
        (None, None) => {
            return problem("references", "missing field")
                .with_hint("add \"references\": [\"...\"] or \"reference\": \"...\"")
        }
    }
    // The checks above and the fast path agree; should they not, say what the parser said.
    problem("-", &fast.to_string())
}

/// The aggregate: mean per type, and the bootstrap interval when asked.
fn report(
    args: &RougeArgs,
    rouge: &Rouge,
    bootstrap: Option<Bootstrap>,
    totals: &Totals,
) -> Result<(), Error> {
    let mut rng = Mt19937::new(args.seed);
    let mut summary = serde_json::Map::new();
    summary.insert("items".into(), totals.items.into());
    let mut text = if totals.items == 0 {
        "no items\n".to_string()
    } else {
        format!("{} items\n", totals.items)
    };
    let mut types = serde_json::Map::new();
    for (k, &t) in rouge.types().iter().enumerate() {
        let mean = totals.mean(k);
        let mut entry = serde_json::Map::new();
        entry.insert("mean".into(), mean.map_or(Value::Null, score_json));
        entry.insert("signature".into(), rouge.signature(t).to_string().into());
        if let Some(mean) = mean {
            let _ = writeln!(
                text,
                "{t:<10} P {:.4}  R {:.4}  F {:.4}   {}",
                mean[0],
                mean[1],
                mean[2],
                rouge.signature(t)
            );
        }
        let column = totals.columns.as_ref().and_then(|c| c.get(k));
        if let (Some(b), Some(column)) = (bootstrap, column) {
            if let Some(i) = b.interval(column, &mut rng) {
                let sig = rouge.bootstrap_signature(t, b.samples(), args.seed);
                let mut bs = serde_json::Map::new();
                bs.insert("low".into(), score_json(i.low));
                bs.insert("mid".into(), score_json(i.mid));
                bs.insert("high".into(), score_json(i.high));
                bs.insert("signature".into(), sig.to_string().into());
                entry.insert("bootstrap".into(), bs.into());
                let _ = writeln!(
                    text,
                    "{:<10} F low {:.4}  mid {:.4}  high {:.4}   {sig}",
                    "", i.low[2], i.mid[2], i.high[2]
                );
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
            super::err_raw(&text);
            Ok(())
        }
    }
}

fn score_json(v: [f64; 3]) -> Value {
    serde_json::json!({"precision": v[0], "recall": v[1], "fmeasure": v[2]})
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<(String, String, Vec<String>), String> {
        let mut texts = Texts::default();
        let id = parse_item(text, &mut texts).map_err(|e| e.to_string())?;
        let a = &texts.arena;
        Ok((
            id.get().to_string(),
            a[texts.prediction.clone()].to_string(),
            texts
                .references
                .iter()
                .map(|r| a[r.clone()].to_string())
                .collect(),
        ))
    }

    fn diagnosis(text: &str) -> String {
        let mut texts = Texts::default();
        let Err(fast) = parse_item(text, &mut texts) else {
            panic!("accepted: {text}");
        };
        let d = diagnose(Path::new("f.jsonl"), 3, text, &fast);
        format!("{}: {}", d.field, d.message)
    }

    #[test]
    fn fast_path_reads_fields_in_any_order_and_keeps_the_raw_id() {
        let (id, p, r) =
            parse(r#"{"references": ["a\nb", "c"], "prediction": "x\u00e9", "id": 12345678901234567890123}"#)
                .unwrap();
        assert_eq!(id, "12345678901234567890123");
        assert_eq!(p, "x\u{e9}");
        assert_eq!(r, ["a\nb", "c"]);
        let (id, _, r) = parse(r#"{"id": "q\"1", "prediction": "", "reference": "z"}"#).unwrap();
        assert_eq!(id, r#""q\"1""#);
        assert_eq!(r, ["z"]);
    }

    #[test]
    fn every_rejected_line_gets_a_precise_diagnosis() {
        let cases = [
            (
                r#"{"id": 1, "id": 2, "prediction": "a", "reference": "b"}"#,
                "id: duplicate field",
            ),
            (
                r#"{"id": 1, "prediction": "a", "prediction": "b", "reference": "b"}"#,
                "prediction: duplicate field",
            ),
            (
                r#"{"id": 1, "prediction": "a", "reference": "b", "x": 0}"#,
                "x: unknown field",
            ),
            (
                r#"{"id": true, "prediction": "a", "reference": "b"}"#,
                "id: must be a string or a number",
            ),
            (
                r#"{"prediction": "a", "reference": "b"}"#,
                "id: missing field",
            ),
            (
                r#"{"id": 1, "prediction": 3, "reference": "b"}"#,
                "prediction: must be a string",
            ),
            (
                r#"{"id": 1, "prediction": "a", "references": []}"#,
                "references: is empty",
            ),
            (
                r#"{"id": 1, "prediction": "a", "references": [1]}"#,
                "references: must be an array of strings",
            ),
            (
                r#"{"id": 1, "prediction": "a", "references": ["b"], "reference": "c"}"#,
                "reference: give either",
            ),
            (
                r#"{"id": 1, "prediction": "a"}"#,
                "references: missing field",
            ),
            (r#"[1]"#, "-: expected a JSON object"),
            (
                r#"{"id": 1, "prediction": "a", "reference": "b"} x"#,
                "-: invalid JSON",
            ),
        ];
        for (text, want) in cases {
            let got = diagnosis(text);
            assert!(got.starts_with(want), "{text}: {got}");
        }
    }
}
