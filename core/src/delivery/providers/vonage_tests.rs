//! Vonage adapter: request shapes, answer mapping and signed-webhook verification, from the
//! documented examples.

use super::*;
use crate::clock::FixedTimeSource;
use crate::delivery::message::PhoneNumber;
use crate::delivery::receipt::WebhookRequest;
use jsonwebtoken::{DecodingKey, Validation};

/// A throwaway 2048-bit RSA key made for these tests (`openssl genpkey`); also in
/// core/tests/delivery_vonage.rs, its public half in tests/fakes/providers/vonage.py.
pub(crate) const TEST_PRIVATE_KEY: &str = r"-----BEGIN PRIVATE KEY-----
MIIEvAIBADANBgkqhkiG9w0BAQEFAASCBKYwggSiAgEAAoIBAQDEado6FnxN0QhZ
ofi3sOyhylCJztqzPXgAP7eqQYRBbUDxZ+aFRlVvdg0pcBU0juV6SGMVsJ3ic2F8
4ctzuZzA2QS87BYcViq34Ug1Dyv0fZGOilfeT6tQBKatQr1+qH7QvV5S5hLyC+mP
Qd99wjd6HfnfRiolCMw12zBjNd0ZJwQ85iBYRLZokFIJZcwuLWNfENHew1oKiYmd
ig8cjVJG8XtCdAzj2NPyuGoEO6NUqPyAC61bft9aLs8jN+zY/KogP3NcD0lZic47
0GQV2MU+K6pK8VXXTomKzmRZMK039u0978A26OY5clFPw/ocELSNaJibzzBnuWUc
pysActrLAgMBAAECggEATKxjv7xKXxhEMbVMgezDmy7+vKUu87yBrVsyR/jWd7H+
IZ7lOs6niGDlp3D1HjTQOSmr4Go3YBCZlGYShYUGP7QYKOXihcJPX8PGa8wV5RXl
reasgYDJR+3g4Q8GKTz+cF8URLlC2RE0ZjOZWp7oCDhOdE4QIq/qA/YiUABVZL0K
rwt9de0RZ3h+Y5r8ct8F72InNuF0o89yR0176wK+IxAuYrzAzLqGhPEhJ1k2/IQ+
ltltitqqZDL3rBnnYkEOgbdSckKz3ExYoz9G3AYKqbEBS2N7mQ3Wg4YabqjRakDr
/YfYD/uCWJdPx/7nvsXgXn8krxNPw2Gf+/NOBDeQ1QKBgQDpnKC28os0AcdSm6Dc
rdtB/EjYvbvxxEXsw08n4L3CWLc1kLadgV9Ud4KBekDlO7/X1R8zTiSYC6tY+kVo
mj3wt0XFYlFR9y63hdl05fQo/mephiCxCTxzg8WAuSv13RRSycF6KQY0iUVHO1kT
Z/HEiDTXeyDFZ+aAevXaf2DQFQKBgQDXPJwz3Rs2zCGpTBqUiLdtedCq9AsRyTuP
xsuBFn15DDqRZNbKg3pFX8lSiZsEfECfoYhSw5aI8Lq/nJIzHHk4y2AdLnCFLPMG
/Bc0PRPWw7Q5FMdeMGeYcWMZBZitBIQhR/0qg2KyxJPXh3MqApw3hxX0EXyP/HkG
ybIOJrTXXwKBgCZKa/VQsAxoNjmOFMHXJVcdePs9ri6kkymJodHRfoj6bZ00CRqr
9+oqZJPAbB6mun0wC5snNcxOLVm6O+I3Veu8vozp3pZmw5uFLu2AO5L0kB0zROx/
rQ7qDFdbAp+cCxa+xx2017WIwng4fBM4OGKUSMUBA5AXxapNfTrBIic5AoGANHBY
4i3pdnVPci7Pfwa8Idj+5NemZsPvVf0qEZ5IHZjEIC5AQoC75nEK3KgX84TOPdYe
H4P1hhGYfhyIZhl200aBeTqaQWgNIdODV7/VuIpfu1R7qlACvVpKuYrqgqTKCE3A
uX3fKwzHtEgU39RY+RJZX+huv6nUVroHPnlhr+MCgYBDQg2RwZkOyuJIkR2HNLZP
Oij6B5u9Z0S1tyLvCZ+juclw/H0UnFzcgonSxDjmfDMde+pAJpRziCfUmE97Zzjg
w0cHz9E2dzJ2d3vpcdbK2KiLnXwvsNMdiudUhogc0AbhLSymsdniISXcY34pZJiQ
bKJDce+I1v2MAeUmt12fyA==
-----END PRIVATE KEY-----";
const TEST_PUBLIC_KEY: &str = r"-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAxGnaOhZ8TdEIWaH4t7Ds
ocpQic7asz14AD+3qkGEQW1A8WfmhUZVb3YNKXAVNI7lekhjFbCd4nNhfOHLc7mc
wNkEvOwWHFYqt+FINQ8r9H2RjopX3k+rUASmrUK9fqh+0L1eUuYS8gvpj0HffcI3
eh3530YqJQjMNdswYzXdGScEPOYgWES2aJBSCWXMLi1jXxDR3sNaComJnYoPHI1S
RvF7QnQM49jT8rhqBDujVKj8gAutW37fWi7PIzfs2PyqID9zXA9JWYnOO9BkFdjF
PiuqSvFV106Jis5kWTCtN/btPe/ANujmOXJRT8P6HBC0jWiYm88wZ7llHKcrAHLa
ywIDAQAB
-----END PUBLIC KEY-----";
const APP_ID: &str = "aaaaaaaa-bbbb-cccc-dddd-0123456789ab";
const KEY: &str = "abcd1234";
const SECRET: &str = "abcdef0123456789";
const SIG_SECRET: &str = "fake-vonage-signature-secret-0123456789";
const NOW: u64 = 1_767_225_600;

