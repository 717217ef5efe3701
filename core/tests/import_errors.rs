//! Error paths: typed errors for wrong passwords, damaged files, unknown versions, unusable
//! encryption and oversized KDF parameters; no secret in any error, failure or `Debug`; no panic
//! on arbitrary input.

use std::path::PathBuf;

use otpkit::import::{
    detect_format, import, import_with_limits, ImportError, ImportFormat, KdfLimits,
};
use proptest::prelude::*;
use serde_json::Value;

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/import")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn json_fixture(name: &str) -> Value {
    serde_json::from_slice(&fixture(name)).unwrap()
}

fn import_json(
    format: ImportFormat,
    doc: &Value,
    password: Option<&str>,
) -> Result<(), ImportError> {
    import(format, doc.to_string().as_bytes(), password).map(|_| ())
}

/// Flips one base64 character in the middle of `text` (keeping it valid base64).
fn flip_b64(text: &str) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    let i = chars.len() / 2;
    chars[i] = if chars[i] == 'A' { 'B' } else { 'A' };
    chars.into_iter().collect()
}

const ALL_FIXTURES: [&str; 24] = [
    "otpauth_list.txt",
    "google_migration.txt",
    "google_incomplete.txt",
    "aegis_plain.json",
    "aegis_plain_v1.json",
    "aegis_encrypted.json",
    "twofas_plain.2fas",
    "twofas_encrypted.2fas",
    "ente_plain.txt",
    "ente_encrypted.json",
    "proton_plain.json",
    "proton_encrypted.json",
    "andotp_plain.json",
    "andotp_encrypted.bin",
    "freeotp_plus.json",
    "freeotp_backup.xml",
    "bitwarden.json",
    "bitwarden.csv",
    "authy.xml",
    "stratum_plain.json",
    "stratum_encrypted.authpro",
    "steam.maFile",
    "lastpass.json",
    "proton_pass.zip",
];

#[test]
fn nothing_secret_in_reports_failures_or_debug() {
    for name in ALL_FIXTURES {
        let want = json_fixture(&format!("{name}.expected.json"));
        let format: ImportFormat = want["format"].as_str().unwrap().parse().unwrap();
        let report = import(format, &fixture(name), want["password"].as_str()).unwrap();
        let debug = format!("{report:?}");
        let failures: String = report
            .failures
            .iter()
            .map(|f| format!("{f} {f:?}\n"))
            .collect();
        for account in &report.accounts {
            let secret = account.uri.secret.to_base32();
            assert!(
                !debug.contains(&secret[..16.min(secret.len())]),
                "{name}: {debug}"
            );
            assert!(
                !failures.contains(&secret[..16.min(secret.len())]),
                "{name}"
            );
        }
        assert!(debug.contains("redacted"), "{name}");
    }
}

#[test]
fn malformed_entries_do_not_echo_secrets() {
    let secret = "JBSWY3DPEHPK3PXPJBSWY3DP";
    let lines = format!(
        "otpauth://totp/A:b?secret={secret}1\n\
         otpauth://totp/A:b?secret={secret}&digits=99\n\
         otpauth://totp/A:b?secret={secret}&algorithm=MD5\n\
         otpauth://hotp/A:b?secret={secret}\n\
         steam://{secret}!!\n"
    );
    let report = import(ImportFormat::OtpauthList, lines.as_bytes(), None).unwrap();
    assert_eq!(report.failures.len(), 5, "{:?}", report.failures);
    for f in &report.failures {
        let text = format!("{f} {f:?}");
        assert!(!text.contains("JBSWY3DP"), "{text}");
    }

    let aegis = serde_json::json!({"version": 1, "header": {"slots": null, "params": null},
    "db": {"version": 3, "entries": [
        {"type": "totp", "name": "n", "issuer": "i", "info": {"secret": format!("{secret}0"), "digits": secret}},
        {"type": "totp", "name": "n", "issuer": "i", "info": {"secret": format!("{secret}0")}},
    ]}});
    let report = import(ImportFormat::Aegis, aegis.to_string().as_bytes(), None).unwrap();
    assert_eq!(report.failures.len(), 2);
    for f in &report.failures {
        assert!(!format!("{f:?}").contains("JBSWY3DP"), "{f:?}");
    }

    let broken_json = format!("{{\"services\": [{{\"secret\": \"{secret}\" ]");
    let err = import(ImportFormat::TwoFas, broken_json.as_bytes(), None).unwrap_err();
    assert!(!format!("{err} {err:?}").contains("JBSWY3DP"), "{err}");
}

