//! Receiver helpers over `otpkit_ffi` (bindings/src/receiver.rs): code extraction from a received
//! message, origin-bound codes (`@host #code`), the Android SMS Retriever app hash and the keyword
//! packs. The sender side (SMS, voice and push bodies) is in [`sender`].
//!
//! Positions: the FFI gives every span in three units; `scalars` (Unicode code points) is what
//! indexes a Python `str`, so `SmsCode.start`/`end` are that span and
//! `text[sms.start:sms.end]` is the code as displayed. `utf8` (bytes) and `utf16` (code units, for
//! Java/Swift/JS peers) are kept as in the FFI record.

mod sender;

use crate::enums::{py_enum, PyEnum};
use crate::error::PyResultExt;
use crate::handles::OneTimeCode;
use otpkit_ffi as ffi;
use pyo3::prelude::*;
use std::borrow::Cow;

py_enum!(CodeEvidence: ffi::CodeEvidence {
    OriginBound => "ORIGIN_BOUND",
    Keyword => "KEYWORD",
    Layout => "LAYOUT",
});

/// A half-open range ``[start, end)`` in one unit (bytes, UTF-16 code units or code points).
#[pyclass(frozen, eq, hash, get_all, from_py_object, module = "otpkit")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct TextSpan {
    start: i32,
    end: i32,
}

impl From<ffi::TextSpan> for TextSpan {
    fn from(s: ffi::TextSpan) -> Self {
        Self {
            start: s.start,
            end: s.end,
        }
    }
}

#[pymethods]
impl TextSpan {
    #[new]
    #[pyo3(signature = (*, start, end))]
    fn new(start: i32, end: i32) -> Self {
        Self { start, end }
    }

    fn __repr__(&self) -> String {
        format!("TextSpan(start={}, end={})", self.start, self.end)
    }
}

/// `repr` of an optional string as Python shows it (`None` / `'text'`).
fn opt_repr(py: Python<'_>, value: &Option<String>) -> PyResult<String> {
    Ok(match value {
        None => "None".to_owned(),
        Some(s) => s.into_pyobject(py)?.repr()?.to_string(),
    })
}

fn code_repr(code: &Py<OneTimeCode>) -> String {
    format!("{:?}", code.get().0) // redacted: `OneTimeCode(<redacted>)`
}

/// A code found in a received message. ``start``/``end`` index the Python ``str`` (code points,
/// the ``scalars`` span): ``text[c.start:c.end]`` is the code as displayed. ``utf8`` is the span
/// in UTF-8 bytes, ``utf16`` in UTF-16 code units (Java/Kotlin/Swift/JavaScript indices).
#[pyclass(frozen, eq, get_all, module = "otpkit")]
pub(crate) struct SmsCode {
    code: Py<OneTimeCode>,
    utf8: TextSpan,
    utf16: TextSpan,
    scalars: TextSpan,
    evidence: PyEnum<ffi::CodeEvidence>,
    /// 0..=100.
    confidence: i32,
    origin: Option<String>,
    embedded_origin: Option<String>,
    keyword: Option<String>,
    language: Option<String>,
}

impl PartialEq for SmsCode {
    fn eq(&self, o: &Self) -> bool {
        self.code.get() == o.code.get()
            && self.utf8 == o.utf8
            && self.utf16 == o.utf16
            && self.scalars == o.scalars
            && self.evidence == o.evidence
            && self.confidence == o.confidence
            && self.origin == o.origin
            && self.embedded_origin == o.embedded_origin
            && self.keyword == o.keyword
            && self.language == o.language
    }
}

impl SmsCode {
    fn from_ffi(py: Python<'_>, c: ffi::SmsCode) -> PyResult<Self> {
        Ok(Self {
            code: Py::new(py, OneTimeCode(c.code))?,
            utf8: c.utf8.into(),
            utf16: c.utf16.into(),
            scalars: c.scalars.into(),
            evidence: PyEnum(c.evidence),
            confidence: c.confidence,
            origin: c.origin,
            embedded_origin: c.embedded_origin,
            keyword: c.keyword,
            language: c.language,
        })
    }
}

