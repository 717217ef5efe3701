//! The decrypted payload: JSON of the accounts and the secrets, written into and read from
//! buffers that are wiped afterwards. Secrets are base32 strings keyed by account id; a secret
//! with a PIN (mOTP, Yandex Key) is an object with both.
//!
//! ```json
//! {"version":1,"accounts":[{...}],"secrets":{"<id>":"<BASE32>","<id2>":{"secret":"<BASE32>","pin":"<PIN>"}}}
//! ```

use crate::storage::account::{Account, AccountList};
use crate::storage::StoreError;
use crate::Secret;
use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;
use std::fmt;
use zeroize::Zeroizing;

/// Newest version of the JSON payload inside the encrypted envelope (the one this build reads
/// up to). Version 2 adds mOTP/Yandex Key accounts and PIN secrets; a vault without them is
/// still written as version 1, so older readers keep reading it, and refuse (as a newer version,
/// not as damage) only the vaults they could not save back without losing the PINs.
pub const PAYLOAD_VERSION: u32 = 2;
/// The version of payloads without PIN-based accounts.
const PAYLOAD_VERSION_BASE: u32 = 1;

/// What a vault holds: account metadata and secrets by id.
#[derive(Clone, Default, PartialEq, Eq)]
pub(crate) struct Contents {
    pub accounts: AccountList,
    pub secrets: BTreeMap<String, Secret>,
}

impl fmt::Debug for Contents {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Contents")
            .field("accounts", &self.accounts.as_slice().len())
            .field("secrets", &self.secrets.len())
            .finish()
    }
}

#[derive(Serialize)]
struct PayloadOut<'a> {
    version: u32,
    accounts: &'a [Account],
    #[serde(serialize_with = "serialize_secrets")]
    secrets: &'a BTreeMap<String, Secret>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PayloadIn {
    version: u32,
    accounts: Vec<Account>,
    #[serde(deserialize_with = "deserialize_secrets")]
    secrets: BTreeMap<String, Secret>,
}

fn serialize_secrets<S: Serializer>(
    map: &&BTreeMap<String, Secret>,
    s: S,
) -> Result<S::Ok, S::Error> {
    let mut m = s.serialize_map(Some(map.len()))?;
    #[derive(Serialize)]
    struct WithPin<'a> {
        secret: &'a str,
        pin: &'a str,
    }
    for (id, secret) in map.iter() {
        let b32 = Zeroizing::new(secret.to_base32());
        match secret.pin() {
            Some(pin) => m.serialize_entry(
                id,
                &WithPin {
                    secret: b32.as_str(),
                    pin,
                },
            )?,
            None => m.serialize_entry(id, b32.as_str())?,
        }
    }
    m.end()
}

/// A secret read straight from the (borrowed, wiped-later) JSON text.
struct SecretB32(Secret);

impl<'de> Deserialize<'de> for SecretB32 {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = SecretB32;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a base32 secret")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<SecretB32, E> {
                // The message never echoes the value.
                Secret::from_base32(v)
                    .map(SecretB32)
                    .map_err(|_| E::custom("a stored secret is not valid base32"))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<SecretB32, E> {
                let v = Zeroizing::new(v);
                self.visit_str(&v)
            }
            /// `{"secret": BASE32, "pin": PIN}` (mOTP, Yandex Key).
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<SecretB32, A::Error> {
                use serde::de::Error;
                let (mut secret, mut pin) = (None, None);
                while let Some(key) = m.next_key::<String>()? {
                    let slot = match key.as_str() {
                        "secret" => &mut secret,
                        "pin" => &mut pin,
                        _ => return Err(A::Error::custom("unknown field in a stored secret")),
                    };
                    if slot.is_some() {
                        return Err(A::Error::custom("duplicate field in a stored secret"));
                    }
                    *slot = Some(Zeroizing::new(m.next_value::<String>()?));
                }
                let SecretB32(secret) =
                    self.visit_str(secret.as_deref().ok_or(A::Error::missing_field("secret"))?)?;
                let pin = pin.ok_or(A::Error::missing_field("pin"))?;
                secret
                    .with_pin(pin.as_str())
                    .map(SecretB32)
                    .map_err(|_| A::Error::custom("a stored PIN is invalid"))
            }
        }
        d.deserialize_any(V)
    }
}

fn deserialize_secrets<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<BTreeMap<String, Secret>, D::Error> {
    struct V;
    impl<'de> Visitor<'de> for V {
        type Value = BTreeMap<String, Secret>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a map of account id to base32 secret")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Self::Value, A::Error> {
            let mut out = BTreeMap::new();
            while let Some((id, SecretB32(secret))) = m.next_entry::<String, SecretB32>()? {
                if crate::storage::validate_id(&id).is_err() {
                    return Err(serde::de::Error::custom("invalid secret id"));
                }
                if out.insert(id, secret).is_some() {
                    return Err(serde::de::Error::custom("duplicate secret id"));
                }
            }
            Ok(out)
        }
    }
    d.deserialize_map(V)
}

/// Counts bytes written, to size the output buffer exactly (no reallocation leaves copies of
/// plaintext behind in freed memory).
struct Counter(usize);

impl std::io::Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn out_repr(c: &Contents) -> PayloadOut<'_> {
    let pins = c.secrets.values().any(|s| s.pin().is_some())
        || c.accounts
            .as_slice()
            .iter()
            .any(|a| a.params.kind.uses_pin());
    PayloadOut {
        version: if pins {
            PAYLOAD_VERSION
        } else {
            PAYLOAD_VERSION_BASE
        },
        accounts: c.accounts.as_slice(),
        secrets: &c.secrets,
    }
}

