//! `goldeval check`: a run against committed goldens, with quality gates (exit 1 on failure).

use std::path::{Path, PathBuf};

use clap::Args;

use crate::check::{self, Gates};
use crate::compare::DEFAULT_SEED;
use crate::config::Threshold;
use crate::error::{exit, Error, Result};
use crate::record::golden::Golden;
use crate::record::RunDir;
use crate::report;

/// Arguments of `goldeval check`.
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  goldeval check                                  # run every built-in, check against goldens/
  goldeval check runs/latest --max-drop rougeLsum=0.01 --fail-under qa.f1=0.6
  goldeval check runs/mine --baseline goldens/xi-moscow-2025/lead.jsonl --significant-only
  goldeval check runs/latest --update             # check, then bless the run as the new goldens

Each backend of the run is checked against goldens/<dataset>/<backend>.jsonl (or --baseline,
a golden of the same dataset whatever its backend is called). Gates: a mean getting worse by
more than its --max-drop (default 0.005 for every quality column; a rise for lower-is-better
columns such as unsupported_numbers; descriptive columns such as density only when a
--max-drop names them), a mean under --fail-under, more item regressions than
--max-item-regressions, an error rate above --max-error-rate, a changed metric signature, a
changed dataset, golden items missing from the run. Default gates can be set once in the
[check] table of goldeval.toml (max_drop, fail_under, max_item_regressions, max_error_rate);
the command line's are added and win at equal specificity.

Exit codes: 0 every gate passed; 1 a gate failed; 2 usage, run or golden unreadable.")]
pub struct CheckArgs {
    /// The run directory to check. Default: run every built-in backend first (into runs/).
    #[arg(value_name = "RUN_DIR")]
    pub run: Option<PathBuf>,

    /// Check every backend of the run against this golden file.
    #[arg(long, value_name = "GOLDEN")]
    pub baseline: Option<PathBuf>,

    /// Directory of goldens (goldens/<dataset>/<backend>.jsonl).
    #[arg(long, value_name = "DIR", default_value = "goldens")]
    pub goldens: PathBuf,

    /// Dataset to run when no RUN_DIR is given.
    #[arg(long, value_name = "DIR", default_value = super::run::DEFAULT_DATASET)]
    pub dataset: PathBuf,

    /// Configuration file: its `[check]` table gives default gates (the command line's are
    /// added; at equal specificity they win), and its backends are used when check runs
    /// first. Default: ./goldeval.toml when it exists.
    #[arg(long, value_name = "FILE")]
    pub config: Option<std::path::PathBuf>,

    /// Tolerated fall of a mean: METRIC=X, TASK.METRIC=X or *=X (repeatable; most specific wins).
    #[arg(long = "max-drop", value_name = "METRIC=X")]
    pub max_drop: Vec<Threshold>,

    /// Floor of a mean: TASK.METRIC=X or METRIC=X (repeatable), e.g. qa.f1=0.6.
    #[arg(long = "fail-under", value_name = "METRIC=X")]
    pub fail_under: Vec<Threshold>,

    /// Fail when more than N items score lower than in the golden.
    #[arg(long, value_name = "N")]
    pub max_item_regressions: Option<usize>,

    /// Fail when more than this fraction of a backend's items errored (e.g. 0.05; 0 to 1).
    #[arg(long, value_name = "FRACTION", value_parser = super::args::fraction)]
    pub max_error_rate: Option<f64>,

    /// Accept a run and a golden that do not cover the same items: compare the items both
    /// hold (the output says how many) instead of failing the coverage gate.
    #[arg(long)]
    pub allow_partial: bool,

    /// Allow drops that are not significant (paired permutation p ≥ --alpha).
    #[arg(long)]
    pub significant_only: bool,

    /// Significance level of --significant-only (between 0 and 1, exclusive).
    #[arg(long, default_value_t = 0.05, value_parser = super::args::open_fraction)]
    pub alpha: f64,

    /// Seed of the permutation test.
    #[arg(long, default_value_t = DEFAULT_SEED)]
    pub seed: u32,

