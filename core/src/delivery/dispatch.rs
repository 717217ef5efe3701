//! The fallback dispatcher: issues a code through [`OobCodes`], sends it through the first step
//! of the purpose's [`FallbackPolicy`], keeps the provider's message id in the store's delivery
//! log, reads delivery-report webhooks into that log, and moves on to the next step when a
//! send failed or no delivered receipt came within the step's wait.
//!
//! * [`Dispatcher::start`] issues a challenge (the send limits and cooldown are counted once,
//!   for the first channel) and sends it via step 0.
//! * [`Dispatcher::advance`] (call it after a receipt, or when [`Progress`] says to): a
//!   delivered last send gives [`Progress::Delivered`]; a failed or expired one, or one still
//!   not delivered after its step's wait, is followed by a resend via the next step;
//!   otherwise [`Progress::Waiting`]; no step left gives [`Progress::Exhausted`] (the live
//!   code still verifies until it expires).
//! * [`Dispatcher::resend`], the user's "send me a new code": the next step when the last
//!   send failed or its wait is over, otherwise the same step again (both after the resend
//!   cooldown, which refuses with [`IssueError::RateLimited`]).
//! * [`Dispatcher::receipt`] verifies a webhook with the [`Sender`] of that provider and
//!   records each report; [`Dispatcher::status`] lists the sends and their statuses.
//!
//! **Code policy: a fresh code per send.** The store keeps only a MAC of the code, so the same
//! code cannot be sent again later without storing it recoverably. Every resend is
//! [`OobCodes::resend`]: a new code whose MAC replaces the old one in the same atomic store
//! write that counts every send limit, the cooldown and the per-challenge maximum — there are
//! never two live codes for one challenge. A late receipt for an older message is recorded,
//! but only the latest send (the one carrying the live code) makes a challenge delivered.
//! One exception, inside a single call: when a send fails *definitively* (the provider
//! refused it, the sender id or request was invalid, or the connection was refused — nothing
//! can have reached the phone), the same call hands the same, never-delivered code to the next
//! step at once, with no further limit or cooldown counted. A send that *may* have gone out
//! (timeout, 5xx, an undocumented answer) is never repeated at once: it waits for its step's
//! wait like any other send.
//!
//! **Exactly one send per position.** Sends of a challenge are numbered (`seq`). A resend
//! claims the next number with a counter of capacity 1 in the same store write that replaces
//! the code, so of concurrent `advance`/`resend` calls one sends and the others get
//! [`Progress::Waiting`]. A claim lasts [`DispatchConfig::claim_lease`] seconds: a caller that
//! died between claiming and logging its send is superseded after that.
//!
//! ```
//! use otpkit::delivery::{
//!     Accepted, DeliveryReport, DeliveryStatus, DispatchConfig, Dispatcher, FallbackPolicy,
//!     FallbackStep, MessageTemplate, OutboundMessage, PhoneNumber, Progress, ProviderKind,
//!     SendError, Sender, SenderId, SenderIdError, WebhookError, WebhookRequest,
//! };
//! use otpkit::server::{Binding, Channel, MemoryStore, OobCodes, OobPolicy, Pepper, PepperRing, SendLimits};
//! use otpkit::FixedTimeSource;
//! use std::sync::{Arc, Mutex};
//!
//! /// Accepts everything; its webhooks are `<message id>:<status>` (a real adapter verifies a
//! /// signature here).
//! #[derive(Default)]
//! struct Echo(Mutex<Vec<String>>);
//! impl Sender for Echo {
//!     fn kind(&self) -> ProviderKind { ProviderKind::Twilio }
//!     fn supports(&self, c: Channel) -> bool { c != Channel::Email }
//!     fn check_sender(&self, m: &OutboundMessage<'_>, c: Option<&str>) -> Result<(), SenderIdError> {
//!         m.from.check_for(m.channel, c)
//!     }
//!     fn send(&self, m: &OutboundMessage<'_>) -> Result<Accepted, SendError> {
//!         let mut sent = self.0.lock().unwrap();
//!         sent.push(m.code.to_owned());
//!         Ok(Accepted { provider: self.kind(), message_id: format!("SM{}", sent.len()),
//!                       status: DeliveryStatus::Accepted })
//!     }
//!     fn receipt(&self, r: &WebhookRequest<'_>, _: u64) -> Result<Vec<DeliveryReport>, WebhookError> {
//!         let body = std::str::from_utf8(r.body).map_err(|_| WebhookError::Malformed("utf-8"))?;
//!         let (id, status) = body.split_once(':').ok_or(WebhookError::Malformed("shape"))?;
//!         let status = DeliveryStatus::from_name(status).ok_or(WebhookError::Malformed("status"))?;
//!         Ok(vec![DeliveryReport { provider: self.kind(), message_id: id.into(), status, error_code: None }])
//!     }
//! }
//!
//! let echo = Arc::new(Echo::default());
//! let number = SenderId::parse("+14155550100").unwrap();
//! let policy = FallbackPolicy::new(
//!     vec![
//!         FallbackStep::new(Channel::Sms, echo.clone(), SenderId::parse("Acme").unwrap(), 60),
//!         FallbackStep::new(Channel::Voice, echo.clone(), number, 60),
//!     ],
//!     vec![
//!         (Channel::Sms, MessageTemplate::new("{code} is your Acme code").unwrap()),
//!         (Channel::Voice, MessageTemplate::new("Your Acme code is {code}.").unwrap()),
//!     ],
//! ).unwrap();
//! let peppers = PepperRing::new(Pepper::generate("k1").unwrap());
//! let codes = OobCodes::new(MemoryStore::new(), FixedTimeSource::new(0), peppers,
//!                           OobPolicy::default(), SendLimits::default()).unwrap();
//! let dispatcher = Dispatcher::new(codes, DispatchConfig::default()).unwrap()
//!     .with_policy("login", policy).unwrap();
//!
//! let (login, to, t) = (Binding::new("login", "alice"), PhoneNumber::parse("+447700900123").unwrap(), 1_700_000_000);
//! let started = dispatcher.start(&login, &to, Some("192.0.2.1"), Some("GB"), t).unwrap();
//! let id = started.challenge_id;
//! // The SMS failed (a webhook), and the cooldown has passed: voice, with a fresh code.
//! let hook = WebhookRequest { method: "POST", url: "https://app.example/dlr", headers: &[], body: b"SM1:failed" };
//! let updates = dispatcher.receipt(ProviderKind::Twilio, &hook, t + 40).unwrap();
//! assert_eq!(updates[0].challenge_id, id);
//! let next = dispatcher.advance(&id, &login, &to, Some("192.0.2.1"), Some("GB"), t + 40).unwrap();
//! assert!(matches!(next, Progress::Sent { channel: Channel::Voice, .. }));
//! let voice_code = echo.0.lock().unwrap()[1].clone();
//! assert!(dispatcher.codes().verify_at(&id, &login, &voice_code, t + 45).is_ok());
//! ```

