//! Dexatel through `HttpSender` + `UreqTransport` against the loopback fake
//! (tests/fakes/providers/dexatel.py): SMS, WhatsApp and voice sends, documented errors,
//! 5xx/timeout/429 retry behaviour, and signed delivery webhooks posted by the fake to a
//! loopback listener, valid and tampered.
#![cfg(feature = "delivery")]

#[path = "common/fakes.rs"]
mod fakes;
#[path = "common/hooks.rs"]
mod hooks;
#[path = "common/senders.rs"]
mod senders;

use fakes::{unique_ns as ns, Fakes};
use hooks::{assert_unauthenticated, Hook};
use otpkit::delivery::providers::{Dexatel, DexatelConfig};
use otpkit::delivery::{
    Accepted, DeliveryStatus, HttpRequest, HttpSender, Method, PhoneNumber, SendError, Sender,
    SenderId, ThreadPause, Transport, UreqTransport,
};
use otpkit::server::Channel;
use senders::{assert_not_repeated_but_429_retried, http_sender, otp_message, quick_retry};
use serde_json::json;
use std::time::Duration;

/// The fake's credentials (tests/fakes/providers/dexatel.py).
const API_KEY: &str = "dx-fake-key-0001";
const WEBHOOK_SECRET: &str = "dx-fake-webhook-secret-0001";
const TEMPLATE_ID: &str = "3f2b1c9e-8d7a-4b6c-9e5f-0a1b2c3d4e5f";

type DexatelSender = HttpSender<Dexatel, UreqTransport, ThreadPause>;

fn sender(fakes: &Fakes, key: &str) -> DexatelSender {
    let config = DexatelConfig {
        base_url: fakes.base("dexatel"),
        whatsapp_template: Some(TEMPLATE_ID.into()),
        voice: true,
        ..DexatelConfig::new(key, WEBHOOK_SECRET)
    };
    http_sender(Dexatel::new(config).unwrap(), ThreadPause, quick_retry())
}

fn send(s: &DexatelSender, channel: Channel, from: &str, to: &str) -> Result<Accepted, SendError> {
    let to = PhoneNumber::parse(to).unwrap();
    let from = SenderId::parse(from).unwrap();
    s.send(&otp_message(channel, &to, &from, "ch1.0", None))
}

#[test]
fn sms_whatsapp_and_voice_are_accepted_with_the_documented_shape() {
    let fakes = Fakes::new(&ns("dx-channels"));
    let s = sender(&fakes, API_KEY);
    let sms = send(&s, Channel::Sms, "Acme", "+44 7700 900123").unwrap();
    let wa = send(&s, Channel::WhatsApp, "+14155550100", "+447700900123").unwrap();
    let voice = send(&s, Channel::Voice, "+14155550100", "+447700900123").unwrap();
    let messages = fakes.messages("dexatel");
    let ids: Vec<&str> = messages.iter().map(|m| m["id"].as_str().unwrap()).collect();
    assert_eq!(ids, [&sms.message_id, &wa.message_id, &voice.message_id]);
    let channels: Vec<&str> = messages
        .iter()
        .map(|m| m["channel"].as_str().unwrap())
        .collect();
    assert_eq!(channels, ["SMS", "WHATSAPP", "VOICE"]);
    assert_eq!(messages[0]["to"], "447700900123");
    fakes.assert_no_violations();
}

#[test]
fn documented_errors_are_typed_and_not_retried() {
    let fakes = Fakes::new(&ns("dx-errors"));
    let e = send(
        &sender(&fakes, "wrong-key"),
        Channel::Sms,
        "Acme",
        "+447700900123",
    )
    .unwrap_err();
    assert!(
        matches!(e, SendError::Unauthorized { status: 401, .. }),
        "{e:?}"
    );
    let s = sender(&fakes, API_KEY);
    match send(&s, Channel::Sms, "Unknown", "+447700900123").unwrap_err() {
        SendError::Rejected {
            status,
            code,
            detail,
            ..
        } => {
            assert_eq!((status, code.as_deref()), (400, Some("1505")));
            assert_eq!(detail, "Message sender is not found");
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        send(&s, Channel::Sms, "Acme", "+447700901530"),
        Err(SendError::Rejected { code: Some(c), .. }) if c == "1530"
    ));
    assert_eq!(
        fakes.requests("dexatel").len(),
        3,
        "no rejection is retried"
    );
    assert!(fakes.messages("dexatel").is_empty());
    fakes.assert_no_violations();
}

