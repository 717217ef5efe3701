//! Proton Pass exports: the unencrypted zip (`Proton Pass/data.json` inside) or its `data.json`.
//!
//! `{"version":"..","userId":"..","encrypted":false,"vaults":{id:{"name":"..","items":[{"state":1,
//! "data":{"type":"login","metadata":{"name","note"},"content":{"totpUri","itemUsername","itemEmail"},
//! "extraFields":[{"fieldName","type":"totp","data":{"totpUri"}}]}}]}}}`.
//!
//! Every login's `totpUri` and every `totp` extra field becomes an account: an `otpauth://` URI
//! read as it is, or a bare base32 secret (default TOTP, issuer = item name, account = username or
//! e-mail). When a URI has no account name, the item's username (or e-mail, or name) is used.
//! The vault name becomes the group. Items in the trash (`state` 2) and items without a TOTP are
//! skipped. PGP-encrypted exports (`data.pgp`) are refused as unsupported.
//!
//! The zip is read with the `zip` crate (deflate and stored entries only); at most
//! [`MAX_ENTRIES`] entries are looked at and `data.json` is read up to [`MAX_IMPORT_LEN`] bytes
//! whatever size the archive declares.

use std::io::{Cursor, Read};

use serde_json::Value;
use zeroize::Zeroizing;

use crate::uri::OtpAuthUri;

use super::entry;
use super::json::{self, bool_field, text_field, u64_field};
use super::limit::MAX_IMPORT_LEN;
use super::{ImportError, ImportFormat, ImportReport, ImportedAccount};

const FORMAT: ImportFormat = ImportFormat::ProtonPass;

/// Most zip entries examined.
pub const MAX_ENTRIES: usize = 10_000;

pub(crate) fn import(bytes: &[u8]) -> Result<ImportReport, ImportError> {
    if bytes.starts_with(b"PK") {
        let data = unzip_data(bytes)?;
        return read(&json::parse_bytes(FORMAT, &data)?.0);
    }
    let text = std::str::from_utf8(bytes)
        .map_err(|_| ImportError::invalid(FORMAT, "neither a zip archive nor JSON text"))?;
    read(&json::parse(FORMAT, text.strip_prefix('\u{feff}').unwrap_or(text))?.0)
}

fn unzip_data(bytes: &[u8]) -> Result<Zeroizing<Vec<u8>>, ImportError> {
    let bad = |what: String| ImportError::invalid(FORMAT, what);
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| bad(format!("not a readable zip archive: {e}")))?;
    if archive.len() > MAX_ENTRIES {
        return Err(bad(format!(
            "the archive has {} entries (limit {MAX_ENTRIES})",
            archive.len()
        )));
    }
    let mut found = None;
    for i in 0..archive.len() {
        let entry = archive
            .by_index_raw(i)
            .map_err(|e| bad(format!("zip entry {i} is unreadable: {e}")))?;
        let full = entry
            .name()
            .map_err(|e| bad(format!("zip entry {i} has an unreadable name: {e}")))?;
        let name = full.rsplit('/').next().unwrap_or_default();
        if name == "data.pgp" {
            return Err(ImportError::Unsupported {
                format: FORMAT,
                reason: "PGP-encrypted exports cannot be read; export again without encryption"
                    .into(),
            });
        }
        if name == "data.json" && found.is_none() {
            found = Some(i);
        }
    }
    let index = found.ok_or_else(|| bad("the archive has no data.json".into()))?;
    let entry = archive
        .by_index(index)
        .map_err(|e| bad(format!("data.json cannot be read: {e}")))?;
    if entry.size() > MAX_IMPORT_LEN {
        return Err(ImportError::TooLarge {
            limit: MAX_IMPORT_LEN,
        });
    }
    let mut data = Zeroizing::new(Vec::new());
    entry
        .take(MAX_IMPORT_LEN + 1)
        .read_to_end(&mut data)
        .map_err(|e| bad(format!("data.json cannot be decompressed: {e}")))?;
    if data.len() as u64 > MAX_IMPORT_LEN {
        return Err(ImportError::TooLarge {
            limit: MAX_IMPORT_LEN,
        });
    }
    Ok(data)
}

fn read(doc: &Value) -> Result<ImportReport, ImportError> {
    if bool_field(doc, "encrypted") {
        return Err(ImportError::Unsupported {
            format: FORMAT,
            reason: "encrypted exports cannot be read; export again without encryption".into(),
        });
    }
    let vaults = doc
        .get("vaults")
        .and_then(Value::as_object)
        .ok_or_else(|| ImportError::invalid(FORMAT, "missing vaults object"))?;
    let mut report = ImportReport::default();
    let mut index = 0usize;
    for vault in vaults.values() {
        let vault_name = text_field(vault, "name");
        let items = vault.get("items").and_then(Value::as_array);
        for item in items.into_iter().flatten() {
            if u64_field(item, "state").ok().flatten() == Some(2) {
                continue;
            }
            let data = item.get("data").unwrap_or(&Value::Null);
            let name = data.get("metadata").and_then(|m| text_field(m, "name"));
            let content = data.get("content").unwrap_or(&Value::Null);
            let user =
                text_field(content, "itemUsername").or_else(|| text_field(content, "itemEmail"));
            let mut totps: Vec<(Option<&str>, &str)> = Vec::new();
            if let Some(uri) = text_field(content, "totpUri") {
                totps.push((None, uri));
            }
            for field in data
                .get("extraFields")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                if text_field(field, "type") != Some("totp") {
                    continue;
                }
                let uri = field.get("data").and_then(|d| text_field(d, "totpUri"));
                if let Some(uri) = uri {
                    totps.push((text_field(field, "fieldName"), uri));
                }
            }
            for (field, totp) in totps {
                let shown = match (name, field) {
                    (Some(n), Some(f)) => Some(format!("{n} - {f}")),
                    (n, f) => n.or(f).map(str::to_string),
                };
                match read_totp(totp, name, user) {
                    Ok(mut account) => {
                        account.groups = vault_name.map(str::to_string).into_iter().collect();
                        account.note = data
                            .get("metadata")
                            .and_then(|m| text_field(m, "note"))
                            .map(str::to_string);
                        account.favorite = bool_field(item, "pinned");
                        report.accounts.push(account);
                    }
                    Err(reason) => report.fail(index, shown, reason),
                }
                index += 1;
            }
        }
    }
    Ok(report)
}

