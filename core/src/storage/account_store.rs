//! [`AccountStore`]: account metadata in a JSON file (or in memory), secrets in any
//! [`SecretStore`] — for platforms whose own keystore should hold the secrets.

use super::account::{Account, AccountList, NewAccount};
use super::fsutil::{self, WriterLock};
use super::import::{self, StoreImport};
use super::{SecretStore, StoreError};
use crate::import::ImportedAccount;
use crate::{Secret, TimeSource};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

/// Version of the metadata JSON file.
pub const METADATA_VERSION: u32 = 1;
/// Largest metadata file accepted.
const MAX_METADATA_LEN: u64 = 64 * 1024 * 1024;

#[derive(Serialize)]
struct MetaOut<'a> {
    version: u32,
    accounts: &'a [Account],
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MetaIn {
    version: u32,
    accounts: Vec<Account>,
}

#[derive(Deserialize)]
struct VersionOnly {
    version: u32,
}

struct Inner {
    /// `None` for an in-memory store.
    file: Option<(PathBuf, WriterLock)>,
    accounts: AccountList,
}

impl Inner {
    fn persist(&self, accounts: &AccountList) -> Result<(), StoreError> {
        let Some((path, _)) = &self.file else {
            return Ok(());
        };
        let json = serde_json::to_vec_pretty(&MetaOut {
            version: METADATA_VERSION,
            accounts: accounts.as_slice(),
        })
        .map_err(|e| StoreError::Backend {
            reason: format!("could not serialize account metadata: {e}"),
        })?;
        fsutil::atomic_write(path, &json)
    }
}

/// Account metadata kept apart from the secrets: metadata in a plain JSON file (written
/// atomically, locked against a second writer) or in memory, secrets in a [`SecretStore`].
///
/// The metadata file is not encrypted (it holds issuers, labels and notes, never secrets);
/// use [`Vault`](super::Vault) when the metadata must be confidential too.
pub struct AccountStore {
    inner: Mutex<Inner>,
    secrets: Arc<dyn SecretStore>,
    clock: Arc<dyn TimeSource>,
}

impl std::fmt::Debug for AccountStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let inner = self.lock();
        f.debug_struct("AccountStore")
            .field("path", &inner.file.as_ref().map(|(p, _)| p))
            .field("accounts", &inner.accounts.as_slice().len())
            .finish_non_exhaustive()
    }
}

impl AccountStore {
    /// Opens (or creates) the metadata file at `path`, taking its writer lock.
    pub fn open(
        path: impl AsRef<Path>,
        secrets: Arc<dyn SecretStore>,
        clock: Arc<dyn TimeSource>,
    ) -> Result<Self, StoreError> {
        let path = path.as_ref().to_path_buf();
        let lock = WriterLock::acquire(&path)?;
        fsutil::remove_stale_temps(&path);
        let (accounts, existed) = match fsutil::read_limited(&path, MAX_METADATA_LEN) {
            Ok(bytes) => (parse_metadata(&bytes)?, true),
            Err(StoreError::NotFound { .. }) => (AccountList::default(), false),
            Err(e) => return Err(e),
        };
        let inner = Inner {
            file: Some((path, lock)),
            accounts,
        };
        if !existed {
            inner.persist(&inner.accounts)?;
        }
        Ok(Self {
            inner: Mutex::new(inner),
            secrets,
            clock,
        })
    }

