//! Request shapes, answer mapping and webhook signatures of the MessageBird adapter.

use super::signature::sha256_hex;
use super::*;
use crate::delivery::PhoneNumber;
use jsonwebtoken::{encode, Algorithm, EncodingKey, Header};
use sha2::{Digest, Sha256};

const ACCESS: &str = "live_AbCdEf0123456789";
const SIGNING: &str = "mb-signing-key-0123";

fn config() -> MessageBirdConfig {
    let mut c = MessageBirdConfig::new(ACCESS, SIGNING);
    c.sms_validity = Some(600);
    c.voice = Some(VoiceOptions::default());
    c.whatsapp = Some(WhatsAppOptions {
        channel_id: "619747f69cf940a98fb443140ce9aed2".into(),
        namespace: "cdb2df51_9816_c754_c5a4_64cdabdcad3e".into(),
        template_name: "otp_code".into(),
        language: "en_US".into(),
    });
    c
}

fn mb() -> MessageBird {
    MessageBird::new(config()).unwrap()
}

fn message<'a>(
    channel: Channel,
    to: &'a PhoneNumber,
    from: &'a SenderId,
    text: &'a str,
) -> OutboundMessage<'a> {
    OutboundMessage {
        channel,
        to,
        from,
        text,
        code: "482913",
        reference: "ch1.0",
        callback_url: Some("https://hooks.example/mb"),
    }
}

fn body(r: &HttpRequest) -> Value {
    serde_json::from_slice(&r.body).unwrap()
}

#[test]
fn config_is_validated_and_redacted() {
    assert!(MessageBird::new(config()).is_ok());
    let mut c = config();
    c.access_key = Zeroizing::new("has space".into());
    assert!(MessageBird::new(c).is_err());
    let mut c = config();
    c.signing_key = Zeroizing::new(String::new());
    assert!(MessageBird::new(c).is_err());
    let mut c = config();
    c.base_url = "http://rest.messagebird.com".into();
    assert!(MessageBird::new(c).is_err());
    let mut c = config();
    c.voice.as_mut().unwrap().language = "xx-yy".into();
    assert!(MessageBird::new(c).is_err());
    let mut c = config();
    c.voice.as_mut().unwrap().repeat = 11;
    assert!(MessageBird::new(c).is_err());
    let mut c = config();
    c.whatsapp.as_mut().unwrap().template_name = "OTP Code".into();
    assert!(MessageBird::new(c).is_err());
    let mut c = config();
    c.whatsapp.as_mut().unwrap().language = "english".into();
    assert!(MessageBird::new(c).is_err());
    let d = format!("{:?}", mb());
    assert!(!d.contains(ACCESS) && !d.contains(SIGNING), "{d}");
}

#[test]
fn sms_request_is_the_documented_one() {
    let to = PhoneNumber::parse("+31 6 12345678").unwrap();
    let from = SenderId::parse("Acme").unwrap();
    let r = mb()
        .request(&message(Channel::Sms, &to, &from, "482913 is your code"))
        .unwrap();
    assert_eq!(r.method, Method::Post);
    assert_eq!(r.url, "https://rest.messagebird.com/messages");
    assert_eq!(
        r.header_value("authorization"),
        Some(format!("AccessKey {ACCESS}").as_str())
    );
    assert!(!format!("{r:?}").contains(ACCESS));
    assert_eq!(r.header_value("content-type"), Some("application/json"));
    assert_eq!(r.header_value("accept"), Some("application/json"));
    assert_eq!(
        body(&r),
        json!({"originator": "Acme", "recipients": ["31612345678"], "body": "482913 is your code",
               "reference": "ch1.0", "datacoding": "auto", "validity": 600,
               "reportUrl": "https://hooks.example/mb"})
    );
    let number = SenderId::parse("+3197000000000").unwrap();
    let r = mb()
        .request(&message(Channel::Sms, &to, &number, "x"))
        .unwrap();
    assert_eq!(body(&r)["originator"], "+3197000000000");
    let short = SenderId::parse("72345").unwrap();
    assert!(matches!(
        mb().request(&message(Channel::Sms, &to, &short, "x")),
        Err(SendError::Invalid { .. })
    ));
    assert!(mb().check_sender(Channel::Sms, &short, None).is_err());
    assert!(mb().check_sender(Channel::Sms, &from, None).is_ok());
}

