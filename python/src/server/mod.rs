//! Server verification helpers (`otpkit_ffi` server surface): `Verifier` (TOTP/HOTP with
//! throttling and replay protection), `OobCodes` (out-of-band codes) and `VerificationStore`
//! (memory, Redis, Redis Cluster), and out-of-band delivery: `MessageSender` (provider
//! accounts) and `Dispatcher` (channel fallback, delivery receipts).
//!
//! Every call that reaches the store comes twice: `*_blocking`, which releases the GIL for the
//! whole store round trip (threads check codes in parallel), and a coroutine (PyO3
//! `experimental-async`) awaiting the FFI's `async fn`, which runs the work on the `blocking`
//! pool so the asyncio loop never waits. `otpkit/__init__.py` wraps each coroutine method in a
//! Python `async def` so `inspect.iscoroutinefunction` (asyncio, web frameworks) sees it.
//!
//! Time: a `TimeSource` given at construction is read here, under the GIL, before the call
//! (the FFI then gets an explicit `unix_time`): a Python clock is never called back from a
//! thread that released the GIL, and a clock that raises refuses the call with its exception
//! before the store is touched (nothing counted; the FFI's infallible clock would read the
//! epoch and count a failure).

use crate::error::PyResultExt;
use crate::time::TimeArg;
use otpkit_ffi as ffi;
use pyo3::prelude::*;
use std::sync::Arc;

mod config;
mod delivery;
mod dispatch;
mod oob;
mod outcomes;
mod providers;
mod verifier;

/// Where throttle state, high-water marks, send counters and challenges live: ``memory()``
/// (one process) or ``redis(url)`` / ``redis_cluster(urls)`` (shared by every process using the
/// same server and prefix).
#[pyclass(frozen, module = "otpkit")]
pub(crate) struct VerificationStore(Arc<ffi::VerificationStore>);

impl VerificationStore {
    pub(crate) fn ffi(&self) -> Arc<ffi::VerificationStore> {
        self.0.clone()
    }
}

fn options(o: Option<PyRef<'_, RedisStoreOptions>>) -> Option<ffi::RedisStoreOptions> {
    o.as_deref().map(Into::into)
}

#[pymethods]
impl VerificationStore {
    /// An in-process store (single process only).
    #[staticmethod]
    fn memory() -> Self {
        Self(ffi::VerificationStore::memory())
    }

    /// A Redis store (``redis://[:password@]host:port/[db]``), connected and with its scripts
    /// loaded (default options: prefix ``otpkit``, 2 s timeouts, 32 idle connections).
    #[staticmethod]
    #[pyo3(signature = (url, options = None))]
    fn redis_blocking(
        py: Python<'_>,
        url: String,
        options: Option<PyRef<'_, RedisStoreOptions>>,
    ) -> PyResult<Self> {
        let o = self::options(options);
        py.detach(|| ffi::VerificationStore::redis_blocking(url, o))
            .py()
            .map(Self)
    }

    #[staticmethod]
    #[pyo3(signature = (url, options = None))]
    async fn redis(url: String, options: Option<RedisStoreOptions>) -> PyResult<Self> {
        let o = options.as_ref().map(Into::into);
        crate::wake::tracked(ffi::VerificationStore::redis(url, o))
            .await
            .py()
            .map(Self)
    }

    /// A Redis Cluster store reached through some of its nodes (``urls``).
    #[staticmethod]
    #[pyo3(signature = (urls, options = None))]
    fn redis_cluster_blocking(
        py: Python<'_>,
        urls: Vec<String>,
        options: Option<PyRef<'_, RedisStoreOptions>>,
    ) -> PyResult<Self> {
        let o = self::options(options);
        py.detach(|| ffi::VerificationStore::redis_cluster_blocking(urls, o))
            .py()
            .map(Self)
    }

    #[staticmethod]
    #[pyo3(signature = (urls, options = None))]
    async fn redis_cluster(
        urls: Vec<String>,
        options: Option<RedisStoreOptions>,
    ) -> PyResult<Self> {
        let o = options.as_ref().map(Into::into);
        crate::wake::tracked(ffi::VerificationStore::redis_cluster(urls, o))
            .await
            .py()
            .map(Self)
    }

    /// Configuration findings (Redis: ``maxmemory-policy`` other than ``noeviction``, no
    /// persistence...).
    fn diagnostics_blocking(&self, py: Python<'_>) -> PyResult<Vec<StoreDiagnostic>> {
        let d = py.detach(|| self.0.diagnostics_blocking()).py()?;
        Ok(d.into_iter().map(Into::into).collect())
    }

