//! The Twilio adapter through `HttpSender` + `UreqTransport` against the loopback Twilio fake
//! (tests/fakes/providers/twilio.py): sends on every channel, the documented errors, retry
//! behaviour without idempotency, and status callbacks signed by the fake, valid and tampered.
#![cfg(feature = "delivery")]

#[path = "common/fakes.rs"]
mod fakes;
#[path = "common/hooks.rs"]
mod hooks;
#[path = "common/senders.rs"]
mod senders;

use fakes::{unique_ns as ns, Fakes};
use hooks::{assert_unauthenticated, Captured, Hook};
use otpkit::delivery::providers::{Twilio, TwilioApiKey, TwilioConfig};
use otpkit::delivery::{
    DeliveryStatus, HttpSender, OutboundMessage, PhoneNumber, SendError, Sender, SenderId,
    UreqTransport,
};
use otpkit::server::Channel;
use senders::{
    assert_5xx_and_timeout_tried_once, assert_sent_once, http_sender, otp_message, quick_retry,
    Pauses,
};
use serde_json::json;
use std::time::Duration;
use zeroize::Zeroizing;

// The fake's credentials (tests/fakes/providers/twilio.py).
const ACCOUNT_SID: &str = "AC0123456789abcdef0123456789abcdef";
const AUTH_TOKEN: &str = "fake-twilio-auth-token-0123456789";
const CONTENT_SID: &str = "HX0123456789abcdef0123456789abcdef";

fn config(fakes: &Fakes) -> TwilioConfig {
    let mut c = TwilioConfig::new(ACCOUNT_SID, AUTH_TOKEN);
    c.base_url = fakes.base("twilio");
    c.whatsapp_content_sid = Some(CONTENT_SID.into());
    c
}

fn sender(config: TwilioConfig, pauses: &Pauses) -> HttpSender<Twilio, UreqTransport, &Pauses> {
    http_sender(Twilio::new(config).unwrap(), pauses, quick_retry())
}

fn message<'a>(
    channel: Channel,
    to: &'a PhoneNumber,
    from: &'a SenderId,
    callback: Option<&'a str>,
) -> OutboundMessage<'a> {
    otp_message(channel, to, from, "ch1.0", callback)
}

#[test]
fn sms_is_sent_and_its_signed_receipt_verified() {
    let fakes = Fakes::new(&ns("twilio-sms"));
    let pauses = Pauses::default();
    let s = sender(config(&fakes), &pauses);
    let hook = Hook::start();
    let url = hook.url("/hooks/twilio?token=t1");
    fakes.control(
        "twilio",
        json!({"receipt": {"status": "delivered", "url": url, "delay_ms": 10}}),
    );
    let to = PhoneNumber::parse("+447700900123").unwrap();
    let from = SenderId::parse("Acme").unwrap();
    let accepted = s
        .send(&message(Channel::Sms, &to, &from, Some(&url)))
        .unwrap();
    assert!(accepted.message_id.starts_with("SM"), "{accepted:?}");
    assert_eq!(accepted.status, DeliveryStatus::Accepted);
    let stored = fakes.messages("twilio");
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0]["id"], accepted.message_id.as_str());
    assert_eq!(stored[0]["to"], "+447700900123");
    assert_eq!(stored[0]["from"], "Acme");
    assert_eq!(stored[0]["body"], "482913 is your Acme code");
    assert_eq!(stored[0]["status_callback"], url.as_str());

    let captured = hook.recv();
    let reports = s.receipt(&captured.webhook(&url), 0).unwrap();
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0].message_id, accepted.message_id);
    assert_eq!(reports[0].status, DeliveryStatus::Delivered);

    // The same callback with its status changed, or checked against another URL, is refused.
    let forged = captured.with_body(|b| b.replace("delivered", "undelivered"));
    assert_unauthenticated(s.receipt(&forged.webhook(&url), 0));
    let other_url = url.replace("token=t1", "token=t2");
    assert_unauthenticated(s.receipt(&captured.webhook(&other_url), 0));
    let unsigned = Captured {
        headers: vec![],
        ..captured.clone()
    };
    assert_unauthenticated(s.receipt(&unsigned.webhook(&url), 0));
    fakes.assert_no_violations();
}

