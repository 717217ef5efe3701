//! Records, enums and conversions of the server bindings: verifier configuration, outcomes,
//! out-of-band policy, send limits, bindings and deliveries.

use crate::error::OtpError;
use crate::error::{in_range, non_negative, out_i32, out_i64};
use crate::handles::OneTimeCode;
use otpkit::server as sv;
use std::sync::Arc;

// ---------------------------------------------------------------------------------------------
// Verifier configuration

/// At most `max` events per fixed window of `window` seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct RateLimit {
    pub max: i32,
    pub window: i64,
}

/// Throttling of one credential (see docs/server.md): `free_failures` before backoff, then
/// `base_backoff` doubling up to `max_backoff` seconds; `max_failures` (1..=100) consecutive
/// failures exhaust the credential until `unlock`. `state_ttl` null keeps state forever (HOTP).
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct ThrottlePolicy {
    pub free_failures: i32,
    pub base_backoff: i64,
    pub max_backoff: i64,
    pub max_failures: i32,
    pub rate: Option<RateLimit>,
    pub state_ttl: Option<i64>,
}

/// TOTP steps accepted before/after the current one (each at most 10) and optional drift
/// tracking up to ±`drift` steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct TotpPolicy {
    pub back: i64,
    pub forward: i64,
    pub drift: Option<i64>,
}

/// HOTP look-ahead (at most 100) and resync window (at most 10 000).
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct HotpPolicy {
    pub look_ahead: i64,
    pub resync_window: i64,
}

/// Everything configurable about an [`super::Verifier`].
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
            max: out_i32(l.max),
            window: out_i64(l.window),
        }
    }
}

impl TryFrom<RateLimit> for sv::Limit {
    type Error = OtpError;
    fn try_from(l: RateLimit) -> Result<Self, OtpError> {
        Ok(sv::Limit::new(
            in_range(i64::from(l.max), "max")?,
            non_negative(l.window, "window")?,
        ))
    }
}

impl From<sv::VerifierConfig> for VerifierConfig {
    fn from(c: sv::VerifierConfig) -> Self {
        VerifierConfig {
            throttle: ThrottlePolicy {
                free_failures: out_i32(c.throttle.free_failures),
                base_backoff: out_i64(c.throttle.base_backoff),
                max_backoff: out_i64(c.throttle.max_backoff),
                max_failures: out_i32(c.throttle.max_failures),
                rate: c.throttle.rate.map(Into::into),
                state_ttl: c.throttle.state_ttl.map(out_i64),
            },
            totp: TotpPolicy {
                back: out_i64(c.totp.back),
                forward: out_i64(c.totp.forward),
                drift: c.totp.drift.map(out_i64),
            },
            hotp: HotpPolicy {
                look_ahead: out_i64(c.hotp.look_ahead),
                resync_window: out_i64(c.hotp.resync_window),
            },
        }
    }
}

impl TryFrom<VerifierConfig> for sv::VerifierConfig {
    type Error = OtpError;
    fn try_from(c: VerifierConfig) -> Result<Self, OtpError> {
        let t = c.throttle;
        Ok(sv::VerifierConfig {
            throttle: sv::ThrottlePolicy {
                free_failures: in_range(i64::from(t.free_failures), "free_failures")?,
                base_backoff: non_negative(t.base_backoff, "base_backoff")?,
                max_backoff: non_negative(t.max_backoff, "max_backoff")?,
                max_failures: in_range(i64::from(t.max_failures), "max_failures")?,
                rate: t.rate.map(TryInto::try_into).transpose()?,
                state_ttl: t
                    .state_ttl
                    .map(|v| non_negative(v, "state_ttl"))
                    .transpose()?,
            },
            totp: sv::TotpPolicy {
                back: non_negative(c.totp.back, "back")?,
                forward: non_negative(c.totp.forward, "forward")?,
                drift: c.totp.drift.map(|v| non_negative(v, "drift")).transpose()?,
            },
            hotp: sv::HotpPolicy {
                look_ahead: non_negative(c.hotp.look_ahead, "look_ahead")?,
                resync_window: non_negative(c.hotp.resync_window, "resync_window")?,
            },
        })
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
        step: i64,
        offset: i64,
        drift: i64,
        next_counter: i64,
    },
    /// Wrong code; `remaining` failures are left before the hard cap.
    Invalid { remaining: Option<i32> },
    /// Right code, but not above the last accepted step (counted as a failure).
    Replayed,
    /// Backoff: no attempt before `until` (Unix seconds); not counted.
    Locked { until: i64 },
    /// Out-of-band only (the challenge is past its lifetime).
    Expired,
    /// The hard cap of consecutive failures is reached: refused until `unlock`.
    Exhausted,
    /// The attempt rate limit is reached; retry after `retry_after` seconds. Not counted.
    RateLimited { retry_after: i64 },
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
        remaining: Option<i32>,
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
        code: Arc<OneTimeCode>,
        expires_at: i64,
    },
    /// A send limit or the resend cooldown refused it; nothing was sent or counted.
    RateLimited { scope: LimitScope, retry_after: i64 },
    /// Resend of an unknown, expired, used or burned challenge.
    UnknownChallenge,
}

