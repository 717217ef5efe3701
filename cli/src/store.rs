//! Opening the account store the user chose, and naming one account in it by a query.
//!
//! The store is the encrypted vault file by default (under the XDG data directory, or `--vault`),
//! or, with `--store keyring`, an account list file whose secrets live in the OS credential store.
//! Passphrases come from `OTPKIT_PASSPHRASE` (new ones from `OTPKIT_NEW_PASSPHRASE`) or a prompt.
//! The clock is the one `main` passes in.

use crate::{note, CliError};
use clap::{Args, ValueEnum};
use otpkit::import::ImportedAccount;
use otpkit::storage::{
    self as core_store, Account, AccountStore, KdfLimits, KdfParams, KeyringSecretStore, Matches,
    NewAccount, StoreError, StoreImport, Unlock, Vault, VaultContents,
};
use otpkit::{TimeSource, OtpParams, Secret};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where accounts are kept.
#[derive(Clone, Copy, Default, ValueEnum, PartialEq, Eq)]
pub enum StoreKind {
    /// Encrypted vault file (Argon2id + XChaCha20-Poly1305).
    #[default]
    Vault,
    /// OS credential store for secrets (Keychain, Secret Service/keyutils, Windows) + an account list file.
    Keyring,
}

#[derive(Args, Clone)]
pub struct StoreArgs {
    /// Vault file (or, with --store keyring, the account list file). Default: under the XDG data dir.
    #[arg(long, global = true, value_name = "PATH")]
    pub vault: Option<PathBuf>,
    /// Which store holds the accounts.
    #[arg(long, global = true, value_enum, default_value = "vault")]
    pub store: StoreKind,
}

/// Spinner labels (crate::progress) while the vault key is derived.
pub const UNLOCKING: &str = "unlocking the vault (Argon2id)";
pub const DERIVING_NEW: &str = "deriving the new vault key (Argon2id)";

/// The store arguments together with the clock `main` injected.
pub struct Store {
    pub args: StoreArgs,
    pub clock: Arc<dyn TimeSource>,
}

/// The open account store.
pub enum Backend {
    /// Opened for writing (holds the writer lock).
    Vault(Vault),
    /// A decrypted copy read without the writer lock (list, export, TOTP show).
    Snapshot(VaultContents),
    Keyring(AccountStore),
}

/// How a command uses the store.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Read only: no writer lock for the vault, so it works while another command writes.
    Read,
    /// Read and write an existing store.
    Write,
}

impl Backend {
    pub fn list(&self) -> Vec<Account> {
        match self {
            Backend::Vault(v) => v.list(),
            Backend::Snapshot(c) => c.accounts().to_vec(),
            Backend::Keyring(s) => s.list(),
        }
    }
    pub fn secret(&self, id: &str) -> Result<Secret, CliError> {
        let found = match self {
            Backend::Vault(v) => v.secret(id),
            Backend::Snapshot(c) => c.secret(id).cloned(),
            Backend::Keyring(s) => s.secret(id).map_err(store_err)?,
        };
        found.ok_or_else(|| {
            CliError::failure(format!(
                "the secret of account {id} is missing from the store"
            ))
        })
    }
    pub fn add(&self, new: NewAccount, secret: &Secret) -> Result<Account, CliError> {
        match self {
            Backend::Vault(v) => v.add(new, secret),
            Backend::Keyring(s) => s.add(new, secret),
            Backend::Snapshot(_) => return Err(read_only()),
        }
        .map_err(store_err)
    }
    pub fn import(&self, entries: &[ImportedAccount]) -> Result<StoreImport, CliError> {
        match self {
            Backend::Vault(v) => v.import(entries),
            Backend::Keyring(s) => s.import(entries),
            Backend::Snapshot(_) => return Err(read_only()),
        }
        .map_err(store_err)
    }
    pub fn remove(&self, id: &str) -> Result<Account, CliError> {
        match self {
            Backend::Vault(v) => v.remove(id),
            Backend::Keyring(s) => s.remove(id),
            Backend::Snapshot(_) => return Err(read_only()),
        }
        .map_err(store_err)
    }
    pub fn bump_counter(&self, id: &str) -> Result<u64, CliError> {
        match self {
            Backend::Vault(v) => v.bump_counter(id),
            Backend::Keyring(s) => s.bump_counter(id),
            Backend::Snapshot(_) => return Err(read_only()),
        }
        .map_err(store_err)
    }
}

pub fn read_only() -> CliError {
    CliError::failure("internal error: the store was opened read-only")
}

pub fn store_err(e: StoreError) -> CliError {
    match e {
        StoreError::Io { .. } | StoreError::Unavailable { .. } | StoreError::Backend { .. } => {
            CliError::failure(e)
        }
        other => CliError::input(other),
    }
}

