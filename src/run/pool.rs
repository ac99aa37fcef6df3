//! A bounded worker pool that finishes jobs in any order and hands them back in job order.
//!
//! `workers` threads take job indices in order. A job waits for a permit of its backend's
//! limit (`max_concurrency`) before it runs. Finished records go to the caller's thread,
//! which holds a reorder buffer and emits them in job order, so `items.jsonl` is the same
//! whatever the timing. Workers never run more than `window` jobs ahead of the oldest
//! unfinished one, which bounds the buffer (and memory) when one request is slow.

use std::collections::BTreeMap;
use std::sync::mpsc;
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

use super::retry::{RetryNotice, ThrottleNotice};
use crate::error::Result;
use crate::record::ItemRecord;

/// What workers report to the caller's thread; `T` is a finished job's result (the record,
/// with whatever the caller needs to emit it).
pub(super) enum Event<T = ItemRecord> {
    /// A retry is about to wait.
    Retry(RetryNotice),
    /// Job `index` finished.
    Done(usize, T),
    /// A request waits for its backend's rate budget.
    Throttle(ThrottleNotice),
}

/// A counting semaphore.
struct Permits {
    /// Free permits, and how many threads wait for one.
    free: Mutex<(usize, usize)>,
    freed: Condvar,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Permits {
    fn new(n: usize) -> Permits {
        Permits {
            free: Mutex::new((n, 0)),
            freed: Condvar::new(),
        }
    }

    fn acquire(&self) {
        let mut state = lock(&self.free);
        while state.0 == 0 {
            state.1 += 1;
            state = self
                .freed
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
            state.1 -= 1;
        }
        state.0 -= 1;
    }

    /// Returns a permit; wakes a waiting thread only when there is one (a notification is
    /// a system call even with nobody waiting).
    fn release(&self) {
        let waiting = {
            let mut state = lock(&self.free);
            state.0 += 1;
            state.1 > 0
        };
        if waiting {
            self.freed.notify_one();
        }
    }
}

/// Which job is next, how far the ordered output has got, whether to stop, and how many
/// workers wait for the window to move.
struct Cursor {
    next: usize,
    written: usize,
    stop: bool,
    waiting: usize,
}

/// How a run's jobs are spread over threads.
pub(super) struct Pool {
    /// Worker threads (`--jobs`).
    pub workers: usize,
    /// Per backend: at most this many of its jobs at once.
    pub limits: Vec<Option<usize>>,
    /// When set (Ctrl-C), no new job starts; jobs already running finish and are emitted.
    pub stop: Option<std::sync::Arc<std::sync::atomic::AtomicBool>>,
}

impl Pool {
    /// Runs `total` jobs. `backend_of(i)` is job `i`'s backend index; `work(i, events)` does
    /// the job (reporting retries on `events`). `emit` receives the records in job order,
    /// and `on_event` the retry and rate-limit notices, both on the calling thread. An error from `emit`
    /// stops the pool: no new jobs start, and the error is returned.
    pub(super) fn run<T: Send>(
        &self,
        total: usize,
        backend_of: &(dyn Fn(usize) -> usize + Sync),
        work: &(dyn Fn(usize, &mpsc::Sender<Event<T>>) -> T + Sync),
        emit: &mut dyn FnMut(usize, T) -> Result<()>,
        on_event: &mut dyn FnMut(Event<T>),
    ) -> Result<()> {
        let workers = self.workers.clamp(1, total.max(1));
        let window = (16 * workers).max(64);
        let permits: Vec<Option<Permits>> = self
            .limits
            .iter()
            .map(|l| l.map(|n| Permits::new(n.max(1))))
            .collect();
        let cursor = Mutex::new(Cursor {
            next: 0,
            written: 0,
            stop: false,
            waiting: 0,
        });
        let moved = Condvar::new();
        let (sender, receiver) = mpsc::channel();
        std::thread::scope(|scope| {
            for _ in 0..workers {
                let sender = sender.clone();
                let (cursor, moved, permits) = (&cursor, &moved, &permits);
                scope.spawn(move || {
                    while let Some(i) =
                        take(cursor, moved, total, window).filter(|_| !self.stopped())
                    {
                        let permit = permits.get(backend_of(i)).and_then(Option::as_ref);
                        if let Some(p) = permit {
                            p.acquire();
                        }
                        let record = work(i, &sender);
                        if let Some(p) = permit {
                            p.release();
                        }
                        if sender.send(Event::Done(i, record)).is_err() {
                            break;
                        }
                    }
                });
            }
            drop(sender);
            let result = collect(&receiver, total, &cursor, &moved, emit, on_event);

            if result.is_err() {
                lock(&cursor).stop = true;
                moved.notify_all();
                drop(receiver);
            }
            result
        })
    }
}

impl Pool {
    fn stopped(&self) -> bool {
        self.stop
            .as_ref()
            .is_some_and(|s| s.load(std::sync::atomic::Ordering::SeqCst))
    }
}

/// The next job index, waiting while the window is full; `None` when all are taken.
fn take(cursor: &Mutex<Cursor>, moved: &Condvar, total: usize, window: usize) -> Option<usize> {
    let mut c = lock(cursor);
    loop {
        if c.stop || c.next >= total {
            return None;
        }
        if c.next < c.written + window {
            c.next += 1;
            return Some(c.next - 1);
        }
        c.waiting += 1;
        c = moved.wait(c).unwrap_or_else(PoisonError::into_inner);
        c.waiting -= 1;
    }
}

/// Receives finished jobs and emits them in order.
fn collect<T>(
    receiver: &mpsc::Receiver<Event<T>>,
    total: usize,
    cursor: &Mutex<Cursor>,
    moved: &Condvar,
    emit: &mut dyn FnMut(usize, T) -> Result<()>,
    on_event: &mut dyn FnMut(Event<T>),
) -> Result<()> {
    let mut buffer = BTreeMap::new();
    let mut written = 0;
    while written < total {
        let Ok(event) = receiver.recv() else { break };
        match event {
            Event::Retry(_) | Event::Throttle(..) => on_event(event),
            Event::Done(i, record) => {
                buffer.insert(i, record);
                let before = written;
                while let Some(record) = buffer.remove(&written) {
                    emit(written, record)?;
                    written += 1;
                }
                if written > before {
                    advance(cursor, moved, written, written - before);
                }
            }
        }
    }
    Ok(())
}

/// Moves the window to `written` and wakes as many waiting workers as it freed slots
/// (`freed`), not all of them: with 64 workers, waking every one on every record cost
/// more than the requests themselves.
fn advance(cursor: &Mutex<Cursor>, moved: &Condvar, written: usize, freed: usize) {
    let wake = {
        let mut c = lock(cursor);
        c.written = written;
        c.waiting.min(freed)
    };
    for _ in 0..wake {
        moved.notify_one();
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    use super::*;
    use crate::dataset::Task;

    fn record(i: usize) -> ItemRecord {
        ItemRecord::new(format!("i{i}"), Task::Answer, "b")
    }

    /// Jobs finish in scrambled order, yet come out in job order; backend 1 never has more
    /// than 2 jobs running; at most `workers` run at all.
    #[test]
    fn records_come_out_in_job_order_within_the_limits() {
        let running = [AtomicUsize::new(0), AtomicUsize::new(0)];
        let peak = [AtomicUsize::new(0), AtomicUsize::new(0)];
        let all = AtomicUsize::new(0);
        let all_peak = AtomicUsize::new(0);
        let pool = Pool {
            workers: 6,
            limits: vec![None, Some(2)],
            stop: None,
        };
        let mut order = Vec::new();
        pool.run(
            200,
            &|i| i % 2,
            &|i, _| {
                let b = i % 2;
                let now = running[b].fetch_add(1, Ordering::SeqCst) + 1;
                peak[b].fetch_max(now, Ordering::SeqCst);
                let n = all.fetch_add(1, Ordering::SeqCst) + 1;
                all_peak.fetch_max(n, Ordering::SeqCst);
                std::thread::sleep(Duration::from_micros(((i * 7919) % 13) as u64 * 100));
                all.fetch_sub(1, Ordering::SeqCst);
                running[b].fetch_sub(1, Ordering::SeqCst);
                record(i)
            },
            &mut |i, r| {
                assert_eq!(r.id, format!("i{i}"));
                order.push(i);
                Ok(())
            },
            &mut |_| {},
        )
        .unwrap();
        assert_eq!(order, (0..200).collect::<Vec<_>>());
        assert!(peak[1].load(Ordering::SeqCst) <= 2);
        assert!(
            peak[0].load(Ordering::SeqCst) >= 2,
            "backend 0 ran concurrently"
        );
        assert!(all_peak.load(Ordering::SeqCst) <= 6);
    }

    #[test]
    fn an_emit_error_stops_the_pool() {
        let started = AtomicUsize::new(0);
        let pool = Pool {
            workers: 2,
            limits: vec![None],
            stop: None,
        };
        let result = pool.run(
            10_000,
            &|_| 0,
            &|i, _| {
                started.fetch_add(1, Ordering::SeqCst);
                record(i)
            },
            &mut |i, _| {
                if i == 5 {
                    Err(crate::Error::usage("disk full"))
                } else {
                    Ok(())
                }
            },
            &mut |_| {},
        );
        assert!(result.is_err());
        assert!(started.load(Ordering::SeqCst) < 200, "stopped early");
    }
}
