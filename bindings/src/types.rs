//! Records and enums of codes and URIs, with their conversions to and from core types.

use crate::error::{in_range, non_negative, out_i32, out_i64, OtpError};
use crate::handles::{OneTimeCode, Secret, SensitiveText};
use otpkit::{Algorithm, OtpAuthUri as CoreUri, OtpKind, OtpParams as CoreParams};
use std::sync::Arc;

/// Hash function (canonical names: `SHA1`, `SHA224`, `SHA256`, `SHA384`, `SHA512`,
/// `SHA3-224`, `SHA3-256`, `SHA3-384`, `SHA3-512`; `MD5` for mOTP only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
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

/// What kind of code an account makes, with the data that kind uses: a state that no app can
/// use (Steam with 6 digits, HOTP with a period) cannot be written.
///
/// `algorithm` null means SHA1, the standard; results use null for SHA1 so that default
/// parameters compare equal (`hash_algorithm()` always names it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum OtpParams {
    /// RFC 6238 time-based codes.
    Totp {
        #[uniffi(default = None)]
        algorithm: Option<HashAlgorithm>,
        #[uniffi(default = 6)]
        digits: i32,
        #[uniffi(default = 30)]
        period: i64,
        #[uniffi(default = 0)]
        t0: i64,
    },
    /// RFC 4226 counter-based codes; `counter` is the next counter to use.
    Hotp {
        #[uniffi(default = None)]
        algorithm: Option<HashAlgorithm>,
        #[uniffi(default = 6)]
        digits: i32,
        #[uniffi(default = 0)]
        counter: i64,
    },
    /// Steam Guard: SHA1, 5 symbols.
    Steam {
        #[uniffi(default = 30)]
        period: i64,
    },
    /// mOTP: MD5, 6 hex characters; needs the PIN.
    Motp {
        #[uniffi(default = 10)]
        period: i64,
    },
    /// Yandex Key: SHA256, 8 letters; needs the PIN.
    Yandex {
        #[uniffi(default = 30)]
        period: i64,
    },
}

/// TOTP with every standard value: SHA1, 6 digits, 30 s, t0 = 0.
#[uniffi::export]
pub fn default_totp() -> OtpParams {
    CoreParams::totp().into()
}

/// The hash function `params` use (SHA1 when `algorithm` is null; fixed for Steam, mOTP and
/// Yandex Key).
#[uniffi::export]
pub fn hash_algorithm(params: OtpParams) -> HashAlgorithm {
    match CoreParams::try_from(&params) {
        Ok(p) => p.algorithm.into(),
        Err(_) => HashAlgorithm::Sha1,
    }
}

/// Number of characters of the codes `params` make.
#[uniffi::export]
pub fn code_length(params: OtpParams) -> Result<i32, OtpError> {
    Ok(i32::from(CoreParams::try_from(&params)?.digits))
}

/// A finding about a parsed URI or a stored account.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum UriWarning {
    /// The secret is shorter than 128 bits.
    ShortSecret { bits: i32 },
    /// The label's issuer prefix differs from the `issuer` parameter (both are kept).
    IssuerMismatch {
        label_issuer: String,
        issuer: String,
    },
    /// The base32 secret did not fill whole bytes: its last `bits` bits were dropped.
    SecretTrailingBits { bits: i32 },
}

/// An unknown otpauth query parameter, kept as given.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct UriParameter {
    pub name: String,
    pub value: String,
}

/// An account as an otpauth URI describes it. The key is a [`Secret`] object (and the PIN of
/// mOTP/Yandex Key accounts too), so the record's string form never shows them.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct OtpAuthUri {
    pub secret: Arc<Secret>,
    /// The label's account name (e.g. `alice@example.com`).
    pub account: String,
    #[uniffi(default = None)]
    pub issuer: Option<String>,
    #[uniffi(default = None)]
    pub params: Option<OtpParams>,
    /// The issuer prefix of the label (`ACME` in `ACME:alice`), when it had one.
    #[uniffi(default = None)]
    pub label_issuer: Option<String>,
    #[uniffi(default = [])]
    pub extra: Vec<UriParameter>,
    /// Findings of the parser (ignored on input).
    #[uniffi(default = [])]
    pub warnings: Vec<UriWarning>,
    /// The PIN of an mOTP or Yandex Key account.
    #[uniffi(default = None)]
    pub pin: Option<Arc<SensitiveText>>,
}

/// Current and next code, the seconds the current one has left, its moving factor, and when it
/// became valid (TOTP/Steam; 0 for HOTP).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CodeSnapshot {
    pub current: Arc<OneTimeCode>,
    pub next: Arc<OneTimeCode>,
    pub remaining: i64,
    pub counter: i64,
    pub valid_from: i64,
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

fn canonical_algorithm(a: Algorithm) -> Option<HashAlgorithm> {
    (a != Algorithm::Sha1).then(|| a.into())
}

