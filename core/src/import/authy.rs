//! Authy tokens as community extraction tools produce them (Authy has no export).
//!
//! * **XML**: the Android app's shared preferences `com.authy.storage.tokens.authenticator.xml`
//!   (rooted devices), whose `<string name="com.authy.storage.tokens.authenticator.key">` holds
//!   an XML-escaped JSON array of tokens.
//! * **JSON**: such an array directly, or an object holding it under `authenticator_tokens`,
//!   `tokens` or `accounts` (the shape of the API response that interception tools save).
//!
//! Token fields: `decryptedSecret` (also `decrypted_seed`, `secret`; base32), `digits`,
//! `originalName`/`original_name` (`Issuer:account`), `originalIssuer`/`issuer`, `name`. Authy
//! third-party tokens are TOTP with SHA1 and 30 s (the files carry no period or algorithm).
//! Tokens holding only an `encrypted_seed` (needing the Authy backup password) are refused;
//! Authy's own app tokens (`accountType` `authy`, 7 digits / 10 s, stored elsewhere) are not
//! read.

use serde_json::Value;
use zeroize::Zeroizing;

use crate::params::OtpParams;

use super::entry;
use super::json::{self, text_field, u64_field};
use super::{entry_name, ImportError, ImportFormat, ImportReport, ImportedAccount};

const FORMAT: ImportFormat = ImportFormat::Authy;

/// The shared-preferences key holding the token array.
pub const TOKENS_KEY: &str = "com.authy.storage.tokens.authenticator.key";

pub(crate) fn import(text: &str) -> Result<ImportReport, ImportError> {
    let trimmed = text.trim_start();
    if trimmed.starts_with('<') {
        let json_text = xml_string_value(trimmed, TOKENS_KEY)?;
        return read(&json::parse(FORMAT, &json_text)?.0);
    }
    read(&json::parse(FORMAT, text)?.0)
}

/// The unescaped content of `<string name="KEY">…</string>` in an Android preferences file.
fn xml_string_value(xml: &str, key: &str) -> Result<Zeroizing<String>, ImportError> {
    let open = ["\"", "'"]
        .iter()
        .find_map(|q| {
            xml.find(&format!("<string name={q}{key}{q}>"))
                .map(|i| (i, q))
        })
        .ok_or_else(|| {
            ImportError::invalid(FORMAT, format!("no <string name=\"{key}\"> element"))
        })?;
    let start = open.0 + "<string name=".len() + 2 * open.1.len() + key.len() + 1;
    let len = xml[start..]
        .find("</string>")
        .ok_or_else(|| ImportError::invalid(FORMAT, "unterminated <string> element"))?;
    unescape(&xml[start..start + len])
}

