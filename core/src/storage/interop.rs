//! Conversions between stored accounts, otpauth URIs and imported accounts, so imports land in
//! any store and stored accounts can be exported in every format.

use super::{Account, NewAccount};
use crate::import::ImportedAccount;
use crate::{OtpAuthUri, Secret};

impl NewAccount {
    /// The metadata of an imported account (issuer parameter, else label issuer; account name;
    /// parameters; note; icon; groups). The secret stays in `imported.uri.secret`.
    pub fn from_imported(imported: &ImportedAccount) -> Self {
        Self {
            issuer: imported.uri.display_issuer().map(str::to_owned),
            label: imported.uri.account.clone(),
            params: imported.uri.params,
            note: imported.note.clone(),
            icon: imported.icon.clone(),
            groups: imported.groups.clone(),
        }
    }

    /// The metadata of an otpauth URI.
    pub fn from_uri(uri: &OtpAuthUri) -> Self {
        Self::from_imported(&ImportedAccount::new(uri.clone()))
    }

    /// This new account with `secret`, in the form the stores import (e.g. to create a vault
    /// holding it with `Vault::create_with_import`).
    pub fn into_imported(self, secret: Secret) -> ImportedAccount {
        ImportedAccount {
            uri: OtpAuthUri {
                secret,
                params: self.params,
                issuer: self.issuer.clone(),
                label_issuer: self.issuer,
                account: self.label,
                extra: Vec::new(),
            },
            note: self.note,
            groups: self.groups,
            icon: self.icon,
            favorite: false,
        }
    }
}

impl Account {
    /// This account as an otpauth URI with `secret` (issuer in both the label and the parameter).
    pub fn to_uri(&self, secret: &Secret) -> OtpAuthUri {
        OtpAuthUri {
            secret: secret.clone(),
            params: self.params,
            issuer: self.issuer.clone(),
            label_issuer: self.issuer.clone(),
            account: self.label.clone(),
            extra: Vec::new(),
        }
    }

    /// This account with `secret`, in the form every exporter takes.
    pub fn to_imported(&self, secret: &Secret) -> ImportedAccount {
        ImportedAccount {
            uri: self.to_uri(secret),
            note: self.note.clone(),
            groups: self.groups.clone(),
            icon: self.icon.clone(),
            favorite: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::OtpParams;

    #[test]
    fn imported_to_new_account_and_back() {
        let uri = OtpAuthUri::parse(
            "otpauth://totp/Label%20Co:alice?secret=JBSWY3DPEHPK3PXP&issuer=ACME&digits=8",
        )
        .unwrap();
        let mut imported = ImportedAccount::new(uri);
        imported.note = Some("work".into());
        imported.groups = vec!["g1".into()];
        let new = NewAccount::from_imported(&imported);
        assert_eq!(new.issuer.as_deref(), Some("ACME"));
        assert_eq!(new.label, "alice");
        assert_eq!(new.params, OtpParams::totp().with_digits(8));
        assert_eq!(new.note.as_deref(), Some("work"));
        let account = Account {
            id: "id1".into(),
            issuer: new.issuer.clone(),
            label: new.label.clone(),
            params: new.params,
            note: new.note.clone(),
            icon: None,
            groups: new.groups.clone(),
            created: 1,
            updated: 1,
            warnings: Vec::new(),
        };
        let back = account.to_imported(&imported.uri.secret);
        assert_eq!(back.uri.secret, imported.uri.secret);
        assert_eq!(back.uri.to_uri(), "otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PXP&issuer=ACME&algorithm=SHA1&digits=8&period=30");
        assert_eq!(back.groups, vec!["g1".to_string()]);
    }
}
