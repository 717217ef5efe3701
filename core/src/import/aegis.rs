//! Aegis vault import (format documented in Aegis' `docs/vault.md`).
//!
//! `{"version":1,"header":{"slots":[..]|null,"params":{"nonce":hex,"tag":hex}|null},"db":..}`:
//!
//! * **Plain**: `db` is the content object.
//! * **Encrypted**: `db` is base64 AES-256-GCM ciphertext under a random master key, with
//!   `header.params` nonce/tag. Each password slot (`type` 1) wraps the master key with AES-256-GCM
//!   (`key` hex, `key_params` nonce/tag hex) under `scrypt(password, salt hex, N=n, r, p, 32)`.
//!   Raw (0) and biometric (2) slots cannot be used without the device and are skipped.
//!
//! Content `{"version":1..3,"entries":[..],"groups":[{"uuid","name"}]}`; entries
//! `{"type","name","issuer","note","favorite","icon","icon_mime","info":{secret,algo,digits,period|counter},"groups":[uuid]|"group":name}`.
//! `totp`, `hotp` and `steam` are imported; `motp` and `yandex` need a PIN-based algorithm this
//! SDK does not implement and are reported as failures.

use std::collections::HashMap;

use base64::Engine as _;
use serde_json::Value;
use zeroize::Zeroizing;

use crate::params::{Algorithm, OtpKind, OtpParams, DEFAULT_DIGITS, DEFAULT_PERIOD};
use crate::secret::Secret;
use crate::uri::OtpAuthUri;

use super::aead::{self, GcmError};
use super::json::{self, bool_field, str_field, text_field, u64_field, Scrubbed};
use super::kdf::{self, KdfBudget, KdfLimits, ScryptParams};
use super::{entry_name, ImportError, ImportFormat, ImportReport, ImportedAccount};

const FORMAT: ImportFormat = ImportFormat::Aegis;

/// Content versions this importer reads.
pub(crate) const MAX_DB_VERSION: u64 = 3;

pub(crate) fn import(
    text: &str,
    password: Option<&str>,
    limits: &KdfLimits,
) -> Result<ImportReport, ImportError> {
    let doc = json::parse(FORMAT, text)?;
    if !doc.is_object() {
        return Err(ImportError::invalid(FORMAT, "expected a JSON object"));
    }
    check_version(&doc, "version", 1, "vault")?;
    match doc.get("db") {
        Some(db @ Value::Object(_)) => read_db(db),
        Some(Value::String(ciphertext)) => {
            let db = decrypt_db(&doc, ciphertext, password, limits)?;
            read_db(&db)
        }
        Some(other) => Err(ImportError::invalid(
            FORMAT,
            format!(
                "db must be an object or a base64 string, got {}",
                json::type_name(other)
            ),
        )),
        None => Err(ImportError::invalid(FORMAT, "missing db")),
    }
}

/// `version` must be present-and-at-most `max` (missing is accepted as 1).
fn check_version(obj: &Value, key: &str, max: u64, what: &str) -> Result<(), ImportError> {
    match u64_field(obj, key) {
        Ok(None) => Ok(()),
        Ok(Some(v)) if (1..=max).contains(&v) => Ok(()),
        _ => Err(ImportError::UnsupportedVersion {
            format: FORMAT,
            version: format!("{what} {}", json::show(obj.get(key))),
        }),
    }
}

pub(crate) fn hex_decode(text: &str) -> Option<Zeroizing<Vec<u8>>> {
    let text = text.trim();
    if !text.len().is_multiple_of(2) {
        return None;
    }
    let digits = text.as_bytes();
    let mut out = Zeroizing::new(Vec::with_capacity(digits.len() / 2));
    for pair in digits.chunks_exact(2) {
        let hi = (pair[0] as char).to_digit(16)?;
        let lo = (pair[1] as char).to_digit(16)?;
        out.push((hi * 16 + lo) as u8);
    }
    Some(out)
}

fn hex_field(obj: &Value, key: &str, what: &str) -> Result<Zeroizing<Vec<u8>>, ImportError> {
    str_field(obj, key)
        .and_then(hex_decode)
        .ok_or_else(|| ImportError::invalid(FORMAT, format!("{what}.{key} is missing or not hex")))
}

