//! OTP parameters: algorithm, digits, kind (TOTP period/T0, HOTP counter, Steam, mOTP, Yandex).

use std::fmt;
use std::str::FromStr;

/// Default TOTP step in seconds.
pub const DEFAULT_PERIOD: u64 = 30;
/// Default number of digits.
pub const DEFAULT_DIGITS: u8 = 6;
/// Largest supported number of digits (a 31-bit truncated value has at most 10 decimal digits).
pub const MAX_DIGITS: u8 = 10;
/// Steam Guard codes are this many characters long.
pub const STEAM_DIGITS: u8 = 5;
/// mOTP codes: 6 hex characters, a new one every 10 s.
pub const MOTP_DIGITS: u8 = 6;
/// mOTP's time step in seconds.
pub const MOTP_PERIOD: u64 = 10;
/// Yandex Key codes: 8 letters, a new one every 30 s.
pub const YANDEX_DIGITS: u8 = 8;

/// Why a set of OTP parameters is unusable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParamsError {
    #[error("digits must be between 1 and 10, got {0}")]
    InvalidDigits(u32),
    #[error("period must be at least 1 second, got {0}")]
    InvalidPeriod(u64),
    /// Not one of SHA1, SHA224, SHA256, SHA384, SHA512, SHA3-224, SHA3-256, SHA3-384, SHA3-512.
    #[error("unknown algorithm {0:?} (expected SHA1, SHA224..SHA512, SHA3-224..SHA3-512)")]
    UnknownAlgorithm(String),
    /// MD5 is only used by mOTP; HMAC-MD5 HOTP/TOTP is refused.
    #[error("MD5 is not supported for HOTP/TOTP (only mOTP uses MD5)")]
    Md5NotSupported,
    #[error("Steam codes use SHA1 and 5 characters")]
    InvalidSteamParams,
    #[error("mOTP codes use MD5 and 6 characters")]
    InvalidMotpParams,
    #[error("Yandex Key codes use SHA256 and 8 letters")]
    InvalidYandexParams,
    /// mOTP and Yandex Key codes need the account's PIN ([`Secret::with_pin`](crate::Secret::with_pin)).
    #[error("{kind} codes need a PIN")]
    MissingPin { kind: &'static str },
    /// Only mOTP and Yandex Key use a PIN; one given for another kind would be ignored.
    #[error("{kind} codes do not use a PIN")]
    UnexpectedPin { kind: &'static str },
    /// A Yandex Key secret is 16 bytes (26 with its checksum, as the app stores it).
    #[error("a Yandex Key secret is 16 or 26 bytes, got {0}")]
    InvalidYandexSecret(usize),
    /// A verification window (steps each way) is over the engine's limit.
    #[error("verification window of {window} steps is over the limit of {max}")]
    WindowTooLarge { window: u64, max: u64 },
    /// More codes were asked for in one batch than [`crate::otp::MAX_CODE_BATCH`].
    #[error("a batch of {count} codes is over the limit of {max}")]
    BatchTooLarge { count: u64, max: u64 },
}

impl ParamsError {
    /// The parameter this error is about (`digits`, `period`, `algorithm`, `window`, `count`,
    /// `pin`, `secret`), for bindings that report the field.
    pub fn field(&self) -> &'static str {
        match self {
            ParamsError::InvalidDigits(_) => "digits",
            ParamsError::InvalidPeriod(_) => "period",
            ParamsError::UnknownAlgorithm(_) | ParamsError::Md5NotSupported => "algorithm",
            ParamsError::InvalidSteamParams
            | ParamsError::InvalidMotpParams
            | ParamsError::InvalidYandexParams => "params",
            ParamsError::MissingPin { .. } | ParamsError::UnexpectedPin { .. } => "pin",
            ParamsError::InvalidYandexSecret(_) => "secret",
            ParamsError::WindowTooLarge { .. } => "window",
            ParamsError::BatchTooLarge { .. } => "count",
        }
    }
}

/// The hash function: one of the HMAC hashes, or MD5 (mOTP only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Algorithm {
    #[default]
    Sha1,
    Sha224,
    Sha256,
    Sha384,
    Sha512,
    Sha3_224,
    Sha3_256,
    Sha3_384,
    Sha3_512,
    /// MD5, as mOTP uses it (plain MD5, not HMAC). Refused for HOTP/TOTP
    /// ([`ParamsError::Md5NotSupported`]).
    Md5,
}

