//! Dexatel adapter: request shape, answers and signed webhooks from the documented examples.

use super::super::test_support::{
    answer, assert_rejected, assert_status_classes, json_body as body_json, otp_message,
};
use super::*;
use crate::delivery::message::PhoneNumber;
use crate::delivery::sender_id::SenderId;
use base64::Engine as _;

const SECRET: &str = "whsec-0123456789abcdef";
const TEMPLATE: &str = "3f2b1c9e-8d7a-4b6c-9e5f-0a1b2c3d4e5f";

fn config() -> DexatelConfig {
    DexatelConfig::new("94d2f2f2884848bca861264ad86d8ace", SECRET)
}

fn adapter() -> Dexatel {
    Dexatel::new(DexatelConfig {
        whatsapp_template: Some(TEMPLATE.into()),
        voice: true,
        ..config()
    })
    .unwrap()
}

fn message<'a>(channel: Channel, to: &'a PhoneNumber, from: &'a SenderId) -> OutboundMessage<'a> {
    otp_message(channel, to, from, Some("https://app.example/hooks/dexatel"))
}

#[test]
fn sms_request_is_the_documented_json() {
    let to = PhoneNumber::parse("+44 7700 900123").unwrap();
    let from = SenderId::parse("Acme").unwrap();
    let r = adapter()
        .request(&message(Channel::Sms, &to, &from))
        .unwrap();
    assert_eq!(r.method, Method::Post);
    assert_eq!(r.url, "https://api.dexatel.com/v1/messages");
    assert_eq!(
        r.header_value("x-dexatel-key"),
        Some("94d2f2f2884848bca861264ad86d8ace")
    );
    assert_eq!(r.header_value("content-type"), Some("application/json"));
    assert_eq!(
        body_json(&r),
        json!({"data": {"from": "Acme", "to": ["447700900123"], "channel": "SMS",
                        "text": "482913 is your Acme code"}})
    );
    let d = format!("{r:?}");
    assert!(!d.contains("94d2f2f2") && !d.contains("482913"), "{d}");
}

#[test]
fn whatsapp_uses_the_template_and_voice_the_text() {
    let to = PhoneNumber::parse("+447700900123").unwrap();
    let number = SenderId::parse("+14155550100").unwrap();
    let a = adapter();
    let w = body_json(
        &a.request(&message(Channel::WhatsApp, &to, &number))
            .unwrap(),
    );
    assert_eq!(
        w,
        json!({"data": {"from": "14155550100", "to": ["447700900123"], "channel": "WHATSAPP",
                        "template": TEMPLATE, "variables": ["482913"]}})
    );
    let v = body_json(&a.request(&message(Channel::Voice, &to, &number)).unwrap());
    assert_eq!(v["data"]["channel"], "VOICE");
    assert_eq!(v["data"]["text"], "482913 is your Acme code");
    // An alphanumeric sender cannot place a call or a WhatsApp message.
    let name = SenderId::parse("Acme").unwrap();
    assert!(a.request(&message(Channel::Voice, &to, &name)).is_err());
    assert!(a.request(&message(Channel::WhatsApp, &to, &name)).is_err());
}

#[test]
fn channels_follow_the_configuration() {
    let sms_only = Dexatel::new(config()).unwrap();
    assert!(sms_only.supports(Channel::Sms));
    assert!(!sms_only.supports(Channel::WhatsApp) && !sms_only.supports(Channel::Voice));
    assert!(!adapter().supports(Channel::Email));
    let to = PhoneNumber::parse("+447700900123").unwrap();
    let number = SenderId::parse("+14155550100").unwrap();
    assert!(matches!(
        sms_only.request(&message(Channel::Voice, &to, &number)),
        Err(SendError::Invalid { .. })
    ));
    let from = SenderId::parse("Acme").unwrap();
    let long = "x".repeat(MAX_TEXT_CHARS + 1);
    let mut m = message(Channel::Sms, &to, &from);
    m.text = &long;
    assert!(sms_only.request(&m).is_err());
}

#[test]
fn config_is_checked_and_redacted() {
    let c = config();
    let d = format!("{c:?}");
    assert!(!d.contains("94d2f2") && !d.contains(SECRET), "{d}");
    for bad in [
        DexatelConfig {
            webhook_secret: Zeroizing::new("short".into()),
            ..config()
        },
        DexatelConfig {
            api_key: Zeroizing::new("".into()),
            ..config()
        },
        DexatelConfig {
            whatsapp_template: Some("not-a-uuid".into()),
            ..config()
        },
        DexatelConfig {
            base_url: "http://api.dexatel.com".into(),
            ..config()
        },
    ] {
        assert!(Dexatel::new(bad).is_err());
    }
}