use super::error::{SendError, WebhookError};
use super::fallback::{FallbackPolicy, FallbackStep};
use super::message::{OutboundMessage, PhoneNumber};
use super::provider::{Accepted, ProviderKind};
use super::receipt::WebhookRequest;
use super::sender::Sender;
use super::sender_id::SenderIdError;
use crate::clock::TimeSource;
use crate::server::store::delivery::{destination_hash, valid_error_code, valid_message_id};
use crate::server::store::{CounterOutcome, CounterSpec};
use crate::server::{
    keys, Binding, Delivery, DeliveryStatus, DeliveryUpdate, IssueError, Issued, Limit, LimitScope,
    OobCodes, SendRecord, Store, StoreError,
};
use std::fmt;
use std::sync::Arc;

pub use super::dispatch_types::{DeliveryState, DispatchConfig, DispatchError, Progress, Started};

/// Sends out-of-band codes through per-purpose fallback policies. Put it in an [`Arc`] for
/// the `*_async` forms.
pub struct Dispatcher<S, C> {
    codes: OobCodes<S, C>,
    policies: Vec<(String, FallbackPolicy)>,
    config: DispatchConfig,
}

impl<S, C> fmt::Debug for Dispatcher<S, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Dispatcher")
            .field(
                "purposes",
                &self.policies.iter().map(|(p, _)| p).collect::<Vec<_>>(),
            )
            .field("config", &self.config)
            .finish()
    }
}

