//! Out-of-band codes: `OobCodes` (issue, resend, verify), `Pepper`, and the records and enums
//! of its policy, send limits, bindings and deliveries.

use super::outcomes::{IssueOutcome, OobOutcome};
use super::{explicit_time, VerificationStore};
use crate::enums::{py_enum, PyEnum};
use crate::error::PyResultExt;
use crate::time::TimeArg;
use crate::wake::tracked;
use otpkit_ffi as ffi;
use pyo3::prelude::*;
use std::borrow::Cow;
use std::sync::Arc;

py_enum!(DeliveryChannel: ffi::DeliveryChannel {
    Sms => "SMS",
    Voice => "VOICE",
    WhatsApp => "WHATS_APP",
    Email => "EMAIL",
});

/// A server pepper: the secret HMAC key (at least 16 bytes, 32 recommended) for out-of-band
/// code MACs, with its public key id. The key never leaves Rust; ``repr`` shows the id only.
#[pyclass(frozen, module = "otpkit")]
pub(crate) struct Pepper(Arc<ffi::Pepper>);

impl Pepper {
    pub(crate) fn ffi(&self) -> Arc<ffi::Pepper> {
        self.0.clone()
    }
}

#[pymethods]
impl Pepper {
    #[new]
    fn new(key_id: String, key: Vec<u8>) -> PyResult<Self> {
        let key = zeroize::Zeroizing::new(key);
        ffi::Pepper::new(key_id, key.to_vec()).py().map(Self)
    }

    /// A random 32-byte pepper from the OS CSPRNG (tests, first set-up).
    #[staticmethod]
    fn generate(key_id: String) -> PyResult<Self> {
        ffi::Pepper::generate(key_id).py().map(Self)
    }

    fn key_id(&self) -> String {
        self.0.key_id()
    }

    fn __repr__(&self) -> String {
        format!("{:?}", self.0)
    }
}

/// Shape of issued codes: ``length`` digits, or symbols of ``23456789ABCDEFGHJKLMNPQRSTUVWXYZ``.
#[pyclass(frozen, eq, module = "otpkit", from_py_object)]
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum CodeFormat {
    #[pyo3(name = "DIGITS")]
    Digits { length: i32 },
    #[pyo3(name = "ALPHANUMERIC")]
    Alphanumeric { length: i32 },
}

#[pymethods]
impl CodeFormat {
    fn is_digits(&self) -> bool {
        matches!(self, Self::Digits { .. })
    }
    fn is_alphanumeric(&self) -> bool {
        matches!(self, Self::Alphanumeric { .. })
    }
    fn __repr__(&self) -> String {
        match self {
            Self::Digits { length } => format!("CodeFormat.DIGITS(length={length})"),
            Self::Alphanumeric { length } => format!("CodeFormat.ALPHANUMERIC(length={length})"),
        }
    }
}

/// Lifetime, attempts per code, resend cooldown and sends per challenge of out-of-band codes.
#[pyclass(eq, get_all, set_all, module = "otpkit", from_py_object)]
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct OobPolicy {
    pub format: CodeFormat,
    pub ttl: i64,
    pub max_attempts: i32,
    pub resend_cooldown: i64,
    pub max_sends: i32,
}

#[pymethods]
impl OobPolicy {
    #[new]
    #[pyo3(signature = (*, format, ttl, max_attempts, resend_cooldown, max_sends))]
    fn new(
        format: CodeFormat,
        ttl: i64,
        max_attempts: i32,
        resend_cooldown: i64,
        max_sends: i32,
    ) -> Self {
        Self {
            format,
            ttl,
            max_attempts,
            resend_cooldown,
            max_sends,
        }
    }

    fn __repr__(&self) -> String {
        format!(
            "OobPolicy(format={}, ttl={}, max_attempts={}, resend_cooldown={}, max_sends={})",
            self.format.__repr__(),
            self.ttl,
            self.max_attempts,
            self.resend_cooldown,
            self.max_sends
        )
    }
}

impl From<ffi::OobPolicy> for OobPolicy {
    fn from(p: ffi::OobPolicy) -> Self {
        Self {
            format: match p.format {
                ffi::CodeFormat::Digits { length } => CodeFormat::Digits { length },
                ffi::CodeFormat::Alphanumeric { length } => CodeFormat::Alphanumeric { length },
            },
            ttl: p.ttl,
            max_attempts: p.max_attempts,
            resend_cooldown: p.resend_cooldown,
            max_sends: p.max_sends,
        }
    }
}

