//! SleekFlow adapter against the loopback fake (tests/fakes/providers/sleekflow.py): WhatsApp
//! template sends, errors, retry behaviour (no idempotency: only 429 is retried), and status
//! webhooks posted by the fake, authenticated by the secret token in the webhook URL.
#![cfg(feature = "delivery")]

#[path = "common/fakes.rs"]
mod fakes;

use fakes::Fakes;
use otpkit::delivery::providers::{SleekFlow, SleekFlowConfig};
use otpkit::delivery::{
    Accepted, DeliveryStatus, HttpSender, OutboundMessage, Pause, PhoneNumber, RetryPolicy,
    SendError, Sender, SenderId, UreqTransport, WebhookError, WebhookRequest,
};
use otpkit::server::Channel;
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::time::Duration;

// The fake's credentials (tests/fakes/providers/sleekflow.py).
const API_KEY: &str = "sf-fake-platform-api-key-0001";
const CHANNEL_NUMBER: &str = "+85252226066";
const TOKEN: &str = "sf-webhook-token-4f1d9a0c7e2b";

/// A namespace unique to this run, so a shared, long-lived fake server starts each test empty.
fn ns(name: &str) -> String {
    format!("{name}-{}", std::process::id())
}

struct NoPause;
impl Pause for NoPause {
    fn pause(&self, _: Duration) {}
}

type Sf = HttpSender<SleekFlow, UreqTransport, NoPause>;

fn sender(fakes: &Fakes, key: &str) -> Sf {
    let mut config = SleekFlowConfig::new(key, TOKEN, "otp_auth", "en_US");
    config.base_url = fakes.base("sleekflow");
    let retry = RetryPolicy {
        attempts: 3,
        timeout: Duration::from_millis(1500),
        initial_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(1),
    };
    HttpSender::with_parts(
        SleekFlow::new(config).unwrap(),
        UreqTransport::new(),
        NoPause,
        retry,
    )
    .unwrap()
}

fn send(s: &Sf, from: &str) -> Result<Accepted, SendError> {
    let to = PhoneNumber::parse("+852 6123 4567").unwrap();
    let from = SenderId::parse(from).unwrap();
    s.send(&OutboundMessage {
        channel: Channel::WhatsApp,
        to: &to,
        from: &from,
        text: "482913 is your Acme code",
        code: "482913",
        reference: "ch-9.1",
        callback_url: None,
    })
}

/// Accepts one HTTP request on `listener` and answers 200: (request line, headers, body).
fn accept_one(listener: &TcpListener) -> (String, Vec<(String, String)>, Vec<u8>) {
    let mut stream = accept_within(listener, Duration::from_secs(10));
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
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
    (line, headers, body)
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

fn hook<'a>(url: &'a str, headers: &'a [(String, String)], body: &'a [u8]) -> WebhookRequest<'a> {
    WebhookRequest {
        method: "POST",
        url,
        headers,
        body,
    }
}

#[test]
fn template_is_sent_and_status_webhooks_need_the_token() {
    let fakes = Fakes::new(&ns("sf-send"));
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let url = format!("http://127.0.0.1:{port}/hooks/sleekflow?token={TOKEN}");
    fakes.control(
        "sleekflow",
        json!({"receipt": {"status": "Read", "url": url, "delay_ms": 20}}),
    );
    let s = sender(&fakes, API_KEY);
    let accepted = send(&s, CHANNEL_NUMBER).unwrap();
    assert_eq!(accepted.status, DeliveryStatus::Accepted);
    let messages = fakes.messages("sleekflow");
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0]["id"], accepted.message_id.as_str());
    assert_eq!(messages[0]["to"], "85261234567");
    assert_eq!(
        (
            messages[0]["template"].as_str(),
            messages[0]["code"].as_str()
        ),
        (Some("otp_auth"), Some("482913"))
    );

    let (line, headers, body) = accept_one(&listener);
    assert!(line.starts_with("POST /hooks/sleekflow?token="), "{line}");
    let reports = s.receipt(&hook(&url, &headers, &body), 0).unwrap();
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0].message_id, accepted.message_id);
    assert_eq!(reports[0].status, DeliveryStatus::Delivered);

    // The same body without the token, or with another one, is refused.
    let bare = format!("http://127.0.0.1:{port}/hooks/sleekflow");
    assert_eq!(
        s.receipt(&hook(&bare, &headers, &body), 0),
        Err(WebhookError::Unauthenticated("token missing"))
    );
    let forged = format!("{bare}?token=sf-webhook-token-000000000000");
    assert_eq!(
        s.receipt(&hook(&forged, &headers, &body), 0),
        Err(WebhookError::Unauthenticated("token does not match"))
    );
    assert_eq!(fakes.violations(), Vec::<Value>::new());
}