#[test]
fn aegis_damaged_contents_are_crypto_not_wrong_password() {
    let mut doc = json_fixture("aegis_encrypted.json");
    let db = flip_b64(doc["db"].as_str().unwrap());
    doc["db"] = db.into();
    assert!(matches!(
        import_json(ImportFormat::Aegis, &doc, Some("aegis-test-pw")),
        Err(ImportError::Crypto { .. })
    ));
}

#[test]
fn aegis_unusable_vaults() {
    // Only a biometric slot.
    let mut doc = json_fixture("aegis_encrypted.json");
    doc["header"]["slots"].as_array_mut().unwrap().truncate(1);
    assert!(matches!(
        import_json(ImportFormat::Aegis, &doc, Some("x")),
        Err(ImportError::Unsupported { .. })
    ));
    // Unknown vault and content versions.
    let mut doc = json_fixture("aegis_plain.json");
    doc["version"] = 2.into();
    assert!(matches!(
        import_json(ImportFormat::Aegis, &doc, None),
        Err(ImportError::UnsupportedVersion { .. })
    ));
    let mut doc = json_fixture("aegis_plain.json");
    doc["db"]["version"] = 4.into();
    assert!(matches!(
        import_json(ImportFormat::Aegis, &doc, None),
        Err(ImportError::UnsupportedVersion { .. })
    ));
    // scrypt asking for 16 GiB.
    let mut doc = json_fixture("aegis_encrypted.json");
    doc["header"]["slots"][1]["n"] = (1u64 << 24).into();
    assert!(matches!(
        import_json(ImportFormat::Aegis, &doc, Some("aegis-test-pw")),
        Err(ImportError::KdfLimitExceeded { .. })
    ));
    // Not a power of two.
    doc["header"]["slots"][1]["n"] = 1000.into();
    assert!(matches!(
        import_json(ImportFormat::Aegis, &doc, Some("aegis-test-pw")),
        Err(ImportError::Crypto { .. })
    ));
}

#[test]
fn aegis_password_slots_share_one_key_derivation_budget() {
    let doc = json_fixture("aegis_encrypted.json");
    let real = doc["header"]["slots"][1].clone();
    let work = |s: &Value| {
        256 * s["n"].as_u64().unwrap() * s["r"].as_u64().unwrap() * s["p"].as_u64().unwrap()
    };
    let mut decoy = real.clone();
    let key = decoy["key"].as_str().unwrap().to_string();
    let flipped = if key.starts_with('0') { "1" } else { "0" };
    decoy["key"] = format!("{flipped}{}", &key[1..]).into();
    // Room for three derivations of this slot in one import.
    let limits = KdfLimits {
        max_memory_bytes: KdfLimits::DEFAULT.max_memory_bytes,
        max_work_bytes: 3 * work(&real),
    };
    let with_decoys = |n: usize| {
        let mut d = doc.clone();
        let slots = d["header"]["slots"].as_array_mut().unwrap();
        for _ in 0..n {
            slots.insert(1, decoy.clone());
        }
        import_with_limits(
            ImportFormat::Aegis,
            d.to_string().as_bytes(),
            Some("aegis-test-pw"),
            &limits,
        )
        .map(|r| r.accounts.len())
    };
    // Two wrong slots, then the right one: three derivations, within the budget.
    assert!(with_decoys(2).unwrap() > 0);
    // A thousand wrong slots: each alone is within the per-derivation limits, together they are
    // refused after the budget is spent (not 1,000 scrypt runs, not "wrong password").
    assert!(matches!(
        with_decoys(1000),
        Err(ImportError::KdfLimitExceeded { .. })
    ));
}

