//! The delivery bindings with the `delivery` feature: type conversions and calls into
//! [`otpkit::delivery`]. No rule lives here.

use super::super::types::DeliveryChannel;
use super::super::{CoreStore, OobCodes, OobPolicy, Pepper, SendLimits, VerificationStore};
use super::types::*;
use crate::clock::{or_system, CoreClock, TimeSource};
use crate::error::{in_range, non_negative, sender_id_error, OtpError};
use crate::handles::SensitiveText;
use otpkit::delivery as dv;
use otpkit::delivery::providers as pv;
use otpkit::server as sv;
use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;
use zeroize::Zeroizing;

mod convert;

use convert::{
    channel_to_core, dispatch_outcome, kind_to_core, kind_to_ffi, receipt_outcome, send_record,
};

type CoreOob = sv::OobCodes<CoreStore, CoreClock>;
type CoreDispatcher = dv::Dispatcher<CoreStore, CoreClock>;

/// A configured adapter: the sender that performs requests, and the adapter itself for the
/// sender-id rules.
pub(crate) struct SenderInner {
    sender: Arc<dyn dv::Sender>,
    provider: Arc<dyn dv::Provider>,
}

pub(super) fn fmt_sender(s: &SenderInner, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    // The adapters' Debug redacts every credential.
    write!(f, "MessageSender({:?})", s.provider)
}

fn retry_to_core(r: RetryPolicy) -> Result<dv::RetryPolicy, OtpError> {
    let ms = |v: i64, field: &str| non_negative(v, field).map(Duration::from_millis);
    Ok(dv::RetryPolicy {
        attempts: in_range(i64::from(r.attempts), "attempts")?,
        timeout: ms(r.timeout_ms, "timeout_ms")?,
        initial_backoff: ms(r.initial_backoff_ms, "initial_backoff_ms")?,
        max_backoff: ms(r.max_backoff_ms, "max_backoff_ms")?,
    })
}

fn wrap<P: dv::Provider + Clone + 'static>(
    provider: P,
    retry: dv::RetryPolicy,
) -> Result<SenderInner, OtpError> {
    let checker: Arc<dyn dv::Provider> = Arc::new(provider.clone());
    let sender =
        dv::HttpSender::with_parts(provider, dv::UreqTransport::new(), dv::ThreadPause, retry)?;
    Ok(SenderInner {
        sender: Arc::new(sender),
        provider: checker,
    })
}

/// `field` set to `value` when given (else the core's default stays).
fn set(field: &mut String, value: Option<String>) {
    if let Some(v) = value {
        *field = v;
    }
}

/// A small count (`u8` in the core) when given.
fn small(field: &mut u8, value: Option<i32>, name: &str) -> Result<(), OtpError> {
    if let Some(v) = value {
        *field = in_range(i64::from(v), name)?;
    }
    Ok(())
}

/// A number of seconds when given.
fn seconds(field: &mut u64, value: Option<i64>, name: &str) -> Result<(), OtpError> {
    if let Some(v) = value {
        *field = non_negative(v, name)?;
    }
    Ok(())
}