/// Length of the JSON [`write_json`] will produce.
pub(crate) fn json_len(c: &Contents) -> Result<usize, StoreError> {
    let mut counter = Counter(0);
    serde_json::to_writer(&mut counter, &out_repr(c)).map_err(|_| StoreError::Backend {
        reason: "could not serialize the vault payload".into(),
    })?;
    Ok(counter.0)
}

/// Appends the JSON to `out`, which must have room for [`json_len`] more bytes.
pub(crate) fn write_json(c: &Contents, out: &mut Vec<u8>) -> Result<(), StoreError> {
    serde_json::to_writer(out, &out_repr(c)).map_err(|_| StoreError::Backend {
        reason: "could not serialize the vault payload".into(),
    })
}

/// Parses decrypted payload JSON. Errors are `Corrupted` with only a position and category,
/// never a fragment of the text (which holds secrets).
pub fn decode_json(json: &[u8]) -> Result<Contents, StoreError> {
    #[derive(Deserialize)]
    struct VersionOnly {
        version: u32,
    }
    let describe = |e: serde_json::Error| {
        StoreError::corrupted(format!(
            "payload is not valid ({:?} error at line {}, column {})",
            e.classify(),
            e.line(),
            e.column()
        ))
    };
    // Check the version first so a newer payload is reported as such, not as unknown fields.
    let version = serde_json::from_slice::<VersionOnly>(json)
        .map_err(describe)?
        .version;
    if !(PAYLOAD_VERSION_BASE..=PAYLOAD_VERSION).contains(&version) {
        return Err(StoreError::UnsupportedVersion {
            found: version,
            supported: PAYLOAD_VERSION,
        });
    }
    let p: PayloadIn = serde_json::from_slice(json).map_err(describe)?;
    debug_assert_eq!(p.version, version);
    Ok(Contents {
        accounts: AccountList::from_stored(p.accounts)?,
        secrets: p.secrets,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::account::NewAccount;
    use crate::OtpParams;

    #[test]
    fn round_trip_and_exact_length() {
        let mut c = Contents::default();
        let a = c
            .accounts
            .add(NewAccount::new("alice", OtpParams::totp()), 1)
            .unwrap();
        c.secrets.insert(
            a.id.clone(),
            Secret::from_bytes(b"12345678901234567890".to_vec()).unwrap(),
        );
        let n = json_len(&c).unwrap();
        let mut out = Vec::with_capacity(n);
        write_json(&c, &mut out).unwrap();
        assert_eq!(out.len(), n);
        assert_eq!(out.capacity(), n);
        assert_eq!(decode_json(&out).unwrap(), c);
        // Without PIN-based accounts the payload stays version 1 (older readers read it).
        assert!(out.starts_with(br#"{"version":1,"#));
    }

    #[test]
    fn pins_round_trip_and_old_string_secrets_still_read() {
        let mut c = Contents::default();
        let m = c
            .accounts
            .add(NewAccount::new("m", OtpParams::motp()), 1)
            .unwrap();
        let t = c
            .accounts
            .add(NewAccount::new("t", OtpParams::totp()), 1)
            .unwrap();
        let pinned = Secret::from_bytes(vec![7u8; 16])
            .unwrap()
            .with_pin("0042")
            .unwrap();
        c.secrets.insert(m.id.clone(), pinned.clone());
        c.secrets
            .insert(t.id.clone(), Secret::from_bytes(vec![9u8; 20]).unwrap());
        let n = json_len(&c).unwrap();
        let mut out = Vec::with_capacity(n);
        write_json(&c, &mut out).unwrap();
        assert_eq!(out.len(), n);
        let text = std::str::from_utf8(&out).unwrap();
        assert!(text.contains(r#""pin":"0042""#), "{text}");
        assert!(text.starts_with(r#"{"version":2,"#), "{text}");
        let back = decode_json(&out).unwrap();
        assert_eq!(back, c);
        assert_eq!(back.secrets[&m.id].pin(), Some("0042"));
        assert_eq!(back.secrets[&t.id].pin(), None);
        for bad in [
            r#"{"secret":"GEZDGNBV"}"#,
            r#"{"pin":"1"}"#,
            r#"{"secret":"GEZDGNBV","pin":""}"#,
            r#"{"secret":"GEZDGNBV","pin":"1","x":1}"#,
        ] {
            let json = format!(r#"{{"version":1,"accounts":[],"secrets":{{"a":{bad}}}}}"#);
            assert!(decode_json(json.as_bytes()).is_err(), "{bad}");
        }
    }

    #[test]
    fn errors_never_echo_secrets() {
        let json = br#"{"version":1,"accounts":[],"secrets":{"a":"NOT*BASE32SECRETVALUE"}}"#;
        let e = decode_json(json).unwrap_err().to_string();
        assert!(!e.contains("BASE32SECRET"), "{e}");
        let json = br#"{"version":1,"accounts":[],"secrets":{"a":12},"x":"GEZDGNBVGY3TQOJQ"}"#;
        let e = decode_json(json).unwrap_err().to_string();
        assert!(!e.contains("GEZDGNBV"), "{e}");
        assert!(matches!(
            decode_json(br#"{"version":7}"#),
            Err(StoreError::UnsupportedVersion { found: 7, .. })
        ));
    }
}
