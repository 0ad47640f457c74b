//! Small jobs on every core, each job's output used in job order on the calling thread as soon
//! as it and every job before it are done — how `shenfu assess` writes reports.
//!
//! Why not one large part per core, written when every part is done ([`in_order`]): a report
//! is 4–8 KB, so a part of a few hundred reports is megabytes, written out of the cores' caches
//! and into memory, and a core that finishes first waits for the others. Here a job is a few
//! dozen reports (a few hundred KB, which is still in cache when it is written), the
//! threads live for the whole call, and a job is taken by whichever thread is free. At most
//! [`AHEAD`] jobs for each thread, capped at [`WINDOW`] in all (the bound on two cores or more,
//! shared by the threads: one of them may run far ahead while another's core is taken), wait
//! to be used, so memory stays bounded however slow the reader of the output is.
//!
//! [`in_order`]: shenfu_rules::batch::in_order

use std::any::Any;
use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

/// Jobs that may be done ahead of the next one to be used, for each thread (capped at
/// [`WINDOW`]): enough to keep working through a few milliseconds in which the thread holding the
/// next job has lost its core (the host or another process taking it), or the reader of the
/// output is slow.
const AHEAD: usize = 32;

/// Jobs done and not yet used, at most, whatever the cores: bounds the rooms (buffers) a run
/// makes to 64 jobs' reports, 12–25 MB.
const WINDOW: usize = 64;

/// What the threads share: which job is next, which are done, and the room to reuse.
struct State<S> {
    /// The next job to hand out.
    next: usize,
    /// How many jobs were used, in order.
    used: usize,
    /// Jobs done and not yet used, by number.
    done: BTreeMap<usize, S>,
    /// Room (buffers) used and free again.
    spare: Vec<S>,
    /// Set when `take` said stop or a job panicked: no job is handed out after it.
    stop: bool,
    panic: Option<Box<dyn Any + Send>>,
}

/// Sets `stop` and wakes every thread when dropped.
struct StopOnDrop<'a, S>(&'a Shared<S>);

impl<S> Drop for StopOnDrop<'_, S> {
    fn drop(&mut self) {
        self.0.lock().stop = true;
        self.0.changed.notify_all();
    }
}

struct Shared<S> {
    state: Mutex<State<S>>,
    changed: Condvar,
}

