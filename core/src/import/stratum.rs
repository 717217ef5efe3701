//! Stratum (formerly Authenticator Pro) backups (`.authpro`), plain JSON or encrypted.
//!
//! * **Plain**: `{"Authenticators":[{"Type":2,"Issuer","Username","Secret":base32,"Pin",
//!   "Algorithm":0,"Digits":6,"Period":30,"Counter":0}],"Categories":[{"Id","Name"}],
//!   "AuthenticatorCategories":[{"CategoryId","AuthenticatorSecret"}],"CustomIcons":[..]}`.
//!   `Type` 1 = HOTP, 2 = TOTP, 4 = Steam; 3 (mOTP) and 5 (Yandex) are refused. `Algorithm`
//!   0 = SHA1, 1 = SHA256, 2 = SHA512. Categories become groups.
//! * **Encrypted** (Stratum's current scheme): `"AUTHENTICATORPRO"` ‖ salt (16) ‖ IV (12) ‖
//!   AES-256-GCM ciphertext ‖ tag (16), key = Argon2id(password, salt, 64 MiB, 3 passes,
//!   4 lanes, 32 bytes); the plaintext is the plain JSON. The legacy scheme (header
//!   `"AuthenticatorPro"`, PBKDF2-SHA1 + AES-CBC) is refused as unsupported.

use std::collections::HashMap;

use serde_json::Value;
use zeroize::Zeroizing;

use super::aead::{self, GcmError};
use super::entry::{self, Fields};
use super::json::{self, str_field, text_field, u64_field};
use super::kdf::{self, KdfBudget, KdfLimits};
use super::{entry_name, ImportError, ImportFormat, ImportReport, ImportedAccount};

const FORMAT: ImportFormat = ImportFormat::Stratum;

/// Header of encrypted backups.
pub const HEADER: &[u8] = b"AUTHENTICATORPRO";
/// Header of legacy (PBKDF2 + AES-CBC) encrypted backups.
pub const LEGACY_HEADER: &[u8] = b"AuthenticatorPro";
const SALT_LEN: usize = 16;
const IV_LEN: usize = 12;
/// Argon2id memory in KiB, passes and lanes of encrypted backups.
pub const ARGON2_MEMORY_KIB: u64 = 64 * 1024;
pub const ARGON2_PASSES: u64 = 3;
pub const ARGON2_LANES: u32 = 4;

pub(crate) fn import(
    bytes: &[u8],
    password: Option<&str>,
    limits: &KdfLimits,
) -> Result<ImportReport, ImportError> {
    if bytes.starts_with(LEGACY_HEADER) {
        return Err(ImportError::Unsupported {
            format: FORMAT,
            reason: "legacy encrypted backups (Authenticator Pro before 1.15) are not supported; \
                     export again from a current version"
                .into(),
        });
    }
    if let Some(rest) = bytes.strip_prefix(HEADER) {
        let plain = decrypt(rest, password, limits)?;
        return read(&json::parse_bytes(FORMAT, &plain)?.0);
    }
    let text = std::str::from_utf8(bytes)
        .map_err(|_| ImportError::invalid(FORMAT, "neither JSON text nor an encrypted backup"))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    read(&json::parse(FORMAT, text)?.0)
}

fn decrypt(
    rest: &[u8],
    password: Option<&str>,
    limits: &KdfLimits,
) -> Result<Zeroizing<Vec<u8>>, ImportError> {
    if rest.len() < SALT_LEN + IV_LEN + 16 {
        return Err(ImportError::invalid(
            FORMAT,
            "encrypted backup is too short",
        ));
    }
    let password = password.ok_or(ImportError::PasswordRequired)?;
    let (salt, rest) = rest.split_at(SALT_LEN);
    let (iv, sealed) = rest.split_at(IV_LEN);
    let key = kdf::argon2id32_lanes(
        password,
        salt,
        ARGON2_MEMORY_KIB,
        ARGON2_PASSES,
        ARGON2_LANES,
        &mut KdfBudget::new(limits),
    )?;
    aead::decrypt_combined(&key, iv, sealed, b"").map_err(|e| match e {
        GcmError::Auth => ImportError::WrongPassword,
        GcmError::BadLength(what) => {
            ImportError::invalid(FORMAT, format!("{what} has the wrong length"))
        }
    })
}

fn read(doc: &Value) -> Result<ImportReport, ImportError> {
    let list = doc
        .get("Authenticators")
        .and_then(Value::as_array)
        .ok_or_else(|| ImportError::invalid(FORMAT, "missing Authenticators array"))?;
    let categories: HashMap<&str, &str> = doc
        .get("Categories")
        .and_then(Value::as_array)
        .map(|c| {
            c.iter()
                .filter_map(|c| Some((str_field(c, "Id")?, text_field(c, "Name")?)))
                .collect()
        })
        .unwrap_or_default();
    // Secret → category names (Stratum links categories to an authenticator by its secret).
    let mut links: HashMap<&str, Vec<&str>> = HashMap::new();
    for link in doc
        .get("AuthenticatorCategories")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let (Some(secret), Some(name)) = (
            str_field(link, "AuthenticatorSecret"),
            str_field(link, "CategoryId").and_then(|id| categories.get(id)),
        ) {
            links.entry(secret).or_default().push(name);
        }
    }
    let mut report = ImportReport::default();
    for (index, item) in list.iter().enumerate() {
        match read_item(item, &links) {
            Ok(account) => report.accounts.push(account),
            Err(reason) => report.fail(
                index,
                entry_name(text_field(item, "Issuer"), text_field(item, "Username")),
                reason,
            ),
        }
    }
    Ok(report)
}

