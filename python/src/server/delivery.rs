//! Out-of-band delivery, part 1 (`otpkit_ffi` delivery surface): provider accounts
//! (`MessageSender` over a `ProviderConfig` from `providers.rs`, `RetryPolicy`), sender-id
//! checks, message templates and
//! the fallback policy records a `Dispatcher` is built from (`FallbackStep`, `FallbackPolicy`,
//! `DispatchConfig`). The dispatcher and its outcomes are in `dispatch.rs`.
//!
//! Credentials cross only as `SensitiveText` objects inside a `ProviderConfig`; every `repr`
//! here shows them as `SensitiveText(<redacted>)`. Rules (sender ids, template shape, ranges) are
//! the FFI's and the core's; this file converts.

use crate::enums::{py_enum, PyEnum};
use crate::error::PyResultExt;
use crate::handles::SensitiveText;
use crate::time::TimeArg;
use otpkit_ffi as ffi;
use pyo3::prelude::*;
use std::sync::Arc;

use super::outcomes::enum_repr;
use super::providers::ProviderConfig;

py_enum!(ProviderKind: ffi::ProviderKind {
    Twilio => "TWILIO",
    Vonage => "VONAGE",
    MessageBird => "MESSAGE_BIRD",
    SleekFlow => "SLEEK_FLOW",
    Textlocal => "TEXTLOCAL",
    Dexatel => "DEXATEL",
    LabsMobile => "LABS_MOBILE",
});

py_enum!(DeliveryStatus: ffi::DeliveryStatus {
    Accepted => "ACCEPTED",
    Sent => "SENT",
    Delivered => "DELIVERED",
    Failed => "FAILED",
    Expired => "EXPIRED",
});

py_enum!(TextlocalRegion: ffi::TextlocalRegion {
    International => "INTERNATIONAL",
    India => "INDIA",
});

py_enum!(SendFailure: ffi::SendFailure {
    Invalid => "INVALID",
    Rejected => "REJECTED",
    Unauthorized => "UNAUTHORIZED",
    RateLimited => "RATE_LIMITED",
    Unavailable => "UNAVAILABLE",
    Protocol => "PROTOCOL",
});

pub(crate) fn opt_str(v: &Option<String>) -> String {
    v.as_ref().map_or("None".into(), |s| format!("{s:?}"))
}

/// Timeout and retries of one send: ``attempts`` tries in all (1..=5), each with a
/// whole-exchange timeout of ``timeout_ms`` (1..=60 000), pauses from ``initial_backoff_ms``
/// doubling up to ``max_backoff_ms`` (≤ 30 000). A request that may have reached the provider
/// is repeated only where the provider documents idempotency. Ranges are checked when a
/// :class:`MessageSender` is built.
#[pyclass(eq, get_all, set_all, module = "otpkit", from_py_object)]
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct RetryPolicy {
    pub attempts: i32,
    pub timeout_ms: i64,
    pub initial_backoff_ms: i64,
    pub max_backoff_ms: i64,
}

#[pymethods]
impl RetryPolicy {
    #[new]
    #[pyo3(signature = (*, attempts = 3, timeout_ms = 10_000, initial_backoff_ms = 250, max_backoff_ms = 4_000))]
    fn new(attempts: i32, timeout_ms: i64, initial_backoff_ms: i64, max_backoff_ms: i64) -> Self {
        Self {
            attempts,
            timeout_ms,
            initial_backoff_ms,
            max_backoff_ms,
        }
    }

    fn __repr__(&self) -> String {
        format!(
            "RetryPolicy(attempts={}, timeout_ms={}, initial_backoff_ms={}, max_backoff_ms={})",
            self.attempts, self.timeout_ms, self.initial_backoff_ms, self.max_backoff_ms
        )
    }
}

impl From<RetryPolicy> for ffi::RetryPolicy {
    fn from(r: RetryPolicy) -> Self {
        Self {
            attempts: r.attempts,
            timeout_ms: r.timeout_ms,
            initial_backoff_ms: r.initial_backoff_ms,
            max_backoff_ms: r.max_backoff_ms,
        }
    }
}

