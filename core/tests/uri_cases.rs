//! otpauth:// URI parsing (lenient) and canonical emission.
//!
//! One named test per leniency rule, the shared vectors in `tests/vectors/uri.json` (also read by
//! the Kotlin, Swift and Python tests), and round-trip properties.
//!
//! Vector format: an array of `{"name", "uri", "expect": {...}, "canonical"}` or
//! `{"name", "uri", "error", "detail"?}`. `error` is the `UriError` variant name; `detail` is the
//! inner `SecretError`/`ParamsError` variant for `InvalidSecret`/`Params`, the parameter name for
//! `InvalidParameter`, the type for `UnknownType` and the part for `InvalidEncoding`.

use otpkit::{
    Algorithm, OtpAuthUri, OtpKind, OtpParams, ParamsError, Secret, SecretError, UriError,
    UriWarning,
};
use proptest::prelude::*;
use serde_json::Value;

const S160: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const S80: &str = "JBSWY3DPEHPK3PXP";

fn parse(uri: &str) -> OtpAuthUri {
    OtpAuthUri::parse(uri).unwrap_or_else(|e| panic!("{uri}: {e}"))
}

fn err(uri: &str) -> UriError {
    match OtpAuthUri::parse(uri) {
        Ok(u) => panic!("{uri} parsed: {u:?}"),
        Err(e) => e,
    }
}

/// Parsing the canonical form gives the same value, and emitting is a fixed point.
fn assert_stable(u: &OtpAuthUri) {
    let canonical = u.to_uri();
    let again = parse(&canonical);
    assert_eq!(&again, u, "{canonical}");
    assert_eq!(again.to_uri(), canonical);
}

// 1. Label issuer and issuer parameter.
#[test]
fn label_issuer_and_issuer_parameter_are_both_kept() {
    let u = parse(&format!(
        "otpauth://totp/Microsoft:alice%40contoso.com?secret={S160}&issuer=Microsoft"
    ));
    assert_eq!(u.issuer.as_deref(), Some("Microsoft"));
    assert_eq!(u.label_issuer.as_deref(), Some("Microsoft"));
    assert_eq!(u.account, "alice@contoso.com");
    assert!(u.warnings().is_empty());

    let u = parse(&format!(
        "otpauth://totp/alice@contoso.com?secret={S160}&issuer=Microsoft"
    ));
    assert_eq!(u.issuer.as_deref(), Some("Microsoft"));
    assert_eq!(u.label_issuer, None);
    assert_eq!(u.account, "alice@contoso.com");
    assert_eq!(u.display_issuer(), Some("Microsoft"));
    assert_eq!(
        u.to_uri(),
        format!("otpauth://totp/alice%40contoso.com?secret={S160}&issuer=Microsoft&algorithm=SHA1&digits=6&period=30")
    );

    let u = parse(&format!(
        "otpauth://totp/Contoso:bob?secret={S160}&issuer=Microsoft"
    ));
    assert_eq!(u.label_issuer.as_deref(), Some("Contoso"));
    assert_eq!(u.issuer.as_deref(), Some("Microsoft"));
    assert_eq!(u.display_issuer(), Some("Microsoft"));
    assert_eq!(
        u.warnings(),
        vec![UriWarning::IssuerMismatch {
            label_issuer: "Contoso".into(),
            issuer: "Microsoft".into()
        }]
    );
    assert_stable(&u);

    let u = parse(&format!("otpauth://totp/Contoso:bob?secret={S160}"));
    assert_eq!(u.issuer, None);
    assert_eq!(u.display_issuer(), Some("Contoso"));
}

