//! The accounts facade: one API over every store ([`Vault`](super::Vault),
//! [`AccountStore`](super::AccountStore), and read-only [`VaultContents`](super::VaultContents)),
//! so the CLI and the bindings only convert types and call it.
//!
//! * [`AccountsView`] reads: list in display order, find by query, secrets, code snapshots,
//!   exports. Every store implements it.
//! * [`Accounts`] adds the writes: add/update/remove, backup import (one save), the HOTP code
//!   with the counter policy, and the passphrase change where the store has one.
//!
//! **HOTP counter policy** (docs/decisions.md): a snapshot or listing never shows an HOTP code.
//! [`Accounts::code`] is the only way to an HOTP code from a store, and it *reserves before it
//! reveals*: the counter is advanced and saved first (under the store's lock), and only then is
//! the code for the counter value it replaced returned. If the save fails no code is returned; if
//! showing the code fails afterwards, that counter value is skipped (a gap the server's look-ahead
//! window absorbs), never shown again. So one counter value is never behind two shown codes.

mod backup;
mod error;
mod impls;

pub use backup::{read_backup, BackupImport, ReadBackup};
pub use error::AccountsError;

use super::{query, Account, KdfParams, NewAccount, StoreError, StoreImport};
use crate::import::{self, ImportFormat, ImportedAccount};
use crate::otp::CodeSnapshot;
use crate::{CodeGenerator, OtpAuthUri, OtpKind, OtpParams, Secret, TimeSource};
use std::path::Path;

/// One account with its codes at a time.
#[derive(Debug, Clone)]
pub struct AccountCode {
    /// The account (for [`Accounts::code`], as stored after the counter was advanced).
    pub account: Account,
    /// `None` for an HOTP account in a snapshot (a code would use up a counter). For HOTP from
    /// [`Accounts::code`], `current` is the code of `counter` (the value used) and `next` that
    /// of the following one.
    pub code: Option<CodeSnapshot>,
}

impl AccountCode {
    /// Seconds the current code stays valid (TOTP, Steam, mOTP, Yandex); `None` for HOTP.
    pub fn remaining(&self) -> Option<u64> {
        match self.account.params.kind {
            OtpKind::Hotp { .. } => None,
            _ => self.code.as_ref().map(|c| c.remaining),
        }
    }
}

/// Export formats. Plain exports hold the secrets in clear text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ExportFormat {
    /// otpauth URIs, one per line.
    OtpauthList,
    /// Google Authenticator migration URIs (one per QR code), one per line.
    GoogleMigration,
    /// Aegis vault JSON; encrypted (scrypt) when a password is given.
    Aegis,
    /// One account's otpauth URI as a QR code drawn in terminal text.
    #[cfg(feature = "qr")]
    QrText,
}

impl ExportFormat {
    /// True when the format takes a password (and is then encrypted): Aegis only.
    pub fn can_encrypt(self) -> bool {
        self == ExportFormat::Aegis
    }

    /// The format's name in messages.
    pub fn name(self) -> &'static str {
        match self {
            ExportFormat::OtpauthList => "otpauth",
            ExportFormat::GoogleMigration => "Google migration",
            ExportFormat::Aegis => "Aegis",
            #[cfg(feature = "qr")]
            ExportFormat::QrText => "QR",
        }
    }
}

/// Reading the accounts of any store.
pub trait AccountsView {
    /// All accounts, in the order they were stored.
    fn list(&self) -> Vec<Account>;
    /// The account with `id`.
    fn get(&self, id: &str) -> Option<Account>;
    /// The secret of the account with `id`, if the store has it.
    fn secret(&self, id: &str) -> Result<Option<Secret>, StoreError>;

    /// All accounts in display order (`storage::query`: issuer, label, case-insensitively).
    fn accounts(&self) -> Vec<Account> {
        query::sorted(&self.list()).into_iter().cloned().collect()
    }

    /// The one account `query` names (`storage::query::match_accounts` tiers).
    fn find(&self, query: &str) -> Result<Account, AccountsError> {
        let all = self.list();
        match query::match_accounts(&all, query) {
            query::Matches::Unique(a, _) => Ok(a.clone()),
            query::Matches::None => Err(AccountsError::NoMatch {
                query: crate::echo::echo_name(query),
            }),
            query::Matches::Ambiguous(many) => Err(AccountsError::Ambiguous {
                query: crate::echo::echo_name(query),
                matches: many.into_iter().cloned().collect(),
            }),
        }
    }

