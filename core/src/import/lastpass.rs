//! LastPass Authenticator exports (the JSON file of the app's "Export accounts", version 3).
//!
//! `{"version":3,"accounts":[{"issuerName","userName","originalIssuerName","originalUserName",
//! "secret":base32,"timeStep":30,"digits":6,"algorithm":"SHA1","isFavorite":false,
//! "folderData":{"folderId":0,"position":0}}],"folders":[{"id":0,"name":"Other accounts"}]}`.
//! `issuerName`/`userName` are the names the user sees (edited), preferred to the `original*`
//! ones the account was added with. Folder 0 is LastPass' default folder and is not a group.

use std::collections::HashMap;

use serde_json::Value;

use super::entry::{self, Fields};
use super::json::{self, bool_field, text_field, u64_field};
use super::{entry_name, ImportError, ImportFormat, ImportReport, ImportedAccount};

const FORMAT: ImportFormat = ImportFormat::LastPass;

/// Newest export version known.
const MAX_VERSION: u64 = 3;

pub(crate) fn import(text: &str) -> Result<ImportReport, ImportError> {
    let doc = json::parse(FORMAT, text)?;
    match u64_field(&doc, "version") {
        Ok(None) => {}
        Ok(Some(v)) if v <= MAX_VERSION => {}
        _ => {
            return Err(ImportError::UnsupportedVersion {
                format: FORMAT,
                version: json::show(doc.get("version")),
            })
        }
    }
    let accounts = doc
        .get("accounts")
        .and_then(Value::as_array)
        .ok_or_else(|| ImportError::invalid(FORMAT, "missing accounts array"))?;
    let folders: HashMap<u64, &str> = doc
        .get("folders")
        .and_then(Value::as_array)
        .map(|folders| {
            folders
                .iter()
                .filter_map(|f| Some((u64_field(f, "id").ok()??, text_field(f, "name")?)))
                .collect()
        })
        .unwrap_or_default();
    let mut report = ImportReport::default();
    for (index, item) in accounts.iter().enumerate() {
        match read_account(item, &folders) {
            Ok(account) => report.accounts.push(account),
            Err(reason) => report.fail(
                index,
                entry_name(text_field(item, "issuerName"), text_field(item, "userName")),
                reason,
            ),
        }
    }
    Ok(report)
}

fn read_account(item: &Value, folders: &HashMap<u64, &str>) -> Result<ImportedAccount, String> {
    if !item.is_object() {
        return Err(format!(
            "account is {}, not an object",
            json::type_name(item)
        ));
    }
    let params = entry::params(Fields {
        kind: None,
        algorithm: text_field(item, "algorithm"),
        digits: u64_field(item, "digits")?,
        period: u64_field(item, "timeStep")?,
        counter: None,
    })?;
    let secret = entry::base32_secret(text_field(item, "secret"))?;
    let mut account = entry::account(
        secret,
        params,
        text_field(item, "issuerName"),
        text_field(item, "userName"),
    );
    let folder = item
        .get("folderData")
        .map(|f| u64_field(f, "folderId"))
        .transpose()?
        .flatten()
        .filter(|id| *id > 0);
    account.groups = folder
        .and_then(|id| folders.get(&id))
        .map(|name| name.to_string())
        .into_iter()
        .collect();
    account.favorite = bool_field(item, "isFavorite");
    Ok(account)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::Algorithm;

    #[test]
    fn accounts_folders_and_refusals() {
        let text = r#"{"version":3,"accounts":[
            {"issuerName":"Acme","userName":"me","secret":"JBSWY3DPEHPK3PXP","timeStep":20,"digits":8,"algorithm":"SHA256","isFavorite":true,"folderData":{"folderId":2}},
            {"issuerName":"","userName":"only","secret":"JBSWY3DPEHPK3PXP","timeStep":30,"digits":6,"algorithm":"SHA1","folderData":{"folderId":0}},
            {"issuerName":"X","userName":"y","secret":"JBSWY3DPEHPK3PXP","timeStep":30,"digits":6,"algorithm":"MD5"},
            {"issuerName":"X","userName":"z","secret":"","timeStep":30,"digits":6,"algorithm":"SHA1"}
        ],"folders":[{"id":0,"name":"Other accounts"},{"id":2,"name":"Work"}]}"#;
        let report = import(text).unwrap();
        assert_eq!(report.accounts.len(), 2);
        let a = &report.accounts[0];
        assert_eq!(a.groups, ["Work"]);
        assert!(a.favorite);
        assert_eq!(a.uri.params.algorithm, Algorithm::Sha256);
        assert_eq!(a.uri.params.period(), Some(20));
        assert_eq!(report.accounts[1].uri.issuer, None);
        assert!(report.accounts[1].groups.is_empty());
        assert_eq!(report.failures.len(), 2);
        assert!(report.failures[0].reason.contains("MD5"));
        assert_eq!(report.failures[1].name.as_deref(), Some("X: z"));
    }

    #[test]
    fn versions_and_damage() {
        assert!(matches!(
            import(r#"{"version":4,"accounts":[]}"#),
            Err(ImportError::UnsupportedVersion { .. })
        ));
        assert!(matches!(
            import(r#"{"version":3}"#),
            Err(ImportError::InvalidFormat { .. })
        ));
        assert!(matches!(
            import("[1"),
            Err(ImportError::InvalidFormat { .. })
        ));
    }
}
