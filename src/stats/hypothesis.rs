//! Paired significance tests and the Holm correction. All p-values are two-sided.
//!
//! - [`permutation_test`]: paired sign-flip permutation test of the mean difference. Under
//!   the null hypothesis that the two systems are exchangeable on each item, each difference
//!   `d_i = b_i − a_i` is as likely to be `−d_i`. The statistic is `|Σ s_i·d_i|`. Zero
//!   differences are dropped first (flipping them changes nothing, so the p-value is the
//!   same). With at most [`EXACT_MAX`] non-zero differences all `2^m` sign vectors are
//!   enumerated and `p = #{|T*| ≥ |T|} / 2^m` exactly (the identity is among them). Beyond
//!   that, `R` random sign vectors are drawn (each sign is the low bit of one
//!   [`Mt19937::next_u32`] output) and `p = (#{|T*| ≥ |T|} + 1) / (R + 1)`: counting the
//!   observed assignment as one of the permutations keeps the test valid (the p-value can
//!   never be 0, Phipson & Smyth 2010). Ties are compared with a relative tolerance of
//!   `100·ε` as `scipy.stats.permutation_test` does.
//! - [`sign_test`]: exact binomial test of wins against losses (ties dropped), `p = 0.5`.
//! - [`mcnemar`]: McNemar's test on a binary outcome from the discordant pairs `b` (only A
//!   right) and `c` (only B right). It is computed **exactly** (binomial, `b` of `b + c`
//!   at 0.5) for every count, as statsmodels' `mcnemar(exact=True)` default does: the χ²
//!   approximation is only needed for hand calculation and is anti-conservative for the
//!   small discordant counts a gold set of tens of items gives.
//! - [`holm`]: Holm's step-down adjustment of a family of p-values.

use crate::stats::rng::Mt19937;

/// Largest number of non-zero differences for which [`permutation_test`] enumerates every
/// sign vector (2^16 = 65,536 of them).
pub const EXACT_MAX: usize = 16;

/// The p-value of a permutation test and how it was obtained.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Permutation {
    /// Two-sided p-value.
    pub p: f64,
    /// `true` when every sign vector was enumerated; `false` for the Monte Carlo estimate.
    pub exact: bool,
    /// Sign vectors evaluated (2^m when exact, the number of resamples otherwise).
    pub permutations: u64,
}

/// Paired sign-flip permutation test on the differences `d`, with `resamples` random sign
/// vectors when exact enumeration is too large. An empty or all-zero `d` gives `p = 1`.
pub fn permutation_test(d: &[f64], resamples: usize, rng: &mut Mt19937) -> Permutation {
    let nonzero: Vec<f64> = d.iter().copied().filter(|v| *v != 0.0).collect();
    let observed = nonzero.iter().sum::<f64>().abs();
    let threshold = observed - (100.0 * f64::EPSILON * observed);
    let m = nonzero.len();
    if m <= EXACT_MAX {
        let total = 1u64 << m;
        let mut count = 0u64;
        for mask in 0..total {
            let t: f64 = nonzero
                .iter()
                .enumerate()
                .map(|(i, v)| if mask >> i & 1 == 1 { -v } else { *v })
                .sum();
            if t.abs() >= threshold {
                count += 1;
            }
        }
        return Permutation {
            p: count as f64 / total as f64,
            exact: true,
            permutations: total,
        };
    }
    let mut count = 0u64;
    for _ in 0..resamples {
        let t: f64 = nonzero
            .iter()
            .map(|v| if rng.next_u32() & 1 == 1 { -v } else { *v })
            .sum();
        if t.abs() >= threshold {
            count += 1;
        }
    }
    Permutation {
        p: (count + 1) as f64 / (resamples as f64 + 1.0),
        exact: false,
        permutations: resamples as u64,
    }
}

