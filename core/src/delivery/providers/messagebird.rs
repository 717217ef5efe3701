//! Bird (formerly MessageBird): SMS, voice (text-to-speech) and WhatsApp over the MessageBird
//! REST APIs, with `MessageBird-Signature-JWT` delivery reports. Details and the reasoning:
//! docs/providers/messagebird.md.
//!
//! Sources: SMS API <https://developers.messagebird.com/api/sms-messaging/>; Voice Messaging API
//! <https://developers.messagebird.com/docs/voice-messaging>; Conversations API
//! <https://developers.messagebird.com/api/conversations/>; signatures
//! <https://developers.messagebird.com/api/#verifying-http-requests> with the reference
//! implementation and vectors of `messagebird/go-rest-api` (`signature_jwt/`); reports need a
//! `reference`: <https://support.messagebird.com/hc/en-us/articles/360001869258>.
//!
//! * Requests: JSON, `Authorization: AccessKey <key>`, `Accept: application/json`. SMS
//!   `POST rest.messagebird.com/messages` (`originator`, `recipients` as MSISDNs, `body`,
//!   `reference`, `datacoding: auto`, `validity`, `reportUrl`); voice `POST /voicemessages`
//!   (number `originator`, body ≤ 1000 characters, `language` of [`VOICE_LANGUAGES`], `voice`,
//!   `repeat` 1–10, `ifMachine`); WhatsApp `POST conversations.messagebird.com/v1/send`
//!   (`to` +E.164, `from` channel id, `type: hsm`, `content.hsm` namespace/templateName/
//!   language{deterministic}/params[{default: code}]) — a template, as an OTP opens the chat.
//! * Why not Bird's newer Channels API (<https://docs.bird.com/api/channels-api>): it is another
//!   platform (Bird CRM) with workspace-scoped keys and another webhook signature
//!   (`MessageBird-Signature` HMAC); the APIs used here share one access key and one signing key
//!   across the three channels; the Bird-platform HMAC (over timestamp, URL, body) is not accepted.
//! * Sender: "a telephone number (including country code) or an alphanumeric string (max 11
//!   characters)"; short codes refused; voice needs a number.
//! * Answers: 2xx with `id` → accepted; `errors[].code` 2 (incorrect access_key) or HTTP
//!   401/403 → unauthorized; 9/10/20/21/25/98 → rejected with the code; 429 ("not processed")
//!   → rate limited; 5xx (code 99) → unavailable, maybe sent; anything else → protocol.
//! * Idempotency: none documented (a 5xx is called "safe to retry", but nothing deduplicates a
//!   repeat), so [`Idempotency::None`]: a 5xx or timeout is never repeated.
//! * Reports: SMS/voice `GET <reportUrl>?id=&reference=&recipient=&status=&statusErrorCode=…`
//!   (`scheduled`, `sent`, `buffered`, `delivered`, `expired`, `delivery_failed`); WhatsApp
//!   `POST {"type": "message.updated", "message": {"id", "status"}}`. Each is signed with
//!   `MessageBird-Signature-JWT`: HS256 (HS384/512 accepted, as the SDKs do) with the signing
//!   key; `iss = MessageBird`, `nbf`/`exp` against the injected `now` with the SDKs' 1 s skew,
//!   `jti`, `url_hash` = hex SHA-256 of the full URL, `payload_hash` = hex SHA-256 of the body,
//!   present exactly when there is one. A replay within the token's minute repeats a report.
//!   Earlier tokens carry `iat` instead of `nbf` (accepted alike). The older
//!   `MessageBird-Signature` + `MessageBird-Request-Timestamp` HMAC (timestamp, sorted query and
//!   body hash; host and path not covered) is accepted only when
//!   [`MessageBirdConfig::legacy_signature_max_age`] enables it (off by default).
//! * Not confirmed: the voice report vocabulary (SMS statuses plus `calling`, `answered`,
//!   `busy`, `failed`, `no_answer` are read); whether WhatsApp report errors carry
//!   `message.error.code` (read when present); 403 treated as 401.

