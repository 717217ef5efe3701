//! Request shape, answer mapping and token-checked webhooks of the SleekFlow adapter.

use super::*;
use crate::delivery::PhoneNumber;

const KEY: &str = "sf_live_0123456789abcdef";
const TOKEN: &str = "Zx9-webhook_token-0123456789";

fn config() -> SleekFlowConfig {
    SleekFlowConfig::new(KEY, TOKEN, "otp_auth", "en_US")
}

fn sf() -> SleekFlow {
    SleekFlow::new(config()).unwrap()
}

#[test]
fn config_is_validated_and_redacted() {
    assert!(SleekFlow::new(config()).is_ok());
    let bad = [
        SleekFlowConfig::new("", TOKEN, "otp_auth", "en"),
        SleekFlowConfig::new("has space", TOKEN, "otp_auth", "en"),
        SleekFlowConfig::new(KEY, "short", "otp_auth", "en"),
        SleekFlowConfig::new(KEY, "has&amp-0123456789012345678", "otp_auth", "en"),
        SleekFlowConfig::new(KEY, TOKEN, "OTP-Auth", "en"),
        SleekFlowConfig::new(KEY, TOKEN, "otp_auth", "english"),
        SleekFlowConfig::new(KEY, TOKEN, "otp_auth", "EN_us"),
    ];
    for c in bad {
        assert!(SleekFlow::new(c.clone()).is_err(), "{c:?}");
    }
    let mut c = config();
    c.base_url = "http://api.sleekflow.io".into();
    assert!(SleekFlow::new(c).is_err());
    let d = format!("{:?}", sf());
    assert!(!d.contains(KEY) && !d.contains(TOKEN), "{d}");
    assert!(SleekFlow::new(SleekFlowConfig::new(KEY, TOKEN, "otp", "es_419")).is_ok());
}

fn message<'a>(channel: Channel, to: &'a PhoneNumber, from: &'a SenderId) -> OutboundMessage<'a> {
    OutboundMessage {
        channel,
        to,
        from,
        text: "482913 is your Acme code",
        code: "482913",
        reference: "ch1.0",
        callback_url: None,
    }
}

#[test]
fn whatsapp_request_is_a_template_message() {
    let to = PhoneNumber::parse("+852 6123 4567").unwrap();
    let from = SenderId::parse("+85252226066").unwrap();
    let r = sf()
        .request(&message(Channel::WhatsApp, &to, &from))
        .unwrap();
    assert_eq!(r.method, Method::Post);
    assert_eq!(r.url, "https://api.sleekflow.io/api/message/send/json");
    assert_eq!(r.header_value("x-sleekflow-api-key"), Some(KEY));
    assert!(!format!("{r:?}").contains(KEY));
    assert_eq!(r.header_value("content-type"), Some("application/json"));
    let body: Value = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(
        body,
        json!({"channel": "whatsappcloudapi", "from": "85252226066", "to": "85261234567",
               "messageType": "template",
               "extendedMessage": {"whatsappCloudApiTemplateMessageObject": {
                   "templateName": "otp_auth", "language": "en_US",
                   "components": [
                       {"type": "body", "parameters": [{"type": "text", "text": "482913"}]},
                       {"type": "button", "sub_type": "url", "index": 0,
                        "parameters": [{"type": "text", "text": "482913"}]}]}}})
    );
    let mut c = config();
    c.copy_code_button = false;
    let r = SleekFlow::new(c)
        .unwrap()
        .request(&message(Channel::WhatsApp, &to, &from))
        .unwrap();
    let body: Value = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(
        body.pointer("/extendedMessage/whatsappCloudApiTemplateMessageObject/components")
            .and_then(Value::as_array)
            .map(Vec::len),
        Some(1)
    );
}

#[test]
fn only_whatsapp_from_a_number() {
    let s = sf();
    assert!(s.supports(Channel::WhatsApp));
    for c in [Channel::Sms, Channel::Voice, Channel::Email] {
        assert!(!s.supports(c));
    }
    let to = PhoneNumber::parse("+85261234567").unwrap();
    let number = SenderId::parse("+85252226066").unwrap();
    let name = SenderId::parse("Acme").unwrap();
    assert!(matches!(
        s.request(&message(Channel::Sms, &to, &number)),
        Err(SendError::Invalid { .. })
    ));
    assert!(matches!(
        s.request(&message(Channel::WhatsApp, &to, &name)),
        Err(SendError::Invalid { .. })
    ));
    assert_eq!(s.idempotency(), Idempotency::None);
}

fn answer(status: u16, body: &str) -> HttpResponse {
    HttpResponse {
        status,
        headers: vec![],
        body: body.as_bytes().to_vec(),
    }
}

