//! ROUGE-N, ROUGE-L and ROUGE-Lsum exactly as Google's rouge-score 0.1.2 computes them.
//!
//! Mirrors `rouge_scorer.RougeScorer(types, use_stemmer).score(target, prediction)` and
//! `score_multi` (metrics-spec.md §1.4–1.8), implemented from that behavioural description:
//!
//! - tokens: [`Tokenizer::RougeScore`] (exact) or goldeval's [`Tokenizer::Unicode`];
//! - ROUGE-N: clipped n-gram overlap; ROUGE-L: LCS over whole texts; ROUGE-Lsum: union LCS
//!   per reference line with rouge-score's backtracking tie-break and token-count consumption;
//! - P = overlap / prediction count, R = overlap / reference count, F = 2PR/(P+R), all zeros
//!   when there is no overlap (which covers every empty case);
//! - several references: [`RefMode::Max`] is `score_multi` (per type, the reference with the
//!   best F, the first one on ties); [`RefMode::Mean`] is goldeval's own (mean of P, R and F
//!   over references, in reference order).
//!
//! Per-item sufficient statistics are available as [`Counts`] ([`Rouge::counts`]).

use std::fmt;
use std::str::FromStr;

use rayon::prelude::*;
use serde::Serialize;

use crate::metrics::rouge_engine::Engine;
use crate::metrics::signature::Signature;
use crate::text::tokenize::Tokenizer;

/// A ROUGE variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RougeType {
    /// ROUGE-N over n-grams, `1..=9` (rouge-score accepts `rouge1` … `rouge9` only).
    N(u8),
    /// ROUGE-L: LCS over the whole texts.
    L,
    /// ROUGE-Lsum: union LCS over newline-separated sentences.
    Lsum,
}

/// Why a ROUGE configuration or type name was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RougeError {
    /// Not `rouge1`…`rouge9`, `rougeL` or `rougeLsum` (case-sensitive, as rouge-score).
    InvalidType {
        /// The rejected name.
        name: String,
    },
    /// `rouge0` (rouge-score: "rougen requires positive n").
    ZeroN,
    /// The builder was given no types.
    NoTypes,
    /// A type was listed twice.
    Duplicate {
        /// The repeated type.
        rouge_type: RougeType,
    },
}

impl fmt::Display for RougeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RougeError::InvalidType { name } => write!(
                f,
                "invalid rouge type \"{name}\" (expected rouge1..rouge9, rougeL or rougeLsum)"
            ),
            RougeError::ZeroN => f.write_str("rouge0: rougeN requires a positive n"),
            RougeError::NoTypes => f.write_str("no rouge types given"),
            RougeError::Duplicate { rouge_type } => {
                write!(f, "rouge type {rouge_type} is listed twice")
            }
        }
    }
}

impl std::error::Error for RougeError {}

impl fmt::Display for RougeType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RougeType::N(n) => write!(f, "rouge{n}"),
            RougeType::L => f.write_str("rougeL"),
            RougeType::Lsum => f.write_str("rougeLsum"),
        }
    }
}

impl FromStr for RougeType {
    type Err = RougeError;

    /// Parses rouge-score's names: `rougeL`, `rougeLsum`, or `rouge` + one digit.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "rougeL" => return Ok(RougeType::L),
            "rougeLsum" => return Ok(RougeType::Lsum),
            _ => {}
        }
        match s.strip_prefix("rouge").map(str::as_bytes) {
            Some([b'0']) => Err(RougeError::ZeroN),
            Some(&[d]) if d.is_ascii_digit() => Ok(RougeType::N(d - b'0')),
            _ => Err(RougeError::InvalidType {
                name: s.to_string(),
            }),
        }
    }
}

/// How scores against several references are combined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RefMode {
    /// rouge-score's `score_multi`: per type, the reference with the highest F (first wins).
    #[default]
    Max,
    /// Mean of precision, recall and F over the references (goldeval's own option).
    Mean,
}

impl RefMode {
    /// The name used on the command line and in signatures.
    pub fn name(self) -> &'static str {
        match self {
            RefMode::Max => "max",
            RefMode::Mean => "mean",
        }
    }
}

impl FromStr for RefMode {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "max" => Ok(RefMode::Max),
            "mean" => Ok(RefMode::Mean),
            _ => Err(format!(
                "unknown reference mode \"{s}\" (expected max or mean)"
            )),
        }
    }
}