#[test]
fn success_keeps_the_message_id() {
    let body = r#"{"data":[{"id":"e4fb1353-8ded-4ec7-991e-a757ea213106",
        "account_id":"72e47e47-95b9-41c2-bdcd-55dd9bb04e14","text":"x","from":"Acme",
        "to":["447700900123"],"channel":"SMS","status":"enroute","segments_count":1,
        "encoding":"GSM-7"}]}"#;
    for status in [200, 201] {
        let ok = adapter().response(&answer(status, body)).unwrap();
        assert_eq!(ok.message_id, "e4fb1353-8ded-4ec7-991e-a757ea213106");
    }
    assert!(matches!(
        adapter().response(&answer(200, r#"{"data":[]}"#)),
        Err(SendError::Protocol { .. })
    ));
}

#[test]
fn documented_errors_are_typed() {
    let a = adapter();
    let err = |code: u32, msg: &str| {
        format!(
            r#"{{"errors":[{{"timestamp":"2026-12-01 16:00:00","path":"/v1/messages",
            "method":"POST","status":400,"message":"{msg}","code":{code}}}]}}"#
        )
    };
    for (code, msg) in [
        (1505, "Message sender is not found"),
        (1523, "Invalid recipient number(s)"),
        (1530, "Blocked number"),
        (1705, "Invalid payload"),
    ] {
        assert_rejected(
            a.response(&answer(400, &err(code, msg))),
            400,
            &code.to_string(),
            msg,
        );
    }
    assert_status_classes(
        &a,
        &answer(401, &err(1001, "Unauthorized")),
        &answer(429, ""),
        &answer(502, ""),
    );
    for odd in [answer(400, "<html>"), answer(200, "[]"), answer(302, "")] {
        assert!(matches!(a.response(&odd), Err(SendError::Protocol { .. })));
    }
    assert_eq!(a.idempotency(), Idempotency::None);
}

fn sign(body: &[u8], secret: &str) -> String {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(body);
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

fn webhook(body: &str, signature: Option<String>) -> Result<Vec<DeliveryReport>, WebhookError> {
    let mut headers = vec![("Content-Type".to_owned(), "application/json".to_owned())];
    if let Some(s) = signature {
        headers.push(("X-Dexatel-Signature".to_owned(), s));
    }
    adapter().receipt(
        &WebhookRequest {
            method: "POST",
            url: "https://app.example/hooks/dexatel",
            headers: &headers,
            body: body.as_bytes(),
        },
        0,
    )
}

const DELIVERED: &str = r#"{"data":{"account_id":"72e47e47-95b9-41c2-bdcd-55dd9bb04e14",
    "message_id":"e4fb1353-8ded-4ec7-991e-a757ea213106","event":"delivery",
    "status":"delivered","channel":"SMS","to":"447700900123","mccmnc":"23415",
    "price":0.123,"timestamp":"2026-12-01 16:00:00"}}"#;

#[test]
fn signed_webhooks_are_read() {
    let r = webhook(DELIVERED, Some(sign(DELIVERED.as_bytes(), SECRET))).unwrap();
    assert_eq!(
        r,
        vec![DeliveryReport {
            provider: ProviderKind::Dexatel,
            message_id: "e4fb1353-8ded-4ec7-991e-a757ea213106".into(),
            status: DeliveryStatus::Delivered,
            error_code: None,
        }]
    );
    for (raw, status) in [
        ("FAILED", DeliveryStatus::Failed),
        ("REJECTED", DeliveryStatus::Failed),
        ("EXPIRED", DeliveryStatus::Expired),
        ("enroute", DeliveryStatus::Sent),
    ] {
        let b = DELIVERED.replace("\"delivered\"", &format!("\"{raw}\""));
        let r = webhook(&b, Some(sign(b.as_bytes(), SECRET))).unwrap();
        assert_eq!(r[0].status, status, "{raw}");
    }
    let inbound = r#"{"data":{"account_id":"a","message_id":"m","event":"message",
        "from":"447700900123","to":"Acme","text":"hi","channel":"SMS","timestamp":"t"}}"#;
    assert_eq!(
        webhook(inbound, Some(sign(inbound.as_bytes(), SECRET))).unwrap(),
        vec![]
    );
}

#[test]
fn forged_webhooks_are_refused() {
    let good = sign(DELIVERED.as_bytes(), SECRET);
    let tampered = DELIVERED.replace("delivered", "failed");
    for (body, sig) in [
        (DELIVERED.to_owned(), None),
        (tampered.clone(), Some(good.clone())),
        (
            DELIVERED.to_owned(),
            Some(sign(DELIVERED.as_bytes(), "another-secret-123456")),
        ),
        (DELIVERED.to_owned(), Some("not base64!".to_owned())),
        (DELIVERED.to_owned(), Some(good[..20].to_owned())),
    ] {
        assert!(
            matches!(webhook(&body, sig), Err(WebhookError::Unauthenticated(_))),
            "{body}"
        );
    }
    // Signed but not a documented delivery report.
    let odd = DELIVERED.replace("delivered", "teleported");
    assert!(matches!(
        webhook(&odd, Some(sign(odd.as_bytes(), SECRET))),
        Err(WebhookError::Malformed(_))
    ));
}
