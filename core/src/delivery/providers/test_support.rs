//! Set-up the adapters' unit tests share: the one-time-code message every test sends, canned
//! HTTP answers and readers of a built request's body.

use crate::delivery::error::SendError;
use crate::delivery::http::{HttpRequest, HttpResponse};
use crate::delivery::message::{OutboundMessage, PhoneNumber};
use crate::delivery::provider::{Accepted, Provider};
use crate::delivery::receipt::WebhookRequest;
use crate::delivery::sender_id::SenderId;
use crate::server::Channel;
use serde_json::Value;

/// "482913 is your Acme code" (code 482913, reference `ch1.0`) on `channel`.
pub(super) fn otp_message<'a>(
    channel: Channel,
    to: &'a PhoneNumber,
    from: &'a SenderId,
    callback_url: Option<&'a str>,
) -> OutboundMessage<'a> {
    OutboundMessage {
        channel,
        to,
        from,
        text: "482913 is your Acme code",
        code: "482913",
        reference: "ch1.0",
        callback_url,
    }
}

/// An answer with `status`, `body` and no headers.
pub(super) fn answer(status: u16, body: &str) -> HttpResponse {
    HttpResponse {
        status,
        headers: vec![],
        body: body.as_bytes().to_vec(),
    }
}

/// An answer with `status`, `body` and `Retry-After: retry_after`.
pub(super) fn answer_retry_after(status: u16, body: &str, retry_after: &str) -> HttpResponse {
    HttpResponse {
        headers: vec![("retry-after".into(), retry_after.into())],
        ..answer(status, body)
    }
}

/// A request's JSON body.
pub(super) fn json_body(r: &HttpRequest) -> Value {
    serde_json::from_slice(&r.body).unwrap()
}

/// A request's form body.
pub(super) fn form_body(r: &HttpRequest) -> Vec<(String, String)> {
    form_urlencoded::parse(&r.body).into_owned().collect()
}

/// A webhook POST to `url`.
pub(super) fn post<'a>(
    url: &'a str,
    headers: &'a [(String, String)],
    body: &'a [u8],
) -> WebhookRequest<'a> {
    WebhookRequest {
        method: "POST",
        url,
        headers,
        body,
    }
}

/// The answers every adapter maps alike (`common::status_error`): `unauthorized` (401 or 403)
/// is unauthorized with its status; `limited` (429) is rate limited, with its `Retry-After`
/// seconds when it has one; `unavailable` (5xx) is unavailable and maybe sent, transient.
pub(super) fn assert_status_classes(
    p: &impl Provider,
    unauthorized: &HttpResponse,
    limited: &HttpResponse,
    unavailable: &HttpResponse,
) {
    assert_eq!(
        p.response(unauthorized),
        Err(SendError::Unauthorized {
            provider: p.kind(),
            status: unauthorized.status
        })
    );
    assert_eq!(
        p.response(limited),
        Err(SendError::RateLimited {
            provider: p.kind(),
            retry_after: limited.retry_after()
        })
    );
    let e = p.response(unavailable).unwrap_err();
    assert!(
        matches!(
            e,
            SendError::Unavailable {
                maybe_sent: true,
                ..
            }
        ) && e.is_transient(),
        "{e:?}"
    );
}

/// `result` is a rejection with HTTP `status`, the provider's error `code` and `detail`.
pub(super) fn assert_rejected(
    result: Result<Accepted, SendError>,
    status: u16,
    code: &str,
    detail: &str,
) {
    match result {
        Err(SendError::Rejected {
            status: s,
            code: Some(c),
            detail: d,
            ..
        }) => assert_eq!((s, c.as_str(), d.as_str()), (status, code, detail)),
        other => panic!("expected rejected {status}/{code}: {other:?}"),
    }
}
