//! The code engine: HOTP (RFC 4226), TOTP (RFC 6238), Steam Guard, mOTP and Yandex Key codes.
//!
//! [`CodeGenerator`] computes the HMAC key schedule (inner and outer padded-key states) once per
//! secret; every code after that costs two hash compressions for SHA-1/SHA-256 plus truncation.
//!
//! * mOTP (Mobile-OTP, as Aegis implements it): MD5 over the ASCII text
//!   `decimal(unix / 10) ‖ hex(secret) ‖ PIN`; the code is the first 6 hex characters.
//! * Yandex Key: the HMAC-SHA256 key is SHA-256(PIN ‖ secret[..16]) with a leading zero byte
//!   dropped; the MAC over the 8-byte big-endian 30 s step is truncated at offset `mac[31] & 15`
//!   to 8 bytes, masked to 63 bits, reduced mod 26^8 and written as 8 letters `a`–`z`, most
//!   significant first.

use crate::clock::TimeSource;
use crate::params::{Algorithm, OtpKind, OtpParams, ParamsError};
use crate::secret::Secret;
use hmac::{Hmac, KeyInit, Mac};
use md5::Digest as _;
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

/// Steam Guard's 26-symbol alphabet.
pub const STEAM_ALPHABET: &[u8; 26] = b"23456789BCDFGHJKMNPQRTVWXY";
/// Yandex Key's alphabet.
pub const YANDEX_ALPHABET: &[u8; 26] = b"abcdefghijklmnopqrstuvwxyz";
/// mOTP's alphabet (lower-case hex).
pub const MOTP_ALPHABET: &[u8; 16] = b"0123456789abcdef";

/// The most time steps each way [`CodeGenerator::verify_at`] searches: 10 steps (5 minutes at 30 s),
/// the same limit as the server's [`TotpPolicy`](crate::server::TotpPolicy). Wider windows
/// make guessing proportionally easier and cost work proportional to the caller's number.
pub const MAX_TIME_WINDOW: u64 = 10;

/// The most counters each way [`CodeGenerator::verify_counter_window`] searches (the server's HOTP
/// resynchronisation limit).
pub const MAX_COUNTER_WINDOW: u64 = 10_000;

/// Most codes [`CodeGenerator::code_numbers_from`] computes in one call.
pub const MAX_CODE_BATCH: u64 = 100_000;

const POW10: [u64; 11] = [
    1,
    10,
    100,
    1_000,
    10_000,
    100_000,
    1_000_000,
    10_000_000,
    100_000_000,
    1_000_000_000,
    10_000_000_000,
];

#[derive(Clone)]
enum Keyed {
    Sha1(Hmac<sha1::Sha1>),
    Sha224(Hmac<sha2::Sha224>),
    Sha256(Hmac<sha2::Sha256>),
    Sha384(Hmac<sha2::Sha384>),
    Sha512(Hmac<sha2::Sha512>),
    Sha3_224(Hmac<sha3::Sha3_224>),
    Sha3_256(Hmac<sha3::Sha3_256>),
    Sha3_384(Hmac<sha3::Sha3_384>),
    Sha3_512(Hmac<sha3::Sha3_512>),
}

/// A keyed HMAC state (HMAC accepts keys of any length, so this cannot fail).
fn keyed<M: KeyInit>(key: &[u8]) -> M {
    M::new_from_slice(key).expect("HMAC takes any key length")
}

/// HMAC(K, msg) truncated per RFC 4226 §5.3.
#[inline]
fn mac_truncated<M: Mac + Clone>(m: &M, msg: &[u8]) -> u32 {
    let mut m = m.clone();
    m.update(msg);
    let mac = m.finalize().into_bytes();
    let offset = (mac[mac.len() - 1] & 0x0f) as usize;
    u32::from_be_bytes([
        mac[offset],
        mac[offset + 1],
        mac[offset + 2],
        mac[offset + 3],
    ]) & 0x7fff_ffff
}

