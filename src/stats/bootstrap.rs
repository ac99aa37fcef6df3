//! Percentile bootstrap of means, reproducing rouge-score 0.1.2's `BootstrapAggregator`
//! (metrics-spec.md §1.9) bit for bit when driven by [`Mt19937`] seeded like
//! `np.random.seed(seed)`.
//!
//! For each of `samples` resamples: draw `n` row indices with replacement (numpy's legacy
//! `choice`), sum each column row by row in draw order and divide by `n`. Then, per column
//! independently, take numpy's "linear" percentiles at `100·[d, 0.5, 1−d]` with
//! `d = (1 − level)/2`. So `mid` is the median of the bootstrap means (not the sample mean)
//! and `low`/`high` of different columns may come from different resamples.
//!
//! Several score types share one RNG stream in rouge-score: aggregate them in the same order
//! with the same [`Mt19937`] to reproduce it.

use crate::stats::rng::Mt19937;

/// Why a bootstrap configuration was rejected.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum BootstrapError {
    /// `samples` was 0.
    NoSamples,
    /// The confidence level was outside `[0, 1]`.
    Level {
        /// The rejected level.
        level: f64,
    },
}

impl std::fmt::Display for BootstrapError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BootstrapError::NoSamples => f.write_str("the bootstrap needs at least 1 resample"),
            BootstrapError::Level { level } => {
                write!(f, "confidence level {level} is outside [0, 1]")
            }
        }
    }
}

impl std::error::Error for BootstrapError {}

/// Bootstrap settings: number of resamples and confidence level.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bootstrap {
    samples: usize,
    level: f64,
}

/// Low, mid and high percentiles of the bootstrap means, per column.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval<const K: usize> {
    /// The `(1 − level)/2` percentile.
    pub low: [f64; K],
    /// The median of the bootstrap means.
    pub mid: [f64; K],
    /// The `1 − (1 − level)/2` percentile.
    pub high: [f64; K],
}

impl Default for Bootstrap {
    /// rouge-score's defaults: 1000 resamples, level 0.95.
    fn default() -> Self {
        Bootstrap {
            samples: 1000,
            level: 0.95,
        }
    }
}

impl Bootstrap {
    /// `samples` resamples at confidence `level`.
    ///
    /// # Errors
    /// [`BootstrapError`] when `samples` is 0 or `level` is outside `[0, 1]`.
    pub fn new(samples: usize, level: f64) -> Result<Self, BootstrapError> {
        if samples == 0 {
            return Err(BootstrapError::NoSamples);
        }
        if !(0.0..=1.0).contains(&level) {
            return Err(BootstrapError::Level { level });
        }
        Ok(Bootstrap { samples, level })
    }

    /// The number of resamples.
    pub fn samples(&self) -> usize {
        self.samples
    }

    /// The confidence level.
    pub fn level(&self) -> f64 {
        self.level
    }

    /// The interval of the column means of `rows`, drawing from `rng`; `None` for no rows.
    pub fn interval<const K: usize>(
        &self,
        rows: &[[f64; K]],
        rng: &mut Mt19937,
    ) -> Option<Interval<K>> {
        let [low, mid, high] = self.interval_matrix(rows.as_flattened(), K, rng)?;
        let array = |v: Vec<f64>| std::array::from_fn(|k| v[k]);
        Some(Interval {
            low: array(low),
            mid: array(mid),
            high: array(high),
        })
    }

