//! (storage) Filled in by the storage part of the port. See python/PORTING.md.

use pyo3::prelude::*;

pub(crate) fn register(_m: &Bound<'_, PyModule>) -> PyResult<()> {
    Ok(())
}
