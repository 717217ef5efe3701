//! The [`Provider`] trait: one adapter per SMS/voice/WhatsApp vendor, pure functions from a
//! message to an [`HttpRequest`], from an [`HttpResponse`] to an [`Accepted`] message id, and
//! from a webhook request to verified [`DeliveryReport`]s. No adapter performs I/O.

use super::error::{SendError, WebhookError};
use super::http::{HttpRequest, HttpResponse};
use super::message::OutboundMessage;
use super::receipt::{DeliveryReport, DeliveryStatus, WebhookRequest};
use super::sender_id::{SenderId, SenderIdError};
use crate::server::Channel;
use std::fmt;

/// The vendors otpkit has adapters for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProviderKind {
    Twilio,
    Vonage,
    /// Bird (formerly MessageBird).
    MessageBird,
    /// SleekFlow (WhatsApp Business).
    SleekFlow,
    Textlocal,
    Dexatel,
    LabsMobile,
}

impl ProviderKind {
    /// Every provider, in a stable order.
    pub const ALL: [ProviderKind; 7] = [
        ProviderKind::Twilio,
        ProviderKind::Vonage,
        ProviderKind::MessageBird,
        ProviderKind::SleekFlow,
        ProviderKind::Textlocal,
        ProviderKind::Dexatel,
        ProviderKind::LabsMobile,
    ];

    /// Stable lower-case name (store keys, logs, webhook routes).
    pub fn as_str(self) -> &'static str {
        match self {
            ProviderKind::Twilio => "twilio",
            ProviderKind::Vonage => "vonage",
            ProviderKind::MessageBird => "messagebird",
            ProviderKind::SleekFlow => "sleekflow",
            ProviderKind::Textlocal => "textlocal",
            ProviderKind::Dexatel => "dexatel",
            ProviderKind::LabsMobile => "labsmobile",
        }
    }

    /// The provider named `name` (as [`ProviderKind::as_str`] gives it).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == name)
    }
}

impl fmt::Display for ProviderKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A message the provider took: its id (kept for delivery reports) and the status it gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Accepted {
    pub provider: ProviderKind,
    /// The provider's message id (Twilio `sid`, Vonage `message_uuid`, ...).
    pub message_id: String,
    /// Usually [`DeliveryStatus::Accepted`]; some providers answer `sent` at once.
    pub status: DeliveryStatus,
}

/// Whether a failed request may be sent again without risking a second message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Idempotency {
    /// The provider documents no idempotency: a request that may have reached it (timeout,
    /// broken connection, 5xx) is never repeated. Requests that were certainly not processed
    /// (connection refused, 429) are.
    None,
    /// The request carries a key the provider documents as deduplicating repeats (the
    /// adapter puts [`OutboundMessage::reference`] in it), so any transient failure is retried.
    Keyed,
}

/// One vendor's HTTP API. Implementations are configuration (credentials, base URL, templates)
/// plus pure functions; `HttpSender` performs the requests with retries.
pub trait Provider: Send + Sync + fmt::Debug {
    fn kind(&self) -> ProviderKind;

    /// Whether this provider (as configured) can deliver over `channel`.
    fn supports(&self, channel: Channel) -> bool;

    /// The provider's own sender-id rules for `channel` and the destination's ISO country,
    /// beyond [`SenderId::check_for`]'s generic ones.
    fn check_sender(
        &self,
        _channel: Channel,
        _sender: &SenderId,
        _country: Option<&str>,
    ) -> Result<(), SenderIdError> {
        Ok(())
    }

    /// The request that sends `message`.
    fn request(&self, message: &OutboundMessage<'_>) -> Result<HttpRequest, SendError>;

    /// The provider's answer to [`Provider::request`], as documented: the message id, or the
    /// typed error (retryable classes as [`SendError::RateLimited`]/[`SendError::Unavailable`]).
    fn response(&self, response: &HttpResponse) -> Result<Accepted, SendError>;

    /// How repeats of a failed request behave.
    fn idempotency(&self) -> Idempotency {
        Idempotency::None
    }

    /// Verifies a delivery-report webhook (signature or token as the provider documents, at
    /// Unix time `now`) and reads its reports. A verified request that carries no delivery
    /// report (e.g. an inbound-message event) gives an empty list.
    fn receipt(
        &self,
        request: &WebhookRequest<'_>,
        now: u64,
    ) -> Result<Vec<DeliveryReport>, WebhookError>;
}