/// XML character references and the five predefined entities.
fn unescape(text: &str) -> Result<Zeroizing<String>, ImportError> {
    let mut out = Zeroizing::new(String::with_capacity(text.len()));
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let end = after
            .find(';')
            .filter(|&e| e <= 10)
            .ok_or_else(|| ImportError::invalid(FORMAT, "malformed XML entity"))?;
        let entity = &after[..end];
        let ch = match entity {
            "quot" => '"',
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "apos" => '\'',
            _ => {
                let code = if let Some(hex) = entity.strip_prefix("#x") {
                    u32::from_str_radix(hex, 16).ok()
                } else if let Some(dec) = entity.strip_prefix('#') {
                    dec.parse().ok()
                } else {
                    None
                };
                code.and_then(char::from_u32).ok_or_else(|| {
                    ImportError::invalid(
                        FORMAT,
                        format!("unknown XML entity &{};", json::clip(entity)),
                    )
                })?
            }
        };
        out.push(ch);
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

fn read(doc: &Value) -> Result<ImportReport, ImportError> {
    let tokens = match doc {
        Value::Array(list) => list,
        Value::Object(_) => ["authenticator_tokens", "tokens", "accounts"]
            .iter()
            .find_map(|k| doc.get(*k).and_then(Value::as_array))
            .ok_or_else(|| ImportError::invalid(FORMAT, "no token array"))?,
        other => {
            return Err(ImportError::invalid(
                FORMAT,
                format!("expected tokens, got {}", json::type_name(other)),
            ))
        }
    };
    let mut report = ImportReport::default();
    for (index, token) in tokens.iter().enumerate() {
        match read_token(token) {
            Ok(account) => report.accounts.push(account),
            Err(reason) => {
                let (issuer, account) = names(token);
                report.fail(index, entry_name(issuer, Some(account)), reason);
            }
        }
    }
    Ok(report)
}

fn names(token: &Value) -> (Option<&str>, &str) {
    let field = |a: &str, b: &str| text_field(token, a).or_else(|| text_field(token, b));
    let original = field("originalName", "original_name");
    let issuer = field("originalIssuer", "issuer");
    match original.or_else(|| text_field(token, "name")) {
        Some(name) => match entry::split_name(name) {
            (Some(prefix), account) => (issuer.or(Some(prefix)), account),
            (None, account) if issuer.is_some() => (issuer, account),
            (None, whole) => (None, whole),
        },
        None => (issuer, ""),
    }
}

fn read_token(token: &Value) -> Result<ImportedAccount, String> {
    if !token.is_object() {
        return Err(format!(
            "token is {}, not an object",
            json::type_name(token)
        ));
    }
    let secret = ["decryptedSecret", "decrypted_seed", "secret"]
        .iter()
        .find_map(|k| text_field(token, k));
    if secret.is_none() && token.get("encrypted_seed").is_some() {
        return Err(
            "the seed is encrypted with the Authy backup password; decrypt it with \
                    the extraction tool first"
                .into(),
        );
    }
    let secret = entry::base32_secret(secret)?;
    let digits = u64_field(token, "digits")?.unwrap_or(6);
    let params = entry::params(entry::Fields {
        digits: Some(digits),
        ..entry::Fields::default()
    })
    .map(|p| OtpParams {
        digits: p.digits,
        ..OtpParams::totp()
    })?;
    let (issuer, account) = names(token);
    Ok(entry::account(secret, params, issuer, Some(account)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_preferences_and_json() {
        let xml = r#"<?xml version='1.0' encoding='utf-8' standalone='yes' ?>
<map><int name="key_version" value="121" />
<string name="com.authy.storage.tokens.authenticator.key">[{&quot;decryptedSecret&quot;:&quot;JBSWY3DPEHPK3PXP&quot;,&quot;digits&quot;:7,&quot;originalName&quot;:&quot;Acme:me&amp;you&quot;,&quot;originalIssuer&quot;:&quot;Acme&quot;,&quot;name&quot;:&quot;Acme: me&quot;},{&quot;name&quot;:&quot;Enc&quot;,&quot;encrypted_seed&quot;:&quot;xx&quot;}]</string></map>"#;
        let report = import(xml).unwrap();
        assert_eq!(report.accounts.len(), 1);
        let a = &report.accounts[0].uri;
        assert_eq!(a.issuer.as_deref(), Some("Acme"));
        assert_eq!(a.account, "me&you");
        assert_eq!(a.params.digits, 7);
        assert_eq!(a.params.period(), Some(30));
        assert!(report.failures[0].reason.contains("encrypted"));

        let json = r#"{"authenticator_tokens":[{"decrypted_seed":"JBSWY3DPEHPK3PXP","digits":6,"name":"Solo"}]}"#;
        let report = import(json).unwrap();
        assert_eq!(report.accounts[0].uri.issuer, None);
        assert_eq!(report.accounts[0].uri.account, "Solo");
    }

    #[test]
    fn damaged_files() {
        for bad in [
            "<map></map>",
            "<map><string name=\"com.authy.storage.tokens.authenticator.key\">[</string></map>",
            "<map><string name=\"com.authy.storage.tokens.authenticator.key\">&bogus;</string></map>",
            "<map><string name=\"com.authy.storage.tokens.authenticator.key\">[]",
            "{\"x\":1}",
            "3",
        ] {
            assert!(
                matches!(import(bad), Err(ImportError::InvalidFormat { .. })),
                "{bad}"
            );
        }
    }
}
