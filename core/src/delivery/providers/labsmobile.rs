//! LabsMobile (`api.labsmobile.com`): SMS only, through the JSON API.
//!
//! Written from LabsMobile's published API documentation:
//! * JSON API (send, callbacks, results and errors): <https://apidocs.labsmobile.com/>
//! * http/POST JSON API: <https://www.labsmobile.com/en/sms-api/api-versions/http-rest-post-json>
//! * ACK confirmations (HTTP/POST and HTTP/GET interface manuals v2.15 / v1.12, "Receive
//!   confirmations (ACKs)", changelog v2.11–v2.12)
//!
//! **Request.** `POST {base}/json/send`, HTTP basic auth `username:API token`,
//! `Content-Type: application/json`, body `{"message", "tpoa", "recipient": [{"msisdn"}],
//! "ackurl"}`; `msisdn` is the number with its country code and no `+`/`00`. Texts must be
//! GSM 03.38 (at most 160 septets) or are sent with `"ucs2": "1"` (at most 70 characters),
//! as the documentation says ("Otherwise you must send ucs2 parameter").
//!
//! **Sender rules (`tpoa`).** "May have a numeric (maximum length, 14 digits) or an
//! alphanumeric (maximum capacity, 11 characters) value"; numbers go without `+`. Only some
//! operators honour an alphanumeric sender; the account default (`LABSMOBILE`) is used
//! otherwise.
//!
//! **Response.** JSON `{"code", "message", "subid"}`; `code` `0` ("Message has been
//! successfully sent") → accepted, `subid` kept (LabsMobile creates it and repeats it in every
//! ACK). Documented error codes (10 missing data, 11 badly formed data, 20/21 message missing
//! or empty, 23 no recipients, 24 too many recipients, 27 invalid characters, 28 subid too
//! long, 35 not enough credit, 39 bad `scheduled` value, and the further codes of the results
//! table) → [`SendError::Rejected`] with the code; 30 "There was an error while sending the
//! message" → [`SendError::Unavailable`] (maybe sent: it is not known how far it got); HTTP
//! or body code 401/403 → unauthorized; 429 → rate limited; HTTP 5xx → unavailable (maybe
//! sent).
//!
//! **Receipts (ACKs).** LabsMobile calls the per-message `ackurl` (GET query or POST form)
//! with `acklevel` (`gateway`, `operator`, `handset`), `status` (`ok`, or `error`/`ko`),
//! `subid`, `msisdn` and `timestamp`. LabsMobile signs nothing, so the adapter appends a
//! secret token (`?otpkit_token=…`, [`TOKEN_PARAM`]) to every `ackurl` it sends and refuses
//! ACKs whose token is missing or differs (constant-time [`check_token`]). Mapping: `ok` at
//! `gateway` → Accepted, at `operator` → Sent, at `handset` → Delivered; `error`/`ko` at any
//! level → Failed (an `error` field, when present, is kept as the error code).
//!
//! **Idempotency.** LabsMobile documents no idempotency key (its "anti-duplicates" account
//! filter is a setting, not a per-request guarantee), so a request that may have reached it
//! is never repeated ([`Idempotency::None`]).
//!
//! **Not confirmed from the documentation**: the meaning of result codes 22, 25, 26, 29,
//! 31–33, 40, 41, 51 and 52 (they are mapped like every other non-zero code: rejected, code
//! kept); whether numeric senders may have 14 or 15 digits (the JSON API text says 14; 14 is
//! enforced); the exact spelling of a failed ACK's `status` (`error` and `ko` are both read);
//! the `ucs2` value (`"1"`, as in LabsMobile's own client library).

use super::common::{
    self, check_query_token, json_code, normalize_base_url, printable, protocol, redacted_debug,
    sender_digits, status_error, tokened_callback, valid_url_token,
};
use crate::delivery::error::{detail, SendError, WebhookError};
use crate::delivery::http::{HttpRequest, HttpResponse, Method};
use crate::delivery::message::OutboundMessage;
use crate::delivery::provider::{Accepted, Idempotency, Provider, ProviderKind};
use crate::delivery::receipt::{field, DeliveryReport, DeliveryStatus, WebhookRequest};
use crate::delivery::sender_id::{SenderId, SenderIdError};
use crate::server::Channel;
use serde_json::{json, Value};
use zeroize::Zeroizing;