/// A credential's stored throttle and replay state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct CredentialState {
    pub failures: i32,
    pub locked_until: i64,
    pub high_water: Option<i64>,
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
            step: out_i64(v.step),
            offset: v.offset,
            drift: v.drift,
            next_counter: out_i64(v.next_counter),
        },
        Err(E::Invalid { remaining }) => VerifyOutcome::Invalid {
            remaining: remaining.map(out_i32),
        },
        Err(E::Replayed) => VerifyOutcome::Replayed,
        Err(E::Locked { until }) => VerifyOutcome::Locked {
            until: out_i64(until),
        },
        Err(E::Expired) => VerifyOutcome::Expired,
        Err(E::Exhausted) => VerifyOutcome::Exhausted,
        Err(E::RateLimited { retry_after }) => VerifyOutcome::RateLimited {
            retry_after: out_i64(retry_after),
        },
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
        Err(E::Invalid { remaining }) => OobOutcome::Invalid {
            remaining: remaining.map(out_i32),
        },
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
            code: OneTimeCode::new(i.code.expose()),
            expires_at: out_i64(i.expires_at),
        },
        Err(E::RateLimited { scope, retry_after }) => IssueOutcome::RateLimited {
            scope: scope.into(),
            retry_after: out_i64(retry_after),
        },
        Err(E::UnknownChallenge) => IssueOutcome::UnknownChallenge,
        Err(e @ (E::InvalidRequest(_) | E::Store(_))) => return Err(e.into()),
    })
}

/// Shape of issued codes: `length` (4..=10) ASCII digits, or symbols of
/// `23456789ABCDEFGHJKLMNPQRSTUVWXYZ` (typed case-insensitively).
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum CodeFormat {
    Digits { length: i32 },
    Alphanumeric { length: i32 },
}

/// Lifetime (`ttl` 1..=600 s), attempts per code (1..=10), resend cooldown (s) and sends per
/// challenge (1..=10) of out-of-band codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct OobPolicy {
    pub format: CodeFormat,
    pub ttl: i64,
    pub max_attempts: i32,
    pub resend_cooldown: i64,
    pub max_sends: i32,
}

/// Send limits, each a list of fixed windows; `prefix_digits` leading digits of a phone number
/// form its prefix (1..=15); `global_budget` is the core's `global` limit (all sends).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SendLimits {
    pub per_destination: Vec<RateLimit>,
    pub per_ip: Vec<RateLimit>,
    pub per_prefix: Vec<RateLimit>,
    pub prefix_digits: i32,
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
                sv::CodeFormat::Digits(length) => CodeFormat::Digits {
                    length: i32::from(length),
                },
                sv::CodeFormat::Alphanumeric(length) => CodeFormat::Alphanumeric {
                    length: i32::from(length),
                },
            },
            ttl: out_i64(p.ttl),
            max_attempts: out_i32(p.max_attempts),
            resend_cooldown: out_i64(p.resend_cooldown),
            max_sends: out_i32(p.max_sends),
        }
    }
}

