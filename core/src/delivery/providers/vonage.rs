//! Vonage: the Messages API (SMS and WhatsApp) and the Voice API.
//!
//! Written from Vonage's published documentation:
//! * Messages API reference: <https://developer.vonage.com/en/api/messages> —
//!   `POST https://api.nexmo.com/v1/messages`, JSON `{message_type, channel, to, from, text,
//!   client_ref, webhook_url}`; `to`/`from` are E.164 digits without `+` (an alphanumeric
//!   `from` works for SMS where the country allows it); answer `202 {"message_uuid": …}`.
//!   Auth: `Authorization: Basic base64(api_key:api_secret)` or `Bearer <application JWT>`.
//! * Errors: <https://developer.vonage.com/en/api-errors> and
//!   <https://developer.vonage.com/en/api-errors/messages> — RFC 7807 bodies `{type, title,
//!   detail, instance}` whose `type` ends in the code (`…/messages#1150`, `…#low-balance`):
//!   401 unauthorized, 402 low balance, 422 invalid parameters (1150, 1120 illegal sender,
//!   1160 non-whitelisted destination), 429 throttled (1000).
//! * WhatsApp: business-initiated messages must be templates; authentication templates
//!   (one-time-password button) go through the `custom` object, which passes WhatsApp's own
//!   template object through (`language.code` with an underscore, e.g. `en_US`; the code is
//!   the body parameter and the copy-code/url button parameter):
//!   <https://api.support.vonage.com/hc/en-us/articles/360044100412>. Without a configured
//!   template, `message_type: "text"`, delivered only inside a 24-hour customer window.
//! * Status webhooks: <https://developer.vonage.com/en/messages/concepts/messages-status-callbacks>
//!   — JSON `{message_uuid, to, from, timestamp, status, error{type,title,detail}, client_ref,
//!   channel}` with status `submitted`, `delivered`, `read`, `rejected`, `undeliverable`.
//! * Signed webhooks: <https://developer.vonage.com/en/messages/concepts/signed-webhooks> —
//!   `Authorization: Bearer <JWT>`, HS256 with the account's signature secret, claims `iat`,
//!   `jti`, `api_key`, `application_id`, `payload_hash` (hex SHA-256 of the body). otpkit
//!   requires the signature, a matching `payload_hash`, the configured `api_key` when the claim
//!   is present, and an `iat` within `webhook_max_age` of `now` (Vonage's example checks five
//!   minutes). Vonage notes that on an internal error it may send an unsigned callback and
//!   retries on a 5xx answer: such a callback is refused here ([`WebhookError::Unauthenticated`]).
//! * Voice: `POST https://api.nexmo.com/v1/calls` <https://developer.vonage.com/en/api/voice>
//!   with `to: [{type: "phone", number}]`, `from: {type: "phone", number}`, an NCCO
//!   `[{action: "talk", text, language, style, loop}]`
//!   (<https://developer.vonage.com/en/voice/voice-api/ncco-reference#talk>) and `event_url`;
//!   answer `201 {uuid, status, direction, conversation_uuid}`. It needs an application JWT
//!   (<https://developer.vonage.com/en/getting-started/concepts/authentication#json-web-tokens>):
//!   RS256 with the application's private key, claims `application_id`, `iat`, `jti`, `exp`.
//!   Call events (`started`, `ringing`, `answered`, `completed`, `busy`, `cancelled`, `failed`,
//!   `rejected`, `timeout`, `unanswered`) are signed the same way only when the application
//!   has `signed_callbacks` on (a Developer Preview of the Voice API): turn it on, since
//!   unsigned events are refused.
//! * Sender ids: the SMS API reference says spaces in an alphanumeric `from` are ignored, so a
//!   sender id with a space would arrive changed; [`Provider::check_sender`] refuses it.
//!
//! Idempotency: Vonage documents no idempotency key (`client_ref` is only echoed in status
//! webhooks), so [`Idempotency::None`]: timeouts and 5xx are not retried.
//!
//! Not confirmed from the documentation (and how this adapter chose): whether voice event
//! webhooks carry `payload_hash` (required here, as for Messages); that `webhook_url` is
//! honoured for SMS as for other channels (sent when the message has a callback URL); that a
//! `completed` call event follows an unanswered call (only `answered`, or `completed` with a
//! `duration` above zero, count as delivered).

