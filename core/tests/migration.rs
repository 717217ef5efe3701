//! Google Authenticator migration import/export: shared vectors, hand-encoded protobuf fixtures,
//! round trips, policies, multi-QR batches.

use base64::Engine as _;
use otpkit::migration::{
    decode, encode, encode_with_batch_size, BatchAssembler, MigrationError, DEFAULT_BATCH_SIZE,
    MAX_BATCH_PARTS, MISSING_LISTED,
};
use otpkit::{Algorithm, OtpAuthUri, OtpKind, OtpParams, Secret};
use proptest::prelude::*;
use serde_json::Value;

const VECTORS: &str = include_str!("../../tests/vectors/migration.json");

fn entry(
    secret: &[u8],
    params: OtpParams,
    issuer: Option<&str>,
    label_issuer: Option<&str>,
    account: &str,
) -> OtpAuthUri {
    OtpAuthUri {
        secret: Secret::from_bytes(secret.to_vec()).unwrap(),
        params,
        issuer: issuer.map(str::to_string),
        label_issuer: label_issuer.map(str::to_string),
        account: account.to_string(),
        extra: vec![],
    }
}

fn simple(account: &str) -> OtpAuthUri {
    entry(
        b"12345678901234567890",
        OtpParams::totp(),
        Some("Co"),
        None,
        account,
    )
}

fn hex(s: &str) -> Vec<u8> {
    let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

/// Wraps raw payload bytes into a migration URI (standard base64, `+/=` percent-encoded).
fn uri_of(payload: &[u8]) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(payload);
    let data = b64
        .replace('+', "%2B")
        .replace('/', "%2F")
        .replace('=', "%3D");
    format!("otpauth-migration://offline?data={data}")
}

/// The payload bytes inside a URI produced by `encode`.
fn payload_of(uri: &str) -> Vec<u8> {
    let data = uri
        .strip_prefix("otpauth-migration://offline?data=")
        .unwrap();
    let b64 = data
        .replace("%2B", "+")
        .replace("%2F", "/")
        .replace("%3D", "=");
    base64::engine::general_purpose::STANDARD
        .decode(b64)
        .unwrap()
}

// ---------------------------------------------------------------------------------------------
// Shared vectors

fn expected_entry(v: &Value) -> OtpAuthUri {
    let s = |k: &str| v[k].as_str().map(str::to_string);
    let kind = match v["type"].as_str().unwrap() {
        "totp" => OtpKind::Totp { period: 30, t0: 0 },
        "hotp" => OtpKind::Hotp {
            counter: v["counter"].as_u64().unwrap(),
        },
        other => panic!("bad type {other}"),
    };
    if kind == (OtpKind::Totp { period: 30, t0: 0 }) {
        assert!(v["counter"].is_null());
    }
    OtpAuthUri {
        secret: Secret::from_base32(v["secret_base32"].as_str().unwrap()).unwrap(),
        params: OtpParams {
            kind,
            algorithm: v["algorithm"].as_str().unwrap().parse().unwrap(),
            digits: v["digits"].as_u64().unwrap() as u8,
        },
        issuer: s("issuer"),
        label_issuer: s("label_issuer"),
        account: s("account").unwrap(),
        extra: vec![],
    }
}

