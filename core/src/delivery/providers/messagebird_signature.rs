//! MessageBird webhook signatures.
//!
//! * `MessageBird-Signature-JWT` (current; reference implementation and vectors in
//!   `messagebird/go-rest-api` `signature_jwt/`): an HS256/384/512 JWT signed with the signing
//!   key, claims `iss = "MessageBird"`, `nbf` (earlier tokens: `iat`), `exp`, `jti`, `url_hash`
//!   (hex SHA-256 of the full URL) and `payload_hash` (hex SHA-256 of the body, exactly when
//!   there is one); times checked against the injected `now` with the SDKs' one second of skew.
//! * `MessageBird-Signature` + `MessageBird-Request-Timestamp` (older; the Java SDK's
//!   `RequestSigner` and its vectors, the Go SDK's `signature` package before the JWT): base64
//!   HMAC-SHA256 of `timestamp \n sorted query \n SHA-256(body)` (raw digest bytes). It does not
//!   cover the host or path, so it is accepted only when configured, within a timestamp window.

use crate::delivery::error::WebhookError;
use crate::delivery::receipt::ct_eq;
use hmac::{Hmac, KeyInit, Mac};
use serde_json::Value;
use sha2::{Digest, Sha256};

/// The current signature header.
pub const SIGNATURE_HEADER: &str = "MessageBird-Signature-JWT";
/// The older HMAC signature header.
pub const LEGACY_SIGNATURE_HEADER: &str = "MessageBird-Signature";
/// The older scheme's timestamp header (Unix seconds).
pub const LEGACY_TIMESTAMP_HEADER: &str = "MessageBird-Request-Timestamp";
/// Clock skew allowed on `nbf`/`iat` and `exp` (the SDKs' `maxSkew`).
pub const CLOCK_SKEW: u64 = 1;

fn unauth(why: &'static str) -> WebhookError {
    WebhookError::Unauthenticated(why)
}

/// Hex SHA-256.
pub(super) fn sha256_hex(data: &[u8]) -> String {
    Sha256::digest(data)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Verifies a `MessageBird-Signature-JWT` for a request to `url` with `body` at `now`.
pub(super) fn verify_jwt(
    signing_key: &str,
    token: Option<&str>,
    url: &str,
    body: &[u8],
    now: u64,
) -> Result<(), WebhookError> {
    use jsonwebtoken::{Algorithm, DecodingKey, Validation};
    let token = token.ok_or(unauth("MessageBird-Signature-JWT header missing"))?;
    if token.len() > 4096 {
        return Err(unauth("signature too long"));
    }
    let key = DecodingKey::from_secret(signing_key.as_bytes())
        .map_err(|_| unauth("signing key unusable"))?;
    let mut validation = Validation::new(Algorithm::HS256);
    validation.algorithms = vec![Algorithm::HS256, Algorithm::HS384, Algorithm::HS512];
    // Times are checked below against the injected `now`, never the system clock.
    validation.validate_exp = false;
    validation.validate_nbf = false;
    validation.validate_aud = false;
    validation.required_spec_claims.clear();
    let claims = jsonwebtoken::decode::<Value>(token, &key, &validation)
        .map_err(|_| unauth("signature does not verify"))?
        .claims;
    if claims.get("iss").and_then(Value::as_str) != Some("MessageBird") {
        return Err(unauth("claim iss is not MessageBird"));
    }
    let time = |name| claims.get(name).and_then(Value::as_u64);
    let (Some(exp), Some(start)) = (time("exp"), time("nbf").or(time("iat"))) else {
        return Err(unauth("claims nbf/iat and exp missing"));
    };
    if now.saturating_add(CLOCK_SKEW) < start
        || time("iat").is_some_and(|i| now.saturating_add(CLOCK_SKEW) < i)
    {
        return Err(unauth("signature not valid yet"));
    }
    if exp.saturating_add(CLOCK_SKEW) < now {
        return Err(unauth("signature expired"));
    }
    if claims
        .get("jti")
        .and_then(Value::as_str)
        .is_none_or(str::is_empty)
    {
        return Err(unauth("claim jti missing"));
    }
    let url_hash = claims.get("url_hash").and_then(Value::as_str).unwrap_or("");
    if !ct_eq(url_hash.as_bytes(), sha256_hex(url.as_bytes()).as_bytes()) {
        return Err(unauth("signature is for another URL"));
    }
    match (
        claims.get("payload_hash").and_then(Value::as_str),
        body.is_empty(),
    ) {
        (None, true) => Ok(()),
        (Some(h), false) if ct_eq(h.as_bytes(), sha256_hex(body).as_bytes()) => Ok(()),
        (Some(_), false) => Err(unauth("signature is for another body")),
        (Some(_), true) => Err(unauth("signature covers a body but none was sent")),
        (None, false) => Err(unauth("body sent but the signature does not cover one")),
    }
}

/// The query of `url` as the older scheme signs it: pairs sorted by key (stable), each part
/// escaped like Go's `url.QueryEscape` (unreserved characters kept, space as `+`).
fn sorted_query(url: &str) -> String {
    let q = url.split_once('?').map_or("", |(_, q)| q);
    let q = q.split('#').next().unwrap_or("");
    let mut pairs: Vec<(String, String)> =
        form_urlencoded::parse(q.as_bytes()).into_owned().collect();
    pairs.sort_by(|a, b| a.0.cmp(&b.0));
    let escape = |s: &str| {
        let mut out = String::with_capacity(s.len());
        for b in s.bytes() {
            match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                    out.push(b as char)
                }
                b' ' => out.push('+'),
                _ => out.push_str(&format!("%{b:02X}")),
            }
        }
        out
    };
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", escape(k), escape(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Verifies the older `MessageBird-Signature` (base64) and `MessageBird-Request-Timestamp`
/// for a request to `url` with `body` at `now`, accepting timestamps within `max_age` seconds.
pub(super) fn verify_legacy(
    signing_key: &str,
    signature: Option<&str>,
    timestamp: Option<&str>,
    url: &str,
    body: &[u8],
    now: u64,
    max_age: u64,
) -> Result<(), WebhookError> {
    use base64::Engine as _;
    let (Some(signature), Some(timestamp)) = (signature, timestamp) else {
        return Err(unauth("MessageBird-Signature or its timestamp missing"));
    };
    let ts: u64 = timestamp
        .trim()
        .parse()
        .map_err(|_| unauth("MessageBird-Request-Timestamp is not a Unix time"))?;
    if ts.abs_diff(now) > max_age {
        return Err(unauth("signature timestamp outside the allowed window"));
    }
    let given = base64::engine::general_purpose::STANDARD
        .decode(signature.trim())
        .map_err(|_| unauth("MessageBird-Signature is not base64"))?;
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(signing_key.as_bytes())
        .map_err(|_| unauth("signing key unusable"))?;
    mac.update(timestamp.trim().as_bytes());
    mac.update(b"\n");
    mac.update(sorted_query(url).as_bytes());
    mac.update(b"\n");
    mac.update(&Sha256::digest(body));
    mac.verify_slice(&given)
        .map_err(|_| unauth("signature does not verify"))
}