/// The API host.
pub const DEFAULT_BASE_URL: &str = "https://api.labsmobile.com";
/// Query parameter holding the ACK token on every `ackurl`.
pub const TOKEN_PARAM: &str = common::TOKEN_PARAM;
/// Longest numeric `tpoa` (digits).
pub const MAX_NUMERIC_TPOA: usize = 14;

const KIND: ProviderKind = ProviderKind::LabsMobile;

/// Credentials. Secrets are wiped on drop and never printed.
#[derive(Clone)]
pub struct LabsMobileConfig {
    /// The account's username (its sign-up e-mail).
    pub username: String,
    /// An API token from the account's API settings (the basic-auth password).
    pub api_token: Zeroizing<String>,
    /// Secret appended to every `ackurl` as [`TOKEN_PARAM`] and required on ACKs
    /// (16–128 characters `A-Z a-z 0-9 - _ . ~`).
    pub ack_token: Zeroizing<String>,
    /// `https://` API root without `/json` (a loopback `http://` for fakes).
    pub base_url: String,
}

impl LabsMobileConfig {
    /// A configuration for the real API host.
    pub fn new(username: &str, api_token: &str, ack_token: &str) -> Self {
        Self {
            username: username.to_owned(),
            api_token: Zeroizing::new(api_token.to_owned()),
            ack_token: Zeroizing::new(ack_token.to_owned()),
            base_url: DEFAULT_BASE_URL.to_owned(),
        }
    }
}

redacted_debug!(LabsMobileConfig {
    username,
    api_token: secret,
    ack_token: secret,
    base_url,
});

/// The LabsMobile adapter.
#[derive(Debug, Clone)]
pub struct LabsMobile {
    config: LabsMobileConfig,
}

fn invalid(reason: &'static str) -> SendError {
    common::invalid(KIND, reason)
}

/// GSM 03.38 basic characters (one septet each).
const GSM_BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?\
¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
/// GSM 03.38 extension characters (two septets each).
const GSM_EXTENSION: &str = "^{}\\[~]|€\u{c}";

/// The text's length in GSM septets, or `None` if it needs UCS-2.
pub fn gsm_septets(text: &str) -> Option<usize> {
    text.chars().try_fold(0usize, |n, c| {
        if GSM_BASIC.contains(c) {
            Some(n + 1)
        } else if GSM_EXTENSION.contains(c) {
            Some(n + 2)
        } else {
            None
        }
    })
}

/// The answer's `code` as text (a string trimmed), `None` when absent or blank.
fn code_of(v: Option<&Value>) -> Option<String> {
    json_code(v)
        .map(|c| detail(c.trim()))
        .filter(|c| !c.is_empty())
}

impl LabsMobile {
    /// Validates the configuration (typed [`SendError::Invalid`]).
    pub fn new(mut config: LabsMobileConfig) -> Result<Self, SendError> {
        if config.username.trim().is_empty()
            || config.username.contains(':')
            || config.username.chars().any(char::is_control)
        {
            return Err(invalid(
                "LabsMobile username is empty or has ':' or control characters",
            ));
        }
        if !printable(&config.api_token) {
            return Err(invalid(
                "LabsMobile API token is empty or has control characters",
            ));
        }
        if !valid_url_token(&config.ack_token) {
            return Err(invalid(
                "ACK token must be 16-128 characters A-Z a-z 0-9 - _ . ~",
            ));
        }
        if !normalize_base_url(&mut config.base_url) {
            return Err(invalid(
                "LabsMobile base URL must be https:// without query",
            ));
        }
        Ok(Self { config })
    }
}

impl Provider for LabsMobile {
    fn kind(&self) -> ProviderKind {
        KIND
    }

    fn supports(&self, channel: Channel) -> bool {
        channel == Channel::Sms
    }

    fn check_sender(
        &self,
        channel: Channel,
        sender: &SenderId,
        _country: Option<&str>,
    ) -> Result<(), SenderIdError> {
        if channel != Channel::Sms {
            return Err(SenderIdError::Provider("LabsMobile sends SMS only"));
        }
        match sender {
            SenderId::Number(n) if n.digits().len() > MAX_NUMERIC_TPOA => Err(
                SenderIdError::Provider("LabsMobile numeric senders have at most 14 digits"),
            ),
            _ => Ok(()),
        }
    }

