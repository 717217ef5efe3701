//! Textlocal (UK `api.txtlocal.com`, India `api.textlocal.in`): SMS only.
//!
//! Written from Textlocal's published API documentation:
//! * Send SMS: <https://api.txtlocal.com/docs/sendsms> (India: <https://api.textlocal.in/docs/sendsms>)
//! * Handling receipts: <https://api.txtlocal.com/docs/handlingreceipts>
//! * Delivery statuses: <https://textlocal.com/support/knowledge-base/checking-your-delivery-receipts/>
//! * India DLT headers: <https://textlocal.in/dlt>
//!
//! **Request.** `POST {base}/send/`, `application/x-www-form-urlencoded`, fields `apikey`,
//! `numbers` (international format, digits only: `447700900123`), `sender`, `message`,
//! `custom` (our [`OutboundMessage::reference`]) and, when the message has a callback URL,
//! `receipt_url`. The API key travels in the body (Textlocal has no auth header).
//!
//! **Sender rules.** "at least 3 characters in length but no longer than 11 alphanumeric
//! characters or 13 numeric characters". A Textlocal India account (DLT, TRAI TCCCPR 2018)
//! needs the registered 6-letter header for OTP ("Others") traffic, so an India
//! configuration accepts only exactly six ASCII letters.
//!
//! **Response.** HTTP 200 with JSON `status: "success"` (`batch_id`, `messages[{id,
//! recipient}]`, and the `custom` value echoed) or `status: "failure"` with `errors[{code,
//! message}]`. Documented codes: 3 invalid login details (→ [`SendError::Unauthorized`]),
//! 4 no recipients, 5 no message content, 6 message too long, 7 insufficient credits,
//! 8/9 schedule date, 10/11 group, 32 invalid number format, 33 too many numbers, 34 group and
//! numbers, 43 invalid sender name, 44 no sender name, 51 no valid numbers, 191 schedule time
//! outside the allowed window, 192 "you cannot send message at this time" (India promotional
//! hours); all → [`SendError::Rejected`] with the code. HTTP 401/403 → unauthorized, 429 →
//! rate limited, 5xx → unavailable (maybe sent).
//!
//! **Message id.** Textlocal's receipts carry `number`, `status`, `customID` and `datetime` —
//! not the `messages[].id` of the send answer. The id otpkit keeps is therefore the `custom`
//! value (our per-send reference), which Textlocal echoes in the send answer and returns as
//! `customID` in every receipt.
//!
//! **Receipts.** Textlocal POSTs a form (`number`, `status`, `customID`, `datetime`) to the
//! per-message `receipt_url` (or the account-wide URL set in Messenger → Settings → SMS
//! Delivery Receipts). Textlocal signs nothing, so the adapter appends a secret token
//! (`?otpkit_token=…`, [`TOKEN_PARAM`]) to every `receipt_url` it sends and [`Textlocal`]
//! refuses receipts whose token is missing or differs ([`check_token`], constant time). An
//! account-wide receipt URL must carry the same token. Statuses: `D` delivered → Delivered,
//! `U` (expired at the operator after the default validity; older pages say "undelivered")
//! → Expired, `E` expired after the validity set at send → Expired, `I` invalid number →
//! Failed, `P` pending and `?` (no receipt yet) → Sent.
//!
//! **Idempotency.** Textlocal documents none, so a request that may have reached it (timeout,
//! 5xx) is never repeated ([`Idempotency::None`]).
//!
//! **Not confirmed from the documentation**: whether an India error 80 "invalid template"
//! exists under that number (the India best-practice page only names the "invalid template"
//! error; it is mapped like every other documented failure, code kept); the exact limit on
//! `custom` (our references are at most 64 ASCII characters); whether `P` is ever posted.

use super::common::{
    self, check_query_token, first_error, json_code, normalize_base_url, printable, protocol,
    redacted_debug, sender_digits, status_error, tokened_callback, valid_url_token,
};
use crate::delivery::error::{detail, SendError, WebhookError};
use crate::delivery::http::{HttpRequest, HttpResponse, Method};
use crate::delivery::message::OutboundMessage;
use crate::delivery::provider::{Accepted, Idempotency, Provider, ProviderKind};
use crate::delivery::receipt::{field, DeliveryReport, DeliveryStatus, WebhookRequest};
use crate::delivery::sender_id::{SenderId, SenderIdError};
use crate::server::Channel;
use zeroize::Zeroizing;

