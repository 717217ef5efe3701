//! The shared delivery vectors (`tests/vectors/delivery.json`): sender-id rules, message
//! templates and delivery-report webhooks per provider (valid, tampered, malformed), checked
//! against the core. The Kotlin and Swift tests read the same file through the FFI.
#![cfg(feature = "delivery")]

use otpkit::delivery::providers::{
    Dexatel, DexatelConfig, LabsMobile, LabsMobileConfig, MessageBird, MessageBirdConfig,
    SleekFlow, SleekFlowConfig, Textlocal, TextlocalConfig, TextlocalRegion, Twilio, TwilioConfig,
    Vonage, VonageConfig,
};
use otpkit::delivery::{
    check_sender_id, DeliveryStatus, MessageTemplate, Provider, SenderId, SenderIdError,
    WebhookError, WebhookRequest,
};
use otpkit::server::Channel;
use serde_json::Value;

const VECTORS: &str = include_str!("../../tests/vectors/delivery.json");

fn vectors() -> Value {
    serde_json::from_str(VECTORS).expect("delivery.json is JSON")
}

fn channel(name: &str) -> Channel {
    match name {
        "sms" => Channel::Sms,
        "voice" => Channel::Voice,
        "whatsapp" => Channel::WhatsApp,
        "email" => Channel::Email,
        other => panic!("unknown channel {other}"),
    }
}

/// The variant name of a sender-id error (what the vectors' `error` holds).
fn variant(e: &SenderIdError) -> &'static str {
    match e {
        SenderIdError::Empty => "Empty",
        SenderIdError::TooLong(_) => "TooLong",
        SenderIdError::TooShort(..) => "TooShort",
        SenderIdError::BadCharacter => "BadCharacter",
        SenderIdError::NoLetter => "NoLetter",
        SenderIdError::BadNumber(_) => "BadNumber",
        SenderIdError::NumberRequired(_) => "NumberRequired",
        SenderIdError::NotInCountry(_) => "NotInCountry",
        SenderIdError::CountryLength { .. } => "CountryLength",
        SenderIdError::Provider(_) => "Provider",
    }
}

fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key].as_str().unwrap_or_else(|| panic!("{key} in {v}"))
}

fn opt<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

fn provider(name: &str, region: Option<&str>) -> Box<dyn Provider> {
    let all = vectors();
    let c = &all["configs"][name];
    match name {
        "textlocal" => {
            let region = match region.unwrap_or(s(c, "region")) {
                "india" => TextlocalRegion::India,
                _ => TextlocalRegion::International,
            };
            let config = TextlocalConfig::new(s(c, "api_key"), s(c, "receipt_token"), region);
            Box::new(Textlocal::new(config).unwrap())
        }
        "dexatel" => Box::new(
            Dexatel::new(DexatelConfig::new(s(c, "api_key"), s(c, "webhook_secret"))).unwrap(),
        ),
        "labsmobile" => Box::new(
            LabsMobile::new(LabsMobileConfig::new(
                s(c, "username"),
                s(c, "api_token"),
                s(c, "ack_token"),
            ))
            .unwrap(),
        ),
        "twilio" => Box::new(
            Twilio::new(TwilioConfig::new(s(c, "account_sid"), s(c, "auth_token"))).unwrap(),
        ),
        "vonage" => Box::new(
            Vonage::new(VonageConfig::new(
                s(c, "api_key"),
                s(c, "api_secret"),
                s(c, "signature_secret"),
            ))
            .unwrap(),
        ),
        "messagebird" => Box::new(
            MessageBird::new(MessageBirdConfig::new(
                s(c, "access_key"),
                s(c, "signing_key"),
            ))
            .unwrap(),
        ),
        "sleekflow" => Box::new(
            SleekFlow::new(SleekFlowConfig::new(
                s(c, "api_key"),
                s(c, "webhook_token"),
                s(c, "template_name"),
                s(c, "template_language"),
            ))
            .unwrap(),
        ),
        other => panic!("no config for {other}"),
    }
}

