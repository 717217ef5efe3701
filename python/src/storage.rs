//! Storage and imports: the one `Accounts` object (an encrypted vault, an account file over a
//! `SecretStore`, or in memory), `read_backup`, and their records ([`records`]) and secret
//! stores ([`secret_store`]). Every rule is the FFI's (and so the core's): this module converts
//! arguments and results and releases the GIL.
//!
//! The GIL is released around every `Accounts` call, not only the slow ones (key derivation,
//! file writes, imports, exports): a call holds the store's lock while it may call a Python
//! `SecretStore`, which needs the GIL, so a thread waiting for that lock must not hold the GIL.
//!
//! The async forms are PyO3 coroutines awaiting the FFI's `async fn`s (which run the work on the
//! `blocking` crate's pool); `otpkit/_storage.py` wraps them in `async def` functions.

use crate::codes::OtpParams;
use crate::enums::PyEnum;
use crate::error::PyResultExt;
use crate::handles::Secret;
use crate::time::TimeArg;
use crate::uri::OtpAuthUri;
use otpkit_ffi as ffi;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedBytes;
use std::path::PathBuf;
use std::sync::Arc;

mod records;
mod secret_store;

use crate::wake::tracked as guarded;

use records::{Account, AccountCode, AccountUpdate, ImportSummary, ImportedBackup, KdfParams};
use secret_store::StoreArg;

type ImportFormat = PyEnum<ffi::ImportFormat>;
type ExportFormat = PyEnum<ffi::ExportFormat>;

/// A file path (`str` or `os.PathLike`) as the FFI's string.
fn path_text(path: PathBuf) -> PyResult<String> {
    path.into_os_string()
        .into_string()
        .map_err(|_| PyValueError::new_err("path is not valid UTF-8"))
}

fn secret_text(text: Option<String>) -> Option<ffi::SecretText> {
    text.map(ffi::SecretText::from)
}

/// The accounts of one store: the encrypted vault (``create_vault``/``open_vault``) or an
/// account file whose secrets live in a ``SecretStore`` (``with_secret_store``, ``in_memory``).
/// Opening and creating a vault, importing, exporting and changing the passphrase run Argon2id
/// or another key derivation: they are coroutines, with ``*_blocking`` twins.
#[pyclass(frozen, module = "otpkit")]
pub(crate) struct Accounts {
    inner: Arc<ffi::Accounts>,
    /// The time source given at construction (its Python errors surface from the call).
    time: TimeArg,
}

impl Accounts {
    fn new(inner: Arc<ffi::Accounts>, time: TimeArg) -> Self {
        Self { inner, time }
    }

    /// Runs `f` on the FFI object without the GIL; a Python time source's error wins.
    fn run<T: Send>(
        &self,
        py: Python<'_>,
        f: impl FnOnce(&ffi::Accounts) -> Result<T, ffi::OtpError> + Send,
    ) -> PyResult<T> {
        let inner = &self.inner;
        let result = py.detach(|| f(inner));
        self.time.checked(result.py())
    }
}

fn time_or_system(time: Option<TimeArg>) -> TimeArg {
    time.unwrap_or_else(TimeArg::system)
}

#[pymethods]
impl Accounts {
    /// Creates a new vault file at ``path`` (never replaces a file) protected by
    /// ``passphrase``. A coroutine (``otpkit/_storage.py`` makes it an ``async def``).
    #[staticmethod]
    #[pyo3(signature = (path, passphrase, kdf = None, time = None))]
    async fn create_vault(
        path: PathBuf,
        passphrase: String,
        kdf: Option<KdfParams>,
        time: Option<TimeArg>,
    ) -> PyResult<Accounts> {
        let path = path_text(path)?;
        let time = time_or_system(time);
        let inner = guarded(ffi::Accounts::create_vault(
            path,
            passphrase.into(),
            kdf.map(Into::into),
            Some(time.ffi()),
        ))
        .await;
        time.checked(inner.py()).map(|a| Accounts::new(a, time))
    }

