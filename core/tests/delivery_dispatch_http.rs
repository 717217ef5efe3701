//! The dispatcher over real `HttpSender`s (a toy SMS adapter, a scripted in-process
//! `Transport`, no network): provider 5xx answers and timeouts are retried only where the
//! adapter declares idempotency, and what the retries leave decides the fallback — a send that
//! certainly did not go out moves to the next step at once, one that may have gone out waits.
#![cfg(feature = "delivery")]

#[macro_use]
#[path = "common/dispatch_scenarios.rs"]
mod scenarios;

use otpkit::delivery::{
    Accepted, DeliveryReport, DeliveryStatus, DispatchConfig, Dispatcher, FallbackPolicy,
    FallbackStep, HttpRequest, HttpResponse, HttpSender, Idempotency, MessageTemplate, Method,
    OutboundMessage, Pause, Progress, Provider, ProviderKind, RetryPolicy, SendError, SenderId,
    Transport, TransportError, WebhookError, WebhookRequest,
};
use otpkit::server::{Channel, MemoryStore, OobPolicy, SendLimits};
use scenarios::{phone, DynStore, Senders, LOGIN, T};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A toy SMS API: `200` with the message id as body, `5xx` unavailable (may have been sent),
/// anything else rejected.
#[derive(Debug)]
struct Toy(Idempotency);

impl Provider for Toy {
    fn kind(&self) -> ProviderKind {
        ProviderKind::Dexatel
    }
    fn supports(&self, c: Channel) -> bool {
        c == Channel::Sms
    }
    fn request(&self, m: &OutboundMessage<'_>) -> Result<HttpRequest, SendError> {
        Ok(HttpRequest::new(Method::Post, "https://sms.example/send")
            .header("Idempotency-Key", m.reference)
            .form(&[("to", &m.to.e164()), ("text", m.text)]))
    }
    fn response(&self, r: &HttpResponse) -> Result<Accepted, SendError> {
        match r.status {
            200 => Ok(Accepted {
                provider: self.kind(),
                message_id: String::from_utf8_lossy(&r.body).into_owned(),
                status: DeliveryStatus::Accepted,
            }),
            500..=599 => Err(SendError::Unavailable {
                provider: self.kind(),
                maybe_sent: true,
                detail: format!("HTTP {}", r.status),
            }),
            s => Err(SendError::Rejected {
                provider: self.kind(),
                status: s,
                code: None,
                detail: "refused".into(),
            }),
        }
    }
    fn idempotency(&self) -> Idempotency {
        self.0
    }
    fn receipt(&self, _: &WebhookRequest<'_>, _: u64) -> Result<Vec<DeliveryReport>, WebhookError> {
        Ok(vec![])
    }
}

/// Answers from a script and counts the requests.
#[derive(Default)]
struct Wire {
    answers: Mutex<VecDeque<Result<u16, TransportError>>>,
    requests: Mutex<Vec<String>>,
}

struct WireRef(Arc<Wire>);

impl Transport for WireRef {
    fn execute(&self, r: &HttpRequest, _: Duration) -> Result<HttpResponse, TransportError> {
        let key = r.header_value("Idempotency-Key").unwrap_or("").to_owned();
        self.0.requests.lock().unwrap().push(key);
        let status = self
            .0
            .answers
            .lock()
            .unwrap()
            .pop_front()
            .unwrap_or(Ok(200))?;
        Ok(HttpResponse {
            status,
            headers: vec![],
            body: b"dx-1".to_vec(),
        })
    }
}

/// Retries without sleeping.
struct NoPause;
impl Pause for NoPause {
    fn pause(&self, _: Duration) {}
}