// 2. Separator forms and trimming.
#[test]
fn label_separator_variants_and_space_trimming() {
    for label in [
        "ACME:alice",
        "ACME%3Aalice",
        "ACME%3aalice",
        "ACME: alice",
        "ACME:%20alice",
        "ACME%3A%20%20alice",
        "ACME%3a alice ",
        " ACME :alice",
    ] {
        let u = parse(&format!("otpauth://totp/{label}?secret={S160}"));
        assert_eq!(u.label_issuer.as_deref(), Some("ACME"), "{label}");
        assert_eq!(u.account, "alice", "{label}");
        assert_eq!(u.label(), "ACME:alice");
    }
    // A literal `:` is preferred over an encoded one, so an issuer may contain an encoded colon.
    let u = parse(&format!("otpauth://totp/A%3AB:carol?secret={S160}"));
    assert_eq!(u.label_issuer.as_deref(), Some("A:B"));
    assert_eq!(u.account, "carol");
    // An empty prefix means no label issuer; the account keeps its colon.
    let u = parse(&format!("otpauth://totp/:urn%3Aalice?secret={S160}"));
    assert_eq!(u.label_issuer, None);
    assert_eq!(u.account, "urn:alice");
    assert!(u.to_uri().starts_with("otpauth://totp/:urn%3Aalice?"));
    assert_stable(&u);
}

// 3. `+` is literal in the label, a space in the query.
#[test]
fn plus_is_literal_in_label_and_space_in_query() {
    let u = parse(&format!(
        "otpauth://totp/Big+Corp:alice+tag@example.com?secret={S160}&issuer=Big+Corp"
    ));
    assert_eq!(u.label_issuer.as_deref(), Some("Big+Corp"));
    assert_eq!(u.account, "alice+tag@example.com");
    assert_eq!(u.issuer.as_deref(), Some("Big Corp"));
    assert_eq!(
        u.to_uri(),
        format!("otpauth://totp/Big%2BCorp:alice%2Btag%40example.com?secret={S160}&issuer=Big%20Corp&algorithm=SHA1&digits=6&period=30")
    );
    let u = parse(&format!(
        "otpauth://totp/a?secret={S160}&issuer=A%2BB&note=x+y%2Bz"
    ));
    assert_eq!(u.issuer.as_deref(), Some("A+B"));
    assert_eq!(u.extra, vec![("note".to_string(), "x y+z".to_string())]);
    assert_stable(&u);
}

// 4. `#` does not start a fragment.
#[test]
fn hash_is_not_a_fragment() {
    let u = parse(&format!(
        "otpauth://totp/Issuer:user#1?secret={S160}&issuer=Issuer"
    ));
    assert_eq!(u.label_issuer.as_deref(), Some("Issuer"));
    assert_eq!(u.account, "user#1");
    assert_eq!(u.issuer.as_deref(), Some("Issuer"));
    assert!(u.to_uri().starts_with("otpauth://totp/Issuer:user%231?"));
    assert_stable(&u);

    let u = parse(&format!(
        "otpauth://totp/x?secret={S160}&issuer=Fish#Chips&note=a#b"
    ));
    assert_eq!(u.issuer.as_deref(), Some("Fish#Chips"));
    assert_eq!(u.extra, vec![("note".to_string(), "a#b".to_string())]);
    // A `#` right after the secret is part of the secret (and so an error), not a fragment.
    assert!(matches!(
        err(&format!("otpauth://totp/x?secret={S160}#frag")),
        UriError::InvalidSecret(SecretError::InvalidCharacter { position: 32 })
    ));
}

// 5. Non-ASCII labels.
#[test]
fn non_ascii_labels_raw_and_encoded() {
    let a = parse(&format!(
        "otpauth://totp/B%C3%BCcher:j%C3%BCrgen?secret={S160}&issuer=B%C3%BCcher"
    ));
    let b = parse(&format!(
        "otpauth://totp/Bücher:jürgen?secret={S160}&issuer=Bücher"
    ));
    assert_eq!(a, b);
    assert_eq!(a.label_issuer.as_deref(), Some("Bücher"));
    assert_eq!(a.account, "jürgen");
    assert_eq!(a.to_uri(), format!("otpauth://totp/B%C3%BCcher:j%C3%BCrgen?secret={S160}&issuer=B%C3%BCcher&algorithm=SHA1&digits=6&period=30"));

    let c = parse(&format!(
        "otpauth://totp/例え:ユーザー?secret={S160}&issuer=例え"
    ));
    assert_eq!(c.issuer.as_deref(), Some("例え"));
    assert_eq!(c.account, "ユーザー");
    assert_stable(&c);

    assert_eq!(
        err(&format!("otpauth://totp/%FF?secret={S160}")),
        UriError::InvalidEncoding("label")
    );
    assert_eq!(
        err(&format!("otpauth://totp/a?secret={S160}&issuer=%C3")),
        UriError::InvalidEncoding("query")
    );
}

