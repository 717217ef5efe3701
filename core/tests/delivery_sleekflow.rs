//! SleekFlow adapter against the loopback fake (tests/fakes/providers/sleekflow.py): WhatsApp
//! template sends, errors, retry behaviour (no idempotency: only 429 is retried), and status
//! webhooks posted by the fake, authenticated by the secret token in the webhook URL.
#![cfg(feature = "delivery")]

#[path = "common/fakes.rs"]
mod fakes;
#[path = "common/hooks.rs"]
mod hooks;
#[path = "common/senders.rs"]
mod senders;

use fakes::{unique_ns as ns, Fakes};
use hooks::{post as hook, Hook};
use otpkit::delivery::providers::{SleekFlow, SleekFlowConfig};
use otpkit::delivery::{
    Accepted, DeliveryStatus, HttpSender, PhoneNumber, SendError, Sender, SenderId, UreqTransport,
    WebhookError,
};
use otpkit::server::Channel;
use senders::{assert_not_repeated_but_429_retried, http_sender, otp_message, retry, NoPause};
use serde_json::{json, Value};

// The fake's credentials (tests/fakes/providers/sleekflow.py).
const API_KEY: &str = "sf-fake-platform-api-key-0001";
const CHANNEL_NUMBER: &str = "+85252226066";
const TOKEN: &str = "sf-webhook-token-4f1d9a0c7e2b";

type Sf = HttpSender<SleekFlow, UreqTransport, NoPause>;

fn sender(fakes: &Fakes, key: &str) -> Sf {
    let mut config = SleekFlowConfig::new(key, TOKEN, "otp_auth", "en_US");
    config.base_url = fakes.base("sleekflow");
    http_sender(SleekFlow::new(config).unwrap(), NoPause, retry(1500, 1, 1))
}

fn send(s: &Sf, from: &str) -> Result<Accepted, SendError> {
    let to = PhoneNumber::parse("+852 6123 4567").unwrap();
    let from = SenderId::parse(from).unwrap();
    s.send(&otp_message(Channel::WhatsApp, &to, &from, "ch-9.1", None))
}

#[test]
fn template_is_sent_and_status_webhooks_need_the_token() {
    let fakes = Fakes::new(&ns("sf-send"));
    let listener = Hook::start();
    let url = listener.url(&format!("/hooks/sleekflow?token={TOKEN}"));
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

    let captured = listener.recv();
    assert_eq!(captured.method, "POST");
    assert!(
        captured.path.starts_with("/hooks/sleekflow?token="),
        "{}",
        captured.path
    );
    let (headers, body) = (&captured.headers, &captured.body);
    let reports = s.receipt(&captured.webhook(&url), 0).unwrap();
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0].message_id, accepted.message_id);
    assert_eq!(reports[0].status, DeliveryStatus::Delivered);

    // The same body without the token, or with another one, is refused.
    let bare = listener.url("/hooks/sleekflow");
    assert_eq!(
        s.receipt(&hook(&bare, headers, body), 0),
        Err(WebhookError::Unauthenticated("token missing"))
    );
    let forged = format!("{bare}?token=sf-webhook-token-000000000000");
    assert_eq!(
        s.receipt(&hook(&forged, headers, body), 0),
        Err(WebhookError::Unauthenticated("token does not match"))
    );
    fakes.assert_no_violations();
}

#[test]
fn failed_status_webhook_reads_as_failed() {
    let fakes = Fakes::new(&ns("sf-failed"));
    let listener = Hook::start();
    let url = listener.url(&format!("/h?token={TOKEN}"));
    fakes.control(
        "sleekflow",
        json!({"receipt": {"status": "Failed", "url": url, "delay_ms": 20}}),
    );
    let s = sender(&fakes, API_KEY);
    let accepted = send(&s, CHANNEL_NUMBER).unwrap();
    let r = s.receipt(&listener.recv().webhook(&url), 0).unwrap();
    assert_eq!(
        (r[0].message_id.as_str(), r[0].status),
        (accepted.message_id.as_str(), DeliveryStatus::Failed)
    );
    fakes.assert_no_violations();
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
    fakes.assert_no_violations();
}

#[test]
fn server_errors_and_timeouts_are_not_retried_but_rate_limits_are() {
    let fakes = Fakes::new(&ns("sf-retry"));
    let s = sender(&fakes, API_KEY);
    assert_not_repeated_but_429_retried(
        &fakes,
        "sleekflow",
        (&[500, 500], 3000, &[429, 429]),
        |_| send(&s, CHANNEL_NUMBER),
    );
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