fn default_path(kind: StoreKind) -> Result<PathBuf, CliError> {
    let base = dirs::data_dir()
        .ok_or_else(|| CliError::failure("no data directory: set --vault or HOME"))?;
    Ok(base.join("otpkit").join(match kind {
        StoreKind::Vault => "vault.otpkit",
        StoreKind::Keyring => "accounts.json",
    }))
}

/// A passphrase from `var`, or a hidden prompt (twice when `confirm`).
pub fn passphrase(var: &str, prompt: &str, confirm: bool) -> Result<String, CliError> {
    if let Ok(p) = std::env::var(var) {
        if p.is_empty() {
            return Err(CliError::input(format!("{var} is empty")));
        }
        return Ok(p);
    }
    let p = rpassword::prompt_password(prompt).map_err(|e| {
        CliError::input(format!(
            "no passphrase: set {var} or run in a terminal ({e})"
        ))
    })?;
    if confirm && rpassword::prompt_password("Repeat: ").map_err(CliError::input)? != p {
        return Err(CliError::input("the passphrases do not match"));
    }
    Ok(p)
}

impl Store {
    pub fn path(&self) -> Result<PathBuf, CliError> {
        match &self.args.vault {
            Some(p) => Ok(p.clone()),
            None => default_path(self.args.store),
        }
    }

    /// True when the vault store is selected and its file does not exist yet.
    pub fn vault_missing(&self) -> Result<Option<PathBuf>, CliError> {
        let path = self.path()?;
        Ok(
            (self.args.store == StoreKind::Vault && path.symlink_metadata().is_err())
                .then_some(path),
        )
    }

    pub fn open(&self, mode: Mode) -> Result<Backend, CliError> {
        let path = self.path()?;
        match self.args.store {
            StoreKind::Keyring => {
                if let Some(dir) = path.parent() {
                    std::fs::create_dir_all(dir).map_err(CliError::failure)?;
                }
                let secrets = KeyringSecretStore::new("otpkit").map_err(store_err)?;
                Ok(Backend::Keyring(
                    AccountStore::open(&path, Arc::new(secrets), self.clock.clone())
                        .map_err(store_err)?,
                ))
            }
            StoreKind::Vault if path.exists() => {
                let pass = passphrase("OTPKIT_PASSPHRASE", "Vault passphrase: ", false)?;
                let unlock = Unlock::Passphrase(&pass);
                crate::progress::deriving(UNLOCKING, || {
                    Ok(match mode {
                        Mode::Read => Backend::Snapshot(
                            VaultContents::read(&path, unlock, &KdfLimits::default())
                                .map_err(store_err)?,
                        ),
                        Mode::Write => Backend::Vault(
                            Vault::open(&path, unlock, self.clock.clone()).map_err(store_err)?,
                        ),
                    })
                })
            }
            StoreKind::Vault => Err(CliError::input(format!(
                "no vault at {} (add an account first)",
                path.display()
            ))),
        }
    }

    /// Creates the vault at `path` holding `entries`, written once (no file is left if it fails).
    pub fn create_vault(
        &self,
        path: &Path,
        entries: &[ImportedAccount],
    ) -> Result<StoreImport, CliError> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(CliError::failure)?;
        }
        let pass = passphrase("OTPKIT_PASSPHRASE", "New vault passphrase: ", true)?;
        let (_, outcome) = crate::progress::deriving(DERIVING_NEW, || {
            Vault::create_with_import(
                path,
                &pass,
                KdfParams::default(),
                self.clock.clone(),
                entries,
            )
        })
        .map_err(store_err)?;
        note!("otpkit: created vault {}", path.display());
        Ok(outcome)
    }
}

/// The one account `query` names (core's matching rules, `otpkit::storage::query`); an
/// ambiguous query is bad input naming every match.
pub fn resolve(backend: &Backend, query: &str) -> Result<Account, CliError> {
    let all = backend.list();
    match core_store::match_accounts(&all, query) {
        Matches::Unique(a, _) => Ok(a.clone()),
        Matches::None => Err(CliError::input(format!("no account matches {query:?}"))),
        Matches::Ambiguous(many) => {
            let names: Vec<String> = many
                .iter()
                .map(|a| format!("{} (id {})", crate::listing::printable(&display(a)), a.id))
                .collect();
            Err(CliError::input(format!(
                "{query:?} matches {} accounts: {}; use a longer query or the id",
                many.len(),
                names.join(", ")
            )))
        }
    }
}

pub fn display(a: &Account) -> String {
    core_store::display_name(a)
}

pub fn kind_name(p: &OtpParams) -> &'static str {
    p.kind.name()
}
