//! The [`Store`] trait: the few atomic operations the server helpers need, with the same
//! semantics in every backend ([`MemoryStore`], and `RedisStore` behind the `redis` feature).
//!
//! Every operation receives the current time from the caller (the injected clock); backends
//! never read a clock for their decisions. Each operation is atomic and is one round trip to a
//! remote backend (for Redis: one `EVALSHA`).

pub mod delivery;
mod logic;
mod memory;
#[cfg(feature = "redis")]
mod redis;

#[cfg(feature = "redis")]
pub use self::redis::{DiagnosticSink, RedisOptions, RedisStore};
use super::error::{Diagnostic, LimitScope, StoreError};
use super::policy::{Limit, ThrottlePolicy};
pub use delivery::{DeliveryStatus, DeliveryUpdate, SendRecord};
pub use memory::MemoryStore;

/// Largest step/counter/time the stores accept (Lua numbers are doubles: 2^53 is exact).
pub const MAX_STORE_INT: u64 = (1 << 53) - 1;

/// What a verifier found, handed to [`Store::attempt`] so the store decides atomically.
///
/// The verifier computes the codes of every step that could be acceptable and lists the steps
/// whose code matched the input (constant-time compares, usually zero or one match). The store
/// counts the attempt, then accepts the first listed step inside
/// `center + drift - back ..= center + drift + forward` that is above the high-water mark.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Claim {
    /// Matching steps in ascending order (empty for a wrong code).
    pub steps: Vec<u64>,
    /// The window's centre: the current TOTP step, or the expected HOTP counter.
    pub center: u64,
    /// Steps accepted below the centre.
    pub back: u64,
    /// Steps accepted above the centre.
    pub forward: u64,
    /// `Some(max)`: shift the window by the stored drift and store `step - center` (clamped to
    /// ±max) on success. `None`: no drift.
    pub drift: Option<u64>,
}

/// A credential's throttle and replay state (as read by [`Store::credential_state`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CredentialState {
    /// Consecutive failures (attempts not followed by a success).
    pub failures: u32,
    /// No attempt is accepted before this Unix time.
    pub locked_until: u64,
    /// The last accepted step/counter.
    pub high_water: Option<u64>,
    /// Tracked clock drift in steps (0 without drift tracking).
    pub drift: i64,
    /// Start of the current rate window.
    pub window_start: u64,
    /// Attempts in the current rate window.
    pub window_count: u32,
}

/// The result of [`Store::attempt`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttemptOutcome {
    /// A claimed step was accepted and is now the high-water mark; failures reset.
    Accepted { step: u64, drift: i64 },
    /// Counted as a failure; `remaining` failures are left before the hard cap.
    Invalid { remaining: u32 },
    /// A claimed step was in the window but not above the high-water mark (counted as a failure).
    Replayed { remaining: u32 },
    /// Refused without counting: locked by backoff until `until`.
    Locked { until: u64 },
    /// Refused without counting: the attempt rate limit is reached.
    RateLimited { retry_after: u64 },
    /// Refused without counting: the hard cap of consecutive failures is reached.
    Exhausted,
}

/// One fixed-window counter of [`Store::hit_counters`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CounterSpec {
    /// Logical key (already hashed; see [`super::keys`]).
    pub key: String,
    pub limit: Limit,
    /// Reported back when this counter refuses.
    pub scope: LimitScope,
}

/// The result of [`Store::hit_counters`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CounterOutcome {
    /// Every counter had room; all were incremented.
    Allowed,
    /// Counter `index` is full; none was incremented.
    Denied { index: usize, retry_after: u64 },
}

/// A stored out-of-band challenge: only a MAC of the code, never the code.
#[derive(Clone, PartialEq, Eq)]
pub struct ChallengeRecord {
    /// HMAC-SHA256 over purpose, subject, challenge id, transaction digest and code.
    pub mac: [u8; 32],
    /// Identifier of the pepper that made `mac` (for rotation).
    pub key_id: String,
    /// The challenge is dead at and after this Unix time.
    pub expires_at: u64,
    /// Verification attempts left.
    pub attempts: u32,
}

impl std::fmt::Debug for ChallengeRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChallengeRecord")
            .field("mac", &"<redacted>")
            .field("key_id", &self.key_id)
            .field("expires_at", &self.expires_at)
            .field("attempts", &self.attempts)
            .finish()
    }
}

