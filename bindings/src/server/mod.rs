//! Server verification helpers ([`otpkit::server`]): TOTP/HOTP checks with throttling and replay
//! protection ([`OtpVerifier`]), out-of-band codes ([`OobCodes`]) and the shared store
//! ([`VerificationStore`]: in memory, or Redis with the `redis` feature).
//!
//! Expected results of a check or a send are typed outcome enums ([`VerifyOutcome`],
//! [`OobOutcome`], [`IssueOutcome`]); [`OtpError`] is raised only for store failures
//! (`StoreFailure`: fail closed, refuse and alert), invalid configuration
//! (`InvalidServerConfig`) and unusable requests (`InvalidRequest`). Time comes from the
//! [`Clock`] given at construction, or explicitly through the `*_at(.., unix_time)` methods.
//! Defaults come from the core: [`default_verifier_config`], [`strict_verifier_config`],
//! [`default_oob_policy`], [`default_send_limits`], [`no_send_limits`].

use crate::clock::{Clock, CoreClock};
use crate::codes::CodeGenerator;
use crate::error::OtpError;
use otpkit::server as sv;
use std::sync::Arc;

mod types;

pub use types::*;

type CoreStore = Arc<dyn sv::Store>;

// ---------------------------------------------------------------------------------------------
// Store

/// Where throttle state, high-water marks, send counters and challenges live. Share one store
/// between an [`OtpVerifier`] and an [`OobCodes`]; every process using the same Redis server and
/// prefix shares the state.
#[derive(uniffi::Object)]
pub struct VerificationStore {
    inner: CoreStore,
}

impl std::fmt::Debug for VerificationStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("VerificationStore")
    }
}

/// A non-fatal finding about a store's configuration (e.g. `redis.maxmemory-policy`).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct StoreDiagnostic {
    pub code: String,
    pub message: String,
}

#[uniffi::export]
impl VerificationStore {
    /// An in-process store (single process only).
    #[uniffi::constructor]
    pub fn memory() -> Arc<Self> {
        Arc::new(Self {
            inner: Arc::new(sv::MemoryStore::new()),
        })
    }

    /// Configuration findings (Redis: `maxmemory-policy` other than `noeviction`...).
    pub fn diagnostics(&self) -> Result<Vec<StoreDiagnostic>, OtpError> {
        Ok(self
            .inner
            .diagnostics()?
            .into_iter()
            .map(|d| StoreDiagnostic {
                code: d.code.to_owned(),
                message: d.message,
            })
            .collect())
    }

    /// A Redis store (`redis://[:password@]host:port/[db]`); keys start with `prefix` (non-empty,
    /// no braces or whitespace). Connects and loads the scripts now; 2 s timeouts.
    ///
    /// Needs the crate feature `redis` (on by default for host builds). Without it (mobile builds
    /// with `--no-default-features`) this always raises `InvalidServerConfig`: the constructor
    /// exists either way, so bindings generated from a host library match every build.
    #[uniffi::constructor]
    pub fn redis(url: String, prefix: String) -> Result<Arc<Self>, OtpError> {
        Self::redis_with_options(
            url,
            RedisStoreOptions {
                prefix,
                ..default_redis_store_options()
            },
        )
    }

    /// A Redis store with explicit [`RedisStoreOptions`] (prefix, timeout, idle connections);
    /// start from [`default_redis_store_options`]. Out-of-range options raise
    /// `InvalidServerConfig`. Same feature rule as [`VerificationStore::redis`].
    #[uniffi::constructor]
    pub fn redis_with_options(
        url: String,
        options: RedisStoreOptions,
    ) -> Result<Arc<Self>, OtpError> {
        #[cfg(feature = "redis")]
        {
            let opts = core_redis_options(options)?;
            Ok(Arc::new(Self {
                inner: Arc::new(sv::RedisStore::connect(&url, opts)?),
            }))
        }
        #[cfg(not(feature = "redis"))]
        {
            let _ = (url, options);
            Err(OtpError::InvalidServerConfig(
                "otpkit-ffi was built without the redis feature".into(),
            ))
        }
    }

