//! Bird/MessageBird adapter against the loopback fake (tests/fakes/providers/messagebird.py):
//! SMS, voice and WhatsApp sends, documented errors, retry behaviour (no idempotency: only
//! 429 is retried), and signed status reports, valid and tampered.
#![cfg(feature = "delivery")]

#[path = "common/fakes.rs"]
mod fakes;

use fakes::Fakes;
use otpkit::delivery::providers::messagebird::{VoiceOptions, WhatsAppOptions};
use otpkit::delivery::providers::{MessageBird, MessageBirdConfig};
use otpkit::delivery::{
    DeliveryStatus, HttpSender, OutboundMessage, Pause, PhoneNumber, RetryPolicy, SendError,
    Sender, SenderId, UreqTransport, WebhookError, WebhookRequest,
};
use otpkit::server::Channel;
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

// The fake's credentials (tests/fakes/providers/messagebird.py).
const ACCESS_KEY: &str = "test_fakeMessageBirdKey01";
const SIGNING_KEY: &str = "fake-messagebird-signing-key";
const NOW: u64 = 1_800_000_000;
const HOOK: &str = "https://hooks.example/otp/messagebird";

/// A namespace unique to this run, so a shared, long-lived fake server starts each test empty.
fn ns(name: &str) -> String {
    format!("{name}-{}", std::process::id())
}

/// Retries without waiting (the pauses are not what these tests measure).
struct NoPause;
impl Pause for NoPause {
    fn pause(&self, _: Duration) {}
}

fn sender(fakes: &Fakes, key: &str) -> HttpSender<MessageBird, UreqTransport, NoPause> {
    let base = fakes.base("messagebird");
    let mut config = MessageBirdConfig::new(key, SIGNING_KEY);
    config.base_url = base.clone();
    config.conversations_url = base;
    config.sms_validity = Some(300);
    config.voice = Some(VoiceOptions::default());
    config.whatsapp = Some(WhatsAppOptions {
        channel_id: "619747f69cf940a98fb443140ce9aed2".into(),
        namespace: "cdb2df51_9816_c754_c5a4_64cdabdcad3e".into(),
        template_name: "otp_code".into(),
        language: "en".into(),
    });
    let retry = RetryPolicy {
        attempts: 3,
        timeout: Duration::from_millis(1500),
        initial_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(1),
    };
    HttpSender::with_parts(
        MessageBird::new(config).unwrap(),
        UreqTransport::new(),
        NoPause,
        retry,
    )
    .unwrap()
}

fn send(
    s: &HttpSender<MessageBird, UreqTransport, NoPause>,
    channel: Channel,
    from: &str,
) -> Result<otpkit::delivery::Accepted, SendError> {
    let to = PhoneNumber::parse("+31612345678").unwrap();
    let from = SenderId::parse(from).unwrap();
    s.send(&OutboundMessage {
        channel,
        to: &to,
        from: &from,
        text: "482913 is your Acme code",
        code: "482913",
        reference: "ch-7.1",
        callback_url: Some(HOOK),
    })
}

/// The fake's signed status report for `id` (see the fake's docstring): method, url,
/// headers, body.
fn report(
    fakes: &Fakes,
    id: &str,
    status: &str,
    now: u64,
) -> (String, String, Vec<(String, String)>, Vec<u8>) {
    let url = format!(
        "{}/_report?id={id}&status={status}&now={now}&url={}",
        fakes.base("messagebird"),
        HOOK.replace(':', "%3A").replace('/', "%2F")
    );
    let text = ureq::get(&url)
        .call()
        .expect("report helper")
        .body_mut()
        .read_to_string()
        .unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    let headers = v["headers"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
        .collect();
    (
        v["method"].as_str().unwrap().to_owned(),
        v["url"].as_str().unwrap().to_owned(),
        headers,
        v["body"].as_str().unwrap().as_bytes().to_vec(),
    )
}

/// The next connection on `listener`, waiting at most `limit` (the test fails, not hangs).
fn accept_within(listener: &TcpListener, limit: Duration) -> std::net::TcpStream {
    listener.set_nonblocking(true).unwrap();
    let deadline = std::time::Instant::now() + limit;
    loop {
        match listener.accept() {
            Ok((stream, _)) => {
                stream.set_nonblocking(false).unwrap();
                return stream;
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                assert!(
                    std::time::Instant::now() < deadline,
                    "no webhook within {limit:?}"
                );
                std::thread::sleep(Duration::from_millis(10));
            }
            Err(e) => panic!("accept: {e}"),
        }
    }
}

fn hook<'a>(
    m: &'a str,
    url: &'a str,
    h: &'a [(String, String)],
    b: &'a [u8],
) -> WebhookRequest<'a> {
    WebhookRequest {
        method: m,
        url,
        headers: h,
        body: b,
    }
}

