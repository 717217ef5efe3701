//! Keeps the interpreter from finalizing while a pool thread is waking a PyO3 coroutine.
//!
//! An FFI `async fn` finishes on the `blocking` crate's pool and wakes PyO3's asyncio waker from
//! that thread, under `Python::attach`: `loop.call_soon_threadsafe(...)` writes to the loop's
//! self-pipe, which releases the GIL. The event loop can then finish the coroutine, and a script
//! whose last statement was `asyncio.run(...)` starts finalizing while the pool thread still has
//! to take the GIL back to leave `attach`; a thread that takes the GIL during finalization is
//! killed ("PyGILState_Release: thread state must be current", SIGABRT or SIGSEGV at exit).
//!
//! [`guarded`] wraps such a future so that every wake is counted while it runs, and
//! `_native._wait_for_wakes()` (registered with `atexit` by `otpkit/_storage.py`, which runs before
//! finalization) waits, without the GIL and for at most a few seconds, until none is running.

use pyo3::prelude::*;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Condvar, Mutex};
use std::task::{Context, Poll, Wake, Waker};
use std::time::Duration;

/// Wakes running now.
static RUNNING: Mutex<usize> = Mutex::new(0);
static IDLE: Condvar = Condvar::new();

/// How long interpreter exit waits for a wake to finish (a wake takes microseconds).
const EXIT_WAIT: Duration = Duration::from_secs(5);

fn running() -> std::sync::MutexGuard<'static, usize> {
    RUNNING.lock().unwrap_or_else(|p| p.into_inner())
}

struct CountingWaker(Waker);

impl Wake for CountingWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        *running() += 1;
        self.0.wake_by_ref();
        let mut n = running();
        *n -= 1;
        if *n == 0 {
            IDLE.notify_all();
        }
    }
}

/// A future whose wakes `_wait_for_wakes` waits for.
pub(crate) struct Guarded<F>(Pin<Box<F>>);

impl<F: Future> Future for Guarded<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let waker = Waker::from(Arc::new(CountingWaker(cx.waker().clone())));
        self.0.as_mut().poll(&mut Context::from_waker(&waker))
    }
}

/// `future`, with its wakes counted (see the module docs).
pub(crate) fn guarded<F: Future>(future: F) -> Guarded<F> {
    Guarded(Box::pin(future))
}

/// Waits (without the GIL, at most a few seconds) until no pool thread is waking a coroutine.
#[pyfunction]
fn _wait_for_wakes(py: Python<'_>) {
    py.detach(|| {
        let n = running();
        let _ = IDLE.wait_timeout_while(n, EXIT_WAIT, |n| *n > 0);
    });
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(_wait_for_wakes, m)?)?;
    Ok(())
}