#[test]
fn shared_vectors() {
    let cases: Vec<Value> = serde_json::from_str(VECTORS).unwrap();
    assert!(cases.len() >= 25, "only {} vectors", cases.len());
    let (mut ok, mut err, mut canonical) = (0, 0, 0);
    for case in &cases {
        let name = case["name"].as_str().unwrap();
        let uri = case["uri"].as_str().unwrap();
        let result = decode(uri);
        if let Some(code) = case["error"].as_str() {
            let e = result.expect_err(name);
            assert_eq!(e.code(), code, "{name}: {e:?}");
            err += 1;
            continue;
        }
        let batch = result.unwrap_or_else(|e| panic!("{name}: {e:?}"));
        let expect: Vec<OtpAuthUri> = case["expect"]
            .as_array()
            .unwrap()
            .iter()
            .map(expected_entry)
            .collect();
        assert_eq!(batch.entries, expect, "{name}");
        let b = &case["batch"];
        assert_eq!(
            (
                batch.batch_size,
                batch.batch_index,
                batch.batch_id,
                batch.version
            ),
            (
                b["size"].as_i64().unwrap() as i32,
                b["index"].as_i64().unwrap() as i32,
                b["id"].as_i64().unwrap() as i32,
                b["version"].as_i64().unwrap() as i32
            ),
            "{name}"
        );
        if case["canonical"].as_bool() == Some(true) {
            // The vector's URI is byte-for-byte what our encoder writes.
            let out = encode_with_batch_size(&expect, 10, batch.batch_id).unwrap();
            assert_eq!(out, vec![uri.to_string()], "{name}");
            canonical += 1;
        }
        ok += 1;
    }
    assert!(
        ok >= 15 && err >= 10 && canonical >= 3,
        "{ok} {err} {canonical}"
    );
}

// ---------------------------------------------------------------------------------------------
// Fixtures independent of prost

#[test]
fn public_readme_example() {
    // The example from dim13/otpauth's README (one TOTP account, no batch fields).
    let batch = decode("otpauth-migration://offline?data=CjEKCkhlbGxvId6tvu8SGEV4YW1wbGU6YWxpY2VAZ29vZ2xlLmNvbRoHRXhhbXBsZTAC").unwrap();
    assert_eq!(batch.entries.len(), 1);
    let e = &batch.entries[0];
    assert_eq!(e.secret.as_bytes(), b"Hello!\xde\xad\xbe\xef");
    assert_eq!(e.secret.to_base32(), "JBSWY3DPEHPK3PXP");
    assert_eq!(e.account, "alice@google.com");
    assert_eq!(e.label_issuer.as_deref(), Some("Example"));
    assert_eq!(e.issuer.as_deref(), Some("Example"));
    assert_eq!(e.params, OtpParams::totp());
    assert_eq!(
        (
            batch.version,
            batch.batch_size,
            batch.batch_index,
            batch.batch_id
        ),
        (0, 0, 0, 0)
    );
}

#[test]
fn hand_encoded_fixture_every_field() {
    let payload = hex(concat!(
        "0a 24",                            // field 1 (otp_parameters), length 36
        "0a 04 01020304",                   // field 1 secret, 4 bytes
        "12 0d 4d79436f3a6d6540782e6f7267", // field 2 name "MyCo:me@x.org"
        "1a 04 4d79436f",                   // field 3 issuer "MyCo"
        "20 03",                            // field 4 algorithm SHA512
        "28 02",                            // field 5 digits EIGHT
        "30 01",                            // field 6 type HOTP
        "38 ac02",                          // field 7 counter 300 (varint)
        "0a 10",                            // second entry, length 16
        "0a 02 aabb",                       // secret
        "12 04 6e616d65",                   // name "name"
        "20 02 28 01 30 02",                // SHA256, SIX, TOTP
        "10 01",                            // field 2 version 1
        "18 03",                            // field 3 batch_size 3
        "20 01",                            // field 4 batch_index 1
        "28 b960",                          // field 5 batch_id 12345
    ));
    let batch = decode(&uri_of(&payload)).unwrap();
    assert_eq!(
        (
            batch.version,
            batch.batch_size,
            batch.batch_index,
            batch.batch_id
        ),
        (1, 3, 1, 12345)
    );
    assert_eq!(
        batch.entries,
        vec![
            entry(
                &[1, 2, 3, 4],
                OtpParams::hotp(300)
                    .with_algorithm(Algorithm::Sha512)
                    .with_digits(8),
                Some("MyCo"),
                Some("MyCo"),
                "me@x.org"
            ),
            entry(
                &[0xaa, 0xbb],
                OtpParams::totp().with_algorithm(Algorithm::Sha256),
                None,
                None,
                "name"
            ),
        ]
    );
}