// 6. Case-insensitive scheme, type and keys.
#[test]
fn upper_case_scheme_type_and_keys() {
    let u = parse(&format!(
        "OTPAUTH://TOTP/ACME:alice?SECRET={S160}&ISSUER=ACME&ALGORITHM=sha256&DIGITS=8&PERIOD=60"
    ));
    assert_eq!(
        u.params,
        OtpParams::totp()
            .with_algorithm(Algorithm::Sha256)
            .with_digits(8)
            .with_period(60)
    );
    assert_eq!(u.issuer.as_deref(), Some("ACME"));
    assert_eq!(
        u.to_uri(),
        format!("otpauth://totp/ACME:alice?secret={S160}&issuer=ACME&algorithm=SHA256&digits=8&period=60")
    );
    let h = parse(&format!("OtpAuth://HoTp/a?Secret={S160}&Counter=3"));
    assert_eq!(h.params.kind, OtpKind::Hotp { counter: 3 });
}

// 7. Algorithm names.
#[test]
fn algorithm_names_are_lenient_and_emitted_upper_case() {
    for (name, alg) in [
        ("sha1", Algorithm::Sha1),
        ("SHA-1", Algorithm::Sha1),
        ("sha256", Algorithm::Sha256),
        ("Sha-256", Algorithm::Sha256),
        ("SHA_512", Algorithm::Sha512),
        ("HmacSHA512", Algorithm::Sha512),
        ("SHA224", Algorithm::Sha224),
        ("sha-224", Algorithm::Sha224),
        ("SHA384", Algorithm::Sha384),
        ("SHA3-224", Algorithm::Sha3_224),
        ("sha3-256", Algorithm::Sha3_256),
        ("SHA3_256", Algorithm::Sha3_256),
        ("sha3_384", Algorithm::Sha3_384),
        ("SHA3-512", Algorithm::Sha3_512),
    ] {
        let u = parse(&format!("otpauth://totp/a?secret={S160}&algorithm={name}"));
        assert_eq!(u.params.algorithm, alg, "{name}");
        assert!(
            u.to_uri()
                .contains(&format!("&algorithm={}&", alg.as_str())),
            "{name}"
        );
    }
    assert_eq!(
        err(&format!("otpauth://totp/a?secret={S160}&algorithm=MD5")),
        UriError::Params(ParamsError::Md5NotSupported)
    );
    assert_eq!(
        err(&format!(
            "otpauth://hotp/a?secret={S160}&counter=1&algorithm=md5"
        )),
        UriError::Params(ParamsError::Md5NotSupported)
    );
    assert_eq!(
        err(&format!("otpauth://totp/a?secret={S160}&algorithm=SHA3")),
        UriError::Params(ParamsError::UnknownAlgorithm("SHA3".into()))
    );
}

// 8. Missing or empty parameters take the defaults.
#[test]
fn missing_or_empty_parameters_take_defaults() {
    for query in [
        "",
        "&algorithm=&digits=&period=",
        "&algorithm&digits&period",
        "&digits=%20&issuer=",
        "&issuer=+",
    ] {
        let u = parse(&format!("otpauth://totp/a?secret={S160}{query}"));
        assert_eq!(u.params, OtpParams::totp(), "{query}");
        assert_eq!(u.issuer, None, "{query}");
        assert!(u.extra.is_empty(), "{query}");
    }
    let u = parse(&format!("otpauth://totp?secret={S160}"));
    assert_eq!((u.label_issuer, u.account.as_str()), (None, ""));
}

