//! The counting engine behind `Rouge` (`metrics::rouge`, which imports this module; this
//! module does not import it, issue 13): one call tokenizes the
//! prediction once, then computes [`Counts`] for every type against every reference.
//!
//! Routes (all produce rouge-score 0.1.2's integers, metrics-spec.md §1.4–1.6):
//! - ROUGE-1: per-id count arrays; the clipped overlap is the number of reference tokens
//!   that can consume a remaining prediction count;
//! - ROUGE-N, N ≥ 2: n-grams packed into `u64` keys (or compared as slices when they do not
//!   fit), sorted, and merged run by run, adding `min(count_pred, count_ref)`;
//! - ROUGE-L: bit-parallel LCS length with the prediction as the pattern;
//! - ROUGE-Lsum: per reference line, the union of the tie-break LCS indices against every
//!   prediction line (all lines at once with [`SentenceMasks`] when each has at most 64
//!   tokens, else line by line with [`mark_union_lcs`]), walked in index order, consuming
//!   prediction and reference token counts.
//!
//! Scratch buffers live in a thread-local, so steady-state scoring does not allocate.
//! [`Engine::prepare`] tokenizes one item; [`Engine::counts`] then gives each type's counts.

use std::cell::RefCell;

use crate::metrics::lcs::{lcs_len, mark_union_lcs, PatternMasks};
use crate::metrics::rouge_types::{Counts, RougeType};
use crate::metrics::token_ids::{Interner, Seq};
use crate::metrics::union_lcs::SentenceMasks;
use crate::text::tokenize::Tokenizer;

/// Reusable per-thread state of the engine.
#[derive(Default)]
pub(crate) struct Engine {
    interner: Interner,
    pred: Seq,
    /// Tokenized references; only the first `n_refs` belong to the current item (the rest
    /// keep their allocations for later items).
    refs: Vec<Seq>,
    n_refs: usize,
    pred_distinct: usize,
    alphabet: usize,
    pred_count: Vec<u32>,
    work: Vec<u32>,
    ref_left: Vec<u32>,
    pred_keys: Vec<u64>,
    ref_keys: Vec<u64>,
    whole: PatternMasks,
    sentences: Vec<PatternMasks>,
    short: SentenceMasks,
    all_short: bool,
    v: Vec<u64>,
    history: Vec<u64>,
    marks: Vec<bool>,
    per_ref: Vec<Counts>,
}

thread_local! {
    static ENGINE: RefCell<Engine> = RefCell::new(Engine::default());
}

impl Engine {
    /// Runs `f` on this thread's engine (or a fresh one if it is already in use).
    pub fn with<T>(f: impl FnOnce(&mut Engine) -> T) -> T {
        ENGINE.with(|cell| match cell.try_borrow_mut() {
            Ok(mut engine) => f(&mut engine),
            Err(_) => f(&mut Engine::default()),
        })
    }

