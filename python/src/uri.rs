//! (uri) Filled in by the codes/URI/migration part of the port. See python/PORTING.md.

use pyo3::prelude::*;

pub(crate) fn register(_m: &Bound<'_, PyModule>) -> PyResult<()> {
    Ok(())
}
