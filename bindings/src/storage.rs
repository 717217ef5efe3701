//! Storage and imports: the encrypted [`OtpVault`], the [`OtpAccountStore`] over a foreign
//! [`SecretStore`] (Android Keystore, iOS Keychain…), backup imports and exports.

use crate::clock::{Clock, CoreClock};
use crate::error::OtpError;
use crate::secret_text::SecretText;
use crate::types::{CodeSnapshot, OtpAccount, OtpParameters};
use otpkit::import::{self, ImportFormat, ImportReport, ImportedAccount};
use otpkit::storage::{
    self, Account, AccountStore, KdfParams, NewAccount, StoreImport, Unlock, Vault,
};
use otpkit::{Generator, OtpAuthUri, Secret};
use std::sync::Arc;

/// Error a foreign [`SecretStore`] raises; the core sees it as a storage backend failure.
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum SecretStoreError {
    /// The backend failed (keystore locked, I/O error, …). `reason` must not contain secrets.
    #[error("{reason}")]
    Backend { reason: String },
}

impl From<uniffi::UnexpectedUniFFICallbackError> for SecretStoreError {
    fn from(e: uniffi::UnexpectedUniFFICallbackError) -> Self {
        SecretStoreError::Backend { reason: e.reason }
    }
}

/// A place that keeps secrets (raw bytes) by id; implement it in Kotlin/Swift/Python.
///
/// `put` inserts or replaces and is durable when it returns; `get` of an unknown id returns
/// null; `delete` of an unknown id succeeds; `list_ids` returns every id `get` would find.
#[uniffi::export(with_foreign)]
pub trait SecretStore: Send + Sync {
    /// Stores `secret` under `id`, replacing any previous one.
    fn put(&self, id: String, secret: Vec<u8>) -> Result<(), SecretStoreError>;
    /// The secret stored under `id`, if any.
    fn get(&self, id: String) -> Result<Option<Vec<u8>>, SecretStoreError>;
    /// Removes the secret stored under `id`; succeeds when there is none.
    fn delete(&self, id: String) -> Result<(), SecretStoreError>;
    /// Ids of all stored secrets.
    fn list_ids(&self) -> Result<Vec<String>, SecretStoreError>;
}

fn backend(e: impl std::fmt::Display) -> SecretStoreError {
    SecretStoreError::Backend {
        reason: e.to_string(),
    }
}

/// The core's in-memory store as an FFI [`SecretStore`].
struct MemoryStore(storage::MemorySecretStore);

impl SecretStore for MemoryStore {
    fn put(&self, id: String, secret: Vec<u8>) -> Result<(), SecretStoreError> {
        let secret = Secret::from_bytes(secret).map_err(backend)?;
        storage::SecretStore::put(&self.0, &id, &secret).map_err(backend)
    }
    fn get(&self, id: String) -> Result<Option<Vec<u8>>, SecretStoreError> {
        Ok(storage::SecretStore::get(&self.0, &id)
            .map_err(backend)?
            .map(|s| s.as_bytes().to_vec()))
    }
    fn delete(&self, id: String) -> Result<(), SecretStoreError> {
        storage::SecretStore::delete(&self.0, &id).map_err(backend)
    }
    fn list_ids(&self) -> Result<Vec<String>, SecretStoreError> {
        storage::SecretStore::list_ids(&self.0).map_err(backend)
    }
}

/// A secret store in process memory (tests, ephemeral sessions).
#[uniffi::export]
pub fn memory_secret_store() -> Arc<dyn SecretStore> {
    Arc::new(MemoryStore(storage::MemorySecretStore::new()))
}

/// Adapts an FFI secret store to the core's trait; foreign errors become `StoreError::Backend`.
struct CoreSecretStore(Arc<dyn SecretStore>);

fn core_backend(e: impl std::fmt::Display) -> storage::StoreError {
    storage::StoreError::Backend {
        reason: e.to_string(),
    }
}

impl storage::SecretStore for CoreSecretStore {
    fn put(&self, id: &str, secret: &Secret) -> Result<(), storage::StoreError> {
        storage::validate_id(id)?;
        storage::refuse_pin(secret, "a foreign secret store")?;
        self.0
            .put(id.to_owned(), secret.as_bytes().to_vec())
            .map_err(core_backend)
    }
    fn get(&self, id: &str) -> Result<Option<Secret>, storage::StoreError> {
        match self.0.get(id.to_owned()).map_err(core_backend)? {
            None => Ok(None),
            Some(bytes) => Secret::from_bytes(bytes).map(Some).map_err(core_backend),
        }
    }
    fn delete(&self, id: &str) -> Result<(), storage::StoreError> {
        self.0.delete(id.to_owned()).map_err(core_backend)
    }
    fn list_ids(&self) -> Result<Vec<String>, storage::StoreError> {
        self.0.list_ids().map_err(core_backend)
    }
}

