//! The Twilio adapter through `HttpSender` + `UreqTransport` against the loopback Twilio fake
//! (tests/fakes/providers/twilio.py): sends on every channel, the documented errors, retry
//! behaviour without idempotency, and status callbacks signed by the fake, valid and tampered.
#![cfg(feature = "delivery")]

#[path = "common/fakes.rs"]
mod fakes;

use fakes::Fakes;
use otpkit::delivery::providers::{Twilio, TwilioApiKey, TwilioConfig};
use otpkit::delivery::{
    DeliveryStatus, HttpSender, OutboundMessage, Pause, PhoneNumber, RetryPolicy, SendError,
    Sender, SenderId, UreqTransport, WebhookError, WebhookRequest,
};
use otpkit::server::Channel;
use serde_json::json;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::mpsc;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use zeroize::Zeroizing;

// The fake's credentials (tests/fakes/providers/twilio.py).
const ACCOUNT_SID: &str = "AC0123456789abcdef0123456789abcdef";
const AUTH_TOKEN: &str = "fake-twilio-auth-token-0123456789";
const CONTENT_SID: &str = "HX0123456789abcdef0123456789abcdef";

/// A namespace unique to this run: a fakes server started by the test script may outlive it.
fn ns(name: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    format!("{name}-{}-{nanos}", std::process::id())
}

/// Records pauses instead of sleeping.
#[derive(Default)]
struct Pauses(Mutex<Vec<Duration>>);

impl Pause for &Pauses {
    fn pause(&self, d: Duration) {
        self.0.lock().unwrap().push(d);
    }
}

fn config(fakes: &Fakes) -> TwilioConfig {
    let mut c = TwilioConfig::new(ACCOUNT_SID, AUTH_TOKEN);
    c.base_url = fakes.base("twilio");
    c.whatsapp_content_sid = Some(CONTENT_SID.into());
    c
}

fn sender(config: TwilioConfig, pauses: &Pauses) -> HttpSender<Twilio, UreqTransport, &Pauses> {
    let retry = RetryPolicy {
        attempts: 3,
        timeout: Duration::from_millis(700),
        initial_backoff: Duration::from_millis(10),
        max_backoff: Duration::from_millis(50),
    };
    HttpSender::with_parts(
        Twilio::new(config).unwrap(),
        UreqTransport::new(),
        pauses,
        retry,
    )
    .unwrap()
}

/// One webhook request as a loopback HTTP listener received it.
struct Captured {
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

/// A loopback listener for one webhook POST; gives its URL (with `path_and_query`).
fn hook(path_and_query: &str) -> (String, mpsc::Receiver<Captured>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!(
        "http://127.0.0.1:{}{path_and_query}",
        listener.local_addr().unwrap().port()
    );
    listener.set_nonblocking(true).unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let deadline = Instant::now() + Duration::from_secs(15);
        while Instant::now() < deadline {
            let Ok((stream, _)) = listener.accept() else {
                std::thread::sleep(Duration::from_millis(10));
                continue;
            };
            stream.set_nonblocking(false).unwrap();
            stream
                .set_read_timeout(Some(Duration::from_secs(5)))
                .unwrap();
            let mut reader = BufReader::new(stream);
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            let mut headers = Vec::new();
            loop {
                line.clear();
                reader.read_line(&mut line).unwrap();
                let l = line.trim_end();
                if l.is_empty() {
                    break;
                }
                let (k, v) = l.split_once(':').unwrap();
                headers.push((k.trim().to_owned(), v.trim().to_owned()));
            }
            let len: usize = headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
                .map_or(0, |(_, v)| v.parse().unwrap());
            let mut body = vec![0; len.min(1 << 20)];
            reader.read_exact(&mut body).unwrap();
            let mut stream = reader.into_inner();
            let _ = stream
                .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            let _ = tx.send(Captured { headers, body });
            return;
        }
    });
    (url, rx)
}

fn message<'a>(
    channel: Channel,
    to: &'a PhoneNumber,
    from: &'a SenderId,
    callback: Option<&'a str>,
) -> OutboundMessage<'a> {
    OutboundMessage {
        channel,
        to,
        from,
        text: "482913 is your Acme code",
        code: "482913",
        reference: "ch1.0",
        callback_url: callback,
    }
}

fn webhook<'a>(url: &'a str, c: &'a Captured) -> WebhookRequest<'a> {
    WebhookRequest {
        method: "POST",
        url,
        headers: &c.headers,
        body: &c.body,
    }
}