fn vonage(f: impl FnOnce(&mut VonageConfig)) -> Vonage {
    let mut c = VonageConfig::new(KEY, SECRET, SIG_SECRET);
    c.clock = Arc::new(FixedTimeSource::new(NOW));
    f(&mut c);
    Vonage::new(c).unwrap()
}

fn with_app(c: &mut VonageConfig) {
    c.application = Some(VonageApplication {
        id: APP_ID.into(),
        private_key_pem: Zeroizing::new(TEST_PRIVATE_KEY.into()),
    });
}

fn msg<'a>(channel: Channel, to: &'a PhoneNumber, from: &'a SenderId) -> OutboundMessage<'a> {
    OutboundMessage {
        channel,
        to,
        from,
        text: "482913 is your Acme code",
        code: "482913",
        reference: "ch1.0",
        callback_url: Some("https://h.example/vonage/status"),
    }
}

fn body(r: &HttpRequest) -> Value {
    serde_json::from_slice(&r.body).unwrap()
}

fn app_claims(r: &HttpRequest) -> Value {
    let auth = r.header_value("authorization").unwrap();
    let jwt = auth.strip_prefix("Bearer ").unwrap();
    let key = DecodingKey::from_rsa_pem(TEST_PUBLIC_KEY.as_bytes()).unwrap();
    let mut v = Validation::new(Algorithm::RS256);
    v.validate_exp = false;
    jsonwebtoken::decode::<Value>(jwt, &key, &v).unwrap().claims
}

#[test]
fn sms_request_is_the_documented_json() {
    let to = PhoneNumber::parse("+447700900123").unwrap();
    let from = SenderId::parse("AcmeInc").unwrap();
    let v = vonage(|_| {});
    let r = v.request(&msg(Channel::Sms, &to, &from)).unwrap();
    assert_eq!(r.method, Method::Post);
    assert_eq!(r.url, "https://api.nexmo.com/v1/messages");
    assert_eq!(r.header_value("content-type"), Some("application/json"));
    let basic = format!(
        "Basic {}",
        base64::Engine::encode(
            &base64::engine::general_purpose::STANDARD,
            format!("{KEY}:{SECRET}")
        )
    );
    assert_eq!(r.header_value("authorization"), Some(basic.as_str()));
    assert_eq!(
        body(&r),
        json!({
            "message_type": "text", "channel": "sms", "to": "447700900123", "from": "AcmeInc",
            "text": "482913 is your Acme code", "client_ref": "ch1.0",
            "webhook_url": "https://h.example/vonage/status",
        })
    );
    let number = SenderId::parse("+447700900001").unwrap();
    assert_eq!(
        body(&v.request(&msg(Channel::Sms, &to, &number)).unwrap())["from"],
        "447700900001"
    );
}