fn read_item(item: &Value, links: &HashMap<&str, Vec<&str>>) -> Result<ImportedAccount, String> {
    if !item.is_object() {
        return Err(format!(
            "authenticator is {}, not an object",
            json::type_name(item)
        ));
    }
    let kind = match u64_field(item, "Type")? {
        Some(1) => "HOTP",
        Some(2) | None => "TOTP",
        Some(3) => return Err("mOTP is not supported".into()),
        Some(4) => "STEAM",
        Some(5) => return Err("Yandex is not supported".into()),
        Some(other) => return Err(format!("unknown authenticator type {other}")),
    };
    let algorithm = match u64_field(item, "Algorithm")? {
        Some(0) | None => "SHA1",
        Some(1) => "SHA256",
        Some(2) => "SHA512",
        Some(other) => return Err(format!("unsupported algorithm {other}")),
    };
    let params = entry::params(Fields {
        kind: Some(kind),
        algorithm: Some(algorithm),
        digits: u64_field(item, "Digits")?,
        period: u64_field(item, "Period")?,
        counter: u64_field(item, "Counter")?,
    })?;
    let raw_secret = str_field(item, "Secret");
    let secret = entry::base32_secret(raw_secret)?;
    let mut account = entry::account(
        secret,
        params,
        text_field(item, "Issuer"),
        text_field(item, "Username"),
    );
    account.groups = raw_secret
        .and_then(|s| links.get(s))
        .map(|names| names.iter().map(|n| n.to_string()).collect())
        .unwrap_or_default();
    Ok(account)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::{Algorithm, OtpKind, OtpParams};

    const PLAIN: &str = r#"{"Authenticators":[
        {"Type":1,"Issuer":"A","Username":"u","Secret":"JBSWY3DPEHPK3PXP","Algorithm":2,"Digits":8,"Period":30,"Counter":9},
        {"Type":4,"Issuer":"Steam","Username":"s","Secret":"JBSWY3DPEHPK3PXQ","Algorithm":0,"Digits":5,"Period":30},
        {"Type":3,"Issuer":"M","Username":"m","Secret":"abcdef0123456789","Pin":"1234","Digits":6,"Period":10},
        {"Type":2,"Issuer":"B","Username":"b","Secret":"JBSWY3DPEHPK3PXR","Algorithm":7,"Digits":6,"Period":30}
      ],"Categories":[{"Id":"c1","Name":"Work"}],
      "AuthenticatorCategories":[{"CategoryId":"c1","AuthenticatorSecret":"JBSWY3DPEHPK3PXP"}]}"#;

    #[test]
    fn plain_types_categories_and_refusals() {
        let report = import(PLAIN.as_bytes(), None, &KdfLimits::SMALL).unwrap();
        assert_eq!(report.accounts.len(), 2);
        let a = &report.accounts[0];
        assert_eq!(a.uri.params.kind, OtpKind::Hotp { counter: 9 });
        assert_eq!(a.uri.params.algorithm, Algorithm::Sha512);
        assert_eq!(a.groups, ["Work"]);
        assert_eq!(report.accounts[1].uri.params, OtpParams::steam());
        assert!(report.accounts[1].groups.is_empty());
        assert!(report.failures[0].reason.contains("mOTP"));
        assert!(report.failures[1].reason.contains("algorithm 7"));
    }

    #[test]
    fn encrypted_round_trip_wrong_password_damage_and_legacy() {
        let salt = [1u8; SALT_LEN];
        let iv = [2u8; IV_LEN];
        let key = kdf::argon2id32_lanes(
            "pw",
            &salt,
            ARGON2_MEMORY_KIB,
            ARGON2_PASSES,
            ARGON2_LANES,
            &mut KdfBudget::new(&KdfLimits::DEFAULT),
        )
        .unwrap();
        let (ct, tag) = aead::encrypt(&key, &iv, PLAIN.as_bytes(), b"").unwrap();
        let mut file = HEADER.to_vec();
        file.extend_from_slice(&salt);
        file.extend_from_slice(&iv);
        file.extend_from_slice(&ct);
        file.extend_from_slice(&tag);
        let limits = KdfLimits::DEFAULT;
        assert_eq!(
            import(&file, Some("pw"), &limits).unwrap().accounts.len(),
            2
        );
        assert_eq!(
            import(&file, None, &limits),
            Err(ImportError::PasswordRequired)
        );
        assert_eq!(
            import(&file, Some("x"), &limits),
            Err(ImportError::WrongPassword)
        );
        let tight = KdfLimits {
            max_memory_bytes: 1 << 20,
            max_work_bytes: 1 << 30,
        };
        assert!(matches!(
            import(&file, Some("pw"), &tight),
            Err(ImportError::KdfLimitExceeded { .. })
        ));
        assert!(matches!(
            import(&file[..40], Some("pw"), &limits),
            Err(ImportError::InvalidFormat { .. })
        ));
        let mut legacy = LEGACY_HEADER.to_vec();
        legacy.extend_from_slice(&[0; 64]);
        assert!(matches!(
            import(&legacy, Some("pw"), &limits),
            Err(ImportError::Unsupported { .. })
        ));
        assert!(matches!(
            import(b"\xff\xfe", None, &limits),
            Err(ImportError::InvalidFormat { .. })
        ));
    }
}
