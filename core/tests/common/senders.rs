//! Sender set-up the delivery tests share: an `HttpSender` over `UreqTransport` with a short
//! retry policy, pauses that do not sleep, and the one-time-code message the tests send.
#![allow(dead_code)]

use otpkit::delivery::{
    HttpSender, OutboundMessage, Pause, PhoneNumber, Provider, RetryPolicy, SenderId, UreqTransport,
};
use otpkit::server::Channel;
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
