//! Google Authenticator migration (`otpauth-migration://`): `migration_decode`,
//! `migration_encode` and the multi-QR `MigrationAssembler`.

use crate::error::PyResultExt;
use crate::uri::OtpAuthUri;
use otpkit_ffi as ffi;
use pyo3::prelude::*;

fn accounts_to_py(py: Python<'_>, accounts: Vec<ffi::OtpAuthUri>) -> PyResult<Vec<OtpAuthUri>> {
    accounts
        .into_iter()
        .map(|a| OtpAuthUri::from_ffi(py, a))
        .collect()
}

/// Decodes one migration URI (a single QR code) into accounts.
#[pyfunction]
fn migration_decode(py: Python<'_>, uri: &str) -> PyResult<Vec<OtpAuthUri>> {
    accounts_to_py(py, ffi::migration_decode(uri.into()).py()?)
}

/// Encodes accounts into migration URIs of at most ``batch_size`` accounts each (one per QR
/// code; Google Authenticator uses 10). The URIs contain the secrets.
#[pyfunction]
#[pyo3(signature = (accounts, batch_size = 10))]
fn migration_encode(
    accounts: Vec<PyRef<'_, OtpAuthUri>>,
    batch_size: i32,
) -> PyResult<Vec<String>> {
    let accounts = accounts.iter().map(|a| a.to_ffi()).collect();
    ffi::migration_encode(accounts, batch_size).py()
}

/// Collects the parts of a multi-QR export in any order and reports missing ones.
#[pyclass(frozen, module = "otpkit")]
pub(crate) struct MigrationAssembler(ffi::MigrationAssembler);

#[pymethods]
impl MigrationAssembler {
    #[new]
    fn new() -> Self {
        Self(ffi::MigrationAssembler::new())
    }

    /// Adds one scanned migration URI.
    fn add(&self, uri: &str) -> PyResult<()> {
        self.0.add(uri.into()).py()
    }

    /// Batch indices not yet added (empty before the first part).
    fn missing(&self) -> Vec<i32> {
        self.0.missing()
    }

    /// True when every part of the batch has been added.
    fn is_complete(&self) -> bool {
        self.0.is_complete()
    }

    /// All accounts in batch order; ``OtpError.IncompleteBatch`` while parts are missing (the
    /// parts added so far are kept).
    fn finish(&self, py: Python<'_>) -> PyResult<Vec<OtpAuthUri>> {
        accounts_to_py(py, self.0.finish().py()?)
    }

    fn __repr__(&self) -> String {
        format!(
            "MigrationAssembler(missing={:?}, complete={})",
            self.0.missing(),
            if self.0.is_complete() {
                "True"
            } else {
                "False"
            }
        )
    }
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<MigrationAssembler>()?;
    m.add_function(wrap_pyfunction!(migration_decode, m)?)?;
    m.add_function(wrap_pyfunction!(migration_encode, m)?)?;
    Ok(())
}
