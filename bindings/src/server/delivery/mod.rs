//! Out-of-band delivery ([`otpkit::delivery`]): provider senders ([`MessageSender`]), sender-id
//! checks, and the fallback [`Dispatcher`] that issues a code through the out-of-band service,
//! sends it through the purpose's [`FallbackPolicy`], reads delivery-report webhooks into the
//! store and moves on to the next channel when a send failed or was not delivered in time.
//!
//! Thin: every rule is the core's. Expected results are outcome enums ([`DispatchOutcome`],
//! [`ReceiptOutcome`]); `OtpError` only for store failures, bad configuration and unusable
//! requests. Every dispatcher call is `async` with a `*_blocking` twin; `unix_time` null means
//! "now" from the dispatcher's `TimeSource`.
//!
//! The surface is the same with and without the crate feature `delivery` (mobile builds leave
//! it out): without it the constructors and functions raise `InvalidInput(SERVER_CONFIG)`
//! "built without the delivery feature" (`stub.rs`); with it `imp.rs` converts and delegates.

// Without the feature the dispatcher methods are unreachable (no dispatcher can exist).
#![cfg_attr(not(feature = "delivery"), allow(unused_variables, unreachable_code))]

use super::{at, OobBinding, OobCodes, OobPolicy, Pepper, SendLimits, VerificationStore};
use crate::asyncify::off_thread;
use crate::clock::TimeSource;
use crate::error::OtpError;
use crate::handles::SensitiveText;
use crate::server::DeliveryChannel;
use std::collections::HashMap;
use std::sync::Arc;

#[cfg(feature = "delivery")]
mod imp;
#[cfg(not(feature = "delivery"))]
#[path = "stub.rs"]
mod imp;
mod types;

pub use types::*;

/// Sends messages through one provider account (HTTPS with rustls, a timeout, and retries only
/// where a repeat cannot send twice). Use it in [`FallbackStep`]s; one sender can serve several
/// steps and policies.
#[derive(uniffi::Object)]
#[uniffi::export(Debug)]
pub struct MessageSender {
    inner: imp::SenderInner,
}

impl std::fmt::Debug for MessageSender {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        imp::fmt_sender(&self.inner, f)
    }
}

#[uniffi::export]
impl MessageSender {
    /// A sender for `config` (validated: credentials present, base URL https or loopback) with
    /// `retry` (default: 3 tries, 10 s timeout, 250 ms backoff doubling to 4 s) and `time`
    /// (default: the system clock) for what the provider signs (Vonage application JWTs).
    #[uniffi::constructor(default(retry = None, time = None))]
    pub fn new(
        config: ProviderConfig,
        retry: Option<RetryPolicy>,
        time: Option<Arc<dyn TimeSource>>,
    ) -> Result<Arc<Self>, OtpError> {
        Ok(Arc::new(Self {
            inner: imp::new_sender(config, retry, time)?,
        }))
    }

    /// The provider.
    pub fn kind(&self) -> ProviderKind {
        imp::sender_kind(&self.inner)
    }

    /// Whether this sender (as configured) delivers over `channel`.
    pub fn supports(&self, channel: DeliveryChannel) -> bool {
        imp::sender_supports(&self.inner, channel)
    }

    /// Checks `sender_id` for `channel` and the destination's ISO 3166 `country` against the
    /// generic, per-country and this provider's rules. Raises `InvalidInput(SENDER_ID)` whose
    /// `field` names the rule broken.
    #[uniffi::method(default(country = None))]
    pub fn check_sender(
        &self,
        channel: DeliveryChannel,
        sender_id: String,
        country: Option<String>,
    ) -> Result<(), OtpError> {
        imp::sender_check(&self.inner, channel, &sender_id, country.as_deref())
    }
}

/// Checks a sender id (alphanumeric name, `+E164` number or 3–8 digit short code) for
/// `channel` and the destination's ISO 3166 `country` against the rules every provider shares
/// (1–11 letters/digits/inner spaces with a letter; voice and WhatsApp need a number; no
/// alphanumeric ids in US/CA/PR; 6-letter headers in IN). Raises `InvalidInput(SENDER_ID)`
/// whose `field` names the rule: `empty`, `too_long`, `too_short`, `bad_character`,
/// `no_letter`, `bad_number`, `number_required`, `not_in_country`, `country_length`,
/// `provider`.
#[uniffi::export(default(country = None))]
pub fn check_sender_id(
    sender_id: String,
    channel: DeliveryChannel,
    country: Option<String>,
) -> Result<(), OtpError> {
    imp::check_sender_id(&sender_id, channel, country.as_deref())
}

