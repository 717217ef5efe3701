//! Twilio: Programmable Messaging (SMS and WhatsApp) and Programmable Voice.
//!
//! Written from Twilio's published documentation:
//! * Message resource, create: <https://www.twilio.com/docs/messaging/api/message-resource>
//!   (`POST /2010-04-01/Accounts/{AccountSid}/Messages.json`, form fields `To`, `From`, `Body`,
//!   `StatusCallback`, `ContentSid`, `ContentVariables`; answer `201` with `sid`, `status`).
//! * WhatsApp: <https://www.twilio.com/docs/whatsapp/api> (`whatsapp:`-prefixed `To`/`From`)
//!   and authentication templates <https://www.twilio.com/docs/content/whatsappauthentication>
//!   (a `whatsapp/authentication` Content template takes exactly one variable, the code, which
//!   must be under 15 characters: `ContentVariables={"1":"<code>"}`).
//! * Call resource, create: <https://www.twilio.com/docs/voice/api/call-resource>
//!   (`POST /2010-04-01/Accounts/{AccountSid}/Calls.json` with `To`, `From`, inline `Twiml`
//!   of at most 4000 characters, `StatusCallback`) and TwiML `<Say>`
//!   <https://www.twilio.com/docs/voice/twiml/say> (`language`, `voice`, `loop`).
//! * Errors: <https://www.twilio.com/docs/usage/twilios-response> and
//!   <https://www.twilio.com/docs/api/errors> — a JSON body `{code, message, more_info,
//!   status}`; e.g. 20003 authentication (401), 20429 too many requests (429), 21211 invalid
//!   `To`, 21212 invalid `From`, 21408 region not enabled, 21610 recipient unsubscribed
//!   (STOP), 21614 not a mobile number, 63016 WhatsApp outside the 24 h window.
//! * Status callbacks: <https://www.twilio.com/docs/messaging/guides/track-outbound-message-status>
//!   (form POST with `MessageSid`, `MessageStatus` queued/sending/sent/delivered/undelivered/
//!   failed/read, `ErrorCode`, `AccountSid`) and the call status callback (`CallSid`,
//!   `CallStatus` completed/busy/no-answer/failed/canceled).
//! * Webhook security: <https://www.twilio.com/docs/usage/webhooks/webhooks-security> —
//!   `X-Twilio-Signature` = base64(HMAC-SHA1(auth token, full URL as configured, including
//!   the query, followed by every POST parameter sorted by name, each name immediately
//!   followed by its value)).
//! * Alphanumeric sender IDs: <https://help.twilio.com/articles/223133767> — up to 11
//!   characters, letters, digits and spaces (Twilio also lists `+ - & _`, which otpkit's
//!   generic rule refuses), at least one letter; not for WhatsApp or voice, not in the US or
//!   Canada. Twilio adds no rule beyond [`SenderId::check_for`], so `check_sender` is the
//!   default.
//!
//! Auth: HTTP basic with `AccountSid:AuthToken`, or an API key `SKxxx:secret` (the path keeps
//! the account SID). Webhooks are always signed with the account's auth token, so the token is
//! required even when an API key sends.
//!
//! Idempotency: Twilio documents no idempotency key for creating messages or calls (its
//! `I-Twilio-Idempotency-Token` header is on the webhooks Twilio sends, not on API requests),
//! so [`Idempotency::None`]: a timeout or 5xx is never retried; 429 and refused connections
//! are.
//!
//! Voice reads the message text with the code spelled digit by digit ("4, 8, 2, ...") so the
//! text-to-speech engine does not read it as a number; if the text does not contain the code,
//! the spelled code is appended after it.

use crate::delivery::error::{detail, SendError, WebhookError};
use crate::delivery::http::{HttpRequest, HttpResponse, Method};
use crate::delivery::message::OutboundMessage;
use crate::delivery::provider::{Accepted, Idempotency, Provider, ProviderKind};
use crate::delivery::receipt::{ct_eq, field, DeliveryReport, DeliveryStatus, WebhookRequest};
use crate::delivery::sender_id::SenderId;
use crate::server::Channel;
use base64::Engine as _;
use hmac::{KeyInit, Mac};
use std::fmt;
use zeroize::Zeroizing;