// 9. Range and number checks.
#[test]
fn period_zero_and_bad_digits_are_typed_errors() {
    let base = format!("otpauth://totp/a?secret={S160}");
    assert_eq!(
        err(&format!("{base}&period=0")),
        UriError::Params(ParamsError::InvalidPeriod(0))
    );
    assert_eq!(
        err(&format!("{base}&digits=11")),
        UriError::Params(ParamsError::InvalidDigits(11))
    );
    assert_eq!(
        err(&format!("{base}&digits=0")),
        UriError::Params(ParamsError::InvalidDigits(0))
    );
    assert_eq!(
        err(&format!("{base}&digits=six")),
        UriError::InvalidParameter {
            name: "digits",
            value: "six".into()
        }
    );
    assert_eq!(
        err(&format!("{base}&digits=99999999999")),
        UriError::InvalidParameter {
            name: "digits",
            value: "99999999999".into()
        }
    );
    assert_eq!(
        err(&format!("{base}&period=-30")),
        UriError::InvalidParameter {
            name: "period",
            value: "-30".into()
        }
    );
    assert_eq!(parse(&format!("{base}&digits=10")).params.digits, 10);
    assert_eq!(parse(&format!("{base}&digits=%208%20")).params.digits, 8);
    // The messages name the parameter.
    assert_eq!(
        err(&format!("{base}&digits=six")).to_string(),
        "invalid digits parameter: \"six\""
    );
}

// 10. Unknown parameters and duplicates.
#[test]
fn unknown_parameters_are_kept_and_reemitted_in_order() {
    let u = parse(&format!(
        "otpauth://totp/ACME:alice?image=https%3A%2F%2Fexample.com%2Fa.png&secret={S160}&t0=10&issuer=ACME&Color=dark+blue&flag&&"
    ));
    assert_eq!(
        u.extra,
        vec![
            ("image".to_string(), "https://example.com/a.png".to_string()),
            ("t0".to_string(), "10".to_string()),
            ("Color".to_string(), "dark blue".to_string()),
            ("flag".to_string(), String::new()),
        ]
    );
    assert_eq!(
        u.to_uri(),
        format!("otpauth://totp/ACME:alice?secret={S160}&issuer=ACME&algorithm=SHA1&digits=6&period=30&image=https%3A%2F%2Fexample.com%2Fa.png&t0=10&Color=dark%20blue&flag=")
    );
    assert_stable(&u);

    // Duplicate known parameters: the first occurrence wins, later ones are dropped.
    let u = parse(&format!(
        "otpauth://totp/a?secret={S160}&digits=8&DIGITS=6&issuer=First&issuer=Second&secret={S80}"
    ));
    assert_eq!(u.params.digits, 8);
    assert_eq!(u.issuer.as_deref(), Some("First"));
    assert_eq!(u.secret.to_base32(), S160);
    assert!(u.extra.is_empty());
}

// 11. Steam.
#[test]
fn steam_scheme_type_and_encoder() {
    let u = parse(&format!("steam://{S160}"));
    assert_eq!(u.params, OtpParams::steam());
    assert_eq!(u.issuer.as_deref(), Some("Steam"));
    assert_eq!(u.account, "");
    assert_eq!(
        u.to_uri(),
        format!("otpauth://steam/?secret={S160}&issuer=Steam")
    );
    assert_stable(&u);
    assert_eq!(parse(&format!("STEAM://{}/", S160.to_lowercase())), u);

    let a = parse(&format!(
        "otpauth://steam/Steam:gaben?secret={S160}&issuer=Steam"
    ));
    let b = parse(&format!(
        "otpauth://totp/Steam:gaben?secret={S160}&period=30&digits=5&issuer=Steam&encoder=steam"
    ));
    assert_eq!(a, b);
    assert_eq!(a.params, OtpParams::steam());
    assert_eq!(a.account, "gaben");
    assert_eq!(
        a.to_uri(),
        format!("otpauth://steam/Steam:gaben?secret={S160}&issuer=Steam")
    );
    // Steam parameters are fixed: whatever the URI says is ignored.
    let c = parse(&format!(
        "otpauth://steam/x?secret={S160}&digits=8&algorithm=SHA512&period=60"
    ));
    assert_eq!(c.params, OtpParams::steam());
    assert_eq!(err("steam://"), UriError::MissingSecret);
    assert_eq!(parse(&format!("steam://?secret={S160}")), u);
}

