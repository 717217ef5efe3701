//! [`MemorySecretStore`]: secrets in a map, gone when dropped (tests, ephemeral sessions).

use super::{validate_id, SecretStore, StoreError};
use crate::Secret;
use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard};

/// A [`SecretStore`] in memory. Secrets are zeroized when replaced, deleted or dropped.
#[derive(Default)]
pub struct MemorySecretStore {
    secrets: Mutex<BTreeMap<String, Secret>>,
}

impl MemorySecretStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    fn map(&self) -> MutexGuard<'_, BTreeMap<String, Secret>> {
        // A panic elsewhere while holding the lock cannot leave the map half-updated
        // (every operation is a single map call), so a poisoned lock is still usable.
        self.secrets.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl std::fmt::Debug for MemorySecretStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MemorySecretStore")
            .field("entries", &self.map().len())
            .finish()
    }
}

impl SecretStore for MemorySecretStore {
    fn put(&self, id: &str, secret: &Secret) -> Result<(), StoreError> {
        validate_id(id)?;
        self.map().insert(id.to_owned(), secret.clone());
        Ok(())
    }

    fn get(&self, id: &str) -> Result<Option<Secret>, StoreError> {
        validate_id(id)?;
        Ok(self.map().get(id).cloned())
    }

    fn delete(&self, id: &str) -> Result<(), StoreError> {
        validate_id(id)?;
        self.map().remove(id);
        Ok(())
    }

    fn list_ids(&self) -> Result<Vec<String>, StoreError> {
        Ok(self.map().keys().cloned().collect())
    }
}
