//! Retries: exponential backoff with jitter, at least as long as the server's `Retry-After`
//! (up to the backend's `max_retry_after_secs`).
//!
//! Retry number `n` (1-based) waits a uniformly jittered time in `[d/2, d]`, where
//! `d = min(cap, base * 2^(n-1))`, and never less than the `Retry-After` the server sent,
//! cut to [`Backend::max_retry_after`]. Every wait ends at once on Ctrl-C ([`Stop`]).
//! The jitter is drawn from SplitMix64 seeded with the item id and attempt, so a rerun waits
//! the same, and concurrent requests that failed together do not retry in lockstep.

use std::time::{Duration, SystemTime};

use super::budget::Budget;
use super::stop::Stop;
use crate::backend::{Backend, BackendError, ErrorKind, Output, Request, Response};

/// Backoff parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    /// The first retry's upper wait.
    pub base: Duration,
    /// The longest computed wait (a longer `Retry-After` is still honoured, up to the
    /// backend's [`Backend::max_retry_after`]).
    pub cap: Duration,
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff {
            base: Duration::from_millis(500),
            cap: Duration::from_secs(30),
        }
    }
}

impl Backoff {
    /// The wait before retry `attempt` (1-based) of `item`.
    pub fn delay(&self, item: &str, attempt: u32, retry_after: Option<Duration>) -> Duration {
        let doubled = self
            .base
            .saturating_mul(1u32 << attempt.saturating_sub(1).min(20));
        let ceiling = doubled.min(self.cap);
        let unit = unit_interval(item, attempt);
        let jittered = ceiling.mul_f64(0.5 + 0.5 * unit);
        jittered.max(retry_after.unwrap_or_default())
    }
}

/// A number in `[0, 1)` from the item id and attempt (FNV-1a, then SplitMix64).
fn unit_interval(item: &str, attempt: u32) -> f64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in item.bytes().chain(attempt.to_le_bytes()) {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    let mut z = h.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^= z >> 31;
    #[allow(clippy::cast_precision_loss)] // 53 bits fit an f64 mantissa exactly
    let unit = (z >> 11) as f64 / (1u64 << 53) as f64;
    unit
}

/// One retry about to happen, for progress displays.
#[derive(Debug, Clone)]
pub struct RetryNotice {
    /// The backend's name.
    pub backend: String,
    /// The item's id.
    pub item: String,
    /// Which retry this is (1-based).
    pub attempt: u32,
    /// How long the runner waits first.
    pub wait: Duration,
    /// When the wait ends.
    pub until: SystemTime,
    /// The server's `Retry-After`, when it sent one (before the cap).
    pub retry_after: Option<Duration>,
    /// The cap on `Retry-After` ([`Backend::max_retry_after`]).
    pub max_retry_after: Duration,
    /// The error that is being retried.
    pub error: BackendError,
}

/// A request about to wait for its backend's rate budget, for progress displays.
#[derive(Debug, Clone)]
pub struct ThrottleNotice {
    /// The backend's name.
    pub backend: String,
    /// How long the request waits.
    pub wait: Duration,
    /// When the wait ends.
    pub until: SystemTime,
}

/// What a request's attempts wait for, and who hears of each wait.
pub struct Waits<'a> {
    /// Backoff between retries.
    pub backoff: &'a Backoff,
    /// The backend's rate budget.
    pub budget: &'a Budget,
    /// Ends every wait at once when set (Ctrl-C).
    pub stop: &'a Stop,
    /// Hears of each retry before its wait.
    pub retrying: &'a dyn Fn(RetryNotice),
    /// Hears of each budget wait before it starts.
    pub throttled: &'a dyn Fn(ThrottleNotice),
}

/// Calls `backend`, retrying retryable errors up to its [`Backend::max_retries`]. Returns
/// the last response and the number of retries made; `notify` hears of each retry before
/// its wait.
pub fn call(
    backend: &dyn Backend,
    request: &Request,
    backoff: &Backoff,
    notify: &dyn Fn(RetryNotice),
) -> (Response, u32) {
    let waits = Waits {
        backoff,
        budget: &Budget::default(),
        stop: &Stop::default(),
        retrying: notify,
        throttled: &|_| {},
    };
    let (response, retries, _) = call_budgeted(backend, request, &waits);
    (response, retries)
}