#[test]
fn voice_request_is_the_documented_one() {
    let to = PhoneNumber::parse("+31612345678").unwrap();
    let from = SenderId::parse("+3197000000000").unwrap();
    let r = mb()
        .request(&message(
            Channel::Voice,
            &to,
            &from,
            "Your code is 4 8 2 9 1 3",
        ))
        .unwrap();
    assert_eq!(r.url, "https://rest.messagebird.com/voicemessages");
    assert_eq!(
        body(&r),
        json!({"originator": "+3197000000000", "recipients": ["31612345678"],
               "body": "Your code is 4 8 2 9 1 3", "reference": "ch1.0", "language": "en-gb",
               "voice": "female", "repeat": 2, "ifMachine": "delay",
               "reportUrl": "https://hooks.example/mb"})
    );
    let long = "9".repeat(MAX_VOICE_BODY + 1);
    assert!(mb()
        .request(&message(Channel::Voice, &to, &from, &long))
        .is_err());
    let name = SenderId::parse("Acme").unwrap();
    assert!(mb()
        .request(&message(Channel::Voice, &to, &name, "x"))
        .is_err());
}

#[test]
fn whatsapp_request_is_an_hsm_template() {
    let to = PhoneNumber::parse("+31612345678").unwrap();
    let from = SenderId::parse("+3197000000000").unwrap();
    let r = mb()
        .request(&message(
            Channel::WhatsApp,
            &to,
            &from,
            "ignored for templates",
        ))
        .unwrap();
    assert_eq!(r.url, "https://conversations.messagebird.com/v1/send");
    assert_eq!(
        body(&r),
        json!({"to": "+31612345678", "from": "619747f69cf940a98fb443140ce9aed2", "type": "hsm",
               "content": {"hsm": {"namespace": "cdb2df51_9816_c754_c5a4_64cdabdcad3e",
                                   "templateName": "otp_code",
                                   "language": {"policy": "deterministic", "code": "en_US"},
                                   "params": [{"default": "482913"}]}},
               "reportUrl": "https://hooks.example/mb"})
    );
}

#[test]
fn channels_follow_the_configuration() {
    let sms_only = MessageBird::new(MessageBirdConfig::new(ACCESS, SIGNING)).unwrap();
    assert!(sms_only.supports(Channel::Sms));
    assert!(!sms_only.supports(Channel::Voice) && !sms_only.supports(Channel::WhatsApp));
    assert!(mb().supports(Channel::Voice) && mb().supports(Channel::WhatsApp));
    assert!(!mb().supports(Channel::Email));
    assert_eq!(mb().idempotency(), Idempotency::None);
}

fn answer(status: u16, body: &str) -> HttpResponse {
    HttpResponse {
        status,
        headers: vec![],
        body: body.as_bytes().to_vec(),
    }
}

