//! Every fixture in `tests/fixtures/import/` (written by `make_fixtures.py` with Python
//! `cryptography`/`pynacl`, independently of this crate) imports to exactly what its
//! `.expected.json` says: accounts, and failures with index, name and reason.

use std::path::PathBuf;

use otpkit::import::{
    detect_format, import, ImportError, ImportFailure, ImportFormat, ImportedAccount,
};
use otpkit::OtpKind;
use serde_json::{json, Value};

fn fixture(name: &str) -> Vec<u8> {
    let path = fixtures_dir().join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/import")
}

fn expected(name: &str) -> Value {
    serde_json::from_slice(&fixture(&format!("{name}.expected.json"))).unwrap()
}

fn account_json(a: &ImportedAccount) -> Value {
    let u = &a.uri;
    let mut v = json!({
        "secret": u.secret.to_base32(),
        "algorithm": u.params.algorithm.as_str(),
        "digits": u.params.digits,
        "issuer": u.issuer,
        "label_issuer": u.label_issuer,
        "account": u.account,
        "note": a.note,
        "groups": a.groups,
        "favorite": a.favorite,
        "icon": a.icon,
        "extra": u.extra.iter().map(|(k, v)| json!([k, v])).collect::<Vec<_>>(),
    });
    match u.params.kind {
        OtpKind::Totp { period, t0 } => {
            assert_eq!(t0, 0);
            v["type"] = json!("totp");
            v["period"] = json!(period);
        }
        OtpKind::Hotp { counter } => {
            v["type"] = json!("hotp");
            v["counter"] = json!(counter);
        }
        OtpKind::Steam { period } | OtpKind::Motp { period } | OtpKind::Yandex { period } => {
            v["type"] = json!(u.params.kind.name());
            v["period"] = json!(period);
        }
    }
    if let Some(pin) = u.secret.pin() {
        v["pin"] = json!(pin);
    }
    v
}

fn check_failures(name: &str, failures: &[ImportFailure], want: &Value) {
    let want = want.as_array().unwrap();
    assert_eq!(failures.len(), want.len(), "{name}: failures {failures:#?}");
    for (got, want) in failures.iter().zip(want) {
        assert_eq!(
            got.index as u64,
            want["index"].as_u64().unwrap(),
            "{name}: {got}"
        );
        assert_eq!(got.name.as_deref(), want["name"].as_str(), "{name}: {got}");
        let reason = want["reason_contains"].as_str().unwrap();
        assert!(
            got.reason.contains(reason),
            "{name}: {got} lacks {reason:?}"
        );
    }
}

/// Imports `name` with its expected password and compares everything.
fn check(name: &str) {
    let bytes = fixture(name);
    let want = expected(name);
    let format: ImportFormat = want["format"].as_str().unwrap().parse().unwrap();
    let detected = want
        .get("detect")
        .map_or(format, |d| d.as_str().unwrap().parse().unwrap());
    assert_eq!(
        detect_format(&bytes),
        Some(detected),
        "{name}: detect_format"
    );

    let password = want["password"].as_str();
    let report = import(format, &bytes, password).unwrap_or_else(|e| panic!("{name}: {e}"));
    let got: Vec<Value> = report.accounts.iter().map(account_json).collect();
    let want_accounts = want["accounts"].as_array().unwrap();
    assert_eq!(got.len(), want_accounts.len(), "{name}: {got:#?}");
    for (i, (mut got, want)) in got.into_iter().zip(want_accounts).enumerate() {
        if want.get("extra").is_none() {
            got.as_object_mut().unwrap().remove("extra");
        }
        assert_eq!(&got, want, "{name}: account {i}");
    }
    check_failures(name, &report.failures, &want["failures"]);

    if let Some(password) = password {
        assert_eq!(
            import(format, &bytes, None).unwrap_err(),
            ImportError::PasswordRequired,
            "{name}"
        );
        let wrong = format!("{password}-wrong");
        assert_eq!(
            import(format, &bytes, Some(&wrong)).unwrap_err(),
            ImportError::WrongPassword,
            "{name}"
        );
    } else {
        // A password given for a plain file is ignored.
        assert_eq!(import(format, &bytes, Some("unused")).unwrap(), report);
    }
}