/// The default timeouts and retries of a :class:`MessageSender`: 3 tries, 10 s timeout, 250 ms
/// backoff doubling to 4 s.
#[pyfunction]
fn default_retry_policy() -> RetryPolicy {
    let r = ffi::default_retry_policy();
    RetryPolicy {
        attempts: r.attempts,
        timeout_ms: r.timeout_ms,
        initial_backoff_ms: r.initial_backoff_ms,
        max_backoff_ms: r.max_backoff_ms,
    }
}

/// Sends messages through one provider account (HTTPS with rustls, a timeout, and retries only
/// where a repeat cannot send twice). Use it in :class:`FallbackStep`\ s; one sender can serve
/// several steps and policies. ``repr`` names the provider, never a credential.
#[pyclass(frozen, module = "otpkit")]
pub(crate) struct MessageSender(pub(crate) Arc<ffi::MessageSender>);

#[pymethods]
impl MessageSender {
    /// A sender for ``config`` (validated: credentials present, base URL https or loopback) with
    /// ``retry`` (default: ``default_retry_policy()``) and ``time`` (default: the system clock)
    /// for what the provider signs (Vonage application JWTs; read while sending, so a Python
    /// clock that raises reads as the epoch and the provider refuses the token). Raises
    /// ``OtpError.InvalidInput(SERVER_CONFIG)`` for an unusable configuration.
    #[new]
    #[pyo3(signature = (config, retry = None, time = None))]
    fn new(
        py: Python<'_>,
        config: PyRef<'_, ProviderConfig>,
        retry: Option<RetryPolicy>,
        time: Option<TimeArg>,
    ) -> PyResult<Self> {
        let c = config.to_ffi(py);
        ffi::MessageSender::new(c, retry.map(Into::into), time.as_ref().map(TimeArg::ffi))
            .py()
            .map(Self)
    }

    /// The provider.
    fn kind(&self) -> PyEnum<ffi::ProviderKind> {
        PyEnum(self.0.kind())
    }

    /// Whether this sender (as configured) delivers over ``channel``.
    fn supports(&self, channel: PyEnum<ffi::DeliveryChannel>) -> bool {
        self.0.supports(channel.0)
    }

    /// Checks ``sender_id`` for ``channel`` and the destination's ISO 3166 ``country`` against
    /// the generic, per-country and this provider's rules. Raises
    /// ``OtpError.InvalidInput(kind=SENDER_ID)`` whose ``field`` names the rule broken.
    #[pyo3(signature = (channel, sender_id, country = None))]
    fn check_sender(
        &self,
        channel: PyEnum<ffi::DeliveryChannel>,
        sender_id: String,
        country: Option<String>,
    ) -> PyResult<()> {
        self.0.check_sender(channel.0, sender_id, country).py()
    }

    fn __repr__(&self) -> String {
        format!("{:?}", self.0)
    }

    fn __str__(&self) -> String {
        self.__repr__()
    }
}

/// Checks a sender id (alphanumeric name, ``+E164`` number or 3–8 digit short code) for
/// ``channel`` and the destination's ISO 3166 ``country`` against the rules every provider
/// shares (1–11 letters/digits/inner spaces with a letter; voice and WhatsApp need a number; no
/// alphanumeric ids in US/CA/PR; 6-letter headers in IN). Raises
/// ``OtpError.InvalidInput(kind=SENDER_ID)`` whose ``field`` names the rule: ``empty``,
/// ``too_long``, ``too_short``, ``bad_character``, ``no_letter``, ``bad_number``,
/// ``number_required``, ``not_in_country``, ``country_length``, ``provider``.
#[pyfunction]
#[pyo3(signature = (sender_id, channel, country = None))]
fn check_sender_id(
    sender_id: String,
    channel: PyEnum<ffi::DeliveryChannel>,
    country: Option<String>,
) -> PyResult<()> {
    ffi::check_sender_id(sender_id, channel.0, country).py()
}

