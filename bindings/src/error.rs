//! The one place where core errors become FFI errors.
//!
//! The FFI error is flat: each variant carries a human-readable message (never secret material),
//! and the variant tells the caller which input was wrong.

#[cfg(feature = "import")]
use otpkit::import::{ExportError, ImportError};
use otpkit::migration::MigrationError;
#[cfg(feature = "receiver")]
use otpkit::receiver::{AppHashError, FormatError, OriginError};
#[cfg(feature = "server")]
use otpkit::server::{ConfigError, IssueError, StoreError, VerifyError};
#[cfg(feature = "storage")]
use otpkit::storage::StoreError as StorageError;
use otpkit::{ParamsError, SecretError, UriError};

/// Errors raised by otpkit bindings.
#[derive(Debug, thiserror::Error, uniffi::Error)]
#[uniffi(flat_error)]
pub enum OtpError {
    /// The secret was empty or not valid base32.
    #[error("{0}")]
    InvalidSecret(String),
    /// Digits, period, algorithm or Steam parameters were out of range.
    #[error("{0}")]
    InvalidParameters(String),
    /// The otpauth URI could not be parsed.
    #[error("{0}")]
    InvalidUri(String),
    /// The Google Authenticator migration payload was malformed or cannot hold an account.
    #[error("{0}")]
    InvalidMigration(String),
    /// A multi-QR migration batch is missing parts (the message lists them).
    #[error("{0}")]
    IncompleteBatch(String),
    /// The message's last line is not an origin-bound one-time code.
    #[error("{0}")]
    InvalidOriginBound(String),
    /// The package name or signing certificate for an app hash is invalid.
    #[error("{0}")]
    InvalidAppHashInput(String),
    /// A message could not be formatted (code shape, app hash, host, service name, language).
    #[error("{0}")]
    InvalidMessage(String),
    /// The verification store failed (unreachable, timeout, protocol error, value out of range):
    /// nothing was accepted or sent. Fail closed: refuse the user and alert.
    #[error("{0}")]
    StoreFailure(String),
    /// A server configuration value is out of range, or a call does not fit the generator.
    #[error("{0}")]
    InvalidServerConfig(String),
    /// An out-of-band send request is unusable (empty purpose/subject, bad number or address).
    #[error("{0}")]
    InvalidRequest(String),
    /// The vault passphrase or key did not unlock it (or the key store has no key for it).
    #[error("{0}")]
    WrongPassphrase(String),
    /// The vault file is not a vault, is truncated, damaged, of a newer format version, or asks
    /// for KDF parameters above the limits.
    #[error("{0}")]
    VaultCorrupted(String),
    /// Another writer holds the vault's (or account file's) lock.
    #[error("{0}")]
    VaultLocked(String),
    /// No account has this id.
    #[error("{0}")]
    AccountNotFound(String),
    /// The account's fields are unusable, or its id is invalid or already used.
    #[error("{0}")]
    InvalidAccount(String),
    /// A file or secret-store operation failed (I/O, file exists/missing, backend failure).
    #[error("{0}")]
    StorageFailed(String),
    /// An encrypted backup was imported without a password.
    #[error("{0}")]
    PasswordRequired(String),
    /// The password did not decrypt the backup.
    #[error("{0}")]
    WrongPassword(String),
    /// The backup could not be imported (unknown format name, invalid or unsupported file).
    #[error("{0}")]
    ImportFailed(String),
    /// Accounts could not be exported in the requested format.
    #[error("{0}")]
    ExportFailed(String),
}

