//! Secret stores: a Python object implementing `otpkit.SecretStore` (python/otpkit/_storage.py)
//! as the FFI `SecretStore` trait ([`PySecretStore`]), and the Rust in-memory store
//! (`memory_secret_store()`, usable from Python directly).
//!
//! The FFI calls a Python store under `Python::attach` from whichever thread runs the storage
//! call (the caller's, with the GIL released, or the async pool's). A raised
//! `SecretStoreError.Backend(reason)` becomes `SecretStoreError::Backend { reason }`, which the
//! core reports as `OtpError.Storage(BACKEND)` with that reason; any other exception, or a
//! result of the wrong type, becomes the same error naming the method and the exception's type.

use otpkit_ffi as ffi;
use pyo3::exceptions::PyTypeError;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyByteArray, PyBytes};
use std::borrow::Cow;
use std::sync::Arc;
use zeroize::Zeroizing;

/// The methods a secret store must have.
const METHODS: [&str; 4] = ["put", "get", "delete", "list_ids"];

static STORE_ERROR: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// `otpkit._storage.SecretStoreError`.
fn store_error_class(py: Python<'_>) -> PyResult<&Bound<'_, PyAny>> {
    STORE_ERROR
        .get_or_try_init(py, || {
            Ok::<_, PyErr>(
                py.import("otpkit._storage")?
                    .getattr("SecretStoreError")?
                    .unbind(),
            )
        })
        .map(|c| c.bind(py))
}

/// The FFI error for a Python exception raised by (or a bad result of) `method`.
fn backend_error(py: Python<'_>, method: &str, err: PyErr) -> ffi::SecretStoreError {
    let value = err.value(py);
    let own = store_error_class(py)
        .and_then(|cls| value.is_instance(cls))
        .unwrap_or(false);
    let key_lost = store_error_class(py)
        .and_then(|cls| cls.getattr(intern!(py, "KeyLost")))
        .and_then(|cls| value.is_instance(&cls))
        .unwrap_or(false);
    let reason = if own {
        value
            .getattr(intern!(py, "reason"))
            .and_then(|r| r.extract::<String>())
            .unwrap_or_else(|_| format!("the secret store's {method}() failed"))
    } else {
        let kind = value
            .get_type()
            .qualname()
            .map(|n| n.to_string())
            .unwrap_or_else(|_| "an exception".to_owned());
        let text = value.str().map(|s| s.to_string()).unwrap_or_default();
        if text.is_empty() {
            format!("the secret store's {method}() raised {kind}")
        } else {
            format!("the secret store's {method}() raised {kind}: {text}")
        }
    };
    if key_lost {
        ffi::SecretStoreError::KeyLost { reason }
    } else {
        ffi::SecretStoreError::Backend { reason }
    }
}

/// A Python `SecretStore` as the FFI trait.
pub(crate) struct PySecretStore(Py<PyAny>);

impl PySecretStore {
    fn call<T>(
        &self,
        method: &'static str,
        call: impl for<'py> FnOnce(&Bound<'py, PyAny>) -> PyResult<T>,
    ) -> Result<T, ffi::SecretStoreError> {
        Python::attach(|py| call(self.0.bind(py)).map_err(|e| backend_error(py, method, e)))
    }
}

/// Key bytes from a `get` result: `bytes`, `bytearray` or None.
fn secret_bytes(value: &Bound<'_, PyAny>) -> PyResult<Option<Vec<u8>>> {
    if value.is_none() {
        return Ok(None);
    }
    if let Ok(b) = value.cast::<PyBytes>() {
        return Ok(Some(b.as_bytes().to_vec()));
    }
    if let Ok(b) = value.cast::<PyByteArray>() {
        return Ok(Some(b.to_vec()));
    }
    Err(PyTypeError::new_err(format!(
        "get() must return bytes or None, not {}",
        value.get_type().name()?
    )))
}

impl ffi::SecretStore for PySecretStore {
    fn put(&self, id: String, secret: Vec<u8>) -> Result<(), ffi::SecretStoreError> {
        let secret = Zeroizing::new(secret);
        self.call("put", |store| {
            let bytes = PyBytes::new(store.py(), &secret);
            store.call_method1(intern!(store.py(), "put"), (id, bytes))?;
            Ok(())
        })
    }