impl From<&OobPolicy> for ffi::OobPolicy {
    fn from(p: &OobPolicy) -> Self {
        Self {
            format: match p.format {
                CodeFormat::Digits { length } => ffi::CodeFormat::Digits { length },
                CodeFormat::Alphanumeric { length } => ffi::CodeFormat::Alphanumeric { length },
            },
            ttl: p.ttl,
            max_attempts: p.max_attempts,
            resend_cooldown: p.resend_cooldown,
            max_sends: p.max_sends,
        }
    }
}

use super::config::RateLimit;

fn limits_repr(l: &[RateLimit]) -> String {
    let items: Vec<String> = l.iter().map(RateLimit::__repr__).collect();
    format!("[{}]", items.join(", "))
}

fn to_ffi(l: &[RateLimit]) -> Vec<ffi::RateLimit> {
    l.iter().map(Into::into).collect()
}

fn from_ffi(l: Vec<ffi::RateLimit>) -> Vec<RateLimit> {
    l.into_iter().map(Into::into).collect()
}

/// Send limits, each a list of fixed windows; ``prefix_digits`` leading digits of a phone
/// number form its prefix; ``global_budget`` limits all sends.
#[pyclass(eq, get_all, set_all, module = "otpkit", from_py_object)]
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct SendLimits {
    pub per_destination: Vec<RateLimit>,
    pub per_ip: Vec<RateLimit>,
    pub per_prefix: Vec<RateLimit>,
    pub prefix_digits: i32,
    pub per_country: Vec<RateLimit>,
    pub global_budget: Vec<RateLimit>,
}

#[pymethods]
impl SendLimits {
    #[new]
    #[pyo3(signature = (*, per_destination, per_ip, per_prefix, prefix_digits, per_country, global_budget))]
    fn new(
        per_destination: Vec<RateLimit>,
        per_ip: Vec<RateLimit>,
        per_prefix: Vec<RateLimit>,
        prefix_digits: i32,
        per_country: Vec<RateLimit>,
        global_budget: Vec<RateLimit>,
    ) -> Self {
        Self {
            per_destination,
            per_ip,
            per_prefix,
            prefix_digits,
            per_country,
            global_budget,
        }
    }

    fn __repr__(&self) -> String {
        format!(
            "SendLimits(per_destination={}, per_ip={}, per_prefix={}, prefix_digits={}, per_country={}, global_budget={})",
            limits_repr(&self.per_destination),
            limits_repr(&self.per_ip),
            limits_repr(&self.per_prefix),
            self.prefix_digits,
            limits_repr(&self.per_country),
            limits_repr(&self.global_budget)
        )
    }
}

impl From<ffi::SendLimits> for SendLimits {
    fn from(l: ffi::SendLimits) -> Self {
        Self {
            per_destination: from_ffi(l.per_destination),
            per_ip: from_ffi(l.per_ip),
            per_prefix: from_ffi(l.per_prefix),
            prefix_digits: l.prefix_digits,
            per_country: from_ffi(l.per_country),
            global_budget: from_ffi(l.global_budget),
        }
    }
}

impl From<&SendLimits> for ffi::SendLimits {
    fn from(l: &SendLimits) -> Self {
        Self {
            per_destination: to_ffi(&l.per_destination),
            per_ip: to_ffi(&l.per_ip),
            per_prefix: to_ffi(&l.per_prefix),
            prefix_digits: l.prefix_digits,
            per_country: to_ffi(&l.per_country),
            global_budget: to_ffi(&l.global_budget),
        }
    }
}

/// Where a code is about to be sent (E.164 number or e-mail address), and optionally the
/// requesting client's IP and the destination's ISO 3166 country (for their limits).
#[pyclass(eq, get_all, set_all, module = "otpkit", from_py_object)]
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Delivery {
    pub channel: PyEnum<ffi::DeliveryChannel>,
    pub destination: String,
    pub ip: Option<String>,
    pub country: Option<String>,
}

#[pymethods]
impl Delivery {
    #[new]
    #[pyo3(signature = (*, channel, destination, ip = None, country = None))]
    fn new(
        channel: PyEnum<ffi::DeliveryChannel>,
        destination: String,
        ip: Option<String>,
        country: Option<String>,
    ) -> Self {
        Self {
            channel,
            destination,
            ip,
            country,
        }
    }

    fn __repr__(&self) -> String {
        let o = |v: &Option<String>| v.as_ref().map_or("None".into(), |s| format!("{s:?}"));
        format!(
            "Delivery(channel={}, destination={:?}, ip={}, country={})",
            super::outcomes::enum_repr(self.channel),
            self.destination,
            o(&self.ip),
            o(&self.country)
        )
    }
}