#[test]
fn jwt_auth_signs_a_fresh_application_token() {
    let to = PhoneNumber::parse("+447700900123").unwrap();
    let from = SenderId::parse("AcmeInc").unwrap();
    let v = vonage(|c| {
        with_app(c);
        c.messages_auth = VonageAuth::Jwt;
        c.api_secret = Zeroizing::new(String::new());
    });
    let a = v.request(&msg(Channel::Sms, &to, &from)).unwrap();
    let b = v.request(&msg(Channel::Sms, &to, &from)).unwrap();
    let (ca, cb) = (app_claims(&a), app_claims(&b));
    assert_eq!(ca["application_id"], APP_ID);
    assert_eq!(ca["iat"], NOW);
    assert_eq!(ca["exp"], NOW + 300);
    assert_eq!(ca["jti"].as_str().unwrap().len(), 32);
    assert_ne!(ca["jti"], cb["jti"], "jti must be unique per token");
    assert!(format!("{a:?}").contains("Authorization: <redacted>"));
    // JWT auth without an application is refused at configuration.
    let mut c = VonageConfig::new(KEY, SECRET, SIG_SECRET);
    c.messages_auth = VonageAuth::Jwt;
    assert!(Vonage::new(c).is_err());
}

#[test]
fn whatsapp_authentication_template_or_text() {
    let to = PhoneNumber::parse("+447700900123").unwrap();
    let from = SenderId::parse("+447700900001").unwrap();
    let v = vonage(|c| {
        c.whatsapp_template = Some(VonageWhatsAppTemplate {
            name: "acme_otp".into(),
            language: "en_GB".into(),
        })
    });
    let b = body(&v.request(&msg(Channel::WhatsApp, &to, &from)).unwrap());
    assert_eq!(b["message_type"], "custom");
    assert_eq!(b["channel"], "whatsapp");
    assert_eq!(b["from"], "447700900001");
    assert!(b.get("text").is_none());
    assert_eq!(
        b["custom"],
        json!({"type": "template", "template": {
        "name": "acme_otp",
        "language": {"policy": "deterministic", "code": "en_GB"},
        "components": [
            {"type": "body", "parameters": [{"type": "text", "text": "482913"}]},
            {"type": "button", "sub_type": "url", "index": "0",
             "parameters": [{"type": "text", "text": "482913"}]},
        ]}})
    );
    let plain = vonage(|_| {});
    let b = body(&plain.request(&msg(Channel::WhatsApp, &to, &from)).unwrap());
    assert_eq!(b["message_type"], "text");
    assert_eq!(b["text"], "482913 is your Acme code");
    let name = SenderId::parse("AcmeInc").unwrap();
    assert!(matches!(
        v.request(&msg(Channel::WhatsApp, &to, &name)),
        Err(SendError::Invalid { .. })
    ));
    let long = "x".repeat(MAX_TEXT + 1);
    let mut m = msg(Channel::Sms, &to, &name);
    m.text = &long;
    assert!(matches!(plain.request(&m), Err(SendError::Invalid { .. })));
}

#[test]
fn voice_call_with_talk_ncco_and_application_jwt() {
    let to = PhoneNumber::parse("+447700900123").unwrap();
    let from = SenderId::parse("+447700900001").unwrap();
    assert!(!vonage(|_| {}).supports(Channel::Voice));
    assert!(vonage(|_| {})
        .request(&msg(Channel::Voice, &to, &from))
        .is_err());
    let v = vonage(|c| {
        with_app(c);
        c.voice_language = "en-GB".into();
        c.voice_style = 3;
    });
    assert!(v.supports(Channel::Voice));
    let r = v.request(&msg(Channel::Voice, &to, &from)).unwrap();
    assert_eq!(r.url, "https://api.nexmo.com/v1/calls");
    assert_eq!(
        body(&r),
        json!({
            "to": [{"type": "phone", "number": "447700900123"}],
            "from": {"type": "phone", "number": "447700900001"},
            "ncco": [{"action": "talk", "text": "4, 8, 2, 9, 1, 3 is your Acme code",
                      "language": "en-GB", "style": 3, "loop": 2}],
            "event_url": ["https://h.example/vonage/status"],
            "event_method": "POST",
        })
    );
    assert_eq!(app_claims(&r)["application_id"], APP_ID);
    let name = SenderId::parse("AcmeInc").unwrap();
    assert!(v.request(&msg(Channel::Voice, &to, &name)).is_err());
}

