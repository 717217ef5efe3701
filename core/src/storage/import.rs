//! One import operation for both stores: every entry is checked first, entries identical to an
//! account already stored are skipped, and the store then adds all the others and saves once
//! (see `docs/import.md`).

use super::account::{Account, AccountList, NewAccount};
use super::StoreError;
use crate::import::{ImportFailure, ImportedAccount};
use crate::Secret;
use std::collections::HashMap;
use subtle::ConstantTimeEq;

/// What [`Vault::import`](super::Vault::import) and
/// [`AccountStore::import`](super::AccountStore::import) did. `index` in `duplicates` and
/// `refused` is the entry's 0-based position in the slice given to `import` (for an
/// [`ImportReport`](crate::import::ImportReport), among its `accounts`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StoreImport {
    /// The stored records, in entry order.
    pub added: Vec<Account>,
    /// Entries identical (issuer, label, parameters and secret) to an account stored before this
    /// import: skipped, so running the same import again adds nothing. Identical entries within
    /// one backup are all kept, as the source app had them.
    pub duplicates: Vec<ImportFailure>,
    /// Entries the store refused (invalid parameters, a field over its size limit): nothing of
    /// them was stored. The other entries were.
    pub refused: Vec<ImportFailure>,
}

/// The entries to add, after checks.
pub(crate) struct Plan {
    pub to_add: Vec<(NewAccount, Secret)>,
    pub outcome: StoreImport,
}

type NameKey = (Option<String>, String);

/// Checks every entry against the store's rules and against `existing` (whose secrets
/// `secret_of` returns) and returns what to add. Nothing is changed.
pub(crate) fn plan(
    existing: &AccountList,
    mut secret_of: impl FnMut(&str) -> Result<Option<Secret>, StoreError>,
    entries: &[ImportedAccount],
    pins_refused_by: Option<&str>,
) -> Result<Plan, StoreError> {
    let mut by_name: HashMap<NameKey, Vec<&Account>> = HashMap::new();
    for a in existing.as_slice() {
        by_name
            .entry((a.issuer.clone(), a.label.clone()))
            .or_default()
            .push(a);
    }
    let mut plan = Plan {
        to_add: Vec::new(),
        outcome: StoreImport::default(),
    };
    for (index, entry) in entries.iter().enumerate() {
        let new = NewAccount::from_imported(entry);
        let secret = &entry.uri.secret;
        let failure = |reason: String| ImportFailure {
            index,
            name: entry.display_name(),
            reason,
        };
        if let Err(e) = new.validate() {
            let reason = match e {
                StoreError::InvalidAccount { reason } => reason,
                other => other.to_string(),
            };
            plan.outcome.refused.push(failure(reason));
            continue;
        }
        if let Some(store) = pins_refused_by {
            if let Err(StoreError::InvalidAccount { reason }) = super::refuse_pin(secret, store) {
                plan.outcome.refused.push(failure(reason));
                continue;
            }
        }
        let key = (new.issuer.clone(), new.label.clone());
        let mut duplicate = false;
        {
            for a in by_name.get(&key).map(Vec::as_slice).unwrap_or_default() {
                if a.params != new.params {
                    continue;
                }
                if let Some(stored) = secret_of(&a.id)? {
                    if bool::from(stored.as_bytes().ct_eq(secret.as_bytes())) {
                        duplicate = true;
                        break;
                    }
                }
            }
        }
        if duplicate {
            plan.outcome.duplicates.push(failure(
                "identical to an account already stored (skipped)".into(),
            ));
            continue;
        }
        plan.to_add.push((new, secret.clone()));
    }
    Ok(plan)
}