/// The result of [`Store::put_challenge`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PutOutcome {
    /// The record is stored and every send counter was incremented.
    Stored,
    /// `mode` does not allow the write (an id that exists for `Create`; an unknown, used,
    /// burned or expired challenge for `Replace`). No counter was looked at or incremented.
    Refused,
    /// Send counter `index` is full; nothing was stored and no counter was incremented.
    Denied { index: usize, retry_after: u64 },
}

/// How [`Store::put_challenge`] treats an existing record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PutMode {
    /// Only if no live record has this id.
    Create,
    /// Only if a live record with attempts left exists (resend: new code, new expiry).
    Replace,
}

/// A MAC of the presented code under one pepper key.
#[derive(Clone, PartialEq, Eq)]
pub struct MacCandidate {
    pub key_id: String,
    pub mac: [u8; 32],
}

impl std::fmt::Debug for MacCandidate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "MacCandidate({}, <redacted>)", self.key_id)
    }
}

/// The result of [`Store::consume_challenge_attempt`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChallengeOutcome {
    /// The MAC matched; the challenge is deleted (single use).
    Accepted,
    /// An attempt was used and the MAC did not match.
    Wrong { remaining: u32 },
    /// No attempts left (nothing compared).
    Exhausted,
    /// Past its lifetime (nothing compared; the record is removed).
    Expired,
    /// No such challenge (never issued, used, or expired and removed).
    Unknown,
}

/// Atomic operations over credential throttle state, send counters and challenges.
///
/// Implementations must make each method atomic with respect to every other call on the same
/// data (across threads and, for shared backends, processes), must use only the `now` passed
/// in for decisions, and must fail closed: any doubt is an `Err`.
pub trait Store: Send + Sync {
    /// Reads a credential's state without taking an attempt (HOTP needs the counter first).
    fn credential_state(&self, cred: &str, now: u64) -> Result<CredentialState, StoreError>;

    /// Takes an attempt and applies `claim`, atomically: refuses when exhausted, locked or
    /// rate limited (not counted); otherwise counts a failure, then accepts the first claimed
    /// step in the window above the high-water mark (advancing it and resetting failures), or
    /// sets the backoff lock.
    fn attempt(
        &self,
        cred: &str,
        now: u64,
        policy: &ThrottlePolicy,
        claim: &Claim,
    ) -> Result<AttemptOutcome, StoreError>;

    /// Several attempts at the same `now` under one policy, applied in order, each atomic on its
    /// own (as if [`Store::attempt`] were called for each). Backends may pipeline them: Redis
    /// sends all in one round trip, still one `EVALSHA` per attempt.
    fn attempt_many(
        &self,
        now: u64,
        policy: &ThrottlePolicy,
        items: &[(&str, &Claim)],
    ) -> Vec<Result<AttemptOutcome, StoreError>> {
        items
            .iter()
            .map(|(cred, claim)| self.attempt(cred, now, policy, claim))
            .collect()
    }

    /// Clears failures, lock and rate window (keeps the high-water mark and drift).
    fn unlock(&self, cred: &str, now: u64) -> Result<(), StoreError>;

    /// All-or-nothing: if every counter has room, increments them all; otherwise none.
    fn hit_counters(
        &self,
        now: u64,
        counters: &[CounterSpec],
    ) -> Result<CounterOutcome, StoreError>;

    /// One send of challenge `id`, atomically and in this order: refuses (counting nothing)
    /// when `mode` does not allow the write (checked first, so a resend of a dead challenge
    /// costs the destination, IP, prefix and global budgets nothing); then, all-or-nothing,
    /// refuses when one of `counters` is full (see [`Store::hit_counters`]); otherwise
    /// increments every counter and stores `record`.
    fn put_challenge(
        &self,
        id: &str,
        now: u64,
        record: &ChallengeRecord,
        mode: PutMode,
        counters: &[CounterSpec],
    ) -> Result<PutOutcome, StoreError>;

    /// Uses one attempt of challenge `id`, then compares (constant time) the stored MAC with
    /// the candidate of the record's key id; deletes the challenge on success.
    fn consume_challenge_attempt(
        &self,
        id: &str,
        now: u64,
        candidates: &[MacCandidate],
    ) -> Result<ChallengeOutcome, StoreError>;

