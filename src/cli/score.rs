//! `goldeval score`: the subcommands `rouge` ([`super::score_rouge`]), `qa`
//! ([`super::score_qa`]) and `summaries` ([`super::score_summaries`]).

use clap::{Args, Subcommand};

use crate::error::Error;

/// Arguments of `goldeval score`.
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  goldeval score rouge --input pairs.jsonl --stemmer
  goldeval score qa --input predictions.jsonl --explain
  goldeval score rouge --help")]
pub struct ScoreArgs {
    /// Which metric family to score with.
    #[command(subcommand)]
    pub command: ScoreCommand,
}

/// The `score` subcommands.
#[derive(Debug, Subcommand)]
pub enum ScoreCommand {
    /// ROUGE exactly as Google's rouge-score 0.1.2 computes it.
    Rouge(super::score_rouge::RougeArgs),
    /// QA predictions: SQuAD v2 exact match and F1 (official parity) and answer_match.
    Qa(super::score_qa::ScoreQaArgs),
    /// Summaries against a dataset's summary items: ROUGE, key facts, unsupported figures and
    /// names, extractiveness and qa_coverage, with per-item explanations.
    Summaries(super::score_summaries::ScoreSummariesArgs),
}

/// Runs `goldeval score`.
///
/// # Errors
/// Usage, input ([`Error::Invalid`] listing every bad line) and I/O errors.
pub fn execute(args: &ScoreArgs) -> Result<u8, Error> {
    match &args.command {
        ScoreCommand::Rouge(rouge) => super::score_rouge::execute(rouge),
        ScoreCommand::Qa(qa) => super::score_qa::execute(qa),
        ScoreCommand::Summaries(s) => super::score_summaries::execute(s),
    }
}

#[cfg(test)]
mod tests {
    use super::ScoreCommand;
    use crate::cli::{Cli, Command};
    use crate::metrics::{RefMode, RougeType};
    use clap::Parser;

    #[test]
    fn rouge_flags_parse_into_types_and_modes() {
        let cli = Cli::parse_from([
            "goldeval",
            "score",
            "rouge",
            "--input",
            "x.jsonl",
            "--types",
            "rouge1,rougeLsum",
            "--refs",
            "mean",
            "--tokenizer",
            "unicode",
            "--stemmer",
        ]);
        let Command::Score(args) = cli.command else {
            panic!("not score")
        };
        let ScoreCommand::Rouge(r) = args.command else {
            panic!("not score rouge")
        };
        assert_eq!(r.types, [RougeType::N(1), RougeType::Lsum]);
        assert_eq!(r.refs, RefMode::Mean);
        assert!(r.stemmer);
        assert_eq!(r.seed, 12345);
    }

    #[test]
    fn invalid_rouge_type_is_a_usage_error() {
        let err = Cli::try_parse_from([
            "goldeval", "score", "rouge", "--input", "x", "--types", "rouge10",
        ]);
        assert!(err.is_err());
    }
}