use crate::clock::{SystemTimeSource, TimeSource};
use crate::delivery::error::{detail, SendError, WebhookError};
use crate::delivery::http::{HttpRequest, HttpResponse, Method};
use crate::delivery::message::OutboundMessage;
use crate::delivery::provider::{Accepted, Idempotency, Provider, ProviderKind};
use crate::delivery::receipt::{DeliveryReport, DeliveryStatus, WebhookRequest};
use crate::delivery::sender_id::{SenderId, SenderIdError};
use crate::server::Channel;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{json, Value};
use std::fmt;
use std::sync::Arc;
use zeroize::Zeroizing;

/// The real API host.
pub const VONAGE_API: &str = "https://api.nexmo.com";
/// Longest text a `talk` action reads.
pub const MAX_TALK: usize = 1500;
/// Longest text of a Messages API text message.
pub const MAX_TEXT: usize = 1000;
/// Clock skew allowed for a webhook JWT issued "in the future" (seconds).
pub const WEBHOOK_SKEW: u64 = 60;

const KIND: ProviderKind = ProviderKind::Vonage;

/// How Messages API requests authenticate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VonageAuth {
    /// `Basic base64(api_key:api_secret)`.
    Basic,
    /// `Bearer` an application JWT (needs [`VonageConfig::application`]).
    Jwt,
}

/// A Vonage application: its id and private key (PEM, PKCS#8 as the dashboard gives it).
#[derive(Clone)]
pub struct VonageApplication {
    pub id: String,
    pub private_key_pem: Zeroizing<String>,
}

impl fmt::Debug for VonageApplication {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "VonageApplication({}, <redacted key>)", self.id)
    }
}

/// A WhatsApp authentication template approved for the business number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VonageWhatsAppTemplate {
    pub name: String,
    /// WhatsApp's language code with an underscore, e.g. `en_US`, `pt_BR`, `de`.
    pub language: String,
}

/// Vonage account, credentials and per-channel options.
#[derive(Clone)]
pub struct VonageConfig {
    pub api_key: String,
    /// Basic auth for the Messages API (unused, and may be empty, with [`VonageAuth::Jwt`]).
    pub api_secret: Zeroizing<String>,
    /// Verifies signed webhooks (HS256).
    pub signature_secret: Zeroizing<String>,
    /// Needed for voice and for [`VonageAuth::Jwt`].
    pub application: Option<VonageApplication>,
    pub messages_auth: VonageAuth,
    /// `https://api.nexmo.com` (an `http://` loopback URL for the fakes).
    pub base_url: String,
    /// WhatsApp codes go out as this template; without one, as plain text.
    pub whatsapp_template: Option<VonageWhatsAppTemplate>,
    /// `talk` language (BCP 47, e.g. `en-US`, `en-GB`).
    pub voice_language: String,
    /// `talk` style (voice variant of the language), 0 by default.
    pub voice_style: u8,
    /// How many times the text is read (`talk` loop), 1..=5.
    pub voice_repeat: u8,
    /// Oldest webhook JWT accepted (seconds since its `iat`), 1..=3600.
    pub webhook_max_age: u64,
    /// Lifetime of the application JWTs this adapter signs (seconds), 1..=86400.
    pub jwt_ttl: u64,
    /// Time for the application JWTs' `iat`/`exp`.
    pub clock: Arc<dyn TimeSource>,
}

impl VonageConfig {
    /// Key, secret and signature secret with the defaults: real API host, Basic auth, no
    /// application (no voice), no WhatsApp template, `en-US` read twice, five-minute webhook age.
    pub fn new(api_key: &str, api_secret: &str, signature_secret: &str) -> Self {
        Self {
            api_key: api_key.to_owned(),
            api_secret: Zeroizing::new(api_secret.to_owned()),
            signature_secret: Zeroizing::new(signature_secret.to_owned()),
            application: None,
            messages_auth: VonageAuth::Basic,
            base_url: VONAGE_API.to_owned(),
            whatsapp_template: None,
            voice_language: "en-US".to_owned(),
            voice_style: 0,
            voice_repeat: 2,
            webhook_max_age: 300,
            jwt_ttl: 300,
            clock: Arc::new(SystemTimeSource),
        }
    }
}

impl fmt::Debug for VonageConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VonageConfig")
            .field("api_key", &self.api_key)
            .field("api_secret", &"<redacted>")
            .field("signature_secret", &"<redacted>")
            .field("application", &self.application)
            .field("messages_auth", &self.messages_auth)
            .field("base_url", &self.base_url)
            .field("whatsapp_template", &self.whatsapp_template)
            .field("voice_language", &self.voice_language)
            .field("voice_style", &self.voice_style)
            .field("voice_repeat", &self.voice_repeat)
            .field("webhook_max_age", &self.webhook_max_age)
            .field("jwt_ttl", &self.jwt_ttl)
            .finish()
    }
}

