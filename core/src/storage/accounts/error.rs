//! The one error type of the accounts facade: a storage error, a backup or export error, or a
//! rule of the facade itself (no match, an ambiguous query, a missing secret…). No variant
//! carries a secret, a passphrase or a code.

use crate::import::{ExportError, ImportError};
use crate::migration::MigrationError;
use crate::storage::{Account, StoreError};

/// Why an operation of [`Accounts`](super::Accounts) or [`AccountsView`](super::AccountsView)
/// failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AccountsError {
    /// The store failed or refused (see [`StoreError`]).
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The backup could not be read (wrong password, damaged file…).
    #[error(transparent)]
    Import(#[from] ImportError),
    /// An account cannot be written in the export format.
    #[error(transparent)]
    Export(#[from] ExportError),
    /// The Google migration export failed.
    #[error(transparent)]
    Migration(#[from] MigrationError),
    /// A QR code could not be drawn.
    #[cfg(feature = "qr")]
    #[error(transparent)]
    Qr(#[from] crate::import::qr::QrError),
    /// No account matches the query.
    #[error("no account matches {query:?}")]
    NoMatch {
        /// The query, bounded ([`echo_name`](crate::echo::echo_name)).
        query: String,
    },
    /// Several accounts match the query in its deciding tier (`storage::query`).
    #[error("{query:?} matches {} accounts: {}; use a longer query or the id", .matches.len(), names(.matches))]
    Ambiguous {
        /// The query, bounded.
        query: String,
        /// The matching accounts, in display order.
        matches: Vec<Account>,
    },
    /// The account exists but its secret is missing from the secret store.
    #[error("the secret of account {id} is missing from the store")]
    SecretMissing { id: String },
    /// The account's stored parameters cannot make codes.
    #[error("account {id} cannot make codes: {reason}")]
    CannotMakeCodes { id: String, reason: String },
    /// The backup's format was not given and could not be detected.
    #[error("unknown backup format: name the format")]
    UnknownFormat,
    /// The store has no passphrase to change (only a vault has one).
    #[error("this store has no passphrase (only a vault has one)")]
    NoPassphrase,
    /// A password was given for an export format that is never encrypted.
    #[error("the {format} export cannot be encrypted: give no password")]
    PasswordNotUsed { format: &'static str },
    /// The export format holds exactly one account and none (or several) was named.
    #[error("a {format} export holds one account: name it")]
    OneAccountOnly { format: &'static str },
}

/// `name (id X), …` with control characters shown as `?` (labels come from imports).
fn names(matches: &[Account]) -> String {
    matches
        .iter()
        .map(|a| {
            let name: String = crate::storage::display_name(a)
                .chars()
                .map(|c| if c.is_control() { '?' } else { c })
                .collect();
            format!("{name} (id {})", a.id)
        })
        .collect::<Vec<_>>()
        .join(", ")
}
