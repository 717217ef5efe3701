//! 2FAS Authenticator backups (`.2fas`, schema versions 1–4 as written by the Android and iOS
//! apps).
//!
//! `{"services":[..],"groups":[{"id","name"}],"schemaVersion":4,...}` with services
//! `{"name","secret","otp":{"account","issuer","label","digits","period","algorithm","counter","tokenType"},"groupId"}`.
//! `tokenType` is `TOTP` (default), `HOTP` or `STEAM`. `name` (the service name 2FAS shows) is the
//! issuer, falling back to `otp.issuer`; `otp.account` is the account.
//!
//! Encrypted backups have `"services":[]` and `servicesEncrypted` =
//! `base64(ciphertext‖tag):base64(salt):base64(iv)`: AES-256-GCM (12-byte IV, 16-byte tag, no AAD)
//! under PBKDF2-HMAC-SHA256(password, salt, 10 000 iterations, 256 bits); the plaintext is the JSON
//! array of services. `reference` holds the fixed [`REFERENCE`] text encrypted the same way with
//! its own IV; it is checked first so that a wrong password is told apart from a damaged file.

use std::collections::HashMap;

use base64::Engine as _;
use serde_json::Value;
use zeroize::Zeroizing;

use crate::params::{Algorithm, OtpKind, OtpParams, DEFAULT_DIGITS, DEFAULT_PERIOD};
use crate::secret::Secret;
use crate::uri::OtpAuthUri;

use super::aead::{self, GcmError};
use super::json::{self, str_field, text_field, u64_field, Scrubbed};
use super::kdf::{self, Key32};
use super::{entry_name, ImportError, ImportFormat, ImportReport, ImportedAccount};

const FORMAT: ImportFormat = ImportFormat::TwoFas;

/// PBKDF2 iterations used by 2FAS.
pub const PBKDF2_ITERATIONS: u32 = 10_000;

/// The known plaintext of the `reference` field (2FAS `BackupContent.Reference`).
pub const REFERENCE: &str = "tRViSsLKzd86Hprh4ceC2OP7xazn4rrt4xhfEUbOjxLX8Rc3mkISXE0lWbmnWfggogbBJhtYgpK6fMl1D6mtsy92R3HkdGfwuXbzLebqVFJsR7IZ2w58t938iymwG4824igYy1wi6n2WDpO1Q1P69zwJGs2F5a1qP4MyIiDSD7NCV2OvidXQCBnDlGfmz0f1BQySRkkt4ryiJeCjD2o4QsveJ9uDBUn8ELyOrESv5R5DMDkD4iAF8TXU7KyoJujd";

pub(crate) fn import(text: &str, password: Option<&str>) -> Result<ImportReport, ImportError> {
    let doc = json::parse(FORMAT, text)?;
    if !doc.is_object() {
        return Err(ImportError::invalid(FORMAT, "expected a JSON object"));
    }
    let groups: HashMap<&str, &str> = doc
        .get("groups")
        .and_then(Value::as_array)
        .map(|groups| {
            groups
                .iter()
                .filter_map(|g| Some((str_field(g, "id")?, text_field(g, "name")?)))
                .collect()
        })
        .unwrap_or_default();

    let decrypted: Scrubbed;
    let services = match text_field(&doc, "servicesEncrypted") {
        Some(encrypted) => {
            decrypted = decrypt(&doc, encrypted, password)?;
            &decrypted.0
        }
        None => doc
            .get("services")
            .ok_or_else(|| ImportError::invalid(FORMAT, "missing services"))?,
    };
    let services = services
        .as_array()
        .ok_or_else(|| ImportError::invalid(FORMAT, "services is not an array"))?;

    let mut report = ImportReport::default();
    for (index, service) in services.iter().enumerate() {
        match read_service(service, &groups) {
            Ok(account) => report.accounts.push(account),
            Err(reason) => {
                let otp = service.get("otp").unwrap_or(&Value::Null);
                let issuer = text_field(service, "name").or_else(|| text_field(otp, "issuer"));
                report.fail(index, entry_name(issuer, str_field(otp, "account")), reason);
            }
        }
    }
    Ok(report)
}

/// `base64(ciphertext‖tag):base64(salt):base64(iv)`.
struct Sealed {
    combined: Vec<u8>,
    salt: Vec<u8>,
    iv: Vec<u8>,
}

fn split_sealed(text: &str, field: &str) -> Result<Sealed, ImportError> {
    let parts: Vec<&str> = text.trim().split(':').collect();
    let [combined, salt, iv] = parts[..] else {
        return Err(ImportError::invalid(
            FORMAT,
            format!(
                "{field} must have 3 ':'-separated parts, found {}",
                parts.len()
            ),
        ));
    };
    let decode = |part: &str, what: &str| {
        base64::engine::general_purpose::STANDARD
            .decode(part)
            .map_err(|_| ImportError::invalid(FORMAT, format!("{field} {what} is not base64")))
    };
    Ok(Sealed {
        combined: decode(combined, "ciphertext")?,
        salt: decode(salt, "salt")?,
        iv: decode(iv, "iv")?,
    })
}