pub(super) fn new_sender(
    config: ProviderConfig,
    retry: Option<RetryPolicy>,
    time: Option<Arc<dyn TimeSource>>,
) -> Result<SenderInner, OtpError> {
    let clock = or_system(time);
    let retry = retry_to_core(retry.unwrap_or_else(super::default_retry_policy))?;
    match config {
        ProviderConfig::Twilio {
            account_sid,
            auth_token,
            api_key,
            base_url,
            whatsapp_content_sid,
            voice,
            voice_language,
            voice_name,
            voice_repeat,
        } => {
            let mut c = pv::TwilioConfig::new(&account_sid, auth_token.expose());
            if let Some(k) = api_key {
                c.api_key = Some(pv::TwilioApiKey {
                    sid: k.sid,
                    secret: Zeroizing::new(k.secret.expose().to_owned()),
                });
            }
            set(&mut c.base_url, base_url);
            c.whatsapp_content_sid = whatsapp_content_sid;
            c.voice = voice;
            set(&mut c.voice_language, voice_language);
            c.voice_name = voice_name;
            small(&mut c.voice_repeat, voice_repeat, "voice_repeat")?;
            wrap(pv::Twilio::new(c)?, retry)
        }
        ProviderConfig::Vonage {
            api_key,
            api_secret,
            signature_secret,
            application,
            jwt_auth,
            base_url,
            whatsapp_template,
            voice_language,
            voice_style,
            voice_repeat,
            webhook_max_age,
            jwt_ttl,
        } => {
            let mut c =
                pv::VonageConfig::new(&api_key, api_secret.expose(), signature_secret.expose());
            c.application = application.map(|a| pv::VonageApplication {
                id: a.id,
                private_key_pem: Zeroizing::new(a.private_key.expose().to_owned()),
            });
            if jwt_auth {
                c.messages_auth = pv::VonageAuth::Jwt;
            }
            set(&mut c.base_url, base_url);
            c.whatsapp_template = whatsapp_template.map(|t| pv::VonageWhatsAppTemplate {
                name: t.name,
                language: t.language,
            });
            set(&mut c.voice_language, voice_language);
            small(&mut c.voice_style, voice_style, "voice_style")?;
            small(&mut c.voice_repeat, voice_repeat, "voice_repeat")?;
            seconds(&mut c.webhook_max_age, webhook_max_age, "webhook_max_age")?;
            seconds(&mut c.jwt_ttl, jwt_ttl, "jwt_ttl")?;
            c.clock = Arc::new(clock);
            wrap(pv::Vonage::new(c)?, retry)
        }
        ProviderConfig::MessageBird {
            access_key,
            signing_key,
            base_url,
            conversations_url,
            sms_validity,
            voice,
            whatsapp,
            legacy_signature_max_age,
        } => {
            let mut c = pv::MessageBirdConfig::new(access_key.expose(), signing_key.expose());
            set(&mut c.base_url, base_url);
            set(&mut c.conversations_url, conversations_url);
            c.sms_validity = sms_validity
                .map(|v| in_range(v, "sms_validity"))
                .transpose()?;
            if let Some(v) = voice {
                let mut o = pv::messagebird::VoiceOptions::default();
                set(&mut o.language, v.language);
                set(&mut o.voice, v.voice);
                small(&mut o.repeat, v.repeat, "repeat")?;
                set(&mut o.if_machine, v.if_machine);
                c.voice = Some(o);
            }
            c.whatsapp = whatsapp.map(|w| pv::messagebird::WhatsAppOptions {
                channel_id: w.channel_id,
                namespace: w.namespace,
                template_name: w.template_name,
                language: w.language,
            });
            c.legacy_signature_max_age = legacy_signature_max_age
                .map(|v| non_negative(v, "legacy_signature_max_age"))
                .transpose()?;
            wrap(pv::MessageBird::new(c)?, retry)
        }
        ProviderConfig::SleekFlow {
            api_key,
            webhook_token,
            base_url,
            template,
            copy_code_button,
        } => {
            let mut c = pv::SleekFlowConfig::new(
                api_key.expose(),
                webhook_token.expose(),
                &template.name,
                &template.language,
            );
            set(&mut c.base_url, base_url);
            c.copy_code_button = copy_code_button;
            wrap(pv::SleekFlow::new(c)?, retry)
        }
        ProviderConfig::Textlocal {
            api_key,
            receipt_token,
            region,
            base_url,
        } => {
            let region = match region {
                TextlocalRegion::International => pv::TextlocalRegion::International,
                TextlocalRegion::India => pv::TextlocalRegion::India,
            };
            let mut c = pv::TextlocalConfig::new(api_key.expose(), receipt_token.expose(), region);
            set(&mut c.base_url, base_url);
            wrap(pv::Textlocal::new(c)?, retry)
        }
        ProviderConfig::Dexatel {
            api_key,
            webhook_secret,
            base_url,
            whatsapp_template,
            voice,
        } => {
            let mut c = pv::DexatelConfig::new(api_key.expose(), webhook_secret.expose());
            set(&mut c.base_url, base_url);
            c.whatsapp_template = whatsapp_template;
            c.voice = voice;
            wrap(pv::Dexatel::new(c)?, retry)
        }
        ProviderConfig::LabsMobile {
            username,
            api_token,
            ack_token,
            base_url,
        } => {
            let mut c =
                pv::LabsMobileConfig::new(&username, api_token.expose(), ack_token.expose());
            set(&mut c.base_url, base_url);
            wrap(pv::LabsMobile::new(c)?, retry)
        }
    }
}

pub(super) fn sender_kind(s: &SenderInner) -> ProviderKind {
    kind_to_ffi(s.sender.kind())
}

pub(super) fn sender_supports(s: &SenderInner, channel: DeliveryChannel) -> bool {
    s.sender.supports(channel_to_core(channel))
}

pub(super) fn sender_check(
    s: &SenderInner,
    channel: DeliveryChannel,
    sender_id: &str,
    country: Option<&str>,
) -> Result<(), OtpError> {
    let id = dv::SenderId::parse(sender_id).map_err(sender_id_error)?;
    dv::check_sender_id(&*s.provider, channel_to_core(channel), &id, country)
        .map_err(sender_id_error)
}