#[cfg(feature = "storage")]
impl From<StorageError> for OtpError {
    fn from(e: StorageError) -> Self {
        let msg = e.to_string();
        match e {
            StorageError::WrongPassphrase
            | StorageError::WrongKey
            | StorageError::NoMatchingSlot { .. }
            | StorageError::KeyNotInStore { .. } => OtpError::WrongPassphrase(msg),
            StorageError::NotAVault
            | StorageError::Truncated { .. }
            | StorageError::Corrupted { .. }
            | StorageError::UnsupportedVersion { .. }
            | StorageError::KdfLimitExceeded { .. } => OtpError::VaultCorrupted(msg),
            StorageError::VaultLocked { .. } => OtpError::VaultLocked(msg),
            StorageError::AccountNotFound { .. } => OtpError::AccountNotFound(msg),
            StorageError::InvalidAccount { .. }
            | StorageError::DuplicateAccount { .. }
            | StorageError::InvalidId { .. } => OtpError::InvalidAccount(msg),
            StorageError::EmptyPassphrase
            | StorageError::InvalidKdfParams { .. }
            | StorageError::InvalidKey { .. }
            | StorageError::KeySlotNotFound { .. }
            | StorageError::PassphraseSlotRequired
            | StorageError::TooManyKeySlots { .. } => OtpError::InvalidParameters(msg),
            _ => OtpError::StorageFailed(msg),
        }
    }
}

#[cfg(feature = "import")]
impl From<ImportError> for OtpError {
    fn from(e: ImportError) -> Self {
        match e {
            ImportError::PasswordRequired => OtpError::PasswordRequired(e.to_string()),
            ImportError::WrongPassword => OtpError::WrongPassword(e.to_string()),
            other => OtpError::ImportFailed(other.to_string()),
        }
    }
}

#[cfg(feature = "import")]
impl From<ExportError> for OtpError {
    fn from(e: ExportError) -> Self {
        OtpError::ExportFailed(e.to_string())
    }
}

#[cfg(feature = "server")]
impl From<StoreError> for OtpError {
    fn from(e: StoreError) -> Self {
        OtpError::StoreFailure(e.to_string())
    }
}

#[cfg(feature = "server")]
impl From<ConfigError> for OtpError {
    fn from(e: ConfigError) -> Self {
        OtpError::InvalidServerConfig(e.to_string())
    }
}

#[cfg(feature = "server")]
/// Store and configuration errors; the expected outcomes are mapped to outcome enums in
/// `server.rs` before this is used (anything else fails closed as a store failure).
impl From<VerifyError> for OtpError {
    fn from(e: VerifyError) -> Self {
        match e {
            VerifyError::Store(s) => s.into(),
            VerifyError::Config(c) => c.into(),
            VerifyError::InvalidRequest(_) => OtpError::InvalidRequest(e.to_string()),
            other => OtpError::StoreFailure(format!("unexpected verification outcome: {other}")),
        }
    }
}

#[cfg(feature = "server")]
impl From<IssueError> for OtpError {
    fn from(e: IssueError) -> Self {
        match e {
            IssueError::Store(s) => s.into(),
            IssueError::InvalidRequest(_) => OtpError::InvalidRequest(e.to_string()),
            other => OtpError::StoreFailure(format!("unexpected issue outcome: {other}")),
        }
    }
}

#[cfg(feature = "receiver")]
impl From<OriginError> for OtpError {
    fn from(e: OriginError) -> Self {
        OtpError::InvalidOriginBound(e.to_string())
    }
}

#[cfg(feature = "receiver")]
impl From<AppHashError> for OtpError {
    fn from(e: AppHashError) -> Self {
        OtpError::InvalidAppHashInput(e.to_string())
    }
}

#[cfg(feature = "receiver")]
impl From<FormatError> for OtpError {
    fn from(e: FormatError) -> Self {
        OtpError::InvalidMessage(e.to_string())
    }
}

impl From<SecretError> for OtpError {
    fn from(e: SecretError) -> Self {
        OtpError::InvalidSecret(e.to_string())
    }
}

impl From<ParamsError> for OtpError {
    fn from(e: ParamsError) -> Self {
        OtpError::InvalidParameters(e.to_string())
    }
}

impl From<UriError> for OtpError {
    fn from(e: UriError) -> Self {
        match e {
            UriError::InvalidSecret(s) => s.into(),
            UriError::Params(p) => p.into(),
            other => OtpError::InvalidUri(other.to_string()),
        }
    }
}

impl From<MigrationError> for OtpError {
    fn from(e: MigrationError) -> Self {
        match e {
            MigrationError::MissingParts { .. } => OtpError::IncompleteBatch(e.to_string()),
            other => OtpError::InvalidMigration(other.to_string()),
        }
    }
}
