//! End-user commands on the account store: add, list, show, remove, import, export, passwd.
//! Opening the store and naming accounts by a query are in [`crate::store`].

use crate::input::{read_file, read_stdin_bytes};
use crate::store::{display, kind_name, passphrase, resolve, store_err, Store, StoreKind};
use crate::{note, outln, CliError};
use clap::{Args, Subcommand, ValueEnum};
use otpkit::import::{ImportError, ImportFailure, ImportFormat};
use otpkit::storage::{
    self as store, read_backup, AccountsError, AccountsView, ExportFormat as CoreFormat, KdfParams,
    NewAccount, StoreImport,
};
use otpkit::{Algorithm, OtpAuthUri, OtpParams, Secret};
use serde_json::json;
use std::path::{Path, PathBuf};

#[derive(Subcommand)]
pub enum AccountCommand {
    /// Add an account from an otpauth URI (or `-` for stdin), or from --secret and options.
    Add(AddArgs),
    /// List accounts.
    List {
        /// One JSON object per line.
        #[arg(long)]
        json: bool,
    },
    /// Show the current code, next code and seconds left (HOTP: the next code, advancing the counter).
    Show {
        /// Id, id prefix, or text in the issuer, label or `issuer:label` (case-insensitive);
        /// it must name one account.
        id: String,
        /// Unix time to compute the code for (default: now).
        #[arg(long, value_name = "UNIX_SECONDS")]
        at: Option<u64>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
        /// Also put the code on the clipboard (cleared after --clear-after seconds).
        #[arg(long)]
        copy: bool,
        #[command(flatten)]
        clear: crate::clipboard::ClearArgs,
    },
    /// Put an account's current code on the clipboard, cleared after a timeout (HOTP: the next
    /// code, advancing the counter).
    Copy {
        /// Id, id prefix, or text in the issuer, label or `issuer:label` (case-insensitive);
        /// it must name one account.
        id: String,
        #[command(flatten)]
        clear: crate::clipboard::ClearArgs,
    },
    /// Remove an account.
    Remove {
        /// Id, id prefix, or text in the issuer, label or `issuer:label` (case-insensitive);
        /// it must name one account.
        id: String,
        /// Print the removed account as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Import another app's backup; encrypted backups take their password from
    /// OTPKIT_IMPORT_PASSWORD or a prompt.
    Import {
        /// Print the outcome as one JSON object (docs/cli.md).
        #[arg(long)]
        json: bool,
        /// The backup file, or `-` for stdin.
        file: PathBuf,
        /// otpauth, google, aegis, 2fas, ente, proton, andotp, freeotp-plus, freeotp, bitwarden,
        /// authy, stratum, steam, lastpass, proton-pass (default: detected).
        #[arg(long)]
        format: Option<String>,
    },
    /// Export accounts.
    Export(ExportArgs),
    /// Change the vault passphrase (new one from OTPKIT_NEW_PASSPHRASE or a prompt).
    Passwd,
}

#[derive(Args)]
pub struct AddArgs {
    /// otpauth:// URI, or `-` to read it from stdin.
    uri: Option<String>,
    /// Print the new account as JSON instead of its id.
    #[arg(long)]
    json: bool,
    /// Base32 secret (instead of a URI).
    #[arg(long, conflicts_with = "uri")]
    secret: Option<String>,
    #[arg(long)]
    issuer: Option<String>,
    /// Account name (with --secret).
    #[arg(long, default_value = "")]
    label: String,
    #[arg(long, default_value = "SHA1")]
    algorithm: String,
    #[arg(long, default_value_t = 6)]
    digits: u8,
    #[arg(long, default_value_t = 30)]
    period: u64,
    /// HOTP with this starting counter (instead of TOTP).
    #[arg(long)]
    counter: Option<u64>,
    /// Steam Guard code.
    #[arg(long, conflicts_with = "counter")]
    steam: bool,
    #[arg(long)]
    note: Option<String>,
    /// Group name (repeatable).
    #[arg(long = "group")]
    groups: Vec<String>,
}

#[derive(Clone, Copy, ValueEnum)]
enum ExportFormat {
    /// otpauth URIs, one per line.
    Otpauth,
    /// Google Authenticator migration URIs (one per QR code).
    Google,
    /// Aegis JSON (encrypted when --encrypt).
    Aegis,
    /// A copy of the vault file encrypted with a new passphrase (OTPKIT_EXPORT_PASSPHRASE or prompt).
    Vault,
    /// One account's URI as a QR code in the terminal.
    Qr,
    /// One account's URI as a QR code PNG (needs --output).
    Png,
}

#[derive(Args)]
pub struct ExportArgs {
    #[arg(long, value_enum)]
    format: ExportFormat,
    /// Only this account (required for qr and png).
    #[arg(long)]
    id: Option<String>,
    /// Write to this file instead of stdout (required for png and vault).
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Encrypt the Aegis export (password from OTPKIT_EXPORT_PASSPHRASE or a prompt).
    #[arg(long)]
    encrypt: bool,
}

pub fn run(store: &Store, cmd: AccountCommand) -> Result<(), CliError> {
    match cmd {
        AccountCommand::Add(args) => add(store, args),
        AccountCommand::List { json } => {
            // The listing order (otpkit::storage::query), as `codes`.
            for a in &store.open_read()?.accounts() {
                if json {
                    outln!("{}", account_json(a))?;
                } else {
                    let name = crate::listing::printable(&display(a));
                    outln!("{}  {:<5}  {name}", a.id, kind_name(&a.params))?;
                }
            }
            Ok(())
        }
        AccountCommand::Show {
            id,
            at,
            json,
            copy,
            clear,
        } => crate::show::show(store, &id, at, json, copy.then_some(clear)),
        AccountCommand::Copy { id, clear } => crate::show::copy(store, &id, clear),
        AccountCommand::Remove { id, json } => {
            let backend = store.open_write()?;
            let a = resolve(&*backend, &id)?;
            backend.remove(&a.id).map_err(store_err)?;
            note!("otpkit: removed {} ({})", a.id, display(&a));
            if json {
                outln!("{}", account_json(&a))?;
            }
            Ok(())
        }
        AccountCommand::Import { file, format, json } => {
            import_file(store, &file, format.as_deref(), json)
        }
        AccountCommand::Export(args) => export(store, args),
        AccountCommand::Passwd => {
            if store.args.store != StoreKind::Vault {
                // Before the passphrase prompts: no other store has a passphrase.
                return Err(AccountsError::NoPassphrase.into());
            }
            let backend = store.open_write()?;
            let new = passphrase("OTPKIT_NEW_PASSPHRASE", "New passphrase: ", true)?;
            crate::progress::deriving(crate::store::DERIVING_NEW, || {
                backend.change_passphrase(&new, KdfParams::default())
            })?;
            note!("otpkit: passphrase changed");
            Ok(())
        }
    }
}

fn add(store: &Store, a: AddArgs) -> Result<(), CliError> {
    let (new, secret) = match (&a.uri, &a.secret) {
        (Some(uri), None) => {
            let text = crate::input::arg_or_stdin(uri)?;
            let uri = OtpAuthUri::parse(&text).map_err(CliError::input)?;
            let mut new = NewAccount::from_uri(&uri);
            new.note = a.note.clone();
            new.groups = a.groups.clone();
            (new, uri.secret)
        }
        (None, Some(secret)) => {
            let secret = Secret::from_base32(secret).map_err(CliError::input)?;
            let algorithm: Algorithm = a.algorithm.parse().map_err(CliError::input)?;
            let params = if a.steam {
                OtpParams::steam()
            } else if let Some(counter) = a.counter {
                OtpParams::hotp(counter)
                    .with_algorithm(algorithm)
                    .with_digits(a.digits)
            } else {
                OtpParams::totp()
                    .with_algorithm(algorithm)
                    .with_digits(a.digits)
                    .with_period(a.period)
            };
            params.validate().map_err(CliError::input)?;
            let mut new = NewAccount::new(a.label.clone(), params);
            new.issuer = a.issuer.clone().filter(|i| !i.is_empty());
            new.note = a.note.clone();
            new.groups = a.groups.clone();
            (new, secret)
        }
        _ => return Err(CliError::input("give an otpauth URI or --secret")),
    };
    if secret.is_short() {
        note!("otpkit: warning: the secret is shorter than 128 bits");
    }
    if secret.dropped_bits() > 0 {
        note!(
            "otpkit: warning: the secret's last {} bits do not fill a byte and were dropped",
            secret.dropped_bits()
        );
    }
    let account = match store.vault_missing()? {
        Some(path) => {
            let mut outcome = store.create_vault(&path, &[new.into_imported(secret)])?;
            outcome
                .added
                .pop()
                .ok_or_else(|| CliError::failure("the new account was not stored"))?
        }
        None => store.open_write()?.add(new, &secret).map_err(store_err)?,
    };
    if a.json {
        outln!("{}", account_json(&account))
    } else {
        outln!("{}", account.id)
    }
}

/// An account's metadata as JSON (`list --json`; schema in docs/cli.md). Never the secret.
fn account_json(a: &store::Account) -> serde_json::Value {
    json!({"id": a.id, "name": display(a), "issuer": a.issuer, "label": a.label,
    "type": kind_name(&a.params), "algorithm": a.params.algorithm.as_str(),
    "digits": a.params.digits, "period": a.params.period(), "groups": a.groups,
    "note": a.note, "warnings": a.warnings})
}

fn report_entries(what: &str, entries: &[ImportFailure]) {
    for f in entries {
        note!(
            "otpkit: {what} entry {} ({}): {}",
            f.index,
            f.name.as_deref().unwrap_or("unnamed"),
            f.reason
        );
    }
}

fn import_file(
    store: &Store,
    file: &Path,
    format: Option<&str>,
    as_json: bool,
) -> Result<(), CliError> {
    let bytes = if file.as_os_str() == "-" {
        read_stdin_bytes()?
    } else {
        read_file(file)?
    };
    let format = format
        .map(str::parse::<ImportFormat>)
        .transpose()
        .map_err(CliError::input)?;
    let password = std::env::var("OTPKIT_IMPORT_PASSWORD").ok();
    let read = |password: Option<&str>| match password {
        Some(_) => crate::progress::deriving("decrypting the backup", || {
            read_backup(format, &bytes, password)
        }),
        None => read_backup(format, &bytes, None),
    };
    let backup = match read(password.as_deref()) {
        Err(AccountsError::Import(ImportError::PasswordRequired)) if password.is_none() => {
            let p = passphrase("OTPKIT_IMPORT_PASSWORD", "Backup password: ", false)?;
            read(Some(&p))
        }
        other => other,
    }?;
    // One import, one save: every readable account is checked, then all are stored at once.
    let outcome = match store.vault_missing()? {
        Some(path) if !backup.is_empty() => {
            let outcome = store.create_vault(&path, backup.accounts())?;
            backup.stored(outcome)
        }
        _ if backup.is_empty() => backup.stored(StoreImport::default()),
        _ => store.open_write()?.store_backup(backup)?,
    };
    report_entries("skipped", &outcome.unreadable);
    report_entries("refused", &outcome.refused);
    report_entries("already stored:", &outcome.duplicates);
    let failed = outcome.failed();
    let trailing = outcome.added_with_warnings();
    if trailing > 0 {
        note!("otpkit: warning: {trailing} account(s) had base32 secrets whose last bits do not fill a byte; they were dropped (see list --json warnings)");
    }
    if as_json {
        let entries = |list: &[ImportFailure]| -> Vec<serde_json::Value> {
            list.iter()
                .map(|f| json!({"index": f.index, "name": f.name, "reason": f.reason}))
                .collect()
        };
        outln!(
            "{}",
            json!({"format": outcome.format.to_string(),
            "added": outcome.added.iter().map(account_json).collect::<Vec<_>>(),
            "skipped": entries(&outcome.unreadable), "refused": entries(&outcome.refused),
            "duplicates": entries(&outcome.duplicates)})
        )?;
    } else {
        outln!(
            "imported {} account(s), {failed} failed, {} already stored",
            outcome.added.len(),
            outcome.duplicates.len()
        )?;
    }
    if failed == 0 {
        Ok(())
    } else {
        Err(CliError::input(format!(
            "{failed} entries could not be imported"
        )))
    }
}

fn export(store: &Store, args: ExportArgs) -> Result<(), CliError> {
    let backend = store.open_read()?;
    // An export is in display order (as `list`), so it and a listing line up entry for entry.
    let only = match &args.id {
        Some(query) => Some(resolve(&*backend, query)?.id),
        None => None,
    };
    let only = only.as_deref();
    let format = match args.format {
        ExportFormat::Otpauth => CoreFormat::OtpauthList,
        ExportFormat::Google => CoreFormat::GoogleMigration,
        ExportFormat::Aegis => CoreFormat::Aegis,
        ExportFormat::Qr => CoreFormat::QrText,
        ExportFormat::Vault => return export_vault(store, &*backend, only, &args),
        ExportFormat::Png => {
            let id = only.ok_or_else(one_account)?;
            let Some(out) = &args.output else {
                return Err(CliError::input("png export needs --output FILE"));
            };
            return write_output(Some(out), &backend.export_qr_png(id, 8)?);
        }
    };
    if format == CoreFormat::QrText && only.is_none() {
        return Err(one_account());
    }
    let password = match args.encrypt {
        true if !format.can_encrypt() => {
            return Err(AccountsError::PasswordNotUsed {
                format: format.name(),
            }
            .into())
        }
        true => Some(passphrase(
            "OTPKIT_EXPORT_PASSPHRASE",
            "Export password: ",
            true,
        )?),
        false => None,
    };
    let text = match password.as_deref() {
        Some(p) => crate::progress::deriving("encrypting the export (scrypt)", || {
            backend.export(format, only, Some(p))
        }),
        None => backend.export(format, only, None),
    }?;
    write_output(args.output.as_deref(), text.as_bytes())
}

fn one_account() -> CliError {
    CliError::input("qr and png export one account: pass --id")
}

/// A new vault file holding copies of the accounts, under a new passphrase.
fn export_vault(
    store: &Store,
    backend: &dyn AccountsView,
    only: Option<&str>,
    args: &ExportArgs,
) -> Result<(), CliError> {
    let Some(out) = &args.output else {
        return Err(CliError::input("vault export needs --output FILE"));
    };
    let pass = passphrase(
        "OTPKIT_EXPORT_PASSPHRASE",
        "Passphrase for the exported vault: ",
        true,
    )?;
    let outcome = crate::progress::deriving(crate::store::DERIVING_NEW, || {
        backend.export_vault(out, &pass, KdfParams::default(), &*store.clock, only)
    })?;
    report_entries("not exported:", &outcome.refused);
    report_entries("not exported (duplicate):", &outcome.duplicates);
    note!(
        "otpkit: exported {} account(s) to {}",
        outcome.added.len(),
        out.display()
    );
    Ok(())
}

/// Writes an export (it holds secrets): to a file like the vault (new 0600 file, atomic rename,
/// a symlink at the path is replaced, not followed), or to standard output.
fn write_output(path: Option<&Path>, bytes: &[u8]) -> Result<(), CliError> {
    match path {
        Some(p) => store::write_private_file(p, bytes).map_err(CliError::failure),
        None => crate::output::write_bytes(bytes),
    }
}