impl Keyed {
    fn new(algorithm: Algorithm, key: &[u8]) -> Result<Self, ParamsError> {
        Ok(match algorithm {
            Algorithm::Sha1 => Keyed::Sha1(keyed(key)),
            Algorithm::Sha224 => Keyed::Sha224(keyed(key)),
            Algorithm::Sha256 => Keyed::Sha256(keyed(key)),
            Algorithm::Sha384 => Keyed::Sha384(keyed(key)),
            Algorithm::Sha512 => Keyed::Sha512(keyed(key)),
            Algorithm::Sha3_224 => Keyed::Sha3_224(keyed(key)),
            Algorithm::Sha3_256 => Keyed::Sha3_256(keyed(key)),
            Algorithm::Sha3_384 => Keyed::Sha3_384(keyed(key)),
            Algorithm::Sha3_512 => Keyed::Sha3_512(keyed(key)),
            Algorithm::Md5 => return Err(ParamsError::Md5NotSupported),
        })
    }

    /// RFC 4226 §5.3 dynamic truncation of HMAC(K, counter) to a 31-bit integer. The
    /// shortest MAC (SHA-224, 28 bytes) still has room for offset 15 + 4 bytes.
    #[inline]
    fn truncated(&self, counter: u64) -> u32 {
        let msg = counter.to_be_bytes();
        match self {
            Keyed::Sha1(m) => mac_truncated(m, &msg),
            Keyed::Sha224(m) => mac_truncated(m, &msg),
            Keyed::Sha256(m) => mac_truncated(m, &msg),
            Keyed::Sha384(m) => mac_truncated(m, &msg),
            Keyed::Sha512(m) => mac_truncated(m, &msg),
            Keyed::Sha3_224(m) => mac_truncated(m, &msg),
            Keyed::Sha3_256(m) => mac_truncated(m, &msg),
            Keyed::Sha3_384(m) => mac_truncated(m, &msg),
            Keyed::Sha3_512(m) => mac_truncated(m, &msg),
        }
    }
}

/// How codes are computed from the moving factor.
// The HMAC variant is the common one and is kept inline (no indirection on the hot path);
// a generator is built once per secret, so the size of the rarer variants does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Clone)]
enum Engine {
    /// HOTP/TOTP/Steam: RFC 4226 truncation of HMAC(secret, counter).
    Hmac(Keyed),
    /// Yandex Key: HMAC-SHA256 keyed with SHA-256(PIN ‖ secret[..16]), 63-bit truncation.
    Yandex(Hmac<sha2::Sha256>),
    /// mOTP: MD5(decimal(counter) ‖ hex(secret) ‖ PIN); holds `hex(secret) ‖ PIN`.
    Motp(Zeroizing<Vec<u8>>),
}

impl Engine {
    fn new(secret: &Secret, params: &OtpParams) -> Result<Self, ParamsError> {
        params.validate_secret(secret)?;
        let pin = secret.pin().unwrap_or_default();
        Ok(match params.kind {
            OtpKind::Motp { .. } => {
                let mut tail = Zeroizing::new(secret.to_hex().into_bytes());
                tail.extend_from_slice(pin.as_bytes());
                Engine::Motp(tail)
            }
            OtpKind::Yandex { .. } => {
                let mut h = sha2::Sha256::new();
                h.update(pin.as_bytes());
                h.update(&secret.as_bytes()[..16]);
                let digest = Zeroizing::new(<[u8; 32]>::from(h.finalize()));
                let key = if digest[0] == 0 {
                    &digest[1..]
                } else {
                    &digest[..]
                };
                Engine::Yandex(keyed(key))
            }
            _ => Engine::Hmac(Keyed::new(params.algorithm, secret.as_bytes())?),
        })
    }