#[pymethods]
impl SmsCode {
    #[new]
    #[pyo3(signature = (*, code, utf8, utf16, scalars, evidence, confidence, origin = None,
                        embedded_origin = None, keyword = None, language = None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        code: Py<OneTimeCode>,
        utf8: TextSpan,
        utf16: TextSpan,
        scalars: TextSpan,
        evidence: PyEnum<ffi::CodeEvidence>,
        confidence: i32,
        origin: Option<String>,
        embedded_origin: Option<String>,
        keyword: Option<String>,
        language: Option<String>,
    ) -> Self {
        Self {
            code,
            utf8,
            utf16,
            scalars,
            evidence,
            confidence,
            origin,
            embedded_origin,
            keyword,
            language,
        }
    }

    /// Start of the code as a Python ``str`` index (``scalars.start``).
    #[getter]
    fn start(&self) -> i32 {
        self.scalars.start
    }

    /// End (exclusive) of the code as a Python ``str`` index (``scalars.end``).
    #[getter]
    fn end(&self) -> i32 {
        self.scalars.end
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "SmsCode(code={}, utf8={}, utf16={}, scalars={}, evidence={}, confidence={}, \
             origin={}, embedded_origin={}, keyword={}, language={})",
            code_repr(&self.code),
            self.utf8.__repr__(),
            self.utf16.__repr__(),
            self.scalars.__repr__(),
            PyEnum(self.evidence.0).into_pyobject(py)?.repr()?,
            self.confidence,
            opt_repr(py, &self.origin)?,
            opt_repr(py, &self.embedded_origin)?,
            opt_repr(py, &self.keyword)?,
            opt_repr(py, &self.language)?,
        ))
    }
}

/// A parsed origin-bound one-time code (``@host #code [@embedded]``) and where its code is:
/// ``start``/``end`` index the Python ``str`` (the ``scalars`` span); ``utf8``/``utf16`` as in
/// :class:`SmsCode`. ``strict`` is true when the line follows the WICG format exactly.
#[pyclass(frozen, eq, get_all, module = "otpkit")]
pub(crate) struct OriginBoundCode {
    host: String,
    embedded_host: Option<String>,
    code: Py<OneTimeCode>,
    utf8: TextSpan,
    utf16: TextSpan,
    scalars: TextSpan,
    strict: bool,
}

impl PartialEq for OriginBoundCode {
    fn eq(&self, o: &Self) -> bool {
        self.host == o.host
            && self.embedded_host == o.embedded_host
            && self.code.get() == o.code.get()
            && self.utf8 == o.utf8
            && self.utf16 == o.utf16
            && self.scalars == o.scalars
            && self.strict == o.strict
    }
}

impl OriginBoundCode {
    fn from_ffi(py: Python<'_>, o: ffi::OriginBoundCode) -> PyResult<Self> {
        Ok(Self {
            host: o.host,
            embedded_host: o.embedded_host,
            code: Py::new(py, OneTimeCode(o.code))?,
            utf8: o.utf8.into(),
            utf16: o.utf16.into(),
            scalars: o.scalars.into(),
            strict: o.strict,
        })
    }
}

#[pymethods]
impl OriginBoundCode {
    #[new]
    #[pyo3(signature = (*, host, code, utf8, utf16, scalars, strict, embedded_host = None))]
    fn new(
        host: String,
        code: Py<OneTimeCode>,
        utf8: TextSpan,
        utf16: TextSpan,
        scalars: TextSpan,
        strict: bool,
        embedded_host: Option<String>,
    ) -> Self {
        Self {
            host,
            embedded_host,
            code,
            utf8,
            utf16,
            scalars,
            strict,
        }
    }