#[test]
fn answers_map_to_documented_outcomes() {
    let created = r#"{"id":"6fe65f90454aa61536e6a88b88972670","href":"https://rest.messagebird.com/messages/6fe65f90454aa61536e6a88b88972670","direction":"mt","type":"sms","originator":"Acme","body":"x","reference":"ch1.0","recipients":{"totalCount":1,"totalSentCount":1,"totalDeliveredCount":0,"totalDeliveryFailedCount":0,"items":[{"recipient":31612345678,"status":"sent","statusDatetime":"2015-01-05T10:02:59+00:00"}]}}"#;
    let a = mb().response(&answer(201, created)).unwrap();
    assert_eq!(a.message_id, "6fe65f90454aa61536e6a88b88972670");
    assert_eq!(a.status, DeliveryStatus::Sent);
    let a = mb()
        .response(&answer(
            202,
            r#"{"id":"2e15efafec384e1c82e9842075e87beb","status":"accepted"}"#,
        ))
        .unwrap();
    assert_eq!(
        (a.message_id.as_str(), a.status),
        ("2e15efafec384e1c82e9842075e87beb", DeliveryStatus::Accepted)
    );
    for bad in ["", "{}", r#"{"id":""}"#, r#"{"id":"a b"}"#] {
        assert!(
            matches!(
                mb().response(&answer(201, bad)),
                Err(SendError::Protocol { .. })
            ),
            "{bad}"
        );
    }
    let e = |code: u32, text: &str| {
        format!(
            r#"{{"errors":[{{"code":{code},"description":"{text}","parameter":"recipients"}}]}}"#
        )
    };
    assert!(matches!(
        mb().response(&answer(
            401,
            &e(2, "Request not allowed (incorrect access_key)")
        )),
        Err(SendError::Unauthorized { status: 401, .. })
    ));
    assert!(matches!(
        mb().response(&answer(400, &e(2, "Request not allowed"))),
        Err(SendError::Unauthorized { status: 400, .. })
    ));
    for (status, code) in [
        (422, 9),
        (422, 10),
        (404, 20),
        (400, 21),
        (402, 25),
        (404, 98),
    ] {
        match mb().response(&answer(status, &e(code, "no (good) reason"))) {
            Err(SendError::Rejected {
                status: s,
                code: Some(c),
                detail,
                ..
            }) => {
                assert_eq!((s, c), (status, code.to_string()));
                assert!(detail.contains("parameter recipients"), "{detail}");
            }
            other => panic!("{status}/{code}: {other:?}"),
        }
    }
    let mut limited = answer(429, "");
    limited.headers.push(("retry-after".into(), "3".into()));
    assert!(matches!(
        mb().response(&limited),
        Err(SendError::RateLimited {
            retry_after: Some(3),
            ..
        })
    ));
    assert!(matches!(
        mb().response(&answer(500, &e(99, "Internal error"))),
        Err(SendError::Unavailable {
            maybe_sent: true,
            ..
        })
    ));
    assert!(matches!(
        mb().response(&answer(400, "<html>")),
        Err(SendError::Protocol { .. })
    ));
}

