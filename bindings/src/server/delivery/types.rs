//! Records and enums of the delivery bindings. Defined the same with and without the
//! `delivery` feature (the generated Kotlin/Swift must match every library build); their
//! conversions to and from the core live in `imp.rs`.

use super::super::types::{DeliveryChannel, LimitScope};
use super::MessageSender;
use crate::handles::SensitiveText;
use std::sync::Arc;

/// The vendors otpkit has adapters for (the core's `ProviderKind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum ProviderKind {
    Twilio,
    Vonage,
    /// Bird (formerly MessageBird).
    MessageBird,
    /// SleekFlow (WhatsApp Business).
    SleekFlow,
    Textlocal,
    Dexatel,
    LabsMobile,
}

/// Where a sent message stands, merged from its delivery reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum DeliveryStatus {
    /// The provider took the message (queued, accepted).
    Accepted,
    /// Handed to the carrier or WhatsApp; not yet confirmed on the handset.
    Sent,
    /// Confirmed delivered to the handset (or the call was answered).
    Delivered,
    /// Failed or rejected downstream.
    Failed,
    /// The carrier gave up when the message's validity ran out.
    Expired,
}

/// Which Textlocal platform an account is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum TextlocalRegion {
    /// `api.txtlocal.com` (UK and international).
    International,
    /// `api.textlocal.in`: DLT rules, 6-letter registered headers.
    India,
}

/// A Twilio API key (`SK…` SID and its secret) used instead of the auth token to send.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct TwilioApiKey {
    pub sid: String,
    pub secret: Arc<SensitiveText>,
}

/// A Vonage application: its id and private key (PEM, PKCS#8 as the dashboard gives it).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct VonageApplication {
    pub id: String,
    pub private_key: Arc<SensitiveText>,
}

/// An approved WhatsApp template: its name and language (`en_US`, `pt_BR`, `de`).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct WhatsAppTemplate {
    pub name: String,
    pub language: String,
}

/// Bird/MessageBird voice (text-to-speech) options; null fields take the core's defaults
/// (`en-gb`, `female`, read twice, `delay` on an answering machine).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct MessageBirdVoice {
    #[uniffi(default)]
    pub language: Option<String>,
    #[uniffi(default)]
    pub voice: Option<String>,
    #[uniffi(default)]
    pub repeat: Option<i32>,
    #[uniffi(default)]
    pub if_machine: Option<String>,
}

/// Bird/MessageBird WhatsApp (Conversations API) options: the channel id, the template
/// namespace, and an approved template whose single parameter is the code.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct MessageBirdWhatsApp {
    pub channel_id: String,
    pub namespace: String,
    pub template_name: String,
    pub language: String,
}

