//! Property tests: the receiver never panics on any input, and what it returns is well formed.

use otpkit::receiver::{
    app_hash, encoding_info, extract, find_origin_bound, format_sms, parse_origin_bound,
    validate_code, Evidence, SmsOptions,
};
use proptest::prelude::*;

/// Text drawn from the characters that matter to the extractor: digits of several scripts,
/// separators, keyword fragments, sigils and assorted letters.
fn sms_like() -> impl Strategy<Value = String> {
    let atoms = prop::sample::select(vec![
        "code",
        "Code",
        " is ",
        "验证码",
        "код",
        "رمز",
        "OTP",
        "G-",
        "#",
        "@",
        "%",
        ":",
        " ",
        "\n",
        "-",
        ".",
        ",",
        "$",
        "€",
        "1",
        "23",
        "456",
        "7890",
        "٤",
        "۵",
        "४",
        "１",
        "ab",
        "XY",
        "promo",
        "ending ",
        "card ",
        "min",
        "分钟",
        "example.com",
        "/",
        "+",
        "=",
        "\u{200b}",
        "İ",
        "ß",
        "😀",
    ]);
    prop::collection::vec(atoms, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn extract_never_panics_and_is_well_formed(text in prop_oneof![sms_like(), any::<String>()]) {
        if let Some(found) = extract(&text) {
            let (s, e) = (found.start as usize, found.end as usize);
            prop_assert!(s < e && e <= text.len());
            prop_assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
            prop_assert!(found.confidence <= 100);
            prop_assert!(!found.code.is_empty());
            if found.evidence == Evidence::OriginBound {
                prop_assert!(found.origin.is_some());
            } else {
                prop_assert!(found.code.chars().all(|c| c.is_ascii_alphanumeric()));
                // Three-digit codes only as a keyword's value (`code is 418`); otherwise 4-10.
                prop_assert!((3..=10).contains(&found.code.len()));
                prop_assert!(found.origin.is_none());
            }
        }
    }

    #[test]
    fn origin_parsers_never_panic(text in prop_oneof![sms_like(), any::<String>()]) {
        if let Ok(ob) = parse_origin_bound(&text) {
            prop_assert!(ob.strict);
            prop_assert!(text.is_char_boundary(ob.code_start as usize));
            prop_assert!(text.is_char_boundary(ob.code_end as usize));
        }
        if let Some(ob) = find_origin_bound(&text) {
            prop_assert!(!ob.host.is_empty() && !ob.code.is_empty());
        }
    }

    #[test]
    fn app_hash_never_panics(package in "[a-z]{1,8}(\\.[a-z_0-9]{1,8}){0,3}", cert in prop::collection::vec(any::<u8>(), 0..64)) {
        if let Ok(hash) = app_hash(&package, &cert) {
            prop_assert_eq!(hash.len(), 11);
        }
    }

    #[test]
    fn formatted_codes_round_trip(code in "[0-9]{4,10}", service in "[A-Za-z]{2,12}") {
        // Every code comes back from our own body with a neutral service name.
        let body = format_sms(&SmsOptions { code: code.clone(), service: "Acme".into(), ..SmsOptions::default() }).unwrap();
        prop_assert_eq!(body.encoding.segments, 1);
        prop_assert_eq!(extract(&body.text).map(|e| e.code), Some(code.clone()));
        // A random service name may be a negative keyword (e.g. "cep", a Brazilian postcode), which
        // vetoes the code: precision first, so the result is the code or nothing, never another.
        let body = format_sms(&SmsOptions { code: code.clone(), service, ..SmsOptions::default() }).unwrap();
        let got = extract(&body.text).map(|e| e.code);
        prop_assert!(got.is_none() || got == Some(code), "{:?}", got);
    }

    #[test]
    fn encoding_counts_are_consistent(text in any::<String>()) {
        let info = encoding_info(&text);
        prop_assert!(info.segments >= 1);
        prop_assert!(info.units as usize >= text.chars().count() || !info.non_gsm_chars.is_empty());
        let _ = validate_code(&text);
    }
}