impl From<CoreParams> for OtpParams {
    fn from(p: CoreParams) -> Self {
        let digits = i32::from(p.digits);
        match p.kind {
            OtpKind::Totp { period, t0 } => OtpParams::Totp {
                algorithm: canonical_algorithm(p.algorithm),
                digits,
                period: out_i64(period),
                t0: out_i64(t0),
            },
            OtpKind::Hotp { counter } => OtpParams::Hotp {
                algorithm: canonical_algorithm(p.algorithm),
                digits,
                counter: out_i64(counter),
            },
            OtpKind::Steam { period } => OtpParams::Steam {
                period: out_i64(period),
            },
            OtpKind::Motp { period } => OtpParams::Motp {
                period: out_i64(period),
            },
            OtpKind::Yandex { period } => OtpParams::Yandex {
                period: out_i64(period),
            },
        }
    }
}

/// Checks and converts; the core validates the combination (`validate`).
impl TryFrom<&OtpParams> for CoreParams {
    type Error = OtpError;
    fn try_from(p: &OtpParams) -> Result<Self, OtpError> {
        let params = match *p {
            OtpParams::Totp {
                algorithm,
                digits,
                period,
                t0,
            } => CoreParams {
                kind: OtpKind::Totp {
                    period: non_negative(period, "period")?,
                    t0: non_negative(t0, "t0")?,
                },
                algorithm: algorithm.unwrap_or(HashAlgorithm::Sha1).into(),
                digits: in_range(i64::from(digits), "digits")?,
            },
            OtpParams::Hotp {
                algorithm,
                digits,
                counter,
            } => CoreParams {
                kind: OtpKind::Hotp {
                    counter: non_negative(counter, "counter")?,
                },
                algorithm: algorithm.unwrap_or(HashAlgorithm::Sha1).into(),
                digits: in_range(i64::from(digits), "digits")?,
            },
            OtpParams::Steam { period } => {
                CoreParams::steam().with_period(non_negative(period, "period")?)
            }
            OtpParams::Motp { period } => {
                CoreParams::motp().with_period(non_negative(period, "period")?)
            }
            OtpParams::Yandex { period } => {
                CoreParams::yandex().with_period(non_negative(period, "period")?)
            }
        };
        params.validate()?;
        Ok(params)
    }
}

/// Core parameters of an optional FFI value (null = [`default_totp`]).
pub(crate) fn core_params(p: Option<OtpParams>) -> Result<CoreParams, OtpError> {
    match p {
        Some(p) => CoreParams::try_from(&p),
        None => Ok(CoreParams::totp()),
    }
}

impl From<&otpkit::UriWarning> for UriWarning {
    fn from(w: &otpkit::UriWarning) -> Self {
        match w {
            otpkit::UriWarning::ShortSecret { bits } => UriWarning::ShortSecret {
                bits: out_i32(*bits),
            },
            otpkit::UriWarning::IssuerMismatch {
                label_issuer,
                issuer,
            } => UriWarning::IssuerMismatch {
                label_issuer: label_issuer.clone(),
                issuer: issuer.clone(),
            },
            otpkit::UriWarning::SecretTrailingBits { bits } => UriWarning::SecretTrailingBits {
                bits: i32::from(*bits),
            },
        }
    }
}

impl From<&CoreUri> for OtpAuthUri {
    fn from(u: &CoreUri) -> Self {
        let pin = u.secret.pin().map(SensitiveText::wrap);
        // The key object holds the key alone; the PIN travels in its own field.
        let key = otpkit::Secret::from_bytes(u.secret.as_bytes().to_vec())
            .unwrap_or_else(|_| u.secret.clone());
        OtpAuthUri {
            secret: Secret::wrap(key),
            account: u.account.clone(),
            issuer: u.issuer.clone(),
            params: Some(u.params.into()),
            label_issuer: u.label_issuer.clone(),
            extra: u
                .extra
                .iter()
                .map(|(name, value)| UriParameter {
                    name: name.clone(),
                    value: value.clone(),
                })
                .collect(),
            warnings: u.warnings().iter().map(UriWarning::from).collect(),
            pin,
        }
    }
}

impl TryFrom<&OtpAuthUri> for CoreUri {
    type Error = OtpError;
    fn try_from(a: &OtpAuthUri) -> Result<Self, OtpError> {
        let params = core_params(a.params)?;
        let mut secret = a.secret.core().clone();
        if let Some(pin) = &a.pin {
            secret = secret.with_pin(pin.expose())?;
        }
        Ok(CoreUri {
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
            current: OneTimeCode::new(s.current.as_str()),
            next: OneTimeCode::new(s.next.as_str()),
            remaining: out_i64(s.remaining),
            counter: out_i64(s.counter),
            valid_from: out_i64(s.valid_from),
        }
    }
}
