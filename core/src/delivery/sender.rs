//! [`Sender`]: something that sends a message and reads its delivery reports, and
//! [`HttpSender`], which runs a [`Provider`] adapter over a [`Transport`] with a timeout and
//! retries with exponential backoff, only where a repeat cannot send the message twice.

use super::error::{SendError, TransportError, WebhookError};
use super::http::{HttpResponse, Transport, UreqTransport};
use super::message::OutboundMessage;
use super::provider::{Accepted, Idempotency, Provider, ProviderKind};
use super::receipt::{DeliveryReport, WebhookRequest};
use super::sender_id::{SenderId, SenderIdError};
use crate::server::Channel;
use std::sync::Arc;
use std::time::Duration;

/// Sends messages over one provider. Blocking; [`unblock`] runs a send on a thread pool
/// for async callers, executor-agnostic.
pub trait Sender: Send + Sync {
    fn kind(&self) -> ProviderKind;
    fn supports(&self, channel: Channel) -> bool;
    /// Checks the sender id for `channel` and the destination country (generic, country and
    /// provider rules) without sending.
    fn check_sender(
        &self,
        message: &OutboundMessage<'_>,
        country: Option<&str>,
    ) -> Result<(), SenderIdError>;
    /// Sends one message; `Ok` carries the provider's message id.
    fn send(&self, message: &OutboundMessage<'_>) -> Result<Accepted, SendError>;
    /// Verifies and reads a delivery-report webhook of this provider.
    fn receipt(
        &self,
        request: &WebhookRequest<'_>,
        now: u64,
    ) -> Result<Vec<DeliveryReport>, WebhookError>;
}

impl<S: Sender + ?Sized> Sender for Arc<S> {
    fn kind(&self) -> ProviderKind {
        (**self).kind()
    }
    fn supports(&self, c: Channel) -> bool {
        (**self).supports(c)
    }
    fn check_sender(&self, m: &OutboundMessage<'_>, c: Option<&str>) -> Result<(), SenderIdError> {
        (**self).check_sender(m, c)
    }
    fn send(&self, m: &OutboundMessage<'_>) -> Result<Accepted, SendError> {
        (**self).send(m)
    }
    fn receipt(
        &self,
        r: &WebhookRequest<'_>,
        now: u64,
    ) -> Result<Vec<DeliveryReport>, WebhookError> {
        (**self).receipt(r, now)
    }
}

/// Waits between retries. [`ThreadPause`] sleeps; tests record the pauses instead.
pub trait Pause: Send + Sync {
    fn pause(&self, duration: Duration);
}

/// `std::thread::sleep`.
#[derive(Debug, Clone, Copy, Default)]
pub struct ThreadPause;

impl Pause for ThreadPause {
    fn pause(&self, duration: Duration) {
        std::thread::sleep(duration);
    }
}

/// Timeout and retries of one send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Tries in all, 1..=5 (default 3).
    pub attempts: u32,
    /// Whole-exchange timeout of one try (default 10 s, 1 ms..=60 s).
    pub timeout: Duration,
    /// Pause before the second try; doubled for each further one (default 250 ms).
    pub initial_backoff: Duration,
    /// Longest pause, also the cap for a provider's `Retry-After` (default 4 s, ≤ 30 s).
    pub max_backoff: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            attempts: 3,
            timeout: Duration::from_secs(10),
            initial_backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(4),
        }
    }
}

impl RetryPolicy {
    pub fn validate(&self) -> Result<(), &'static str> {
        if !(1..=5).contains(&self.attempts) {
            return Err("retry attempts must be 1-5");
        }
        if self.timeout.is_zero() || self.timeout > Duration::from_secs(60) {
            return Err("send timeout must be 1 ms to 60 s");
        }
        if self.max_backoff > Duration::from_secs(30) || self.initial_backoff > self.max_backoff {
            return Err("backoff must be at most 30 s and initial <= max");
        }
        Ok(())
    }

    /// The pause before try `n + 1` (n ≥ 1), or the provider's `Retry-After` within the cap.
    fn backoff(&self, n: u32, retry_after: Option<u64>) -> Duration {
        if let Some(s) = retry_after {
            return Duration::from_secs(s).min(self.max_backoff);
        }
        let factor = 1u32 << (n - 1).min(16);
        self.initial_backoff
            .saturating_mul(factor)
            .min(self.max_backoff)
    }
}

/// A [`Provider`] adapter over a [`Transport`] (default [`UreqTransport`]).
#[derive(Debug)]
pub struct HttpSender<P, T = UreqTransport, Z = ThreadPause> {
    provider: P,
    transport: T,
    pause: Z,
    retry: RetryPolicy,
}

