//! goldeval evaluates summarizers and question-answering systems against gold data.
//!
//! Gold question-answer pairs and reference summaries ([`Dataset`]) are sent to pluggable
//! backends ([`Backend`]: built-in baselines, external programs, OpenAI-compatible servers,
//! recorded outputs); the outputs are scored with metrics implemented here — ROUGE exactly
//! as Google's rouge-score 0.1.2 ([`Rouge`]), SQuAD v2 exactly as the official script
//! ([`squad`]), goldeval's answer equivalence ([`answer_match`]) and fact metrics — and the
//! results are written as a run directory ([`RunDir`]) that [`check`](check_run) gates
//! against committed goldens and [`compare()`] compares item by item.
//!
//! Glossary:
//! - **document**: a source text of a dataset;
//! - **item**: one gold QA pair or one summarization item;
//! - **reference**: a gold summary; **answers**: the accepted surface forms of a gold answer;
//! - **backend**: anything that produces an output for an item;
//! - **run**: one evaluation of backends on a dataset, stored in a run directory;
//! - **signature**: the string that says exactly how a number was computed;
//! - **golden**: a committed baseline of one backend on one dataset.
//!
//! # The stable API
//!
//! The items re-exported at the crate root are the library's API: scoring text
//! ([`Rouge`], [`squad`], [`answer_match`]), running ([`Run`], [`Dataset`], [`Backend`]),
//! reading and judging runs ([`RunDir`], [`check_run`], [`compare()`]) and the error type
//! ([`Error`]). Everything else lives under [`unstable`]: goldeval's own binary, tests,
//! benches and Python bindings use it, and it may change in any release.
//!
//! ```
//! use goldeval::{Rouge, RougeType};
//!
//! // ROUGE exactly as rouge-score 0.1.2 with use_stemmer=True.
//! let rouge = Rouge::builder()
//!     .types([RougeType::N(1), RougeType::N(2), RougeType::Lsum])
//!     .stemmer(true)
//!     .build()?;
//! let scores = rouge.score(
//!     "Xi arrived in Moscow.\nTrade hit a record.",
//!     &["Xi Jinping arrived in Moscow on Wednesday.\nBilateral trade reached a record."],
//! );
//! assert!(scores[0].fmeasure > 0.5);
//! println!("{}", rouge.signature(RougeType::Lsum));
//! # Ok::<(), goldeval::RougeError>(())
//! ```

pub mod unstable;

#[cfg(test)]
pub(crate) use unstable::cli;
pub(crate) use unstable::{
    backend, check, compare, config, dataset, diagnostic, error, metrics, ordered_map, record,
    report, run, stats, text, warning,
};

pub mod squad;

pub use backend::{Backend, Output, Request, Response};
pub use check::{check_run, BackendCheck, Gates, Goldens};
pub use compare::{compare, Comparison, Settings, System};
pub use config::Threshold;
pub use dataset::{Dataset, Kind, Task};
pub use diagnostic::{Diagnostic, Diagnostics};
pub use error::{Error, Result};
pub use metrics::answer_match::{answer_match, Decision};
pub use metrics::{RefMode, Rouge, RougeBuilder, RougeError, RougeType, Score, Signature};
pub use record::golden::Golden;
pub use record::RunDir;
pub use run::{Outcome, Run};
pub use warning::Warning;
