//! Fallback-dispatch scenarios with a scripted in-process [`Sender`], run against every store
//! backend by `delivery_dispatch.rs` through `dispatch_suite!`.
#![allow(dead_code, unused_macros)]

use hmac::{Hmac, KeyInit, Mac};
use otpkit::delivery::{
    Accepted, DeliveryReport, DeliveryStatus, DispatchConfig, DispatchError, Dispatcher,
    FallbackPolicy, FallbackStep, MessageTemplate, OutboundMessage, OwnedWebhookRequest,
    PhoneNumber, Progress, ProviderKind, SendError, Sender, SenderId, SenderIdError, WebhookError,
    WebhookRequest,
};
use otpkit::server::{
    Binding, Channel, IssueError, Limit, LimitScope, OobCodes, OobPolicy, Pepper, PepperRing,
    SendLimits, Store,
};
use otpkit::FixedTimeSource;
use sha2::Sha256;
use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

pub type DynStore = Arc<dyn Store>;
pub type TestDispatcher = Dispatcher<DynStore, Arc<FixedTimeSource>>;

pub const T: u64 = 1_700_000_010;
pub const LOGIN: Binding<'static> = Binding {
    purpose: "login",
    subject: "alice",
    transaction: &[],
};

/// One scenario per `#[test]`; `$make` gives `Option<(DynStore, guard)>`.
macro_rules! dispatch_suite {
    ($make:expr) => {
        dispatch_suite!(@each $make;
            delivered_first_try, sms_failed_receipt_then_whatsapp, no_receipt_then_voice,
            definitive_send_failure_moves_on_at_once, maybe_sent_failure_waits,
            every_step_failing_is_an_error, forged_receipt_refused, unknown_message_refused,
            concurrent_advances_send_once, concurrent_resends_send_once, in_flight_send_holds_claim,
            send_limits_hold_across_channels, cooldown_holds_across_channels,
            old_code_fails_after_advance, out_of_order_and_duplicate_receipts,
            requested_resend_rules, other_destination_refused, batch_receipts, sender_id_refusal_moves_on,
            async_forms);
    };
    (@each $make:expr; $($name:ident),* $(,)?) => {$(
        #[test]
        fn $name() {
            let Some((store, _guard)) = $make else { return };
            scenarios::$name(store);
        }
    )*};
}

/// What the scripted sender was asked to send (secrets kept only in this test double).
#[derive(Debug, Clone)]
pub struct Sent {
    pub channel: Channel,
    pub to: String,
    pub text: String,
    pub code: String,
    pub reference: String,
    pub message_id: Option<String>,
}

/// A [`Sender`] that records every send, answers from a script (default: accepted with a
/// fresh id), and reads receipts `{"id", "status", "error"}` signed with HMAC-SHA256 in
/// `x-signature` (hex), refusing anything else.
pub struct Scripted {
    kind: ProviderKind,
    channels: Vec<Channel>,
    script: Mutex<VecDeque<Result<(), SendError>>>,
    sent: Mutex<Vec<Sent>>,
    key: Vec<u8>,
    next: AtomicU64,
    /// Pause in each send (to widen race windows in the concurrency scenarios).
    delay_ms: u64,
    /// When set, the next send signals the first channel and waits for the second.
    gate: Mutex<Option<Gate>>,
}

type Gate = (std::sync::mpsc::Sender<()>, std::sync::mpsc::Receiver<()>);

impl Scripted {
    pub fn new(kind: ProviderKind, channels: &[Channel]) -> Arc<Self> {
        Self::with_delay(kind, channels, 0)
    }

    pub fn with_delay(kind: ProviderKind, channels: &[Channel], delay_ms: u64) -> Arc<Self> {
        Arc::new(Self {
            kind,
            channels: channels.to_vec(),
            script: Mutex::new(VecDeque::new()),
            sent: Mutex::new(Vec::new()),
            key: format!("key-of-{kind}").into_bytes(),
            next: AtomicU64::new(1),
            delay_ms,
            gate: Mutex::new(None),
        })
    }

    /// Makes the next send stop inside `send` until released: returns (a receiver told when
    /// the send is entered, the sender that releases it). A held send gives up after 10 s.
    pub fn hold(&self) -> (std::sync::mpsc::Receiver<()>, std::sync::mpsc::Sender<()>) {
        let (entered_tx, entered_rx) = std::sync::mpsc::channel();
        let (release_tx, release_rx) = std::sync::mpsc::channel();
        *self.gate.lock().unwrap() = Some((entered_tx, release_rx));
        (entered_rx, release_tx)
    }

