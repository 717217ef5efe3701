//! Records, enums and conversions of the server bindings: verifier configuration, outcomes,
//! out-of-band policy, send limits, bindings and deliveries.

use crate::error::OtpError;
use crate::secret_text::SecretText;
use otpkit::server as sv;

// ---------------------------------------------------------------------------------------------
// Verifier configuration

/// At most `max` events per fixed window of `window` seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct RateLimit {
    pub max: u32,
    pub window: u64,
}

/// Throttling of one credential (see docs/server.md): `free_failures` before backoff, then
/// `base_backoff` doubling up to `max_backoff` seconds; `max_failures` (1..=100) consecutive
/// failures exhaust the credential until `unlock`. `state_ttl` null keeps state forever (HOTP).
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct ThrottlePolicy {
    pub free_failures: u32,
    pub base_backoff: u64,
    pub max_backoff: u64,
    pub max_failures: u32,
    pub rate: Option<RateLimit>,
    pub state_ttl: Option<u64>,
}

/// TOTP steps accepted before/after the current one (each at most 10) and optional drift
/// tracking up to ±`drift` steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct TotpPolicy {
    pub back: u64,
    pub forward: u64,
    pub drift: Option<u64>,
}

/// HOTP look-ahead (at most 100) and resync window (at most 10 000).
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct HotpPolicy {
    pub look_ahead: u64,
    pub resync_window: u64,
}

/// Everything configurable about an [`OtpVerifier`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct VerifierConfig {
    pub throttle: ThrottlePolicy,
    pub totp: TotpPolicy,
    pub hotp: HotpPolicy,
}

/// ±1 TOTP step, look-ahead 10, default throttling.
#[uniffi::export]
pub fn default_verifier_config() -> VerifierConfig {
    sv::VerifierConfig::default().into()
}

/// The strict TOTP profile (back 1, forward 0) with default throttling.
#[uniffi::export]
pub fn strict_verifier_config() -> VerifierConfig {
    sv::VerifierConfig::strict().into()
}

impl From<sv::Limit> for RateLimit {
    fn from(l: sv::Limit) -> Self {
        RateLimit {
            max: l.max,
            window: l.window,
        }
    }
}

impl From<RateLimit> for sv::Limit {
    fn from(l: RateLimit) -> Self {
        sv::Limit::new(l.max, l.window)
    }
}

impl From<sv::VerifierConfig> for VerifierConfig {
    fn from(c: sv::VerifierConfig) -> Self {
        VerifierConfig {
            throttle: ThrottlePolicy {
                free_failures: c.throttle.free_failures,
                base_backoff: c.throttle.base_backoff,
                max_backoff: c.throttle.max_backoff,
                max_failures: c.throttle.max_failures,
                rate: c.throttle.rate.map(Into::into),
                state_ttl: c.throttle.state_ttl,
            },
            totp: TotpPolicy {
                back: c.totp.back,
                forward: c.totp.forward,
                drift: c.totp.drift,
            },
            hotp: HotpPolicy {
                look_ahead: c.hotp.look_ahead,
                resync_window: c.hotp.resync_window,
            },
        }
    }
}

