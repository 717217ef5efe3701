//! Textlocal adapter: request shape, answers and receipts from the documented examples.

use super::super::test_support::{
    answer, answer_retry_after, assert_rejected, assert_status_classes, otp_message,
};
use super::*;
use crate::delivery::message::PhoneNumber;

const TOKEN: &str = "tok_0123456789abcdef";

fn adapter(region: TextlocalRegion) -> Textlocal {
    Textlocal::new(TextlocalConfig::new("key-123", TOKEN, region)).unwrap()
}

fn message<'a>(to: &'a PhoneNumber, from: &'a SenderId) -> OutboundMessage<'a> {
    otp_message(
        Channel::Sms,
        to,
        from,
        Some("https://app.example/hooks/textlocal?x=1"),
    )
}

#[test]
fn request_is_the_documented_form_post() {
    let to = PhoneNumber::parse("+44 7700 900123").unwrap();
    let from = SenderId::parse("Jims Autos").unwrap();
    let r = adapter(TextlocalRegion::International)
        .request(&message(&to, &from))
        .unwrap();
    assert_eq!(r.method, Method::Post);
    assert_eq!(r.url, "https://api.txtlocal.com/send/");
    assert_eq!(
        r.header_value("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    let form: Vec<(String, String)> = form_urlencoded::parse(&r.body).into_owned().collect();
    assert_eq!(field(&form, "apikey"), Some("key-123"));
    assert_eq!(field(&form, "numbers"), Some("447700900123"));
    assert_eq!(field(&form, "sender"), Some("Jims Autos"));
    assert_eq!(field(&form, "message"), Some("482913 is your Acme code"));
    assert_eq!(field(&form, "custom"), Some("ch1.0"));
    assert_eq!(
        field(&form, "receipt_url"),
        Some(format!("https://app.example/hooks/textlocal?x=1&otpkit_token={TOKEN}").as_str())
    );
    // The key and the code are never printed.
    let d = format!("{r:?}");
    assert!(!d.contains("key-123") && !d.contains("482913"), "{d}");
}

#[test]
fn india_uses_its_host_and_six_letter_headers() {
    let a = adapter(TextlocalRegion::India);
    let to = PhoneNumber::parse("+91 98123 45678").unwrap();
    let ok = SenderId::parse("ACMEBK").unwrap();
    assert_eq!(
        a.request(&message(&to, &ok)).unwrap().url,
        "https://api.textlocal.in/send/"
    );
    for bad in ["Acme", "ACMEBANK", "ACME12", "+447700900123"] {
        let s = SenderId::parse(bad).unwrap();
        assert!(
            matches!(
                a.check_sender(Channel::Sms, &s, Some("IN")),
                Err(SenderIdError::CountryLength { len: 6, .. })
            ),
            "{bad}"
        );
        assert!(
            matches!(a.request(&message(&to, &s)), Err(SendError::Invalid { .. })),
            "{bad}"
        );
    }
}

#[test]
fn sender_and_length_rules() {
    let a = adapter(TextlocalRegion::International);
    let to = PhoneNumber::parse("+447700900123").unwrap();
    let short = SenderId::parse("AB").unwrap();
    assert_eq!(
        a.check_sender(Channel::Sms, &short, None),
        Err(SenderIdError::TooShort(2, 3))
    );
    assert!(a.request(&message(&to, &short)).is_err());
    let fourteen = SenderId::parse("+44770090012345").unwrap();
    assert!(a.check_sender(Channel::Sms, &fourteen, None).is_err());
    let thirteen = SenderId::parse("+4477009001234").unwrap();
    assert!(a.check_sender(Channel::Sms, &thirteen, None).is_ok());
    let from = SenderId::parse("Acme").unwrap();
    let long = "x".repeat(MAX_MESSAGE_CHARS + 1);
    let mut m = message(&to, &from);
    m.text = &long;
    assert!(a.request(&m).is_err());
    m.text = &long[..MAX_MESSAGE_CHARS];
    assert!(a.request(&m).is_ok());
    m.channel = Channel::Voice;
    assert!(a.request(&m).is_err());
    assert!(!a.supports(Channel::WhatsApp) && a.supports(Channel::Sms));
}

#[test]
fn config_is_checked_and_redacted() {
    let mut c = TextlocalConfig::new("key-123", TOKEN, TextlocalRegion::International);
    assert!(!format!("{c:?}").contains("key-123") && !format!("{c:?}").contains(TOKEN));
    c.receipt_token = Zeroizing::new("short".into());
    assert!(Textlocal::new(c.clone()).is_err());
    c.receipt_token = Zeroizing::new("has space 0123456789".into());
    assert!(Textlocal::new(c.clone()).is_err());
    c.receipt_token = Zeroizing::new(TOKEN.into());
    c.base_url = "http://api.txtlocal.com".into();
    assert!(Textlocal::new(c.clone()).is_err());
    c.base_url = "http://127.0.0.1:9/ns/a/textlocal/".into();
    assert!(Textlocal::new(c.clone()).is_ok());
    c.api_key = Zeroizing::new(" ".into());
    assert!(Textlocal::new(c).is_err());
}

#[test]
fn success_keeps_the_custom_reference() {
    let a = adapter(TextlocalRegion::International);
    let body = r#"{"balance":1162,"batch_id":123456789,"cost":1,"num_messages":1,
        "message":{"num_parts":1,"sender":"Jims Autos","content":"x"},
        "receipt_url":"","custom":"ch1.0",
        "messages":[{"id":"1151346216","recipient":447700900123}],"status":"success"}"#;
    let ok = a.response(&answer(200, body)).unwrap();
    assert_eq!(ok.message_id, "ch1.0");
    assert_eq!(ok.status, DeliveryStatus::Accepted);
    // A success without the echoed reference cannot be matched to receipts.
    let no_custom = body.replace("\"ch1.0\"", "\"\"");
    assert!(matches!(
        a.response(&answer(200, &no_custom)),
        Err(SendError::Protocol { .. })
    ));
}

#[test]
fn documented_errors_are_typed() {
    let a = adapter(TextlocalRegion::International);
    let fail = |code: u32, msg: &str| {
        a.response(&answer(
            200,
            &format!(r#"{{"errors":[{{"code":{code},"message":"{msg}"}}],"status":"failure"}}"#),
        ))
        .unwrap_err()
    };
    assert!(matches!(
        fail(3, "Invalid login details"),
        SendError::Unauthorized { .. }
    ));
    for (code, msg) in [
        (4, "No recipients specified."),
        (6, "Message too long."),
        (7, "Insufficient credits."),
        (43, "Invalid sender name."),
        (51, "No valid numbers specified."),
        (192, "You cannot send message at this time."),
    ] {
        assert_rejected(Err(fail(code, msg)), 200, &code.to_string(), msg);
    }
    assert_status_classes(
        &a,
        &answer(401, ""),
        &answer_retry_after(429, "", "3"),
        &answer(503, "oops"),
    );
    for odd in [answer(200, "not json"), answer(200, "{}"), answer(302, "")] {
        assert!(matches!(a.response(&odd), Err(SendError::Protocol { .. })));
    }
    assert_eq!(a.idempotency(), Idempotency::None);
}

fn receipt(url: &str, method: &str, body: &str) -> Result<Vec<DeliveryReport>, WebhookError> {
    let headers = vec![(
        "Content-Type".to_owned(),
        "application/x-www-form-urlencoded".to_owned(),
    )];
    adapter(TextlocalRegion::International).receipt(
        &WebhookRequest {
            method,
            url,
            headers: &headers,
            body: body.as_bytes(),
        },
        0,
    )
}

#[test]
fn receipts_need_the_token_and_map_statuses() {
    let url = format!("https://app.example/hooks/textlocal?x=1&otpkit_token={TOKEN}");
    let body = "number=447700900123&status=D&customID=ch1.0&datetime=2026-12-01+16%3A00%3A00";
    let r = receipt(&url, "POST", body).unwrap();
    assert_eq!(
        r,
        vec![DeliveryReport {
            provider: ProviderKind::Textlocal,
            message_id: "ch1.0".into(),
            status: DeliveryStatus::Delivered,
            error_code: None,
        }]
    );
    for (letter, status) in [
        ("U", DeliveryStatus::Expired),
        ("E", DeliveryStatus::Expired),
        ("I", DeliveryStatus::Failed),
        ("P", DeliveryStatus::Sent),
        ("%3F", DeliveryStatus::Sent),
    ] {
        let b = body.replace("status=D", &format!("status={letter}"));
        assert_eq!(
            receipt(&url, "POST", &b).unwrap()[0].status,
            status,
            "{letter}"
        );
    }
    assert_eq!(
        receipt(&url, "POST", &body.replace("status=D", "status=I")).unwrap()[0].error_code,
        Some("I".into())
    );
    // Missing, wrong or truncated token.
    for bad in [
        "https://app.example/hooks/textlocal?x=1".to_owned(),
        url.replace(TOKEN, "tok_0123456789abcdeX"),
        url.replace(TOKEN, "tok_0123456789"),
    ] {
        assert!(matches!(
            receipt(&bad, "POST", body),
            Err(WebhookError::Unauthenticated(_))
        ));
    }
    // Tampered or incomplete bodies.
    assert!(matches!(
        receipt(&url, "POST", &body.replace("status=D", "status=Z")),
        Err(WebhookError::Malformed(_))
    ));
    assert!(matches!(
        receipt(&url, "POST", "number=447700900123&status=D"),
        Err(WebhookError::Malformed(_))
    ));
    assert!(matches!(
        receipt(&url, "GET", body),
        Err(WebhookError::Malformed(_))
    ));
}

#[test]
fn a_callback_carrying_its_own_token_is_refused() {
    // Else the caller's value would be the one a receipt is checked against.
    let to = PhoneNumber::parse("+447700900123").unwrap();
    let from = SenderId::parse("Acme").unwrap();
    let mut m = message(&to, &from);
    m.callback_url = Some("https://app.example/hook?otpkit_token=guessable");
    assert!(matches!(
        adapter(TextlocalRegion::International).request(&m),
        Err(SendError::Invalid { .. })
    ));
}
