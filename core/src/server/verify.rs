//! TOTP and HOTP verification with replay protection, drift, look-ahead, resync and throttling.
//!
//! Each check normalises the input, computes every candidate code of the widest window it may
//! need (constant-time compares, no early exit), and hands the matching steps to the store in
//! one atomic [`Store::attempt`]: the attempt is counted, then at most one step above the
//! high-water mark is accepted. A TOTP check is one store round trip; HOTP reads the counter
//! first (two).

use super::error::{ConfigError, VerifyError};
use super::input::{normalize, CodeCharset};
use super::keys;
use super::policy::{HotpPolicy, ThrottlePolicy, TotpPolicy};
use super::store::{AttemptOutcome, Claim, CredentialState, Store};
use crate::clock::TimeSource;
use crate::otp::CodeGenerator;
use crate::params::OtpKind;

/// Everything configurable about a [`Verifier`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct VerifierConfig {
    pub throttle: ThrottlePolicy,
    pub totp: TotpPolicy,
    pub hotp: HotpPolicy,
}

impl VerifierConfig {
    /// The strict TOTP profile (back 1, forward 0) with default throttling.
    pub fn strict() -> Self {
        Self {
            totp: TotpPolicy::strict(),
            ..Self::default()
        }
    }
    /// Checks every part.
    pub fn validate(&self) -> Result<(), ConfigError> {
        self.throttle.validate()?;
        self.totp.validate()?;
        self.hotp.validate()
    }
}

/// One check of [`Verifier::verify_totp_many_at`]. `Debug` redacts the submitted code.
#[derive(Clone, Copy)]
pub struct TotpRequest<'a> {
    pub credential_id: &'a str,
    pub generator: &'a CodeGenerator,
    /// The submitted code as typed (normalised like [`Verifier::verify_totp_at`] does).
    pub input: &'a str,
}

impl std::fmt::Debug for TotpRequest<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TotpRequest")
            .field("credential_id", &self.credential_id)
            .field("generator", &self.generator)
            .field("input", &crate::redact::REDACTED)
            .finish()
    }
}

/// An accepted code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verified {
    /// The accepted step (TOTP) or counter (HOTP); now the high-water mark.
    pub step: u64,
    /// `step` minus the expected one (current TOTP step, or next HOTP counter).
    pub offset: i64,
    /// The tracked drift after this success (0 without drift tracking).
    pub drift: i64,
    /// HOTP: the next counter to expect (`step + 1`); persist it if you keep counters yourself.
    pub next_counter: u64,
}

/// Verifies TOTP/HOTP codes against a shared [`Store`] using an injected [`TimeSource`].
///
/// `credential_id` names the credential in the store (it is hashed before use); use one id per
/// secret, e.g. the user id plus the authenticator's id.
#[derive(Debug, Clone)]
pub struct Verifier<S, C> {
    store: S,
    clock: C,
    config: VerifierConfig,
}

impl<S: Store, C: TimeSource> Verifier<S, C> {
    /// A verifier with the default configuration (±1 step, default throttling).
    pub fn new(store: S, clock: C) -> Self {
        Self {
            store,
            clock,
            config: VerifierConfig::default(),
        }
    }

    /// A verifier with an explicit, validated configuration.
    pub fn with_config(store: S, clock: C, config: VerifierConfig) -> Result<Self, ConfigError> {
        config.validate()?;
        Ok(Self {
            store,
            clock,
            config,
        })
    }

    /// The store.
    pub fn store(&self) -> &S {
        &self.store
    }

    /// The configuration.
    pub fn config(&self) -> &VerifierConfig {
        &self.config
    }

    /// `at`, or the clock's time when `None`: what the methods without `_at` use.
    pub fn time_or_now(&self, at: Option<u64>) -> u64 {
        at.unwrap_or_else(|| self.clock.now_unix())
    }

    /// Checks a TOTP or Steam code now.
    pub fn verify_totp(
        &self,
        credential_id: &str,
        generator: &CodeGenerator,
        input: &str,
    ) -> Result<Verified, VerifyError> {
        self.verify_totp_at(credential_id, generator, input, self.clock.now_unix())
    }

    /// Checks a TOTP or Steam code at Unix time `now`.
    pub fn verify_totp_at(
        &self,
        credential_id: &str,
        generator: &CodeGenerator,
        input: &str,
        now: u64,
    ) -> Result<Verified, VerifyError> {
        let key = credential_key(credential_id)?;
        let claim = self.totp_claim(generator, input, now)?;
        self.submit_key(&key, now, &claim)
    }