    /// A store whose metadata lives only in memory.
    pub fn in_memory(secrets: Arc<dyn SecretStore>, clock: Arc<dyn TimeSource>) -> Self {
        Self {
            inner: Mutex::new(Inner {
                file: None,
                accounts: AccountList::default(),
            }),
            secrets,
            clock,
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // State is only replaced after a successful save, so it is consistent even if poisoned.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Applies `f` to a copy of the accounts, saves it, then makes it current.
    fn mutate<T>(
        &self,
        f: impl FnOnce(&mut AccountList, u64) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut inner = self.lock();
        let mut next = inner.accounts.clone();
        let out = f(&mut next, self.clock.now_unix())?;
        inner.persist(&next)?;
        inner.accounts = next;
        Ok(out)
    }

    /// All accounts, in the order they were added.
    pub fn list(&self) -> Vec<Account> {
        self.lock().accounts.as_slice().to_vec()
    }

    /// The account with `id`.
    pub fn get(&self, id: &str) -> Option<Account> {
        self.lock().accounts.get(id).cloned()
    }

    /// The secret of the account with `id`, from the secret store.
    pub fn secret(&self, id: &str) -> Result<Option<Secret>, StoreError> {
        self.secrets.get(id)
    }

    /// Adds an account: the secret is stored first, then the metadata; if the metadata cannot
    /// be saved the secret is deleted again.
    pub fn add(&self, new: NewAccount, secret: &Secret) -> Result<Account, StoreError> {
        let mut inner = self.lock();
        let mut next = inner.accounts.clone();
        let account = next.add_for(new, secret, self.clock.now_unix())?;
        self.secrets.put(&account.id, secret)?;
        if let Err(e) = inner.persist(&next) {
            let _ = self.secrets.delete(&account.id);
            return Err(e);
        }
        inner.accounts = next;
        Ok(account)
    }

    /// Imports `entries` all at once (see [`Vault::import`](super::Vault::import)): every entry
    /// is checked first, then the secrets of the importable ones are stored and the metadata is
    /// saved once. If a secret or the metadata cannot be stored, the secrets stored so far are
    /// deleted again and nothing is added.
    pub fn import(&self, entries: &[ImportedAccount]) -> Result<StoreImport, StoreError> {
        let mut inner = self.lock();
        let plan = import::plan(
            &inner.accounts,
            |id| self.secrets.get(id),
            entries,
            self.secrets.refuses_pins(),
        )?;
        let mut outcome = plan.outcome;
        if plan.to_add.is_empty() {
            return Ok(outcome);
        }
        let now = self.clock.now_unix();
        let mut next = inner.accounts.clone();
        let mut stored: Vec<String> = Vec::new();
        let result = (|| {
            for (new, secret) in &plan.to_add {
                let account = next.add_for(new.clone(), secret, now)?;
                self.secrets.put(&account.id, secret)?;
                stored.push(account.id.clone());
                outcome.added.push(account);
            }
            inner.persist(&next)
        })();
        if let Err(e) = result {
            for id in &stored {
                let _ = self.secrets.delete(id);
            }
            return Err(e);
        }
        inner.accounts = next;
        Ok(outcome)
    }

    /// Replaces the metadata of the account with `account.id`; keeps `created`, sets `updated`.
    pub fn update(&self, account: &Account) -> Result<Account, StoreError> {
        self.mutate(|list, now| list.update(account, now))
    }

    /// Replaces the secret of an existing account.
    pub fn set_secret(&self, id: &str, secret: &Secret) -> Result<(), StoreError> {
        let inner = self.lock();
        if inner.accounts.get(id).is_none() {
            return Err(StoreError::AccountNotFound {
                id: crate::echo::echo_name(id),
            });
        }
        self.secrets.put(id, secret)
    }

    /// Advances an HOTP account's counter and returns the new value.
    pub fn bump_counter(&self, id: &str) -> Result<u64, StoreError> {
        self.mutate(|list, now| list.bump_counter(id, now))
    }

    /// Removes an account: the metadata first, then the secret. If deleting the secret fails the
    /// error is returned and the secret is left orphaned (see [`AccountStore::orphan_secret_ids`]).
    pub fn remove(&self, id: &str) -> Result<Account, StoreError> {
        let account = self.mutate(|list, _| list.remove(id))?;
        self.secrets.delete(id)?;
        Ok(account)
    }

    /// Ids in the secret store with no account here (left by an interrupted removal). Only
    /// meaningful when the secret store is used by this `AccountStore` alone.
    pub fn orphan_secret_ids(&self) -> Result<Vec<String>, StoreError> {
        let inner = self.lock();
        Ok(self
            .secrets
            .list_ids()?
            .into_iter()
            .filter(|id| inner.accounts.get(id).is_none())
            .collect())
    }

    /// Accounts whose secret is missing from the secret store.
    pub fn accounts_missing_secret(&self) -> Result<Vec<String>, StoreError> {
        let ids: std::collections::HashSet<String> = self.secrets.list_ids()?.into_iter().collect();
        Ok(self
            .lock()
            .accounts
            .as_slice()
            .iter()
            .filter(|a| !ids.contains(&a.id))
            .map(|a| a.id.clone())
            .collect())
    }
}

fn parse_metadata(bytes: &[u8]) -> Result<AccountList, StoreError> {
    let describe = |e: serde_json::Error| {
        StoreError::corrupted(format!(
            "metadata file is not valid ({:?} error at line {}, column {})",
            e.classify(),
            e.line(),
            e.column()
        ))
    };
    let version = serde_json::from_slice::<VersionOnly>(bytes)
        .map_err(describe)?
        .version;
    if version != METADATA_VERSION {
        return Err(StoreError::UnsupportedVersion {
            found: version,
            supported: METADATA_VERSION,
        });
    }
    let meta: MetaIn = serde_json::from_slice(bytes).map_err(describe)?;
    debug_assert_eq!(meta.version, METADATA_VERSION);
    AccountList::from_stored(meta.accounts)
}