/// Toy SMS over `wire` (wait 60 s), then the scripted WhatsApp sender.
fn dispatcher(
    idem: Idempotency,
    wire: &Arc<Wire>,
    senders: &Senders,
) -> Dispatcher<DynStore, Arc<otpkit::FixedTimeSource>> {
    let store: DynStore = Arc::new(MemoryStore::new());
    let sms = HttpSender::with_parts(
        Toy(idem),
        WireRef(wire.clone()),
        NoPause,
        RetryPolicy::default(),
    )
    .unwrap();
    let steps = vec![
        FallbackStep::new(
            Channel::Sms,
            Arc::new(sms),
            SenderId::parse("Acme").unwrap(),
            60,
        ),
        FallbackStep::new(
            Channel::WhatsApp,
            senders.whatsapp.clone(),
            SenderId::parse("+14155550100").unwrap(),
            60,
        ),
    ];
    let t = |x: &str| MessageTemplate::new(x).unwrap();
    let policy = FallbackPolicy::new(
        steps,
        vec![
            (Channel::Sms, t("{code} is your code")),
            (Channel::WhatsApp, t("Code: {code}")),
        ],
    )
    .unwrap();
    let codes = scenarios::codes(&store, SendLimits::none(), OobPolicy::default());
    Dispatcher::new(codes, DispatchConfig::default())
        .unwrap()
        .with_policy("login", policy)
        .unwrap()
}

fn step_of(p: &Progress) -> Option<u32> {
    match p {
        Progress::Sent { step, .. } => Some(*step),
        _ => None,
    }
}

/// (idempotency, transport answers, requests expected, step the code went out on, message id
/// logged for the SMS).
type Case = (
    Idempotency,
    Vec<Result<u16, TransportError>>,
    usize,
    u32,
    bool,
);

#[test]
fn retries_and_fallback_table() {
    use Idempotency::{Keyed, None as NotKeyed};
    let timeout = || Err(TransportError::Timeout);
    let refused = || Err(TransportError::Connect("refused".into()));
    let cases: Vec<Case> = vec![
        // 503 without idempotency: not repeated; it may have gone out, so the SMS step waits.
        (NotKeyed, vec![Ok(503)], 1, 0, false),
        // 503 twice with an idempotency key: repeated, the third try is accepted.
        (Keyed, vec![Ok(503), Ok(503)], 3, 0, true),
        // Timeout without idempotency: not repeated, waits.
        (NotKeyed, vec![timeout()], 1, 0, false),
        // Timeouts on every try with a key: repeated, then still "may have gone out": waits.
        (Keyed, vec![timeout(), timeout(), timeout()], 3, 0, false),
        // Connection refused on every try: retried (never sent), then WhatsApp at once.
        (NotKeyed, vec![refused(), refused(), refused()], 3, 1, false),
        // A 4xx refusal: not retried, WhatsApp at once.
        (NotKeyed, vec![Ok(400)], 1, 1, false),
    ];
    for (i, (idem, answers, requests, step, logged_id)) in cases.into_iter().enumerate() {
        let wire = Arc::new(Wire::default());
        wire.answers.lock().unwrap().extend(answers);
        let senders = Senders::new(0);
        let d = dispatcher(idem, &wire, &senders);
        let started = d.start(&LOGIN, &phone(), None, None, T).unwrap();
        let keys = wire.requests.lock().unwrap().clone();
        assert_eq!(keys.len(), requests, "case {i}");
        // Every repeat carries the same key (the send's reference).
        let reference = format!("{}.0", started.challenge_id);
        assert!(keys.iter().all(|k| *k == reference), "case {i}: {keys:?}");
        assert_eq!(step_of(&started.progress), Some(step), "case {i}");
        assert_eq!(senders.whatsapp.sent().len(), step as usize, "case {i}");
        let st = d.status(&started.challenge_id, T + 1).unwrap();
        assert_eq!(st.sends[0].message_id.is_some(), logged_id, "case {i}");
        if step == 0 && !logged_id {
            // Waiting out the step, then WhatsApp with a fresh code.
            let id = &started.challenge_id;
            let wait = d.advance(id, &LOGIN, &phone(), None, None, T + 30).unwrap();
            assert_eq!(
                wait,
                Progress::Waiting {
                    step: 0,
                    until: T + 60
                },
                "case {i}"
            );
            let next = d.advance(id, &LOGIN, &phone(), None, None, T + 60).unwrap();
            assert_eq!(step_of(&next), Some(1), "case {i}");
        }
    }
}