impl From<VerifierConfig> for sv::VerifierConfig {
    fn from(c: VerifierConfig) -> Self {
        sv::VerifierConfig {
            throttle: sv::ThrottlePolicy {
                free_failures: c.throttle.free_failures,
                base_backoff: c.throttle.base_backoff,
                max_backoff: c.throttle.max_backoff,
                max_failures: c.throttle.max_failures,
                rate: c.throttle.rate.map(Into::into),
                state_ttl: c.throttle.state_ttl,
            },
            totp: sv::TotpPolicy {
                back: c.totp.back,
                forward: c.totp.forward,
                drift: c.totp.drift,
            },
            hotp: sv::HotpPolicy {
                look_ahead: c.hotp.look_ahead,
                resync_window: c.hotp.resync_window,
            },
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Outcomes

/// Why a submitted code has the wrong shape (nothing compared, no attempt taken).
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum MalformedReason {
    Empty,
    BadCharacter,
    WrongLength,
    TooLong,
}

/// The result of a TOTP/HOTP check. Only `Accepted` lets the user in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum VerifyOutcome {
    /// `step`: the accepted TOTP step or HOTP counter (now the high-water mark); `offset`: step
    /// minus the expected one; `drift`: tracked drift after this success; `next_counter`: HOTP
    /// counter to persist if the application keeps counters.
    Accepted {
        step: u64,
        offset: i64,
        drift: i64,
        next_counter: u64,
    },
    /// Wrong code; `remaining` failures are left before the hard cap.
    Invalid { remaining: Option<u32> },
    /// Right code, but not above the last accepted step (counted as a failure).
    Replayed,
    /// Backoff: no attempt before `until` (Unix seconds); not counted.
    Locked { until: u64 },
    /// Out-of-band only (the challenge is past its lifetime).
    Expired,
    /// The hard cap of consecutive failures is reached: refused until `unlock`.
    Exhausted,
    /// The attempt rate limit is reached; retry after `retry_after` seconds. Not counted.
    RateLimited { retry_after: u64 },
    /// Not a code of the expected shape; not counted.
    Malformed { reason: MalformedReason },
}

/// The result of verifying an out-of-band code. `verify` reports unknown, expired, used-up and
/// wrong challenges alike as `Invalid { remaining: null }`; `verify_detailed` keeps the
/// distinction (`Invalid` with the attempts left, `Expired`, `Exhausted`) for server logs only.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum OobOutcome {
    /// The code is right; the challenge is consumed (single use).
    Accepted {
        challenge_id: String,
    },
    Invalid {
        remaining: Option<u32>,
    },
    Expired,
    Exhausted,
    Malformed {
        reason: MalformedReason,
    },
}

/// Which send limit refused a delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
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

/// The result of issuing or re-sending an out-of-band code.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum IssueOutcome {
    /// Deliver `code` to the user (then drop it; only its MAC is stored) and give
    /// `challenge_id` to the client. The code stops working at `expires_at` (Unix seconds).
    Issued {
        challenge_id: String,
        code: SecretText,
        expires_at: u64,
    },
    /// A send limit or the resend cooldown refused it; nothing was sent or counted.
    RateLimited { scope: LimitScope, retry_after: u64 },
    /// Resend of an unknown, expired, used or burned challenge.
    UnknownChallenge,
}

/// A credential's stored throttle and replay state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct CredentialState {
    pub failures: u32,
    pub locked_until: u64,
    pub high_water: Option<u64>,
    pub drift: i64,
}

impl From<sv::MalformedReason> for MalformedReason {
    fn from(r: sv::MalformedReason) -> Self {
        match r {
            sv::MalformedReason::Empty => MalformedReason::Empty,
            sv::MalformedReason::BadCharacter => MalformedReason::BadCharacter,
            sv::MalformedReason::WrongLength => MalformedReason::WrongLength,
            sv::MalformedReason::TooLong => MalformedReason::TooLong,
        }
    }
}

impl From<sv::LimitScope> for LimitScope {
    fn from(s: sv::LimitScope) -> Self {
        match s {
            sv::LimitScope::Destination => LimitScope::Destination,
            sv::LimitScope::Ip => LimitScope::Ip,
            sv::LimitScope::Prefix => LimitScope::Prefix,
            sv::LimitScope::Country => LimitScope::Country,
            sv::LimitScope::Global => LimitScope::Global,
            sv::LimitScope::Cooldown => LimitScope::Cooldown,
            sv::LimitScope::ChallengeSends => LimitScope::ChallengeSends,
        }
    }
}

pub(super) fn verify_outcome(
    r: Result<sv::Verified, sv::VerifyError>,
) -> Result<VerifyOutcome, OtpError> {
    use sv::VerifyError as E;
    Ok(match r {
        Ok(v) => VerifyOutcome::Accepted {
            step: v.step,
            offset: v.offset,
            drift: v.drift,
            next_counter: v.next_counter,
        },
        Err(E::Invalid { remaining }) => VerifyOutcome::Invalid { remaining },
        Err(E::Replayed) => VerifyOutcome::Replayed,
        Err(E::Locked { until }) => VerifyOutcome::Locked { until },
        Err(E::Expired) => VerifyOutcome::Expired,
        Err(E::Exhausted) => VerifyOutcome::Exhausted,
        Err(E::RateLimited { retry_after }) => VerifyOutcome::RateLimited { retry_after },
        Err(E::Malformed(reason)) => VerifyOutcome::Malformed {
            reason: reason.into(),
        },
        Err(e @ (E::Store(_) | E::Config(_) | E::InvalidRequest(_))) => return Err(e.into()),
    })
}