/// Precision, recall and F-measure of one ROUGE type for one item.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Score {
    /// Overlap over the prediction's count.
    pub precision: f64,
    /// Overlap over the reference's count.
    pub recall: f64,
    /// Harmonic mean `2PR/(P+R)`, 0 when `P+R` is 0.
    pub fmeasure: f64,
}

impl Score {
    /// Builds a score from P and R, computing F in rouge-score's operation order.
    pub fn from_pr(precision: f64, recall: f64) -> Self {
        let fmeasure = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        Score {
            precision,
            recall,
            fmeasure,
        }
    }
}

/// Sufficient statistics of one ROUGE type for one prediction × reference pair.
///
/// ROUGE-N: clipped n-gram overlap and the n-gram counts of each side. ROUGE-L: LCS length
/// and token counts. ROUGE-Lsum: union-LCS hits and token counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Counts {
    /// Matched n-grams, LCS length or union-LCS hits.
    pub overlap: u64,
    /// The prediction's n-gram or token count.
    pub prediction: u64,
    /// The reference's n-gram or token count.
    pub reference: u64,
}

impl Counts {
    /// P, R and F as rouge-score computes them (all zero when nothing overlaps).
    pub fn score(&self) -> Score {
        if self.overlap == 0 {
            return Score::default();
        }
        Score::from_pr(
            self.overlap as f64 / self.prediction as f64,
            self.overlap as f64 / self.reference as f64,
        )
    }
}

/// A text split into tokens by the caller, for [`Rouge::counts_pretokenized`]. Tokens are
/// ids (the caller interns them): equal ids are equal tokens.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pretokenized {
    /// The tokens of the whole text (ROUGE-N and ROUGE-L).
    pub tokens: Vec<u32>,
    /// The tokens of each sentence (ROUGE-Lsum); they need not concatenate to `tokens`.
    pub sentences: Vec<Vec<u32>>,
}

/// Spells token ids as hex words, one line per slice.
fn spell_ids(lines: &[Vec<u32>]) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        for (j, id) in line.iter().enumerate() {
            if j > 0 {
                out.push(' ');
            }
            // Writing to a String cannot fail.
            let _ = write!(out, "{id:x}");
        }
    }
    out
}

/// Builds a [`Rouge`] scorer.
#[derive(Debug, Clone)]
pub struct RougeBuilder {
    types: Vec<RougeType>,
    stemmer: bool,
    tokenizer: Tokenizer,
    refs: RefMode,
}

impl RougeBuilder {
    /// The ROUGE types to compute, in output order.
    #[must_use]
    pub fn types(mut self, types: impl IntoIterator<Item = RougeType>) -> Self {
        self.types = types.into_iter().collect();
        self
    }

    /// Porter stemming (rouge-score's `use_stemmer`), off by default as in rouge-score.
    #[must_use]
    pub fn stemmer(mut self, on: bool) -> Self {
        self.stemmer = on;
        self
    }

    /// The tokenizer ([`Tokenizer::RougeScore`] by default).
    #[must_use]
    pub fn tokenizer(mut self, tokenizer: Tokenizer) -> Self {
        self.tokenizer = tokenizer;
        self
    }

    /// How several references combine ([`RefMode::Max`] by default).
    #[must_use]
    pub fn refs(mut self, refs: RefMode) -> Self {
        self.refs = refs;
        self
    }

    /// Checks the configuration.
    ///
    /// # Errors
    /// [`RougeError::NoTypes`], [`RougeError::Duplicate`], or [`RougeError::ZeroN`] /
    /// [`RougeError::InvalidType`] for an `N` outside `1..=9`.
    pub fn build(self) -> Result<Rouge, RougeError> {
        if self.types.is_empty() {
            return Err(RougeError::NoTypes);
        }
        for (i, t) in self.types.iter().enumerate() {
            match *t {
                RougeType::N(0) => return Err(RougeError::ZeroN),
                RougeType::N(n) if n > 9 => {
                    return Err(RougeError::InvalidType {
                        name: t.to_string(),
                    })
                }
                _ => {}
            }
            if self.types[..i].contains(t) {
                return Err(RougeError::Duplicate { rouge_type: *t });
            }
        }
        Ok(Rouge {
            types: self.types,
            stemmer: self.stemmer,
            tokenizer: self.tokenizer,
            refs: self.refs,
        })
    }
}

