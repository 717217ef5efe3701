//! Verification windows and throttling parameters.

use super::error::ConfigError;

/// The hard upper bound on consecutive failures any policy may allow (NIST SP 800-63B §5.2.2).
pub const MAX_CONSECUTIVE_FAILURES: u32 = 100;

/// Attempts allowed in a fixed window (successes count too).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    /// Attempts (or sends) allowed per window; at least 1.
    pub max: u32,
    /// Window length in seconds; at least 1.
    pub window: u64,
}

impl Limit {
    /// `max` per `window` seconds.
    pub const fn new(max: u32, window: u64) -> Self {
        Self { max, window }
    }
    pub(crate) fn validate(&self) -> Result<(), ConfigError> {
        if self.max == 0 || self.window == 0 {
            return Err(ConfigError("a limit needs max >= 1 and window >= 1 s"));
        }
        Ok(())
    }
}

/// Throttling of one credential across sessions and processes.
///
/// Each attempt is counted as a failure *before* the code's result is applied (atomically in the
/// store); a success resets the count. After `free_failures` failures every further failure
/// locks the credential for `base_backoff * 2^(n - free_failures - 1)` seconds (capped at
/// `max_backoff`); at `max_failures` consecutive failures it is exhausted until an operator
/// unlocks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThrottlePolicy {
    /// Failures allowed before backoff starts (default 3).
    pub free_failures: u32,
    /// First backoff in seconds (default 2).
    pub base_backoff: u64,
    /// Longest backoff in seconds (default 900).
    pub max_backoff: u64,
    /// Hard cap of consecutive failures, 1..=100 (default 100).
    pub max_failures: u32,
    /// Optional cap on all attempts per window (default none).
    pub rate: Option<Limit>,
    /// Seconds of inactivity after which the throttle state may be dropped; `None` keeps it
    /// forever (required for HOTP, whose high-water mark is the counter). Default 30 days.
    pub state_ttl: Option<u64>,
}

impl Default for ThrottlePolicy {
    fn default() -> Self {
        Self {
            free_failures: 3,
            base_backoff: 2,
            max_backoff: 900,
            max_failures: MAX_CONSECUTIVE_FAILURES,
            rate: None,
            state_ttl: Some(30 * 86_400),
        }
    }
}

impl ThrottlePolicy {
    /// Checks the ranges (hard cap 1..=100, backoff >= 1 s, max >= base) and that the state
    /// outlives every lock: `state_ttl` must be longer than [`ThrottlePolicy::longest_lock`],
    /// or a state that expires while the credential is locked would reset the failure count
    /// (e.g. a 1 s TTL with a 2 s backoff: 4 guesses every 2 s forever, never reaching the cap).
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.max_failures == 0 || self.max_failures > MAX_CONSECUTIVE_FAILURES {
            return Err(ConfigError("max_failures must be between 1 and 100"));
        }
        if self.base_backoff == 0 || self.max_backoff < self.base_backoff {
            return Err(ConfigError("need 1 <= base_backoff <= max_backoff"));
        }
        if self.state_ttl == Some(0) {
            return Err(ConfigError("state_ttl must be at least 1 s"));
        }
        if self.state_ttl.is_some_and(|ttl| ttl <= self.longest_lock()) {
            return Err(ConfigError(
                "state_ttl must be longer than the longest backoff lock before max_failures \
                 (the state would expire while locked and the failure count restart)",
            ));
        }
        if let Some(rate) = &self.rate {
            rate.validate()?;
        }
        Ok(())
    }

    /// The longest lock a failure below the hard cap can set (the failure that reaches the cap
    /// exhausts the credential instead): `backoff_after(max_failures - 1)`, as backoff never
    /// decreases. An attacker guessing as fast as allowed waits at most this long between two
    /// attempts, so a state living longer than this is never lost before the cap.
    pub fn longest_lock(&self) -> u64 {
        self.backoff_after(self.max_failures.saturating_sub(1))
    }

    /// Lock duration after the `failures`-th consecutive failure (0 while within the free ones).
    pub fn backoff_after(&self, failures: u32) -> u64 {
        if failures <= self.free_failures {
            return 0;
        }
        let doublings = failures - self.free_failures - 1;
        let factor = 1u64.checked_shl(doublings.min(63)).unwrap_or(u64::MAX);
        self.base_backoff
            .saturating_mul(factor)
            .min(self.max_backoff)
    }
}

/// Which TOTP steps are accepted around the current one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TotpPolicy {
    /// Steps accepted before the current one (default 1).
    pub back: u64,
    /// Steps accepted after the current one (default 1).
    pub forward: u64,
    /// Drift tracking: `Some(max)` shifts the window by the client's last observed offset,
    /// limited to ±`max` steps. Default `None`.
    pub drift: Option<u64>,
}

impl Default for TotpPolicy {
    fn default() -> Self {
        Self {
            back: 1,
            forward: 1,
            drift: None,
        }
    }
}

impl TotpPolicy {
    /// The strict profile: one step back, none forward, no drift.
    pub fn strict() -> Self {
        Self {
            back: 1,
            forward: 0,
            drift: None,
        }
    }
    /// Builder: enable drift tracking up to ±`max` steps.
    pub fn with_drift(mut self, max: u64) -> Self {
        self.drift = Some(max);
        self
    }
    /// Windows are limited to 10 steps each way and drift to 10 steps.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.back > 10 || self.forward > 10 || self.drift.is_some_and(|d| d > 10) {
            return Err(ConfigError(
                "TOTP windows and drift are limited to 10 steps",
            ));
        }
        Ok(())
    }
}

/// HOTP look-ahead and resynchronisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HotpPolicy {
    /// Counters after the expected one that a single code may match (default 10).
    pub look_ahead: u64,
    /// How far two consecutive codes are searched for during resync (default 100, max 10 000).
    pub resync_window: u64,
}

impl Default for HotpPolicy {
    fn default() -> Self {
        Self {
            look_ahead: 10,
            resync_window: 100,
        }
    }
}

impl HotpPolicy {
    /// Look-ahead at most 100, resync window at most 10 000.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.look_ahead > 100 || self.resync_window > 10_000 {
            return Err(ConfigError(
                "HOTP look_ahead <= 100 and resync_window <= 10000",
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_caps() {
        let p = ThrottlePolicy::default();
        assert_eq!(
            (1..=8).map(|n| p.backoff_after(n)).collect::<Vec<_>>(),
            vec![0, 0, 0, 2, 4, 8, 16, 32]
        );
        assert_eq!(p.backoff_after(100), 900);
        assert_eq!(p.backoff_after(u32::MAX), 900);
        assert!(p.validate().is_ok());
        let bad = ThrottlePolicy {
            max_failures: 101,
            ..p
        };
        assert!(bad.validate().is_err());
        assert!(TotpPolicy::default().with_drift(11).validate().is_err());
    }
}
