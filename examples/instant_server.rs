//! An OpenAI-compatible chat-completions server on 127.0.0.1 that answers every request at
//! once and records nothing (the test suite's, `tests/openai_server.rs`): the other end of
//! `benches/harness.sh`. Prints its base URL (`http://127.0.0.1:PORT/v1`) on stdout, then
//! serves until killed.
//!
//! `cargo run --release --example instant_server`
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout
)]

#[allow(dead_code)]
#[path = "../tests/openai_server.rs"]
mod openai_server;

use std::io::Write;

fn main() {
    let server = openai_server::Server::start_unrecorded(|_, _| openai_server::Fault::None);
    println!("{}", server.base_url);
    std::io::stdout().flush().unwrap();
    loop {
        std::thread::park();
    }
}