#[test]
fn otpauth_list() {
    check("otpauth_list.txt");
}

#[test]
fn google_migration_multi_batch_out_of_order() {
    check("google_migration.txt");
}

#[test]
fn google_migration_incomplete_batch() {
    check("google_incomplete.txt");
}

#[test]
fn aegis_plain() {
    check("aegis_plain.json");
}

#[test]
fn aegis_plain_content_version_1() {
    check("aegis_plain_v1.json");
}

#[test]
fn aegis_encrypted() {
    check("aegis_encrypted.json");
}

#[test]
fn twofas_plain() {
    check("twofas_plain.2fas");
}

#[test]
fn twofas_encrypted() {
    check("twofas_encrypted.2fas");
}

#[test]
fn ente_plain() {
    check("ente_plain.txt");
}

#[test]
fn ente_encrypted_secretstream() {
    check("ente_encrypted.json");
}

#[test]
fn proton_plain() {
    check("proton_plain.json");
}

#[test]
fn proton_encrypted() {
    check("proton_encrypted.json");
}

#[test]
fn encrypted_and_plain_fixtures_agree() {
    for (plain, encrypted) in [
        ("aegis_plain.json", "aegis_encrypted.json"),
        ("twofas_plain.2fas", "twofas_encrypted.2fas"),
        ("ente_plain.txt", "ente_encrypted.json"),
        ("proton_plain.json", "proton_encrypted.json"),
    ] {
        let want = expected(encrypted);
        let format: ImportFormat = want["format"].as_str().unwrap().parse().unwrap();
        let a = import(format, &fixture(plain), None).unwrap();
        let b = import(format, &fixture(encrypted), want["password"].as_str()).unwrap();
        assert_eq!(a, b, "{plain} vs {encrypted}");
    }
}

#[test]
fn andotp_plain() {
    check("andotp_plain.json");
}

#[test]
fn andotp_encrypted() {
    check("andotp_encrypted.bin");
}

#[test]
fn freeotp_plus() {
    check("freeotp_plus.json");
}

#[test]
fn freeotp2_encrypted_backup() {
    check("freeotp_backup.xml");
}

#[test]
fn bitwarden_json() {
    check("bitwarden.json");
}

#[test]
fn bitwarden_csv() {
    check("bitwarden.csv");
}

#[test]
fn authy_preferences_xml() {
    check("authy.xml");
}

#[test]
fn stratum_plain() {
    check("stratum_plain.json");
}

#[test]
fn stratum_encrypted() {
    check("stratum_encrypted.authpro");
}

#[test]
fn steam_mafile() {
    check("steam.maFile");
}

#[test]
fn lastpass() {
    check("lastpass.json");
}

#[test]
fn proton_pass_zip() {
    check("proton_pass.zip");
}

#[test]
fn encrypted_and_plain_new_format_fixtures_agree() {
    for (plain, encrypted) in [
        ("andotp_plain.json", "andotp_encrypted.bin"),
        ("stratum_plain.json", "stratum_encrypted.authpro"),
    ] {
        let want = expected(encrypted);
        let format: ImportFormat = want["format"].as_str().unwrap().parse().unwrap();
        let a = import(format, &fixture(plain), None).unwrap();
        let b = import(format, &fixture(encrypted), want["password"].as_str()).unwrap();
        assert_eq!(a, b, "{plain} vs {encrypted}");
    }
}

#[test]
fn every_format_name_round_trips() {
    for format in ImportFormat::ALL {
        assert_eq!(format.as_str().parse::<ImportFormat>(), Ok(format));
    }
}