/// The real API host.
pub const TWILIO_API: &str = "https://api.twilio.com";
/// Longest inline TwiML Twilio takes on a call.
pub const MAX_TWIML: usize = 4000;
/// Longest code a WhatsApp authentication template takes (Twilio: "less than 15").
pub const MAX_TEMPLATE_CODE: usize = 14;

const KIND: ProviderKind = ProviderKind::Twilio;

/// An API key used instead of the auth token to send (`SK…` SID and its secret).
#[derive(Clone)]
pub struct TwilioApiKey {
    pub sid: String,
    pub secret: Zeroizing<String>,
}

impl fmt::Debug for TwilioApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TwilioApiKey({}, <redacted>)", self.sid)
    }
}

/// Twilio account, credentials and per-channel options.
#[derive(Clone)]
pub struct TwilioConfig {
    /// `AC` + 32 hex digits.
    pub account_sid: String,
    /// Signs webhooks; also the basic-auth password unless `api_key` is set.
    pub auth_token: Zeroizing<String>,
    /// Send with this API key instead of the auth token.
    pub api_key: Option<TwilioApiKey>,
    /// `https://api.twilio.com` (an `http://` loopback URL for the fakes).
    pub base_url: String,
    /// A `whatsapp/authentication` Content template (`HX` + 32 hex digits): WhatsApp codes
    /// go out as this template with the code as its only variable. Without one, WhatsApp gets
    /// the plain text `Body`, which WhatsApp only delivers inside a 24-hour session the user
    /// opened (error 63016 otherwise).
    pub whatsapp_content_sid: Option<String>,
    /// Whether voice calls are made (needs a voice-capable `From` number).
    pub voice: bool,
    /// `<Say language=…>`, e.g. `en-US`, `en-GB`, `de-DE`.
    pub voice_language: String,
    /// `<Say voice=…>`, e.g. `alice` or `Polly.Amy`; Twilio's default when `None`.
    pub voice_name: Option<String>,
    /// How many times the text is read (`<Say loop=…>`), 1..=5.
    pub voice_repeat: u8,
}

impl TwilioConfig {
    /// Account and token with the defaults: real API host, no WhatsApp template, voice on,
    /// `en-US`, read twice.
    pub fn new(account_sid: &str, auth_token: &str) -> Self {
        Self {
            account_sid: account_sid.to_owned(),
            auth_token: Zeroizing::new(auth_token.to_owned()),
            api_key: None,
            base_url: TWILIO_API.to_owned(),
            whatsapp_content_sid: None,
            voice: true,
            voice_language: "en-US".to_owned(),
            voice_name: None,
            voice_repeat: 2,
        }
    }
}

impl fmt::Debug for TwilioConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TwilioConfig")
            .field("account_sid", &self.account_sid)
            .field("auth_token", &"<redacted>")
            .field("api_key", &self.api_key)
            .field("base_url", &self.base_url)
            .field("whatsapp_content_sid", &self.whatsapp_content_sid)
            .field("voice", &self.voice)
            .field("voice_language", &self.voice_language)
            .field("voice_name", &self.voice_name)
            .field("voice_repeat", &self.voice_repeat)
            .finish()
    }
}

/// The Twilio adapter.
#[derive(Debug, Clone)]
pub struct Twilio {
    config: TwilioConfig,
}

fn invalid(reason: &'static str) -> SendError {
    SendError::Invalid {
        provider: KIND,
        reason,
    }
}

/// `prefix` followed by exactly 32 hex digits (Twilio SIDs).
fn is_sid(s: &str, prefix: &str) -> bool {
    s.len() == 34 && s.starts_with(prefix) && s[2..].bytes().all(|b| b.is_ascii_hexdigit())
}

fn is_language_tag(s: &str) -> bool {
    (2..=12).contains(&s.len())
        && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !s.starts_with('-')
}