pub(super) fn oob_outcome(
    r: Result<sv::OobAccepted, sv::VerifyError>,
) -> Result<OobOutcome, OtpError> {
    use sv::VerifyError as E;
    Ok(match r {
        Ok(a) => OobOutcome::Accepted {
            challenge_id: a.challenge_id,
        },
        Err(E::Invalid { remaining }) => OobOutcome::Invalid { remaining },
        Err(E::Expired) => OobOutcome::Expired,
        Err(E::Exhausted) => OobOutcome::Exhausted,
        Err(E::Malformed(reason)) => OobOutcome::Malformed {
            reason: reason.into(),
        },
        // Store/config failures, and outcomes the out-of-band service never produces, fail closed.
        Err(e) => return Err(e.into()),
    })
}

pub(super) fn issue_outcome(
    r: Result<sv::Issued, sv::IssueError>,
) -> Result<IssueOutcome, OtpError> {
    use sv::IssueError as E;
    Ok(match r {
        Ok(i) => IssueOutcome::Issued {
            challenge_id: i.challenge_id,
            code: i.code.expose().into(),
            expires_at: i.expires_at,
        },
        Err(E::RateLimited { scope, retry_after }) => IssueOutcome::RateLimited {
            scope: scope.into(),
            retry_after,
        },
        Err(E::UnknownChallenge) => IssueOutcome::UnknownChallenge,
        Err(e @ (E::InvalidRequest(_) | E::Store(_))) => return Err(e.into()),
    })
}

/// Shape of issued codes: `length` (4..=10) ASCII digits, or symbols of
/// `23456789ABCDEFGHJKLMNPQRSTUVWXYZ` (typed case-insensitively).
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum CodeFormat {
    Digits { length: u8 },
    Alphanumeric { length: u8 },
}

/// Lifetime (`ttl` 1..=600 s), attempts per code (1..=10), resend cooldown (s) and sends per
/// challenge (1..=10) of out-of-band codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct OobPolicy {
    pub format: CodeFormat,
    pub ttl: u64,
    pub max_attempts: u32,
    pub resend_cooldown: u64,
    pub max_sends: u32,
}

/// Send limits, each a list of fixed windows; `prefix_digits` leading digits of a phone number
/// form its prefix (1..=15); `global_budget` is the core's `global` limit (all sends).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SendLimits {
    pub per_destination: Vec<RateLimit>,
    pub per_ip: Vec<RateLimit>,
    pub per_prefix: Vec<RateLimit>,
    pub prefix_digits: u32,
    pub per_country: Vec<RateLimit>,
    pub global_budget: Vec<RateLimit>,
}

/// How an out-of-band code is delivered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum DeliveryChannel {
    Sms,
    Voice,
    WhatsApp,
    Email,
}

/// Where a code is about to be sent (E.164 number or e-mail address), and optionally the
/// requesting client's IP and the destination's ISO 3166 country (for their limits).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Delivery {
    pub channel: DeliveryChannel,
    pub destination: String,
    #[uniffi(default)]
    pub ip: Option<String>,
    #[uniffi(default)]
    pub country: Option<String>,
}

/// What a code is bound to: `purpose` (e.g. "login", "payment"), `subject` (user id) and the
/// canonical bytes of a transaction (empty for none). A code verifies only with the same binding.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct OobBinding {
    pub purpose: String,
    pub subject: String,
    #[uniffi(default)]
    pub transaction: Vec<u8>,
}

/// 6 digits, 300 s, 5 attempts, 30 s resend cooldown, 3 sends.
#[uniffi::export]
pub fn default_oob_policy() -> OobPolicy {
    sv::OobPolicy::default().into()
}

/// Per destination 5/h and 10/day, per IP 20/h, per 6-digit prefix 50/h, per country 1000/h,
/// global 10 000/h.
#[uniffi::export]
pub fn default_send_limits() -> SendLimits {
    sv::SendLimits::default().into()
}

/// No send limits at all (tests; the per-challenge cooldown and maximum still apply).
#[uniffi::export]
pub fn no_send_limits() -> SendLimits {
    sv::SendLimits::none().into()
}

impl From<sv::OobPolicy> for OobPolicy {
    fn from(p: sv::OobPolicy) -> Self {
        OobPolicy {
            format: match p.format {
                sv::CodeFormat::Digits(length) => CodeFormat::Digits { length },
                sv::CodeFormat::Alphanumeric(length) => CodeFormat::Alphanumeric { length },
            },
            ttl: p.ttl,
            max_attempts: p.max_attempts,
            resend_cooldown: p.resend_cooldown,
            max_sends: p.max_sends,
        }
    }
}