/// The Vonage adapter.
#[derive(Clone)]
pub struct Vonage {
    config: VonageConfig,
    /// The application's key, parsed once (wiped on drop by `jsonwebtoken`).
    key: Option<EncodingKey>,
}

impl fmt::Debug for Vonage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Vonage")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

fn invalid(reason: &'static str) -> SendError {
    SendError::Invalid {
        provider: KIND,
        reason,
    }
}

fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.bytes().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

fn is_code(s: &str, max: usize, extra: &[u8]) -> bool {
    !s.is_empty()
        && s.len() <= max
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || extra.contains(&b))
}

impl Vonage {
    /// Checks the configuration (credentials present, application id and private key, base
    /// URL, template and voice options).
    pub fn new(config: VonageConfig) -> Result<Self, SendError> {
        if !is_code(&config.api_key, 32, b"") {
            return Err(invalid("API key must be 1-32 ASCII letters or digits"));
        }
        if config.messages_auth == VonageAuth::Basic && config.api_secret.is_empty() {
            return Err(invalid("API secret is empty (needed for Basic auth)"));
        }
        if config.signature_secret.is_empty() {
            return Err(invalid("signature secret is empty"));
        }
        let key = match &config.application {
            Some(app) => {
                if !is_uuid(&app.id) {
                    return Err(invalid("application id must be a UUID"));
                }
                let key = EncodingKey::from_rsa_pem(app.private_key_pem.as_bytes())
                    .map_err(|_| invalid("application private key is not an RSA PEM key"))?;
                // Sign once so a key that cannot sign fails here, not on the first call.
                jsonwebtoken::encode(&Header::new(Algorithm::RS256), &json!({"iat": 0}), &key)
                    .map_err(|_| invalid("application private key cannot sign RS256"))?;
                Some(key)
            }
            None if config.messages_auth == VonageAuth::Jwt => {
                return Err(invalid("JWT auth needs an application id and private key"));
            }
            None => None,
        };
        crate::delivery::http::check_url(&config.base_url)
            .map_err(|_| invalid("base URL must be https (or http to a loopback host)"))?;
        if config.base_url.ends_with('/') {
            return Err(invalid("base URL must not end with '/'"));
        }
        if let Some(t) = &config.whatsapp_template {
            if !is_code(&t.name, 512, b"_") {
                return Err(invalid("template name must be letters, digits and '_'"));
            }
            if !is_code(&t.language, 16, b"_") {
                return Err(invalid("template language must be a code such as en_US"));
            }
        }
        if !is_code(&config.voice_language, 12, b"-") || config.voice_language.starts_with('-') {
            return Err(invalid("voice language must be a tag such as en-US"));
        }
        if !(1..=5).contains(&config.voice_repeat) {
            return Err(invalid("voice repeat must be 1-5"));
        }
        if !(1..=3600).contains(&config.webhook_max_age) {
            return Err(invalid("webhook max age must be 1-3600 seconds"));
        }
        if !(1..=86_400).contains(&config.jwt_ttl) {
            return Err(invalid("JWT lifetime must be 1-86400 seconds"));
        }
        Ok(Self { config, key })
    }

    pub fn config(&self) -> &VonageConfig {
        &self.config
    }

    /// A fresh application JWT (RS256): `application_id`, `iat`, `exp`, random `jti`.
    pub fn application_jwt(&self) -> Result<Zeroizing<String>, SendError> {
        let (Some(app), Some(key)) = (&self.config.application, &self.key) else {
            return Err(invalid("no Vonage application configured"));
        };
        let iat = self.config.clock.now_unix();
        let claims = json!({
            "application_id": app.id,
            "iat": iat,
            "exp": iat + self.config.jwt_ttl,
            "jti": format!("{:032x}", rand::random::<u128>()),
        });
        jsonwebtoken::encode(&Header::new(Algorithm::RS256), &claims, key)
            .map(Zeroizing::new)
            .map_err(|_| invalid("could not sign the application JWT"))
    }

    fn bearer(&self, request: HttpRequest) -> Result<HttpRequest, SendError> {
        let jwt = self.application_jwt()?;
        Ok(request.secret_header("Authorization", format!("Bearer {}", jwt.as_str())))
    }

