//! The delivery log of an out-of-band challenge: every send (which fallback step, channel,
//! provider and provider message id) and the merged status of its delivery reports.
//!
//! Written by `delivery::Dispatcher` through [`super::Store::record_send`] and
//! [`super::Store::record_delivery`], read with [`super::Store::delivery_log`]. Nothing here is
//! secret (no code, no phone number); provider message ids are kept so reports can be matched.

use super::MAX_STORE_INT;
use crate::server::error::StoreError;
use crate::server::limits::Channel;

/// Where a sent message stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeliveryStatus {
    /// The provider took the message (queued, accepted).
    Accepted,
    /// Handed to the carrier or WhatsApp; not yet confirmed on the handset.
    Sent,
    /// Confirmed delivered to the handset (or the call was answered).
    Delivered,
    /// Failed or rejected downstream (unknown number, blocked, undeliverable, no answer).
    Failed,
    /// The carrier gave up when the message's validity ran out.
    Expired,
}

impl DeliveryStatus {
    /// Every status, in a stable order.
    pub const ALL: [DeliveryStatus; 5] = [
        DeliveryStatus::Accepted,
        DeliveryStatus::Sent,
        DeliveryStatus::Delivered,
        DeliveryStatus::Failed,
        DeliveryStatus::Expired,
    ];

    /// Delivered, failed and expired are final: later reports do not change them.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            DeliveryStatus::Delivered | DeliveryStatus::Failed | DeliveryStatus::Expired
        )
    }

    /// Order used to merge reports arriving out of order: a final status wins over any
    /// non-final one, delivered wins over failed/expired (a handset receipt is proof), and
    /// among non-final ones the further one wins. A report replaces the stored status only
    /// when its rank is strictly higher, so duplicates are no-ops.
    pub fn rank(self) -> u8 {
        match self {
            DeliveryStatus::Accepted => 0,
            DeliveryStatus::Sent => 1,
            DeliveryStatus::Expired => 2,
            DeliveryStatus::Failed => 3,
            DeliveryStatus::Delivered => 4,
        }
    }

    /// Stable lower-case name (store values).
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryStatus::Accepted => "accepted",
            DeliveryStatus::Sent => "sent",
            DeliveryStatus::Delivered => "delivered",
            DeliveryStatus::Failed => "failed",
            DeliveryStatus::Expired => "expired",
        }
    }

    /// The status named `s` ([`DeliveryStatus::as_str`]).
    pub fn from_name(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.as_str() == s)
    }
}

/// Largest number of sends in one challenge's log (sequence numbers are `0..MAX_LOGGED_SENDS`).
pub const MAX_LOGGED_SENDS: u32 = 64;
/// Longest provider message id kept (bytes of printable ASCII).
pub const MAX_MESSAGE_ID: usize = 128;
/// Longest provider name (`[a-z0-9._-]`).
pub const MAX_PROVIDER_NAME: usize = 32;
/// Longest error code kept with a status (bytes of printable ASCII).
pub const MAX_ERROR_CODE: usize = 32;

/// One send of a challenge, as logged, with the merged status of its delivery reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendRecord {
    /// Position in the challenge's log (0 for the first send); one record per value.
    pub seq: u32,
    /// The fallback step the send used (index into the purpose's policy).
    pub step: u32,
    pub channel: Channel,
    /// The provider's stable name (e.g. `twilio`).
    pub provider: String,
    /// [`destination_hash`] of the number the send went to (never the number itself), so a
    /// later resend can check it goes to the same one.
    pub destination_hash: String,
    /// The provider's message id; `None` when the send failed before the provider took it, or
    /// its answer was lost (no report can be matched then).
    pub message_id: Option<String>,
    /// Unix time of the send.
    pub sent_at: u64,
    pub status: DeliveryStatus,
    /// Unix time the status last changed (the send itself, or the report that raised it).
    pub updated_at: u64,
    /// The provider's error code (or a short reason such as `rejected`) for a failure.
    pub error_code: Option<String>,
}

/// What [`super::Store::record_delivery`] did with one report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryUpdate {
    /// The challenge the message belongs to.
    pub challenge_id: String,
    pub seq: u32,
    pub step: u32,
    pub channel: Channel,
    /// The status after merging (the stored one when the report did not raise it).
    pub status: DeliveryStatus,
    /// Whether this report changed the stored status.
    pub changed: bool,
}

/// The stored stand-in for a destination: 128 bits of SHA-256 of its normalised form, as 32
/// hex digits (as the send-limit keys hash it).
pub fn destination_hash(e164: &str) -> String {
    crate::server::keys::hashed("destination", e164)
}