    /// [`Bootstrap::interval`] for a row count known only at run time: `values` holds the
    /// rows one after another, `width` numbers each. Returns the low, mid and high
    /// percentiles, `width` numbers each; `None` when there are no rows or `values` is not a
    /// whole number of rows (`width` 0 with no values is no rows).
    pub fn interval_matrix(
        &self,
        values: &[f64],
        width: usize,
        rng: &mut Mt19937,
    ) -> Option<[Vec<f64>; 3]> {
        if values.is_empty() || width == 0 || values.len() % width != 0 {
            return None;
        }
        let n = values.len() / width;
        let mut columns = vec![Vec::with_capacity(self.samples); width];
        let mut sum = vec![0.0f64; width];
        for _ in 0..self.samples {
            sum.iter_mut().for_each(|s| *s = 0.0);
            for _ in 0..n {
                // `index` < n ≤ usize::MAX, so the conversion cannot truncate.
                let row = rng.index(n as u64) as usize;
                for (acc, v) in sum.iter_mut().zip(&values[row * width..(row + 1) * width]) {
                    *acc += v;
                }
            }
            for (column, s) in columns.iter_mut().zip(&sum) {
                column.push(s / n as f64);
            }
        }
        let d = (1.0 - self.level) / 2.0;
        let q = [100.0 * d, 100.0 * 0.5, 100.0 * (1.0 - d)];
        let mut out: [Vec<f64>; 3] = std::array::from_fn(|_| Vec::with_capacity(width));
        for column in &mut columns {
            column.sort_by(f64::total_cmp);
            for (bound, q) in out.iter_mut().zip(q) {
                bound.push(percentile(column, q));
            }
        }
        Some(out)
    }
}

/// numpy's `percentile(sorted, q, method="linear")` on sorted, non-empty data.
fn percentile(sorted: &[f64], q: f64) -> f64 {
    let last = sorted.len() - 1;
    let v = last as f64 * (q / 100.0);
    if v >= last as f64 {
        return sorted[last];
    }
    let lo = v.floor();
    let g = v - lo;
    // 0 ≤ lo < last, so the conversion is exact.
    let i = lo as usize;
    let (a, b) = (sorted[i], sorted[i + 1]);
    let diff = b - a;
    if g >= 0.5 {
        b - diff * (1.0 - g)
    } else {
        a + diff * g
    }
}

#[cfg(test)]
mod tests {
    use super::{percentile, Bootstrap, BootstrapError};
    use crate::stats::rng::Mt19937;

    #[test]
    fn percentile_interpolates_like_numpy_linear() {
        let s = [1.0, 2.0, 4.0, 8.0];
        let got = [50.0, 100.0, 0.0].map(|q| percentile(&s, q).to_bits());
        assert_eq!(got, [3.0f64, 8.0, 1.0].map(f64::to_bits));
    }

    #[test]
    fn constant_rows_give_a_degenerate_interval() {
        let rows = [[0.5, 0.25, 1.0]; 7];
        let i = Bootstrap::default()
            .interval(&rows, &mut Mt19937::new(0))
            .unwrap();
        assert_eq!((i.low, i.mid, i.high), (rows[0], rows[0], rows[0]));
        let none = Bootstrap::default().interval::<3>(&[], &mut Mt19937::new(0));
        assert!(none.is_none());
    }

    // Issue 15: the Python BootstrapAggregator takes score tuples of any width.
    #[test]
    fn matrix_interval_equals_the_fixed_width_interval() {
        let rows = [
            [0.5, 0.25, 1.0],
            [0.0, 0.75, 0.125],
            [1.0, 0.5, 0.0],
            [0.3, 0.1, 0.7],
        ];
        let b = Bootstrap::new(50, 0.9).unwrap();
        let fixed = b.interval(&rows, &mut Mt19937::new(3)).unwrap();
        let m = b
            .interval_matrix(rows.as_flattened(), 3, &mut Mt19937::new(3))
            .unwrap();
        assert_eq!(
            m,
            [fixed.low.to_vec(), fixed.mid.to_vec(), fixed.high.to_vec()]
        );
        assert!(b
            .interval_matrix(&[1.0, 2.0, 3.0], 2, &mut Mt19937::new(3))
            .is_none());
        assert!(b.interval_matrix(&[], 2, &mut Mt19937::new(3)).is_none());
    }

    #[test]
    fn invalid_settings_are_rejected() {
        assert_eq!(Bootstrap::new(0, 0.95), Err(BootstrapError::NoSamples));
        assert!(Bootstrap::new(10, 1.5).is_err());
    }
}
