//! Bitwarden password-manager exports (unencrypted JSON and CSV) and Bitwarden Authenticator
//! JSON exports, reading each login's TOTP field (`login.totp` / CSV column `login_totp`).
//!
//! * JSON: `{"encrypted":false,"folders":[{"id","name"}],"items":[{"type":1,"name","notes",
//!   "favorite","folderId","login":{"username","totp"}}]}`. Bitwarden Authenticator writes the
//!   same shape. Password-protected exports (`"encrypted":true`) are refused as unsupported.
//! * CSV (RFC 4180, header row): columns `folder,favorite,type,name,notes,fields,login_uri,
//!   login_username,login_password,login_totp`; only `name`, `login_username`, `login_totp`,
//!   `folder`, `notes` and `favorite` are read.
//!
//! A TOTP field holds an `otpauth://` URI (read as it is), a `steam://SECRET` URI (issuer
//! `Steam`, account = item name) or a bare base32 secret (default TOTP, issuer = item name,
//! account = username). Items without a TOTP field are not accounts and are skipped silently.

use std::collections::HashMap;

use serde_json::Value;
use zeroize::Zeroizing;

use crate::params::OtpKind;
use crate::uri::OtpAuthUri;

use super::entry;
use super::json::{self, bool_field, str_field, text_field};
use super::{entry_name, ImportError, ImportFormat, ImportReport, ImportedAccount};

const FORMAT: ImportFormat = ImportFormat::Bitwarden;

/// Most CSV fields accepted in one row (Bitwarden writes 10; custom fields add none).
const MAX_COLUMNS: usize = 64;

pub(crate) fn import(text: &str) -> Result<ImportReport, ImportError> {
    if text.trim_start().starts_with('{') {
        import_json(text)
    } else {
        import_csv(text)
    }
}

/// One item's fields, from either layout.
struct Item<'a> {
    name: Option<&'a str>,
    username: Option<&'a str>,
    totp: &'a str,
    folder: Option<&'a str>,
    notes: Option<&'a str>,
    favorite: bool,
}

fn import_json(text: &str) -> Result<ImportReport, ImportError> {
    let doc = json::parse(FORMAT, text)?;
    if bool_field(&doc, "encrypted") {
        return Err(ImportError::Unsupported {
            format: FORMAT,
            reason: "password-protected or account-encrypted exports cannot be read; export \
                     again as unencrypted JSON"
                .into(),
        });
    }
    let items = doc
        .get("items")
        .and_then(Value::as_array)
        .ok_or_else(|| ImportError::invalid(FORMAT, "missing items array"))?;
    let folders: HashMap<&str, &str> = doc
        .get("folders")
        .and_then(Value::as_array)
        .map(|folders| {
            folders
                .iter()
                .filter_map(|f| Some((str_field(f, "id")?, text_field(f, "name")?)))
                .collect()
        })
        .unwrap_or_default();
    let mut report = ImportReport::default();
    for (index, raw) in items.iter().enumerate() {
        let login = raw.get("login").unwrap_or(&Value::Null);
        let Some(totp) = text_field(login, "totp") else {
            continue;
        };
        let item = Item {
            name: text_field(raw, "name"),
            username: text_field(login, "username"),
            totp,
            folder: text_field(raw, "folderId").and_then(|id| folders.get(id).copied()),
            notes: text_field(raw, "notes"),
            favorite: bool_field(raw, "favorite"),
        };
        push(&mut report, index, &item);
    }
    Ok(report)
}

fn import_csv(text: &str) -> Result<ImportReport, ImportError> {
    let mut rows = csv_rows(text)?.into_iter();
    let header = rows
        .next()
        .ok_or_else(|| ImportError::invalid(FORMAT, "empty CSV"))?;
    let column = |name: &str| header.iter().position(|h| h.trim() == name);
    let totp_col = column("login_totp")
        .ok_or_else(|| ImportError::invalid(FORMAT, "CSV header has no login_totp column"))?;
    let (name_col, user_col) = (column("name"), column("login_username"));
    let (folder_col, notes_col, fav_col) = (column("folder"), column("notes"), column("favorite"));
    let mut report = ImportReport::default();
    for (i, row) in rows.enumerate() {
        let cell = |c: Option<usize>| {
            c.and_then(|c| row.get(c))
                .map(|s| s.trim())
                .filter(|s| !s.is_empty())
        };
        let Some(totp) = cell(Some(totp_col)) else {
            continue;
        };
        let item = Item {
            name: cell(name_col),
            username: cell(user_col),
            totp,
            folder: cell(folder_col),
            notes: cell(notes_col),
            favorite: matches!(cell(fav_col), Some("1" | "true")),
        };
        // Row index counted from the header (line numbers differ when fields hold newlines).
        push(&mut report, i + 1, &item);
    }
    Ok(report)
}

fn push(report: &mut ImportReport, index: usize, item: &Item<'_>) {
    match read_item(item) {
        Ok(account) => report.accounts.push(account),
        Err(reason) => report.fail(index, entry_name(item.name, item.username), reason),
    }
}

