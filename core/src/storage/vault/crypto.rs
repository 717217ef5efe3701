//! Key material and the two primitives: Argon2id (passphrase → key-encryption key) and
//! XChaCha20-Poly1305 (wrapping the data key, sealing the payload).

use crate::storage::StoreError;
use crate::Secret;
use chacha20poly1305::aead::{AeadInOut, KeyInit};
use chacha20poly1305::{Tag, XChaCha20Poly1305, XNonce};
use rand::RngCore;
use zeroize::Zeroizing;

/// Bytes of a key (data key, key-encryption key, [`VaultKey`]).
pub const KEY_LEN: usize = 32;
/// Bytes of an XChaCha20 nonce.
pub const NONCE_LEN: usize = 24;
/// Bytes of a Poly1305 tag.
pub const TAG_LEN: usize = 16;
/// Bytes of an Argon2id salt.
pub const SALT_LEN: usize = 16;

/// Argon2id cost parameters, stored in the vault header next to the salt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KdfParams {
    /// Memory in KiB (`m`). Default 65 536 (64 MiB).
    pub memory_kib: u32,
    /// Passes over memory (`t`). Default 3.
    pub iterations: u32,
    /// Lanes (`p`). Default 1.
    pub parallelism: u32,
}

impl Default for KdfParams {
    /// m = 64 MiB, t = 3, p = 1: about a quarter to half a second on a current phone or laptop.
    fn default() -> Self {
        Self {
            memory_kib: 64 * 1024,
            iterations: 3,
            parallelism: 1,
        }
    }
}

impl KdfParams {
    /// The cheapest parameters Argon2 accepts (8 KiB, one pass). For tests and fuzzing only:
    /// a vault made with them offers almost no protection against passphrase guessing.
    pub const fn insecure_for_tests() -> Self {
        Self {
            memory_kib: 8,
            iterations: 1,
            parallelism: 1,
        }
    }

    /// Memory × iterations in KiB: the memory traffic of one derivation, a proxy for its time.
    pub fn work_kib(&self) -> u64 {
        u64::from(self.memory_kib) * u64::from(self.iterations)
    }

    /// Checks the ranges Argon2 accepts: p in 1..=255, m ≥ 8·p KiB, t ≥ 1.
    pub fn validate(&self) -> Result<(), StoreError> {
        let bad = |reason: String| Err(StoreError::InvalidKdfParams { reason });
        if self.parallelism == 0 || self.parallelism > 255 {
            return bad(format!(
                "parallelism must be 1..=255, got {}",
                self.parallelism
            ));
        }
        if self.iterations == 0 {
            return bad("iterations must be at least 1".into());
        }
        if u64::from(self.memory_kib) < 8 * u64::from(self.parallelism) {
            return bad(format!(
                "memory must be at least 8 KiB per lane ({} KiB for {} lanes), got {} KiB",
                8 * self.parallelism,
                self.parallelism,
                self.memory_kib
            ));
        }
        Ok(())
    }

    fn argon2(&self) -> Result<argon2::Argon2<'static>, StoreError> {
        self.validate()?;
        let params = argon2::Params::new(
            self.memory_kib,
            self.iterations,
            self.parallelism,
            Some(KEY_LEN),
        )
        .map_err(|e| StoreError::InvalidKdfParams {
            reason: e.to_string(),
        })?;
        Ok(argon2::Argon2::new(
            argon2::Algorithm::Argon2id,
            argon2::Version::V0x13,
            params,
        ))
    }
}

/// The most work a vault file may ask for when opened, so that a crafted header cannot make the
/// opener allocate gigabytes or spin for minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KdfLimits {
    /// Default 1 GiB.
    pub max_memory_kib: u32,
    /// Default 64.
    pub max_iterations: u32,
    /// Default 16.
    pub max_parallelism: u32,
    /// Memory × iterations of every passphrase slot tried in one open, together, in KiB.
    /// Default 4 GiB (1 GiB × 4 passes, libsodium's "sensitive" level): m = 1 GiB with t = 64
    /// alone would be 64 GiB, about a minute of CPU before "wrong passphrase".
    pub max_work_kib: u64,
}

impl Default for KdfLimits {
    fn default() -> Self {
        Self {
            max_memory_kib: 1024 * 1024,
            max_iterations: 64,
            max_parallelism: 16,
            max_work_kib: 4 * 1024 * 1024,
        }
    }
}

impl KdfLimits {
    /// Checks `p` alone and with the `spent` work of slots already tried; returns the new total.
    pub(crate) fn charge(&self, p: &KdfParams, spent: u64) -> Result<u64, StoreError> {
        self.check(p)?;
        let total = spent.saturating_add(p.work_kib());
        if total > self.max_work_kib {
            return Err(StoreError::KdfLimitExceeded {
                reason: format!(
                    "memory × iterations {} KiB is above the limit {} KiB",
                    total, self.max_work_kib
                ),
            });
        }
        Ok(total)
    }