/// Stable store name of a channel.
pub fn channel_name(c: Channel) -> &'static str {
    match c {
        Channel::Sms => "sms",
        Channel::Voice => "voice",
        Channel::WhatsApp => "whatsapp",
        Channel::Email => "email",
    }
}

/// The channel named `s` ([`channel_name`]).
pub fn channel_from_name(s: &str) -> Option<Channel> {
    [
        Channel::Sms,
        Channel::Voice,
        Channel::WhatsApp,
        Channel::Email,
    ]
    .into_iter()
    .find(|c| channel_name(*c) == s)
}

fn printable(s: &str, max: usize) -> bool {
    !s.is_empty() && s.len() <= max && s.bytes().all(|b| b.is_ascii_graphic())
}

/// Whether `id` can be a stored provider message id (1..=128 printable ASCII bytes).
pub fn valid_message_id(id: &str) -> bool {
    printable(id, MAX_MESSAGE_ID)
}

/// Whether `name` can be a stored provider name.
pub fn valid_provider_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= MAX_PROVIDER_NAME
        && name
            .bytes()
            .all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'.' | b'_' | b'-'))
}

/// Whether `code` can be a stored error code (1..=32 printable ASCII bytes).
pub fn valid_error_code(code: &str) -> bool {
    printable(code, MAX_ERROR_CODE)
}

/// Checks what a backend stores of a send (shapes, ranges, `keep_until` after `now`).
pub(crate) fn check_send(
    id: &str,
    now: u64,
    send: &SendRecord,
    keep_until: u64,
) -> Result<(), StoreError> {
    if !crate::server::keys::is_challenge_id(id) {
        return Err(StoreError::OutOfRange("challenge id must be 32 hex digits"));
    }
    if send.seq >= MAX_LOGGED_SENDS || send.step >= MAX_LOGGED_SENDS {
        return Err(StoreError::OutOfRange("send sequence or step above 63"));
    }
    if !valid_provider_name(&send.provider) {
        return Err(StoreError::OutOfRange(
            "provider name must be 1-32 of [a-z0-9._-]",
        ));
    }
    if !crate::server::keys::is_challenge_id(&send.destination_hash) {
        return Err(StoreError::OutOfRange(
            "destination hash must be 32 hex digits",
        ));
    }
    if send
        .message_id
        .as_deref()
        .is_some_and(|m| !valid_message_id(m))
    {
        return Err(StoreError::OutOfRange(
            "message id must be 1-128 printable ASCII bytes",
        ));
    }
    check_error_code(send.error_code.as_deref())?;
    if [now, send.sent_at, send.updated_at, keep_until]
        .iter()
        .any(|&t| t > MAX_STORE_INT)
    {
        return Err(StoreError::OutOfRange("time above 2^53"));
    }
    if keep_until <= now {
        return Err(StoreError::OutOfRange("keep_until must be after now"));
    }
    Ok(())
}

/// Checks the shape of a report before it is looked up.
pub(crate) fn check_report(
    provider: &str,
    message_id: &str,
    now: u64,
    error_code: Option<&str>,
) -> Result<(), StoreError> {
    if !valid_provider_name(provider) {
        return Err(StoreError::OutOfRange(
            "provider name must be 1-32 of [a-z0-9._-]",
        ));
    }
    if !valid_message_id(message_id) {
        return Err(StoreError::OutOfRange(
            "message id must be 1-128 printable ASCII bytes",
        ));
    }
    check_error_code(error_code)?;
    if now > MAX_STORE_INT {
        return Err(StoreError::OutOfRange("time above 2^53"));
    }
    Ok(())
}

fn check_error_code(code: Option<&str>) -> Result<(), StoreError> {
    if code.is_some_and(|c| !valid_error_code(c)) {
        return Err(StoreError::OutOfRange(
            "error code must be 1-32 printable ASCII bytes",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_and_names() {
        for s in DeliveryStatus::ALL {
            assert_eq!(DeliveryStatus::from_name(s.as_str()), Some(s));
            // A final status is never outranked by a non-final one.
            for t in DeliveryStatus::ALL {
                if s.is_final() && !t.is_final() {
                    assert!(s.rank() > t.rank(), "{s:?} {t:?}");
                }
            }
        }
        assert_eq!(DeliveryStatus::from_name("lost"), None);
        for c in [
            Channel::Sms,
            Channel::Voice,
            Channel::WhatsApp,
            Channel::Email,
        ] {
            assert_eq!(channel_from_name(channel_name(c)), Some(c));
        }
        assert!(valid_message_id("SM0123456789abcdef"));
        assert!(!valid_message_id("has space") && !valid_message_id(""));
        assert!(!valid_message_id(&"x".repeat(129)));
        assert!(valid_provider_name("twilio") && !valid_provider_name("Twilio"));
    }
}