    /// Random sign vectors when the permutation test is not exact (at least 1).
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u64).range(1..))]
    pub resamples: u64,

    /// Also write a report file; the format follows the extension: .json, .jsonl, .csv, .md,
    /// .junit.xml, .html (repeatable).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub outputs: Vec<std::path::PathBuf>,

    /// After checking, write the run as the new goldens, as `goldeval bless` does (exit 0
    /// when written; refused when CI is set). Not with --baseline.
    #[arg(long, conflicts_with = "baseline")]
    pub update: bool,
}

/// Runs `goldeval check`.
///
/// # Errors
/// Unreadable runs or goldens, a missing golden, or a failed run.
pub fn execute(args: &CheckArgs) -> Result<u8> {
    let outputs = super::report_files::prepare(
        &args.outputs,
        &args.run.as_deref().into_iter().collect::<Vec<_>>(),
    )?;
    let dir = match &args.run {
        Some(dir) => dir.clone(),
        None => run_first(&args.dataset, args.config.as_deref())?,
    };
    let run = RunDir::open(&dir)?;
    let defaults =
        crate::config::Config::discover(args.config.as_deref(), &crate::backend::BUILTIN_NAMES)?
            .check;
    // The file's gates first: among equally specific selectors the last (the command
    // line's) wins.
    let gates = Gates {
        max_drop: [defaults.max_drop, args.max_drop.clone()].concat(),
        fail_under: [defaults.fail_under, args.fail_under.clone()].concat(),
        max_item_regressions: args.max_item_regressions.or(defaults.max_item_regressions),
        max_error_rate: args.max_error_rate.or(defaults.max_error_rate),
        significant_only: args.significant_only,
        alpha: args.alpha,
        seed: args.seed,
        resamples: usize::try_from(args.resamples).unwrap_or(usize::MAX),
        allow_partial: args.allow_partial,
    };
    for warning in &run.warnings {
        super::warn(&warning.to_string());
    }
    let source = match &args.baseline {
        Some(path) => check::Goldens::Baseline(path),
        None => check::Goldens::Dir(&args.goldens),
    };
    let (checks, goldens): (Vec<check::BackendCheck>, Vec<Golden>) =
        check::check_run(&run, source, &gates)?.into_iter().unzip();
    super::out(&report::check::render(&checks, super::palette()));
    let mut file_report = report::model::Report::from_checks(&checks);
    for (i, c) in checks.iter().enumerate() {
        file_report.attach_details(i, run.backend_items(&c.backend));
        file_report.attach_scores(i, report::model::Side::Right, run.backend_items(&c.backend));
        if let Some(golden) = goldens.get(i) {
            file_report.attach_scores(i, report::model::Side::Left, &golden.items);
        }
    }
    super::report_files::write(file_report, &run.manifest.dataset, &outputs)?;
    if args.update {
        return super::bless::execute(&super::bless::BlessArgs {
            run: dir,
            goldens: args.goldens.clone(),
        });
    }
    if checks.iter().all(check::BackendCheck::passed) {
        Ok(exit::OK)
    } else {
        Ok(exit::GATE_FAILED)
    }
}

/// Runs every built-in backend on `dataset` into a new directory under runs/.
fn run_first(dataset: &Path, config: Option<&Path>) -> Result<PathBuf> {
    let (dir, _) = crate::run::default_dir(Path::new("runs"));
    let args = super::run::RunArgs {
        dataset: dataset.to_path_buf(),
        backends: Vec::new(),
        task: None,
        out: Some(dir.clone()),
        limit: None,
        quiet: true,
        outputs: Vec::new(),
        config: config.map(Path::to_path_buf),
        jobs: 8,
        repeat: 1,
        shard: None,
        shard_count: None,
        resume: None,
        no_cache: false,
        judge: None,
    };
    let code = super::run::execute(&args)?;
    if code != exit::OK && code != exit::INCOMPLETE {
        return Err(Error::usage(format!(
            "the run before the check failed (exit {code})"
        )));
    }
    Ok(dir)
}
