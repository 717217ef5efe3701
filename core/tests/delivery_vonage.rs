//! The Vonage adapter through `HttpSender` + `UreqTransport` against the loopback Vonage fake
//! (tests/fakes/providers/vonage.py): Messages API sends (Basic and application-JWT auth),
//! WhatsApp templates, voice calls, the documented errors, retry behaviour without
//! idempotency, and signed status webhooks from the fake, valid, tampered and replayed.
#![cfg(feature = "delivery")]

#[path = "common/fakes.rs"]
mod fakes;

use fakes::Fakes;
use otpkit::delivery::providers::{
    Vonage, VonageApplication, VonageAuth, VonageConfig, VonageWhatsAppTemplate,
};
use otpkit::delivery::{
    DeliveryStatus, HttpSender, OutboundMessage, Pause, PhoneNumber, RetryPolicy, SendError,
    Sender, SenderId, SenderIdError, UreqTransport, WebhookError, WebhookRequest,
};
use otpkit::server::Channel;
use otpkit::{SystemTimeSource, TimeSource};
use serde_json::json;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::mpsc;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use zeroize::Zeroizing;

// The fake's credentials (tests/fakes/providers/vonage.py).
const API_KEY: &str = "abcd1234";
const API_SECRET: &str = "abcdef0123456789";
const SIGNATURE_SECRET: &str = "fake-vonage-signature-secret-0123456789";
const APPLICATION_ID: &str = "aaaaaaaa-bbbb-cccc-dddd-0123456789ab";
/// The throwaway test key whose public half the fake holds (also in vonage_tests.rs).
const PRIVATE_KEY: &str = r"-----BEGIN PRIVATE KEY-----
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

fn config(fakes: &Fakes) -> VonageConfig {
    let mut c = VonageConfig::new(API_KEY, API_SECRET, SIGNATURE_SECRET);
    c.base_url = fakes.base("vonage");
    c.application = Some(VonageApplication {
        id: APPLICATION_ID.into(),
        private_key_pem: Zeroizing::new(PRIVATE_KEY.into()),
    });
    c
}

fn sender(config: VonageConfig, pauses: &Pauses) -> HttpSender<Vonage, UreqTransport, &Pauses> {
    let retry = RetryPolicy {
        attempts: 3,
        timeout: Duration::from_millis(700),
        initial_backoff: Duration::from_millis(10),
        max_backoff: Duration::from_millis(50),
    };
    HttpSender::with_parts(
        Vonage::new(config).unwrap(),
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

fn now() -> u64 {
    SystemTimeSource.now_unix()
}

fn no_violations(fakes: &Fakes) {
    assert_eq!(fakes.violations(), Vec::<serde_json::Value>::new());
}

#[test]
fn sms_is_sent_and_its_signed_webhook_verified() {
    let fakes = Fakes::new(&ns("vonage-sms"));
    let pauses = Pauses::default();
    let s = sender(config(&fakes), &pauses);
    let (url, rx) = hook("/hooks/vonage");
    fakes.control(
        "vonage",
        json!({"receipt": {"status": "delivered", "url": url, "delay_ms": 10}}),
    );
    let to = PhoneNumber::parse("+447700900123").unwrap();
    let from = SenderId::parse("AcmeInc").unwrap();
    let accepted = s
        .send(&message(Channel::Sms, &to, &from, Some(&url)))
        .unwrap();
    let stored = fakes.messages("vonage");
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0]["id"], accepted.message_id.as_str());
    assert_eq!(stored[0]["to"], "447700900123");
    assert_eq!(stored[0]["from"], "AcmeInc");
    assert_eq!(stored[0]["client_ref"], "ch1.0");
    assert_eq!(stored[0]["auth"], "Basic");
    assert_eq!(stored[0]["webhook_url"], url.as_str());

    let captured = rx.recv_timeout(Duration::from_secs(10)).unwrap();
    let reports = s.receipt(&webhook(&url, &captured), now()).unwrap();
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0].message_id, accepted.message_id);
    assert_eq!(reports[0].status, DeliveryStatus::Delivered);

    // Tampered body, replayed an hour later, or without its JWT: refused.
    let forged = Captured {
        headers: captured.headers.clone(),
        body: String::from_utf8(captured.body.clone())
            .unwrap()
            .replace("\"delivered\"", "\"rejected\"")
            .into_bytes(),
    };
    assert!(matches!(
        s.receipt(&webhook(&url, &forged), now()),
        Err(WebhookError::Unauthenticated(_))
    ));
    assert!(matches!(
        s.receipt(&webhook(&url, &captured), now() + 3600),
        Err(WebhookError::Unauthenticated(_))
    ));
    let unsigned = Captured {
        headers: vec![],
        body: captured.body.clone(),
    };
    assert!(matches!(
        s.receipt(&webhook(&url, &unsigned), now()),
        Err(WebhookError::Unauthenticated(_))
    ));
    // A webhook signed with another secret.
    let mut other = config(&fakes);
    other.signature_secret = Zeroizing::new("another-signature-secret".into());
    let other = sender(other, &pauses);
    assert!(matches!(
        other.receipt(&webhook(&url, &captured), now()),
        Err(WebhookError::Unauthenticated(_))
    ));
    no_violations(&fakes);
}