impl TryFrom<OobPolicy> for sv::OobPolicy {
    type Error = OtpError;
    fn try_from(p: OobPolicy) -> Result<Self, OtpError> {
        Ok(sv::OobPolicy {
            format: match p.format {
                CodeFormat::Digits { length } => {
                    sv::CodeFormat::Digits(in_range(i64::from(length), "length")?)
                }
                CodeFormat::Alphanumeric { length } => {
                    sv::CodeFormat::Alphanumeric(in_range(i64::from(length), "length")?)
                }
            },
            ttl: non_negative(p.ttl, "ttl")?,
            max_attempts: in_range(i64::from(p.max_attempts), "max_attempts")?,
            resend_cooldown: non_negative(p.resend_cooldown, "resend_cooldown")?,
            max_sends: in_range(i64::from(p.max_sends), "max_sends")?,
        })
    }
}

pub(super) fn limits_to_ffi(l: Vec<sv::Limit>) -> Vec<RateLimit> {
    l.into_iter().map(Into::into).collect()
}

pub(super) fn limits_to_core(l: Vec<RateLimit>) -> Result<Vec<sv::Limit>, OtpError> {
    l.into_iter().map(TryInto::try_into).collect()
}

impl From<sv::SendLimits> for SendLimits {
    fn from(l: sv::SendLimits) -> Self {
        SendLimits {
            per_destination: limits_to_ffi(l.per_destination),
            per_ip: limits_to_ffi(l.per_ip),
            per_prefix: limits_to_ffi(l.per_prefix),
            prefix_digits: out_i32(l.prefix_digits),
            per_country: limits_to_ffi(l.per_country),
            global_budget: limits_to_ffi(l.global),
        }
    }
}

impl TryFrom<SendLimits> for sv::SendLimits {
    type Error = OtpError;
    fn try_from(l: SendLimits) -> Result<Self, OtpError> {
        Ok(sv::SendLimits {
            per_destination: limits_to_core(l.per_destination)?,
            per_ip: limits_to_core(l.per_ip)?,
            per_prefix: limits_to_core(l.per_prefix)?,
            prefix_digits: in_range(i64::from(l.prefix_digits), "prefix_digits")?,
            per_country: limits_to_core(l.per_country)?,
            global: limits_to_core(l.global_budget)?,
        })
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

/// The FFI form of a core channel.
#[cfg_attr(not(feature = "delivery"), allow(dead_code))]
pub(super) fn delivery_channel(c: sv::Channel) -> DeliveryChannel {
    match c {
        sv::Channel::Sms => DeliveryChannel::Sms,
        sv::Channel::Voice => DeliveryChannel::Voice,
        sv::Channel::WhatsApp => DeliveryChannel::WhatsApp,
        sv::Channel::Email => DeliveryChannel::Email,
    }
}

impl From<sv::store::CredentialState> for CredentialState {
    fn from(s: sv::store::CredentialState) -> Self {
        CredentialState {
            failures: out_i32(s.failures),
            locked_until: out_i64(s.locked_until),
            high_water: s.high_water.map(out_i64),
            drift: s.drift,
        }
    }
}

/// Settings of a Redis store ([`super::VerificationStore::redis`]).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RedisStoreOptions {
    /// Key prefix (non-empty, no braces or whitespace). Default `otpkit`.
    #[uniffi(default = "otpkit")]
    pub prefix: String,
    /// Connect and command timeout in milliseconds (1..=60 000). Default 2 000.
    #[uniffi(default = 2000)]
    pub timeout_ms: i64,
    /// Idle connections kept for reuse (0..=1 024; 0 opens one per call). Default 32.
    #[uniffi(default = 32)]
    pub max_idle: i32,
}

/// The core defaults: prefix `otpkit`, 2 s timeout, 32 idle connections.
#[uniffi::export]
pub fn default_redis_store_options() -> RedisStoreOptions {
    #[cfg(feature = "redis")]
    {
        let d = sv::RedisOptions::default();
        RedisStoreOptions {
            prefix: d.prefix,
            timeout_ms: i64::try_from(d.timeout.as_millis()).unwrap_or(i64::MAX),
            max_idle: out_i32(d.max_idle),
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
