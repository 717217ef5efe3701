//! SleekFlow: WhatsApp Business messages (WhatsApp Cloud API channel) through SleekFlow's
//! platform API. WhatsApp only.
//!
//! Documentation used:
//! * SleekFlow Platform API reference <https://apidoc.sleekflow.io> (API key from
//!   Integrations → API, Premium/Enterprise plans; header `X-Sleekflow-Api-Key`), and its
//!   "Send message" endpoint `POST https://api.sleekflow.io/api/message/send/json` as shown in
//!   SleekFlow's integration guides (e.g. the WhatsApp OTP template set-up at
//!   <https://docs.kyzn.life/it/sleekflow-whatsapp-auth>, which pairs the SleekFlow channel
//!   "Platform API Integration" template config with the request below).
//! * Message statuses: <https://sleekflow.helpjuice.com/en_US/inbox/understanding-message-statuses-and-delivery-issues>
//!   (Sending, Sent, Delivered, Read, Failed) and the message object of SleekFlow's web client
//!   (`id`, `messageUniqueID`, `channel`, `messageType`, `status`, `channelStatusMessage`).
//! * Webhooks: <https://help.sleekflow.io/en_US/configuring-external-integration-action-nodes-afb>
//!   (flow-builder webhook action: a URL and optional extra headers, JSON payload).
//!
//! Request: `POST {base}/api/message/send/json`, `X-Sleekflow-Api-Key: <key>`, JSON
//! `{"channel": "whatsappcloudapi", "from": <channel number, digits>, "to": <digits>,
//! "messageType": "template", "extendedMessage": {"whatsappCloudApiTemplateMessageObject":
//! {"templateName", "language", "components": [{"type": "body", "parameters": [{"type": "text",
//! "text": <code>}]}, {"type": "button", "sub_type": "url", "index": 0, "parameters": [...]}]}}}`.
//! A template is required: an OTP opens the conversation, and WhatsApp allows only approved
//! templates outside the 24-hour window; authentication templates carry the code in the body
//! and (with a copy-code button) again as the button's URL parameter.
//!
//! Sender: the `from` number must be the WhatsApp number of a SleekFlow channel; it is sent as
//! digits without `+`, as in SleekFlow's examples.
//!
//! Responses: 2xx with the created message (an object, or a list holding it); its
//! `messageUniqueID` (or numeric `id`) is kept as the message id; a message already `Failed`
//! is [`SendError::Rejected`] with SleekFlow's `channelStatusMessage`. 401/403 →
//! [`SendError::Unauthorized`], 429 → [`SendError::RateLimited`], 5xx →
//! `Unavailable{maybe_sent: true}`, other 4xx with a JSON `message`/`title` →
//! [`SendError::Rejected`] (its `code`/`errorCode`, when given).
//!
//! Idempotency: SleekFlow documents none, so [`Idempotency::None`] (a repeat could send a
//! second template message; only 429 and refused connections are retried).
//!
//! Delivery reports: SleekFlow documents no signature for the webhooks it sends. So the
//! receipt URL configured at SleekFlow carries a secret token (`…?token=<webhook_token>`,
//! [`SleekFlowConfig::webhook_token`], at least 24 URL-safe characters), which
//! [`Provider::receipt`] checks in constant time ([`check_token`]) before reading anything; a
//! missing or wrong token is [`WebhookError::Unauthenticated`]. The body is the message object
//! (at the top level or under `message`), read for `messageUniqueID`/`id` and `status`:
//! `Sending`/`Scheduled`/`Queued` → accepted, `Sent` → sent, `Received`/`Delivered`/`Read` →
//! delivered, `Failed`/`Undelivered`/`OutOfCredit` → failed; `Deleted` and inbound messages give
//! no report. The token does not bind the body: anyone who learns the URL can forge reports,
//! so the URL must be kept secret (HTTPS only) and the token rotated if it leaks.
//!
//! Not confirmed from the documentation (choices made): the send response and error bodies
//! (no published example was found; read as described above, anything else is
//! [`SendError::Protocol`]); the exact status-webhook payload (no published example; the web
//! client's message object is assumed); whether the template object key is spelled
//! `whatsappCloudApiTemplateMessageObject` or `WhatsappCloudApiTemplateMessageObject` (both
//! appear in examples; the camel-case form, consistent with the other fields, is sent).

use super::super::error::{detail, SendError, WebhookError};
use super::super::http::{check_url, HttpRequest, HttpResponse, Method};
use super::super::message::OutboundMessage;
use super::super::provider::{Accepted, Idempotency, Provider, ProviderKind};
use super::super::receipt::{check_token, field, DeliveryReport, DeliveryStatus, WebhookRequest};
use super::super::sender_id::SenderId;
use crate::server::Channel;
use serde_json::{json, Value};
use std::fmt;
use zeroize::Zeroizing;