    /// Tokenizes the prediction and the references with `tokenizer` (Porter-stemmed when
    /// `stem`) for [`Engine::counts`]; no references count as one empty reference.
    pub fn prepare<'r>(
        &mut self,
        tokenizer: Tokenizer,
        stem: bool,
        prediction: &str,
        references: impl IntoIterator<Item = &'r str>,
    ) {
        self.interner.begin();
        self.interner
            .encode(tokenizer, stem, prediction, &mut self.pred);
        self.pred_distinct = self.interner.distinct();
        let mut n = 0;
        for text in references {
            if n == self.refs.len() {
                self.refs.push(Seq::default());
            }
            self.interner
                .encode(tokenizer, stem, text, &mut self.refs[n]);
            n += 1;
        }
        if n == 0 {
            if self.refs.is_empty() {
                self.refs.push(Seq::default());
            }
            self.interner.encode(tokenizer, stem, "", &mut self.refs[0]);
            n = 1;
        }
        self.n_refs = n;
        self.alphabet = self.interner.distinct();
        self.pred_count.clear();
        self.pred_count.resize(self.alphabet, 0);
        for &t in &self.pred.ids {
            self.pred_count[t as usize] += 1;
        }
        self.work.clear();
        self.work.resize(self.alphabet, 0);
        self.ref_left.clear();
        self.ref_left.resize(self.alphabet, 0);
    }

    /// The [`Counts`] of type `t` against each prepared reference, in reference order.
    pub fn counts(&mut self, t: RougeType) -> &[Counts] {
        self.per_ref.clear();
        match t {
            RougeType::N(1) => self.unigrams(),
            RougeType::N(n) => self.ngrams(usize::from(n)),
            RougeType::L => self.lcs(),
            RougeType::Lsum => self.lsum(),
        }
        &self.per_ref
    }

    fn unigrams(&mut self) {
        self.work.iter_mut().for_each(|w| *w = 0);
        for r in &self.refs[..self.n_refs] {
            let mut overlap = 0;
            for &t in &r.ids {
                let t = t as usize;
                if self.work[t] < self.pred_count[t] {
                    self.work[t] += 1;
                    overlap += 1;
                }
            }
            for &t in &r.ids {
                self.work[t as usize] = 0;
            }
            self.per_ref.push(Counts {
                overlap,
                prediction: self.pred.ids.len() as u64,
                reference: r.ids.len() as u64,
            });
        }
    }

    fn ngrams(&mut self, n: usize) {
        let grams = |len: usize| len.saturating_sub(n - 1) as u64;
        let bits = usize::BITS - self.alphabet.max(2).saturating_sub(1).leading_zeros();
        let packable = n * bits as usize <= 64;
        if packable {
            pack_ngrams(&self.pred.ids, n, bits, &mut self.pred_keys);
        }
        for r in &self.refs[..self.n_refs] {
            let overlap = if packable {
                pack_ngrams(&r.ids, n, bits, &mut self.ref_keys);
                sorted_overlap(&self.pred_keys, &self.ref_keys)
            } else {
                let mut p: Vec<&[u32]> = self.pred.ids.windows(n).collect();
                let mut q: Vec<&[u32]> = r.ids.windows(n).collect();
                p.sort_unstable();
                q.sort_unstable();
                sorted_overlap(&p, &q)
            };
            self.per_ref.push(Counts {
                overlap,
                prediction: grams(self.pred.ids.len()),
                reference: grams(r.ids.len()),
            });
        }
    }

    fn lcs(&mut self) {
        self.whole.rebuild(&self.pred.ids, self.pred_distinct);
        for r in &self.refs[..self.n_refs] {
            self.per_ref.push(Counts {
                overlap: lcs_len(&self.whole, &r.ids, &mut self.v) as u64,
                prediction: self.pred.ids.len() as u64,
                reference: r.ids.len() as u64,
            });
        }
    }

    fn lsum(&mut self) {
        self.all_short = self.short.rebuild(&self.pred, self.pred_distinct);
        if !self.all_short {
            let n_sent = self.pred.sentence_ends.len();
            self.sentences.resize_with(n_sent, PatternMasks::default);
            for (masks, sentence) in self.sentences.iter_mut().zip(self.pred.sentences()) {
                masks.rebuild(sentence, self.pred_distinct);
            }
        }
        let refs = std::mem::take(&mut self.refs);
        for r in &refs[..self.n_refs] {
            let hits = if self.pred.ids.is_empty() || r.ids.is_empty() {
                0
            } else {
                self.lsum_hits(r)
            };
            self.per_ref.push(Counts {
                overlap: hits,
                prediction: self.pred.ids.len() as u64,
                reference: r.ids.len() as u64,
            });
        }
        self.refs = refs;
    }

    /// Union-LCS hits of one reference, consuming token counts (rouge-score's
    /// `_summary_level_lcs`).
    fn lsum_hits(&mut self, r: &Seq) -> u64 {
        self.work.copy_from_slice(&self.pred_count);
        for &t in &r.ids {
            self.ref_left[t as usize] += 1;
        }
        let mut hits = 0;
        for ref_sentence in r.sentences() {
            self.marks.clear();
            self.marks.resize(ref_sentence.len(), false);
            if self.all_short {
                self.short.mark(
                    ref_sentence,
                    &self.pred,
                    self.pred_distinct,
                    &mut self.marks,
                );
            } else {
                for (masks, cand) in self.sentences.iter().zip(self.pred.sentences()) {
                    mark_union_lcs(
                        ref_sentence,
                        cand,
                        masks,
                        &mut self.history,
                        &mut self.marks,
                    );
                }
            }
            for (&w, _) in ref_sentence.iter().zip(&self.marks).filter(|(_, &m)| m) {
                let w = w as usize;
                if self.work[w] > 0 && self.ref_left[w] > 0 {
                    hits += 1;
                    self.work[w] -= 1;
                    self.ref_left[w] -= 1;
                }
            }
        }
        for &t in &r.ids {
            self.ref_left[t as usize] = 0;
        }
        hits
    }
}

/// Packs each n-gram of `ids` into one `u64` (`bits` per id) and sorts the keys.
fn pack_ngrams(ids: &[u32], n: usize, bits: u32, keys: &mut Vec<u64>) {
    keys.clear();
    if ids.len() >= n {
        keys.extend(
            ids.windows(n)
                .map(|w| w.iter().fold(0u64, |k, &id| (k << bits) | u64::from(id))),
        );
    }
    keys.sort_unstable();
}

/// `Σ_g min(count_a(g), count_b(g))` over two sorted multisets.
fn sorted_overlap<T: Ord>(a: &[T], b: &[T]) -> u64 {
    let (mut i, mut j, mut overlap) = (0, 0, 0u64);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                let (si, sj) = (i, j);
                while i < a.len() && a[i] == a[si] {
                    i += 1;
                }
                while j < b.len() && b[j] == b[sj] {
                    j += 1;
                }
                overlap += (i - si).min(j - sj) as u64;
            }
        }
    }
    overlap
}

#[cfg(test)]
mod tests {
    use super::sorted_overlap;

    #[test]
    fn sorted_overlap_is_the_clipped_multiset_intersection() {
        assert_eq!(sorted_overlap(&[1, 1, 2, 5, 5, 5], &[1, 5, 5, 7]), 3);
        assert_eq!(sorted_overlap::<u8>(&[], &[1]), 0);
    }
}
