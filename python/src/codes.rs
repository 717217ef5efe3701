//! Code generation: `OtpParams` (tagged enum), `CodeSnapshot` (record), the pre-keyed
//! `CodeGenerator` and the one-shot `hotp_code` / `totp_code`, plus `default_totp`,
//! `hash_algorithm`, `code_length`.
//!
//! Code generation is sub-microsecond: no call here releases the GIL, and the hot methods take
//! plain integers and return `str`/`int` straight from the FFI.

use crate::enums::PyEnum;
use crate::error::PyResultExt;
use crate::handles::{OneTimeCode, Secret, SensitiveText};
use crate::time::TimeArg;
use crate::uri::OtpAuthUri;
use otpkit_ffi as ffi;
use pyo3::prelude::*;
use std::sync::Arc;

type Algorithm = PyEnum<ffi::HashAlgorithm>;

fn algorithm_name(a: ffi::HashAlgorithm) -> &'static str {
    use ffi::HashAlgorithm as H;
    match a {
        H::Sha1 => "SHA1",
        H::Sha224 => "SHA224",
        H::Sha256 => "SHA256",
        H::Sha384 => "SHA384",
        H::Sha512 => "SHA512",
        H::Sha3_224 => "SHA3_224",
        H::Sha3_256 => "SHA3_256",
        H::Sha3_384 => "SHA3_384",
        H::Sha3_512 => "SHA3_512",
        H::Md5 => "MD5",
    }
}

fn algorithm_repr(a: Option<Algorithm>) -> String {
    match a {
        Some(PyEnum(a)) => format!("HashAlgorithm.{}", algorithm_name(a)),
        None => "None".to_owned(),
    }
}

/// What kind of code an account makes, with the data that kind uses. ``algorithm`` None means
/// SHA1 (results use None for SHA1, so default parameters compare equal).
#[pyclass(
    frozen,
    eq,
    hash,
    from_py_object,
    module = "otpkit",
    name = "OtpParams"
)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum OtpParams {
    /// RFC 6238 time-based codes.
    #[pyo3(name = "TOTP", constructor = (algorithm = None, digits = 6, period = 30, t0 = 0))]
    Totp {
        algorithm: Option<Algorithm>,
        digits: i32,
        period: i64,
        t0: i64,
    },
    /// RFC 4226 counter-based codes; ``counter`` is the next counter to use.
    #[pyo3(name = "HOTP", constructor = (algorithm = None, digits = 6, counter = 0))]
    Hotp {
        algorithm: Option<Algorithm>,
        digits: i32,
        counter: i64,
    },
    /// Steam Guard: SHA1, 5 symbols.
    #[pyo3(name = "STEAM", constructor = (period = 30))]
    Steam { period: i64 },
    /// mOTP: MD5, 6 hex characters; needs the PIN.
    #[pyo3(name = "MOTP", constructor = (period = 10))]
    Motp { period: i64 },
    /// Yandex Key: SHA256, 8 letters; needs the PIN.
    #[pyo3(name = "YANDEX", constructor = (period = 30))]
    Yandex { period: i64 },
}

#[pymethods]
impl OtpParams {
    fn is_totp(&self) -> bool {
        matches!(self, Self::Totp { .. })
    }
    fn is_hotp(&self) -> bool {
        matches!(self, Self::Hotp { .. })
    }
    fn is_steam(&self) -> bool {
        matches!(self, Self::Steam { .. })
    }
    fn is_motp(&self) -> bool {
        matches!(self, Self::Motp { .. })
    }
    fn is_yandex(&self) -> bool {
        matches!(self, Self::Yandex { .. })
    }

    pub(crate) fn __repr__(&self) -> String {
        match *self {
            Self::Totp {
                algorithm,
                digits,
                period,
                t0,
            } => format!(
                "OtpParams.TOTP(algorithm={}, digits={digits}, period={period}, t0={t0})",
                algorithm_repr(algorithm)
            ),
            Self::Hotp {
                algorithm,
                digits,
                counter,
            } => format!(
                "OtpParams.HOTP(algorithm={}, digits={digits}, counter={counter})",
                algorithm_repr(algorithm)
            ),
            Self::Steam { period } => format!("OtpParams.STEAM(period={period})"),
            Self::Motp { period } => format!("OtpParams.MOTP(period={period})"),
            Self::Yandex { period } => format!("OtpParams.YANDEX(period={period})"),
        }
    }
}

impl From<ffi::OtpParams> for OtpParams {
    fn from(p: ffi::OtpParams) -> Self {
        match p {
            ffi::OtpParams::Totp {
                algorithm,
                digits,
                period,
                t0,
            } => Self::Totp {
                algorithm: algorithm.map(PyEnum),
                digits,
                period,
                t0,
            },
            ffi::OtpParams::Hotp {
                algorithm,
                digits,
                counter,
            } => Self::Hotp {
                algorithm: algorithm.map(PyEnum),
                digits,
                counter,
            },
            ffi::OtpParams::Steam { period } => Self::Steam { period },
            ffi::OtpParams::Motp { period } => Self::Motp { period },
            ffi::OtpParams::Yandex { period } => Self::Yandex { period },
        }
    }
}

