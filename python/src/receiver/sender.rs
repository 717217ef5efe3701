//! Sender helpers over `otpkit_ffi` (bindings/src/receiver.rs, "Sender side"): SMS bodies with
//! their encoding and segment count, voice (text-to-speech) and push/WhatsApp messages.
//! Bodies hold the code, so they are `SensitiveText` (redacted `repr`).

use crate::enums::{py_enum, PyEnum};
use crate::error::PyResultExt;
use crate::handles::SensitiveText;
use otpkit_ffi as ffi;
use pyo3::prelude::*;

py_enum!(SmsEncoding: ffi::SmsEncoding {
    Gsm7 => "GSM7",
    Ucs2 => "UCS2",
});

py_enum!(PushStyle: ffi::PushStyle {
    Push => "PUSH",
    WhatsApp => "WHATS_APP",
});

/// A finding about a formatted SMS: ``SmsWarning.MULTIPLE_SEGMENTS(segments=n)`` (the body needs
/// more than one SMS segment) or ``SmsWarning.UCS2()`` (a character outside GSM-7 forces UCS-2,
/// 70 characters per segment).
#[pyclass(frozen, eq, from_py_object, module = "otpkit")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SmsWarning {
    #[pyo3(name = "MULTIPLE_SEGMENTS", constructor = (segments))]
    MultipleSegments { segments: i32 },
    #[pyo3(name = "UCS2", constructor = ())]
    Ucs2 {},
}

impl From<ffi::SmsWarning> for SmsWarning {
    fn from(w: ffi::SmsWarning) -> Self {
        match w {
            ffi::SmsWarning::MultipleSegments { segments } => Self::MultipleSegments { segments },
            ffi::SmsWarning::Ucs2 => Self::Ucs2 {},
        }
    }
}

#[pymethods]
impl SmsWarning {
    #[pyo3(name = "is_MULTIPLE_SEGMENTS")]
    fn is_multiple_segments_upper(&self) -> bool {
        matches!(self, Self::MultipleSegments { .. })
    }

    fn is_multiple_segments(&self) -> bool {
        matches!(self, Self::MultipleSegments { .. })
    }

    #[pyo3(name = "is_UCS2")]
    fn is_ucs2_upper(&self) -> bool {
        matches!(self, Self::Ucs2 {})
    }

    fn is_ucs2(&self) -> bool {
        matches!(self, Self::Ucs2 {})
    }

    fn __repr__(&self) -> String {
        match self {
            Self::MultipleSegments { segments } => {
                format!("SmsWarning.MULTIPLE_SEGMENTS(segments={segments})")
            }
            Self::Ucs2 {} => "SmsWarning.UCS2()".to_owned(),
        }
    }
}

/// Encoding and length of a text as an SMS: ``units`` are GSM-7 septets or UCS-2 code units;
/// ``non_gsm_chars`` the characters that forced UCS-2.
#[pyclass(frozen, eq, get_all, from_py_object, module = "otpkit")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SmsEncodingInfo {
    encoding: PyEnum<ffi::SmsEncoding>,
    units: i32,
    segments: i32,
    non_gsm_chars: Vec<String>,
}

impl From<ffi::SmsEncodingInfo> for SmsEncodingInfo {
    fn from(i: ffi::SmsEncodingInfo) -> Self {
        Self {
            encoding: PyEnum(i.encoding),
            units: i.units,
            segments: i.segments,
            non_gsm_chars: i.non_gsm_chars,
        }
    }
}

#[pymethods]
impl SmsEncodingInfo {
    #[new]
    #[pyo3(signature = (*, encoding, units, segments, non_gsm_chars))]
    fn new(
        encoding: PyEnum<ffi::SmsEncoding>,
        units: i32,
        segments: i32,
        non_gsm_chars: Vec<String>,
    ) -> Self {
        Self {
            encoding,
            units,
            segments,
            non_gsm_chars,
        }
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "SmsEncodingInfo(encoding={}, units={}, segments={}, non_gsm_chars={})",
            self.encoding.into_pyobject(py)?.repr()?,
            self.units,
            self.segments,
            self.non_gsm_chars.clone().into_pyobject(py)?.repr()?,
        ))
    }
}

/// A formatted SMS body (it holds the code: ``body.reveal()``) with its encoding, length and
/// warnings.
#[pyclass(frozen, eq, get_all, module = "otpkit")]
pub(crate) struct SmsMessage {
    body: Py<SensitiveText>,
    info: SmsEncodingInfo,
    warnings: Vec<SmsWarning>,
}

impl PartialEq for SmsMessage {
    fn eq(&self, o: &Self) -> bool {
        self.body.get() == o.body.get() && self.info == o.info && self.warnings == o.warnings
    }
}

#[pymethods]
impl SmsMessage {
    #[new]
    #[pyo3(signature = (*, body, info, warnings))]
    fn new(body: Py<SensitiveText>, info: SmsEncodingInfo, warnings: Vec<SmsWarning>) -> Self {
        Self {
            body,
            info,
            warnings,
        }
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let warnings: Vec<String> = self.warnings.iter().map(SmsWarning::__repr__).collect();
        Ok(format!(
            "SmsMessage(body={:?}, info={}, warnings=[{}])",
            self.body.get().0, // redacted: `SensitiveText(<redacted>, N chars)`
            self.info.__repr__(py)?,
            warnings.join(", "),
        ))
    }
}