/// The platform API host.
pub const DEFAULT_BASE_URL: &str = "https://api.sleekflow.io";
/// The channel name of a WhatsApp Cloud API channel in SleekFlow.
pub const WHATSAPP_CLOUD_API: &str = "whatsappcloudapi";
/// Shortest accepted webhook token (characters).
pub const MIN_TOKEN_LEN: usize = 24;

const KIND: ProviderKind = ProviderKind::SleekFlow;

/// Credentials and template options. Secrets are wiped on drop and never printed.
#[derive(Clone)]
pub struct SleekFlowConfig {
    /// The platform API key (`X-Sleekflow-Api-Key`).
    pub api_key: Zeroizing<String>,
    /// The secret put in the receipt URL configured at SleekFlow (`?token=`).
    pub webhook_token: Zeroizing<String>,
    /// API host, default [`DEFAULT_BASE_URL`] (overridable for the loopback fakes).
    pub base_url: String,
    /// An approved WhatsApp template whose body parameter is the code.
    pub template_name: String,
    /// The template's language (`en`, `en_US`, `zh_HK`).
    pub template_language: String,
    /// The template has a copy-code (URL) button, whose parameter is the code too.
    pub copy_code_button: bool,
}

impl SleekFlowConfig {
    /// A configuration for `template_name` in `template_language` with a copy-code button.
    pub fn new(
        api_key: &str,
        webhook_token: &str,
        template_name: &str,
        template_language: &str,
    ) -> Self {
        Self {
            api_key: Zeroizing::new(api_key.to_owned()),
            webhook_token: Zeroizing::new(webhook_token.to_owned()),
            base_url: DEFAULT_BASE_URL.into(),
            template_name: template_name.into(),
            template_language: template_language.into(),
            copy_code_button: true,
        }
    }
}

impl fmt::Debug for SleekFlowConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SleekFlowConfig")
            .field("api_key", &"<redacted>")
            .field("webhook_token", &"<redacted>")
            .field("base_url", &self.base_url)
            .field("template_name", &self.template_name)
            .field("template_language", &self.template_language)
            .field("copy_code_button", &self.copy_code_button)
            .finish()
    }
}

/// The SleekFlow adapter (WhatsApp only).
#[derive(Debug, Clone)]
pub struct SleekFlow {
    config: SleekFlowConfig,
}

fn invalid(reason: &'static str) -> SendError {
    SendError::Invalid {
        provider: KIND,
        reason,
    }
}

fn protocol(detail: &str) -> SendError {
    SendError::Protocol {
        provider: KIND,
        detail: detail.to_owned(),
    }
}

/// A WhatsApp template language: `en`, `en_US`, `zh_HK`, `es_419` (2 letters, optional
/// `_` and 2–4 letters or digits).
fn language_ok(l: &str) -> bool {
    let (lang, region) = l.split_once('_').unwrap_or((l, ""));
    lang.len() == 2
        && lang.bytes().all(|b| b.is_ascii_lowercase())
        && (region.is_empty()
            || ((2..=4).contains(&region.len())
                && region.bytes().all(|b| b.is_ascii_alphanumeric())))
}

impl SleekFlow {
    /// Validates the configuration.
    pub fn new(config: SleekFlowConfig) -> Result<Self, SendError> {
        let key = config.api_key.as_str();
        if key.is_empty() || key.len() > 512 || !key.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(invalid("API key must be 1-512 printable ASCII characters"));
        }
        let token = config.webhook_token.as_str();
        if token.len() < MIN_TOKEN_LEN
            || token.len() > 256
            || !token
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return Err(invalid(
                "webhook token must be 24-256 ASCII letters, digits, '-' or '_'",
            ));
        }
        let base = &config.base_url;
        if check_url(base).is_err() || base.contains('?') || base.ends_with('/') {
            return Err(invalid(
                "base URL must be https (or loopback http), without query or trailing '/'",
            ));
        }
        let t = &config.template_name;
        if t.is_empty()
            || t.len() > 512
            || !t
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        {
            return Err(invalid(
                "template name must be lower-case letters, digits and '_'",
            ));
        }
        if !language_ok(&config.template_language) {
            return Err(invalid("template language must look like 'en' or 'en_US'"));
        }
        Ok(Self { config })
    }
}

fn id_of(v: &Value) -> Option<String> {
    let id = match (v.get("messageUniqueID"), v.get("id")) {
        (Some(Value::String(s)), _) => s.clone(),
        (_, Some(Value::Number(n))) => n.to_string(),
        (_, Some(Value::String(s))) => s.clone(),
        _ => return None,
    };
    let ok = !id.is_empty()
        && id.len() <= 128
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.=:".contains(&b));
    ok.then_some(id)
}

/// SleekFlow's message status, case-insensitively; `Ok(None)` for a status that says nothing
/// about delivery (`Deleted`).
fn status_of(s: &str) -> Result<Option<DeliveryStatus>, WebhookError> {
    Ok(Some(match s.to_ascii_lowercase().as_str() {
        "sending" | "scheduled" | "queued" => DeliveryStatus::Accepted,
        "sent" => DeliveryStatus::Sent,
        "received" | "delivered" | "read" => DeliveryStatus::Delivered,
        "failed" | "undelivered" | "outofcredit" => DeliveryStatus::Failed,
        "deleted" => return Ok(None),
        _ => return Err(WebhookError::Malformed("unknown SleekFlow message status")),
    }))
}