// 12. HOTP counters.
#[test]
fn hotp_requires_a_numeric_counter() {
    let u = parse(&format!(
        "otpauth://hotp/ACME:alice?secret={S160}&issuer=ACME&counter=42"
    ));
    assert_eq!(u.params, OtpParams::hotp(42));
    assert_eq!(
        u.to_uri(),
        format!("otpauth://hotp/ACME:alice?secret={S160}&issuer=ACME&algorithm=SHA1&digits=6&counter=42")
    );
    assert_stable(&u);
    let max = parse(&format!(
        "otpauth://hotp/a?secret={S160}&counter=18446744073709551615"
    ));
    assert_eq!(max.params.kind, OtpKind::Hotp { counter: u64::MAX });

    let base = format!("otpauth://hotp/a?secret={S160}");
    assert_eq!(err(&base), UriError::MissingCounter);
    assert_eq!(err(&format!("{base}&counter=")), UriError::MissingCounter);
    assert_eq!(
        err(&format!("{base}&counter=-1")),
        UriError::InvalidParameter {
            name: "counter",
            value: "-1".into()
        }
    );
    assert_eq!(
        err(&format!("{base}&counter=18446744073709551616")),
        UriError::InvalidParameter {
            name: "counter",
            value: "18446744073709551616".into()
        }
    );
    // A counter on a TOTP URI is consumed and ignored.
    let t = parse(&format!("otpauth://totp/a?secret={S160}&counter=5"));
    assert_eq!(t.params, OtpParams::totp());
    assert!(t.extra.is_empty());
}

// 13. Secrets, schemes and types.
#[test]
fn secret_scheme_and_type_errors() {
    assert_eq!(
        err("otpauth://totp/a?secret=JBSW1Y3DP"),
        UriError::InvalidSecret(SecretError::InvalidCharacter { position: 4 })
    );
    let lenient = parse("otpauth://totp/a?secret=jbsw%20y3dp+ehpk-3pxp%3D%3D==");
    assert_eq!(lenient.secret, Secret::from_base32(S80).unwrap());
    assert_eq!(
        lenient.warnings(),
        vec![UriWarning::ShortSecret { bits: 80 }]
    );
    assert_eq!(lenient.warnings()[0].code(), "short_secret");

    assert_eq!(err("otpauth://totp/a?issuer=ACME"), UriError::MissingSecret);
    assert_eq!(
        err("otpauth://totp/a?secret=&issuer=ACME"),
        UriError::MissingSecret
    );
    assert_eq!(
        err(&format!("https://example.com/?secret={S160}")),
        UriError::InvalidScheme
    );
    assert_eq!(err(""), UriError::InvalidScheme);
    assert_eq!(
        err(&format!("otpauth://motp/a?secret={S160}")),
        UriError::UnknownType("motp".into())
    );
    // Errors never echo the secret.
    let e = err("otpauth://totp/a?secret=SUPERSECRET1");
    assert!(!format!("{e} {e:?}").contains("SUPERSECRET"));
}

#[test]
fn surrounding_whitespace_and_single_slash_are_tolerated() {
    let expected = parse(&format!("otpauth://totp/a?secret={S160}"));
    assert_eq!(
        parse(&format!(" \t otpauth://totp/a?secret={S160}\r\n")),
        expected
    );
    assert_eq!(parse(&format!("otpauth:/totp/a?secret={S160}")), expected);
}

#[test]
fn new_totp_and_debug_redaction() {
    let u = OtpAuthUri::new_totp(
        Secret::from_base32(S160).unwrap(),
        Some("ACME Co".into()),
        "alice@example.com".into(),
    );
    assert_eq!(u.label_issuer.as_deref(), Some("ACME Co"));
    assert_eq!(
        u.to_uri(),
        format!("otpauth://totp/ACME%20Co:alice%40example.com?secret={S160}&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30")
    );
    assert!(!format!("{u:?}").contains(S160));
    assert_stable(&u);
}

// ---- shared vectors ----