    /// ``create_vault``, blocking the caller (without the GIL).
    #[staticmethod]
    #[pyo3(signature = (path, passphrase, kdf = None, time = None))]
    fn create_vault_blocking(
        py: Python<'_>,
        path: PathBuf,
        passphrase: String,
        kdf: Option<KdfParams>,
        time: Option<TimeArg>,
    ) -> PyResult<Accounts> {
        let path = path_text(path)?;
        let time = time_or_system(time);
        let source = time.ffi();
        let inner = py.detach(|| {
            ffi::Accounts::create_vault_blocking(
                path,
                passphrase.into(),
                kdf.map(Into::into),
                Some(source),
            )
        });
        time.checked(inner.py()).map(|a| Accounts::new(a, time))
    }

    /// Opens and unlocks the vault at ``path`` (takes its writer lock). A coroutine.
    #[staticmethod]
    #[pyo3(signature = (path, passphrase, time = None))]
    async fn open_vault(
        path: PathBuf,
        passphrase: String,
        time: Option<TimeArg>,
    ) -> PyResult<Accounts> {
        let path = path_text(path)?;
        let time = time_or_system(time);
        let inner = guarded(ffi::Accounts::open_vault(
            path,
            passphrase.into(),
            Some(time.ffi()),
        ))
        .await;
        time.checked(inner.py()).map(|a| Accounts::new(a, time))
    }

    /// ``open_vault``, blocking the caller (without the GIL).
    #[staticmethod]
    #[pyo3(signature = (path, passphrase, time = None))]
    fn open_vault_blocking(
        py: Python<'_>,
        path: PathBuf,
        passphrase: String,
        time: Option<TimeArg>,
    ) -> PyResult<Accounts> {
        let path = path_text(path)?;
        let time = time_or_system(time);
        let source = time.ffi();
        let inner =
            py.detach(|| ffi::Accounts::open_vault_blocking(path, passphrase.into(), Some(source)));
        time.checked(inner.py()).map(|a| Accounts::new(a, time))
    }

    /// Accounts whose metadata is the file at ``metadata_path`` (created if missing) and whose
    /// secrets live in ``store``.
    #[staticmethod]
    #[pyo3(signature = (store, metadata_path, time = None))]
    fn with_secret_store(
        py: Python<'_>,
        store: StoreArg,
        metadata_path: PathBuf,
        time: Option<TimeArg>,
    ) -> PyResult<Accounts> {
        let path = path_text(metadata_path)?;
        let time = time_or_system(time);
        let source = time.ffi();
        let inner = py.detach(|| ffi::Accounts::with_secret_store(store.0, path, Some(source)));
        time.checked(inner.py()).map(|a| Accounts::new(a, time))
    }

    /// Accounts kept in memory, secrets in ``store`` (tests, ephemeral sessions).
    #[staticmethod]
    #[pyo3(signature = (store, time = None))]
    fn in_memory(store: StoreArg, time: Option<TimeArg>) -> PyResult<Accounts> {
        let time = time_or_system(time);
        let inner = ffi::Accounts::in_memory(store.0, Some(time.ffi()));
        time.check()?;
        Ok(Accounts::new(inner, time))
    }

    /// Every account, in display order.
    fn list(&self, py: Python<'_>) -> PyResult<Vec<Account>> {
        self.run(py, |a| Ok(a.list().into_iter().map(Account).collect()))
    }

    /// The account with ``id``, if any.
    fn get(&self, py: Python<'_>, id: String) -> PyResult<Option<Account>> {
        self.run(py, |a| Ok(a.get(id).map(Account)))
    }

    /// The accounts a query names, in display order: None or blank lists every account;
    /// otherwise an id prefix or text in the issuer, label or ``issuer:label``
    /// (case-insensitive). No match is an empty list.
    #[pyo3(signature = (query = None))]
    fn search(&self, py: Python<'_>, query: Option<String>) -> PyResult<Vec<Account>> {
        self.run(py, |a| {
            Ok(a.search(query).into_iter().map(Account).collect())
        })
    }

