//! Bird/MessageBird adapter against the loopback fake (tests/fakes/providers/messagebird.py):
//! SMS, voice and WhatsApp sends, documented errors, retry behaviour (no idempotency: only
//! 429 is retried), and signed status reports, valid and tampered.
#![cfg(feature = "delivery")]

#[path = "common/fakes.rs"]
mod fakes;
#[path = "common/hooks.rs"]
mod hooks;
#[path = "common/senders.rs"]
mod senders;

use fakes::{unique_ns as ns, Fakes};
use hooks::{assert_unauthenticated, request as hook, Hook};
use otpkit::delivery::providers::messagebird::{VoiceOptions, WhatsAppOptions};
use otpkit::delivery::providers::{MessageBird, MessageBirdConfig};
use otpkit::delivery::{
    DeliveryStatus, HttpSender, PhoneNumber, SendError, Sender, SenderId, UreqTransport,
};
use otpkit::server::Channel;
use senders::{assert_not_repeated_but_429_retried, http_sender, otp_message, retry, NoPause};
use serde_json::{json, Value};
use std::time::{SystemTime, UNIX_EPOCH};

// The fake's credentials (tests/fakes/providers/messagebird.py).
const ACCESS_KEY: &str = "test_fakeMessageBirdKey01";
const SIGNING_KEY: &str = "fake-messagebird-signing-key";
const NOW: u64 = 1_800_000_000;
const HOOK: &str = "https://hooks.example/otp/messagebird";

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
    http_sender(
        MessageBird::new(config).unwrap(),
        NoPause,
        retry(1500, 1, 1),
    )
}

fn send(
    s: &HttpSender<MessageBird, UreqTransport, NoPause>,
    channel: Channel,
    from: &str,
) -> Result<otpkit::delivery::Accepted, SendError> {
    let to = PhoneNumber::parse("+31612345678").unwrap();
    let from = SenderId::parse(from).unwrap();
    s.send(&otp_message(channel, &to, &from, "ch-7.1", Some(HOOK)))
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
    assert_unauthenticated(s.receipt(&hook("GET", &forged, &headers, b""), NOW));
    assert_unauthenticated(s.receipt(&hook("GET", &url, &headers, b""), NOW + 3600));
    assert_unauthenticated(s.receipt(&hook("GET", &url, &[], b""), NOW));
    fakes.assert_no_violations();
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
    assert_unauthenticated(s.receipt(&hook("POST", &url, &headers, tampered.as_bytes()), NOW));
    // An alphanumeric caller id for voice is refused before any request.
    assert!(matches!(
        send(&s, Channel::Voice, "Acme"),
        Err(SendError::Invalid { .. })
    ));
    assert_eq!(fakes.requests("messagebird").len(), 3); // 2 sends + 1 report helper call
    fakes.assert_no_violations();
}

#[test]
fn whatsapp_receipt_posted_by_the_fake_verifies() {
    let fakes = Fakes::new(&ns("mb-wa-post"));
    let listener = Hook::start();
    let hook_url = listener.url("/hook/mb");
    fakes.control(
        "messagebird",
        json!({"receipt": {"status": "delivered", "url": hook_url, "delay_ms": 20}}),
    );
    let s = sender(&fakes, ACCESS_KEY);
    let wa = send(&s, Channel::WhatsApp, "+3197000000000").unwrap();
    let captured = listener.recv();
    assert_eq!(
        (captured.method.as_str(), captured.path.as_str()),
        ("POST", "/hook/mb")
    );
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let r = s.receipt(&captured.webhook(&hook_url), now).unwrap();
    assert_eq!(
        (r[0].message_id.as_str(), r[0].status),
        (wa.message_id.as_str(), DeliveryStatus::Delivered)
    );
    let other_url = hook_url.replace("/hook/mb", "/hook/other");
    assert!(s.receipt(&captured.webhook(&other_url), now).is_err());
    fakes.assert_no_violations();
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
    fakes.assert_no_violations();
}

#[test]
fn server_errors_and_timeouts_are_not_retried_but_rate_limits_are() {
    let fakes = Fakes::new(&ns("mb-retry"));
    let s = sender(&fakes, ACCESS_KEY);
    assert_not_repeated_but_429_retried(&fakes, "messagebird", (&[503, 503], 3000, &[429]), |i| {
        match i {
            1 => send(&s, Channel::WhatsApp, "+3197000000000"),
            _ => send(&s, Channel::Sms, "Acme"),
        }
    });
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
