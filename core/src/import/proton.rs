//! Proton Authenticator exports (format of Proton's published authenticator code, export
//! version 1).
//!
//! * **Plain**: `{"version":1,"entries":[{"id":"..","content":{"uri":"otpauth://..","entry_type":"Totp"|"Steam","name":".."},"note":".."|null}]}`.
//!   The URI carries secret and parameters; Steam entries use `steam://SECRET`. `name` is the
//!   display name: it becomes the account when the URI's label has none (Steam URIs never do).
//!   Read leniently: an entry with a `uri` directly (no `content`) is accepted too.
//! * **Encrypted** (version 1): `{"version":1,"salt":base64(16 bytes),"content":base64(nonce‖ciphertext‖tag)}`,
//!   AES-256-GCM (12-byte nonce, AAD `proton.authenticator.export.v1`) under
//!   Argon2id(password, salt, m = 19 MiB, t = 2, p = 1, 32 bytes); the plaintext is the plain
//!   export.

use base64::Engine as _;
use serde_json::Value;

use crate::params::OtpParams;
use crate::uri::OtpAuthUri;

use super::aead::{self, GcmError};
use super::json::{self, str_field, text_field, u64_field, Scrubbed};
use super::kdf::{self, KdfBudget, KdfLimits};
use super::{ImportError, ImportFormat, ImportReport, ImportedAccount};

const FORMAT: ImportFormat = ImportFormat::Proton;

/// Associated data of the encrypted export.
pub const EXPORT_AAD: &[u8] = b"proton.authenticator.export.v1";
/// Argon2id memory (KiB) and passes of the encrypted export.
pub const ARGON2_MEMORY_KIB: u64 = 19 * 1024;
/// Argon2id passes of the encrypted export.
pub const ARGON2_PASSES: u64 = 2;

pub(crate) fn import(
    text: &str,
    password: Option<&str>,
    limits: &KdfLimits,
) -> Result<ImportReport, ImportError> {
    let doc = json::parse(FORMAT, text)?;
    if !doc.is_object() {
        return Err(ImportError::invalid(FORMAT, "expected a JSON object"));
    }
    check_version(&doc)?;
    if doc.get("entries").is_none() && doc.get("content").is_some() {
        let plain = decrypt(&doc, password, limits)?;
        check_version(&plain)?;
        return read_entries(&plain);
    }
    read_entries(&doc)
}

fn check_version(doc: &Value) -> Result<(), ImportError> {
    match u64_field(doc, "version") {
        Ok(Some(1)) => Ok(()),
        Ok(None) => Err(ImportError::invalid(FORMAT, "missing version")),
        _ => Err(ImportError::UnsupportedVersion {
            format: FORMAT,
            version: json::show(doc.get("version")),
        }),
    }
}

fn decrypt(
    doc: &Value,
    password: Option<&str>,
    limits: &KdfLimits,
) -> Result<Scrubbed, ImportError> {
    let decode = |key: &str| {
        let text = str_field(doc, key)
            .ok_or_else(|| ImportError::invalid(FORMAT, format!("missing {key}")))?;
        base64::engine::general_purpose::STANDARD
            .decode(text.trim())
            .map_err(|_| ImportError::invalid(FORMAT, format!("{key} is not valid base64")))
    };
    let salt = decode("salt")?;
    if salt.len() != 16 {
        return Err(ImportError::invalid(
            FORMAT,
            format!("salt must be 16 bytes, got {}", salt.len()),
        ));
    }
    let content = decode("content")?;
    if content.len() < 12 + 16 {
        return Err(ImportError::invalid(FORMAT, "content is too short"));
    }
    let password = password.ok_or(ImportError::PasswordRequired)?;
    let key = kdf::argon2id32(
        password,
        &salt,
        ARGON2_MEMORY_KIB,
        ARGON2_PASSES,
        &mut KdfBudget::new(limits),
    )?;
    let (nonce, sealed) = content.split_at(12);
    let plain = aead::decrypt_combined(&key, nonce, sealed, EXPORT_AAD).map_err(|e| match e {
        GcmError::Auth => ImportError::WrongPassword,
        GcmError::BadLength(what) => {
            ImportError::invalid(FORMAT, format!("content {what} has the wrong length"))
        }
    })?;
    json::parse_bytes(FORMAT, &plain)
}

fn read_entries(doc: &Value) -> Result<ImportReport, ImportError> {
    let entries = doc
        .get("entries")
        .and_then(Value::as_array)
        .ok_or_else(|| ImportError::invalid(FORMAT, "missing entries array"))?;
    let mut report = ImportReport::default();
    for (index, entry) in entries.iter().enumerate() {
        let content = entry
            .get("content")
            .filter(|c| c.is_object())
            .unwrap_or(entry);
        match read_entry(entry, content) {
            Ok(account) => report.accounts.push(account),
            Err(reason) => report.fail(
                index,
                text_field(content, "name").map(str::to_string),
                reason,
            ),
        }
    }
    Ok(report)
}

fn read_entry(entry: &Value, content: &Value) -> Result<ImportedAccount, String> {
    let uri = str_field(content, "uri").ok_or("missing uri")?;
    let mut uri = OtpAuthUri::parse(uri).map_err(|e| e.to_string())?;
    match text_field(content, "entry_type") {
        Some(t) if t.eq_ignore_ascii_case("steam") => uri.params = OtpParams::steam(),
        Some(t) if t.eq_ignore_ascii_case("totp") => {}
        None => {}
        Some(other) => return Err(format!("unsupported entry_type {:?}", json::clip(other))),
    }
    if uri.account.is_empty() {
        if let Some(name) = text_field(content, "name") {
            uri.account = name.to_string();
        }
    }
    Ok(ImportedAccount {
        uri,
        note: text_field(entry, "note").map(str::to_string),
        groups: Vec::new(),
        icon: None,
        favorite: false,
    })
}