fn read_totp(
    totp: &str,
    name: Option<&str>,
    user: Option<&str>,
) -> Result<ImportedAccount, String> {
    let lower = totp.get(..8).unwrap_or(totp).to_ascii_lowercase();
    if !lower.starts_with("otpauth:") && !lower.starts_with("steam:") {
        let secret = entry::base32_secret(Some(totp))?;
        return Ok(entry::account(
            secret,
            crate::params::OtpParams::totp(),
            name,
            user,
        ));
    }
    let mut uri = OtpAuthUri::parse(totp).map_err(|e| e.to_string())?;
    if uri.account.is_empty() {
        uri.account = user.or(name).unwrap_or_default().to_string();
    }
    Ok(ImportedAccount::new(uri))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    const DATA: &str = r#"{"version":"1.0","encrypted":false,"vaults":{"v1":{"name":"Personal","items":[
        {"state":1,"data":{"type":"login","metadata":{"name":"Site","note":"n"},"content":{"totpUri":"JBSWY3DPEHPK3PXP","itemUsername":"me"},"extraFields":[
            {"fieldName":"Other","type":"totp","data":{"totpUri":"otpauth://totp/Iss:acc?secret=JBSWY3DPEHPK3PXQ&digits=8"}},
            {"fieldName":"Bad","type":"totp","data":{"totpUri":"otpauth://totp/NoSecret"}},
            {"fieldName":"Text","type":"text","data":{"content":"x"}}]}},
        {"state":2,"data":{"type":"login","metadata":{"name":"Trash"},"content":{"totpUri":"JBSWY3DPEHPK3PXR"}}},
        {"state":1,"data":{"type":"alias","metadata":{"name":"Alias"},"content":{}}}
    ]}}}"#;

    fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        {
            let mut w = zip::ZipWriter::new(&mut out);
            for (name, data) in files {
                let opts = zip::write::SimpleFileOptions::default()
                    .compression_method(zip::CompressionMethod::Deflated);
                w.start_file(*name, opts).unwrap();
                w.write_all(data).unwrap();
            }
            w.finish().unwrap();
        }
        out.into_inner()
    }

    #[test]
    fn decompressed_size_is_bounded() {
        // 64 MiB + 1 of zeros deflate to ~64 KiB: refused as too large, not read into memory.
        let mut out = Cursor::new(Vec::new());
        {
            let mut w = zip::ZipWriter::new(&mut out);
            let opts = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated)
                .compression_level(Some(1))
                .large_file(false);
            w.start_file("Proton Pass/data.json", opts).unwrap();
            let chunk = vec![b' '; 1 << 20];
            for _ in 0..64 {
                w.write_all(&chunk).unwrap();
            }
            w.write_all(b" ").unwrap();
            w.finish().unwrap();
        }
        let zipped = out.into_inner();
        assert!(zipped.len() < 1 << 20, "{}", zipped.len());
        assert_eq!(
            import(&zipped),
            Err(ImportError::TooLarge {
                limit: MAX_IMPORT_LEN
            })
        );
    }

    #[test]
    fn json_items_fields_and_failures() {
        let report = import(DATA.as_bytes()).unwrap();
        assert_eq!(report.accounts.len(), 2);
        let site = &report.accounts[0];
        assert_eq!(site.uri.issuer.as_deref(), Some("Site"));
        assert_eq!(site.uri.account, "me");
        assert_eq!(site.groups, ["Personal"]);
        assert_eq!(site.note.as_deref(), Some("n"));
        assert_eq!(report.accounts[1].uri.params.digits, 8);
        assert_eq!(report.failures.len(), 1);
        assert_eq!(report.failures[0].name.as_deref(), Some("Site - Bad"));
    }

    #[test]
    fn zip_archives() {
        let zipped = zip_of(&[("Proton Pass/data.json", DATA.as_bytes())]);
        assert_eq!(import(&zipped).unwrap().accounts.len(), 2);
        let pgp = zip_of(&[("Proton Pass/data.pgp", b"-----BEGIN PGP")]);
        assert!(matches!(import(&pgp), Err(ImportError::Unsupported { .. })));
        let none = zip_of(&[("other.txt", b"x")]);
        assert!(matches!(
            import(&none),
            Err(ImportError::InvalidFormat { .. })
        ));
        assert!(matches!(
            import(&zipped[..zipped.len() / 2]),
            Err(ImportError::InvalidFormat { .. })
        ));
        assert!(matches!(
            import(br#"{"encrypted":true}"#),
            Err(ImportError::Unsupported { .. })
        ));
        assert!(matches!(
            import(b"{}"),
            Err(ImportError::InvalidFormat { .. })
        ));
    }
}
