//! Pure numerics for aggregating per-item scores: means and seeded bootstrap intervals.
//!
//! Knows nothing about metrics: it works on rows of numbers. The bootstrap reproduces
//! rouge-score 0.1.2's `BootstrapAggregator` bit for bit from a seed ([`bootstrap`]), using
//! numpy's legacy MT19937 stream ([`rng`]).

pub mod bootstrap;
pub mod hypothesis;
mod mean;
pub mod paired;
pub mod rng;

pub use bootstrap::{Bootstrap, Interval};
pub use mean::{Mean, RunningMean};
pub use paired::Estimate;
pub use rng::Mt19937;

/// The arithmetic mean of `values`, summed in order; `None` for an empty slice.
pub fn mean(values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    Some(values.iter().sum::<f64>() / values.len() as f64)
}

#[cfg(test)]
mod tests {
    use super::mean;

    #[test]
    fn mean_sums_in_order_and_is_none_when_empty() {
        assert_eq!(mean(&[]), None);
        assert_eq!(mean(&[1.0, 2.0, 4.0]), Some(7.0 / 3.0));
    }
}
