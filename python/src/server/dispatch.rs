//! Out-of-band delivery, part 2: the fallback `Dispatcher` (issue, send through the purpose's
//! policy, read delivery-report webhooks, move on to the next channel) and its results:
//! `DispatchOutcome`, `ReceiptOutcome`, `DeliveryUpdate`, `SendRecord`, `DeliveryState`.
//!
//! Every dispatcher call is a coroutine with a `*_blocking` twin that releases the GIL for the
//! whole call (store round trips and provider HTTP requests). Time as in `OobCodes`: a Python
//! `TimeSource` is read here, under the GIL, before the call (see `super::explicit_time`).

use super::delivery::{opt_str, DispatchConfig, FallbackPolicy};
use super::oob::{OobBinding, OobCodes, OobPolicy, Pepper, SendLimits};
use super::outcomes::enum_repr;
use super::{explicit_time, VerificationStore};
use crate::enums::PyEnum;
use crate::error::PyResultExt;
use crate::time::TimeArg;
use crate::wake::tracked;
use otpkit_ffi as ffi;
use pyo3::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;

/// The result of :meth:`Dispatcher.start`, ``advance`` and ``resend``. ``OtpError`` is raised
/// only for store failures, bad configuration and unusable requests.
#[pyclass(frozen, eq, module = "otpkit")]
#[derive(Clone, PartialEq, Eq)]
pub(crate) enum DispatchOutcome {
    /// This call sent a code via ``step`` as send ``seq`` (the provider took it, or may have).
    /// Call ``advance`` at ``wait_until`` unless a receipt comes first. The code stops working
    /// at ``expires_at``.
    #[pyo3(name = "SENT")]
    Sent {
        challenge_id: String,
        step: i32,
        channel: PyEnum<ffi::DeliveryChannel>,
        seq: i32,
        expires_at: i64,
        wait_until: i64,
    },
    /// Nothing to do yet (step ``step``'s wait, the cooldown, or another caller is sending):
    /// call ``advance`` again at ``until``.
    #[pyo3(name = "WAITING")]
    Waiting {
        challenge_id: String,
        step: i32,
        until: i64,
    },
    /// The latest send (the live code) was delivered.
    #[pyo3(name = "DELIVERED")]
    Delivered {
        challenge_id: String,
        step: i32,
        channel: PyEnum<ffi::DeliveryChannel>,
    },
    /// No step is left to try (the live code still verifies until it expires).
    #[pyo3(name = "EXHAUSTED")]
    Exhausted { challenge_id: String },
    /// A send limit, the resend cooldown or the per-challenge maximum refused it; nothing was
    /// sent.
    #[pyo3(name = "RATE_LIMITED")]
    RateLimited {
        scope: PyEnum<ffi::LimitScope>,
        retry_after: i64,
    },
    /// Unknown, expired, used or burned challenge.
    #[pyo3(name = "UNKNOWN_CHALLENGE")]
    UnknownChallenge(),
    /// Every remaining step failed definitively; this is the last step's failure. ``reason``
    /// never holds a code, message text, credential or phone number.
    #[pyo3(name = "SEND_FAILED", constructor = (provider, failure, reason, provider_code = None))]
    SendFailed {
        provider: PyEnum<ffi::ProviderKind>,
        failure: PyEnum<ffi::SendFailure>,
        reason: String,
        provider_code: Option<String>,
    },
    /// The last remaining step's sender id is not allowed for its channel or country; ``rule``
    /// names the rule (as ``OtpError.InvalidInput(SENDER_ID).field``).
    #[pyo3(name = "SENDER_REFUSED")]
    SenderRefused { rule: String, reason: String },
}