/// A configured ROUGE scorer; cheap to share across threads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rouge {
    types: Vec<RougeType>,
    stemmer: bool,
    tokenizer: Tokenizer,
    refs: RefMode,
}

impl Rouge {
    /// A builder with rouge-score's defaults (no stemmer, its tokenizer, `max` over refs)
    /// and no types yet.
    pub fn builder() -> RougeBuilder {
        RougeBuilder {
            types: Vec::new(),
            stemmer: false,
            tokenizer: Tokenizer::RougeScore,
            refs: RefMode::Max,
        }
    }

    /// The types, in the order of every returned vector.
    pub fn types(&self) -> &[RougeType] {
        &self.types
    }

    /// Whether the Porter stemmer is on.
    pub fn stemmer(&self) -> bool {
        self.stemmer
    }

    /// The tokenizer.
    pub fn tokenizer(&self) -> Tokenizer {
        self.tokenizer
    }

    /// The reference mode.
    pub fn ref_mode(&self) -> RefMode {
        self.refs
    }

    /// Scores `prediction` against `references`; one [`Score`] per type, parallel to
    /// [`Rouge::types`]. The prediction is tokenized once per call.
    ///
    /// Note the order: the prediction comes first. rouge-score's `score(target, prediction)`
    /// puts the reference first; code ported from it should call [`Rouge::score_target`],
    /// which keeps that order (a swap exchanges precision and recall without any error).
    ///
    /// An empty `references` slice scores like one empty reference (all zeros);
    /// rouge-score's `score_multi` raises instead, and the CLI rejects such items.
    ///
    /// ```
    /// use goldeval::{Rouge, RougeType};
    /// let rouge = Rouge::builder().types([RougeType::N(1), RougeType::L]).build()?;
    /// let scores = rouge.score("the cat sat", &["the cat sat down"]);
    /// assert_eq!(scores[0].precision, 1.0);
    /// assert_eq!(scores[0].recall, 0.75);
    /// # Ok::<(), goldeval::RougeError>(())
    /// ```
    pub fn score(&self, prediction: &str, references: &[&str]) -> Vec<Score> {
        let counts = self.counts(prediction, references);
        counts.iter().map(|per_ref| self.combine(per_ref)).collect()
    }

    /// rouge-score's `score(target, prediction)`, in its argument order: the reference
    /// first. The same numbers as [`Rouge::score`]`(prediction, &[target])`.
    ///
    /// ```
    /// use goldeval::{Rouge, RougeType};
    /// let rouge = Rouge::builder().types([RougeType::N(1)]).build()?;
    /// let ported = rouge.score_target("the cat sat down", "the cat sat");
    /// assert_eq!(ported, rouge.score("the cat sat", &["the cat sat down"]));
    /// assert_eq!(ported[0].recall, 0.75);
    /// # Ok::<(), goldeval::RougeError>(())
    /// ```
    pub fn score_target(&self, target: &str, prediction: &str) -> Vec<Score> {
        self.score(prediction, &[target])
    }

    /// Sufficient statistics: for each type (outer, parallel to [`Rouge::types`]) the
    /// [`Counts`] against each reference (inner, in reference order).
    pub fn counts(&self, prediction: &str, references: &[&str]) -> Vec<Vec<Counts>> {
        let references = if references.is_empty() {
            &[""][..]
        } else {
            references
        };
        Engine::run(self, prediction, references)
    }

    /// Combines one type's per-reference counts with the configured [`RefMode`].
    pub fn combine(&self, per_ref: &[Counts]) -> Score {
        match self.refs {
            RefMode::Max => Rouge::best_reference(per_ref)
                .map(|i| per_ref[i].score())
                .unwrap_or_default(),
            RefMode::Mean => {
                let (mut p, mut r, mut f) = (0.0, 0.0, 0.0);
                for s in per_ref.iter().map(Counts::score) {
                    p += s.precision;
                    r += s.recall;
                    f += s.fmeasure;
                }
                let k = per_ref.len().max(1) as f64;
                Score {
                    precision: p / k,
                    recall: r / k,
                    fmeasure: f / k,
                }
            }
        }
    }

    /// The index of the reference [`RefMode::Max`] keeps: the first one with the highest F
    /// (rouge-score's `np.argmax` over the per-reference F); `None` for no references.
    pub fn best_reference(per_ref: &[Counts]) -> Option<usize> {
        let mut best: Option<(usize, f64)> = None;
        for (i, counts) in per_ref.iter().enumerate() {
            let f = counts.score().fmeasure;
            if best.is_none_or(|(_, top)| f > top) {
                best = Some((i, f));
            }
        }
        best.map(|(i, _)| i)
    }