    fn messages_request(&self, m: &OutboundMessage<'_>) -> Result<HttpRequest, SendError> {
        let to = m.to.digits();
        let (channel, from) = match (m.channel, m.from) {
            (Channel::Sms, SenderId::Alphanumeric(s) | SenderId::ShortCode(s)) => {
                ("sms", s.clone())
            }
            (Channel::Sms, SenderId::Number(n)) => ("sms", n.digits().to_owned()),
            (Channel::WhatsApp, SenderId::Number(n)) => ("whatsapp", n.digits().to_owned()),
            (Channel::WhatsApp, _) => {
                return Err(invalid("WhatsApp needs a phone number as sender"))
            }
            _ => {
                return Err(invalid(
                    "channel not supported by this Vonage configuration",
                ))
            }
        };
        let mut body = json!({
            "channel": channel,
            "to": to,
            "from": from,
            "client_ref": m.reference,
        });
        let template = self
            .config
            .whatsapp_template
            .as_ref()
            .filter(|_| channel == "whatsapp");
        match template {
            Some(t) => {
                body["message_type"] = json!("custom");
                body["custom"] = json!({
                    "type": "template",
                    "template": {
                        "name": t.name,
                        "language": {"policy": "deterministic", "code": t.language},
                        "components": [
                            {"type": "body", "parameters": [{"type": "text", "text": m.code}]},
                            {"type": "button", "sub_type": "url", "index": "0",
                             "parameters": [{"type": "text", "text": m.code}]},
                        ],
                    },
                });
            }
            None => {
                if m.text.chars().count() > MAX_TEXT {
                    return Err(invalid(
                        "text longer than the Messages API's 1000 characters",
                    ));
                }
                body["message_type"] = json!("text");
                body["text"] = json!(m.text);
            }
        }
        if let Some(cb) = m.callback_url {
            body["webhook_url"] = json!(cb);
        }
        let request = HttpRequest::new(
            Method::Post,
            format!("{}/v1/messages", self.config.base_url),
        )
        .header("Accept", "application/json")
        .json(&body);
        wipe(body);
        match self.config.messages_auth {
            VonageAuth::Basic => {
                Ok(request.basic_auth(&self.config.api_key, &self.config.api_secret))
            }
            VonageAuth::Jwt => self.bearer(request),
        }
    }

    fn call_request(&self, m: &OutboundMessage<'_>) -> Result<HttpRequest, SendError> {
        let SenderId::Number(from) = m.from else {
            return Err(invalid("voice needs a phone number as sender"));
        };
        let text = crate::delivery::providers::twilio::spoken(m.text, m.code);
        if text.chars().count() > MAX_TALK {
            return Err(invalid(
                "voice text longer than a talk action's 1500 characters",
            ));
        }
        let mut body = json!({
            "to": [{"type": "phone", "number": m.to.digits()}],
            "from": {"type": "phone", "number": from.digits()},
            "ncco": [{
                "action": "talk",
                "text": text,
                "language": self.config.voice_language,
                "style": self.config.voice_style,
                "loop": self.config.voice_repeat,
            }],
        });
        if let Some(cb) = m.callback_url {
            body["event_url"] = json!([cb]);
            body["event_method"] = json!("POST");
        }
        let request = HttpRequest::new(Method::Post, format!("{}/v1/calls", self.config.base_url))
            .header("Accept", "application/json")
            .json(&body);
        wipe(body);
        drop(Zeroizing::new(text));
        self.bearer(request)
    }
}

/// Wipes the strings of a JSON value that held the text and code.
fn wipe(value: Value) {
    match value {
        Value::String(s) => drop(Zeroizing::new(s)),
        Value::Array(a) => a.into_iter().for_each(wipe),
        Value::Object(o) => o.into_iter().for_each(|(_, v)| wipe(v)),
        _ => {}
    }
}

/// The code in an RFC 7807 `type` (`…/messages#1150` → `1150`, `…/#low-balance`).
fn problem_code(v: &Value) -> Option<String> {
    let t = v.get("type")?.as_str()?;
    let code = match t.rsplit_once('#') {
        Some((_, c)) => c,
        None => t.trim_end_matches('/').rsplit('/').next()?,
    };
    is_code(code, 32, b"-_").then(|| code.to_owned())
}

impl Provider for Vonage {
    fn kind(&self) -> ProviderKind {
        KIND
    }