use super::super::error::{detail, SendError, WebhookError};
use super::super::http::{check_url, HttpRequest, HttpResponse, Method};
use super::super::message::OutboundMessage;
use super::super::provider::{Accepted, Idempotency, Provider, ProviderKind};
use super::super::receipt::{field, DeliveryReport, DeliveryStatus, WebhookRequest};
use super::super::sender_id::{SenderId, SenderIdError};
use crate::server::Channel;
use serde_json::{json, Value};
use std::fmt;
use zeroize::Zeroizing;

#[path = "messagebird_signature.rs"]
mod signature;
pub use signature::{
    CLOCK_SKEW, LEGACY_SIGNATURE_HEADER, LEGACY_TIMESTAMP_HEADER, SIGNATURE_HEADER,
};

/// The REST API host (SMS and voice messages).
pub const DEFAULT_BASE_URL: &str = "https://rest.messagebird.com";
/// The Conversations API host (WhatsApp).
pub const DEFAULT_CONVERSATIONS_URL: &str = "https://conversations.messagebird.com";
/// Longest voice message body (characters).
pub const MAX_VOICE_BODY: usize = 1000;
/// Text-to-speech languages the Voice Messaging API lists.
pub const VOICE_LANGUAGES: &[&str] = &[
    "cy-gb",
    "da-dk",
    "de-de",
    "el-gr",
    "en-au",
    "en-gb",
    "en-gb-wls",
    "en-in",
    "en-us",
    "es-es",
    "es-mx",
    "es-us",
    "fr-ca",
    "fr-fr",
    "id-id",
    "is-is",
    "it-it",
    "ja-jp",
    "ko-kr",
    "ms-my",
    "nb-no",
    "nl-nl",
    "pl-pl",
    "pt-br",
    "pt-pt",
    "ro-ro",
    "ru-ru",
    "sv-se",
    "ta-in",
    "th-th",
    "tr-tr",
    "vi-vn",
    "zh-cn",
    "zh-hk",
];

const KIND: ProviderKind = ProviderKind::MessageBird;

/// Voice (text-to-speech) options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoiceOptions {
    /// One of [`VOICE_LANGUAGES`] (default `en-gb`).
    pub language: String,
    /// `male` or `female` (default `female`).
    pub voice: String,
    /// Times the message is read, 1–10 (default 2: a code is easier to catch twice).
    pub repeat: u8,
    /// `continue`, `delay` or `hangup` when a machine answers (default `delay`, the API's).
    pub if_machine: String,
}

impl Default for VoiceOptions {
    fn default() -> Self {
        Self {
            language: "en-gb".into(),
            voice: "female".into(),
            repeat: 2,
            if_machine: "delay".into(),
        }
    }
}

/// WhatsApp (Conversations API, HSM template) options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WhatsAppOptions {
    /// The WhatsApp channel id from the MessageBird dashboard.
    pub channel_id: String,
    /// The template namespace of the WhatsApp Business account.
    pub namespace: String,
    /// An approved template whose single parameter is the code.
    pub template_name: String,
    /// The template's language, `en` or `en_US` style (sent with the `deterministic` policy).
    pub language: String,
}

/// Credentials and options. The keys are wiped on drop and never printed.
#[derive(Clone)]
pub struct MessageBirdConfig {
    /// The live (or test) access key.
    pub access_key: Zeroizing<String>,
    /// The signing key for webhook signatures (dashboard → Developers → Settings; not the
    /// access key).
    pub signing_key: Zeroizing<String>,
    /// REST host, default [`DEFAULT_BASE_URL`] (overridable for the loopback fakes).
    pub base_url: String,
    /// Conversations host, default [`DEFAULT_CONVERSATIONS_URL`].
    pub conversations_url: String,
    /// SMS validity in seconds (`validity`), if set.
    pub sms_validity: Option<u32>,
    /// Enables the voice channel.
    pub voice: Option<VoiceOptions>,
    /// Enables the WhatsApp channel.
    pub whatsapp: Option<WhatsAppOptions>,
    /// Also accept the older `MessageBird-Signature` HMAC (which does not cover the URL's host
    /// or path) when a report carries no JWT, with timestamps at most this many seconds from
    /// `now` (1..=86400). Off by default.
    pub legacy_signature_max_age: Option<u64>,
}

