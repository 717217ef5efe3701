//! LabsMobile through `HttpSender` + `UreqTransport` against the loopback fake
//! (tests/fakes/providers/labsmobile.py): sends, documented result codes, 5xx/timeout/429
//! retry behaviour, and ACKs posted by the fake to a loopback listener, valid and forged.
#![cfg(feature = "delivery")]

#[path = "common/fakes.rs"]
mod fakes;
#[path = "common/hooks.rs"]
mod hooks;
#[path = "common/senders.rs"]
mod senders;

use fakes::{unique_ns as ns, Fakes};
use hooks::Hook;
use otpkit::delivery::providers::{LabsMobile, LabsMobileConfig};
use otpkit::delivery::{
    Accepted, DeliveryStatus, HttpRequest, HttpSender, Method, OutboundMessage, PhoneNumber,
    SendError, Sender, SenderId, ThreadPause, Transport, UreqTransport,
};
use otpkit::server::Channel;
use senders::{
    assert_not_repeated_but_429_retried, http_sender, otp_message, quick_retry, TokenReceipts,
};
use serde_json::json;
use std::time::Duration;

/// The fake's credentials (tests/fakes/providers/labsmobile.py).
const USERNAME: &str = "ops@acme.example";
const API_TOKEN: &str = "lm-fake-token-0001";
const TOKEN: &str = "ack-labsmobile-0123456789";

type LabsMobileSender = HttpSender<LabsMobile, UreqTransport, ThreadPause>;

fn sender(fakes: &Fakes, api_token: &str) -> LabsMobileSender {
    let config = LabsMobileConfig {
        base_url: fakes.base("labsmobile"),
        ..LabsMobileConfig::new(USERNAME, api_token, TOKEN)
    };
    http_sender(LabsMobile::new(config).unwrap(), ThreadPause, quick_retry())
}

fn send_text(
    s: &LabsMobileSender,
    to: &str,
    text: &str,
    callback: Option<&str>,
) -> Result<Accepted, SendError> {
    let to = PhoneNumber::parse(to).unwrap();
    let from = SenderId::parse("Acme").unwrap();
    s.send(&OutboundMessage {
        text,
        ..otp_message(Channel::Sms, &to, &from, "ch1.0", callback)
    })
}

fn send(s: &LabsMobileSender, to: &str) -> Result<Accepted, SendError> {
    send_text(s, to, "482913 is your Acme code", None)
}

#[test]
fn delivered_first_try_with_the_documented_shape() {
    let fakes = Fakes::new(&ns("lm-first-try"));
    let s = sender(&fakes, API_TOKEN);
    let ok = send(&s, "+34 609 033 161").unwrap();
    let unicode = send_text(&s, "+34609033162", "Tu código es 482913", None).unwrap();
    let messages = fakes.messages("labsmobile");
    assert_eq!(messages.len(), 2);
    assert_eq!(messages[0]["id"].as_str(), Some(ok.message_id.as_str()));
    assert_eq!(messages[0]["msisdn"], "34609033161");
    assert_eq!(messages[0]["tpoa"], "Acme");
    assert_eq!(messages[0]["ucs2"], serde_json::Value::Null);
    assert_eq!(
        messages[1]["id"].as_str(),
        Some(unicode.message_id.as_str())
    );
    assert_eq!(messages[1]["ucs2"], "1");
    fakes.assert_no_violations();
}

#[test]
fn documented_result_codes_are_typed_and_not_retried() {
    let fakes = Fakes::new(&ns("lm-errors"));
    let e = send(&sender(&fakes, "wrong-token"), "+34609033161").unwrap_err();
    assert!(
        matches!(e, SendError::Unauthorized { status: 401, .. }),
        "{e:?}"
    );
    let s = sender(&fakes, API_TOKEN);
    match send(&s, "+34609033135").unwrap_err() {
        SendError::Rejected { code, detail, .. } => {
            assert_eq!(code.as_deref(), Some("35"));
            assert_eq!(detail, "The account has no enough credit for this sending");
        }
        other => panic!("{other:?}"),
    }
    // Code 30 may have gone out: unavailable, maybe sent, and not repeated.
    let e = send(&s, "+34609033130").unwrap_err();
    assert!(e.maybe_sent(), "{e:?}");
    assert_eq!(fakes.requests("labsmobile").len(), 3, "nothing was retried");
    assert!(fakes.messages("labsmobile").is_empty());
    fakes.assert_no_violations();
}

#[test]
fn a_5xx_or_a_timeout_is_not_repeated_but_a_429_is() {
    let fakes = Fakes::new(&ns("lm-retries"));
    let s = sender(&fakes, API_TOKEN);
    assert_not_repeated_but_429_retried(&fakes, "labsmobile", (&[502], 1500, &[429]), |_| {
        send(&s, "+34609033161")
    });
}

#[test]
fn acks_from_the_fake_verify_and_forgeries_are_refused() {
    let fakes = Fakes::new(&ns("lm-acks"));
    let s = sender(&fakes, API_TOKEN);
    let hook = Hook::start();
    let callback = hook.url("/hooks/labsmobile");
    // The first send shows the ackurl otpkit gives LabsMobile (callback + token) ...
    send_text(
        &s,
        "+34609033161",
        "482913 is your Acme code",
        Some(&callback),
    )
    .unwrap();
    let ackurl = fakes.messages("labsmobile")[0]["ackurl"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(ackurl, format!("{callback}?otpkit_token={TOKEN}"));
    // ... and the fake sends the next messages' ACKs there, as LabsMobile would; the same
    // request without the token, or with another one, is refused.
    let receipts = TokenReceipts {
        fakes: &fakes,
        provider: "labsmobile",
        hook: &hook,
        callback: &callback,
        receipt_url: &ackurl,
        token: TOKEN,
        forged_token: "ack-labsmobile-forged-00",
    };
    for case in [
        ("delivered", DeliveryStatus::Delivered),
        ("failed", DeliveryStatus::Failed),
        ("sent", DeliveryStatus::Sent),
    ] {
        receipts.check(&s, case, || {
            send_text(
                &s,
                "+34609033161",
                "482913 is your Acme code",
                Some(&callback),
            )
            .unwrap()
        });
    }
    fakes.assert_no_violations();
}

#[test]
fn the_fake_catches_requests_off_the_documented_shape() {
    let fakes = Fakes::new(&ns("lm-violations"));
    let url = format!("{}/json/send", fakes.base("labsmobile"));
    let bad = [
        // '+' in the msisdn; a 15-digit tpoa; non-GSM text without ucs2; recipients as strings.
        json!({"message": "hi", "tpoa": "Acme", "recipient": [{"msisdn": "+34609033161"}]}),
        json!({"message": "hi", "tpoa": "346090331610000", "recipient": [{"msisdn": "34609033161"}]}),
        json!({"message": "código", "recipient": [{"msisdn": "34609033161"}]}),
        json!({"message": "hi", "recipient": ["34609033161"]}),
    ];
    for body in &bad {
        let r = HttpRequest::new(Method::Post, url.clone())
            .basic_auth(USERNAME, API_TOKEN)
            .json(body);
        let answer = UreqTransport::new()
            .execute(&r, Duration::from_secs(5))
            .unwrap();
        assert_eq!(answer.status, 400);
        assert_ne!(answer.json().unwrap()["code"], "0");
    }
    assert_eq!(fakes.violations().len(), bad.len());
}
