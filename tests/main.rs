//! goldeval's behaviour, tested through the real binary. One integration test binary, so the
//! 2-core CI links once; each module covers one command or area.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod backend_command;
mod backend_openai;
mod backend_replay;
mod cache;
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
mod interrupt;
mod judge;
mod list_configured;
mod openai_server;
mod parity_bootstrap;
mod parity_paired;
mod parity_rouge;
mod parity_squad;
mod repeat;
mod resume;
mod run_concurrency;
mod shard_merge;
mod shard_schedulers;
mod snapshots_builtin;
mod streamed_run;
mod util;