/// One stored account's metadata (the secret is kept apart under the same `id`).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct AccountRecord {
    pub id: String,
    pub issuer: Option<String>,
    pub label: String,
    pub params: OtpParameters,
    pub note: Option<String>,
    pub icon: Option<String>,
    pub groups: Vec<String>,
    /// Unix seconds when created.
    pub created: u64,
    /// Unix seconds of the last change.
    pub updated: u64,
    /// Machine-readable findings recorded when the account was added, such as
    /// `secret_trailing_bits` (the base32 secret's last bits did not fill a byte and were dropped).
    pub warnings: Vec<String>,
}

impl From<Account> for AccountRecord {
    fn from(a: Account) -> Self {
        AccountRecord {
            id: a.id,
            issuer: a.issuer,
            label: a.label,
            params: a.params.into(),
            note: a.note,
            icon: a.icon,
            groups: a.groups,
            created: a.created,
            updated: a.updated,
            warnings: a.warnings,
        }
    }
}

/// An entry of a backup that could not be imported.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ImportFailureRecord {
    /// 0-based position in the source (entry index, or line number for line-based formats).
    pub index: u32,
    /// `issuer: account` when it could be read. Never the secret.
    pub name: Option<String>,
    pub reason: String,
}

/// What an import into a store did. The import is one save: either every importable account
/// was stored, or (on an error) none.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ImportSummary {
    pub imported: u32,
    /// Entries identical to an account already stored (or to an earlier entry): skipped.
    pub duplicates: u32,
    /// Entries that could not be read from the backup (index = position in the source), then
    /// entries the store refused (index = position among the backup's readable accounts).
    pub failures: Vec<ImportFailureRecord>,
}

/// The accounts read from a backup, and the entries that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ImportedBackup {
    pub accounts: Vec<OtpAccount>,
    pub failures: Vec<ImportFailureRecord>,
}

fn clamp_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn parse_format(format: &str) -> Result<ImportFormat, OtpError> {
    format
        .parse::<ImportFormat>()
        .map_err(|e| OtpError::ImportFailed(e.to_string()))
}

fn read_backup(
    format: &str,
    data: &[u8],
    password: Option<&str>,
) -> Result<ImportReport, OtpError> {
    Ok(import::import(parse_format(format)?, data, password)?)
}

fn failure_records(failures: &[import::ImportFailure]) -> Vec<ImportFailureRecord> {
    failures
        .iter()
        .map(|f| ImportFailureRecord {
            index: clamp_u32(f.index),
            name: f.name.clone(),
            reason: f.reason.clone(),
        })
        .collect()
}

/// Imports a backup of another app: `format` is a name `ImportFormat` parses (`otpauth`,
/// `google`, `aegis`, `2fas`, `ente`, `proton`, `andotp`, `freeotp-plus`, `freeotp`,
/// `bitwarden`, `authy`, `stratum`, `steam`, `lastpass`, `proton-pass`); `password` is needed
/// for encrypted files and ignored otherwise.
#[uniffi::export]
pub fn import_backup(
    format: String,
    data: Vec<u8>,
    password: Option<SecretText>,
) -> Result<ImportedBackup, OtpError> {
    let report = read_backup(&format, &data, password.as_deref())?;
    Ok(ImportedBackup {
        accounts: report.accounts.iter().map(|a| (&a.uri).into()).collect(),
        failures: failure_records(&report.failures),
    })
}

fn to_imported(accounts: &[OtpAccount]) -> Result<Vec<ImportedAccount>, OtpError> {
    accounts
        .iter()
        .map(|a| Ok(ImportedAccount::new(OtpAuthUri::try_from(a)?)))
        .collect()
}

/// One otpauth URI per line (contains the secrets in clear text).
#[uniffi::export]
pub fn export_otpauth_list(accounts: Vec<OtpAccount>) -> Result<String, OtpError> {
    Ok(import::export_otpauth_list(&to_imported(&accounts)?))
}

