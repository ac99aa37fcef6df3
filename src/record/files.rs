//! The names of the files in a run directory, defined once.
//!
//! Everything that reads or writes a run directory (the journal, resume, merge, the replay
//! backend, [`super::RunDir`]) names its files through these constants.

/// File name of the item journal (`items.jsonl`, one [`super::ItemRecord`] per line).
pub const ITEMS: &str = "items.jsonl";
/// File name of the run manifest ([`super::RunManifest`]).
pub const RUN: &str = "run.json";
/// File name of the aggregate summary ([`super::Summary`]).
pub const SUMMARY: &str = "summary.json";
/// File name of the per-item spread over repeats (`--repeat N`, N > 1; [`super::Repeats`]).
pub const REPEATS: &str = "repeats.json";
/// File name of the run plan (written first; read by `--resume` and `merge`;
/// [`super::RunPlan`]).
pub const PLAN: &str = "plan.json";

/// Every file goldeval writes into a run directory.
pub const ALL: [&str; 5] = [ITEMS, RUN, SUMMARY, REPEATS, PLAN];