    pub(crate) fn check(&self, p: &KdfParams) -> Result<(), StoreError> {
        let over = |what: &str, got: u32, max: u32| {
            Err(StoreError::KdfLimitExceeded {
                reason: format!("{what} {got} is above the limit {max}"),
            })
        };
        if p.memory_kib > self.max_memory_kib {
            return over("memory (KiB)", p.memory_kib, self.max_memory_kib);
        }
        if p.iterations > self.max_iterations {
            return over("iterations", p.iterations, self.max_iterations);
        }
        if p.parallelism > self.max_parallelism {
            return over("parallelism", p.parallelism, self.max_parallelism);
        }
        Ok(())
    }
}

/// A raw 256-bit key that can unlock a vault through a key slot, e.g. kept in the OS keyring so
/// the app can open the vault without asking for the passphrase. Zeroized on drop, redacted in
/// `Debug`.
#[derive(Clone)]
pub struct VaultKey(Zeroizing<[u8; KEY_LEN]>);

impl VaultKey {
    /// A fresh key from the OS CSPRNG.
    pub fn generate() -> Self {
        Self(random_key())
    }

    /// Wraps exactly 32 bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, StoreError> {
        let mut key = Zeroizing::new([0u8; KEY_LEN]);
        if bytes.len() != KEY_LEN {
            return Err(StoreError::InvalidKey { len: bytes.len() });
        }
        key.copy_from_slice(bytes);
        Ok(Self(key))
    }

    /// The key as a [`Secret`], to hand to a [`SecretStore`](crate::storage::SecretStore).
    pub fn to_secret(&self) -> Secret {
        Secret::from_bytes(self.0.to_vec()).expect("a 32-byte key is never empty")
    }

    /// A key read back from a [`SecretStore`](crate::storage::SecretStore).
    pub fn from_secret(secret: &Secret) -> Result<Self, StoreError> {
        Self::from_bytes(secret.as_bytes())
    }

    /// The raw bytes.
    pub fn as_bytes(&self) -> &[u8; KEY_LEN] {
        &self.0
    }
}

impl std::fmt::Debug for VaultKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("VaultKey(<redacted>)")
    }
}

/// 32 random bytes from the OS CSPRNG.
pub(crate) fn random_key() -> Zeroizing<[u8; KEY_LEN]> {
    let mut key = Zeroizing::new([0u8; KEY_LEN]);
    rand::rngs::OsRng.fill_bytes(&mut *key);
    key
}

/// `N` random bytes from the OS CSPRNG (salts, nonces, slot ids).
pub(crate) fn random_array<const N: usize>() -> [u8; N] {
    let mut out = [0u8; N];
    rand::rngs::OsRng.fill_bytes(&mut out);
    out
}

/// Argon2id(passphrase, salt) → key-encryption key.
pub(crate) fn derive_kek(
    passphrase: &[u8],
    salt: &[u8; SALT_LEN],
    params: &KdfParams,
) -> Result<Zeroizing<[u8; KEY_LEN]>, StoreError> {
    let mut out = Zeroizing::new([0u8; KEY_LEN]);
    params
        .argon2()?
        .hash_password_into(passphrase, salt, &mut *out)
        .map_err(|e| StoreError::InvalidKdfParams {
            reason: e.to_string(),
        })?;
    Ok(out)
}

fn cipher(key: &[u8; KEY_LEN]) -> XChaCha20Poly1305 {
    XChaCha20Poly1305::new(key.into())
}

/// Encrypts `buf` in place under `key` and returns the tag.
pub(crate) fn seal_in_place(
    key: &[u8; KEY_LEN],
    nonce: &[u8; NONCE_LEN],
    aad: &[u8],
    buf: &mut [u8],
) -> Result<[u8; TAG_LEN], StoreError> {
    let tag = cipher(key)
        .encrypt_inout_detached(&XNonce::from(*nonce), aad, buf.into())
        .map_err(|_| StoreError::Backend {
            reason: "encryption failed (payload too large)".into(),
        })?;
    Ok(tag.into())
}

/// Decrypts `buf` in place; `false` (and `buf` wiped) if the tag does not verify.
#[must_use]
pub(crate) fn open_in_place(
    key: &[u8; KEY_LEN],
    nonce: &[u8; NONCE_LEN],
    aad: &[u8],
    buf: &mut [u8],
    tag: &[u8; TAG_LEN],
) -> bool {
    let ok = cipher(key)
        .decrypt_inout_detached(&XNonce::from(*nonce), aad, buf.into(), &Tag::from(*tag))
        .is_ok();
    if !ok {
        zeroize::Zeroize::zeroize(buf);
    }
    ok
}