    fn request(&self, m: &OutboundMessage<'_>) -> Result<HttpRequest, SendError> {
        if m.channel != Channel::Sms {
            return Err(invalid("LabsMobile sends SMS only"));
        }
        self.check_sender(m.channel, m.from, None)
            .map_err(|_| invalid("LabsMobile numeric senders have at most 14 digits"))?;
        let tpoa = sender_digits(m.from);
        let mut body = json!({
            "message": m.text,
            "tpoa": tpoa,
            "recipient": [{"msisdn": m.to.digits()}],
        });
        match gsm_septets(m.text) {
            Some(n) if n <= 160 => {}
            Some(_) => return Err(invalid("GSM text longer than 160 characters")),
            None if m.text.chars().count() <= 70 => body["ucs2"] = json!("1"),
            None => return Err(invalid("Unicode text longer than 70 characters")),
        }
        if let Some(url) = m.callback_url {
            body["ackurl"] = json!(tokened_callback(KIND, url, &self.config.ack_token)?);
        }
        Ok(
            HttpRequest::new(Method::Post, format!("{}/json/send", self.config.base_url))
                .basic_auth(&self.config.username, &self.config.api_token)
                .json(&body),
        )
    }

    fn response(&self, r: &HttpResponse) -> Result<Accepted, SendError> {
        let protocol = |what: String| protocol(KIND, what);
        if let Some(e) = status_error(KIND, r) {
            return Err(e);
        }
        if !matches!(r.status, 200 | 400) {
            return Err(protocol(format!("unexpected HTTP {}", r.status)));
        }
        let body = r
            .json()
            .ok_or_else(|| protocol("answer is not JSON".into()))?;
        let code =
            code_of(body.get("code")).ok_or_else(|| protocol("answer without a code".into()))?;
        let message = detail(body.get("message").and_then(Value::as_str).unwrap_or(""));
        match code.as_str() {
            "0" => {
                let subid = body
                    .get("subid")
                    .and_then(Value::as_str)
                    .filter(|s| !s.is_empty())
                    .ok_or_else(|| protocol("success answer without a subid".into()))?;
                Ok(Accepted {
                    provider: KIND,
                    message_id: subid.to_owned(),
                    status: DeliveryStatus::Accepted,
                })
            }
            "401" | "403" => Err(SendError::Unauthorized {
                provider: KIND,
                status: r.status,
            }),
            "30" => Err(SendError::Unavailable {
                provider: KIND,
                maybe_sent: true,
                detail: message,
            }),
            _ => Err(SendError::Rejected {
                provider: KIND,
                status: r.status,
                code: Some(code),
                detail: message,
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
        check_query_token(request, TOKEN_PARAM, &self.config.ack_token)?;
        let mut fields = request.query();
        if request.method.eq_ignore_ascii_case("POST") {
            fields.extend(request.form());
        }
        let get = |k: &str| field(&fields, k).filter(|v| !v.is_empty());
        let subid = get("subid").ok_or(WebhookError::Malformed("ACK without subid"))?;
        let level = get("acklevel").ok_or(WebhookError::Malformed("ACK without acklevel"))?;
        let state = get("status").ok_or(WebhookError::Malformed("ACK without status"))?;
        let ok = if state.eq_ignore_ascii_case("ok") {
            true
        } else if state.eq_ignore_ascii_case("error") || state.eq_ignore_ascii_case("ko") {
            false
        } else {
            return Err(WebhookError::Malformed("unknown LabsMobile ACK status"));
        };
        let level = level.to_ascii_lowercase();
        let status = match (level.as_str(), ok) {
            ("gateway" | "operator" | "handset", false) => DeliveryStatus::Failed,
            ("gateway", true) => DeliveryStatus::Accepted,
            ("operator", true) => DeliveryStatus::Sent,
            ("handset", true) => DeliveryStatus::Delivered,
            _ => return Err(WebhookError::Malformed("unknown LabsMobile ACK level")),
        };
        Ok(vec![DeliveryReport {
            provider: KIND,
            message_id: subid.to_owned(),
            status,
            error_code: (!ok).then(|| detail(get("error").unwrap_or(state))),
        }])
    }
}

#[cfg(test)]
#[path = "labsmobile_tests.rs"]
mod tests;