#[test]
fn sms_is_sent_and_its_signed_report_read() {
    let fakes = Fakes::new(&ns("mb-sms"));
    let s = sender(&fakes, ACCESS_KEY);
    let accepted = send(&s, Channel::Sms, "Acme").unwrap();
    let messages = fakes.messages("messagebird");
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0]["id"], accepted.message_id.as_str());
    assert_eq!(messages[0]["text"], "482913 is your Acme code");
    assert_eq!(messages[0]["report_url"], HOOK);
    assert_eq!(accepted.status, DeliveryStatus::Sent);

    let (method, url, headers, body) = report(&fakes, &accepted.message_id, "delivered", NOW);
    assert_eq!(method, "GET");
    let reports = s
        .receipt(&hook(&method, &url, &headers, &body), NOW)
        .unwrap();
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0].message_id, accepted.message_id);
    assert_eq!(reports[0].status, DeliveryStatus::Delivered);

    let (_, url, headers, _) = report(&fakes, &accepted.message_id, "delivery_failed", NOW);
    let failed = s.receipt(&hook("GET", &url, &headers, b""), NOW).unwrap();
    assert_eq!(
        (failed[0].status, failed[0].error_code.as_deref()),
        (DeliveryStatus::Failed, Some("1"))
    );
    // Forged: the failure turned into a delivery after signing; replayed much later; unsigned.
    let forged = url.replace("delivery_failed", "delivered");
    assert!(matches!(
        s.receipt(&hook("GET", &forged, &headers, b""), NOW),
        Err(WebhookError::Unauthenticated(_))
    ));
    assert!(matches!(
        s.receipt(&hook("GET", &url, &headers, b""), NOW + 3600),
        Err(WebhookError::Unauthenticated(_))
    ));
    assert!(matches!(
        s.receipt(&hook("GET", &url, &[], b""), NOW),
        Err(WebhookError::Unauthenticated(_))
    ));
    assert_eq!(fakes.violations(), Vec::<Value>::new());
}

#[test]
fn voice_and_whatsapp_are_sent_as_documented() {
    let fakes = Fakes::new(&ns("mb-voice-wa"));
    let s = sender(&fakes, ACCESS_KEY);
    let voice = send(&s, Channel::Voice, "+3197000000000").unwrap();
    let wa = send(&s, Channel::WhatsApp, "+3197000000000").unwrap();
    let messages = fakes.messages("messagebird");
    assert_eq!(messages.len(), 2);
    assert_eq!(
        (messages[0]["channel"].as_str(), messages[0]["id"].as_str()),
        (Some("voice"), Some(voice.message_id.as_str()))
    );
    assert_eq!(messages[1]["channel"], "whatsapp");
    assert_eq!(messages[1]["code"], "482913");
    assert_eq!(messages[1]["template"], "otp_code");
    assert_eq!(wa.status, DeliveryStatus::Accepted);

    let (method, url, headers, body) = report(&fakes, &wa.message_id, "read", NOW);
    assert_eq!((method.as_str(), url.as_str()), ("POST", HOOK));
    let r = s
        .receipt(&hook("POST", &url, &headers, &body), NOW)
        .unwrap();
    assert_eq!(
        (r[0].message_id.as_str(), r[0].status),
        (wa.message_id.as_str(), DeliveryStatus::Delivered)
    );
    let tampered = String::from_utf8(body)
        .unwrap()
        .replace("\"read\"", "\"failed\"");
    assert!(matches!(
        s.receipt(&hook("POST", &url, &headers, tampered.as_bytes()), NOW),
        Err(WebhookError::Unauthenticated(_))
    ));
    // An alphanumeric caller id for voice is refused before any request.
    assert!(matches!(
        send(&s, Channel::Voice, "Acme"),
        Err(SendError::Invalid { .. })
    ));
    assert_eq!(fakes.requests("messagebird").len(), 3); // 2 sends + 1 report helper call
    assert_eq!(fakes.violations(), Vec::<Value>::new());
}

