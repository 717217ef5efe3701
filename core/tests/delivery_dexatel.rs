//! Dexatel through `HttpSender` + `UreqTransport` against the loopback fake
//! (tests/fakes/providers/dexatel.py): SMS, WhatsApp and voice sends, documented errors,
//! 5xx/timeout/429 retry behaviour, and signed delivery webhooks posted by the fake to a
//! loopback listener, valid and tampered.
#![cfg(feature = "delivery")]

#[path = "common/fakes.rs"]
mod fakes;

use fakes::Fakes;
use otpkit::delivery::providers::{Dexatel, DexatelConfig};
use otpkit::delivery::{
    Accepted, DeliveryStatus, HttpRequest, HttpSender, Method, OutboundMessage, PhoneNumber,
    RetryPolicy, SendError, Sender, SenderId, ThreadPause, Transport, UreqTransport, WebhookError,
    WebhookRequest,
};
use otpkit::server::Channel;
use serde_json::json;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::mpsc;
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
    let retry = RetryPolicy {
        attempts: 3,
        timeout: Duration::from_millis(700),
        initial_backoff: Duration::from_millis(10),
        max_backoff: Duration::from_millis(50),
    };
    HttpSender::with_parts(
        Dexatel::new(config).unwrap(),
        UreqTransport::new(),
        ThreadPause,
        retry,
    )
    .unwrap()
}

fn send(s: &DexatelSender, channel: Channel, from: &str, to: &str) -> Result<Accepted, SendError> {
    let to = PhoneNumber::parse(to).unwrap();
    let from = SenderId::parse(from).unwrap();
    s.send(&OutboundMessage {
        channel,
        to: &to,
        from: &from,
        text: "482913 is your Acme code",
        code: "482913",
        reference: "ch1.0",
        callback_url: None,
    })
}

fn no_violations(fakes: &Fakes) {
    assert_eq!(fakes.violations(), Vec::<serde_json::Value>::new());
}

#[test]
fn sms_whatsapp_and_voice_are_accepted_with_the_documented_shape() {
    let fakes = Fakes::new("dx-channels");
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
    no_violations(&fakes);
}

#[test]
fn documented_errors_are_typed_and_not_retried() {
    let fakes = Fakes::new("dx-errors");
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
    no_violations(&fakes);
}

#[test]
fn a_5xx_or_a_timeout_is_not_repeated_but_a_429_is() {
    let fakes = Fakes::new("dx-retries");
    let s = sender(&fakes, API_KEY);
    fakes.control("dexatel", json!({"fail": [500]}));
    let e = send(&s, Channel::Sms, "Acme", "+447700900123").unwrap_err();
    assert!(e.maybe_sent(), "{e:?}");
    assert_eq!(fakes.requests("dexatel").len(), 1);

    fakes.control("dexatel", json!({"fail": [0], "hang_ms": 1500}));
    let e = send(&s, Channel::Sms, "Acme", "+447700900123").unwrap_err();
    assert!(
        matches!(
            e,
            SendError::Unavailable {
                maybe_sent: true,
                ..
            }
        ),
        "{e:?}"
    );
    assert_eq!(fakes.requests("dexatel").len(), 2);

    fakes.control("dexatel", json!({"fail": [429]}));
    assert!(send(&s, Channel::Sms, "Acme", "+447700900123").is_ok());
    assert_eq!(
        fakes.requests("dexatel").len(),
        4,
        "the 429 was retried once"
    );
    assert_eq!(fakes.messages("dexatel").len(), 1);
    no_violations(&fakes);
}

/// One request received by a loopback listener: (method, path with query, headers, body).
type Received = (String, String, Vec<(String, String)>, Vec<u8>);

/// A listener on 127.0.0.1 that answers 200 to each request and hands it over.
fn listener() -> (String, mpsc::Receiver<Received>) {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", l.local_addr().unwrap());
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for stream in l.incoming() {
            let Ok(mut stream) = stream else { return };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            let mut parts = line.split_whitespace();
            let method = parts.next().unwrap_or("").to_owned();
            let path = parts.next().unwrap_or("").to_owned();
            let mut headers = Vec::new();
            loop {
                let mut h = String::new();
                reader.read_line(&mut h).unwrap();
                let h = h.trim_end();
                if h.is_empty() {
                    break;
                }
                if let Some((n, v)) = h.split_once(':') {
                    headers.push((n.trim().to_owned(), v.trim().to_owned()));
                }
            }
            let len = headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
                .map_or(0, |(_, v)| v.parse().unwrap());
            let mut body = vec![0; len];
            reader.read_exact(&mut body).unwrap();
            stream
                .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                .unwrap();
            if tx.send((method, path, headers, body)).is_err() {
                return;
            }
        }
    });
    (url, rx)
}

#[test]
fn signed_webhooks_from_the_fake_verify_and_tampered_ones_are_refused() {
    let fakes = Fakes::new("dx-webhooks");
    let s = sender(&fakes, API_KEY);
    let (base, received) = listener();
    // Dexatel's delivery webhook is configured per account, not per message.
    let hook = format!("{base}/hooks/dexatel");
    for (status, expected) in [
        ("delivered", DeliveryStatus::Delivered),
        ("failed", DeliveryStatus::Failed),
    ] {
        fakes.control(
            "dexatel",
            json!({"receipt": {"status": status, "url": hook, "delay_ms": 20}}),
        );
        let accepted = send(&s, Channel::Sms, "Acme", "+447700900123").unwrap();
        let (method, path, headers, body) = received.recv_timeout(Duration::from_secs(10)).unwrap();
        let url = format!("{base}{path}");
        let webhook = WebhookRequest {
            method: &method,
            url: &url,
            headers: &headers,
            body: &body,
        };
        let reports = s.receipt(&webhook, 0).unwrap();
        assert_eq!(reports.len(), 1);
        assert_eq!(reports[0].message_id, accepted.message_id);
        assert_eq!(reports[0].status, expected);

        // Tampered body, stripped signature, signature of another secret.
        let tampered = String::from_utf8(body.clone())
            .unwrap()
            .replace(status, "delivered")
            .replace(&accepted.message_id, "00000000-0000-4000-8000-000000000000");
        let w = WebhookRequest {
            body: tampered.as_bytes(),
            ..webhook
        };
        assert!(matches!(
            s.receipt(&w, 0),
            Err(WebhookError::Unauthenticated(_))
        ));
        let unsigned: Vec<(String, String)> = headers
            .iter()
            .filter(|(n, _)| !n.eq_ignore_ascii_case("x-dexatel-signature"))
            .cloned()
            .collect();
        let w = WebhookRequest {
            headers: &unsigned,
            ..webhook
        };
        assert!(matches!(
            s.receipt(&w, 0),
            Err(WebhookError::Unauthenticated(_))
        ));
        let other = Dexatel::new(DexatelConfig::new(API_KEY, "another-webhook-secret-01")).unwrap();
        assert!(matches!(
            otpkit::delivery::Provider::receipt(&other, &webhook, 0),
            Err(WebhookError::Unauthenticated(_))
        ));
    }
    no_violations(&fakes);
}

#[test]
fn the_fake_catches_requests_off_the_documented_shape() {
    let fakes = Fakes::new("dx-violations");
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
