//! Hands the worker pool its units by index, pulling them from a lazy iterator.
//!
//! The pool gives out job indices in increasing order and never more than its window ahead
//! of the oldest unfinished job, but two workers may ask for their units in either order.
//! The feed reads the iterator forward up to the index asked for and parks the units read
//! on the way until their worker asks; each unit leaves the feed when taken. So it holds at
//! most the pool's window of units, whatever the length of the run ([`Feed::peak`] says how
//! many it held at once).

use std::collections::BTreeMap;
use std::sync::{Mutex, PoisonError};

use super::plan::Unit;
use crate::error::{Error, Result};

/// Units by index, read on demand from `source`.
pub(super) struct Feed<I> {
    state: Mutex<State<I>>,
}

struct State<I> {
    source: I,
    /// Index of the next unit `source` yields.
    next: usize,
    /// Units read but not yet taken.
    parked: BTreeMap<usize, Unit>,
    /// The most units parked at once.
    peak: usize,
    /// The first error `source` yielded.
    error: Option<Error>,
}

impl<I: Iterator<Item = Result<Unit>>> Feed<I> {
    /// A feed over `source`, whose n-th unit is job index n.
    pub(super) fn new(source: I) -> Self {
        Feed {
            state: Mutex::new(State {
                source,
                next: 0,
                parked: BTreeMap::new(),
                peak: 0,
                error: None,
            }),
        }
    }

    /// The backend index of unit `index` (0 when the source ended early or failed), which
    /// stays in the feed until taken.
    pub(super) fn backend_of(&self, index: usize) -> usize {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(unit) = state.parked.get(&index) {
            return unit.job.backend;
        }
        match state.read_to(index) {
            Some(unit) => {
                let backend = unit.job.backend;
                state.park(index, unit);
                backend
            }
            None => 0,
        }
    }

    /// Unit `index`; `None` when the source ended early or failed (the error is kept for
    /// [`Feed::finish`]). Each index may be taken once.
    pub(super) fn take(&self, index: usize) -> Option<Unit> {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(unit) = state.parked.remove(&index) {
            return Some(unit);
        }
        state.read_to(index)
    }

    /// The most units that waited in the feed at once.
    #[cfg(test)]
    pub(super) fn peak(&self) -> usize {
        self.state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .peak
    }

    /// `Err` with the first error the source yielded.
    pub(super) fn finish(self) -> Result<()> {
        let state = self
            .state
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        state.error.map_or(Ok(()), Err)
    }
}

impl<I: Iterator<Item = Result<Unit>>> State<I> {
    /// Reads the source up to unit `index` (not parked yet), parking the units before it.
    fn read_to(&mut self, index: usize) -> Option<Unit> {
        while self.next <= index && self.error.is_none() {
            let at = self.next;
            self.next += 1;
            match self.source.next() {
                Some(Ok(unit)) if at == index => return Some(unit),
                Some(Ok(unit)) => self.park(at, unit),
                Some(Err(e)) => self.error = Some(e),
                None => {
                    let message = format!("the run's plan ended at unit {at}, before {index}");
                    self.error = Some(Error::usage(message));
                }
            }
        }
        None
    }

    fn park(&mut self, index: usize, unit: Unit) {
        self.parked.insert(index, unit);
        self.peak = self.peak.max(self.parked.len());
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;
    use crate::dataset::Task;
    use crate::run::plan::{GoldItem, Job};
    use crate::run::pool::Pool;

    fn unit(i: usize) -> Unit {
        Unit {
            job: Job {
                task: Task::Answer,
                item: i,
                backend: i % 2,
            },
            repeat: 0,
            item: GoldItem::Qa(std::sync::Arc::new(
                serde_json::from_value(serde_json::json!({
                    "id": format!("q{i}"), "question": "?", "answers": ["a"],
                }))
                .unwrap(),
            )),
        }
    }

    /// The structural proof that a run streams: over 20,000 units the pool never makes the
    /// plan read more than its window (64 units) past the record being written, and never
    /// more than the window of units waits in the feed, so memory does not depend on the
    /// length of the run.
    #[test]
    fn the_pool_reads_the_plan_no_further_than_its_window_ahead() {
        let produced = AtomicUsize::new(0);
        let source = (0..20_000).map(|i| {
            produced.fetch_add(1, Ordering::SeqCst);
            Ok(unit(i))
        });
        let feed = Feed::new(source);
        let pool = Pool {
            workers: 4,
            limits: vec![None, Some(1)],
            stop: None,
        };
        let mut ahead = 0;
        pool.run(
            20_000,
            &|i| feed.backend_of(i),
            &|i, _| feed.take(i).map(|u| u.job.item),
            &mut |i, item| {
                assert_eq!(item, Some(i));
                ahead = ahead.max(produced.load(Ordering::SeqCst) - i);
                Ok(())
            },
            &mut |_| {},
        )
        .unwrap();
        assert_eq!(produced.load(Ordering::SeqCst), 20_000);
        assert!(ahead <= 64, "read {ahead} units ahead");
        assert!(feed.peak() <= 64, "{} units waited", feed.peak());
        feed.finish().unwrap();
    }

    #[test]
    fn a_source_error_ends_the_feed_and_is_returned() {
        let source = (0..10).map(|i| {
            if i == 3 {
                Err(Error::usage("qa.jsonl changed"))
            } else {
                Ok(unit(i))
            }
        });
        let feed = Feed::new(source);
        assert_eq!(feed.backend_of(1), 1);
        assert_eq!(feed.take(0).map(|u| u.job.item), Some(0));
        assert_eq!(feed.take(1).map(|u| u.job.item), Some(1));
        assert!(feed.take(4).is_none());
        assert!(
            feed.take(2).is_some(),
            "read before the error, so still there"
        );
        let err = feed.finish().unwrap_err();
        assert!(err.to_string().contains("qa.jsonl changed"), "{err}");
    }
}
