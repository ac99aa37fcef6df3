//! Request and token budgets per backend (`requests_per_minute`, `tokens_per_minute`).
//!
//! Each budget is a token bucket that may go into debt: a request takes one request token
//! (waiting its turn when the bucket is empty, so concurrent requests queue fairly), and
//! waits until the token bucket is out of debt; the tokens a response used are charged
//! after it arrives (they are not known before). Buckets hold one second's worth (at least
//! one request), so requests are spread evenly rather than sent in bursts.

use std::sync::Mutex;
use std::time::{Duration, Instant};

/// A refilling bucket that may go negative.
#[derive(Debug)]
struct Bucket {
    per_second: f64,
    capacity: f64,
    state: Mutex<(f64, Instant)>,
}

impl Bucket {
    fn new(per_minute: f64) -> Bucket {
        let per_second = per_minute / 60.0;
        let capacity = per_second.max(1.0);
        Bucket {
            per_second,
            capacity,
            state: Mutex::new((capacity, Instant::now())),
        }
    }

    /// Takes `amount` and returns how long until the level is back to zero.
    fn take(&self, amount: f64) -> Duration {
        let mut state = self
            .state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let now = Instant::now();
        let refill = now.duration_since(state.1).as_secs_f64() * self.per_second;
        state.0 = (state.0 + refill).min(self.capacity) - amount;
        state.1 = now;
        if state.0 >= 0.0 {
            Duration::ZERO
        } else {
            Duration::from_secs_f64(-state.0 / self.per_second)
        }
    }
}

/// The budgets of one backend.
#[derive(Debug, Default)]
pub struct Budget {
    requests: Option<Bucket>,
    tokens: Option<Bucket>,
}

impl Budget {
    /// Budgets of `requests_per_minute` and `tokens_per_minute` (`None`: unlimited).
    pub fn new(requests_per_minute: Option<f64>, tokens_per_minute: Option<f64>) -> Budget {
        let positive = |r: Option<f64>| r.filter(|r| r.is_finite() && *r > 0.0);
        Budget {
            requests: positive(requests_per_minute).map(Bucket::new),
            tokens: positive(tokens_per_minute).map(Bucket::new),
        }
    }

    /// How long the next request must wait: its turn for a request token, and until the
    /// token budget is out of debt. The caller sleeps.
    pub fn admit(&self) -> Duration {
        let request = self
            .requests
            .as_ref()
            .map_or(Duration::ZERO, |b| b.take(1.0));
        let tokens = self.tokens.as_ref().map_or(Duration::ZERO, |b| b.take(0.0));
        request.max(tokens)
    }

    /// Charges the tokens a response used.
    pub fn spend(&self, tokens: u64) {
        if let Some(bucket) = &self.tokens {
            #[allow(clippy::cast_precision_loss)] // token counts are far below 2^52
            bucket.take(tokens as f64);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_queue_at_the_rate() {
        let budget = Budget::new(Some(120.0), None); // 2 per second, burst of 2
        let waits: Vec<f64> = (0..5).map(|_| budget.admit().as_secs_f64()).collect();
        for (wait, expected) in waits.iter().zip([0.0, 0.0, 0.5, 1.0, 1.5]) {
            assert!((wait - expected).abs() < 0.05, "{waits:?}");
        }
    }

    #[test]
    fn tokens_are_charged_after_the_fact_and_block_until_repaid() {
        let budget = Budget::new(None, Some(6000.0)); // 100 per second, capacity 100
        assert_eq!(budget.admit(), Duration::ZERO);
        budget.spend(150);
        let wait = budget.admit().as_secs_f64();
        assert!((wait - 0.5).abs() < 0.05, "{wait}");
        assert_eq!(Budget::default().admit(), Duration::ZERO);
    }
}
