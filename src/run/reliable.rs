//! [`Reliable`]: a backend called outside the runner's job loop (the `judge` metric's model)
//! with the runner's cache and retries, so its requests are cached and retried like any
//! other, and its waits end on Ctrl-C like the runner's.

use std::sync::Arc;

use super::retry::{self, Backoff, Waits};
use super::{budget::Budget, Cache, Stop};
use crate::backend::{Backend, CacheKey, Request, Response};
use crate::dataset::Task;

/// `inner`, answered from `cache` when it holds the request's response (stored there after
/// each success) and retried with `backoff` on retryable errors up to its `max_retries`.
pub struct Reliable {
    inner: Arc<dyn Backend>,
    cache: Option<Cache>,
    backoff: Backoff,
    stop: Stop,
}

impl Reliable {
    /// Wraps `inner`; `cache` is `None` with `--no-cache`.
    pub fn new(inner: Arc<dyn Backend>, cache: Option<Cache>, backoff: Backoff) -> Reliable {
        Reliable {
            inner,
            cache,
            backoff,
            stop: Stop::default(),
        }
    }

    /// Ends the waits between retries when `stop` is set (the run's Ctrl-C).
    #[must_use]
    pub fn with_stop(mut self, stop: Stop) -> Reliable {
        self.stop = stop;
        self
    }
}

impl Backend for Reliable {
    fn name(&self) -> &str {
        self.inner.name()
    }

    fn describe(&self) -> String {
        self.inner.describe()
    }

    fn supports(&self, task: Task) -> bool {
        self.inner.supports(task)
    }

    fn call(&self, request: &Request) -> Response {
        let cache = self.cache.as_ref();
        let key = cache.and_then(|_| self.inner.cache_key(request));
        let waits = Waits {
            backoff: &self.backoff,
            budget: &Budget::default(),
            stop: &self.stop,
            retrying: &|_| {},
            throttled: &|_| {},
        };
        let (response, _retries, _cached) = Cache::respond(cache, key.as_ref(), || {
            let (response, retries, _) = retry::call_budgeted(self.inner.as_ref(), request, &waits);
            (response, retries)
        });
        response
    }

    fn max_concurrency(&self) -> Option<usize> {
        self.inner.max_concurrency()
    }

    fn max_retries(&self) -> u32 {
        self.inner.max_retries()
    }

    fn max_retry_after(&self) -> std::time::Duration {
        self.inner.max_retry_after()
    }

    fn cache_key(&self, request: &Request) -> Option<CacheKey> {
        self.inner.cache_key(request)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    use super::*;
    use crate::backend::testing::request;
    use crate::backend::{BackendError, ErrorKind, Output};

    /// Fails its first call with a retryable error, then echoes the question.
    struct Flaky {
        calls: AtomicUsize,
    }

    impl Backend for Flaky {
        fn name(&self) -> &str {
            "flaky"
        }
        fn describe(&self) -> String {
            "test".into()
        }
        fn supports(&self, _: Task) -> bool {
            true
        }
        fn call(&self, request: &Request) -> Response {
            let n = self.calls.fetch_add(1, Ordering::SeqCst);
            let result = if n == 0 {
                Err(BackendError::new(ErrorKind::ServerError, "500").retryable(None))
            } else {
                Ok(Output::text(request.question.clone().unwrap_or_default()))
            };
            Response {
                result,
                latency: Duration::ZERO,
            }
        }
        fn max_retries(&self) -> u32 {
            2
        }
        fn cache_key(&self, request: &Request) -> Option<CacheKey> {
            Some(CacheKey::default().with("q", request.question.clone().unwrap_or_default()))
        }
    }

    #[test]
    fn retries_then_answers_from_the_cache() {
        let dir = tempfile::tempdir().unwrap();
        let flaky = Arc::new(Flaky {
            calls: AtomicUsize::new(0),
        });
        let backoff = Backoff {
            base: Duration::from_millis(1),
            cap: Duration::from_millis(2),
        };
        let reliable = Reliable::new(flaky.clone(), Some(Cache::new(dir.path())), backoff);
        let ask = request(Task::Answer, Vec::new(), Some("stated?"), &[]);
        for _ in 0..3 {
            let out = reliable.call(&ask).result.unwrap();
            assert_eq!(out.text, "stated?");
        }
        // One failure, one success; the two later calls came from the cache.
        assert_eq!(flaky.calls.load(Ordering::SeqCst), 2);
    }
}