impl From<ffi::DispatchOutcome> for DispatchOutcome {
    fn from(o: ffi::DispatchOutcome) -> Self {
        use ffi::DispatchOutcome as F;
        match o {
            F::Sent {
                challenge_id,
                step,
                channel,
                seq,
                expires_at,
                wait_until,
            } => Self::Sent {
                challenge_id,
                step,
                channel: PyEnum(channel),
                seq,
                expires_at,
                wait_until,
            },
            F::Waiting {
                challenge_id,
                step,
                until,
            } => Self::Waiting {
                challenge_id,
                step,
                until,
            },
            F::Delivered {
                challenge_id,
                step,
                channel,
            } => Self::Delivered {
                challenge_id,
                step,
                channel: PyEnum(channel),
            },
            F::Exhausted { challenge_id } => Self::Exhausted { challenge_id },
            F::RateLimited { scope, retry_after } => Self::RateLimited {
                scope: PyEnum(scope),
                retry_after,
            },
            F::UnknownChallenge => Self::UnknownChallenge(),
            F::SendFailed {
                provider,
                failure,
                provider_code,
                reason,
            } => Self::SendFailed {
                provider: PyEnum(provider),
                failure: PyEnum(failure),
                provider_code,
                reason,
            },
            F::SenderRefused { rule, reason } => Self::SenderRefused { rule, reason },
        }
    }
}

#[pymethods]
impl DispatchOutcome {
    fn is_sent(&self) -> bool {
        matches!(self, Self::Sent { .. })
    }
    fn is_waiting(&self) -> bool {
        matches!(self, Self::Waiting { .. })
    }
    fn is_delivered(&self) -> bool {
        matches!(self, Self::Delivered { .. })
    }
    fn is_exhausted(&self) -> bool {
        matches!(self, Self::Exhausted { .. })
    }
    fn is_rate_limited(&self) -> bool {
        matches!(self, Self::RateLimited { .. })
    }
    fn is_unknown_challenge(&self) -> bool {
        matches!(self, Self::UnknownChallenge())
    }
    fn is_send_failed(&self) -> bool {
        matches!(self, Self::SendFailed { .. })
    }
    fn is_sender_refused(&self) -> bool {
        matches!(self, Self::SenderRefused { .. })
    }

    fn __repr__(&self) -> String {
        match self {
            Self::Sent {
                challenge_id,
                step,
                channel,
                seq,
                expires_at,
                wait_until,
            } => format!(
                "DispatchOutcome.SENT(challenge_id={challenge_id:?}, step={step}, channel={}, seq={seq}, expires_at={expires_at}, wait_until={wait_until})",
                enum_repr(*channel)
            ),
            Self::Waiting {
                challenge_id,
                step,
                until,
            } => format!(
                "DispatchOutcome.WAITING(challenge_id={challenge_id:?}, step={step}, until={until})"
            ),
            Self::Delivered {
                challenge_id,
                step,
                channel,
            } => format!(
                "DispatchOutcome.DELIVERED(challenge_id={challenge_id:?}, step={step}, channel={})",
                enum_repr(*channel)
            ),
            Self::Exhausted { challenge_id } => {
                format!("DispatchOutcome.EXHAUSTED(challenge_id={challenge_id:?})")
            }
            Self::RateLimited { scope, retry_after } => format!(
                "DispatchOutcome.RATE_LIMITED(scope={}, retry_after={retry_after})",
                enum_repr(*scope)
            ),
            Self::UnknownChallenge() => "DispatchOutcome.UNKNOWN_CHALLENGE()".into(),
            Self::SendFailed {
                provider,
                failure,
                reason,
                provider_code,
            } => format!(
                "DispatchOutcome.SEND_FAILED(provider={}, failure={}, reason={reason:?}, provider_code={})",
                enum_repr(*provider),
                enum_repr(*failure),
                opt_str(provider_code)
            ),
            Self::SenderRefused { rule, reason } => {
                format!("DispatchOutcome.SENDER_REFUSED(rule={rule:?}, reason={reason:?})")
            }
        }
    }
}

/// What a delivery report did to one send: the merged ``status`` (the stored one when the
/// report did not raise it) and whether the report ``changed`` it.
#[pyclass(frozen, eq, get_all, module = "otpkit", from_py_object)]
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct DeliveryUpdate {
    pub challenge_id: String,
    pub seq: i32,
    pub step: i32,
    pub channel: PyEnum<ffi::DeliveryChannel>,
    pub status: PyEnum<ffi::DeliveryStatus>,
    pub changed: bool,
}

#[pymethods]
impl DeliveryUpdate {
    #[new]
    #[pyo3(signature = (*, challenge_id, seq, step, channel, status, changed))]
    fn new(
        challenge_id: String,
        seq: i32,
        step: i32,
        channel: PyEnum<ffi::DeliveryChannel>,
        status: PyEnum<ffi::DeliveryStatus>,
        changed: bool,
    ) -> Self {
        Self {
            challenge_id,
            seq,
            step,
            channel,
            status,
            changed,
        }
    }

