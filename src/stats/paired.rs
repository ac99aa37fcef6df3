//! Intervals for means and paired differences: percentile bootstrap driven by [`Mt19937`].
//!
//! A resample draws `n` indices with replacement (numpy's legacy `choice`, see [`rng`]) and
//! takes the mean of the drawn values, summed in draw order. The interval is numpy's
//! "linear" percentiles at `(1 − level)/2` and `1 − (1 − level)/2` of the resampled means;
//! the point estimate is the plain sample mean (not the bootstrap median).
//!
//! The paired interval resamples *items*: both systems' scores of a drawn item move together,
//! which is the same as resampling the per-item differences `b − a`. Because of that pairing
//! it is narrower than two independent intervals whenever the systems' scores correlate.
//!
//! [`rng`]: crate::stats::rng

use crate::stats::bootstrap::Bootstrap;
use crate::stats::mean;
use crate::stats::rng::Mt19937;

/// A point estimate with a confidence interval.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Estimate {
    /// The sample mean.
    pub value: f64,
    /// Lower bound of the interval.
    pub low: f64,
    /// Upper bound of the interval.
    pub high: f64,
}

/// The mean of `values` with a percentile bootstrap interval; `None` when `values` is empty.
pub fn mean_ci(values: &[f64], settings: &Bootstrap, rng: &mut Mt19937) -> Option<Estimate> {
    let value = mean(values)?;
    let rows: Vec<[f64; 1]> = values.iter().map(|&v| [v]).collect();
    let interval = settings.interval(&rows, rng)?;
    Some(Estimate {
        value,
        low: interval.low[0],
        high: interval.high[0],
    })
}

/// The mean of the paired differences `b[i] − a[i]` with a paired bootstrap interval;
/// `None` when there are no pairs. `a` and `b` must have the same length (extra values of
/// the longer one are ignored).
pub fn paired_difference_ci(
    a: &[f64],
    b: &[f64],
    settings: &Bootstrap,
    rng: &mut Mt19937,
) -> Option<Estimate> {
    mean_ci(&differences(a, b), settings, rng)
}

/// `b[i] − a[i]` for each pair.
pub fn differences(a: &[f64], b: &[f64]) -> Vec<f64> {
    a.iter().zip(b).map(|(x, y)| y - x).collect()
}

#[cfg(test)]
#[allow(clippy::float_cmp)] // hand-worked values are exact binary fractions
mod tests {
    use super::{differences, mean_ci, paired_difference_ci};
    use crate::stats::bootstrap::Bootstrap;
    use crate::stats::rng::Mt19937;

    #[test]
    fn one_resample_of_two_values_is_worked_by_hand() {
        // Seed 0: numpy's legacy choice(2, size=2) draws [0, 1] (first outputs of MT19937
        // seed 0 are 2357136044 and 2546248239; & 1 gives 0 then 1), so the only resampled
        // mean is (1 + 3) / 2 = 2 and the interval collapses onto it.
        let settings = Bootstrap::new(1, 0.95).unwrap();
        let e = mean_ci(&[1.0, 3.0], &settings, &mut Mt19937::new(0)).unwrap();
        assert_eq!((e.value, e.low, e.high), (2.0, 2.0, 2.0));
    }

    #[test]
    fn paired_interval_is_the_interval_of_the_differences() {
        let a = [0.1, 0.4, 0.3, 0.9, 0.5];
        let b = [0.2, 0.4, 0.6, 0.8, 0.9];
        let s = Bootstrap::new(200, 0.9).unwrap();
        let p = paired_difference_ci(&a, &b, &s, &mut Mt19937::new(7)).unwrap();
        let d = mean_ci(&differences(&a, &b), &s, &mut Mt19937::new(7)).unwrap();
        assert_eq!(p, d);
        assert!(p.low <= p.value && p.value <= p.high);
        assert!(mean_ci(&[], &s, &mut Mt19937::new(7)).is_none());
    }
}
