//! Secrets and live codes as objects, never plain `str` attributes: `Secret`, `OneTimeCode`,
//! `SensitiveText`. Each wraps the FFI handle of the same name, so `repr`/`str` are the redacted
//! Rust `Debug` forms, `==` compares contents in constant time, they are unhashable (a secret is
//! no dictionary key), and the value leaves only through an explicit `reveal*` call.

use crate::error::PyResultExt;
use otpkit_ffi as ffi;
use pyo3::prelude::*;
use std::borrow::Cow;
use std::sync::Arc;

/// An OTP key. Make one with ``Secret.from_base32``, ``Secret.from_bytes`` or
/// ``Secret.generate``; read it back only with ``reveal_base32`` / ``reveal_bytes``.
#[pyclass(frozen, eq, module = "otpkit")]
pub(crate) struct Secret(pub(crate) Arc<ffi::Secret>);

impl PartialEq for Secret {
    fn eq(&self, other: &Self) -> bool {
        *self.0 == *other.0 // constant time (otpkit_ffi::Secret)
    }
}

impl Secret {
    pub(crate) fn ffi(&self) -> Arc<ffi::Secret> {
        self.0.clone()
    }
}

#[pymethods]
impl Secret {
    /// A base32 secret as apps show it: case, spaces, dashes and padding are ignored.
    #[staticmethod]
    fn from_base32(text: String) -> PyResult<Self> {
        ffi::Secret::from_base32(text.into()).py().map(Self)
    }

    /// Raw key bytes (at least one).
    #[staticmethod]
    fn from_bytes(data: Vec<u8>) -> PyResult<Self> {
        ffi::Secret::from_bytes(data).py().map(Self)
    }

    /// A new random key of ``bytes`` bytes (1..=1024; 20 is usual) from the OS CSPRNG.
    #[staticmethod]
    #[pyo3(signature = (bytes = 20))]
    fn generate(bytes: i32) -> PyResult<Self> {
        ffi::Secret::generate(bytes).py().map(Self)
    }

    /// The key as canonical base32 (upper case, no padding). Handle the result as a secret.
    fn reveal_base32(&self) -> String {
        self.0.reveal_base32()
    }

    /// The raw key bytes. Handle the result as a secret.
    fn reveal_bytes(&self) -> Cow<'static, [u8]> {
        Cow::Owned(self.0.reveal_bytes())
    }

    /// Length of the key in bytes.
    fn byte_length(&self) -> i32 {
        self.0.byte_length()
    }

    fn __repr__(&self) -> String {
        format!("{:?}", self.0)
    }

    fn __str__(&self) -> String {
        self.__repr__()
    }
}

/// A live one-time code: ``reveal()`` gives its text; every string form is redacted.
#[pyclass(frozen, eq, module = "otpkit")]
pub(crate) struct OneTimeCode(pub(crate) Arc<ffi::OneTimeCode>);

impl PartialEq for OneTimeCode {
    fn eq(&self, other: &Self) -> bool {
        *self.0 == *other.0 // constant time
    }
}

#[pymethods]
impl OneTimeCode {
    /// The code's text, e.g. ``"094287"``, to show or autofill.
    fn reveal(&self) -> String {
        self.0.reveal()
    }

    /// Number of characters.
    fn length(&self) -> i32 {
        self.0.length()
    }

    fn __repr__(&self) -> String {
        format!("{:?}", self.0)
    }

    fn __str__(&self) -> String {
        self.__repr__()
    }
}

/// Text that contains a code or a secret (an SMS or voice body, a PIN): ``reveal()`` gives it;
/// every string form is redacted.
#[pyclass(frozen, eq, module = "otpkit")]
pub(crate) struct SensitiveText(pub(crate) Arc<ffi::SensitiveText>);

impl PartialEq for SensitiveText {
    fn eq(&self, other: &Self) -> bool {
        *self.0 == *other.0 // constant time
    }
}

#[pymethods]
impl SensitiveText {
    /// Wraps text that must not show in logs (e.g. an mOTP/Yandex Key PIN).
    #[new]
    fn new(text: String) -> Self {
        Self(ffi::SensitiveText::new(text.into()))
    }

    /// The text. Handle it as a secret.
    fn reveal(&self) -> String {
        self.0.reveal()
    }

    fn __repr__(&self) -> String {
        format!("{:?}", self.0)
    }

    fn __str__(&self) -> String {
        self.__repr__()
    }
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Secret>()?;
    m.add_class::<OneTimeCode>()?;
    m.add_class::<SensitiveText>()?;
    Ok(())
}
