//! otpauth:// URI parsing and emission.

use crate::error::OtpError;
use crate::types::OtpAccount;
use otpkit::OtpAuthUri;

/// Parses an otpauth:// (or steam://) URI leniently.
#[uniffi::export]
pub fn parse_uri(uri: String) -> Result<OtpAccount, OtpError> {
    Ok((&OtpAuthUri::parse(&uri)?).into())
}

/// The canonical otpauth URI for an account.
#[uniffi::export]
pub fn account_to_uri(account: OtpAccount) -> Result<String, OtpError> {
    Ok(OtpAuthUri::try_from(&account)?.to_uri())
}

/// Parses a URI leniently and returns its canonical form.
#[uniffi::export]
pub fn canonical_uri(uri: String) -> Result<String, OtpError> {
    Ok(OtpAuthUri::parse(&uri)?.to_uri())
}
