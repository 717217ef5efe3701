//! Textlocal through `HttpSender` + `UreqTransport` against the loopback fake
//! (tests/fakes/providers/textlocal.py): sends, documented errors, 5xx/timeout/429 retry
//! behaviour, and receipts posted by the fake to a loopback listener, valid and forged.
#![cfg(feature = "delivery")]

#[path = "common/fakes.rs"]
mod fakes;
#[path = "common/hooks.rs"]
mod hooks;
#[path = "common/senders.rs"]
mod senders;

use fakes::{unique_ns as ns, Fakes};
use hooks::Hook;
use otpkit::delivery::providers::{Textlocal, TextlocalConfig, TextlocalRegion};
use otpkit::delivery::{
    DeliveryStatus, HttpRequest, HttpSender, Method, PhoneNumber, SendError, Sender, SenderId,
    ThreadPause, Transport, UreqTransport,
};
use otpkit::server::Channel;
use senders::{
    assert_not_repeated_but_429_retried, http_sender, otp_message, quick_retry, TokenReceipts,
};
use serde_json::json;
use std::time::Duration;

/// The fake's credential (tests/fakes/providers/textlocal.py `API_KEY`).
const API_KEY: &str = "tl-fake-key-0001";
const TOKEN: &str = "tok-textlocal-0123456789";

fn sender(fakes: &Fakes, key: &str) -> HttpSender<Textlocal, UreqTransport, ThreadPause> {
    let mut config = TextlocalConfig::new(key, TOKEN, TextlocalRegion::International);
    config.base_url = fakes.base("textlocal");
    http_sender(Textlocal::new(config).unwrap(), ThreadPause, quick_retry())
}

fn send(
    s: &HttpSender<Textlocal, UreqTransport, ThreadPause>,
    to: &str,
    reference: &str,
    callback: Option<&str>,
) -> Result<otpkit::delivery::Accepted, SendError> {
    let to = PhoneNumber::parse(to).unwrap();
    let from = SenderId::parse("Acme Bank").unwrap();
    s.send(&otp_message(Channel::Sms, &to, &from, reference, callback))
}

#[test]
fn delivered_first_try_with_the_documented_shape() {
    let fakes = Fakes::new(&ns("tl-first-try"));
    let s = sender(&fakes, API_KEY);
    let ok = send(&s, "+44 7700 900123", "ch1.0", None).unwrap();
    assert_eq!(ok.message_id, "ch1.0");
    assert_eq!(ok.status, DeliveryStatus::Accepted);
    let messages = fakes.messages("textlocal");
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0]["number"], "447700900123");
    assert_eq!(messages[0]["sender"], "Acme Bank");
    assert_eq!(fakes.requests("textlocal").len(), 1);
    fakes.assert_no_violations();
}

#[test]
fn documented_errors_are_typed_and_not_retried() {
    let fakes = Fakes::new(&ns("tl-errors"));
    let e = send(&sender(&fakes, "wrong-key"), "+447700900123", "r1", None).unwrap_err();
    assert!(matches!(e, SendError::Unauthorized { .. }), "{e:?}");
    let s = sender(&fakes, API_KEY);
    match send(&s, "+447700900007", "r2", None).unwrap_err() {
        SendError::Rejected { code, detail, .. } => {
            assert_eq!(code.as_deref(), Some("7"));
            assert_eq!(detail, "Insufficient credits.");
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        send(&s, "+447700900192", "r3", None),
        Err(SendError::Rejected { code: Some(c), .. }) if c == "192"
    ));
    assert_eq!(
        fakes.requests("textlocal").len(),
        3,
        "no rejection is retried"
    );
    assert!(fakes.messages("textlocal").is_empty());
    fakes.assert_no_violations();
}

#[test]
fn a_5xx_or_a_timeout_is_not_repeated_but_a_429_is() {
    let fakes = Fakes::new(&ns("tl-retries"));
    let s = sender(&fakes, API_KEY);
    let accepted =
        assert_not_repeated_but_429_retried(&fakes, "textlocal", (&[503], 1500, &[429]), |i| {
            send(&s, "+447700900123", ["r1", "r2", "r3"][i], None)
        });
    assert_eq!(accepted.message_id, "r3");
}

#[test]
fn receipts_from_the_fake_verify_and_forgeries_are_refused() {
    let fakes = Fakes::new(&ns("tl-receipts"));
    let s = sender(&fakes, API_KEY);
    let hook = Hook::start();
    let callback = hook.url("/hooks/textlocal");
    // The first send shows the receipt URL otpkit gives Textlocal (callback + token) ...
    send(&s, "+447700900123", "ch7.0", Some(&callback)).unwrap();
    let receipt_url = fakes.messages("textlocal")[0]["receipt_url"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(receipt_url, format!("{callback}?otpkit_token={TOKEN}"));
    // ... and the fake posts the next message's receipt there, as Textlocal would; the same
    // body without the token, or with another one, is refused.
    let receipts = TokenReceipts {
        fakes: &fakes,
        provider: "textlocal",
        hook: &hook,
        callback: &callback,
        receipt_url: &receipt_url,
        token: TOKEN,
        forged_token: "tok-textlocal-forged-000",
    };
    receipts.check(&s, ("delivered", DeliveryStatus::Delivered), || {
        send(&s, "+447700900123", "ch7.1", Some(&callback)).unwrap()
    });
    fakes.assert_no_violations();
}

#[test]
fn the_fake_catches_requests_off_the_documented_shape() {
    let fakes = Fakes::new(&ns("tl-violations"));
    let url = format!("{}/send/", fakes.base("textlocal"));
    let bad = [
        // The number with a '+', and no custom reference.
        HttpRequest::new(Method::Post, url.clone()).form(&[
            ("apikey", API_KEY),
            ("numbers", "+447700900123"),
            ("message", "hi"),
            ("custom", "r1"),
        ]),
        HttpRequest::new(Method::Post, url.clone()).form(&[
            ("apikey", API_KEY),
            ("numbers", "447700900123"),
            ("message", "hi"),
        ]),
        HttpRequest::new(Method::Post, url).json(&json!({"apikey": API_KEY})),
    ];
    for r in &bad {
        let answer = UreqTransport::new()
            .execute(r, Duration::from_secs(5))
            .unwrap();
        assert_eq!(answer.status, 200);
        assert_eq!(answer.json().unwrap()["status"], "failure");
    }
    assert_eq!(fakes.violations().len(), bad.len());
}