    /// The number a code renders: the RFC 4226 31-bit value (HOTP/TOTP/Steam), the 63-bit
    /// Yandex value, or the first 3 bytes of mOTP's MD5.
    #[inline]
    fn raw(&self, counter: u64) -> u64 {
        match self {
            Engine::Hmac(k) => u64::from(k.truncated(counter)),
            Engine::Yandex(m) => {
                let mut m = m.clone();
                m.update(&counter.to_be_bytes());
                let mac = m.finalize().into_bytes();
                let offset = (mac[mac.len() - 1] & 0x0f) as usize;
                let mut b = [0u8; 8];
                b.copy_from_slice(&mac[offset..offset + 8]);
                u64::from_be_bytes(b) & 0x7fff_ffff_ffff_ffff
            }
            Engine::Motp(tail) => {
                let mut h = md5::Md5::new();
                h.update(counter.to_string().as_bytes());
                h.update(&tail[..]);
                let d = h.finalize();
                u64::from(d[0]) << 16 | u64::from(d[1]) << 8 | u64::from(d[2])
            }
        }
    }
}

/// A code with its digits held inline (no allocation); `as_str` borrows it. `Debug` is
/// redacted and `==` compares in constant time.
#[derive(Clone, Copy, Eq)]
pub struct Code {
    buf: [u8; 10],
    len: u8,
}

impl Code {
    /// The code as text, e.g. `"094287"` or `"2TC8B"`.
    pub fn as_str(&self) -> &str {
        // Only ASCII digits or Steam symbols are ever written.
        std::str::from_utf8(&self.buf[..self.len as usize]).unwrap_or_default()
    }
    /// Constant-time comparison with a candidate (length is not secret).
    pub fn ct_eq(&self, candidate: &[u8]) -> bool {
        candidate.len() == self.len as usize
            && bool::from(self.buf[..self.len as usize].ct_eq(candidate))
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq for Code {
    fn eq(&self, other: &Self) -> bool {
        self.ct_eq(other.as_str().as_bytes())
    }
}

impl std::fmt::Debug for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Code(<redacted, {} chars>)", self.len)
    }
}

/// The code for now, the next one, and how long the current one has left. `Debug` redacts
/// the codes.
#[derive(Clone, PartialEq, Eq)]
pub struct CodeSnapshot {
    pub current: String,
    pub next: String,
    /// Seconds until `current` stops being valid (1..=period). For HOTP, 0.
    pub remaining: u64,
    /// The moving factor of `current` (time step or HOTP counter).
    pub counter: u64,
    /// The Unix time `current` became valid (TOTP/Steam), or 0 for HOTP.
    pub valid_from: u64,
}

impl std::fmt::Debug for CodeSnapshot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::redact::REDACTED;
        f.debug_struct("CodeSnapshot")
            .field("current", &REDACTED)
            .field("next", &REDACTED)
            .field("remaining", &self.remaining)
            .field("counter", &self.counter)
            .field("valid_from", &self.valid_from)
            .finish()
    }
}

/// A pre-keyed code generator for one secret and parameter set.
///
/// ```
/// use otpkit::{CodeGenerator, OtpParams, Secret};
/// let secret = Secret::from_bytes(b"12345678901234567890".to_vec()).unwrap();
/// let g = CodeGenerator::new(&secret, OtpParams::totp().with_digits(8)).unwrap();
/// assert_eq!(g.code_at(59).as_str(), "94287082"); // RFC 6238 Appendix B
/// ```
#[derive(Clone)]
pub struct CodeGenerator {
    engine: Engine,
    params: OtpParams,
}

impl std::fmt::Debug for CodeGenerator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CodeGenerator")
            .field("params", &self.params)
            .field("key", &"<redacted>")
            .finish()
    }
}

impl CodeGenerator {
    /// Validates `params` against the secret ([`OtpParams::validate_secret`]: mOTP and Yandex
    /// Key need the secret's PIN) and pre-computes the keyed state.
    pub fn new(secret: &Secret, params: OtpParams) -> Result<Self, ParamsError> {
        Ok(Self {
            engine: Engine::new(secret, &params)?,
            params,
        })
    }

    /// The parameters this generator was built with.
    pub fn params(&self) -> &OtpParams {
        &self.params
    }

    /// The 31-bit dynamically truncated value for `counter` (before reduction to digits). For
    /// Yandex Key and mOTP, which do not have one, the low 32 bits of [`CodeGenerator::code_number`].
    pub fn truncated_value(&self, counter: u64) -> u32 {
        self.engine.raw(counter) as u32
    }