/// Why one step's send did not go out.
enum Failure {
    Send(SendError),
    SenderId(SenderIdError),
}

impl Failure {
    /// Whether the message may have reached the provider (then it is never repeated at once).
    fn maybe_sent(&self) -> bool {
        matches!(self, Failure::Send(e) if e.maybe_sent() || matches!(e, SendError::Protocol { .. }))
    }

    /// The short code kept in the log.
    fn code(&self) -> String {
        let s = match self {
            Failure::SenderId(_) => "sender_id",
            Failure::Send(SendError::Rejected { code: Some(c), .. }) if valid_error_code(c) => c,
            Failure::Send(SendError::Rejected { .. }) => "rejected",
            Failure::Send(SendError::Invalid { .. }) => "invalid",
            Failure::Send(SendError::Unauthorized { .. }) => "unauthorized",
            Failure::Send(SendError::RateLimited { .. }) => "rate_limited",
            Failure::Send(SendError::Unavailable { .. }) => "unavailable",
            Failure::Send(SendError::Protocol { .. }) => "protocol",
        };
        s.to_owned()
    }

    fn into_error(self) -> DispatchError {
        match self {
            Failure::Send(e) => DispatchError::Send(e),
            Failure::SenderId(e) => DispatchError::SenderId(e),
        }
    }
}

/// Where the code goes and who asked.
#[derive(Clone, Copy)]
pub(crate) struct Target<'a> {
    pub to: &'a PhoneNumber,
    pub ip: Option<&'a str>,
    pub country: Option<&'a str>,
}

impl<S: Store, C: TimeSource> Dispatcher<S, C> {
    /// A dispatcher over `codes` (its store keeps the delivery log) without policies yet.
    pub fn new(codes: OobCodes<S, C>, config: DispatchConfig) -> Result<Self, DispatchError> {
        config.validate()?;
        Ok(Self {
            codes,
            policies: Vec::new(),
            config,
        })
    }

    /// Builder: the policy of `purpose` (1..=64 bytes, once per purpose).
    pub fn with_policy(
        mut self,
        purpose: &str,
        policy: FallbackPolicy,
    ) -> Result<Self, DispatchError> {
        if purpose.is_empty() || purpose.len() > 64 {
            return Err(DispatchError::InvalidPolicy("purpose must be 1-64 bytes"));
        }
        if self.policies.iter().any(|(p, _)| p == purpose) {
            return Err(DispatchError::InvalidPolicy("one policy per purpose"));
        }
        self.policies.push((purpose.to_owned(), policy));
        Ok(self)
    }

    /// The codes service (verify codes with it).
    pub fn codes(&self) -> &OobCodes<S, C> {
        &self.codes
    }

    /// The policy of `purpose`.
    pub fn policy(&self, purpose: &str) -> Option<&FallbackPolicy> {
        self.policies
            .iter()
            .find(|(p, _)| p == purpose)
            .map(|(_, p)| p)
    }

    fn policy_for(&self, binding: &Binding<'_>) -> Result<&FallbackPolicy, DispatchError> {
        self.policy(binding.purpose).ok_or(DispatchError::NoPolicy)
    }

