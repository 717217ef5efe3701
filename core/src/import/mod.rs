//! Imports of other authenticator apps' backups and exports, and exports for moving elsewhere.
//!
//! | [`ImportFormat`] | Input | Encrypted variant |
//! |---|---|---|
//! | `otpauth` ([`ImportFormat::OtpauthList`]) | text, one `otpauth://`/`steam://` URI per line (migration lines too) | — |
//! | `google` ([`ImportFormat::GoogleMigration`]) | text, one or more `otpauth-migration://` lines | — |
//! | `aegis` ([`ImportFormat::Aegis`]) | Aegis vault JSON | scrypt + AES-256-GCM password slots |
//! | `2fas` ([`ImportFormat::TwoFas`]) | 2FAS `.2fas` backup JSON | PBKDF2-SHA256 + AES-256-GCM |
//! | `ente` ([`ImportFormat::Ente`]) | Ente Auth plain text export | Argon2id + XChaCha20-Poly1305 secretstream |
//! | `proton` ([`ImportFormat::Proton`]) | Proton Authenticator JSON export | Argon2id + AES-256-GCM |
//! | `andotp` ([`ImportFormat::AndOtp`]) | andOTP JSON backup | PBKDF2-SHA1 + AES-256-GCM |
//! | `freeotp-plus` ([`ImportFormat::FreeOtpPlus`]) | FreeOTP+ JSON export | — |
//! | `freeotp` ([`ImportFormat::FreeOtp`]) | FreeOTP 2 `externalBackup.xml` (Java-serialized map) | PBKDF2-SHA512 + AES-256-GCM master key |
//! | `bitwarden` ([`ImportFormat::Bitwarden`]) | Bitwarden / Bitwarden Authenticator JSON, Bitwarden CSV | refused |
//! | `authy` ([`ImportFormat::Authy`]) | Authy tokens from community extraction tools (XML/JSON) | — |
//! | `stratum` ([`ImportFormat::Stratum`]) | Stratum / Authenticator Pro backup | Argon2id + AES-256-GCM |
//! | `steam` ([`ImportFormat::Steam`]) | Steam Desktop Authenticator `.maFile` | — |
//! | `lastpass` ([`ImportFormat::LastPass`]) | LastPass Authenticator JSON export | — |
//! | `proton-pass` ([`ImportFormat::ProtonPass`]) | Proton Pass zip or JSON export | refused |
//!
//! [`import`] returns an [`ImportReport`]: the accounts that could be read, and for every entry
//! that could not, an [`ImportFailure`] naming its position, its issuer/account (never its secret)
//! and why. Whole-file problems (a wrong password, a file that is not of the format) are an
//! [`ImportError`]. A password given for an unencrypted file is ignored.
//!
//! Exports: [`export_otpauth_list`], [`export_google_migration`], [`export_aegis`] (plain or
//! encrypted, readable by Aegis and by [`import`]), and with the `qr` feature, QR codes for
//! terminals and PNG files ([`qr`]).
//!
//! Secret material read from files is kept in zeroizing buffers where this module controls them
//! (decrypted plaintexts, derived keys, the parsed JSON trees); errors and failures never contain
//! it. See `docs/import.md` for each format's details and assumptions.
//!
//! The readers and writers need the crate feature `import` (with their KDF, AEAD, JSON and zip
//! dependencies). Without it this module holds only the entry types ([`ImportedAccount`],
//! [`ImportFailure`], [`ImportReport`]) that the stores' one import operation takes, e.g. for the
//! accounts of a Google Authenticator migration payload.

#[cfg(feature = "import")]
mod aead;
#[cfg(feature = "import")]
mod aegis;
#[cfg(feature = "import")]
mod aegis_export;
#[cfg(feature = "import")]
mod andotp;
#[cfg(feature = "import")]
mod authy;
#[cfg(feature = "import")]
mod bitwarden;
#[cfg(feature = "import")]
mod detect;
#[cfg(feature = "import")]
mod ente;
#[cfg(feature = "import")]
mod entry;
#[cfg(feature = "import")]
mod error;
#[cfg(feature = "import")]
mod export;
#[cfg(feature = "import")]
mod freeotp;
#[cfg(feature = "import")]
mod freeotp_plus;
#[cfg(feature = "import")]
mod javaser;
#[cfg(feature = "import")]
mod json;
#[cfg(feature = "import")]
mod kdf;
#[cfg(feature = "import")]
mod lastpass;
#[cfg(feature = "import")]
mod limit;
#[cfg(feature = "import")]
mod proton;
#[cfg(feature = "import")]
mod proton_pass;
#[cfg(feature = "qr")]
pub mod qr;
#[cfg(feature = "import")]
mod secretstream;
#[cfg(feature = "import")]
mod steam;
#[cfg(feature = "import")]
mod stratum;
#[cfg(feature = "import")]
mod twofas;
#[cfg(feature = "import")]
mod uri_lines;