    /// [`Rouge::counts`] for texts the caller has already tokenized (rouge-score's
    /// `tokenizer=` objects, which goldeval cannot run itself). The tokenizer and stemmer
    /// settings of this scorer are not used.
    ///
    /// Tokens are ids: equal ids are equal tokens. ROUGE-N and ROUGE-L use
    /// [`Pretokenized::tokens`], ROUGE-Lsum uses [`Pretokenized::sentences`], as rouge-score
    /// tokenizes the whole text and each sentence separately. An empty `references` slice
    /// counts like one empty reference, as in [`Rouge::counts`].
    pub fn counts_pretokenized(
        &self,
        prediction: &Pretokenized,
        references: &[Pretokenized],
    ) -> Vec<Vec<Counts>> {
        let empty = [Pretokenized::default()];
        let references = if references.is_empty() {
            &empty[..]
        } else {
            references
        };
        // The engine only compares tokens for identity, so each id is spelled as a lowercase
        // hex word, which the rouge-score tokenizer keeps as it is (no stemming), and each
        // sentence as a line.
        let plain = |types: Vec<RougeType>| Rouge {
            types,
            stemmer: false,
            tokenizer: Tokenizer::RougeScore,
            refs: self.refs,
        };
        let run = |types: Vec<RougeType>, text: fn(&Pretokenized) -> String| {
            let refs: Vec<String> = references.iter().map(text).collect();
            let refs: Vec<&str> = refs.iter().map(String::as_str).collect();
            Engine::run(&plain(types), &text(prediction), &refs)
        };
        let whole: Vec<RougeType> = self
            .types
            .iter()
            .copied()
            .filter(|&t| t != RougeType::Lsum)
            .collect();
        let mut whole = if whole.is_empty() {
            Vec::new()
        } else {
            run(whole, |p| spell_ids(std::slice::from_ref(&p.tokens)))
        }
        .into_iter();
        let mut lsum = if self.types.contains(&RougeType::Lsum) {
            run(vec![RougeType::Lsum], |p| spell_ids(&p.sentences))
        } else {
            Vec::new()
        }
        .into_iter();
        self.types
            .iter()
            .map(|&t| {
                let next = if t == RougeType::Lsum {
                    lsum.next()
                } else {
                    whole.next()
                };
                next.unwrap_or_default()
            })
            .collect()
    }

    /// Scores many items in parallel on the current rayon pool, keeping their order.
    /// Each item is `(prediction, references)`.
    pub fn score_batch<P, R>(&self, items: &[(P, Vec<R>)]) -> Vec<Vec<Score>>
    where
        P: AsRef<str> + Sync,
        R: AsRef<str> + Sync,
    {
        items
            .par_iter()
            .map(|(prediction, references)| {
                let refs: Vec<&str> = references.iter().map(AsRef::as_ref).collect();
                self.score(prediction.as_ref(), &refs)
            })
            .collect()
    }

    /// The signature of type `t` with mean aggregation, e.g.
    /// `rougeLsum|tok:rouge-score|stem:porter|refs:max|agg:mean|goldeval:VERSION`.
    pub fn signature(&self, t: RougeType) -> Signature {
        self.base_signature(t).with("agg", "mean")
    }

    /// The signature of type `t` for a bootstrap interval (rouge-score's
    /// `BootstrapAggregator`: median of resampled means, 2.5/97.5 percentiles).
    pub fn bootstrap_signature(&self, t: RougeType, samples: usize, seed: u32) -> Signature {
        self.base_signature(t)
            .with("agg", "bootstrap")
            .with("bs", samples)
            .with("rs", seed)
            .with("level", "0.95")
    }

