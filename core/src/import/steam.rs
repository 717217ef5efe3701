//! Steam Desktop Authenticator account files (`.maFile`, JSON).
//!
//! `{"shared_secret":base64,"account_name":"..","steamid":..,"revocation_code":"..",..}`: the
//! Steam Guard key is `shared_secret` (standard base64); it becomes a Steam account with issuer
//! `Steam` and the `account_name`. Other fields (identity secret, session, revocation code) are
//! not imported. A file holding several maFiles as `{"accounts":{name: maFile, ..}}` or a
//! JSON array of them is read too.

use base64::Engine as _;
use serde_json::Value;
use zeroize::Zeroizing;

use crate::params::OtpParams;
use crate::secret::Secret;

use super::entry;
use super::json::{self, text_field};
use super::{ImportError, ImportFormat, ImportReport, ImportedAccount};

const FORMAT: ImportFormat = ImportFormat::Steam;

pub(crate) fn import(text: &str) -> Result<ImportReport, ImportError> {
    let doc = json::parse(FORMAT, text)?;
    let files: Vec<&Value> = if doc.get("shared_secret").is_some() {
        vec![&doc]
    } else if let Some(accounts) = doc.get("accounts").and_then(Value::as_object) {
        accounts.values().collect()
    } else if let Some(list) = doc.as_array() {
        list.iter().collect()
    } else {
        return Err(ImportError::invalid(
            FORMAT,
            "no shared_secret: not a Steam Desktop Authenticator maFile",
        ));
    };
    let mut report = ImportReport::default();
    for (index, file) in files.into_iter().enumerate() {
        match read_mafile(file) {
            Ok(account) => report.accounts.push(account),
            Err(reason) => report.fail(
                index,
                text_field(file, "account_name").map(str::to_string),
                reason,
            ),
        }
    }
    Ok(report)
}

fn read_mafile(file: &Value) -> Result<ImportedAccount, String> {
    let shared = text_field(file, "shared_secret").ok_or("missing shared_secret")?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(shared)
        .map(Zeroizing::new)
        .map_err(|_| "shared_secret is not base64")?;
    let secret = Secret::from_bytes(bytes.to_vec()).map_err(|e| format!("invalid secret: {e}"))?;
    Ok(entry::account(
        secret,
        OtpParams::steam(),
        Some("Steam"),
        text_field(file, "account_name"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_wrapped_and_broken() {
        let one = r#"{"shared_secret":"THIl8+Jl6ugxr8x0X6eRMg==","account_name":"me","revocation_code":"R1"}"#;
        let report = import(one).unwrap();
        assert_eq!(report.accounts.len(), 1);
        let a = &report.accounts[0].uri;
        assert_eq!(a.params, OtpParams::steam());
        assert_eq!(a.issuer.as_deref(), Some("Steam"));
        assert_eq!(a.account, "me");
        assert_eq!(a.secret.as_bytes()[..3], [0x4c, 0x72, 0x25]);
        let wrapped = format!(
            r#"{{"accounts":{{"a":{one},"b":{{"shared_secret":"%%%","account_name":"bad"}}}}}}"#
        );
        let report = import(&wrapped).unwrap();
        assert_eq!(report.accounts.len(), 1);
        assert_eq!(report.failures[0].name.as_deref(), Some("bad"));
        assert!(report.failures[0].reason.contains("base64"));
        assert!(matches!(
            import(r#"{"account_name":"x"}"#),
            Err(ImportError::InvalidFormat { .. })
        ));
        assert!(matches!(
            import("{"),
            Err(ImportError::InvalidFormat { .. })
        ));
    }
}
