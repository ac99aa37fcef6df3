//! [`Mean`]: the mean of a column over the items that have a value, with their count; and
//! [`RunningMean`], which builds one in a single pass without holding the values.
//!
//! A mean over zero items does not exist: it is `None` (`null` in JSON), never 0.

use serde::{Deserialize, Serialize};

/// The mean of some values and how many there were.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Mean {
    /// The arithmetic mean; `None` when `n` is 0.
    pub mean: Option<f64>,
    /// How many values.
    pub n: usize,
}

/// A mean built value by value: values are summed in the order they arrive, then divided
/// once, so the result equals [`super::mean`] of the same values in the same order.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct RunningMean {
    total: f64,
    n: usize,
}

impl RunningMean {
    /// Adds one value.
    pub fn add(&mut self, value: f64) {
        self.total += value;
        self.n += 1;
    }

    /// The mean so far.
    pub fn finish(&self) -> Mean {
        Mean {
            mean: (self.n > 0).then(|| self.total / self.n as f64),
            n: self.n,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Mean, RunningMean};

    #[test]
    fn a_running_mean_equals_the_mean_of_the_values_in_order() {
        let values = [0.1, 0.7, 0.2, 0.9999, 1e-9];
        let mut running = RunningMean::default();
        values.iter().for_each(|&v| running.add(v));
        let mean = running.finish();
        assert_eq!(mean.n, 5);
        assert_eq!(
            mean.mean.map(f64::to_bits),
            super::super::mean(&values).map(f64::to_bits)
        );
    }

    #[test]
    fn no_values_have_no_mean() {
        let mean = RunningMean::default().finish();
        assert_eq!(mean, Mean { mean: None, n: 0 });
        assert_eq!(
            serde_json::to_string(&mean).unwrap(),
            r#"{"mean":null,"n":0}"#
        );
    }
}