    fn base_signature(&self, t: RougeType) -> Signature {
        Signature::new(t.to_string())
            .with("tok", self.tokenizer.name())
            .with("stem", if self.stemmer { "porter" } else { "none" })
            .with("refs", self.refs.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rouge(types: &[&str], stem: bool) -> Rouge {
        Rouge::builder()
            .types(types.iter().map(|t| t.parse().unwrap()))
            .stemmer(stem)
            .build()
            .unwrap()
    }

    fn prf(s: Score) -> (f64, f64, f64) {
        (s.precision, s.recall, s.fmeasure)
    }

    #[test]
    fn type_names_follow_rouge_score_validation() {
        assert_eq!("rouge1".parse(), Ok(RougeType::N(1)));
        assert_eq!("rouge9".parse(), Ok(RougeType::N(9)));
        assert_eq!("rougeLsum".parse(), Ok(RougeType::Lsum));
        assert_eq!("rouge0".parse::<RougeType>(), Err(RougeError::ZeroN));
        for bad in [
            "rouge10",
            "ROUGE1",
            "rougel",
            "rouge",
            "rougeLSum",
            "rouge1 ",
        ] {
            assert!(bad.parse::<RougeType>().is_err(), "{bad}");
        }
        for t in ["rouge1", "rouge9", "rougeL", "rougeLsum"] {
            assert_eq!(t.parse::<RougeType>().unwrap().to_string(), t);
        }
    }

    #[test]
    fn builder_rejects_empty_duplicate_and_out_of_range_types() {
        assert_eq!(Rouge::builder().build(), Err(RougeError::NoTypes));
        let dup = Rouge::builder().types([RougeType::L, RougeType::L]).build();
        assert!(matches!(dup, Err(RougeError::Duplicate { .. })));
        assert!(Rouge::builder().types([RougeType::N(10)]).build().is_err());
    }

    // Expected values: rouge-score 0.1.2, metrics-spec.md §1.4–1.8 [ran].
    #[test]
    fn clipped_counts_and_short_sides_match_rouge_score() {
        let r = rouge(&["rouge1", "rouge2"], false);
        let s = r.score("the the the the", &["the cat"]);
        assert_eq!(prf(s[0]), (0.25, 0.5, 2.0 * 0.25 * 0.5 / 0.75));
        assert_eq!(prf(s[1]), (0.0, 0.0, 0.0));
        let s = r.score("moscow", &["moscow"]);
        assert_eq!(prf(s[0]), (1.0, 1.0, 1.0));
        assert_eq!(prf(s[1]), (0.0, 0.0, 0.0));
        let s = r.score("", &[""]);
        assert_eq!(prf(s[0]), (0.0, 0.0, 0.0));
    }

    #[test]
    fn lsum_tie_break_and_consumption_match_rouge_score() {
        let r = rouge(&["rougeL", "rougeLsum"], false);
        let s = r.score("b a\nb", &["a b"]);
        assert_eq!(prf(s[1]), (2.0 / 3.0, 1.0, 0.8));
        let s = r.score("a\nb a", &["a b"]);
        assert_eq!(prf(s[1]), (1.0 / 3.0, 0.5, 0.4));
        let s = r.score("a\na", &["a a"]);
        assert_eq!(prf(s[1]), (0.5, 0.5, 0.5));
        let s = r.score("a b", &["a b\na b"]);
        assert_eq!((s[1].precision, s[1].recall), (1.0, 0.5));
    }

    #[test]
    fn readme_example_matches_rouge_score_with_stemmer() {
        let r = rouge(&["rouge1", "rouge2", "rougeL"], true);
        let s = r.score(
            "The quick brown dog jumps on the log.",
            &["The quick brown fox jumps over the lazy dog"],
        );
        assert_eq!((s[0].precision, s[0].recall), (0.75, 6.0 / 9.0));
        assert_eq!((s[1].precision, s[1].recall), (2.0 / 7.0, 0.25));
        assert_eq!((s[2].precision, s[2].recall), (0.625, 5.0 / 9.0));
    }

    #[test]
    fn max_picks_best_f_per_type_and_first_on_ties() {
        let r = rouge(&["rouge1", "rouge2"], false);
        let s = r.score(
            "xi putin moscow kremlin",
            &["moscow kremlin talks", "xi putin talks moscow"],
        );
        assert_eq!((s[0].fmeasure, s[1].fmeasure), (0.75, 0.4));
        let s = r.score("a b", &["a b c d", "a"]);
        assert_eq!((s[0].precision, s[0].recall), (1.0, 0.5));
        let s = r.score("a b", &["a", "a b c d"]);
        assert_eq!((s[0].precision, s[0].recall), (0.5, 1.0));
    }

    #[test]
    fn mean_averages_precision_recall_and_f_over_references() {
        let r = Rouge::builder()
            .types([RougeType::N(1)])
            .refs(RefMode::Mean)
            .build()
            .unwrap();
        let s = r.score("a b", &["a", "c"]);
        assert_eq!(prf(s[0]), (0.25, 0.5, (2.0 * 0.5 * 1.0 / 1.5) / 2.0));
    }

    #[test]
    fn counts_expose_sufficient_statistics() {
        let r = rouge(&["rouge2", "rougeL"], false);
        let c = r.counts("a b c", &["a b d", "x"]);
        assert_eq!(
            c[0][0],
            Counts {
                overlap: 1,
                prediction: 2,
                reference: 2
            }
        );
        assert_eq!(c[1][1].overlap, 0);
        assert_eq!(c[1][0].overlap, 2);
    }

    #[test]
    fn signature_names_every_setting() {
        let r = Rouge::builder()
            .types([RougeType::Lsum])
            .stemmer(true)
            .build()
            .unwrap();
        let sig = r.signature(RougeType::Lsum).to_string();
        assert!(
            sig.starts_with("rougeLsum|tok:rouge-score|stem:porter|refs:max|agg:mean|goldeval:"),
            "{sig}"
        );
        let bs = r.bootstrap_signature(RougeType::Lsum, 1000, 7).to_string();
        assert!(
            bs.contains("|agg:bootstrap|bs:1000|rs:7|level:0.95|"),
            "{bs}"
        );
    }

    /// The ids of `text`'s rouge-score tokens, whole and per line, from one shared table.
    fn pretokenize(text: &str, table: &mut Vec<String>) -> Pretokenized {
        let mut ids = |t: &str| {
            let tokens = Tokenizer::RougeScore.tokenize(t, false);
            tokens
                .into_iter()
                .map(|tok| match table.iter().position(|x| *x == tok) {
                    Some(i) => i as u32,
                    None => {
                        table.push(tok);
                        table.len() as u32 - 1
                    }
                })
                .collect::<Vec<u32>>()
        };
        Pretokenized {
            tokens: ids(text),
            sentences: text.split('\n').map(&mut ids).collect(),
        }
    }

    // Issue 15: the Python drop-in scores rouge-score `tokenizer=` objects through this.
    #[test]
    fn pretokenized_counts_equal_counts_of_the_same_tokens() {
        let r = rouge(&["rouge1", "rouge2", "rougeL", "rougeLsum"], false);
        let (pred, refs) = ("b a c\nb\n\na d a", ["a b c d\na", "d d\nc a b", ""]);
        let mut table = Vec::new();
        let p = pretokenize(pred, &mut table);
        let q: Vec<Pretokenized> = refs.iter().map(|t| pretokenize(t, &mut table)).collect();
        assert_eq!(r.counts_pretokenized(&p, &q), r.counts(pred, &refs));
        assert_eq!(
            r.counts_pretokenized(&p, &[]),
            r.counts(pred, &[] as &[&str])
        );
    }

    #[test]
    fn pretokenized_sentences_need_not_match_the_whole_tokens() {
        let r = rouge(&["rougeLsum", "rouge1"], false);
        let big = u32::MAX;
        let p = Pretokenized {
            tokens: vec![1, 2],
            sentences: vec![vec![big, 7], vec![]],
        };
        let q = Pretokenized {
            tokens: vec![2, 9],
            sentences: vec![vec![7, big, 7]],
        };
        let c = r.counts_pretokenized(&p, &[q]);
        assert_eq!(
            (c[0][0].overlap, c[0][0].prediction, c[0][0].reference),
            (2, 2, 3)
        );
        assert_eq!((c[1][0].overlap, c[1][0].prediction), (1, 2));
    }

    #[test]
    fn best_reference_is_the_first_highest_f() {
        let c = |overlap, prediction, reference| Counts {
            overlap,
            prediction,
            reference,
        };
        assert_eq!(Rouge::best_reference(&[]), None);
        assert_eq!(Rouge::best_reference(&[c(0, 1, 1), c(0, 2, 2)]), Some(0));
        assert_eq!(
            Rouge::best_reference(&[c(1, 2, 4), c(1, 2, 2), c(2, 4, 4)]),
            Some(1)
        );
    }

    #[test]
    fn batch_keeps_input_order() {
        let r = rouge(&["rouge1"], false);
        let items: Vec<(String, Vec<String>)> = (0..200)
            .map(|i| (format!("w{i} x"), vec![format!("w{i}")]))
            .collect();
        let out = r.score_batch(&items);
        assert_eq!(out.len(), 200);
        assert!(out
            .iter()
            .all(|s| (s[0].recall, s[0].precision) == (1.0, 0.5)));
    }
}