impl MessageBirdConfig {
    /// SMS only, real hosts.
    pub fn new(access_key: &str, signing_key: &str) -> Self {
        Self {
            access_key: Zeroizing::new(access_key.to_owned()),
            signing_key: Zeroizing::new(signing_key.to_owned()),
            base_url: DEFAULT_BASE_URL.into(),
            conversations_url: DEFAULT_CONVERSATIONS_URL.into(),
            sms_validity: None,
            voice: None,
            whatsapp: None,
            legacy_signature_max_age: None,
        }
    }
}

impl fmt::Debug for MessageBirdConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MessageBirdConfig")
            .field("access_key", &"<redacted>")
            .field("signing_key", &"<redacted>")
            .field("base_url", &self.base_url)
            .field("conversations_url", &self.conversations_url)
            .field("sms_validity", &self.sms_validity)
            .field("voice", &self.voice)
            .field("whatsapp", &self.whatsapp)
            .field("legacy_signature_max_age", &self.legacy_signature_max_age)
            .finish()
    }
}

/// The Bird/MessageBird adapter.
#[derive(Debug, Clone)]
pub struct MessageBird {
    config: MessageBirdConfig,
}

fn invalid(reason: &'static str) -> SendError {
    SendError::Invalid {
        provider: KIND,
        reason,
    }
}

fn is_token(s: &str, max: usize, extra: &[u8]) -> bool {
    !s.is_empty()
        && s.len() <= max
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || extra.contains(&b))
}

impl MessageBird {
    /// Validates the configuration.
    pub fn new(config: MessageBirdConfig) -> Result<Self, SendError> {
        if !is_token(&config.access_key, 128, b"_-") {
            return Err(invalid(
                "access key must be 1-128 ASCII letters, digits, '_' or '-'",
            ));
        }
        if config.signing_key.is_empty()
            || config.signing_key.len() > 256
            || config.signing_key.bytes().any(|b| b.is_ascii_control())
        {
            return Err(invalid("signing key must be 1-256 printable characters"));
        }
        for url in [&config.base_url, &config.conversations_url] {
            if check_url(url).is_err() || url.contains('?') || url.ends_with('/') {
                return Err(invalid(
                    "base URLs must be https (or loopback http), without query or trailing '/'",
                ));
            }
        }
        if matches!(config.legacy_signature_max_age, Some(a) if !(1..=86_400).contains(&a)) {
            return Err(invalid("legacy signature window must be 1-86400 seconds"));
        }
        if config.sms_validity == Some(0) {
            return Err(invalid("SMS validity must be at least 1 second"));
        }
        if let Some(v) = &config.voice {
            if !VOICE_LANGUAGES.contains(&v.language.as_str()) {
                return Err(invalid("voice language is not one MessageBird lists"));
            }
            if !matches!(v.voice.as_str(), "male" | "female") {
                return Err(invalid("voice must be 'male' or 'female'"));
            }
            if !(1..=10).contains(&v.repeat) {
                return Err(invalid("voice repeat must be 1-10"));
            }
            if !matches!(v.if_machine.as_str(), "continue" | "delay" | "hangup") {
                return Err(invalid("ifMachine must be 'continue', 'delay' or 'hangup'"));
            }
        }
        if let Some(w) = &config.whatsapp {
            if !is_token(&w.channel_id, 64, b"-") {
                return Err(invalid(
                    "WhatsApp channel id must be 1-64 letters, digits or '-'",
                ));
            }
            if !is_token(&w.namespace, 64, b"_-") {
                return Err(invalid(
                    "WhatsApp template namespace must be 1-64 letters, digits, '_' or '-'",
                ));
            }
            if !is_token(&w.template_name, 512, b"_")
                || w.template_name.bytes().any(|b| b.is_ascii_uppercase())
            {
                return Err(invalid(
                    "WhatsApp template name must be lower-case letters, digits and '_'",
                ));
            }
            let lang_ok = match w.language.split_once('_') {
                None => w.language.len() == 2,
                Some((l, r)) => l.len() == 2 && (2..=4).contains(&r.len()),
            } && w
                .language
                .bytes()
                .all(|b| b.is_ascii_alphabetic() || b == b'_');
            if !lang_ok {
                return Err(invalid(
                    "WhatsApp template language must look like 'en' or 'en_US'",
                ));
            }
        }
        Ok(Self { config })
    }

