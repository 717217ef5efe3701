//! The native module of the `otpkit` Python package (`otpkit._native`), built with PyO3 as an
//! abi3 extension (CPython ≥ 3.9) by maturin.
//!
//! A thin layer over [`otpkit_ffi`], the same Rust surface the Kotlin and Swift bindings are
//! generated from: names, argument checks and error mapping are shared, so the languages agree
//! by construction. This crate only converts Python objects to and from that surface, releases
//! the GIL around every call that waits or burns CPU, and turns the one FFI error into the
//! Python exception hierarchy of `otpkit/_errors.py` (in [`error`]). Simple enums are Python
//! `enum.Enum` classes defined in `otpkit/_enums.py` ([`enums`]); records, tagged enums and the
//! secret/code handles are frozen `#[pyclass]`es.
//!
//! ```python
//! import otpkit
//! secret = otpkit.Secret.from_bytes(b"12345678901234567890")
//! gen = otpkit.CodeGenerator(secret, otpkit.OtpParams.TOTP(digits=8))
//! assert gen.code_at(59).reveal() == "94287082"  # RFC 6238 Appendix B
//! ```

use pyo3::prelude::*;

mod codes;
mod enums;
mod error;
mod handles;
mod migration;
mod receiver;
mod server;
mod storage;
mod time;
mod uri;
mod wake;

#[pymodule]
#[pyo3(name = "_native")]
fn native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    handles::register(m)?;
    time::register(m)?;
    codes::register(m)?;
    uri::register(m)?;
    migration::register(m)?;
    receiver::register(m)?;
    storage::register(m)?;
    server::register(m)?;
    wake::register(m)?;
    Ok(())
}
