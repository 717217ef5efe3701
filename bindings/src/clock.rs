//! The clock as a foreign trait: Kotlin, Swift and Python can supply the time.

use std::sync::Arc;

/// A source of the current Unix time in seconds; implement it in Kotlin/Swift/Python to inject time.
#[uniffi::export(with_foreign)]
pub trait Clock: Send + Sync {
    /// Seconds since the Unix epoch.
    fn now_unix(&self) -> u64;
}

struct SystemClock;

impl Clock for SystemClock {
    fn now_unix(&self) -> u64 {
        otpkit::Clock::now_unix(&otpkit::SystemClock)
    }
}

/// The operating system's wall clock.
#[uniffi::export]
pub fn system_clock() -> Arc<dyn Clock> {
    Arc::new(SystemClock)
}

/// Adapts an FFI clock to the core's clock trait.
pub(crate) struct CoreClock(pub Arc<dyn Clock>);

impl otpkit::Clock for CoreClock {
    fn now_unix(&self) -> u64 {
        self.0.now_unix()
    }
}
