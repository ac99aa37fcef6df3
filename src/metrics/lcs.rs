//! Longest common subsequence for ROUGE-L and ROUGE-Lsum, bit-parallel.
//!
//! The length uses the bit-vector recurrence of Allison–Dix / Hyyrö (2004): one bit per
//! pattern position, `V' = (V + (V & M)) | (V & !M)`, where a zero bit at position `j` of the
//! vector after `i` text symbols means the DP row grows there, so
//! `L[i][j] = zeros among the low j bits of V_i`.
//!
//! ROUGE-Lsum needs more than the length: rouge-score 0.1.2 (`_union_lcs`, metrics-spec.md
//! §1.6) backtracks through the DP table from the bottom-right corner, taking the diagonal on
//! a match, else moving left (`j-1`) only when `L[i][j-1] > L[i-1][j]` strictly, else up
//! (`i-1`). [`mark_union_lcs`] keeps every `V_i` and reproduces exactly that walk, reading
//! table values back from the stored vectors, so the selected reference indices are the
//! reference's, bit for bit. [`naive_lcs_indices`] is the plain DP, kept for tests.

/// Per-symbol match masks of a pattern (one bit per pattern position).
#[derive(Debug, Default, Clone)]
pub(crate) struct PatternMasks {
    words: usize,
    len: usize,
    alphabet: usize,
    masks: Vec<u64>,
}

impl PatternMasks {
    /// Builds masks of `pattern` for symbols `0..alphabet` (larger symbols never match).
    #[cfg(test)]
    pub fn new(pattern: &[u32], alphabet: usize) -> Self {
        let mut p = PatternMasks::default();
        p.rebuild(pattern, alphabet);
        p
    }

    /// Rebuilds in place, reusing the allocation.
    pub fn rebuild(&mut self, pattern: &[u32], alphabet: usize) {
        self.len = pattern.len();
        self.words = pattern.len().div_ceil(64).max(1);
        self.alphabet = alphabet;
        self.masks.clear();
        self.masks.resize(alphabet * self.words, 0);
        for (j, &sym) in pattern.iter().enumerate() {
            let sym = sym as usize;
            if sym < alphabet {
                self.masks[sym * self.words + j / 64] |= 1 << (j % 64);
            }
        }
    }

    /// The mask of `sym`, or `None` when `sym` does not occur in the pattern's alphabet.
    fn mask(&self, sym: u32) -> Option<&[u64]> {
        let sym = sym as usize;
        (sym < self.alphabet).then(|| &self.masks[sym * self.words..(sym + 1) * self.words])
    }
}

/// One step of the recurrence over all words: `v ← (v + (v & m)) | (v & !m)`.
fn step(v: &mut [u64], m: &[u64]) {
    let mut carry = false;
    for (x, &mk) in v.iter_mut().zip(m) {
        let u = *x & mk;
        let (sum, c1) = x.overflowing_add(u);
        let (sum, c2) = sum.overflowing_add(u64::from(carry));
        carry = c1 || c2;
        *x = sum | (*x & !mk);
    }
}

/// Zeros among the low `j` bits of `v`: the LCS of the text prefix and `pattern[..j]`.
fn zeros_below(v: &[u64], j: usize) -> usize {
    let full = j / 64;
    let mut ones: usize = v[..full].iter().map(|w| w.count_ones() as usize).sum();
    let rest = j % 64;
    if rest > 0 {
        ones += (v[full] & ((1u64 << rest) - 1)).count_ones() as usize;
    }
    j - ones
}

/// LCS length of the pattern behind `masks` and `text`. `v` is scratch space.
pub(crate) fn lcs_len(masks: &PatternMasks, text: &[u32], v: &mut Vec<u64>) -> usize {
    if masks.len == 0 || text.is_empty() {
        return 0;
    }
    if masks.words == 1 {
        let mut x = u64::MAX;
        for &sym in text {
            if let Some(m) = masks.mask(sym) {
                let m = m[0];
                let u = x & m;
                x = x.wrapping_add(u) | (x & !m);
            }
        }
        return zeros_below(&[x], masks.len);
    }
    v.clear();
    v.resize(masks.words, u64::MAX);
    for &sym in text {
        if let Some(m) = masks.mask(sym) {
            step(v, m);
        }
    }
    zeros_below(v, masks.len)
}