    /// The code for `counter` as a number: the decimal code (HOTP/TOTP), the 31-bit value the
    /// Steam symbols come from, the Yandex value below 26^8 (letters as base-26 digits, most
    /// significant first), or mOTP's 24-bit value (its 6 hex characters).
    pub fn code_number(&self, counter: u64) -> u64 {
        let raw = self.engine.raw(counter);
        match self.params.kind {
            OtpKind::Steam { .. } => raw,
            _ => raw % self.modulus(),
        }
    }

    /// How many different codes there are: 10^digits, 26^5 (Steam), 26^8 (Yandex), 16^6 (mOTP).
    fn modulus(&self) -> u64 {
        let len = u32::from(self.params.digits.min(10));
        match self.params.kind {
            OtpKind::Steam { .. } | OtpKind::Yandex { .. } => 26u64.pow(len),
            OtpKind::Motp { .. } => 16u64.pow(len),
            OtpKind::Totp { .. } | OtpKind::Hotp { .. } => POW10[len as usize],
        }
    }

    /// The code for an explicit moving factor (HOTP counter or TOTP time step).
    pub fn code_at_counter(&self, counter: u64) -> Code {
        let raw = self.engine.raw(counter);
        let mut buf = [0u8; 10];
        let len = self.params.digits.min(10);
        let n = len as usize;
        match self.params.kind {
            OtpKind::Steam { .. } => {
                let mut v = raw;
                for b in buf.iter_mut().take(n) {
                    *b = STEAM_ALPHABET[(v % 26) as usize];
                    v /= 26;
                }
            }
            OtpKind::Yandex { .. } | OtpKind::Motp { .. } => {
                let (alphabet, base): (&[u8], u64) = match self.params.kind {
                    OtpKind::Yandex { .. } => (YANDEX_ALPHABET, 26),
                    _ => (MOTP_ALPHABET, 16),
                };
                let mut v = raw % self.modulus();
                for i in (0..n).rev() {
                    buf[i] = alphabet[(v % base) as usize];
                    v /= base;
                }
            }
            OtpKind::Totp { .. } | OtpKind::Hotp { .. } => {
                // u64 so that 10 digits (modulus 10^10 > u32::MAX) cannot overflow.
                let mut v = raw % POW10[n];
                for i in (0..n).rev() {
                    buf[i] = b'0' + (v % 10) as u8;
                    v /= 10;
                }
            }
        }
        Code { buf, len }
    }

    /// The time step containing `unix` (TOTP/Steam); for HOTP, the stored counter.
    /// Times before T0 count as step 0.
    pub fn counter_at(&self, unix: u64) -> u64 {
        match self.params.kind {
            OtpKind::Totp { period, t0 } => unix.saturating_sub(t0) / period,
            OtpKind::Steam { period } | OtpKind::Motp { period } | OtpKind::Yandex { period } => {
                unix / period
            }
            OtpKind::Hotp { counter } => counter,
        }
    }

    /// Codes (as numbers, see [`CodeGenerator::code_number`]) for `count` consecutive steps starting
    /// with the one containing `start_unix` (HOTP: counters from the stored one), for hot loops
    /// that pay a per-call cost. At most [`MAX_CODE_BATCH`]; more is
    /// [`ParamsError::BatchTooLarge`].
    pub fn code_numbers_from(&self, start_unix: u64, count: u64) -> Result<Vec<u64>, ParamsError> {
        if count > MAX_CODE_BATCH {
            return Err(ParamsError::BatchTooLarge {
                count,
                max: MAX_CODE_BATCH,
            });
        }
        let first = self.counter_at(start_unix);
        Ok((0..count)
            .map(|i| self.code_number(first.saturating_add(i)))
            .collect())
    }

    /// The code valid at `unix` (for HOTP, the code for the stored counter).
    pub fn code_at(&self, unix: u64) -> Code {
        self.code_at_counter(self.counter_at(unix))
    }

    /// The code valid now according to `clock`.
    pub fn code_now(&self, clock: &dyn TimeSource) -> Code {
        self.code_at(clock.now_unix())
    }