#[test]
fn encoder_writes_documented_field_numbers() {
    let e = entry(
        &[1, 2, 3, 4],
        OtpParams::hotp(300)
            .with_algorithm(Algorithm::Sha512)
            .with_digits(8),
        Some("MyCo"),
        Some("MyCo"),
        "me@x.org",
    );
    let uris = encode_with_batch_size(&[e], 10, 12345).unwrap();
    assert_eq!(uris.len(), 1);
    let want = hex(concat!(
        "0a 24 0a 04 01020304 12 0d 4d79436f3a6d6540782e6f7267 1a 04 4d79436f",
        "20 03 28 02 30 01 38 ac02",
        "10 01 18 01 28 b960", // version 1, batch_size 1, batch_index 0 (omitted), batch_id
    ));
    assert_eq!(payload_of(&uris[0]), want);
}

// ---------------------------------------------------------------------------------------------
// Round trips

#[test]
fn round_trip_kinds_algorithms_digits() {
    let mut entries = Vec::new();
    for algorithm in [Algorithm::Sha1, Algorithm::Sha256, Algorithm::Sha512] {
        for digits in [6, 8] {
            entries.push(entry(
                b"0123456789abcdefghij",
                OtpParams::totp()
                    .with_algorithm(algorithm)
                    .with_digits(digits),
                Some("Issuer"),
                Some("Issuer"),
                &format!("totp-{algorithm}-{digits}"),
            ));
            entries.push(entry(
                &[0xff; 32],
                OtpParams::hotp(u64::from(digits) * 1_000_000_007)
                    .with_algorithm(algorithm)
                    .with_digits(digits),
                Some("Other"),
                None,
                &format!("hotp-{algorithm}-{digits}"),
            ));
        }
    }
    entries.push(entry(
        b"k",
        OtpParams::hotp(i64::MAX as u64),
        None,
        None,
        "",
    ));
    let uris = encode_with_batch_size(&entries, 100, 77).unwrap();
    assert_eq!(uris.len(), 1);
    let batch = decode(&uris[0]).unwrap();
    assert_eq!(batch.entries, entries);
    assert_eq!(
        (
            batch.version,
            batch.batch_size,
            batch.batch_index,
            batch.batch_id
        ),
        (1, 1, 0, 77)
    );
}

#[test]
fn issuer_falls_back_to_label_issuer_and_extra_is_dropped() {
    let mut e = entry(b"secret", OtpParams::totp(), None, Some("Lbl"), "acct");
    e.extra = vec![("image".into(), "https://x/y.png".into())];
    let back = decode(&encode(&[e]).unwrap()[0]).unwrap().entries;
    assert_eq!(
        back,
        vec![entry(
            b"secret",
            OtpParams::totp(),
            Some("Lbl"),
            Some("Lbl"),
            "acct"
        )]
    );
}

// ---------------------------------------------------------------------------------------------
// Decode policies and errors

#[test]
fn unspecified_enums_policy() {
    // secret "ab", name "n", all enums explicitly 0 plus a (TOTP-irrelevant) counter.
    let payload = hex("0a 18 0a 02 6162 12 01 6e 20 00 28 00 30 00 38 ffffffffffffffffff01");
    let e = &decode(&uri_of(&payload)).unwrap().entries[0];
    assert_eq!(e.params, OtpParams::totp()); // SHA1, 6 digits, TOTP 30 s, T0 0
                                             // Same with the fields absent altogether.
    let e = &decode(&uri_of(&hex("0a 07 0a 02 6162 12 01 6e")))
        .unwrap()
        .entries[0];
    assert_eq!(e.params, OtpParams::totp());
    assert_eq!(
        (e.issuer.as_deref(), e.label_issuer.as_deref()),
        (None, None)
    );
    assert_eq!(e.account, "n");
}

#[test]
fn md5_and_unknown_enum_values_name_the_entry() {
    let ok = "0a 08 0a 02 6162 12 02 6f6b";
    let bad = |field: &str| format!("{ok} 0a 06 0a 02 6162 {field}");
    let cases = [
        ("20 04", MigrationError::UnsupportedAlgorithm { index: 1 }),
        (
            "20 05",
            MigrationError::UnknownEnumValue {
                index: 1,
                field: "algorithm",
                value: 5,
            },
        ),
        (
            "28 03",
            MigrationError::UnknownEnumValue {
                index: 1,
                field: "digits",
                value: 3,
            },
        ),
        (
            "30 07",
            MigrationError::UnknownEnumValue {
                index: 1,
                field: "type",
                value: 7,
            },
        ),
    ];
    for (field, want) in cases {
        assert_eq!(decode(&uri_of(&hex(&bad(field)))), Err(want), "{field}");
    }
}