#[test]
fn twofas_reference_separates_wrong_password_from_damage() {
    let doc = json_fixture("twofas_encrypted.2fas");
    let mut damaged = doc.clone();
    let sealed = damaged["servicesEncrypted"].as_str().unwrap().to_string();
    let (ciphertext, rest) = sealed.split_once(':').unwrap();
    damaged["servicesEncrypted"] = format!("{}:{rest}", flip_b64(ciphertext)).into();
    assert!(matches!(
        import_json(ImportFormat::TwoFas, &damaged, Some("2fas-test-pw")),
        Err(ImportError::Crypto { .. })
    ));
    // Without the reference, the same damage can only be reported as a wrong password.
    damaged.as_object_mut().unwrap().remove("reference");
    assert_eq!(
        import_json(ImportFormat::TwoFas, &damaged, Some("2fas-test-pw")),
        Err(ImportError::WrongPassword)
    );
    let mut no_reference = doc.clone();
    no_reference.as_object_mut().unwrap().remove("reference");
    assert!(import_json(ImportFormat::TwoFas, &no_reference, Some("2fas-test-pw")).is_ok());
    let mut malformed = doc;
    malformed["servicesEncrypted"] = "abc:def".into();
    assert!(matches!(
        import_json(ImportFormat::TwoFas, &malformed, Some("x")),
        Err(ImportError::InvalidFormat { .. })
    ));
}

#[test]
fn ente_errors() {
    let doc = json_fixture("ente_encrypted.json");
    let mut damaged = doc.clone();
    damaged["encryptedData"] = flip_b64(doc["encryptedData"].as_str().unwrap()).into();
    assert_eq!(
        import_json(ImportFormat::Ente, &damaged, Some("ente-test-pw")),
        Err(ImportError::WrongPassword)
    );
    let mut v2 = doc.clone();
    v2["version"] = 2.into();
    assert!(matches!(
        import_json(ImportFormat::Ente, &v2, Some("ente-test-pw")),
        Err(ImportError::UnsupportedVersion { .. })
    ));
    let mut huge = doc.clone();
    huge["kdfParams"]["memLimit"] = (8u64 << 30).into();
    assert!(matches!(
        import_json(ImportFormat::Ente, &huge, Some("ente-test-pw")),
        Err(ImportError::KdfLimitExceeded { .. })
    ));
    let mut short_nonce = doc.clone();
    short_nonce["encryptionNonce"] = "AAAA".into();
    assert!(matches!(
        import_json(ImportFormat::Ente, &short_nonce, Some("ente-test-pw")),
        Err(ImportError::InvalidFormat { .. })
    ));
    // The fixture's own parameters are within the small limits used for fuzzing.
    let report = import_with_limits(
        ImportFormat::Ente,
        &fixture("ente_encrypted.json"),
        Some("ente-test-pw"),
        &KdfLimits::SMALL,
    )
    .unwrap();
    assert_eq!(report.accounts.len(), 4);
}

#[test]
fn proton_errors() {
    let doc = json_fixture("proton_encrypted.json");
    let mut v2 = doc.clone();
    v2["version"] = 2.into();
    assert!(matches!(
        import_json(ImportFormat::Proton, &v2, Some("proton-test-pw")),
        Err(ImportError::UnsupportedVersion { .. })
    ));
    let mut short_salt = doc;
    short_salt["salt"] = "AAAA".into();
    assert!(matches!(
        import_json(ImportFormat::Proton, &short_salt, Some("x")),
        Err(ImportError::InvalidFormat { .. })
    ));
    let plain = serde_json::json!({"version": 1, "entries": [
        {"content": {"uri": "otpauth://totp/X?secret=JBSWY3DPEHPK3PXP", "entry_type": "Hotp"}},
        {"content": {"entry_type": "Totp", "name": "no uri"}},
        {"uri": "otpauth://totp/Flat:entry?secret=JBSWY3DPEHPK3PXP"},
    ]});
    let report = import(ImportFormat::Proton, plain.to_string().as_bytes(), None).unwrap();
    assert_eq!(report.accounts.len(), 1);
    assert_eq!(report.accounts[0].uri.account, "entry");
    assert_eq!(report.failures.len(), 2);
    assert!(report.failures[0].reason.contains("entry_type"));
    assert_eq!(report.failures[1].name.as_deref(), Some("no uri"));
}

#[test]
fn wrong_shapes_are_invalid_format() {
    for format in [
        ImportFormat::Aegis,
        ImportFormat::TwoFas,
        ImportFormat::Proton,
    ] {
        for input in [
            "",
            "[]",
            "{}",
            "\"x\"",
            "{\"db\": 5, \"services\": 5, \"entries\": 5}",
            "{",
        ] {
            let err = import(format, input.as_bytes(), Some("pw")).unwrap_err();
            assert!(
                matches!(
                    err,
                    ImportError::InvalidFormat { .. } | ImportError::UnsupportedVersion { .. }
                ),
                "{format} {input:?}: {err:?}"
            );
        }
    }
    let err = import(ImportFormat::Ente, b"{\"version\": 1}", Some("pw")).unwrap_err();
    assert!(matches!(err, ImportError::InvalidFormat { .. }), "{err:?}");
    for format in ImportFormat::ALL {
        let err = import(format, b"\xff\xfe\x00", None).unwrap_err();
        assert!(matches!(err, ImportError::InvalidFormat { .. }), "{format}");
        assert_eq!(err.code(), "InvalidFormat");
    }
}

