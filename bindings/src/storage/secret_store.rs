//! The foreign secret store (Android Keystore, iOS Keychain, …) and its adapter to the core.

use otpkit::storage;
use otpkit::Secret;
use std::sync::Arc;

/// Error a foreign [`SecretStore`] raises. Through `Accounts` it becomes
/// `OtpError::Storage` with kind `Backend` or `KeyLost`.
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum SecretStoreError {
    /// The backend failed (keystore locked, I/O error, …). `reason` must not contain secrets.
    #[error("{reason}")]
    Backend { reason: String },
    /// The store's key is gone or permanently invalidated while secrets sealed with it remain
    /// (e.g. an Android Keystore key after a lock-screen change): they cannot be read again and
    /// must be re-enrolled. Nothing was changed. `reason` must not contain secrets.
    #[error("{reason}")]
    KeyLost { reason: String },
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

/// How a foreign store is named in refusals.
const FOREIGN_STORE: &str = "a foreign secret store";

/// Adapts an FFI secret store to the core's trait; foreign errors become `StoreError::Backend`
/// or `StoreError::KeyLost`.
struct CoreSecretStore(Arc<dyn SecretStore>);

fn core_backend(e: impl std::fmt::Display) -> storage::StoreError {
    storage::StoreError::Backend {
        reason: e.to_string(),
    }
}

/// A foreign store's error as the core's: each variant to its own (only converts).
fn core_error(e: SecretStoreError) -> storage::StoreError {
    match e {
        SecretStoreError::Backend { reason } => storage::StoreError::Backend { reason },
        SecretStoreError::KeyLost { reason } => storage::StoreError::KeyLost { reason },
    }
}

impl storage::SecretStore for CoreSecretStore {
    fn put(&self, id: &str, secret: &Secret) -> Result<(), storage::StoreError> {
        storage::validate_id(id)?;
        storage::refuse_pin(secret, FOREIGN_STORE)?;
        self.0
            .put(id.to_owned(), secret.as_bytes().to_vec())
            .map_err(core_error)
    }
    fn get(&self, id: &str) -> Result<Option<Secret>, storage::StoreError> {
        match self.0.get(id.to_owned()).map_err(core_error)? {
            None => Ok(None),
            Some(bytes) => Secret::from_bytes(bytes).map(Some).map_err(core_backend),
        }
    }
    fn delete(&self, id: &str) -> Result<(), storage::StoreError> {
        self.0.delete(id.to_owned()).map_err(core_error)
    }
    fn list_ids(&self) -> Result<Vec<String>, storage::StoreError> {
        self.0.list_ids().map_err(core_error)
    }
    fn refuses_pins(&self) -> Option<&'static str> {
        Some(FOREIGN_STORE)
    }
}

/// The core's view of a foreign store.
pub(crate) fn core_store(store: Arc<dyn SecretStore>) -> Arc<dyn storage::SecretStore> {
    Arc::new(CoreSecretStore(store))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{OtpError, StorageFailureKind};

    /// A foreign store whose key is gone: every call fails with `KeyLost` (or `Backend` for
    /// `list_ids`, to tell the two apart).
    struct LostKey;

    impl SecretStore for LostKey {
        fn put(&self, _: String, _: Vec<u8>) -> Result<(), SecretStoreError> {
            Err(SecretStoreError::KeyLost {
                reason: "key invalidated".into(),
            })
        }
        fn get(&self, _: String) -> Result<Option<Vec<u8>>, SecretStoreError> {
            Err(SecretStoreError::KeyLost {
                reason: "key invalidated".into(),
            })
        }
        fn delete(&self, _: String) -> Result<(), SecretStoreError> {
            Ok(())
        }
        fn list_ids(&self) -> Result<Vec<String>, SecretStoreError> {
            Err(SecretStoreError::Backend {
                reason: "disk error".into(),
            })
        }
    }

    fn kind(e: storage::StoreError) -> StorageFailureKind {
        match OtpError::from(e) {
            OtpError::Storage { kind, .. } => kind,
            other => panic!("not a storage error: {other:?}"),
        }
    }

    #[test]
    fn key_lost_stays_typed_through_the_core() {
        let store = core_store(Arc::new(LostKey));
        let e = store.get("acme").unwrap_err();
        assert_eq!(
            e,
            storage::StoreError::KeyLost {
                reason: "key invalidated".into()
            }
        );
        assert!(e.to_string().contains("re-enrol"), "{e}");
        assert_eq!(kind(e), StorageFailureKind::KeyLost);
        let secret = Secret::from_bytes(vec![1; 20]).unwrap();
        assert_eq!(
            kind(store.put("acme", &secret).unwrap_err()),
            StorageFailureKind::KeyLost
        );
        assert_eq!(
            kind(store.list_ids().unwrap_err()),
            StorageFailureKind::Backend
        );
    }
}
