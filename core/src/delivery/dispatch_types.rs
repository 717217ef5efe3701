//! What the [`super::Dispatcher`] answers: [`Progress`], [`Started`], [`DeliveryState`], its
//! typed [`DispatchError`], and its timing ([`DispatchConfig`]).

use super::error::SendError;
use super::sender_id::SenderIdError;
use crate::server::store::SendRecord;
use crate::server::{Channel, IssueError, StoreError};

/// Why a dispatch failed. `Display` never holds a code, a message text or a phone number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DispatchError {
    /// Issuing or re-sending the code was refused (send limit, cooldown, per-challenge
    /// maximum, unknown or used challenge, bad destination) or its store failed.
    #[error(transparent)]
    Issue(#[from] IssueError),
    /// Every remaining step failed definitively; this is the last step's failure.
    #[error("every remaining step failed: {0}")]
    Send(SendError),
    /// The last remaining step's sender id is not allowed for its channel or country.
    #[error("sender id refused: {0}")]
    SenderId(SenderIdError),
    /// The store failed (the delivery log could not be read or written).
    #[error(transparent)]
    Store(#[from] StoreError),
    /// No fallback policy is configured for the binding's purpose.
    #[error("no fallback policy for this purpose")]
    NoPolicy,
    /// The request is unusable.
    #[error("invalid request: {0}")]
    InvalidRequest(&'static str),
    /// A policy, template or configuration value is out of range.
    #[error("invalid fallback policy: {0}")]
    InvalidPolicy(&'static str),
}

/// Timing of the delivery log and of send claims.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DispatchConfig {
    /// Seconds a challenge's delivery log is kept after its code expires, so late receipts
    /// are still matched (1..=604 800; default 3 600).
    pub receipt_grace: u64,
    /// Seconds a claim on the next send holds (1..=3 600; default 120). Make it longer than a
    /// sender's worst-case send (tries × timeout + backoff).
    pub claim_lease: u64,
}

impl Default for DispatchConfig {
    fn default() -> Self {
        Self {
            receipt_grace: 3_600,
            claim_lease: 120,
        }
    }
}

impl DispatchConfig {
    /// Checks both ranges.
    pub fn validate(&self) -> Result<(), DispatchError> {
        if self.receipt_grace == 0 || self.receipt_grace > 604_800 {
            return Err(DispatchError::InvalidPolicy(
                "receipt_grace must be 1-604800 s",
            ));
        }
        if self.claim_lease == 0 || self.claim_lease > 3_600 {
            return Err(DispatchError::InvalidPolicy("claim_lease must be 1-3600 s"));
        }
        Ok(())
    }
}

/// Where a challenge's delivery stands after a dispatcher call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Progress {
    /// This call sent a code via `step` as send `seq` (the provider took it, or may have).
    /// Call [`super::Dispatcher::advance`] at `wait_until` unless a receipt comes first.
    Sent {
        step: u32,
        channel: Channel,
        seq: u32,
        /// Unix time the code sent stops working.
        expires_at: u64,
        wait_until: u64,
    },
    /// Nothing to do yet: send `step`'s wait runs, the cooldown runs, or another caller is
    /// sending. Call [`super::Dispatcher::advance`] again at `until`.
    Waiting { step: u32, until: u64 },
    /// The latest send (the live code) was delivered.
    Delivered { step: u32, channel: Channel },
    /// No step is left to try.
    Exhausted,
}

/// A started challenge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Started {
    /// Give this to the client; it comes back with the code.
    pub challenge_id: String,
    /// Unix time the first code stops working.
    pub expires_at: u64,
    pub progress: Progress,
}

/// A challenge's sends ([`super::Dispatcher::status`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryState {
    /// Every send, oldest first.
    pub sends: Vec<SendRecord>,
    /// Whether the latest send (the one carrying the live code) was delivered.
    pub delivered: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_ranges() {
        assert!(DispatchConfig::default().validate().is_ok());
        for bad in [
            DispatchConfig {
                receipt_grace: 0,
                ..DispatchConfig::default()
            },
            DispatchConfig {
                receipt_grace: 604_801,
                ..DispatchConfig::default()
            },
            DispatchConfig {
                claim_lease: 0,
                ..DispatchConfig::default()
            },
            DispatchConfig {
                claim_lease: 3_601,
                ..DispatchConfig::default()
            },
        ] {
            assert!(
                matches!(bad.validate(), Err(DispatchError::InvalidPolicy(_))),
                "{bad:?}"
            );
        }
    }
}