impl Algorithm {
    /// Every HMAC algorithm (MD5 is not one), in a stable order.
    pub const ALL: [Algorithm; 9] = [
        Algorithm::Sha1,
        Algorithm::Sha224,
        Algorithm::Sha256,
        Algorithm::Sha384,
        Algorithm::Sha512,
        Algorithm::Sha3_224,
        Algorithm::Sha3_256,
        Algorithm::Sha3_384,
        Algorithm::Sha3_512,
    ];

    /// Canonical upper-case name as written in otpauth URIs: `SHA1`, `SHA224`, `SHA256`,
    /// `SHA384`, `SHA512`, `SHA3-224`, `SHA3-256`, `SHA3-384`, `SHA3-512` (the spellings of the
    /// otpauth JavaScript library and of Aegis).
    pub fn as_str(self) -> &'static str {
        match self {
            Algorithm::Sha1 => "SHA1",
            Algorithm::Sha224 => "SHA224",
            Algorithm::Sha256 => "SHA256",
            Algorithm::Sha384 => "SHA384",
            Algorithm::Sha512 => "SHA512",
            Algorithm::Sha3_224 => "SHA3-224",
            Algorithm::Sha3_256 => "SHA3-256",
            Algorithm::Sha3_384 => "SHA3-384",
            Algorithm::Sha3_512 => "SHA3-512",
            Algorithm::Md5 => "MD5",
        }
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Algorithm {
    type Err = ParamsError;
    /// Lenient: any case, optional `-`/`_`/spaces (`sha1`, `SHA-1`, `Sha_256`, `sha3-256`,
    /// `SHA3_256`, `SHA-3-256`) and an optional `Hmac` prefix. `MD5` parses (mOTP uses it);
    /// [`OtpParams::validate`] refuses it for HOTP/TOTP.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let norm: String = s
            .trim()
            .chars()
            .filter(|c| *c != '-' && *c != '_' && *c != ' ')
            .collect::<String>()
            .to_ascii_uppercase();
        let norm = norm.strip_prefix("HMAC").unwrap_or(&norm);
        match norm {
            "SHA1" => Ok(Algorithm::Sha1),
            "SHA224" => Ok(Algorithm::Sha224),
            "SHA256" => Ok(Algorithm::Sha256),
            "SHA384" => Ok(Algorithm::Sha384),
            "SHA512" => Ok(Algorithm::Sha512),
            "SHA3224" => Ok(Algorithm::Sha3_224),
            "SHA3256" => Ok(Algorithm::Sha3_256),
            "SHA3384" => Ok(Algorithm::Sha3_384),
            "SHA3512" => Ok(Algorithm::Sha3_512),
            "MD5" => Ok(Algorithm::Md5),
            _ => Err(ParamsError::UnknownAlgorithm(crate::echo::echo(s))),
        }
    }
}

/// What kind of one-time password, with its moving factor's parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OtpKind {
    /// RFC 6238: counter = (unix - t0) / period.
    Totp { period: u64, t0: u64 },
    /// RFC 4226: the stored counter (the next one to use).
    Hotp { counter: u64 },
    /// Steam Guard: TOTP (SHA1, 30 s) rendered as 5 characters of Steam's alphabet.
    Steam { period: u64 },
    /// Mobile-OTP: the first 6 hex characters of MD5(decimal(unix / period) ‖ hex(secret) ‖ PIN),
    /// period 10 s. Needs the PIN.
    Motp { period: u64 },
    /// Yandex Key: HMAC-SHA256 keyed with SHA-256(PIN ‖ secret[..16]) over the 30 s step,
    /// truncated to 63 bits and rendered as 8 letters `a`–`z`. Needs the PIN.
    Yandex { period: u64 },
}

impl OtpKind {
    /// Lower-case name: `totp`, `hotp`, `steam`, `motp`, `yandex`.
    pub fn name(&self) -> &'static str {
        match self {
            OtpKind::Totp { .. } => "totp",
            OtpKind::Hotp { .. } => "hotp",
            OtpKind::Steam { .. } => "steam",
            OtpKind::Motp { .. } => "motp",
            OtpKind::Yandex { .. } => "yandex",
        }
    }

    /// True for the kinds whose codes need the account's PIN (mOTP, Yandex Key).
    pub fn uses_pin(&self) -> bool {
        matches!(self, OtpKind::Motp { .. } | OtpKind::Yandex { .. })
    }
}

/// Everything but the secret that determines a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct OtpParams {
    pub kind: OtpKind,
    pub algorithm: Algorithm,
    pub digits: u8,
}