#[test]
fn sender_id_vectors() {
    let all = vectors();
    let cases = all["sender_ids"].as_array().unwrap();
    assert!(cases.len() >= 20);
    let mut refused = 0;
    for v in cases {
        let got = SenderId::parse(s(v, "sender_id"))
            .and_then(|id| id.check_for(channel(s(v, "channel")), opt(v, "country")));
        match (opt(v, "error"), got) {
            (None, Ok(())) => {}
            (Some(want), Err(e)) => {
                assert_eq!(variant(&e), want, "{v}");
                assert!(!e.to_string().is_empty());
                refused += 1;
            }
            (want, got) => panic!("{v}: want {want:?}, got {got:?}"),
        }
    }
    assert!(refused >= 10, "{refused}");
}

#[test]
fn provider_sender_id_vectors() {
    let all = vectors();
    for v in all["provider_sender_ids"].as_array().unwrap() {
        let p = provider(s(v, "provider"), opt(v, "region"));
        let got = SenderId::parse(s(v, "sender_id"))
            .and_then(|id| check_sender_id(&*p, channel(s(v, "channel")), &id, opt(v, "country")));
        match (opt(v, "error"), got) {
            (None, Ok(())) => {}
            (Some(want), Err(e)) => assert_eq!(variant(&e), want, "{v}"),
            (want, got) => panic!("{v}: want {want:?}, got {got:?}"),
        }
    }
}

#[test]
fn template_vectors() {
    let all = vectors();
    for v in all["templates"].as_array().unwrap() {
        let t = MessageTemplate::new(s(v, "template"));
        if v["error"].as_bool() == Some(true) {
            assert!(t.is_err(), "{v}");
            continue;
        }
        let text = t.unwrap().render(channel(s(v, "channel")), s(v, "code"));
        assert_eq!(text.as_str(), s(v, "text"), "{v}");
    }
}

#[test]
fn webhook_vectors() {
    let all = vectors();
    let cases = all["webhooks"].as_array().unwrap();
    let providers = [
        "textlocal",
        "dexatel",
        "labsmobile",
        "twilio",
        "vonage",
        "messagebird",
        "sleekflow",
    ];
    assert_eq!(
        all["configs"].as_object().unwrap().len(),
        providers.len(),
        "a config without vectors, or vectors without a config"
    );
    for name in providers {
        for expect in ["valid", "unauthenticated", "malformed"] {
            assert!(
                cases
                    .iter()
                    .any(|v| v["provider"] == name && v["expect"] == expect),
                "no {expect} webhook for {name}"
            );
        }
    }
    for v in cases {
        let p = provider(s(v, "provider"), None);
        let headers: Vec<(String, String)> = v["headers"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, x)| (k.clone(), x.as_str().unwrap().to_owned()))
            .collect();
        let request = WebhookRequest {
            method: s(v, "method"),
            url: s(v, "url"),
            headers: &headers,
            body: s(v, "body").as_bytes(),
        };
        let now = v["unix_time"]
            .as_u64()
            .unwrap_or_else(|| panic!("unix_time in {}", v["name"]));
        let got = p.receipt(&request, now);
        match (s(v, "expect"), got) {
            ("valid", Ok(reports)) => {
                assert_eq!(reports.len(), 1, "{}", v["name"]);
                assert_eq!(reports[0].message_id, s(v, "message_id"), "{}", v["name"]);
                assert_eq!(
                    Some(reports[0].status),
                    DeliveryStatus::from_name(s(v, "status")),
                    "{}",
                    v["name"]
                );
                assert_eq!(reports[0].provider, p.kind());
            }
            ("unauthenticated", Err(WebhookError::Unauthenticated(_))) => {}
            ("malformed", Err(WebhookError::Malformed(_))) => {}
            (want, got) => panic!("{}: want {want}, got {got:?}", v["name"]),
        }
    }
}