    fn __repr__(&self) -> String {
        format!(
            "DeliveryUpdate(challenge_id={:?}, seq={}, step={}, channel={}, status={}, changed={})",
            self.challenge_id,
            self.seq,
            self.step,
            enum_repr(self.channel),
            enum_repr(self.status),
            if self.changed { "True" } else { "False" }
        )
    }
}

impl From<ffi::DeliveryUpdate> for DeliveryUpdate {
    fn from(u: ffi::DeliveryUpdate) -> Self {
        Self {
            challenge_id: u.challenge_id,
            seq: u.seq,
            step: u.step,
            channel: PyEnum(u.channel),
            status: PyEnum(u.status),
            changed: u.changed,
        }
    }
}

/// The result of reading a delivery-report webhook. Answer the provider's request with
/// ``RECORDED`` → 200, ``UNKNOWN_MESSAGE`` → 200 (nothing to retry), ``UNAUTHENTICATED`` → 401,
/// ``MALFORMED`` → 400, ``TOO_LARGE`` → 413; an ``OtpError.StoreUnavailable`` → 503 (the
/// provider retries).
#[pyclass(frozen, eq, module = "otpkit")]
#[derive(Clone, PartialEq, Eq)]
pub(crate) enum ReceiptOutcome {
    /// Verified; each known report recorded. Call ``advance`` for the challenges listed to act
    /// on failures at once.
    #[pyo3(name = "RECORDED")]
    Recorded { updates: Vec<DeliveryUpdate> },
    /// The signature or token is missing, wrong, expired or for another URL or body (a forged
    /// receipt). Nothing was recorded.
    #[pyo3(name = "UNAUTHENTICATED")]
    Unauthenticated { reason: String },
    /// Not a delivery report of the documented shape. Nothing was recorded.
    #[pyo3(name = "MALFORMED")]
    Malformed { reason: String },
    /// The body is over 64 KiB (or the URL over 8 KiB); refused unread.
    #[pyo3(name = "TOO_LARGE")]
    TooLarge(),
    /// Verified, but for messages this store does not know.
    #[pyo3(name = "UNKNOWN_MESSAGE")]
    UnknownMessage(),
}

impl From<ffi::ReceiptOutcome> for ReceiptOutcome {
    fn from(o: ffi::ReceiptOutcome) -> Self {
        use ffi::ReceiptOutcome as F;
        match o {
            F::Recorded { updates } => Self::Recorded {
                updates: updates.into_iter().map(Into::into).collect(),
            },
            F::Unauthenticated { reason } => Self::Unauthenticated { reason },
            F::Malformed { reason } => Self::Malformed { reason },
            F::TooLarge => Self::TooLarge(),
            F::UnknownMessage => Self::UnknownMessage(),
        }
    }
}

#[pymethods]
impl ReceiptOutcome {
    fn is_recorded(&self) -> bool {
        matches!(self, Self::Recorded { .. })
    }
    fn is_unauthenticated(&self) -> bool {
        matches!(self, Self::Unauthenticated { .. })
    }
    fn is_malformed(&self) -> bool {
        matches!(self, Self::Malformed { .. })
    }
    fn is_too_large(&self) -> bool {
        matches!(self, Self::TooLarge())
    }
    fn is_unknown_message(&self) -> bool {
        matches!(self, Self::UnknownMessage())
    }

    fn __repr__(&self) -> String {
        match self {
            Self::Recorded { updates } => {
                let items: Vec<String> = updates.iter().map(DeliveryUpdate::__repr__).collect();
                format!("ReceiptOutcome.RECORDED(updates=[{}])", items.join(", "))
            }
            Self::Unauthenticated { reason } => {
                format!("ReceiptOutcome.UNAUTHENTICATED(reason={reason:?})")
            }
            Self::Malformed { reason } => format!("ReceiptOutcome.MALFORMED(reason={reason:?})"),
            Self::TooLarge() => "ReceiptOutcome.TOO_LARGE()".into(),
            Self::UnknownMessage() => "ReceiptOutcome.UNKNOWN_MESSAGE()".into(),
        }
    }
}

