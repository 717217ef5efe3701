//! Fallback policies: per purpose, an ordered list of steps (channel, sender, sender id, how
//! long to wait for a delivery receipt) and the message text of each channel.

use super::dispatch::DispatchError;
use super::sender::Sender;
use super::sender_id::SenderId;
use crate::server::Channel;
use std::fmt;
use std::sync::Arc;
use zeroize::Zeroizing;

/// Most steps in one policy.
pub const MAX_STEPS: usize = 8;
/// Longest wait for a receipt before moving to the next step (seconds; a code lives ≤ 600 s).
pub const MAX_WAIT: u64 = 600;
/// Longest message template (bytes).
pub const MAX_TEMPLATE: usize = 640;

/// The text sent on one channel: any text with exactly one `{code}` placeholder.
///
/// For [`Channel::Voice`] the code is read out one character at a time (`4, 8, 2, ...`), so a
/// text-to-speech engine does not read `482913` as a number.
#[derive(Clone, PartialEq, Eq)]
pub struct MessageTemplate(String);

impl MessageTemplate {
    /// The placeholder replaced by the code.
    pub const PLACEHOLDER: &'static str = "{code}";

    /// Checks that `text` has exactly one `{code}`, no other `{`/`}`, no control characters
    /// other than newline, and at most [`MAX_TEMPLATE`] bytes.
    pub fn new(text: &str) -> Result<Self, DispatchError> {
        let bad = |r| Err(DispatchError::InvalidPolicy(r));
        if text.len() > MAX_TEMPLATE {
            return bad("message template longer than 640 bytes");
        }
        if text.matches(Self::PLACEHOLDER).count() != 1 {
            return bad("message template needs exactly one {code}");
        }
        let rest = text.replacen(Self::PLACEHOLDER, "", 1);
        if rest.contains(['{', '}']) {
            return bad("message template has a brace other than {code}");
        }
        if rest.chars().any(|c| c.is_control() && c != '\n') {
            return bad("message template has a control character");
        }
        if rest.trim().is_empty() {
            return bad("message template has no text besides {code}");
        }
        Ok(Self(text.to_owned()))
    }

    /// The template text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The text for `channel` with `code` in place (wiped on drop).
    pub fn render(&self, channel: Channel, code: &str) -> Zeroizing<String> {
        let spoken;
        let code = if channel == Channel::Voice {
            spoken = Zeroizing::new(
                code.chars()
                    .map(String::from)
                    .collect::<Vec<_>>()
                    .join(", "),
            );
            spoken.as_str()
        } else {
            code
        };
        Zeroizing::new(self.0.replacen(Self::PLACEHOLDER, code, 1))
    }
}

impl fmt::Debug for MessageTemplate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MessageTemplate({:?})", self.0)
    }
}

/// One step of a fallback policy.
#[derive(Clone)]
pub struct FallbackStep {
    pub channel: Channel,
    pub sender: Arc<dyn Sender>,
    /// Sender id, caller id or WhatsApp number for this step.
    pub from: SenderId,
    /// Seconds to wait for a delivered receipt before the next step (1..=600).
    pub wait: u64,
    /// Per-message delivery-report URL, for providers that take one (https, or loopback http).
    pub callback_url: Option<String>,
}

impl FallbackStep {
    /// A step without callback URL.
    pub fn new(channel: Channel, sender: Arc<dyn Sender>, from: SenderId, wait: u64) -> Self {
        Self {
            channel,
            sender,
            from,
            wait,
            callback_url: None,
        }
    }

    /// Builder: the delivery-report URL given to the provider with each message.
    pub fn with_callback(mut self, url: impl Into<String>) -> Self {
        self.callback_url = Some(url.into());
        self
    }
}

impl fmt::Debug for FallbackStep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FallbackStep")
            .field("channel", &self.channel)
            .field("provider", &self.sender.kind())
            .field("from", &self.from)
            .field("wait", &self.wait)
            .field("callback_url", &self.callback_url.is_some())
            .finish()
    }
}

/// The ordered steps of one purpose and the text of each channel they use.
#[derive(Clone, Debug)]
pub struct FallbackPolicy {
    steps: Vec<FallbackStep>,
    templates: Vec<(Channel, MessageTemplate)>,
}