fn decrypt_db(
    doc: &Value,
    ciphertext_b64: &str,
    password: Option<&str>,
    limits: &KdfLimits,
) -> Result<Scrubbed, ImportError> {
    let header = doc
        .get("header")
        .filter(|h| h.is_object())
        .ok_or_else(|| ImportError::invalid(FORMAT, "encrypted vault without a header"))?;
    let slots = header
        .get("slots")
        .and_then(Value::as_array)
        .ok_or_else(|| ImportError::invalid(FORMAT, "encrypted vault without header.slots"))?;
    let params = header
        .get("params")
        .filter(|p| p.is_object())
        .ok_or_else(|| ImportError::invalid(FORMAT, "encrypted vault without header.params"))?;
    let nonce = hex_field(params, "nonce", "header.params")?;
    let tag = hex_field(params, "tag", "header.params")?;
    let ciphertext = base64::engine::general_purpose::STANDARD
        .decode(ciphertext_b64.trim())
        .map_err(|_| ImportError::invalid(FORMAT, "db is not valid base64"))?;

    let password_slots: Vec<&Value> = slots
        .iter()
        .filter(|s| u64_field(s, "type").ok().flatten() == Some(1))
        .collect();
    if password_slots.is_empty() {
        return Err(ImportError::Unsupported {
            format: FORMAT,
            reason: "the vault has no password slot (only device-bound slots); \
                     export it from Aegis with a password"
                .into(),
        });
    }
    let password = password.ok_or(ImportError::PasswordRequired)?;

    let master = unlock(&password_slots, password, limits)?;
    let plain = aead::decrypt(&master, &nonce, &ciphertext, &tag, b"").map_err(|e| match e {
        GcmError::Auth => ImportError::Crypto {
            reason: "the vault contents failed authentication (damaged file)".into(),
        },
        GcmError::BadLength(what) => {
            ImportError::invalid(FORMAT, format!("header.params {what} has the wrong length"))
        }
    })?;
    json::parse_bytes(FORMAT, &plain)
}

/// Tries each password slot; the first that unwraps gives the master key. All slots together
/// are held to one key-derivation budget, so the number of slots does not multiply the cost.
fn unlock(
    slots: &[&Value],
    password: &str,
    limits: &KdfLimits,
) -> Result<Zeroizing<[u8; 32]>, ImportError> {
    let mut budget = KdfBudget::new(limits);
    for slot in slots {
        let number = |key: &str| {
            u64_field(slot, key)
                .ok()
                .flatten()
                .ok_or_else(|| ImportError::invalid(FORMAT, format!("password slot without {key}")))
        };
        let to_u32 = |key: &str, v: u64| {
            u32::try_from(v).map_err(|_| ImportError::Crypto {
                reason: format!("scrypt {key} {v} is too large"),
            })
        };
        let params = ScryptParams {
            n: number("n")?,
            r: to_u32("r", number("r")?)?,
            p: to_u32("p", number("p")?)?,
        };
        let salt = hex_field(slot, "salt", "slot")?;
        let wrapped = hex_field(slot, "key", "slot")?;
        let key_params = slot
            .get("key_params")
            .filter(|p| p.is_object())
            .ok_or_else(|| ImportError::invalid(FORMAT, "password slot without key_params"))?;
        let nonce = hex_field(key_params, "nonce", "slot.key_params")?;
        let tag = hex_field(key_params, "tag", "slot.key_params")?;

        let kek = kdf::scrypt32(password, &salt, params, &mut budget)?;
        match aead::decrypt(&kek, &nonce, &wrapped, &tag, b"") {
            Ok(master) => {
                let master: [u8; 32] = master[..].try_into().map_err(|_| ImportError::Crypto {
                    reason: "the unwrapped master key is not 32 bytes".into(),
                })?;
                return Ok(Zeroizing::new(master));
            }
            Err(GcmError::Auth) => continue,
            Err(GcmError::BadLength(what)) => {
                return Err(ImportError::invalid(
                    FORMAT,
                    format!("slot key_params {what} has the wrong length"),
                ))
            }
        }
    }
    Err(ImportError::WrongPassword)
}

fn read_db(db: &Value) -> Result<ImportReport, ImportError> {
    if !db.is_object() {
        return Err(ImportError::invalid(
            FORMAT,
            "the vault content is not an object",
        ));
    }
    check_version(db, "version", MAX_DB_VERSION, "content")?;
    let entries = db
        .get("entries")
        .and_then(Value::as_array)
        .ok_or_else(|| ImportError::invalid(FORMAT, "the vault content has no entries array"))?;
    let groups: HashMap<&str, &str> = db
        .get("groups")
        .and_then(Value::as_array)
        .map(|groups| {
            groups
                .iter()
                .filter_map(|g| Some((str_field(g, "uuid")?, text_field(g, "name")?)))
                .collect()
        })
        .unwrap_or_default();

    let mut report = ImportReport::default();
    for (index, entry) in entries.iter().enumerate() {
        match read_entry(entry, &groups) {
            Ok(account) => report.accounts.push(account),
            Err(reason) => report.fail(
                index,
                entry_name(text_field(entry, "issuer"), str_field(entry, "name")),
                reason,
            ),
        }
    }
    Ok(report)
}

