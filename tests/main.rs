//! goldeval's behaviour, tested through the real binary. One integration test binary, so the
//! 2-core CI links once; each module covers one command or area.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod cli_basics;
mod cli_check;
mod cli_compare;
mod cli_facts;
mod cli_reports;
mod cli_run;
mod cli_score_qa;
mod cli_score_rouge;
mod cli_score_summaries;
mod cli_validate;
mod corrupted_figure;
mod dataset_answers;
mod differential_rougers;
mod factuality;
mod parity_bootstrap;
mod parity_paired;
mod parity_rouge;
mod parity_squad;
mod snapshots_builtin;
mod util;