#[test]
fn whatsapp_receipt_posted_by_the_fake_verifies() {
    let fakes = Fakes::new(&ns("mb-wa-post"));
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let hook_url = format!(
        "http://127.0.0.1:{}/hook/mb",
        listener.local_addr().unwrap().port()
    );
    fakes.control(
        "messagebird",
        json!({"receipt": {"status": "delivered", "url": hook_url, "delay_ms": 20}}),
    );
    let s = sender(&fakes, ACCESS_KEY);
    let wa = send(&s, Channel::WhatsApp, "+3197000000000").unwrap();
    let mut stream = accept_within(&listener, Duration::from_secs(10));
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    assert!(line.starts_with("POST /hook/mb "), "{line}");
    let mut headers = Vec::new();
    let mut length = 0;
    loop {
        let mut h = String::new();
        reader.read_line(&mut h).unwrap();
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        let (k, v) = h.split_once(':').unwrap();
        if k.eq_ignore_ascii_case("content-length") {
            length = v.trim().parse().unwrap();
        }
        headers.push((k.to_owned(), v.trim().to_owned()));
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap();
    stream
        .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n")
        .unwrap();
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let r = s
        .receipt(&hook("POST", &hook_url, &headers, &body), now)
        .unwrap();
    assert_eq!(
        (r[0].message_id.as_str(), r[0].status),
        (wa.message_id.as_str(), DeliveryStatus::Delivered)
    );
    let other_url = hook_url.replace("/hook/mb", "/hook/other");
    assert!(s
        .receipt(&hook("POST", &other_url, &headers, &body), now)
        .is_err());
    assert_eq!(fakes.violations(), Vec::<Value>::new());
}

#[test]
fn documented_errors_are_typed_and_not_retried() {
    let fakes = Fakes::new(&ns("mb-errors"));
    let s = sender(&fakes, ACCESS_KEY);
    fakes.control("messagebird", json!({"fail": [401]}));
    assert!(matches!(
        send(&s, Channel::Sms, "Acme"),
        Err(SendError::Unauthorized { .. })
    ));
    for (status, code) in [(402, "25"), (422, "9"), (404, "20")] {
        fakes.control("messagebird", json!({"fail": [status]}));
        match send(&s, Channel::Sms, "Acme") {
            Err(SendError::Rejected {
                code: Some(c),
                status: st,
                ..
            }) => {
                assert_eq!((st, c.as_str()), (status, code))
            }
            other => panic!("{status}: {other:?}"),
        }
    }
    assert_eq!(fakes.requests("messagebird").len(), 4);
    // A wrong (well-formed) access key: the fake's documented code 2 answer.
    let wrong = sender(&fakes, "test_notTheRightKey");
    assert!(matches!(
        send(&wrong, Channel::Sms, "Acme"),
        Err(SendError::Unauthorized { status: 401, .. })
    ));
    assert!(fakes.messages("messagebird").is_empty());
    assert_eq!(fakes.violations(), Vec::<Value>::new());
}

#[test]
fn server_errors_and_timeouts_are_not_retried_but_rate_limits_are() {
    let fakes = Fakes::new(&ns("mb-retry"));
    let s = sender(&fakes, ACCESS_KEY);
    fakes.control("messagebird", json!({"fail": [503, 503]}));
    let e = send(&s, Channel::Sms, "Acme").unwrap_err();
    assert!(e.maybe_sent(), "{e:?}");
    assert_eq!(fakes.requests("messagebird").len(), 1);

    fakes.control("messagebird", json!({"fail": [0], "hang_ms": 3000}));
    let e = send(&s, Channel::WhatsApp, "+3197000000000").unwrap_err();
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
    assert_eq!(fakes.requests("messagebird").len(), 2);

    fakes.control("messagebird", json!({"fail": [429]}));
    let ok = send(&s, Channel::Sms, "Acme").unwrap();
    assert_eq!(fakes.requests("messagebird").len(), 4);
    assert_eq!(fakes.messages("messagebird").len(), 1);
    assert_eq!(
        fakes.messages("messagebird")[0]["id"],
        ok.message_id.as_str()
    );
    assert_eq!(fakes.violations(), Vec::<Value>::new());
}

/// The fake is only as good as its checks: requests off the documented shape are refused
/// with the documented error body and recorded as violations.
#[test]
fn the_fake_flags_undocumented_requests() {
    let fakes = Fakes::new(&ns("mb-fake-checks"));
    let post = |path: &str, auth: &str, body: Value| {
        let mut r = ureq::post(format!("{}{path}", fakes.base("messagebird")))
            .config()
            .http_status_as_error(false)
            .build()
            .header("Authorization", auth)
            .header("Accept", "application/json")
            .header("Content-Type", "application/json")
            .send(body.to_string().as_bytes())
            .unwrap();
        let status = r.status().as_u16();
        let v: Value = serde_json::from_str(&r.body_mut().read_to_string().unwrap()).unwrap();
        (
            status,
            v["errors"][0]["code"].as_i64(),
            v["errors"][0]["parameter"].clone(),
        )
    };
    let key = format!("AccessKey {ACCESS_KEY}");
    let cases = [
        json!({"originator": "AcmeCorporation", "recipients": ["31612345678"], "body": "x"}),
        json!({"originator": "Acme", "recipients": ["+31612345678"], "body": "x"}),
        json!({"originator": "Acme", "recipients": ["31612345678"], "body": "x", "datacoding": "utf8"}),
        json!({"originator": "Acme", "recipients": ["31612345678"], "body": "x", "sender": "y"}),
    ];
    for body in cases {
        let (status, code, _) = post("/messages", &key, body.clone());
        assert_eq!((status, code), (422, Some(10)), "{body}");
    }
    let (status, code, param) = post(
        "/voicemessages",
        &key,
        json!({"originator": "+3197000000000", "recipients": ["31612345678"], "body": "x", "language": "xx-xx"}),
    );
    assert_eq!((status, code, param), (422, Some(10), json!("language")));
    let (status, code, _) = post(
        "/v1/send",
        &key,
        json!({"to": "+31612345678", "from": "c1", "type": "hsm", "content": {"hsm": {"templateName": "otp"}}}),
    );
    assert_eq!((status, code), (400, Some(21)));
    let (status, code, _) = post("/messages", "Bearer x", json!({}));
    assert_eq!((status, code), (401, Some(2)));
    let violations = fakes.violations();
    assert_eq!(violations.len(), 7, "{violations:?}");
    assert!(fakes.messages("messagebird").is_empty());
}
