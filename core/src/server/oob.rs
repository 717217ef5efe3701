//! Out-of-band codes (SMS, voice, WhatsApp, e-mail): issue, resend and verify.
//!
//! A code is drawn from the OS CSPRNG without modulo bias. Only an HMAC of it (with the current
//! pepper, its key id stored alongside) is kept, bound to purpose, subject, challenge id and a
//! transaction digest, so a code presented for another purpose or transaction fails. Codes
//! live at most 10 minutes, allow a few attempts, are single use, and sends obey a resend
//! cooldown, a per-challenge maximum and the [`SendLimits`]. Unknown, expired, burned and wrong
//! challenges give the same public error.

use super::error::{ConfigError, IssueError, LimitScope, StoreError, VerifyError};
use super::input::{normalize, CodeCharset};
use super::keys;
use super::limits::{Delivery, SendLimits};
use super::pepper::{code_mac, Binding, PepperRing};
use super::policy::Limit;
use super::store::{
    ChallengeOutcome, ChallengeRecord, CounterSpec, MacCandidate, PutMode, PutOutcome, Store,
};
use crate::clock::TimeSource;
use rand::distributions::{Distribution, Uniform};
use zeroize::Zeroizing;

/// Symbols of alphanumeric codes: digits and upper-case letters without 0, 1, I and O.
pub const ALNUM_ALPHABET: &[u8; 32] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
/// Longest allowed code lifetime in seconds.
pub const MAX_TTL: u64 = 600;

/// Shape of issued codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeFormat {
    /// `n` ASCII digits, 4..=10.
    Digits(u8),
    /// `n` symbols of [`ALNUM_ALPHABET`], 4..=10.
    Alphanumeric(u8),
}

impl CodeFormat {
    fn len(self) -> u8 {
        match self {
            CodeFormat::Digits(n) | CodeFormat::Alphanumeric(n) => n,
        }
    }
    fn alphabet(self) -> &'static [u8] {
        match self {
            CodeFormat::Digits(_) => b"0123456789",
            CodeFormat::Alphanumeric(_) => ALNUM_ALPHABET,
        }
    }
    fn charset(self) -> CodeCharset {
        match self {
            CodeFormat::Digits(_) => CodeCharset::Digits,
            CodeFormat::Alphanumeric(_) => CodeCharset::Alphanumeric,
        }
    }
}

/// Lifetime, attempts and resend rules of out-of-band codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OobPolicy {
    /// Default 6 digits.
    pub format: CodeFormat,
    /// Seconds a code lives, 1..=600 (default 300).
    pub ttl: u64,
    /// Verification attempts per code, 1..=10 (default 5).
    pub max_attempts: u32,
    /// Seconds between two sends of one challenge (default 30).
    pub resend_cooldown: u64,
    /// Sends per challenge including the first, 1..=10 (default 3).
    pub max_sends: u32,
}

impl Default for OobPolicy {
    fn default() -> Self {
        Self {
            format: CodeFormat::Digits(6),
            ttl: 300,
            max_attempts: 5,
            resend_cooldown: 30,
            max_sends: 3,
        }
    }
}

impl OobPolicy {
    /// Checks every range.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if !(4..=10).contains(&self.format.len()) {
            return Err(ConfigError("out-of-band codes have 4-10 characters"));
        }
        if self.ttl == 0 || self.ttl > MAX_TTL {
            return Err(ConfigError("out-of-band code ttl must be 1-600 s"));
        }
        if !(1..=10).contains(&self.max_attempts) || !(1..=10).contains(&self.max_sends) {
            return Err(ConfigError("max_attempts and max_sends must be 1-10"));
        }
        if self.resend_cooldown == 0 {
            return Err(ConfigError("resend_cooldown must be at least 1 s"));
        }
        Ok(())
    }
}

/// A freshly drawn code: wiped on drop, redacted in `Debug`. Hand it to the delivery channel
/// and drop it; it is never stored.
pub struct OobCode(Zeroizing<String>);

impl OobCode {
    /// The code to send.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for OobCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "OobCode(<redacted, {} chars>)", self.0.len())
    }
}

