//! otpauth:// URIs: the `OtpAuthUri` and `UriParameter` records, the `UriWarning` tagged enum,
//! and `parse_uri` / `to_uri` / `canonical_uri`.

use crate::codes::OtpParams;
use crate::error::PyResultExt;
use crate::handles::{Secret, SensitiveText};
use otpkit_ffi as ffi;
use pyo3::prelude::*;
use pyo3::types::PyString;

/// Python's `repr` of a string (quotes and escapes as Python shows them).
pub(crate) fn str_repr(py: Python<'_>, s: &str) -> PyResult<String> {
    PyString::new(py, s).repr()?.extract::<String>()
}

fn opt_str_repr(py: Python<'_>, s: &Option<String>) -> PyResult<String> {
    match s {
        Some(s) => str_repr(py, s),
        None => Ok("None".to_owned()),
    }
}

/// A finding about a parsed URI or a stored account.
#[pyclass(
    frozen,
    eq,
    hash,
    from_py_object,
    module = "otpkit",
    name = "UriWarning"
)]
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum UriWarning {
    /// The secret is shorter than 128 bits.
    #[pyo3(name = "SHORT_SECRET")]
    ShortSecret { bits: i32 },
    /// The label's issuer prefix differs from the ``issuer`` parameter (both are kept).
    #[pyo3(name = "ISSUER_MISMATCH")]
    IssuerMismatch {
        label_issuer: String,
        issuer: String,
    },
    /// The base32 secret did not fill whole bytes: its last ``bits`` bits were dropped.
    #[pyo3(name = "SECRET_TRAILING_BITS")]
    SecretTrailingBits { bits: i32 },
}

#[pymethods]
impl UriWarning {
    fn is_short_secret(&self) -> bool {
        matches!(self, Self::ShortSecret { .. })
    }
    fn is_issuer_mismatch(&self) -> bool {
        matches!(self, Self::IssuerMismatch { .. })
    }
    fn is_secret_trailing_bits(&self) -> bool {
        matches!(self, Self::SecretTrailingBits { .. })
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(match self {
            Self::ShortSecret { bits } => format!("UriWarning.SHORT_SECRET(bits={bits})"),
            Self::IssuerMismatch {
                label_issuer,
                issuer,
            } => format!(
                "UriWarning.ISSUER_MISMATCH(label_issuer={}, issuer={})",
                str_repr(py, label_issuer)?,
                str_repr(py, issuer)?
            ),
            Self::SecretTrailingBits { bits } => {
                format!("UriWarning.SECRET_TRAILING_BITS(bits={bits})")
            }
        })
    }
}

impl From<ffi::UriWarning> for UriWarning {
    fn from(w: ffi::UriWarning) -> Self {
        match w {
            ffi::UriWarning::ShortSecret { bits } => Self::ShortSecret { bits },
            ffi::UriWarning::IssuerMismatch {
                label_issuer,
                issuer,
            } => Self::IssuerMismatch {
                label_issuer,
                issuer,
            },
            ffi::UriWarning::SecretTrailingBits { bits } => Self::SecretTrailingBits { bits },
        }
    }
}

impl From<UriWarning> for ffi::UriWarning {
    fn from(w: UriWarning) -> Self {
        match w {
            UriWarning::ShortSecret { bits } => Self::ShortSecret { bits },
            UriWarning::IssuerMismatch {
                label_issuer,
                issuer,
            } => Self::IssuerMismatch {
                label_issuer,
                issuer,
            },
            UriWarning::SecretTrailingBits { bits } => Self::SecretTrailingBits { bits },
        }
    }
}

/// An unknown otpauth query parameter, kept as given.
#[pyclass(frozen, eq, hash, get_all, from_py_object, module = "otpkit")]
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct UriParameter {
    pub(crate) name: String,
    pub(crate) value: String,
}

#[pymethods]
impl UriParameter {
    #[new]
    #[pyo3(signature = (*, name, value))]
    fn new(name: String, value: String) -> Self {
        Self { name, value }
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "UriParameter(name={}, value={})",
            str_repr(py, &self.name)?,
            str_repr(py, &self.value)?
        ))
    }
}

/// An account as an otpauth URI describes it. The key is a ``Secret`` (and the PIN of
/// mOTP/Yandex Key accounts a ``SensitiveText``), so the record's string form never shows them.
/// Fields are settable, like a dataclass's.
#[pyclass(eq, get_all, set_all, module = "otpkit")]
pub(crate) struct OtpAuthUri {
    pub(crate) secret: Py<Secret>,
    /// The label's account name (e.g. ``alice@example.com``).
    pub(crate) account: String,
    pub(crate) issuer: Option<String>,
    pub(crate) params: Option<OtpParams>,
    /// The issuer prefix of the label (``ACME`` in ``ACME:alice``), when it had one.
    pub(crate) label_issuer: Option<String>,
    pub(crate) extra: Vec<UriParameter>,
    /// Findings of the parser (ignored on input).
    pub(crate) warnings: Vec<UriWarning>,
    /// The PIN of an mOTP or Yandex Key account.
    pub(crate) pin: Option<Py<SensitiveText>>,
}

