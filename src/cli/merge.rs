//! `goldeval merge`: join shard runs (`goldeval run --shard K/N`) into one run directory.

use std::path::PathBuf;

use clap::Args;

use crate::error::{Error, Result};
use crate::run;

/// Arguments of `goldeval merge`.
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  goldeval run --shard 1/2 --out runs/s1 & goldeval run --shard 2/2 --out runs/s2; wait
  goldeval merge runs/s1 runs/s2 --out runs/all

The directories must be the complete shards 1..N of N of one run (same dataset content,
backends, tasks and limit). The merged run.json, items.jsonl and summary.json are those of the
same run made unsharded (but for timings and latencies).

Exit codes: 0 every item scored; 2 the shards do not fit together; 3 some items errored.")]
pub struct MergeArgs {
    /// Shard run directories, in any order.
    #[arg(required = true, value_name = "DIR")]
    dirs: Vec<PathBuf>,

    /// Write the merged run into this directory (created; must be empty if it exists).
    /// Default: runs/<UTC timestamp>-<id>.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,

    /// Print no table, only the run directory.
    #[arg(long, short)]
    quiet: bool,
}

/// Runs `goldeval merge`.
///
/// # Errors
/// Usage errors when the shards do not fit together; dataset and I/O errors.
pub fn execute(args: &MergeArgs) -> Result<u8> {
    let (out, run_id) = match &args.out {
        Some(dir) => (dir.clone(), run::default_dir(&PathBuf::new()).1),
        None => run::default_dir(&PathBuf::from("runs")),
    };
    let plan = run::merge::merged_plan(&args.dirs, &run_id)?;
    let dataset =
        crate::dataset::Dataset::load_valid_streaming(std::path::Path::new(&plan.dataset.path))
            .map_err(|e| {
                Error::usage(format!(
                    "cannot load the shards' dataset {}: {e}",
                    plan.dataset.path
                ))
            })?;
    let metrics = crate::run::default_metrics::metric_set_scored(plan.judge.as_deref());
    let outcome = run::merge(&dataset, &metrics, &args.dirs, &out, &run_id)?;
    Ok(super::run::report(args.quiet, &outcome))
}
