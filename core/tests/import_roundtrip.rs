//! Exports read back by the importers: `import(export(x)) == x` wherever the format can carry
//! everything in `x`.

use otpkit::import::{
    export_aegis_with_kdf, export_google_migration, export_otpauth_list, import, AegisKdf,
    ExportError, ImportFormat, ImportedAccount,
};
use otpkit::{Algorithm, OtpAuthUri, OtpKind, OtpParams, Secret};
use proptest::prelude::*;

/// Small scrypt parameters so that the encrypted round trips stay fast.
const FAST: AegisKdf = AegisKdf {
    log_n: 4,
    r: 8,
    p: 1,
};

fn account(secret: &[u8], params: OtpParams, issuer: Option<&str>, name: &str) -> ImportedAccount {
    ImportedAccount::new(OtpAuthUri {
        secret: Secret::from_bytes(secret.to_vec()).unwrap(),
        params,
        issuer: issuer.map(str::to_string),
        label_issuer: issuer.map(str::to_string),
        account: name.to_string(),
        extra: Vec::new(),
    })
}

fn sample() -> Vec<ImportedAccount> {
    let mut a = account(
        b"12345678901234567890",
        OtpParams::totp()
            .with_algorithm(Algorithm::Sha256)
            .with_digits(8),
        Some("ACME Co"),
        "alice@example.com",
    );
    a.note = Some("main account".into());
    a.groups = vec!["Work".into(), "Personal".into()];
    a.favorite = true;
    a.icon = Some("data:image/png;base64,iVBORw0KGgo=".into());
    let mut b = account(&[7; 32], OtpParams::hotp(42), Some("Bücher"), "bob");
    b.groups = vec!["Work".into()];
    let c = account(&[9; 10], OtpParams::steam(), Some("Steam"), "gamer");
    let d = account(
        &[1; 64],
        OtpParams::totp()
            .with_algorithm(Algorithm::Sha512)
            .with_period(15),
        None,
        "no issuer: with colon",
    );
    vec![a, b, c, d]
}

#[test]
fn aegis_plain_round_trip() {
    let accounts = sample();
    let vault = export_aegis_with_kdf(&accounts, None, FAST).unwrap();
    let report = import(ImportFormat::Aegis, vault.as_bytes(), None).unwrap();
    assert!(report.is_complete(), "{:?}", report.failures);
    assert_eq!(report.accounts, accounts);
}

#[test]
fn aegis_encrypted_round_trip_and_wrong_password() {
    let accounts = sample();
    let vault = export_aegis_with_kdf(&accounts, Some("correct horse"), FAST).unwrap();
    assert!(!vault.contains(&accounts[0].uri.secret.to_base32()));
    assert!(!vault.contains("alice@example.com"));
    let report = import(ImportFormat::Aegis, vault.as_bytes(), Some("correct horse")).unwrap();
    assert_eq!(report.accounts, accounts);
    assert_eq!(
        import(
            ImportFormat::Aegis,
            vault.as_bytes(),
            Some("battery staple")
        )
        .unwrap_err(),
        otpkit::import::ImportError::WrongPassword
    );
}

#[test]
fn aegis_default_kdf_is_aegis_own_and_slot_layout() {
    // Aegis' own N = 2^15 is slow in debug builds; the layout is checked with FAST parameters.
    assert_eq!(
        AegisKdf::default(),
        AegisKdf {
            log_n: 15,
            r: 8,
            p: 1
        }
    );
    let vault = export_aegis_with_kdf(&sample()[..1], Some("pw"), FAST).unwrap();
    let doc: serde_json::Value = serde_json::from_str(&vault).unwrap();
    assert_eq!(doc["version"], 1);
    let slot = &doc["header"]["slots"][0];
    assert_eq!(slot["type"], 1);
    assert_eq!(
        (slot["n"].as_u64(), slot["r"].as_u64()),
        (Some(16), Some(8))
    );
    assert_eq!(slot["salt"].as_str().unwrap().len(), 64);
    assert_eq!(slot["key"].as_str().unwrap().len(), 64);
    assert_eq!(slot["key_params"]["nonce"].as_str().unwrap().len(), 24);
    assert_eq!(doc["header"]["params"]["tag"].as_str().unwrap().len(), 32);
    assert!(doc["db"].is_string());
}