/// What to put in an SMS body besides the code: the service name shown in the sentence, an
/// optional validity in minutes, an Android SMS Retriever app hash line, and the origin-bound
/// last line's host (``@host #code``) with an optional embedded host.
#[pyclass(frozen, eq, get_all, module = "otpkit")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SmsBodyOptions {
    service: String,
    validity_minutes: Option<i32>,
    app_hash: Option<String>,
    origin_host: Option<String>,
    embedded_host: Option<String>,
}

impl SmsBodyOptions {
    fn to_ffi(&self) -> ffi::SmsBodyOptions {
        ffi::SmsBodyOptions {
            service: self.service.clone(),
            validity_minutes: self.validity_minutes,
            app_hash: self.app_hash.clone(),
            origin_host: self.origin_host.clone(),
            embedded_host: self.embedded_host.clone(),
        }
    }
}

#[pymethods]
impl SmsBodyOptions {
    #[new]
    #[pyo3(signature = (*, service, validity_minutes = None, app_hash = None, origin_host = None,
                        embedded_host = None))]
    fn new(
        service: String,
        validity_minutes: Option<i32>,
        app_hash: Option<String>,
        origin_host: Option<String>,
        embedded_host: Option<String>,
    ) -> Self {
        Self {
            service,
            validity_minutes,
            app_hash,
            origin_host,
            embedded_host,
        }
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let opt = |v: &Option<String>| -> PyResult<String> {
            Ok(match v {
                None => "None".to_owned(),
                Some(s) => s.into_pyobject(py)?.repr()?.to_string(),
            })
        };
        Ok(format!(
            "SmsBodyOptions(service={}, validity_minutes={}, app_hash={}, origin_host={}, \
             embedded_host={})",
            self.service.as_str().into_pyobject(py)?.repr()?,
            self.validity_minutes
                .map_or_else(|| "None".to_owned(), |m| m.to_string()),
            opt(&self.app_hash)?,
            opt(&self.origin_host)?,
            opt(&self.embedded_host)?,
        ))
    }
}

/// A voice (text-to-speech) message: plain ``text`` and ``ssml``, both holding the code.
#[pyclass(frozen, eq, get_all, module = "otpkit")]
pub(crate) struct VoiceMessage {
    text: Py<SensitiveText>,
    ssml: Py<SensitiveText>,
}

impl PartialEq for VoiceMessage {
    fn eq(&self, o: &Self) -> bool {
        self.text.get() == o.text.get() && self.ssml.get() == o.ssml.get()
    }
}

#[pymethods]
impl VoiceMessage {
    #[new]
    #[pyo3(signature = (*, text, ssml))]
    fn new(text: Py<SensitiveText>, ssml: Py<SensitiveText>) -> Self {
        Self { text, ssml }
    }

    fn __repr__(&self) -> String {
        format!(
            "VoiceMessage(text={:?}, ssml={:?})",
            self.text.get().0,
            self.ssml.get().0
        )
    }
}

/// Builds an SMS body (sentence, optional app hash line, optional origin-bound last line) for
/// ``code``; raises ``OtpError.InvalidInput`` (``kind=MESSAGE``) naming what is wrong.
#[pyfunction]
fn format_sms(py: Python<'_>, code: String, options: &SmsBodyOptions) -> PyResult<SmsMessage> {
    let m = ffi::format_sms(code.into(), options.to_ffi()).py()?;
    Ok(SmsMessage {
        body: Py::new(py, SensitiveText(m.body))?,
        info: m.info.into(),
        warnings: m.warnings.into_iter().map(SmsWarning::from).collect(),
    })
}

/// Encoding, length and segment count of any SMS text.
#[pyfunction]
fn sms_encoding_info(text: String) -> SmsEncodingInfo {
    ffi::sms_encoding_info(text).into()
}

/// A voice message: the code's characters spelled out with pauses, said twice.
#[pyfunction]
#[pyo3(signature = (code, service, language = "en".to_owned()))]
fn voice_message(
    py: Python<'_>,
    code: String,
    service: String,
    language: String,
) -> PyResult<VoiceMessage> {
    let v = ffi::voice_message(code.into(), service, language).py()?;
    Ok(VoiceMessage {
        text: Py::new(py, SensitiveText(v.text))?,
        ssml: Py::new(py, SensitiveText(v.ssml))?,
    })
}

/// A push notification or WhatsApp text (it holds the code).
#[pyfunction]
#[pyo3(signature = (code, service, style, language = "en".to_owned(), validity_minutes = None))]
fn push_message(
    code: String,
    service: String,
    style: PyEnum<ffi::PushStyle>,
    language: String,
    validity_minutes: Option<i32>,
) -> PyResult<String> {
    ffi::push_message(code.into(), service, style.0, language, validity_minutes).py()
}

/// Language tags the voice and push templates are available in (``en``, ``es``, ...).
#[pyfunction]
fn message_languages() -> Vec<String> {
    ffi::message_languages()
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<SmsWarning>()?;
    m.add_class::<SmsEncodingInfo>()?;
    m.add_class::<SmsMessage>()?;
    m.add_class::<SmsBodyOptions>()?;
    m.add_class::<VoiceMessage>()?;
    m.add_function(wrap_pyfunction!(format_sms, m)?)?;
    m.add_function(wrap_pyfunction!(sms_encoding_info, m)?)?;
    m.add_function(wrap_pyfunction!(voice_message, m)?)?;
    m.add_function(wrap_pyfunction!(push_message, m)?)?;
    m.add_function(wrap_pyfunction!(message_languages, m)?)?;
    Ok(())
}