    /// Verifies `MessageBird-Signature-JWT` for a request to `url` with `body` at Unix time
    /// `now` (public for tests against MessageBird's published reference vectors).
    pub fn verify_signature(
        &self,
        token: Option<&str>,
        url: &str,
        body: &[u8],
        now: u64,
    ) -> Result<(), WebhookError> {
        signature::verify_jwt(&self.config.signing_key, token, url, body, now)
    }

    /// Verifies the older `MessageBird-Signature` HMAC with its timestamp header, if
    /// [`MessageBirdConfig::legacy_signature_max_age`] enables it.
    pub fn verify_legacy_signature(
        &self,
        signature: Option<&str>,
        timestamp: Option<&str>,
        url: &str,
        body: &[u8],
        now: u64,
    ) -> Result<(), WebhookError> {
        let Some(max_age) = self.config.legacy_signature_max_age else {
            return Err(WebhookError::Unauthenticated(
                "the older MessageBird-Signature scheme is not enabled",
            ));
        };
        signature::verify_legacy(
            &self.config.signing_key,
            signature,
            timestamp,
            url,
            body,
            now,
            max_age,
        )
    }

    fn sms(&self, m: &OutboundMessage<'_>) -> Result<HttpRequest, SendError> {
        let mut body = json!({
            "originator": originator(m.from, Channel::Sms)?,
            "recipients": [m.to.digits()],
            "body": m.text,
            "reference": m.reference,
            "datacoding": "auto",
        });
        if let Some(v) = self.config.sms_validity {
            body["validity"] = json!(v);
        }
        if let Some(url) = m.callback_url {
            body["reportUrl"] = json!(url);
        }
        Ok(self.post(format!("{}/messages", self.config.base_url), &body))
    }

    fn voice(&self, m: &OutboundMessage<'_>, v: &VoiceOptions) -> Result<HttpRequest, SendError> {
        if m.text.chars().count() > MAX_VOICE_BODY {
            return Err(invalid("voice message body is over 1000 characters"));
        }
        let mut body = json!({
            "originator": originator(m.from, Channel::Voice)?,
            "recipients": [m.to.digits()],
            "body": m.text,
            "reference": m.reference,
            "language": v.language,
            "voice": v.voice,
            "repeat": v.repeat,
            "ifMachine": v.if_machine,
        });
        if let Some(url) = m.callback_url {
            body["reportUrl"] = json!(url);
        }
        Ok(self.post(format!("{}/voicemessages", self.config.base_url), &body))
    }

    fn whatsapp(
        &self,
        m: &OutboundMessage<'_>,
        w: &WhatsAppOptions,
    ) -> Result<HttpRequest, SendError> {
        originator(m.from, Channel::WhatsApp)?;
        let mut body = json!({
            "to": m.to.e164(),
            "from": w.channel_id,
            "type": "hsm",
            "content": {"hsm": {
                "namespace": w.namespace,
                "templateName": w.template_name,
                "language": {"policy": "deterministic", "code": w.language},
                "params": [{"default": m.code}],
            }},
        });
        if let Some(url) = m.callback_url {
            body["reportUrl"] = json!(url);
        }
        Ok(self.post(format!("{}/v1/send", self.config.conversations_url), &body))
    }

