//! Password-based key derivation for the encrypted formats, with limits on parameters read from
//! files (a crafted file must not be able to ask for gigabytes of memory or hours of CPU).

use sha2::Sha256;
use zeroize::Zeroizing;

use super::ImportError;

/// A 256-bit derived key, wiped on drop.
pub(crate) type Key32 = Zeroizing<[u8; 32]>;

const GIB: u64 = 1 << 30;

/// The least work one derivation is charged against [`KdfLimits::max_work_bytes`] (1 MiB), so
/// that the number of derivations in one import is bounded too, however cheap each one is.
pub const MIN_DERIVATION_COST: u64 = 1 << 20;

/// Upper bounds for key-derivation parameters that come from the imported file.
///
/// * memory: scrypt `128·r·(N + p)` bytes; Argon2 `memLimit` bytes.
/// * work: memory touched, a proxy for CPU time: scrypt `2·128·r·N·p` bytes; Argon2
///   `memLimit · opsLimit`; PBKDF2 (iteration counts read from andOTP and FreeOTP 2 files)
///   `iterations · blocks · PBKDF2_ITERATION_COST`. The work limit bounds **all derivations of one import together**
///   (an Aegis file may hold any number of password slots, each tried in turn), and each
///   derivation counts at least [`MIN_DERIVATION_COST`].
///
/// The defaults (1 GiB, 16 GiB) admit every setting the supported apps write: Aegis (scrypt
/// N = 2¹⁵, r = 8, p = 1: 32 MiB), Ente (libsodium "sensitive" 1 GiB × 4 passes, or its
/// fallbacks with the same product), Proton (fixed 19 MiB × 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KdfLimits {
    /// Largest memory a single derivation may need, in bytes.
    pub max_memory_bytes: u64,
    /// Largest total memory traffic (memory × passes) of all derivations in one import, in bytes.
    pub max_work_bytes: u64,
}

impl KdfLimits {
    /// 1 GiB memory, 16 GiB work.
    pub const DEFAULT: KdfLimits = KdfLimits {
        max_memory_bytes: GIB,
        max_work_bytes: 16 * GIB,
    };

    /// Small limits (64 MiB, 256 MiB) for fuzzing and for callers that only expect test files.
    pub const SMALL: KdfLimits = KdfLimits {
        max_memory_bytes: 64 << 20,
        max_work_bytes: 256 << 20,
    };

    fn check(&self, kdf: &str, memory: u64, work: u64) -> Result<(), ImportError> {
        if memory > self.max_memory_bytes {
            return Err(ImportError::KdfLimitExceeded {
                reason: format!(
                    "{kdf} needs {memory} bytes of memory (limit {})",
                    self.max_memory_bytes
                ),
            });
        }
        if work > self.max_work_bytes {
            return Err(ImportError::KdfLimitExceeded {
                reason: format!(
                    "{kdf} work {work} exceeds the limit {}",
                    self.max_work_bytes
                ),
            });
        }
        Ok(())
    }
}

impl Default for KdfLimits {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// scrypt parameters as stored in a file (`N`, not log₂ N).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ScryptParams {
    pub n: u64,
    pub r: u32,
    pub p: u32,
}

/// Counts the work of the derivations of one import against [`KdfLimits::max_work_bytes`].
#[derive(Debug)]
pub(crate) struct KdfBudget {
    limits: KdfLimits,
    spent: u64,
}

impl KdfBudget {
    pub(crate) fn new(limits: &KdfLimits) -> Self {
        Self {
            limits: *limits,
            spent: 0,
        }
    }

    /// Checks one derivation of `memory` bytes and `work` bytes of traffic against the limits and
    /// what this import already spent, and charges it.
    fn charge(&mut self, kdf: &str, memory: u64, work: u64) -> Result<(), ImportError> {
        self.limits.check(kdf, memory, work)?;
        let total = self.spent.saturating_add(work.max(MIN_DERIVATION_COST));
        if total > self.limits.max_work_bytes {
            return Err(ImportError::KdfLimitExceeded {
                reason: format!(
                    "the key derivations of this file together exceed the work limit {}",
                    self.limits.max_work_bytes
                ),
            });
        }
        self.spent = total;
        Ok(())
    }
}

