//! Import and export errors. None of them carries secret material: reasons name fields,
//! positions and kinds, never values read from a secret.

use crate::migration::MigrationError;

use super::ImportFormat;

/// Why a whole file could not be imported. (Problems with single entries are
/// [`ImportFailure`](super::ImportFailure)s in the report instead.)
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    /// The file is encrypted and no password was given.
    #[error("the file is encrypted: a password is required")]
    PasswordRequired,
    /// The password did not decrypt the file. (Authenticated encryption cannot tell a wrong
    /// password from a file damaged in exactly the encrypted part; where a format has a separate
    /// check, damage after a successful check is [`ImportError::Crypto`].)
    #[error("wrong password")]
    WrongPassword,
    /// The file is not of the expected format, or a required part is missing or malformed.
    #[error("invalid {format} file: {reason}")]
    InvalidFormat {
        format: ImportFormat,
        reason: String,
    },
    /// The file declares a format version this importer does not know.
    #[error("unsupported {format} format version {version}")]
    UnsupportedVersion {
        format: ImportFormat,
        version: String,
    },
    /// The file is valid but uses something this importer cannot read (for example an Aegis vault
    /// that can only be unlocked biometrically).
    #[error("unsupported {format} file: {reason}")]
    Unsupported {
        format: ImportFormat,
        reason: String,
    },
    /// Decryption failed after the password was verified (the file is damaged), or the
    /// encryption parameters are unusable.
    #[error("decryption failed: {reason}")]
    Crypto { reason: String },
    /// The key-derivation parameters in the file exceed the configured
    /// [`KdfLimits`](super::KdfLimits) (protection against files crafted to exhaust memory/CPU).
    #[error("key derivation parameters exceed the limits: {reason}")]
    KdfLimitExceeded { reason: String },
    /// The input is larger than [`MAX_IMPORT_LEN`](super::MAX_IMPORT_LEN) bytes.
    #[error("the input is larger than the {limit}-byte import limit")]
    TooLarge { limit: u64 },
}

impl ImportError {
    /// The variant's name (`"WrongPassword"`, ...), stable for bindings.
    pub fn code(&self) -> &'static str {
        match self {
            Self::PasswordRequired => "PasswordRequired",
            Self::WrongPassword => "WrongPassword",
            Self::InvalidFormat { .. } => "InvalidFormat",
            Self::UnsupportedVersion { .. } => "UnsupportedVersion",
            Self::Unsupported { .. } => "Unsupported",
            Self::Crypto { .. } => "Crypto",
            Self::KdfLimitExceeded { .. } => "KdfLimitExceeded",
            Self::TooLarge { .. } => "TooLarge",
        }
    }

    pub(crate) fn invalid(format: ImportFormat, reason: impl Into<String>) -> Self {
        Self::InvalidFormat {
            format,
            reason: reason.into(),
        }
    }
}

/// Why an export could not be written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExportError {
    /// Account `index` cannot be written to the target format without changing it.
    #[error("account {index} cannot be exported: {reason}")]
    Unrepresentable { index: usize, reason: String },
    /// The key-derivation parameters asked for are invalid.
    #[error("invalid key derivation parameters: {reason}")]
    InvalidKdfParams { reason: String },
    /// Encryption failed (should not happen with valid parameters).
    #[error("encryption failed: {reason}")]
    Crypto { reason: String },
    /// A Google migration export failed.
    #[error(transparent)]
    Migration(#[from] MigrationError),
}

/// An unknown format name given to [`ImportFormat::from_str`](std::str::FromStr).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown import format {input:?} (expected otpauth, google, aegis, 2fas, ente, proton, andotp, freeotp-plus, freeotp, bitwarden, authy, stratum, steam, lastpass or proton-pass)")]
pub struct ParseFormatError {
    /// The name given (at most 40 characters of it).
    pub input: String,
}
