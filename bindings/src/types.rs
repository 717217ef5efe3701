//! Records and enums that cross the FFI, with conversions to and from core types.

use crate::error::OtpError;
use crate::secret_text::SecretText;
use otpkit::{Algorithm, OtpAuthUri, OtpKind, OtpParams, Secret};

/// Kind of one-time password.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum OtpType {
    Totp,
    Hotp,
    Steam,
    /// mOTP: MD5, 6 hex characters, 10 s; needs the PIN.
    Motp,
    /// Yandex Key: SHA256, 8 letters, 30 s; needs the PIN.
    Yandex,
}

/// Hash function (canonical names: `SHA1`, `SHA224`, `SHA256`, `SHA384`, `SHA512`,
/// `SHA3-224`, `SHA3-256`, `SHA3-384`, `SHA3-512`; `MD5` for mOTP only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum HashAlgorithm {
    Sha1,
    Sha224,
    Sha256,
    Sha384,
    Sha512,
    Sha3_224,
    Sha3_256,
    Sha3_384,
    Sha3_512,
    Md5,
}

/// Parameters of a code. `period`/`t0` apply to TOTP and Steam, `counter` to HOTP.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct OtpParameters {
    pub otp_type: OtpType,
    pub algorithm: HashAlgorithm,
    pub digits: u8,
    pub period: u64,
    pub t0: u64,
    pub counter: u64,
}

/// An unknown otpauth query parameter, kept as given.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct UriParameter {
    pub name: String,
    pub value: String,
}

/// An account as described by an otpauth URI. `secret` is canonical base32 (wiped on drop and
/// redacted in `Debug` on the Rust side).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct OtpAccount {
    pub secret: SecretText,
    pub params: OtpParameters,
    pub issuer: Option<String>,
    pub label_issuer: Option<String>,
    pub account: String,
    pub extra: Vec<UriParameter>,
    /// Machine-readable warnings such as `short_secret` or `issuer_mismatch` (ignored on input).
    pub warnings: Vec<String>,
    /// The PIN of an mOTP or Yandex Key account (wiped on drop, redacted in `Debug`).
    #[uniffi(default = None)]
    pub pin: Option<SecretText>,
}

/// Current and next code with the seconds the current one has left.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CodeSnapshot {
    pub current: SecretText,
    pub next: SecretText,
    pub remaining: u64,
    pub counter: u64,
    pub valid_from: u64,
}

impl From<Algorithm> for HashAlgorithm {
    fn from(a: Algorithm) -> Self {
        match a {
            Algorithm::Sha1 => HashAlgorithm::Sha1,
            Algorithm::Sha224 => HashAlgorithm::Sha224,
            Algorithm::Sha256 => HashAlgorithm::Sha256,
            Algorithm::Sha384 => HashAlgorithm::Sha384,
            Algorithm::Sha512 => HashAlgorithm::Sha512,
            Algorithm::Sha3_224 => HashAlgorithm::Sha3_224,
            Algorithm::Sha3_256 => HashAlgorithm::Sha3_256,
            Algorithm::Sha3_384 => HashAlgorithm::Sha3_384,
            Algorithm::Sha3_512 => HashAlgorithm::Sha3_512,
            Algorithm::Md5 => HashAlgorithm::Md5,
        }
    }
}

impl From<HashAlgorithm> for Algorithm {
    fn from(a: HashAlgorithm) -> Self {
        match a {
            HashAlgorithm::Sha1 => Algorithm::Sha1,
            HashAlgorithm::Sha224 => Algorithm::Sha224,
            HashAlgorithm::Sha256 => Algorithm::Sha256,
            HashAlgorithm::Sha384 => Algorithm::Sha384,
            HashAlgorithm::Sha512 => Algorithm::Sha512,
            HashAlgorithm::Sha3_224 => Algorithm::Sha3_224,
            HashAlgorithm::Sha3_256 => Algorithm::Sha3_256,
            HashAlgorithm::Sha3_384 => Algorithm::Sha3_384,
            HashAlgorithm::Sha3_512 => Algorithm::Sha3_512,
            HashAlgorithm::Md5 => Algorithm::Md5,
        }
    }
}

impl From<OtpParams> for OtpParameters {
    fn from(p: OtpParams) -> Self {
        let (otp_type, period, t0, counter) = match p.kind {
            OtpKind::Totp { period, t0 } => (OtpType::Totp, period, t0, 0),
            OtpKind::Hotp { counter } => (OtpType::Hotp, 0, 0, counter),
            OtpKind::Steam { period } => (OtpType::Steam, period, 0, 0),
            OtpKind::Motp { period } => (OtpType::Motp, period, 0, 0),
            OtpKind::Yandex { period } => (OtpType::Yandex, period, 0, 0),
        };
        OtpParameters {
            otp_type,
            algorithm: p.algorithm.into(),
            digits: p.digits,
            period,
            t0,
            counter,
        }
    }
}

impl From<&OtpParameters> for OtpParams {
    fn from(p: &OtpParameters) -> Self {
        let kind = match p.otp_type {
            OtpType::Totp => OtpKind::Totp {
                period: p.period,
                t0: p.t0,
            },
            OtpType::Hotp => OtpKind::Hotp { counter: p.counter },
            OtpType::Steam => OtpKind::Steam { period: p.period },
            OtpType::Motp => OtpKind::Motp { period: p.period },
            OtpType::Yandex => OtpKind::Yandex { period: p.period },
        };
        OtpParams {
            kind,
            algorithm: p.algorithm.into(),
            digits: p.digits,
        }
    }
}

impl From<&OtpAuthUri> for OtpAccount {
    fn from(u: &OtpAuthUri) -> Self {
        OtpAccount {
            secret: u.secret.to_base32().into(),
            params: u.params.into(),
            issuer: u.issuer.clone(),
            label_issuer: u.label_issuer.clone(),
            account: u.account.clone(),
            extra: u
                .extra
                .iter()
                .map(|(name, value)| UriParameter {
                    name: name.clone(),
                    value: value.clone(),
                })
                .collect(),
            warnings: u.warnings().iter().map(|w| w.code().to_string()).collect(),
            pin: u.secret.pin().map(SecretText::from),
        }
    }
}

impl TryFrom<&OtpAccount> for OtpAuthUri {
    type Error = OtpError;
    fn try_from(a: &OtpAccount) -> Result<Self, OtpError> {
        let params: OtpParams = (&a.params).into();
        params.validate()?;
        let mut secret = Secret::from_base32(a.secret.expose())?;
        if let Some(pin) = &a.pin {
            secret = secret.with_pin(pin.expose())?;
        }
        Ok(OtpAuthUri {
            secret,
            params,
            issuer: a.issuer.clone(),
            label_issuer: a.label_issuer.clone(),
            account: a.account.clone(),
            extra: a
                .extra
                .iter()
                .map(|p| (p.name.clone(), p.value.clone()))
                .collect(),
        })
    }
}

impl From<otpkit::CodeSnapshot> for CodeSnapshot {
    fn from(s: otpkit::CodeSnapshot) -> Self {
        CodeSnapshot {
            current: s.current.into(),
            next: s.next.into(),
            remaining: s.remaining,
            counter: s.counter,
            valid_from: s.valid_from,
        }
    }
}