    /// Issues a challenge for `binding` and sends its code to `to` via step 0 (send limits
    /// and cooldown counted for step 0's channel, with the requesting `ip` and the
    /// destination's `country`), at Unix time `now`. A definitive failure moves to the next
    /// step at once (see the module docs); when every step failed definitively the last
    /// failure is returned.
    pub fn start(
        &self,
        binding: &Binding<'_>,
        to: &PhoneNumber,
        ip: Option<&str>,
        country: Option<&str>,
        now: u64,
    ) -> Result<Started, DispatchError> {
        let policy = self.policy_for(binding)?;
        let first = &policy.steps()[0];
        let dest = to.e164();
        let delivery = Delivery {
            channel: first.channel,
            destination: &dest,
            ip,
            country,
        };
        let issued = self.codes.issue_at(binding, &delivery, now)?;
        let target = Target { to, ip, country };
        let progress = self.run(policy, &issued, 0, 0, target, now)?;
        Ok(Started {
            challenge_id: issued.challenge_id.clone(),
            expires_at: issued.expires_at,
            progress,
        })
    }

    /// Moves challenge `challenge_id` on (module docs): `Delivered`, `Waiting`, a resend via
    /// the next step (`Sent`, every limit and the cooldown counted; a running cooldown gives
    /// `Waiting`), or `Exhausted`. Pass the binding and destination of [`Dispatcher::start`]
    /// (another destination is refused with `InvalidRequest`; the log keeps only its hash).
    /// A challenge whose code was verified or expired is not resent:
    /// `Issue(UnknownChallenge)`, nothing sent or counted.
    pub fn advance(
        &self,
        challenge_id: &str,
        binding: &Binding<'_>,
        to: &PhoneNumber,
        ip: Option<&str>,
        country: Option<&str>,
        now: u64,
    ) -> Result<Progress, DispatchError> {
        let target = Target { to, ip, country };
        self.step_on(challenge_id, binding, target, now, false)
    }

    /// A resend the user asked for: via the next step when the last send failed or its wait
    /// is over, else via the same step again; refused with `Issue(RateLimited)` while the
    /// cooldown (or another limit) runs.
    pub fn resend(
        &self,
        challenge_id: &str,
        binding: &Binding<'_>,
        to: &PhoneNumber,
        ip: Option<&str>,
        country: Option<&str>,
        now: u64,
    ) -> Result<Progress, DispatchError> {
        let target = Target { to, ip, country };
        self.step_on(challenge_id, binding, target, now, true)
    }

    fn step_on(
        &self,
        id: &str,
        binding: &Binding<'_>,
        target: Target<'_>,
        now: u64,
        requested: bool,
    ) -> Result<Progress, DispatchError> {
        let policy = self.policy_for(binding)?;
        if !keys::is_challenge_id(id) {
            return Err(IssueError::UnknownChallenge.into());
        }
        let log = self.codes.store().delivery_log(id, now)?;
        let Some(last) = log.last() else {
            return Err(IssueError::UnknownChallenge.into());
        };
        let dest = target.to.e164();
        if !crate::delivery::receipt::ct_eq(
            last.destination_hash.as_bytes(),
            destination_hash(&dest).as_bytes(),
        ) {
            return Err(DispatchError::InvalidRequest(
                "destination differs from the challenge's",
            ));
        }
        let steps = policy.steps();
        let cur = last.step as usize;
        let Some(current) = steps.get(cur) else {
            // The policy lost steps since this send: nothing left to try.
            return Ok(Progress::Exhausted);
        };
        let has_next = cur + 1 < steps.len();
        let wait_until = last.sent_at.saturating_add(current.wait);
        let step = if last.status == DeliveryStatus::Delivered {
            if !requested {
                return Ok(Progress::Delivered {
                    step: last.step,
                    channel: last.channel,
                });
            }
            cur
        } else if matches!(
            last.status,
            DeliveryStatus::Failed | DeliveryStatus::Expired
        ) {
            if !has_next {
                return Ok(Progress::Exhausted);
            }
            cur + 1
        } else if now < wait_until {
            if !requested {
                return Ok(Progress::Waiting {
                    step: last.step,
                    until: wait_until,
                });
            }
            cur
        } else if has_next {
            cur + 1
        } else if requested {
            cur
        } else {
            return Ok(Progress::Exhausted);
        };
        let seq = last.seq + 1;
        let delivery = Delivery {
            channel: steps[step].channel,
            destination: &dest,
            ip: target.ip,
            country: target.country,
        };
        let claim = self.claim_spec(id, seq);
        match self
            .codes
            .resend_claimed_at(id, binding, &delivery, claim, now)
        {
            Ok(Some(issued)) => self.run(policy, &issued, step, seq, target, now),
            Ok(None) => Ok(Progress::Waiting {
                step: last.step,
                until: now.saturating_add(1),
            }),
            Err(IssueError::RateLimited {
                scope: LimitScope::Cooldown,
                retry_after,
            }) if !requested => Ok(Progress::Waiting {
                step: last.step,
                until: now.saturating_add(retry_after),
            }),
            Err(e) => Err(e.into()),
        }
    }