#[test]
fn invalid_entries() {
    // Empty secret in entry 0.
    let empty = hex("0a 04 0a 00 12 00");
    assert!(matches!(
        decode(&uri_of(&empty)),
        Err(MigrationError::InvalidEntry { index: 0, .. })
    ));
    // Missing secret field altogether.
    assert!(matches!(
        decode(&uri_of(&hex("0a 03 12 01 78"))),
        Err(MigrationError::InvalidEntry { index: 0, .. })
    ));
    // HOTP with counter -1.
    let neg = hex("0a 11 0a 02 6162 30 01 38 ffffffffffffffffff01");
    assert!(matches!(
        decode(&uri_of(&neg)),
        Err(MigrationError::InvalidEntry { index: 0, .. })
    ));
}

#[test]
fn uri_level_errors() {
    let good = uri_of(&hex("0a 06 0a 02 6162 30 02"));
    assert!(decode(&good).is_ok());
    for (uri, want) in [
        (
            "otpauth://totp/x?secret=AAAA",
            MigrationError::InvalidScheme,
        ),
        (
            "otpauth-migration:offline?data=CgA",
            MigrationError::InvalidScheme,
        ),
        ("https://offline?data=CgA", MigrationError::InvalidScheme),
        (
            "otpauth-migration://other?data=CgA",
            MigrationError::InvalidScheme,
        ),
        ("", MigrationError::InvalidScheme),
        ("otpauth-migration://offline", MigrationError::MissingData),
        (
            "otpauth-migration://offline?dat=CgA",
            MigrationError::MissingData,
        ),
        (
            "otpauth-migration://offline?data=&x=1",
            MigrationError::MissingData,
        ),
        (
            "otpauth-migration://offline?data=Cg*A",
            MigrationError::InvalidBase64,
        ),
        (
            "otpauth-migration://offline?data=C",
            MigrationError::InvalidBase64,
        ),
        (
            "otpauth-migration://offline?data=%FF%FE",
            MigrationError::InvalidBase64,
        ),
        // 0x0a 0x05 with nothing after it: truncated length-delimited field.
        (
            "otpauth-migration://offline?data=CgU",
            MigrationError::InvalidProtobuf,
        ),
        // Wire type 7 does not exist.
        (
            "otpauth-migration://offline?data=Dw",
            MigrationError::InvalidProtobuf,
        ),
    ] {
        assert_eq!(decode(uri), Err(want), "{uri:?}");
    }
}

#[test]
fn lenient_spelling_of_the_same_payload() {
    // Secret chosen so the base64 contains '+' and '/' and needs padding.
    let payload = hex("0a 0e 0a 0a 0102fbefbeffffff0304 30 02");
    let b64 = base64::engine::general_purpose::STANDARD.encode(&payload);
    assert!(
        b64.contains('+') && b64.contains('/') && b64.ends_with('='),
        "{b64}"
    );
    let want = decode(&uri_of(&payload)).unwrap();
    let url_safe = b64.replace('+', "-").replace('/', "_");
    for uri in [
        format!("otpauth-migration://offline?data={b64}"),
        format!("otpauth-migration://offline?data={}", b64.replace('+', " ")),
        format!(
            "otpauth-migration://offline?data={}",
            b64.replace('+', "%20")
        ),
        format!(
            "otpauth-migration://offline?data={}",
            b64.trim_end_matches('=')
        ),
        format!("otpauth-migration://offline?data={url_safe}"),
        format!("OtpAuth-Migration://OFFLINE?data={b64}"),
        format!("otpauth-migration://offline/?src=x&data={b64}&z=1#frag"),
        format!("  otpauth-migration://offline?data={b64}\n"),
    ] {
        assert_eq!(decode(&uri).as_ref(), Ok(&want), "{uri}");
    }
}

