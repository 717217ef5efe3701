//! Real backups from other apps' repositories, read where they are kept (`../shared/import-fixtures`
//! beside the repository, or `OTPKIT_IMPORT_FIXTURES`; never copied here): every fixture imports
//! with the expected number of failures, every expected secret is among the accounts read, and
//! the store's one import operation stores all of them (icons of any real size, partial-byte
//! secrets with their warning) and adds nothing on a rerun.

use otpkit::import::{import, ImportFormat};
use otpkit::storage::{AccountStore, MemorySecretStore, WARNING_SECRET_TRAILING_BITS};
use otpkit::FixedTimeSource;
use serde_json::Value;
use std::path::PathBuf;
use std::sync::Arc;

fn fixtures_dir() -> Option<PathBuf> {
    let dir = match std::env::var_os("OTPKIT_IMPORT_FIXTURES") {
        Some(d) => PathBuf::from(d),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/import-fixtures"),
    };
    dir.join("fixtures/manifest.jsonl").exists().then_some(dir)
}

/// Lenient base32 as the fixture README states it: trailing partial bits dropped.
fn b32(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let (mut acc, mut bits, mut out) = (0u32, 0u32, Vec::new());
    for c in text
        .to_ascii_uppercase()
        .bytes()
        .filter(|c| !b" =".contains(c))
    {
        let v = ALPHABET
            .iter()
            .position(|&a| a == c)
            .expect("fixture secret is base32") as u32;
        acc = (acc << 5 | v) & 0xFFF;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

/// The manifest's `expected_failures` are for an importer "limited to TOTP/HOTP/Steam with
/// SHA1/256/512". otpkit also reads these kinds (issue 13), so the entries the manifest expects
/// to fail for one of these reasons must be imported instead: `(reason suffix, algorithm the
/// imported account must have)`.
const NOW_SUPPORTED: [(&str, otpkit::Algorithm); 3] = [
    ("algorithm SHA384", otpkit::Algorithm::Sha384),
    ("type motp", otpkit::Algorithm::Md5),
    ("type yandex", otpkit::Algorithm::Sha256),
];

/// The expected failure reasons (`"name: reason"`) that otpkit now imports, as (name, algorithm).
fn recovered(m: &Value) -> Vec<(String, otpkit::Algorithm)> {
    m["expected_failure_reasons"]
        .as_array()
        .map(|reasons| {
            reasons
                .iter()
                .filter_map(Value::as_str)
                .filter_map(|r| {
                    let (name, reason) = r.split_once(": ")?;
                    NOW_SUPPORTED
                        .iter()
                        .find(|(s, _)| reason == *s)
                        .map(|(_, a)| (name.to_string(), *a))
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn shared_real_backups_import_completely() {
    let Some(dir) = fixtures_dir() else {
        // The repository can be built without the shared data; CI and developers have it.
        eprintln!("note: ../shared/import-fixtures not found; shared fixture test skipped");
        return;
    };
    let (checked, partial, recovered) = check_manifest(&dir.join("fixtures"));
    assert_eq!(checked, 56, "fixtures in the manifest");
    // 2FAS SHA384 (1), Stratum's Aegis backups: mOTP and Yandex, plain and encrypted (4).
    assert_eq!(
        recovered, 5,
        "entries the manifest expects to fail that otpkit imports"
    );
    assert!(partial >= 5, "partial-byte secrets flagged: {partial}");
}

/// The formats otpkit did not read when the fixtures were collected (`fixtures/unsupported/`):
/// andOTP, FreeOTP+, FreeOTP 2, Bitwarden, Authy, Stratum, Steam, LastPass, Proton Pass.
#[test]
fn shared_real_backups_of_newer_formats_import_completely() {
    let Some(dir) = fixtures_dir() else {
        eprintln!("note: ../shared/import-fixtures not found; shared fixture test skipped");
        return;
    };
    let unsupported = dir.join("fixtures/unsupported");
    if !unsupported.join("manifest.jsonl").exists() {
        eprintln!("note: fixtures/unsupported/manifest.jsonl not found; test skipped");
        return;
    }
    // Detection names each of them.
    let manifest = std::fs::read_to_string(unsupported.join("manifest.jsonl")).unwrap();
    for line in manifest.lines().filter(|l| !l.trim().is_empty()) {
        let m: Value = serde_json::from_str(line).unwrap();
        let file = m["file"].as_str().unwrap();
        let format: ImportFormat = m["format"].as_str().unwrap().parse().unwrap();
        let bytes = std::fs::read(unsupported.join(file)).unwrap();
        assert_eq!(
            otpkit::import::detect_format(&bytes),
            Some(format),
            "{file}"
        );
    }
    let (checked, partial, recovered) = check_manifest(&unsupported);
    eprintln!("newer formats: {recovered} entries expected to fail were imported");
    assert_eq!(checked, 12, "fixtures in the unsupported manifest");
    assert!(
        partial >= 2,
        "partial-byte secrets flagged (LastPass): {partial}"
    );
}

/// Imports every file of `fixtures/manifest.jsonl` and checks it; returns (files, accounts
/// flagged for partial-byte secrets, entries the manifest expects to fail that were imported).
fn check_manifest(fixtures: &std::path::Path) -> (usize, usize, usize) {
    let manifest = std::fs::read_to_string(fixtures.join("manifest.jsonl")).unwrap();
    let mut checked = 0;
    let mut partial = 0;
    let mut recovered_total = 0;
    for line in manifest.lines().filter(|l| !l.trim().is_empty()) {
        let m: Value = serde_json::from_str(line).unwrap();
        let file = m["file"].as_str().unwrap();
        let format: ImportFormat = m["format"].as_str().unwrap().parse().unwrap();
        let bytes = std::fs::read(fixtures.join(file)).unwrap();
        let report = import(format, &bytes, m["password"].as_str())
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        let expected = m["accounts"].as_array().unwrap();
        let optional = expected.iter().filter(|a| a["optional"] == true).count();
        let now = recovered(&m);
        recovered_total += now.len();
        for (name, algorithm) in &now {
            assert!(
                report.accounts.iter().any(|a| {
                    (a.uri.account == *name || a.uri.display_issuer() == Some(name.as_str()))
                        && a.uri.params.algorithm == *algorithm
                        // ... and it gives codes (mOTP/Yandex: the backup's PIN came along).
                        && otpkit::CodeGenerator::new(&a.uri.secret, a.uri.params)
                            .is_ok_and(|g| g.code_at(1_700_000_000).as_str().len() == a.uri.params.digits as usize)
                }),
                "{file}: {name} ({algorithm}) was not imported: {:?}",
                report.failures
            );
        }
        let required = expected.len() - optional + now.len();
        let mut allowed: Vec<u64> = vec![m["expected_failures"].as_u64().unwrap_or(0)];
        if let Some(alt) = m["expected_failures_alt"].as_array() {
            allowed.extend(alt.iter().filter_map(Value::as_u64));
        }
        for a in &mut allowed {
            *a -= now.len() as u64;
        }
        let missing_optional = (required + optional).saturating_sub(report.accounts.len()) as u64;
        assert!(
            report.accounts.len() >= required
                && allowed
                    .iter()
                    .any(|&a| report.failures.len() as u64
                        == a + missing_optional.min(optional as u64)),
            "{file}: {} accounts (want {required}..={}), failures {:?} (allowed {allowed:?})",
            report.accounts.len(),
            expected.len(),
            report.failures
        );
        for a in expected.iter().filter(|a| a["optional"] != true) {
            let want = b32(a["secret"].as_str().unwrap());
            assert!(
                report
                    .accounts
                    .iter()
                    .any(|got| got.uri.secret.as_bytes() == want),
                "{file}: the secret of {} / {} was not imported",
                a["issuer"],
                a["label"]
            );
        }
        let store = AccountStore::in_memory(
            Arc::new(MemorySecretStore::new()),
            Arc::new(FixedTimeSource::new(1_700_000_000)),
        );
        let outcome = store.import(&report.accounts).unwrap();
        assert!(
            outcome.refused.is_empty(),
            "{file}: refused {:?}",
            outcome.refused
        );
        assert_eq!(
            outcome.added.len() + outcome.duplicates.len(),
            report.accounts.len(),
            "{file}"
        );
        partial += outcome
            .added
            .iter()
            .filter(|a| a.warnings.iter().any(|w| w == WARNING_SECRET_TRAILING_BITS))
            .count();
        let again = store.import(&report.accounts).unwrap();
        assert!(again.added.is_empty(), "{file}: a rerun added accounts");
        assert_eq!(again.duplicates.len(), report.accounts.len(), "{file}");
        checked += 1;
    }
    (checked, partial, recovered_total)
}

/// Stratum's Aegis test backup holds a Yandex Key account with the secret and PIN of one of
/// Aegis' published YAOTP vectors: its imported code must be the published one.
#[test]
fn real_aegis_yandex_entry_gives_the_published_code() {
    let Some(dir) = fixtures_dir() else {
        eprintln!("note: ../shared/import-fixtures not found; shared fixture test skipped");
        return;
    };
    let bytes = std::fs::read(dir.join("fixtures/stratum_aegis.unencrypted.json")).unwrap();
    let report = import(ImportFormat::Aegis, &bytes, None).unwrap();
    let ya = report
        .accounts
        .iter()
        .find(|a| matches!(a.uri.params.kind, otpkit::OtpKind::Yandex { .. }))
        .expect("the Yandex entry is imported");
    let g = otpkit::CodeGenerator::new(&ya.uri.secret, ya.uri.params).unwrap();
    // Aegis YAOTPTest: PIN 7586, secret LA2V6KMC..., 1581064020 -> "oactmacq".
    assert_eq!(g.code_at(1_581_064_020).as_str(), "oactmacq");
    assert_eq!(g.code_at(1_581_090_810).as_str(), "wemdwrix");
    let motp = report
        .accounts
        .iter()
        .find(|a| matches!(a.uri.params.kind, otpkit::OtpKind::Motp { .. }))
        .expect("the mOTP entry is imported");
    assert_eq!(motp.uri.secret.pin(), Some("1234"));
    let code = otpkit::CodeGenerator::new(&motp.uri.secret, motp.uri.params)
        .unwrap()
        .code_at(1_700_000_000);
    assert!(code.as_str().bytes().all(|b| b.is_ascii_hexdigit()) && code.as_str().len() == 6);
}