/// Two-sided exact binomial test of `k` successes in `n` trials at probability 0.5:
/// `min(1, 2·P(X ≤ min(k, n − k)))`, which is `scipy.stats.binomtest(k, n).pvalue` (the
/// distribution is symmetric). `n = 0` gives 1.
pub fn binomial_two_sided(k: u64, n: u64) -> f64 {
    if n == 0 {
        return 1.0;
    }
    let tail_end = k.min(n - k);
    if 2 * tail_end == n {
        return 1.0;
    }
    // ln C(n, j) built up term by term; each term is exp(ln C − n ln 2).
    let ln2n = n as f64 * std::f64::consts::LN_2;
    let mut ln_c = 0.0f64;
    let mut tail = (-ln2n).exp();
    for j in 1..=tail_end {
        ln_c += ((n - j + 1) as f64).ln() - (j as f64).ln();
        tail += (ln_c - ln2n).exp();
    }
    (2.0 * tail).min(1.0)
}

/// Exact sign test: `wins` items where B beat A, `losses` where A beat B (ties excluded).
pub fn sign_test(wins: u64, losses: u64) -> f64 {
    binomial_two_sided(wins, wins + losses)
}

/// McNemar's test from the discordant counts: `only_a` pairs where only A was right and
/// `only_b` where only B was right. Exact binomial (see the module documentation).
pub fn mcnemar(only_a: u64, only_b: u64) -> f64 {
    binomial_two_sided(only_a, only_a + only_b)
}

/// Holm's step-down adjusted p-values, in the order given: sort ascending, multiply the
/// `j`-th smallest (from 0) by `m − j`, make the sequence non-decreasing, cap at 1.
pub fn holm(p: &[f64]) -> Vec<f64> {
    let m = p.len();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&i, &j| p[i].total_cmp(&p[j]));
    let mut adjusted = vec![0.0; m];
    let mut running = 0.0f64;
    for (rank, &i) in order.iter().enumerate() {
        running = running.max(((m - rank) as f64 * p[i]).min(1.0));
        adjusted[i] = running;
    }
    adjusted
}

#[cfg(test)]
#[allow(clippy::float_cmp)] // hand-worked values are exact binary fractions
mod tests {
    use super::{binomial_two_sided, holm, mcnemar, permutation_test, sign_test};
    use crate::stats::rng::Mt19937;

    #[test]
    fn exact_permutation_of_three_differences_by_hand() {
        // d = (1, 2, 3), T = 6. The 8 sign vectors give |T*| = 6, 4, 2, 0, 0, 2, 4, 6:
        // two reach 6, so p = 2/8.
        let p = permutation_test(&[1.0, 2.0, 3.0], 10, &mut Mt19937::new(0));
        assert_eq!((p.p, p.exact, p.permutations), (0.25, true, 8));
        // Zeros are dropped without changing p.
        let z = permutation_test(&[0.0, 1.0, 0.0, 2.0, 3.0], 10, &mut Mt19937::new(0));
        assert_eq!(z.p, 0.25);
        assert_eq!(permutation_test(&[], 10, &mut Mt19937::new(0)).p, 1.0);
    }

    #[test]
    fn monte_carlo_permutation_is_never_zero_and_is_seeded() {
        let d = vec![1.0; 40];
        let p = permutation_test(&d, 99, &mut Mt19937::new(3));
        // No random sign vector reaches |T| = 40 (chance 2^-39), so p = (0 + 1)/(99 + 1).
        assert_eq!((p.p, p.exact), (0.01, false));
        let again = permutation_test(&d, 99, &mut Mt19937::new(3));
        assert_eq!(p, again);
    }

    #[test]
    fn binomial_tests_by_hand() {
        // 0 of 5: 2 · (1/32) = 1/16.
        assert_eq!(binomial_two_sided(0, 5), 0.0625);
        // 1 of 4: 2 · (1 + 4)/16 = 10/16.
        assert_eq!(sign_test(1, 3), 0.625);
        assert_eq!(mcnemar(2, 2), 1.0);
        assert_eq!(mcnemar(0, 0), 1.0);
    }

    #[test]
    fn holm_by_hand() {
        // Sorted 0.01, 0.02, 0.04 → ×3, ×2, ×1 = 0.03, 0.04, 0.04 (made monotone).
        let got = holm(&[0.04, 0.01, 0.02]);
        let want = [0.04f64, 0.03, 0.04];
        for (g, w) in got.iter().zip(want) {
            assert!((g - w).abs() < 1e-15, "{got:?}");
        }
        // 0.8 · 2 caps at 1, and the larger p cannot be adjusted below it.
        assert_eq!(holm(&[0.9, 0.8]), vec![1.0, 1.0]);
    }
}