#[test]
fn whatsapp_template_with_application_jwt_and_rejected_webhook() {
    let fakes = Fakes::new(&ns("vonage-wa"));
    let pauses = Pauses::default();
    let mut c = config(&fakes);
    c.messages_auth = VonageAuth::Jwt;
    c.whatsapp_template = Some(VonageWhatsAppTemplate {
        name: "acme_otp".into(),
        language: "en_GB".into(),
    });
    let s = sender(c, &pauses);
    let (url, rx) = hook("/hooks/vonage-wa");
    fakes.control(
        "vonage",
        json!({"receipt": {"status": "failed", "url": url, "delay_ms": 10}}),
    );
    let to = PhoneNumber::parse("+447700900123").unwrap();
    let from = SenderId::parse("+447700900001").unwrap();
    // Two sends: each carries its own application JWT (the fake refuses a reused jti).
    let first = s
        .send(&message(Channel::WhatsApp, &to, &from, Some(&url)))
        .unwrap();
    let captured = rx.recv_timeout(Duration::from_secs(10)).unwrap();
    fakes.control("vonage", json!({}));
    s.send(&message(Channel::WhatsApp, &to, &from, None))
        .unwrap();
    let stored = fakes.messages("vonage");
    assert_eq!(stored.len(), 2);
    assert_eq!(stored[0]["channel"], "whatsapp");
    assert_eq!(stored[0]["code"], "482913");
    assert_eq!(stored[0]["auth"], "Bearer");
    let reports = s.receipt(&webhook(&url, &captured), now()).unwrap();
    assert_eq!(reports[0].message_id, first.message_id);
    assert_eq!(reports[0].status, DeliveryStatus::Failed);
    assert_eq!(reports[0].error_code.as_deref(), Some("1250"));
    no_violations(&fakes);
}

#[test]
fn voice_call_talks_digits_and_its_completed_event_is_delivered() {
    let fakes = Fakes::new(&ns("vonage-voice"));
    let pauses = Pauses::default();
    let mut c = config(&fakes);
    c.voice_language = "en-GB".into();
    let s = sender(c, &pauses);
    let (url, rx) = hook("/hooks/vonage-voice");
    fakes.control(
        "vonage",
        json!({"receipt": {"status": "delivered", "url": url, "delay_ms": 10}}),
    );
    let to = PhoneNumber::parse("+447700900123").unwrap();
    let from = SenderId::parse("+447700900001").unwrap();
    let accepted = s
        .send(&message(Channel::Voice, &to, &from, Some(&url)))
        .unwrap();
    let stored = fakes.messages("vonage");
    assert_eq!(stored[0]["kind"], "call");
    assert_eq!(stored[0]["spoken"], "4, 8, 2, 9, 1, 3 is your Acme code");
    assert_eq!(stored[0]["language"], "en-GB");
    assert_eq!(stored[0]["loop"], 2);
    let captured = rx.recv_timeout(Duration::from_secs(10)).unwrap();
    let reports = s.receipt(&webhook(&url, &captured), now()).unwrap();
    assert_eq!(reports[0].message_id, accepted.message_id);
    assert_eq!(reports[0].status, DeliveryStatus::Delivered);

    // Without an application there is no voice.
    let mut c = config(&fakes);
    c.application = None;
    let no_voice = sender(c, &pauses);
    assert!(!no_voice.supports(Channel::Voice));
    assert!(matches!(
        no_voice.send(&message(Channel::Voice, &to, &from, None)),
        Err(SendError::Invalid { .. })
    ));
    no_violations(&fakes);
}

#[test]
fn documented_errors_are_typed_and_sender_rules_checked() {
    let fakes = Fakes::new(&ns("vonage-errors"));
    let pauses = Pauses::default();
    let s = sender(config(&fakes), &pauses);
    let name = SenderId::parse("AcmeInc").unwrap();
    let cases = [
        ("+447700900998", "AcmeInc", 402, "low-balance"),
        ("+447700900999", "AcmeInc", 422, "1160"),
        ("+447700900123", "Blocked", 422, "1120"),
    ];
    for (number, sender_id, status, code) in cases {
        let to = PhoneNumber::parse(number).unwrap();
        let from = SenderId::parse(sender_id).unwrap();
        match s.send(&message(Channel::Sms, &to, &from, None)) {
            Err(SendError::Rejected {
                status: st,
                code: Some(c),
                ..
            }) => assert_eq!((st, c.as_str()), (status, code)),
            other => panic!("{number}: {other:?}"),
        }
    }
    assert_eq!(
        fakes.requests("vonage").len(),
        3,
        "rejections are not retried"
    );
    no_violations(&fakes);

    // Vonage drops spaces in sender ids: refused before sending.
    let to = PhoneNumber::parse("+447700900123").unwrap();
    let spaced = SenderId::parse("Acme Bank").unwrap();
    assert!(matches!(
        s.check_sender(&message(Channel::Sms, &to, &spaced, None), Some("GB")),
        Err(SenderIdError::Provider(_))
    ));
    assert!(s
        .check_sender(&message(Channel::Sms, &to, &name, None), Some("GB"))
        .is_ok());

    // A wrong secret: 401, and the fake saw only that credential violation.
    let bad = Fakes::new(&ns("vonage-badauth"));
    let mut c = config(&bad);
    c.api_secret = Zeroizing::new("wrong-secret".into());
    let s = sender(c, &pauses);
    assert!(matches!(
        s.send(&message(Channel::Sms, &to, &name, None)),
        Err(SendError::Unauthorized { status: 401, .. })
    ));
    let v = bad.violations();
    assert_eq!(v.len(), 1, "{v:?}");
    assert!(v[0]["violation"].as_str().unwrap().contains("credentials"));
}