fn read_entry(entry: &Value, groups: &HashMap<&str, &str>) -> Result<ImportedAccount, String> {
    if !entry.is_object() {
        return Err(format!(
            "entry is {}, not an object",
            json::type_name(entry)
        ));
    }
    let kind = str_field(entry, "type")
        .unwrap_or("totp")
        .trim()
        .to_ascii_lowercase();
    let info = entry
        .get("info")
        .filter(|i| i.is_object())
        .ok_or("missing info")?;
    let params = match kind.as_str() {
        "steam" => OtpParams::steam(),
        "totp" | "hotp" => {
            let algorithm = match text_field(info, "algo") {
                Some(a) => a
                    .parse::<Algorithm>()
                    .map_err(|_| format!("unsupported algorithm {:?}", json::clip(a)))?,
                None => Algorithm::Sha1,
            };
            let digits = u64_field(info, "digits")?.unwrap_or(u64::from(DEFAULT_DIGITS));
            let kind = if kind == "totp" {
                OtpKind::Totp {
                    period: u64_field(info, "period")?.unwrap_or(DEFAULT_PERIOD),
                    t0: 0,
                }
            } else {
                OtpKind::Hotp {
                    counter: u64_field(info, "counter")?.unwrap_or(0),
                }
            };
            OtpParams {
                kind,
                algorithm,
                digits: u8::try_from(digits)
                    .map_err(|_| format!("digits must be between 1 and 10, got {digits}"))?,
            }
        }
        // Aegis' MotpInfo (MD5, 6, 10 s) and YandexInfo (SHA256, 8, 30 s): the TOTP fields plus
        // "pin"; the stored values are used and checked against the fixed parameters.
        "motp" | "yandex" => {
            let base = if kind == "motp" {
                OtpParams::motp()
            } else {
                OtpParams::yandex()
            };
            let algorithm = match text_field(info, "algo") {
                Some(a) => a
                    .parse::<Algorithm>()
                    .map_err(|_| format!("unsupported algorithm {:?}", json::clip(a)))?,
                None => base.algorithm,
            };
            let digits = u64_field(info, "digits")?.unwrap_or(u64::from(base.digits));
            let period = u64_field(info, "period")?
                .or(base.period())
                .unwrap_or(DEFAULT_PERIOD);
            OtpParams {
                algorithm,
                digits: u8::try_from(digits)
                    .map_err(|_| format!("digits must be between 1 and 10, got {digits}"))?,
                ..base.with_period(period)
            }
        }
        other => return Err(format!("unknown type {:?}", json::clip(other))),
    };
    params.validate().map_err(|e| e.to_string())?;
    let mut secret = Secret::from_base32(str_field(info, "secret").unwrap_or_default())
        .map_err(|e| format!("invalid secret: {e}"))?;
    if params.kind.uses_pin() {
        let pin = str_field(info, "pin")
            .filter(|p| !p.is_empty())
            .ok_or_else(|| format!("{kind} entry without a PIN"))?;
        secret = secret
            .with_pin(pin)
            .map_err(|e| format!("invalid PIN: {e}"))?;
    }
    params.validate_secret(&secret).map_err(|e| e.to_string())?;
    let issuer = text_field(entry, "issuer").map(str::to_string);
    let uri = OtpAuthUri {
        secret,
        params,
        label_issuer: issuer.clone(),
        issuer,
        account: str_field(entry, "name")
            .unwrap_or_default()
            .trim()
            .to_string(),
        extra: Vec::new(),
    };

    let entry_groups = match entry.get("groups").and_then(Value::as_array) {
        Some(ids) => ids
            .iter()
            .filter_map(Value::as_str)
            .filter_map(|id| groups.get(id).map(|name| name.to_string()))
            .collect(),
        // Content versions 1 and 2: one group name.
        None => text_field(entry, "group")
            .map(|g| vec![g.to_string()])
            .unwrap_or_default(),
    };
    Ok(ImportedAccount {
        uri,
        note: text_field(entry, "note").map(str::to_string),
        groups: entry_groups,
        icon: icon(entry),
        favorite: bool_field(entry, "favorite"),
    })
}

/// `icon` (base64) + `icon_mime` as a `data:` URI; invalid icons are dropped.
fn icon(entry: &Value) -> Option<String> {
    let data = text_field(entry, "icon")?;
    base64::engine::general_purpose::STANDARD
        .decode(data)
        .ok()?;
    let mime = text_field(entry, "icon_mime")
        .filter(|m| {
            m.contains('/')
                && m.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "/+-.".contains(c))
        })
        .unwrap_or("image/jpeg");
    Some(format!("data:{mime};base64,{data}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex() {
        assert_eq!(&hex_decode("00ff10").unwrap()[..], &[0, 255, 16]);
        assert_eq!(&hex_decode("ABcd").unwrap()[..], &[0xab, 0xcd]);
        assert!(hex_decode("abc").is_none());
        assert!(hex_decode("zz").is_none());
        assert!(hex_decode("é1").is_none());
    }
}