    /// Sends `issued` via `step` as send `seq`, and via the following steps while sends fail
    /// definitively; logs every send.
    fn run(
        &self,
        policy: &FallbackPolicy,
        issued: &Issued,
        mut step: usize,
        mut seq: u32,
        target: Target<'_>,
        now: u64,
    ) -> Result<Progress, DispatchError> {
        let id = issued.challenge_id.as_str();
        let keep_until = issued
            .expires_at
            .saturating_add(self.config.receipt_grace)
            .max(now.saturating_add(1));
        loop {
            let s = &policy.steps()[step];
            let mut record = SendRecord {
                seq,
                step: step as u32,
                channel: s.channel,
                provider: s.sender.kind().as_str().to_owned(),
                destination_hash: destination_hash(&target.to.e164()),
                message_id: None,
                sent_at: now,
                status: DeliveryStatus::Accepted,
                updated_at: now,
                error_code: None,
            };
            let failure = match self.send_one(policy, s, issued, seq, target) {
                Ok(accepted) => {
                    record.message_id = Some(accepted.message_id);
                    record.status = accepted.status;
                    None
                }
                Err(f) if f.maybe_sent() => {
                    record.error_code = Some(f.code());
                    None
                }
                Err(f) => Some(f),
            };
            let Some(failure) = failure else {
                self.codes
                    .store()
                    .record_send(id, now, &record, keep_until)?;
                return Ok(Progress::Sent {
                    step: step as u32,
                    channel: s.channel,
                    seq,
                    expires_at: issued.expires_at,
                    wait_until: now.saturating_add(s.wait),
                });
            };
            record.status = DeliveryStatus::Failed;
            record.error_code = Some(failure.code());
            let has_next = step + 1 < policy.steps().len();
            // Hold the next send before this failure is visible, so a concurrent advance that
            // reads it cannot send as well.
            let held = has_next && self.claim(id, seq + 1, now)?;
            self.codes
                .store()
                .record_send(id, now, &record, keep_until)?;
            if !has_next {
                return Err(failure.into_error());
            }
            if !held {
                return Ok(Progress::Waiting {
                    step: step as u32,
                    until: now.saturating_add(1),
                });
            }
            step += 1;
            seq += 1;
        }
    }

    fn send_one(
        &self,
        policy: &FallbackPolicy,
        s: &FallbackStep,
        issued: &Issued,
        seq: u32,
        target: Target<'_>,
    ) -> Result<Accepted, Failure> {
        let kind = s.sender.kind();
        let invalid = |reason| {
            Failure::Send(SendError::Invalid {
                provider: kind,
                reason,
            })
        };
        let template = policy
            .template(s.channel)
            .ok_or_else(|| invalid("no message template for this channel"))?;
        let code = issued.code.expose();
        let text = template.render(s.channel, code);
        let reference = format!("{}.{seq}", issued.challenge_id);
        let message = OutboundMessage {
            channel: s.channel,
            to: target.to,
            from: &s.from,
            text: &text,
            code,
            reference: &reference,
            callback_url: s.callback_url.as_deref(),
        };
        s.sender
            .check_sender(&message, target.country)
            .map_err(Failure::SenderId)?;
        let accepted = s.sender.send(&message).map_err(Failure::Send)?;
        if accepted.provider != kind || !valid_message_id(&accepted.message_id) {
            // It was sent, but no receipt could ever be matched: wait out the step.
            return Err(Failure::Send(SendError::Protocol {
                provider: kind,
                detail: "message id missing or not storable".into(),
            }));
        }
        Ok(accepted)
    }

