//! FreeOTP+ JSON backups (the app's "Export JSON"), and the token objects FreeOTP 2 stores.
//!
//! `{"tokenOrder":["Issuer:label",..],"tokens":[{"algo":"SHA1","counter":0,"digits":6,
//! "issuerExt":"..","issuerInt":"..","label":"..","period":30,"secret":[signed bytes],"type":"TOTP"|"HOTP"}]}`.
//! `secret` is the raw key as a JSON array of Java `byte`s (-128..127). `issuerExt` (the issuer
//! the app shows) is preferred to `issuerInt`. The HOTP `counter` is stored as FreeOTP keeps
//! it (the counter of the next code) and imported unchanged.

use serde_json::Value;
use zeroize::Zeroizing;

use crate::secret::Secret;

use super::entry::{self, Fields};
use super::json::{self, text_field, u64_field};
use super::{entry_name, ImportError, ImportFormat, ImportReport, ImportedAccount};

const FORMAT: ImportFormat = ImportFormat::FreeOtpPlus;

pub(crate) fn import(text: &str) -> Result<ImportReport, ImportError> {
    let doc = json::parse(FORMAT, text)?;
    let tokens = doc
        .get("tokens")
        .and_then(Value::as_array)
        .ok_or_else(|| ImportError::invalid(FORMAT, "missing tokens array"))?;
    let mut report = ImportReport::default();
    for (index, token) in tokens.iter().enumerate() {
        match signed_bytes(token.get("secret")).and_then(|secret| read_token(token, secret)) {
            Ok(account) => report.accounts.push(account),
            Err(reason) => report.fail(index, token_name(token), reason),
        }
    }
    Ok(report)
}

/// `issuer: label` of a token object, for failures.
pub(crate) fn token_name(token: &Value) -> Option<String> {
    let issuer = text_field(token, "issuerExt").or_else(|| text_field(token, "issuerInt"));
    entry_name(issuer, text_field(token, "label"))
}

/// A JSON array of Java bytes (-128..=127, or 0..=255) as a secret.
pub(crate) fn signed_bytes(value: Option<&Value>) -> Result<Secret, String> {
    let items = value
        .and_then(Value::as_array)
        .ok_or("secret is not an array of bytes")?;
    let mut bytes = Zeroizing::new(Vec::with_capacity(items.len()));
    for item in items {
        let b = item
            .as_i64()
            .filter(|b| (-128..=255).contains(b))
            .ok_or("secret holds a value that is not a byte")?;
        bytes.push(b as u8);
    }
    Secret::from_bytes(bytes.to_vec()).map_err(|e| format!("invalid secret: {e}"))
}

/// A FreeOTP token object (without its secret) plus the secret.
pub(crate) fn read_token(token: &Value, secret: Secret) -> Result<ImportedAccount, String> {
    if !token.is_object() {
        return Err(format!(
            "token is {}, not an object",
            json::type_name(token)
        ));
    }
    let params = entry::params(Fields {
        kind: text_field(token, "type"),
        algorithm: text_field(token, "algo"),
        digits: u64_field(token, "digits")?,
        period: u64_field(token, "period")?,
        counter: u64_field(token, "counter")?,
    })?;
    let issuer = text_field(token, "issuerExt").or_else(|| text_field(token, "issuerInt"));
    Ok(entry::account(
        secret,
        params,
        issuer,
        text_field(token, "label"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::{Algorithm, OtpKind};

    #[test]
    fn reads_tokens_and_refuses_bad_ones() {
        let text = r#"{"tokens":[
            {"algo":"SHA256","counter":5,"digits":7,"issuerExt":"Ext","issuerInt":"Int","label":"me","period":30,"secret":[-1,0,127,-128,1,2,3,4,5,6],"type":"HOTP"},
            {"algo":"MD5","digits":6,"issuerExt":"X","label":"y","period":30,"secret":[1,2,3],"type":"TOTP"},
            {"algo":"SHA1","digits":6,"label":"z","secret":[1,999],"type":"TOTP"},
            {"algo":"SHA1","digits":6,"label":"w","secret":"AAAA","type":"TOTP"},
            {"algo":"SHA1","digits":6,"label":"v","secret":[1,2,3,4,5,6,7,8,9,10],"type":"MOTP"}
        ]}"#;
        let report = import(text).unwrap();
        assert_eq!(report.accounts.len(), 1);
        let a = &report.accounts[0].uri;
        assert_eq!(a.secret.as_bytes(), &[255, 0, 127, 128, 1, 2, 3, 4, 5, 6]);
        assert_eq!(a.params.kind, OtpKind::Hotp { counter: 5 });
        assert_eq!(a.params.algorithm, Algorithm::Sha256);
        assert_eq!(a.issuer.as_deref(), Some("Ext"));
        assert_eq!(a.account, "me");
        let reasons: Vec<_> = report.failures.iter().map(|f| f.reason.as_str()).collect();
        assert!(reasons[0].contains("MD5"), "{reasons:?}");
        assert!(reasons[1].contains("not a byte"), "{reasons:?}");
        assert!(reasons[2].contains("not an array"), "{reasons:?}");
        assert!(reasons[3].contains("MOTP"), "{reasons:?}");
        assert_eq!(report.failures[0].index, 1);
    }

    #[test]
    fn damaged_files_are_typed_errors() {
        assert!(matches!(
            import("{"),
            Err(ImportError::InvalidFormat { .. })
        ));
        assert!(matches!(
            import(r#"{"tokens":3}"#),
            Err(ImportError::InvalidFormat { .. })
        ));
        assert!(matches!(
            import("[]"),
            Err(ImportError::InvalidFormat { .. })
        ));
    }
}
