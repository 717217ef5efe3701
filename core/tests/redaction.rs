//! Every value that holds a secret or a live code prints `<redacted>` in `Debug`, and secret
//! equality is constant-time (checked here for behaviour; the implementation uses `subtle`).

use otpkit::receiver::{self, SmsOptions};
use otpkit::server::{
    Binding, Channel, Delivery, MemoryStore, OobCodes, OobPolicy, Pepper, PepperRing, SendLimits,
    TotpRequest,
};
use otpkit::{CodeGenerator, FixedTimeSource, OtpParams, Secret};

const KEY: &[u8] = b"12345678901234567890";

fn generator() -> CodeGenerator {
    CodeGenerator::new(
        &Secret::from_bytes(KEY.to_vec()).unwrap(),
        OtpParams::totp(),
    )
    .unwrap()
}

fn assert_hidden(debug: &str, live: &str) {
    assert!(!debug.contains(live), "{live:?} visible in {debug}");
    assert!(debug.contains("redacted"), "{debug}");
}

#[test]
fn codes_and_snapshots_are_redacted() {
    let g = generator();
    let code = g.code_at(59);
    assert_eq!(code.as_str(), "287082");
    assert_hidden(&format!("{code:?}"), "287082");
    let snap = g.snapshot_at(59);
    let debug = format!("{snap:?}");
    assert_hidden(&debug, &snap.current);
    assert_hidden(&debug, &snap.next);
    assert!(debug.contains("remaining: 1"), "{debug}");
    // Codes still compare by value.
    assert_eq!(g.code_at(59), g.code_at(31));
    assert_ne!(g.code_at(59), g.code_at(60));
}

#[test]
fn totp_requests_are_redacted() {
    let g = generator();
    let request = TotpRequest {
        credential_id: "alice",
        generator: &g,
        input: "287082",
    };
    let debug = format!("{request:?}");
    assert_hidden(&debug, "287082");
    assert!(debug.contains("alice"));
}

#[test]
fn received_and_formatted_codes_are_redacted() {
    let x = receiver::extract("Your ACME verification code is 493817.").unwrap();
    assert_eq!(x.code, "493817");
    assert_hidden(&format!("{x:?}"), "493817");
    let ob = receiver::parse_origin_bound("123 is your code\n\n@example.com #771204").unwrap();
    assert_eq!(ob.code, "771204");
    let debug = format!("{ob:?}");
    assert_hidden(&debug, "771204");
    assert!(debug.contains("example.com"));
    let options = SmsOptions {
        code: "640213".into(),
        service: "ACME".into(),
        ..SmsOptions::default()
    };
    assert_hidden(&format!("{options:?}"), "640213");
    let body = receiver::format_sms(&options).unwrap();
    assert!(body.text.contains("640213"));
    assert_hidden(&format!("{body:?}"), "640213");
    let voice = receiver::voice_message("640213", "ACME", "en").unwrap();
    assert_hidden(&format!("{voice:?}"), "6, 4, 0");
}

#[test]
fn issued_out_of_band_codes_are_redacted() {
    let service = OobCodes::new(
        MemoryStore::new(),
        FixedTimeSource::new(1_700_000_000),
        PepperRing::new(Pepper::new("p1", vec![7u8; 32]).unwrap()),
        OobPolicy::default(),
        SendLimits::none(),
    )
    .unwrap();
    let binding = Binding {
        purpose: "login",
        subject: "alice",
        transaction: b"",
    };
    let issued = service
        .issue(&binding, &Delivery::new(Channel::Sms, "+14155550100"))
        .unwrap();
    let code = issued.code.expose().to_string();
    assert_hidden(&format!("{issued:?}"), &code);
}

#[test]
fn secrets_compare_by_value_and_print_redacted() {
    let a = Secret::from_bytes(KEY.to_vec()).unwrap();
    assert_eq!(
        a,
        Secret::from_base32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ").unwrap()
    );
    assert_ne!(
        a,
        Secret::from_bytes(b"12345678901234567891".to_vec()).unwrap()
    );
    assert_ne!(a, Secret::from_bytes(b"1234567890".to_vec()).unwrap());
    assert_hidden(&format!("{a:?}"), "GEZDGNBV");
}