use std::fmt;
#[cfg(feature = "import")]
use std::str::FromStr;

use crate::uri::OtpAuthUri;

#[cfg(feature = "import")]
pub use aegis_export::{export_aegis, export_aegis_with_kdf, AegisKdf};
#[cfg(feature = "import")]
pub use detect::detect_format;
#[cfg(feature = "import")]
pub use error::{ExportError, ImportError, ParseFormatError};
#[cfg(feature = "import")]
pub use export::{export_google_migration, export_otpauth_list};
#[cfg(feature = "import")]
pub use kdf::KdfLimits;
#[cfg(feature = "import")]
pub use limit::{read_limited, ReadError, MAX_IMPORT_LEN};

/// One account read from another app's backup.
///
/// The storage layer converts this into its own account type. `Debug` redacts the secret (via
/// [`OtpAuthUri`]'s `Debug`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedAccount {
    /// Secret, parameters, issuer and account name.
    pub uri: OtpAuthUri,
    /// A free-text note, when the source app has one and it is not empty.
    pub note: Option<String>,
    /// Group, folder or tag names, in the source's order (resolved from ids where the source
    /// stores ids).
    pub groups: Vec<String>,
    /// An embedded icon as a `data:` URI (`data:image/png;base64,...`), when the source carries
    /// image data (Aegis). References to an app's own icon collection are not imported.
    pub icon: Option<String>,
    /// Pinned / favourite in the source app.
    pub favorite: bool,
}

impl ImportedAccount {
    /// An account with no note, groups or icon.
    pub fn new(uri: OtpAuthUri) -> Self {
        Self {
            uri,
            note: None,
            groups: Vec::new(),
            icon: None,
            favorite: false,
        }
    }

    /// `issuer: account` (or whichever of the two is present), for messages. Never the secret.
    pub fn display_name(&self) -> Option<String> {
        entry_name(self.uri.display_issuer(), Some(&self.uri.account))
    }
}

/// An entry that could not be imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportFailure {
    /// 0-based position of the entry in the source: the index in the JSON entry array, or for
    /// line-based formats the 0-based line number (blank and comment lines counted, so the line
    /// shown by an editor is `index + 1`).
    pub index: usize,
    /// `issuer: account` when it could be read. Never the secret.
    pub name: Option<String>,
    /// Why the entry was skipped.
    pub reason: String,
}

impl fmt::Display for ImportFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.name {
            Some(name) => write!(f, "entry {} ({name}): {}", self.index, self.reason),
            None => write!(f, "entry {}: {}", self.index, self.reason),
        }
    }
}

/// The result of an import: what was read, and what was skipped and why.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Accounts in source order.
    pub accounts: Vec<ImportedAccount>,
    /// Entries that could not be imported, in source order.
    pub failures: Vec<ImportFailure>,
}

impl ImportReport {
    /// True when no entry failed.
    pub fn is_complete(&self) -> bool {
        self.failures.is_empty()
    }

    #[cfg(feature = "import")]
    pub(crate) fn fail(&mut self, index: usize, name: Option<String>, reason: impl Into<String>) {
        self.failures.push(ImportFailure {
            index,
            name,
            reason: reason.into(),
        });
    }
}