    /// A Redis Cluster store reached through some of its nodes (`urls`, each
    /// `redis://host:port/`; the others are discovered). Same options and feature rule as
    /// [`VerificationStore::redis_with_options`]; a call during a fail-over raises
    /// `StoreFailure` until the replica is promoted.
    #[uniffi::constructor]
    pub fn redis_cluster(
        urls: Vec<String>,
        options: RedisStoreOptions,
    ) -> Result<Arc<Self>, OtpError> {
        #[cfg(feature = "redis")]
        {
            let opts = core_redis_options(options)?;
            let urls: Vec<&str> = urls.iter().map(String::as_str).collect();
            Ok(Arc::new(Self {
                inner: Arc::new(sv::RedisStore::connect_cluster(&urls, opts)?),
            }))
        }
        #[cfg(not(feature = "redis"))]
        {
            let _ = (urls, options);
            Err(OtpError::InvalidServerConfig(
                "otpkit-ffi was built without the redis feature".into(),
            ))
        }
    }
}

/// The core options of a [`RedisStoreOptions`] record, validated by the core.
#[cfg(feature = "redis")]
fn core_redis_options(options: RedisStoreOptions) -> Result<sv::RedisOptions, OtpError> {
    let opts = sv::RedisOptions {
        prefix: options.prefix,
        timeout: std::time::Duration::from_millis(options.timeout_ms),
        max_idle: usize::try_from(options.max_idle).unwrap_or(usize::MAX),
        ..sv::RedisOptions::default()
    };
    opts.validate()?;
    Ok(opts)
}

// ---------------------------------------------------------------------------------------------
// Verifier

/// Verifies TOTP/Steam/HOTP codes against a [`VerificationStore`] with throttling and replay
/// protection. `credential_id` names one secret (e.g. user id + authenticator id); it is hashed
/// before it reaches the store. Pass a [`CodeGenerator`] built once per credential.
#[derive(uniffi::Object)]
pub struct OtpVerifier {
    inner: sv::Verifier<CoreStore, CoreClock>,
}

impl std::fmt::Debug for OtpVerifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OtpVerifier")
            .field("config", self.inner.config())
            .finish()
    }
}

#[uniffi::export]
impl OtpVerifier {
    /// A verifier over `store` with time from `clock` and a validated `config`.
    #[uniffi::constructor]
    pub fn new(
        store: Arc<VerificationStore>,
        clock: Arc<dyn Clock>,
        config: VerifierConfig,
    ) -> Result<Arc<Self>, OtpError> {
        Ok(Arc::new(Self {
            inner: sv::Verifier::with_config(store.inner.clone(), CoreClock(clock), config.into())?,
        }))
    }

    /// The configuration in use.
    pub fn config(&self) -> VerifierConfig {
        (*self.inner.config()).into()
    }

    /// Checks a TOTP or Steam code now (the clock's time).
    pub fn verify_totp(
        &self,
        credential_id: String,
        generator: Arc<CodeGenerator>,
        code: String,
    ) -> Result<VerifyOutcome, OtpError> {
        verify_outcome(
            self.inner
                .verify_totp(&credential_id, generator.core(), &code),
        )
    }

    /// Checks a TOTP or Steam code at `unix_time`.
    pub fn verify_totp_at(
        &self,
        credential_id: String,
        generator: Arc<CodeGenerator>,
        code: String,
        unix_time: u64,
    ) -> Result<VerifyOutcome, OtpError> {
        verify_outcome(self.inner.verify_totp_at(
            &credential_id,
            generator.core(),
            &code,
            unix_time,
        ))
    }

    /// Checks a HOTP code against the expected counter (the greater of the generator's counter
    /// and the stored mark + 1) and the look-ahead.
    pub fn verify_hotp(
        &self,
        credential_id: String,
        generator: Arc<CodeGenerator>,
        code: String,
    ) -> Result<VerifyOutcome, OtpError> {
        verify_outcome(
            self.inner
                .verify_hotp(&credential_id, generator.core(), &code),
        )
    }

