//! Vonage signed webhooks: the HS256 JWT check (`Authorization: Bearer`, fresh `iat`,
//! `payload_hash` of the body, the account's `api_key`) and the message-status and call-event
//! mappings. See the parent module for the documentation used.

use super::{Vonage, WEBHOOK_SKEW};
use crate::delivery::error::WebhookError;
use crate::delivery::receipt::{ct_eq, DeliveryStatus, WebhookRequest};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::Value;
use sha2::{Digest, Sha256};

/// A Messages API status (or voice event) as a [`DeliveryStatus`]; `None`: not tracked.
pub fn map_message_status(status: &str) -> Option<DeliveryStatus> {
    Some(match status {
        "submitted" => DeliveryStatus::Sent,
        "delivered" | "read" => DeliveryStatus::Delivered,
        "rejected" | "undeliverable" | "failed" => DeliveryStatus::Failed,
        _ => return None,
    })
}

pub(super) fn map_call_event(status: &str, duration: Option<u64>) -> Option<DeliveryStatus> {
    Some(match status {
        "started" => DeliveryStatus::Accepted,
        "ringing" | "machine" => DeliveryStatus::Sent,
        "answered" => DeliveryStatus::Delivered,
        "completed" if duration.is_some_and(|d| d > 0) => DeliveryStatus::Delivered,
        "busy" | "cancelled" | "failed" | "rejected" | "timeout" | "unanswered" => {
            DeliveryStatus::Failed
        }
        _ => return None,
    })
}

/// Lower-case hex SHA-256 of `body` (the `payload_hash` claim).
pub fn payload_hash(body: &[u8]) -> String {
    Sha256::digest(body)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl Vonage {
    /// The signed-webhook check: HS256 JWT in `Authorization: Bearer`, fresh `iat`, matching
    /// `payload_hash` and `api_key`.
    pub(super) fn verify(
        &self,
        request: &WebhookRequest<'_>,
        now: u64,
    ) -> Result<(), WebhookError> {
        let token = request
            .header("Authorization")
            .and_then(|h| {
                h.strip_prefix("Bearer ")
                    .or_else(|| h.strip_prefix("bearer "))
            })
            .map(str::trim)
            .ok_or(WebhookError::Unauthenticated(
                "no Bearer JWT in Authorization",
            ))?;
        let key = DecodingKey::from_secret(self.config.signature_secret.as_bytes())
            .map_err(|_| WebhookError::Unauthenticated("signature secret unusable"))?;
        let mut validation = Validation::new(Algorithm::HS256);
        validation.required_spec_claims.clear();
        validation.validate_exp = false;
        validation.validate_nbf = false;
        validation.validate_aud = false;
        let claims = jsonwebtoken::decode::<Value>(token, &key, &validation)
            .map_err(|_| WebhookError::Unauthenticated("webhook JWT does not verify"))?
            .claims;
        let iat = claims
            .get("iat")
            .and_then(Value::as_u64)
            .ok_or(WebhookError::Unauthenticated("webhook JWT without iat"))?;
        if iat > now.saturating_add(WEBHOOK_SKEW) {
            return Err(WebhookError::Unauthenticated(
                "webhook JWT issued in the future",
            ));
        }
        if now - iat.min(now) > self.config.webhook_max_age {
            return Err(WebhookError::Unauthenticated(
                "webhook JWT too old (replayed?)",
            ));
        }
        if let Some(exp) = claims.get("exp").and_then(Value::as_u64) {
            if exp.saturating_add(WEBHOOK_SKEW) < now {
                return Err(WebhookError::Unauthenticated("webhook JWT expired"));
            }
        }
        let hash = claims.get("payload_hash").and_then(Value::as_str).ok_or(
            WebhookError::Unauthenticated("webhook JWT without payload_hash"),
        )?;
        if !ct_eq(
            hash.to_ascii_lowercase().as_bytes(),
            payload_hash(request.body).as_bytes(),
        ) {
            return Err(WebhookError::Unauthenticated(
                "payload_hash does not match the body",
            ));
        }
        if let Some(k) = claims.get("api_key").and_then(Value::as_str) {
            if k != self.config.api_key {
                return Err(WebhookError::Unauthenticated("webhook for another API key"));
            }
        }
        Ok(())
    }
}
