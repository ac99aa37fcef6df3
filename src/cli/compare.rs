//! `goldeval compare`: paired statistics between backends of one or several run directories.

use clap::Args;

use crate::compare::{self, Settings, DEFAULT_SEED};
use crate::error::{exit, Result};
use crate::report;

/// Arguments of `goldeval compare`.
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  goldeval compare runs/lead-vs-textrank
  goldeval compare runs/before runs/after
  goldeval compare runs/a:lead runs/b:lead --seed 7 --resamples 5000

A run directory given alone contributes every backend it ran; RUN_DIR:BACKEND picks one.
Every pair of systems is compared (B − A, in the order given), item by item on the items
both scored.")]
pub struct CompareArgs {
    /// Run directories, or RUN_DIR:BACKEND; at least two systems in all.
    #[arg(value_name = "RUN", required = true)]
    pub runs: Vec<String>,

    /// Seed of the bootstrap and permutation draws (recorded in the signature).
    #[arg(long, default_value_t = DEFAULT_SEED)]
    pub seed: u32,

    /// Bootstrap resamples (and random sign vectors when the permutation test is not exact).
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub resamples: u64,

    /// Confidence level of the intervals (strictly between 0 and 1).
    #[arg(long, default_value_t = 0.95, value_parser = super::args::open_fraction)]
    pub level: f64,

    /// How many most improved and most regressed items to show per pair and task.
    #[arg(long, default_value_t = 3)]
    pub top: usize,

    /// Also write a report file; the format follows the extension: .json, .jsonl, .csv, .md,
    /// .junit.xml, .html (repeatable).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub outputs: Vec<std::path::PathBuf>,
}

/// Runs `goldeval compare`.
///
/// # Errors
/// Unreadable run directories, unknown backends, fewer than two systems, bad settings.
pub fn execute(args: &CompareArgs) -> Result<u8> {
    let systems = compare::systems(&args.runs)?;
    let runs: Vec<&std::path::Path> = systems.iter().map(|s| s.run.as_path()).collect();
    let outputs = super::report_files::prepare(&args.outputs, &runs)?;
    let settings = Settings {
        seed: args.seed,
        resamples: usize::try_from(args.resamples).unwrap_or(usize::MAX),
        level: args.level,
        top: args.top,
    };
    let comparison = compare::compare(&systems, settings)?;
    super::out(&report::compare::render(&comparison, super::palette()));
    if !outputs.is_empty() {
        let mut file_report = report::model::Report::from_comparison(&comparison);
        for (i, pair) in comparison.pairs.iter().enumerate() {
            if let Some(b) = systems.iter().find(|s| s.label == pair.b) {
                file_report.attach_details(i, &b.items);
            }
            if let Some(a) = systems.iter().find(|s| s.label == pair.a) {
                file_report.attach_scores(i, report::model::Side::Left, &a.items);
            }
            if let Some(b) = systems.iter().find(|s| s.label == pair.b) {
                file_report.attach_scores(i, report::model::Side::Right, &b.items);
            }
        }
        super::report_files::write(file_report, &systems[0].dataset, &outputs)?;
    }
    Ok(exit::OK)
}