// MessageBird's published reference vectors (go-rest-api signature_jwt/testdata/reference.json):
// secret, URL, payload and token as given there; "now" is 2021-07-05T12:00:00+02:00.
const REF_SECRET: &str = "36efdd1aace2e26cd490f0d951138253bef2f7c6d34d18981da781555cc4cebb";
const REF_NOW: u64 = 1_625_479_200;
const REF_VALID_NO_PAYLOAD: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJNZXNzYWdlQmlyZCIsIm5iZiI6MTYyNTQ3OTIwMCwiZXhwIjoxNjI1NDc5MjYwLCJqdGkiOiI1OWEyNDRkYy1lOWFkLTRlMjMtOTc3OC0zNzFmYWEyMzhmNzIiLCJ1cmxfaGFzaCI6IjBmMTE1ZGIwNjJiN2MwZGQwMzBiMTY4NzhjOTlkZWE1YzM1NGI0OWRjMzdiMzhlYjg4NDYxNzljNzc4M2U5ZDcifQ.6Fp0rVOsRr1fj9S2GidXAfkmPVofKr8_RTffC6G6r2E";
const REF_VALID_PAYLOAD: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJNZXNzYWdlQmlyZCIsIm5iZiI6MTYyNTQ3OTIwMCwiZXhwIjoxNjI1NDc5MjYwLCJqdGkiOiI5M2U1NTAwNi1hMGU4LTQ1MjYtYTE5MC1mYTVmZjAwZWExMTYiLCJ1cmxfaGFzaCI6IjQxZjA1ZjBkZGQwYTIyYWIyMDlhYzQ2ZjQ3YzQ1NzJkOWNlZmEyNTdlZDc0YjI0MDA0YmFlNzUzZWNlNmMyNjAiLCJwYXlsb2FkX2hhc2giOiJkZmZkNjAyMWJiMmJkNWIwYWY2NzYyOTA4MDllYzNhNTMxOTFkZDgxYzdmNzBhNGIyODY4OGEzNjIxODI5ODZmIn0._H--TOuYFLpeEH39-rg5E3IHVkjHozBcaKVWPRC5m9I";
const REF_NOT_YET: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJNZXNzYWdlQmlyZCIsIm5iZiI6MTYyNTQ4MjgwMCwiZXhwIjoxNjI1NDgyODYwLCJqdGkiOiJmOWY4YzM4Mi0yNDQ5LTQzMTEtYjcyYi0xZGY3MTY4NzkzMWUiLCJ1cmxfaGFzaCI6IjBmMTE1ZGIwNjJiN2MwZGQwMzBiMTY4NzhjOTlkZWE1YzM1NGI0OWRjMzdiMzhlYjg4NDYxNzljNzc4M2U5ZDcifQ.ZELgDFNGhjZH9CffQKcq3sytBe2I0KciLxpBhcfstHQ";
const REF_EXPIRED: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJNZXNzYWdlQmlyZCIsIm5iZiI6MTYyNTQ3NTYwMCwiZXhwIjoxNjI1NDc1NjYwLCJqdGkiOiI1ZjAyZjUyMi02MDMwLTQ2YzgtYjVhMy0wMTI0NjQ3OGQ4YmMiLCJ1cmxfaGFzaCI6IjBmMTE1ZGIwNjJiN2MwZGQwMzBiMTY4NzhjOTlkZWE1YzM1NGI0OWRjMzdiMzhlYjg4NDYxNzljNzc4M2U5ZDcifQ.45MSST3B_2PsjNUeiuW54_vUQgVw4rBXrdWrOUEz3lM";
const REF_OTHER_URL: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJNZXNzYWdlQmlyZCIsIm5iZiI6MTYyNTQ3OTIwMCwiZXhwIjoxNjI1NDc5MjYwLCJqdGkiOiJhNzVjOTA5Ni1lODIzLTQ0MmItODVmMi03ZDNjOWQ5YjcyNmIiLCJ1cmxfaGFzaCI6IjZhMDIyZDgzNGMxODMzMGJhYWQ4YTJiZDYxMzUxNzNlZDIxNjEwYTQ1NDUxNmJlMGRmM2YxY2MwMTUxNjEwZWEifQ.z6Sw1XQIM0wuEQGBhXBdawDIIrtMg2XnmA_bpDq53pE";
const REF_OTHER_PAYLOAD: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJNZXNzYWdlQmlyZCIsIm5iZiI6MTYyNTQ3OTIwMCwiZXhwIjoxNjI1NDc5MjYwLCJqdGkiOiIxNDUwMTUzMi05NmYyLTQ2ODQtOTgzMi02OGYwOTUxYWUzNDIiLCJ1cmxfaGFzaCI6IjBmMTE1ZGIwNjJiN2MwZGQwMzBiMTY4NzhjOTlkZWE1YzM1NGI0OWRjMzdiMzhlYjg4NDYxNzljNzc4M2U5ZDciLCJwYXlsb2FkX2hhc2giOiJmYjYyZjAyYWNkYTdkNzQxNzdhNzAxYTFjZTAwNmU2YmFjZDkwYzdkNGQ3YWI0ODE2OTJjMWRhNDdjODEwNzZiIn0.m79RCwO6dGa9pvzsQypkVuXQ6eM0CkRl6_U7MfWg6TM";

