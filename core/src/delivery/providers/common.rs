//! Pieces several adapters share, so each provider module keeps only what its provider
//! documents: typed error constructors, the HTTP status classes every adapter maps alike,
//! configuration checks, the secret token otpkit adds to callback URLs of providers that sign
//! nothing (docs/decisions.md), and the text helpers for voice and error details.

use crate::delivery::error::{SendError, WebhookError};
use crate::delivery::http::{check_url, HttpResponse};
use crate::delivery::provider::ProviderKind;
use crate::delivery::receipt::{check_token, field, WebhookRequest};
use crate::delivery::sender_id::SenderId;
use serde_json::Value;

/// `impl Debug` for a provider configuration: fields marked `: secret` print as
/// `"<redacted>"`, the others as they are, in the order given.
macro_rules! redacted_debug {
    ($ty:ident { $($field:ident $(: $secret:ident)?),* $(,)? }) => {
        impl ::std::fmt::Debug for $ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(stringify!($ty))
                    $(.field(
                        stringify!($field),
                        redacted_debug!(@value self.$field $(, $secret)?),
                    ))*
                    .finish()
            }
        }
    };
    (@value $value:expr) => {
        &$value
    };
    (@value $value:expr, secret) => {
        &"<redacted>"
    };
}
pub(crate) use redacted_debug;

/// Query parameter holding otpkit's receipt token on a callback URL.
pub const TOKEN_PARAM: &str = "otpkit_token";

/// A configuration or message the provider cannot take.
pub(crate) fn invalid(provider: ProviderKind, reason: &'static str) -> SendError {
    SendError::Invalid { provider, reason }
}

/// An answer off the provider's documented shape.
pub(crate) fn protocol(provider: ProviderKind, detail: impl Into<String>) -> SendError {
    SendError::Protocol {
        provider,
        detail: detail.into(),
    }
}

/// The status classes every adapter maps alike: 401/403 → unauthorized, 429 → rate limited
/// (with `Retry-After`), 5xx → unavailable and maybe sent. `None` for every other status,
/// which the adapter reads as its provider documents.
pub(crate) fn status_error(provider: ProviderKind, r: &HttpResponse) -> Option<SendError> {
    match r.status {
        401 | 403 => Some(SendError::Unauthorized {
            provider,
            status: r.status,
        }),
        429 => Some(SendError::RateLimited {
            provider,
            retry_after: r.retry_after(),
        }),
        s if s >= 500 => Some(SendError::Unavailable {
            provider,
            maybe_sent: true,
            detail: format!("HTTP {s}"),
        }),
        _ => None,
    }
}

/// Whether `s` is a credential one can put in a header or body: not blank, no control
/// characters.
pub(crate) fn printable(s: &str) -> bool {
    !s.trim().is_empty() && !s.chars().any(char::is_control)
}

/// 1..=`max` ASCII letters, digits or bytes of `extra`.
pub(crate) fn is_token(s: &str, max: usize, extra: &[u8]) -> bool {
    !s.is_empty()
        && s.len() <= max
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || extra.contains(&b))
}

/// A UUID in its 8-4-4-4-12 hex form.
pub(crate) fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.bytes().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

/// Drops trailing `/` from `base_url`; whether what is left is an `https://` (or loopback
/// `http://`) root without query or fragment.
pub(crate) fn normalize_base_url(base_url: &mut String) -> bool {
    while base_url.ends_with('/') {
        base_url.pop();
    }
    check_url(base_url).is_ok() && !base_url.contains(['?', '#'])
}

/// The sender as the providers that want digits take it: a number without `+`, a name or
/// short code as is.
pub(crate) fn sender_digits(from: &SenderId) -> String {
    match from {
        SenderId::Number(n) => n.digits().to_owned(),
        other => other.as_from(),
    }
}

/// Whether `token` can be a URL token: 16–128 unreserved URL characters.
pub(crate) fn valid_url_token(token: &str) -> bool {
    (16..=128).contains(&token.len())
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.~".contains(&b))
}

/// `url` with `param=token` added to its query (the token is URL-safe by construction).
/// Callers first refuse URLs that already carry `param` ([`has_param`]).
pub(crate) fn with_token(url: &str, param: &str, token: &str) -> String {
    let (base, fragment) = url
        .split_once('#')
        .map_or((url, None), |(b, f)| (b, Some(f)));
    let sep = if base.contains('?') { '&' } else { '?' };
    let mut out = format!("{base}{sep}{param}={token}");
    if let Some(f) = fragment {
        out.push('#');
        out.push_str(f);
    }
    out
}

/// Whether `url`'s query already has a parameter named `param`.
pub(crate) fn has_param(url: &str, param: &str) -> bool {
    let query = url.split_once('?').map_or("", |(_, q)| q);
    let query = query.split('#').next().unwrap_or("");
    form_urlencoded::parse(query.as_bytes()).any(|(k, _)| k == param)
}

/// The caller's callback URL with otpkit's receipt token ([`TOKEN_PARAM`]) added; a URL that
/// already carries one is refused (it would let the caller pick the token).
pub(crate) fn tokened_callback(
    provider: ProviderKind,
    url: &str,
    token: &str,
) -> Result<String, SendError> {
    if has_param(url, TOKEN_PARAM) {
        return Err(invalid(
            provider,
            "callback URL already has an otpkit_token parameter",
        ));
    }
    Ok(with_token(url, TOKEN_PARAM, token))
}

/// Checks the receipt token a webhook carries in its URL query under `param` (constant time).
pub(crate) fn check_query_token(
    request: &WebhookRequest<'_>,
    param: &str,
    token: &str,
) -> Result<(), WebhookError> {
    check_token(field(&request.query(), param), token)
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

/// A JSON error code as text: a number as written, a string as is.
pub(crate) fn json_code(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) => Some(s.clone()),
        _ => None,
    }
}

/// The first entry of a JSON error body's `errors` array.
pub(crate) fn first_error(body: &Value) -> Option<&Value> {
    body.get("errors")?.as_array()?.first()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_is_appended_before_a_fragment_and_found_in_the_query() {
        assert_eq!(
            with_token("https://h.example/r#f", "t", "abc"),
            "https://h.example/r?t=abc#f"
        );
        assert_eq!(
            with_token("https://h.example/r?a=b", "t", "abc"),
            "https://h.example/r?a=b&t=abc"
        );
        assert!(has_param(
            "https://h/r?a=1&otpkit_token=x#f",
            "otpkit_token"
        ));
        assert!(!has_param("https://h/r?a=1#otpkit_token=x", "otpkit_token"));
    }

    #[test]
    fn numbers_are_scrubbed_from_provider_texts() {
        assert_eq!(scrub_numbers("+447700900123 is bad"), "… is bad");
        assert_eq!(
            scrub_numbers("code 482913, try 2 times"),
            "code …, try 2 times"
        );
        assert_eq!(scrub_numbers("a+b 123"), "a+b 123");
    }
}