    fn post(&self, url: String, body: &Value) -> HttpRequest {
        HttpRequest::new(Method::Post, url)
            .secret_header(
                "Authorization",
                format!("AccessKey {}", self.config.access_key.as_str()),
            )
            .header("Accept", "application/json")
            .json(body)
    }
}

/// The `originator` for `channel`, or why `from` cannot be one.
fn originator(from: &SenderId, channel: Channel) -> Result<String, SendError> {
    match (from, channel) {
        (SenderId::Alphanumeric(name), Channel::Sms) => Ok(name.clone()),
        (SenderId::Number(n), _) => Ok(n.e164()),
        (SenderId::ShortCode(_), _) => Err(invalid(
            "MessageBird originators are a phone number or an alphanumeric name, not a short code",
        )),
        (SenderId::Alphanumeric(_), _) => Err(invalid(
            "voice and WhatsApp need a phone number as originator",
        )),
    }
}

/// The first `errors[]` entry: (code, description + parameter).
fn first_error(body: &Value) -> Option<(Option<i64>, String)> {
    let e = body.get("errors")?.as_array()?.first()?;
    let code = e.get("code").and_then(Value::as_i64);
    let mut text = e
        .get("description")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_owned();
    if let Some(p) = e.get("parameter").and_then(Value::as_str) {
        text = format!("{text} (parameter {p})");
    }
    Some((code, detail(&text)))
}

/// Maps an SMS/voice report status.
fn sms_status(s: &str) -> Option<DeliveryStatus> {
    Some(match s {
        "scheduled" | "buffered" => DeliveryStatus::Accepted,
        "sent" | "calling" => DeliveryStatus::Sent,
        "delivered" | "answered" => DeliveryStatus::Delivered,
        "delivery_failed" | "failed" | "busy" | "no_answer" => DeliveryStatus::Failed,
        "expired" => DeliveryStatus::Expired,
        _ => return None,
    })
}

/// Maps a Conversations message status; `Ok(None)` for statuses that are not about delivery
/// of an outbound message (`received`, `deleted`, `unknown`).
fn conversation_status(s: &str) -> Result<Option<DeliveryStatus>, WebhookError> {
    Ok(Some(match s {
        "accepted" | "pending" | "transmitted" => DeliveryStatus::Accepted,
        "sent" => DeliveryStatus::Sent,
        "delivered" | "read" => DeliveryStatus::Delivered,
        "failed" | "rejected" => DeliveryStatus::Failed,
        "received" | "deleted" | "unknown" => return Ok(None),
        _ => return Err(WebhookError::Malformed("unknown Conversations status")),
    }))
}

fn check_id(id: &str) -> Result<(), WebhookError> {
    if is_token(id, 64, b"-") {
        Ok(())
    } else {
        Err(WebhookError::Malformed("message id missing or malformed"))
    }
}

impl Provider for MessageBird {
    fn kind(&self) -> ProviderKind {
        KIND
    }

    fn supports(&self, channel: Channel) -> bool {
        match channel {
            Channel::Sms => true,
            Channel::Voice => self.config.voice.is_some(),
            Channel::WhatsApp => self.config.whatsapp.is_some(),
            _ => false,
        }
    }

    fn check_sender(
        &self,
        channel: Channel,
        sender: &SenderId,
        _country: Option<&str>,
    ) -> Result<(), SenderIdError> {
        match (sender, channel) {
            (SenderId::ShortCode(_), _) => Err(SenderIdError::Provider(
                "MessageBird originators are a phone number or an alphanumeric name, not a short code",
            )),
            _ => Ok(()),
        }
    }

    fn request(&self, message: &OutboundMessage<'_>) -> Result<HttpRequest, SendError> {
        match message.channel {
            Channel::Sms => self.sms(message),
            Channel::Voice => match &self.config.voice {
                Some(v) => self.voice(message, v),
                None => Err(invalid("voice is not configured")),
            },
            Channel::WhatsApp => match &self.config.whatsapp {
                Some(w) => self.whatsapp(message, w),
                None => Err(invalid("WhatsApp is not configured")),
            },
            _ => Err(invalid("channel not supported by MessageBird")),
        }
    }