#[test]
fn messagebird_reference_vectors() {
    let v = MessageBird::new(MessageBirdConfig::new(ACCESS, REF_SECRET)).unwrap();
    let root = "https://example.com/";
    let path = "https://example.com/path?bar=1&foo=2";
    assert_eq!(
        v.verify_signature(Some(REF_VALID_NO_PAYLOAD), root, b"", REF_NOW),
        Ok(())
    );
    assert_eq!(
        v.verify_signature(Some(REF_VALID_PAYLOAD), path, b"Hello, World!", REF_NOW),
        Ok(())
    );
    let un = |s| Err(WebhookError::Unauthenticated(s));
    assert_eq!(
        v.verify_signature(Some(REF_NOT_YET), root, b"", REF_NOW),
        un("signature not valid yet")
    );
    assert_eq!(
        v.verify_signature(Some(REF_EXPIRED), root, b"", REF_NOW),
        un("signature expired")
    );
    assert_eq!(
        v.verify_signature(
            Some(REF_OTHER_URL),
            "https://example.com/path?foo=1&bar=2",
            b"",
            REF_NOW
        ),
        un("signature is for another URL")
    );
    assert_eq!(
        v.verify_signature(Some(REF_OTHER_PAYLOAD), root, b"Hello, World!", REF_NOW),
        un("signature is for another body")
    );
    // The valid ones, bent: another body, no body, wrong key, an hour later, a flipped bit.
    assert_eq!(
        v.verify_signature(Some(REF_VALID_PAYLOAD), path, b"Hello, World?", REF_NOW),
        un("signature is for another body")
    );
    assert_eq!(
        v.verify_signature(Some(REF_VALID_PAYLOAD), path, b"", REF_NOW),
        un("signature covers a body but none was sent")
    );
    assert_eq!(
        v.verify_signature(Some(REF_VALID_NO_PAYLOAD), root, b"x", REF_NOW),
        un("body sent but the signature does not cover one")
    );
    assert_eq!(
        mb().verify_signature(Some(REF_VALID_NO_PAYLOAD), root, b"", REF_NOW),
        un("signature does not verify")
    );
    assert_eq!(
        v.verify_signature(Some(REF_VALID_NO_PAYLOAD), root, b"", REF_NOW + 3600),
        un("signature expired")
    );
    let mut flipped = REF_VALID_NO_PAYLOAD.to_owned();
    flipped.pop();
    flipped.push('F');
    assert!(v
        .verify_signature(Some(&flipped), root, b"", REF_NOW)
        .is_err());
    assert_eq!(
        v.verify_signature(None, root, b"", REF_NOW),
        un("MessageBird-Signature-JWT header missing")
    );
}

const NOW: u64 = 1_800_000_000;

fn token(key: &str, alg: Algorithm, claims: Value) -> String {
    encode(
        &Header::new(alg),
        &claims,
        &EncodingKey::from_secret(key.as_bytes()).unwrap(),
    )
    .unwrap()
}

fn claims(url: &str, body: &[u8]) -> Value {
    let mut c = json!({"iss": "MessageBird", "nbf": NOW, "exp": NOW + 60, "jti": "7b1f3c0e",
                       "url_hash": sha256_hex(url.as_bytes())});
    if !body.is_empty() {
        c["payload_hash"] = json!(sha256_hex(body));
    }
    c
}

fn hook<'a>(
    method: &'a str,
    url: &'a str,
    headers: &'a [(String, String)],
    body: &'a [u8],
) -> WebhookRequest<'a> {
    WebhookRequest {
        method,
        url,
        headers,
        body,
    }
}

fn signed(jwt: String) -> Vec<(String, String)> {
    vec![("messagebird-signature-jwt".into(), jwt)]
}

const SMS_REPORT: &str = "https://hooks.example/mb?id=e8077d803532c0b5937c639b60216938&reference=ch1.0&recipient=31612345678&status=delivery_failed&statusReason=unknown%20subscriber&statusErrorCode=1&statusDatetime=2016-05-03T08%3A58%3A10%2B00%3A00";