/// [`call`] within `waits.budget`: each attempt first waits for the budget, and the tokens a
/// response used are charged to it. Also returns the total time waited for the budget.
///
/// Every wait ends at once when `waits.stop` is set: the response is then an
/// [`ErrorKind::Interrupted`] error (and the job is marked cut short, see
/// [`super::stop::watch`]).
pub fn call_budgeted(
    backend: &dyn Backend,
    request: &Request,
    waits: &Waits<'_>,
) -> (Response, u32, Duration) {
    let max = backend.max_retries();
    let mut retries = 0;
    let mut waited = Duration::ZERO;
    loop {
        let wait = waits.budget.admit();
        if !wait.is_zero() {
            (waits.throttled)(ThrottleNotice {
                backend: backend.name().to_string(),
                wait,
                until: later(wait),
            });
            if !waits.stop.sleep(wait) {
                return (interrupted("its turn in the rate budget"), retries, waited);
            }
            waited += wait;
        }
        let response = backend.call(request);
        if let Ok(Output {
            usage: Some(usage), ..
        }) = &response.result
        {
            waits
                .budget
                .spend(usage.prompt_tokens + usage.completion_tokens);
        }
        let retry = match &response.result {
            Err(e) if retries < max => e.retry,
            _ => None,
        };
        let Some(retry) = retry else {
            return (response, retries, waited);
        };
        retries += 1;
        let cap = backend.max_retry_after();
        let wait = waits
            .backoff
            .delay(&request.item_id, retries, retry.after.map(|a| a.min(cap)));
        if let Err(error) = response.result {
            (waits.retrying)(RetryNotice {
                backend: backend.name().to_string(),
                item: request.item_id.clone(),
                attempt: retries,
                wait,
                until: later(wait),
                retry_after: retry.after,
                max_retry_after: cap,
                error,
            });
        }
        if !waits.stop.sleep(wait) {
            return (interrupted("a retry"), retries, waited);
        }
    }
}

/// Now plus `wait` (far enough in the future when that overflows).
fn later(wait: Duration) -> SystemTime {
    let now = SystemTime::now();
    now.checked_add(wait).unwrap_or(now)
}

fn interrupted(what: &str) -> Response {
    Response {
        result: Err(BackendError::new(
            ErrorKind::Interrupted,
            format!("interrupted while waiting for {what}"),
        )),
        latency: Duration::ZERO,
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU32, Ordering};
    use std::sync::Mutex;

    use super::*;
    use crate::backend::Output;
    use crate::dataset::Task;

    #[test]
    fn delays_double_with_jitter_up_to_the_cap_and_honour_retry_after() {
        let b = Backoff {
            base: Duration::from_millis(100),
            cap: Duration::from_millis(350),
        };
        let ms = |attempt, after| b.delay("q-1", attempt, after).as_secs_f64() * 1000.0;
        for (attempt, ceiling) in [(1, 100.0), (2, 200.0), (3, 350.0), (9, 350.0)] {
            let d = ms(attempt, None);
            assert!(d >= ceiling / 2.0 && d <= ceiling, "attempt {attempt}: {d}");
        }
        assert_eq!(b.delay("q-1", 2, None), b.delay("q-1", 2, None), "seeded");
        assert_ne!(b.delay("q-1", 2, None), b.delay("q-2", 2, None), "jittered");
        assert!(ms(1, Some(Duration::from_secs(2))) >= 2000.0);
        assert!(ms(40, None) <= 350.0, "no overflow on large attempts");
    }

    /// Fails retryably `failures` times, then answers.
    struct Flaky {
        failures: u32,
        calls: AtomicU32,
        retries: u32,
    }

    impl Backend for Flaky {
        fn name(&self) -> &str {
            "flaky"
        }
        fn describe(&self) -> String {
            String::new()
        }
        fn supports(&self, _: Task) -> bool {
            true
        }
        fn max_retries(&self) -> u32 {
            self.retries
        }
        fn call(&self, _: &Request) -> Response {
            Response::timed(|| {
                if self.calls.fetch_add(1, Ordering::SeqCst) < self.failures {
                    Err(BackendError::new(ErrorKind::ServerError, "busy").retryable(None))
                } else {
                    Ok(Output::text("ok"))
                }
            })
        }
    }

    fn request() -> Request {
        Request {
            item_id: "q".into(),
            task: Task::Answer,
            documents: Vec::new(),
            question: None,
            references: Vec::new(),
        }
    }

    #[test]
    fn retries_until_success_or_the_limit_and_zero_means_none() {
        let fast = Backoff {
            base: Duration::from_millis(1),
            cap: Duration::from_millis(2),
        };
        let seen = Mutex::new(Vec::new());
        let notify = |n: RetryNotice| seen.lock().unwrap().push(n.attempt);
        let flaky = |failures, retries| Flaky {
            failures,
            calls: AtomicU32::new(0),
            retries,
        };
        let (ok, retries) = call(&flaky(2, 3), &request(), &fast, &notify);
        assert_eq!((ok.result.unwrap().text.as_str(), retries), ("ok", 2));
        assert_eq!(*seen.lock().unwrap(), [1, 2]);
        let (failed, retries) = call(&flaky(5, 3), &request(), &fast, &notify);
        assert_eq!(
            (failed.result.unwrap_err().kind, retries),
            (ErrorKind::ServerError, 3)
        );
        let none = flaky(1, 0);
        let (failed, retries) = call(&none, &request(), &fast, &notify);
        assert!(failed.result.is_err());
        assert_eq!((retries, none.calls.load(Ordering::SeqCst)), (0, 1));
    }
}