impl<P: Provider> HttpSender<P> {
    /// `provider` over HTTPS with the default retry policy.
    pub fn new(provider: P) -> Self {
        Self {
            provider,
            transport: UreqTransport::new(),
            pause: ThreadPause,
            retry: RetryPolicy::default(),
        }
    }
}

impl<P: Provider, T: Transport, Z: Pause> HttpSender<P, T, Z> {
    /// Full control: transport, pause and retry policy (validated).
    pub fn with_parts(
        provider: P,
        transport: T,
        pause: Z,
        retry: RetryPolicy,
    ) -> Result<Self, SendError> {
        retry.validate().map_err(|reason| SendError::Invalid {
            provider: provider.kind(),
            reason,
        })?;
        Ok(Self {
            provider,
            transport,
            pause,
            retry,
        })
    }

    /// The adapter.
    pub fn provider(&self) -> &P {
        &self.provider
    }

    fn one_try(&self, message: &OutboundMessage<'_>) -> Result<Accepted, (SendError, bool)> {
        let kind = self.provider.kind();
        let request = self.provider.request(message).map_err(|e| (e, false))?;
        match self.transport.execute(&request, self.retry.timeout) {
            Ok(response) => self.read(&response),
            Err(TransportError::Refused(reason)) => Err((
                SendError::Invalid {
                    provider: kind,
                    reason,
                },
                false,
            )),
            Err(e) => {
                let maybe_sent = e.maybe_sent();
                Err((
                    SendError::Unavailable {
                        provider: kind,
                        maybe_sent,
                        detail: e.to_string(),
                    },
                    // Retry what certainly was not sent, or anything if the provider dedups.
                    !maybe_sent || self.provider.idempotency() == Idempotency::Keyed,
                ))
            }
        }
    }

    fn read(&self, response: &HttpResponse) -> Result<Accepted, (SendError, bool)> {
        self.provider.response(response).map_err(|e| {
            let retry = match &e {
                SendError::RateLimited { .. } => true,
                SendError::Unavailable { maybe_sent, .. } => {
                    !maybe_sent || self.provider.idempotency() == Idempotency::Keyed
                }
                _ => false,
            };
            (e, retry)
        })
    }
}

impl<P: Provider, T: Transport, Z: Pause> Sender for HttpSender<P, T, Z> {
    fn kind(&self) -> ProviderKind {
        self.provider.kind()
    }

    fn supports(&self, channel: Channel) -> bool {
        self.provider.supports(channel)
    }

    fn check_sender(
        &self,
        message: &OutboundMessage<'_>,
        country: Option<&str>,
    ) -> Result<(), SenderIdError> {
        check_sender_id(&self.provider, message.channel, message.from, country)
    }

    fn send(&self, message: &OutboundMessage<'_>) -> Result<Accepted, SendError> {
        let kind = self.provider.kind();
        message.validate().map_err(|reason| SendError::Invalid {
            provider: kind,
            reason,
        })?;
        if !self.provider.supports(message.channel) {
            return Err(SendError::Invalid {
                provider: kind,
                reason: "channel not supported by this provider configuration",
            });
        }
        let mut n = 1;
        loop {
            match self.one_try(message) {
                Ok(accepted) => return Ok(accepted),
                Err((e, retry)) if retry && n < self.retry.attempts => {
                    let after = match &e {
                        SendError::RateLimited { retry_after, .. } => *retry_after,
                        _ => None,
                    };
                    self.pause.pause(self.retry.backoff(n, after));
                    n += 1;
                }
                Err((e, _)) => return Err(e),
            }
        }
    }

    fn receipt(
        &self,
        request: &WebhookRequest<'_>,
        now: u64,
    ) -> Result<Vec<DeliveryReport>, WebhookError> {
        request.check_size()?;
        self.provider.receipt(request, now)
    }
}

/// The sender-id rules for a message on `channel` to `country` (ISO 3166 alpha-2) through
/// `provider`: the generic and per-country ones ([`SenderId::check_for`]), then the provider's
/// own ([`Provider::check_sender`]). What [`Sender::check_sender`] of an [`HttpSender`] checks.
pub fn check_sender_id<P: Provider + ?Sized>(
    provider: &P,
    channel: Channel,
    sender: &SenderId,
    country: Option<&str>,
) -> Result<(), SenderIdError> {
    sender.check_for(channel, country)?;
    provider.check_sender(channel, sender, country)
}

/// Runs `f` (a blocking send, dispatch or store call) on the `blocking` thread pool: an
/// executor-agnostic async form of any blocking call in this module.
pub async fn unblock<R: Send + 'static>(f: impl FnOnce() -> R + Send + 'static) -> R {
    blocking::unblock(f).await
}