#[test]
fn whatsapp_template_and_failed_receipt() {
    let fakes = Fakes::new(&ns("twilio-wa"));
    let pauses = Pauses::default();
    let s = sender(config(&fakes), &pauses);
    let hook = Hook::start();
    let url = hook.url("/hooks/twilio-wa");
    fakes.control(
        "twilio",
        json!({"receipt": {"status": "failed", "url": url, "delay_ms": 10}}),
    );
    let to = PhoneNumber::parse("+447700900123").unwrap();
    let from = SenderId::parse("+14155550100").unwrap();
    let accepted = s
        .send(&message(Channel::WhatsApp, &to, &from, Some(&url)))
        .unwrap();
    let stored = fakes.messages("twilio");
    assert_eq!(stored[0]["channel"], "whatsapp");
    assert_eq!(stored[0]["to"], "whatsapp:+447700900123");
    assert_eq!(stored[0]["code"], "482913");
    assert_eq!(stored[0]["content_sid"], CONTENT_SID);
    let captured = hook.recv();
    let reports = s.receipt(&captured.webhook(&url), 0).unwrap();
    assert_eq!(reports[0].message_id, accepted.message_id);
    assert_eq!(reports[0].status, DeliveryStatus::Failed);
    assert_eq!(reports[0].error_code.as_deref(), Some("30003"));
    fakes.assert_no_violations();
}

#[test]
fn voice_call_reads_digits_and_its_no_answer_is_a_failure() {
    let fakes = Fakes::new(&ns("twilio-voice"));
    let pauses = Pauses::default();
    let mut c = config(&fakes);
    c.voice_language = "en-GB".into();
    // Send with an API key this time.
    c.api_key = Some(TwilioApiKey {
        sid: "SK0123456789abcdef0123456789abcdef".into(),
        secret: Zeroizing::new("fake-twilio-api-key-secret".into()),
    });
    let s = sender(c, &pauses);
    let hook = Hook::start();
    let url = hook.url("/hooks/twilio-voice");
    fakes.control(
        "twilio",
        json!({"receipt": {"status": "failed", "url": url, "delay_ms": 10}}),
    );
    let to = PhoneNumber::parse("+447700900123").unwrap();
    let from = SenderId::parse("+14155550100").unwrap();
    let mut m = message(Channel::Voice, &to, &from, Some(&url));
    // XML-special characters reach the fake's XML parser escaped.
    m.text = "Acme & <Co>: your code is 482913";
    let accepted = s.send(&m).unwrap();
    assert!(accepted.message_id.starts_with("CA"));
    let stored = fakes.messages("twilio");
    assert_eq!(stored[0]["kind"], "call");
    assert_eq!(
        stored[0]["spoken"],
        "Acme & <Co>: your code is 4, 8, 2, 9, 1, 3"
    );
    assert_eq!(stored[0]["language"], "en-GB");
    let captured = hook.recv();
    let reports = s.receipt(&captured.webhook(&url), 0).unwrap();
    assert_eq!(reports[0].message_id, accepted.message_id);
    assert_eq!(reports[0].status, DeliveryStatus::Failed);
    fakes.assert_no_violations();
}