/// The international API host.
pub const DEFAULT_BASE_URL: &str = "https://api.txtlocal.com";
/// The India API host.
pub const INDIA_BASE_URL: &str = "https://api.textlocal.in";
/// Query parameter holding the receipt token on every `receipt_url`.
pub const TOKEN_PARAM: &str = common::TOKEN_PARAM;
/// Longest `message` Textlocal takes (characters).
pub const MAX_MESSAGE_CHARS: usize = 765;

const KIND: ProviderKind = ProviderKind::Textlocal;

/// Which Textlocal platform the account is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextlocalRegion {
    /// `api.txtlocal.com` (UK and international).
    International,
    /// `api.textlocal.in`: DLT rules, 6-letter registered headers.
    India,
}

/// Credentials and options. Secrets are wiped on drop and never printed.
#[derive(Clone)]
pub struct TextlocalConfig {
    pub api_key: Zeroizing<String>,
    /// Secret appended to every `receipt_url` as [`TOKEN_PARAM`] and required on receipts
    /// (16–128 characters `A-Z a-z 0-9 - _ . ~`).
    pub receipt_token: Zeroizing<String>,
    pub region: TextlocalRegion,
    /// `https://` API root without the `/send/` path (a loopback `http://` for fakes).
    pub base_url: String,
}

impl TextlocalConfig {
    /// A configuration for the region's real API host.
    pub fn new(api_key: &str, receipt_token: &str, region: TextlocalRegion) -> Self {
        Self {
            api_key: Zeroizing::new(api_key.to_owned()),
            receipt_token: Zeroizing::new(receipt_token.to_owned()),
            region,
            base_url: match region {
                TextlocalRegion::International => DEFAULT_BASE_URL,
                TextlocalRegion::India => INDIA_BASE_URL,
            }
            .to_owned(),
        }
    }
}

redacted_debug!(TextlocalConfig {
    api_key: secret,
    receipt_token: secret,
    region,
    base_url,
});

/// The Textlocal adapter.
#[derive(Debug, Clone)]
pub struct Textlocal {
    config: TextlocalConfig,
}

fn invalid(reason: &'static str) -> SendError {
    common::invalid(KIND, reason)
}

impl Textlocal {
    /// Validates the configuration (typed [`SendError::Invalid`]).
    pub fn new(mut config: TextlocalConfig) -> Result<Self, SendError> {
        if !printable(&config.api_key) {
            return Err(invalid(
                "Textlocal API key is empty or has control characters",
            ));
        }
        if !valid_url_token(&config.receipt_token) {
            return Err(invalid(
                "receipt token must be 16-128 characters A-Z a-z 0-9 - _ . ~",
            ));
        }
        if !normalize_base_url(&mut config.base_url) {
            return Err(invalid("Textlocal base URL must be https:// without query"));
        }
        Ok(Self { config })
    }

    fn sender_reason(e: &SenderIdError) -> &'static str {
        match e {
            SenderIdError::TooShort(..) => "Textlocal sender names need at least 3 characters",
            SenderIdError::CountryLength { .. } => {
                "Textlocal India needs the registered 6-letter DLT header as sender"
            }
            SenderIdError::Provider(r) => r,
            _ => "sender id not allowed by Textlocal",
        }
    }
}