pub(super) fn check_sender_id(
    sender_id: &str,
    channel: DeliveryChannel,
    country: Option<&str>,
) -> Result<(), OtpError> {
    dv::SenderId::parse(sender_id)
        .and_then(|id| id.check_for(channel_to_core(channel), country))
        .map_err(sender_id_error)
}

fn template_to_core(t: &MessageTemplate) -> Result<(sv::Channel, dv::MessageTemplate), OtpError> {
    Ok((
        channel_to_core(t.channel),
        dv::MessageTemplate::new(&t.template)?,
    ))
}

pub(super) fn render_template(
    t: &MessageTemplate,
    code: &str,
) -> Result<Arc<SensitiveText>, OtpError> {
    let (channel, template) = template_to_core(t)?;
    Ok(SensitiveText::wrap(template.render(channel, code).as_str()))
}

// ---------------------------------------------------------------------------------------------
// Dispatcher

/// The core dispatcher and a twin of its codes service (same store, clock, peppers, policy
/// and limits) for verification.
#[derive(Clone)]
pub(crate) struct DispatcherInner {
    core: Arc<CoreDispatcher>,
    codes: Arc<CoreOob>,
}

pub(super) fn fmt_dispatcher(d: &DispatcherInner, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    write!(f, "{:?}", d.core)
}

pub(super) fn share(d: &DispatcherInner) -> DispatcherInner {
    d.clone()
}

/// The constructor's arguments.
pub(super) struct Parts<'a> {
    pub store: &'a VerificationStore,
    pub peppers: &'a [Arc<Pepper>],
    pub policies: Vec<FallbackPolicy>,
    pub time: Option<Arc<dyn TimeSource>>,
    pub policy: Option<OobPolicy>,
    pub limits: Option<SendLimits>,
    pub config: Option<DispatchConfig>,
}

fn policy_to_core(p: FallbackPolicy) -> Result<(String, dv::FallbackPolicy), OtpError> {
    let mut steps = Vec::with_capacity(p.steps.len());
    for s in p.steps {
        let from = dv::SenderId::parse(&s.sender_id).map_err(sender_id_error)?;
        let wait = non_negative(s.wait, "wait")?;
        let mut step = dv::FallbackStep::new(
            channel_to_core(s.channel),
            s.sender.inner.sender.clone(),
            from,
            wait,
        );
        if let Some(url) = s.callback_url {
            step = step.with_callback(url);
        }
        steps.push(step);
    }
    let templates = p
        .templates
        .iter()
        .map(template_to_core)
        .collect::<Result<Vec<_>, _>>()?;
    Ok((p.purpose, dv::FallbackPolicy::new(steps, templates)?))
}

pub(super) fn new_dispatcher(p: Parts<'_>) -> Result<DispatcherInner, OtpError> {
    let ring = sv::PepperRing::from_list(p.peppers.iter().map(|k| k.inner.clone()))?;
    let policy = match p.policy {
        Some(x) => x.try_into()?,
        None => sv::OobPolicy::default(),
    };
    let limits = match p.limits {
        Some(x) => x.try_into()?,
        None => sv::SendLimits::default(),
    };
    let config = match p.config {
        Some(c) => dv::DispatchConfig {
            receipt_grace: non_negative(c.receipt_grace, "receipt_grace")?,
            claim_lease: non_negative(c.claim_lease, "claim_lease")?,
        },
        None => dv::DispatchConfig::default(),
    };
    let codes = sv::OobCodes::new(
        p.store.inner.clone(),
        or_system(p.time),
        ring,
        policy,
        limits,
    )?;
    let mut core = dv::Dispatcher::new(codes.clone(), config)?;
    for fp in p.policies {
        let (purpose, policy) = policy_to_core(fp)?;
        core = core.with_policy(&purpose, policy)?;
    }
    Ok(DispatcherInner {
        core: Arc::new(core),
        codes: Arc::new(codes),
    })
}

pub(super) fn codes(d: &DispatcherInner) -> Arc<OobCodes> {
    Arc::new(OobCodes {
        inner: d.codes.clone(),
    })
}

/// Where the code goes and who asked.
pub(super) struct Target {
    pub to: String,
    pub ip: Option<String>,
    pub country: Option<String>,
}

fn phone(to: &str) -> Result<dv::PhoneNumber, OtpError> {
    dv::PhoneNumber::parse(to)
        .map_err(|reason| OtpError::invalid(crate::error::InvalidInputKind::Request, "to", reason))
}