#[test]
fn aegis_rejects_what_it_cannot_carry() {
    let mut a = sample();
    a[1].uri.params.kind = OtpKind::Totp { period: 30, t0: 5 };
    assert!(matches!(
        export_aegis_with_kdf(&a, None, FAST),
        Err(ExportError::Unrepresentable { index: 1, .. })
    ));
    assert!(matches!(
        export_aegis_with_kdf(
            &sample(),
            Some("pw"),
            AegisKdf {
                log_n: 0,
                r: 8,
                p: 1
            }
        ),
        Err(ExportError::InvalidKdfParams { .. })
    ));
}

#[test]
fn otpauth_list_round_trip() {
    let accounts = sample();
    let text = export_otpauth_list(&accounts);
    assert_eq!(text.lines().count(), accounts.len());
    let report = import(ImportFormat::OtpauthList, text.as_bytes(), None).unwrap();
    assert!(report.is_complete());
    let uris: Vec<_> = report.accounts.iter().map(|a| &a.uri).collect();
    let want: Vec<_> = accounts.iter().map(|a| &a.uri).collect();
    assert_eq!(uris, want);
}

#[test]
fn google_migration_round_trip_in_batches() {
    let mut accounts = Vec::new();
    for i in 0..23u8 {
        let params = if i % 3 == 0 {
            OtpParams::hotp(u64::from(i))
        } else {
            OtpParams::totp().with_digits(if i % 2 == 0 { 8 } else { 6 })
        };
        accounts.push(account(
            &[i + 1; 20],
            params,
            Some("Issuer"),
            &format!("user{i}"),
        ));
    }
    let uris = export_google_migration(&accounts).unwrap();
    assert_eq!(uris.len(), 3);
    // Scanned out of order, one twice.
    let text = [&uris[2], &uris[0], &uris[2], &uris[1]]
        .iter()
        .map(|u| format!("{u}\n"))
        .collect::<String>();
    let report = import(ImportFormat::GoogleMigration, text.as_bytes(), None).unwrap();
    assert!(report.is_complete(), "{:?}", report.failures);
    assert_eq!(report.accounts, accounts);

    let steam = vec![account(&[1; 10], OtpParams::steam(), None, "s")];
    assert!(export_google_migration(&steam).is_err());
}

fn arb_text() -> impl Strategy<Value = String> {
    // Trimmed, non-empty, with characters that need escaping in URIs and JSON.
    "[A-Za-z0-9][A-Za-z0-9 :@#&%+=?/ü\"'\\\\.-]{0,12}[A-Za-z0-9]"
}

prop_compose! {
    fn arb_params()(kind in 0..3u8, period in 1u64..400, counter in any::<u64>(),
                    digits in 1u8..=10, algorithm in 0..3u8) -> OtpParams {
        let algorithm = [Algorithm::Sha1, Algorithm::Sha256, Algorithm::Sha512][algorithm as usize];
        match kind {
            0 => OtpParams::totp().with_period(period).with_digits(digits).with_algorithm(algorithm),
            1 => OtpParams::hotp(counter).with_digits(digits).with_algorithm(algorithm),
            _ => OtpParams::steam(),
        }
    }
}