/// Draws a code uniformly from `format`'s alphabet with the OS CSPRNG (rejection sampling,
/// no modulo bias).
pub fn generate_code(format: CodeFormat) -> OobCode {
    let alphabet = format.alphabet();
    let dist = Uniform::from(0..alphabet.len());
    let mut rng = rand::rngs::OsRng;
    let mut s = Zeroizing::new(String::with_capacity(format.len() as usize));
    for _ in 0..format.len() {
        s.push(alphabet[dist.sample(&mut rng)] as char);
    }
    OobCode(s)
}

/// A code ready to deliver.
#[derive(Debug)]
pub struct Issued {
    /// Give this to the client; it comes back with the code.
    pub challenge_id: String,
    /// Deliver this, then drop it.
    pub code: OobCode,
    /// Unix time the code stops working.
    pub expires_at: u64,
}

/// A verified out-of-band code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OobAccepted {
    pub challenge_id: String,
}

/// What one store write of a code did.
enum Stored {
    Issued(Issued),
    Denied { index: usize, retry_after: u64 },
}

/// Issues, re-sends and verifies out-of-band codes over a [`Store`].
#[derive(Debug, Clone)]
pub struct OobCodes<S, C> {
    store: S,
    clock: C,
    peppers: PepperRing,
    policy: OobPolicy,
    limits: SendLimits,
}

impl<S: Store, C: TimeSource> OobCodes<S, C> {
    /// A service with validated policy and limits.
    pub fn new(
        store: S,
        clock: C,
        peppers: PepperRing,
        policy: OobPolicy,
        limits: SendLimits,
    ) -> Result<Self, ConfigError> {
        policy.validate()?;
        limits.validate()?;
        Ok(Self {
            store,
            clock,
            peppers,
            policy,
            limits,
        })
    }

    /// `at`, or the clock's time when `None`: what the methods without `_at` use.
    pub fn time_or_now(&self, at: Option<u64>) -> u64 {
        at.unwrap_or_else(|| self.clock.now_unix())
    }

    /// The store.
    pub fn store(&self) -> &S {
        &self.store
    }

    /// The lifetime, attempt and resend rules.
    pub fn policy(&self) -> &OobPolicy {
        &self.policy
    }

    /// Issues a new challenge after the send limits allow a delivery to `delivery`.
    pub fn issue(
        &self,
        binding: &Binding<'_>,
        delivery: &Delivery<'_>,
    ) -> Result<Issued, IssueError> {
        self.issue_at(binding, delivery, self.clock.now_unix())
    }

    /// [`OobCodes::issue`] at Unix time `now`.
    pub fn issue_at(
        &self,
        binding: &Binding<'_>,
        delivery: &Delivery<'_>,
        now: u64,
    ) -> Result<Issued, IssueError> {
        binding.validate().map_err(IssueError::InvalidRequest)?;
        let id = keys::new_challenge_id();
        let counters = self.send_counters(&id, delivery)?;
        self.store_code(id, binding, now, PutMode::Create, &counters)
    }

    /// Sends a new code for an existing challenge (the old code stops working), subject to the
    /// resend cooldown, the per-challenge maximum and the send limits.
    pub fn resend(
        &self,
        challenge_id: &str,
        binding: &Binding<'_>,
        delivery: &Delivery<'_>,
    ) -> Result<Issued, IssueError> {
        self.resend_at(challenge_id, binding, delivery, self.clock.now_unix())
    }

    /// [`OobCodes::resend`] at Unix time `now`.
    pub fn resend_at(
        &self,
        challenge_id: &str,
        binding: &Binding<'_>,
        delivery: &Delivery<'_>,
        now: u64,
    ) -> Result<Issued, IssueError> {
        binding.validate().map_err(IssueError::InvalidRequest)?;
        if !keys::is_challenge_id(challenge_id) {
            return Err(IssueError::UnknownChallenge);
        }
        // One atomic store operation: the challenge must be live before any budget is counted.
        let counters = self.send_counters(challenge_id, delivery)?;
        self.store_code(
            challenge_id.to_owned(),
            binding,
            now,
            PutMode::Replace,
            &counters,
        )
    }