/// The text a [`MessageTemplate`] gives on `channel` for `code` (voice: the code read out one
/// character at a time). Raises `InvalidInput(SERVER_CONFIG, field = "template")` for a template
/// without exactly one `{code}`, with other braces or control characters, or over 640 bytes.
#[uniffi::export]
pub fn render_message_template(
    template: MessageTemplate,
    code: crate::SecretText,
) -> Result<Arc<SensitiveText>, OtpError> {
    imp::render_template(&template, &code)
}

/// The default timeouts and retries of a [`MessageSender`].
#[uniffi::export]
pub fn default_retry_policy() -> RetryPolicy {
    RetryPolicy {
        attempts: 3,
        timeout_ms: 10_000,
        initial_backoff_ms: 250,
        max_backoff_ms: 4_000,
    }
}

/// The default [`DispatchConfig`]: receipts matched for an hour after a code expires, 120 s
/// send claims.
#[uniffi::export]
pub fn default_dispatch_config() -> DispatchConfig {
    DispatchConfig {
        receipt_grace: 3_600,
        claim_lease: 120,
    }
}

/// Sends out-of-band codes through per-purpose fallback policies over a [`VerificationStore`]
/// (which also keeps each challenge's delivery log). Verify the codes with [`Dispatcher::codes`].
///
/// A fresh code per send (the store keeps only a MAC), never two live codes for one challenge;
/// every send counts against the send limits and the resend cooldown; of concurrent
/// `advance`/`resend` calls exactly one sends.
#[derive(uniffi::Object)]
#[uniffi::export(Debug)]
pub struct Dispatcher {
    inner: imp::DispatcherInner,
}

impl std::fmt::Debug for Dispatcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        imp::fmt_dispatcher(&self.inner, f)
    }
}

#[uniffi::export]
impl Dispatcher {
    /// A dispatcher over `store` with `peppers` (current first, as for [`OobCodes`]), one
    /// [`FallbackPolicy`] per purpose, time from `time` (default: the system clock), and the
    /// out-of-band `policy`, `limits` and dispatch `config` (defaults: [`super::default_oob_policy`],
    /// [`super::default_send_limits`], [`default_dispatch_config`]).
    #[uniffi::constructor(default(time = None, policy = None, limits = None, config = None))]
    pub fn new(
        store: Arc<VerificationStore>,
        peppers: Vec<Arc<Pepper>>,
        policies: Vec<FallbackPolicy>,
        time: Option<Arc<dyn TimeSource>>,
        policy: Option<OobPolicy>,
        limits: Option<SendLimits>,
        config: Option<DispatchConfig>,
    ) -> Result<Arc<Self>, OtpError> {
        let parts = imp::Parts {
            store: &store,
            peppers: &peppers,
            policies,
            time,
            policy,
            limits,
            config,
        };
        Ok(Arc::new(Self {
            inner: imp::new_dispatcher(parts)?,
        }))
    }

    /// The out-of-band codes service over the same store, peppers, policy and limits: verify
    /// the codes the dispatcher sent with it.
    pub fn codes(&self) -> Arc<OobCodes> {
        imp::codes(&self.inner)
    }

    /// Issues a challenge for `binding` and sends its code to `to` (E.164) via the purpose's
    /// first step (send limits counted with the requesting `ip` and the destination `country`).
    /// A send that failed definitively moves to the next step at once.
    #[uniffi::method(default(ip = None, country = None, unix_time = None))]
    pub async fn start(
        &self,
        binding: OobBinding,
        to: String,
        ip: Option<String>,
        country: Option<String>,
        unix_time: Option<i64>,
    ) -> Result<DispatchOutcome, OtpError> {
        let (d, t) = (imp::share(&self.inner), at(unix_time)?);
        off_thread(move || imp::start(&d, &binding, &to, ip, country, t)).await
    }

    /// [`Dispatcher::start`], blocking the caller.
    #[uniffi::method(default(ip = None, country = None, unix_time = None))]
    pub fn start_blocking(
        &self,
        binding: OobBinding,
        to: String,
        ip: Option<String>,
        country: Option<String>,
        unix_time: Option<i64>,
    ) -> Result<DispatchOutcome, OtpError> {
        imp::start(&self.inner, &binding, &to, ip, country, at(unix_time)?)
    }

