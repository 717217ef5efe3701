//! Sender set-up the delivery tests share: an `HttpSender` over `UreqTransport` with a short
//! retry policy, pauses that do not sleep, the one-time-code message the tests send, and the
//! checks of send errors and retries alike for every provider without idempotency.
//! Needs `mod fakes;` (common/fakes.rs) next to it.
#![allow(dead_code)]

use crate::fakes::Fakes;
use otpkit::delivery::{
    Accepted, HttpSender, OutboundMessage, Pause, PhoneNumber, Provider, RetryPolicy, SendError,
    SenderId, UreqTransport,
};
use otpkit::server::Channel;
use serde_json::json;
use std::sync::Mutex;
use std::time::Duration;

/// Three tries, a 700 ms timeout per try, 10–50 ms backoff.
pub fn quick_retry() -> RetryPolicy {
    retry(700, 10, 50)
}

/// Three tries with a `timeout_ms` timeout and `initial_ms`..`max_ms` backoff.
pub fn retry(timeout_ms: u64, initial_ms: u64, max_ms: u64) -> RetryPolicy {
    RetryPolicy {
        attempts: 3,
        timeout: Duration::from_millis(timeout_ms),
        initial_backoff: Duration::from_millis(initial_ms),
        max_backoff: Duration::from_millis(max_ms),
    }
}

/// `provider` over `UreqTransport` with `pause` and `retry`.
pub fn http_sender<P: Provider, Z: Pause>(
    provider: P,
    pause: Z,
    retry: RetryPolicy,
) -> HttpSender<P, UreqTransport, Z> {
    HttpSender::with_parts(provider, UreqTransport::new(), pause, retry).unwrap()
}

/// Retries without waiting (the pauses are not what these tests measure).
pub struct NoPause;

impl Pause for NoPause {
    fn pause(&self, _: Duration) {}
}

/// Records pauses instead of sleeping.
#[derive(Default)]
pub struct Pauses(pub Mutex<Vec<Duration>>);

impl Pause for &Pauses {
    fn pause(&self, d: Duration) {
        self.0.lock().unwrap().push(d);
    }
}

/// "482913 is your Acme code" (code 482913) with `reference` and `callback_url`.
pub fn otp_message<'a>(
    channel: Channel,
    to: &'a PhoneNumber,
    from: &'a SenderId,
    reference: &'a str,
    callback_url: Option<&'a str>,
) -> OutboundMessage<'a> {
    OutboundMessage {
        channel,
        to,
        from,
        text: "482913 is your Acme code",
        code: "482913",
        reference,
        callback_url,
    }
}

/// `e` is "unavailable, maybe sent" (a timeout or a 5xx the provider may have acted on).
pub fn assert_unavailable_maybe_sent(e: &SendError) {
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
}

/// The retry behaviour of a provider without idempotency against its fake: a `status_5xx`
/// answer and then a timeout are each tried once (maybe sent), a 429 is retried once and
/// then sent. `send(i)` makes the i-th send (0, 1, 2); gives the last one's answer.
pub fn assert_not_repeated_but_429_retried(
    fakes: &Fakes,
    provider: &str,
    status_5xx: u16,
    send: impl Fn(usize) -> Result<Accepted, SendError>,
) -> Accepted {
    fakes.control(provider, json!({"fail": [status_5xx]}));
    let e = send(0).unwrap_err();
    assert!(e.maybe_sent(), "{e:?}");
    assert_eq!(fakes.requests(provider).len(), 1);

    fakes.control(provider, json!({"fail": [0], "hang_ms": 1500}));
    assert_unavailable_maybe_sent(&send(1).unwrap_err());
    assert_eq!(fakes.requests(provider).len(), 2);

    fakes.control(provider, json!({"fail": [429]}));
    let accepted = send(2).unwrap();
    assert_eq!(
        fakes.requests(provider).len(),
        4,
        "the 429 was retried once"
    );
    assert_eq!(fakes.messages(provider).len(), 1);
    fakes.assert_no_violations();
    accepted
}