    /// The one account a query names; ``OtpError.NotFound`` when none,
    /// ``OtpError.InvalidInput(ACCOUNT)`` naming the candidates when several match.
    fn find(&self, py: Python<'_>, query: String) -> PyResult<Account> {
        self.run(py, |a| a.find(query).map(Account))
    }

    /// Adds the account a parsed URI describes, with an optional note and groups.
    #[pyo3(signature = (account, note = None, groups = Vec::new()))]
    fn add(
        &self,
        py: Python<'_>,
        account: PyRef<'_, OtpAuthUri>,
        note: Option<String>,
        groups: Vec<String>,
    ) -> PyResult<Account> {
        let account = account.to_ffi();
        self.run(py, |a| a.add(account, note, groups).map(Account))
    }

    /// Adds the account an otpauth://, steam:// or motp:// URI describes.
    fn add_uri(&self, py: Python<'_>, uri: String) -> PyResult<Account> {
        let uri = ffi::SecretText::from(uri);
        self.run(py, |a| a.add_uri(uri).map(Account))
    }

    /// Adds an account from a secret and its parameters (manual entry).
    #[pyo3(signature = (secret, label, issuer = None, params = None))]
    fn add_secret(
        &self,
        py: Python<'_>,
        secret: PyRef<'_, Secret>,
        label: String,
        issuer: Option<String>,
        params: Option<OtpParams>,
    ) -> PyResult<Account> {
        let secret = secret.ffi();
        let params = params.map(Into::into);
        self.run(py, |a| {
            a.add_secret(secret, label, issuer, params).map(Account)
        })
    }

    /// Replaces the metadata of the account with ``id``.
    fn update(&self, py: Python<'_>, id: String, update: AccountUpdate) -> PyResult<Account> {
        self.run(py, |a| a.update(id, update.into()).map(Account))
    }

    /// Removes the account with ``id`` and its secret; returns the removed record.
    fn remove(&self, py: Python<'_>, id: String) -> PyResult<Account> {
        self.run(py, |a| a.remove(id).map(Account))
    }

    /// The account's codes now (time from the construction's time source). TOTP and the other
    /// time-based kinds: current and next. HOTP: None (use ``code``).
    fn snapshot(&self, py: Python<'_>, id: String) -> PyResult<AccountCode> {
        self.run(py, |a| a.snapshot(id).map(AccountCode))
    }

    /// Every account with its codes now, in display order (HOTP accounts without a code).
    fn snapshots(&self, py: Python<'_>) -> PyResult<Vec<AccountCode>> {
        self.run(py, |a| {
            Ok(a.snapshots()?.into_iter().map(AccountCode).collect())
        })
    }

    /// The code to show for the account: the current code for the time-based kinds; for HOTP
    /// the counter is advanced and saved FIRST, then the code of the value it had is returned
    /// (a counter value is never behind two shown codes; a failed save returns no code).
    fn code(&self, py: Python<'_>, id: String) -> PyResult<AccountCode> {
        self.run(py, |a| a.code(id).map(AccountCode))
    }

    /// The account as an otpauth URI record, with its secret as an object (for QR export).
    fn otp_auth_uri(&self, py: Python<'_>, id: String) -> PyResult<OtpAuthUri> {
        let uri = self.run(py, |a| a.otp_auth_uri(id))?;
        OtpAuthUri::from_ffi(py, uri)
    }

    /// Imports another app's backup with one save. ``password`` is needed for encrypted
    /// backups (``OtpError.Authentication(PASSWORD_REQUIRED)`` without one). A coroutine.
    #[pyo3(signature = (format, data, password = None))]
    async fn import_backup(
        &self,
        format: ImportFormat,
        data: PyBackedBytes,
        password: Option<String>,
    ) -> PyResult<ImportSummary> {
        let inner = self.inner.clone();
        let result =
            guarded(inner.import_backup(format.0, data.to_vec(), secret_text(password))).await;
        self.time.checked(result.py()).map(ImportSummary)
    }