    /// Accounts whose name contains `query` (or whose id starts with it), in display order;
    /// every account for `None` or a blank query, none when nothing matches (a search box).
    fn filter(&self, query: Option<&str>) -> Vec<Account> {
        query::filter_accounts(&self.list(), query)
            .into_iter()
            .cloned()
            .collect()
    }

    /// [`AccountsView::filter`] for commands that name accounts: a non-blank query matching
    /// nothing is [`AccountsError::NoMatch`].
    fn search(&self, query: Option<&str>) -> Result<Vec<Account>, AccountsError> {
        let all = self.list();
        let found: Vec<Account> = query::filter_accounts(&all, query)
            .into_iter()
            .cloned()
            .collect();
        match query.filter(|q| !q.trim().is_empty()) {
            Some(q) if found.is_empty() => Err(AccountsError::NoMatch {
                query: crate::echo::echo_name(q),
            }),
            _ => Ok(found),
        }
    }

    /// The secret of `id`; a missing account or secret is an error.
    fn require_secret(&self, id: &str) -> Result<Secret, AccountsError> {
        if self.get(id).is_none() {
            return Err(StoreError::AccountNotFound {
                id: crate::echo::echo_name(id),
            }
            .into());
        }
        self.secret(id)?
            .ok_or_else(|| AccountsError::SecretMissing {
                id: crate::echo::echo_name(id),
            })
    }

    /// The codes of `account` at `clock`'s time; no code for HOTP (see the module's counter
    /// policy).
    fn codes_of(
        &self,
        account: &Account,
        clock: &dyn TimeSource,
    ) -> Result<AccountCode, AccountsError> {
        let code = match account.params.kind {
            OtpKind::Hotp { .. } => None,
            _ => Some(generator(self, account, account.params)?.snapshot(clock)),
        };
        Ok(AccountCode {
            account: account.clone(),
            code,
        })
    }

    /// The codes of the account with `id` at `clock`'s time (no code for HOTP).
    fn snapshot(&self, id: &str, clock: &dyn TimeSource) -> Result<AccountCode, AccountsError> {
        let account = self.get(id).ok_or_else(|| StoreError::AccountNotFound {
            id: crate::echo::echo_name(id),
        })?;
        self.codes_of(&account, clock)
    }

    /// The codes of each of `accounts`, in the given order, at one time read once from `clock`.
    fn snapshots(
        &self,
        accounts: &[Account],
        clock: &dyn TimeSource,
    ) -> Result<Vec<AccountCode>, AccountsError> {
        let at = crate::FixedTimeSource::new(clock.now_unix());
        accounts.iter().map(|a| self.codes_of(a, &at)).collect()
    }

    /// The accounts with their secrets, as exporters take them, in display order: every
    /// account, or only `only` (an id).
    fn export_entries(&self, only: Option<&str>) -> Result<Vec<ImportedAccount>, AccountsError> {
        let accounts = match only {
            Some(id) => vec![self.get(id).ok_or_else(|| StoreError::AccountNotFound {
                id: crate::echo::echo_name(id),
            })?],
            None => self.accounts(),
        };
        accounts
            .iter()
            .map(|a| Ok(a.to_imported(&self.require_secret(&a.id)?)))
            .collect()
    }

    /// Exports every account (or only the account with id `only`) in `format`. `password`
    /// encrypts an Aegis export; for the other formats it is refused, never ignored. A QR code
    /// needs `only`.
    fn export(
        &self,
        format: ExportFormat,
        only: Option<&str>,
        password: Option<&str>,
    ) -> Result<String, AccountsError> {
        if password.is_some() && !format.can_encrypt() {
            return Err(AccountsError::PasswordNotUsed {
                format: format.name(),
            });
        }
        #[cfg(feature = "qr")]
        if format == ExportFormat::QrText {
            let id = only.ok_or(AccountsError::OneAccountOnly {
                format: format.name(),
            })?;
            let entries = self.export_entries(Some(id))?;
            return Ok(import::qr::qr_terminal(&entries[0].uri.to_uri())?);
        }
        let entries = self.export_entries(only)?;
        Ok(match format {
            ExportFormat::OtpauthList => import::export_otpauth_list(&entries),
            ExportFormat::GoogleMigration => {
                let mut text = import::export_google_migration(&entries)?.join("\n");
                text.push('\n');
                text
            }
            ExportFormat::Aegis => import::export_aegis(&entries, password)?,
            #[cfg(feature = "qr")]
            ExportFormat::QrText => unreachable!("handled above"),
        })
    }

    /// The otpauth URI of the account with id `id` as a QR code PNG, `scale` pixels per module.
    #[cfg(feature = "qr")]
    fn export_qr_png(&self, id: &str, scale: u32) -> Result<Vec<u8>, AccountsError> {
        let entries = self.export_entries(Some(id))?;
        Ok(import::qr::qr_png(&entries[0].uri.to_uri(), scale)?)
    }