impl Provider for SleekFlow {
    fn kind(&self) -> ProviderKind {
        KIND
    }

    fn supports(&self, channel: Channel) -> bool {
        channel == Channel::WhatsApp
    }

    fn request(&self, m: &OutboundMessage<'_>) -> Result<HttpRequest, SendError> {
        if m.channel != Channel::WhatsApp {
            return Err(invalid("SleekFlow sends WhatsApp messages only"));
        }
        let SenderId::Number(from) = m.from else {
            return Err(invalid(
                "the sender must be the WhatsApp number of a SleekFlow channel",
            ));
        };
        let mut components = vec![json!({"type": "body",
                                         "parameters": [{"type": "text", "text": m.code}]})];
        if self.config.copy_code_button {
            components.push(json!({"type": "button", "sub_type": "url", "index": 0,
                                   "parameters": [{"type": "text", "text": m.code}]}));
        }
        let body = json!({
            "channel": WHATSAPP_CLOUD_API,
            "from": from.digits(),
            "to": m.to.digits(),
            "messageType": "template",
            "extendedMessage": {"whatsappCloudApiTemplateMessageObject": {
                "templateName": self.config.template_name,
                "language": self.config.template_language,
                "components": components,
            }},
        });
        Ok(HttpRequest::new(
            Method::Post,
            format!("{}/api/message/send/json", self.config.base_url),
        )
        .secret_header("X-Sleekflow-Api-Key", self.config.api_key.as_str())
        .header("Accept", "application/json")
        .json(&body))
    }

    fn response(&self, r: &HttpResponse) -> Result<Accepted, SendError> {
        let body = r.json();
        match r.status {
            200..=299 => {
                let body = body.ok_or_else(|| protocol("success answer is not JSON"))?;
                let message = match &body {
                    Value::Array(items) => items.first().cloned().unwrap_or(Value::Null),
                    other => other.clone(),
                };
                let id = id_of(&message)
                    .ok_or_else(|| protocol("success answer without a message id"))?;
                let status = message
                    .get("status")
                    .and_then(Value::as_str)
                    .map(status_of)
                    .transpose()
                    .map_err(|_| protocol("success answer with an unknown status"))?
                    .flatten()
                    .unwrap_or(DeliveryStatus::Accepted);
                if status == DeliveryStatus::Failed {
                    let why = message
                        .get("channelStatusMessage")
                        .and_then(Value::as_str)
                        .unwrap_or("message failed");
                    return Err(SendError::Rejected {
                        provider: KIND,
                        status: r.status,
                        code: None,
                        detail: detail(why),
                    });
                }
                Ok(Accepted {
                    provider: KIND,
                    message_id: id,
                    status,
                })
            }
            401 | 403 => Err(SendError::Unauthorized {
                provider: KIND,
                status: r.status,
            }),
            429 => Err(SendError::RateLimited {
                provider: KIND,
                retry_after: r.retry_after(),
            }),
            s if s >= 500 => Err(SendError::Unavailable {
                provider: KIND,
                maybe_sent: true,
                detail: format!("HTTP {s}"),
            }),
            s => {
                let body = body.unwrap_or(Value::Null);
                let text = ["message", "title", "error"]
                    .iter()
                    .find_map(|k| body.get(*k).and_then(Value::as_str));
                let Some(text) = text else {
                    return Err(protocol(&format!("HTTP {s} without an error message")));
                };
                let code = ["code", "errorCode"]
                    .iter()
                    .find_map(|k| match body.get(*k) {
                        Some(Value::Number(n)) => Some(n.to_string()),
                        Some(Value::String(c)) if c.len() <= 32 => Some(c.clone()),
                        _ => None,
                    });
                Err(SendError::Rejected {
                    provider: KIND,
                    status: s,
                    code,
                    detail: detail(text),
                })
            }
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
        request.check_size()?;
        let query = request.query();
        check_token(field(&query, "token"), &self.config.webhook_token)?;
        let body = request.json()?;
        let message = body.get("message").unwrap_or(&body);
        if message.get("isSentFromSleekflow") == Some(&Value::Bool(false)) {
            return Ok(vec![]); // an inbound message, not a report about ours
        }
        let id = id_of(message).ok_or(WebhookError::Malformed("message id missing"))?;
        let status = message
            .get("status")
            .and_then(Value::as_str)
            .ok_or(WebhookError::Malformed("message status missing"))?;
        let Some(status) = status_of(status)? else {
            return Ok(vec![]);
        };
        Ok(vec![DeliveryReport {
            provider: KIND,
            message_id: id,
            status,
            error_code: None,
        }])
    }
}

#[cfg(test)]
#[path = "sleekflow_tests.rs"]
mod tests;
