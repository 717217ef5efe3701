//! Server peppers (HMAC keys for out-of-band codes) with key ids for rotation, and the MAC that
//! binds a code to its purpose, subject, challenge and transaction.

use super::error::ConfigError;
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

/// A secret HMAC key with a public identifier. `Debug` shows only the id.
#[derive(Clone)]
pub struct Pepper {
    id: String,
    key: Zeroizing<Vec<u8>>,
}

impl Pepper {
    /// `id`: 1–32 characters of `A–Z a–z 0–9 . _ -`; `key`: at least 16 bytes (32 recommended).
    pub fn new(id: impl Into<String>, key: impl Into<Vec<u8>>) -> Result<Self, ConfigError> {
        let id = id.into();
        let key = Zeroizing::new(key.into());
        if id.is_empty()
            || id.len() > 32
            || !id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
        {
            return Err(ConfigError(
                "pepper id must be 1-32 chars of [A-Za-z0-9._-]",
            ));
        }
        if key.len() < 16 {
            return Err(ConfigError("pepper key must be at least 16 bytes"));
        }
        Ok(Self { id, key })
    }

    /// A random 32-byte pepper from the OS CSPRNG (tests and first set-up).
    pub fn generate(id: impl Into<String>) -> Result<Self, ConfigError> {
        use rand::RngCore;
        let mut key = Zeroizing::new(vec![0u8; 32]);
        rand::rngs::OsRng.fill_bytes(&mut key);
        Self::new(id, key.to_vec())
    }

    /// The key id.
    pub fn id(&self) -> &str {
        &self.id
    }
}

impl std::fmt::Debug for Pepper {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Pepper({}, <redacted>)", self.id)
    }
}

/// The current pepper (used for new codes) and older ones still accepted for verification.
#[derive(Debug, Clone)]
pub struct PepperRing {
    current: Pepper,
    previous: Vec<Pepper>,
}

impl PepperRing {
    /// A ring with one key.
    pub fn new(current: Pepper) -> Self {
        Self {
            current,
            previous: Vec::new(),
        }
    }
    /// Builder: keep accepting codes made with `old` (until their challenges expire).
    pub fn with_previous(mut self, old: Pepper) -> Result<Self, ConfigError> {
        if old.id == self.current.id || self.previous.iter().any(|p| p.id == old.id) {
            return Err(ConfigError("pepper ids in a ring must be unique"));
        }
        self.previous.push(old);
        Ok(self)
    }
    /// A ring from a list: the current pepper first, then older ones still accepted. An empty
    /// list or a repeated id is a [`ConfigError`].
    pub fn from_list(peppers: impl IntoIterator<Item = Pepper>) -> Result<Self, ConfigError> {
        let mut it = peppers.into_iter();
        let current = it
            .next()
            .ok_or(ConfigError("at least one pepper is needed"))?;
        it.try_fold(Self::new(current), Self::with_previous)
    }
    /// The key new codes are made with.
    pub fn current(&self) -> &Pepper {
        &self.current
    }
    /// Every key, current first.
    pub fn all(&self) -> impl Iterator<Item = &Pepper> {
        std::iter::once(&self.current).chain(self.previous.iter())
    }
}

/// What an out-of-band code is bound to. A code only verifies with the same binding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Binding<'a> {
    /// What the code authorises, e.g. `"login"`, `"reset-password"`, `"payment"`.
    pub purpose: &'a str,
    /// Who it was sent for (user id, account).
    pub subject: &'a str,
    /// Canonical bytes of the transaction being confirmed (amount, payee...); empty for none.
    /// Only its SHA-256 digest enters the MAC.
    pub transaction: &'a [u8],
}