    /// [`OobCodes::resend_at`] with one more counter, `claim`, in the same atomic store write
    /// (the fallback dispatcher's per-send claim, so concurrent resends send once). `Ok(None)`:
    /// `claim` was full (another caller took it) and nothing was stored or counted.
    #[cfg(feature = "delivery")]
    pub(crate) fn resend_claimed_at(
        &self,
        challenge_id: &str,
        binding: &Binding<'_>,
        delivery: &Delivery<'_>,
        claim: CounterSpec,
        now: u64,
    ) -> Result<Option<Issued>, IssueError> {
        binding.validate().map_err(IssueError::InvalidRequest)?;
        if !keys::is_challenge_id(challenge_id) {
            return Err(IssueError::UnknownChallenge);
        }
        let mut counters = self.send_counters(challenge_id, delivery)?;
        let claim_index = counters.len();
        counters.push(claim);
        match self.put_code(
            challenge_id.to_owned(),
            binding,
            now,
            PutMode::Replace,
            &counters,
        )? {
            Stored::Issued(issued) => Ok(Some(issued)),
            Stored::Denied { index, .. } if index == claim_index => Ok(None),
            Stored::Denied { index, retry_after } => Err(IssueError::RateLimited {
                scope: counters.get(index).map_or(LimitScope::Global, |c| c.scope),
                retry_after,
            }),
        }
    }

    /// Verifies `input`. Unknown, expired, used-up and wrong all give
    /// `Invalid { remaining: None }`; see [`OobCodes::verify_detailed`] for audit logs.
    pub fn verify(
        &self,
        challenge_id: &str,
        binding: &Binding<'_>,
        input: &str,
    ) -> Result<OobAccepted, VerifyError> {
        self.verify_detailed_at(challenge_id, binding, input, self.clock.now_unix())
            .map_err(VerifyError::collapsed)
    }

    /// [`OobCodes::verify`] at Unix time `now`.
    pub fn verify_at(
        &self,
        challenge_id: &str,
        binding: &Binding<'_>,
        input: &str,
        now: u64,
    ) -> Result<OobAccepted, VerifyError> {
        self.verify_detailed_at(challenge_id, binding, input, now)
            .map_err(VerifyError::collapsed)
    }

    /// [`OobCodes::verify_detailed_at`] with the service's clock.
    pub fn verify_detailed(
        &self,
        challenge_id: &str,
        binding: &Binding<'_>,
        input: &str,
    ) -> Result<OobAccepted, VerifyError> {
        self.verify_detailed_at(challenge_id, binding, input, self.clock.now_unix())
    }

    /// Like [`OobCodes::verify_at`] but keeps the distinction for server-side logs:
    /// `Invalid { remaining: Some(n) }` (wrong code or binding), `Expired`, `Exhausted`, and
    /// `Invalid { remaining: None }` for an unknown or used challenge. Never show it to users.
    pub fn verify_detailed_at(
        &self,
        challenge_id: &str,
        binding: &Binding<'_>,
        input: &str,
        now: u64,
    ) -> Result<OobAccepted, VerifyError> {
        let code = normalize(
            input,
            self.policy.format.len(),
            self.policy.format.charset(),
        )
        .map_err(VerifyError::Malformed)?;
        if !keys::is_challenge_id(challenge_id) || binding.validate().is_err() {
            return Err(VerifyError::Invalid { remaining: None });
        }
        let candidates: Vec<MacCandidate> = self
            .peppers
            .all()
            .map(|p| MacCandidate {
                key_id: p.id().to_owned(),
                mac: code_mac(p, binding, challenge_id, code.as_bytes()),
            })
            .collect();
        match self
            .store
            .consume_challenge_attempt(challenge_id, now, &candidates)?
        {
            ChallengeOutcome::Accepted => Ok(OobAccepted {
                challenge_id: challenge_id.to_owned(),
            }),
            ChallengeOutcome::Wrong { remaining } => Err(VerifyError::Invalid {
                remaining: Some(remaining),
            }),
            ChallengeOutcome::Exhausted => Err(VerifyError::Exhausted),
            ChallengeOutcome::Expired => Err(VerifyError::Expired),
            ChallengeOutcome::Unknown => Err(VerifyError::Invalid { remaining: None }),
        }
    }