#[test]
fn sms_status_reports_are_verified_and_read() {
    let h = signed(token(SIGNING, Algorithm::HS256, claims(SMS_REPORT, b"")));
    let reports = mb()
        .receipt(&hook("GET", SMS_REPORT, &h, b""), NOW)
        .unwrap();
    assert_eq!(
        reports,
        vec![DeliveryReport {
            provider: ProviderKind::MessageBird,
            message_id: "e8077d803532c0b5937c639b60216938".into(),
            status: DeliveryStatus::Failed,
            error_code: Some("1".into()),
        }]
    );
    // Tampered query: the status changed after signing.
    let forged = SMS_REPORT.replace("delivery_failed", "delivered");
    assert_eq!(
        mb().receipt(&hook("GET", &forged, &h, b""), NOW),
        Err(WebhookError::Unauthenticated(
            "signature is for another URL"
        ))
    );
    assert!(matches!(
        mb().receipt(&hook("GET", SMS_REPORT, &[], b""), NOW),
        Err(WebhookError::Unauthenticated(_))
    ));
    let wrong_key = signed(token(
        "not-the-key",
        Algorithm::HS256,
        claims(SMS_REPORT, b""),
    ));
    assert!(mb()
        .receipt(&hook("GET", SMS_REPORT, &wrong_key, b""), NOW)
        .is_err());
    assert!(mb()
        .receipt(&hook("GET", SMS_REPORT, &h, b""), NOW + 120)
        .is_err());
    let mut c = claims(SMS_REPORT, b"");
    c["iss"] = json!("SomeoneElse");
    let other_issuer = signed(token(SIGNING, Algorithm::HS256, c));
    assert_eq!(
        mb().receipt(&hook("GET", SMS_REPORT, &other_issuer, b""), NOW),
        Err(WebhookError::Unauthenticated(
            "claim iss is not MessageBird"
        ))
    );
    let mut c = claims(SMS_REPORT, b"");
    c.as_object_mut().unwrap().remove("jti");
    let no_jti = signed(token(SIGNING, Algorithm::HS256, c));
    assert!(mb()
        .receipt(&hook("GET", SMS_REPORT, &no_jti, b""), NOW)
        .is_err());
    // HS512 is accepted like the SDKs do; statuses map as documented.
    for (status, want) in [
        ("delivered", DeliveryStatus::Delivered),
        ("expired", DeliveryStatus::Expired),
        ("buffered", DeliveryStatus::Accepted),
        ("sent", DeliveryStatus::Sent),
    ] {
        let url = SMS_REPORT.replace("delivery_failed", status);
        let h = signed(token(SIGNING, Algorithm::HS512, claims(&url, b"")));
        let r = mb().receipt(&hook("GET", &url, &h, b""), NOW).unwrap();
        assert_eq!(r[0].status, want, "{status}");
    }
    let url = SMS_REPORT.replace("delivery_failed", "teleported");
    let h = signed(token(SIGNING, Algorithm::HS256, claims(&url, b"")));
    assert!(matches!(
        mb().receipt(&hook("GET", &url, &h, b""), NOW),
        Err(WebhookError::Malformed(_))
    ));
}

#[test]
fn conversation_reports_are_verified_and_read() {
    let url = "https://hooks.example/mb";
    let body = br#"{"type":"message.updated","message":{"id":"2e15efafec384e1c82e9842075e87beb","channelId":"619747f69cf940a98fb443140ce9aed2","status":"delivered"}}"#;
    let h = signed(token(SIGNING, Algorithm::HS256, claims(url, body)));
    let r = mb().receipt(&hook("POST", url, &h, body), NOW).unwrap();
    assert_eq!(r[0].message_id, "2e15efafec384e1c82e9842075e87beb");
    assert_eq!(r[0].status, DeliveryStatus::Delivered);
    let tampered = String::from_utf8_lossy(body).replace("delivered", "read");
    assert_eq!(
        mb().receipt(&hook("POST", url, &h, tampered.as_bytes()), NOW),
        Err(WebhookError::Unauthenticated(
            "signature is for another body"
        ))
    );
    let failed = br#"{"type":"message.updated","message":{"id":"2e15efafec384e1c82e9842075e87beb","status":"failed","error":{"code":470,"description":"outside window"}}}"#;
    let h = signed(token(SIGNING, Algorithm::HS256, claims(url, failed)));
    let r = mb().receipt(&hook("POST", url, &h, failed), NOW).unwrap();
    assert_eq!(
        (r[0].status, r[0].error_code.as_deref()),
        (DeliveryStatus::Failed, Some("470"))
    );
    let inbound = br#"{"type":"message.created","message":{"id":"aa11","status":"received"}}"#;
    let h = signed(token(SIGNING, Algorithm::HS256, claims(url, inbound)));
    assert_eq!(
        mb().receipt(&hook("POST", url, &h, inbound), NOW),
        Ok(vec![])
    );
}