pub(super) fn start(
    d: &DispatcherInner,
    binding: &super::OobBinding,
    to: &str,
    ip: Option<String>,
    country: Option<String>,
    t: Option<u64>,
) -> Result<DispatchOutcome, OtpError> {
    let to = phone(to)?;
    let now = d.codes.time_or_now(t);
    let r = d
        .core
        .start(&binding.core(), &to, ip.as_deref(), country.as_deref(), now);
    dispatch_outcome(r.map(|s| (s.challenge_id, s.progress)))
}

pub(super) fn step_on(
    d: &DispatcherInner,
    id: &str,
    binding: &super::OobBinding,
    target: Target,
    t: Option<u64>,
    requested: bool,
) -> Result<DispatchOutcome, OtpError> {
    let to = phone(&target.to)?;
    let now = d.codes.time_or_now(t);
    let (b, ip, country) = (
        binding.core(),
        target.ip.as_deref(),
        target.country.as_deref(),
    );
    let r = if requested {
        d.core.resend(id, &b, &to, ip, country, now)
    } else {
        d.core.advance(id, &b, &to, ip, country, now)
    };
    dispatch_outcome(r.map(|p| (id.to_owned(), p)))
}

/// A webhook request as the server received it.
pub(super) struct Webhook {
    pub method: String,
    pub url: String,
    pub headers: HashMap<String, String>,
    pub body: Vec<u8>,
}

pub(super) fn receipt(
    d: &DispatcherInner,
    provider: ProviderKind,
    w: Webhook,
    t: Option<u64>,
) -> Result<ReceiptOutcome, OtpError> {
    let now = d.codes.time_or_now(t);
    let headers: Vec<(String, String)> = w.headers.into_iter().collect();
    let request = dv::WebhookRequest {
        method: &w.method,
        url: &w.url,
        headers: &headers,
        body: &w.body,
    };
    receipt_outcome(d.core.receipt(kind_to_core(provider), &request, now))
}

pub(super) fn status(
    d: &DispatcherInner,
    id: &str,
    t: Option<u64>,
) -> Result<DeliveryState, OtpError> {
    let now = d.codes.time_or_now(t);
    let state = d.core.status(id, now)?;
    Ok(DeliveryState {
        sends: state
            .sends
            .into_iter()
            .map(send_record)
            .collect::<Result<_, _>>()?,
        delivered: state.delivered,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::out_i64;

    #[test]
    fn defaults_are_the_core_defaults() {
        let r = retry_to_core(super::super::default_retry_policy()).unwrap();
        assert_eq!(r, dv::RetryPolicy::default());
        let c = super::super::default_dispatch_config();
        let d = dv::DispatchConfig::default();
        assert_eq!(
            (c.receipt_grace, c.claim_lease),
            (out_i64(d.receipt_grace), out_i64(d.claim_lease))
        );
    }

    #[test]
    fn senders_and_configs_are_redacted() {
        let config = ProviderConfig::Textlocal {
            api_key: SensitiveText::wrap("tl-live-key-000000001"),
            receipt_token: SensitiveText::wrap("rcpt_token_0123456789"),
            region: TextlocalRegion::International,
            base_url: None,
        };
        let shown = format!("{config:?}");
        let sender = super::super::MessageSender::new(config, None, None).unwrap();
        let shown = format!("{shown} {sender:?}");
        assert!(shown.contains("Textlocal"), "{shown}");
        assert!(
            !shown.contains("tl-live-key") && !shown.contains("rcpt_token"),
            "{shown}"
        );
    }

    #[test]
    fn bad_configs_and_sender_ids_are_typed_errors() {
        let bad = ProviderConfig::Dexatel {
            api_key: SensitiveText::wrap("k"),
            webhook_secret: SensitiveText::wrap("short"),
            base_url: None,
            whatsapp_template: None,
            voice: false,
        };
        match super::super::MessageSender::new(bad, None, None) {
            Err(OtpError::InvalidInput { kind, field, .. }) => {
                assert_eq!(kind, crate::error::InvalidInputKind::ServerConfig);
                assert_eq!(field.as_deref(), Some("config"));
            }
            other => panic!("{other:?}"),
        }
        match check_sender_id("ABCDEFGHIJKL", DeliveryChannel::Sms, None) {
            Err(OtpError::InvalidInput { kind, field, .. }) => {
                assert_eq!(kind, crate::error::InvalidInputKind::SenderId);
                assert_eq!(field.as_deref(), Some("too_long"));
            }
            other => panic!("{other:?}"),
        }
        let retry = RetryPolicy {
            attempts: 0,
            ..super::super::default_retry_policy()
        };
        assert!(retry_to_core(retry)
            .and_then(|r| wrap(
                pv::Textlocal::new(pv::TextlocalConfig::new(
                    "key",
                    "rcpt_token_0123456789",
                    pv::TextlocalRegion::International
                ))?,
                r
            ))
            .is_err());
    }
}
