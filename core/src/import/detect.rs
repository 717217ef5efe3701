//! Guessing the format of a file from its content.

use serde_json::Value;

use super::json::Scrubbed;
use super::ImportFormat;

/// Guesses the format of `bytes` from its structure, or `None` when it matches none.
///
/// * Binary: a zip archive → Proton Pass; a Java serialization stream → FreeOTP 2;
///   `AUTHENTICATORPRO`/`AuthenticatorPro` → Stratum (encrypted); other non-text input of at
///   least 44 bytes whose first 4 bytes read as a plausible PBKDF2 iteration count → andOTP
///   (encrypted).
/// * JSON objects: `header` + `db` → Aegis; `services` or `servicesEncrypted` → 2FAS;
///   `kdfParams` + `encryptedData` → Ente (encrypted); `entries`, or `salt` + `content` → Proton;
///   `tokens` → FreeOTP+; `items` → Bitwarden; `Authenticators` → Stratum; `vaults` → Proton Pass;
///   `shared_secret`, or `accounts` holding maFiles → Steam; `accounts` with `issuerName`
///   entries (or `deviceName`) → LastPass; `authenticator_tokens` → Authy.
/// * JSON arrays: entries with `decryptedSecret`/`decrypted_seed` → Authy; with `secret` and
///   `type` → andOTP.
/// * XML holding `com.authy.storage.tokens` → Authy. A CSV header with `login_totp` → Bitwarden.
/// * Text: lines with a `codeDisplay` parameter → Ente (plain); only `otpauth-migration://` lines
///   → Google migration; any `otpauth://`/`steam://` line → otpauth list.
pub fn detect_format(bytes: &[u8]) -> Option<ImportFormat> {
    if let Some(format) = detect_binary(bytes) {
        return Some(format);
    }
    let text = std::str::from_utf8(bytes).ok()?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text).trim();
    if text.starts_with('{') || text.starts_with('[') {
        let doc = Scrubbed(serde_json::from_str::<Value>(text).ok()?);
        return detect_json(&doc);
    }
    if text.starts_with('<') {
        return text
            .contains("com.authy.storage.tokens")
            .then_some(ImportFormat::Authy);
    }
    let first_line = text.lines().next().unwrap_or_default();
    if first_line.split(',').any(|c| c.trim() == "login_totp") {
        return Some(ImportFormat::Bitwarden);
    }
    let mut migration = false;
    let mut otpauth = false;
    let mut ente = false;
    for line in text.lines().map(str::trim) {
        let head = line
            .chars()
            .take(20)
            .collect::<String>()
            .to_ascii_lowercase();
        if head.starts_with("otpauth-migration:") {
            migration = true;
        } else if head.starts_with("otpauth:") || head.starts_with("steam:") {
            otpauth = true;
            ente |= line.contains("codeDisplay=");
        }
    }
    match (otpauth, migration) {
        _ if ente => Some(ImportFormat::Ente),
        (false, true) => Some(ImportFormat::GoogleMigration),
        (true, _) => Some(ImportFormat::OtpauthList),
        (false, false) => None,
    }
}

fn detect_binary(bytes: &[u8]) -> Option<ImportFormat> {
    if bytes.starts_with(b"PK\x03\x04") {
        return Some(ImportFormat::ProtonPass);
    }
    if bytes.starts_with(&[0xac, 0xed, 0x00, 0x05]) {
        return Some(ImportFormat::FreeOtp);
    }
    if bytes.starts_with(b"AUTHENTICATORPRO") || bytes.starts_with(b"AuthenticatorPro") {
        return Some(ImportFormat::Stratum);
    }
    if std::str::from_utf8(bytes).is_err() && bytes.len() >= 4 + 12 + 12 + 16 {
        // andOTP: 4-byte big-endian PBKDF2 iteration count (the app picks 140 000–160 000).
        let iterations = u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
        if (1_000..=10_000_000).contains(&iterations) {
            return Some(ImportFormat::AndOtp);
        }
    }
    None
}

fn detect_json(doc: &Value) -> Option<ImportFormat> {
    if let Some(list) = doc.as_array() {
        let first = list.first()?;
        let has = |key: &str| first.get(key).is_some();
        return if has("decryptedSecret") || has("decrypted_seed") {
            Some(ImportFormat::Authy)
        } else if has("secret") && has("type") {
            Some(ImportFormat::AndOtp)
        } else if has("shared_secret") {
            Some(ImportFormat::Steam)
        } else {
            None
        };
    }
    let has = |key: &str| doc.get(key).is_some();
    let accounts = doc.get("accounts");
    let first_account = accounts.and_then(|a| match a {
        Value::Array(list) => list.first(),
        Value::Object(map) => map.values().next(),
        _ => None,
    });
    if has("header") && has("db") {
        Some(ImportFormat::Aegis)
    } else if has("services") || has("servicesEncrypted") {
        Some(ImportFormat::TwoFas)
    } else if has("kdfParams") && has("encryptedData") {
        Some(ImportFormat::Ente)
    } else if has("entries") || (has("salt") && has("content")) {
        Some(ImportFormat::Proton)
    } else if has("tokens") && doc.get("tokens").is_some_and(Value::is_array) {
        Some(ImportFormat::FreeOtpPlus)
    } else if has("Authenticators") {
        Some(ImportFormat::Stratum)
    } else if has("vaults") {
        Some(ImportFormat::ProtonPass)
    } else if has("items") {
        Some(ImportFormat::Bitwarden)
    } else if has("shared_secret")
        || first_account.is_some_and(|a| a.get("shared_secret").is_some())
    {
        Some(ImportFormat::Steam)
    } else if has("deviceName")
        || has("localDeviceId")
        || first_account.is_some_and(|a| a.get("issuerName").is_some())
    {
        Some(ImportFormat::LastPass)
    } else if has("authenticator_tokens") {
        Some(ImportFormat::Authy)
    } else {
        None
    }
}
