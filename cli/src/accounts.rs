//! End-user commands on the account store: add, list, show, remove, import, export, passwd.
//!
//! The store is the encrypted vault file by default (under the XDG data directory, or `--vault`),
//! or, with `--store keyring`, an account list file whose secrets live in the OS credential store.
//! Passphrases come from `OTPKIT_PASSPHRASE` (new ones from `OTPKIT_NEW_PASSPHRASE`) or a prompt.

use crate::input::{read_file, read_stdin_bytes};
use crate::{note, outln, CliError};
use clap::{Args, Subcommand, ValueEnum};
use otpkit::import::{self, ImportError, ImportFailure, ImportFormat, ImportedAccount};
use otpkit::storage::{
    self as store, Account, AccountStore, KdfLimits, KdfParams, KeyringSecretStore, NewAccount,
    StoreError, StoreImport, Unlock, Vault, VaultContents,
};
use otpkit::{Algorithm, Clock, Generator, OtpAuthUri, OtpKind, OtpParams, Secret, SystemClock};
use serde_json::json;
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
    vault: Option<PathBuf>,
    /// Which store holds the accounts.
    #[arg(long, global = true, value_enum, default_value = "vault")]
    store: StoreKind,
}

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
        /// Account id (or a unique id prefix, or a unique `issuer:label` / label).
        id: String,
        /// Unix time to compute the code for (default: now).
        #[arg(long, value_name = "UNIX_SECONDS")]
        at: Option<u64>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Remove an account.
    Remove {
        /// Account id (or a unique id prefix, or a unique `issuer:label` / label).
        id: String,
    },
    /// Import another app's backup; encrypted backups take their password from
    /// OTPKIT_IMPORT_PASSWORD or a prompt.
    Import {
        /// The backup file, or `-` for stdin.
        file: PathBuf,
        /// otpauth, google, aegis, 2fas, ente, proton (default: detected).
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

/// The open account store.
enum Backend {
    /// Opened for writing (holds the writer lock).
    Vault(Vault),
    /// A decrypted copy read without the writer lock (list, export, TOTP show).
    Snapshot(VaultContents),
    Keyring(AccountStore),
}

/// How a command uses the store.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Read only: no writer lock for the vault, so it works while another command writes.
    Read,
    /// Read and write an existing store.
    Write,
}

