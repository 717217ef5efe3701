//! Aegis-compatible vault export (plain or password-encrypted), so users can move to Aegis.
//! The layout is the one [`super::aegis`] reads (Aegis `docs/vault.md`, content version 3).

use base64::Engine as _;
use rand::RngCore;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::params::{Algorithm, OtpKind, DEFAULT_PERIOD};

use super::json::Scrubbed;
use super::{aead, kdf, ExportError, ImportedAccount};

/// scrypt parameters for the password slot of an encrypted Aegis export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AegisKdf {
    /// log₂ N (Aegis uses 15).
    pub log_n: u8,
    /// Block size r (Aegis uses 8).
    pub r: u32,
    /// Parallelism p (Aegis uses 1).
    pub p: u32,
}

impl AegisKdf {
    /// Aegis' own parameters: N = 2¹⁵, r = 8, p = 1 (32 MiB).
    pub const DEFAULT: AegisKdf = AegisKdf {
        log_n: 15,
        r: 8,
        p: 1,
    };

    fn validate(&self) -> Result<(), ExportError> {
        // Aegis runs on phones: keep within what it can derive (N·r·128 ≤ 1 GiB).
        let memory = 128u64 << self.log_n.min(63);
        if !(1..=24).contains(&self.log_n)
            || self.r == 0
            || self.p == 0
            || memory.saturating_mul(u64::from(self.r)) > 1 << 30
        {
            return Err(ExportError::InvalidKdfParams {
                reason: format!(
                    "scrypt log_n={} r={} p={} (need 1 ≤ log_n ≤ 24, r, p ≥ 1, 128·r·N ≤ 1 GiB)",
                    self.log_n, self.r, self.p
                ),
            });
        }
        Ok(())
    }
}