    /// ``import_backup``, blocking the caller (without the GIL).
    #[pyo3(signature = (format, data, password = None))]
    fn import_backup_blocking(
        &self,
        py: Python<'_>,
        format: ImportFormat,
        data: PyBackedBytes,
        password: Option<String>,
    ) -> PyResult<ImportSummary> {
        let password = secret_text(password);
        self.run(py, |a| {
            a.import_backup_blocking(format.0, data.to_vec(), password)
                .map(ImportSummary)
        })
    }

    /// Exports every account (or only the one with id ``only``). ``password`` encrypts an
    /// Aegis export; for other formats it is refused. Plain exports hold the secrets in clear
    /// text. A coroutine.
    #[pyo3(signature = (format, only = None, password = None))]
    async fn export(
        &self,
        format: ExportFormat,
        only: Option<String>,
        password: Option<String>,
    ) -> PyResult<String> {
        let inner = self.inner.clone();
        let result = guarded(inner.export(format.0, only, secret_text(password))).await;
        self.time.checked(result.py())
    }

    /// ``export``, blocking the caller (without the GIL).
    #[pyo3(signature = (format, only = None, password = None))]
    fn export_blocking(
        &self,
        py: Python<'_>,
        format: ExportFormat,
        only: Option<String>,
        password: Option<String>,
    ) -> PyResult<String> {
        let password = secret_text(password);
        self.run(py, |a| a.export_blocking(format.0, only, password))
    }

    /// Replaces the vault passphrase (``OtpError.Storage(UNSUPPORTED)`` for a secret-store
    /// account file). A coroutine.
    #[pyo3(signature = (new_passphrase, kdf = None))]
    async fn change_passphrase(
        &self,
        new_passphrase: String,
        kdf: Option<KdfParams>,
    ) -> PyResult<()> {
        let inner = self.inner.clone();
        let result =
            guarded(inner.change_passphrase(new_passphrase.into(), kdf.map(Into::into))).await;
        self.time.checked(result.py())
    }

    /// ``change_passphrase``, blocking the caller (without the GIL).
    #[pyo3(signature = (new_passphrase, kdf = None))]
    fn change_passphrase_blocking(
        &self,
        py: Python<'_>,
        new_passphrase: String,
        kdf: Option<KdfParams>,
    ) -> PyResult<()> {
        let new_passphrase = ffi::SecretText::from(new_passphrase);
        self.run(py, |a| {
            a.change_passphrase_blocking(new_passphrase, kdf.map(Into::into))
        })
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        let inner = &self.inner;
        py.detach(|| format!("{inner:?}"))
    }
}

/// Reads another app's backup without storing it. A coroutine.
#[pyfunction]
#[pyo3(signature = (format, data, password = None))]
async fn read_backup(
    format: ImportFormat,
    data: PyBackedBytes,
    password: Option<String>,
) -> PyResult<ImportedBackup> {
    guarded(ffi::read_backup(
        format.0,
        data.to_vec(),
        secret_text(password),
    ))
    .await
    .py()
    .map(ImportedBackup)
}

/// ``read_backup``, blocking the caller (without the GIL).
#[pyfunction]
#[pyo3(signature = (format, data, password = None))]
fn read_backup_blocking(
    py: Python<'_>,
    format: ImportFormat,
    data: PyBackedBytes,
    password: Option<String>,
) -> PyResult<ImportedBackup> {
    let password = secret_text(password);
    py.detach(|| ffi::read_backup_blocking(format.0, data.to_vec(), password))
        .py()
        .map(ImportedBackup)
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    records::register(m)?;
    secret_store::register(m)?;
    m.add_class::<Accounts>()?;
    m.add_function(wrap_pyfunction!(read_backup, m)?)?;
    m.add_function(wrap_pyfunction!(read_backup_blocking, m)?)?;
    Ok(())
}