impl FallbackPolicy {
    /// Checks 1..=8 steps, each on a phone channel its sender supports, with a wait of
    /// 1..=600 s and a valid callback URL, and a template for every channel used (one per
    /// channel).
    pub fn new(
        steps: Vec<FallbackStep>,
        templates: Vec<(Channel, MessageTemplate)>,
    ) -> Result<Self, DispatchError> {
        let bad = |r| Err(DispatchError::InvalidPolicy(r));
        if steps.is_empty() || steps.len() > MAX_STEPS {
            return bad("a fallback policy has 1-8 steps");
        }
        for (i, (c, _)) in templates.iter().enumerate() {
            if templates[..i].iter().any(|(d, _)| d == c) {
                return bad("one message template per channel");
            }
        }
        for s in &steps {
            if !s.channel.is_phone() {
                return bad("fallback steps deliver to phone numbers (SMS, voice, WhatsApp)");
            }
            if !s.sender.supports(s.channel) {
                return bad("a step's sender does not support its channel");
            }
            if s.wait == 0 || s.wait > MAX_WAIT {
                return bad("a step's wait must be 1-600 s");
            }
            if let Some(url) = &s.callback_url {
                super::http::check_url(url)
                    .map_err(|_| DispatchError::InvalidPolicy("callback URL must be https"))?;
            }
            if !templates.iter().any(|(c, _)| *c == s.channel) {
                return bad("no message template for a step's channel");
            }
        }
        Ok(Self { steps, templates })
    }

    /// The steps in order.
    pub fn steps(&self) -> &[FallbackStep] {
        &self.steps
    }

    /// The template of `channel` (every step's channel has one).
    pub fn template(&self, channel: Channel) -> Option<&MessageTemplate> {
        self.templates
            .iter()
            .find(|(c, _)| *c == channel)
            .map(|(_, t)| t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::delivery::{
        Accepted, DeliveryReport, OutboundMessage, ProviderKind, SendError, SenderIdError,
        WebhookError, WebhookRequest,
    };

    /// A sender that supports SMS only and is never called.
    struct SmsOnly;
    impl Sender for SmsOnly {
        fn kind(&self) -> ProviderKind {
            ProviderKind::Textlocal
        }
        fn supports(&self, c: Channel) -> bool {
            c == Channel::Sms
        }
        fn check_sender(
            &self,
            _: &OutboundMessage<'_>,
            _: Option<&str>,
        ) -> Result<(), SenderIdError> {
            unreachable!()
        }
        fn send(&self, _: &OutboundMessage<'_>) -> Result<Accepted, SendError> {
            unreachable!()
        }
        fn receipt(
            &self,
            _: &WebhookRequest<'_>,
            _: u64,
        ) -> Result<Vec<DeliveryReport>, WebhookError> {
            unreachable!()
        }
    }

    #[test]
    fn policy_validation() {
        let sender: Arc<dyn Sender> = Arc::new(SmsOnly);
        let from = SenderId::parse("Acme").unwrap();
        let step = |channel, wait| FallbackStep::new(channel, sender.clone(), from.clone(), wait);
        let sms = || {
            (
                Channel::Sms,
                MessageTemplate::new("{code} is your code").unwrap(),
            )
        };
        let ok = FallbackPolicy::new(vec![step(Channel::Sms, 60)], vec![sms()]).unwrap();
        assert_eq!(ok.steps().len(), 1);
        assert!(ok.template(Channel::Sms).is_some() && ok.template(Channel::Voice).is_none());
        type Templates = Vec<(Channel, MessageTemplate)>;
        let cases: Vec<(Vec<FallbackStep>, Templates)> = vec![
            (vec![], vec![sms()]),
            (vec![step(Channel::Sms, 60); 9], vec![sms()]),
            (vec![step(Channel::Sms, 0)], vec![sms()]),
            (vec![step(Channel::Sms, 601)], vec![sms()]),
            (vec![step(Channel::Voice, 60)], vec![sms()]),
            (vec![step(Channel::Email, 60)], vec![sms()]),
            (vec![step(Channel::Sms, 60)], vec![]),
            (vec![step(Channel::Sms, 60)], vec![sms(), sms()]),
            (
                vec![step(Channel::Sms, 60).with_callback("http://hooks.example/dlr")],
                vec![sms()],
            ),
        ];
        for (steps, templates) in cases {
            let got = FallbackPolicy::new(steps, templates);
            assert!(
                matches!(got, Err(DispatchError::InvalidPolicy(_))),
                "{got:?}"
            );
        }
        let with_hook =
            step(Channel::Sms, 60).with_callback("https://hooks.example/dlr?token=s3cret");
        assert!(!format!("{with_hook:?}").contains("s3cret"));
        assert!(FallbackPolicy::new(vec![with_hook], vec![sms()]).is_ok());
    }

    #[test]
    fn templates() {
        let t = MessageTemplate::new("{code} is your Acme code").unwrap();
        assert_eq!(
            t.render(Channel::Sms, "482913").as_str(),
            "482913 is your Acme code"
        );
        assert_eq!(
            t.render(Channel::Voice, "4829").as_str(),
            "4, 8, 2, 9 is your Acme code"
        );
        for bad in [
            "no placeholder",
            "{code} and {code}",
            "{code} {other}",
            "{code}",
            "bell \u{7} {code}",
            &"x".repeat(700),
        ] {
            assert!(
                matches!(
                    MessageTemplate::new(bad),
                    Err(DispatchError::InvalidPolicy(_))
                ),
                "{bad}"
            );
        }
        assert!(MessageTemplate::new("Your code:\n{code}").is_ok());
    }
}