impl ScryptParams {
    /// Validates (N a power of two ≥ 2, r, p ≥ 1) and checks against `limits`.
    #[cfg(test)]
    fn checked(&self, limits: &KdfLimits) -> Result<scrypt::Params, ImportError> {
        let (memory, work) = self.validated_cost()?;
        limits.check("scrypt", memory, work)?;
        self.params()
    }

    /// `(memory, work)` in bytes, after checking N, r and p.
    fn validated_cost(&self) -> Result<(u64, u64), ImportError> {
        let crypto = |reason: String| ImportError::Crypto { reason };
        if self.n < 2 || !self.n.is_power_of_two() {
            return Err(crypto(format!(
                "scrypt N must be a power of two ≥ 2, got {}",
                self.n
            )));
        }
        if self.r == 0 || self.p == 0 {
            return Err(crypto(format!(
                "scrypt r and p must be ≥ 1, got r={} p={}",
                self.r, self.p
            )));
        }
        let r = u64::from(self.r);
        let p = u64::from(self.p);
        let memory = 128u64
            .saturating_mul(r)
            .saturating_mul(self.n.saturating_add(p));
        let work = 256u64
            .saturating_mul(r)
            .saturating_mul(self.n)
            .saturating_mul(p);
        Ok((memory, work))
    }

    fn params(&self) -> Result<scrypt::Params, ImportError> {
        let log_n = self.n.trailing_zeros() as u8;
        scrypt::Params::new(log_n, self.r, self.p).map_err(|_| ImportError::Crypto {
            reason: "scrypt parameters rejected".into(),
        })
    }
}

/// scrypt → 32-byte key, charged to `budget`.
pub(crate) fn scrypt32(
    password: &str,
    salt: &[u8],
    params: ScryptParams,
    budget: &mut KdfBudget,
) -> Result<Key32, ImportError> {
    let (memory, work) = params.validated_cost()?;
    budget.charge("scrypt", memory, work)?;
    let params = params.params()?;
    let mut key = Zeroizing::new([0u8; 32]);
    scrypt::scrypt(password.as_bytes(), salt, &params, &mut key[..]).map_err(|_| {
        ImportError::Crypto {
            reason: "scrypt failed".into(),
        }
    })?;
    Ok(key)
}

/// scrypt for exports (parameters chosen by the caller, not read from a file).
pub(crate) fn scrypt32_unchecked(
    password: &str,
    salt: &[u8],
    log_n: u8,
    r: u32,
    p: u32,
) -> Result<Key32, String> {
    let params = scrypt::Params::new(log_n, r, p).map_err(|_| "scrypt parameters rejected")?;
    let mut key = Zeroizing::new([0u8; 32]);
    scrypt::scrypt(password.as_bytes(), salt, &params, &mut key[..])
        .map_err(|_| "scrypt failed")?;
    Ok(key)
}

/// Argon2id (version 0x13, one lane) → 32-byte key, charged to `budget`. `memory_kib` in KiB,
/// `passes` = t_cost. This is libsodium's `crypto_pwhash` with `ALG_ARGON2ID13` when
/// `memory_kib = memlimit / 1024`.
pub(crate) fn argon2id32(
    password: &str,
    salt: &[u8],
    memory_kib: u64,
    passes: u64,
    budget: &mut KdfBudget,
) -> Result<Key32, ImportError> {
    argon2id32_lanes(password, salt, memory_kib, passes, 1, budget)
}

