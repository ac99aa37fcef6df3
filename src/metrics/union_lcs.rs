//! ROUGE-Lsum's union LCS against all prediction sentences at once, when every prediction
//! sentence fits one 64-bit word (at most 64 tokens, the usual case).
//!
//! [`crate::metrics::lcs::mark_union_lcs`] handles one reference sentence × one prediction
//! sentence. Here the masks are laid out symbol-major (`masks[sym * n + k]` for prediction
//! sentence `k`), so one reference token advances the bit-parallel LCS rows of all `n`
//! prediction sentences in one straight loop over `n` words. Reference tokens absent from the
//! prediction leave every row unchanged, and rouge-score's backtracking always moves up
//! through such rows, so they get no row at all. The backtracking itself is the same walk as
//! `mark_union_lcs` (diagonal on a match, left only when `L[i][j-1] > L[i-1][j]`, else up),
//! reading table values from the stored rows.

use crate::metrics::token_ids::Seq;

/// Mask of the low `j` bits (`j ≤ 64`).
#[inline]
fn low(j: usize) -> u64 {
    if j >= 64 {
        u64::MAX
    } else {
        (1u64 << j) - 1
    }
}

/// Ones among the low `j` bits of `v`.
#[inline]
fn ones(v: u64, j: usize) -> usize {
    (v & low(j)).count_ones() as usize
}

/// Symbol-major single-word masks of the prediction's sentences, and scratch space.
#[derive(Debug, Default)]
pub(crate) struct SentenceMasks {
    n: usize,
    masks: Vec<u64>,
    history: Vec<u64>,
    rows: Vec<u32>,
}

impl SentenceMasks {
    /// Builds the masks of `prediction`'s sentences for symbols `0..alphabet`. Returns false
    /// (and builds nothing) when a sentence is longer than 64 tokens.
    pub fn rebuild(&mut self, prediction: &Seq, alphabet: usize) -> bool {
        if prediction.sentences().any(|s| s.len() > 64) {
            return false;
        }
        let n = prediction.sentence_ends.len();
        self.n = n;
        self.masks.clear();
        self.masks.resize(alphabet * n, 0);
        for (k, sentence) in prediction.sentences().enumerate() {
            for (j, &sym) in sentence.iter().enumerate() {
                self.masks[sym as usize * n + k] |= 1 << j;
            }
        }
        true
    }

    /// Marks in `marks` the positions of `reference` (one reference sentence) on the LCS with
    /// each of `prediction`'s sentences that rouge-score's backtracking selects. Symbols at
    /// or above `alphabet` do not occur in the prediction.
    pub fn mark(
        &mut self,
        reference: &[u32],
        prediction: &Seq,
        alphabet: usize,
        marks: &mut [bool],
    ) {
        let n = self.n;
        self.rows.clear();
        self.history.clear();
        self.history.resize(n, u64::MAX);
        for (i, &sym) in reference.iter().enumerate() {
            let sym = sym as usize;
            if sym >= alphabet {
                continue;
            }
            self.rows.push(i as u32);
            let start = self.history.len();
            self.history.extend_from_within(start - n..start);
            let cur = &mut self.history[start..];
            let m = &self.masks[sym * n..(sym + 1) * n];
            for (v, &mk) in cur.iter_mut().zip(m) {
                *v = v.wrapping_add(*v & mk) | (*v & !mk);
            }
        }
        let last = self.rows.len();
        if last == 0 {
            return;
        }
        let (history, rows) = (&self.history, &self.rows);
        for (k, candidate) in prediction.sentences().enumerate() {
            let b = candidate.len();
            let row = |r: usize| history[r * n + k];
            if ones(row(last), b) == b {
                continue;
            }
            // `lc` = L[r][j] and `lu` = L[r-1][j]; a move left updates both from one bit of
            // each row, so only moves up need a popcount.
            let zero_at = |v: u64, j: usize| 1 - ((v >> (j - 1)) & 1) as usize;
            let (mut r, mut j) = (last, b);
            let mut lc = b - ones(row(r), b);
            let mut lu = b - ones(row(r - 1), b);
            while r > 0 && j > 0 {
                let i = rows[r - 1] as usize;
                if reference[i] == candidate[j - 1] {
                    marks[i] = true;
                    lc = lu - zero_at(row(r - 1), j);
                    r -= 1;
                    j -= 1;
                } else {
                    let left = lc - zero_at(row(r), j);
                    if left > lu {
                        lc = left;
                        lu -= zero_at(row(r - 1), j);
                        j -= 1;
                        continue;
                    }
                    lc = lu;
                    r -= 1;
                }
                if r > 0 {
                    lu = j - ones(row(r - 1), j);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::SentenceMasks;
    use crate::metrics::lcs::naive_lcs_indices;
    use crate::metrics::token_ids::Seq;

    fn xorshift(state: &mut u64) -> u64 {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        *state
    }

    #[test]
    fn all_sentences_at_once_equal_the_plain_dp_per_sentence() {
        let mut state = 0x2545_F491_4F6C_DD1D;
        let mut masks = SentenceMasks::default();
        for _ in 0..3000 {
            let alphabet = 2 + (xorshift(&mut state) % 8) as usize;
            let mut pred = Seq::default();
            for _ in 0..xorshift(&mut state) % 5 {
                let len = 1 + xorshift(&mut state) % 64;
                for _ in 0..len {
                    pred.ids
                        .push((xorshift(&mut state) % alphabet as u64) as u32);
                }
                pred.sentence_ends.push(pred.ids.len());
            }
            // Reference symbols may exceed the prediction's alphabet (absent tokens).
            let len = xorshift(&mut state) % 40;
            let reference: Vec<u32> = (0..len)
                .map(|_| (xorshift(&mut state) % (alphabet as u64 + 3)) as u32)
                .collect();
            assert!(masks.rebuild(&pred, alphabet));
            let mut marks = vec![false; reference.len()];
            masks.mark(&reference, &pred, alphabet, &mut marks);
            let mut expected = vec![false; reference.len()];
            for sentence in pred.sentences() {
                for i in naive_lcs_indices(&reference, sentence) {
                    expected[i] = true;
                }
            }
            assert_eq!(marks, expected, "{reference:?} {pred:?}");
        }
    }

    #[test]
    fn sentences_longer_than_a_word_are_refused() {
        let pred = Seq {
            ids: vec![0; 65],
            sentence_ends: vec![65],
        };
        assert!(!SentenceMasks::default().rebuild(&pred, 1));
    }
}