impl Backend {
    fn list(&self) -> Vec<Account> {
        match self {
            Backend::Vault(v) => v.list(),
            Backend::Snapshot(c) => c.accounts().to_vec(),
            Backend::Keyring(s) => s.list(),
        }
    }
    fn secret(&self, id: &str) -> Result<Secret, CliError> {
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
    fn add(&self, new: NewAccount, secret: &Secret) -> Result<Account, CliError> {
        match self {
            Backend::Vault(v) => v.add(new, secret),
            Backend::Keyring(s) => s.add(new, secret),
            Backend::Snapshot(_) => return Err(read_only()),
        }
        .map_err(store_err)
    }
    fn import(&self, entries: &[ImportedAccount]) -> Result<StoreImport, CliError> {
        match self {
            Backend::Vault(v) => v.import(entries),
            Backend::Keyring(s) => s.import(entries),
            Backend::Snapshot(_) => return Err(read_only()),
        }
        .map_err(store_err)
    }
    fn remove(&self, id: &str) -> Result<Account, CliError> {
        match self {
            Backend::Vault(v) => v.remove(id),
            Backend::Keyring(s) => s.remove(id),
            Backend::Snapshot(_) => return Err(read_only()),
        }
        .map_err(store_err)
    }
    fn bump_counter(&self, id: &str) -> Result<u64, CliError> {
        match self {
            Backend::Vault(v) => v.bump_counter(id),
            Backend::Keyring(s) => s.bump_counter(id),
            Backend::Snapshot(_) => return Err(read_only()),
        }
        .map_err(store_err)
    }
}

fn read_only() -> CliError {
    CliError::failure("internal error: the store was opened read-only")
}

fn store_err(e: StoreError) -> CliError {
    match e {
        StoreError::Io { .. } | StoreError::Unavailable { .. } | StoreError::Backend { .. } => {
            CliError::failure(e)
        }
        other => CliError::input(other),
    }
}

fn clock() -> Arc<dyn Clock> {
    Arc::new(SystemClock)
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
fn passphrase(var: &str, prompt: &str, confirm: bool) -> Result<String, CliError> {
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

fn store_path(args: &StoreArgs) -> Result<PathBuf, CliError> {
    match &args.vault {
        Some(p) => Ok(p.clone()),
        None => default_path(args.store),
    }
}

/// True when the vault store is selected and its file does not exist yet.
fn vault_missing(args: &StoreArgs) -> Result<Option<PathBuf>, CliError> {
    let path = store_path(args)?;
    Ok((args.store == StoreKind::Vault && path.symlink_metadata().is_err()).then_some(path))
}

fn open(args: &StoreArgs, mode: Mode) -> Result<Backend, CliError> {
    let path = store_path(args)?;
    match args.store {
        StoreKind::Keyring => {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).map_err(CliError::failure)?;
            }
            let secrets = KeyringSecretStore::new("otpkit").map_err(store_err)?;
            Ok(Backend::Keyring(
                AccountStore::open(&path, Arc::new(secrets), clock()).map_err(store_err)?,
            ))
        }
        StoreKind::Vault if path.exists() => {
            let pass = passphrase("OTPKIT_PASSPHRASE", "Vault passphrase: ", false)?;
            let unlock = Unlock::Passphrase(&pass);
            Ok(match mode {
                Mode::Read => Backend::Snapshot(
                    VaultContents::read(&path, unlock, &KdfLimits::default()).map_err(store_err)?,
                ),
                Mode::Write => {
                    Backend::Vault(Vault::open(&path, unlock, clock()).map_err(store_err)?)
                }
            })
        }
        StoreKind::Vault => Err(CliError::input(format!(
            "no vault at {} (add an account first)",
            path.display()
        ))),
    }
}

/// Creates the vault at `path` holding `entries`, written once (no file is left if it fails).
fn create_vault(path: &Path, entries: &[ImportedAccount]) -> Result<StoreImport, CliError> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(CliError::failure)?;
    }
    let pass = passphrase("OTPKIT_PASSPHRASE", "New vault passphrase: ", true)?;
    let (_, outcome) =
        Vault::create_with_import(path, &pass, KdfParams::default(), clock(), entries)
            .map_err(store_err)?;
    note!("otpkit: created vault {}", path.display());
    Ok(outcome)
}

/// Finds one account by id, unique id prefix, or unique `issuer:label` / label (case-insensitive).
fn resolve(backend: &Backend, key: &str) -> Result<Account, CliError> {
    let all = backend.list();
    if let Some(a) = all.iter().find(|a| a.id == key) {
        return Ok(a.clone());
    }
    let lower = key.to_lowercase();
    let by_prefix: Vec<&Account> = all
        .iter()
        .filter(|a| key.len() >= 4 && a.id.starts_with(key))
        .collect();
    let by_name: Vec<&Account> = all
        .iter()
        .filter(|a| a.label.to_lowercase() == lower || display(a).to_lowercase() == lower)
        .collect();
    for candidates in [by_prefix, by_name] {
        match candidates.as_slice() {
            [one] => return Ok((*one).clone()),
            [] => {}
            many => {
                return Err(CliError::input(format!(
                    "{key:?} matches {} accounts; use the id",
                    many.len()
                )))
            }
        }
    }
    Err(CliError::input(format!("no account matches {key:?}")))
}

fn display(a: &Account) -> String {
    match &a.issuer {
        Some(i) if !a.label.is_empty() => format!("{i}:{}", a.label),
        Some(i) => i.clone(),
        None => a.label.clone(),
    }
}

fn kind_name(p: &OtpParams) -> &'static str {
    p.kind.name()
}