/// One send of a challenge, as logged, with the merged status of its delivery reports.
/// ``error`` is the provider's error code (e.g. ``30003``) or a short reason (``rejected``,
/// ``unavailable``, ``sender_id``, …) for a failure.
#[pyclass(frozen, eq, get_all, module = "otpkit", from_py_object)]
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct SendRecord {
    pub seq: i32,
    pub step: i32,
    pub channel: PyEnum<ffi::DeliveryChannel>,
    pub provider: PyEnum<ffi::ProviderKind>,
    pub message_id: Option<String>,
    pub sent_at: i64,
    pub status: PyEnum<ffi::DeliveryStatus>,
    pub updated_at: i64,
    pub error: Option<String>,
}

#[pymethods]
impl SendRecord {
    #[new]
    #[pyo3(signature = (*, seq, step, channel, provider, message_id, sent_at, status, updated_at, error = None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        seq: i32,
        step: i32,
        channel: PyEnum<ffi::DeliveryChannel>,
        provider: PyEnum<ffi::ProviderKind>,
        message_id: Option<String>,
        sent_at: i64,
        status: PyEnum<ffi::DeliveryStatus>,
        updated_at: i64,
        error: Option<String>,
    ) -> Self {
        Self {
            seq,
            step,
            channel,
            provider,
            message_id,
            sent_at,
            status,
            updated_at,
            error,
        }
    }

    fn __repr__(&self) -> String {
        format!(
            "SendRecord(seq={}, step={}, channel={}, provider={}, message_id={}, sent_at={}, status={}, updated_at={}, error={})",
            self.seq,
            self.step,
            enum_repr(self.channel),
            enum_repr(self.provider),
            opt_str(&self.message_id),
            self.sent_at,
            enum_repr(self.status),
            self.updated_at,
            opt_str(&self.error)
        )
    }
}

impl From<ffi::SendRecord> for SendRecord {
    fn from(r: ffi::SendRecord) -> Self {
        Self {
            seq: r.seq,
            step: r.step,
            channel: PyEnum(r.channel),
            provider: PyEnum(r.provider),
            message_id: r.message_id,
            sent_at: r.sent_at,
            status: PyEnum(r.status),
            updated_at: r.updated_at,
            error: r.error,
        }
    }
}

/// A challenge's ``sends``, oldest first, and whether the latest one (the live code) was
/// ``delivered``. No sends: an unknown, or long expired, challenge.
#[pyclass(frozen, eq, get_all, module = "otpkit", from_py_object)]
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct DeliveryState {
    pub sends: Vec<SendRecord>,
    pub delivered: bool,
}

#[pymethods]
impl DeliveryState {
    #[new]
    #[pyo3(signature = (*, sends, delivered))]
    fn new(sends: Vec<SendRecord>, delivered: bool) -> Self {
        Self { sends, delivered }
    }

    fn __repr__(&self) -> String {
        let items: Vec<String> = self.sends.iter().map(SendRecord::__repr__).collect();
        format!(
            "DeliveryState(sends=[{}], delivered={})",
            items.join(", "),
            if self.delivered { "True" } else { "False" }
        )
    }
}

impl From<ffi::DeliveryState> for DeliveryState {
    fn from(s: ffi::DeliveryState) -> Self {
        Self {
            sends: s.sends.into_iter().map(Into::into).collect(),
            delivered: s.delivered,
        }
    }
}

/// Sends out-of-band codes through per-purpose fallback policies over a
/// :class:`VerificationStore` (which also keeps each challenge's delivery log). Verify the codes
/// with :meth:`codes`. A fresh code per send (the store keeps only a MAC), never two live codes
/// for one challenge; every send counts against the send limits and the resend cooldown; of
/// concurrent ``advance``/``resend`` calls exactly one sends. Every call is a coroutine with a
/// ``*_blocking`` twin that releases the GIL.
#[pyclass(frozen, module = "otpkit")]
pub(crate) struct Dispatcher {
    inner: Arc<ffi::Dispatcher>,
    time: Option<TimeArg>,
}

impl Dispatcher {
    fn time(&self, unix_time: Option<i64>) -> PyResult<Option<i64>> {
        explicit_time(self.time.as_ref(), unix_time)
    }
}