    /// Appends `send` to the delivery log of challenge `id` and, when it has a message id,
    /// indexes `(send.provider, message id)` → `(id, send.seq)`, atomically. Both are kept
    /// until `keep_until` (after `now`; a log is kept until its latest `keep_until`).
    /// `Ok(false)`: the log already holds an entry with `send.seq`; nothing changed (a retried
    /// write is a no-op). `Err(Conflict)`: the message id is already indexed for another send;
    /// nothing changed.
    fn record_send(
        &self,
        id: &str,
        now: u64,
        send: &SendRecord,
        keep_until: u64,
    ) -> Result<bool, StoreError>;

    /// Merges a delivery report into the send the provider's message id belongs to: the
    /// stored status is replaced only by a status of strictly higher
    /// [`DeliveryStatus::rank`] (final statuses are never overwritten by non-final ones,
    /// delivered beats failed and expired, duplicates are no-ops), together with `now` and
    /// `error_code`. Atomic per send; `Ok(None)` for a message this store does not know
    /// (never recorded, or expired).
    fn record_delivery(
        &self,
        provider: &str,
        message_id: &str,
        now: u64,
        status: DeliveryStatus,
        error_code: Option<&str>,
    ) -> Result<Option<DeliveryUpdate>, StoreError>;

    /// The delivery log of challenge `id`, ordered by `seq` (empty when unknown or expired).
    fn delivery_log(&self, id: &str, now: u64) -> Result<Vec<SendRecord>, StoreError>;

    /// Configuration findings (e.g. Redis `maxmemory-policy` other than `noeviction`).
    fn diagnostics(&self) -> Result<Vec<Diagnostic>, StoreError> {
        Ok(Vec::new())
    }
}

macro_rules! forward_store {
    ($($ty:ty),*) => {$(
        impl<S: Store + ?Sized> Store for $ty {
            fn credential_state(&self, cred: &str, now: u64) -> Result<CredentialState, StoreError> {
                (**self).credential_state(cred, now)
            }
            fn attempt(&self, cred: &str, now: u64, policy: &ThrottlePolicy, claim: &Claim)
                -> Result<AttemptOutcome, StoreError> {
                (**self).attempt(cred, now, policy, claim)
            }
            fn attempt_many(&self, now: u64, policy: &ThrottlePolicy, items: &[(&str, &Claim)])
                -> Vec<Result<AttemptOutcome, StoreError>> {
                (**self).attempt_many(now, policy, items)
            }
            fn unlock(&self, cred: &str, now: u64) -> Result<(), StoreError> {
                (**self).unlock(cred, now)
            }
            fn hit_counters(&self, now: u64, counters: &[CounterSpec])
                -> Result<CounterOutcome, StoreError> {
                (**self).hit_counters(now, counters)
            }
            fn put_challenge(&self, id: &str, now: u64, record: &ChallengeRecord, mode: PutMode,
                counters: &[CounterSpec]) -> Result<PutOutcome, StoreError> {
                (**self).put_challenge(id, now, record, mode, counters)
            }
            fn consume_challenge_attempt(&self, id: &str, now: u64, candidates: &[MacCandidate])
                -> Result<ChallengeOutcome, StoreError> {
                (**self).consume_challenge_attempt(id, now, candidates)
            }
            fn record_send(&self, id: &str, now: u64, send: &SendRecord, keep_until: u64)
                -> Result<bool, StoreError> {
                (**self).record_send(id, now, send, keep_until)
            }
            fn record_delivery(&self, provider: &str, message_id: &str, now: u64,
                status: DeliveryStatus, error_code: Option<&str>)
                -> Result<Option<DeliveryUpdate>, StoreError> {
                (**self).record_delivery(provider, message_id, now, status, error_code)
            }
            fn delivery_log(&self, id: &str, now: u64) -> Result<Vec<SendRecord>, StoreError> {
                (**self).delivery_log(id, now)
            }
            fn diagnostics(&self) -> Result<Vec<Diagnostic>, StoreError> {
                (**self).diagnostics()
            }
        }
    )*};
}
forward_store!(std::sync::Arc<S>, &S, Box<S>);

/// Checks that a claim's numbers fit the stores' integer range.
pub(crate) fn check_claim(now: u64, claim: &Claim) -> Result<(), StoreError> {
    let top = claim
        .center
        .saturating_add(claim.forward)
        .saturating_add(claim.drift.unwrap_or(0));
    if now > MAX_STORE_INT || top > MAX_STORE_INT || claim.steps.iter().any(|&s| s > MAX_STORE_INT)
    {
        return Err(StoreError::OutOfRange("step, counter or time above 2^53"));
    }
    Ok(())
}