    /// Writes a new vault file at `path` holding copies of every account (or only `only`)
    /// under `passphrase` ([`Vault::write_new`](super::Vault::write_new): never replaces a
    /// file). Returns what it holds and what it refused.
    fn export_vault(
        &self,
        path: &Path,
        passphrase: &str,
        kdf: KdfParams,
        clock: &dyn TimeSource,
        only: Option<&str>,
    ) -> Result<StoreImport, AccountsError> {
        let entries = self.export_entries(only)?;
        Ok(super::Vault::write_new(
            path, passphrase, kdf, clock, &entries,
        )?)
    }
}

/// A generator for `account`'s secret with `params`.
fn generator<V: AccountsView + ?Sized>(
    view: &V,
    account: &Account,
    params: OtpParams,
) -> Result<CodeGenerator, AccountsError> {
    let secret = view.require_secret(&account.id)?;
    CodeGenerator::new(&secret, params).map_err(|e| AccountsError::CannotMakeCodes {
        id: account.id.clone(),
        reason: e.to_string(),
    })
}

/// Reading and writing the accounts of a store (see the module's HOTP counter policy).
pub trait Accounts: AccountsView {
    /// Adds an account with its secret; returns the stored record (with its new id).
    fn add(&self, new: NewAccount, secret: &Secret) -> Result<Account, StoreError>;
    /// Replaces the metadata of the account with `account.id`; keeps `created`, sets `updated`.
    fn update(&self, account: &Account) -> Result<Account, StoreError>;
    /// Removes an account and its secret; returns the removed record.
    fn remove(&self, id: &str) -> Result<Account, StoreError>;
    /// Stores `entries` with one save (checks first; identical accounts are duplicates).
    fn import_entries(&self, entries: &[ImportedAccount]) -> Result<StoreImport, StoreError>;
    /// Advances an HOTP account's counter, saves it, and returns the new value. Prefer
    /// [`Accounts::code`], which applies the counter policy.
    fn bump_counter(&self, id: &str) -> Result<u64, StoreError>;
    /// Replaces the passphrase where the store has one (a vault); otherwise
    /// [`AccountsError::NoPassphrase`].
    fn change_passphrase(&self, new: &str, kdf: KdfParams) -> Result<(), AccountsError> {
        let _ = (new, kdf);
        Err(AccountsError::NoPassphrase)
    }

    /// Adds the account an otpauth (or steam://, motp://…) URI describes.
    fn add_uri(&self, uri: &OtpAuthUri) -> Result<Account, StoreError> {
        self.add(NewAccount::from_uri(uri), &uri.secret)
    }

    /// The code to show for the account with `id`: for TOTP and the other time-based kinds the
    /// snapshot at `clock`'s time; for HOTP the counter is advanced and saved first, then the
    /// code of the value it had is returned (reserve before reveal: a counter value is never
    /// behind two shown codes; a failed save returns no code).
    fn code(&self, id: &str, clock: &dyn TimeSource) -> Result<AccountCode, AccountsError> {
        let account = self.get(id).ok_or_else(|| StoreError::AccountNotFound {
            id: crate::echo::echo_name(id),
        })?;
        let OtpKind::Hotp { .. } = account.params.kind else {
            return self.codes_of(&account, clock);
        };
        // Checked before the counter is used, so an account that cannot make codes uses none.
        generator(self, &account, account.params)?;
        let next = self.bump_counter(id)?;
        let used = next - 1;
        let account = self.get(id).ok_or_else(|| StoreError::AccountNotFound {
            id: crate::echo::echo_name(id),
        })?;
        let mut params = account.params;
        params.kind = OtpKind::Hotp { counter: used };
        let code = generator(self, &account, params)?.snapshot(clock);
        Ok(AccountCode {
            account,
            code: Some(code),
        })
    }

    /// Reads a backup ([`read_backup`]) and stores its accounts with one save.
    fn import_backup(
        &self,
        format: Option<ImportFormat>,
        bytes: &[u8],
        password: Option<&str>,
    ) -> Result<BackupImport, AccountsError> {
        self.store_backup(read_backup(format, bytes, password)?)
    }

    /// Stores the accounts of a backup already read, with one save.
    fn store_backup(&self, backup: ReadBackup) -> Result<BackupImport, AccountsError> {
        let outcome = if backup.is_empty() {
            StoreImport::default()
        } else {
            self.import_entries(backup.accounts())?
        };
        Ok(backup.stored(outcome))
    }
}

#[cfg(test)]
mod tests;