    /// Start of the code as a Python ``str`` index (``scalars.start``).
    #[getter]
    fn start(&self) -> i32 {
        self.scalars.start
    }

    /// End (exclusive) of the code as a Python ``str`` index (``scalars.end``).
    #[getter]
    fn end(&self) -> i32 {
        self.scalars.end
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "OriginBoundCode(host={}, embedded_host={}, code={}, utf8={}, utf16={}, scalars={}, \
             strict={})",
            self.host.as_str().into_pyobject(py)?.repr()?,
            opt_repr(py, &self.embedded_host)?,
            code_repr(&self.code),
            self.utf8.__repr__(),
            self.utf16.__repr__(),
            self.scalars.__repr__(),
            if self.strict { "True" } else { "False" },
        ))
    }
}

/// Finds the one-time code in a received message; ``None`` when there is none or it is
/// ambiguous (a wrong autofill is worse than none).
#[pyfunction]
fn extract_code(py: Python<'_>, message: String) -> PyResult<Option<SmsCode>> {
    // Scans the whole message against every keyword pack: CPU work worth releasing the GIL for.
    py.detach(|| ffi::extract_code(message))
        .map(|c| SmsCode::from_ffi(py, c))
        .transpose()
}

/// Parses the message's last line strictly as an origin-bound code (WICG format); raises
/// ``OtpError.InvalidInput`` (``kind=ORIGIN_BOUND``) naming what is wrong.
#[pyfunction]
fn parse_origin_bound(py: Python<'_>, message: String) -> PyResult<OriginBoundCode> {
    OriginBoundCode::from_ffi(py, ffi::parse_origin_bound(message).py()?)
}

/// Strict parse, then the tolerant Chromium-like reading; ``None`` when neither finds one.
#[pyfunction]
fn find_origin_bound(py: Python<'_>, message: String) -> PyResult<Option<OriginBoundCode>> {
    ffi::find_origin_bound(message)
        .map(|o| OriginBoundCode::from_ffi(py, o))
        .transpose()
}

/// The Android SMS Retriever app hash (11 characters) from a package name and the signing
/// certificate (DER or PEM bytes).
#[pyfunction]
fn android_app_hash(
    py: Python<'_>,
    package_name: String,
    certificate: Cow<'_, [u8]>,
) -> PyResult<String> {
    let certificate = certificate.into_owned();
    py.detach(|| ffi::android_app_hash(package_name, certificate))
        .py()
}

py_enum!(AppHashMatch: ffi::AppHashMatch {
    Present => "PRESENT",
    Missing => "MISSING",
});

/// The SMS Retriever rule: whether ``message`` carries ``app_hash`` (11 base64 characters, as
/// ``android_app_hash`` computes it) as a whole token. A malformed ``app_hash`` raises
/// ``OtpError.InvalidInput`` (``APP_HASH``).
#[pyfunction]
fn check_app_hash(message: String, app_hash: String) -> PyResult<PyEnum<ffi::AppHashMatch>> {
    ffi::check_app_hash(message, app_hash).py().map(PyEnum)
}

/// Language tags of the extraction keyword packs (``en``, ``zh-Hans``, ...).
#[pyfunction]
fn keyword_languages() -> Vec<String> {
    ffi::keyword_languages()
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<TextSpan>()?;
    m.add_class::<SmsCode>()?;
    m.add_class::<OriginBoundCode>()?;
    m.add_function(wrap_pyfunction!(extract_code, m)?)?;
    m.add_function(wrap_pyfunction!(parse_origin_bound, m)?)?;
    m.add_function(wrap_pyfunction!(find_origin_bound, m)?)?;
    m.add_function(wrap_pyfunction!(android_app_hash, m)?)?;
    m.add_function(wrap_pyfunction!(check_app_hash, m)?)?;
    m.add_function(wrap_pyfunction!(keyword_languages, m)?)?;
    sender::register(m)
}