    /// Current code, next code and seconds remaining at `unix`.
    pub fn snapshot_at(&self, unix: u64) -> CodeSnapshot {
        let counter = self.counter_at(unix);
        let (remaining, valid_from) = match self.params.kind {
            // Before T0 every time maps to step 0, which stays valid until T0 + period.
            OtpKind::Totp { period, t0 } if unix < t0 => (t0.saturating_add(period) - unix, 0),
            // `start <= unix < start + period` (which may pass u64::MAX in the last step), so
            // `unix - start < period`: the remaining time never overflows.
            OtpKind::Totp { period, t0 } => {
                let start = t0 + counter * period;
                (period - (unix - start), start)
            }
            OtpKind::Steam { period } | OtpKind::Motp { period } | OtpKind::Yandex { period } => {
                let start = counter * period;
                (period - (unix - start), start)
            }
            OtpKind::Hotp { .. } => (0, 0),
        };
        CodeSnapshot {
            current: self.code_at_counter(counter).to_string(),
            next: self.code_at_counter(counter.wrapping_add(1)).to_string(),
            remaining,
            counter,
            valid_from,
        }
    }

    /// [`CodeGenerator::snapshot_at`] with the time from `clock`.
    pub fn snapshot(&self, clock: &dyn TimeSource) -> CodeSnapshot {
        self.snapshot_at(clock.now_unix())
    }

    /// Checks `code` against the steps `counter - back ..= counter + forward` in constant time per
    /// candidate, and returns the matching step. The input must be exactly the code (no spaces).
    /// Every candidate is computed and compared, so timing does not depend on which one matched.
    /// `back` and `forward` are each at most [`MAX_COUNTER_WINDOW`]
    /// ([`ParamsError::WindowTooLarge`] otherwise).
    pub fn verify_counter_window(
        &self,
        code: &str,
        counter: u64,
        back: u64,
        forward: u64,
    ) -> Result<Option<u64>, ParamsError> {
        for window in [back, forward] {
            if window > MAX_COUNTER_WINDOW {
                return Err(ParamsError::WindowTooLarge {
                    window,
                    max: MAX_COUNTER_WINDOW,
                });
            }
        }
        // The candidate's shape (length, alphabet) is not secret: reject it early, then compare
        // its numeric value with each step's reduced truncated value in constant time.
        let Some((target, modulus)) = self.candidate_value(code) else {
            return Ok(None);
        };
        let mut found = None;
        let lo = counter.saturating_sub(back);
        let hi = counter.saturating_add(forward);
        let mut step = lo;
        loop {
            let value = self.engine.raw(step) % modulus;
            if bool::from(value.ct_eq(&target)) && found.is_none() {
                found = Some(step);
            }
            if step == hi {
                break;
            }
            step += 1;
        }
        Ok(found)
    }

    /// The value a code stands for and the modulus it was reduced by: decimal digits, Steam
    /// symbols as base-26 digits (least significant first), Yandex letters (base 26) or mOTP hex
    /// (base 16), most significant first. `None` when the shape is wrong.
    fn candidate_value(&self, code: &str) -> Option<(u64, u64)> {
        let len = self.params.digits as usize;
        if code.len() != len {
            return None;
        }
        let number = |alphabet: &[u8], symbols: &mut dyn Iterator<Item = &u8>| {
            let base = alphabet.len() as u64;
            let mut value = 0u64;
            for &b in symbols {
                value = value * base + alphabet.iter().position(|&s| s == b)? as u64;
            }
            Some(value)
        };
        let bytes = code.as_bytes();
        let value = match self.params.kind {
            OtpKind::Steam { .. } => number(STEAM_ALPHABET, &mut bytes.iter().rev())?,
            OtpKind::Yandex { .. } => number(YANDEX_ALPHABET, &mut bytes.iter())?,
            OtpKind::Motp { .. } => number(MOTP_ALPHABET, &mut bytes.iter())?,
            OtpKind::Totp { .. } | OtpKind::Hotp { .. } => {
                number(b"0123456789", &mut bytes.iter())?
            }
        };
        Some((value, self.modulus()))
    }