/// An Aegis vault JSON, encrypted when `password` is given (plain JSON holds the secrets in
/// clear text).
#[uniffi::export]
pub fn export_aegis(
    accounts: Vec<OtpAccount>,
    password: Option<SecretText>,
) -> Result<String, OtpError> {
    Ok(import::export_aegis(
        &to_imported(&accounts)?,
        password.as_deref(),
    )?)
}

/// Reads a backup and hands its accounts to the store's one import operation.
fn import_into(
    format: &str,
    data: &[u8],
    password: Option<&str>,
    import: impl FnOnce(&[ImportedAccount]) -> Result<StoreImport, storage::StoreError>,
) -> Result<ImportSummary, OtpError> {
    let report = read_backup(format, data, password)?;
    let outcome = import(&report.accounts)?;
    let mut failures = failure_records(&report.failures);
    failures.extend(failure_records(&outcome.refused));
    Ok(ImportSummary {
        imported: clamp_u32(outcome.added.len()),
        duplicates: clamp_u32(outcome.duplicates.len()),
        failures,
    })
}

fn new_account(
    issuer: Option<String>,
    label: String,
    params: &OtpParameters,
    note: Option<String>,
    icon: Option<String>,
    groups: Vec<String>,
) -> NewAccount {
    NewAccount {
        issuer,
        label,
        params: params.into(),
        note,
        icon,
        groups,
    }
}

fn snapshot_of(
    id: &str,
    account: Option<Account>,
    secret: Option<Secret>,
    unix: u64,
) -> Result<CodeSnapshot, OtpError> {
    let not_found = || OtpError::AccountNotFound(format!("no account with id {id:?}"));
    let account = account.ok_or_else(not_found)?;
    let secret = secret.ok_or_else(|| {
        OtpError::StorageFailed(format!("the secret of account {id:?} is missing"))
    })?;
    Ok(Generator::new(&secret, account.params)?
        .snapshot_at(unix)
        .into())
}

fn export_with(
    accounts: Vec<Account>,
    secret: impl Fn(&str) -> Result<Option<Secret>, storage::StoreError>,
) -> Result<Vec<ImportedAccount>, OtpError> {
    accounts
        .iter()
        .map(|a| {
            let s = secret(&a.id)?.ok_or_else(|| {
                OtpError::StorageFailed(format!("the secret of account {:?} is missing", a.id))
            })?;
            Ok(a.to_imported(&s))
        })
        .collect()
}

/// An encrypted vault file (Argon2id + XChaCha20-Poly1305) holding accounts and secrets,
/// unlocked by a passphrase or by a key kept in a [`SecretStore`]. Holds the file's writer lock
/// while open.
#[derive(uniffi::Object)]
pub struct OtpVault {
    inner: Vault,
    clock: Arc<dyn Clock>,
}

impl std::fmt::Debug for OtpVault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.inner.fmt(f)
    }
}

fn core_clock(clock: &Arc<dyn Clock>) -> Arc<dyn otpkit::Clock> {
    Arc::new(CoreClock(clock.clone()))
}

#[uniffi::export]
impl OtpVault {
    /// Creates a new vault at `path` (refuses to overwrite a file) protected by `passphrase`.
    #[uniffi::constructor]
    pub fn create(
        path: String,
        passphrase: SecretText,
        clock: Arc<dyn Clock>,
    ) -> Result<Arc<Self>, OtpError> {
        let inner = Vault::create(&path, &passphrase, KdfParams::default(), core_clock(&clock))?;
        Ok(Arc::new(Self { inner, clock }))
    }

    /// Opens the vault at `path` with its passphrase.
    #[uniffi::constructor]
    pub fn open(
        path: String,
        passphrase: SecretText,
        clock: Arc<dyn Clock>,
    ) -> Result<Arc<Self>, OtpError> {
        let inner = Vault::open(&path, Unlock::Passphrase(&passphrase), core_clock(&clock))?;
        Ok(Arc::new(Self { inner, clock }))
    }

    /// Opens the vault at `path` with the key that [`OtpVault::enroll_key`] put in `store`
    /// under `entry`.
    #[uniffi::constructor]
    pub fn open_with_key_store(
        path: String,
        store: Arc<dyn SecretStore>,
        entry: String,
        clock: Arc<dyn Clock>,
    ) -> Result<Arc<Self>, OtpError> {
        let inner =
            Vault::open_with_store(&path, &CoreSecretStore(store), &entry, core_clock(&clock))?;
        Ok(Arc::new(Self { inner, clock }))
    }

    /// All accounts, in the order they were added.
    pub fn list(&self) -> Vec<AccountRecord> {
        self.inner.list().into_iter().map(Into::into).collect()
    }