impl From<OobPolicy> for sv::OobPolicy {
    fn from(p: OobPolicy) -> Self {
        sv::OobPolicy {
            format: match p.format {
                CodeFormat::Digits { length } => sv::CodeFormat::Digits(length),
                CodeFormat::Alphanumeric { length } => sv::CodeFormat::Alphanumeric(length),
            },
            ttl: p.ttl,
            max_attempts: p.max_attempts,
            resend_cooldown: p.resend_cooldown,
            max_sends: p.max_sends,
        }
    }
}

pub(super) fn limits_to_ffi(l: Vec<sv::Limit>) -> Vec<RateLimit> {
    l.into_iter().map(Into::into).collect()
}

pub(super) fn limits_to_core(l: Vec<RateLimit>) -> Vec<sv::Limit> {
    l.into_iter().map(Into::into).collect()
}

impl From<sv::SendLimits> for SendLimits {
    fn from(l: sv::SendLimits) -> Self {
        SendLimits {
            per_destination: limits_to_ffi(l.per_destination),
            per_ip: limits_to_ffi(l.per_ip),
            per_prefix: limits_to_ffi(l.per_prefix),
            prefix_digits: u32::try_from(l.prefix_digits).unwrap_or(u32::MAX),
            per_country: limits_to_ffi(l.per_country),
            global_budget: limits_to_ffi(l.global),
        }
    }
}

impl From<SendLimits> for sv::SendLimits {
    fn from(l: SendLimits) -> Self {
        sv::SendLimits {
            per_destination: limits_to_core(l.per_destination),
            per_ip: limits_to_core(l.per_ip),
            per_prefix: limits_to_core(l.per_prefix),
            prefix_digits: usize::try_from(l.prefix_digits).unwrap_or(usize::MAX),
            per_country: limits_to_core(l.per_country),
            global: limits_to_core(l.global_budget),
        }
    }
}

impl OobBinding {
    pub(super) fn core(&self) -> sv::Binding<'_> {
        sv::Binding::new(&self.purpose, &self.subject).with_transaction(&self.transaction)
    }
}

impl Delivery {
    pub(super) fn core(&self) -> sv::Delivery<'_> {
        sv::Delivery {
            channel: match self.channel {
                DeliveryChannel::Sms => sv::Channel::Sms,
                DeliveryChannel::Voice => sv::Channel::Voice,
                DeliveryChannel::WhatsApp => sv::Channel::WhatsApp,
                DeliveryChannel::Email => sv::Channel::Email,
            },
            destination: &self.destination,
            ip: self.ip.as_deref(),
            country: self.country.as_deref(),
        }
    }
}

impl From<sv::store::CredentialState> for CredentialState {
    fn from(s: sv::store::CredentialState) -> Self {
        CredentialState {
            failures: s.failures,
            locked_until: s.locked_until,
            high_water: s.high_water,
            drift: s.drift,
        }
    }
}

/// Settings of a Redis store ([`super::VerificationStore::redis_with_options`]).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RedisStoreOptions {
    /// Key prefix (non-empty, no braces or whitespace). Default `otpkit`.
    pub prefix: String,
    /// Connect and command timeout in milliseconds (1..=60 000). Default 2 000.
    pub timeout_ms: u64,
    /// Idle connections kept for reuse (0..=1 024; 0 opens one per call). Default 32.
    pub max_idle: u32,
}

/// The core defaults: prefix `otpkit`, 2 s timeout, 32 idle connections.
#[uniffi::export]
pub fn default_redis_store_options() -> RedisStoreOptions {
    #[cfg(feature = "redis")]
    {
        let d = sv::RedisOptions::default();
        RedisStoreOptions {
            prefix: d.prefix,
            timeout_ms: u64::try_from(d.timeout.as_millis()).unwrap_or(u64::MAX),
            max_idle: u32::try_from(d.max_idle).unwrap_or(u32::MAX),
        }
    }
    // Without the Redis client the values are never used (the constructor refuses).
    #[cfg(not(feature = "redis"))]
    RedisStoreOptions {
        prefix: "otpkit".into(),
        timeout_ms: 2_000,
        max_idle: 32,
    }
}
