//! The decision rules of every store operation as pure functions over plain state. The memory
//! backend runs these directly; the Redis Lua scripts are line-by-line ports of them, and the
//! shared behaviour suite checks that both agree.

use super::{AttemptOutcome, ChallengeOutcome, ChallengeRecord, Claim, CredentialState};
use super::{CounterOutcome, DeliveryStatus, MacCandidate};
use crate::server::policy::{Limit, ThrottlePolicy};
use subtle::ConstantTimeEq;

/// Applies one attempt to `state`. Returns the outcome and whether `state` changed.
pub(crate) fn attempt(
    state: &mut CredentialState,
    now: u64,
    policy: &ThrottlePolicy,
    claim: &Claim,
) -> (AttemptOutcome, bool) {
    if state.failures >= policy.max_failures {
        return (AttemptOutcome::Exhausted, false);
    }
    if state.locked_until > now {
        return (
            AttemptOutcome::Locked {
                until: state.locked_until,
            },
            false,
        );
    }
    if let Some(rate) = &policy.rate {
        if now >= state.window_start.saturating_add(rate.window) {
            state.window_start = now;
            state.window_count = 0;
        }
        if state.window_count >= rate.max {
            let retry_after = state.window_start + rate.window - now;
            return (AttemptOutcome::RateLimited { retry_after }, true);
        }
        state.window_count += 1;
    }
    // The attempt is taken (counted as a failure) before the claim is looked at.
    state.failures += 1;

    let drift = if claim.drift.is_some() {
        state.drift
    } else {
        0
    };
    let base = claim.center as i128 + drift as i128;
    let lo = base - claim.back as i128;
    let hi = base + claim.forward as i128;
    let mut replayed = false;
    for &step in &claim.steps {
        let s = step as i128;
        if s < lo || s > hi {
            continue;
        }
        if state.high_water.is_some_and(|hw| step <= hw) {
            replayed = true;
            continue;
        }
        state.high_water = Some(step);
        state.failures = 0;
        state.locked_until = 0;
        if let Some(max) = claim.drift {
            let max = max as i128;
            state.drift = (s - claim.center as i128).clamp(-max, max) as i64;
        }
        return (
            AttemptOutcome::Accepted {
                step,
                drift: state.drift,
            },
            true,
        );
    }
    let backoff = policy.backoff_after(state.failures);
    if backoff > 0 {
        state.locked_until = now.saturating_add(backoff);
    }
    let remaining = policy.max_failures.saturating_sub(state.failures);
    if replayed {
        (AttemptOutcome::Replayed { remaining }, true)
    } else {
        (AttemptOutcome::Invalid { remaining }, true)
    }
}

/// A fixed-window counter: `(window_start, count)`.
pub(crate) type Counter = (u64, u32);

/// Checks every counter; if all have room, increments all. `counters[i]` is the current value
/// (or `None` when absent) and is updated in place on success.
pub(crate) fn hit_counters(
    now: u64,
    limits: &[Limit],
    counters: &mut [Option<Counter>],
) -> CounterOutcome {
    let mut denied: Option<(usize, u64)> = None;
    for (i, (limit, slot)) in limits.iter().zip(counters.iter_mut()).enumerate() {
        let (start, n) = match *slot {
            Some((start, n)) if now < start.saturating_add(limit.window) => (start, n),
            _ => (now, 0),
        };
        *slot = Some((start, n));
        if n >= limit.max && denied.is_none() {
            denied = Some((i, start + limit.window - now));
        }
    }
    if let Some((index, retry_after)) = denied {
        return CounterOutcome::Denied { index, retry_after };
    }
    for (start_n, _) in counters.iter_mut().zip(limits) {
        if let Some((_, n)) = start_n {
            *n += 1;
        }
    }
    CounterOutcome::Allowed
}

/// Whether `put_challenge` may write over `existing` (already filtered for expiry by caller).
pub(crate) fn may_put(existing: Option<&ChallengeRecord>, now: u64, replace: bool) -> bool {
    let live = existing.filter(|r| r.expires_at > now);
    if replace {
        live.is_some_and(|r| r.attempts > 0)
    } else {
        live.is_none()
    }
}

/// How long an expired challenge is still reported as `Expired` (rather than `Unknown`) before
/// it is dropped; backends keep records until `expires_at + CHALLENGE_GRACE`.
pub(crate) const CHALLENGE_GRACE: u64 = 300;

/// What to do with the stored record after an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RecordAction {
    Keep,
    Delete,
}

/// Uses one attempt of `record` and compares the MAC for the record's key id.
pub(crate) fn consume(
    record: Option<&mut ChallengeRecord>,
    now: u64,
    candidates: &[MacCandidate],
) -> (ChallengeOutcome, RecordAction) {
    let Some(record) = record else {
        return (ChallengeOutcome::Unknown, RecordAction::Keep);
    };
    if now >= record.expires_at.saturating_add(CHALLENGE_GRACE) {
        return (ChallengeOutcome::Unknown, RecordAction::Delete);
    }
    if record.expires_at <= now {
        return (ChallengeOutcome::Expired, RecordAction::Delete);
    }
    if record.attempts == 0 {
        return (ChallengeOutcome::Exhausted, RecordAction::Keep);
    }
    record.attempts -= 1;
    let mut matched = subtle::Choice::from(0u8);
    for c in candidates {
        let same_key = c.key_id.as_bytes().ct_eq(record.key_id.as_bytes());
        matched |= same_key & c.mac.ct_eq(&record.mac);
    }
    if bool::from(matched) {
        (ChallengeOutcome::Accepted, RecordAction::Delete)
    } else {
        (
            ChallengeOutcome::Wrong {
                remaining: record.attempts,
            },
            RecordAction::Keep,
        )
    }
}

/// Whether a report of `new` replaces the stored `old` (strictly higher rank only).
pub(crate) fn raises(old: DeliveryStatus, new: DeliveryStatus) -> bool {
    new.rank() > old.rank()
}