/// Argon2id (version 0x13) with `lanes` lanes (computed one after another) → 32-byte key.
pub(crate) fn argon2id32_lanes(
    password: &str,
    salt: &[u8],
    memory_kib: u64,
    passes: u64,
    lanes: u32,
    budget: &mut KdfBudget,
) -> Result<Key32, ImportError> {
    let crypto = |reason: String| ImportError::Crypto { reason };
    let memory = memory_kib.saturating_mul(1024);
    budget.charge("Argon2id", memory, memory.saturating_mul(passes))?;
    let m_cost = u32::try_from(memory_kib)
        .map_err(|_| crypto(format!("Argon2 memory {memory_kib} KiB is too large")))?;
    let t_cost = u32::try_from(passes)
        .map_err(|_| crypto(format!("Argon2 passes {passes} is too large")))?;
    let params = argon2::Params::new(m_cost, t_cost, lanes, Some(32))
        .map_err(|e| crypto(format!("Argon2 parameters rejected: {e}")))?;
    let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
    let mut key = Zeroizing::new([0u8; 32]);
    argon
        .hash_password_into(password.as_bytes(), salt, &mut key[..])
        .map_err(|e| crypto(format!("Argon2 failed: {e}")))?;
    Ok(key)
}

/// Work charged per PBKDF2 iteration and output block against [`KdfLimits::max_work_bytes`]
/// (1 KiB: an HMAC iteration touches a few hundred bytes; the proxy keeps iteration counts read
/// from files within the same budget as scrypt and Argon2 — 16 GiB of work is about 16 million
/// iterations, the small limits 256 thousand).
pub const PBKDF2_ITERATION_COST: u64 = 1024;

/// The HMAC hash of a PBKDF2 derivation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Prf {
    Sha1,
    Sha256,
    Sha512,
}

/// PBKDF2-HMAC-`prf` → 32-byte key with an iteration count read from a file: refused when 0,
/// above `u32::MAX`, or over the budget (charged `iterations × blocks × PBKDF2_ITERATION_COST`).
pub(crate) fn pbkdf2_32(
    prf: Prf,
    password: &str,
    salt: &[u8],
    iterations: u64,
    budget: &mut KdfBudget,
) -> Result<Key32, ImportError> {
    if iterations == 0 {
        return Err(ImportError::Crypto {
            reason: "PBKDF2 iteration count is 0".into(),
        });
    }
    let blocks: u64 = match prf {
        Prf::Sha1 => 2,
        Prf::Sha256 | Prf::Sha512 => 1,
    };
    let work = iterations
        .saturating_mul(blocks)
        .saturating_mul(PBKDF2_ITERATION_COST);
    budget.charge("PBKDF2", 0, work)?;
    let rounds = u32::try_from(iterations).map_err(|_| ImportError::KdfLimitExceeded {
        reason: format!("PBKDF2 iteration count {iterations} is too large"),
    })?;
    let mut key = Zeroizing::new([0u8; 32]);
    let pw = password.as_bytes();
    match prf {
        Prf::Sha1 => pbkdf2::pbkdf2_hmac::<sha1::Sha1>(pw, salt, rounds, &mut key[..]),
        Prf::Sha256 => pbkdf2::pbkdf2_hmac::<Sha256>(pw, salt, rounds, &mut key[..]),
        Prf::Sha512 => pbkdf2::pbkdf2_hmac::<sha2::Sha512>(pw, salt, rounds, &mut key[..]),
    }
    Ok(key)
}

