//! Plain exports: otpauth URI lists and Google Authenticator migration URIs.
//!
//! Both outputs contain secrets in clear text: treat them (and QR codes made from them) as such.

use crate::migration::{self, MigrationError};
use crate::uri::OtpAuthUri;

use super::ImportedAccount;

/// One canonical otpauth URI per line ([`OtpAuthUri::to_uri`]), each line ending in `\n`.
///
/// Only the URI is written: notes, groups, icons and favourites have no standard place in an
/// otpauth URI and are dropped. Importing the result with
/// [`ImportFormat::OtpauthList`](super::ImportFormat::OtpauthList) gives back every `uri`.
pub fn export_otpauth_list(accounts: &[ImportedAccount]) -> String {
    let mut out = String::new();
    for account in accounts {
        out.push_str(&account.uri.to_uri());
        out.push('\n');
    }
    out
}

/// Google Authenticator migration URIs (10 accounts per URI, i.e. per QR code), via
/// [`migration::encode`]. Accounts the format cannot carry (Steam, periods other than 30 s,
/// digits other than 6/8, ...) are an error naming the first such account's index; notes,
/// groups, icons and favourites are dropped.
pub fn export_google_migration(
    accounts: &[ImportedAccount],
) -> Result<Vec<String>, MigrationError> {
    let uris: Vec<OtpAuthUri> = accounts.iter().map(|a| a.uri.clone()).collect();
    migration::encode(&uris)
}