fn error_name(e: &UriError) -> (&'static str, Option<String>) {
    match e {
        UriError::InvalidScheme => ("InvalidScheme", None),
        UriError::UnknownType(t) => ("UnknownType", Some(t.clone())),
        UriError::MissingSecret => ("MissingSecret", None),
        UriError::InvalidSecret(s) => (
            "InvalidSecret",
            Some(
                match s {
                    SecretError::Empty => "Empty",
                    SecretError::InvalidCharacter { .. } => "InvalidCharacter",
                    SecretError::InvalidLength => "InvalidLength",
                    SecretError::InvalidPin => "InvalidPin",
                    SecretError::InvalidHex => "InvalidHex",
                    SecretError::InvalidGeneratedLength(_) => "InvalidGeneratedLength",
                }
                .into(),
            ),
        ),
        UriError::InvalidParameter { name, .. } => ("InvalidParameter", Some(name.to_string())),
        UriError::MissingCounter => ("MissingCounter", None),
        UriError::Params(p) => (
            "Params",
            Some(
                match p {
                    ParamsError::InvalidDigits(_) => "InvalidDigits",
                    ParamsError::InvalidPeriod(_) => "InvalidPeriod",
                    ParamsError::UnknownAlgorithm(_) => "UnknownAlgorithm",
                    ParamsError::Md5NotSupported => "Md5NotSupported",
                    ParamsError::InvalidMotpParams => "InvalidMotpParams",
                    ParamsError::InvalidYandexParams => "InvalidYandexParams",
                    ParamsError::MissingPin { .. } => "MissingPin",
                    ParamsError::UnexpectedPin { .. } => "UnexpectedPin",
                    ParamsError::InvalidYandexSecret(_) => "InvalidYandexSecret",
                    ParamsError::InvalidSteamParams => "InvalidSteamParams",
                    ParamsError::WindowTooLarge { .. } => "WindowTooLarge",
                    ParamsError::BatchTooLarge { .. } => "BatchTooLarge",
                }
                .into(),
            ),
        ),
        UriError::InvalidEncoding(part) => ("InvalidEncoding", Some(part.to_string())),
    }
}

fn opt_str(v: &Value) -> Option<&str> {
    v.as_str()
}

#[test]
fn shared_vectors() {
    let cases: Vec<Value> =
        serde_json::from_str(include_str!("../../tests/vectors/uri.json")).unwrap();
    assert!(cases.len() >= 40, "{}", cases.len());
    for case in &cases {
        let name = case["name"].as_str().unwrap();
        let uri = case["uri"].as_str().unwrap();
        let result = OtpAuthUri::parse(uri);
        if let Some(error) = case.get("error") {
            let e = result.expect_err(name);
            let (variant, detail) = error_name(&e);
            assert_eq!(variant, error.as_str().unwrap(), "{name}: {e:?}");
            if let Some(d) = case.get("detail") {
                assert_eq!(detail.as_deref(), d.as_str(), "{name}: {e:?}");
            }
            continue;
        }
        let u = result.unwrap_or_else(|e| panic!("{name}: {e}"));
        let x = &case["expect"];
        let (ty, period, counter) = match u.params.kind {
            OtpKind::Totp { period, t0 } => {
                assert_eq!(t0, 0);
                ("totp", Some(period), None)
            }
            OtpKind::Hotp { counter } => ("hotp", None, Some(counter)),
            OtpKind::Steam { period } | OtpKind::Motp { period } | OtpKind::Yandex { period } => {
                (u.params.kind.name(), Some(period), None)
            }
        };
        assert_eq!(ty, x["type"], "{name}");
        assert_eq!(u.secret.pin(), opt_str(&x["pin"]), "{name}: pin");
        assert_eq!(u.issuer.as_deref(), opt_str(&x["issuer"]), "{name}");
        assert_eq!(
            u.label_issuer.as_deref(),
            opt_str(&x["label_issuer"]),
            "{name}"
        );
        assert_eq!(u.account, x["account"], "{name}");
        assert_eq!(u.secret.to_base32(), x["secret"], "{name}");
        assert_eq!(u.params.algorithm.as_str(), x["algorithm"], "{name}");
        assert_eq!(
            u.params.digits,
            x["digits"].as_u64().unwrap() as u8,
            "{name}"
        );
        assert_eq!(period, x["period"].as_u64(), "{name}");
        assert_eq!(counter, x["counter"].as_u64(), "{name}");
        let extra: Vec<(String, String)> = x["extra"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    p[0].as_str().unwrap().to_string(),
                    p[1].as_str().unwrap().to_string(),
                )
            })
            .collect();
        assert_eq!(u.extra, extra, "{name}");
        let warnings: Vec<&str> = u.warnings().iter().map(|w| w.code()).collect();
        let expected: Vec<&str> = x["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w.as_str().unwrap())
            .collect();
        assert_eq!(warnings, expected, "{name}");
        let canonical = case["canonical"].as_str().unwrap();
        assert_eq!(u.to_uri(), canonical, "{name}");
        assert_eq!(parse(canonical), u, "{name}");
    }
}