impl<S> Shared<S> {
    fn lock(&self) -> MutexGuard<'_, State<S>> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn wait<'a>(&self, guard: MutexGuard<'a, State<S>>) -> MutexGuard<'a, State<S>> {
        self.changed
            .wait(guard)
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// The next job and its room, when one may be done now (`None` when none is left or the
    /// window is full; `stop` or none left ends a thread).
    fn hand_out(state: &mut State<S>, jobs: usize, window: usize) -> Option<(usize, S)>
    where
        S: Default,
    {
        if state.stop || state.next >= jobs || state.next >= state.used + window {
            return None;
        }
        let job = state.next;
        state.next += 1;
        Some((job, state.spare.pop().unwrap_or_default()))
    }

    /// Do `job` in `room` and hand it back, done (or the panic that stopped it).
    fn run(&self, job: usize, mut room: S, work: &(impl Fn(usize, &mut S) + Sync)) {
        let ran = catch_unwind(AssertUnwindSafe(|| work(job, &mut room)));
        let mut state = self.lock();
        match ran {
            Ok(()) => {
                state.done.insert(job, room);
            }
            Err(panic) => {
                state.stop = true;
                state.panic.get_or_insert(panic);
            }
        }
        drop(state);
        self.changed.notify_all();
    }
}

/// Run `work(job, room)` for every job in `0..jobs` on up to `threads` threads, and
/// `take(room)` for each done job in job order, on the calling thread (which also does jobs
/// while it waits). `take` returning false stops the run: no later job is taken. `spare` holds
/// rooms (buffers) to reuse, and gets them back (all but that of a job that panicked). A panic
/// in `work` or `take` ends the run and goes on in the caller; a thread the system refuses to
/// start leaves its jobs to the others.
pub fn in_order_as_done<S: Send + Default>(
    jobs: usize,
    threads: usize,
    spare: &mut Vec<S>,
    work: impl Fn(usize, &mut S) + Sync,
    mut take: impl FnMut(&mut S) -> bool,
) {
    let threads = threads.min(jobs);
    if threads <= 1 {
        let mut room = spare.pop().unwrap_or_default();
        for job in 0..jobs {
            work(job, &mut room);
            if !take(&mut room) {
                break;
            }
        }
        spare.push(room);
        return;
    }
    let window = (AHEAD * threads).min(WINDOW.max(threads));
    let shared = Shared {
        state: Mutex::new(State {
            next: 0,
            used: 0,
            done: BTreeMap::new(),
            spare: std::mem::take(spare),
            stop: false,
            panic: None,
        }),
        changed: Condvar::new(),
    };
    std::thread::scope(|scope| {
        // However this closure ends (a panic included), the workers are told to stop before
        // the scope waits for them: none is left waiting for a window nobody empties.
        let _stop = StopOnDrop(&shared);
        for _ in 1..threads {
            let started = std::thread::Builder::new().spawn_scoped(scope, || {
                let mut state = shared.lock();
                loop {
                    if state.stop || state.next >= jobs {
                        return;
                    }
                    let Some((job, room)) = Shared::hand_out(&mut state, jobs, window) else {
                        state = shared.wait(state);
                        continue;
                    };
                    drop(state);
                    shared.run(job, room, &work);
                    state = shared.lock();
                }
            });
            if started.is_err() {
                break;
            }
        }
        let mut state = shared.lock();
        while !state.stop && state.used < jobs {
            let used = state.used;
            if let Some(mut room) = state.done.remove(&used) {
                drop(state);
                let took = catch_unwind(AssertUnwindSafe(|| take(&mut room)));
                state = shared.lock();
                state.used += 1;
                state.spare.push(room);
                match took {
                    Ok(go_on) => state.stop |= !go_on,
                    Err(panic) => {
                        state.stop = true;
                        state.panic.get_or_insert(panic);
                    }
                }
                shared.changed.notify_all();
            } else if let Some((job, room)) = Shared::hand_out(&mut state, jobs, window) {
                drop(state);
                shared.run(job, room, &work);
                state = shared.lock();
            } else {
                state = shared.wait(state);
            }
        }
    });
    let state = shared
        .state
        .into_inner()
        .unwrap_or_else(PoisonError::into_inner);
    *spare = state.spare;
    spare.extend(state.done.into_values());
    if let Some(panic) = state.panic {
        resume_unwind(panic);
    }
}

#[cfg(test)]
mod tests {
    use super::in_order_as_done;

    #[test]
    fn every_job_is_taken_once_in_order() {
        let threads = 2;
        for jobs in [0, 1, 2, 7, 500] {
            let mut taken = Vec::new();
            let mut spare: Vec<Vec<usize>> = Vec::new();
            in_order_as_done(
                jobs,
                threads,
                &mut spare,
                |job, room| {
                    room.clear();
                    // Uneven jobs, so later ones often finish first.
                    let pause = (job * 7919 % 13) as u64 * 20;
                    std::thread::sleep(std::time::Duration::from_micros(pause));
                    room.push(job);
                },
                |room| {
                    taken.extend(room.iter().copied());
                    true
                },
            );
            assert_eq!(taken, (0..jobs).collect::<Vec<_>>());
            // Every room comes back to be reused, and no more than the window were made.
            assert!(
                spare.len() <= (super::AHEAD * threads).min(super::WINDOW) + threads,
                "{}",
                spare.len()
            );
        }
    }

    #[test]
    fn take_saying_stop_ends_the_run_after_it() {
        let mut taken = Vec::new();
        in_order_as_done(
            1000,
            2,
            &mut Vec::new(),
            |job, room: &mut usize| *room = job,
            |room| {
                taken.push(*room);
                *room < 41
            },
        );
        assert_eq!(taken, (0..=41).collect::<Vec<_>>());
    }

    #[test]
    fn a_panicking_take_goes_on_in_the_caller_while_workers_wait() {
        let caught = std::panic::catch_unwind(|| {
            in_order_as_done(
                1000,
                2,
                &mut Vec::new(),
                |job, room: &mut usize| *room = job,
                |room| {
                    assert_ne!(*room, 3, "take fails at 3");
                    true
                },
            );
        });
        assert!(caught.is_err());
    }

    #[test]
    fn a_panicking_job_goes_on_in_the_caller_and_nothing_hangs() {
        let caught = std::panic::catch_unwind(|| {
            in_order_as_done(
                100,
                2,
                &mut Vec::new(),
                |job, room: &mut usize| {
                    assert_ne!(job, 57, "job 57 fails");
                    *room = job;
                },
                |_| true,
            );
        });
        let message = caught
            .err()
            .and_then(|p| p.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        assert!(message.contains("job 57 fails"), "{message}");
    }
}