impl From<OtpParams> for ffi::OtpParams {
    fn from(p: OtpParams) -> Self {
        match p {
            OtpParams::Totp {
                algorithm,
                digits,
                period,
                t0,
            } => Self::Totp {
                algorithm: algorithm.map(|a| a.0),
                digits,
                period,
                t0,
            },
            OtpParams::Hotp {
                algorithm,
                digits,
                counter,
            } => Self::Hotp {
                algorithm: algorithm.map(|a| a.0),
                digits,
                counter,
            },
            OtpParams::Steam { period } => Self::Steam { period },
            OtpParams::Motp { period } => Self::Motp { period },
            OtpParams::Yandex { period } => Self::Yandex { period },
        }
    }
}

/// Current and next code, the seconds the current one has left, its moving factor, and when it
/// became valid (TOTP/Steam; 0 for HOTP).
#[pyclass(frozen, eq, get_all, module = "otpkit")]
pub(crate) struct CodeSnapshot {
    pub(crate) current: Py<OneTimeCode>,
    pub(crate) next: Py<OneTimeCode>,
    pub(crate) remaining: i64,
    pub(crate) counter: i64,
    pub(crate) valid_from: i64,
}

impl PartialEq for CodeSnapshot {
    fn eq(&self, other: &Self) -> bool {
        // OneTimeCode compares in constant time; no short cut between the two codes either.
        let current = *self.current.get() == *other.current.get();
        let next = *self.next.get() == *other.next.get();
        current
            & next
            & (self.remaining == other.remaining)
            & (self.counter == other.counter)
            & (self.valid_from == other.valid_from)
    }
}

#[pymethods]
impl CodeSnapshot {
    #[new]
    #[pyo3(signature = (*, current, next, remaining, counter, valid_from))]
    fn new(
        current: Py<OneTimeCode>,
        next: Py<OneTimeCode>,
        remaining: i64,
        counter: i64,
        valid_from: i64,
    ) -> Self {
        Self {
            current,
            next,
            remaining,
            counter,
            valid_from,
        }
    }

    fn __repr__(&self) -> String {
        format!(
            "CodeSnapshot(current={:?}, next={:?}, remaining={}, counter={}, valid_from={})",
            self.current.get().0,
            self.next.get().0,
            self.remaining,
            self.counter,
            self.valid_from
        )
    }
}

impl CodeSnapshot {
    pub(crate) fn from_ffi(py: Python<'_>, s: ffi::CodeSnapshot) -> PyResult<Self> {
        Ok(Self {
            current: Py::new(py, OneTimeCode(s.current))?,
            next: Py::new(py, OneTimeCode(s.next))?,
            remaining: s.remaining,
            counter: s.counter,
            valid_from: s.valid_from,
        })
    }

    #[allow(dead_code)] // for other parts' records holding a snapshot
    pub(crate) fn to_ffi(&self) -> ffi::CodeSnapshot {
        ffi::CodeSnapshot {
            current: self.current.get().0.clone(),
            next: self.next.get().0.clone(),
            remaining: self.remaining,
            counter: self.counter,
            valid_from: self.valid_from,
        }
    }
}

/// A generator holding one pre-keyed secret: create it once, then ask for codes by time or
/// counter. Thread-safe; every method is a plain, fast call (no GIL release needed).
#[pyclass(frozen, module = "otpkit")]
pub(crate) struct CodeGenerator {
    inner: Arc<ffi::CodeGenerator>,
    params: OtpParams,
}

impl CodeGenerator {
    fn wrap(inner: Arc<ffi::CodeGenerator>) -> Self {
        let params = inner.params().into();
        Self { inner, params }
    }

    /// The FFI generator (for the server helpers).
    #[allow(dead_code)]
    pub(crate) fn ffi(&self) -> Arc<ffi::CodeGenerator> {
        self.inner.clone()
    }
}

#[pymethods]
impl CodeGenerator {
    /// From a secret and parameters (default: TOTP, SHA1, 6 digits, 30 s); mOTP and Yandex Key
    /// also need the account's ``pin``.
    #[new]
    #[pyo3(signature = (secret, params = None, pin = None))]
    fn new(
        secret: &Bound<'_, Secret>,
        params: Option<OtpParams>,
        pin: Option<&Bound<'_, SensitiveText>>,
    ) -> PyResult<Self> {
        ffi::CodeGenerator::new(
            secret.get().ffi(),
            params.map(Into::into),
            pin.map(|p| p.get().0.clone()),
        )
        .py()
        .map(Self::wrap)
    }