#[test]
fn config_is_checked_and_debug_hides_secrets() {
    let bad = |f: fn(&mut VonageConfig)| {
        let mut c = VonageConfig::new(KEY, SECRET, SIG_SECRET);
        f(&mut c);
        Vonage::new(c).is_err()
    };
    assert!(bad(|c| c.api_key = String::new()));
    assert!(bad(|c| c.api_key = "ab cd".into()));
    assert!(bad(|c| c.api_secret = Zeroizing::new(String::new())));
    assert!(bad(|c| c.signature_secret = Zeroizing::new(String::new())));
    assert!(bad(|c| c.base_url = "http://api.nexmo.com".into()));
    assert!(bad(|c| c.voice_repeat = 6));
    assert!(bad(|c| c.webhook_max_age = 0));
    assert!(bad(|c| c.voice_language = "en GB".into()));
    assert!(bad(|c| c.whatsapp_template =
        Some(VonageWhatsAppTemplate {
            name: "a b".into(),
            language: "en".into()
        })));
    assert!(bad(|c| c.application = Some(VonageApplication {
        id: "not-a-uuid".into(),
        private_key_pem: Zeroizing::new(TEST_PRIVATE_KEY.into())
    })));
    assert!(bad(|c| c.application = Some(VonageApplication {
        id: APP_ID.into(),
        private_key_pem: Zeroizing::new(
            "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----".into()
        )
    })));
    let d = format!("{:?}", vonage(with_app));
    assert!(
        !d.contains(SECRET) && !d.contains(SIG_SECRET) && !d.contains("MII"),
        "{d}"
    );
}

#[test]
fn vonage_refuses_sender_ids_with_spaces() {
    let v = vonage(|_| {});
    let spaced = SenderId::parse("Acme Bank").unwrap();
    assert!(matches!(
        v.check_sender(Channel::Sms, &spaced, Some("GB")),
        Err(SenderIdError::Provider(_))
    ));
    assert!(v
        .check_sender(
            Channel::Sms,
            &SenderId::parse("AcmeBank").unwrap(),
            Some("GB")
        )
        .is_ok());
}

fn resp(status: u16, body: &str) -> HttpResponse {
    HttpResponse {
        status,
        headers: vec![("retry-after".into(), "2".into())],
        body: body.as_bytes().to_vec(),
    }
}

