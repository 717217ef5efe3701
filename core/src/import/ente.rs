//! Ente Auth exports.
//!
//! * **Plain**: a text file of otpauth URIs, one per line (Ente's `Code.rawData`). Ente adds a
//!   `codeDisplay` query parameter holding JSON
//!   `{"pinned":bool,"trashed":bool,"lastUsedAt":int,"tapCount":int,"tags":[..],"note":".."}`,
//!   read by [`apply_code_display`]: `note` → note, `tags` → groups, `pinned` → favorite; trashed
//!   codes are reported as failures rather than imported.
//! * **Encrypted** (version 1): JSON
//!   `{"version":1,"kdfParams":{"memLimit":bytes,"opsLimit":n,"salt":b64},"encryptedData":b64,"encryptionNonce":b64}`.
//!   The key is libsodium `crypto_pwhash` (Argon2id v1.3, one lane, 32 bytes, memory
//!   `memLimit / 1024` KiB, `opsLimit` passes, 16-byte salt); `encryptionNonce` is the 24-byte
//!   `crypto_secretstream_xchacha20poly1305` header and `encryptedData` a single secretstream
//!   message (Ente pushes the whole text with `TAG_FINAL`) whose plaintext is the plain export.
//!   Base64 is libsodium's "original" variant (standard alphabet, padded).

use base64::Engine as _;
use serde_json::Value;

use super::json::{self, u64_field};
use super::kdf::{self, KdfBudget, KdfLimits};
use super::secretstream::{self, HEADER_BYTES};
use super::uri_lines::{self, Accept};
use super::{ImportError, ImportFormat, ImportReport, ImportedAccount};

const FORMAT: ImportFormat = ImportFormat::Ente;

/// Imports a plain (text) or encrypted (JSON) Ente export.
pub(crate) fn import(
    text: &str,
    password: Option<&str>,
    limits: &KdfLimits,
) -> Result<ImportReport, ImportError> {
    if !text.trim_start().starts_with('{') {
        return Ok(uri_lines::import(text, Accept::Ente));
    }
    let doc = json::parse(FORMAT, text)?;
    let plain = decrypt(&doc, password, limits)?;
    let text = std::str::from_utf8(&plain)
        .map_err(|_| ImportError::invalid(FORMAT, "decrypted content is not UTF-8"))?;
    Ok(uri_lines::import(text, Accept::Ente))
}

fn b64(doc: &Value, key: &str) -> Result<zeroize::Zeroizing<Vec<u8>>, ImportError> {
    let text = json::str_field(doc, key)
        .ok_or_else(|| ImportError::invalid(FORMAT, format!("missing {key}")))?;
    base64::engine::general_purpose::STANDARD
        .decode(text.trim())
        .map(zeroize::Zeroizing::new)
        .map_err(|_| ImportError::invalid(FORMAT, format!("{key} is not valid base64")))
}

