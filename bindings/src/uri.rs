//! otpauth:// URI parsing and emission.

use crate::error::OtpError;
use crate::types::OtpAuthUri;
use otpkit::OtpAuthUri as CoreUri;

/// Parses an otpauth://, steam:// or motp:// URI leniently.
#[uniffi::export]
pub fn parse_uri(uri: crate::SecretText) -> Result<OtpAuthUri, OtpError> {
    Ok((&CoreUri::parse(uri.expose())?).into())
}

/// The canonical otpauth URI of an account. It contains the secret: handle it as one.
#[uniffi::export]
pub fn to_uri(account: OtpAuthUri) -> Result<String, OtpError> {
    Ok(CoreUri::try_from(&account)?.to_uri())
}

/// Parses a URI leniently and returns its canonical form (contains the secret).
#[uniffi::export]
pub fn canonical_uri(uri: crate::SecretText) -> Result<String, OtpError> {
    Ok(CoreUri::parse(uri.expose())?.to_uri())
}
