//! The one place where core errors become the FFI error.
//!
//! Six cases, each with structured fields, so a caller can branch on what went wrong without
//! parsing text: Kotlin sees `sealed class OtpException`, Swift `enum OtpError: Error`, Python
//! `class OtpError(Exception)` with one subclass per case. `reason` is a human-readable sentence
//! that never contains secret material.

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

/// Which input [`OtpError::InvalidInput`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum InvalidInputKind {
    /// An OTP secret (empty, not base32/hex, bad PIN, bad length).
    Secret,
    /// Code parameters, or a number out of range (`field` names it).
    Parameters,
    /// An otpauth:// URI.
    Uri,
    /// A Google Authenticator migration payload.
    Migration,
    /// The last line of a message is not an origin-bound code.
    OriginBound,
    /// The package name or certificate for an Android app hash.
    AppHash,
    /// A message to format (code shape, host, service, language).
    Message,
    /// A server configuration value.
    ServerConfig,
    /// An out-of-band request (purpose, subject, number, address).
    Request,
    /// An account's fields or id.
    Account,
    /// A backup file to import (not that format, damaged, unsupported, too large).
    Backup,
    /// Accounts that cannot be exported in the requested format.
    Export,
    /// An empty passphrase or unusable key-derivation settings.
    Passphrase,
    /// A sender id (alphanumeric name, number, short code) refused by a rule; `field` names
    /// the rule: `empty`, `too_long`, `too_short`, `bad_character`, `no_letter`, `bad_number`,
    /// `number_required`, `not_in_country`, `country_length` or `provider`.
    SenderId,
}

/// Why [`OtpError::Authentication`] was raised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum AuthenticationKind {
    /// The vault passphrase or key did not unlock it.
    WrongPassphrase,
    /// The password did not decrypt the backup.
    WrongPassword,
    /// The backup is encrypted and no password was given.
    PasswordRequired,
}

/// Why [`OtpError::Storage`] was raised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum StorageFailureKind {
    /// Another writer holds the vault's or account file's lock.
    Locked,
    /// The file is not a vault, is truncated or damaged, of a newer version, or asks for
    /// key-derivation work above the limits.
    Corrupted,
    /// The operation does not apply to this store (e.g. a passphrase change on a key store).
    Unsupported,
    /// A file or secret-store operation failed (I/O, file exists or missing, backend failure).
    Backend,
    /// The secret store's key is unavailable (lost or invalidated, e.g. an Android Keystore key
    /// after a lock-screen change) while secrets sealed with it remain: re-enrol them. The
    /// account metadata is kept.
    KeyLost,
}

/// Errors raised by otpkit.
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum OtpError {
    /// An argument or an input was unusable. `field` names the parameter when known
    /// (`secret`, `digits`, `period`, `window`, `counter`, `batch_size`, …); `position` is a
    /// character position in the input when known (e.g. an invalid base32 character).
    #[error("{reason}")]
    InvalidInput {
        kind: InvalidInputKind,
        field: Option<String>,
        position: Option<i32>,
        reason: String,
    },
    /// A multi-QR migration batch is missing `missing_count` parts; `first_missing` lists the
    /// first few (0-based).
    #[error("{reason}")]
    IncompleteBatch {
        missing_count: i32,
        first_missing: Vec<i32>,
        reason: String,
    },
    /// A passphrase or password was wrong or missing.
    #[error("{reason}")]
    Authentication {
        kind: AuthenticationKind,
        reason: String,
    },
    /// No account has this id.
    #[error("{reason}")]
    NotFound { id: String, reason: String },
    /// The account store or vault file failed.
    #[error("{reason}")]
    Storage {
        kind: StorageFailureKind,
        reason: String,
    },
    /// The server verification store (Redis) failed: nothing was accepted or sent. Fail
    /// closed: refuse the user and alert.
    #[error("{reason}")]
    StoreUnavailable { reason: String },
}

impl OtpError {
    /// An [`OtpError::InvalidInput`] with a field name and no position.
    pub(crate) fn invalid(kind: InvalidInputKind, field: &str, reason: impl Into<String>) -> Self {
        OtpError::InvalidInput {
            kind,
            field: Some(field.to_owned()),
            position: None,
            reason: reason.into(),
        }
    }