    /// The next sends answer these, in order.
    pub fn script(&self, results: impl IntoIterator<Item = Result<(), SendError>>) {
        self.script.lock().unwrap().extend(results);
    }

    pub fn sent(&self) -> Vec<Sent> {
        self.sent.lock().unwrap().clone()
    }

    pub fn last(&self) -> Sent {
        self.sent().pop().expect("nothing sent")
    }

    fn sign(&self, body: &[u8]) -> String {
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&self.key).unwrap();
        mac.update(body);
        mac.finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    /// A correctly signed webhook with several reports `{"reports": [{"id", "status"}...]}`.
    pub fn webhook_batch(&self, reports: &[(&str, &str)]) -> OwnedWebhookRequest {
        let list: Vec<_> = reports
            .iter()
            .map(|(id, status)| serde_json::json!({"id": id, "status": status}))
            .collect();
        let body = serde_json::json!({ "reports": list })
            .to_string()
            .into_bytes();
        OwnedWebhookRequest {
            method: "POST".into(),
            url: "https://hooks.example/dlr".into(),
            headers: vec![("X-Signature".into(), self.sign(&body))],
            body,
        }
    }

    /// A correctly signed webhook reporting `status` for `message_id`.
    pub fn webhook(&self, message_id: &str, status: &str) -> OwnedWebhookRequest {
        let mut v = serde_json::json!({"id": message_id, "status": status});
        if status == "failed" {
            v["error"] = "30003".into();
        }
        let body = v.to_string().into_bytes();
        OwnedWebhookRequest {
            method: "POST".into(),
            url: "https://hooks.example/dlr".into(),
            headers: vec![("X-Signature".into(), self.sign(&body))],
            body,
        }
    }
}

pub fn unavailable(kind: ProviderKind, maybe_sent: bool) -> SendError {
    SendError::Unavailable {
        provider: kind,
        maybe_sent,
        detail: if maybe_sent { "timed out" } else { "HTTP 503" }.into(),
    }
}

impl Sender for Scripted {
    fn kind(&self) -> ProviderKind {
        self.kind
    }
    fn supports(&self, channel: Channel) -> bool {
        self.channels.contains(&channel)
    }
    fn check_sender(
        &self,
        message: &OutboundMessage<'_>,
        country: Option<&str>,
    ) -> Result<(), SenderIdError> {
        message.from.check_for(message.channel, country)
    }
    fn send(&self, message: &OutboundMessage<'_>) -> Result<Accepted, SendError> {
        if self.delay_ms > 0 {
            std::thread::sleep(std::time::Duration::from_millis(self.delay_ms));
        }
        let gate = self.gate.lock().unwrap().take();
        if let Some((entered, release)) = gate {
            entered.send(()).unwrap();
            let _ = release.recv_timeout(std::time::Duration::from_secs(10));
        }
        let scripted = self.script.lock().unwrap().pop_front().unwrap_or(Ok(()));
        let id = scripted
            .is_ok()
            .then(|| format!("{}-{}", self.kind, self.next.fetch_add(1, Ordering::SeqCst)));
        self.sent.lock().unwrap().push(Sent {
            channel: message.channel,
            to: message.to.e164(),
            text: message.text.to_owned(),
            code: message.code.to_owned(),
            reference: message.reference.to_owned(),
            message_id: id.clone(),
        });
        scripted.map(|()| Accepted {
            provider: self.kind,
            message_id: id.unwrap(),
            status: DeliveryStatus::Accepted,
        })
    }
    fn receipt(
        &self,
        request: &WebhookRequest<'_>,
        _now: u64,
    ) -> Result<Vec<DeliveryReport>, WebhookError> {
        request.check_size()?;
        let sig = request
            .header("x-signature")
            .ok_or(WebhookError::Unauthenticated("signature missing"))?;
        if !otpkit::delivery::receipt::ct_eq(sig.as_bytes(), self.sign(request.body).as_bytes()) {
            return Err(WebhookError::Unauthenticated("signature does not match"));
        }
        let v = request.json()?;
        let items = match v.get("reports").and_then(|r| r.as_array()) {
            Some(list) => list.clone(),
            None => vec![v],
        };
        items
            .iter()
            .map(|v| {
                let field = |k: &str| v.get(k).and_then(|x| x.as_str());
                let status = match field("status") {
                    Some("delivered") => DeliveryStatus::Delivered,
                    Some("failed") => DeliveryStatus::Failed,
                    Some("expired") => DeliveryStatus::Expired,
                    Some("sent") => DeliveryStatus::Sent,
                    _ => return Err(WebhookError::Malformed("status")),
                };
                Ok(DeliveryReport {
                    provider: self.kind,
                    message_id: field("id").ok_or(WebhookError::Malformed("id"))?.to_owned(),
                    status,
                    error_code: field("error").map(str::to_owned),
                })
            })
            .collect()
    }
}