fn read_item(item: &Item<'_>) -> Result<ImportedAccount, String> {
    let lower = item
        .totp
        .get(..10)
        .unwrap_or(item.totp)
        .to_ascii_lowercase();
    let mut account = if lower.starts_with("otpauth:") || lower.starts_with("steam:") {
        let mut uri = OtpAuthUri::parse(item.totp).map_err(|e| e.to_string())?;
        if matches!(uri.params.kind, OtpKind::Steam { .. }) && uri.display_issuer().is_none() {
            uri.issuer = Some("Steam".into());
            uri.label_issuer = Some("Steam".into());
        }
        if uri.account.is_empty() {
            uri.account = item.name.or(item.username).unwrap_or_default().to_string();
        }
        ImportedAccount::new(uri)
    } else {
        let secret = entry::base32_secret(Some(item.totp))?;
        entry::account(
            secret,
            crate::params::OtpParams::totp(),
            item.name,
            item.username,
        )
    };
    account.groups = item.folder.map(str::to_string).into_iter().collect();
    account.note = item.notes.map(str::to_string);
    account.favorite = item.favorite;
    Ok(account)
}

/// RFC 4180 rows: `,`-separated, `"`-quoted fields with `""` escapes, CRLF or LF line ends.
/// Fields are zeroizing (they hold passwords and secrets). An unterminated quote is an error.
fn csv_rows(text: &str) -> Result<Vec<Vec<Zeroizing<String>>>, ImportError> {
    let mut rows = Vec::new();
    let mut row: Vec<Zeroizing<String>> = Vec::new();
    let mut field = Zeroizing::new(String::new());
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    let mut line = 1usize;
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                c => {
                    line += usize::from(c == '\n');
                    field.push(c);
                }
            }
            continue;
        }
        match c {
            '"' if field.is_empty() => quoted = true,
            ',' => {
                row.push(std::mem::take(&mut field));
                if row.len() > MAX_COLUMNS {
                    return Err(ImportError::invalid(
                        FORMAT,
                        format!("CSV line {line} has more than {MAX_COLUMNS} fields"),
                    ));
                }
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                row.push(std::mem::take(&mut field));
                if row.iter().any(|f| !f.is_empty()) {
                    rows.push(std::mem::take(&mut row));
                }
                row.clear();
                line += 1;
            }
            c => field.push(c),
        }
    }
    if quoted {
        return Err(ImportError::invalid(
            FORMAT,
            format!("CSV has an unterminated quoted field (from line {line})"),
        ));
    }
    row.push(field);
    if row.iter().any(|f| !f.is_empty()) {
        rows.push(row);
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::OtpParams;

    #[test]
    fn json_items_uris_bare_secrets_steam_and_folders() {
        let text = r#"{"encrypted":false,"folders":[{"id":"f1","name":"Work"}],"items":[
            {"type":1,"name":"Site","folderId":"f1","favorite":true,"login":{"username":"me","totp":"JBSWY3DPEHPK3PXP"}},
            {"type":1,"name":"No TOTP","login":{"username":"x","totp":null}},
            {"type":2,"name":"Note"},
            {"type":1,"name":"Game","login":{"totp":"steam://JBSWY3DPEHPK3PXP"}},
            {"type":1,"name":"U","login":{"totp":"otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP&algorithm=SHA256"}},
            {"type":1,"name":"Bad","login":{"username":"u","totp":"otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP&algorithm=MD5"}},
            {"type":1,"name":"Bad2","login":{"username":"u","totp":"not base32!"}}
        ]}"#;
        let report = import(text).unwrap();
        assert_eq!(report.accounts.len(), 3);
        let site = &report.accounts[0];
        assert_eq!(site.uri.issuer.as_deref(), Some("Site"));
        assert_eq!(site.uri.account, "me");
        assert_eq!(site.groups, ["Work"]);
        assert!(site.favorite);
        let game = &report.accounts[1].uri;
        assert_eq!(game.params, OtpParams::steam());
        assert_eq!(game.issuer.as_deref(), Some("Steam"));
        assert_eq!(game.account, "Game");
        assert_eq!(report.accounts[2].uri.account, "b");
        assert_eq!(report.failures.len(), 2);
        assert_eq!(report.failures[0].index, 5);
        assert_eq!(report.failures[0].name.as_deref(), Some("Bad: u"));
    }

    #[test]
    fn encrypted_and_damaged_json() {
        assert!(matches!(
            import(r#"{"encrypted":true,"encKeyValidation_DO_NOT_EDIT":"x","data":"y"}"#),
            Err(ImportError::Unsupported { .. })
        ));
        assert!(matches!(
            import(r#"{"encrypted":false}"#),
            Err(ImportError::InvalidFormat { .. })
        ));
        assert!(matches!(
            import("{"),
            Err(ImportError::InvalidFormat { .. })
        ));
    }

    #[test]
    fn csv_quotes_and_columns() {
        let text = "folder,favorite,type,name,notes,fields,login_uri,login_username,login_password,login_totp\r\n\
            Work,1,login,\"Site, Inc\",\"multi\nline \"\"note\"\"\",,,me,pw,JBSWY3DPEHPK3PXP\r\n\
            ,,login,Empty,,,,,,\r\n\
            ,,login,Game,,,,,,steam://JBSWY3DPEHPK3PXP\n";
        let report = import(text).unwrap();
        assert_eq!(report.accounts.len(), 2, "{:?}", report.failures);
        let site = &report.accounts[0];
        assert_eq!(site.uri.issuer.as_deref(), Some("Site, Inc"));
        assert_eq!(site.note.as_deref(), Some("multi\nline \"note\""));
        assert_eq!(site.groups, ["Work"]);
        assert!(site.favorite);
        assert!(matches!(
            import("name,login_totp\n\"open"),
            Err(ImportError::InvalidFormat { .. })
        ));
        assert!(matches!(
            import("name,password\nx,y"),
            Err(ImportError::InvalidFormat { .. })
        ));
        let wide = format!("login_totp{}\n", ",".repeat(100));
        assert!(matches!(
            import(&wide),
            Err(ImportError::InvalidFormat { .. })
        ));
    }
}
