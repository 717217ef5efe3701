//! Storage: one [`Accounts`] object over the core accounts facade, whichever store is behind it
//! (the encrypted vault file, or an account file whose secrets live in a foreign
//! [`SecretStore`] such as the Android Keystore or the iOS Keychain). Every rule (HOTP counter
//! policy, import as one save, queries, export formats) is the core's; this module converts
//! types and delegates.

use crate::asyncify::off_thread;
use crate::clock::{or_system, TimeSource};
use crate::error::{out_i32, out_i64, OtpError};
use crate::handles::Secret;
use crate::types::{core_params, CodeSnapshot, OtpAuthUri, OtpParams, UriWarning};
use otpkit::import::{ImportFailure as CoreFailure, ImportFormat as CoreFormat};
use otpkit::storage::{self, Accounts as CoreAccounts, NewAccount, Unlock, Vault};
use std::sync::Arc;

mod secret_store;

pub use secret_store::{memory_secret_store, SecretStore, SecretStoreError};

/// The format of another app's backup.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum ImportFormat {
    /// Detect it from the content.
    Auto,
    Otpauth,
    Google,
    Aegis,
    TwoFas,
    Ente,
    Proton,
    AndOtp,
    FreeOtpPlus,
    FreeOtp,
    Bitwarden,
    Authy,
    Stratum,
    Steam,
    LastPass,
    ProtonPass,
}

/// An export format. Plain exports hold the secrets in clear text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum ExportFormat {
    /// otpauth URIs, one per line.
    Otpauth,
    /// Google Authenticator migration URIs (one per QR code), one per line.
    Google,
    /// Aegis vault JSON; encrypted when a password is given.
    Aegis,
}

/// Argon2id cost of a vault passphrase (defaults: 64 MiB, 3 passes, 1 lane — about a quarter to
/// half a second on a current phone).
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct KdfParams {
    #[uniffi(default = 65536)]
    pub memory_kib: i32,
    #[uniffi(default = 3)]
    pub iterations: i32,
    #[uniffi(default = 1)]
    pub parallelism: i32,
}

/// One stored account (metadata only: the secret stays in the store).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Account {
    pub id: String,
    pub issuer: Option<String>,
    pub label: String,
    pub params: OtpParams,
    pub note: Option<String>,
    pub icon: Option<String>,
    pub groups: Vec<String>,
    /// Unix seconds when created.
    pub created: i64,
    /// Unix seconds of the last change.
    pub updated: i64,
    /// Findings recorded when the account was added.
    pub warnings: Vec<UriWarning>,
}

/// New metadata for an account (`Accounts.update`); the secret and kind do not change here.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct AccountUpdate {
    pub label: String,
    #[uniffi(default = None)]
    pub issuer: Option<String>,
    #[uniffi(default = None)]
    pub note: Option<String>,
    #[uniffi(default = None)]
    pub icon: Option<String>,
    #[uniffi(default = [])]
    pub groups: Vec<String>,
}

/// An account and its codes now. `code` is null for an HOTP account in a listing (a code
/// would use up a counter: ask `next_hotp_code`).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct AccountCode {
    pub account: Account,
    pub code: Option<CodeSnapshot>,
}

/// An entry of a backup that was not imported, and why.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ImportFailure {
    /// 0-based position in the source (entry index, or line for line-based formats), or among
    /// the readable accounts for duplicates and refusals.
    pub index: i32,
    /// `issuer: account` when it could be read. Never the secret.
    pub name: Option<String>,
    pub reason: String,
}

/// What importing a backup did. The import is one save: every importable account was stored,
/// or (on an error) none.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ImportSummary {
    pub format: ImportFormat,
    pub added: Vec<Account>,
    /// Entries identical to an account already stored: skipped.
    pub duplicates: Vec<ImportFailure>,
    /// Entries that could not be read from the backup.
    pub unreadable: Vec<ImportFailure>,
    /// Entries the store refused.
    pub refused: Vec<ImportFailure>,
}

/// A backup read without storing it: its accounts (with their secrets as objects) and the
/// entries that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ImportedBackup {
    pub format: ImportFormat,
    pub accounts: Vec<OtpAuthUri>,
    pub unreadable: Vec<ImportFailure>,
}

type Store = Arc<dyn CoreAccounts + Send + Sync>;