    fn response(&self, r: &HttpResponse) -> Result<Accepted, SendError> {
        let body = r.json();
        let error = body.as_ref().and_then(first_error);
        match r.status {
            200..=299 => {
                let body = body.ok_or_else(|| SendError::Protocol {
                    provider: KIND,
                    detail: "success answer is not JSON".into(),
                })?;
                let id = body.get("id").and_then(Value::as_str).unwrap_or("");
                if !is_token(id, 64, b"-") {
                    return Err(SendError::Protocol {
                        provider: KIND,
                        detail: "success answer without a message id".into(),
                    });
                }
                let first = body
                    .pointer("/recipients/items/0/status")
                    .and_then(Value::as_str);
                let status = match first {
                    Some("sent") => DeliveryStatus::Sent,
                    _ => DeliveryStatus::Accepted,
                };
                Ok(Accepted {
                    provider: KIND,
                    message_id: id.to_owned(),
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
            s => match error {
                Some((Some(2), _)) => Err(SendError::Unauthorized {
                    provider: KIND,
                    status: s,
                }),
                Some((code, text)) => Err(SendError::Rejected {
                    provider: KIND,
                    status: s,
                    code: code.map(|c| c.to_string()),
                    detail: text,
                }),
                None => Err(SendError::Protocol {
                    provider: KIND,
                    detail: format!("HTTP {s} without an errors[] body"),
                }),
            },
        }
    }

    fn idempotency(&self) -> Idempotency {
        Idempotency::None
    }

    fn receipt(
        &self,
        request: &WebhookRequest<'_>,
        now: u64,
    ) -> Result<Vec<DeliveryReport>, WebhookError> {
        request.check_size()?;
        let jwt = request.header(SIGNATURE_HEADER);
        if jwt.is_none()
            && self.config.legacy_signature_max_age.is_some()
            && request.header(LEGACY_SIGNATURE_HEADER).is_some()
        {
            self.verify_legacy_signature(
                request.header(LEGACY_SIGNATURE_HEADER),
                request.header(LEGACY_TIMESTAMP_HEADER),
                request.url,
                request.body,
                now,
            )?;
        } else {
            self.verify_signature(jwt, request.url, request.body, now)?;
        }
        if request.body.is_empty() {
            // SMS / voice status report: everything is in the (signed) query.
            let q = request.query();
            let id = field(&q, "id").unwrap_or("");
            check_id(id)?;
            let status = field(&q, "status")
                .and_then(sms_status)
                .ok_or(WebhookError::Malformed("unknown or missing status"))?;
            let error_code = field(&q, "statusErrorCode")
                .filter(|c| is_token(c, 16, b""))
                .map(str::to_owned);
            return Ok(vec![DeliveryReport {
                provider: KIND,
                message_id: id.to_owned(),
                status,
                error_code,
            }]);
        }
        let body = request.json()?;
        let Some(message) = body.get("message") else {
            return Err(WebhookError::Malformed("no message object"));
        };
        let id = message.get("id").and_then(Value::as_str).unwrap_or("");
        check_id(id)?;
        let status = message
            .get("status")
            .and_then(Value::as_str)
            .ok_or(WebhookError::Malformed("message status missing"))?;
        let Some(status) = conversation_status(status)? else {
            return Ok(vec![]);
        };
        let error_code = message.pointer("/error/code").and_then(|c| match c {
            Value::Number(n) => Some(n.to_string()),
            Value::String(s) if is_token(s, 16, b"") => Some(s.clone()),
            _ => None,
        });
        Ok(vec![DeliveryReport {
            provider: KIND,
            message_id: id.to_owned(),
            status,
            error_code,
        }])
    }
}

#[cfg(test)]
#[path = "messagebird_tests.rs"]
mod tests;