fn open(key: &Key32, sealed: &Sealed, field: &str) -> Result<Zeroizing<Vec<u8>>, ImportError> {
    aead::decrypt_combined(key, &sealed.iv, &sealed.combined, b"").map_err(|e| match e {
        GcmError::Auth => ImportError::WrongPassword,
        GcmError::BadLength(what) => {
            ImportError::invalid(FORMAT, format!("{field} {what} has the wrong length"))
        }
    })
}

fn decrypt(doc: &Value, encrypted: &str, password: Option<&str>) -> Result<Scrubbed, ImportError> {
    let services = split_sealed(encrypted, "servicesEncrypted")?;
    let reference = text_field(doc, "reference")
        .map(|r| split_sealed(r, "reference"))
        .transpose()?;
    let password = password.ok_or(ImportError::PasswordRequired)?;

    let key = kdf::pbkdf2_sha256_32(password, &services.salt, PBKDF2_ITERATIONS);
    let verified = match &reference {
        Some(reference) => {
            let reference_key;
            let key_for_reference = if reference.salt == services.salt {
                &key
            } else {
                reference_key = kdf::pbkdf2_sha256_32(password, &reference.salt, PBKDF2_ITERATIONS);
                &reference_key
            };
            let plain = open(key_for_reference, reference, "reference")?;
            if &plain[..] != REFERENCE.as_bytes() {
                return Err(ImportError::WrongPassword);
            }
            true
        }
        None => false,
    };
    let plain = match open(&key, &services, "servicesEncrypted") {
        Err(ImportError::WrongPassword) if verified => {
            return Err(ImportError::Crypto {
                reason: "servicesEncrypted failed authentication although the password is \
                         correct (damaged file)"
                    .into(),
            })
        }
        other => other?,
    };
    json::parse_bytes(FORMAT, &plain)
}

fn read_service(service: &Value, groups: &HashMap<&str, &str>) -> Result<ImportedAccount, String> {
    if !service.is_object() {
        return Err(format!(
            "service is {}, not an object",
            json::type_name(service)
        ));
    }
    let otp = service.get("otp").unwrap_or(&Value::Null);
    let algorithm = match text_field(otp, "algorithm") {
        Some(a) => a
            .parse::<Algorithm>()
            .map_err(|_| format!("unsupported algorithm {:?}", json::clip(a)))?,
        None => Algorithm::Sha1,
    };
    let digits = u64_field(otp, "digits")?.unwrap_or(u64::from(DEFAULT_DIGITS));
    let digits = u8::try_from(digits)
        .map_err(|_| format!("digits must be between 1 and 10, got {digits}"))?;
    let token_type = text_field(otp, "tokenType")
        .unwrap_or("TOTP")
        .to_ascii_uppercase();
    let params = match token_type.as_str() {
        "TOTP" => OtpParams {
            kind: OtpKind::Totp {
                period: u64_field(otp, "period")?.unwrap_or(DEFAULT_PERIOD),
                t0: 0,
            },
            algorithm,
            digits,
        },
        "HOTP" => OtpParams {
            kind: OtpKind::Hotp {
                counter: u64_field(otp, "counter")?.unwrap_or(0),
            },
            algorithm,
            digits,
        },
        "STEAM" => OtpParams::steam(),
        other => return Err(format!("unsupported token type {:?}", json::clip(other))),
    };
    params.validate().map_err(|e| e.to_string())?;
    let secret = Secret::from_base32(str_field(service, "secret").unwrap_or_default())
        .map_err(|e| format!("invalid secret: {e}"))?;

    let issuer = text_field(service, "name")
        .or_else(|| text_field(otp, "issuer"))
        .map(str::to_string);
    let account = text_field(otp, "account")
        .or_else(|| {
            // Older backups may only have `label` ("Issuer:account").
            text_field(otp, "label").map(|l| l.split_once(':').map_or(l, |(_, a)| a.trim()))
        })
        .unwrap_or_default()
        .to_string();
    let group = text_field(service, "groupId")
        .and_then(|id| groups.get(id))
        .map(|name| name.to_string());
    Ok(ImportedAccount {
        uri: OtpAuthUri {
            secret,
            params,
            label_issuer: issuer.clone(),
            issuer,
            account,
            extra: Vec::new(),
        },
        note: None,
        groups: group.into_iter().collect(),
        icon: None,
        favorite: false,
    })
}