#[test]
fn sms_is_sent_and_its_signed_receipt_verified() {
    let fakes = Fakes::new(&ns("twilio-sms"));
    let pauses = Pauses::default();
    let s = sender(config(&fakes), &pauses);
    let (url, rx) = hook("/hooks/twilio?token=t1");
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

    let captured = rx.recv_timeout(Duration::from_secs(10)).unwrap();
    let reports = s.receipt(&webhook(&url, &captured), 0).unwrap();
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0].message_id, accepted.message_id);
    assert_eq!(reports[0].status, DeliveryStatus::Delivered);

    // The same callback with its status changed, or checked against another URL, is refused.
    let forged = Captured {
        headers: captured.headers.clone(),
        body: String::from_utf8(captured.body.clone())
            .unwrap()
            .replace("delivered", "undelivered")
            .into_bytes(),
    };
    assert!(matches!(
        s.receipt(&webhook(&url, &forged), 0),
        Err(WebhookError::Unauthenticated(_))
    ));
    let other_url = url.replace("token=t1", "token=t2");
    assert!(matches!(
        s.receipt(&webhook(&other_url, &captured), 0),
        Err(WebhookError::Unauthenticated(_))
    ));
    let unsigned = Captured {
        headers: vec![],
        body: captured.body.clone(),
    };
    assert!(matches!(
        s.receipt(&webhook(&url, &unsigned), 0),
        Err(WebhookError::Unauthenticated(_))
    ));
    assert_eq!(fakes.violations(), Vec::<serde_json::Value>::new());
}

#[test]
fn whatsapp_template_and_failed_receipt() {
    let fakes = Fakes::new(&ns("twilio-wa"));
    let pauses = Pauses::default();
    let s = sender(config(&fakes), &pauses);
    let (url, rx) = hook("/hooks/twilio-wa");
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
    let captured = rx.recv_timeout(Duration::from_secs(10)).unwrap();
    let reports = s.receipt(&webhook(&url, &captured), 0).unwrap();
    assert_eq!(reports[0].message_id, accepted.message_id);
    assert_eq!(reports[0].status, DeliveryStatus::Failed);
    assert_eq!(reports[0].error_code.as_deref(), Some("30003"));
    assert_eq!(fakes.violations(), Vec::<serde_json::Value>::new());
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
    let (url, rx) = hook("/hooks/twilio-voice");
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
    let captured = rx.recv_timeout(Duration::from_secs(10)).unwrap();
    let reports = s.receipt(&webhook(&url, &captured), 0).unwrap();
    assert_eq!(reports[0].message_id, accepted.message_id);
    assert_eq!(reports[0].status, DeliveryStatus::Failed);
    assert_eq!(fakes.violations(), Vec::<serde_json::Value>::new());
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
    assert_eq!(fakes.violations(), Vec::<serde_json::Value>::new());

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
    let v = bad.violations();
    assert_eq!(v.len(), 1, "{v:?}");
    assert!(v[0]["violation"].as_str().unwrap().contains("credentials"));
}

#[test]
fn server_errors_and_timeouts_are_not_retried_but_rate_limits_are() {
    let to = PhoneNumber::parse("+447700900123").unwrap();
    let from = SenderId::parse("Acme").unwrap();

    // 5xx: the message may have been created; Twilio has no idempotency key, so one try.
    let fakes = Fakes::new(&ns("twilio-5xx"));
    let pauses = Pauses::default();
    let s = sender(config(&fakes), &pauses);
    fakes.control("twilio", json!({"fail": [503]}));
    let e = s
        .send(&message(Channel::Sms, &to, &from, None))
        .unwrap_err();
    assert!(e.maybe_sent(), "{e:?}");
    assert_eq!(fakes.requests("twilio").len(), 1);
    assert!(pauses.0.lock().unwrap().is_empty());

    // A hang past the timeout: the same.
    let fakes = Fakes::new(&ns("twilio-timeout"));
    let s = sender(config(&fakes), &pauses);
    fakes.control("twilio", json!({"fail": [0], "hang_ms": 1500}));
    let started = Instant::now();
    let e = s
        .send(&message(Channel::Sms, &to, &from, None))
        .unwrap_err();
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
    assert!(started.elapsed() < Duration::from_millis(1400));
    assert_eq!(fakes.requests("twilio").len(), 1);

    // 429 (20429) was not processed: retried after Retry-After (capped), then sent once.
    let fakes = Fakes::new(&ns("twilio-429"));
    let s = sender(config(&fakes), &pauses);
    fakes.control("twilio", json!({"fail": [429]}));
    let accepted = s.send(&message(Channel::Sms, &to, &from, None)).unwrap();
    assert_eq!(fakes.requests("twilio").len(), 2);
    assert_eq!(fakes.messages("twilio").len(), 1);
    assert_eq!(
        fakes.messages("twilio")[0]["id"],
        accepted.message_id.as_str()
    );
    assert_eq!(
        pauses.0.lock().unwrap().as_slice(),
        &[Duration::from_millis(50)]
    );
    assert_eq!(fakes.violations(), Vec::<serde_json::Value>::new());
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