/// One provider's account settings. Credentials are [`SensitiveText`] objects (redacted in
/// every string form). `base_url` null means the provider's real API host; set it only for the
/// loopback fakes (plain `http://` is refused except to loopback). Null options take the core
/// adapter's defaults (docs/providers/).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum ProviderConfig {
    /// Twilio (SMS; WhatsApp, as the `whatsapp/authentication` Content template
    /// `whatsapp_content_sid` when set; voice when `voice`). `auth_token` signs the webhooks and
    /// is the basic-auth password unless `api_key` is set. Voice: `voice_language` (default
    /// `en-US`), `voice_name`, `voice_repeat` (1..=5, default 2).
    Twilio {
        account_sid: String,
        auth_token: Arc<SensitiveText>,
        api_key: Option<TwilioApiKey>,
        base_url: Option<String>,
        whatsapp_content_sid: Option<String>,
        voice: bool,
        voice_language: Option<String>,
        voice_name: Option<String>,
        voice_repeat: Option<i32>,
    },
    /// Vonage (SMS; WhatsApp, as `whatsapp_template` when set; voice with an `application`).
    /// `signature_secret` verifies the signed webhooks; `jwt_auth` sends Messages API requests
    /// with an application JWT instead of basic auth. Voice: `voice_language` (default
    /// `en-US`), `voice_style` (0), `voice_repeat` (1..=5, default 2); `webhook_max_age`
    /// (1..=3600 s, default 300) and `jwt_ttl` (1..=86400 s, default 300).
    Vonage {
        api_key: String,
        api_secret: Arc<SensitiveText>,
        signature_secret: Arc<SensitiveText>,
        application: Option<VonageApplication>,
        jwt_auth: bool,
        base_url: Option<String>,
        whatsapp_template: Option<WhatsAppTemplate>,
        voice_language: Option<String>,
        voice_style: Option<i32>,
        voice_repeat: Option<i32>,
        webhook_max_age: Option<i64>,
        jwt_ttl: Option<i64>,
    },
    /// Bird/MessageBird (SMS; voice and WhatsApp when their options are set). `signing_key`
    /// verifies the webhook signatures; `legacy_signature_max_age` also accepts the older
    /// `MessageBird-Signature` within that many seconds (off when null).
    MessageBird {
        access_key: Arc<SensitiveText>,
        signing_key: Arc<SensitiveText>,
        base_url: Option<String>,
        conversations_url: Option<String>,
        sms_validity: Option<i64>,
        voice: Option<MessageBirdVoice>,
        whatsapp: Option<MessageBirdWhatsApp>,
        legacy_signature_max_age: Option<i64>,
    },
    /// SleekFlow (WhatsApp only): `template` is the approved template whose body parameter is
    /// the code (`copy_code_button`: it also has a copy-code button); `webhook_token` is the
    /// secret in the receipt URL configured at SleekFlow.
    SleekFlow {
        api_key: Arc<SensitiveText>,
        webhook_token: Arc<SensitiveText>,
        base_url: Option<String>,
        template: WhatsAppTemplate,
        copy_code_button: bool,
    },
    /// Textlocal (SMS). `receipt_token` (16–128 of `A–Z a–z 0–9 - _ . ~`) is appended to every
    /// receipt URL and required on receipts (Textlocal signs nothing).
    Textlocal {
        api_key: Arc<SensitiveText>,
        receipt_token: Arc<SensitiveText>,
        region: TextlocalRegion,
        base_url: Option<String>,
    },
    /// Dexatel (SMS; WhatsApp when `whatsapp_template` names the approved template's UUID;
    /// voice when `voice`). `webhook_secret`: the delivery webhook's signing secret.
    Dexatel {
        api_key: Arc<SensitiveText>,
        webhook_secret: Arc<SensitiveText>,
        base_url: Option<String>,
        whatsapp_template: Option<String>,
        voice: bool,
    },
    /// LabsMobile (SMS). `ack_token` is appended to every ACK URL and required on ACKs.
    LabsMobile {
        username: String,
        api_token: Arc<SensitiveText>,
        ack_token: Arc<SensitiveText>,
        base_url: Option<String>,
    },
}

/// Timeout and retries of one send: `attempts` tries in all (1..=5), each with a whole-exchange
/// timeout of `timeout_ms` (1..=60 000), pauses from `initial_backoff_ms` doubling up to
/// `max_backoff_ms` (≤ 30 000). A request that may have reached the provider is repeated only
/// where the provider documents idempotency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct RetryPolicy {
    #[uniffi(default = 3)]
    pub attempts: i32,
    #[uniffi(default = 10000)]
    pub timeout_ms: i64,
    #[uniffi(default = 250)]
    pub initial_backoff_ms: i64,
    #[uniffi(default = 4000)]
    pub max_backoff_ms: i64,
}

/// One step of a fallback policy: send on `channel` through `sender` from `sender_id`
/// (alphanumeric name, `+E164` number or short code), then wait up to `wait` seconds (1..=600)
/// for a delivered receipt before the next step. `callback_url`: the delivery-report URL given
/// to providers that take one per message (https).
#[derive(Debug, Clone, uniffi::Record)]
pub struct FallbackStep {
    pub channel: DeliveryChannel,
    pub sender: Arc<MessageSender>,
    pub sender_id: String,
    pub wait: i64,
    #[uniffi(default)]
    pub callback_url: Option<String>,
}

/// The text sent on one channel: `template` with exactly one `{code}` placeholder (voice reads
/// the code out one character at a time). Not secret: it holds no code.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct MessageTemplate {
    pub channel: DeliveryChannel,
    pub template: String,
}

/// The ordered steps (1..=8, e.g. SMS → WhatsApp → voice) of one purpose and the template of
/// every channel they use.
#[derive(Debug, Clone, uniffi::Record)]
pub struct FallbackPolicy {
    pub purpose: String,
    pub steps: Vec<FallbackStep>,
    pub templates: Vec<MessageTemplate>,
}

/// How long a challenge's delivery log outlives its code for late receipts (`receipt_grace`,
/// 1..=604 800 s) and how long a claim on the next send holds (`claim_lease`, 1..=3 600 s;
/// longer than a sender's worst-case send).
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct DispatchConfig {
    #[uniffi(default = 3600)]
    pub receipt_grace: i64,
    #[uniffi(default = 120)]
    pub claim_lease: i64,
}

