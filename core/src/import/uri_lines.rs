//! Text with one URI per line: `otpauth://` / `steam://` accounts and `otpauth-migration://`
//! Google Authenticator exports (multi-part exports assembled with [`BatchAssembler`]).
//!
//! Blank lines and lines starting with `#` or `//` are skipped. Every other line that is not a
//! readable URI becomes an [`ImportFailure`](super::ImportFailure) with its 0-based line number.
//! Ente's `codeDisplay` parameter (note, tags, pinned, trashed) is interpreted on every otpauth
//! line (see [`super::ente::apply_code_display`]).

use std::collections::BTreeMap;

use percent_encoding::percent_decode_str;

use crate::migration::{self, BatchAssembler, MigrationError};
use crate::uri::OtpAuthUri;

use super::{ente, entry_name, ImportReport, ImportedAccount};

/// Which URI kinds a format accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Accept {
    /// `otpauth://`, `steam://` and `otpauth-migration://`.
    Any,
    /// Only `otpauth-migration://`.
    Migration,
    /// Ente's text export: like `Any`, and an `hotp` line without a `counter` has counter 0
    /// (Ente's `Code.fromOTPAuthUrl` default).
    Ente,
}

/// One migration export (all parts sharing a batch id), as found in the text.
struct Batch {
    id: i32,
    first_line: usize,
    assembler: BatchAssembler,
    parts: BTreeMap<i32, Vec<OtpAuthUri>>,
}

enum Item {
    Account(Box<ImportedAccount>),
    Batch(usize),
}

/// Reads `text` line by line.
pub(crate) fn import(text: &str, accept: Accept) -> ImportReport {
    let mut report = ImportReport::default();
    let mut items = Vec::new();
    let mut batches: Vec<Batch> = Vec::new();

    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with("//") {
            continue;
        }
        let lower: String = line
            .chars()
            .take(20)
            .collect::<String>()
            .to_ascii_lowercase();
        if lower.starts_with("otpauth-migration:") {
            match add_migration_line(&mut batches, index, line) {
                Ok(Some(batch)) => items.push(Item::Batch(batch)),
                Ok(None) => {}
                Err(e) => report.fail(index, None, format!("invalid migration URI: {e}")),
            }
        } else if lower.starts_with("otpauth:")
            || lower.starts_with("steam:")
            || lower.starts_with("motp:")
        {
            if accept == Accept::Migration {
                report.fail(
                    index,
                    label_hint(line),
                    "expected an otpauth-migration:// URI (use the otpauth format for otpauth:// lines)",
                );
                continue;
            }
            let parsed = match OtpAuthUri::parse(line) {
                Err(crate::UriError::MissingCounter) if accept == Accept::Ente => {
                    let sep = if line.contains('?') { '&' } else { '?' };
                    OtpAuthUri::parse(&format!("{line}{sep}counter=0"))
                }
                other => other,
            };
            match parsed {
                Ok(uri) => {
                    let mut account = ImportedAccount::new(uri);
                    match ente::apply_code_display(&mut account) {
                        Ok(()) => items.push(Item::Account(Box::new(account))),
                        Err(reason) => report.fail(index, account.display_name(), reason),
                    }
                }
                Err(e) => report.fail(index, label_hint(line), e.to_string()),
            }
        } else {
            let expected = match accept {
                Accept::Any | Accept::Ente => {
                    "not an otpauth://, steam://, motp:// or otpauth-migration:// URI"
                }
                Accept::Migration => "not an otpauth-migration:// URI",
            };
            report.fail(index, None, expected);
        }
    }

    for batch in &batches {
        if let Some(missing) = batch.assembler.missing_error() {
            let size = batch.assembler.batch_size().unwrap_or_default();
            report.fail(
                batch.first_line,
                None,
                format!(
                    "migration export {} of {size} parts is incomplete: {missing} (0-based)",
                    batch.id
                ),
            );
        }
    }
    report.failures.sort_by_key(|f| f.index);

    for item in items {
        match item {
            Item::Account(account) => report.accounts.push(*account),
            Item::Batch(b) => {
                let parts = std::mem::take(&mut batches[b].parts);
                report
                    .accounts
                    .extend(parts.into_values().flatten().map(ImportedAccount::new));
            }
        }
    }
    report
}

/// Adds one migration line to its batch. Returns the index of a newly created batch (so that
/// its accounts are placed where it first appeared).
///
/// A part that conflicts with the batch of the same id (a different payload at an index already
/// seen, or another batch size) starts a new batch: in a file this is a separate export that
/// happens to reuse the id (other apps write batch id 0 in every export).
fn add_migration_line(
    batches: &mut Vec<Batch>,
    index: usize,
    line: &str,
) -> Result<Option<usize>, MigrationError> {
    let decoded = migration::decode(line)?;
    for batch in batches.iter_mut().filter(|b| b.id == decoded.batch_id) {
        match batch.assembler.add(line) {
            Ok(()) => {
                batch
                    .parts
                    .entry(decoded.batch_index)
                    .or_insert(decoded.entries);
                return Ok(None);
            }
            Err(MigrationError::ConflictingPart { .. } | MigrationError::BatchMismatch { .. }) => {
                continue
            }
            Err(e) => return Err(e),
        }
    }
    let mut assembler = BatchAssembler::new();
    assembler.add(line)?;
    let mut parts = BTreeMap::new();
    parts.insert(decoded.batch_index, decoded.entries);
    batches.push(Batch {
        id: decoded.batch_id,
        first_line: index,
        assembler,
        parts,
    });
    Ok(Some(batches.len() - 1))
}

/// The label of an otpauth URI that failed to parse (`issuer: account`), for the failure
/// report. Only the path is read, never the query (which holds the secret).
fn label_hint(line: &str) -> Option<String> {
    let rest = line.split_once(':')?.1.trim_start_matches('/');
    let path = rest.split('?').next()?;
    let label = path.split_once('/')?.1;
    let decoded = percent_decode_str(label).decode_utf8_lossy();
    let (issuer, account) = match decoded.split_once(':') {
        Some((i, a)) => (Some(i), Some(a)),
        None => (None, Some(&*decoded)),
    };
    entry_name(issuer, account)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_hint_reads_only_the_path() {
        assert_eq!(
            label_hint("otpauth://totp/ACME%20Co:alice?secret=JBSWY3DP!"),
            Some("ACME Co: alice".into())
        );
        assert_eq!(label_hint("otpauth://totp/?secret=X"), None);
        assert_eq!(label_hint("steam://SECRET"), None);
    }
}