#[test]
fn documented_errors_are_typed() {
    let fakes = Fakes::new(&ns("twilio-errors"));
    let pauses = Pauses::default();
    let s = sender(config(&fakes), &pauses);
    let from = SenderId::parse("Acme").unwrap();
    for (number, code) in [
        ("+15005550001", "21211"),
        ("+15005550003", "21408"),
        ("+15005550004", "21610"),
        ("+15005550009", "21614"),
    ] {
        let to = PhoneNumber::parse(number).unwrap();
        match s.send(&message(Channel::Sms, &to, &from, None)) {
            Err(SendError::Rejected {
                status: 400,
                code: Some(c),
                ..
            }) => assert_eq!(c, code),
            other => panic!("{number}: {other:?}"),
        }
    }
    assert_eq!(
        fakes.requests("twilio").len(),
        4,
        "rejections are not retried"
    );
    assert!(fakes.messages("twilio").is_empty());
    fakes.assert_no_violations();

    // A wrong token: 401, and the fake saw (only) that credential violation.
    let bad = Fakes::new(&ns("twilio-badauth"));
    let mut c = config(&bad);
    c.auth_token = Zeroizing::new("wrong-token".into());
    let s = sender(c, &pauses);
    let to = PhoneNumber::parse("+447700900123").unwrap();
    assert!(matches!(
        s.send(&message(Channel::Sms, &to, &from, None)),
        Err(SendError::Unauthorized { status: 401, .. })
    ));
    bad.assert_one_violation("credentials");
}

#[test]
fn server_errors_and_timeouts_are_not_retried_but_rate_limits_are() {
    let to = PhoneNumber::parse("+447700900123").unwrap();
    let from = SenderId::parse("Acme").unwrap();

    // 5xx: the message may have been created; Twilio has no idempotency key, so one try.
    // A hang past the timeout: the same.
    let pauses = Pauses::default();
    assert_5xx_and_timeout_tried_once("twilio", "twilio", 503, |fakes| {
        sender(config(fakes), &pauses).send(&message(Channel::Sms, &to, &from, None))
    });
    assert!(pauses.0.lock().unwrap().is_empty());

    // 429 (20429) was not processed: retried after Retry-After (capped), then sent once.
    let fakes = Fakes::new(&ns("twilio-429"));
    let s = sender(config(&fakes), &pauses);
    fakes.control("twilio", json!({"fail": [429]}));
    let accepted = s.send(&message(Channel::Sms, &to, &from, None)).unwrap();
    assert_sent_once(&fakes, "twilio", &accepted, 2);
    assert_eq!(
        pauses.0.lock().unwrap().as_slice(),
        &[Duration::from_millis(50)]
    );
    fakes.assert_no_violations();
}

/// The fake is not permissive: requests off the documented shape are refused and recorded.
#[test]
fn fake_refuses_undocumented_requests() {
    use otpkit::delivery::{HttpRequest, Method, Transport};
    let fakes = Fakes::new(&ns("twilio-shape"));
    let url = format!(
        "{}/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json",
        fakes.base("twilio")
    );
    let send = |r: HttpRequest| {
        UreqTransport::new()
            .execute(
                &r.basic_auth(ACCOUNT_SID, AUTH_TOKEN),
                Duration::from_secs(5),
            )
            .unwrap()
            .status
    };
    let form = |fields: &[(&str, &str)]| HttpRequest::new(Method::Post, url.as_str()).form(fields);
    let cases = [
        // Missing Body, a '+' sent raw (a space to Twilio), channels mixed, a bad template.
        form(&[("To", "+447700900123"), ("From", "Acme")]),
        {
            let mut r = form(&[]);
            r.body = Zeroizing::new(b"To=+447700900123&From=Acme&Body=hi".to_vec());
            r
        },
        form(&[
            ("To", "whatsapp:+447700900123"),
            ("From", "+14155550100"),
            ("Body", "hi"),
        ]),
        form(&[
            ("To", "whatsapp:+447700900123"),
            ("From", "whatsapp:+14155550100"),
            ("ContentSid", CONTENT_SID),
            ("ContentVariables", r#"{"1":"1","2":"x"}"#),
        ]),
        form(&[
            ("To", "+447700900123"),
            ("From", "Acme"),
            ("Body", "hi"),
            ("Foo", "x"),
        ]),
        HttpRequest::new(Method::Post, url.as_str())
            .json(&json!({"To": "+447700900123", "From": "Acme", "Body": "hi"})),
    ];
    let n = cases.len();
    for r in cases {
        assert_eq!(send(r), 400);
    }
    assert_eq!(fakes.violations().len(), n);
    assert!(fakes.messages("twilio").is_empty());
}
