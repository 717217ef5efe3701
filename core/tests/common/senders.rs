//! Sender set-up the delivery tests share: an `HttpSender` over `UreqTransport` with a short
//! retry policy, pauses that do not sleep, the one-time-code message the tests send, and the
//! checks of send errors and retries alike for every provider without idempotency.
//! Needs `mod fakes;` and `mod hooks;` (common/fakes.rs, common/hooks.rs) next to it.
#![allow(dead_code)]

use crate::fakes::{unique_ns, Fakes};
use crate::hooks::{assert_unauthenticated, Hook};
use otpkit::delivery::{
    Accepted, DeliveryStatus, HttpSender, OutboundMessage, Pause, PhoneNumber, Provider,
    RetryPolicy, SendError, Sender, SenderId, UreqTransport,
};
use otpkit::server::Channel;
use serde_json::json;
use std::sync::Mutex;
use std::time::{Duration, Instant};

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

/// The retry behaviour of a provider without idempotency against its fake: the answers in
/// `server_errors` (the first one is all a client that does not repeat sees), then a hang of
/// `hang_ms` past the timeout, are each tried once (maybe sent); the 429s in `rate_limits` are
/// retried and the message is then sent once. `send(i)` makes the i-th send (0, 1, 2); gives
/// the last one's answer.
pub fn assert_not_repeated_but_429_retried(
    fakes: &Fakes,
    provider: &str,
    (server_errors, hang_ms, rate_limits): (&[u16], u64, &[u16]),
    send: impl Fn(usize) -> Result<Accepted, SendError>,
) -> Accepted {
    fakes.control(provider, json!({ "fail": server_errors }));
    let e = send(0).unwrap_err();
    assert!(e.maybe_sent(), "{e:?}");
    assert_eq!(fakes.requests(provider).len(), 1);

    fakes.control(provider, json!({"fail": [0], "hang_ms": hang_ms}));
    assert_unavailable_maybe_sent(&send(1).unwrap_err());
    assert_eq!(fakes.requests(provider).len(), 2);

    fakes.control(provider, json!({ "fail": rate_limits }));
    let accepted = send(2).unwrap();
    assert_sent_once(fakes, provider, &accepted, 3 + rate_limits.len());
    fakes.assert_no_violations();
    accepted
}

/// A send that may have reached a provider without idempotency is tried once: a
/// `status_5xx` answer, then a hang past the timeout, each against a fresh namespace of the
/// fake. `send(fakes)` builds the sender for that namespace and sends.
pub fn assert_5xx_and_timeout_tried_once(
    ns: &str,
    provider: &str,
    status_5xx: u16,
    send: impl Fn(&Fakes) -> Result<Accepted, SendError>,
) {
    let fakes = Fakes::new(&unique_ns(&format!("{ns}-5xx")));
    fakes.control(provider, json!({"fail": [status_5xx]}));
    let e = send(&fakes).unwrap_err();
    assert!(e.maybe_sent(), "{e:?}");
    assert_eq!(fakes.requests(provider).len(), 1);

    let fakes = Fakes::new(&unique_ns(&format!("{ns}-timeout")));
    fakes.control(provider, json!({"fail": [0], "hang_ms": 1500}));
    let started = Instant::now();
    assert_unavailable_maybe_sent(&send(&fakes).unwrap_err());
    assert!(started.elapsed() < Duration::from_millis(1400));
    assert_eq!(fakes.requests(provider).len(), 1);
}

/// Receipts authenticated by otpkit's URL token, posted by a provider's fake to a listener.
pub struct TokenReceipts<'a> {
    pub fakes: &'a Fakes,
    pub provider: &'a str,
    pub hook: &'a Hook,
    /// The callback URL otpkit was given.
    pub callback: &'a str,
    /// The callback plus the token, as otpkit handed it to the provider.
    pub receipt_url: &'a str,
    pub token: &'a str,
    /// A token of the same shape that is not the configured one.
    pub forged_token: &'a str,
}

impl TokenReceipts<'_> {
    /// The fake posts a receipt with `status` to the receipt URL for the message `send()`
    /// makes: it verifies as `expected`, and the same request at the callback (no token) or
    /// with the forged token is refused.
    pub fn check<S: Sender>(
        &self,
        s: &S,
        (status, expected): (&str, DeliveryStatus),
        send: impl Fn() -> Accepted,
    ) {
        self.fakes.control(
            self.provider,
            json!({"receipt": {"status": status, "url": self.receipt_url, "delay_ms": 20}}),
        );
        let accepted = send();
        let captured = self.hook.recv();
        let url = self.hook.url(&captured.path);
        let reports = s.receipt(&captured.webhook(&url), 0).unwrap();
        assert_eq!(reports.len(), 1);
        assert_eq!(reports[0].message_id, accepted.message_id);
        assert_eq!(reports[0].status, expected);
        let forged = url.replace(self.token, self.forged_token);
        for url in [self.callback, forged.as_str()] {
            assert_unauthenticated(s.receipt(&captured.webhook(url), 0));
        }
    }
}

/// After `requests` requests to `provider`'s fake, exactly one message went out: `accepted`.
pub fn assert_sent_once(fakes: &Fakes, provider: &str, accepted: &Accepted, requests: usize) {
    assert_eq!(fakes.requests(provider).len(), requests);
    let messages = fakes.messages(provider);
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert_eq!(messages[0]["id"], accepted.message_id.as_str());
}