/// Why a send failed (the core's `SendError` classes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum SendFailure {
    /// The message cannot be sent as asked (channel, destination, configuration).
    Invalid,
    /// The provider refused it (`provider_code` when it gave one).
    Rejected,
    /// The provider refused the credentials.
    Unauthorized,
    /// The provider's rate limit, after every allowed retry.
    RateLimited,
    /// The provider or the connection failed, after every allowed retry.
    Unavailable,
    /// The provider answered something its documentation does not describe.
    Protocol,
}

/// The result of [`super::Dispatcher`]'s `start`, `advance` and `resend`. `OtpError` is raised
/// only for store failures, bad configuration and unusable requests.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum DispatchOutcome {
    /// This call sent a code via `step` as send `seq` (the provider took it, or may have). Call
    /// `advance` at `wait_until` unless a receipt comes first. The code stops working at
    /// `expires_at`.
    Sent {
        challenge_id: String,
        step: i32,
        channel: DeliveryChannel,
        seq: i32,
        expires_at: i64,
        wait_until: i64,
    },
    /// Nothing to do yet (step `step`'s wait, the cooldown, or another caller is sending): call
    /// `advance` again at `until`.
    Waiting {
        challenge_id: String,
        step: i32,
        until: i64,
    },
    /// The latest send (the live code) was delivered.
    Delivered {
        challenge_id: String,
        step: i32,
        channel: DeliveryChannel,
    },
    /// No step is left to try (the live code still verifies until it expires).
    Exhausted { challenge_id: String },
    /// A send limit, the resend cooldown or the per-challenge maximum refused it; nothing was
    /// sent.
    RateLimited { scope: LimitScope, retry_after: i64 },
    /// Unknown, expired, used or burned challenge.
    UnknownChallenge,
    /// Every remaining step failed definitively; this is the last step's failure. `reason`
    /// never holds a code, message text, credential or phone number.
    SendFailed {
        provider: ProviderKind,
        failure: SendFailure,
        provider_code: Option<String>,
        reason: String,
    },
    /// The last remaining step's sender id is not allowed for its channel or country; `rule`
    /// names the rule (as `InvalidInput(SENDER_ID).field`).
    SenderRefused { rule: String, reason: String },
}

/// What a delivery report did to one send.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct DeliveryUpdate {
    pub challenge_id: String,
    pub seq: i32,
    pub step: i32,
    pub channel: DeliveryChannel,
    /// The status after merging (the stored one when the report did not raise it).
    pub status: DeliveryStatus,
    /// Whether this report changed the stored status.
    pub changed: bool,
}

/// The result of reading a delivery-report webhook. Answer the provider's request with
/// `Recorded` → 200, `UnknownMessage` → 200 (nothing to retry), `Unauthenticated` → 401,
/// `Malformed` → 400, `TooLarge` → 413; an `OtpError.StoreUnavailable` → 503 (the provider
/// retries).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum ReceiptOutcome {
    /// Verified; each known report recorded. Call `advance` for the challenges listed to act on
    /// failures at once.
    Recorded { updates: Vec<DeliveryUpdate> },
    /// The signature or token is missing, wrong, expired or for another URL or body (a forged
    /// receipt). Nothing was recorded.
    Unauthenticated { reason: String },
    /// Not a delivery report of the documented shape. Nothing was recorded.
    Malformed { reason: String },
    /// The body is over 64 KiB (or the URL over 8 KiB); refused unread.
    TooLarge,
    /// Verified, but for messages this store does not know.
    UnknownMessage,
}

/// One send of a challenge, as logged, with the merged status of its delivery reports.
/// `error` is the provider's error code (e.g. `30003`) or a short reason (`rejected`,
/// `unavailable`, `sender_id`, …) for a failure.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SendRecord {
    pub seq: i32,
    pub step: i32,
    pub channel: DeliveryChannel,
    pub provider: ProviderKind,
    pub message_id: Option<String>,
    pub sent_at: i64,
    pub status: DeliveryStatus,
    pub updated_at: i64,
    pub error: Option<String>,
}

/// A challenge's sends, oldest first, and whether the latest one (the live code) was delivered.
/// No sends: an unknown, or long expired, challenge.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct DeliveryState {
    pub sends: Vec<SendRecord>,
    pub delivered: bool,
}
