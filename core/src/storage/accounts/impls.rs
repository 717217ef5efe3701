//! The facade over each store: the primitives delegate to the stores' own methods.

use super::{Accounts, AccountsError, AccountsView};
use crate::import::ImportedAccount;
use crate::storage::{
    Account, AccountStore, KdfParams, NewAccount, StoreError, StoreImport, Vault, VaultContents,
};
use crate::Secret;

impl AccountsView for Vault {
    fn list(&self) -> Vec<Account> {
        Vault::list(self)
    }
    fn get(&self, id: &str) -> Option<Account> {
        Vault::get(self, id)
    }
    fn secret(&self, id: &str) -> Result<Option<Secret>, StoreError> {
        Ok(Vault::secret(self, id))
    }
}

impl Accounts for Vault {
    fn add(&self, new: NewAccount, secret: &Secret) -> Result<Account, StoreError> {
        Vault::add(self, new, secret)
    }
    fn update(&self, account: &Account) -> Result<Account, StoreError> {
        Vault::update(self, account)
    }
    fn remove(&self, id: &str) -> Result<Account, StoreError> {
        Vault::remove(self, id)
    }
    fn import_entries(&self, entries: &[ImportedAccount]) -> Result<StoreImport, StoreError> {
        Vault::import(self, entries)
    }
    fn bump_counter(&self, id: &str) -> Result<u64, StoreError> {
        Vault::bump_counter(self, id)
    }
    fn change_passphrase(&self, new: &str, kdf: KdfParams) -> Result<(), AccountsError> {
        Ok(Vault::change_passphrase(self, new, kdf)?)
    }
}

impl AccountsView for AccountStore {
    fn list(&self) -> Vec<Account> {
        AccountStore::list(self)
    }
    fn get(&self, id: &str) -> Option<Account> {
        AccountStore::get(self, id)
    }
    fn secret(&self, id: &str) -> Result<Option<Secret>, StoreError> {
        AccountStore::secret(self, id)
    }
}

impl Accounts for AccountStore {
    fn add(&self, new: NewAccount, secret: &Secret) -> Result<Account, StoreError> {
        AccountStore::add(self, new, secret)
    }
    fn update(&self, account: &Account) -> Result<Account, StoreError> {
        AccountStore::update(self, account)
    }
    fn remove(&self, id: &str) -> Result<Account, StoreError> {
        AccountStore::remove(self, id)
    }
    fn import_entries(&self, entries: &[ImportedAccount]) -> Result<StoreImport, StoreError> {
        AccountStore::import(self, entries)
    }
    fn bump_counter(&self, id: &str) -> Result<u64, StoreError> {
        AccountStore::bump_counter(self, id)
    }
}

/// A decrypted copy of a vault read without its writer lock: reads and exports only.
impl AccountsView for VaultContents {
    fn list(&self) -> Vec<Account> {
        self.accounts().to_vec()
    }
    fn get(&self, id: &str) -> Option<Account> {
        self.accounts().iter().find(|a| a.id == id).cloned()
    }
    fn secret(&self, id: &str) -> Result<Option<Secret>, StoreError> {
        Ok(VaultContents::secret(self, id).cloned())
    }
}
