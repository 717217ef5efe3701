//! LabsMobile adapter: request shape, answers and ACKs from the documented examples.

use super::super::test_support::{answer, assert_rejected, assert_status_classes, otp_message};
use super::*;
use crate::delivery::message::PhoneNumber;
use base64::Engine as _;

const TOKEN: &str = "ack_0123456789abcdef";

fn adapter() -> LabsMobile {
    LabsMobile::new(LabsMobileConfig::new(
        "ops@acme.example",
        "api-tok-1",
        TOKEN,
    ))
    .unwrap()
}

fn message<'a>(to: &'a PhoneNumber, from: &'a SenderId) -> OutboundMessage<'a> {
    otp_message(
        Channel::Sms,
        to,
        from,
        Some("https://app.example/hooks/labsmobile"),
    )
}

#[test]
fn request_is_the_documented_json_with_basic_auth() {
    let to = PhoneNumber::parse("+34 609 033 161").unwrap();
    let from = SenderId::parse("Acme").unwrap();
    let r = adapter().request(&message(&to, &from)).unwrap();
    assert_eq!(r.method, Method::Post);
    assert_eq!(r.url, "https://api.labsmobile.com/json/send");
    let auth = base64::engine::general_purpose::STANDARD.encode("ops@acme.example:api-tok-1");
    assert_eq!(
        r.header_value("authorization"),
        Some(format!("Basic {auth}").as_str())
    );
    assert_eq!(r.header_value("content-type"), Some("application/json"));
    let body: Value = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(
        body,
        json!({"message": "482913 is your Acme code", "tpoa": "Acme",
               "recipient": [{"msisdn": "34609033161"}],
               "ackurl": format!("https://app.example/hooks/labsmobile?otpkit_token={TOKEN}")})
    );
    let d = format!("{r:?}");
    assert!(!d.contains("api-tok-1") && !d.contains("482913"), "{d}");
    let mut m = message(&to, &from);
    m.callback_url = Some("https://app.example/hook?otpkit_token=guessable");
    assert!(matches!(
        adapter().request(&m),
        Err(SendError::Invalid { .. })
    ));
}

#[test]
fn encodings_and_lengths() {
    let a = adapter();
    let to = PhoneNumber::parse("+34609033161").unwrap();
    let from = SenderId::parse("Acme").unwrap();
    let mut m = message(&to, &from);
    m.text = "Ihr Code für Köln: 482913 {ok}";
    let body: Value = serde_json::from_slice(&a.request(&m).unwrap().body).unwrap();
    assert_eq!(body.get("ucs2"), None, "ü, ö and braces are GSM 03.38");
    m.text = "Tu código es 482913"; // ó is not
    let body: Value = serde_json::from_slice(&a.request(&m).unwrap().body).unwrap();
    assert_eq!(body["ucs2"], "1");
    m.text = "Ваш код 482913";
    let body: Value = serde_json::from_slice(&a.request(&m).unwrap().body).unwrap();
    assert_eq!(body["ucs2"], "1");
    let long_gsm = "a".repeat(161);
    m.text = &long_gsm;
    assert!(a.request(&m).is_err());
    let braces = "{".repeat(81); // two septets each
    m.text = &braces;
    assert!(a.request(&m).is_err());
    let long_ucs2 = "код".repeat(24);
    m.text = &long_ucs2;
    assert!(a.request(&m).is_err());
    assert_eq!(gsm_septets("a€"), Some(3));
    assert_eq!(gsm_septets("a✓"), None);
}

#[test]
fn tpoa_rules() {
    let a = adapter();
    let to = PhoneNumber::parse("+34609033161").unwrap();
    let fifteen = SenderId::parse("+346090331610000").unwrap();
    assert!(a.check_sender(Channel::Sms, &fifteen, None).is_err());
    assert!(a.request(&message(&to, &fifteen)).is_err());
    let number = SenderId::parse("+34609033161").unwrap();
    let body: Value =
        serde_json::from_slice(&a.request(&message(&to, &number)).unwrap().body).unwrap();
    assert_eq!(body["tpoa"], "34609033161");
    assert!(a.check_sender(Channel::Voice, &number, None).is_err());
    assert!(!a.supports(Channel::WhatsApp));
}

#[test]
fn config_is_checked_and_redacted() {
    let c = LabsMobileConfig::new("ops@acme.example", "api-tok-1", TOKEN);
    let d = format!("{c:?}");
    assert!(!d.contains("api-tok-1") && !d.contains(TOKEN), "{d}");
    for bad in [
        LabsMobileConfig::new("", "api-tok-1", TOKEN),
        LabsMobileConfig::new("a:b", "api-tok-1", TOKEN),
        LabsMobileConfig::new("ops@acme.example", "", TOKEN),
        LabsMobileConfig::new("ops@acme.example", "api-tok-1", "short"),
        LabsMobileConfig {
            base_url: "http://api.labsmobile.com".into(),
            ..c.clone()
        },
    ] {
        assert!(LabsMobile::new(bad).is_err());
    }
}