impl Twilio {
    /// Checks the configuration (SID shapes, non-empty token, base URL, voice options).
    pub fn new(config: TwilioConfig) -> Result<Self, SendError> {
        if !is_sid(&config.account_sid, "AC") {
            return Err(invalid("account SID must be AC followed by 32 hex digits"));
        }
        if config.auth_token.is_empty() {
            return Err(invalid("auth token is empty"));
        }
        if let Some(key) = &config.api_key {
            if !is_sid(&key.sid, "SK") {
                return Err(invalid("API key SID must be SK followed by 32 hex digits"));
            }
            if key.secret.is_empty() {
                return Err(invalid("API key secret is empty"));
            }
        }
        crate::delivery::http::check_url(&config.base_url)
            .map_err(|_| invalid("base URL must be https (or http to a loopback host)"))?;
        if config.base_url.ends_with('/') {
            return Err(invalid("base URL must not end with '/'"));
        }
        if let Some(sid) = &config.whatsapp_content_sid {
            if !is_sid(sid, "HX") {
                return Err(invalid("content SID must be HX followed by 32 hex digits"));
            }
        }
        if !is_language_tag(&config.voice_language) {
            return Err(invalid("voice language must be a tag such as en-US"));
        }
        if let Some(v) = &config.voice_name {
            if v.is_empty()
                || v.len() > 64
                || !v
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-._".contains(&b))
            {
                return Err(invalid("voice name must be letters, digits, '-', '.', '_'"));
            }
        }
        if !(1..=5).contains(&config.voice_repeat) {
            return Err(invalid("voice repeat must be 1-5"));
        }
        Ok(Self { config })
    }

    pub fn config(&self) -> &TwilioConfig {
        &self.config
    }

    fn endpoint(&self, resource: &str) -> String {
        format!(
            "{}/2010-04-01/Accounts/{}/{resource}.json",
            self.config.base_url, self.config.account_sid
        )
    }

    fn authorized(&self, request: HttpRequest) -> HttpRequest {
        match &self.config.api_key {
            Some(key) => request.basic_auth(&key.sid, &key.secret),
            None => request.basic_auth(&self.config.account_sid, &self.config.auth_token),
        }
    }

    fn sender_number(m: &OutboundMessage<'_>) -> Result<String, SendError> {
        match m.from {
            SenderId::Number(n) => Ok(n.e164()),
            _ => Err(invalid("WhatsApp and voice need a phone number as sender")),
        }
    }

    /// The TwiML a call reads.
    pub fn twiml(&self, text: &str, code: &str) -> String {
        let mut say = String::from("<Say");
        say.push_str(&format!(
            " language=\"{}\"",
            xml_escape(&self.config.voice_language)
        ));
        if let Some(v) = &self.config.voice_name {
            say.push_str(&format!(" voice=\"{}\"", xml_escape(v)));
        }
        say.push_str(&format!(" loop=\"{}\">", self.config.voice_repeat));
        format!(
            "<Response>{say}{}</Say></Response>",
            xml_escape(&spoken(text, code))
        )
    }
}

/// `text` with `code` spelled digit by digit ("4, 8, 2"), or the spelled code appended.
pub(crate) fn spoken(text: &str, code: &str) -> String {
    let spelled = code
        .chars()
        .map(String::from)
        .collect::<Vec<_>>()
        .join(", ");
    if text.contains(code) {
        text.replace(code, &spelled)
    } else {
        format!("{text}. {spelled}.")
    }
}

