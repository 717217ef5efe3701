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
    self as core_store, Account, AccountStore, Accounts, AccountsError, AccountsView, KdfLimits,
    KdfParams, KeyringSecretStore, StoreError, StoreImport, Unlock, Vault, VaultContents,
};
use otpkit::{OtpParams, TimeSource};
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

/// An opened store: writable, or a read-only view.
enum Opened {
    Store(Box<dyn Accounts>),
    View(Box<dyn AccountsView>),
}

/// How a command uses the store.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Read only: no writer lock for the vault, so it works while another command writes.
    Read,
    /// Read and write an existing store.
    Write,
}

/// Exit 1 for I/O and backend failures, exit 2 for everything the user can fix.
pub fn store_err(e: StoreError) -> CliError {
    match e {
        StoreError::Io { .. } | StoreError::Unavailable { .. } | StoreError::Backend { .. } => {
            CliError::failure(e)
        }
        other => CliError::input(other),
    }
}

impl From<AccountsError> for CliError {
    fn from(e: AccountsError) -> Self {
        match e {
            AccountsError::Store(e) => store_err(e),
            AccountsError::SecretMissing { .. } | AccountsError::CannotMakeCodes { .. } => {
                CliError::failure(e)
            }
            AccountsError::UnknownFormat => CliError::input("unknown backup format: pass --format"),
            AccountsError::NoPassphrase => {
                CliError::input("passwd applies to the vault store only")
            }
            other => CliError::input(other),
        }
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

    /// The store opened for reading (a vault is decrypted into a copy, without its writer lock).
    pub fn open_read(&self) -> Result<Box<dyn AccountsView>, CliError> {
        match self.open(Mode::Read)? {
            Opened::View(v) => Ok(v),
            Opened::Store(s) => Ok(s),
        }
    }

    /// The store opened for writing (holds its writer lock).
    pub fn open_write(&self) -> Result<Box<dyn Accounts>, CliError> {
        match self.open(Mode::Write)? {
            Opened::Store(s) => Ok(s),
            Opened::View(_) => Err(CliError::failure(
                "internal error: the store was opened read-only",
            )),
        }
    }

    fn open(&self, mode: Mode) -> Result<Opened, CliError> {
        let path = self.path()?;
        match self.args.store {
            StoreKind::Keyring => {
                if let Some(dir) = path.parent() {
                    std::fs::create_dir_all(dir).map_err(CliError::failure)?;
                }
                let secrets = KeyringSecretStore::new("otpkit").map_err(store_err)?;
                Ok(Opened::Store(Box::new(
                    AccountStore::open(&path, Arc::new(secrets), self.clock.clone())
                        .map_err(store_err)?,
                )))
            }
            StoreKind::Vault if path.exists() => {
                let pass = passphrase("OTPKIT_PASSPHRASE", "Vault passphrase: ", false)?;
                let unlock = Unlock::Passphrase(&pass);
                crate::progress::deriving(UNLOCKING, || {
                    Ok(match mode {
                        Mode::Read => Opened::View(Box::new(
                            VaultContents::read(&path, unlock, &KdfLimits::default())
                                .map_err(store_err)?,
                        )),
                        Mode::Write => Opened::Store(Box::new(
                            Vault::open(&path, unlock, self.clock.clone()).map_err(store_err)?,
                        )),
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
pub fn resolve(backend: &dyn AccountsView, query: &str) -> Result<Account, CliError> {
    Ok(backend.find(query)?)
}

pub fn display(a: &Account) -> String {
    core_store::display_name(a)
}

pub fn kind_name(p: &OtpParams) -> &'static str {
    p.kind.name()
}