#[test]
fn answers_are_typed() {
    let a = adapter();
    let ok = a
        .response(&answer(
            200,
            r#"{"code":"0","message":"Message has been successfully sent","subid":"56fb9baa6bc22"}"#,
        ))
        .unwrap();
    assert_eq!(ok.message_id, "56fb9baa6bc22");
    let numeric = a
        .response(&answer(200, r#"{"code":0,"message":"ok","subid":"s1"}"#))
        .unwrap();
    assert_eq!(numeric.message_id, "s1");
    assert!(matches!(
        a.response(&answer(200, r#"{"code":"0","message":"ok"}"#)),
        Err(SendError::Protocol { .. })
    ));
    for (code, msg) in [
        ("21", "The message element cannot be empty"),
        ("23", "There are no recipients"),
        (
            "27",
            "This message contained one or more invalid character(s)",
        ),
        ("35", "The account has no enough credit for this sending"),
        ("52", "Some other documented code"),
    ] {
        let body = format!(r#"{{"code":"{code}","message":"{msg}"}}"#);
        assert_rejected(a.response(&answer(200, &body)), 200, code, msg);
    }
    assert!(matches!(
        a.response(&answer(
            200,
            r#"{"code":"30","message":"There was an error"}"#
        )),
        Err(SendError::Unavailable {
            maybe_sent: true,
            ..
        })
    ));
    assert!(matches!(
        a.response(&answer(200, r#"{"code":"403","message":"Forbidden"}"#)),
        Err(SendError::Unauthorized { .. })
    ));
    assert_status_classes(
        &a,
        &answer(401, r#"{"code":401,"message":"Unauthorized"}"#),
        &answer(429, ""),
        &answer(503, ""),
    );
    for odd in [answer(200, "<xml/>"), answer(200, "{}"), answer(302, "")] {
        assert!(matches!(a.response(&odd), Err(SendError::Protocol { .. })));
    }
    assert_eq!(a.idempotency(), Idempotency::None);
}

fn ack(method: &str, url: &str, body: &str) -> Result<Vec<DeliveryReport>, WebhookError> {
    adapter().receipt(
        &WebhookRequest {
            method,
            url,
            headers: &[],
            body: body.as_bytes(),
        },
        0,
    )
}

#[test]
fn acks_by_get_or_post_need_the_token() {
    let base = format!("https://app.example/hooks/labsmobile?otpkit_token={TOKEN}");
    let q = "acklevel=handset&status=ok&subid=56fb9baa6bc22&msisdn=34609033161&timestamp=2026-12-01+16%3A00%3A00";
    let get = ack("GET", &format!("{base}&{q}"), "").unwrap();
    assert_eq!(
        get,
        vec![DeliveryReport {
            provider: ProviderKind::LabsMobile,
            message_id: "56fb9baa6bc22".into(),
            status: DeliveryStatus::Delivered,
            error_code: None,
        }]
    );
    assert_eq!(ack("POST", &base, q).unwrap(), get);
    for (level, state, status) in [
        ("gateway", "ok", DeliveryStatus::Accepted),
        ("OPERATOR", "ok", DeliveryStatus::Sent),
        ("handset", "error", DeliveryStatus::Failed),
        ("gateway", "ko", DeliveryStatus::Failed),
    ] {
        let b = q
            .replace("handset", level)
            .replace("status=ok", &format!("status={state}"));
        assert_eq!(
            ack("POST", &base, &b).unwrap()[0].status,
            status,
            "{level} {state}"
        );
    }
    let failed = ack(
        "POST",
        &base,
        &q.replace("status=ok", "status=error&error=E12"),
    )
    .unwrap();
    assert_eq!(failed[0].error_code.as_deref(), Some("E12"));
    // Forged: no token, wrong token, token only in the body.
    for (url, body) in [
        (
            "https://app.example/hooks/labsmobile".to_owned(),
            q.to_owned(),
        ),
        (base.replace(TOKEN, "ack_0123456789abcdeX"), q.to_owned()),
        (
            "https://app.example/hooks/labsmobile".to_owned(),
            format!("{q}&otpkit_token={TOKEN}"),
        ),
    ] {
        assert!(matches!(
            ack("POST", &url, &body),
            Err(WebhookError::Unauthenticated(_))
        ));
    }
    for bad in [
        q.replace("status=ok", "status=maybe"),
        q.replace("acklevel=handset", "acklevel=moon"),
        q.replace("subid=56fb9baa6bc22", "subid="),
    ] {
        assert!(matches!(
            ack("POST", &base, &bad),
            Err(WebhookError::Malformed(_))
        ));
    }
}
