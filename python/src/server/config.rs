//! Verifier configuration records: `RateLimit`, `ThrottlePolicy`, `TotpPolicy`, `HotpPolicy`,
//! `VerifierConfig` and its two presets. Mutable like the uniffi dataclasses they replace
//! (`config.throttle.free_failures = 100` changes the config the object holds): nested records
//! are shared `Py<...>` objects. Ranges are checked by the FFI when a `Verifier` is built.

use otpkit_ffi as ffi;
use pyo3::prelude::*;

fn opt<T: std::fmt::Debug>(v: &Option<T>) -> String {
    match v {
        Some(x) => format!("{x:?}"),
        None => "None".into(),
    }
}

/// At most ``max`` events per fixed window of ``window`` seconds.
#[pyclass(eq, get_all, set_all, module = "otpkit", from_py_object)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RateLimit {
    pub max: i32,
    pub window: i64,
}

#[pymethods]
impl RateLimit {
    #[new]
    #[pyo3(signature = (*, max, window))]
    fn new(max: i32, window: i64) -> Self {
        Self { max, window }
    }

    pub(crate) fn __repr__(&self) -> String {
        format!("RateLimit(max={}, window={})", self.max, self.window)
    }
}

impl From<ffi::RateLimit> for RateLimit {
    fn from(l: ffi::RateLimit) -> Self {
        Self {
            max: l.max,
            window: l.window,
        }
    }
}

impl From<&RateLimit> for ffi::RateLimit {
    fn from(l: &RateLimit) -> Self {
        Self {
            max: l.max,
            window: l.window,
        }
    }
}

/// Throttling of one credential: ``free_failures`` before backoff, then ``base_backoff``
/// doubling up to ``max_backoff`` seconds; ``max_failures`` consecutive failures exhaust the
/// credential until ``unlock``; optional attempt ``rate``; ``state_ttl`` None keeps state forever.
#[pyclass(eq, get_all, set_all, module = "otpkit", from_py_object)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ThrottlePolicy {
    pub free_failures: i32,
    pub base_backoff: i64,
    pub max_backoff: i64,
    pub max_failures: i32,
    pub rate: Option<RateLimit>,
    pub state_ttl: Option<i64>,
}

#[pymethods]
impl ThrottlePolicy {
    #[new]
    #[pyo3(signature = (*, free_failures, base_backoff, max_backoff, max_failures, rate, state_ttl))]
    fn new(
        free_failures: i32,
        base_backoff: i64,
        max_backoff: i64,
        max_failures: i32,
        rate: Option<RateLimit>,
        state_ttl: Option<i64>,
    ) -> Self {
        Self {
            free_failures,
            base_backoff,
            max_backoff,
            max_failures,
            rate,
            state_ttl,
        }
    }

    fn __repr__(&self) -> String {
        format!(
            "ThrottlePolicy(free_failures={}, base_backoff={}, max_backoff={}, max_failures={}, rate={}, state_ttl={})",
            self.free_failures,
            self.base_backoff,
            self.max_backoff,
            self.max_failures,
            self.rate.as_ref().map_or("None".into(), RateLimit::__repr__),
            opt(&self.state_ttl)
        )
    }
}

/// TOTP steps accepted before/after the current one and optional drift tracking.
#[pyclass(eq, get_all, set_all, module = "otpkit", from_py_object)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct TotpPolicy {
    pub back: i64,
    pub forward: i64,
    pub drift: Option<i64>,
}

#[pymethods]
impl TotpPolicy {
    #[new]
    #[pyo3(signature = (*, back, forward, drift))]
    fn new(back: i64, forward: i64, drift: Option<i64>) -> Self {
        Self {
            back,
            forward,
            drift,
        }
    }

    fn __repr__(&self) -> String {
        format!(
            "TotpPolicy(back={}, forward={}, drift={})",
            self.back,
            self.forward,
            opt(&self.drift)
        )
    }
}

/// HOTP look-ahead and resync window.
#[pyclass(eq, get_all, set_all, module = "otpkit", from_py_object)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct HotpPolicy {
    pub look_ahead: i64,
    pub resync_window: i64,
}

#[pymethods]
impl HotpPolicy {
    #[new]
    #[pyo3(signature = (*, look_ahead, resync_window))]
    fn new(look_ahead: i64, resync_window: i64) -> Self {
        Self {
            look_ahead,
            resync_window,
        }
    }