#[test]
fn failed_status_webhook_reads_as_failed() {
    let fakes = Fakes::new(&ns("sf-failed"));
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let url = format!("http://127.0.0.1:{port}/h?token={TOKEN}");
    fakes.control(
        "sleekflow",
        json!({"receipt": {"status": "Failed", "url": url, "delay_ms": 20}}),
    );
    let s = sender(&fakes, API_KEY);
    let accepted = send(&s, CHANNEL_NUMBER).unwrap();
    let (_, headers, body) = accept_one(&listener);
    let r = s.receipt(&hook(&url, &headers, &body), 0).unwrap();
    assert_eq!(
        (r[0].message_id.as_str(), r[0].status),
        (accepted.message_id.as_str(), DeliveryStatus::Failed)
    );
    assert_eq!(fakes.violations(), Vec::<Value>::new());
}

#[test]
fn errors_are_typed_and_not_retried() {
    let fakes = Fakes::new(&ns("sf-errors"));
    let s = sender(&fakes, API_KEY);
    fakes.control("sleekflow", json!({"fail": [401]}));
    assert!(matches!(
        send(&s, CHANNEL_NUMBER),
        Err(SendError::Unauthorized { status: 401, .. })
    ));
    fakes.control("sleekflow", json!({"fail": [400]}));
    assert!(matches!(
        send(&s, CHANNEL_NUMBER),
        Err(SendError::Rejected { status: 400, .. })
    ));
    // Not this account's channel number: rejected with SleekFlow's message.
    match send(&s, "+85299999999") {
        Err(SendError::Rejected {
            status: 400,
            code,
            detail,
            ..
        }) => {
            assert_eq!(code.as_deref(), Some("400"));
            assert!(detail.contains("Channel not found"), "{detail}");
        }
        other => panic!("{other:?}"),
    }
    let wrong = sender(&fakes, "sf-not-the-right-key");
    assert!(matches!(
        send(&wrong, CHANNEL_NUMBER),
        Err(SendError::Unauthorized { .. })
    ));
    assert_eq!(fakes.requests("sleekflow").len(), 4);
    assert!(fakes.messages("sleekflow").is_empty());
    assert_eq!(fakes.violations(), Vec::<Value>::new());
}

#[test]
fn server_errors_and_timeouts_are_not_retried_but_rate_limits_are() {
    let fakes = Fakes::new(&ns("sf-retry"));
    let s = sender(&fakes, API_KEY);
    fakes.control("sleekflow", json!({"fail": [500, 500]}));
    let e = send(&s, CHANNEL_NUMBER).unwrap_err();
    assert!(e.maybe_sent(), "{e:?}");
    assert_eq!(fakes.requests("sleekflow").len(), 1);

    fakes.control("sleekflow", json!({"fail": [0], "hang_ms": 3000}));
    let e = send(&s, CHANNEL_NUMBER).unwrap_err();
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
    assert_eq!(fakes.requests("sleekflow").len(), 2);

    fakes.control("sleekflow", json!({"fail": [429, 429]}));
    let ok = send(&s, CHANNEL_NUMBER).unwrap();
    assert_eq!(fakes.requests("sleekflow").len(), 5);
    let messages = fakes.messages("sleekflow");
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0]["id"], ok.message_id.as_str());
    assert_eq!(fakes.violations(), Vec::<Value>::new());
}

/// The fake is only as good as its checks: requests off the documented shape are refused
/// and recorded as violations.
#[test]
fn the_fake_flags_undocumented_requests() {
    let fakes = Fakes::new(&ns("sf-fake-checks"));
    let post = |query: &str, body: Value| {
        ureq::post(format!(
            "{}/api/message/send/json{query}",
            fakes.base("sleekflow")
        ))
        .config()
        .http_status_as_error(false)
        .build()
        .header("X-Sleekflow-Api-Key", API_KEY)
        .header("Content-Type", "application/json")
        .send(body.to_string().as_bytes())
        .unwrap()
        .status()
        .as_u16()
    };
    let template = json!({"whatsappCloudApiTemplateMessageObject": {"templateName": "otp_auth",
        "language": "en_US", "components": [{"type": "body", "parameters": [{"type": "text", "text": "1"}]}]}});
    let good = json!({"channel": "whatsappcloudapi", "from": "85252226066", "to": "85261234567",
                      "messageType": "template", "extendedMessage": template});
    assert_eq!(post("", good.clone()), 200);
    let mut plus = good.clone();
    plus["to"] = json!("+85261234567");
    let mut channel = good.clone();
    channel["channel"] = json!("whatsapp");
    let mut bare = good.clone();
    bare["messageType"] = json!("template");
    bare["extendedMessage"] =
        json!({"whatsappCloudApiTemplateMessageObject": {"templateName": "OTP"}});
    for body in [plus, channel, bare] {
        assert_eq!(post("", body.clone()), 400, "{body}");
    }
    assert_eq!(post("?apikey=leak", good), 200);
    let violations = fakes.violations();
    assert_eq!(violations.len(), 4, "{violations:?}");
    assert_eq!(fakes.messages("sleekflow").len(), 2);
}