/// Marks in `marks` (indexed like `reference`) the reference positions of the one LCS of
/// `reference` and the candidate sentence that rouge-score 0.1.2's backtracking selects.
/// `candidate` must be the pattern behind `masks`; `history` is scratch space.
pub(crate) fn mark_union_lcs(
    reference: &[u32],
    candidate: &[u32],
    masks: &PatternMasks,
    history: &mut Vec<u64>,
    marks: &mut [bool],
) {
    let (a, b, w) = (reference.len(), candidate.len(), masks.words);
    if a == 0 || b == 0 {
        return;
    }
    history.clear();
    history.resize((a + 1) * w, u64::MAX);
    let mut any = false;
    for i in 1..=a {
        let (prev, cur) = history.split_at_mut(i * w);
        let cur = &mut cur[..w];
        cur.copy_from_slice(&prev[(i - 1) * w..]);
        if let Some(m) = masks.mask(reference[i - 1]) {
            step(cur, m);
            any = true;
        }
    }
    let row = |i: usize| &history[i * w..(i + 1) * w];
    if !any || zeros_below(row(a), b) == 0 {
        return;
    }
    let (mut i, mut j) = (a, b);
    while i > 0 && j > 0 {
        if reference[i - 1] == candidate[j - 1] {
            marks[i - 1] = true;
            i -= 1;
            j -= 1;
        } else if zeros_below(row(i), j - 1) > zeros_below(row(i - 1), j) {
            j -= 1;
        } else {
            i -= 1;
        }
    }
}

/// The reference indices rouge-score's plain DP backtracking selects (slow; for tests).
#[cfg(test)]
pub(crate) fn naive_lcs_indices(reference: &[u32], candidate: &[u32]) -> Vec<usize> {
    let (a, b) = (reference.len(), candidate.len());
    let mut t = vec![vec![0usize; b + 1]; a + 1];
    for i in 1..=a {
        for j in 1..=b {
            t[i][j] = if reference[i - 1] == candidate[j - 1] {
                t[i - 1][j - 1] + 1
            } else {
                t[i - 1][j].max(t[i][j - 1])
            };
        }
    }
    let (mut i, mut j) = (a, b);
    let mut picked = Vec::new();
    while i > 0 && j > 0 {
        if reference[i - 1] == candidate[j - 1] {
            picked.push(i - 1);
            i -= 1;
            j -= 1;
        } else if t[i][j - 1] > t[i - 1][j] {
            j -= 1;
        } else {
            i -= 1;
        }
    }
    picked.reverse();
    picked
}

#[cfg(test)]
mod tests {
    use super::{lcs_len, mark_union_lcs, naive_lcs_indices, PatternMasks};

    /// A small deterministic generator (xorshift) so the tests need no dependency.
    fn xorshift(state: &mut u64) -> u64 {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        *state
    }

    fn random_seq(state: &mut u64, max_len: u64, alphabet: u64) -> Vec<u32> {
        let len = xorshift(state) % (max_len + 1);
        (0..len)
            .map(|_| (xorshift(state) % alphabet) as u32)
            .collect()
    }

    fn marks_of(reference: &[u32], candidate: &[u32]) -> Vec<usize> {
        let alphabet = 1 + reference
            .iter()
            .chain(candidate)
            .copied()
            .max()
            .unwrap_or(0) as usize;
        let masks = PatternMasks::new(candidate, alphabet);
        let mut marks = vec![false; reference.len()];
        mark_union_lcs(reference, candidate, &masks, &mut Vec::new(), &mut marks);
        (0..reference.len()).filter(|&i| marks[i]).collect()
    }

    #[test]
    fn backtracking_tie_break_matches_rouge_score_examples() {
        // metrics-spec.md §1.6: LCS(ref "a b", cand "b a") selects reference index 0 ("a").
        assert_eq!(marks_of(&[0, 1], &[1, 0]), [0]);
        // ref "a a" vs cand "a" selects index 1.
        assert_eq!(marks_of(&[0, 0], &[0]), [1]);
        assert_eq!(marks_of(&[0, 1], &[0]), [0]);
    }

    #[test]
    fn bit_parallel_union_lcs_equals_plain_dp_backtracking() {
        let mut state = 0x9E37_79B9_7F4A_7C15;
        for round in 0..4000 {
            let max_len = if round % 10 == 0 { 150 } else { 12 };
            let alphabet = 2 + xorshift(&mut state) % 6;
            let r = random_seq(&mut state, max_len, alphabet);
            let c = random_seq(&mut state, max_len, alphabet);
            assert_eq!(marks_of(&r, &c), naive_lcs_indices(&r, &c), "{r:?} {c:?}");
            let masks = PatternMasks::new(&c, alphabet as usize);
            let expected = naive_lcs_indices(&r, &c).len();
            assert_eq!(lcs_len(&masks, &r, &mut Vec::new()), expected);
        }
    }

    #[test]
    fn lcs_of_empty_or_disjoint_sequences_is_zero() {
        let masks = PatternMasks::new(&[], 3);
        assert_eq!(lcs_len(&masks, &[0, 1], &mut Vec::new()), 0);
        let masks = PatternMasks::new(&[0, 1], 2);
        assert_eq!(lcs_len(&masks, &[5, 7], &mut Vec::new()), 0);
    }
}