    fn get(&self, id: String) -> Result<Option<Vec<u8>>, ffi::SecretStoreError> {
        self.call("get", |store| {
            secret_bytes(&store.call_method1(intern!(store.py(), "get"), (id,))?)
        })
    }

    fn delete(&self, id: String) -> Result<(), ffi::SecretStoreError> {
        self.call("delete", |store| {
            store.call_method1(intern!(store.py(), "delete"), (id,))?;
            Ok(())
        })
    }

    fn list_ids(&self) -> Result<Vec<String>, ffi::SecretStoreError> {
        self.call("list_ids", |store| {
            store
                .call_method0(intern!(store.py(), "list_ids"))?
                .extract::<Vec<String>>()
                .map_err(|_| PyTypeError::new_err("list_ids() must return a list of str"))
        })
    }
}

/// The secret store kept in process memory (``memory_secret_store()``): a ``SecretStore``.
#[pyclass(frozen, module = "otpkit")]
pub(crate) struct MemorySecretStore(Arc<dyn ffi::SecretStore>);

/// `SecretStoreError.Backend(reason)` / `.KeyLost(reason)` for an error of the Rust store.
fn to_py(e: ffi::SecretStoreError) -> PyErr {
    let (case, reason) = match e {
        ffi::SecretStoreError::Backend { reason } => ("Backend", reason),
        ffi::SecretStoreError::KeyLost { reason } => ("KeyLost", reason),
    };
    Python::attach(|py| {
        match store_error_class(py).and_then(|c| c.getattr(case)?.call1((reason,))) {
            Ok(value) => PyErr::from_value(value),
            Err(err) => err,
        }
    })
}

#[pymethods]
impl MemorySecretStore {
    /// Stores ``secret`` under ``id``, replacing any previous one.
    fn put(&self, id: String, secret: Cow<'_, [u8]>) -> PyResult<()> {
        self.0.put(id, secret.into_owned()).map_err(to_py)
    }

    /// The secret stored under ``id``, if any.
    fn get<'py>(&self, py: Python<'py>, id: String) -> PyResult<Option<Bound<'py, PyBytes>>> {
        let secret = self.0.get(id).map_err(to_py)?.map(Zeroizing::new);
        Ok(secret.map(|s| PyBytes::new(py, &s)))
    }

    /// Removes the secret stored under ``id``; succeeds when there is none.
    fn delete(&self, id: String) -> PyResult<()> {
        self.0.delete(id).map_err(to_py)
    }

    /// Ids of all stored secrets.
    fn list_ids(&self) -> PyResult<Vec<String>> {
        self.0.list_ids().map_err(to_py)
    }

    fn __repr__(&self) -> String {
        "MemorySecretStore()".to_owned()
    }
}

/// A secret store in process memory (tests, ephemeral sessions).
#[pyfunction]
fn memory_secret_store() -> MemorySecretStore {
    MemorySecretStore(ffi::memory_secret_store())
}

/// A `SecretStore` argument, ready for the FFI: the Rust store as itself (no GIL needed), any
/// other object with the four methods through [`PySecretStore`].
pub(crate) struct StoreArg(pub(crate) Arc<dyn ffi::SecretStore>);

impl<'a, 'py> FromPyObject<'a, 'py> for StoreArg {
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        if let Ok(memory) = obj.cast::<MemorySecretStore>() {
            return Ok(Self(memory.get().0.clone()));
        }
        let missing: Vec<&str> = METHODS
            .into_iter()
            .filter(|m| !obj.hasattr(*m).unwrap_or(false))
            .collect();
        if !missing.is_empty() {
            return Err(PyTypeError::new_err(format!(
                "expected an otpkit.SecretStore, got {} (missing {})",
                obj.get_type().name()?,
                missing.join(", ")
            )));
        }
        Ok(Self(Arc::new(PySecretStore(obj.to_owned().unbind()))))
    }
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<MemorySecretStore>()?;
    m.add_function(wrap_pyfunction!(memory_secret_store, m)?)?;
    Ok(())
}