#[cfg(feature = "import")]
/// The formats [`import`] reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ImportFormat {
    /// Plain text, one `otpauth://` (or `steam://`) URI per line; `otpauth-migration://` lines are
    /// accepted too.
    OtpauthList,
    /// Google Authenticator `otpauth-migration://offline?data=` URIs, one per line, possibly
    /// several parts of one export.
    GoogleMigration,
    /// Aegis vault (plain or password-encrypted).
    Aegis,
    /// 2FAS `.2fas` backup (plain or password-encrypted).
    TwoFas,
    /// Ente Auth export (plain text or encrypted JSON).
    Ente,
    /// Proton Authenticator export (plain or password-encrypted JSON).
    Proton,
    /// andOTP backup (plain JSON or password-encrypted).
    AndOtp,
    /// FreeOTP+ JSON export.
    FreeOtpPlus,
    /// FreeOTP 2 encrypted backup (`externalBackup.xml`).
    FreeOtp,
    /// Bitwarden password-manager export (unencrypted JSON or CSV) or Bitwarden Authenticator
    /// JSON export.
    Bitwarden,
    /// Authy tokens as saved by community extraction tools (Android preferences XML or JSON).
    Authy,
    /// Stratum / Authenticator Pro backup (plain or password-encrypted).
    Stratum,
    /// Steam Desktop Authenticator `.maFile`.
    Steam,
    /// LastPass Authenticator JSON export.
    LastPass,
    /// Proton Pass export (unencrypted zip or its `data.json`).
    ProtonPass,
}

#[cfg(feature = "import")]
impl ImportFormat {
    /// Every format, in the order above.
    pub const ALL: [ImportFormat; 15] = [
        ImportFormat::OtpauthList,
        ImportFormat::GoogleMigration,
        ImportFormat::Aegis,
        ImportFormat::TwoFas,
        ImportFormat::Ente,
        ImportFormat::Proton,
        ImportFormat::AndOtp,
        ImportFormat::FreeOtpPlus,
        ImportFormat::FreeOtp,
        ImportFormat::Bitwarden,
        ImportFormat::Authy,
        ImportFormat::Stratum,
        ImportFormat::Steam,
        ImportFormat::LastPass,
        ImportFormat::ProtonPass,
    ];

    /// The short name accepted by [`FromStr`]: `otpauth`, `google`, `aegis`, `2fas`, `ente`,
    /// `proton`, `andotp`, `freeotp-plus`, `freeotp`, `bitwarden`, `authy`, `stratum`, `steam`, `lastpass`,
    /// `proton-pass`.
    pub fn as_str(self) -> &'static str {
        match self {
            ImportFormat::OtpauthList => "otpauth",
            ImportFormat::GoogleMigration => "google",
            ImportFormat::Aegis => "aegis",
            ImportFormat::TwoFas => "2fas",
            ImportFormat::Ente => "ente",
            ImportFormat::Proton => "proton",
            ImportFormat::AndOtp => "andotp",
            ImportFormat::FreeOtpPlus => "freeotp-plus",
            ImportFormat::FreeOtp => "freeotp",
            ImportFormat::Bitwarden => "bitwarden",
            ImportFormat::Authy => "authy",
            ImportFormat::Stratum => "stratum",
            ImportFormat::Steam => "steam",
            ImportFormat::LastPass => "lastpass",
            ImportFormat::ProtonPass => "proton-pass",
        }
    }
}

#[cfg(feature = "import")]
impl fmt::Display for ImportFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(feature = "import")]
impl FromStr for ImportFormat {
    type Err = ParseFormatError;

    /// Case-insensitive; also accepts a few obvious aliases (`otpauth-list`, `google-migration`,
    /// `twofas`, `ente-auth`, `proton-authenticator`, `freeotpplus`, `bitwarden-authenticator`,
    /// `authenticator-pro`, `authpro`, `mafile`, `steam-desktop-authenticator`,
    /// `lastpass-authenticator`, `protonpass`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "otpauth" | "otpauth-list" | "uri" | "uris" => Ok(ImportFormat::OtpauthList),
            "google" | "google-migration" | "otpauth-migration" => {
                Ok(ImportFormat::GoogleMigration)
            }
            "aegis" => Ok(ImportFormat::Aegis),
            "2fas" | "twofas" => Ok(ImportFormat::TwoFas),
            "ente" | "ente-auth" => Ok(ImportFormat::Ente),
            "proton" | "proton-authenticator" => Ok(ImportFormat::Proton),
            "andotp" => Ok(ImportFormat::AndOtp),
            "freeotp-plus" | "freeotpplus" | "freeotp+" => Ok(ImportFormat::FreeOtpPlus),
            "freeotp" | "freeotp2" | "freeotp-2" => Ok(ImportFormat::FreeOtp),
            "bitwarden" | "bitwarden-authenticator" => Ok(ImportFormat::Bitwarden),
            "authy" => Ok(ImportFormat::Authy),
            "stratum" | "authenticator-pro" | "authenticatorpro" | "authpro" => {
                Ok(ImportFormat::Stratum)
            }
            "steam" | "mafile" | "steam-desktop-authenticator" | "sda" => Ok(ImportFormat::Steam),
            "lastpass" | "lastpass-authenticator" => Ok(ImportFormat::LastPass),
            "proton-pass" | "protonpass" => Ok(ImportFormat::ProtonPass),
            _ => Err(ParseFormatError {
                input: s.chars().take(40).collect(),
            }),
        }
    }
}