/// Wraps the data key under a key-encryption key: returns `ciphertext ‖ tag` (48 bytes).
pub(crate) fn wrap_key(
    kek: &[u8; KEY_LEN],
    nonce: &[u8; NONCE_LEN],
    aad: &[u8],
    data_key: &[u8; KEY_LEN],
) -> Result<[u8; KEY_LEN + TAG_LEN], StoreError> {
    let mut out = [0u8; KEY_LEN + TAG_LEN];
    out[..KEY_LEN].copy_from_slice(data_key);
    let tag = seal_in_place(kek, nonce, aad, &mut out[..KEY_LEN])?;
    out[KEY_LEN..].copy_from_slice(&tag);
    Ok(out)
}

/// Unwraps a data key; `None` when the key-encryption key is wrong (or the slot was altered).
pub(crate) fn unwrap_key(
    kek: &[u8; KEY_LEN],
    nonce: &[u8; NONCE_LEN],
    aad: &[u8],
    wrapped: &[u8; KEY_LEN + TAG_LEN],
) -> Option<Zeroizing<[u8; KEY_LEN]>> {
    let mut key = Zeroizing::new([0u8; KEY_LEN]);
    key.copy_from_slice(&wrapped[..KEY_LEN]);
    let mut tag = [0u8; TAG_LEN];
    tag.copy_from_slice(&wrapped[KEY_LEN..]);
    open_in_place(kek, nonce, aad, &mut key[..], &tag).then_some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_unwrap_and_wrong_kek() {
        let kek = random_key();
        let data = random_key();
        let nonce = random_array::<NONCE_LEN>();
        let wrapped = wrap_key(&kek, &nonce, b"aad", &data).unwrap();
        assert_ne!(&wrapped[..KEY_LEN], &data[..]);
        assert_eq!(*unwrap_key(&kek, &nonce, b"aad", &wrapped).unwrap(), *data);
        assert!(unwrap_key(&random_key(), &nonce, b"aad", &wrapped).is_none());
        assert!(unwrap_key(&kek, &nonce, b"other", &wrapped).is_none());
    }

    #[test]
    fn kdf_is_deterministic_and_salted() {
        let p = KdfParams::insecure_for_tests();
        let a = derive_kek(b"pw", &[1; SALT_LEN], &p).unwrap();
        assert_eq!(*a, *derive_kek(b"pw", &[1; SALT_LEN], &p).unwrap());
        assert_ne!(*a, *derive_kek(b"pw", &[2; SALT_LEN], &p).unwrap());
        assert_ne!(*a, *derive_kek(b"pW", &[1; SALT_LEN], &p).unwrap());
    }

    #[test]
    fn kdf_params_validation_and_limits() {
        assert!(KdfParams::default().validate().is_ok());
        for bad in [
            KdfParams {
                memory_kib: 7,
                iterations: 1,
                parallelism: 1,
            },
            KdfParams {
                memory_kib: 64,
                iterations: 0,
                parallelism: 1,
            },
            KdfParams {
                memory_kib: 64,
                iterations: 1,
                parallelism: 0,
            },
            KdfParams {
                memory_kib: 16,
                iterations: 1,
                parallelism: 4,
            },
        ] {
            assert!(
                matches!(bad.validate(), Err(StoreError::InvalidKdfParams { .. })),
                "{bad:?}"
            );
        }
        let limits = KdfLimits::default();
        assert!(limits.check(&KdfParams::default()).is_ok());
        let huge = KdfParams {
            memory_kib: u32::MAX,
            ..KdfParams::default()
        };
        assert!(matches!(
            limits.check(&huge),
            Err(StoreError::KdfLimitExceeded { .. })
        ));
        // m = 1 GiB and t = 64 are each within their limits; together they are not.
        let slow = KdfParams {
            memory_kib: 1024 * 1024,
            iterations: 64,
            parallelism: 1,
        };
        assert!(limits.check(&slow).is_ok());
        assert!(matches!(
            limits.charge(&slow, 0),
            Err(StoreError::KdfLimitExceeded { .. })
        ));
        let sensitive = KdfParams {
            iterations: 4,
            ..slow
        };
        assert_eq!(limits.charge(&sensitive, 0).unwrap(), 4 * 1024 * 1024);
        // Two such slots in one open exceed the total.
        assert!(limits.charge(&sensitive, 1).is_err());
    }

    #[test]
    fn vault_key_debug_is_redacted() {
        let k = VaultKey::from_bytes(&[0xAB; KEY_LEN]).unwrap();
        let dbg = format!("{k:?}");
        assert!(
            !dbg.to_lowercase().contains("ab, ") && dbg.contains("redacted"),
            "{dbg}"
        );
        assert!(matches!(
            VaultKey::from_bytes(&[1; 31]),
            Err(StoreError::InvalidKey { len: 31 })
        ));
        assert_eq!(
            VaultKey::from_secret(&k.to_secret()).unwrap().as_bytes(),
            k.as_bytes()
        );
    }
}