    fn input(kind: InvalidInputKind, reason: impl std::fmt::Display) -> Self {
        OtpError::InvalidInput {
            kind,
            field: None,
            position: None,
            reason: reason.to_string(),
        }
    }

    #[cfg(feature = "storage")]
    fn storage(kind: StorageFailureKind, reason: impl std::fmt::Display) -> Self {
        OtpError::Storage {
            kind,
            reason: reason.to_string(),
        }
    }

    #[cfg(any(feature = "storage", feature = "import"))]
    fn auth(kind: AuthenticationKind, reason: impl std::fmt::Display) -> Self {
        OtpError::Authentication {
            kind,
            reason: reason.to_string(),
        }
    }
}

fn to_i32(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

#[cfg(feature = "storage")]
impl From<StorageError> for OtpError {
    fn from(e: StorageError) -> Self {
        use AuthenticationKind as A;
        use InvalidInputKind as I;
        use StorageFailureKind as S;
        match e {
            StorageError::WrongPassphrase
            | StorageError::WrongKey
            | StorageError::NoMatchingSlot { .. }
            | StorageError::KeyNotInStore { .. } => OtpError::auth(A::WrongPassphrase, e),
            StorageError::NotAVault
            | StorageError::Truncated { .. }
            | StorageError::Corrupted { .. }
            | StorageError::UnsupportedVersion { .. }
            | StorageError::KdfLimitExceeded { .. } => OtpError::storage(S::Corrupted, e),
            StorageError::VaultLocked { .. } => OtpError::storage(S::Locked, e),
            StorageError::KeyLost { .. } => OtpError::storage(S::KeyLost, e),
            StorageError::AccountNotFound { ref id } => OtpError::NotFound {
                id: id.clone(),
                reason: e.to_string(),
            },
            StorageError::InvalidAccount { .. } => OtpError::input(I::Account, e),
            StorageError::DuplicateAccount { .. } | StorageError::InvalidId { .. } => {
                OtpError::invalid(I::Account, "id", e.to_string())
            }
            StorageError::EmptyPassphrase => {
                OtpError::invalid(I::Passphrase, "passphrase", e.to_string())
            }
            StorageError::InvalidKdfParams { .. } => {
                OtpError::invalid(I::Passphrase, "kdf", e.to_string())
            }
            StorageError::InvalidKey { .. }
            | StorageError::KeySlotNotFound { .. }
            | StorageError::PassphraseSlotRequired
            | StorageError::TooManyKeySlots { .. } => OtpError::input(I::Passphrase, e),
            _ => OtpError::storage(S::Backend, e),
        }
    }
}

#[cfg(feature = "storage")]
impl From<otpkit::storage::AccountsError> for OtpError {
    fn from(e: otpkit::storage::AccountsError) -> Self {
        use otpkit::storage::AccountsError as E;
        match e {
            E::Store(s) => s.into(),
            E::Import(i) => i.into(),
            E::Export(x) => x.into(),
            E::Migration(m) => OtpError::input(InvalidInputKind::Export, m),
            E::NoMatch { ref query } => OtpError::NotFound {
                id: query.clone(),
                reason: e.to_string(),
            },
            E::Ambiguous { .. } => {
                OtpError::invalid(InvalidInputKind::Account, "query", e.to_string())
            }
            E::CannotMakeCodes { .. } => OtpError::input(InvalidInputKind::Account, e),
            E::UnknownFormat => {
                OtpError::invalid(InvalidInputKind::Backup, "format", e.to_string())
            }
            E::NoPassphrase => OtpError::storage(StorageFailureKind::Unsupported, e),
            E::PasswordNotUsed { .. } => {
                OtpError::invalid(InvalidInputKind::Export, "password", e.to_string())
            }
            other => OtpError::storage(StorageFailureKind::Backend, other),
        }
    }
}

#[cfg(feature = "import")]
impl From<ImportError> for OtpError {
    fn from(e: ImportError) -> Self {
        match e {
            ImportError::PasswordRequired => {
                OtpError::auth(AuthenticationKind::PasswordRequired, e)
            }
            ImportError::WrongPassword => OtpError::auth(AuthenticationKind::WrongPassword, e),
            other => OtpError::input(InvalidInputKind::Backup, other),
        }
    }
}

#[cfg(feature = "import")]
impl From<ExportError> for OtpError {
    fn from(e: ExportError) -> Self {
        OtpError::input(InvalidInputKind::Export, e)
    }
}

#[cfg(feature = "server")]
impl From<StoreError> for OtpError {
    fn from(e: StoreError) -> Self {
        OtpError::StoreUnavailable {
            reason: e.to_string(),
        }
    }
}

#[cfg(feature = "server")]
impl From<ConfigError> for OtpError {
    fn from(e: ConfigError) -> Self {
        OtpError::input(InvalidInputKind::ServerConfig, e)
    }
}

#[cfg(feature = "server")]
/// Store and configuration errors; the expected outcomes are mapped to outcome enums in
/// `server/` before this is used (anything else fails closed as a store failure).
impl From<VerifyError> for OtpError {
    fn from(e: VerifyError) -> Self {
        match e {
            VerifyError::Store(s) => s.into(),
            VerifyError::Config(c) => c.into(),
            VerifyError::InvalidRequest(_) => OtpError::input(InvalidInputKind::Request, e),
            other => OtpError::StoreUnavailable {
                reason: format!("unexpected verification outcome: {other}"),
            },
        }
    }
}

#[cfg(feature = "server")]
impl From<IssueError> for OtpError {
    fn from(e: IssueError) -> Self {
        match e {
            IssueError::Store(s) => s.into(),
            IssueError::InvalidRequest(_) => OtpError::input(InvalidInputKind::Request, e),
            other => OtpError::StoreUnavailable {
                reason: format!("unexpected issue outcome: {other}"),
            },
        }
    }
}

#[cfg(feature = "receiver")]
impl From<OriginError> for OtpError {
    fn from(e: OriginError) -> Self {
        OtpError::input(InvalidInputKind::OriginBound, e)
    }
}

#[cfg(feature = "receiver")]
impl From<AppHashError> for OtpError {
    fn from(e: AppHashError) -> Self {
        OtpError::input(InvalidInputKind::AppHash, e)
    }
}

#[cfg(feature = "receiver")]
impl From<FormatError> for OtpError {
    fn from(e: FormatError) -> Self {
        OtpError::input(InvalidInputKind::Message, e)
    }
}

impl From<SecretError> for OtpError {
    fn from(e: SecretError) -> Self {
        let (kind, field, position) = match e {
            SecretError::InvalidCharacter { position } => {
                (InvalidInputKind::Secret, "secret", Some(to_i32(position)))
            }
            SecretError::InvalidPin => (InvalidInputKind::Secret, "pin", None),
            // A number out of range, like every other (surface rule).
            SecretError::InvalidGeneratedLength(_) => (InvalidInputKind::Parameters, "bytes", None),
            _ => (InvalidInputKind::Secret, "secret", None),
        };
        OtpError::InvalidInput {
            kind,
            field: Some(field.to_owned()),
            position,
            reason: e.to_string(),
        }
    }
}

impl From<ParamsError> for OtpError {
    fn from(e: ParamsError) -> Self {
        OtpError::invalid(InvalidInputKind::Parameters, e.field(), e.to_string())
    }
}

impl From<UriError> for OtpError {
    fn from(e: UriError) -> Self {
        match e {
            UriError::InvalidSecret(s) => s.into(),
            UriError::Params(p) => p.into(),
            UriError::InvalidParameter { name, .. } => {
                OtpError::invalid(InvalidInputKind::Uri, name, e.to_string())
            }
            UriError::MissingSecret => {
                OtpError::invalid(InvalidInputKind::Uri, "secret", e.to_string())
            }
            UriError::MissingCounter => {
                OtpError::invalid(InvalidInputKind::Uri, "counter", e.to_string())
            }
            UriError::UnknownType(_) => {
                OtpError::invalid(InvalidInputKind::Uri, "type", e.to_string())
            }
            UriError::InvalidScheme => {
                OtpError::invalid(InvalidInputKind::Uri, "scheme", e.to_string())
            }
            UriError::InvalidEncoding(part) => {
                OtpError::invalid(InvalidInputKind::Uri, part, e.to_string())
            }
        }
    }
}

impl From<MigrationError> for OtpError {
    fn from(e: MigrationError) -> Self {
        match e {
            MigrationError::MissingParts { count, ref first } => OtpError::IncompleteBatch {
                missing_count: to_i32(count),
                first_missing: first.clone(),
                reason: e.to_string(),
            },
            // The caller's batch size (out of range) is a parameter; a scanned part claiming too
            // many parts is a bad migration payload.
            MigrationError::InvalidBatchSize => {
                OtpError::invalid(InvalidInputKind::Parameters, "batch_size", e.to_string())
            }
            MigrationError::BatchTooLarge { .. } => {
                OtpError::invalid(InvalidInputKind::Migration, "batch_size", e.to_string())
            }
            MigrationError::UnknownEnumValue { field, .. } => {
                OtpError::invalid(InvalidInputKind::Migration, field, e.to_string())
            }
            other => OtpError::input(InvalidInputKind::Migration, other),
        }
    }
}

/// A refused sender id, with the rule it broke in `field` (see [`InvalidInputKind::SenderId`]).
#[cfg(feature = "delivery")]
pub(crate) fn sender_id_error(e: otpkit::delivery::SenderIdError) -> OtpError {
    use otpkit::delivery::SenderIdError as E;
    let rule = match e {
        E::Empty => "empty",
        E::TooLong(_) => "too_long",
        E::TooShort(..) => "too_short",
        E::BadCharacter => "bad_character",
        E::NoLetter => "no_letter",
        E::BadNumber(_) => "bad_number",
        E::NumberRequired(_) => "number_required",
        E::NotInCountry(_) => "not_in_country",
        E::CountryLength { .. } => "country_length",
        E::Provider(_) => "provider",
    };
    OtpError::invalid(InvalidInputKind::SenderId, rule, e.to_string())
}

/// A provider configuration or retry policy the core refused (sending errors are outcomes,
/// mapped in `server/delivery/imp.rs`).
#[cfg(feature = "delivery")]
impl From<otpkit::delivery::SendError> for OtpError {
    fn from(e: otpkit::delivery::SendError) -> Self {
        OtpError::invalid(InvalidInputKind::ServerConfig, "config", e.to_string())
    }
}

/// Store, configuration and request errors of the dispatcher; its expected results (limits,
/// unknown challenges, failed sends, refused sender ids) are mapped to `DispatchOutcome` in
/// `server/delivery/imp.rs` before this is used.
#[cfg(feature = "delivery")]
impl From<otpkit::delivery::DispatchError> for OtpError {
    fn from(e: otpkit::delivery::DispatchError) -> Self {
        use otpkit::delivery::DispatchError as E;
        match e {
            E::Issue(i) => i.into(),
            E::Store(s) => s.into(),
            E::NoPolicy => OtpError::invalid(InvalidInputKind::Request, "purpose", e.to_string()),
            E::InvalidRequest(_) => OtpError::input(InvalidInputKind::Request, e),
            E::InvalidPolicy(_) => OtpError::input(InvalidInputKind::ServerConfig, e),
            E::SenderId(s) => sender_id_error(s),
            E::Send(s) => s.into(),
        }
    }
}

/// Integer arguments arrive signed (Kotlin `Long`/`Int`, Swift `Int64`/`Int32`); a negative value
/// is an error naming the argument, never clamped.
pub(crate) fn non_negative(value: i64, field: &str) -> Result<u64, OtpError> {
    u64::try_from(value).map_err(|_| {
        OtpError::invalid(
            InvalidInputKind::Parameters,
            field,
            format!("{field} must not be negative, got {value}"),
        )
    })
}

/// A signed 32-bit argument that must fit a smaller unsigned type.
pub(crate) fn in_range<T: TryFrom<i64>>(value: i64, field: &str) -> Result<T, OtpError> {
    T::try_from(value).map_err(|_| {
        OtpError::invalid(
            InvalidInputKind::Parameters,
            field,
            format!("{field} is out of range: {value}"),
        )
    })
}

/// A core count or time as a signed FFI integer (values past `i64::MAX` cannot occur in
/// practice; they saturate).
pub(crate) fn out_i64(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

/// A core count as a signed 32-bit FFI integer (saturating, see [`out_i64`]).
pub(crate) fn out_i32<T: TryInto<i32>>(value: T) -> i32 {
    value.try_into().unwrap_or(i32::MAX)
}