/// The accounts of one store: the encrypted vault (`create_vault`/`open_vault`) or an account
/// file whose secrets live in a [`SecretStore`] (`with_secret_store`, `in_memory`). Opening and
/// creating a vault, importing, exporting and changing the passphrase run Argon2id or another
/// key derivation: they are `async` (Kotlin `suspend`, Swift `async`), with `*_blocking` twins.
#[derive(uniffi::Object)]
#[uniffi::export(Debug)]
pub struct Accounts {
    inner: Store,
    time: Arc<dyn TimeSource>,
}

impl std::fmt::Debug for Accounts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Accounts({} accounts)", self.inner.list().len())
    }
}

fn kdf(p: Option<KdfParams>) -> Result<storage::KdfParams, OtpError> {
    let Some(p) = p else {
        return Ok(storage::KdfParams::default());
    };
    let kdf = storage::KdfParams {
        memory_kib: crate::error::in_range(i64::from(p.memory_kib), "memory_kib")?,
        iterations: crate::error::in_range(i64::from(p.iterations), "iterations")?,
        parallelism: crate::error::in_range(i64::from(p.parallelism), "parallelism")?,
    };
    kdf.validate()?;
    Ok(kdf)
}

fn time_source(time: Option<Arc<dyn TimeSource>>) -> Arc<dyn TimeSource> {
    time.unwrap_or_else(crate::clock::system_time_source)
}

fn create_vault(
    path: &str,
    passphrase: &str,
    params: Option<KdfParams>,
    time: Option<Arc<dyn TimeSource>>,
) -> Result<Arc<Accounts>, OtpError> {
    let time = time_source(time);
    let vault = Vault::create(
        path,
        passphrase,
        kdf(params)?,
        Arc::new(or_system(Some(time.clone()))),
    )?;
    Ok(Arc::new(Accounts {
        inner: Arc::new(vault),
        time,
    }))
}

fn open_vault(
    path: &str,
    passphrase: &str,
    time: Option<Arc<dyn TimeSource>>,
) -> Result<Arc<Accounts>, OtpError> {
    let time = time_source(time);
    let vault = Vault::open(
        path,
        Unlock::Passphrase(passphrase),
        Arc::new(or_system(Some(time.clone()))),
    )?;
    Ok(Arc::new(Accounts {
        inner: Arc::new(vault),
        time,
    }))
}

#[uniffi::export]
impl Accounts {
    /// Creates a new vault file at `path` (never replaces a file) protected by `passphrase`.
    #[uniffi::constructor(default(kdf = None, time = None))]
    pub async fn create_vault(
        path: String,
        passphrase: crate::SecretText,
        kdf: Option<KdfParams>,
        time: Option<Arc<dyn TimeSource>>,
    ) -> Result<Arc<Self>, OtpError> {
        off_thread(move || create_vault(&path, &passphrase, kdf, time)).await
    }

    /// [`Accounts::create_vault`], blocking the caller.
    #[uniffi::constructor(default(kdf = None, time = None))]
    pub fn create_vault_blocking(
        path: String,
        passphrase: crate::SecretText,
        kdf: Option<KdfParams>,
        time: Option<Arc<dyn TimeSource>>,
    ) -> Result<Arc<Self>, OtpError> {
        create_vault(&path, &passphrase, kdf, time)
    }

    /// Opens and unlocks the vault at `path` (takes its writer lock).
    #[uniffi::constructor(default(time = None))]
    pub async fn open_vault(
        path: String,
        passphrase: crate::SecretText,
        time: Option<Arc<dyn TimeSource>>,
    ) -> Result<Arc<Self>, OtpError> {
        off_thread(move || open_vault(&path, &passphrase, time)).await
    }

    /// [`Accounts::open_vault`], blocking the caller.
    #[uniffi::constructor(default(time = None))]
    pub fn open_vault_blocking(
        path: String,
        passphrase: crate::SecretText,
        time: Option<Arc<dyn TimeSource>>,
    ) -> Result<Arc<Self>, OtpError> {
        open_vault(&path, &passphrase, time)
    }

    /// Accounts whose metadata is the file at `metadata_path` (created if missing) and whose
    /// secrets live in `store`.
    #[uniffi::constructor(default(time = None))]
    pub fn with_secret_store(
        store: Arc<dyn SecretStore>,
        metadata_path: String,
        time: Option<Arc<dyn TimeSource>>,
    ) -> Result<Arc<Self>, OtpError> {
        let time = time_source(time);
        let inner = storage::AccountStore::open(
            metadata_path,
            secret_store::core_store(store),
            Arc::new(or_system(Some(time.clone()))),
        )?;
        Ok(Arc::new(Self {
            inner: Arc::new(inner),
            time,
        }))
    }