// ---- properties ----

/// Strings with the characters that matter to URIs, plus arbitrary Unicode, without surrounding
/// whitespace (the parser trims labels and issuers).
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 :#+&=%?@/.~_\\-éü中文😀\t]{0,12}",
        any::<String>(),
    ]
    .prop_map(|s| s.trim().to_string())
}

fn issuer() -> impl Strategy<Value = Option<String>> {
    prop::option::of(text()).prop_map(|o| o.filter(|s| !s.is_empty()))
}

fn algorithm() -> impl Strategy<Value = Algorithm> {
    prop::sample::select(Algorithm::ALL.to_vec())
}

fn params() -> impl Strategy<Value = OtpParams> {
    prop_oneof![
        (1u64.., algorithm(), 1u8..=10).prop_map(|(p, a, d)| OtpParams::totp()
            .with_period(p)
            .with_algorithm(a)
            .with_digits(d)),
        (any::<u64>(), algorithm(), 1u8..=10)
            .prop_map(|(c, a, d)| OtpParams::hotp(c).with_algorithm(a).with_digits(d)),
        Just(OtpParams::steam()),
    ]
}

fn extra() -> impl Strategy<Value = Vec<(String, String)>> {
    let name = prop_oneof!["[a-zA-Z0-9 _:#+&=%?-]{0,8}", any::<String>()].prop_filter(
        "known parameter names are not extras",
        |n| {
            let k = n.trim().to_ascii_lowercase();
            ![
                "secret",
                "issuer",
                "algorithm",
                "digits",
                "period",
                "counter",
                "encoder",
            ]
            .contains(&k.as_str())
        },
    );
    let value = prop_oneof!["[a-zA-Z0-9 :#+&=%?]{0,8}", any::<String>()];
    prop::collection::vec((name, value), 0..4)
}

