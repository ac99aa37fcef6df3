//! goldeval's behaviour, tested through the real binary. One integration test binary, so the
#![allow(clippy::expect_used, clippy::unwrap_used)]
//! 2-core CI links once; each module covers one command or area.

mod cli_basics;
mod cli_score_qa;
mod parity_squad;
mod util;