pub fn run(store: StoreArgs, cmd: AccountCommand) -> Result<(), CliError> {
    match cmd {
        AccountCommand::Add(args) => add(&store, args),
        AccountCommand::List { json } => {
            let backend = open(&store, Mode::Read)?;
            for a in backend.list() {
                if json {
                    outln!(
                        "{}",
                        json!({"id": a.id, "issuer": a.issuer, "label": a.label, "type": kind_name(&a.params),
                        "algorithm": a.params.algorithm.as_str(), "digits": a.params.digits, "period": a.params.period(),
                        "groups": a.groups, "note": a.note, "warnings": a.warnings})
                    )?;
                } else {
                    outln!("{}  {:<5}  {}", a.id, kind_name(&a.params), display(&a))?;
                }
            }
            Ok(())
        }
        AccountCommand::Show { id, at, json } => show(&store, &id, at, json),
        AccountCommand::Remove { id } => {
            let backend = open(&store, Mode::Write)?;
            let a = resolve(&backend, &id)?;
            backend.remove(&a.id)?;
            note!("otpkit: removed {} ({})", a.id, display(&a));
            Ok(())
        }
        AccountCommand::Import { file, format } => import_file(&store, &file, format.as_deref()),
        AccountCommand::Export(args) => export(&store, args),
        AccountCommand::Passwd => {
            let backend = open(&store, Mode::Write)?;
            let Backend::Vault(vault) = backend else {
                return Err(CliError::input("passwd applies to the vault store only"));
            };
            let new = passphrase("OTPKIT_NEW_PASSPHRASE", "New passphrase: ", true)?;
            vault
                .change_passphrase(&new, KdfParams::default())
                .map_err(store_err)?;
            note!("otpkit: passphrase changed");
            Ok(())
        }
    }
}

fn add(store: &StoreArgs, a: AddArgs) -> Result<(), CliError> {
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
    let account = match vault_missing(store)? {
        Some(path) => {
            let mut outcome = create_vault(&path, &[imported_of(new, secret)])?;
            outcome
                .added
                .pop()
                .ok_or_else(|| CliError::failure("the new account was not stored"))?
        }
        None => open(store, Mode::Write)?.add(new, &secret)?,
    };
    outln!("{}", account.id)
}

fn show(store: &StoreArgs, key: &str, at: Option<u64>, as_json: bool) -> Result<(), CliError> {
    let mut backend = open(store, Mode::Read)?;
    let mut account = resolve(&backend, key)?;
    if matches!(account.params.kind, OtpKind::Hotp { .. }) {
        // Showing an HOTP code uses it: take the writer lock and read the counter under it.
        backend = open(store, Mode::Write)?;
        account = backend
            .list()
            .into_iter()
            .find(|a| a.id == account.id)
            .ok_or_else(|| CliError::input(format!("no account matches {key:?}")))?;
    }
    let secret = backend.secret(&account.id)?;
    let generator = Generator::new(&secret, account.params).map_err(CliError::input)?;
    let now = at.unwrap_or_else(|| SystemClock.now_unix());
    let snap = generator.snapshot_at(now);
    let hotp = matches!(account.params.kind, OtpKind::Hotp { .. });
    let (current, next) = (snap.current.clone(), snap.next.clone());
    let remaining = (!hotp).then_some(snap.remaining);
    // HOTP: the code for the stored counter c is written and flushed first; only when it has
    // reached standard output is c+1 saved (docs/decisions.md). A failed write uses nothing.
    if as_json {
        outln!(
            "{}",
            json!({"id": account.id, "name": display(&account), "code": current, "next": next,
            "remaining": remaining, "counter": snap.counter, "warnings": account.warnings})
        )?;
    } else {
        match remaining {
            Some(r) => outln!("{current}  (next {next}, {r}s left)")?,
            None => outln!("{current}  (counter {}, next {next})", snap.counter)?,
        }
    }
    if hotp {
        backend.bump_counter(&account.id).map_err(|e| {
            CliError::failure(format!(
                "the code was shown but the counter could not be saved (the next show repeats it): {}",
                match e {
                    CliError::Input(m) | CliError::Failure(m) => m,
                }
            ))
        })?;
    }
    Ok(())
}