// The older HMAC scheme, with the Java SDK's vectors (RequestSignerTest): timestamp
// 1544544948, keys "secret" / "other-secret".
#[test]
fn legacy_hmac_reference_vectors_and_opt_in() {
    let with = |key: &str| {
        let mut c = MessageBirdConfig::new(ACCESS, key);
        c.legacy_signature_max_age = Some(300);
        MessageBird::new(c).unwrap()
    };
    let ts = "1544544948";
    let now = 1_544_544_948 + 10;
    let body = br#"{"a key":"some value"}"#;
    let v = with("secret");
    let ok = |v: &MessageBird, sig, url, body: &[u8]| {
        v.verify_legacy_signature(Some(sig), Some(ts), url, body, now)
    };
    assert_eq!(
        ok(
            &v,
            "LISw4Je7n0/MkYDgVSzTJm8dW6BkytKTXMZZk1IElMs=",
            "https://h.example/r",
            b""
        ),
        Ok(())
    );
    assert_eq!(
        ok(
            &v,
            "p2e20OtAg39DEmz1ORHpjQ556U4o1ZaH4NWbM9Q8Qjk=",
            "https://h.example/r",
            body
        ),
        Ok(())
    );
    assert_eq!(
        ok(
            &v,
            "Tfn+nRUBsn6lQgf6IpxBMS1j9lm7XsGjt5xh47M3jCk=",
            "https://h.example/r?abc=foo&def=bar",
            b""
        ),
        Ok(())
    );
    // The query is signed sorted, so the order it arrives in does not matter.
    assert_eq!(
        ok(
            &v,
            "Tfn+nRUBsn6lQgf6IpxBMS1j9lm7XsGjt5xh47M3jCk=",
            "https://h.example/r?def=bar&abc=foo",
            b""
        ),
        Ok(())
    );
    let other = with("other-secret");
    let both = "orb0adPhRCYND1WCAvPBr+qjm4STGtyvNDIDNBZ4Ir4=";
    assert_eq!(
        ok(&other, both, "https://h.example/r?abc=foo&def=bar", body),
        Ok(())
    );
    // Bent: another key, another body, another query, an empty signature, a stale timestamp.
    assert!(ok(&v, both, "https://h.example/r?abc=foo&def=bar", body).is_err());
    assert!(ok(&other, both, "https://h.example/r?abc=foo&def=baz", body).is_err());
    assert!(ok(&other, both, "https://h.example/r?abc=foo&def=bar", b"{}").is_err());
    assert!(ok(&v, "", "https://h.example/r", b"").is_err());
    assert_eq!(
        v.verify_legacy_signature(
            Some("LISw4Je7n0/MkYDgVSzTJm8dW6BkytKTXMZZk1IElMs="),
            Some(ts),
            "https://h.example/r",
            b"",
            now + 3600
        ),
        Err(WebhookError::Unauthenticated(
            "signature timestamp outside the allowed window"
        ))
    );
    // Through receipt(): used only when enabled and no JWT came.
    let url = "https://h.example/r?id=e8077d803532c0b5937c639b60216938&status=delivered";
    let mut mac = <hmac::Hmac<Sha256> as hmac::KeyInit>::new_from_slice(b"secret").unwrap();
    hmac::Mac::update(
        &mut mac,
        format!("{ts}\nid=e8077d803532c0b5937c639b60216938&status=delivered\n").as_bytes(),
    );
    hmac::Mac::update(&mut mac, &Sha256::digest(b""));
    use base64::Engine as _;
    let sig =
        base64::engine::general_purpose::STANDARD.encode(hmac::Mac::finalize(mac).into_bytes());
    let h = vec![
        ("MessageBird-Signature".to_owned(), sig),
        ("MessageBird-Request-Timestamp".to_owned(), ts.to_owned()),
    ];
    let r = v.receipt(&hook("GET", url, &h, b""), now).unwrap();
    assert_eq!(r[0].status, DeliveryStatus::Delivered);
    let off = MessageBird::new(MessageBirdConfig::new(ACCESS, "secret")).unwrap();
    assert_eq!(
        off.receipt(&hook("GET", url, &h, b""), now),
        Err(WebhookError::Unauthenticated(
            "MessageBird-Signature-JWT header missing"
        ))
    );
    let mut c = MessageBirdConfig::new(ACCESS, "secret");
    c.legacy_signature_max_age = Some(0);
    assert!(MessageBird::new(c).is_err());
}