#[test]
fn a_5xx_or_a_timeout_is_not_repeated_but_a_429_is() {
    let fakes = Fakes::new(&ns("dx-retries"));
    let s = sender(&fakes, API_KEY);
    assert_not_repeated_but_429_retried(&fakes, "dexatel", (&[500], 1500, &[429]), |_| {
        send(&s, Channel::Sms, "Acme", "+447700900123")
    });
}

#[test]
fn signed_webhooks_from_the_fake_verify_and_tampered_ones_are_refused() {
    let fakes = Fakes::new(&ns("dx-webhooks"));
    let s = sender(&fakes, API_KEY);
    let listener = Hook::start();
    // Dexatel's delivery webhook is configured per account, not per message.
    let hook = listener.url("/hooks/dexatel");
    for (status, expected) in [
        ("delivered", DeliveryStatus::Delivered),
        ("failed", DeliveryStatus::Failed),
    ] {
        fakes.control(
            "dexatel",
            json!({"receipt": {"status": status, "url": hook, "delay_ms": 20}}),
        );
        let accepted = send(&s, Channel::Sms, "Acme", "+447700900123").unwrap();
        let captured = listener.recv();
        let url = listener.url(&captured.path);
        let webhook = captured.webhook(&url);
        let reports = s.receipt(&webhook, 0).unwrap();
        assert_eq!(reports.len(), 1);
        assert_eq!(reports[0].message_id, accepted.message_id);
        assert_eq!(reports[0].status, expected);

        // Tampered body, stripped signature, signature of another secret.
        let tampered = captured.with_body(|b| {
            b.replace(status, "delivered")
                .replace(&accepted.message_id, "00000000-0000-4000-8000-000000000000")
        });
        let unsigned = captured.without_header("x-dexatel-signature");
        for w in [&tampered, &unsigned] {
            assert_unauthenticated(s.receipt(&w.webhook(&url), 0));
        }
        let other = Dexatel::new(DexatelConfig::new(API_KEY, "another-webhook-secret-01")).unwrap();
        assert_unauthenticated(otpkit::delivery::Provider::receipt(&other, &webhook, 0));
    }
    fakes.assert_no_violations();
}

#[test]
fn the_fake_catches_requests_off_the_documented_shape() {
    let fakes = Fakes::new(&ns("dx-violations"));
    let url = format!("{}/v1/messages", fakes.base("dexatel"));
    let bad = [
        // '+' in the number; no data wrapper; a form body; an undocumented channel.
        json!({"data": {"from": "Acme", "to": ["+447700900123"], "channel": "SMS", "text": "hi"}}),
        json!({"from": "Acme", "to": ["447700900123"], "channel": "SMS", "text": "hi"}),
        json!({"data": {"from": "Acme", "to": ["447700900123"], "channel": "PIGEON", "text": "hi"}}),
    ];
    for body in &bad {
        let r = HttpRequest::new(Method::Post, url.clone())
            .secret_header("X-Dexatel-Key", API_KEY)
            .json(body);
        let answer = UreqTransport::new()
            .execute(&r, Duration::from_secs(5))
            .unwrap();
        assert_eq!(answer.status, 400);
        assert!(answer.json().unwrap()["errors"][0]["code"].is_number());
    }
    let form = HttpRequest::new(Method::Post, url)
        .secret_header("X-Dexatel-Key", API_KEY)
        .form(&[("from", "Acme")]);
    assert_eq!(
        UreqTransport::new()
            .execute(&form, Duration::from_secs(5))
            .unwrap()
            .status,
        415
    );
    assert_eq!(fakes.violations().len(), bad.len() + 1);
}
