//! Injected time: the `TimeSource` class (Python code subclasses it and implements
//! `now_unix()`), `system_time_source()` and `fixed_time_source(t)`.
//!
//! Any argument typed `TimeSource` is taken as a [`TimeArg`]: a Rust-made source (system or fixed)
//! crosses as its FFI object and is read without the GIL; a Python object becomes a
//! [`PyTimeSource`], which calls its `now_unix()` under `Python::attach`. The FFI trait cannot fail,
//! so an exception raised by `now_unix()` (or a result that is not an `int` in the i64 range) is
//! kept in the wrapper and the FFI reads the epoch for that call; the caller then raises the kept
//! exception instead of returning that call's result ([`TimeArg::check`]), so the Python error
//! surfaces from the call that read the time.

use otpkit_ffi as ffi;
use pyo3::exceptions::{PyNotImplementedError, PyTypeError};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};
use std::sync::{Arc, Mutex};

/// Which Rust-made source a `TimeSource` instance is (for `repr`).
#[derive(Debug, Clone, Copy)]
enum Native {
    System,
    Fixed(i64),
}

/// A source of the current Unix time in seconds. Subclass it and implement ``now_unix()`` to
/// inject time; ``system_time_source()`` and ``fixed_time_source(t)`` are ready-made.
#[pyclass(frozen, subclass, module = "otpkit", name = "TimeSource")]
pub(crate) struct TimeSource {
    native: Option<(Native, Arc<dyn ffi::TimeSource>)>,
}

#[pymethods]
impl TimeSource {
    /// Subclasses may take any constructor arguments (their ``__init__`` handles them).
    #[new]
    #[pyo3(signature = (*_args, **_kwargs))]
    fn new(_args: &Bound<'_, PyTuple>, _kwargs: Option<&Bound<'_, PyDict>>) -> Self {
        Self { native: None }
    }

    /// Seconds since the Unix epoch.
    fn now_unix(&self) -> PyResult<i64> {
        match &self.native {
            Some((_, source)) => Ok(source.now_unix()),
            None => Err(PyNotImplementedError::new_err(
                "TimeSource subclasses must implement now_unix()",
            )),
        }
    }

    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
        Ok(match slf.get().native {
            Some((Native::System, _)) => "TimeSource(system)".to_owned(),
            Some((Native::Fixed(t), _)) => format!("TimeSource(fixed={t})"),
            None => format!("<{} TimeSource>", slf.get_type().qualname()?),
        })
    }
}

/// The operating system's wall clock.
#[pyfunction]
fn system_time_source() -> TimeSource {
    TimeSource {
        native: Some((Native::System, ffi::system_time_source())),
    }
}

/// A time source that always answers ``unix_time`` (tests, previews).
#[pyfunction]
fn fixed_time_source(unix_time: i64) -> TimeSource {
    TimeSource {
        native: Some((Native::Fixed(unix_time), ffi::fixed_time_source(unix_time))),
    }
}

/// A Python object with `now_unix()` as an FFI time source (see the module docs for errors).
pub(crate) struct PyTimeSource {
    object: Py<PyAny>,
    /// The first exception `now_unix()` raised and no caller has raised yet.
    error: Mutex<Option<PyErr>>,
}

impl ffi::TimeSource for PyTimeSource {
    fn now_unix(&self) -> i64 {
        Python::attach(|py| {
            let read = self
                .object
                .bind(py)
                .call_method0(intern!(py, "now_unix"))
                .and_then(|t| t.extract::<i64>());
            read.unwrap_or_else(|e| {
                let mut slot = self.error.lock().unwrap_or_else(|p| p.into_inner());
                slot.get_or_insert(e);
                0
            })
        })
    }
}

impl PyTimeSource {
    fn take_error(&self) -> Option<PyErr> {
        self.error.lock().unwrap_or_else(|p| p.into_inner()).take()
    }
}

/// A `TimeSource` argument, ready for the FFI. Clone it to keep it (e.g. in an object that
/// reads the time later); after every FFI call that may read it, call [`TimeArg::check`].
#[derive(Clone)]
#[allow(dead_code)] // parts of the API used by the storage and server modules
pub(crate) struct TimeArg {
    source: Arc<dyn ffi::TimeSource>,
    python: Option<Arc<PyTimeSource>>,
    /// The object given, for getters and `repr`.
    object: Option<Arc<Py<PyAny>>>,
}

#[allow(dead_code)] // parts of the API used by the storage and server modules
impl TimeArg {
    /// The FFI time source.
    pub(crate) fn ffi(&self) -> Arc<dyn ffi::TimeSource> {
        self.source.clone()
    }

    /// The Python object this was made from (a fresh system source for [`TimeArg::system`]).
    pub(crate) fn object(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        match &self.object {
            Some(o) => Ok(o.clone_ref(py)),
            None => Ok(Py::new(py, system_time_source())?.into_any()),
        }
    }

    /// The system clock (for an optional `TimeSource` argument left out).
    pub(crate) fn system() -> Self {
        Self {
            source: ffi::system_time_source(),
            python: None,
            object: None,
        }
    }

    /// `Err` with the exception a Python `now_unix()` raised since the last check, if any.
    /// Call it after the FFI call and return its error in place of the call's result.
    pub(crate) fn check(&self) -> PyResult<()> {
        match self.python.as_ref().and_then(|p| p.take_error()) {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// `result`, unless reading the time raised: then that exception.
    pub(crate) fn checked<T>(&self, result: PyResult<T>) -> PyResult<T> {
        self.check()?;
        result
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for TimeArg {
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        let py = obj.py();
        // A Rust-made source, not subclassed: read it directly, without the GIL.
        if obj.get_type().is(py.get_type::<TimeSource>()) {
            if let Ok(ts) = obj.cast::<TimeSource>() {
                if let Some((_, source)) = &ts.get().native {
                    return Ok(Self {
                        source: source.clone(),
                        python: None,
                        object: Some(Arc::new(obj.to_owned().unbind())),
                    });
                }
            }
        }
        if !obj.hasattr(intern!(py, "now_unix"))? {
            return Err(PyTypeError::new_err(format!(
                "expected an otpkit.TimeSource (an object with now_unix()), got {}",
                obj.get_type().name()?
            )));
        }
        let python = Arc::new(PyTimeSource {
            object: obj.to_owned().unbind(),
            error: Mutex::new(None),
        });
        Ok(Self {
            source: python.clone(),
            python: Some(python),
            object: Some(Arc::new(obj.to_owned().unbind())),
        })
    }
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<TimeSource>()?;
    m.add_function(wrap_pyfunction!(system_time_source, m)?)?;
    m.add_function(wrap_pyfunction!(fixed_time_source, m)?)?;
    Ok(())
}