    fn __repr__(&self) -> String {
        format!(
            "HotpPolicy(look_ahead={}, resync_window={})",
            self.look_ahead, self.resync_window
        )
    }
}

/// Everything configurable about a ``Verifier``.
#[pyclass(eq, get_all, set_all, module = "otpkit")]
pub(crate) struct VerifierConfig {
    pub throttle: Py<ThrottlePolicy>,
    pub totp: Py<TotpPolicy>,
    pub hotp: Py<HotpPolicy>,
}

impl PartialEq for VerifierConfig {
    fn eq(&self, other: &Self) -> bool {
        Python::attach(|py| {
            *self.throttle.borrow(py) == *other.throttle.borrow(py)
                && *self.totp.borrow(py) == *other.totp.borrow(py)
                && *self.hotp.borrow(py) == *other.hotp.borrow(py)
        })
    }
}

#[pymethods]
impl VerifierConfig {
    #[new]
    #[pyo3(signature = (*, throttle, totp, hotp))]
    fn new(throttle: Py<ThrottlePolicy>, totp: Py<TotpPolicy>, hotp: Py<HotpPolicy>) -> Self {
        Self {
            throttle,
            totp,
            hotp,
        }
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "VerifierConfig(throttle={}, totp={}, hotp={})",
            self.throttle.borrow(py).__repr__(),
            self.totp.borrow(py).__repr__(),
            self.hotp.borrow(py).__repr__()
        )
    }
}

impl VerifierConfig {
    pub(crate) fn from_ffi(py: Python<'_>, c: ffi::VerifierConfig) -> PyResult<Self> {
        let t = c.throttle;
        Ok(Self {
            throttle: Py::new(
                py,
                ThrottlePolicy {
                    free_failures: t.free_failures,
                    base_backoff: t.base_backoff,
                    max_backoff: t.max_backoff,
                    max_failures: t.max_failures,
                    rate: t.rate.map(Into::into),
                    state_ttl: t.state_ttl,
                },
            )?,
            totp: Py::new(
                py,
                TotpPolicy {
                    back: c.totp.back,
                    forward: c.totp.forward,
                    drift: c.totp.drift,
                },
            )?,
            hotp: Py::new(
                py,
                HotpPolicy {
                    look_ahead: c.hotp.look_ahead,
                    resync_window: c.hotp.resync_window,
                },
            )?,
        })
    }

    pub(crate) fn to_ffi(&self, py: Python<'_>) -> ffi::VerifierConfig {
        let t = self.throttle.borrow(py);
        let totp = self.totp.borrow(py);
        let hotp = self.hotp.borrow(py);
        ffi::VerifierConfig {
            throttle: ffi::ThrottlePolicy {
                free_failures: t.free_failures,
                base_backoff: t.base_backoff,
                max_backoff: t.max_backoff,
                max_failures: t.max_failures,
                rate: t.rate.as_ref().map(Into::into),
                state_ttl: t.state_ttl,
            },
            totp: ffi::TotpPolicy {
                back: totp.back,
                forward: totp.forward,
                drift: totp.drift,
            },
            hotp: ffi::HotpPolicy {
                look_ahead: hotp.look_ahead,
                resync_window: hotp.resync_window,
            },
        }
    }
}

/// ±1 TOTP step, look-ahead 10, default throttling.
#[pyfunction]
fn default_verifier_config(py: Python<'_>) -> PyResult<VerifierConfig> {
    VerifierConfig::from_ffi(py, ffi::default_verifier_config())
}

/// The strict TOTP profile (back 1, forward 0) with default throttling.
#[pyfunction]
fn strict_verifier_config(py: Python<'_>) -> PyResult<VerifierConfig> {
    VerifierConfig::from_ffi(py, ffi::strict_verifier_config())
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<RateLimit>()?;
    m.add_class::<ThrottlePolicy>()?;
    m.add_class::<TotpPolicy>()?;
    m.add_class::<HotpPolicy>()?;
    m.add_class::<VerifierConfig>()?;
    m.add_function(wrap_pyfunction!(default_verifier_config, m)?)?;
    m.add_function(wrap_pyfunction!(strict_verifier_config, m)?)?;
    Ok(())
}
