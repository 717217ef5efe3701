//! Injected time. Algorithms take a [`TimeSource`] or an explicit Unix time and never read the system clock.

/// A source of the current Unix time in seconds.
pub trait TimeSource: Send + Sync {
    /// Seconds since 1970-01-01T00:00:00Z.
    fn now_unix(&self) -> u64;
}

/// The operating system's wall clock. The only place in the crate that reads system time.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemTimeSource;

impl TimeSource for SystemTimeSource {
    fn now_unix(&self) -> u64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0)
    }
}

/// A clock that always answers the same time (tests, `--at`), and can be moved.
#[derive(Debug, Default)]
pub struct FixedTimeSource(std::sync::atomic::AtomicU64);

impl FixedTimeSource {
    /// A clock stopped at `unix` seconds.
    pub fn new(unix: u64) -> Self {
        Self(std::sync::atomic::AtomicU64::new(unix))
    }
    /// Moves the clock to `unix` seconds.
    pub fn set(&self, unix: u64) {
        self.0.store(unix, std::sync::atomic::Ordering::SeqCst);
    }
    /// Moves the clock forward by `secs` seconds.
    pub fn advance(&self, secs: u64) {
        self.0.fetch_add(secs, std::sync::atomic::Ordering::SeqCst);
    }
}

impl TimeSource for FixedTimeSource {
    fn now_unix(&self) -> u64 {
        self.0.load(std::sync::atomic::Ordering::SeqCst)
    }
}

impl<C: TimeSource + ?Sized> TimeSource for std::sync::Arc<C> {
    fn now_unix(&self) -> u64 {
        (**self).now_unix()
    }
}

impl<C: TimeSource + ?Sized> TimeSource for &C {
    fn now_unix(&self) -> u64 {
        (**self).now_unix()
    }
}
