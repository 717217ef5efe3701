//! Storage records and enums: `ImportFormat`, `ExportFormat` (Python `enum.Enum`s), `KdfParams`,
//! `AccountUpdate` (built by Python code), and the results `Account`, `AccountCode`,
//! `ImportFailure`, `ImportSummary`, `ImportedBackup`.
//!
//! A result record keeps the FFI record it came from (so `==` is the FFI's, constant-time for
//! secrets and codes) and builds the Python objects of its fields on access. `repr` is
//! dataclass-like; it shows secrets, PINs and codes only in their redacted forms.

use crate::codes::{CodeSnapshot, OtpParams};
use crate::enums::{py_enum, PyEnum};
use crate::uri::{OtpAuthUri, UriWarning};
use otpkit_ffi as ffi;
use pyo3::prelude::*;
use pyo3::types::PyList;
use pyo3::BoundObject;

py_enum!(ImportFormat: ffi::ImportFormat {
    Auto => "AUTO",
    Otpauth => "OTPAUTH",
    Google => "GOOGLE",
    Aegis => "AEGIS",
    TwoFas => "TWO_FAS",
    Ente => "ENTE",
    Proton => "PROTON",
    AndOtp => "AND_OTP",
    FreeOtpPlus => "FREE_OTP_PLUS",
    FreeOtp => "FREE_OTP",
    Bitwarden => "BITWARDEN",
    Authy => "AUTHY",
    Stratum => "STRATUM",
    Steam => "STEAM",
    LastPass => "LAST_PASS",
    ProtonPass => "PROTON_PASS",
});

py_enum!(ExportFormat: ffi::ExportFormat {
    Otpauth => "OTPAUTH",
    Google => "GOOGLE",
    Aegis => "AEGIS",
});

/// `repr()` of a Python value (for the dataclass-like `repr` of records).
fn repr_of<'py>(py: Python<'py>, value: impl IntoPyObject<'py>) -> PyResult<String> {
    let value = value
        .into_pyobject(py)
        .map_err(Into::into)?
        .into_any()
        .unbind();
    Ok(value.bind(py).repr()?.to_string())
}

/// Argon2id cost of a vault passphrase (defaults: 64 MiB, 3 passes, 1 lane — about a quarter to
/// half a second on a current phone). The values are checked where they are used.
#[pyclass(frozen, eq, hash, get_all, from_py_object, module = "otpkit")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct KdfParams {
    pub(crate) memory_kib: i32,
    pub(crate) iterations: i32,
    pub(crate) parallelism: i32,
}

#[pymethods]
impl KdfParams {
    #[new]
    #[pyo3(signature = (*, memory_kib = 65536, iterations = 3, parallelism = 1))]
    fn new(memory_kib: i32, iterations: i32, parallelism: i32) -> Self {
        Self {
            memory_kib,
            iterations,
            parallelism,
        }
    }

    fn __repr__(&self) -> String {
        format!(
            "KdfParams(memory_kib={}, iterations={}, parallelism={})",
            self.memory_kib, self.iterations, self.parallelism
        )
    }
}

impl From<KdfParams> for ffi::KdfParams {
    fn from(p: KdfParams) -> Self {
        Self {
            memory_kib: p.memory_kib,
            iterations: p.iterations,
            parallelism: p.parallelism,
        }
    }
}

/// New metadata for an account (``Accounts.update``); the secret and kind do not change here.
#[pyclass(frozen, eq, get_all, from_py_object, module = "otpkit")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AccountUpdate {
    pub(crate) label: String,
    pub(crate) issuer: Option<String>,
    pub(crate) note: Option<String>,
    pub(crate) icon: Option<String>,
    pub(crate) groups: Vec<String>,
}

#[pymethods]
impl AccountUpdate {
    #[new]
    #[pyo3(signature = (*, label, issuer = None, note = None, icon = None, groups = Vec::new()))]
    fn new(
        label: String,
        issuer: Option<String>,
        note: Option<String>,
        icon: Option<String>,
        groups: Vec<String>,
    ) -> Self {
        Self {
            label,
            issuer,
            note,
            icon,
            groups,
        }
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "AccountUpdate(label={}, issuer={}, note={}, icon={}, groups={})",
            repr_of(py, &self.label)?,
            repr_of(py, &self.issuer)?,
            repr_of(py, &self.note)?,
            icon_repr(py, self.icon.as_deref())?,
            repr_of(py, &self.groups)?,
        ))
    }
}

impl From<AccountUpdate> for ffi::AccountUpdate {
    fn from(u: AccountUpdate) -> Self {
        Self {
            label: u.label,
            issuer: u.issuer,
            note: u.note,
            icon: u.icon,
            groups: u.groups,
        }
    }
}

/// One stored account (metadata only: the secret stays in the store).
#[pyclass(frozen, eq, module = "otpkit")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Account(pub(crate) ffi::Account);