#[test]
fn errors_never_contain_secret_bytes() {
    let secret = "SUPERSECRETVALUE";
    let payload = [
        hex("0a 14 0a 10"),
        secret.as_bytes().to_vec(),
        hex("30 09"), // unknown type
    ]
    .concat();
    let err = decode(&uri_of(&payload)).unwrap_err();
    for text in [format!("{err}"), format!("{err:?}")] {
        assert!(!text.contains(secret), "{text}");
    }
    let mut e = simple("x");
    e.secret = Secret::from_bytes(secret.as_bytes().to_vec()).unwrap();
    e.params.digits = 7;
    let err = encode(&[e]).unwrap_err();
    assert!(!format!("{err:?}").contains(secret));
}

// ---------------------------------------------------------------------------------------------
// Encode policies

#[test]
fn unrepresentable_entries_are_rejected_with_their_index() {
    let ok = simple("ok");
    let mut digits = simple("d");
    digits.params.digits = 7;
    let period = entry(b"k", OtpParams::totp().with_period(60), None, None, "p");
    let t0 = entry(
        b"k",
        OtpParams {
            kind: OtpKind::Totp { period: 30, t0: 5 },
            ..OtpParams::totp()
        },
        None,
        None,
        "t",
    );
    let steam = entry(b"k", OtpParams::steam(), None, None, "s");
    let big = entry(b"k", OtpParams::hotp(u64::MAX), None, None, "h");
    let colon = entry(b"k", OtpParams::totp(), None, None, "a:b");
    let spaced = entry(b"k", OtpParams::totp(), None, Some("X"), " lead");
    for bad in [digits, period, t0, steam, big, colon, spaced] {
        let name = bad.account.clone();
        match encode(&[ok.clone(), ok.clone(), bad]) {
            Err(MigrationError::Unrepresentable { index: 2, reason }) => {
                assert!(!reason.is_empty())
            }
            other => panic!("{name}: {other:?}"),
        }
    }
    // 8 digits, label issuer with an account containing ':' are fine.
    let fine = entry(
        b"k",
        OtpParams::totp().with_digits(8),
        None,
        Some("X"),
        "a:b",
    );
    assert_eq!(
        decode(&encode(&[fine]).unwrap()[0]).unwrap().entries[0].account,
        "a:b"
    );
}

// ---------------------------------------------------------------------------------------------
// Multi-QR batches

fn many(n: usize) -> Vec<OtpAuthUri> {
    (0..n)
        .map(|i| {
            entry(
                &[(i % 255) as u8 + 1; 20],
                if i % 2 == 0 {
                    OtpParams::totp()
                } else {
                    OtpParams::hotp(i as u64)
                },
                Some("Co"),
                Some("Co"),
                &format!("user{i}"),
            )
        })
        .collect()
}

#[test]
fn twenty_five_entries_make_three_uris() {
    let entries = many(25);
    let uris = encode(&entries).unwrap();
    assert_eq!(DEFAULT_BATCH_SIZE, 10);
    assert_eq!(uris.len(), 3);
    let batches: Vec<_> = uris.iter().map(|u| decode(u).unwrap()).collect();
    let id = batches[0].batch_id;
    assert!(id > 0, "random batch id must be positive: {id}");
    for (i, b) in batches.iter().enumerate() {
        assert_eq!(
            (b.batch_size, b.batch_index, b.batch_id, b.version),
            (3, i as i32, id, 1)
        );
    }
    let sizes: Vec<_> = batches.iter().map(|b| b.entries.len()).collect();
    assert_eq!(sizes, [10, 10, 5]);
    let all: Vec<_> = batches.into_iter().flat_map(|b| b.entries).collect();
    assert_eq!(all, entries);
    assert!(encode(&[]).unwrap().is_empty());
    assert_eq!(
        encode_with_batch_size(&entries, 0, 1),
        Err(MigrationError::InvalidBatchSize)
    );
}