    /// Accounts kept in memory, secrets in `store` (tests, ephemeral sessions).
    #[uniffi::constructor(default(time = None))]
    pub fn in_memory(store: Arc<dyn SecretStore>, time: Option<Arc<dyn TimeSource>>) -> Arc<Self> {
        let time = time_source(time);
        let inner = storage::AccountStore::in_memory(
            secret_store::core_store(store),
            Arc::new(or_system(Some(time.clone()))),
        );
        Arc::new(Self {
            inner: Arc::new(inner),
            time,
        })
    }

    /// Every account, in display order.
    pub fn list(&self) -> Vec<Account> {
        self.inner
            .accounts()
            .into_iter()
            .map(Account::from)
            .collect()
    }

    /// The account with `id`, if any.
    pub fn get(&self, id: String) -> Option<Account> {
        self.inner.get(&id).map(Account::from)
    }

    /// The accounts a query names, in display order: null or blank lists every account;
    /// otherwise an id prefix or text in the issuer, label or `issuer:label`
    /// (case-insensitive). No match is an empty list.
    #[uniffi::method(default(query = None))]
    pub fn search(&self, query: Option<String>) -> Vec<Account> {
        self.inner
            .filter(query.as_deref())
            .into_iter()
            .map(Account::from)
            .collect()
    }

    /// The one account a query names; `NotFound` when none, `InvalidInput(ACCOUNT)` naming the
    /// candidates when several match.
    pub fn find(&self, query: String) -> Result<Account, OtpError> {
        Ok(self.inner.find(&query)?.into())
    }

    /// Adds the account a parsed URI describes, with an optional note and groups.
    #[uniffi::method(default(note = None, groups = []))]
    pub fn add(
        &self,
        account: OtpAuthUri,
        note: Option<String>,
        groups: Vec<String>,
    ) -> Result<Account, OtpError> {
        let uri = otpkit::OtpAuthUri::try_from(&account)?;
        let mut new = NewAccount::from_uri(&uri);
        new.note = note;
        new.groups = groups;
        Ok(self.inner.add(new, &uri.secret)?.into())
    }

    /// Adds the account an otpauth://, steam:// or motp:// URI describes.
    pub fn add_uri(&self, uri: crate::SecretText) -> Result<Account, OtpError> {
        let uri = otpkit::OtpAuthUri::parse(uri.expose())?;
        Ok(self.inner.add_uri(&uri)?.into())
    }

    /// Adds an account from a secret and its parameters (manual entry).
    #[uniffi::method(default(issuer = None, params = None))]
    pub fn add_secret(
        &self,
        secret: Arc<Secret>,
        label: String,
        issuer: Option<String>,
        params: Option<OtpParams>,
    ) -> Result<Account, OtpError> {
        let mut new = NewAccount::new(label, core_params(params)?);
        new.issuer = issuer;
        Ok(self.inner.add(new, secret.core())?.into())
    }

    /// Replaces the metadata of the account with `id`.
    pub fn update(&self, id: String, update: AccountUpdate) -> Result<Account, OtpError> {
        let mut account = self.inner.get(&id).ok_or_else(|| OtpError::NotFound {
            id: otpkit::echo::echo_name(&id),
            reason: "no account with this id".into(),
        })?;
        account.label = update.label;
        account.issuer = update.issuer;
        account.note = update.note;
        account.icon = update.icon;
        account.groups = update.groups;
        Ok(self.inner.update(&account)?.into())
    }

    /// Removes the account with `id` and its secret; returns the removed record.
    pub fn remove(&self, id: String) -> Result<Account, OtpError> {
        Ok(self.inner.remove(&id)?.into())
    }

    /// The account's codes now (time from the construction's time source). TOTP and the other
    /// time-based kinds: current and next. HOTP: null (use `next_hotp_code`).
    pub fn snapshot(&self, id: String) -> Result<AccountCode, OtpError> {
        let clock = or_system(Some(self.time.clone()));
        Ok(self.inner.snapshot(&id, &clock)?.into())
    }

    /// Every account with its codes now, in display order (HOTP accounts without a code).
    pub fn snapshots(&self) -> Result<Vec<AccountCode>, OtpError> {
        let clock = or_system(Some(self.time.clone()));
        Ok(self
            .inner
            .snapshots(&self.inner.accounts(), &clock)?
            .into_iter()
            .map(AccountCode::from)
            .collect())
    }

    /// The code to show for the account: the current code for the time-based kinds; for HOTP
    /// the counter is advanced and saved FIRST, then the code of the value it had is returned
    /// (a counter value is never behind two shown codes; a failed save returns no code).
    pub fn code(&self, id: String) -> Result<AccountCode, OtpError> {
        let clock = or_system(Some(self.time.clone()));
        Ok(self.inner.code(&id, &clock)?.into())
    }