    async fn diagnostics(&self) -> PyResult<Vec<StoreDiagnostic>> {
        let store = self.0.clone();
        let d = crate::wake::tracked(store.diagnostics()).await.py()?;
        Ok(d.into_iter().map(Into::into).collect())
    }

    fn __repr__(&self) -> String {
        format!("{:?}", self.0)
    }
}

/// A non-fatal finding about a store's configuration (``name``: a stable id such as
/// ``redis.persistence``).
#[pyclass(frozen, eq, get_all, module = "otpkit")]
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct StoreDiagnostic {
    pub name: String,
    pub message: String,
}

#[pymethods]
impl StoreDiagnostic {
    #[new]
    #[pyo3(signature = (*, name, message))]
    fn new(name: String, message: String) -> Self {
        Self { name, message }
    }

    fn __repr__(&self) -> String {
        format!(
            "StoreDiagnostic(name={:?}, message={:?})",
            self.name, self.message
        )
    }
}

impl From<ffi::StoreDiagnostic> for StoreDiagnostic {
    fn from(d: ffi::StoreDiagnostic) -> Self {
        Self {
            name: d.name,
            message: d.message,
        }
    }
}

/// Settings of a Redis store: key ``prefix`` (non-empty, no braces or whitespace), connect and
/// command ``timeout_ms`` (1..=60 000), idle connections kept (``max_idle``, 0..=1 024).
#[pyclass(eq, get_all, set_all, module = "otpkit", from_py_object)]
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct RedisStoreOptions {
    pub prefix: String,
    pub timeout_ms: i64,
    pub max_idle: i32,
}

#[pymethods]
impl RedisStoreOptions {
    #[new]
    #[pyo3(signature = (*, prefix = None, timeout_ms = None, max_idle = None))]
    fn new(prefix: Option<String>, timeout_ms: Option<i64>, max_idle: Option<i32>) -> Self {
        let d = ffi::default_redis_store_options();
        Self {
            prefix: prefix.unwrap_or(d.prefix),
            timeout_ms: timeout_ms.unwrap_or(d.timeout_ms),
            max_idle: max_idle.unwrap_or(d.max_idle),
        }
    }

    fn __repr__(&self) -> String {
        format!(
            "RedisStoreOptions(prefix={:?}, timeout_ms={}, max_idle={})",
            self.prefix, self.timeout_ms, self.max_idle
        )
    }
}

impl From<&RedisStoreOptions> for ffi::RedisStoreOptions {
    fn from(o: &RedisStoreOptions) -> Self {
        Self {
            prefix: o.prefix.clone(),
            timeout_ms: o.timeout_ms,
            max_idle: o.max_idle,
        }
    }
}

/// The core defaults: prefix ``otpkit``, 2 s timeout, 32 idle connections.
#[pyfunction]
fn default_redis_store_options() -> RedisStoreOptions {
    let d = ffi::default_redis_store_options();
    RedisStoreOptions {
        prefix: d.prefix,
        timeout_ms: d.timeout_ms,
        max_idle: d.max_idle,
    }
}

/// The time of a call: `unix_time` when given, else a reading of the construction-time
/// `TimeSource` taken here, under the GIL (a negative reading is the epoch, as the FFI's clock
/// adapter reads it), else None (the FFI reads the system clock, GIL released). A Python
/// `now_unix()` that raises refuses the call with that exception before anything reaches the
/// store (nothing accepted, nothing counted).
pub(crate) fn explicit_time(
    time: Option<&TimeArg>,
    unix_time: Option<i64>,
) -> PyResult<Option<i64>> {
    match (unix_time, time) {
        (Some(t), _) => Ok(Some(t)),
        (None, None) => Ok(None),
        (None, Some(clock)) => {
            let now = clock.ffi().now_unix();
            clock.check()?;
            Ok(Some(now.max(0)))
        }
    }
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<VerificationStore>()?;
    m.add_class::<StoreDiagnostic>()?;
    m.add_class::<RedisStoreOptions>()?;
    m.add_function(wrap_pyfunction!(default_redis_store_options, m)?)?;
    config::register(m)?;
    outcomes::register(m)?;
    oob::register(m)?;
    verifier::register(m)?;
    providers::register(m)?;
    delivery::register(m)?;
    dispatch::register(m)?;

    Ok(())
}
