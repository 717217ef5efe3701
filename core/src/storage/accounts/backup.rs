//! Reading another app's backup and what storing it did: one operation for every store.

use super::AccountsError;
use crate::import::{self, ImportFailure, ImportFormat, ImportReport, ImportedAccount};
use crate::storage::{Account, StoreImport};

/// A backup read with [`read_backup`]: its format and its readable accounts, not stored yet.
#[derive(Debug, Clone)]
pub struct ReadBackup {
    /// The format it was read as (given, or detected).
    pub format: ImportFormat,
    /// The readable accounts and the entries that could not be read.
    pub report: ImportReport,
}

impl ReadBackup {
    /// The readable accounts, in source order.
    pub fn accounts(&self) -> &[ImportedAccount] {
        &self.report.accounts
    }

    /// True when nothing readable is in the backup (storing it would change nothing).
    pub fn is_empty(&self) -> bool {
        self.report.accounts.is_empty()
    }

    /// The outcome of storing this backup's accounts with `outcome` (what the store's one-save
    /// import returned for [`ReadBackup::accounts`]).
    pub fn stored(self, outcome: StoreImport) -> BackupImport {
        BackupImport {
            format: self.format,
            unreadable: self.report.failures,
            added: outcome.added,
            duplicates: outcome.duplicates,
            refused: outcome.refused,
        }
    }
}

/// Reads a backup: `format` `None` detects it; `password` is needed for encrypted backups
/// ([`ImportError::PasswordRequired`](crate::import::ImportError::PasswordRequired) without one)
/// and ignored otherwise. Nothing is stored.
pub fn read_backup(
    format: Option<ImportFormat>,
    bytes: &[u8],
    password: Option<&str>,
) -> Result<ReadBackup, AccountsError> {
    let format = match format {
        Some(f) => f,
        None => import::detect_format(bytes).ok_or(AccountsError::UnknownFormat)?,
    };
    let report = import::import(format, bytes, password)?;
    Ok(ReadBackup { format, report })
}

/// What importing a backup did. Indices in `unreadable` are positions in the source (entry
/// index, or line for line-based formats); in `duplicates` and `refused` they are positions
/// among the backup's readable accounts ([`ReadBackup::accounts`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupImport {
    pub format: ImportFormat,
    /// Entries that could not be read from the backup.
    pub unreadable: Vec<ImportFailure>,
    /// The stored records, in source order.
    pub added: Vec<Account>,
    /// Entries identical to an account stored before: skipped.
    pub duplicates: Vec<ImportFailure>,
    /// Entries the store refused: nothing of them was stored.
    pub refused: Vec<ImportFailure>,
}

impl BackupImport {
    /// Entries that were neither stored nor duplicates (unreadable + refused).
    pub fn failed(&self) -> usize {
        self.unreadable.len() + self.refused.len()
    }

    /// Added accounts that carry warnings (e.g. dropped trailing bits of a base32 secret).
    pub fn added_with_warnings(&self) -> usize {
        self.added.iter().filter(|a| !a.warnings.is_empty()).count()
    }
}