#[pymethods]
impl Dispatcher {
    /// A dispatcher over ``store`` with ``peppers`` (current first, as for :class:`OobCodes`),
    /// one :class:`FallbackPolicy` per purpose, time from ``time`` (default: the system clock),
    /// and the out-of-band ``policy``, ``limits`` and dispatch ``config`` (defaults:
    /// ``default_oob_policy()``, ``default_send_limits()``, ``default_dispatch_config()``).
    #[new]
    #[pyo3(signature = (store, peppers, policies, time = None, policy = None, limits = None, config = None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        store: &VerificationStore,
        peppers: Vec<PyRef<'_, Pepper>>,
        policies: Vec<PyRef<'_, FallbackPolicy>>,
        time: Option<TimeArg>,
        policy: Option<PyRef<'_, OobPolicy>>,
        limits: Option<PyRef<'_, SendLimits>>,
        config: Option<DispatchConfig>,
    ) -> PyResult<Self> {
        let peppers = peppers.iter().map(|p| p.ffi()).collect();
        let policies = policies.iter().map(|p| (&**p).into()).collect();
        let (policy, limits) = (
            policy.as_deref().map(Into::into),
            limits.as_deref().map(Into::into),
        );
        let clock = time.as_ref().map(TimeArg::ffi);
        let store = store.ffi();
        let inner = py
            .detach(|| {
                ffi::Dispatcher::new(
                    store,
                    peppers,
                    policies,
                    clock,
                    policy,
                    limits,
                    config.map(Into::into),
                )
            })
            .py()?;
        Ok(Self { inner, time })
    }

    /// The out-of-band codes service over the same store, peppers, policy, limits and time:
    /// verify the codes the dispatcher sent with it.
    fn codes(&self) -> OobCodes {
        OobCodes::wrap(self.inner.codes(), self.time.clone())
    }

    /// Issues a challenge for ``binding`` and sends its code to ``to`` (E.164) via the
    /// purpose's first step (send limits counted with the requesting ``ip`` and the
    /// destination ``country``). A send that failed definitively moves to the next step at once.
    #[pyo3(signature = (binding, to, ip = None, country = None, unix_time = None))]
    fn start_blocking(
        &self,
        py: Python<'_>,
        binding: &OobBinding,
        to: String,
        ip: Option<String>,
        country: Option<String>,
        unix_time: Option<i64>,
    ) -> PyResult<DispatchOutcome> {
        let t = self.time(unix_time)?;
        let b = binding.into();
        py.detach(|| self.inner.start_blocking(b, to, ip, country, t))
            .py()
            .map(Into::into)
    }

    #[pyo3(signature = (binding, to, ip = None, country = None, unix_time = None))]
    async fn start(
        &self,
        binding: OobBinding,
        to: String,
        ip: Option<String>,
        country: Option<String>,
        unix_time: Option<i64>,
    ) -> PyResult<DispatchOutcome> {
        let t = self.time(unix_time)?;
        let inner = self.inner.clone();
        tracked(inner.start((&binding).into(), to, ip, country, t))
            .await
            .py()
            .map(Into::into)
    }

    /// Moves a challenge on: ``DELIVERED``, ``WAITING``, a send via the next step (``SENT``)
    /// when the last one failed or was not delivered within its wait, or ``EXHAUSTED``. Call it
    /// after a receipt and when an outcome's ``wait_until``/``until`` comes, with the binding
    /// and destination given to ``start``.
    #[pyo3(signature = (challenge_id, binding, to, ip = None, country = None, unix_time = None))]
    #[allow(clippy::too_many_arguments)]
    fn advance_blocking(
        &self,
        py: Python<'_>,
        challenge_id: String,
        binding: &OobBinding,
        to: String,
        ip: Option<String>,
        country: Option<String>,
        unix_time: Option<i64>,
    ) -> PyResult<DispatchOutcome> {
        let t = self.time(unix_time)?;
        let b = binding.into();
        py.detach(|| {
            self.inner
                .advance_blocking(challenge_id, b, to, ip, country, t)
        })
        .py()
        .map(Into::into)
    }

    #[pyo3(signature = (challenge_id, binding, to, ip = None, country = None, unix_time = None))]
    async fn advance(
        &self,
        challenge_id: String,
        binding: OobBinding,
        to: String,
        ip: Option<String>,
        country: Option<String>,
        unix_time: Option<i64>,
    ) -> PyResult<DispatchOutcome> {
        let t = self.time(unix_time)?;
        let inner = self.inner.clone();
        tracked(inner.advance(challenge_id, (&binding).into(), to, ip, country, t))
            .await
            .py()
            .map(Into::into)
    }

    /// The user's "send me a new code": via the next step when the last send failed or its
    /// wait is over, else via the same step again; ``RATE_LIMITED(scope=COOLDOWN)`` while the
    /// resend cooldown runs.
    #[pyo3(signature = (challenge_id, binding, to, ip = None, country = None, unix_time = None))]
    #[allow(clippy::too_many_arguments)]
    fn resend_blocking(
        &self,
        py: Python<'_>,
        challenge_id: String,
        binding: &OobBinding,
        to: String,
        ip: Option<String>,
        country: Option<String>,
        unix_time: Option<i64>,
    ) -> PyResult<DispatchOutcome> {
        let t = self.time(unix_time)?;
        let b = binding.into();
        py.detach(|| {
            self.inner
                .resend_blocking(challenge_id, b, to, ip, country, t)
        })
        .py()
        .map(Into::into)
    }

    #[pyo3(signature = (challenge_id, binding, to, ip = None, country = None, unix_time = None))]
    async fn resend(
        &self,
        challenge_id: String,
        binding: OobBinding,
        to: String,
        ip: Option<String>,
        country: Option<String>,
        unix_time: Option<i64>,
    ) -> PyResult<DispatchOutcome> {
        let t = self.time(unix_time)?;
        let inner = self.inner.clone();
        tracked(inner.resend(challenge_id, (&binding).into(), to, ip, country, t))
            .await
            .py()
            .map(Into::into)
    }

    /// Verifies a delivery-report webhook of ``provider`` as the HTTP server received it
    /// (``method``, the full ``url`` with its query exactly as configured at the provider,
    /// ``headers`` as a ``dict`` in any case, the raw ``body`` bytes) with the configured senders
    /// of that provider, and records its reports.
    #[pyo3(signature = (provider, method, url, headers, body, unix_time = None))]
    #[allow(clippy::too_many_arguments)]
    fn receipt_blocking(
        &self,
        py: Python<'_>,
        provider: PyEnum<ffi::ProviderKind>,
        method: String,
        url: String,
        headers: HashMap<String, String>,
        body: &[u8],
        unix_time: Option<i64>,
    ) -> PyResult<ReceiptOutcome> {
        let t = self.time(unix_time)?;
        let body = body.to_vec();
        py.detach(|| {
            self.inner
                .receipt_blocking(provider.0, method, url, headers, body, t)
        })
        .py()
        .map(Into::into)
    }

    #[pyo3(signature = (provider, method, url, headers, body, unix_time = None))]
    async fn receipt(
        &self,
        provider: PyEnum<ffi::ProviderKind>,
        method: String,
        url: String,
        headers: HashMap<String, String>,
        body: Vec<u8>,
        unix_time: Option<i64>,
    ) -> PyResult<ReceiptOutcome> {
        let t = self.time(unix_time)?;
        let inner = self.inner.clone();
        tracked(inner.receipt(provider.0, method, url, headers, body, t))
            .await
            .py()
            .map(Into::into)
    }

    /// The sends of ``challenge_id`` (32 hex digits) and whether the latest was delivered.
    #[pyo3(signature = (challenge_id, unix_time = None))]
    fn status_blocking(
        &self,
        py: Python<'_>,
        challenge_id: String,
        unix_time: Option<i64>,
    ) -> PyResult<DeliveryState> {
        let t = self.time(unix_time)?;
        py.detach(|| self.inner.status_blocking(challenge_id, t))
            .py()
            .map(Into::into)
    }

    #[pyo3(signature = (challenge_id, unix_time = None))]
    async fn status(
        &self,
        challenge_id: String,
        unix_time: Option<i64>,
    ) -> PyResult<DeliveryState> {
        let t = self.time(unix_time)?;
        let inner = self.inner.clone();
        tracked(inner.status(challenge_id, t))
            .await
            .py()
            .map(Into::into)
    }

    fn __repr__(&self) -> String {
        format!("{:?}", self.inner)
    }
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<DispatchOutcome>()?;
    m.add_class::<DeliveryUpdate>()?;
    m.add_class::<ReceiptOutcome>()?;
    m.add_class::<SendRecord>()?;
    m.add_class::<DeliveryState>()?;
    m.add_class::<Dispatcher>()?;
    Ok(())
}
