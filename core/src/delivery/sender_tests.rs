//! Retry and timeout behaviour of [`HttpSender`] against a scripted transport.

use super::*;
use crate::server::Channel;
use std::sync::Mutex;
use std::time::Duration;

#[derive(Debug)]
struct Scripted(Idempotency);

impl Provider for Scripted {
    fn kind(&self) -> ProviderKind {
        ProviderKind::Twilio
    }
    fn supports(&self, c: Channel) -> bool {
        c == Channel::Sms
    }
    fn request(&self, m: &OutboundMessage<'_>) -> Result<HttpRequest, SendError> {
        Ok(HttpRequest::new(Method::Post, "https://x.example/send").form(&[("ref", m.reference)]))
    }
    fn response(&self, r: &HttpResponse) -> Result<Accepted, SendError> {
        let provider = self.kind();
        match r.status {
            200 => Ok(Accepted {
                provider,
                message_id: "m1".into(),
                status: DeliveryStatus::Accepted,
            }),
            429 => Err(SendError::RateLimited {
                provider,
                retry_after: r.retry_after(),
            }),
            s if s >= 500 => Err(SendError::Unavailable {
                provider,
                maybe_sent: true,
                detail: format!("HTTP {s}"),
            }),
            s => Err(SendError::Rejected {
                provider,
                status: s,
                code: None,
                detail: "no".into(),
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

/// Answers from a script, one entry per call; records the calls.
struct Script {
    answers: Mutex<Vec<Result<HttpResponse, TransportError>>>,
    calls: Mutex<u32>,
}

impl Script {
    fn new(mut answers: Vec<Result<u16, TransportError>>) -> Self {
        answers.reverse();
        Self {
            answers: Mutex::new(
                answers
                    .into_iter()
                    .map(|a| {
                        a.map(|status| HttpResponse {
                            status,
                            headers: if status == 429 {
                                vec![("retry-after".into(), "2".into())]
                            } else {
                                vec![]
                            },
                            body: vec![],
                        })
                    })
                    .collect(),
            ),
            calls: Mutex::new(0),
        }
    }
    fn calls(&self) -> u32 {
        *self.calls.lock().unwrap()
    }
}

impl Transport for Script {
    fn execute(&self, _: &HttpRequest, _: Duration) -> Result<HttpResponse, TransportError> {
        *self.calls.lock().unwrap() += 1;
        self.answers.lock().unwrap().pop().expect("script ran out")
    }
}

#[derive(Default)]
struct Pauses(Mutex<Vec<Duration>>);
impl Pause for &Pauses {
    fn pause(&self, d: Duration) {
        self.0.lock().unwrap().push(d);
    }
}

fn send(idem: Idempotency, script: &Script, pauses: &Pauses) -> Result<Accepted, SendError> {
    let sender =
        HttpSender::with_parts(Scripted(idem), script, pauses, RetryPolicy::default()).unwrap();
    let to = PhoneNumber::parse("+447700900123").unwrap();
    let from = SenderId::parse("Acme").unwrap();
    sender.send(&OutboundMessage {
        channel: Channel::Sms,
        to: &to,
        from: &from,
        text: "123456 is your code",
        code: "123456",
        reference: "r1",
        callback_url: None,
    })
}

#[test]
fn a_5xx_is_not_repeated_without_idempotency() {
    let script = Script::new(vec![Ok(503), Ok(200)]);
    let pauses = Pauses::default();
    let e = send(Idempotency::None, &script, &pauses).unwrap_err();
    assert!(e.maybe_sent(), "{e:?}");
    assert_eq!(script.calls(), 1);
}

#[test]
fn a_5xx_is_repeated_with_backoff_when_keyed() {
    let script = Script::new(vec![Ok(500), Ok(502), Ok(200)]);
    let pauses = Pauses::default();
    assert_eq!(
        send(Idempotency::Keyed, &script, &pauses)
            .unwrap()
            .message_id,
        "m1"
    );
    assert_eq!(script.calls(), 3);
    assert_eq!(
        *pauses.0.lock().unwrap(),
        [Duration::from_millis(250), Duration::from_millis(500)]
    );
}

#[test]
fn timeouts_follow_idempotency_and_refusals_always_retry() {
    let script = Script::new(vec![Err(TransportError::Timeout)]);
    let e = send(Idempotency::None, &script, &Pauses::default()).unwrap_err();
    assert!(matches!(
        e,
        SendError::Unavailable {
            maybe_sent: true,
            ..
        }
    ));
    assert_eq!(script.calls(), 1);

    let script = Script::new(vec![
        Err(TransportError::Connect("refused".into())),
        Ok(429),
        Ok(200),
    ]);
    let pauses = Pauses::default();
    assert!(send(Idempotency::None, &script, &pauses).is_ok());
    assert_eq!(script.calls(), 3);
    // The 429's Retry-After (2 s) is honoured within the cap.
    assert_eq!(pauses.0.lock().unwrap()[1], Duration::from_secs(2));
}

#[test]
fn gives_up_after_the_attempts_and_never_retries_a_rejection() {
    let script = Script::new(vec![Ok(429), Ok(429), Ok(429), Ok(200)]);
    let e = send(Idempotency::Keyed, &script, &Pauses::default()).unwrap_err();
    assert!(matches!(
        e,
        SendError::RateLimited {
            retry_after: Some(2),
            ..
        }
    ));
    assert_eq!(script.calls(), 3);

    let script = Script::new(vec![Ok(400), Ok(200)]);
    assert!(matches!(
        send(Idempotency::Keyed, &script, &Pauses::default()),
        Err(SendError::Rejected { status: 400, .. })
    ));
    assert_eq!(script.calls(), 1);
}

#[test]
fn retry_policy_ranges() {
    assert!(RetryPolicy::default().validate().is_ok());
    for bad in [
        RetryPolicy {
            attempts: 0,
            ..Default::default()
        },
        RetryPolicy {
            attempts: 6,
            ..Default::default()
        },
        RetryPolicy {
            timeout: Duration::ZERO,
            ..Default::default()
        },
        RetryPolicy {
            max_backoff: Duration::from_secs(31),
            ..Default::default()
        },
    ] {
        assert!(bad.validate().is_err(), "{bad:?}");
    }
}
