//! uniffi bindings for [`otpkit`]: thin wrappers only. All logic lives in the core crate; this crate
//! converts types at the boundary and turns core errors into the flat FFI error in [`error`].
//!
//! Hot loops should hold a [`CodeGenerator`] (pre-keyed once) and pass integers (Unix time or
//! counter) to it: every string or byte argument costs an extra buffer copy across the FFI.

uniffi::setup_scaffolding!();

mod clock;
mod codes;
mod error;
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

pub use clock::{system_clock, Clock};
pub use codes::{generate_secret, hotp_code, normalize_secret, totp_code, CodeGenerator};
pub use error::OtpError;
pub use migration::{migration_decode, migration_encode, MigrationAssembler};
#[cfg(feature = "receiver")]
pub use receiver::{
    android_app_hash, extract_code, find_origin_bound, format_sms, keyword_languages,
    message_languages, parse_origin_bound, push_message, sms_encoding_info, voice_message,
    CodeEvidence, OriginBoundCode, SmsBodyOptions, SmsCode, SmsEncoding, SmsMessage, VoiceText,
};
pub use secret_text::SecretText;
#[cfg(feature = "server")]
pub use server::{
    default_oob_policy, default_send_limits, default_verifier_config, no_send_limits,
    strict_verifier_config, CodeFormat, CredentialState, Delivery, DeliveryChannel, HotpPolicy,
    IssueOutcome, LimitScope, MalformedReason, OobBinding, OobCodes, OobOutcome, OobPolicy,
    OtpVerifier, Pepper, RateLimit, SendLimits, StoreDiagnostic, ThrottlePolicy, TotpPolicy,
    VerificationStore, VerifierConfig, VerifyOutcome,
};
#[cfg(feature = "storage")]
pub use storage::{
    export_aegis, export_otpauth_list, import_backup, memory_secret_store, AccountRecord,
    ImportFailureRecord, ImportSummary, ImportedBackup, OtpAccountStore, OtpVault, SecretStore,
    SecretStoreError,
};
pub use types::{CodeSnapshot, HashAlgorithm, OtpAccount, OtpParameters, OtpType, UriParameter};
pub use uri::{account_to_uri, canonical_uri, parse_uri};
