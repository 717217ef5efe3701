//! otpauth:// URIs: parsed leniently, emitted canonically.
//! (Skeleton: the parser and emitter are being written; see the struct contract below.)

use crate::params::{OtpParams, ParamsError};
use crate::secret::{Secret, SecretError};

/// Why an otpauth URI could not be parsed. Never includes the secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UriError {
    #[error("not an otpauth URI: expected scheme otpauth:// or steam://")]
    InvalidScheme,
    #[error("unknown OTP type {0:?} (expected totp, hotp or steam)")]
    UnknownType(String),
    #[error("missing secret parameter")]
    MissingSecret,
    #[error("invalid secret: {0}")]
    InvalidSecret(#[from] SecretError),
    #[error("invalid {name} parameter: {value:?}")]
    InvalidParameter { name: &'static str, value: String },
    #[error("hotp URI requires a counter parameter")]
    MissingCounter,
    #[error("invalid parameters: {0}")]
    Params(#[from] ParamsError),
    #[error("invalid percent-encoding or UTF-8 in the {0}")]
    InvalidEncoding(&'static str),
}

/// A non-fatal finding about a parsed URI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UriWarning {
    /// The secret is shorter than 128 bits.
    ShortSecret { bits: usize },
    /// The label's issuer prefix differs from the `issuer` parameter (both are kept).
    IssuerMismatch {
        label_issuer: String,
        issuer: String,
    },
}

impl UriWarning {
    /// A stable machine-readable name: `short_secret`, `issuer_mismatch`.
    pub fn code(&self) -> &'static str {
        match self {
            UriWarning::ShortSecret { .. } => "short_secret",
            UriWarning::IssuerMismatch { .. } => "issuer_mismatch",
        }
    }
}

/// A parsed otpauth URI (an account as an authenticator app sees it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OtpAuthUri {
    /// The shared secret.
    pub secret: Secret,
    /// Kind (with period/T0 or counter), algorithm and digits.
    pub params: OtpParams,
    /// The `issuer` query parameter, if present and non-empty.
    pub issuer: Option<String>,
    /// The issuer prefix of the label (`Issuer:account`), if any.
    pub label_issuer: Option<String>,
    /// The account name (the label after the issuer prefix), possibly empty.
    pub account: String,
    /// Unknown query parameters, in their original order, re-emitted as given.
    pub extra: Vec<(String, String)>,
}
