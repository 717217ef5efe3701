//! The delivery bindings without the `delivery` feature (mobile builds): the same surface, whose
//! constructors and functions raise `InvalidInput(SERVER_CONFIG)`. No sender or dispatcher can
//! exist, so their methods are unreachable (the inner types have no values).

use super::super::types::DeliveryChannel;
use super::super::{OobCodes, OobPolicy, Pepper, SendLimits, VerificationStore};
use super::types::*;
use crate::clock::TimeSource;
use crate::error::{InvalidInputKind, OtpError};
use crate::handles::SensitiveText;
use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

fn no_delivery(field: &str) -> OtpError {
    OtpError::invalid(
        InvalidInputKind::ServerConfig,
        field,
        "otpkit-ffi was built without the delivery feature",
    )
}

pub(crate) enum SenderInner {}
#[derive(Clone)]
pub(crate) enum DispatcherInner {}

pub(super) fn fmt_sender(s: &SenderInner, _: &mut fmt::Formatter<'_>) -> fmt::Result {
    match *s {}
}

pub(super) fn new_sender(
    _: ProviderConfig,
    _: Option<RetryPolicy>,
    _: Option<Arc<dyn TimeSource>>,
) -> Result<SenderInner, OtpError> {
    Err(no_delivery("config"))
}

pub(super) fn sender_kind(s: &SenderInner) -> ProviderKind {
    match *s {}
}

pub(super) fn sender_supports(s: &SenderInner, _: DeliveryChannel) -> bool {
    match *s {}
}

pub(super) fn sender_check(
    s: &SenderInner,
    _: DeliveryChannel,
    _: &str,
    _: Option<&str>,
) -> Result<(), OtpError> {
    match *s {}
}

pub(super) fn check_sender_id(
    _: &str,
    _: DeliveryChannel,
    _: Option<&str>,
) -> Result<(), OtpError> {
    Err(no_delivery("sender_id"))
}

pub(super) fn render_template(
    _: &MessageTemplate,
    _: &str,
) -> Result<Arc<SensitiveText>, OtpError> {
    Err(no_delivery("template"))
}

pub(super) fn fmt_dispatcher(d: &DispatcherInner, _: &mut fmt::Formatter<'_>) -> fmt::Result {
    match *d {}
}

pub(super) fn share(d: &DispatcherInner) -> DispatcherInner {
    match *d {}
}

/// The constructor's arguments (unused here).
#[allow(dead_code)]
pub(super) struct Parts<'a> {
    pub store: &'a VerificationStore,
    pub peppers: &'a [Arc<Pepper>],
    pub policies: Vec<FallbackPolicy>,
    pub time: Option<Arc<dyn TimeSource>>,
    pub policy: Option<OobPolicy>,
    pub limits: Option<SendLimits>,
    pub config: Option<DispatchConfig>,
}

pub(super) fn new_dispatcher(_: Parts<'_>) -> Result<DispatcherInner, OtpError> {
    Err(no_delivery("policies"))
}

pub(super) fn codes(d: &DispatcherInner) -> Arc<OobCodes> {
    match *d {}
}

#[allow(dead_code)]
pub(super) struct Target {
    pub to: String,
    pub ip: Option<String>,
    pub country: Option<String>,
}

pub(super) fn start(
    d: &DispatcherInner,
    _: &super::OobBinding,
    _: &str,
    _: Option<String>,
    _: Option<String>,
    _: Option<u64>,
) -> Result<DispatchOutcome, OtpError> {
    match *d {}
}

pub(super) fn step_on(
    d: &DispatcherInner,
    _: &str,
    _: &super::OobBinding,
    _: Target,
    _: Option<u64>,
    _: bool,
) -> Result<DispatchOutcome, OtpError> {
    match *d {}
}

#[allow(dead_code)]
pub(super) struct Webhook {
    pub method: String,
    pub url: String,
    pub headers: HashMap<String, String>,
    pub body: Vec<u8>,
}

pub(super) fn receipt(
    d: &DispatcherInner,
    _: ProviderKind,
    _: Webhook,
    _: Option<u64>,
) -> Result<ReceiptOutcome, OtpError> {
    match *d {}
}

pub(super) fn status(
    d: &DispatcherInner,
    _: &str,
    _: Option<u64>,
) -> Result<DeliveryState, OtpError> {
    match *d {}
}

#[cfg(test)]
mod tests {
    use super::super::{check_sender_id, MessageSender};
    use super::*;

    #[test]
    fn without_the_feature_everything_refuses() {
        let config = ProviderConfig::LabsMobile {
            username: "ops@acme.example".into(),
            api_token: SensitiveText::wrap("lm-token-0001"),
            ack_token: SensitiveText::wrap("ack_0123456789abcdef"),
            base_url: None,
        };
        for r in [
            MessageSender::new(config, None, None).map(|_| ()),
            check_sender_id("Acme".into(), DeliveryChannel::Sms, None),
        ] {
            match r {
                Err(OtpError::InvalidInput { kind, reason, .. }) => {
                    assert_eq!(kind, InvalidInputKind::ServerConfig);
                    assert!(reason.contains("without the delivery feature"), "{reason}");
                }
                other => panic!("{other:?}"),
            }
        }
    }
}