#[test]
fn newer_formats_refuse_wrong_shapes_with_typed_errors() {
    use ImportFormat::*;
    for format in [
        AndOtp,
        FreeOtpPlus,
        FreeOtp,
        Bitwarden,
        Authy,
        Stratum,
        Steam,
        LastPass,
        ProtonPass,
    ] {
        for input in ["", "{}", "\"x\"", "{", "[1,", "PK\u{3}\u{4}broken"] {
            let err = import(format, input.as_bytes(), Some("pw")).unwrap_err();
            assert!(
                matches!(
                    err,
                    ImportError::InvalidFormat { .. } | ImportError::UnsupportedVersion { .. }
                ),
                "{format} {input:?}: {err:?}"
            );
            assert!(err.to_string().contains(format.as_str()), "{format}: {err}");
        }
    }
    // Truncating a valid file anywhere gives an error or a report, never a panic; for the
    // binary formats every truncation of the header is an error.
    for (name, format) in [
        ("freeotp_backup.xml", FreeOtp),
        ("andotp_encrypted.bin", AndOtp),
        ("proton_pass.zip", ProtonPass),
    ] {
        let bytes = fixture(name);
        let password = json_fixture(&format!("{name}.expected.json"))["password"]
            .as_str()
            .map(str::to_string);
        for cut in (0..bytes.len()).step_by(97) {
            assert!(
                import_with_limits(
                    format,
                    &bytes[..cut],
                    password.as_deref(),
                    &KdfLimits::SMALL
                )
                .is_err(),
                "{name} cut at {cut}"
            );
        }
    }
}

#[test]
fn text_formats_report_every_bad_line() {
    let text = "garbage\n\n# comment\n// comment\notpauth://totp/x?secret=JBSWY3DPEHPK3PXP\n";
    let report = import(ImportFormat::OtpauthList, text.as_bytes(), None).unwrap();
    assert_eq!(report.accounts.len(), 1);
    assert_eq!(report.failures.len(), 1);
    assert_eq!(report.failures[0].index, 0);
    let report = import(
        ImportFormat::GoogleMigration,
        b"otpauth-migration://offline?data=%%%",
        None,
    )
    .unwrap();
    assert_eq!(report.failures.len(), 1);
    assert!(
        report.failures[0].reason.contains("migration"),
        "{:?}",
        report.failures
    );
    assert_eq!(
        import(ImportFormat::OtpauthList, b"", None).unwrap(),
        Default::default()
    );
}

#[test]
fn format_names() {
    for format in ImportFormat::ALL {
        assert_eq!(format.as_str().parse::<ImportFormat>().unwrap(), format);
        assert_eq!(format.to_string(), format.as_str());
    }
    assert_eq!(
        "TwoFAS".parse::<ImportFormat>().unwrap(),
        ImportFormat::TwoFas
    );
    let err = "keepass".parse::<ImportFormat>().unwrap_err();
    assert!(err.to_string().contains("keepass"));
    assert_eq!(detect_format(b"hello"), None);
    assert_eq!(detect_format(b"{\"x\": 1}"), None);
    assert_eq!(detect_format(b"\xff"), None);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        for format in ImportFormat::ALL {
            let _ = import_with_limits(format, &bytes, Some("pw"), &KdfLimits::SMALL);
        }
        let _ = detect_format(&bytes);
    }

    #[test]
    fn arbitrary_json_never_panics(text in r#"\{("(version|db|header|slots|params|entries|services|servicesEncrypted|kdfParams|encryptedData|salt|content|info|type)": ?(1|"[a-z0-9:=]{0,8}"|\[\]|\{\}|null|\[\{"info": \{\}\}\]), ?){0,4}"x": 0\}"#) {
        for format in ImportFormat::ALL {
            let _ = import_with_limits(format, text.as_bytes(), Some("pw"), &KdfLimits::SMALL);
        }
    }
}
