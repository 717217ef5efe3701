//! Injected time as a foreign trait: Kotlin, Swift and Python can supply it. Named
//! `TimeSource`, not `Clock`, so it does not clash with `Swift.Clock` or `java.time.Clock`.

use std::sync::Arc;

/// A source of the current Unix time in seconds; implement it to inject time.
#[uniffi::export(with_foreign)]
pub trait TimeSource: Send + Sync {
    /// Seconds since the Unix epoch.
    fn now_unix(&self) -> i64;
}

struct SystemTimeSource;

impl TimeSource for SystemTimeSource {
    fn now_unix(&self) -> i64 {
        crate::error::out_i64(otpkit::TimeSource::now_unix(&otpkit::SystemTimeSource))
    }
}

/// The operating system's wall clock.
#[uniffi::export]
pub fn system_time_source() -> Arc<dyn TimeSource> {
    Arc::new(SystemTimeSource)
}

struct Fixed(i64);

impl TimeSource for Fixed {
    fn now_unix(&self) -> i64 {
        self.0
    }
}

/// A time source that always answers `unix_time` (tests, previews).
#[uniffi::export]
pub fn fixed_time_source(unix_time: i64) -> Arc<dyn TimeSource> {
    Arc::new(Fixed(unix_time))
}

/// Adapts an FFI time source to the core's clock. A foreign source answering a negative time
/// reads as the epoch (the core's clocks are unsigned; no code is valid before 1970).
#[derive(Clone)]
pub(crate) struct CoreClock(pub Arc<dyn TimeSource>);

impl otpkit::TimeSource for CoreClock {
    fn now_unix(&self) -> u64 {
        u64::try_from(self.0.now_unix()).unwrap_or(0)
    }
}

/// The given time source, or the system one.
#[cfg(any(feature = "storage", feature = "server"))]
pub(crate) fn or_system(time: Option<Arc<dyn TimeSource>>) -> CoreClock {
    CoreClock(time.unwrap_or_else(system_time_source))
}
