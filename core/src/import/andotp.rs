//! andOTP backups (andOTP's `BackupHelper`/`EncryptionHelper` as documented in its source).
//!
//! * **Plain** (`otp_accounts.json`): a JSON array of
//!   `{"secret":base32,"issuer":"..","label":"..","digits":6,"type":"TOTP"|"HOTP"|"STEAM","algorithm":"SHA1",
//!   "period":30,"counter":0,"tags":[".."]}`; `tags` become groups. Entries of older versions
//!   without `issuer` keep `Issuer:label` / `Issuer - label` names, split here.
//! * **Encrypted** (`.json.aes`, andOTP ≥ 0.6.3): `iterations (4 bytes, big-endian) ‖ salt (12) ‖
//!   nonce (12) ‖ AES-256-GCM ciphertext ‖ tag (16)`, key = PBKDF2-HMAC-SHA1(password, salt,
//!   iterations, 256 bits); the plaintext is the plain JSON. Files of andOTP < 0.6.3
//!   (`nonce ‖ ciphertext ‖ tag` under SHA-256(password)) are tried when the first reading fails.

use serde_json::Value;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::aead::{self, GcmError};
use super::entry::{self, Fields};
use super::json::{self, text_field, u64_field};
use super::kdf::{self, KdfBudget, KdfLimits, Prf};
use super::{entry_name, ImportError, ImportFormat, ImportReport, ImportedAccount};

const FORMAT: ImportFormat = ImportFormat::AndOtp;

const SALT_LEN: usize = 12;
const NONCE_LEN: usize = 12;
const TAG_LEN: usize = 16;

pub(crate) fn import(
    bytes: &[u8],
    password: Option<&str>,
    limits: &KdfLimits,
) -> Result<ImportReport, ImportError> {
    let trimmed = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let first = trimmed.iter().find(|b| !b.is_ascii_whitespace());
    if first == Some(&b'[') {
        let text = std::str::from_utf8(trimmed)
            .map_err(|_| ImportError::invalid(FORMAT, "not UTF-8 text"))?;
        return read_entries(text);
    }
    let plain = decrypt(bytes, password, limits)?;
    let text = std::str::from_utf8(&plain)
        .map_err(|_| ImportError::invalid(FORMAT, "decrypted content is not UTF-8"))?;
    read_entries(text)
}

fn decrypt(
    bytes: &[u8],
    password: Option<&str>,
    limits: &KdfLimits,
) -> Result<Zeroizing<Vec<u8>>, ImportError> {
    if bytes.len() < NONCE_LEN + TAG_LEN {
        return Err(ImportError::invalid(
            FORMAT,
            "neither a JSON array nor an encrypted backup (too short)",
        ));
    }
    let password = password.ok_or(ImportError::PasswordRequired)?;
    let header = 4 + SALT_LEN + NONCE_LEN;
    let new_format = if bytes.len() >= header + TAG_LEN {
        let iterations = u64::from(u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]));
        let salt = &bytes[4..4 + SALT_LEN];
        let nonce = &bytes[4 + SALT_LEN..header];
        kdf::pbkdf2_32(
            Prf::Sha1,
            password,
            salt,
            iterations,
            &mut KdfBudget::new(limits),
        )
        .and_then(|key| open(&key, nonce, &bytes[header..]))
    } else {
        Err(ImportError::WrongPassword)
    };
    match new_format {
        Ok(plain) => Ok(plain),
        // Not the current format under this password (or its header is no usable iteration
        // count): andOTP < 0.6.3, keyed by SHA-256 of the password. When that fails too, the
        // first reading's error stands (a limit error is not hidden behind "wrong password").
        Err(first) => {
            let mut key = Zeroizing::new([0u8; 32]);
            key.copy_from_slice(&Sha256::digest(password.as_bytes()));
            open(&key, &bytes[..NONCE_LEN], &bytes[NONCE_LEN..]).map_err(|_| first)
        }
    }
}

fn open(key: &[u8; 32], nonce: &[u8], sealed: &[u8]) -> Result<Zeroizing<Vec<u8>>, ImportError> {
    aead::decrypt_combined(key, nonce, sealed, b"").map_err(|e| match e {
        GcmError::Auth => ImportError::WrongPassword,
        GcmError::BadLength(what) => {
            ImportError::invalid(FORMAT, format!("{what} has the wrong length"))
        }
    })
}

fn read_entries(text: &str) -> Result<ImportReport, ImportError> {
    let doc = json::parse(FORMAT, text)?;
    let entries = doc
        .as_array()
        .ok_or_else(|| ImportError::invalid(FORMAT, "expected a JSON array of entries"))?;
    let mut report = ImportReport::default();
    for (index, item) in entries.iter().enumerate() {
        match read_entry(item) {
            Ok(account) => report.accounts.push(account),
            Err(reason) => report.fail(
                index,
                entry_name(text_field(item, "issuer"), text_field(item, "label")),
                reason,
            ),
        }
    }
    Ok(report)
}