    /// The account as an otpauth URI record, with its secret as an object (for QR export).
    pub fn otp_auth_uri(&self, id: String) -> Result<OtpAuthUri, OtpError> {
        let entries = self.inner.export_entries(Some(&id))?;
        let entry = entries.first().ok_or_else(|| OtpError::NotFound {
            id: otpkit::echo::echo_name(&id),
            reason: "no account with this id".into(),
        })?;
        Ok((&entry.uri).into())
    }

    /// Imports another app's backup with one save. `password` is needed for encrypted
    /// backups (`Authentication(PASSWORD_REQUIRED)` without one).
    #[uniffi::method(default(password = None))]
    pub async fn import_backup(
        &self,
        format: ImportFormat,
        data: Vec<u8>,
        password: Option<crate::SecretText>,
    ) -> Result<ImportSummary, OtpError> {
        let store = self.inner.clone();
        off_thread(move || import_into(&store, format, &data, password.as_deref())).await
    }

    /// [`Accounts::import_backup`], blocking the caller.
    #[uniffi::method(default(password = None))]
    pub fn import_backup_blocking(
        &self,
        format: ImportFormat,
        data: Vec<u8>,
        password: Option<crate::SecretText>,
    ) -> Result<ImportSummary, OtpError> {
        import_into(&self.inner, format, &data, password.as_deref())
    }

    /// Exports every account (or only the one with id `only`). `password` encrypts an Aegis
    /// export; for other formats it is refused. Plain exports hold the secrets in clear text.
    #[uniffi::method(default(only = None, password = None))]
    pub async fn export(
        &self,
        format: ExportFormat,
        only: Option<String>,
        password: Option<crate::SecretText>,
    ) -> Result<String, OtpError> {
        let store = self.inner.clone();
        off_thread(move || export(&store, format, only.as_deref(), password.as_deref())).await
    }

    /// [`Accounts::export`], blocking the caller.
    #[uniffi::method(default(only = None, password = None))]
    pub fn export_blocking(
        &self,
        format: ExportFormat,
        only: Option<String>,
        password: Option<crate::SecretText>,
    ) -> Result<String, OtpError> {
        export(&self.inner, format, only.as_deref(), password.as_deref())
    }

    /// Replaces the vault passphrase (`Storage(UNSUPPORTED)` for a secret-store account file).
    #[uniffi::method(default(kdf = None))]
    pub async fn change_passphrase(
        &self,
        new_passphrase: crate::SecretText,
        kdf: Option<KdfParams>,
    ) -> Result<(), OtpError> {
        let store = self.inner.clone();
        off_thread(move || change_passphrase(&store, &new_passphrase, kdf)).await
    }

    /// [`Accounts::change_passphrase`], blocking the caller.
    #[uniffi::method(default(kdf = None))]
    pub fn change_passphrase_blocking(
        &self,
        new_passphrase: crate::SecretText,
        kdf: Option<KdfParams>,
    ) -> Result<(), OtpError> {
        change_passphrase(&self.inner, &new_passphrase, kdf)
    }
}

fn import_into(
    store: &Store,
    format: ImportFormat,
    data: &[u8],
    password: Option<&str>,
) -> Result<ImportSummary, OtpError> {
    Ok(store.import_backup(format.into(), data, password)?.into())
}

fn export(
    store: &Store,
    format: ExportFormat,
    only: Option<&str>,
    password: Option<&str>,
) -> Result<String, OtpError> {
    let format = match format {
        ExportFormat::Otpauth => storage::ExportFormat::OtpauthList,
        ExportFormat::Google => storage::ExportFormat::GoogleMigration,
        ExportFormat::Aegis => storage::ExportFormat::Aegis,
    };
    Ok(store.export(format, only, password)?)
}

fn change_passphrase(store: &Store, new: &str, params: Option<KdfParams>) -> Result<(), OtpError> {
    Ok(store.change_passphrase(new, kdf(params)?)?)
}

fn read(
    format: ImportFormat,
    data: &[u8],
    password: Option<&str>,
) -> Result<ImportedBackup, OtpError> {
    let backup = storage::read_backup(format.into(), data, password)?;
    Ok(ImportedBackup {
        format: backup.format.into(),
        accounts: backup.accounts().iter().map(|a| (&a.uri).into()).collect(),
        unreadable: failures(&backup.report.failures),
    })
}