    /// From an otpauth://, steam:// or motp:// URI.
    #[staticmethod]
    fn from_uri(uri: &str) -> PyResult<Self> {
        ffi::CodeGenerator::from_uri(uri.into())
            .py()
            .map(Self::wrap)
    }

    /// From a parsed account.
    #[staticmethod]
    fn from_account(account: &Bound<'_, OtpAuthUri>) -> PyResult<Self> {
        let account = account.borrow().to_ffi();
        ffi::CodeGenerator::from_account(account)
            .py()
            .map(Self::wrap)
    }

    /// The parameters in use.
    fn params(&self) -> OtpParams {
        self.params
    }

    /// The code valid at ``unix_time`` (HOTP: the code for the stored counter).
    fn code_at(&self, unix_time: i64) -> PyResult<String> {
        self.inner.code_at(unix_time).py()
    }

    /// The code for an explicit moving factor (HOTP counter or TOTP step).
    fn code_for_counter(&self, counter: i64) -> PyResult<String> {
        self.inner.code_for_counter(counter).py()
    }

    /// The code at ``unix_time`` as a number (format with leading zeros to the code length).
    fn code_number_at(&self, unix_time: i64) -> PyResult<i64> {
        self.inner.code_number_at(unix_time).py()
    }

    /// Codes as numbers for ``count`` (0..=100 000) consecutive steps from ``start_unix``.
    fn code_numbers_from(&self, start_unix: i64, count: i32) -> PyResult<Vec<i64>> {
        self.inner.code_numbers_from(start_unix, count).py()
    }

    /// Current and next code and seconds remaining, at ``unix_time``.
    fn snapshot_at(&self, py: Python<'_>, unix_time: i64) -> PyResult<CodeSnapshot> {
        CodeSnapshot::from_ffi(py, self.inner.snapshot_at(unix_time).py()?)
    }

    /// Current and next code and seconds remaining, with the time read once from ``time_source``.
    /// An exception raised by its ``now_unix()`` propagates.
    fn snapshot(&self, py: Python<'_>, time_source: TimeArg) -> PyResult<CodeSnapshot> {
        let snap = self.inner.snapshot(time_source.ffi());
        time_source.check()?;
        CodeSnapshot::from_ffi(py, snap)
    }

    /// Checks a TOTP/Steam code at ``unix_time`` within ±``window`` steps (0..=10). Returns the
    /// step offset of the match, or None.
    #[pyo3(signature = (code, unix_time, window = 1))]
    fn verify_at(&self, code: &str, unix_time: i64, window: i32) -> PyResult<Option<i32>> {
        self.inner.verify_at(code.into(), unix_time, window).py()
    }

    fn __repr__(&self) -> String {
        format!("CodeGenerator(params={})", self.params.__repr__())
    }
}

/// One HOTP code (RFC 4226).
#[pyfunction]
#[pyo3(signature = (secret, counter, algorithm = None, digits = 6))]
fn hotp_code(
    secret: &Bound<'_, Secret>,
    counter: i64,
    algorithm: Option<Algorithm>,
    digits: i32,
) -> PyResult<String> {
    ffi::hotp_code(secret.get().ffi(), counter, algorithm.map(|a| a.0), digits).py()
}

/// One TOTP/Steam code (RFC 6238) at ``unix_time`` (default parameters: TOTP, SHA1, 6, 30 s).
#[pyfunction]
#[pyo3(signature = (secret, unix_time, params = None))]
fn totp_code(
    secret: &Bound<'_, Secret>,
    unix_time: i64,
    params: Option<OtpParams>,
) -> PyResult<String> {
    ffi::totp_code(secret.get().ffi(), unix_time, params.map(Into::into)).py()
}

/// TOTP with every standard value: SHA1, 6 digits, 30 s, t0 = 0.
#[pyfunction]
fn default_totp() -> OtpParams {
    ffi::default_totp().into()
}

/// The hash function ``params`` use (SHA1 when ``algorithm`` is None; fixed for Steam, mOTP and
/// Yandex Key).
#[pyfunction]
fn hash_algorithm(params: OtpParams) -> Algorithm {
    PyEnum(ffi::hash_algorithm(params.into()))
}

/// Number of characters of the codes ``params`` make.
#[pyfunction]
fn code_length(params: OtpParams) -> PyResult<i32> {
    ffi::code_length(params.into()).py()
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<OtpParams>()?;
    m.add_class::<CodeSnapshot>()?;
    m.add_class::<CodeGenerator>()?;
    m.add_function(wrap_pyfunction!(hotp_code, m)?)?;
    m.add_function(wrap_pyfunction!(totp_code, m)?)?;
    m.add_function(wrap_pyfunction!(default_totp, m)?)?;
    m.add_function(wrap_pyfunction!(hash_algorithm, m)?)?;
    m.add_function(wrap_pyfunction!(code_length, m)?)?;
    Ok(())
}
