//! Dexatel (`api.dexatel.com`): SMS, WhatsApp (approved template) and voice through one
//! messages endpoint.
//!
//! Written from Dexatel's published API documentation:
//! * Send message: <https://developers.dexatel.com/reference/messages-send> and
//!   <https://dexatel.com/developers/messages-add/>
//! * Message statuses: <https://dexatel.com/developers/messages-get/>
//! * Errors: <https://developers.dexatel.com/docs/status-and-error-codes>
//! * Delivery webhook and its signature: <https://developers.dexatel.com/docs/webhooks-delivery>,
//!   <https://dexatel.com/developers/event-delivery/>, <https://dexatel.com/developers/webhooks-add/>
//!
//! **Request.** `POST {base}/v1/messages`, header `X-Dexatel-Key: <API key>`, JSON
//! `{"data": {"from", "to": [digits], "channel", "text"}}`; channels used: `SMS`, `VOICE`
//! (text read out) and `WHATSAPP` with `template` (the approved template's UUID) and
//! `variables: [code]` instead of `text` (business-initiated WhatsApp needs a template).
//! Numbers go without `+` (`447700900123`), as in Dexatel's examples.
//!
//! **Sender rules.** Dexatel sends only from sender ids registered on the account (1505
//! "Message sender is not found"); the generic alphanumeric rule (≤ 11) applies. Voice and
//! WhatsApp need a number (checked generically). Texts: at most 1000 characters (1510);
//! template variables at most 70 (1526).
//!
//! **Response.** 2xx with `{"data": [{"id", "account_id", "from", "to", "channel", "status",
//! "segments_count", "encoding"}]}`; the `id` is kept. Errors: `{"errors": [{"timestamp",
//! "path", "method", "status", "message", "code"}]}`. 400 with a documented code (1005 invalid
//! JSON, 1007 data missing, 1503–1505 sender, 1506/1507/1523 recipients, 1508/1510 text,
//! 1512–1514 template, 1515 channel, 1524 account not activated, 1525 test limit, 1526
//! variable too long, 1530 blocked number, 1531 blocked country, 1625 sender blocked, 1705
//! invalid payload, …) → [`SendError::Rejected`] with the code; 401/403 → unauthorized; 429 →
//! rate limited; 5xx → unavailable (maybe sent).
//!
//! **Webhooks.** The delivery webhook is configured once per account (`POST /v1/webhooks`
//! with `url`, `event: "delivery"` and a `secret`), not per message, so
//! [`OutboundMessage::callback_url`] is not sent. Dexatel signs every webhook:
//! `X-Dexatel-Signature` is the HMAC-SHA256 of the payload keyed with the webhook secret,
//! Base64-encoded (the documented example value is 44 Base64 characters). otpkit computes it
//! over the raw request body and compares in constant time; a missing, malformed or different
//! signature → [`WebhookError::Unauthenticated`]. Body: `{"data": {"account_id",
//! "message_id", "event": "delivery", "status", "channel", "to", "mccmnc", "price",
//! "timestamp"}}`; statuses `delivered` → Delivered, `failed`/`rejected` → Failed, `expired`
//! → Expired (and the message statuses `scheduled` → Accepted, `enroute`/`sent` → Sent).
//! An inbound-message event (`event: "message"`) verifies and yields no report.
//!
//! **Idempotency.** Dexatel documents no idempotency key, so a request that may have reached
//! it is never repeated ([`Idempotency::None`]).
//!
//! **Not confirmed from the documentation**: whether the signature covers the raw body or a
//! re-serialisation of `data` (the raw body is the only thing a receiver can check, so that
//! is what is verified), whether it is Base64 or hex (the example is Base64), the exact
//! success status (200 or 201; any 2xx is read), how `VOICE` messages are billed or voiced
//! (the channel is listed in error 1515 and in the webhook's channels; voice is off unless
//! configured), and the request field for the webhook's optional `payload` (not sent). No
//! replay window is documented (the body's `timestamp` has no zone), so replays of a genuine
//! webhook are accepted; they only repeat a status the store already merged.
//! Older copies of the webhook page show an `X-Dexatel-Key` header on the webhook request
//! instead of the signature; otpkit does not accept that as authentication (it is not a
//! signature over the body) and requires `X-Dexatel-Signature`.

