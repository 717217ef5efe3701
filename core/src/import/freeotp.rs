//! FreeOTP 2 encrypted backups (`externalBackup.xml`, as FreeOTP ≥ 2.0 writes them).
//!
//! The file is a Java-serialized `HashMap<String, String>` ([`super::javaser`]):
//!
//! * `masterKey`: JSON `{"mAlgorithm":"PBKDF2withHmacSHA512","mIterations":100000,"mSalt":[bytes],
//!   "mEncryptedKey":{"mCipher":"AES/GCM/NoPadding","mCipherText":[bytes],"mParameters":[bytes],"mToken":"AES"}}`.
//!   The master key is AES-256-GCM-decrypted (`mCipherText` = ciphertext ‖ tag, AAD = `mToken`)
//!   under PBKDF2-HMAC-SHA512(password, `mSalt`, `mIterations`, 256 bits). `mParameters` is the
//!   DER `GCMParameters` (`SEQUENCE { OCTET STRING iv, INTEGER tagLength }`).
//! * `<uuid>`: JSON `{"key":"<EncryptedKey JSON>"}`: the token's HMAC key encrypted the same way
//!   under the master key (AAD = its `mToken`, e.g. `HmacSHA1`).
//! * `<uuid>-token`: the token's FreeOTP JSON (`algo`, `digits`, `period`, `counter`, `type`,
//!   `issuerExt`, `label`, …) without the secret, read like FreeOTP+ tokens.
//!
//! Byte arrays are JSON arrays of Java bytes. Iteration counts are charged to the KDF budget.

use serde_json::Value;
use zeroize::Zeroizing;

use super::aead::{self, GcmError};
use super::freeotp_plus;
use super::javaser::{self, Entry};
use super::json::{self, str_field, text_field, u64_field};
use super::kdf::{self, KdfBudget, KdfLimits, Prf};
use super::{ImportError, ImportFormat, ImportReport};

const FORMAT: ImportFormat = ImportFormat::FreeOtp;

pub(crate) fn import(
    bytes: &[u8],
    password: Option<&str>,
    limits: &KdfLimits,
) -> Result<ImportReport, ImportError> {
    let map =
        javaser::read_string_map(bytes).map_err(|e| ImportError::invalid(FORMAT, e.to_string()))?;
    let get = |key: &str| map.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
    let master =
        get("masterKey").ok_or_else(|| ImportError::invalid(FORMAT, "no masterKey entry"))?;
    let master = json::parse(FORMAT, master)?;
    let password = password.ok_or(ImportError::PasswordRequired)?;
    let master_key = unlock(&master, password, limits)?;

    let mut report = ImportReport::default();
    let tokens = map
        .iter()
        .filter_map(|(k, v): &Entry| Some((k.strip_suffix("-token")?, v)));
    for (index, (uuid, token_text)) in tokens.enumerate() {
        let token = match json::parse(FORMAT, token_text) {
            Ok(token) => token,
            Err(_) => {
                report.fail(index, None, "token is not valid JSON");
                continue;
            }
        };
        let result = get(uuid)
            .ok_or_else(|| "no key entry for this token".to_string())
            .and_then(|key| token_secret(&master_key, key))
            .and_then(|secret| freeotp_plus::read_token(&token, secret));
        match result {
            Ok(account) => report.accounts.push(account),
            Err(reason) => report.fail(index, freeotp_plus::token_name(&token), reason),
        }
    }
    Ok(report)
}