/// Reads another app's backup without storing it.
#[uniffi::export(default(password = None))]
pub async fn read_backup(
    format: ImportFormat,
    data: Vec<u8>,
    password: Option<crate::SecretText>,
) -> Result<ImportedBackup, OtpError> {
    off_thread(move || read(format, &data, password.as_deref())).await
}

/// [`read_backup`], blocking the caller.
#[uniffi::export(default(password = None))]
pub fn read_backup_blocking(
    format: ImportFormat,
    data: Vec<u8>,
    password: Option<crate::SecretText>,
) -> Result<ImportedBackup, OtpError> {
    read(format, &data, password.as_deref())
}

// ---------------------------------------------------------------------------------------------
// Conversions

impl From<ImportFormat> for Option<CoreFormat> {
    fn from(f: ImportFormat) -> Self {
        Some(match f {
            ImportFormat::Auto => return None,
            ImportFormat::Otpauth => CoreFormat::OtpauthList,
            ImportFormat::Google => CoreFormat::GoogleMigration,
            ImportFormat::Aegis => CoreFormat::Aegis,
            ImportFormat::TwoFas => CoreFormat::TwoFas,
            ImportFormat::Ente => CoreFormat::Ente,
            ImportFormat::Proton => CoreFormat::Proton,
            ImportFormat::AndOtp => CoreFormat::AndOtp,
            ImportFormat::FreeOtpPlus => CoreFormat::FreeOtpPlus,
            ImportFormat::FreeOtp => CoreFormat::FreeOtp,
            ImportFormat::Bitwarden => CoreFormat::Bitwarden,
            ImportFormat::Authy => CoreFormat::Authy,
            ImportFormat::Stratum => CoreFormat::Stratum,
            ImportFormat::Steam => CoreFormat::Steam,
            ImportFormat::LastPass => CoreFormat::LastPass,
            ImportFormat::ProtonPass => CoreFormat::ProtonPass,
        })
    }
}

impl From<CoreFormat> for ImportFormat {
    fn from(f: CoreFormat) -> Self {
        match f {
            CoreFormat::OtpauthList => ImportFormat::Otpauth,
            CoreFormat::GoogleMigration => ImportFormat::Google,
            CoreFormat::Aegis => ImportFormat::Aegis,
            CoreFormat::TwoFas => ImportFormat::TwoFas,
            CoreFormat::Ente => ImportFormat::Ente,
            CoreFormat::Proton => ImportFormat::Proton,
            CoreFormat::AndOtp => ImportFormat::AndOtp,
            CoreFormat::FreeOtpPlus => ImportFormat::FreeOtpPlus,
            CoreFormat::FreeOtp => ImportFormat::FreeOtp,
            CoreFormat::Bitwarden => ImportFormat::Bitwarden,
            CoreFormat::Authy => ImportFormat::Authy,
            CoreFormat::Stratum => ImportFormat::Stratum,
            CoreFormat::Steam => ImportFormat::Steam,
            CoreFormat::LastPass => ImportFormat::LastPass,
            CoreFormat::ProtonPass => ImportFormat::ProtonPass,
        }
    }
}

impl From<storage::Account> for Account {
    fn from(a: storage::Account) -> Self {
        let warnings = a
            .warnings
            .iter()
            .filter_map(|w| match w.as_str() {
                storage::WARNING_SECRET_TRAILING_BITS => {
                    Some(UriWarning::SecretTrailingBits { bits: 0 })
                }
                _ => None,
            })
            .collect();
        Account {
            id: a.id,
            issuer: a.issuer,
            label: a.label,
            params: a.params.into(),
            note: a.note,
            icon: a.icon,
            groups: a.groups,
            created: out_i64(a.created),
            updated: out_i64(a.updated),
            warnings,
        }
    }
}

impl From<storage::AccountCode> for AccountCode {
    fn from(c: storage::AccountCode) -> Self {
        AccountCode {
            account: c.account.into(),
            code: c.code.map(CodeSnapshot::from),
        }
    }
}

fn failures(f: &[CoreFailure]) -> Vec<ImportFailure> {
    f.iter()
        .map(|f| ImportFailure {
            index: out_i32(f.index),
            name: f.name.clone(),
            reason: f.reason.clone(),
        })
        .collect()
}

impl From<storage::BackupImport> for ImportSummary {
    fn from(b: storage::BackupImport) -> Self {
        ImportSummary {
            format: b.format.into(),
            added: b.added.into_iter().map(Account::from).collect(),
            duplicates: failures(&b.duplicates),
            unreadable: failures(&b.unreadable),
            refused: failures(&b.refused),
        }
    }
}