impl OtpParams {
    /// TOTP with the usual defaults: SHA1, 6 digits, 30 s, T0 = 0.
    pub fn totp() -> Self {
        Self {
            kind: OtpKind::Totp {
                period: DEFAULT_PERIOD,
                t0: 0,
            },
            algorithm: Algorithm::Sha1,
            digits: DEFAULT_DIGITS,
        }
    }
    /// HOTP with SHA1 and 6 digits starting at `counter`.
    pub fn hotp(counter: u64) -> Self {
        Self {
            kind: OtpKind::Hotp { counter },
            algorithm: Algorithm::Sha1,
            digits: DEFAULT_DIGITS,
        }
    }
    /// Steam Guard (SHA1, 30 s, 5 characters).
    pub fn steam() -> Self {
        Self {
            kind: OtpKind::Steam {
                period: DEFAULT_PERIOD,
            },
            algorithm: Algorithm::Sha1,
            digits: STEAM_DIGITS,
        }
    }
    /// mOTP (MD5, 10 s, 6 hex characters).
    pub fn motp() -> Self {
        Self {
            kind: OtpKind::Motp {
                period: MOTP_PERIOD,
            },
            algorithm: Algorithm::Md5,
            digits: MOTP_DIGITS,
        }
    }
    /// Yandex Key (SHA256, 30 s, 8 letters).
    pub fn yandex() -> Self {
        Self {
            kind: OtpKind::Yandex {
                period: DEFAULT_PERIOD,
            },
            algorithm: Algorithm::Sha256,
            digits: YANDEX_DIGITS,
        }
    }
    /// Builder: the hash algorithm.
    pub fn with_algorithm(mut self, algorithm: Algorithm) -> Self {
        self.algorithm = algorithm;
        self
    }
    /// Builder: the number of digits.
    pub fn with_digits(mut self, digits: u8) -> Self {
        self.digits = digits;
        self
    }
    /// Builder: the TOTP/Steam period (ignored for HOTP).
    pub fn with_period(mut self, p: u64) -> Self {
        match &mut self.kind {
            OtpKind::Totp { period, .. }
            | OtpKind::Steam { period }
            | OtpKind::Motp { period }
            | OtpKind::Yandex { period } => *period = p,
            OtpKind::Hotp { .. } => {}
        }
        self
    }

    /// The period for time-based kinds.
    pub fn period(&self) -> Option<u64> {
        match self.kind {
            OtpKind::Totp { period, .. }
            | OtpKind::Steam { period }
            | OtpKind::Motp { period }
            | OtpKind::Yandex { period } => Some(period),
            OtpKind::Hotp { .. } => None,
        }
    }

    /// Checks digits (1–10), period (≥ 1), MD5 only for mOTP, and the fixed parameters of
    /// Steam (SHA1, 5), mOTP (MD5, 6) and Yandex Key (SHA256, 8).
    pub fn validate(&self) -> Result<(), ParamsError> {
        if self.digits == 0 || self.digits > MAX_DIGITS {
            return Err(ParamsError::InvalidDigits(self.digits as u32));
        }
        if let Some(0) = self.period() {
            return Err(ParamsError::InvalidPeriod(0));
        }
        let fixed = |algorithm: Algorithm, digits: u8, err: ParamsError| {
            if self.algorithm == algorithm && self.digits == digits {
                Ok(())
            } else {
                Err(err)
            }
        };
        match self.kind {
            OtpKind::Steam { .. } => fixed(
                Algorithm::Sha1,
                STEAM_DIGITS,
                ParamsError::InvalidSteamParams,
            ),
            OtpKind::Motp { .. } => {
                fixed(Algorithm::Md5, MOTP_DIGITS, ParamsError::InvalidMotpParams)
            }
            OtpKind::Yandex { .. } => fixed(
                Algorithm::Sha256,
                YANDEX_DIGITS,
                ParamsError::InvalidYandexParams,
            ),
            OtpKind::Totp { .. } | OtpKind::Hotp { .. } if self.algorithm == Algorithm::Md5 => {
                Err(ParamsError::Md5NotSupported)
            }
            OtpKind::Totp { .. } | OtpKind::Hotp { .. } => Ok(()),
        }
    }

    /// [`OtpParams::validate`] plus what the parameters ask of the secret: a PIN exactly for
    /// mOTP and Yandex Key, and a 16- or 26-byte Yandex secret.
    pub fn validate_secret(&self, secret: &crate::Secret) -> Result<(), ParamsError> {
        self.validate()?;
        let kind = self.kind.name();
        match (self.kind.uses_pin(), secret.pin().is_some()) {
            (true, false) => return Err(ParamsError::MissingPin { kind }),
            (false, true) => return Err(ParamsError::UnexpectedPin { kind }),
            _ => {}
        }
        if let OtpKind::Yandex { .. } = self.kind {
            let len = secret.as_bytes().len();
            if len != 16 && len != 26 {
                return Err(ParamsError::InvalidYandexSecret(len));
            }
        }
        Ok(())
    }
}