/// An account to add, in the form the stores import.
fn imported_of(new: NewAccount, secret: Secret) -> ImportedAccount {
    ImportedAccount {
        uri: OtpAuthUri {
            secret,
            params: new.params,
            issuer: new.issuer.clone(),
            label_issuer: new.issuer,
            account: new.label,
            extra: Vec::new(),
        },
        note: new.note,
        groups: new.groups,
        icon: new.icon,
        favorite: false,
    }
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

fn import_file(store: &StoreArgs, file: &Path, format: Option<&str>) -> Result<(), CliError> {
    let bytes = if file.as_os_str() == "-" {
        read_stdin_bytes()?
    } else {
        read_file(file)?
    };
    let format = match format {
        Some(f) => f.parse::<ImportFormat>().map_err(CliError::input)?,
        None => import::detect_format(&bytes)
            .ok_or_else(|| CliError::input("unknown backup format: pass --format"))?,
    };
    let password = std::env::var("OTPKIT_IMPORT_PASSWORD").ok();
    let report = match import::import(format, &bytes, password.as_deref()) {
        Err(ImportError::PasswordRequired) if password.is_none() => {
            let p = passphrase("OTPKIT_IMPORT_PASSWORD", "Backup password: ", false)?;
            import::import(format, &bytes, Some(&p))
        }
        other => other,
    }
    .map_err(CliError::input)?;
    // One import, one save: every readable account is checked, then all are stored at once.
    let outcome = if report.accounts.is_empty() {
        StoreImport::default()
    } else {
        match vault_missing(store)? {
            Some(path) => create_vault(&path, &report.accounts)?,
            None => open(store, Mode::Write)?.import(&report.accounts)?,
        }
    };
    report_entries("skipped", &report.failures);
    report_entries("refused", &outcome.refused);
    report_entries("already stored:", &outcome.duplicates);
    let failed = report.failures.len() + outcome.refused.len();
    let trailing = outcome
        .added
        .iter()
        .filter(|a| !a.warnings.is_empty())
        .count();
    if trailing > 0 {
        note!("otpkit: warning: {trailing} account(s) had base32 secrets whose last bits do not fill a byte; they were dropped (see list --json warnings)");
    }
    outln!(
        "imported {} account(s), {failed} failed, {} already stored",
        outcome.added.len(),
        outcome.duplicates.len()
    )?;
    if failed == 0 {
        Ok(())
    } else {
        Err(CliError::input(format!(
            "{failed} entries could not be imported"
        )))
    }
}

fn export(store: &StoreArgs, args: ExportArgs) -> Result<(), CliError> {
    let backend = open(store, Mode::Read)?;
    let accounts = match &args.id {
        Some(id) => vec![resolve(&backend, id)?],
        None => backend.list(),
    };
    let mut items = Vec::with_capacity(accounts.len());
    for a in &accounts {
        items.push(a.to_imported(&backend.secret(&a.id)?));
    }
    let text = match args.format {
        ExportFormat::Otpauth => import::export_otpauth_list(&items),
        ExportFormat::Google => {
            import::export_google_migration(&items)
                .map_err(CliError::input)?
                .join("\n")
                + "\n"
        }
        ExportFormat::Aegis => {
            let password = if args.encrypt {
                Some(passphrase(
                    "OTPKIT_EXPORT_PASSPHRASE",
                    "Export password: ",
                    true,
                )?)
            } else {
                None
            };
            import::export_aegis(&items, password.as_deref()).map_err(CliError::input)?
        }
        ExportFormat::Vault => return export_vault(&items, &args),
        ExportFormat::Qr | ExportFormat::Png => return export_qr(&items, &args),
    };
    write_output(args.output.as_deref(), text.as_bytes())
}

fn single<'a>(
    items: &'a [ImportedAccount],
    args: &ExportArgs,
) -> Result<&'a ImportedAccount, CliError> {
    match (items, &args.id) {
        ([one], Some(_)) => Ok(one),
        _ => Err(CliError::input("qr and png export one account: pass --id")),
    }
}

fn export_qr(items: &[ImportedAccount], args: &ExportArgs) -> Result<(), CliError> {
    let uri = single(items, args)?.uri.to_uri();
    match args.format {
        ExportFormat::Png => {
            let Some(out) = &args.output else {
                return Err(CliError::input("png export needs --output FILE"));
            };
            let png = import::qr::qr_png(&uri, 8).map_err(CliError::input)?;
            write_output(Some(out), &png)
        }
        _ => write_output(
            args.output.as_deref(),
            import::qr::qr_terminal(&uri)
                .map_err(CliError::input)?
                .as_bytes(),
        ),
    }
}

/// A new vault file holding copies of the accounts, under a new passphrase.
fn export_vault(items: &[ImportedAccount], args: &ExportArgs) -> Result<(), CliError> {
    let Some(out) = &args.output else {
        return Err(CliError::input("vault export needs --output FILE"));
    };
    let pass = passphrase(
        "OTPKIT_EXPORT_PASSPHRASE",
        "Passphrase for the exported vault: ",
        true,
    )?;
    let outcome = Vault::write_new(out, &pass, KdfParams::default(), &SystemClock, items)
        .map_err(store_err)?;
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