/// `text` with every run of 4 or more digits (with a leading `+`) replaced by `…`: provider
/// error texts quote the phone number (Twilio: "The 'To' number +1500… is not a valid phone
/// number"), which must not reach an error message.
pub(crate) fn scrub_numbers(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if run.bytes().filter(u8::is_ascii_digit).count() >= 4 {
            out.push('…');
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in text.chars() {
        if c.is_ascii_digit() || (c == '+' && run.is_empty()) {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

/// Escapes `& < > " '` for XML text and attributes.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// A Twilio message or call status as a [`DeliveryStatus`] (`None`: not an outbound status).
pub fn map_status(status: &str) -> Option<DeliveryStatus> {
    Some(match status {
        // Messages.
        "accepted" | "scheduled" | "queued" => DeliveryStatus::Accepted,
        "sending" | "sent" => DeliveryStatus::Sent,
        "delivered" | "read" => DeliveryStatus::Delivered,
        "undelivered" | "failed" | "canceled" => DeliveryStatus::Failed,
        // Calls ("queued", "canceled" and "failed" as above).
        "initiated" | "ringing" => DeliveryStatus::Accepted,
        "in-progress" => DeliveryStatus::Sent,
        "completed" => DeliveryStatus::Delivered,
        "busy" | "no-answer" => DeliveryStatus::Failed,
        _ => return None,
    })
}

/// base64(HMAC-SHA1(auth token, url + sorted name/value pairs)), as Twilio signs webhooks.
pub fn signature(auth_token: &str, url: &str, params: &[(String, String)]) -> String {
    let mut sorted: Vec<&(String, String)> = params.iter().collect();
    // Sorted by name (byte order, case-sensitive); equal names keep their values in order.
    sorted.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()).then(a.1.cmp(&b.1)));
    let mut mac = <hmac::Hmac<sha1::Sha1> as KeyInit>::new_from_slice(auth_token.as_bytes())
        .expect("HMAC takes any key length");
    mac.update(url.as_bytes());
    for (k, v) in sorted {
        mac.update(k.as_bytes());
        mac.update(v.as_bytes());
    }
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// `url` with its scheme's default port removed if written (`https://h:443/p` → `https://h/p`),
/// or added if not; `None` for URLs with another port or without a known scheme.
fn with_other_port_form(url: &str) -> Option<String> {
    let (scheme, port) = if url.starts_with("https://") {
        ("https://", ":443")
    } else if url.starts_with("http://") {
        ("http://", ":80")
    } else {
        return None;
    };
    let rest = &url[scheme.len()..];
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    if let Some(host) = authority.strip_suffix(port) {
        return Some(format!("{scheme}{host}{tail}"));
    }
    let host_part = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    if host_part
        .rsplit_once(':')
        .is_some_and(|(_, p)| !p.ends_with(']'))
    {
        return None; // another explicit port
    }
    Some(format!("{scheme}{authority}{port}{tail}"))
}

/// A Twilio JSON error body's `code` and `message`.
fn error_fields(r: &HttpResponse) -> Option<(String, String)> {
    let v = r.json()?;
    let code = v.get("code")?;
    let code = code
        .as_u64()
        .map(|c| c.to_string())
        .or_else(|| code.as_str().map(str::to_owned))?;
    let message = v.get("message").and_then(|m| m.as_str()).unwrap_or("");
    Some((code, detail(&scrub_numbers(message))))
}

impl Provider for Twilio {
    fn kind(&self) -> ProviderKind {
        KIND
    }

    fn supports(&self, channel: Channel) -> bool {
        match channel {
            Channel::Sms | Channel::WhatsApp => true,
            Channel::Voice => self.config.voice,
            Channel::Email => false,
        }
    }

    fn request(&self, m: &OutboundMessage<'_>) -> Result<HttpRequest, SendError> {
        let to = m.to.e164();
        let mut fields: Vec<(&str, String)> = Vec::with_capacity(6);
        let url = match m.channel {
            Channel::Sms => {
                fields.push(("To", to));
                fields.push(("From", m.from.as_from()));
                fields.push(("Body", m.text.to_owned()));
                self.endpoint("Messages")
            }
            Channel::WhatsApp => {
                fields.push(("To", format!("whatsapp:{to}")));
                fields.push(("From", format!("whatsapp:{}", Self::sender_number(m)?)));
                match &self.config.whatsapp_content_sid {
                    Some(sid) => {
                        if m.code.chars().count() > MAX_TEMPLATE_CODE {
                            return Err(invalid(
                                "WhatsApp authentication templates take codes under 15 characters",
                            ));
                        }
                        fields.push(("ContentSid", sid.clone()));
                        fields.push((
                            "ContentVariables",
                            serde_json::json!({ "1": m.code }).to_string(),
                        ));
                    }
                    None => fields.push(("Body", m.text.to_owned())),
                }
                self.endpoint("Messages")
            }
            Channel::Voice if self.config.voice => {
                let twiml = self.twiml(m.text, m.code);
                if twiml.chars().count() > MAX_TWIML {
                    return Err(invalid("voice text too long for inline TwiML (4000)"));
                }
                fields.push(("To", to));
                fields.push(("From", Self::sender_number(m)?));
                fields.push(("Twiml", twiml));
                self.endpoint("Calls")
            }
            _ => {
                return Err(invalid(
                    "channel not supported by this Twilio configuration",
                ))
            }
        };
        if let Some(cb) = m.callback_url {
            fields.push(("StatusCallback", cb.to_owned()));
        }
        let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let request = HttpRequest::new(Method::Post, url)
            .header("Accept", "application/json")
            .form(&pairs);
        // The field values held the text and code: wipe them.
        for (_, v) in fields.iter_mut() {
            zeroize::Zeroize::zeroize(v);
        }
        Ok(self.authorized(request))
    }

    fn response(&self, r: &HttpResponse) -> Result<Accepted, SendError> {
        match r.status {
            200 | 201 => {
                let v = r.json().ok_or_else(|| SendError::Protocol {
                    provider: KIND,
                    detail: "success body is not JSON".into(),
                })?;
                let sid = v
                    .get("sid")
                    .and_then(|s| s.as_str())
                    .filter(|s| {
                        !s.is_empty()
                            && s.len() <= 64
                            && s.bytes().all(|b| b.is_ascii_alphanumeric())
                    })
                    .ok_or_else(|| SendError::Protocol {
                        provider: KIND,
                        detail: "success body has no sid".into(),
                    })?;
                let status = v
                    .get("status")
                    .and_then(|s| s.as_str())
                    .and_then(map_status)
                    .unwrap_or(DeliveryStatus::Accepted);
                Ok(Accepted {
                    provider: KIND,
                    message_id: sid.to_owned(),
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
            s @ 400..=499 => match error_fields(r) {
                Some((code, detail)) => Err(SendError::Rejected {
                    provider: KIND,
                    status: s,
                    code: Some(code),
                    detail,
                }),
                None => Err(SendError::Protocol {
                    provider: KIND,
                    detail: format!("HTTP {s} without a Twilio error body"),
                }),
            },
            s => Err(SendError::Protocol {
                provider: KIND,
                detail: format!("unexpected HTTP {s}"),
            }),
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
        if !request.method.eq_ignore_ascii_case("POST") {
            return Err(WebhookError::Malformed(
                "status callbacks are POST requests",
            ));
        }
        let given = request
            .header("X-Twilio-Signature")
            .ok_or(WebhookError::Unauthenticated("X-Twilio-Signature missing"))?;
        let params = request.form();
        // Twilio's own validators accept the URL with or without the scheme's default port
        // (Twilio may sign either form); any other difference fails.
        let given = given.trim().as_bytes();
        let matches = |url: &str| {
            let expected = signature(&self.config.auth_token, url, &params);
            ct_eq(given, expected.as_bytes())
        };
        let alternate = with_other_port_form(request.url);
        if !matches(request.url) && !alternate.as_deref().is_some_and(matches) {
            return Err(WebhookError::Unauthenticated(
                "X-Twilio-Signature does not match",
            ));
        }
        // Signed by this account's token; the account must be ours as well.
        if let Some(account) = field(&params, "AccountSid") {
            if account != self.config.account_sid {
                return Err(WebhookError::Unauthenticated(
                    "callback for another account",
                ));
            }
        }
        let (id, status) = if let Some(sid) = field(&params, "MessageSid") {
            let status = field(&params, "MessageStatus")
                .or_else(|| field(&params, "SmsStatus"))
                .ok_or(WebhookError::Malformed("MessageStatus missing"))?;
            (sid, status)
        } else if let Some(sid) = field(&params, "CallSid") {
            let status = field(&params, "CallStatus")
                .ok_or(WebhookError::Malformed("CallStatus missing"))?;
            (sid, status)
        } else {
            return Err(WebhookError::Malformed("neither MessageSid nor CallSid"));
        };
        let Some(status) = map_status(status) else {
            // Inbound ("received", "receiving") or a status otpkit does not track.
            return Ok(vec![]);
        };
        let error_code = field(&params, "ErrorCode")
            .filter(|c| !c.is_empty() && c.len() <= 16 && c.bytes().all(|b| b.is_ascii_digit()))
            .map(str::to_owned);
        Ok(vec![DeliveryReport {
            provider: KIND,
            message_id: id.to_owned(),
            status,
            error_code,
        }])
    }
}

#[cfg(test)]
#[path = "twilio_tests.rs"]
mod tests;