    /// The account with `id`, if any.
    pub fn get(&self, id: String) -> Option<AccountRecord> {
        self.inner.get(&id).map(Into::into)
    }

    /// The account's secret as base32, if any (handle with care).
    pub fn secret(&self, id: String) -> Option<SecretText> {
        self.inner.secret(&id).map(|s| s.to_base32().into())
    }

    /// Adds an account from an otpauth:// or steam:// URI.
    pub fn add_uri(&self, uri: SecretText) -> Result<AccountRecord, OtpError> {
        let uri = OtpAuthUri::parse(&uri)?;
        Ok(self
            .inner
            .add(NewAccount::from_uri(&uri), &uri.secret)?
            .into())
    }

    /// Adds an account with a base32 secret.
    #[allow(clippy::too_many_arguments)]
    pub fn add(
        &self,
        issuer: Option<String>,
        label: String,
        params: OtpParameters,
        note: Option<String>,
        icon: Option<String>,
        groups: Vec<String>,
        secret: SecretText,
    ) -> Result<AccountRecord, OtpError> {
        let secret = Secret::from_base32(&secret)?;
        let new = new_account(issuer, label, &params, note, icon, groups);
        Ok(self.inner.add(new, &secret)?.into())
    }

    /// Removes an account and its secret; returns the removed record.
    pub fn remove(&self, id: String) -> Result<AccountRecord, OtpError> {
        Ok(self.inner.remove(&id)?.into())
    }

    /// Advances an HOTP account's counter; returns the new value.
    pub fn bump_counter(&self, id: String) -> Result<u64, OtpError> {
        Ok(self.inner.bump_counter(&id)?)
    }

    /// Current and next code of an account, with the vault's clock.
    pub fn snapshot(&self, id: String) -> Result<CodeSnapshot, OtpError> {
        self.snapshot_at(id.clone(), self.clock.now_unix())
    }

    /// Current and next code of an account at `unix_time`.
    pub fn snapshot_at(&self, id: String, unix_time: u64) -> Result<CodeSnapshot, OtpError> {
        snapshot_of(&id, self.inner.get(&id), self.inner.secret(&id), unix_time)
    }

    /// Replaces the passphrase (other key slots stay valid). Re-authenticate the user first.
    pub fn change_passphrase(&self, new_passphrase: SecretText) -> Result<(), OtpError> {
        Ok(self
            .inner
            .change_passphrase(&new_passphrase, KdfParams::default())?)
    }

    /// Generates a vault key, stores it in `store` under `entry` and adds a key slot for it, so
    /// [`OtpVault::open_with_key_store`] opens the vault without the passphrase. Returns the
    /// slot id.
    pub fn enroll_key(
        &self,
        store: Arc<dyn SecretStore>,
        entry: String,
    ) -> Result<String, OtpError> {
        Ok(self.inner.enroll_key(&CoreSecretStore(store), &entry)?)
    }

    /// Every account as otpauth URIs, one per line (secrets in clear text).
    pub fn export_otpauth(&self) -> Result<String, OtpError> {
        let accounts = export_with(self.inner.list(), |id| Ok(self.inner.secret(id)))?;
        Ok(import::export_otpauth_list(&accounts))
    }

    /// Every account as an Aegis vault JSON, encrypted when `password` is given.
    pub fn export_aegis(&self, password: Option<SecretText>) -> Result<String, OtpError> {
        let accounts = export_with(self.inner.list(), |id| Ok(self.inner.secret(id)))?;
        Ok(import::export_aegis(&accounts, password.as_deref())?)
    }

    /// Imports another app's backup (see [`import_backup`]) into this vault.
    pub fn import_backup(
        &self,
        format: String,
        data: Vec<u8>,
        password: Option<SecretText>,
    ) -> Result<ImportSummary, OtpError> {
        import_into(&format, &data, password.as_deref(), |accounts| {
            self.inner.import(accounts)
        })
    }
}

/// Account metadata in a JSON file (or in memory) with the secrets in a [`SecretStore`]: how an
/// Android Keystore or iOS Keychain store plugs in. The metadata file is not encrypted.
#[derive(uniffi::Object)]
pub struct OtpAccountStore {
    inner: AccountStore,
    clock: Arc<dyn Clock>,
}

impl std::fmt::Debug for OtpAccountStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.inner.fmt(f)
    }
}