    /// Checks a TOTP/Steam `code` at `unix` within ±`window` steps; returns the step offset.
    /// `window` is at most [`MAX_TIME_WINDOW`] ([`ParamsError::WindowTooLarge`] otherwise).
    pub fn verify_at(
        &self,
        code: &str,
        unix: u64,
        window: u64,
    ) -> Result<Option<i64>, ParamsError> {
        if window > MAX_TIME_WINDOW {
            return Err(ParamsError::WindowTooLarge {
                window,
                max: MAX_TIME_WINDOW,
            });
        }
        let now = self.counter_at(unix);
        // Wrapping: `s` and `now` are within `window` of each other, but may exceed i64::MAX.
        Ok(self
            .verify_counter_window(code, now, window, window)?
            .map(|s| s.wrapping_sub(now) as i64))
    }
}

/// HOTP value for one counter (RFC 4226). Prefer [`CodeGenerator`] when computing many codes.
pub fn hotp(
    secret: &Secret,
    counter: u64,
    algorithm: Algorithm,
    digits: u8,
) -> Result<String, ParamsError> {
    let params = OtpParams::hotp(counter)
        .with_algorithm(algorithm)
        .with_digits(digits);
    Ok(CodeGenerator::new(secret, params)?
        .code_at_counter(counter)
        .to_string())
}

