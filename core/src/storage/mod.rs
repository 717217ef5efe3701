//! Account model and secret storage.
//!
//! Metadata (issuer, label, parameters, note, groups…) is kept apart from the shared secrets:
//!
//! * [`Account`] is the metadata record; [`NewAccount`] is what a caller supplies to create one.
//! * [`SecretStore`] holds secrets by account id. Backends: [`MemorySecretStore`] (tests),
//!   [`KeyringSecretStore`] (OS credential store, crate feature `keyring`), any foreign
//!   implementation (Android Keystore, iOS Keychain through the bindings), and [`Vault`].
//! * [`Vault`] is the embedded default: one encrypted file (Argon2id + XChaCha20-Poly1305) holding
//!   both the metadata and the secrets, unlocked by a passphrase or by a raw key kept in another
//!   [`SecretStore`]. The byte layout is documented in `docs/storage.md`.
//! * [`AccountStore`] keeps metadata in a JSON file (or in memory) and secrets in any
//!   [`SecretStore`], for platforms whose own keystore should hold the secrets.
//! * [`Accounts`] / [`AccountsView`] ([`accounts`]) are the one API over both stores: add,
//!   update, remove, find, snapshots, the HOTP counter policy, backup import and exports.
//!
//! Every mutating call is durable when it returns `Ok`: files are replaced atomically (temporary
//! file, fsync, rename, fsync of the directory), and a failed write leaves the previous file and
//! the in-memory state as they were.

mod account;
mod account_store;
pub mod accounts;
mod error;
mod fsutil;
mod import;
mod interop;
#[cfg(feature = "keyring")]
mod keyring;
mod memory;
pub mod query;
pub mod vault;

pub use account::{Account, NewAccount, MAX_ICON_LEN, WARNING_SECRET_TRAILING_BITS};
pub use account_store::AccountStore;
pub use accounts::{
    read_backup, AccountCode, Accounts, AccountsError, AccountsView, BackupImport, ExportFormat,
    ReadBackup,
};
pub use error::StoreError;
pub use import::StoreImport;
#[cfg(feature = "keyring")]
pub use keyring::KeyringSecretStore;
pub use memory::MemorySecretStore;
pub use query::{display_name, filter_accounts, match_accounts, MatchKind, Matches};
pub use vault::{
    KdfLimits, KdfParams, KeySlotInfo, KeySlotKind, Unlock, Vault, VaultContents, VaultInfo,
    VaultKey,
};

use crate::Secret;

/// Longest account id a store accepts (ids made here are 32 hex characters).
pub const MAX_ID_LEN: usize = 128;

/// A place that keeps secrets by account id.
///
/// Object safe and made of simple types so the bindings can mirror it as a foreign trait
/// (Android Keystore, iOS Keychain). Semantics every implementation follows:
///
/// * `put` inserts or replaces, and is durable when it returns `Ok`.
/// * `get` of an unknown id is `Ok(None)`, not an error.
/// * `delete` of an unknown id is `Ok(())` (idempotent).
/// * `list_ids` returns every id that `get` would find, in no particular order.
pub trait SecretStore: Send + Sync {
    /// Stores `secret` under `id`, replacing any previous one.
    fn put(&self, id: &str, secret: &Secret) -> Result<(), StoreError>;
    /// The secret stored under `id`, if any.
    fn get(&self, id: &str) -> Result<Option<Secret>, StoreError>;
    /// Removes the secret stored under `id`; succeeds when there is none.
    fn delete(&self, id: &str) -> Result<(), StoreError>;
    /// Ids of all stored secrets.
    fn list_ids(&self) -> Result<Vec<String>, StoreError>;
    /// `Some(store name)` when this store holds only raw key bytes and so refuses secrets with a
    /// PIN ([`refuse_pin`]); imports then refuse such entries one by one instead of failing.
    fn refuses_pins(&self) -> Option<&'static str> {
        None
    }
}

/// Writes a file that holds secrets (a plaintext export) the way the vault is written: a new
/// temporary file created with mode 0600 in the same directory, fsync, then an atomic rename over
/// `path`. A symlink at `path` is replaced, never followed, and an existing file's mode is not
/// kept. On error `path` is untouched.
pub fn write_private_file(
    path: impl AsRef<std::path::Path>,
    bytes: &[u8],
) -> Result<(), StoreError> {
    fsutil::atomic_write(path.as_ref(), bytes)
}

/// For secret stores that hold only the raw key bytes (the OS keyring, foreign stores such as the
/// Android Keystore or iOS Keychain adapters): refuses a secret with a PIN (mOTP, Yandex Key)
/// instead of silently dropping the PIN.
pub fn refuse_pin(secret: &Secret, store: &str) -> Result<(), StoreError> {
    match secret.pin() {
        Some(_) => Err(StoreError::InvalidAccount {
            reason: format!(
                "{store} holds only key bytes, not a PIN (mOTP, Yandex Key): use a vault"
            ),
        }),
        None => Ok(()),
    }
}

/// Checks an id given to a [`SecretStore`]: 1 to [`MAX_ID_LEN`] bytes, no control characters.
pub fn validate_id(id: &str) -> Result<(), StoreError> {
    if id.is_empty() || id.len() > MAX_ID_LEN || id.chars().any(char::is_control) {
        return Err(StoreError::invalid_id(id));
    }
    Ok(())
}

impl<T: SecretStore + ?Sized> SecretStore for std::sync::Arc<T> {
    fn put(&self, id: &str, secret: &Secret) -> Result<(), StoreError> {
        (**self).put(id, secret)
    }
    fn get(&self, id: &str) -> Result<Option<Secret>, StoreError> {
        (**self).get(id)
    }
    fn delete(&self, id: &str) -> Result<(), StoreError> {
        (**self).delete(id)
    }
    fn list_ids(&self) -> Result<Vec<String>, StoreError> {
        (**self).list_ids()
    }
    fn refuses_pins(&self) -> Option<&'static str> {
        (**self).refuses_pins()
    }
}