#[pymethods]
impl Account {
    /// Normally made by ``Accounts``; constructible for tests and fakes.
    #[new]
    #[pyo3(signature = (*, id, label, params, created, updated, issuer = None, note = None,
                        icon = None, groups = Vec::new(), warnings = Vec::new()))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        id: String,
        label: String,
        params: OtpParams,
        created: i64,
        updated: i64,
        issuer: Option<String>,
        note: Option<String>,
        icon: Option<String>,
        groups: Vec<String>,
        warnings: Vec<UriWarning>,
    ) -> Self {
        Self(ffi::Account {
            id,
            issuer,
            label,
            params: params.into(),
            note,
            icon,
            groups,
            created,
            updated,
            warnings: warnings.into_iter().map(Into::into).collect(),
        })
    }

    #[getter]
    fn id(&self) -> &str {
        &self.0.id
    }
    #[getter]
    fn issuer(&self) -> Option<&str> {
        self.0.issuer.as_deref()
    }
    #[getter]
    fn label(&self) -> &str {
        &self.0.label
    }
    #[getter]
    fn params(&self) -> OtpParams {
        self.0.params.into()
    }
    #[getter]
    fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }
    #[getter]
    fn icon(&self) -> Option<&str> {
        self.0.icon.as_deref()
    }
    #[getter]
    fn groups(&self) -> Vec<String> {
        self.0.groups.clone()
    }
    /// Unix seconds when created.
    #[getter]
    fn created(&self) -> i64 {
        self.0.created
    }
    /// Unix seconds of the last change.
    #[getter]
    fn updated(&self) -> i64 {
        self.0.updated
    }
    /// Findings recorded when the account was added.
    #[getter]
    fn warnings<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        warnings(py, &self.0.warnings)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let a = &self.0;
        Ok(format!(
            "Account(id={}, issuer={}, label={}, params={}, note={}, icon={}, groups={}, \
             created={}, updated={}, warnings={})",
            repr_of(py, &a.id)?,
            repr_of(py, &a.issuer)?,
            repr_of(py, &a.label)?,
            repr_of(py, self.params())?,
            repr_of(py, &a.note)?,
            icon_repr(py, a.icon.as_deref())?,
            repr_of(py, &a.groups)?,
            a.created,
            a.updated,
            repr_of(py, self.warnings(py)?)?,
        ))
    }
}

/// An icon is often a data: URI of many kilobytes: `repr` shows its start and length.
fn icon_repr(py: Python<'_>, icon: Option<&str>) -> PyResult<String> {
    const SHOWN: usize = 40;
    match icon {
        Some(i) if i.chars().count() > SHOWN => {
            let start: String = i.chars().take(SHOWN).collect();
            Ok(format!(
                "{}…({} chars)",
                repr_of(py, start)?,
                i.chars().count()
            ))
        }
        other => repr_of(py, other),
    }
}

fn warnings<'py>(py: Python<'py>, w: &[ffi::UriWarning]) -> PyResult<Bound<'py, PyList>> {
    PyList::new(py, w.iter().cloned().map(UriWarning::from))
}

fn accounts<'py>(py: Python<'py>, a: &[ffi::Account]) -> PyResult<Bound<'py, PyList>> {
    PyList::new(py, a.iter().cloned().map(Account))
}

/// An account and its codes now. ``code`` is None for an HOTP account in a listing (a code
/// would use up a counter: ask ``Accounts.code``).
#[pyclass(frozen, eq, module = "otpkit")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AccountCode(pub(crate) ffi::AccountCode);

#[pymethods]
impl AccountCode {
    #[new]
    #[pyo3(signature = (*, account, code = None))]
    fn new(account: PyRef<'_, Account>, code: Option<PyRef<'_, CodeSnapshot>>) -> Self {
        Self(ffi::AccountCode {
            account: account.0.clone(),
            code: code.map(|c| c.to_ffi()),
        })
    }

    #[getter]
    fn account(&self) -> Account {
        Account(self.0.account.clone())
    }
    #[getter]
    fn code(&self, py: Python<'_>) -> PyResult<Option<CodeSnapshot>> {
        self.0
            .code
            .clone()
            .map(|c| CodeSnapshot::from_ffi(py, c))
            .transpose()
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "AccountCode(account={}, code={})",
            self.account().__repr__(py)?,
            repr_of(py, self.code(py)?)?
        ))
    }
}

/// An entry of a backup that was not imported, and why.
#[pyclass(frozen, eq, get_all, module = "otpkit")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ImportFailure {
    /// 0-based position in the source (entry index, or line for line-based formats), or among
    /// the readable accounts for duplicates and refusals.
    pub(crate) index: i32,
    /// ``issuer: account`` when it could be read. Never the secret.
    pub(crate) name: Option<String>,
    pub(crate) reason: String,
}