/// TOTP (or Steam) code at `unix` for `params` (RFC 6238).
pub fn totp(secret: &Secret, params: OtpParams, unix: u64) -> Result<String, ParamsError> {
    Ok(CodeGenerator::new(secret, params)?
        .code_at(unix)
        .to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ten_digits_do_not_overflow() {
        let s = Secret::from_bytes(b"12345678901234567890".to_vec()).unwrap();
        let g = CodeGenerator::new(&s, OtpParams::hotp(0).with_digits(10)).unwrap();
        for c in 0..50 {
            let code = g.code_at_counter(c);
            assert_eq!(code.as_str().len(), 10);
            assert_eq!(
                code.as_str().parse::<u64>().unwrap(),
                g.truncated_value(c) as u64
            );
        }
        let one = CodeGenerator::new(&s, OtpParams::hotp(0).with_digits(1)).unwrap();
        assert_eq!(one.code_at_counter(0).as_str(), "4"); // 1284755224 % 10
    }

    #[test]
    fn snapshot_remaining_and_next() {
        let s = Secret::from_bytes(b"12345678901234567890".to_vec()).unwrap();
        let g = CodeGenerator::new(&s, OtpParams::totp()).unwrap();
        let snap = g.snapshot_at(59);
        assert_eq!(snap.remaining, 1);
        assert_eq!(snap.counter, 1);
        assert_eq!(snap.next, g.code_at(60).to_string());
        assert_eq!(g.snapshot_at(60).remaining, 30);
        let t0 = CodeGenerator::new(
            &s,
            OtpParams {
                kind: OtpKind::Totp {
                    period: 30,
                    t0: 100,
                },
                ..OtpParams::totp()
            },
        )
        .unwrap();
        assert_eq!(t0.counter_at(129), 0);
        assert_eq!(t0.counter_at(130), 1);
        assert_eq!(t0.snapshot_at(129).remaining, 1);
    }

    #[test]
    fn snapshot_before_t0_counts_down_to_the_end_of_step_zero() {
        let s = Secret::from_bytes(b"12345678901234567890".to_vec()).unwrap();
        let params = OtpParams {
            kind: OtpKind::Totp {
                period: 30,
                t0: 1000,
            },
            ..OtpParams::totp()
        };
        let g = CodeGenerator::new(&s, params).unwrap();
        let snap = g.snapshot_at(10);
        assert_eq!(
            (snap.counter, snap.remaining, snap.valid_from),
            (0, 1020, 0)
        );
        assert_eq!(snap.current, g.code_at(1029).to_string());
        assert_eq!(g.snapshot_at(1000).remaining, 30);
    }

    #[test]
    fn verify_steam_and_malformed_candidates() {
        let s = Secret::from_bytes(b"12345678901234567890".to_vec()).unwrap();
        let g = CodeGenerator::new(&s, OtpParams::steam()).unwrap();
        for t in [59u64, 1_111_111_109, 2_000_000_000] {
            let code = g.code_at(t).to_string();
            assert_eq!(g.verify_at(&code, t, 1).unwrap(), Some(0), "{code}");
            assert_eq!(g.verify_at(&code, t + 30, 1).unwrap(), Some(-1));
        }
        assert_eq!(g.verify_at("2345A", 59, 1).unwrap(), None); // 'A' is not in Steam's alphabet
        let d = CodeGenerator::new(&s, OtpParams::totp()).unwrap();
        assert_eq!(d.verify_at("28708a", 59, 1).unwrap(), None);
        assert_eq!(d.verify_at("+87082", 59, 1).unwrap(), None);
        assert_eq!(d.verify_at("287082", 59, 0).unwrap(), Some(0));
    }

    #[test]
    fn verify_window() {
        let s = Secret::from_bytes(b"12345678901234567890".to_vec()).unwrap();
        let g = CodeGenerator::new(&s, OtpParams::totp()).unwrap();
        let code = g.code_at(1_000_000).to_string();
        assert_eq!(g.verify_at(&code, 1_000_000, 1).unwrap(), Some(0));
        assert_eq!(g.verify_at(&code, 1_000_030, 1).unwrap(), Some(-1));
        assert_eq!(g.verify_at(&code, 999_970, 1).unwrap(), Some(1));
        assert_eq!(g.verify_at(&code, 1_000_060, 1).unwrap(), None);
        assert_eq!(g.verify_at("12345", 1_000_000, 1).unwrap(), None);
    }

    #[test]
    fn steam_snapshot_near_the_end_of_time_does_not_overflow() {
        let s = Secret::from_bytes(b"12345678901234567890".to_vec()).unwrap();
        let g = CodeGenerator::new(&s, OtpParams::steam()).unwrap();
        for unix in [u64::MAX, u64::MAX - 1, u64::MAX - 29, u64::MAX / 30 * 30] {
            let snap = g.snapshot_at(unix);
            assert!(snap.valid_from <= unix);
            assert!(
                snap.remaining >= 1 && snap.remaining <= 30,
                "{}",
                snap.remaining
            );
            assert_eq!(snap.current.len(), 5);
        }
        // u64::MAX is 15 seconds into its step.
        assert_eq!(g.snapshot_at(u64::MAX).remaining, 15);
        let t = CodeGenerator::new(&s, OtpParams::totp()).unwrap();
        assert_eq!(t.snapshot_at(u64::MAX).remaining, 15);
    }

    #[test]
    fn verify_windows_are_bounded() {
        let s = Secret::from_bytes(b"12345678901234567890".to_vec()).unwrap();
        let g = CodeGenerator::new(&s, OtpParams::totp()).unwrap();
        let code = g.code_at(1_000_000).to_string();
        assert_eq!(
            g.verify_at(&code, 1_000_300, MAX_TIME_WINDOW).unwrap(),
            Some(-10)
        );
        assert_eq!(
            g.verify_at(&code, 1_000_000, u64::MAX),
            Err(ParamsError::WindowTooLarge {
                window: u64::MAX,
                max: MAX_TIME_WINDOW
            })
        );
        assert_eq!(
            g.verify_at(&code, 1_000_000, MAX_TIME_WINDOW + 1),
            Err(ParamsError::WindowTooLarge {
                window: 11,
                max: MAX_TIME_WINDOW
            })
        );
        let h = CodeGenerator::new(&s, OtpParams::hotp(0)).unwrap();
        let c = h.code_at_counter(MAX_COUNTER_WINDOW).to_string();
        assert_eq!(
            h.verify_counter_window(&c, 0, 0, MAX_COUNTER_WINDOW)
                .unwrap(),
            Some(MAX_COUNTER_WINDOW)
        );
        for (back, forward) in [(u64::MAX, 0), (0, u64::MAX), (MAX_COUNTER_WINDOW + 1, 0)] {
            assert!(matches!(
                h.verify_counter_window(&c, 1 << 40, back, forward),
                Err(ParamsError::WindowTooLarge { .. })
            ));
        }
    }
}