impl Provider for Textlocal {
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
            return Err(SenderIdError::Provider("Textlocal sends SMS only"));
        }
        let india = self.config.region == TextlocalRegion::India;
        match sender {
            SenderId::Alphanumeric(name) => {
                let n = name.chars().count();
                if india && !(n == 6 && name.bytes().all(|b| b.is_ascii_alphabetic())) {
                    return Err(SenderIdError::CountryLength {
                        country: "IN",
                        len: 6,
                    });
                }
                if n < 3 {
                    return Err(SenderIdError::TooShort(n, 3));
                }
                Ok(())
            }
            _ if india => Err(SenderIdError::CountryLength {
                country: "IN",
                len: 6,
            }),
            SenderId::Number(number) if number.digits().len() > 13 => Err(SenderIdError::Provider(
                "Textlocal numeric senders have at most 13 digits",
            )),
            SenderId::Number(_) | SenderId::ShortCode(_) => Ok(()),
        }
    }

    fn request(&self, m: &OutboundMessage<'_>) -> Result<HttpRequest, SendError> {
        if m.channel != Channel::Sms {
            return Err(invalid("Textlocal sends SMS only"));
        }
        self.check_sender(m.channel, m.from, None)
            .map_err(|e| invalid(Self::sender_reason(&e)))?;
        if m.text.chars().count() > MAX_MESSAGE_CHARS {
            return Err(invalid("message is longer than Textlocal's 765 characters"));
        }
        let sender = sender_digits(m.from);
        let receipt_url = m
            .callback_url
            .map(|u| tokened_callback(KIND, u, &self.config.receipt_token))
            .transpose()?;
        let mut fields: Vec<(&str, &str)> = vec![
            ("apikey", self.config.api_key.as_str()),
            ("numbers", m.to.digits()),
            ("sender", &sender),
            ("message", m.text),
            ("custom", m.reference),
        ];
        if let Some(url) = &receipt_url {
            fields.push(("receipt_url", url));
        }
        Ok(HttpRequest::new(Method::Post, format!("{}/send/", self.config.base_url)).form(&fields))
    }

    fn response(&self, r: &HttpResponse) -> Result<Accepted, SendError> {
        if let Some(e) = status_error(KIND, r) {
            return Err(e);
        }
        if r.status != 200 {
            return Err(protocol(KIND, format!("unexpected HTTP {}", r.status)));
        }
        let protocol = |what: &str| protocol(KIND, what);
        let body = r.json().ok_or_else(|| protocol("answer is not JSON"))?;
        match body.get("status").and_then(|s| s.as_str()) {
            Some("success") => {
                let custom = body
                    .get("custom")
                    .and_then(|c| c.as_str())
                    .filter(|c| !c.is_empty())
                    .ok_or_else(|| protocol("success answer without the custom reference"))?;
                Ok(Accepted {
                    provider: KIND,
                    message_id: custom.to_owned(),
                    status: DeliveryStatus::Accepted,
                })
            }
            Some("failure") => {
                let first =
                    first_error(&body).ok_or_else(|| protocol("failure answer without errors"))?;
                let code =
                    json_code(first.get("code")).ok_or_else(|| protocol("error without a code"))?;
                if code == "3" {
                    return Err(SendError::Unauthorized {
                        provider: KIND,
                        status: r.status,
                    });
                }
                let message = first.get("message").and_then(|m| m.as_str()).unwrap_or("");
                Err(SendError::Rejected {
                    provider: KIND,
                    status: r.status,
                    code: Some(detail(&code)),
                    detail: detail(message),
                })
            }
            _ => Err(protocol("answer without a documented status")),
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
        check_query_token(request, TOKEN_PARAM, &self.config.receipt_token)?;
        if !request.method.eq_ignore_ascii_case("POST") {
            return Err(WebhookError::Malformed("Textlocal posts its receipts"));
        }
        let form = request.form();
        let id = field(&form, "customID")
            .filter(|c| !c.is_empty())
            .ok_or(WebhookError::Malformed("receipt without customID"))?;
        let letter =
            field(&form, "status").ok_or(WebhookError::Malformed("receipt without status"))?;
        let status = match letter {
            "D" => DeliveryStatus::Delivered,
            "U" | "E" => DeliveryStatus::Expired,
            "I" => DeliveryStatus::Failed,
            "P" | "?" => DeliveryStatus::Sent,
            _ => return Err(WebhookError::Malformed("unknown Textlocal receipt status")),
        };
        Ok(vec![DeliveryReport {
            provider: KIND,
            message_id: id.to_owned(),
            status,
            error_code: matches!(status, DeliveryStatus::Failed | DeliveryStatus::Expired)
                .then(|| letter.to_owned()),
        }])
    }
}

#[cfg(test)]
#[path = "textlocal_tests.rs"]
mod tests;