#[test]
fn documented_answers_map_to_typed_results() {
    let v = vonage(|_| {});
    let ok = v
        .response(&resp(
            202,
            r#"{"message_uuid":"d8f86df1-dec6-442f-870a-2241be27d721"}"#,
        ))
        .unwrap();
    assert_eq!(ok.message_id, "d8f86df1-dec6-442f-870a-2241be27d721");
    assert_eq!(ok.status, DeliveryStatus::Accepted);
    let call = v
        .response(&resp(
            201,
            r#"{"uuid":"63f61863-4a51-4f6b-86e1-46edebcf9356","status":"started","direction":"outbound","conversation_uuid":"CON-f972836a-550f-45fa-956c-12a2ab5b7d22"}"#,
        ))
        .unwrap();
    assert_eq!(call.message_id, "63f61863-4a51-4f6b-86e1-46edebcf9356");
    assert!(matches!(
        v.response(&resp(202, "{}")),
        Err(SendError::Protocol { .. })
    ));
    let invalid = r#"{"type":"https://developer.vonage.com/api-errors/messages#1150","title":"Invalid params","detail":"The value of one or more parameters is invalid.","instance":"bf0ca0bf927b3b52e3cb03217e1a1ddf"}"#;
    match v.response(&resp(422, invalid)) {
        Err(SendError::Rejected {
            status: 422,
            code: Some(c),
            detail,
            ..
        }) => {
            assert_eq!(c, "1150");
            assert_eq!(detail, "Invalid params");
        }
        other => panic!("{other:?}"),
    }
    let low = r#"{"type":"https://developer.nexmo.com/api-errors/#low-balance","title":"Low balance","detail":"This request could not be performed due to your account balance being low.","instance":"bf0ca0bf927b3b52e3cb03217e1a1ddf"}"#;
    assert!(matches!(
        v.response(&resp(402, low)),
        Err(SendError::Rejected { code: Some(c), .. }) if c == "low-balance"
    ));
    let unauth = r#"{"type":"https://developer.nexmo.com/api-errors#unauthorized","title":"Unauthorized","detail":"You did not provide correct credentials."}"#;
    assert_eq!(
        v.response(&resp(401, unauth)),
        Err(SendError::Unauthorized {
            provider: KIND,
            status: 401
        })
    );
    assert_eq!(
        v.response(&resp(429, r#"{"type":"https://developer.vonage.com/api-errors/messages#1000","title":"Throttled"}"#)),
        Err(SendError::RateLimited {
            provider: KIND,
            retry_after: Some(2)
        })
    );
    assert!(v.response(&resp(500, "")).unwrap_err().maybe_sent());
    assert!(matches!(
        v.response(&resp(400, "oops")),
        Err(SendError::Protocol { .. })
    ));
    assert!(matches!(
        v.response(&resp(400, "{}")),
        Err(SendError::Protocol { .. })
    ));
    assert_eq!(v.idempotency(), Idempotency::None);
}

/// The documented SMS status example, as Vonage posts it.
const STATUS: &str = r#"{"message_uuid":"aaaaaaaa-bbbb-cccc-dddd-0123456789ab","to":"447700900000","from":"AcmeInc","timestamp":"2026-01-01T00:00:00.000Z","status":"rejected","error":{"type":"https://developer.nexmo.com/api-errors/messages-olympus#1250","title":1250,"detail":"Unroutable","instance":"bf0ca0bf927b3b52e3cb03217e1a1ddf"},"usage":{"currency":"EUR","price":"0.0333"},"client_ref":"ch1.0","channel":"sms"}"#;

/// A webhook JWT as Vonage signs it (HS256, signature secret).
fn signed(secret: &str, claims: Value) -> Vec<(String, String)> {
    let jwt = jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &claims,
        &EncodingKey::from_secret(secret.as_bytes()).unwrap(),
    )
    .unwrap();
    vec![("Authorization".into(), format!("Bearer {jwt}"))]
}

fn claims_for(body: &str, iat: u64) -> Value {
    json!({"iat": iat, "jti": "c5ba8f24-1a14-4c10-bfdf-3fbe8ce511b5", "iss": "Vonage",
           "payload_hash": payload_hash(body.as_bytes()), "api_key": KEY,
           "application_id": APP_ID})
}

fn hook<'a>(headers: &'a [(String, String)], body: &'a str) -> WebhookRequest<'a> {
    WebhookRequest {
        method: "POST",
        url: "https://h.example/vonage/status",
        headers,
        body: body.as_bytes(),
    }
}

#[test]
fn signed_status_webhook_is_read() {
    let v = vonage(|_| {});
    let h = signed(SIG_SECRET, claims_for(STATUS, NOW - 10));
    assert_eq!(
        v.receipt(&hook(&h, STATUS), NOW).unwrap(),
        vec![DeliveryReport {
            provider: KIND,
            message_id: "aaaaaaaa-bbbb-cccc-dddd-0123456789ab".into(),
            status: DeliveryStatus::Failed,
            error_code: Some("1250".into()),
        }]
    );
    for (status, expected) in [
        ("submitted", Some(DeliveryStatus::Sent)),
        ("delivered", Some(DeliveryStatus::Delivered)),
        ("read", Some(DeliveryStatus::Delivered)),
        ("undeliverable", Some(DeliveryStatus::Failed)),
        ("rejected", Some(DeliveryStatus::Failed)),
        ("something-new", None),
    ] {
        let b = format!(r#"{{"message_uuid":"m-1","status":"{status}","channel":"whatsapp"}}"#);
        let h = signed(SIG_SECRET, claims_for(&b, NOW));
        let r = v.receipt(&hook(&h, &b), NOW).unwrap();
        assert_eq!(r.first().map(|r| r.status), expected, "{status}");
    }
}

#[test]
fn call_events_map() {
    let v = vonage(with_app);
    for (b, expected) in [
        (
            r#"{"uuid":"c-1","conversation_uuid":"CON-1","status":"answered","direction":"outbound"}"#,
            Some(DeliveryStatus::Delivered),
        ),
        (
            r#"{"uuid":"c-1","status":"completed","duration":"14"}"#,
            Some(DeliveryStatus::Delivered),
        ),
        (
            r#"{"uuid":"c-1","status":"completed","duration":"0"}"#,
            None,
        ),
        (
            r#"{"uuid":"c-1","status":"unanswered"}"#,
            Some(DeliveryStatus::Failed),
        ),
        (
            r#"{"uuid":"c-1","status":"timeout"}"#,
            Some(DeliveryStatus::Failed),
        ),
        (
            r#"{"uuid":"c-1","status":"busy"}"#,
            Some(DeliveryStatus::Failed),
        ),
        (
            r#"{"uuid":"c-1","status":"ringing"}"#,
            Some(DeliveryStatus::Sent),
        ),
    ] {
        let h = signed(SIG_SECRET, claims_for(b, NOW));
        let r = v.receipt(&hook(&h, b), NOW).unwrap();
        assert_eq!(r.first().map(|r| r.status), expected, "{b}");
    }
}

#[test]
fn forged_tampered_replayed_or_unsigned_webhooks_are_refused() {
    let v = vonage(|_| {});
    let unauth = |headers: &[(String, String)], body: &str, now: u64| {
        matches!(
            v.receipt(&hook(headers, body), now),
            Err(WebhookError::Unauthenticated(_))
        )
    };
    let good = signed(SIG_SECRET, claims_for(STATUS, NOW));
    assert!(v.receipt(&hook(&good, STATUS), NOW).is_ok());
    // Tampered body (the hash no longer matches).
    assert!(unauth(&good, &STATUS.replace("rejected", "delivered"), NOW));
    // Another secret.
    assert!(unauth(
        &signed("another-secret", claims_for(STATUS, NOW)),
        STATUS,
        NOW
    ));
    // No or a non-Bearer header, or garbage.
    assert!(unauth(&[], STATUS, NOW));
    assert!(unauth(
        &[("Authorization".into(), "Basic abc".into())],
        STATUS,
        NOW
    ));
    assert!(unauth(
        &[("Authorization".into(), "Bearer x.y.z".into())],
        STATUS,
        NOW
    ));
    // Replayed after webhook_max_age, or issued in the future.
    assert!(unauth(&good, STATUS, NOW + 301));
    assert!(!unauth(&good, STATUS, NOW + 300));
    assert!(unauth(&good, STATUS, NOW - WEBHOOK_SKEW - 1));
    // Missing iat or payload_hash; another API key; expired.
    let mut c = claims_for(STATUS, NOW);
    c.as_object_mut().unwrap().remove("payload_hash");
    assert!(unauth(&signed(SIG_SECRET, c), STATUS, NOW));
    let mut c = claims_for(STATUS, NOW);
    c.as_object_mut().unwrap().remove("iat");
    assert!(unauth(&signed(SIG_SECRET, c), STATUS, NOW));
    let mut c = claims_for(STATUS, NOW);
    c["api_key"] = json!("zzzz9999");
    assert!(unauth(&signed(SIG_SECRET, c), STATUS, NOW));
    let mut c = claims_for(STATUS, NOW);
    c["exp"] = json!(NOW - WEBHOOK_SKEW - 1);
    assert!(unauth(&signed(SIG_SECRET, c), STATUS, NOW));
    // alg "none" and RS256 tokens are not accepted for the HS256 secret.
    let none = format!(
        "Bearer {}.{}.",
        b64(r#"{"alg":"none","typ":"JWT"}"#),
        b64(&claims_for(STATUS, NOW).to_string())
    );
    assert!(unauth(&[("Authorization".into(), none)], STATUS, NOW));
    // Verified but not a report.
    let other = r#"{"foo":"bar"}"#;
    assert!(matches!(
        v.receipt(
            &hook(&signed(SIG_SECRET, claims_for(other, NOW)), other),
            NOW
        ),
        Err(WebhookError::Malformed(_))
    ));
}

fn b64(s: &str) -> String {
    base64::Engine::encode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, s)
}