/// SMS (Textlocal), WhatsApp (SleekFlow), voice (Twilio) senders.
pub struct Senders {
    pub sms: Arc<Scripted>,
    pub whatsapp: Arc<Scripted>,
    pub voice: Arc<Scripted>,
}

impl Senders {
    pub fn new(delay_ms: u64) -> Self {
        Self {
            sms: Scripted::with_delay(ProviderKind::Textlocal, &[Channel::Sms], delay_ms),
            whatsapp: Scripted::with_delay(ProviderKind::SleekFlow, &[Channel::WhatsApp], delay_ms),
            voice: Scripted::with_delay(ProviderKind::Twilio, &[Channel::Voice], delay_ms),
        }
    }
}

/// SMS (wait 60 s) → WhatsApp (wait 60 s) → voice (wait 60 s).
pub fn policy(s: &Senders) -> FallbackPolicy {
    let number = SenderId::parse("+14155550100").unwrap();
    let steps = vec![
        FallbackStep::new(
            Channel::Sms,
            s.sms.clone(),
            SenderId::parse("Acme").unwrap(),
            60,
        ),
        FallbackStep::new(Channel::WhatsApp, s.whatsapp.clone(), number.clone(), 60),
        FallbackStep::new(Channel::Voice, s.voice.clone(), number, 60),
    ];
    let t = |x: &str| MessageTemplate::new(x).unwrap();
    FallbackPolicy::new(
        steps,
        vec![
            (Channel::Sms, t("{code} is your Acme code")),
            (Channel::WhatsApp, t("Your Acme code: {code}")),
            (Channel::Voice, t("Your Acme code is {code}.")),
        ],
    )
    .unwrap()
}

pub fn codes(
    store: &DynStore,
    limits: SendLimits,
    policy: OobPolicy,
) -> OobCodes<DynStore, Arc<FixedTimeSource>> {
    let peppers = PepperRing::new(Pepper::new("k1", vec![7u8; 32]).unwrap());
    OobCodes::new(
        store.clone(),
        Arc::new(FixedTimeSource::new(T)),
        peppers,
        policy,
        limits,
    )
    .unwrap()
}

/// The default code policy (ttl 300 s, cooldown 30 s, 3 sends) and the SMS → WhatsApp →
/// voice policy.
pub fn dispatcher(store: &DynStore, senders: &Senders, limits: SendLimits) -> TestDispatcher {
    dispatcher_with(store, senders, limits, OobPolicy::default())
}

pub fn dispatcher_with(
    store: &DynStore,
    senders: &Senders,
    limits: SendLimits,
    oob: OobPolicy,
) -> TestDispatcher {
    Dispatcher::new(codes(store, limits, oob), DispatchConfig::default())
        .unwrap()
        .with_policy("login", policy(senders))
        .unwrap()
}

pub fn phone() -> PhoneNumber {
    PhoneNumber::parse("+44 7700 900123").unwrap()
}

pub fn start(d: &TestDispatcher, now: u64) -> String {
    d.start(&LOGIN, &phone(), Some("192.0.2.7"), Some("GB"), now)
        .unwrap()
        .challenge_id
}

pub fn advance(d: &TestDispatcher, id: &str, now: u64) -> Result<Progress, DispatchError> {
    d.advance(id, &LOGIN, &phone(), Some("192.0.2.7"), Some("GB"), now)
}

pub fn resend(d: &TestDispatcher, id: &str, now: u64) -> Result<Progress, DispatchError> {
    d.resend(id, &LOGIN, &phone(), Some("192.0.2.7"), Some("GB"), now)
}

pub fn report(d: &TestDispatcher, s: &Scripted, id: &Option<String>, status: &str, now: u64) {
    let hook = s.webhook(id.as_deref().unwrap(), status);
    let got = d.receipt(s.kind(), &hook.as_request(), now).unwrap();
    assert_eq!(got.len(), 1, "{got:?}");
}

pub fn verifies(d: &TestDispatcher, id: &str, code: &str, now: u64) -> bool {
    d.codes().verify_at(id, &LOGIN, code, now).is_ok()
}

include!("dispatch_cases.rs");