#[test]
fn server_errors_and_timeouts_are_not_retried_but_rate_limits_are() {
    let to = PhoneNumber::parse("+447700900123").unwrap();
    let from = SenderId::parse("AcmeInc").unwrap();
    let pauses = Pauses::default();

    let fakes = Fakes::new(&ns("vonage-5xx"));
    let s = sender(config(&fakes), &pauses);
    fakes.control("vonage", json!({"fail": [500]}));
    let e = s
        .send(&message(Channel::Sms, &to, &from, None))
        .unwrap_err();
    assert!(e.maybe_sent(), "{e:?}");
    assert_eq!(fakes.requests("vonage").len(), 1);

    let fakes = Fakes::new(&ns("vonage-timeout"));
    let s = sender(config(&fakes), &pauses);
    fakes.control("vonage", json!({"fail": [0], "hang_ms": 1500}));
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
    assert_eq!(fakes.requests("vonage").len(), 1);
    assert!(pauses.0.lock().unwrap().is_empty());

    let fakes = Fakes::new(&ns("vonage-429"));
    let s = sender(config(&fakes), &pauses);
    fakes.control("vonage", json!({"fail": [429, 429]}));
    let accepted = s.send(&message(Channel::Sms, &to, &from, None)).unwrap();
    assert_eq!(fakes.requests("vonage").len(), 3);
    assert_eq!(fakes.messages("vonage").len(), 1);
    assert_eq!(
        fakes.messages("vonage")[0]["id"],
        accepted.message_id.as_str()
    );
    // No Retry-After from Vonage: exponential backoff, 10 ms then 20 ms.
    assert_eq!(
        pauses.0.lock().unwrap().as_slice(),
        &[Duration::from_millis(10), Duration::from_millis(20)]
    );
    no_violations(&fakes);
}

/// The fake is not permissive: requests off the documented shape are refused and recorded.
#[test]
fn fake_refuses_undocumented_requests() {
    use otpkit::delivery::{HttpRequest, Method, Transport};
    let fakes = Fakes::new(&ns("vonage-shape"));
    let messages = format!("{}/v1/messages", fakes.base("vonage"));
    let calls = format!("{}/v1/calls", fakes.base("vonage"));
    let send = |r: HttpRequest| {
        UreqTransport::new()
            .execute(&r, Duration::from_secs(5))
            .unwrap()
            .status
    };
    let post = |url: &str, body: serde_json::Value| {
        HttpRequest::new(Method::Post, url)
            .json(&body)
            .basic_auth(API_KEY, API_SECRET)
    };
    let sms = |patch: serde_json::Value| {
        let mut b = json!({"message_type": "text", "channel": "sms", "to": "447700900123",
                           "from": "AcmeInc", "text": "hi"});
        for (k, v) in patch.as_object().unwrap() {
            b[k] = v.clone();
        }
        b
    };
    let cases = [
        post(&messages, sms(json!({"to": "+447700900123"}))),
        post(&messages, sms(json!({"from": "Acme Inc"}))),
        post(&messages, sms(json!({"text": "x".repeat(1001)}))),
        post(
            &messages,
            sms(json!({"channel": "whatsapp", "from": "AcmeInc"})),
        ),
        post(&messages, sms(json!({"unknown": 1}))),
        post(
            &messages,
            sms(
                json!({"channel": "whatsapp", "from": "447700900001", "message_type": "custom",
                       "text": null, "custom": {"type": "template"}}),
            ),
        ),
        // Voice takes only an application JWT, not Basic.
        post(
            &calls,
            json!({"to": [{"type": "phone", "number": "447700900123"}],
                   "from": {"type": "phone", "number": "447700900001"},
                   "ncco": [{"action": "talk", "text": "hi"}]}),
        ),
        HttpRequest::new(Method::Post, messages.as_str())
            .form(&[("to", "447700900123")])
            .basic_auth(API_KEY, API_SECRET),
    ];
    let n = cases.len();
    for r in cases {
        let status = send(r);
        assert!((400..500).contains(&status), "{status}");
    }
    assert_eq!(fakes.violations().len(), n, "{:?}", fakes.violations());
    assert!(fakes.messages("vonage").is_empty());
}