    /// [`OtpVerifier::verify_hotp`] at `unix_time`.
    pub fn verify_hotp_at(
        &self,
        credential_id: String,
        generator: Arc<CodeGenerator>,
        code: String,
        unix_time: u64,
    ) -> Result<VerifyOutcome, OtpError> {
        verify_outcome(self.inner.verify_hotp_at(
            &credential_id,
            generator.core(),
            &code,
            unix_time,
        ))
    }

    /// HOTP resynchronisation: two consecutive codes within the resync window; accepts the
    /// second. One attempt.
    pub fn resync_hotp(
        &self,
        credential_id: String,
        generator: Arc<CodeGenerator>,
        first: String,
        second: String,
    ) -> Result<VerifyOutcome, OtpError> {
        verify_outcome(
            self.inner
                .resync_hotp(&credential_id, generator.core(), &first, &second),
        )
    }

    /// [`OtpVerifier::resync_hotp`] at `unix_time`.
    pub fn resync_hotp_at(
        &self,
        credential_id: String,
        generator: Arc<CodeGenerator>,
        first: String,
        second: String,
        unix_time: u64,
    ) -> Result<VerifyOutcome, OtpError> {
        verify_outcome(self.inner.resync_hotp_at(
            &credential_id,
            generator.core(),
            &first,
            &second,
            unix_time,
        ))
    }

    /// Clears a credential's failures and lock (after another identity check).
    pub fn unlock(&self, credential_id: String) -> Result<(), OtpError> {
        Ok(self.inner.unlock(&credential_id)?)
    }

    /// [`OtpVerifier::unlock`] at `unix_time`.
    pub fn unlock_at(&self, credential_id: String, unix_time: u64) -> Result<(), OtpError> {
        Ok(self.inner.unlock_at(&credential_id, unix_time)?)
    }

    /// The stored throttle/replay state of a credential.
    pub fn state(&self, credential_id: String) -> Result<CredentialState, OtpError> {
        Ok(self.inner.state(&credential_id)?.into())
    }

    /// [`OtpVerifier::state`] at `unix_time`.
    pub fn state_at(
        &self,
        credential_id: String,
        unix_time: u64,
    ) -> Result<CredentialState, OtpError> {
        Ok(self.inner.state_at(&credential_id, unix_time)?.into())
    }
}

// ---------------------------------------------------------------------------------------------
// Out-of-band codes

/// A server pepper: the secret HMAC key (at least 16 bytes, 32 recommended) for out-of-band
/// code MACs, with its public key id (1–32 of `A–Z a–z 0–9 . _ -`). The key never leaves Rust.
#[derive(uniffi::Object)]
pub struct Pepper {
    inner: sv::Pepper,
}

impl std::fmt::Debug for Pepper {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.inner.fmt(f)
    }
}

#[uniffi::export]
impl Pepper {
    #[uniffi::constructor]
    pub fn new(key_id: String, key: Vec<u8>) -> Result<Arc<Self>, OtpError> {
        Ok(Arc::new(Self {
            inner: sv::Pepper::new(key_id, key)?,
        }))
    }

    /// A random 32-byte pepper from the OS CSPRNG (tests, first set-up).
    #[uniffi::constructor]
    pub fn generate(key_id: String) -> Result<Arc<Self>, OtpError> {
        Ok(Arc::new(Self {
            inner: sv::Pepper::generate(key_id)?,
        }))
    }

    pub fn key_id(&self) -> String {
        self.inner.id().to_owned()
    }
}

/// Issues, re-sends and verifies out-of-band codes (SMS, voice, WhatsApp, e-mail). Only a
/// peppered MAC of each code is stored, bound to the [`OobBinding`] and the challenge id.
#[derive(uniffi::Object)]
pub struct OobCodes {
    inner: sv::OobService<CoreStore, CoreClock>,
}

impl std::fmt::Debug for OobCodes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OobCodes")
    }
}