#[test]
fn assembler_out_of_order_with_duplicates() {
    let entries = many(7);
    let uris = encode_with_batch_size(&entries, 3, 4242).unwrap();
    assert_eq!(uris.len(), 3);
    let mut asm = BatchAssembler::new();
    assert!(!asm.is_complete());
    assert!(asm.missing().is_empty());
    asm.add(&uris[2]).unwrap();
    assert_eq!(asm.missing(), [0, 1]);
    assert_eq!((asm.batch_id(), asm.batch_size()), (Some(4242), Some(3)));
    asm.add(&uris[0]).unwrap();
    asm.add(&uris[2]).unwrap(); // same part scanned again
    assert_eq!(asm.missing(), [1]);
    assert!(!asm.is_complete());
    asm.add(&uris[1]).unwrap();
    assert!(asm.is_complete());
    assert!(asm.missing().is_empty());
    assert_eq!(asm.finish().unwrap(), entries);
}

#[test]
fn assembler_reports_missing_parts() {
    let uris = encode_with_batch_size(&many(9), 2, 5).unwrap();
    assert_eq!(uris.len(), 5);
    let mut asm = BatchAssembler::new();
    asm.add(&uris[1]).unwrap();
    asm.add(&uris[3]).unwrap();
    assert_eq!(
        asm.finish(),
        Err(MigrationError::MissingParts {
            count: 3,
            first: vec![0, 2, 4]
        })
    );
    assert_eq!(BatchAssembler::new().finish(), Err(MigrationError::NoParts));
}

#[test]
fn assembler_rejects_foreign_and_conflicting_parts() {
    let a = encode_with_batch_size(&many(4), 2, 100).unwrap();
    let b = encode_with_batch_size(&many(4), 2, 200).unwrap();
    let c = encode_with_batch_size(&many(6), 2, 100).unwrap();
    let mut asm = BatchAssembler::new();
    asm.add(&a[0]).unwrap();
    assert_eq!(
        asm.add(&b[1]),
        Err(MigrationError::BatchMismatch {
            field: "batch_id",
            expected: 100,
            found: 200
        })
    );
    assert_eq!(
        asm.add(&c[1]),
        Err(MigrationError::BatchMismatch {
            field: "batch_size",
            expected: 2,
            found: 3
        })
    );
    // Same id, size and index, different entries.
    let other = encode_with_batch_size(&[simple("x"), simple("y"), simple("z")], 2, 100).unwrap();
    assert_eq!(
        asm.add(&other[0]),
        Err(MigrationError::ConflictingPart { batch_index: 0 })
    );
    assert_eq!(asm.add("garbage"), Err(MigrationError::InvalidScheme));
    // Failed adds left the state alone.
    assert_eq!(asm.missing(), [1]);
    asm.add(&a[1]).unwrap();
    assert_eq!(asm.finish().unwrap(), many(4));

    // batch_index outside 0..batch_size.
    let out_of_range = hex("0a 06 0a 02 6162 30 02 18 02 20 02");
    assert_eq!(
        BatchAssembler::new().add(&uri_of(&out_of_range)),
        Err(MigrationError::BatchIndexOutOfRange {
            batch_index: 2,
            batch_size: 2
        })
    );
    // No batch fields at all (older exporters): a single complete part.
    let mut single = BatchAssembler::new();
    single.add(&uri_of(&hex("0a 06 0a 02 6162 30 02"))).unwrap();
    assert!(single.is_complete());
    assert_eq!(single.finish().unwrap().len(), 1);
}

// ---------------------------------------------------------------------------------------------
// Property: encode → assemble is the identity on representable entries.

