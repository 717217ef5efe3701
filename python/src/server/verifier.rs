//! `Verifier`: TOTP/Steam/HOTP checks against a `VerificationStore` with throttling and replay
//! protection. Each check has a `*_blocking` form (GIL released for the store round trip) and
//! a coroutine form awaiting the FFI's `async fn`.

use super::config::VerifierConfig;
use super::outcomes::{CredentialState, VerifyOutcome};
use super::{explicit_time, VerificationStore};
use crate::codes::CodeGenerator;
use crate::error::PyResultExt;
use crate::time::TimeArg;
use crate::wake::tracked;
use otpkit_ffi as ffi;
use pyo3::prelude::*;
use std::sync::Arc;

/// Verifies TOTP/Steam/HOTP codes against a ``VerificationStore`` with throttling and replay
/// protection. ``credential_id`` names one secret (e.g. user id + authenticator id); it is
/// hashed before it reaches the store. Pass a ``CodeGenerator`` built once per credential.
#[pyclass(frozen, module = "otpkit")]
pub(crate) struct Verifier {
    inner: Arc<ffi::Verifier>,
    time: Option<TimeArg>,
}

impl Verifier {
    fn time(&self, unix_time: Option<i64>) -> PyResult<Option<i64>> {
        explicit_time(self.time.as_ref(), unix_time)
    }

    fn inner(&self) -> Arc<ffi::Verifier> {
        self.inner.clone()
    }
}

#[pymethods]
impl Verifier {
    /// A verifier over ``store`` with time from ``time`` (default: the system clock) and
    /// ``config`` (default: ``default_verifier_config()``).
    #[new]
    #[pyo3(signature = (store, time = None, config = None))]
    fn new(
        py: Python<'_>,
        store: &VerificationStore,
        time: Option<TimeArg>,
        config: Option<PyRef<'_, VerifierConfig>>,
    ) -> PyResult<Self> {
        let config = config.map(|c| c.to_ffi(py));
        let inner =
            ffi::Verifier::new(store.ffi(), time.as_ref().map(TimeArg::ffi), config).py()?;
        Ok(Self { inner, time })
    }

    /// The configuration in use.
    fn config(&self, py: Python<'_>) -> PyResult<VerifierConfig> {
        VerifierConfig::from_ffi(py, self.inner.config())
    }

    /// Checks a TOTP or Steam code (at ``unix_time``, or now).
    #[pyo3(signature = (credential_id, generator, code, unix_time = None))]
    fn verify_totp_blocking(
        &self,
        py: Python<'_>,
        credential_id: String,
        generator: &CodeGenerator,
        code: String,
        unix_time: Option<i64>,
    ) -> PyResult<VerifyOutcome> {
        let (t, g) = (self.time(unix_time)?, generator.ffi());
        py.detach(|| {
            self.inner
                .verify_totp_blocking(credential_id, g, code.into(), t)
        })
        .py()
        .map(Into::into)
    }

    #[pyo3(signature = (credential_id, generator, code, unix_time = None))]
    async fn verify_totp(
        &self,
        credential_id: String,
        generator: Py<CodeGenerator>,
        code: String,
        unix_time: Option<i64>,
    ) -> PyResult<VerifyOutcome> {
        let (t, v) = (self.time(unix_time)?, self.inner());
        let g = generator.get().ffi();
        tracked(v.verify_totp(credential_id, g, code.into(), t))
            .await
            .py()
            .map(Into::into)
    }

    /// Checks a HOTP code against the expected counter (the greater of the generator's
    /// counter and the stored mark + 1) and the look-ahead.
    #[pyo3(signature = (credential_id, generator, code, unix_time = None))]
    fn verify_hotp_blocking(
        &self,
        py: Python<'_>,
        credential_id: String,
        generator: &CodeGenerator,
        code: String,
        unix_time: Option<i64>,
    ) -> PyResult<VerifyOutcome> {
        let (t, g) = (self.time(unix_time)?, generator.ffi());
        py.detach(|| {
            self.inner
                .verify_hotp_blocking(credential_id, g, code.into(), t)
        })
        .py()
        .map(Into::into)
    }

    #[pyo3(signature = (credential_id, generator, code, unix_time = None))]
    async fn verify_hotp(
        &self,
        credential_id: String,
        generator: Py<CodeGenerator>,
        code: String,
        unix_time: Option<i64>,
    ) -> PyResult<VerifyOutcome> {
        let (t, v) = (self.time(unix_time)?, self.inner());
        let g = generator.get().ffi();
        tracked(v.verify_hotp(credential_id, g, code.into(), t))
            .await
            .py()
            .map(Into::into)
    }

    /// HOTP resynchronisation: two consecutive codes within the resync window; accepts the
    /// second. One attempt.
    #[pyo3(signature = (credential_id, generator, first, second, unix_time = None))]
    fn resync_hotp_blocking(
        &self,
        py: Python<'_>,
        credential_id: String,
        generator: &CodeGenerator,
        first: String,
        second: String,
        unix_time: Option<i64>,
    ) -> PyResult<VerifyOutcome> {
        let (t, g) = (self.time(unix_time)?, generator.ffi());
        py.detach(|| {
            self.inner
                .resync_hotp_blocking(credential_id, g, first.into(), second.into(), t)
        })
        .py()
        .map(Into::into)
    }

    #[pyo3(signature = (credential_id, generator, first, second, unix_time = None))]
    async fn resync_hotp(
        &self,
        credential_id: String,
        generator: Py<CodeGenerator>,
        first: String,
        second: String,
        unix_time: Option<i64>,
    ) -> PyResult<VerifyOutcome> {
        let (t, v) = (self.time(unix_time)?, self.inner());
        let g = generator.get().ffi();
        tracked(v.resync_hotp(credential_id, g, first.into(), second.into(), t))
            .await
            .py()
            .map(Into::into)
    }

    /// Clears a credential's failures and lock (after another identity check).
    #[pyo3(signature = (credential_id, unix_time = None))]
    fn unlock_blocking(
        &self,
        py: Python<'_>,
        credential_id: String,
        unix_time: Option<i64>,
    ) -> PyResult<()> {
        let t = self.time(unix_time)?;
        py.detach(|| self.inner.unlock_blocking(credential_id, t))
            .py()
    }

    #[pyo3(signature = (credential_id, unix_time = None))]
    async fn unlock(&self, credential_id: String, unix_time: Option<i64>) -> PyResult<()> {
        let (t, v) = (self.time(unix_time)?, self.inner());
        tracked(v.unlock(credential_id, t)).await.py()
    }

    /// The stored throttle/replay state of a credential.
    #[pyo3(signature = (credential_id, unix_time = None))]
    fn state_blocking(
        &self,
        py: Python<'_>,
        credential_id: String,
        unix_time: Option<i64>,
    ) -> PyResult<CredentialState> {
        let t = self.time(unix_time)?;
        py.detach(|| self.inner.state_blocking(credential_id, t))
            .py()
            .map(Into::into)
    }

    #[pyo3(signature = (credential_id, unix_time = None))]
    async fn state(
        &self,
        credential_id: String,
        unix_time: Option<i64>,
    ) -> PyResult<CredentialState> {
        let (t, v) = (self.time(unix_time)?, self.inner());
        tracked(v.state(credential_id, t))
            .await
            .py()
            .map(Into::into)
    }

    fn __repr__(&self) -> String {
        format!("{:?}", self.inner)
    }
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Verifier>()?;
    Ok(())
}
