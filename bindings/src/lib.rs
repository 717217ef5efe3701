//! uniffi bindings for [`otpkit`]: thin wrappers only. All logic lives in the core crate; this
//! crate converts types at the boundary and turns core errors into the one FFI error in
//! [`error`]. The map of names across Rust, Kotlin, Swift and Python is in this crate's README.
//!
//! ```
//! use otpkit_ffi::{CodeGenerator, OtpParams, Secret};
//! let secret = Secret::from_bytes(b"12345678901234567890".to_vec()).unwrap();
//! let params = OtpParams::Totp { algorithm: None, digits: 8, period: 30, t0: 0 };
//! let generator = CodeGenerator::new(secret, Some(params), None).unwrap();
//! assert_eq!(generator.code_at(59).unwrap(), "94287082"); // RFC 6238 Appendix B
//! ```
//!
//! Secrets and live codes cross as objects ([`Secret`], [`OneTimeCode`], [`SensitiveText`])
//! whose string forms are redacted; hot loops should hold a [`CodeGenerator`] and pass integers.

uniffi::setup_scaffolding!();

#[cfg(any(feature = "storage", feature = "server"))]
mod asyncify;
mod clock;
mod codes;
mod error;
mod handles;
mod migration;
#[cfg(feature = "receiver")]
mod receiver;
mod secret_text;
#[cfg(feature = "server")]
mod server;
#[cfg(feature = "storage")]
mod storage;
mod types;
mod uri;

pub use clock::{fixed_time_source, system_time_source, TimeSource};
pub use codes::{hotp_code, totp_code, CodeGenerator};
pub use error::{AuthenticationKind, InvalidInputKind, OtpError, StorageFailureKind};
pub use handles::{OneTimeCode, Secret, SensitiveText};
pub use migration::{migration_decode, migration_encode, MigrationAssembler};
#[cfg(feature = "receiver")]
pub use receiver::{
    android_app_hash, check_app_hash, extract_code, find_origin_bound, format_sms,
    keyword_languages, message_languages, parse_origin_bound, push_message, sms_encoding_info,
    voice_message, AppHashMatch, CodeEvidence, OriginBoundCode, PushStyle, SmsBodyOptions, SmsCode,
    SmsEncoding, SmsEncodingInfo, SmsMessage, SmsWarning, TextSpan, VoiceMessage,
};
pub use secret_text::SecretText;
#[cfg(feature = "server")]
pub use server::{
    check_sender_id, default_dispatch_config, default_oob_policy, default_redis_store_options,
    default_retry_policy, default_send_limits, default_verifier_config, no_send_limits,
    render_message_template, strict_verifier_config, CodeFormat, CredentialState, Delivery,
    DeliveryChannel, DeliveryState, DeliveryStatus, DeliveryUpdate, DispatchConfig,
    DispatchOutcome, Dispatcher, FallbackPolicy, FallbackStep, HotpPolicy, IssueOutcome,
    LimitScope, MalformedReason, MessageBirdVoice, MessageBirdWhatsApp, MessageSender,
    MessageTemplate, OobBinding, OobCodes, OobOutcome, OobPolicy, Pepper, ProviderConfig,
    ProviderKind, RateLimit, ReceiptOutcome, RedisStoreOptions, RetryPolicy, SendFailure,
    SendLimits, SendRecord, StoreDiagnostic, TextlocalRegion, ThrottlePolicy, TotpPolicy,
    TwilioApiKey, VerificationStore, Verifier, VerifierConfig, VerifyOutcome, VonageApplication,
    WhatsAppTemplate,
};
#[cfg(feature = "storage")]
pub use storage::{
    memory_secret_store, read_backup, read_backup_blocking, Account, AccountCode, AccountUpdate,
    Accounts, ExportFormat, ImportFailure, ImportFormat, ImportSummary, ImportedBackup, KdfParams,
    SecretStore, SecretStoreError,
};
pub use types::{
    code_length, default_totp, hash_algorithm, CodeSnapshot, HashAlgorithm, OtpAuthUri, OtpParams,
    UriParameter, UriWarning,
};
pub use uri::{canonical_uri, parse_uri, to_uri};