    fn supports(&self, channel: Channel) -> bool {
        match channel {
            Channel::Sms | Channel::WhatsApp => true,
            Channel::Voice => self.key.is_some(),
            Channel::Email => false,
        }
    }

    fn check_sender(
        &self,
        _channel: Channel,
        sender: &SenderId,
        _country: Option<&str>,
    ) -> Result<(), SenderIdError> {
        match sender {
            SenderId::Alphanumeric(s) if s.contains(' ') => Err(SenderIdError::Provider(
                "Vonage drops spaces from alphanumeric sender ids; use one without spaces",
            )),
            _ => Ok(()),
        }
    }

    fn request(&self, m: &OutboundMessage<'_>) -> Result<HttpRequest, SendError> {
        match m.channel {
            Channel::Voice if self.key.is_some() => self.call_request(m),
            Channel::Sms | Channel::WhatsApp => self.messages_request(m),
            _ => Err(invalid(
                "channel not supported by this Vonage configuration",
            )),
        }
    }

    fn response(&self, r: &HttpResponse) -> Result<Accepted, SendError> {
        let protocol = |d: &str| SendError::Protocol {
            provider: KIND,
            detail: d.to_owned(),
        };
        match r.status {
            200..=202 => {
                let v = r
                    .json()
                    .ok_or_else(|| protocol("success body is not JSON"))?;
                // Messages: message_uuid; calls: uuid.
                let id = v
                    .get("message_uuid")
                    .or_else(|| v.get("uuid"))
                    .and_then(Value::as_str)
                    .filter(|id| is_code(id, 64, b"-"))
                    .ok_or_else(|| protocol("success body has no message_uuid or uuid"))?;
                let status = match v.get("status").and_then(Value::as_str) {
                    Some(s) => map_call_event(s, None).unwrap_or(DeliveryStatus::Accepted),
                    None => DeliveryStatus::Accepted,
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
            s @ 400..=499 => {
                let v = r
                    .json()
                    .ok_or_else(|| protocol(&format!("HTTP {s} without a problem body")))?;
                let code = problem_code(&v)
                    .ok_or_else(|| protocol(&format!("HTTP {s} without a problem type")))?;
                let text = v
                    .get("title")
                    .and_then(Value::as_str)
                    .or_else(|| v.get("detail").and_then(Value::as_str))
                    .unwrap_or("");
                Err(SendError::Rejected {
                    provider: KIND,
                    status: s,
                    code: Some(code),
                    detail: detail(&crate::delivery::providers::twilio::scrub_numbers(text)),
                })
            }
            s => Err(protocol(&format!("unexpected HTTP {s}"))),
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
        if !request.method.eq_ignore_ascii_case("POST") {
            return Err(WebhookError::Malformed("status webhooks are POST requests"));
        }
        self.verify(request, now)?;
        let v = request.json()?;
        let (id, status) = if let Some(id) = v.get("message_uuid").and_then(Value::as_str) {
            let status = v
                .get("status")
                .and_then(Value::as_str)
                .ok_or(WebhookError::Malformed("status missing"))?;
            (id, map_message_status(status))
        } else if let Some(id) = v.get("uuid").and_then(Value::as_str) {
            let status = v
                .get("status")
                .and_then(Value::as_str)
                .ok_or(WebhookError::Malformed("status missing"))?;
            let duration = v.get("duration").and_then(|d| {
                d.as_u64()
                    .or_else(|| d.as_str().and_then(|s| s.parse().ok()))
            });
            (id, map_call_event(status, duration))
        } else {
            return Err(WebhookError::Malformed("neither message_uuid nor uuid"));
        };
        if !is_code(id, 64, b"-") {
            return Err(WebhookError::Malformed("bad message id"));
        }
        let Some(status) = status else {
            return Ok(vec![]);
        };
        let error_code = v.get("error").and_then(|e| {
            problem_code(e).or_else(|| {
                let t = e.get("title")?;
                t.as_u64().map(|n| n.to_string()).or_else(|| {
                    t.as_str()
                        .filter(|s| is_code(s, 16, b""))
                        .map(str::to_owned)
                })
            })
        });
        Ok(vec![DeliveryReport {
            provider: KIND,
            message_id: id.to_owned(),
            status,
            error_code,
        }])
    }
}

#[path = "vonage_webhook.rs"]
mod webhook;
use webhook::map_call_event;
pub use webhook::{map_message_status, payload_hash};

#[cfg(test)]
#[path = "vonage_tests.rs"]
mod tests;