fn arb_entry() -> impl Strategy<Value = OtpAuthUri> {
    let kind = prop_oneof![
        Just(OtpKind::Totp { period: 30, t0: 0 }),
        (0..=i64::MAX as u64).prop_map(|counter| OtpKind::Hotp { counter }),
    ];
    let algorithm = prop_oneof![
        Just(Algorithm::Sha1),
        Just(Algorithm::Sha256),
        Just(Algorithm::Sha512)
    ];
    (
        proptest::collection::vec(any::<u8>(), 1..64),
        kind,
        algorithm,
        prop_oneof![Just(6u8), Just(8u8)],
        proptest::option::of("[A-Za-z0-9][A-Za-z0-9 .&é]{0,12}[A-Za-z0-9]"),
        proptest::option::of("[A-Za-z0-9][A-Za-z0-9 .é-]{0,12}"),
        "[A-Za-z0-9@._+-][A-Za-z0-9@._+ -]{0,20}",
    )
        .prop_map(
            |(secret, kind, algorithm, digits, label_issuer, issuer, account)| OtpAuthUri {
                secret: Secret::from_bytes(secret).unwrap(),
                params: OtpParams {
                    kind,
                    algorithm,
                    digits,
                },
                issuer,
                label_issuer,
                account,
                extra: vec![],
            },
        )
}

proptest! {
    #[test]
    fn prop_round_trip(entries in proptest::collection::vec(arb_entry(), 1..30),
                       per_batch in 1usize..12, batch_id in any::<i32>()) {
        let uris = encode_with_batch_size(&entries, per_batch, batch_id).unwrap();
        prop_assert_eq!(uris.len(), entries.len().div_ceil(per_batch));
        let mut asm = BatchAssembler::new();
        for uri in uris.iter().rev() {
            prop_assert!(uri.starts_with("otpauth-migration://offline?data="));
            prop_assert!(uri[33..].bytes().all(|b| b.is_ascii_alphanumeric() || b == b'%'));
            asm.add(uri).unwrap();
        }
        let expected: Vec<OtpAuthUri> = entries
            .into_iter()
            .map(|mut e| {
                e.issuer = e.issuer.or_else(|| e.label_issuer.clone());
                e
            })
            .collect();
        prop_assert_eq!(asm.finish().unwrap(), expected);
    }
}

/// One entry ("ab", TOTP) with the given batch_size and batch_index varints.
fn payload_with_batch(size_varint: &str, index_varint: &str) -> String {
    uri_of(&hex(&format!(
        "0a 06 0a 02 6162 30 02 18 {size_varint} 20 {index_varint}"
    )))
}

#[test]
fn assembler_refuses_huge_claimed_batch_sizes_without_allocating() {
    // batch_size = 2^31-1, batch_index = 0: once built a 2^31-element range (4 GB, abort).
    for size in [
        "ff ff ff ff 07",
        "c0 84 3d", /* 1,000,000 */
        "81 02",    /* 257 */
    ] {
        let mut asm = BatchAssembler::new();
        let err = asm.add(&payload_with_batch(size, "00")).unwrap_err();
        assert!(
            matches!(err, MigrationError::BatchTooLarge { max, .. } if max == MAX_BATCH_PARTS),
            "{err:?}"
        );
        assert!(err.to_string().len() < 80, "{err}");
        assert_eq!(
            asm.batch_size(),
            None,
            "a refused part leaves the assembler empty"
        );
        assert!(asm.missing().is_empty());
    }
    // The cap itself is accepted, and missing parts come back as a count plus a few indices.
    let mut asm = BatchAssembler::new();
    asm.add(&payload_with_batch("80 02" /* 256 */, "00"))
        .unwrap();
    assert_eq!(asm.missing_count(), 255);
    let err = asm.finish().unwrap_err();
    assert_eq!(
        err,
        MigrationError::MissingParts {
            count: 255,
            first: (1..=MISSING_LISTED as i32).collect()
        }
    );
    assert_eq!(
        err.to_string(),
        "255 batch part(s) missing: 1, 2, 3, 4, 5, ..."
    );
}

#[test]
fn encoder_refuses_exports_over_the_part_limit() {
    let entries = many(MAX_BATCH_PARTS as usize + 1);
    assert!(matches!(
        encode_with_batch_size(&entries, 1, 7),
        Err(MigrationError::BatchTooLarge {
            batch_size: 257,
            ..
        })
    ));
    assert_eq!(
        encode_with_batch_size(&entries[1..], 1, 7).unwrap().len(),
        MAX_BATCH_PARTS as usize
    );
}