    /// The counter that lets exactly one caller make send `seq` of challenge `id`.
    fn claim_spec(&self, id: &str, seq: u32) -> CounterSpec {
        let limit = Limit::new(1, self.config.claim_lease);
        CounterSpec {
            key: keys::counter("claim", limit.window, &format!("{id}.{seq}")),
            limit,
            scope: LimitScope::ChallengeSends,
        }
    }

    fn claim(&self, id: &str, seq: u32, now: u64) -> Result<bool, StoreError> {
        let spec = [self.claim_spec(id, seq)];
        Ok(self.codes.store().hit_counters(now, &spec)? == CounterOutcome::Allowed)
    }

    /// Verifies a delivery-report webhook of `provider` with the configured sender(s) of that
    /// provider (each distinct one is tried while the signature does not match) and records
    /// each report at Unix time `now`. Returns what each known report did; a webhook whose
    /// every report is for an unknown message gives [`WebhookError::UnknownMessage`]. Call
    /// [`Dispatcher::advance`] for the challenges returned to act on failures at once.
    pub fn receipt(
        &self,
        provider: ProviderKind,
        request: &WebhookRequest<'_>,
        now: u64,
    ) -> Result<Vec<DeliveryUpdate>, WebhookError> {
        let mut senders: Vec<&Arc<dyn Sender>> = Vec::new();
        for step in self.policies.iter().flat_map(|(_, p)| p.steps()) {
            if step.sender.kind() == provider
                && !senders.iter().any(|s| Arc::ptr_eq(s, &step.sender))
            {
                senders.push(&step.sender);
            }
        }
        let mut refused = WebhookError::Unauthenticated("no sender configured for this provider");
        let mut reports = None;
        for sender in senders {
            match sender.receipt(request, now) {
                Ok(r) => {
                    reports = Some(r);
                    break;
                }
                Err(e @ WebhookError::Unauthenticated(_)) => refused = e,
                Err(e) => return Err(e),
            }
        }
        let reports = reports.ok_or(refused)?;
        let mut out = Vec::with_capacity(reports.len());
        let mut unknown = 0usize;
        for r in &reports {
            if r.provider != provider || !valid_message_id(&r.message_id) {
                unknown += 1;
                continue;
            }
            let code = r.error_code.as_deref().filter(|c| valid_error_code(c));
            match self.codes.store().record_delivery(
                provider.as_str(),
                &r.message_id,
                now,
                r.status,
                code,
            )? {
                Some(update) => out.push(update),
                None => unknown += 1,
            }
        }
        if out.is_empty() && unknown > 0 {
            return Err(WebhookError::UnknownMessage);
        }
        Ok(out)
    }

    /// The sends of `challenge_id` and whether its latest send was delivered (no sends: an
    /// unknown, or long expired, challenge).
    pub fn status(&self, challenge_id: &str, now: u64) -> Result<DeliveryState, DispatchError> {
        if !keys::is_challenge_id(challenge_id) {
            return Err(DispatchError::InvalidRequest(
                "challenge id must be 32 hex digits",
            ));
        }
        let sends = self.codes.store().delivery_log(challenge_id, now)?;
        let delivered = sends
            .last()
            .is_some_and(|s| s.status == DeliveryStatus::Delivered);
        Ok(DeliveryState { sends, delivered })
    }
}
