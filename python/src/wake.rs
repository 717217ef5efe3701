//! Safe wake-ups of the coroutine forms at interpreter exit.
//!
//! A coroutine awaits an FFI future whose work runs on the `blocking` pool; the pool thread then
//! wakes PyO3's asyncio waker, which attaches to the interpreter and calls
//! `loop.call_soon_threadsafe`. That call releases the GIL while it writes to the loop's
//! self-pipe, so the event loop can finish and the interpreter start finalizing before the pool
//! thread takes the GIL back: the process then aborts at exit ("PyGILState_Release: thread state
//! must be current", seen with `asyncio.run(main())` scripts). [`Tracked`] counts wake-ups in
//! progress and drops those that start after [`close_wakers`], which `otpkit/__init__.py`
//! registers with `atexit` (atexit runs before finalization): it waits, with the GIL released,
//! until every wake-up in progress has returned (at most 2 s).

use pyo3::prelude::*;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::SeqCst};
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};
use std::time::{Duration, Instant};

static WAKING: AtomicUsize = AtomicUsize::new(0);
static CLOSING: AtomicBool = AtomicBool::new(false);

struct Guarded(Waker);

impl Wake for Guarded {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref()
    }

    fn wake_by_ref(self: &Arc<Self>) {
        // Count first, then look at the flag: either close_wakers sees this wake-up in progress
        // and waits for it, or this wake-up sees the flag and does nothing.
        WAKING.fetch_add(1, SeqCst);
        if !CLOSING.load(SeqCst) {
            self.0.wake_by_ref();
        }
        WAKING.fetch_sub(1, SeqCst);
    }
}

/// A future whose wake-ups go through [`Guarded`].
pub(crate) struct Tracked<F>(Pin<Box<F>>);

/// Wraps an FFI future awaited by a coroutine method.
pub(crate) fn tracked<F: Future>(f: F) -> Tracked<F> {
    Tracked(Box::pin(f))
}

impl<F: Future> Future for Tracked<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let waker = Waker::from(Arc::new(Guarded(cx.waker().clone())));
        self.0.as_mut().poll(&mut Context::from_waker(&waker))
    }
}

/// Called at exit (atexit): stops wake-ups and waits for those in progress.
#[pyfunction]
fn _close_wakers(py: Python<'_>) {
    CLOSING.store(true, SeqCst);
    py.detach(|| {
        let started = Instant::now();
        while WAKING.load(SeqCst) != 0 && started.elapsed() < Duration::from_secs(2) {
            std::thread::sleep(Duration::from_millis(1));
        }
    });
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(_close_wakers, m)?)?;
    Ok(())
}
