//! Delivery reports: the [`WebhookRequest`] a provider sends, the verified
//! [`DeliveryReport`]s read from it, and helpers the adapters share (headers, forms, queries,
//! constant-time token and HMAC checks).

use super::error::WebhookError;
use super::provider::ProviderKind;
use subtle::ConstantTimeEq;

/// Largest webhook body read (bytes); larger requests are refused unread.
pub const MAX_WEBHOOK_BODY: usize = 64 * 1024;

/// Where a sent message stands (defined with the store's delivery log, which keeps it).
pub use crate::server::store::DeliveryStatus;

/// One verified report about one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryReport {
    pub provider: ProviderKind,
    /// The id the provider returned when it accepted the message.
    pub message_id: String,
    pub status: DeliveryStatus,
    /// The provider's error code for failures (e.g. Twilio `30003`), when given.
    pub error_code: Option<String>,
}

/// A webhook request as the HTTP server received it.
#[derive(Clone, Copy)]
pub struct WebhookRequest<'a> {
    /// `GET` or `POST`.
    pub method: &'a str,
    /// The full URL the provider called, with scheme, host and query, exactly as configured
    /// at the provider (signatures cover it).
    pub url: &'a str,
    /// Header names in any case.
    pub headers: &'a [(String, String)],
    pub body: &'a [u8],
}

impl std::fmt::Debug for WebhookRequest<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebhookRequest")
            .field("method", &self.method)
            .field("url", &self.url.split('?').next().unwrap_or(""))
            .field("headers", &self.headers.len())
            .field("body", &format_args!("<{} bytes>", self.body.len()))
            .finish()
    }
}

impl WebhookRequest<'_> {
    /// Refuses a body over [`MAX_WEBHOOK_BODY`] (call before parsing).
    pub fn check_size(&self) -> Result<(), WebhookError> {
        if self.body.len() > MAX_WEBHOOK_BODY || self.url.len() > 8 * 1024 {
            Err(WebhookError::TooLarge)
        } else {
            Ok(())
        }
    }

    /// The first header named `name` (ASCII case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The URL's query as decoded pairs.
    pub fn query(&self) -> Vec<(String, String)> {
        let q = self.url.split_once('?').map_or("", |(_, q)| q);
        let q = q.split('#').next().unwrap_or("");
        form_urlencoded::parse(q.as_bytes()).into_owned().collect()
    }

    /// The body as `application/x-www-form-urlencoded` pairs.
    pub fn form(&self) -> Vec<(String, String)> {
        form_urlencoded::parse(self.body).into_owned().collect()
    }

    /// The body as JSON.
    pub fn json(&self) -> Result<serde_json::Value, WebhookError> {
        serde_json::from_slice(self.body).map_err(|_| WebhookError::Malformed("body is not JSON"))
    }
}

/// The value of `key` in `pairs`.
pub fn field<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// Constant-time equality of two byte strings (lengths may leak, contents do not).
pub fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && bool::from(a.ct_eq(b))
}

/// Checks a shared-secret token (e.g. `?token=` on a receipt URL, for providers that sign
/// nothing): present and equal in constant time.
pub fn check_token(given: Option<&str>, expected: &str) -> Result<(), WebhookError> {
    match given {
        None => Err(WebhookError::Unauthenticated("token missing")),
        Some(g) if ct_eq(g.as_bytes(), expected.as_bytes()) => Ok(()),
        Some(_) => Err(WebhookError::Unauthenticated("token does not match")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_round_trip_and_rank() {
        for s in [
            DeliveryStatus::Accepted,
            DeliveryStatus::Sent,
            DeliveryStatus::Delivered,
            DeliveryStatus::Failed,
            DeliveryStatus::Expired,
        ] {
            assert_eq!(DeliveryStatus::from_name(s.as_str()), Some(s));
        }
        assert!(DeliveryStatus::Delivered.rank() > DeliveryStatus::Failed.rank());
        assert!(DeliveryStatus::Expired.rank() > DeliveryStatus::Sent.rank());
        assert!(!DeliveryStatus::Sent.is_final() && DeliveryStatus::Expired.is_final());
    }

    #[test]
    fn request_helpers() {
        let headers = vec![("X-Twilio-Signature".to_owned(), "abc".to_owned())];
        let r = WebhookRequest {
            method: "POST",
            url: "https://h.example/hook?token=t%2B1&x=2",
            headers: &headers,
            body: b"MessageSid=SM1&MessageStatus=delivered",
        };
        assert_eq!(r.header("x-twilio-signature"), Some("abc"));
        assert_eq!(field(&r.query(), "token"), Some("t+1"));
        assert_eq!(field(&r.form(), "MessageStatus"), Some("delivered"));
        assert!(check_token(field(&r.query(), "token"), "t+1").is_ok());
        assert!(check_token(Some("t+2"), "t+1").is_err());
        assert!(check_token(None, "t+1").is_err());
        let big = vec![b'a'; MAX_WEBHOOK_BODY + 1];
        let r = WebhookRequest { body: &big, ..r };
        assert_eq!(r.check_size(), Err(WebhookError::TooLarge));
        assert!(!format!("{r:?}").contains("token"));
    }
}