use super::common::{
    self, first_error, is_uuid, json_code, normalize_base_url, printable, protocol, redacted_debug,
    sender_digits, status_error,
};
use crate::delivery::error::{detail, SendError, WebhookError};
use crate::delivery::http::{HttpRequest, HttpResponse, Method};
use crate::delivery::message::OutboundMessage;
use crate::delivery::provider::{Accepted, Idempotency, Provider, ProviderKind};
use crate::delivery::receipt::{DeliveryReport, DeliveryStatus, WebhookRequest};
use crate::server::Channel;
use hmac::{Hmac, KeyInit, Mac};
use serde_json::{json, Value};
use sha2::Sha256;
use zeroize::Zeroizing;

/// The API host.
pub const DEFAULT_BASE_URL: &str = "https://api.dexatel.com";
/// Longest SMS/voice text (characters, error 1510).
pub const MAX_TEXT_CHARS: usize = 1000;
/// Longest template variable (characters, error 1526).
pub const MAX_VARIABLE_CHARS: usize = 70;
/// The webhook signature header.
pub const SIGNATURE_HEADER: &str = "X-Dexatel-Signature";

const KIND: ProviderKind = ProviderKind::Dexatel;

/// Credentials and channel options. Secrets are wiped on drop and never printed.
#[derive(Clone)]
pub struct DexatelConfig {
    pub api_key: Zeroizing<String>,
    /// The `secret` given when the delivery webhook was created (`POST /v1/webhooks`).
    pub webhook_secret: Zeroizing<String>,
    /// `https://` API root without `/v1` (a loopback `http://` for fakes).
    pub base_url: String,
    /// UUID of the approved WhatsApp template whose one variable is the code; WhatsApp is
    /// supported only when set.
    pub whatsapp_template: Option<String>,
    /// Whether the `VOICE` channel is enabled on the account.
    pub voice: bool,
}

impl DexatelConfig {
    /// SMS only, against the real API host.
    pub fn new(api_key: &str, webhook_secret: &str) -> Self {
        Self {
            api_key: Zeroizing::new(api_key.to_owned()),
            webhook_secret: Zeroizing::new(webhook_secret.to_owned()),
            base_url: DEFAULT_BASE_URL.to_owned(),
            whatsapp_template: None,
            voice: false,
        }
    }
}

redacted_debug!(DexatelConfig {
    api_key: secret,
    webhook_secret: secret,
    base_url,
    whatsapp_template,
    voice,
});

/// The Dexatel adapter.
#[derive(Debug, Clone)]
pub struct Dexatel {
    config: DexatelConfig,
}

fn invalid(reason: &'static str) -> SendError {
    common::invalid(KIND, reason)
}

impl Dexatel {
    /// Validates the configuration (typed [`SendError::Invalid`]).
    pub fn new(mut config: DexatelConfig) -> Result<Self, SendError> {
        if !printable(&config.api_key) {
            return Err(invalid(
                "Dexatel API key is empty or has control characters",
            ));
        }
        if config.webhook_secret.len() < 16 {
            return Err(invalid(
                "Dexatel webhook secret must have at least 16 bytes (unsigned webhooks are refused)",
            ));
        }
        if let Some(t) = &config.whatsapp_template {
            if !is_uuid(t) {
                return Err(invalid("Dexatel WhatsApp template id must be a UUID"));
            }
        }
        if !normalize_base_url(&mut config.base_url) {
            return Err(invalid("Dexatel base URL must be https:// without query"));
        }
        Ok(Self { config })
    }
}

/// An error's `code` as text, `None` when absent or empty.
fn code_string(v: Option<&Value>) -> Option<String> {
    json_code(v).filter(|c| !c.is_empty()).map(|c| detail(&c))
}

impl Provider for Dexatel {
    fn kind(&self) -> ProviderKind {
        KIND
    }

    fn supports(&self, channel: Channel) -> bool {
        match channel {
            Channel::Sms => true,
            Channel::WhatsApp => self.config.whatsapp_template.is_some(),
            Channel::Voice => self.config.voice,
            Channel::Email => false,
        }
    }

    fn request(&self, m: &OutboundMessage<'_>) -> Result<HttpRequest, SendError> {
        if !self.supports(m.channel) {
            return Err(invalid("channel not enabled in the Dexatel configuration"));
        }
        m.from
            .check_for(m.channel, None)
            .map_err(|_| invalid("voice and WhatsApp need a number as sender"))?;
        let from = sender_digits(m.from);
        let to = [m.to.digits()];
        let data = match (m.channel, &self.config.whatsapp_template) {
            (Channel::WhatsApp, Some(template)) => {
                if m.code.chars().count() > MAX_VARIABLE_CHARS {
                    return Err(invalid("code is longer than a Dexatel template variable"));
                }
                json!({"from": from, "to": to, "channel": "WHATSAPP",
                       "template": template, "variables": [m.code]})
            }
            (channel, _) => {
                if m.text.chars().count() > MAX_TEXT_CHARS {
                    return Err(invalid("text is longer than Dexatel's 1000 characters"));
                }
                let channel = if channel == Channel::Voice {
                    "VOICE"
                } else {
                    "SMS"
                };
                json!({"from": from, "to": to, "channel": channel, "text": m.text})
            }
        };
        Ok(HttpRequest::new(
            Method::Post,
            format!("{}/v1/messages", self.config.base_url),
        )
        .secret_header("X-Dexatel-Key", self.config.api_key.as_str())
        .json(&json!({ "data": data })))
    }