impl Default for OtpParams {
    fn default() -> Self {
        Self::totp()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn algorithm_names_are_lenient() {
        for (s, a) in [
            ("sha1", Algorithm::Sha1),
            ("SHA-1", Algorithm::Sha1),
            ("HmacSHA256", Algorithm::Sha256),
            ("sha_512", Algorithm::Sha512),
            ("SHA224", Algorithm::Sha224),
            ("sha-384", Algorithm::Sha384),
            ("sha3-256", Algorithm::Sha3_256),
            ("SHA3_256", Algorithm::Sha3_256),
            ("SHA-3-224", Algorithm::Sha3_224),
            ("HmacSHA3-384", Algorithm::Sha3_384),
            ("sha3_512", Algorithm::Sha3_512),
        ] {
            assert_eq!(s.parse::<Algorithm>().unwrap(), a, "{s}");
        }
        for a in Algorithm::ALL {
            assert_eq!(a.as_str().parse::<Algorithm>().unwrap(), a);
        }
        assert_eq!("MD5".parse::<Algorithm>(), Ok(Algorithm::Md5));
        assert_eq!("md-5".parse::<Algorithm>(), Ok(Algorithm::Md5));
        assert!(!Algorithm::ALL.contains(&Algorithm::Md5));
        for p in [OtpParams::totp(), OtpParams::hotp(1)] {
            assert_eq!(
                p.with_algorithm(Algorithm::Md5).validate(),
                Err(ParamsError::Md5NotSupported)
            );
        }
        for bad in ["SHA3", "SHA3-1", "SHA-2", "SHA128", ""] {
            assert!(
                matches!(
                    bad.parse::<Algorithm>(),
                    Err(ParamsError::UnknownAlgorithm(_))
                ),
                "{bad}"
            );
        }
        assert_eq!(Algorithm::Sha256.to_string(), "SHA256");
        assert_eq!(Algorithm::Sha3_256.to_string(), "SHA3-256");
    }

    #[test]
    fn validation() {
        assert!(OtpParams::totp().with_digits(10).validate().is_ok());
        assert_eq!(
            OtpParams::totp().with_digits(11).validate(),
            Err(ParamsError::InvalidDigits(11))
        );
        assert_eq!(
            OtpParams::totp().with_digits(0).validate(),
            Err(ParamsError::InvalidDigits(0))
        );
        assert_eq!(
            OtpParams::totp().with_period(0).validate(),
            Err(ParamsError::InvalidPeriod(0))
        );
        assert_eq!(
            OtpParams::steam().with_digits(6).validate(),
            Err(ParamsError::InvalidSteamParams)
        );
        assert!(OtpParams::hotp(7).validate().is_ok());
        assert!(OtpParams::motp().validate().is_ok());
        assert!(OtpParams::yandex().validate().is_ok());
        assert_eq!(
            OtpParams::motp().with_algorithm(Algorithm::Sha1).validate(),
            Err(ParamsError::InvalidMotpParams)
        );
        assert_eq!(
            OtpParams::motp().with_digits(8).validate(),
            Err(ParamsError::InvalidMotpParams)
        );
        assert_eq!(
            OtpParams::yandex().with_digits(6).validate(),
            Err(ParamsError::InvalidYandexParams)
        );
        assert_eq!(
            OtpParams::yandex().with_period(0).validate(),
            Err(ParamsError::InvalidPeriod(0))
        );
    }

    #[test]
    fn pins_exactly_for_motp_and_yandex() {
        let plain = crate::Secret::from_bytes(vec![1u8; 16]).unwrap();
        let pinned = plain.clone().with_pin("1234").unwrap();
        assert!(OtpParams::motp().validate_secret(&pinned).is_ok());
        assert!(OtpParams::yandex().validate_secret(&pinned).is_ok());
        assert_eq!(
            OtpParams::motp().validate_secret(&plain),
            Err(ParamsError::MissingPin { kind: "motp" })
        );
        assert_eq!(
            OtpParams::totp().validate_secret(&pinned),
            Err(ParamsError::UnexpectedPin { kind: "totp" })
        );
        let short = crate::Secret::from_bytes(vec![1u8; 20])
            .unwrap()
            .with_pin("1")
            .unwrap();
        assert_eq!(
            OtpParams::yandex().validate_secret(&short),
            Err(ParamsError::InvalidYandexSecret(20))
        );
    }
}
