//! The one place where core errors become FFI errors.
//!
//! The FFI error is flat: each variant carries a human-readable message (never secret material),
//! and the variant tells the caller which input was wrong.

use otpkit::migration::MigrationError;
use otpkit::receiver::{AppHashError, FormatError, OriginError};
use otpkit::server::{ConfigError, IssueError, StoreError, VerifyError};
use otpkit::{ParamsError, SecretError, UriError};

/// Errors raised by otpkit bindings.
#[derive(Debug, thiserror::Error, uniffi::Error)]
#[uniffi(flat_error)]
pub enum OtpError {
    /// The secret was empty or not valid base32.
    #[error("{0}")]
    InvalidSecret(String),
    /// Digits, period, algorithm or Steam parameters were out of range.
    #[error("{0}")]
    InvalidParameters(String),
    /// The otpauth URI could not be parsed.
    #[error("{0}")]
    InvalidUri(String),
    /// The Google Authenticator migration payload was malformed or cannot hold an account.
    #[error("{0}")]
    InvalidMigration(String),
    /// A multi-QR migration batch is missing parts (the message lists them).
    #[error("{0}")]
    IncompleteBatch(String),
    /// The message's last line is not an origin-bound one-time code.
    #[error("{0}")]
    InvalidOriginBound(String),
    /// The package name or signing certificate for an app hash is invalid.
    #[error("{0}")]
    InvalidAppHashInput(String),
    /// A message could not be formatted (code shape, app hash, host, service name, language).
    #[error("{0}")]
    InvalidMessage(String),
    /// The verification store failed (unreachable, timeout, protocol error, value out of range):
    /// nothing was accepted or sent. Fail closed: refuse the user and alert.
    #[error("{0}")]
    StoreFailure(String),
    /// A server configuration value is out of range, or a call does not fit the generator.
    #[error("{0}")]
    InvalidServerConfig(String),
    /// An out-of-band send request is unusable (empty purpose/subject, bad number or address).
    #[error("{0}")]
    InvalidRequest(String),
}

impl From<StoreError> for OtpError {
    fn from(e: StoreError) -> Self {
        OtpError::StoreFailure(e.to_string())
    }
}

impl From<ConfigError> for OtpError {
    fn from(e: ConfigError) -> Self {
        OtpError::InvalidServerConfig(e.to_string())
    }
}

/// Store and configuration errors; the expected outcomes are mapped to outcome enums in
/// `server.rs` before this is used (anything else fails closed as a store failure).
impl From<VerifyError> for OtpError {
    fn from(e: VerifyError) -> Self {
        match e {
            VerifyError::Store(s) => s.into(),
            VerifyError::Config(c) => c.into(),
            other => OtpError::StoreFailure(format!("unexpected verification outcome: {other}")),
        }
    }
}

impl From<IssueError> for OtpError {
    fn from(e: IssueError) -> Self {
        match e {
            IssueError::Store(s) => s.into(),
            IssueError::InvalidRequest(_) => OtpError::InvalidRequest(e.to_string()),
            other => OtpError::StoreFailure(format!("unexpected issue outcome: {other}")),
        }
    }
}

impl From<OriginError> for OtpError {
    fn from(e: OriginError) -> Self {
        OtpError::InvalidOriginBound(e.to_string())
    }
}

impl From<AppHashError> for OtpError {
    fn from(e: AppHashError) -> Self {
        OtpError::InvalidAppHashInput(e.to_string())
    }
}

impl From<FormatError> for OtpError {
    fn from(e: FormatError) -> Self {
        OtpError::InvalidMessage(e.to_string())
    }
}

impl From<SecretError> for OtpError {
    fn from(e: SecretError) -> Self {
        OtpError::InvalidSecret(e.to_string())
    }
}

impl From<ParamsError> for OtpError {
    fn from(e: ParamsError) -> Self {
        OtpError::InvalidParameters(e.to_string())
    }
}

impl From<UriError> for OtpError {
    fn from(e: UriError) -> Self {
        match e {
            UriError::InvalidSecret(s) => s.into(),
            UriError::Params(p) => p.into(),
            other => OtpError::InvalidUri(other.to_string()),
        }
    }
}

impl From<MigrationError> for OtpError {
    fn from(e: MigrationError) -> Self {
        match e {
            MigrationError::MissingParts { .. } => OtpError::IncompleteBatch(e.to_string()),
            other => OtpError::InvalidMigration(other.to_string()),
        }
    }
}