    fn send_counters(
        &self,
        id: &str,
        delivery: &Delivery<'_>,
    ) -> Result<Vec<CounterSpec>, IssueError> {
        let mut counters = self.limits.counters(delivery)?;
        let cooldown = Limit::new(1, self.policy.resend_cooldown);
        counters.push(CounterSpec {
            key: keys::counter(LimitScope::Cooldown.as_str(), cooldown.window, id),
            limit: cooldown,
            scope: LimitScope::Cooldown,
        });
        // A day is far longer than any challenge can live (10 min per send, 10 sends).
        let sends = Limit::new(self.policy.max_sends, 86_400);
        counters.push(CounterSpec {
            key: keys::counter(LimitScope::ChallengeSends.as_str(), sends.window, id),
            limit: sends,
            scope: LimitScope::ChallengeSends,
        });
        Ok(counters)
    }

    fn store_code(
        &self,
        challenge_id: String,
        binding: &Binding<'_>,
        now: u64,
        mode: PutMode,
        counters: &[CounterSpec],
    ) -> Result<Issued, IssueError> {
        match self.put_code(challenge_id, binding, now, mode, counters)? {
            Stored::Issued(issued) => Ok(issued),
            Stored::Denied { index, retry_after } => Err(IssueError::RateLimited {
                scope: counters.get(index).map_or(LimitScope::Global, |c| c.scope),
                retry_after,
            }),
        }
    }

    fn put_code(
        &self,
        challenge_id: String,
        binding: &Binding<'_>,
        now: u64,
        mode: PutMode,
        counters: &[CounterSpec],
    ) -> Result<Stored, IssueError> {
        let code = generate_code(self.policy.format);
        let pepper = self.peppers.current();
        let expires_at = now.saturating_add(self.policy.ttl);
        let record = ChallengeRecord {
            mac: code_mac(pepper, binding, &challenge_id, code.expose().as_bytes()),
            key_id: pepper.id().to_owned(),
            expires_at,
            attempts: self.policy.max_attempts,
        };
        match (
            self.store
                .put_challenge(&challenge_id, now, &record, mode, counters)?,
            mode,
        ) {
            (PutOutcome::Stored, _) => Ok(Stored::Issued(Issued {
                challenge_id,
                code,
                expires_at,
            })),
            (PutOutcome::Denied { index, retry_after }, _) => {
                Ok(Stored::Denied { index, retry_after })
            }
            (PutOutcome::Refused, PutMode::Replace) => Err(IssueError::UnknownChallenge),
            (PutOutcome::Refused, PutMode::Create) => {
                Err(StoreError::Conflict("challenge id exists").into())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_uniform_enough() {
        let mut counts = [0u32; 10];
        for _ in 0..2_000 {
            let c = generate_code(CodeFormat::Digits(10));
            assert_eq!(c.expose().len(), 10);
            for b in c.expose().bytes() {
                counts[(b - b'0') as usize] += 1;
            }
        }
        // 20 000 digits: each expected 2 000; a biased generator would be far off.
        assert!(
            counts.iter().all(|&n| (1_700..=2_300).contains(&n)),
            "{counts:?}"
        );
        let a = generate_code(CodeFormat::Alphanumeric(8));
        assert!(a.expose().bytes().all(|b| ALNUM_ALPHABET.contains(&b)));
        assert!(format!("{a:?}").contains("redacted"));
    }

    #[test]
    fn policy_ranges() {
        assert!(OobPolicy::default().validate().is_ok());
        for bad in [
            OobPolicy {
                ttl: 601,
                ..OobPolicy::default()
            },
            OobPolicy {
                format: CodeFormat::Digits(3),
                ..OobPolicy::default()
            },
            OobPolicy {
                format: CodeFormat::Alphanumeric(11),
                ..OobPolicy::default()
            },
            OobPolicy {
                max_attempts: 0,
                ..OobPolicy::default()
            },
        ] {
            assert!(bad.validate().is_err(), "{bad:?}");
        }
    }
}
