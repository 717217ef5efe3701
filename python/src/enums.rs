//! Simple enums cross as Python `enum.Enum` members (iterable, `.name`, `match`-able), defined
//! in `otpkit/_enums.py`. [`py_enum!`] maps an `otpkit_ffi` enum to its Python class by member
//! order; the names are checked once, on first use, so a reordered Python class is an import-time
//! error rather than a silent mix-up.
//!
//! `PyEnum<T>` carries a mapped value across PyO3 (arguments, results, `get_all` fields).

use pyo3::prelude::*;
use pyo3::types::PyList;

/// An `otpkit_ffi` enum value as a Python `enum.Enum` member (see [`py_enum!`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct PyEnum<T>(pub T);

/// The members of `otpkit._enums.<class>`, in declaration order, after checking their names.
pub(crate) fn members<'py>(
    py: Python<'py>,
    cache: &'static pyo3::sync::PyOnceLock<Py<PyList>>,
    class: &str,
    names: &[&str],
) -> PyResult<&'py Bound<'py, PyList>> {
    cache
        .get_or_try_init(py, || -> PyResult<Py<PyList>> {
            let cls = py.import("otpkit._enums")?.getattr(class)?;
            let list = PyList::empty(py);
            for member in cls.try_iter()? {
                list.append(member?)?;
            }
            let got: Vec<String> = list
                .iter()
                .map(|m| m.getattr("name").and_then(|n| n.extract::<String>()))
                .collect::<PyResult<_>>()?;
            if got != names {
                return Err(pyo3::exceptions::PyImportError::new_err(format!(
                    "otpkit._enums.{class} has members {got:?}, the native module expects {names:?}"
                )));
            }
            Ok(list.unbind())
        })
        .map(|l| l.bind(py))
}

/// `py_enum!(Class: otpkit_ffi::Type { Variant => "PYTHON_NAME", ... });` implements
/// `IntoPyObject` and `FromPyObject` for `PyEnum<otpkit_ffi::Type>`: a Python argument must be a
/// member of `otpkit._enums.Class` (anything else is a `TypeError` naming the class).
macro_rules! py_enum {
    ($class:ident : $ty:path { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl<'py> pyo3::IntoPyObject<'py> for $crate::enums::PyEnum<$ty> {
            type Target = pyo3::PyAny;
            type Output = pyo3::Bound<'py, pyo3::PyAny>;
            type Error = pyo3::PyErr;
            fn into_pyobject(self, py: pyo3::Python<'py>) -> pyo3::PyResult<Self::Output> {
                static CACHE: pyo3::sync::PyOnceLock<pyo3::Py<pyo3::types::PyList>> =
                    pyo3::sync::PyOnceLock::new();
                use pyo3::types::PyListMethods;
                let list = $crate::enums::members(py, &CACHE, stringify!($class), &[$($name),+])?;
                #[allow(unused_assignments)]
                let index = {
                    let mut i = 0usize;
                    let mut found = 0usize;
                    $( if matches!(self.0, <$ty>::$variant) { found = i; } i += 1; )+
                    found
                };
                list.get_item(index)
            }
        }

        impl<'a, 'py> pyo3::FromPyObject<'a, 'py> for $crate::enums::PyEnum<$ty> {
            type Error = pyo3::PyErr;
            fn extract(obj: pyo3::Borrowed<'a, 'py, pyo3::PyAny>) -> pyo3::PyResult<Self> {
                static CACHE: pyo3::sync::PyOnceLock<pyo3::Py<pyo3::types::PyList>> =
                    pyo3::sync::PyOnceLock::new();
                use pyo3::types::{PyAnyMethods, PyListMethods};
                let py = obj.py();
                let list = $crate::enums::members(py, &CACHE, stringify!($class), &[$($name),+])?;
                let mut i = 0usize;
                $(
                    if list.get_item(i)?.is(&*obj) {
                        return Ok($crate::enums::PyEnum(<$ty>::$variant));
                    }
                    i += 1;
                )+
                let _ = i;
                Err(pyo3::exceptions::PyTypeError::new_err(format!(
                    "expected an otpkit.{} member, got {}",
                    stringify!($class),
                    obj.get_type().name()?
                )))
            }
        }
    };
}
#[allow(unused_imports)] // used by the parts that map their own enums
pub(crate) use py_enum;

py_enum!(InvalidInputKind: otpkit_ffi::InvalidInputKind {
    Secret => "SECRET",
    Parameters => "PARAMETERS",
    Uri => "URI",
    Migration => "MIGRATION",
    OriginBound => "ORIGIN_BOUND",
    AppHash => "APP_HASH",
    Message => "MESSAGE",
    ServerConfig => "SERVER_CONFIG",
    Request => "REQUEST",
    Account => "ACCOUNT",
    Backup => "BACKUP",
    Export => "EXPORT",
    Passphrase => "PASSPHRASE",
    SenderId => "SENDER_ID",
});

py_enum!(AuthenticationKind: otpkit_ffi::AuthenticationKind {
    WrongPassphrase => "WRONG_PASSPHRASE",
    WrongPassword => "WRONG_PASSWORD",
    PasswordRequired => "PASSWORD_REQUIRED",
});

py_enum!(StorageFailureKind: otpkit_ffi::StorageFailureKind {
    Locked => "LOCKED",
    Corrupted => "CORRUPTED",
    Unsupported => "UNSUPPORTED",
    Backend => "BACKEND",
    KeyLost => "KEY_LOST",
});

py_enum!(HashAlgorithm: otpkit_ffi::HashAlgorithm {
    Sha1 => "SHA1",
    Sha224 => "SHA224",
    Sha256 => "SHA256",
    Sha384 => "SHA384",
    Sha512 => "SHA512",
    Sha3_224 => "SHA3_224",
    Sha3_256 => "SHA3_256",
    Sha3_384 => "SHA3_384",
    Sha3_512 => "SHA3_512",
    Md5 => "MD5",
});