/// The text sent on one channel: ``template`` with exactly one ``{code}`` placeholder (voice
/// reads the code out one character at a time). Not secret: it holds no code.
#[pyclass(eq, get_all, set_all, module = "otpkit", from_py_object)]
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct MessageTemplate {
    pub channel: PyEnum<ffi::DeliveryChannel>,
    pub template: String,
}

#[pymethods]
impl MessageTemplate {
    #[new]
    #[pyo3(signature = (*, channel, template))]
    fn new(channel: PyEnum<ffi::DeliveryChannel>, template: String) -> Self {
        Self { channel, template }
    }

    fn __repr__(&self) -> String {
        format!(
            "MessageTemplate(channel={}, template={:?})",
            enum_repr(self.channel),
            self.template
        )
    }
}

impl From<&MessageTemplate> for ffi::MessageTemplate {
    fn from(t: &MessageTemplate) -> Self {
        Self {
            channel: t.channel.0,
            template: t.template.clone(),
        }
    }
}

/// The text ``template`` gives on its channel for ``code``, as a :class:`SensitiveText` (it
/// holds the code). Raises ``OtpError.InvalidInput(SERVER_CONFIG)`` for a
/// template without exactly one ``{code}``, with other braces or control characters, or over
/// 640 bytes.
#[pyfunction]
fn render_message_template(template: &MessageTemplate, code: String) -> PyResult<SensitiveText> {
    let code = zeroize::Zeroizing::new(code);
    ffi::render_message_template(template.into(), code.to_string().into())
        .py()
        .map(SensitiveText)
}

/// One step of a fallback policy: send on ``channel`` through ``sender`` from ``sender_id``
/// (alphanumeric name, ``+E164`` number or short code), then wait up to ``wait`` seconds
/// (1..=600) for a delivered receipt before the next step. ``callback_url``: the delivery-report
/// URL given to providers that take one per message (https, or http to loopback).
#[pyclass(eq, module = "otpkit", from_py_object)]
#[derive(Clone)]
pub(crate) struct FallbackStep {
    #[pyo3(get, set)]
    pub channel: PyEnum<ffi::DeliveryChannel>,
    pub sender: Arc<ffi::MessageSender>,
    #[pyo3(get, set)]
    pub sender_id: String,
    #[pyo3(get, set)]
    pub wait: i64,
    #[pyo3(get, set)]
    pub callback_url: Option<String>,
}

impl PartialEq for FallbackStep {
    fn eq(&self, o: &Self) -> bool {
        self.channel == o.channel
            && Arc::ptr_eq(&self.sender, &o.sender)
            && self.sender_id == o.sender_id
            && self.wait == o.wait
            && self.callback_url == o.callback_url
    }
}

#[pymethods]
impl FallbackStep {
    #[new]
    #[pyo3(signature = (*, channel, sender, sender_id, wait, callback_url = None))]
    fn new(
        channel: PyEnum<ffi::DeliveryChannel>,
        sender: &MessageSender,
        sender_id: String,
        wait: i64,
        callback_url: Option<String>,
    ) -> Self {
        Self {
            channel,
            sender: sender.0.clone(),
            sender_id,
            wait,
            callback_url,
        }
    }

    /// The sender of this step (the same underlying account object every time).
    #[getter]
    fn sender(&self) -> MessageSender {
        MessageSender(self.sender.clone())
    }

    #[setter]
    fn set_sender(&mut self, sender: &MessageSender) {
        self.sender = sender.0.clone();
    }

    fn __repr__(&self) -> String {
        format!(
            "FallbackStep(channel={}, sender={:?}, sender_id={:?}, wait={}, callback_url={})",
            enum_repr(self.channel),
            self.sender,
            self.sender_id,
            self.wait,
            opt_str(&self.callback_url)
        )
    }
}

