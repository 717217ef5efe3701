//! Guessing the format of a file from its content.

use serde_json::Value;

use super::json::Scrubbed;
use super::ImportFormat;

/// Guesses the format of `bytes` from its structure, or `None` when it matches none.
///
/// * JSON objects: `header` + `db` → Aegis; `services` or `servicesEncrypted` → 2FAS;
///   `kdfParams` + `encryptedData` → Ente (encrypted); `entries`, or `salt` + `content` → Proton.
/// * Text: lines with a `codeDisplay` parameter → Ente (plain); only `otpauth-migration://` lines
///   → Google migration; any `otpauth://`/`steam://` line → otpauth list.
pub fn detect_format(bytes: &[u8]) -> Option<ImportFormat> {
    let text = std::str::from_utf8(bytes).ok()?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text).trim();
    if text.starts_with('{') {
        let doc = Scrubbed(serde_json::from_str::<Value>(text).ok()?);
        let has = |key: &str| doc.get(key).is_some();
        return if has("header") && has("db") {
            Some(ImportFormat::Aegis)
        } else if has("services") || has("servicesEncrypted") {
            Some(ImportFormat::TwoFas)
        } else if has("kdfParams") && has("encryptedData") {
            Some(ImportFormat::Ente)
        } else if has("entries") || (has("salt") && has("content")) {
            Some(ImportFormat::Proton)
        } else {
            None
        };
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