// An earlier JWT form used `iat` instead of `nbf` (go-rest-api signature/testdata, key
// "hunter2"): accepted the same way.
#[test]
fn jwt_with_iat_instead_of_nbf() {
    let v = MessageBird::new(MessageBirdConfig::new(ACCESS, "hunter2")).unwrap();
    let valid = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJNZXNzYWdlQmlyZCIsImlhdCI6MTYyNTQ3OTIwMCwiZXhwIjoxNjI1NDc5MjYwLCJqdGkiOiI1OWEyNDRkYy1lOWFkLTRlMjMtOTc3OC0zNzFmYWEyMzhmNzIiLCJ1cmxfaGFzaCI6IjBmMTE1ZGIwNjJiN2MwZGQwMzBiMTY4NzhjOTlkZWE1YzM1NGI0OWRjMzdiMzhlYjg4NDYxNzljNzc4M2U5ZDcifQ.SrhlKJ-ES4Dg8BBXKtop3u92Z_k4L4VjHKsyHWpweGE";
    let future = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJNZXNzYWdlQmlyZCIsImlhdCI6MTYyNTQ4MjgwMCwiZXhwIjoxNjI1NDgyODYwLCJqdGkiOiJmOWY4YzM4Mi0yNDQ5LTQzMTEtYjcyYi0xZGY3MTY4NzkzMWUiLCJ1cmxfaGFzaCI6IjBmMTE1ZGIwNjJiN2MwZGQwMzBiMTY4NzhjOTlkZWE1YzM1NGI0OWRjMzdiMzhlYjg4NDYxNzljNzc4M2U5ZDcifQ._59NNTg0j5YVXCRHgyeJAj8n6rTg1gwTh_I_coe7RDQ";
    let expired = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJNZXNzYWdlQmlyZCIsImlhdCI6MTYyNTQ3NTYwMCwiZXhwIjoxNjI1NDc1NjYwLCJqdGkiOiI1ZjAyZjUyMi02MDMwLTQ2YzgtYjVhMy0wMTI0NjQ3OGQ4YmMiLCJ1cmxfaGFzaCI6IjBmMTE1ZGIwNjJiN2MwZGQwMzBiMTY4NzhjOTlkZWE1YzM1NGI0OWRjMzdiMzhlYjg4NDYxNzljNzc4M2U5ZDcifQ.iGUCLsYVQG4iYWe2MkRoLQBBMzq7p_bLy4u0mhC3Jfc";
    let root = "https://example.com/";
    assert_eq!(v.verify_signature(Some(valid), root, b"", REF_NOW), Ok(()));
    assert_eq!(
        v.verify_signature(Some(future), root, b"", REF_NOW),
        Err(WebhookError::Unauthenticated("signature not valid yet"))
    );
    assert_eq!(
        v.verify_signature(Some(expired), root, b"", REF_NOW),
        Err(WebhookError::Unauthenticated("signature expired"))
    );
    let mut c = claims(root, b"");
    c.as_object_mut().unwrap().remove("nbf");
    let no_start = token(SIGNING, Algorithm::HS256, c);
    assert!(mb()
        .verify_signature(Some(&no_start), root, b"", NOW)
        .is_err());
}