impl From<&Delivery> for ffi::Delivery {
    fn from(d: &Delivery) -> Self {
        Self {
            channel: d.channel.0,
            destination: d.destination.clone(),
            ip: d.ip.clone(),
            country: d.country.clone(),
        }
    }
}

/// What a code is bound to: ``purpose`` (e.g. "login"), ``subject`` (user id) and the canonical
/// bytes of a transaction (empty for none). A code verifies only with the same binding.
#[pyclass(eq, module = "otpkit", from_py_object)]
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct OobBinding {
    #[pyo3(get, set)]
    pub purpose: String,
    #[pyo3(get, set)]
    pub subject: String,
    pub transaction: Vec<u8>,
}

#[pymethods]
impl OobBinding {
    #[new]
    #[pyo3(signature = (*, purpose, subject, transaction = Vec::new()))]
    fn new(purpose: String, subject: String, transaction: Vec<u8>) -> Self {
        Self {
            purpose,
            subject,
            transaction,
        }
    }

    #[getter]
    fn transaction(&self) -> Cow<'_, [u8]> {
        Cow::Borrowed(&self.transaction)
    }

    #[setter]
    fn set_transaction(&mut self, value: Vec<u8>) {
        self.transaction = value;
    }

    fn __repr__(&self) -> String {
        format!(
            "OobBinding(purpose={:?}, subject={:?}, transaction=<{} bytes>)",
            self.purpose,
            self.subject,
            self.transaction.len()
        )
    }
}

impl From<&OobBinding> for ffi::OobBinding {
    fn from(b: &OobBinding) -> Self {
        Self {
            purpose: b.purpose.clone(),
            subject: b.subject.clone(),
            transaction: b.transaction.clone(),
        }
    }
}

/// 6 digits, 300 s, 5 attempts, 30 s resend cooldown, 3 sends.
#[pyfunction]
fn default_oob_policy() -> OobPolicy {
    ffi::default_oob_policy().into()
}

/// Per destination 5/h and 10/day, per IP 20/h, per 6-digit prefix 50/h, per country 1000/h,
/// global 10 000/h.
#[pyfunction]
fn default_send_limits() -> SendLimits {
    ffi::default_send_limits().into()
}

/// No send limits at all (tests; the per-challenge cooldown and maximum still apply).
#[pyfunction]
fn no_send_limits() -> SendLimits {
    ffi::no_send_limits().into()
}

/// Issues, re-sends and verifies out-of-band codes (SMS, voice, WhatsApp, e-mail). Only a
/// peppered MAC of each code is stored. Every store call has a coroutine form and a
/// ``*_blocking`` twin that releases the GIL.
#[pyclass(frozen, module = "otpkit")]
pub(crate) struct OobCodes {
    inner: Arc<ffi::OobCodes>,
    time: Option<TimeArg>,
}

impl OobCodes {
    /// The service of a `Dispatcher` (same store, peppers, policy, limits and clock).
    pub(crate) fn wrap(inner: Arc<ffi::OobCodes>, time: Option<TimeArg>) -> Self {
        Self { inner, time }
    }

    fn time(&self, unix_time: Option<i64>) -> PyResult<Option<i64>> {
        explicit_time(self.time.as_ref(), unix_time)
    }
}

#[pymethods]
impl OobCodes {
    /// A service over ``store``. ``peppers``: the current pepper first, then older ones still
    /// accepted. Defaults: the system clock, ``default_oob_policy()``, ``default_send_limits()``.
    #[new]
    #[pyo3(signature = (store, peppers, time = None, policy = None, limits = None))]
    fn new(
        store: &VerificationStore,
        peppers: Vec<PyRef<'_, Pepper>>,
        time: Option<TimeArg>,
        policy: Option<PyRef<'_, OobPolicy>>,
        limits: Option<PyRef<'_, SendLimits>>,
    ) -> PyResult<Self> {
        let peppers = peppers.iter().map(|p| p.0.clone()).collect();
        let inner = ffi::OobCodes::new(
            store.ffi(),
            peppers,
            time.as_ref().map(TimeArg::ffi),
            policy.as_deref().map(Into::into),
            limits.as_deref().map(Into::into),
        )
        .py()?;
        Ok(Self { inner, time })
    }

    /// Issues a new challenge if the send limits allow a delivery to ``delivery``.
    #[pyo3(signature = (binding, delivery, unix_time = None))]
    fn issue_blocking(
        &self,
        py: Python<'_>,
        binding: &OobBinding,
        delivery: &Delivery,
        unix_time: Option<i64>,
    ) -> PyResult<IssueOutcome> {
        let t = self.time(unix_time)?;
        let (b, d) = (binding.into(), delivery.into());
        let out = py.detach(|| self.inner.issue_blocking(b, d, t)).py()?;
        IssueOutcome::from_ffi(py, out)
    }