/// The 256-bit master key from the `masterKey` object.
fn unlock(
    master: &Value,
    password: &str,
    limits: &KdfLimits,
) -> Result<Zeroizing<[u8; 32]>, ImportError> {
    let bad = |what: String| ImportError::invalid(FORMAT, format!("masterKey: {what}"));
    let algorithm = text_field(master, "mAlgorithm").unwrap_or("PBKDF2withHmacSHA512");
    let prf = match algorithm.to_ascii_lowercase().as_str() {
        "pbkdf2withhmacsha512" => Prf::Sha512,
        "pbkdf2withhmacsha256" => Prf::Sha256,
        "pbkdf2withhmacsha1" => Prf::Sha1,
        _ => {
            return Err(ImportError::Unsupported {
                format: FORMAT,
                reason: format!("key derivation {:?}", json::clip(algorithm)),
            })
        }
    };
    let iterations = u64_field(master, "mIterations")
        .map_err(bad)?
        .ok_or_else(|| bad("missing mIterations".into()))?;
    let salt = byte_array(master.get("mSalt")).map_err(|e| bad(format!("mSalt {e}")))?;
    let sealed = master
        .get("mEncryptedKey")
        .ok_or_else(|| bad("missing mEncryptedKey".into()))?;
    let encrypted = EncryptedKey::read(sealed).map_err(bad)?;
    let key = kdf::pbkdf2_32(
        prf,
        password,
        &salt,
        iterations,
        &mut KdfBudget::new(limits),
    )?;
    let plain = encrypted.open(&key).map_err(|e| match e {
        GcmError::Auth => ImportError::WrongPassword,
        GcmError::BadLength(what) => bad(format!("{what} has the wrong length")),
    })?;
    let master: [u8; 32] = plain[..].try_into().map_err(|_| ImportError::Crypto {
        reason: format!("the master key is {} bytes, not 32", plain.len()),
    })?;
    Ok(Zeroizing::new(master))
}

/// A token's secret from its key entry `{"key":"<EncryptedKey JSON>"}`.
fn token_secret(master: &[u8; 32], entry: &str) -> Result<crate::secret::Secret, String> {
    let outer = serde_json::from_str::<Value>(entry)
        .map(json::Scrubbed)
        .map_err(|_| "key entry is not valid JSON".to_string())?;
    let inner = str_field(&outer, "key").ok_or("key entry has no key")?;
    let inner = serde_json::from_str::<Value>(inner)
        .map(json::Scrubbed)
        .map_err(|_| "key is not valid JSON".to_string())?;
    let encrypted = EncryptedKey::read(&inner)?;
    let plain = encrypted.open(master).map_err(|e| match e {
        GcmError::Auth => "the token key failed authentication (damaged file)".to_string(),
        GcmError::BadLength(what) => format!("token key {what} has the wrong length"),
    })?;
    crate::secret::Secret::from_bytes(plain.to_vec()).map_err(|e| format!("invalid secret: {e}"))
}

/// FreeOTP's `EncryptedKey`: AES/GCM ciphertext ‖ tag, DER GCM parameters, AAD token.
struct EncryptedKey {
    combined: Zeroizing<Vec<u8>>,
    nonce: Vec<u8>,
    token: String,
}

impl EncryptedKey {
    fn read(obj: &Value) -> Result<Self, String> {
        let cipher = text_field(obj, "mCipher").unwrap_or("AES/GCM/NoPadding");
        if !cipher.eq_ignore_ascii_case("AES/GCM/NoPadding") {
            return Err(format!("unsupported cipher {:?}", json::clip(cipher)));
        }
        let combined =
            byte_array(obj.get("mCipherText")).map_err(|e| format!("mCipherText {e}"))?;
        let params = byte_array(obj.get("mParameters")).map_err(|e| format!("mParameters {e}"))?;
        let nonce = gcm_nonce(&params)?;
        let token = str_field(obj, "mToken")
            .ok_or("missing mToken")?
            .to_string();
        Ok(Self {
            combined,
            nonce,
            token,
        })
    }

    fn open(&self, key: &[u8; 32]) -> Result<Zeroizing<Vec<u8>>, GcmError> {
        aead::decrypt_combined(key, &self.nonce, &self.combined, self.token.as_bytes())
    }
}

