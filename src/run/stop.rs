//! Interruptible waits. Ctrl-C (or SIGTERM) sets the run's stop flag; every wait of the
//! runner (retry backoff, a server's `Retry-After`, a rate budget) polls it and ends at once,
//! and the job whose wait was cut short is not journaled, so `--resume` runs it again.

use std::cell::Cell;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How often a wait looks at the stop flag.
const POLL: Duration = Duration::from_millis(20);

thread_local! {
    /// Set when a wait on this thread was cut short by the stop flag.
    static CUT_SHORT: Cell<bool> = const { Cell::new(false) };
}

/// The flag Ctrl-C sets (`None`: the run cannot be stopped).
#[derive(Debug, Clone, Default)]
pub struct Stop(Option<Arc<AtomicBool>>);

impl Stop {
    /// A stop that follows `flag`.
    pub fn new(flag: Option<Arc<AtomicBool>>) -> Stop {
        Stop(flag)
    }

    /// True once the run has been asked to stop.
    pub fn is_set(&self) -> bool {
        self.0.as_ref().is_some_and(|f| f.load(Ordering::SeqCst))
    }

    /// Sleeps for `wait`, or less when the stop is set meanwhile; false when cut short (the
    /// current thread's job is then marked, see [`watch`]).
    pub fn sleep(&self, wait: Duration) -> bool {
        let start = Instant::now();
        loop {
            if self.is_set() {
                CUT_SHORT.with(|c| c.set(true));
                return false;
            }
            let left = wait.saturating_sub(start.elapsed());
            if left.is_zero() {
                return true;
            }
            std::thread::sleep(left.min(POLL));
        }
    }
}

/// Runs `job` on this thread; also says whether a wait in it was cut short by a stop (the
/// job's calls, including those its metrics make, ended early and its result is partial).
pub fn watch<T>(job: impl FnOnce() -> T) -> (T, bool) {
    CUT_SHORT.with(|c| c.set(false));
    let value = job();
    (value, CUT_SHORT.with(|c| c.replace(false)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_set_stop_cuts_waits_short_and_marks_the_job() {
        let flag = Arc::new(AtomicBool::new(false));
        let stop = Stop::new(Some(Arc::clone(&flag)));
        let (finished, cut) = watch(|| stop.sleep(Duration::from_millis(1)));
        assert!(finished && !cut);
        let setter = {
            let flag = Arc::clone(&flag);
            std::thread::spawn(move || flag.store(true, Ordering::SeqCst))
        };
        let (finished, cut) = watch(|| stop.sleep(Duration::MAX));
        setter.join().unwrap();
        assert!(
            !finished && cut,
            "an endless wait ends when the flag is set"
        );
        assert!(!Stop::default().is_set());
        assert!(!watch(|| ()).1, "the mark is per job");
    }
}
