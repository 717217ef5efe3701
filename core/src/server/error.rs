//! Typed outcomes of verification, issuing and the store.

/// Why a store operation failed. Every store error makes the calling check fail closed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    /// The backend could not be reached or the connection broke.
    #[error("store unavailable: {0}")]
    Unavailable(String),
    /// The backend answered something this crate does not understand (or a script failed).
    #[error("store protocol error: {0}")]
    Protocol(String),
    /// A value is outside what the store can represent (e.g. a counter above 2^53 for Lua).
    #[error("value out of range for the store: {0}")]
    OutOfRange(&'static str),
    /// An identifier collided (e.g. a random challenge id already exists).
    #[error("store conflict: {0}")]
    Conflict(&'static str),
}

/// Why a submitted code has the wrong shape. Nothing was compared and no attempt was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MalformedReason {
    /// Nothing left after removing spaces and dashes.
    Empty,
    /// A character outside the code's alphabet (ASCII digits, or the Steam/alphanumeric set).
    BadCharacter,
    /// Not exactly the configured number of characters.
    WrongLength,
    /// Absurdly long input (over 64 bytes), refused before any processing.
    TooLong,
}

/// A refused verification. `Display` never includes the submitted code or any secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    /// Wrong code. `remaining` is how many failures are left before the hard cap (`None` where
    /// telling it would distinguish cases that must look alike, e.g. out-of-band codes).
    #[error("invalid code")]
    Invalid { remaining: Option<u32> },
    /// The code is right but for a step at or below the last accepted one.
    #[error("code already used")]
    Replayed,
    /// Too many recent failures: no attempt is possible before `until` (Unix seconds).
    #[error("locked until {until}")]
    Locked { until: u64 },
    /// The code (challenge) is past its lifetime.
    #[error("code expired")]
    Expired,
    /// The hard cap of consecutive failures (or a challenge's attempts) is used up.
    #[error("no attempts left")]
    Exhausted,
    /// Too many attempts in the current window; try again after `retry_after` seconds.
    #[error("rate limited, retry after {retry_after} s")]
    RateLimited { retry_after: u64 },
    /// The input is not a code of the expected shape (not counted as an attempt).
    #[error("malformed code")]
    Malformed(MalformedReason),
    /// The request itself is unusable (e.g. an empty credential id). Nothing was counted.
    #[error("invalid request: {0}")]
    InvalidRequest(&'static str),
    /// The store failed; the check fails closed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The call does not fit the generator (e.g. a HOTP generator passed to a TOTP check).
    #[error(transparent)]
    Config(#[from] ConfigError),
}

impl VerifyError {
    /// The view to show an end user of an out-of-band code: unknown, expired, burned and wrong
    /// challenges all become `Invalid { remaining: None }`, so they cannot be told apart.
    pub fn collapsed(self) -> Self {
        match self {
            VerifyError::Invalid { .. } | VerifyError::Expired | VerifyError::Exhausted => {
                VerifyError::Invalid { remaining: None }
            }
            other => other,
        }
    }
}

/// Which limit refused a send.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LimitScope {
    Destination,
    Ip,
    Prefix,
    Country,
    Global,
    /// The per-challenge resend cooldown.
    Cooldown,
    /// The per-challenge maximum number of sends.
    ChallengeSends,
}

impl LimitScope {
    /// Short stable name, used in store keys and logs.
    pub fn as_str(self) -> &'static str {
        match self {
            LimitScope::Destination => "dst",
            LimitScope::Ip => "ip",
            LimitScope::Prefix => "pfx",
            LimitScope::Country => "cc",
            LimitScope::Global => "all",
            LimitScope::Cooldown => "cool",
            LimitScope::ChallengeSends => "sends",
        }
    }
}

/// Why a code could not be issued or re-sent. Checked before any delivery.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IssueError {
    /// A send limit or the resend cooldown refused it.
    #[error("rate limited by the {scope:?} limit, retry after {retry_after} s")]
    RateLimited { scope: LimitScope, retry_after: u64 },
    /// Resend of a challenge that is unknown, expired, used or burned.
    #[error("unknown challenge")]
    UnknownChallenge,
    /// The request itself is unusable (empty purpose, bad channel/destination...).
    #[error("invalid request: {0}")]
    InvalidRequest(&'static str),
    /// The store failed; nothing is sent.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A configuration value out of its allowed range.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid server configuration: {0}")]
pub struct ConfigError(pub &'static str);

/// A non-fatal finding about a store's configuration (e.g. Redis may evict keys).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Stable machine-readable code, e.g. `"redis.maxmemory-policy"`.
    pub code: &'static str,
    /// Human-readable explanation.
    pub message: String,
}
