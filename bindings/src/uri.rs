//! otpauth:// URI parsing and emission. URIs hold the secret: they cross as [`SecretText`].

use crate::error::OtpError;
use crate::secret_text::SecretText;
use crate::types::OtpAccount;
use otpkit::OtpAuthUri;

/// Parses an otpauth:// (or steam://) URI leniently.
#[uniffi::export]
pub fn parse_uri(uri: SecretText) -> Result<OtpAccount, OtpError> {
    Ok((&OtpAuthUri::parse(uri.expose())?).into())
}

/// The canonical otpauth URI for an account.
#[uniffi::export]
pub fn account_to_uri(account: OtpAccount) -> Result<SecretText, OtpError> {
    Ok(OtpAuthUri::try_from(&account)?.to_uri().into())
}

/// Parses a URI leniently and returns its canonical form.
#[uniffi::export]
pub fn canonical_uri(uri: SecretText) -> Result<SecretText, OtpError> {
    Ok(OtpAuthUri::parse(uri.expose())?.to_uri().into())
}