impl From<&FallbackStep> for ffi::FallbackStep {
    fn from(s: &FallbackStep) -> Self {
        Self {
            channel: s.channel.0,
            sender: s.sender.clone(),
            sender_id: s.sender_id.clone(),
            wait: s.wait,
            callback_url: s.callback_url.clone(),
        }
    }
}

/// The ordered ``steps`` (1..=8, e.g. SMS → WhatsApp → voice) of one ``purpose`` and the
/// ``templates`` of every channel they use. Checked when a :class:`Dispatcher` is built.
#[pyclass(eq, get_all, set_all, module = "otpkit", from_py_object)]
#[derive(Clone, PartialEq)]
pub(crate) struct FallbackPolicy {
    pub purpose: String,
    pub steps: Vec<FallbackStep>,
    pub templates: Vec<MessageTemplate>,
}

#[pymethods]
impl FallbackPolicy {
    #[new]
    #[pyo3(signature = (*, purpose, steps, templates))]
    fn new(purpose: String, steps: Vec<FallbackStep>, templates: Vec<MessageTemplate>) -> Self {
        Self {
            purpose,
            steps,
            templates,
        }
    }

    fn __repr__(&self) -> String {
        let steps: Vec<String> = self.steps.iter().map(FallbackStep::__repr__).collect();
        let templates: Vec<String> = self
            .templates
            .iter()
            .map(MessageTemplate::__repr__)
            .collect();
        format!(
            "FallbackPolicy(purpose={:?}, steps=[{}], templates=[{}])",
            self.purpose,
            steps.join(", "),
            templates.join(", ")
        )
    }
}

impl From<&FallbackPolicy> for ffi::FallbackPolicy {
    fn from(p: &FallbackPolicy) -> Self {
        Self {
            purpose: p.purpose.clone(),
            steps: p.steps.iter().map(Into::into).collect(),
            templates: p.templates.iter().map(Into::into).collect(),
        }
    }
}

/// How long a challenge's delivery log outlives its code for late receipts (``receipt_grace``,
/// 1..=604 800 s) and how long a claim on the next send holds (``claim_lease``, 1..=3 600 s;
/// longer than a sender's worst-case send).
#[pyclass(eq, get_all, set_all, module = "otpkit", from_py_object)]
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct DispatchConfig {
    pub receipt_grace: i64,
    pub claim_lease: i64,
}

#[pymethods]
impl DispatchConfig {
    #[new]
    #[pyo3(signature = (*, receipt_grace = 3_600, claim_lease = 120))]
    fn new(receipt_grace: i64, claim_lease: i64) -> Self {
        Self {
            receipt_grace,
            claim_lease,
        }
    }

    fn __repr__(&self) -> String {
        format!(
            "DispatchConfig(receipt_grace={}, claim_lease={})",
            self.receipt_grace, self.claim_lease
        )
    }
}

impl From<DispatchConfig> for ffi::DispatchConfig {
    fn from(c: DispatchConfig) -> Self {
        Self {
            receipt_grace: c.receipt_grace,
            claim_lease: c.claim_lease,
        }
    }
}

/// The default :class:`DispatchConfig`: receipts matched for an hour after a code expires,
/// 120 s send claims.
#[pyfunction]
fn default_dispatch_config() -> DispatchConfig {
    let c = ffi::default_dispatch_config();
    DispatchConfig {
        receipt_grace: c.receipt_grace,
        claim_lease: c.claim_lease,
    }
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<RetryPolicy>()?;
    m.add_class::<MessageSender>()?;
    m.add_class::<MessageTemplate>()?;
    m.add_class::<FallbackStep>()?;
    m.add_class::<FallbackPolicy>()?;
    m.add_class::<DispatchConfig>()?;
    m.add_function(wrap_pyfunction!(default_retry_policy, m)?)?;
    m.add_function(wrap_pyfunction!(default_dispatch_config, m)?)?;
    m.add_function(wrap_pyfunction!(check_sender_id, m)?)?;
    m.add_function(wrap_pyfunction!(render_message_template, m)?)?;
    Ok(())
}