#[uniffi::export]
impl OtpAccountStore {
    /// Opens (or creates) the metadata file at `path`; secrets go to `store`.
    #[uniffi::constructor]
    pub fn open(
        path: String,
        store: Arc<dyn SecretStore>,
        clock: Arc<dyn Clock>,
    ) -> Result<Arc<Self>, OtpError> {
        let secrets: Arc<dyn storage::SecretStore> = Arc::new(CoreSecretStore(store));
        let inner = AccountStore::open(&path, secrets, core_clock(&clock))?;
        Ok(Arc::new(Self { inner, clock }))
    }

    /// A store whose metadata lives only in memory; secrets go to `store`.
    #[uniffi::constructor]
    pub fn in_memory(store: Arc<dyn SecretStore>, clock: Arc<dyn Clock>) -> Arc<Self> {
        let secrets: Arc<dyn storage::SecretStore> = Arc::new(CoreSecretStore(store));
        let inner = AccountStore::in_memory(secrets, core_clock(&clock));
        Arc::new(Self { inner, clock })
    }

    /// All accounts, in the order they were added.
    pub fn list(&self) -> Vec<AccountRecord> {
        self.inner.list().into_iter().map(Into::into).collect()
    }

    /// The account with `id`, if any.
    pub fn get(&self, id: String) -> Option<AccountRecord> {
        self.inner.get(&id).map(Into::into)
    }

    /// The account's secret as base32, if the store has it (handle with care).
    pub fn secret(&self, id: String) -> Result<Option<SecretText>, OtpError> {
        Ok(self.inner.secret(&id)?.map(|s| s.to_base32().into()))
    }

    /// Adds an account from an otpauth:// or steam:// URI.
    pub fn add_uri(&self, uri: SecretText) -> Result<AccountRecord, OtpError> {
        let uri = OtpAuthUri::parse(&uri)?;
        Ok(self
            .inner
            .add(NewAccount::from_uri(&uri), &uri.secret)?
            .into())
    }

    /// Adds an account with a base32 secret.
    #[allow(clippy::too_many_arguments)]
    pub fn add(
        &self,
        issuer: Option<String>,
        label: String,
        params: OtpParameters,
        note: Option<String>,
        icon: Option<String>,
        groups: Vec<String>,
        secret: SecretText,
    ) -> Result<AccountRecord, OtpError> {
        let secret = Secret::from_base32(&secret)?;
        let new = new_account(issuer, label, &params, note, icon, groups);
        Ok(self.inner.add(new, &secret)?.into())
    }

    /// Removes an account (metadata, then secret); returns the removed record.
    pub fn remove(&self, id: String) -> Result<AccountRecord, OtpError> {
        Ok(self.inner.remove(&id)?.into())
    }

    /// Advances an HOTP account's counter; returns the new value.
    pub fn bump_counter(&self, id: String) -> Result<u64, OtpError> {
        Ok(self.inner.bump_counter(&id)?)
    }

    /// Current and next code of an account, with the store's clock.
    pub fn snapshot(&self, id: String) -> Result<CodeSnapshot, OtpError> {
        self.snapshot_at(id.clone(), self.clock.now_unix())
    }

    /// Current and next code of an account at `unix_time`.
    pub fn snapshot_at(&self, id: String, unix_time: u64) -> Result<CodeSnapshot, OtpError> {
        snapshot_of(&id, self.inner.get(&id), self.inner.secret(&id)?, unix_time)
    }

    /// Every account as otpauth URIs, one per line (secrets in clear text).
    pub fn export_otpauth(&self) -> Result<String, OtpError> {
        let accounts = export_with(self.inner.list(), |id| self.inner.secret(id))?;
        Ok(import::export_otpauth_list(&accounts))
    }

    /// Every account as an Aegis vault JSON, encrypted when `password` is given.
    pub fn export_aegis(&self, password: Option<SecretText>) -> Result<String, OtpError> {
        let accounts = export_with(self.inner.list(), |id| self.inner.secret(id))?;
        Ok(import::export_aegis(&accounts, password.as_deref())?)
    }

    /// Imports another app's backup (see [`import_backup`]) into this store.
    pub fn import_backup(
        &self,
        format: String,
        data: Vec<u8>,
        password: Option<SecretText>,
    ) -> Result<ImportSummary, OtpError> {
        import_into(&format, &data, password.as_deref(), |accounts| {
            self.inner.import(accounts)
        })
    }

    /// Ids in the secret store with no account here (left by an interrupted removal).
    pub fn orphan_secret_ids(&self) -> Result<Vec<String>, OtpError> {
        Ok(self.inner.orphan_secret_ids()?)
    }
}
