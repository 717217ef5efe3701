//! The shared secret: decoded leniently from base32, zeroized on drop, redacted in `Debug`.

use std::fmt;
use zeroize::{Zeroize, Zeroizing};

/// Secrets shorter than this many bits are accepted with a warning (RFC 4226 §4 R6 asks for 128).
pub const RECOMMENDED_SECRET_BITS: usize = 128;

/// Why a secret could not be decoded. Never carries secret material, only positions and kinds.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecretError {
    /// The secret was empty after removing spaces, dashes and padding.
    #[error("secret is empty")]
    Empty,
    /// A character outside the base32 alphabet (A–Z, 2–7) was found. `position` counts characters
    /// of the input as given (0-based); the character itself is not echoed, since it is part of a secret.
    #[error("secret is not valid base32: invalid character at position {position}")]
    InvalidCharacter { position: usize },
    /// `=` padding appeared before the end, or the text is a single symbol (too short for a byte).
    #[error("secret is not valid base32: bad length or padding")]
    InvalidLength,
    /// A PIN (mOTP, Yandex Key) must be 1 to [`MAX_PIN_LEN`] bytes without control characters.
    #[error("PIN must be 1 to 64 bytes without control characters")]
    InvalidPin,
    /// An mOTP secret as written in `motp://` URIs must be hexadecimal.
    #[error("secret is not valid hex")]
    InvalidHex,
    /// A generated secret must be 1 to [`MAX_GENERATED_SECRET_LEN`] bytes.
    #[error("a generated secret is 1 to 1024 bytes, got {0}")]
    InvalidGeneratedLength(i64),
}

/// Largest secret [`Secret::generate_checked`] makes, in bytes.
pub const MAX_GENERATED_SECRET_LEN: usize = 1024;

/// Longest PIN accepted, in bytes.
pub const MAX_PIN_LEN: usize = 64;

/// An HOTP/TOTP shared secret (the raw key bytes).
///
/// * `Debug` prints `Secret(<redacted, N bytes>)`.
/// * The bytes are wiped when the value is dropped.
/// * `==` compares in constant time (the length is not secret).
/// * [`Secret::from_base32`] accepts lower case, `=` padding, spaces and dashes; any other
///   character is an error (no fallback to the raw bytes).
#[derive(Clone)]
pub struct Secret {
    bytes: Zeroizing<Vec<u8>>,
    /// Bits of the base32 text that did not fill a byte and were dropped (5, 6 or 7 when the text
    /// had 1, 3 or 6 symbols mod 8; 0 otherwise). How a secret was written, not part of its
    /// identity: equality compares the bytes only. See [`Secret::dropped_bits`].
    dropped_bits: u8,
    /// The PIN of an mOTP or Yandex Key account (part of the secret: wiped, redacted, compared).
    pin: Option<Zeroizing<String>>,
}

impl Secret {
    /// Wraps raw key bytes. Fails only when `bytes` is empty.
    pub fn from_bytes(bytes: impl Into<Vec<u8>>) -> Result<Self, SecretError> {
        let bytes = Zeroizing::new(bytes.into());
        if bytes.is_empty() {
            return Err(SecretError::Empty);
        }
        Ok(Self {
            bytes,
            dropped_bits: 0,
            pin: None,
        })
    }

    /// Decodes hex (either case; spaces ignored), as `motp://` URIs write mOTP secrets.
    pub fn from_hex(text: &str) -> Result<Self, SecretError> {
        let digits: Zeroizing<Vec<u8>> = Zeroizing::new(
            text.bytes()
                .filter(|b| !b.is_ascii_whitespace())
                .map(|b| (b as char).to_digit(16).map(|d| d as u8))
                .collect::<Option<Vec<u8>>>()
                .ok_or(SecretError::InvalidHex)?,
        );
        if digits.is_empty() {
            return Err(SecretError::Empty);
        }
        if !digits.len().is_multiple_of(2) {
            return Err(SecretError::InvalidHex);
        }
        Self::from_bytes(
            digits
                .chunks(2)
                .map(|p| p[0] << 4 | p[1])
                .collect::<Vec<u8>>(),
        )
    }

    /// Lower-case hex of the key bytes (mOTP's form of the secret).
    pub fn to_hex(&self) -> String {
        use std::fmt::Write as _;
        let mut out = String::with_capacity(self.bytes.len() * 2);
        for b in self.bytes.iter() {
            let _ = write!(out, "{b:02x}");
        }
        out
    }

    /// Attaches the PIN that mOTP and Yandex Key codes need: 1 to [`MAX_PIN_LEN`] bytes, no
    /// control characters.
    pub fn with_pin(mut self, pin: impl Into<String>) -> Result<Self, SecretError> {
        let pin = Zeroizing::new(pin.into());
        if pin.is_empty() || pin.len() > MAX_PIN_LEN || pin.chars().any(char::is_control) {
            return Err(SecretError::InvalidPin);
        }
        self.pin = Some(pin);
        Ok(self)
    }