fn read_entry(item: &Value) -> Result<ImportedAccount, String> {
    if !item.is_object() {
        return Err(format!("entry is {}, not an object", json::type_name(item)));
    }
    let params = entry::params(Fields {
        kind: text_field(item, "type"),
        algorithm: text_field(item, "algorithm"),
        digits: u64_field(item, "digits")?,
        period: u64_field(item, "period")?,
        counter: u64_field(item, "counter")?,
    })?;
    let secret = entry::base32_secret(text_field(item, "secret"))?;
    let label = text_field(item, "label").unwrap_or_default();
    let (issuer, account) = match text_field(item, "issuer") {
        Some(issuer) => (Some(issuer), label),
        None => match label.split_once(" - ") {
            Some((i, a)) => (Some(i.trim()), a.trim()),
            None => entry::split_name(label),
        },
    };
    let mut account = entry::account(secret, params, issuer, Some(account));
    account.groups = item
        .get("tags")
        .and_then(Value::as_array)
        .map(|tags| {
            tags.iter()
                .filter_map(Value::as_str)
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    Ok(account)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::OtpKind;

    const PLAIN: &str = r#"[{"secret":"JBSWY3DPEHPK3PXP","issuer":"Acme","label":"me","digits":6,"type":"TOTP","algorithm":"SHA1","period":30,"tags":["work"]},
        {"secret":"JBSWY3DPEHPK3PXP","label":"Old - you","digits":6,"type":"HOTP","algorithm":"SHA1","counter":4,"tags":[]},
        {"secret":"JBSWY3DPEHPK3PXP","issuer":"X","label":"y","digits":6,"type":"TOTP","algorithm":"MD5","period":30}]"#;

    fn seal(plain: &[u8], password: &str, iterations: u32) -> Vec<u8> {
        let salt = [3u8; SALT_LEN];
        let nonce = [4u8; NONCE_LEN];
        let key = kdf::pbkdf2_32(
            Prf::Sha1,
            password,
            &salt,
            iterations.into(),
            &mut KdfBudget::new(&KdfLimits::DEFAULT),
        )
        .unwrap();
        let (ct, tag) = aead::encrypt(&key, &nonce, plain, b"").unwrap();
        let mut out = iterations.to_be_bytes().to_vec();
        out.extend_from_slice(&salt);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&ct);
        out.extend_from_slice(&tag);
        out
    }

    #[test]
    fn plain_entries_groups_and_refusals() {
        let report = import(PLAIN.as_bytes(), None, &KdfLimits::SMALL).unwrap();
        assert_eq!(report.accounts.len(), 2);
        assert_eq!(report.accounts[0].groups, ["work"]);
        let old = &report.accounts[1].uri;
        assert_eq!(old.issuer.as_deref(), Some("Old"));
        assert_eq!(old.account, "you");
        assert_eq!(old.params.kind, OtpKind::Hotp { counter: 4 });
        assert_eq!(report.failures.len(), 1);
        assert!(report.failures[0].reason.contains("MD5"));
    }

    #[test]
    fn encrypted_round_trip_wrong_password_and_damage() {
        let sealed = seal(PLAIN.as_bytes(), "pw", 1000);
        let report = import(&sealed, Some("pw"), &KdfLimits::SMALL).unwrap();
        assert_eq!(report.accounts.len(), 2);
        assert_eq!(
            import(&sealed, None, &KdfLimits::SMALL),
            Err(ImportError::PasswordRequired)
        );
        assert_eq!(
            import(&sealed, Some("nope"), &KdfLimits::SMALL),
            Err(ImportError::WrongPassword)
        );
        let mut damaged = sealed.clone();
        *damaged.last_mut().unwrap() ^= 1;
        assert_eq!(
            import(&damaged, Some("pw"), &KdfLimits::SMALL),
            Err(ImportError::WrongPassword)
        );
        assert!(matches!(
            import(&sealed[..20], Some("pw"), &KdfLimits::SMALL),
            Err(ImportError::InvalidFormat { .. })
        ));
    }

    #[test]
    fn iteration_counts_from_the_file_are_bounded() {
        let mut sealed = seal(b"[]", "pw", 1000);
        sealed[..4].copy_from_slice(&u32::MAX.to_be_bytes());
        assert!(matches!(
            import(&sealed, Some("pw"), &KdfLimits::SMALL),
            Err(ImportError::KdfLimitExceeded { .. })
        ));
        sealed[..4].copy_from_slice(&0u32.to_be_bytes());
        assert!(matches!(
            import(&sealed, Some("pw"), &KdfLimits::SMALL),
            Err(ImportError::Crypto { .. })
        ));
    }

    #[test]
    fn old_format_sha256_key() {
        let mut key = [0u8; 32];
        key.copy_from_slice(&Sha256::digest(b"pw"));
        let nonce = [9u8; NONCE_LEN];
        let (ct, tag) = aead::encrypt(&key, &nonce, PLAIN.as_bytes(), b"").unwrap();
        let mut old = nonce.to_vec();
        old.extend_from_slice(&ct);
        old.extend_from_slice(&tag);
        // The first 4 bytes read as an iteration count of 0x09090909, over the limits: the
        // old format is tried and opens.
        let report = import(&old, Some("pw"), &KdfLimits::SMALL).unwrap();
        assert_eq!(report.accounts.len(), 2);
        assert!(matches!(
            import(&old, Some("nope"), &KdfLimits::SMALL),
            Err(ImportError::KdfLimitExceeded { .. })
        ));
    }
}