/// PBKDF2-HMAC-SHA256 → 32-byte key (iteration counts here are fixed by the formats).
pub(crate) fn pbkdf2_sha256_32(password: &str, salt: &[u8], iterations: u32) -> Key32 {
    let mut key = Zeroizing::new([0u8; 32]);
    pbkdf2::pbkdf2_hmac::<Sha256>(password.as_bytes(), salt, iterations, &mut key[..]);
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrypt_limits_and_validation() {
        let p = |n, r, p| ScryptParams { n, r, p };
        let l = KdfLimits::DEFAULT;
        assert!(p(1 << 15, 8, 1).checked(&l).is_ok());
        assert!(matches!(
            p(1 << 20, 8, 1).checked(&l),
            Err(ImportError::KdfLimitExceeded { .. })
        ));
        assert!(matches!(
            p(1 << 15, 8, 1).checked(&KdfLimits {
                max_memory_bytes: 1 << 20,
                max_work_bytes: u64::MAX
            }),
            Err(ImportError::KdfLimitExceeded { .. })
        ));
        assert!(matches!(
            p(1000, 8, 1).checked(&l),
            Err(ImportError::Crypto { .. })
        ));
        assert!(matches!(
            p(1 << 10, 0, 1).checked(&l),
            Err(ImportError::Crypto { .. })
        ));
        assert!(matches!(
            p(u64::MAX / 2 + 1, u32::MAX, u32::MAX).checked(&l),
            Err(ImportError::KdfLimitExceeded { .. })
        ));
    }

    #[test]
    fn argon2_limits() {
        let budget = || KdfBudget::new(&KdfLimits::DEFAULT);
        assert!(matches!(
            argon2id32("pw", &[0; 16], 1 << 21, 4, &mut budget()),
            Err(ImportError::KdfLimitExceeded { .. })
        ));
        assert!(matches!(
            argon2id32("pw", &[0; 16], 0, 1, &mut budget()),
            Err(ImportError::Crypto { .. })
        ));
        assert!(argon2id32("pw", &[0; 16], 64, 1, &mut budget()).is_ok());
    }

    #[test]
    fn the_budget_bounds_all_derivations_of_one_import_together() {
        let limits = KdfLimits {
            max_memory_bytes: 1 << 20,
            max_work_bytes: 4 << 20,
        };
        let mut budget = KdfBudget::new(&limits);
        // Four cheap derivations each count MIN_DERIVATION_COST (1 MiB): the fifth is refused
        // before it runs, although alone it would be within every limit.
        for _ in 0..4 {
            budget.charge("scrypt", 1024, 1024).unwrap();
        }
        assert!(matches!(
            budget.charge("scrypt", 1024, 1024),
            Err(ImportError::KdfLimitExceeded { .. })
        ));
        let mut budget = KdfBudget::new(&limits);
        budget.charge("Argon2id", 1 << 20, 3 << 20).unwrap();
        let e = budget.charge("Argon2id", 1 << 20, 2 << 20).unwrap_err();
        assert!(e.to_string().contains("together"), "{e}");
    }

    #[test]
    fn pbkdf2_iterations_from_files_are_bounded() {
        let mut budget = KdfBudget::new(&KdfLimits::SMALL);
        assert!(matches!(
            pbkdf2_32(Prf::Sha1, "pw", b"salt", 0, &mut budget),
            Err(ImportError::Crypto { .. })
        ));
        assert!(matches!(
            pbkdf2_32(Prf::Sha512, "pw", b"salt", 1 << 30, &mut budget),
            Err(ImportError::KdfLimitExceeded { .. })
        ));
        assert!(matches!(
            pbkdf2_32(
                Prf::Sha1,
                "pw",
                b"salt",
                u64::MAX,
                &mut KdfBudget::new(&KdfLimits {
                    max_memory_bytes: 0,
                    max_work_bytes: u64::MAX,
                })
            ),
            Err(ImportError::KdfLimitExceeded { .. })
        ));
        // RFC 6070: PBKDF2-HMAC-SHA1("password", "salt", 2) = ea6c014d...
        let key = pbkdf2_32(Prf::Sha1, "password", b"salt", 2, &mut budget).unwrap();
        assert_eq!(key[..4], [0xea, 0x6c, 0x01, 0x4d]);
        let fixed = pbkdf2_sha256_32("passwd", b"salt", 1);
        let read = pbkdf2_32(Prf::Sha256, "passwd", b"salt", 1, &mut budget).unwrap();
        assert_eq!(fixed[..], read[..]);
    }

    #[test]
    fn pbkdf2_rfc7914_vector() {
        // RFC 7914 §11: PBKDF2-HMAC-SHA256("passwd", "salt", 1) first 32 bytes.
        let key = pbkdf2_sha256_32("passwd", b"salt", 1);
        assert_eq!(key[..8], [0x55, 0xac, 0x04, 0x6e, 0x56, 0xe3, 0x08, 0x9f]);
    }
}
