//! Fuzzes `OtpAuthUri::parse` and the canonical form `to_uri`.
//!
//! Invariants (see the `uri` module docs): whatever parses has a canonical form that parses again
//! to the same value, and the canonical form is a fixed point (`to_uri(parse(to_uri(u))) ==
//! to_uri(u)`). Parsed strings are trimmed and an issuer is never empty. `warnings`, `label` and
//! `display_issuer` never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use otpkit::OtpAuthUri;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(uri) = OtpAuthUri::parse(text) else {
        return;
    };
    for s in [&uri.issuer, &uri.label_issuer].into_iter().flatten() {
        assert!(!s.is_empty(), "empty issuer kept");
        assert_eq!(s.trim(), s, "issuer not trimmed");
    }
    assert_eq!(uri.account.trim(), uri.account, "account not trimmed");
    let _ = (uri.warnings(), uri.label(), uri.display_issuer());

    let canonical = uri.to_uri();
    let again = OtpAuthUri::parse(&canonical)
        .unwrap_or_else(|e| panic!("canonical form does not parse: {e}"));
    assert_eq!(again, uri, "parse(to_uri(u)) != u");
    assert_eq!(
        again.to_uri(),
        canonical,
        "canonical form is not a fixed point"
    );
});