/// Decrypts an encrypted export to its plain-text content.
fn decrypt(
    doc: &Value,
    password: Option<&str>,
    limits: &KdfLimits,
) -> Result<zeroize::Zeroizing<Vec<u8>>, ImportError> {
    if !doc.is_object() || doc.get("encryptedData").is_none() {
        return Err(ImportError::invalid(
            FORMAT,
            "expected an encrypted export (encryptedData) or a text file of otpauth URIs",
        ));
    }
    let version = u64_field(doc, "version").map_err(|r| ImportError::invalid(FORMAT, r))?;
    if version != Some(1) {
        return Err(ImportError::UnsupportedVersion {
            format: FORMAT,
            version: json::show(doc.get("version")),
        });
    }
    let params = doc
        .get("kdfParams")
        .filter(|p| p.is_object())
        .ok_or_else(|| ImportError::invalid(FORMAT, "missing kdfParams"))?;
    let mem_limit = u64_field(params, "memLimit")
        .map_err(|r| ImportError::invalid(FORMAT, r))?
        .ok_or_else(|| ImportError::invalid(FORMAT, "missing kdfParams.memLimit"))?;
    let ops_limit = u64_field(params, "opsLimit")
        .map_err(|r| ImportError::invalid(FORMAT, r))?
        .ok_or_else(|| ImportError::invalid(FORMAT, "missing kdfParams.opsLimit"))?;
    let salt = b64(params, "salt")?;
    if salt.len() != 16 {
        return Err(ImportError::invalid(
            FORMAT,
            format!("kdfParams.salt must be 16 bytes, got {}", salt.len()),
        ));
    }
    let header: [u8; HEADER_BYTES] = b64(doc, "encryptionNonce")?[..]
        .try_into()
        .map_err(|_| ImportError::invalid(FORMAT, "encryptionNonce must be 24 bytes"))?;
    let ciphertext = b64(doc, "encryptedData")?;
    let password = password.ok_or(ImportError::PasswordRequired)?;

    let key = kdf::argon2id32(
        password,
        &salt,
        mem_limit / 1024,
        ops_limit,
        &mut KdfBudget::new(limits),
    )?;
    let mut state = secretstream::State::new(&key, &header);
    match state.pull(&ciphertext, b"") {
        Ok((plain, _tag)) => Ok(plain),
        Err(secretstream::StreamError::TooShort) => Err(ImportError::invalid(
            FORMAT,
            "encryptedData is shorter than the secretstream overhead",
        )),
        Err(secretstream::StreamError::Auth) => Err(ImportError::WrongPassword),
    }
}

/// Interprets and removes Ente's `codeDisplay` parameter. Returns the failure reason for a code
/// in Ente's trash. Unparseable `codeDisplay` JSON is dropped (as Ente itself does).
pub(crate) fn apply_code_display(account: &mut ImportedAccount) -> Result<(), &'static str> {
    let Some(pos) = account
        .uri
        .extra
        .iter()
        .position(|(k, _)| k.eq_ignore_ascii_case("codeDisplay"))
    else {
        return Ok(());
    };
    let (_, raw) = account.uri.extra.remove(pos);
    account
        .uri
        .extra
        .retain(|(k, _)| !k.eq_ignore_ascii_case("codeDisplay"));
    // Ente reads the value with any leftover `%2C` turned into `,`.
    let Ok(display) = serde_json::from_str::<Value>(&raw.replace("%2C", ",")) else {
        return Ok(());
    };
    if json::bool_field(&display, "trashed") {
        return Err("code is in Ente's trash (not imported)");
    }
    account.favorite = json::bool_field(&display, "pinned");
    account.note = json::text_field(&display, "note").map(str::to_string);
    if let Some(tags) = display.get("tags").and_then(Value::as_array) {
        account.groups = tags
            .iter()
            .filter_map(Value::as_str)
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::uri::OtpAuthUri;

    fn account(uri: &str) -> ImportedAccount {
        ImportedAccount::new(OtpAuthUri::parse(uri).unwrap())
    }

    #[test]
    fn code_display_fields() {
        let mut a = account(
            "otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP&codeDisplay=%7B%22pinned%22%3Atrue%2C%22trashed%22%3Afalse%2C%22tags%22%3A%5B%22Work%22%2C%22%22%5D%2C%22note%22%3A%22hi%22%7D&x=1",
        );
        apply_code_display(&mut a).unwrap();
        assert!(a.favorite);
        assert_eq!(a.note.as_deref(), Some("hi"));
        assert_eq!(a.groups, vec!["Work".to_string()]);
        assert_eq!(a.uri.extra, vec![("x".to_string(), "1".to_string())]);
    }

    #[test]
    fn trashed_and_invalid_code_display() {
        let mut a = account(
            "otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP&codeDisplay=%7B%22trashed%22%3Atrue%7D",
        );
        assert!(apply_code_display(&mut a).is_err());
        let mut a = account("otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP&codeDisplay=%7Bbroken");
        apply_code_display(&mut a).unwrap();
        assert!(a.uri.extra.is_empty() && a.note.is_none());
    }
}