impl Default for AegisKdf {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// An Aegis vault (JSON) holding `accounts`, encrypted when `password` is given (scrypt
/// parameters [`AegisKdf::DEFAULT`]).
///
/// Kept: secret, type (TOTP/HOTP/Steam), algorithm, digits, period/counter, issuer (the `issuer`
/// parameter, else the label's issuer prefix), account name, note, favourite, groups, and icons
/// given as `data:<mime>;base64,` URIs. Not representable (an error naming the account): a TOTP
/// T0 other than 0, a Steam period other than 30 s. otpauth extra parameters are dropped.
///
/// The result contains the secrets (in clear text when unencrypted).
pub fn export_aegis(
    accounts: &[ImportedAccount],
    password: Option<&str>,
) -> Result<String, ExportError> {
    export_aegis_with_kdf(accounts, password, AegisKdf::DEFAULT)
}

/// [`export_aegis`] with explicit scrypt parameters for the password slot.
pub fn export_aegis_with_kdf(
    accounts: &[ImportedAccount],
    password: Option<&str>,
    kdf: AegisKdf,
) -> Result<String, ExportError> {
    let db = build_db(accounts)?;
    let vault = match password {
        None => Scrubbed(json!({
            "version": 1,
            "header": { "slots": null, "params": null },
            "db": db.0.clone(),
        })),
        Some(password) => encrypt(&db, password, kdf)?,
    };
    serde_json::to_string_pretty(&vault.0).map_err(|e| ExportError::Crypto {
        reason: format!("JSON serialization failed: {e}"),
    })
}

fn random<const N: usize>() -> Zeroizing<[u8; N]> {
    let mut bytes = Zeroizing::new([0u8; N]);
    rand::rngs::OsRng.fill_bytes(&mut bytes[..]);
    bytes
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn uuid_v4() -> String {
    let mut b = *random::<16>();
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = hex(&b);
    format!(
        "{}-{}-{}-{}-{}",
        &h[..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..]
    )
}

fn encrypt(db: &Scrubbed, password: &str, kdf: AegisKdf) -> Result<Scrubbed, ExportError> {
    kdf.validate()?;
    let crypto = |reason: String| ExportError::Crypto { reason };
    let plain = Zeroizing::new(
        serde_json::to_vec(&db.0).map_err(|e| crypto(format!("JSON serialization failed: {e}")))?,
    );
    let master = random::<32>();
    let db_nonce = random::<12>();
    let (ciphertext, db_tag) =
        aead::encrypt(&master, &db_nonce, &plain, b"").map_err(|e| crypto(e.describe()))?;

    let salt = random::<32>();
    let kek =
        kdf::scrypt32_unchecked(password, &salt[..], kdf.log_n, kdf.r, kdf.p).map_err(crypto)?;
    let slot_nonce = random::<12>();
    let (wrapped, slot_tag) =
        aead::encrypt(&kek, &slot_nonce, &master[..], b"").map_err(|e| crypto(e.describe()))?;

    Ok(Scrubbed(json!({
        "version": 1,
        "header": {
            "slots": [{
                "type": 1,
                "uuid": uuid_v4(),
                "key": hex(&wrapped),
                "key_params": { "nonce": hex(&slot_nonce[..]), "tag": hex(&slot_tag) },
                "n": 1u64 << kdf.log_n,
                "r": kdf.r,
                "p": kdf.p,
                "salt": hex(&salt[..]),
                "repaired": true,
                "is_backup": false,
            }],
            "params": { "nonce": hex(&db_nonce[..]), "tag": hex(&db_tag) },
        },
        "db": base64::engine::general_purpose::STANDARD.encode(&ciphertext),
    })))
}

/// The content object (version 3).
fn build_db(accounts: &[ImportedAccount]) -> Result<Scrubbed, ExportError> {
    let mut groups: Vec<(String, String)> = Vec::new(); // (name, uuid), first-seen order
    let mut entries = Vec::with_capacity(accounts.len());
    for (index, account) in accounts.iter().enumerate() {
        let unrepresentable = |reason: String| ExportError::Unrepresentable { index, reason };
        let uri = &account.uri;
        uri.params
            .validate()
            .map_err(|e| unrepresentable(e.to_string()))?;
        let secret = uri.secret.to_base32();
        // Aegis knows HMAC-SHA1/256/512 only (its OtpInfo refuses any other name), and MD5 for
        // mOTP (validate() has refused MD5 for every other kind).
        let algo = match uri.params.algorithm {
            a @ (Algorithm::Sha1 | Algorithm::Sha256 | Algorithm::Sha512 | Algorithm::Md5) => {
                a.as_str()
            }
            other => {
                return Err(unrepresentable(format!(
                    "algorithm {other} (Aegis has SHA1, SHA256 and SHA512)"
                )))
            }
        };
        let digits = uri.params.digits;
        let (kind, info) = match uri.params.kind {
            OtpKind::Totp { t0, .. } if t0 != 0 => {
                return Err(unrepresentable(format!("TOTP T0 {t0} (Aegis has none)")))
            }
            OtpKind::Totp { period, .. } => (
                "totp",
                json!({ "secret": secret, "algo": algo, "digits": digits, "period": period }),
            ),
            OtpKind::Hotp { counter } => (
                "hotp",
                json!({ "secret": secret, "algo": algo, "digits": digits, "counter": counter }),
            ),
            OtpKind::Steam { period } if period != DEFAULT_PERIOD => {
                return Err(unrepresentable(format!(
                    "Steam period {period} s (Aegis uses 30)"
                )))
            }
            OtpKind::Steam { period } => (
                "steam",
                json!({ "secret": secret, "algo": "SHA1", "digits": digits, "period": period }),
            ),
            // Aegis' MotpInfo/YandexInfo: the usual TOTP fields plus the PIN.
            OtpKind::Motp { period } | OtpKind::Yandex { period } => {
                let pin = uri.secret.pin().ok_or_else(|| {
                    unrepresentable(format!("{} entry without a PIN", uri.params.kind.name()))
                })?;
                (
                    uri.params.kind.name(),
                    json!({ "secret": secret, "algo": algo, "digits": digits, "period": period,
                            "pin": pin }),
                )
            }
        };
        let mut group_ids = Vec::new();
        for name in &account.groups {
            let id = match groups.iter().find(|(n, _)| n == name) {
                Some((_, id)) => id.clone(),
                None => {
                    let id = uuid_v4();
                    groups.push((name.clone(), id.clone()));
                    id
                }
            };
            if !group_ids.contains(&id) {
                group_ids.push(id);
            }
        }
        let (icon, icon_mime, icon_hash) = match account.icon.as_deref().and_then(parse_data_uri) {
            Some((mime, data, bytes)) => (
                Value::from(data),
                Value::from(mime),
                Value::from(hex(&Sha256::digest(&bytes))),
            ),
            None => (Value::Null, Value::Null, Value::Null),
        };
        entries.push(json!({
            "type": kind,
            "uuid": uuid_v4(),
            "name": uri.account,
            "issuer": uri.display_issuer().unwrap_or_default(),
            "note": account.note.as_deref().unwrap_or_default(),
            "favorite": account.favorite,
            "icon": icon,
            "icon_mime": icon_mime,
            "icon_hash": icon_hash,
            "info": info,
            "groups": group_ids,
        }));
    }
    let groups: Vec<Value> = groups
        .into_iter()
        .map(|(name, uuid)| json!({ "uuid": uuid, "name": name }))
        .collect();
    Ok(Scrubbed(json!({
        "version": super::aegis::MAX_DB_VERSION,
        "entries": entries,
        "groups": groups,
        "icons_optimized": true,
    })))
}

/// `data:<mime>;base64,<data>` → (mime, data, decoded bytes).
fn parse_data_uri(uri: &str) -> Option<(&str, &str, Vec<u8>)> {
    let rest = uri.strip_prefix("data:")?;
    let (meta, data) = rest.split_once(',')?;
    let mime = meta.strip_suffix(";base64")?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(data)
        .ok()?;
    Some((mime, data, bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuid_shape() {
        let id = uuid_v4();
        assert_eq!(id.len(), 36);
        assert_eq!(&id[14..15], "4");
        assert!(matches!(&id[19..20], "8" | "9" | "a" | "b"), "{id}");
        assert_ne!(id, uuid_v4());
    }

    #[test]
    fn kdf_validation() {
        assert!(AegisKdf::DEFAULT.validate().is_ok());
        for bad in [
            AegisKdf {
                log_n: 0,
                r: 8,
                p: 1,
            },
            AegisKdf {
                log_n: 25,
                r: 8,
                p: 1,
            },
            AegisKdf {
                log_n: 10,
                r: 0,
                p: 1,
            },
            AegisKdf {
                log_n: 10,
                r: 8,
                p: 0,
            },
            AegisKdf {
                log_n: 24,
                r: 64,
                p: 1,
            },
        ] {
            assert!(bad.validate().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn data_uris() {
        assert_eq!(
            parse_data_uri("data:image/png;base64,AAEC"),
            Some(("image/png", "AAEC", vec![0, 1, 2]))
        );
        assert_eq!(parse_data_uri("https://x/y.png"), None);
        assert_eq!(parse_data_uri("data:image/png,AAEC"), None);
        assert_eq!(parse_data_uri("data:image/png;base64,!!"), None);
    }
}