    /// Several TOTP/Steam checks at `now`, results in order. Each is the same as
    /// [`Verifier::verify_totp_at`] (atomic on its own); the store may pipeline them (Redis: one
    /// round trip for the batch, still one `EVALSHA` per check).
    pub fn verify_totp_many_at(
        &self,
        requests: &[TotpRequest<'_>],
        now: u64,
    ) -> Vec<Result<Verified, VerifyError>> {
        let mut out: Vec<Result<Verified, VerifyError>> = Vec::with_capacity(requests.len());
        let mut keys_claims = Vec::new();
        let mut slots = Vec::new();
        for (i, r) in requests.iter().enumerate() {
            let key_claim = credential_key(r.credential_id)
                .and_then(|key| Ok((key, self.totp_claim(r.generator, r.input, now)?)));
            match key_claim {
                Ok((key, claim)) => {
                    keys_claims.push((key, claim));
                    slots.push(i);
                    out.push(Err(VerifyError::Invalid { remaining: None }));
                }
                Err(e) => out.push(Err(e)),
            }
        }
        let items: Vec<(&str, &Claim)> = keys_claims.iter().map(|(k, c)| (k.as_str(), c)).collect();
        let results = self.store.attempt_many(now, &self.config.throttle, &items);
        for ((slot, (_, claim)), result) in slots.into_iter().zip(&keys_claims).zip(results) {
            out[slot] = result
                .map_err(VerifyError::from)
                .and_then(|o| outcome(o, claim.center));
        }
        out
    }

    fn totp_claim(
        &self,
        generator: &CodeGenerator,
        input: &str,
        now: u64,
    ) -> Result<Claim, VerifyError> {
        let params = generator.params();
        let charset = match params.kind {
            OtpKind::Totp { .. } => CodeCharset::Digits,
            OtpKind::Steam { .. } => CodeCharset::Steam,
            OtpKind::Hotp { .. } | OtpKind::Motp { .. } | OtpKind::Yandex { .. } => {
                return Err(ConfigError("verify_totp needs a TOTP or Steam generator").into())
            }
        };
        let code = normalize(input, params.digits, charset).map_err(VerifyError::Malformed)?;
        let policy = &self.config.totp;
        let center = generator.counter_at(now);
        let spread = policy.drift.unwrap_or(0);
        let lo = center.saturating_sub(policy.back.saturating_add(spread));
        let hi = center.saturating_add(policy.forward.saturating_add(spread));
        Ok(Claim {
            steps: matching_steps(generator, code.as_bytes(), lo, hi),
            center,
            back: policy.back,
            forward: policy.forward,
            drift: policy.drift,
        })
    }

    /// Checks a HOTP code now (see [`Verifier::verify_hotp_at`]).
    pub fn verify_hotp(
        &self,
        credential_id: &str,
        generator: &CodeGenerator,
        input: &str,
    ) -> Result<Verified, VerifyError> {
        self.verify_hotp_at(credential_id, generator, input, self.clock.now_unix())
    }

    /// Checks a HOTP code against counters `expected ..= expected + look_ahead`, where
    /// `expected` is the greater of the generator's counter and the stored high-water mark + 1.
    pub fn verify_hotp_at(
        &self,
        credential_id: &str,
        generator: &CodeGenerator,
        input: &str,
        now: u64,
    ) -> Result<Verified, VerifyError> {
        let key = credential_key(credential_id)?;
        let floor = hotp_floor(generator)?;
        let code = normalize(input, generator.params().digits, CodeCharset::Digits)
            .map_err(VerifyError::Malformed)?;
        let expected = expected_counter(&self.store.credential_state(&key, now)?, floor);
        let look_ahead = self.config.hotp.look_ahead;
        let claim = Claim {
            steps: matching_steps(
                generator,
                code.as_bytes(),
                expected,
                expected.saturating_add(look_ahead),
            ),
            center: expected,
            back: 0,
            forward: look_ahead,
            drift: None,
        };
        self.submit_key(&key, now, &claim)
    }

    /// HOTP resynchronisation now (see [`Verifier::resync_hotp_at`]).
    pub fn resync_hotp(
        &self,
        credential_id: &str,
        generator: &CodeGenerator,
        first: &str,
        second: &str,
    ) -> Result<Verified, VerifyError> {
        self.resync_hotp_at(
            credential_id,
            generator,
            first,
            second,
            self.clock.now_unix(),
        )
    }

    /// HOTP resynchronisation: finds two consecutive counters `c, c + 1` within the resync
    /// window whose codes are `first` and `second`, and accepts `c + 1`. One attempt is taken.
    pub fn resync_hotp_at(
        &self,
        credential_id: &str,
        generator: &CodeGenerator,
        first: &str,
        second: &str,
        now: u64,
    ) -> Result<Verified, VerifyError> {
        let key = credential_key(credential_id)?;
        let floor = hotp_floor(generator)?;
        let digits = generator.params().digits;
        let a = normalize(first, digits, CodeCharset::Digits).map_err(VerifyError::Malformed)?;
        let b = normalize(second, digits, CodeCharset::Digits).map_err(VerifyError::Malformed)?;
        let expected = expected_counter(&self.store.credential_state(&key, now)?, floor);
        let window = self.config.hotp.resync_window;
        let mut steps = Vec::new();
        let mut prev = subtle::Choice::from(0u8);
        for i in 0..=window.saturating_add(1) {
            let Some(step) = expected.checked_add(i) else {
                break;
            };
            let code = generator.code_at_counter(step);
            if i > 0 && bool::from(prev & subtle::Choice::from(code.ct_eq(b.as_bytes()) as u8)) {
                steps.push(step);
            }
            prev = subtle::Choice::from(code.ct_eq(a.as_bytes()) as u8);
        }
        let claim = Claim {
            steps,
            center: expected,
            back: 0,
            forward: window.saturating_add(1),
            drift: None,
        };
        self.submit_key(&key, now, &claim)
    }

    /// Clears a credential's failures and lock (after an out-of-band identity check).
    pub fn unlock(&self, credential_id: &str) -> Result<(), VerifyError> {
        self.unlock_at(credential_id, self.clock.now_unix())
    }

    /// [`Verifier::unlock`] at Unix time `now`.
    pub fn unlock_at(&self, credential_id: &str, now: u64) -> Result<(), VerifyError> {
        Ok(self.store.unlock(&credential_key(credential_id)?, now)?)
    }

    /// The stored throttle/replay state of a credential.
    pub fn state(&self, credential_id: &str) -> Result<CredentialState, VerifyError> {
        self.state_at(credential_id, self.clock.now_unix())
    }

    /// [`Verifier::state`] at Unix time `now` (state past its TTL reads as empty).
    pub fn state_at(&self, credential_id: &str, now: u64) -> Result<CredentialState, VerifyError> {
        Ok(self
            .store
            .credential_state(&credential_key(credential_id)?, now)?)
    }

    fn submit_key(&self, key: &str, now: u64, claim: &Claim) -> Result<Verified, VerifyError> {
        let o = self.store.attempt(key, now, &self.config.throttle, claim)?;
        outcome(o, claim.center)
    }
}

/// The store key of `credential_id`; an empty id (which would put every caller that forgot to
/// set it under one shared state) is refused.
fn credential_key(credential_id: &str) -> Result<String, VerifyError> {
    if credential_id.is_empty() {
        return Err(VerifyError::InvalidRequest("credential id is empty"));
    }
    Ok(keys::credential(credential_id))
}

/// Maps a store outcome to the public result.
fn outcome(o: AttemptOutcome, center: u64) -> Result<Verified, VerifyError> {
    match o {
        AttemptOutcome::Accepted { step, drift } => Ok(Verified {
            step,
            offset: (step as i128 - center as i128) as i64,
            drift,
            next_counter: step.saturating_add(1),
        }),
        AttemptOutcome::Invalid { remaining } => Err(VerifyError::Invalid {
            remaining: Some(remaining),
        }),
        AttemptOutcome::Replayed { .. } => Err(VerifyError::Replayed),
        AttemptOutcome::Locked { until } => Err(VerifyError::Locked { until }),
        AttemptOutcome::RateLimited { retry_after } => {
            Err(VerifyError::RateLimited { retry_after })
        }
        AttemptOutcome::Exhausted => Err(VerifyError::Exhausted),
    }
}

fn hotp_floor(generator: &CodeGenerator) -> Result<u64, VerifyError> {
    match generator.params().kind {
        OtpKind::Hotp { counter } => Ok(counter),
        _ => Err(ConfigError("HOTP checks need a HOTP generator").into()),
    }
}

fn expected_counter(state: &CredentialState, floor: u64) -> u64 {
    state
        .high_water
        .map_or(floor, |hw| hw.saturating_add(1).max(floor))
}

/// Every step in `lo..=hi` whose code equals `code`; all candidates are computed and compared
/// in constant time, whatever matches.
fn matching_steps(generator: &CodeGenerator, code: &[u8], lo: u64, hi: u64) -> Vec<u64> {
    let mut out = Vec::new();
    let mut step = lo;
    loop {
        if generator.code_at_counter(step).ct_eq(code) {
            out.push(step);
        }
        if step >= hi {
            break;
        }
        step += 1;
    }
    out
}