    /// Moves a challenge on: `Delivered`, `Waiting`, a send via the next step (`Sent`) when the
    /// last one failed or was not delivered within its wait, or `Exhausted`. Call it after a
    /// receipt and when an outcome's `wait_until`/`until` comes. Pass the binding and
    /// destination given to `start`.
    #[uniffi::method(default(ip = None, country = None, unix_time = None))]
    pub async fn advance(
        &self,
        challenge_id: String,
        binding: OobBinding,
        to: String,
        ip: Option<String>,
        country: Option<String>,
        unix_time: Option<i64>,
    ) -> Result<DispatchOutcome, OtpError> {
        let (d, t) = (imp::share(&self.inner), at(unix_time)?);
        let target = imp::Target { to, ip, country };
        off_thread(move || imp::step_on(&d, &challenge_id, &binding, target, t, false)).await
    }

    /// [`Dispatcher::advance`], blocking the caller.
    #[uniffi::method(default(ip = None, country = None, unix_time = None))]
    pub fn advance_blocking(
        &self,
        challenge_id: String,
        binding: OobBinding,
        to: String,
        ip: Option<String>,
        country: Option<String>,
        unix_time: Option<i64>,
    ) -> Result<DispatchOutcome, OtpError> {
        let target = imp::Target { to, ip, country };
        let t = at(unix_time)?;
        imp::step_on(&self.inner, &challenge_id, &binding, target, t, false)
    }

    /// The user's "send me a new code": via the next step when the last send failed or its
    /// wait is over, else via the same step again; `RateLimited(COOLDOWN)` while the resend
    /// cooldown runs.
    #[uniffi::method(default(ip = None, country = None, unix_time = None))]
    pub async fn resend(
        &self,
        challenge_id: String,
        binding: OobBinding,
        to: String,
        ip: Option<String>,
        country: Option<String>,
        unix_time: Option<i64>,
    ) -> Result<DispatchOutcome, OtpError> {
        let (d, t) = (imp::share(&self.inner), at(unix_time)?);
        let target = imp::Target { to, ip, country };
        off_thread(move || imp::step_on(&d, &challenge_id, &binding, target, t, true)).await
    }

    /// [`Dispatcher::resend`], blocking the caller.
    #[uniffi::method(default(ip = None, country = None, unix_time = None))]
    pub fn resend_blocking(
        &self,
        challenge_id: String,
        binding: OobBinding,
        to: String,
        ip: Option<String>,
        country: Option<String>,
        unix_time: Option<i64>,
    ) -> Result<DispatchOutcome, OtpError> {
        let target = imp::Target { to, ip, country };
        let t = at(unix_time)?;
        imp::step_on(&self.inner, &challenge_id, &binding, target, t, true)
    }

    /// Verifies a delivery-report webhook of `provider` as the HTTP server received it
    /// (`method`, the full `url` with query exactly as configured at the provider, `headers`
    /// in any case, the raw `body`) with the configured senders of that provider, and records
    /// its reports.
    #[uniffi::method(default(unix_time = None))]
    pub async fn receipt(
        &self,
        provider: ProviderKind,
        method: String,
        url: String,
        headers: HashMap<String, String>,
        body: Vec<u8>,
        unix_time: Option<i64>,
    ) -> Result<ReceiptOutcome, OtpError> {
        let (d, t) = (imp::share(&self.inner), at(unix_time)?);
        let request = imp::Webhook {
            method,
            url,
            headers,
            body,
        };
        off_thread(move || imp::receipt(&d, provider, request, t)).await
    }

    /// [`Dispatcher::receipt`], blocking the caller.
    #[uniffi::method(default(unix_time = None))]
    pub fn receipt_blocking(
        &self,
        provider: ProviderKind,
        method: String,
        url: String,
        headers: HashMap<String, String>,
        body: Vec<u8>,
        unix_time: Option<i64>,
    ) -> Result<ReceiptOutcome, OtpError> {
        let request = imp::Webhook {
            method,
            url,
            headers,
            body,
        };
        imp::receipt(&self.inner, provider, request, at(unix_time)?)
    }

    /// The sends of `challenge_id` (32 hex digits) and whether the latest was delivered.
    #[uniffi::method(default(unix_time = None))]
    pub async fn status(
        &self,
        challenge_id: String,
        unix_time: Option<i64>,
    ) -> Result<DeliveryState, OtpError> {
        let (d, t) = (imp::share(&self.inner), at(unix_time)?);
        off_thread(move || imp::status(&d, &challenge_id, t)).await
    }

    /// [`Dispatcher::status`], blocking the caller.
    #[uniffi::method(default(unix_time = None))]
    pub fn status_blocking(
        &self,
        challenge_id: String,
        unix_time: Option<i64>,
    ) -> Result<DeliveryState, OtpError> {
        imp::status(&self.inner, &challenge_id, at(unix_time)?)
    }
}