#[uniffi::export]
impl OobCodes {
    /// A service over `store` with time from `clock`. `peppers`: the current pepper first (new
    /// codes use it), then older ones still accepted for verification (unique key ids).
    #[uniffi::constructor]
    pub fn new(
        store: Arc<VerificationStore>,
        clock: Arc<dyn Clock>,
        peppers: Vec<Arc<Pepper>>,
        policy: OobPolicy,
        limits: SendLimits,
    ) -> Result<Arc<Self>, OtpError> {
        let mut it = peppers.iter();
        let current = it.next().ok_or(OtpError::InvalidServerConfig(
            "at least one pepper is needed".into(),
        ))?;
        let mut ring = sv::PepperRing::new(current.inner.clone());
        for p in it {
            ring = ring.with_previous(p.inner.clone())?;
        }
        Ok(Arc::new(Self {
            inner: sv::OobService::new(
                store.inner.clone(),
                CoreClock(clock),
                ring,
                policy.into(),
                limits.into(),
            )?,
        }))
    }

    /// Issues a new challenge if the send limits allow a delivery to `delivery`.
    pub fn issue(&self, binding: OobBinding, delivery: Delivery) -> Result<IssueOutcome, OtpError> {
        issue_outcome(self.inner.issue(&binding.core(), &delivery.core()))
    }

    /// [`OobCodes::issue`] at `unix_time`.
    pub fn issue_at(
        &self,
        binding: OobBinding,
        delivery: Delivery,
        unix_time: u64,
    ) -> Result<IssueOutcome, OtpError> {
        issue_outcome(
            self.inner
                .issue_at(&binding.core(), &delivery.core(), unix_time),
        )
    }

    /// A new code for an existing challenge (the old code stops working), subject to the resend
    /// cooldown, the per-challenge maximum and the send limits.
    pub fn resend(
        &self,
        challenge_id: String,
        binding: OobBinding,
        delivery: Delivery,
    ) -> Result<IssueOutcome, OtpError> {
        issue_outcome(
            self.inner
                .resend(&challenge_id, &binding.core(), &delivery.core()),
        )
    }

    /// [`OobCodes::resend`] at `unix_time`.
    pub fn resend_at(
        &self,
        challenge_id: String,
        binding: OobBinding,
        delivery: Delivery,
        unix_time: u64,
    ) -> Result<IssueOutcome, OtpError> {
        issue_outcome(self.inner.resend_at(
            &challenge_id,
            &binding.core(),
            &delivery.core(),
            unix_time,
        ))
    }

    /// Verifies `code` for the challenge. Unknown, expired, used-up and wrong all give
    /// `Invalid { remaining: null }`.
    pub fn verify(
        &self,
        challenge_id: String,
        binding: OobBinding,
        code: String,
    ) -> Result<OobOutcome, OtpError> {
        oob_outcome(self.inner.verify(&challenge_id, &binding.core(), &code))
    }

    /// [`OobCodes::verify`] at `unix_time`.
    pub fn verify_at(
        &self,
        challenge_id: String,
        binding: OobBinding,
        code: String,
        unix_time: u64,
    ) -> Result<OobOutcome, OtpError> {
        oob_outcome(
            self.inner
                .verify_at(&challenge_id, &binding.core(), &code, unix_time),
        )
    }

    /// Like `verify` but distinguishes wrong (`Invalid` with attempts left), `Expired` and
    /// `Exhausted`, for server-side logs. Never show it to users.
    pub fn verify_detailed(
        &self,
        challenge_id: String,
        binding: OobBinding,
        code: String,
    ) -> Result<OobOutcome, OtpError> {
        oob_outcome(
            self.inner
                .verify_detailed(&challenge_id, &binding.core(), &code),
        )
    }

    /// [`OobCodes::verify_detailed`] at `unix_time`.
    pub fn verify_detailed_at(
        &self,
        challenge_id: String,
        binding: OobBinding,
        code: String,
        unix_time: u64,
    ) -> Result<OobOutcome, OtpError> {
        oob_outcome(
            self.inner
                .verify_detailed_at(&challenge_id, &binding.core(), &code, unix_time),
        )
    }
}
