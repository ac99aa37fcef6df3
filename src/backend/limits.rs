//! `Limited`: any backend with the concurrency and retry limits of its `[[backend]]` entry.

use std::sync::Arc;

use super::{Backend, Request, Response};
use crate::dataset::Task;

/// A backend whose [`Backend::max_concurrency`] and [`Backend::max_retries`] come from
/// configuration; everything else is the inner backend's.
pub struct Limited {
    inner: Arc<dyn Backend>,
    max_concurrency: Option<usize>,
    max_retries: Option<u32>,
    requests_per_minute: Option<f64>,
    tokens_per_minute: Option<f64>,
}

impl Limited {
    /// Wraps `inner`; a `None` limit keeps the inner backend's own.
    pub fn new(
        inner: Arc<dyn Backend>,
        max_concurrency: Option<usize>,
        max_retries: Option<u32>,
    ) -> Limited {
        Limited {
            inner,
            max_concurrency,
            max_retries,
            requests_per_minute: None,
            tokens_per_minute: None,
        }
    }

    /// Adds request and token budgets per minute (`None` keeps the inner backend's).
    #[must_use]
    pub fn with_rates(mut self, requests: Option<f64>, tokens: Option<f64>) -> Limited {
        self.requests_per_minute = requests;
        self.tokens_per_minute = tokens;
        self
    }
}

impl Backend for Limited {
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
        self.inner.call(request)
    }
    fn max_concurrency(&self) -> Option<usize> {
        self.max_concurrency
            .or_else(|| self.inner.max_concurrency())
    }
    fn max_retries(&self) -> u32 {
        self.max_retries.unwrap_or_else(|| self.inner.max_retries())
    }
    fn max_retry_after(&self) -> std::time::Duration {
        self.inner.max_retry_after()
    }
    fn requests_per_minute(&self) -> Option<f64> {
        self.requests_per_minute
            .or_else(|| self.inner.requests_per_minute())
    }
    fn tokens_per_minute(&self) -> Option<f64> {
        self.tokens_per_minute
            .or_else(|| self.inner.tokens_per_minute())
    }
    fn cache_key(&self, request: &Request) -> Option<super::CacheKey> {
        self.inner.cache_key(request)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::Lead;

    #[test]
    fn configured_limits_override_and_unset_ones_fall_through() {
        let lead: Arc<dyn Backend> = Arc::new(Lead::default());
        let limited = Limited::new(Arc::clone(&lead), Some(3), None);
        assert_eq!(limited.max_concurrency(), Some(3));
        assert_eq!(limited.max_retries(), 0);
        assert_eq!(limited.name(), "lead");
        let retrying = Limited::new(lead, None, Some(5));
        assert_eq!(
            (retrying.max_concurrency(), retrying.max_retries()),
            (None, 5)
        );
    }
}