    /// The PIN, for mOTP and Yandex Key accounts.
    pub fn pin(&self) -> Option<&str> {
        self.pin.as_deref().map(String::as_str)
    }

    /// Decodes base32 (RFC 4648 alphabet) leniently: case-insensitive, ignores spaces, tabs,
    /// dashes and trailing `=` padding.
    ///
    /// A text whose length is not that of whole bytes (1, 3 or 6 symbols mod 8, as users type
    /// into 2FAS or Ente) is accepted the way 2FAS (commons-codec) and Proton decode it: the
    /// trailing bits that do not fill a byte are dropped, and [`Secret::dropped_bits`] says how
    /// many. Characters outside the alphabet are always an error.
    pub fn from_base32(text: &str) -> Result<Self, SecretError> {
        let mut clean = Zeroizing::new(String::with_capacity(text.len()));
        let mut seen_pad = false;
        for (position, ch) in text.chars().enumerate() {
            match ch {
                ' ' | '\t' | '\n' | '\r' | '-' => continue,
                '=' => seen_pad = true,
                'a'..='z' | 'A'..='Z' | '2'..='7' => {
                    if seen_pad {
                        return Err(SecretError::InvalidLength);
                    }
                    clean.push(ch.to_ascii_uppercase());
                }
                _ => return Err(SecretError::InvalidCharacter { position }),
            }
        }
        if clean.is_empty() {
            return Err(SecretError::Empty);
        }
        // The base32 crate keeps the whole bytes and drops trailing bits that do not fill one;
        // its buffer is wrapped at once (Zeroizing wipes the whole capacity on drop).
        let bytes = base32::decode(base32::Alphabet::Rfc4648 { padding: false }, &clean)
            .map(Zeroizing::new)
            .filter(|b| !b.is_empty())
            .ok_or(SecretError::InvalidLength)?;
        // Canonical lengths leave at most 4 padding bits; 5 or more means a whole symbol
        // (or more) did not fill a byte.
        let rest = (clean.len() * 5 % 8) as u8;
        Ok(Self {
            bytes,
            dropped_bits: if rest >= 5 { rest } else { 0 },
            pin: None,
        })
    }

    /// Bits of the base32 text that did not fill a byte and were dropped by
    /// [`Secret::from_base32`] (0 for a whole-byte length and for secrets made otherwise). Codes
    /// are computed from the remaining bytes, as 2FAS and Proton do; apps should flag the account.
    pub fn dropped_bits(&self) -> u8 {
        self.dropped_bits
    }

    /// Generates a random secret of `len` bytes from the OS CSPRNG (20 bytes is the usual size).
    pub fn generate(len: usize) -> Self {
        use rand::RngCore;
        let mut bytes = Zeroizing::new(vec![0u8; len.max(1)]);
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        Self {
            bytes,
            dropped_bits: 0,
            pin: None,
        }
    }

    /// [`Secret::generate`] for a caller-supplied length: 1 to [`MAX_GENERATED_SECRET_LEN`]
    /// bytes, anything else is [`SecretError::InvalidGeneratedLength`] (never clamped).
    pub fn generate_checked(len: i64) -> Result<Self, SecretError> {
        match usize::try_from(len) {
            Ok(n) if (1..=MAX_GENERATED_SECRET_LEN).contains(&n) => Ok(Self::generate(n)),
            _ => Err(SecretError::InvalidGeneratedLength(len)),
        }
    }

    /// Canonical base32: upper case, no padding.
    pub fn to_base32(&self) -> String {
        base32::encode(base32::Alphabet::Rfc4648 { padding: false }, &self.bytes)
    }

    /// The raw key bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// Length of the key in bits.
    pub fn bits(&self) -> usize {
        self.bytes.len() * 8
    }

    /// True when the key is shorter than [`RECOMMENDED_SECRET_BITS`].
    pub fn is_short(&self) -> bool {
        self.bits() < RECOMMENDED_SECRET_BITS
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.pin {
            Some(_) => write!(f, "Secret(<redacted, {} bytes, PIN>)", self.bytes.len()),
            None => write!(f, "Secret(<redacted, {} bytes>)", self.bytes.len()),
        }
    }
}

impl PartialEq for Secret {
    fn eq(&self, other: &Self) -> bool {
        use subtle::ConstantTimeEq;
        let pins = match (self.pin(), other.pin()) {
            (None, None) => true,
            (Some(a), Some(b)) => {
                a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
            }
            _ => false,
        };
        self.bytes.len() == other.bytes.len()
            && bool::from(self.bytes[..].ct_eq(&other.bytes[..]))
            && pins
    }
}