    #[pyo3(signature = (binding, delivery, unix_time = None))]
    async fn issue(
        &self,
        binding: OobBinding,
        delivery: Delivery,
        unix_time: Option<i64>,
    ) -> PyResult<IssueOutcome> {
        let t = self.time(unix_time)?;
        let inner = self.inner.clone();
        let out = tracked(inner.issue((&binding).into(), (&delivery).into(), t))
            .await
            .py()?;
        Python::attach(|py| IssueOutcome::from_ffi(py, out))
    }

    /// A new code for an existing challenge (the old code stops working).
    #[pyo3(signature = (challenge_id, binding, delivery, unix_time = None))]
    fn resend_blocking(
        &self,
        py: Python<'_>,
        challenge_id: String,
        binding: &OobBinding,
        delivery: &Delivery,
        unix_time: Option<i64>,
    ) -> PyResult<IssueOutcome> {
        let t = self.time(unix_time)?;
        let (b, d) = (binding.into(), delivery.into());
        let out = py
            .detach(|| self.inner.resend_blocking(challenge_id, b, d, t))
            .py()?;
        IssueOutcome::from_ffi(py, out)
    }

    #[pyo3(signature = (challenge_id, binding, delivery, unix_time = None))]
    async fn resend(
        &self,
        challenge_id: String,
        binding: OobBinding,
        delivery: Delivery,
        unix_time: Option<i64>,
    ) -> PyResult<IssueOutcome> {
        let t = self.time(unix_time)?;
        let inner = self.inner.clone();
        let out = tracked(inner.resend(challenge_id, (&binding).into(), (&delivery).into(), t))
            .await
            .py()?;
        Python::attach(|py| IssueOutcome::from_ffi(py, out))
    }

    /// Verifies ``code``; unknown, expired, used-up and wrong all give ``INVALID(remaining=None)``.
    #[pyo3(signature = (challenge_id, binding, code, unix_time = None))]
    fn verify_blocking(
        &self,
        py: Python<'_>,
        challenge_id: String,
        binding: &OobBinding,
        code: String,
        unix_time: Option<i64>,
    ) -> PyResult<OobOutcome> {
        let t = self.time(unix_time)?;
        let b = binding.into();
        py.detach(|| self.inner.verify_blocking(challenge_id, b, code.into(), t))
            .py()
            .map(Into::into)
    }

    #[pyo3(signature = (challenge_id, binding, code, unix_time = None))]
    async fn verify(
        &self,
        challenge_id: String,
        binding: OobBinding,
        code: String,
        unix_time: Option<i64>,
    ) -> PyResult<OobOutcome> {
        let t = self.time(unix_time)?;
        let inner = self.inner.clone();
        tracked(inner.verify(challenge_id, (&binding).into(), code.into(), t))
            .await
            .py()
            .map(Into::into)
    }

    /// Like ``verify`` but distinguishes wrong, expired and exhausted, for server logs only.
    #[pyo3(signature = (challenge_id, binding, code, unix_time = None))]
    fn verify_detailed_blocking(
        &self,
        py: Python<'_>,
        challenge_id: String,
        binding: &OobBinding,
        code: String,
        unix_time: Option<i64>,
    ) -> PyResult<OobOutcome> {
        let t = self.time(unix_time)?;
        let b = binding.into();
        py.detach(|| {
            self.inner
                .verify_detailed_blocking(challenge_id, b, code.into(), t)
        })
        .py()
        .map(Into::into)
    }

    #[pyo3(signature = (challenge_id, binding, code, unix_time = None))]
    async fn verify_detailed(
        &self,
        challenge_id: String,
        binding: OobBinding,
        code: String,
        unix_time: Option<i64>,
    ) -> PyResult<OobOutcome> {
        let t = self.time(unix_time)?;
        let inner = self.inner.clone();
        tracked(inner.verify_detailed(challenge_id, (&binding).into(), code.into(), t))
            .await
            .py()
            .map(Into::into)
    }

    fn __repr__(&self) -> String {
        "OobCodes".into()
    }
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Pepper>()?;
    m.add_class::<CodeFormat>()?;
    m.add_class::<OobPolicy>()?;
    m.add_class::<SendLimits>()?;
    m.add_class::<Delivery>()?;
    m.add_class::<OobBinding>()?;
    m.add_class::<OobCodes>()?;
    m.add_function(wrap_pyfunction!(default_oob_policy, m)?)?;
    m.add_function(wrap_pyfunction!(default_send_limits, m)?)?;
    m.add_function(wrap_pyfunction!(no_send_limits, m)?)?;
    Ok(())
}