fn account() -> impl Strategy<Value = OtpAuthUri> {
    (
        prop::collection::vec(any::<u8>(), 1..40),
        params(),
        issuer(),
        issuer(),
        text(),
        extra(),
    )
        .prop_map(
            |(bytes, params, issuer, label_issuer, account, extra)| OtpAuthUri {
                secret: Secret::from_bytes(bytes).unwrap(),
                params,
                issuer,
                label_issuer,
                account,
                extra,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn prop_parse_inverts_emit(u in account()) {
        let canonical = u.to_uri();
        let parsed = OtpAuthUri::parse(&canonical);
        prop_assert_eq!(parsed.as_ref(), Ok(&u), "{}", canonical);
        prop_assert_eq!(parsed.unwrap().to_uri(), canonical);
    }

    /// Whatever parses, emitting and re-parsing gives the same value (emit is canonical).
    #[test]
    fn prop_parse_then_emit_is_stable(
        ty in "(otpauth://(totp|hotp|steam|TOTP)/|steam://)",
        label in "[a-zA-Z0-9 :#+%?&=@éA-F]{0,16}",
        query in prop::collection::vec(
            ("(secret|issuer|digits|period|counter|algorithm|encoder|x|ISSUER)", "[a-zA-Z2-7 :#+%=sha1-]{0,10}"),
            0..6,
        ),
    ) {
        let mut uri = format!("{ty}{label}?secret={S160}");
        for (k, v) in &query {
            uri.push('&');
            uri.push_str(k);
            uri.push('=');
            uri.push_str(v);
        }
        if let Ok(u) = OtpAuthUri::parse(&uri) {
            let canonical = u.to_uri();
            let again = OtpAuthUri::parse(&canonical);
            prop_assert_eq!(again.as_ref(), Ok(&u), "{} -> {}", uri, canonical);
            prop_assert_eq!(again.unwrap().to_uri(), canonical);
        }
    }

    #[test]
    fn prop_parse_never_panics(s in any::<String>()) {
        let _ = OtpAuthUri::parse(&s);
        let _ = OtpAuthUri::parse(&format!("otpauth://totp/{s}"));
    }
}

/// Error messages never repeat input that may hold a secret, and stay short whatever the input.
#[test]
fn errors_echo_at_most_a_short_secret_free_prefix() {
    const SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    let long = "Q".repeat(100_000);
    let cases = [
        // The whole URI percent-encoded into the type position.
        format!("otpauth://totp%2FACME%3Aalice%3Fsecret%3D{SECRET}%26issuer%3DACME"),
        // Another parameter smuggled, encoded, into a value.
        format!("otpauth://totp/A:b?digits=6%26secret%3D{SECRET}"),
        format!("otpauth://totp/A:b?secret={SECRET}&period=30%3Fsecret%3D{SECRET}"),
        format!("otpauth://totp/A:b?algorithm=SHA1%26secret%3D{SECRET}&secret={SECRET}"),
        format!("otpauth://hotp/A:b?secret={SECRET}&counter=1%20secret={SECRET}"),
        format!("otpauth://totp/A:b?secret={SECRET}&digits={long}"),
        format!("otpauth://{long}/A:b?secret={SECRET}"),
        format!("otpauth://totp/A:b?secret={SECRET}&algorithm={long}"),
    ];
    for uri in &cases {
        let message = err(uri).to_string();
        assert!(!message.contains(&SECRET[..8]), "{message}");
        assert!(!message.contains("secret="), "{message}");
        assert!(
            message.len() < 120,
            "{} chars: {message:.200}",
            message.len()
        );
    }
    assert_eq!(
        err(&cases[0]).to_string(),
        "unknown OTP type \"totp…\" (expected totp, hotp, steam or yaotp)"
    );
}

/// otpauth URIs from the otpauth JavaScript library's test suite (test/test.mjs cases 11-19,
/// its `toString` outputs) parse, re-emit the same algorithm name, and give its published codes.
#[test]
fn otpauth_js_library_uris_with_new_hashes() {
    const CASES: [(&str, &str, &str); 4] = [
        (
            "E3KIN4MHX6TX33EBQPPLX4MRXWHMPCO4TDR2RGHRUWWZI6XIT2A65JU24SUJTZNQWJG67P5546J2H25PWPZ2BMMVZS2MTMO2U3YJXN5WEXGZSMHIUCJCX3V3SXTJJLA",
            "SHA224",
            "539931",
        ),
        (
            "6GF2VJXDXGYOROFM46SYTRVH3GZ6VAUIKDLIT4E3WCEO7H5RYOPMVPCM56KJ7ZE6SXSZXCHBXWZN7BOXWTWIZNHSX6IIJ4EZU6T65IU2NPQLVOHTSSAJL34BR7IZ3ZMBVTZZBENI6GULZJA",
            "SHA384",
            "148929",
        ),
        (
            "6OOITD7RRWPKYWPPSKLOPFEUHLM22MHTWOV3PSUDL7D32OXKQCAXB24SUNUFBVNU6SHINEKIMHY33FEH4WVI54FEWOBG3SFQ2WUNJLHQSCSLX44BXOVOLA4S",
            "SHA3-256",
            "317566",
        ),
        (
            "6OJZ5H7UQOYZJ4V7RCPPHGVSX3X2VC6VXLNKP3VOTZDMPDHQU673WN335CX3P5EBS6ZDSM7DROD6NJFTPNN6FA472GIPDE4VX3TIVOO7WLXLBM7GTW5N7I7MWSIMNMXRTOXZU",
            "SHA3-512",
            "690174",
        ),
    ];
    for (secret, algorithm, code) in CASES {
        let text = format!(
            "otpauth://totp/OTPAuth?secret={secret}&algorithm={algorithm}&digits=6&period=5"
        );
        let u = OtpAuthUri::parse(&text).unwrap_or_else(|e| panic!("{algorithm}: {e}"));
        assert_eq!(u.params.algorithm.as_str(), algorithm);
        assert!(u.to_uri().contains(&format!("&algorithm={algorithm}&")));
        let g = otpkit::CodeGenerator::new(&u.secret, u.params).unwrap();
        assert_eq!(g.code_at(1_451_606_400).as_str(), code, "{algorithm}");
        // The lower-case spelling the library's constructors take parses the same.
        let lower = text.replace(algorithm, &algorithm.to_ascii_lowercase());
        assert_eq!(OtpAuthUri::parse(&lower).unwrap(), u);
    }
}
