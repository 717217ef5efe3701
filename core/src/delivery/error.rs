//! Typed failures of sending a message and of reading a delivery-report webhook.
//!
//! `Display` never contains a message body, a code, a credential or a phone number: provider
//! error texts are cut to [`MAX_DETAIL`] bytes and are the provider's own words about the
//! request, which the adapters take from documented error fields only.

use super::provider::ProviderKind;

/// Longest provider error text kept in an error (bytes, cut at a character boundary).
pub const MAX_DETAIL: usize = 200;

/// Why the transport could not complete an HTTP exchange.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransportError {
    /// No connection was made (refused, DNS, TLS handshake): the request was not sent.
    #[error("could not connect: {0}")]
    Connect(String),
    /// The exchange did not finish in time: the provider may have received the request.
    #[error("timed out")]
    Timeout,
    /// The connection broke after the request started: the provider may have received it.
    #[error("connection failed: {0}")]
    Io(String),
    /// The request is not allowed by this crate (e.g. plain `http://` to a non-loopback host).
    #[error("request refused: {0}")]
    Refused(&'static str),
}

impl TransportError {
    /// Whether the provider may have received (and acted on) the request.
    pub fn maybe_sent(&self) -> bool {
        matches!(self, TransportError::Timeout | TransportError::Io(_))
    }
}

/// Why a message was not sent (or may not have been).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    /// The message cannot be sent as asked: unsupported channel, bad sender id for this
    /// provider or country, bad destination, or a bad provider configuration.
    #[error("{provider} cannot send this: {reason}")]
    Invalid {
        provider: ProviderKind,
        reason: &'static str,
    },
    /// The provider refused the message (4xx or a documented error answer). Not retried.
    #[error("{provider} rejected the message (HTTP {status}, code {code:?}): {detail}")]
    Rejected {
        provider: ProviderKind,
        status: u16,
        /// The provider's documented error code, when it gives one.
        code: Option<String>,
        detail: String,
    },
    /// The provider refused the credentials (HTTP 401/403 or its documented equivalent).
    #[error("{provider} refused the credentials (HTTP {status})")]
    Unauthorized { provider: ProviderKind, status: u16 },
    /// The provider's rate limit (HTTP 429 or documented equivalent) after every allowed retry.
    #[error("{provider} rate limited the request")]
    RateLimited {
        provider: ProviderKind,
        /// Seconds the provider asked to wait, when it said.
        retry_after: Option<u64>,
    },
    /// The provider failed (5xx) or the connection failed, after every allowed retry.
    /// `maybe_sent` says whether the message may have gone out anyway (a timeout or a 5xx
    /// after the request reached the provider): a caller must not blindly send it again.
    #[error("{provider} unavailable: {detail}")]
    Unavailable {
        provider: ProviderKind,
        maybe_sent: bool,
        detail: String,
    },
    /// The provider answered something its documentation does not describe.
    #[error("{provider} answered unexpectedly: {detail}")]
    Protocol {
        provider: ProviderKind,
        detail: String,
    },
}

impl SendError {
    /// Whether another try of the same request may succeed (rate limit or unavailability).
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            SendError::RateLimited { .. } | SendError::Unavailable { .. }
        )
    }

    /// Whether the message may have been accepted by the provider although this is an error.
    pub fn maybe_sent(&self) -> bool {
        matches!(
            self,
            SendError::Unavailable {
                maybe_sent: true,
                ..
            }
        )
    }
}

/// Why a delivery-report webhook request was refused. Nothing was recorded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WebhookError {
    /// The signature or token is missing, wrong, expired, or for another URL or body.
    #[error("webhook not authenticated: {0}")]
    Unauthenticated(&'static str),
    /// The request is not a delivery report of the documented shape.
    #[error("malformed webhook: {0}")]
    Malformed(&'static str),
    /// The body is larger than [`super::receipt::MAX_WEBHOOK_BODY`] bytes (refused unread).
    #[error("webhook body too large")]
    TooLarge,
    /// A report for a message this store does not know (never sent, or its record expired).
    #[error("unknown message")]
    UnknownMessage,
    /// The store failed; the caller should answer 5xx so the provider retries.
    #[error(transparent)]
    Store(#[from] crate::server::StoreError),
}

/// `text` cut to [`MAX_DETAIL`] bytes at a character boundary, control characters replaced.
pub fn detail(text: &str) -> String {
    let mut end = text.len().min(MAX_DETAIL);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end]
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn details_are_short_and_single_line() {
        let long = "é".repeat(300);
        let d = detail(&long);
        assert!(d.len() <= MAX_DETAIL);
        assert!(d.chars().all(|c| c == 'é'));
        assert_eq!(detail("bad\nnumber\t!"), "bad number !");
    }

    #[test]
    fn transient_and_maybe_sent() {
        let p = ProviderKind::Twilio;
        let u = SendError::Unavailable {
            provider: p,
            maybe_sent: true,
            detail: "HTTP 503".into(),
        };
        assert!(u.is_transient() && u.maybe_sent());
        let r = SendError::Rejected {
            provider: p,
            status: 400,
            code: Some("21211".into()),
            detail: "invalid To".into(),
        };
        assert!(!r.is_transient() && !r.maybe_sent());
        assert!(TransportError::Timeout.maybe_sent());
        assert!(!TransportError::Connect("refused".into()).maybe_sent());
    }
}