#[test]
fn answers_map_to_outcomes() {
    let sent = r#"{"id":1234567,"conversationId":"c0ffee","messageUniqueID":"a1b2c3d4e5","channel":"whatsappcloudapi","messageType":"template","status":"Sending"}"#;
    let a = sf().response(&answer(200, sent)).unwrap();
    assert_eq!(
        (a.message_id.as_str(), a.status),
        ("a1b2c3d4e5", DeliveryStatus::Accepted)
    );
    let list = r#"[{"id":99,"status":"Sent"}]"#;
    let a = sf().response(&answer(200, list)).unwrap();
    assert_eq!(
        (a.message_id.as_str(), a.status),
        ("99", DeliveryStatus::Sent)
    );
    let failed = r#"{"id":7,"status":"Failed","channelStatusMessage":"template not approved"}"#;
    match sf().response(&answer(200, failed)) {
        Err(SendError::Rejected { detail, .. }) => assert_eq!(detail, "template not approved"),
        other => panic!("{other:?}"),
    }
    for bad in [
        "",
        "[]",
        "{}",
        r#"{"id":"a b"}"#,
        r#"{"id":1,"status":"Teleported"}"#,
    ] {
        assert!(
            matches!(
                sf().response(&answer(200, bad)),
                Err(SendError::Protocol { .. })
            ),
            "{bad}"
        );
    }
    assert!(matches!(
        sf().response(&answer(401, "")),
        Err(SendError::Unauthorized { status: 401, .. })
    ));
    assert!(matches!(
        sf().response(&answer(403, "{}")),
        Err(SendError::Unauthorized { status: 403, .. })
    ));
    match sf().response(&answer(
        400,
        r#"{"code":400,"message":"Invalid phone number"}"#,
    )) {
        Err(SendError::Rejected {
            status: 400,
            code,
            detail,
            ..
        }) => {
            assert_eq!(
                (code.as_deref(), detail.as_str()),
                (Some("400"), "Invalid phone number")
            )
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        sf().response(&answer(404, "not json")),
        Err(SendError::Protocol { .. })
    ));
    let mut limited = answer(429, "");
    limited.headers.push(("retry-after".into(), "2".into()));
    assert!(matches!(
        sf().response(&limited),
        Err(SendError::RateLimited {
            retry_after: Some(2),
            ..
        })
    ));
    assert!(matches!(
        sf().response(&answer(502, "")),
        Err(SendError::Unavailable {
            maybe_sent: true,
            ..
        })
    ));
}

fn hook<'a>(url: &'a str, body: &'a [u8]) -> WebhookRequest<'a> {
    WebhookRequest {
        method: "POST",
        url,
        headers: &[],
        body,
    }
}

#[test]
fn webhooks_need_the_token_and_map_statuses() {
    let url = format!("https://hooks.example/sf?token={TOKEN}");
    let body = br#"{"messageUniqueID":"a1b2c3d4e5","id":1234567,"channel":"whatsappcloudapi","status":"Read","isSentFromSleekflow":true}"#;
    let r = sf().receipt(&hook(&url, body), 0).unwrap();
    assert_eq!(
        r,
        vec![DeliveryReport {
            provider: ProviderKind::SleekFlow,
            message_id: "a1b2c3d4e5".into(),
            status: DeliveryStatus::Delivered,
            error_code: None,
        }]
    );
    assert_eq!(
        sf().receipt(&hook("https://hooks.example/sf", body), 0),
        Err(WebhookError::Unauthenticated("token missing"))
    );
    let wrong = format!(
        "https://hooks.example/sf?token={}x",
        &TOKEN[..TOKEN.len() - 1]
    );
    assert_eq!(
        sf().receipt(&hook(&wrong, body), 0),
        Err(WebhookError::Unauthenticated("token does not match"))
    );
    for (status, want) in [
        ("Sending", DeliveryStatus::Accepted),
        ("Sent", DeliveryStatus::Sent),
        ("Received", DeliveryStatus::Delivered),
        ("Failed", DeliveryStatus::Failed),
        ("Undelivered", DeliveryStatus::Failed),
    ] {
        let b = format!(r#"{{"message":{{"id":5,"status":"{status}"}}}}"#);
        let r = sf().receipt(&hook(&url, b.as_bytes()), 0).unwrap();
        assert_eq!(
            (r[0].message_id.as_str(), r[0].status),
            ("5", want),
            "{status}"
        );
    }
    let deleted = br#"{"id":5,"status":"Deleted"}"#;
    assert_eq!(sf().receipt(&hook(&url, deleted), 0), Ok(vec![]));
    let inbound = br#"{"id":6,"status":"Received","isSentFromSleekflow":false}"#;
    assert_eq!(sf().receipt(&hook(&url, inbound), 0), Ok(vec![]));
    for bad in [
        &b"not json"[..],
        br#"{"status":"Sent"}"#,
        br#"{"id":5}"#,
        br#"{"id":5,"status":"Lost"}"#,
    ] {
        assert!(matches!(
            sf().receipt(&hook(&url, bad), 0),
            Err(WebhookError::Malformed(_))
        ));
    }
    let big = vec![b' '; crate::delivery::receipt::MAX_WEBHOOK_BODY + 1];
    assert_eq!(
        sf().receipt(&hook(&url, &big), 0),
        Err(WebhookError::TooLarge)
    );
}