/// The IV of DER `GCMParameters ::= SEQUENCE { aes-iv OCTET STRING, aes-ICVlen INTEGER DEFAULT 12 }`;
/// the tag length, when present, must be 16 bytes.
fn gcm_nonce(der: &[u8]) -> Result<Vec<u8>, String> {
    let bad = || "mParameters is not a GCM parameter sequence".to_string();
    let [0x30, len, rest @ ..] = der else {
        return Err(bad());
    };
    if usize::from(*len) != rest.len() || *len >= 0x80 {
        return Err(bad());
    }
    let [0x04, iv_len, rest @ ..] = rest else {
        return Err(bad());
    };
    let iv_len = usize::from(*iv_len);
    if iv_len >= 0x80 || rest.len() < iv_len {
        return Err(bad());
    }
    let (iv, rest) = rest.split_at(iv_len);
    match rest {
        [] | [0x02, 0x01, 16] => Ok(iv.to_vec()),
        [0x02, 0x01, n] => Err(format!("GCM tag length {n} is not supported")),
        _ => Err(bad()),
    }
}

/// A JSON array of Java bytes.
fn byte_array(value: Option<&Value>) -> Result<Zeroizing<Vec<u8>>, String> {
    let items = value
        .and_then(Value::as_array)
        .ok_or("is not an array of bytes")?;
    let mut out = Zeroizing::new(Vec::with_capacity(items.len()));
    for item in items {
        let b = item
            .as_i64()
            .filter(|b| (-128..=255).contains(b))
            .ok_or("holds a value that is not a byte")?;
        out.push(b as u8);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::javaser::tests::write_string_map;
    use crate::params::OtpKind;

    fn java_bytes(bytes: &[u8]) -> String {
        let items: Vec<String> = bytes.iter().map(|b| (*b as i8).to_string()).collect();
        format!("[{}]", items.join(","))
    }

    fn sealed(key: &[u8; 32], nonce: [u8; 12], plain: &[u8], token: &str) -> String {
        let (ct, tag) = aead::encrypt(key, &nonce, plain, token.as_bytes()).unwrap();
        let mut combined = ct;
        combined.extend_from_slice(&tag);
        let mut params = vec![0x30, 17, 0x04, 12];
        params.extend_from_slice(&nonce);
        params.extend_from_slice(&[0x02, 0x01, 16]);
        format!(
            r#"{{"mCipher":"AES/GCM/NoPadding","mCipherText":{},"mParameters":{},"mToken":"{token}"}}"#,
            java_bytes(&combined),
            java_bytes(&params)
        )
    }

    fn backup(password: &str, iterations: u32, damage_token_key: bool) -> Vec<u8> {
        let salt = [7u8; 32];
        let wrap = kdf::pbkdf2_32(
            Prf::Sha512,
            password,
            &salt,
            iterations.into(),
            &mut KdfBudget::new(&KdfLimits::DEFAULT),
        )
        .unwrap();
        let master = [9u8; 32];
        let master_json = format!(
            r#"{{"mAlgorithm":"PBKDF2withHmacSHA512","mEncryptedKey":{},"mIterations":{iterations},"mSalt":{}}}"#,
            sealed(&wrap, [1; 12], &master, "AES"),
            java_bytes(&salt)
        );
        let secret = b"12345678901234567890";
        let mut key = sealed(&master, [2; 12], secret, "HmacSHA1");
        if damage_token_key {
            key = key.replacen("[", "[1,", 1);
        }
        let key_entry = serde_json::json!({ "key": key }).to_string();
        let token = r#"{"algo":"SHA1","counter":3,"digits":6,"issuerExt":"Acme","label":"me","type":"HOTP"}"#;
        let refused = r#"{"algo":"SHA1","digits":6,"issuerExt":"Lost","label":"x","type":"TOTP"}"#;
        write_string_map(&[
            ("u1-token", token),
            ("masterKey", &master_json),
            ("u1", &key_entry),
            ("u2-token", refused),
        ])
    }

    #[test]
    fn decrypts_tokens_and_reports_missing_keys() {
        let file = backup("pw", 1000, false);
        let report = import(&file, Some("pw"), &KdfLimits::SMALL).unwrap();
        assert_eq!(report.accounts.len(), 1);
        let a = &report.accounts[0].uri;
        assert_eq!(a.secret.as_bytes(), b"12345678901234567890");
        assert_eq!(a.params.kind, OtpKind::Hotp { counter: 3 });
        assert_eq!(a.issuer.as_deref(), Some("Acme"));
        assert_eq!(report.failures.len(), 1);
        assert_eq!(report.failures[0].name.as_deref(), Some("Lost: x"));
    }

    #[test]
    fn password_damage_and_limits() {
        let file = backup("pw", 1000, false);
        assert_eq!(
            import(&file, None, &KdfLimits::SMALL),
            Err(ImportError::PasswordRequired)
        );
        assert_eq!(
            import(&file, Some("wrong"), &KdfLimits::SMALL),
            Err(ImportError::WrongPassword)
        );
        let damaged = backup("pw", 1000, true);
        let report = import(&damaged, Some("pw"), &KdfLimits::SMALL).unwrap();
        assert!(report.accounts.is_empty());
        assert!(
            report.failures[0].reason.contains("damaged"),
            "{:?}",
            report.failures
        );
        let tight = KdfLimits {
            max_memory_bytes: 1 << 20,
            max_work_bytes: 512 << 10,
        };
        assert!(matches!(
            import(&file, Some("pw"), &tight),
            Err(ImportError::KdfLimitExceeded { .. })
        ));
        assert!(matches!(
            import(&file[..file.len() / 2], Some("pw"), &KdfLimits::SMALL),
            Err(ImportError::InvalidFormat { .. })
        ));
        let no_master = write_string_map(&[("a-token", "{}")]);
        assert!(matches!(
            import(&no_master, Some("pw"), &KdfLimits::SMALL),
            Err(ImportError::InvalidFormat { .. })
        ));
    }

    #[test]
    fn unknown_key_derivations_and_broken_master_keys() {
        let master = |algorithm: &str, iterations: &str| {
            format!(
                r#"{{"mAlgorithm":"{algorithm}","mIterations":{iterations},"mSalt":[1,2],"mEncryptedKey":{}}}"#,
                sealed(&[0; 32], [1; 12], &[0; 32], "AES")
            )
        };
        let file = |m: &str| write_string_map(&[("masterKey", m)]);
        assert!(matches!(
            import(&file(&master("scrypt", "1")), Some("pw"), &KdfLimits::SMALL),
            Err(ImportError::Unsupported { .. })
        ));
        assert!(matches!(
            import(
                &file(&master("PBKDF2withHmacSHA512", "0")),
                Some("pw"),
                &KdfLimits::SMALL
            ),
            Err(ImportError::Crypto { .. })
        ));
        assert!(matches!(
            import(
                &file(&master("PBKDF2withHmacSHA512", "4294967296")),
                Some("pw"),
                &KdfLimits::SMALL
            ),
            Err(ImportError::KdfLimitExceeded { .. })
        ));
        assert!(matches!(
            import(&file(r#"{"mIterations":1}"#), Some("pw"), &KdfLimits::SMALL),
            Err(ImportError::InvalidFormat { .. })
        ));
        assert!(matches!(
            import(&file("not json"), Some("pw"), &KdfLimits::SMALL),
            Err(ImportError::InvalidFormat { .. })
        ));
    }

    #[test]
    fn gcm_parameters() {
        let mut der = vec![0x30, 17, 0x04, 12];
        der.extend([5; 12]);
        der.extend([0x02, 0x01, 16]);
        assert_eq!(gcm_nonce(&der).unwrap(), [5; 12]);
        der[18] = 12;
        assert!(gcm_nonce(&der).unwrap_err().contains("tag length 12"));
        assert!(gcm_nonce(&[0x30, 5, 0x04]).is_err());
        assert!(gcm_nonce(&[]).is_err());
    }
}