#[cfg(feature = "import")]
/// Imports `bytes` of the given format with the default [`KdfLimits`].
///
/// `password` is needed for encrypted files ([`ImportError::PasswordRequired`] otherwise) and
/// ignored for plain ones.
pub fn import(
    format: ImportFormat,
    bytes: &[u8],
    password: Option<&str>,
) -> Result<ImportReport, ImportError> {
    import_with_limits(format, bytes, password, &KdfLimits::default())
}

#[cfg(feature = "import")]
/// Like [`import`], refusing key-derivation parameters (read from the file) above `limits`.
pub fn import_with_limits(
    format: ImportFormat,
    bytes: &[u8],
    password: Option<&str>,
    limits: &KdfLimits,
) -> Result<ImportReport, ImportError> {
    if bytes.len() as u64 > MAX_IMPORT_LEN {
        return Err(ImportError::TooLarge {
            limit: MAX_IMPORT_LEN,
        });
    }
    // Formats whose files may be binary (andOTP, FreeOTP 2, Stratum, Proton Pass) read the bytes themselves.
    let text = || as_text(format, bytes);
    match format {
        ImportFormat::OtpauthList => Ok(uri_lines::import(text()?, uri_lines::Accept::Any)),
        ImportFormat::GoogleMigration => {
            Ok(uri_lines::import(text()?, uri_lines::Accept::Migration))
        }
        ImportFormat::Aegis => aegis::import(text()?, password, limits),
        ImportFormat::TwoFas => twofas::import(text()?, password),
        ImportFormat::Ente => ente::import(text()?, password, limits),
        ImportFormat::Proton => proton::import(text()?, password, limits),
        ImportFormat::AndOtp => andotp::import(bytes, password, limits),
        ImportFormat::FreeOtpPlus => freeotp_plus::import(text()?),
        ImportFormat::FreeOtp => freeotp::import(bytes, password, limits),
        ImportFormat::Bitwarden => bitwarden::import(text()?),
        ImportFormat::Authy => authy::import(text()?),
        ImportFormat::Stratum => stratum::import(bytes, password, limits),
        ImportFormat::Steam => steam::import(text()?),
        ImportFormat::LastPass => lastpass::import(text()?),
        ImportFormat::ProtonPass => proton_pass::import(bytes),
    }
}

#[cfg(feature = "import")]
/// The input as UTF-8 text without a byte-order mark.
fn as_text(format: ImportFormat, bytes: &[u8]) -> Result<&str, ImportError> {
    let text = std::str::from_utf8(bytes).map_err(|e| ImportError::InvalidFormat {
        format,
        reason: format!(
            "not UTF-8 text (invalid byte at offset {})",
            e.valid_up_to()
        ),
    })?;
    Ok(text.strip_prefix('\u{feff}').unwrap_or(text))
}

/// `issuer: account`, or whichever is present and non-empty.
pub(crate) fn entry_name(issuer: Option<&str>, account: Option<&str>) -> Option<String> {
    let issuer = issuer.map(str::trim).filter(|s| !s.is_empty());
    let account = account.map(str::trim).filter(|s| !s.is_empty());
    match (issuer, account) {
        (Some(i), Some(a)) => Some(format!("{i}: {a}")),
        (Some(one), None) | (None, Some(one)) => Some(one.to_string()),
        (None, None) => None,
    }
}