impl PartialEq for OtpAuthUri {
    fn eq(&self, other: &Self) -> bool {
        let secret = *self.secret.get() == *other.secret.get();
        let pin = match (&self.pin, &other.pin) {
            (Some(a), Some(b)) => *a.get() == *b.get(),
            (None, None) => true,
            _ => false,
        };
        secret
            & pin
            & (self.account == other.account)
            & (self.issuer == other.issuer)
            & (self.params == other.params)
            & (self.label_issuer == other.label_issuer)
            & (self.extra == other.extra)
            & (self.warnings == other.warnings)
    }
}

#[pymethods]
impl OtpAuthUri {
    #[new]
    #[pyo3(signature = (*, secret, account, issuer = None, params = None, label_issuer = None,
                        extra = Vec::new(), warnings = Vec::new(), pin = None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        secret: Py<Secret>,
        account: String,
        issuer: Option<String>,
        params: Option<OtpParams>,
        label_issuer: Option<String>,
        extra: Vec<UriParameter>,
        warnings: Vec<UriWarning>,
        pin: Option<Py<SensitiveText>>,
    ) -> Self {
        Self {
            secret,
            account,
            issuer,
            params,
            label_issuer,
            extra,
            warnings,
            pin,
        }
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let extra = self
            .extra
            .iter()
            .map(|p| p.__repr__(py))
            .collect::<PyResult<Vec<_>>>()?;
        let warnings = self
            .warnings
            .iter()
            .map(|w| w.__repr__(py))
            .collect::<PyResult<Vec<_>>>()?;
        Ok(format!(
            "OtpAuthUri(secret={:?}, account={}, issuer={}, params={}, label_issuer={}, \
             extra=[{}], warnings=[{}], pin={})",
            self.secret.get().0,
            str_repr(py, &self.account)?,
            opt_str_repr(py, &self.issuer)?,
            self.params
                .map(|p| p.__repr__())
                .unwrap_or_else(|| "None".to_owned()),
            opt_str_repr(py, &self.label_issuer)?,
            extra.join(", "),
            warnings.join(", "),
            match &self.pin {
                Some(p) => format!("{:?}", p.get().0),
                None => "None".to_owned(),
            },
        ))
    }
}

impl OtpAuthUri {
    pub(crate) fn from_ffi(py: Python<'_>, a: ffi::OtpAuthUri) -> PyResult<Self> {
        Ok(Self {
            secret: Py::new(py, Secret(a.secret))?,
            account: a.account,
            issuer: a.issuer,
            params: a.params.map(Into::into),
            label_issuer: a.label_issuer,
            extra: a
                .extra
                .into_iter()
                .map(|p| UriParameter {
                    name: p.name,
                    value: p.value,
                })
                .collect(),
            warnings: a.warnings.into_iter().map(Into::into).collect(),
            pin: a.pin.map(|p| Py::new(py, SensitiveText(p))).transpose()?,
        })
    }

    pub(crate) fn to_ffi(&self) -> ffi::OtpAuthUri {
        ffi::OtpAuthUri {
            secret: self.secret.get().ffi(),
            account: self.account.clone(),
            issuer: self.issuer.clone(),
            params: self.params.map(Into::into),
            label_issuer: self.label_issuer.clone(),
            extra: self
                .extra
                .iter()
                .map(|p| ffi::UriParameter {
                    name: p.name.clone(),
                    value: p.value.clone(),
                })
                .collect(),
            warnings: self.warnings.iter().cloned().map(Into::into).collect(),
            pin: self.pin.as_ref().map(|p| p.get().0.clone()),
        }
    }
}

/// Parses an otpauth://, steam:// or motp:// URI leniently.
#[pyfunction]
fn parse_uri(py: Python<'_>, uri: &str) -> PyResult<OtpAuthUri> {
    OtpAuthUri::from_ffi(py, ffi::parse_uri(uri.into()).py()?)
}

/// The canonical otpauth URI of an account. It contains the secret: handle it as one.
#[pyfunction]
fn to_uri(account: &Bound<'_, OtpAuthUri>) -> PyResult<String> {
    let account = account.borrow().to_ffi();
    ffi::to_uri(account).py()
}

/// Parses a URI leniently and returns its canonical form (contains the secret).
#[pyfunction]
fn canonical_uri(uri: &str) -> PyResult<String> {
    ffi::canonical_uri(uri.into()).py()
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<UriWarning>()?;
    m.add_class::<UriParameter>()?;
    m.add_class::<OtpAuthUri>()?;
    m.add_function(wrap_pyfunction!(parse_uri, m)?)?;
    m.add_function(wrap_pyfunction!(to_uri, m)?)?;
    m.add_function(wrap_pyfunction!(canonical_uri, m)?)?;
    Ok(())
}