impl<'a> Binding<'a> {
    /// A binding without a transaction.
    pub fn new(purpose: &'a str, subject: &'a str) -> Self {
        Self {
            purpose,
            subject,
            transaction: &[],
        }
    }
    /// Builder: bind to a transaction's canonical bytes.
    pub fn with_transaction(mut self, transaction: &'a [u8]) -> Self {
        self.transaction = transaction;
        self
    }
    pub(crate) fn validate(&self) -> Result<(), &'static str> {
        if self.purpose.is_empty() || self.purpose.len() > 64 {
            return Err("purpose must be 1-64 bytes");
        }
        if self.subject.is_empty() || self.subject.len() > 256 {
            return Err("subject must be 1-256 bytes");
        }
        Ok(())
    }
}

fn put_field(mac: &mut Hmac<Sha256>, field: &[u8]) {
    mac.update(&(field.len() as u32).to_be_bytes());
    mac.update(field);
}

/// HMAC-SHA256(pepper, "otpkit/oob/v1" ‖ purpose ‖ subject ‖ challenge id ‖ SHA-256(transaction)
/// ‖ code), every field length-prefixed.
pub(crate) fn code_mac(
    pepper: &Pepper,
    binding: &Binding<'_>,
    challenge_id: &str,
    code: &[u8],
) -> [u8; 32] {
    let mut mac =
        <Hmac<Sha256> as KeyInit>::new_from_slice(&pepper.key).expect("HMAC takes any key length");
    put_field(&mut mac, b"otpkit/oob/v1");
    put_field(&mut mac, binding.purpose.as_bytes());
    put_field(&mut mac, binding.subject.as_bytes());
    put_field(&mut mac, challenge_id.as_bytes());
    let digest = Sha256::digest(binding.transaction);
    put_field(&mut mac, &digest);
    put_field(&mut mac, code);
    mac.finalize().into_bytes().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_and_redaction() {
        assert!(Pepper::new("", vec![0; 32]).is_err());
        assert!(Pepper::new("k{1}", vec![0; 32]).is_err());
        assert!(Pepper::new("k1", vec![0; 15]).is_err());
        let p = Pepper::new("k1", vec![7; 32]).unwrap();
        assert_eq!(format!("{p:?}"), "Pepper(k1, <redacted>)");
        let ring = PepperRing::new(p.clone());
        assert!(ring.clone().with_previous(p).is_err());
    }

    #[test]
    fn ring_from_a_list() {
        let a = Pepper::new("a", vec![1; 32]).unwrap();
        let b = Pepper::new("b", vec![2; 32]).unwrap();
        let ring = PepperRing::from_list([a.clone(), b.clone()]).unwrap();
        assert_eq!(ring.current().id(), "a");
        assert_eq!(ring.all().count(), 2);
        assert!(PepperRing::from_list([]).is_err());
        assert!(PepperRing::from_list([a.clone(), b, a]).is_err());
    }

    #[test]
    fn mac_binds_every_field() {
        let p = Pepper::new("k1", vec![7; 32]).unwrap();
        let b = Binding::new("login", "alice");
        let base = code_mac(&p, &b, "id", b"123456");
        assert_ne!(
            base,
            code_mac(&p, &Binding::new("reset", "alice"), "id", b"123456")
        );
        assert_ne!(
            base,
            code_mac(&p, &Binding::new("login", "bob"), "id", b"123456")
        );
        assert_ne!(base, code_mac(&p, &b, "id2", b"123456"));
        assert_ne!(
            base,
            code_mac(&p, &b.with_transaction(b"pay 10"), "id", b"123456")
        );
        assert_ne!(base, code_mac(&p, &b, "id", b"123457"));
        // Length prefixes: moving a byte between fields changes the MAC.
        assert_ne!(
            code_mac(&p, &Binding::new("ab", "c"), "id", b"1"),
            code_mac(&p, &Binding::new("a", "bc"), "id", b"1")
        );
        let q = Pepper::new("k2", vec![8; 32]).unwrap();
        assert_ne!(base, code_mac(&q, &b, "id", b"123456"));
    }
}