impl Eq for Secret {}

impl Drop for Secret {
    fn drop(&mut self) {
        // `Zeroizing` already wipes the buffer; this also wipes spare capacity explicitly.
        self.bytes.zeroize();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lenient_base32() {
        let canonical = Secret::from_base32("JBSWY3DPEHPK3PXP").unwrap();
        for variant in [
            "jbswy3dpehpk3pxp",
            "JBSW Y3DP EHPK 3PXP",
            "JBSW-Y3DP-EHPK-3PXP",
            "JBSWY3DPEHPK3PXP====",
        ] {
            assert_eq!(
                Secret::from_base32(variant).unwrap(),
                canonical,
                "{variant}"
            );
        }
        assert_eq!(canonical.to_base32(), "JBSWY3DPEHPK3PXP");
    }

    #[test]
    fn invalid_character_is_an_error_not_raw_bytes() {
        assert_eq!(
            Secret::from_base32("JBSW1Y3DP"),
            Err(SecretError::InvalidCharacter { position: 4 })
        );
        assert_eq!(
            Secret::from_base32("JBSWY3D!"),
            Err(SecretError::InvalidCharacter { position: 7 })
        );
        assert_eq!(Secret::from_base32("  -- "), Err(SecretError::Empty));
        assert_eq!(Secret::from_base32("A"), Err(SecretError::InvalidLength));
        assert_eq!(
            Secret::from_base32("JBSWY3D?P"),
            Err(SecretError::InvalidCharacter { position: 7 })
        );
        assert_eq!(
            Secret::from_base32("AA=AA"),
            Err(SecretError::InvalidLength)
        );
    }

    #[test]
    fn partial_byte_lengths_drop_trailing_bits() {
        // 9, 11, 14, 17 and 19 symbols: 5, 7, 6, 5 and 7 bits left over.
        for (text, len, dropped) in [
            ("JBSWY3DPE", 5, 5),
            ("JBSWY3DPEHP", 6, 7),
            ("JBSWY3DPEHPK3P", 8, 6),
            ("JBSWY3DPEHPK3PXPJ", 10, 5),
            ("JBSWY3DPEHPK3PXPJBS", 11, 7),
        ] {
            let s = Secret::from_base32(text).unwrap();
            assert_eq!(
                (s.as_bytes().len(), s.dropped_bits()),
                (len, dropped),
                "{text}"
            );
            let whole = Secret::from_base32(&text[..(len * 8).div_ceil(5)]).unwrap();
            assert_eq!(s.as_bytes(), whole.as_bytes(), "{text}");
        }
        let canonical = Secret::from_base32("JBSWY3DPEHPK3PXP").unwrap();
        assert_eq!(canonical.dropped_bits(), 0);
        assert_eq!(Secret::from_base32("MZXQ").unwrap().dropped_bits(), 0);
    }

    #[test]
    fn debug_is_redacted_and_short_flagged() {
        let s = Secret::from_bytes(b"12345678".to_vec()).unwrap();
        let dbg = format!("{s:?}");
        assert!(
            !dbg.contains("12345678") && dbg.contains("redacted"),
            "{dbg}"
        );
        assert!(s.is_short());
        assert!(!Secret::from_bytes(vec![1u8; 16]).unwrap().is_short());
    }

    #[test]
    fn hex_and_pins() {
        let s = Secret::from_hex("E3152afee62599c8").unwrap();
        assert_eq!(
            s.as_bytes(),
            [0xe3, 0x15, 0x2a, 0xfe, 0xe6, 0x25, 0x99, 0xc8]
        );
        assert_eq!(s.to_hex(), "e3152afee62599c8");
        assert_eq!(Secret::from_hex("abc"), Err(SecretError::InvalidHex));
        assert_eq!(Secret::from_hex("zz"), Err(SecretError::InvalidHex));
        assert_eq!(Secret::from_hex(" "), Err(SecretError::Empty));
        let p = s.clone().with_pin("1234").unwrap();
        assert_eq!(p.pin(), Some("1234"));
        assert_ne!(p, s);
        assert_ne!(p, s.clone().with_pin("1235").unwrap());
        assert_eq!(p, s.clone().with_pin("1234").unwrap());
        let dbg = format!("{p:?}");
        assert!(!dbg.contains("1234") && dbg.contains("PIN"), "{dbg}");
        for bad in ["", "12\n4", &"9".repeat(65)] {
            assert_eq!(
                s.clone().with_pin(bad),
                Err(SecretError::InvalidPin),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn generated_secrets_differ() {
        let a = Secret::generate(20);
        let b = Secret::generate(20);
        assert_eq!(a.as_bytes().len(), 20);
        assert_ne!(a, b);
    }
}