    fn response(&self, r: &HttpResponse) -> Result<Accepted, SendError> {
        let protocol = |what: String| protocol(KIND, what);
        if let Some(e) = status_error(KIND, r) {
            return Err(e);
        }
        match r.status {
            200..=299 => {
                let body = r
                    .json()
                    .ok_or_else(|| protocol("answer is not JSON".into()))?;
                let data = body.get("data");
                let first = match data {
                    Some(Value::Array(items)) => items.first(),
                    Some(obj @ Value::Object(_)) => Some(obj),
                    _ => None,
                };
                let id = first
                    .and_then(|d| d.get("id"))
                    .and_then(Value::as_str)
                    .filter(|id| !id.is_empty())
                    .ok_or_else(|| protocol("answer without a message id".into()))?;
                Ok(Accepted {
                    provider: KIND,
                    message_id: id.to_owned(),
                    status: DeliveryStatus::Accepted,
                })
            }
            s @ 400..=499 => {
                let first = r
                    .json()
                    .and_then(|b| first_error(&b).cloned())
                    .ok_or_else(|| protocol(format!("HTTP {s} without the documented errors")))?;
                Err(SendError::Rejected {
                    provider: KIND,
                    status: s,
                    code: code_string(first.get("code")),
                    detail: detail(first.get("message").and_then(Value::as_str).unwrap_or("")),
                })
            }
            s => Err(protocol(format!("unexpected HTTP {s}"))),
        }
    }

    fn idempotency(&self) -> Idempotency {
        Idempotency::None
    }

    fn receipt(
        &self,
        request: &WebhookRequest<'_>,
        _now: u64,
    ) -> Result<Vec<DeliveryReport>, WebhookError> {
        use base64::Engine as _;
        request.check_size()?;
        let given = request
            .header(SIGNATURE_HEADER)
            .ok_or(WebhookError::Unauthenticated("X-Dexatel-Signature missing"))?;
        let given = base64::engine::general_purpose::STANDARD
            .decode(given.trim())
            .map_err(|_| WebhookError::Unauthenticated("X-Dexatel-Signature is not Base64"))?;
        let mut mac =
            <Hmac<Sha256> as KeyInit>::new_from_slice(self.config.webhook_secret.as_bytes())
                .map_err(|_| WebhookError::Unauthenticated("unusable webhook secret"))?;
        mac.update(request.body);
        mac.verify_slice(&given)
            .map_err(|_| WebhookError::Unauthenticated("X-Dexatel-Signature does not match"))?;

        let body = request.json()?;
        let data = body
            .get("data")
            .filter(|d| d.is_object())
            .ok_or(WebhookError::Malformed("webhook without a data object"))?;
        let field = |k: &str| data.get(k).and_then(Value::as_str);
        match field("event").map(str::to_ascii_lowercase).as_deref() {
            Some("delivery") => {}
            Some("message") => return Ok(vec![]),
            _ => return Err(WebhookError::Malformed("unknown Dexatel webhook event")),
        }
        let id = field("message_id")
            .filter(|id| !id.is_empty())
            .ok_or(WebhookError::Malformed(
                "delivery webhook without message_id",
            ))?;
        let raw =
            field("status").ok_or(WebhookError::Malformed("delivery webhook without status"))?;
        let status = match raw.to_ascii_lowercase().as_str() {
            "delivered" => DeliveryStatus::Delivered,
            "failed" | "rejected" => DeliveryStatus::Failed,
            "expired" => DeliveryStatus::Expired,
            "enroute" | "sent" => DeliveryStatus::Sent,
            "scheduled" => DeliveryStatus::Accepted,
            _ => return Err(WebhookError::Malformed("unknown Dexatel delivery status")),
        };
        Ok(vec![DeliveryReport {
            provider: KIND,
            message_id: id.to_owned(),
            status,
            error_code: matches!(status, DeliveryStatus::Failed | DeliveryStatus::Expired)
                .then(|| detail(&raw.to_ascii_uppercase())),
        }])
    }
}

#[cfg(test)]
#[path = "dexatel_tests.rs"]
mod tests;
