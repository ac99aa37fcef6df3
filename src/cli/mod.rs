//! The command line: argument parsing, dispatch, error rendering and exit codes.
//!
//! This is the only module that prints or decides the process exit code.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod args;
mod bless;
mod cache;
mod check;
mod compare;
mod input;
mod interrupt;
mod list;
mod merge;
mod report_files;
mod run;
mod score;
mod score_qa;
mod score_summaries;
mod validate;

use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::error::{exit, Error};

const EXIT_CODES: &str = "\
Exit codes:
  0    success
  1    a quality gate failed
  2    usage, configuration or dataset error
  3    run incomplete: some items errored
  130  interrupted";

/// Evaluate summarizers and question-answering systems against gold data.
#[derive(Debug, Parser)]
#[command(name = "goldeval", version, about, long_about = None, after_help = EXIT_CODES)]
#[command(help_expected = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Evaluate backends on a dataset: print a table and write a run directory.
    Run(run::RunArgs),
    /// Check a dataset directory and report every problem as file:line: field: message.
    Validate(validate::ValidateArgs),
    /// List built-in backends, metrics (with signatures) or datasets.
    List(list::ListArgs),
    /// Score predictions from a file: ROUGE (as rouge-score 0.1.2), QA (SQuAD v2, answer_match)
    /// or summaries (ROUGE and the fact metrics).
    Score(score::ScoreArgs),
    /// Inspect the response cache: stats, clear, or explain one item's cache key.
    Cache(cache::CacheArgs),
    /// Join shard runs (goldeval run --shard K/N) into one run directory.
    Merge(merge::MergeArgs),
    /// Compare backends item by item: means with bootstrap CIs, paired differences, p-values.
    Compare(compare::CompareArgs),
    /// Check a run against committed goldens with quality gates; exit 1 when a gate fails.
    Check(check::CheckArgs),
    /// Write a run's backends as the new goldens and print what changed (never under CI).
    Bless(bless::BlessArgs),
}

/// Parses `std::env::args`, runs the command and maps the outcome to an exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match dispatch(cli) {
        Ok(code) => ExitCode::from(code),
        Err(error) => {
            report_error(&error);
            ExitCode::from(error.exit_code())
        }
    }
}

/// Runs a parsed command; returns the exit code for outcomes that are not errors.
///
/// # Errors
/// Any [`Error`]; its [`Error::exit_code`] is the process exit code.
pub fn dispatch(cli: Cli) -> Result<u8, Error> {
    match cli.command {
        Command::Run(args) => run::execute(&args),
        Command::Validate(args) => validate::execute(&args),
        Command::List(args) => list::execute(&args),
        Command::Score(args) => score::execute(&args),
        Command::Cache(args) => cache::execute(&args),
        Command::Merge(args) => merge::execute(&args),
        Command::Compare(args) => compare::execute(&args),
        Command::Check(args) => check::execute(&args),
        Command::Bless(args) => bless::execute(&args),
    }
}

fn report_error(error: &Error) {
    let mut text = format!("error: {error}\n");
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(&format!("  caused by: {cause}\n"));
        source = cause.source();
    }
    err_raw(&text);
}

/// Colours for stdout: only on a terminal, never with `NO_COLOR` set.
pub(crate) fn palette() -> crate::report::palette::Palette {
    use std::io::IsTerminal;
    let wanted = crate::report::palette::Palette::wanted(
        std::io::stdout().is_terminal(),
        std::env::var_os("NO_COLOR").as_deref(),
    );
    if wanted {
        crate::report::palette::Palette::ansi()
    } else {
        crate::report::palette::Palette::plain()
    }
}

/// Prints a warning line on stderr.
pub(crate) fn warn(text: &str) {
    err_raw(&format!("warning: {text}\n"));
}

/// The sequence that clears the current line of a terminal (progress redraws).
pub(crate) const CLEAR_LINE: &str = "\r\x1b[2K";

/// Writes to stderr. Control characters are made inert (an id or output cannot rewrite the
/// terminal); only [`CLEAR_LINE`], on a terminal, is kept.
pub(crate) fn err_raw(text: &str) {
    use std::io::IsTerminal;
    let allowed: &[&str] = if std::io::stderr().is_terminal() {
        &[CLEAR_LINE]
    } else {
        &[]
    };
    let text = crate::report::escape::terminal(text, allowed);
    let mut stderr = std::io::stderr().lock();
    let _ = stderr.write_all(text.as_bytes());
    let _ = stderr.flush();
}

/// Writes to stdout, exiting quietly (code 0) when the reader has gone away. Control
/// characters are made inert but for the palette's own colours.
pub(crate) fn out(text: &str) {
    let text = crate::report::escape::terminal(text, palette().sequences());
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(i32::from(exit::OK));
        }
    }
}

/// What to do when stdout fails: exit quietly (code 0) when the reader has gone away (a
/// closed pipe), otherwise an error naming stdout.
///
/// # Errors
/// [`Error::Io`] for every failure but a broken pipe.
pub(crate) fn stdout_failed(e: std::io::Error) -> Result<(), Error> {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(i32::from(exit::OK));
    }
    Err(Error::io("writing", "standard output", e))
}

#[cfg(test)]
mod tests {
    use super::Cli;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent_and_every_argument_has_help() {
        Cli::command().debug_assert();
    }
}
