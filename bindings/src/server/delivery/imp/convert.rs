//! Conversions between the delivery bindings' types and the core's, and the mapping of the
//! core's expected results to the outcome enums (errors go through `crate::error`).

use super::super::super::types::delivery_channel;
use super::super::types::*;
use crate::error::{out_i32, out_i64, sender_id_error, OtpError};
use crate::server::DeliveryChannel;
use otpkit::delivery as dv;
use otpkit::server as sv;

pub(super) fn channel_to_core(c: DeliveryChannel) -> sv::Channel {
    match c {
        DeliveryChannel::Sms => sv::Channel::Sms,
        DeliveryChannel::Voice => sv::Channel::Voice,
        DeliveryChannel::WhatsApp => sv::Channel::WhatsApp,
        DeliveryChannel::Email => sv::Channel::Email,
    }
}

pub(super) fn kind_to_ffi(k: dv::ProviderKind) -> ProviderKind {
    match k {
        dv::ProviderKind::Twilio => ProviderKind::Twilio,
        dv::ProviderKind::Vonage => ProviderKind::Vonage,
        dv::ProviderKind::MessageBird => ProviderKind::MessageBird,
        dv::ProviderKind::SleekFlow => ProviderKind::SleekFlow,
        dv::ProviderKind::Textlocal => ProviderKind::Textlocal,
        dv::ProviderKind::Dexatel => ProviderKind::Dexatel,
        dv::ProviderKind::LabsMobile => ProviderKind::LabsMobile,
    }
}

pub(super) fn kind_to_core(k: ProviderKind) -> dv::ProviderKind {
    match k {
        ProviderKind::Twilio => dv::ProviderKind::Twilio,
        ProviderKind::Vonage => dv::ProviderKind::Vonage,
        ProviderKind::MessageBird => dv::ProviderKind::MessageBird,
        ProviderKind::SleekFlow => dv::ProviderKind::SleekFlow,
        ProviderKind::Textlocal => dv::ProviderKind::Textlocal,
        ProviderKind::Dexatel => dv::ProviderKind::Dexatel,
        ProviderKind::LabsMobile => dv::ProviderKind::LabsMobile,
    }
}

pub(super) fn status_to_ffi(s: sv::DeliveryStatus) -> DeliveryStatus {
    match s {
        sv::DeliveryStatus::Accepted => DeliveryStatus::Accepted,
        sv::DeliveryStatus::Sent => DeliveryStatus::Sent,
        sv::DeliveryStatus::Delivered => DeliveryStatus::Delivered,
        sv::DeliveryStatus::Failed => DeliveryStatus::Failed,
        sv::DeliveryStatus::Expired => DeliveryStatus::Expired,
    }
}

pub(super) fn send_record(r: sv::SendRecord) -> Result<SendRecord, OtpError> {
    let provider =
        dv::ProviderKind::from_name(&r.provider).ok_or_else(|| OtpError::StoreUnavailable {
            reason: "the delivery log names an unknown provider".into(),
        })?;
    Ok(SendRecord {
        seq: out_i32(r.seq),
        step: out_i32(r.step),
        channel: delivery_channel(r.channel),
        provider: kind_to_ffi(provider),
        message_id: r.message_id,
        sent_at: out_i64(r.sent_at),
        status: status_to_ffi(r.status),
        updated_at: out_i64(r.updated_at),
        error: r.error_code,
    })
}

fn progress(id: String, p: dv::Progress) -> DispatchOutcome {
    match p {
        dv::Progress::Sent {
            step,
            channel,
            seq,
            expires_at,
            wait_until,
        } => DispatchOutcome::Sent {
            challenge_id: id,
            step: out_i32(step),
            channel: delivery_channel(channel),
            seq: out_i32(seq),
            expires_at: out_i64(expires_at),
            wait_until: out_i64(wait_until),
        },
        dv::Progress::Waiting { step, until } => DispatchOutcome::Waiting {
            challenge_id: id,
            step: out_i32(step),
            until: out_i64(until),
        },
        dv::Progress::Delivered { step, channel } => DispatchOutcome::Delivered {
            challenge_id: id,
            step: out_i32(step),
            channel: delivery_channel(channel),
        },
        dv::Progress::Exhausted => DispatchOutcome::Exhausted { challenge_id: id },
    }
}

fn send_failed(e: dv::SendError) -> DispatchOutcome {
    use dv::SendError as E;
    let reason = e.to_string();
    let (provider, failure, provider_code) = match e {
        E::Invalid { provider, .. } => (provider, SendFailure::Invalid, None),
        E::Rejected { provider, code, .. } => (provider, SendFailure::Rejected, code),
        E::Unauthorized { provider, .. } => (provider, SendFailure::Unauthorized, None),
        E::RateLimited { provider, .. } => (provider, SendFailure::RateLimited, None),
        E::Unavailable { provider, .. } => (provider, SendFailure::Unavailable, None),
        E::Protocol { provider, .. } => (provider, SendFailure::Protocol, None),
    };
    DispatchOutcome::SendFailed {
        provider: kind_to_ffi(provider),
        failure,
        provider_code,
        reason,
    }
}

pub(super) fn dispatch_outcome(
    r: Result<(String, dv::Progress), dv::DispatchError>,
) -> Result<DispatchOutcome, OtpError> {
    use dv::DispatchError as E;
    Ok(match r {
        Ok((id, p)) => progress(id, p),
        Err(E::Issue(sv::IssueError::RateLimited { scope, retry_after })) => {
            DispatchOutcome::RateLimited {
                scope: scope.into(),
                retry_after: out_i64(retry_after),
            }
        }
        Err(E::Issue(sv::IssueError::UnknownChallenge)) => DispatchOutcome::UnknownChallenge,
        Err(E::Send(e)) => send_failed(e),
        Err(E::SenderId(e)) => match sender_id_error(e) {
            OtpError::InvalidInput { field, reason, .. } => DispatchOutcome::SenderRefused {
                rule: field.unwrap_or_default(),
                reason,
            },
            other => return Err(other),
        },
        Err(e) => return Err(e.into()),
    })
}

pub(super) fn receipt_outcome(
    r: Result<Vec<sv::DeliveryUpdate>, dv::WebhookError>,
) -> Result<ReceiptOutcome, OtpError> {
    use dv::WebhookError as E;
    Ok(match r {
        Ok(updates) => ReceiptOutcome::Recorded {
            updates: updates
                .into_iter()
                .map(|u| DeliveryUpdate {
                    challenge_id: u.challenge_id,
                    seq: out_i32(u.seq),
                    step: out_i32(u.step),
                    channel: delivery_channel(u.channel),
                    status: status_to_ffi(u.status),
                    changed: u.changed,
                })
                .collect(),
        },
        Err(e @ E::Unauthenticated(_)) => ReceiptOutcome::Unauthenticated {
            reason: e.to_string(),
        },
        Err(e @ E::Malformed(_)) => ReceiptOutcome::Malformed {
            reason: e.to_string(),
        },
        Err(E::TooLarge) => ReceiptOutcome::TooLarge,
        Err(E::UnknownMessage) => ReceiptOutcome::UnknownMessage,
        Err(E::Store(s)) => return Err(s.into()),
    })
}