prop_compose! {
    fn arb_account()(secret in prop::collection::vec(any::<u8>(), 1..64),
                     params in arb_params(),
                     issuer in prop::option::of(arb_text()),
                     name in prop_oneof![Just(String::new()), arb_text()],
                     note in prop::option::of(arb_text()),
                     groups in prop::collection::btree_set(arb_text(), 0..3),
                     favorite in any::<bool>(),
                     icon in prop::option::of(prop::collection::vec(any::<u8>(), 1..40))) -> ImportedAccount {
        use base64::Engine as _;
        let mut a = account(&secret, params, issuer.as_deref(), &name);
        a.note = note;
        a.groups = groups.into_iter().collect();
        a.favorite = favorite;
        a.icon = icon.map(|bytes| format!(
            "data:image/png;base64,{}",
            base64::engine::general_purpose::STANDARD.encode(bytes)
        ));
        a
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn aegis_plain_round_trip_any(accounts in prop::collection::vec(arb_account(), 0..6)) {
        let vault = export_aegis_with_kdf(&accounts, None, FAST).unwrap();
        let report = import(ImportFormat::Aegis, vault.as_bytes(), None).unwrap();
        prop_assert!(report.is_complete());
        prop_assert_eq!(report.accounts, accounts);
    }

    #[test]
    fn otpauth_list_round_trip_any(accounts in prop::collection::vec(arb_account(), 0..6)) {
        let text = export_otpauth_list(&accounts);
        let report = import(ImportFormat::OtpauthList, text.as_bytes(), None).unwrap();
        prop_assert!(report.is_complete());
        let got: Vec<_> = report.accounts.into_iter().map(|a| a.uri).collect();
        let want: Vec<_> = accounts.into_iter().map(|a| a.uri).collect();
        prop_assert_eq!(got, want);
    }
}

/// SHA-224/384 and SHA-3 accounts survive an otpauth list and the vault's import path; the
/// formats that cannot name them (Aegis, Google's migration) refuse them instead of altering them.
#[test]
fn new_hash_algorithms_round_trip_or_are_refused() {
    let new = [
        Algorithm::Sha224,
        Algorithm::Sha384,
        Algorithm::Sha3_224,
        Algorithm::Sha3_256,
        Algorithm::Sha3_384,
        Algorithm::Sha3_512,
    ];
    let accounts: Vec<ImportedAccount> = new
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let params = if i % 2 == 0 {
                OtpParams::totp().with_algorithm(*a).with_digits(8)
            } else {
                OtpParams::hotp(i as u64).with_algorithm(*a)
            };
            account(
                &[i as u8 + 1; 20],
                params,
                Some("ACME"),
                &format!("user{i}"),
            )
        })
        .collect();
    let text = export_otpauth_list(&accounts);
    assert!(text.contains("algorithm=SHA3-256&"), "{text}");
    let report = import(ImportFormat::OtpauthList, text.as_bytes(), None).unwrap();
    assert!(report.is_complete(), "{:?}", report.failures);
    assert_eq!(report.accounts, accounts);

    for (index, a) in accounts.iter().enumerate() {
        let one = std::slice::from_ref(a);
        match export_aegis_with_kdf(one, None, FAST) {
            Err(ExportError::Unrepresentable { index: 0, reason }) => {
                assert!(reason.contains(new[index].as_str()), "{reason}")
            }
            other => panic!("{}: {other:?}", new[index]),
        }
        assert!(
            export_google_migration(one).is_err(),
            "{}: migration export",
            new[index]
        );
    }
}

/// mOTP and Yandex Key accounts (with their PINs) survive Aegis (its "motp"/"yandex" entries
/// with "pin") and otpauth lists (`motp://`, `otpauth://yaotp/`); Google's migration refuses them.
#[test]
fn pin_kinds_round_trip_through_aegis_and_uri_lists() {
    let pinned = |bytes: &[u8], pin: &str| {
        Secret::from_bytes(bytes.to_vec())
            .unwrap()
            .with_pin(pin)
            .unwrap()
    };
    let mut m = account(
        &[0xe3, 0x15, 0x2a, 0xfe],
        OtpParams::motp(),
        Some("Corp"),
        "m",
    );
    m.uri.secret = pinned(&[0xe3, 0x15, 0x2a, 0xfe, 0xe6, 0x25, 0x99, 0xc8], "1234");
    let mut y = account(&[1; 16], OtpParams::yandex(), Some("Yandex"), "y@ya.ru");
    y.uri.secret = pinned(&[5; 16], "5210481216086702");
    let accounts = vec![m, y];

    for password in [None, Some("pw")] {
        let vault = export_aegis_with_kdf(&accounts, password, FAST).unwrap();
        if password.is_some() {
            assert!(!vault.contains("5210481216086702"), "PIN in clear");
        }
        let report = import(ImportFormat::Aegis, vault.as_bytes(), password).unwrap();
        assert!(report.is_complete(), "{:?}", report.failures);
        assert_eq!(report.accounts, accounts);
        assert_eq!(
            report.accounts[1].uri.secret.pin(),
            Some("5210481216086702")
        );
    }
    let text = export_otpauth_list(&accounts);
    assert!(
        text.contains("motp://Corp:m?secret=e3152afee62599c8"),
        "{text}"
    );
    assert!(
        text.contains("otpauth://yaotp/Yandex:y%40ya.ru?secret="),
        "{text}"
    );
    let report = import(ImportFormat::OtpauthList, text.as_bytes(), None).unwrap();
    assert!(report.is_complete(), "{:?}", report.failures);
    assert_eq!(report.accounts, accounts);
    for (index, a) in accounts.iter().enumerate() {
        assert!(
            matches!(
                export_google_migration(std::slice::from_ref(a)),
                Err(otpkit::migration::MigrationError::Unrepresentable { index: 0, .. })
            ),
            "{index}"
        );
    }
    // Without a PIN, Aegis cannot hold the entry either.
    let mut no_pin = accounts[0].clone();
    no_pin.uri.secret = Secret::from_bytes(vec![1; 8]).unwrap();
    assert!(matches!(
        export_aegis_with_kdf(&[no_pin], None, FAST),
        Err(ExportError::Unrepresentable { index: 0, .. })
    ));
}
