//! The one error type of the storage module. No variant ever carries secret material, passphrases
//! or key bytes; payload parse failures report only a position.

use std::path::PathBuf;

/// Why a storage operation failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    // ----- opening a vault file -----
    /// The file does not start with the vault magic `OTPKITV1`.
    #[error("not an otpkit vault (the file does not start with the OTPKITV1 magic)")]
    NotAVault,
    /// The file ends before the length its header promises: an incomplete copy or write.
    #[error("vault file is truncated: {actual} bytes, expected {expected}")]
    Truncated { expected: u64, actual: u64 },
    /// The file is damaged (checksum mismatch, impossible field, bad payload…).
    #[error("vault file is corrupted: {reason}")]
    Corrupted { reason: String },
    /// The file was written by a newer format version than this build reads.
    #[error("unsupported vault format version {found} (this build reads version {supported})")]
    UnsupportedVersion { found: u32, supported: u32 },
    /// No passphrase slot accepted the passphrase.
    #[error("wrong passphrase")]
    WrongPassphrase,
    /// No key slot accepted the key.
    #[error("wrong vault key")]
    WrongKey,
    /// The vault has no slot of the kind the unlock method needs.
    #[error("vault has no {kind} key slot")]
    NoMatchingSlot { kind: &'static str },
    /// The vault's KDF parameters exceed the limits the caller allows (protects against a file
    /// crafted to exhaust memory or time).
    #[error("vault KDF parameters exceed the allowed limits: {reason}")]
    KdfLimitExceeded { reason: String },
    /// The key kept in a secret store for unlocking is missing there.
    #[error("no vault key stored under {entry:?}")]
    KeyNotInStore { entry: String },

    // ----- files and locking -----
    /// Another writer holds the vault's lock file.
    #[error("vault is locked by another writer (lock file {lock_path:?})")]
    VaultLocked { lock_path: PathBuf },
    /// Refusing to overwrite an existing file.
    #[error("a file already exists at {path:?}")]
    AlreadyExists { path: PathBuf },
    /// The file to open does not exist.
    #[error("no file at {path:?}")]
    NotFound { path: PathBuf },
    /// An operating-system I/O error.
    #[error("I/O error while trying to {op} {path:?}: {message}")]
    Io {
        op: &'static str,
        path: PathBuf,
        kind: std::io::ErrorKind,
        message: String,
    },

    // ----- arguments -----
    /// An empty passphrase was given for a new vault or a passphrase change.
    #[error("passphrase must not be empty")]
    EmptyPassphrase,
    /// Argon2id parameters out of range.
    #[error("invalid KDF parameters: {reason}")]
    InvalidKdfParams { reason: String },
    /// A vault key must be exactly 32 bytes.
    #[error("vault key must be 32 bytes, got {len}")]
    InvalidKey { len: usize },
    /// An id is empty, too long or contains control characters.
    #[error("invalid id {id:?}")]
    InvalidId { id: String },
    /// No key slot has this id.
    #[error("no key slot with id {slot_id:?}")]
    KeySlotNotFound { slot_id: String },
    /// The passphrase slot cannot be removed (use `change_passphrase`).
    #[error("the passphrase slot cannot be removed")]
    PassphraseSlotRequired,
    /// The header has room for a limited number of key slots.
    #[error("too many key slots (at most {max})")]
    TooManyKeySlots { max: usize },

    // ----- accounts -----
    /// No account has this id.
    #[error("no account with id {id:?}")]
    AccountNotFound { id: String },
    /// An account with this id already exists.
    #[error("an account with id {id:?} already exists")]
    DuplicateAccount { id: String },
    /// The account's fields are unusable.
    #[error("invalid account: {reason}")]
    InvalidAccount { reason: String },

    // ----- secret-store backends -----
    /// The backend cannot be reached (no keyring service, locked keystore…).
    #[error("secret store unavailable: {reason}")]
    Unavailable { reason: String },
    /// The backend reported a failure.
    #[error("secret store failed: {reason}")]
    Backend { reason: String },
    /// The backend's key is gone or permanently unusable while secrets sealed with it remain
    /// (Android Keystore key invalidated by a lock-screen change, keystore wiped, restore on
    /// another device). Nothing was changed; the stored secrets cannot be read again: re-enrol
    /// them (the store's reset, then store each secret anew).
    #[error("secret store key unavailable; re-enrol: {reason}")]
    KeyLost { reason: String },
}

impl StoreError {
    /// Wraps an I/O error with what was being done and where.
    pub(crate) fn io(op: &'static str, path: impl Into<PathBuf>, err: &std::io::Error) -> Self {
        StoreError::Io {
            op,
            path: path.into(),
            kind: err.kind(),
            message: err.to_string(),
        }
    }

    /// `Corrupted` with a reason.
    pub(crate) fn corrupted(reason: impl Into<String>) -> Self {
        StoreError::Corrupted {
            reason: reason.into(),
        }
    }

    /// `InvalidId`, keeping at most 64 characters of the offending id in the message.
    pub(crate) fn invalid_id(id: &str) -> Self {
        StoreError::InvalidId {
            id: crate::echo::echo_name(id),
        }
    }
}