#[pymethods]
impl ImportFailure {
    #[new]
    #[pyo3(signature = (*, index, name, reason))]
    fn new(index: i32, name: Option<String>, reason: String) -> Self {
        Self {
            index,
            name,
            reason,
        }
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "ImportFailure(index={}, name={}, reason={})",
            self.index,
            repr_of(py, &self.name)?,
            repr_of(py, &self.reason)?,
        ))
    }
}

fn failures<'py>(py: Python<'py>, f: &[ffi::ImportFailure]) -> PyResult<Bound<'py, PyList>> {
    PyList::new(
        py,
        f.iter().map(|f| ImportFailure {
            index: f.index,
            name: f.name.clone(),
            reason: f.reason.clone(),
        }),
    )
}

/// What importing a backup did. The import is one save: every importable account was stored,
/// or (on an error) none.
#[pyclass(frozen, eq, module = "otpkit")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ImportSummary(pub(crate) ffi::ImportSummary);

fn ffi_failures(f: Vec<PyRef<'_, ImportFailure>>) -> Vec<ffi::ImportFailure> {
    f.iter()
        .map(|f| ffi::ImportFailure {
            index: f.index,
            name: f.name.clone(),
            reason: f.reason.clone(),
        })
        .collect()
}

#[pymethods]
impl ImportSummary {
    #[new]
    #[pyo3(signature = (*, format, added = Vec::new(), duplicates = Vec::new(),
                        unreadable = Vec::new(), refused = Vec::new()))]
    fn new(
        format: PyEnum<ffi::ImportFormat>,
        added: Vec<PyRef<'_, Account>>,
        duplicates: Vec<PyRef<'_, ImportFailure>>,
        unreadable: Vec<PyRef<'_, ImportFailure>>,
        refused: Vec<PyRef<'_, ImportFailure>>,
    ) -> Self {
        Self(ffi::ImportSummary {
            format: format.0,
            added: added.iter().map(|a| a.0.clone()).collect(),
            duplicates: ffi_failures(duplicates),
            unreadable: ffi_failures(unreadable),
            refused: ffi_failures(refused),
        })
    }

    #[getter]
    fn format(&self) -> PyEnum<ffi::ImportFormat> {
        PyEnum(self.0.format)
    }
    /// The accounts stored, in backup order.
    #[getter]
    fn added<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        accounts(py, &self.0.added)
    }
    /// Entries identical to an account already stored: skipped.
    #[getter]
    fn duplicates<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        failures(py, &self.0.duplicates)
    }
    /// Entries that could not be read from the backup.
    #[getter]
    fn unreadable<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        failures(py, &self.0.unreadable)
    }
    /// Entries the store refused.
    #[getter]
    fn refused<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        failures(py, &self.0.refused)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "ImportSummary(format={}, added={}, duplicates={}, unreadable={}, refused={})",
            repr_of(py, self.format())?,
            repr_of(py, self.added(py)?)?,
            repr_of(py, self.duplicates(py)?)?,
            repr_of(py, self.unreadable(py)?)?,
            repr_of(py, self.refused(py)?)?,
        ))
    }
}

/// A backup read without storing it: its accounts (with their secrets as objects) and the
/// entries that could not be read.
#[pyclass(frozen, eq, module = "otpkit")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ImportedBackup(pub(crate) ffi::ImportedBackup);

#[pymethods]
impl ImportedBackup {
    #[new]
    #[pyo3(signature = (*, format, accounts = Vec::new(), unreadable = Vec::new()))]
    fn new(
        format: PyEnum<ffi::ImportFormat>,
        accounts: Vec<PyRef<'_, OtpAuthUri>>,
        unreadable: Vec<PyRef<'_, ImportFailure>>,
    ) -> Self {
        Self(ffi::ImportedBackup {
            format: format.0,
            accounts: accounts.iter().map(|a| a.to_ffi()).collect(),
            unreadable: ffi_failures(unreadable),
        })
    }

    #[getter]
    fn format(&self) -> PyEnum<ffi::ImportFormat> {
        PyEnum(self.0.format)
    }
    #[getter]
    fn accounts<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let uris = self
            .0
            .accounts
            .iter()
            .map(|u| OtpAuthUri::from_ffi(py, u.clone()))
            .collect::<PyResult<Vec<_>>>()?;
        PyList::new(py, uris)
    }
    #[getter]
    fn unreadable<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        failures(py, &self.0.unreadable)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "ImportedBackup(format={}, accounts={}, unreadable={})",
            repr_of(py, self.format())?,
            repr_of(py, self.accounts(py)?)?,
            repr_of(py, self.unreadable(py)?)?,
        ))
    }
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<KdfParams>()?;
    m.add_class::<AccountUpdate>()?;
    m.add_class::<Account>()?;
    m.add_class::<AccountCode>()?;
    m.add_class::<ImportFailure>()?;
    m.add_class::<ImportSummary>()?;
    m.add_class::<ImportedBackup>()?;
    Ok(())
}
