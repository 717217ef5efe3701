//! The one place where the FFI error becomes a Python exception.
//!
//! [`otpkit_ffi::OtpError`] (already mapped from every core error, in `bindings/src/error.rs`)
//! becomes an instance of the matching subclass of `otpkit.OtpError`, defined in
//! `otpkit/_errors.py` with typed attributes (`kind`, `field`, `position`, `reason`, ...).
//! Reasons never contain secret material.

use crate::enums::PyEnum;
use otpkit_ffi::OtpError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyModule;

static ERRORS: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

fn errors_module(py: Python<'_>) -> PyResult<&Bound<'_, PyModule>> {
    ERRORS
        .get_or_try_init(py, || Ok::<_, PyErr>(py.import("otpkit._errors")?.unbind()))
        .map(|m| m.bind(py))
}

/// The Python exception for an FFI error.
pub(crate) fn to_py_err(e: OtpError) -> PyErr {
    Python::attach(|py| match build(py, e) {
        Ok(err) => err,
        Err(err) => err,
    })
}

fn build(py: Python<'_>, e: OtpError) -> PyResult<PyErr> {
    let m = errors_module(py)?;
    let value = match e {
        OtpError::InvalidInput {
            kind,
            field,
            position,
            reason,
        } => m
            .getattr("InvalidInput")?
            .call1((reason, PyEnum(kind), field, position))?,
        OtpError::IncompleteBatch {
            missing_count,
            first_missing,
            reason,
        } => m
            .getattr("IncompleteBatch")?
            .call1((reason, missing_count, first_missing))?,
        OtpError::Authentication { kind, reason } => {
            m.getattr("Authentication")?.call1((reason, PyEnum(kind)))?
        }
        OtpError::NotFound { id, reason } => m.getattr("NotFound")?.call1((reason, id))?,
        OtpError::Storage { kind, reason } => {
            m.getattr("Storage")?.call1((reason, PyEnum(kind)))?
        }
        OtpError::StoreUnavailable { reason } => m.getattr("StoreUnavailable")?.call1((reason,))?,
    };
    Ok(PyErr::from_value(value))
}

/// `result.py()?` turns an FFI result into a Python one.
pub(crate) trait PyResultExt<T> {
    fn py(self) -> PyResult<T>;
}

impl<T> PyResultExt<T> for Result<T, OtpError> {
    fn py(self) -> PyResult<T> {
        self.map_err(to_py_err)
    }
}
