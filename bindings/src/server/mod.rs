//! Server verification helpers ([`otpkit::server`]): TOTP/HOTP checks with throttling and replay
//! protection ([`Verifier`]), out-of-band codes ([`OobCodes`]) and the shared store
//! ([`VerificationStore`]: in memory, or Redis with the `redis` feature).
//!
//! Expected results of a check or a send are typed outcome enums ([`VerifyOutcome`],
//! [`OobOutcome`], [`IssueOutcome`]); [`OtpError`] is raised only for store failures
//! (`StoreUnavailable`: fail closed, refuse and alert), invalid configuration and unusable
//! requests. Every call that reaches the store is `async` (Kotlin `suspend`, Swift `async`,
//! Python coroutine; run off the caller's thread) with a `*_blocking` twin for servers that
//! block. `unix_time` null means "now" from the [`TimeSource`] given at construction.

use crate::asyncify::off_thread;
use crate::clock::{or_system, CoreClock, TimeSource};
use crate::codes::CodeGenerator;
use crate::error::{non_negative, OtpError};
use otpkit::server as sv;
use std::sync::Arc;

mod delivery;
mod types;

pub use delivery::*;
pub use types::*;

type CoreStore = Arc<dyn sv::Store>;

// ---------------------------------------------------------------------------------------------
// Store

/// Where throttle state, high-water marks, send counters and challenges live. Share one store
/// between a [`Verifier`] and an [`OobCodes`]; every process using the same Redis server and
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
    /// A stable name of the finding (`maxmemory_policy`, …).
    pub name: String,
    pub message: String,
}

#[cfg(feature = "redis")]
fn connect_redis(
    url: &str,
    options: RedisStoreOptions,
) -> Result<Arc<VerificationStore>, OtpError> {
    let opts = core_redis_options(options)?;
    Ok(Arc::new(VerificationStore {
        inner: Arc::new(sv::RedisStore::connect(url, opts)?),
    }))
}

#[cfg(feature = "redis")]
fn connect_cluster(
    urls: &[String],
    options: RedisStoreOptions,
) -> Result<Arc<VerificationStore>, OtpError> {
    let opts = core_redis_options(options)?;
    let urls: Vec<&str> = urls.iter().map(String::as_str).collect();
    Ok(Arc::new(VerificationStore {
        inner: Arc::new(sv::RedisStore::connect_cluster(&urls, opts)?),
    }))
}

#[cfg(not(feature = "redis"))]
fn no_redis() -> OtpError {
    OtpError::invalid(
        crate::error::InvalidInputKind::ServerConfig,
        "url",
        "otpkit-ffi was built without the redis feature",
    )
}

#[cfg(not(feature = "redis"))]
fn connect_redis(_: &str, _: RedisStoreOptions) -> Result<Arc<VerificationStore>, OtpError> {
    Err(no_redis())
}

#[cfg(not(feature = "redis"))]
fn connect_cluster(_: &[String], _: RedisStoreOptions) -> Result<Arc<VerificationStore>, OtpError> {
    Err(no_redis())
}

fn options_or_default(options: Option<RedisStoreOptions>) -> RedisStoreOptions {
    options.unwrap_or_else(default_redis_store_options)
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

    /// A Redis store (`redis://[:password@]host:port/[db]`), connected and with its scripts
    /// loaded (options: prefix `otpkit`, 2 s timeouts, 32 idle connections by default).
    ///
    /// Needs the crate feature `redis` (on for host builds); without it this raises
    /// `InvalidInput(SERVER_CONFIG)`, so bindings generated from any build match.
    #[uniffi::constructor(default(options = None))]
    pub async fn redis(
        url: String,
        options: Option<RedisStoreOptions>,
    ) -> Result<Arc<Self>, OtpError> {
        off_thread(move || connect_redis(&url, options_or_default(options))).await
    }

    /// [`VerificationStore::redis`], blocking the caller.
    #[uniffi::constructor(default(options = None))]
    pub fn redis_blocking(
        url: String,
        options: Option<RedisStoreOptions>,
    ) -> Result<Arc<Self>, OtpError> {
        connect_redis(&url, options_or_default(options))
    }

    /// A Redis Cluster store reached through some of its nodes (`urls`, each
    /// `redis://host:port/`; the others are discovered). A call during a fail-over raises
    /// `StoreUnavailable` until the replica is promoted.
    #[uniffi::constructor(default(options = None))]
    pub async fn redis_cluster(
        urls: Vec<String>,
        options: Option<RedisStoreOptions>,
    ) -> Result<Arc<Self>, OtpError> {
        off_thread(move || connect_cluster(&urls, options_or_default(options))).await
    }

    /// [`VerificationStore::redis_cluster`], blocking the caller.
    #[uniffi::constructor(default(options = None))]
    pub fn redis_cluster_blocking(
        urls: Vec<String>,
        options: Option<RedisStoreOptions>,
    ) -> Result<Arc<Self>, OtpError> {
        connect_cluster(&urls, options_or_default(options))
    }

    /// Configuration findings (Redis: `maxmemory-policy` other than `noeviction`…).
    pub async fn diagnostics(&self) -> Result<Vec<StoreDiagnostic>, OtpError> {
        let store = self.inner.clone();
        off_thread(move || diagnostics(&store)).await
    }

    /// [`VerificationStore::diagnostics`], blocking the caller.
    pub fn diagnostics_blocking(&self) -> Result<Vec<StoreDiagnostic>, OtpError> {
        diagnostics(&self.inner)
    }
}

fn diagnostics(store: &CoreStore) -> Result<Vec<StoreDiagnostic>, OtpError> {
    Ok(store
        .diagnostics()?
        .into_iter()
        .map(|d| StoreDiagnostic {
            name: d.code.to_owned(),
            message: d.message,
        })
        .collect())
}

/// The core options of a [`RedisStoreOptions`] record, validated by the core.
#[cfg(feature = "redis")]
fn core_redis_options(options: RedisStoreOptions) -> Result<sv::RedisOptions, OtpError> {
    let opts = sv::RedisOptions {
        prefix: options.prefix,
        timeout: std::time::Duration::from_millis(non_negative(options.timeout_ms, "timeout_ms")?),
        max_idle: crate::error::in_range(i64::from(options.max_idle), "max_idle")?,
        ..sv::RedisOptions::default()
    };
    opts.validate()?;
    Ok(opts)
}

// ---------------------------------------------------------------------------------------------
// Verifier

type CoreVerifier = sv::Verifier<CoreStore, CoreClock>;

/// Verifies TOTP/Steam/HOTP codes against a [`VerificationStore`] with throttling and replay
/// protection. `credential_id` names one secret (e.g. user id + authenticator id); it is hashed
/// before it reaches the store. Pass a [`CodeGenerator`] built once per credential.
#[derive(uniffi::Object)]
pub struct Verifier {
    inner: Arc<CoreVerifier>,
}

impl std::fmt::Debug for Verifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Verifier")
            .field("config", self.inner.config())
            .finish()
    }
}

fn at(unix_time: Option<i64>) -> Result<Option<u64>, OtpError> {
    unix_time.map(|t| non_negative(t, "unix_time")).transpose()
}

fn verify_totp(
    v: &CoreVerifier,
    id: &str,
    g: &CodeGenerator,
    code: &str,
    t: Option<u64>,
) -> Result<VerifyOutcome, OtpError> {
    verify_outcome(v.verify_totp_at(id, g.core(), code, v.time_or_now(t)))
}

fn verify_hotp(
    v: &CoreVerifier,
    id: &str,
    g: &CodeGenerator,
    code: &str,
    t: Option<u64>,
) -> Result<VerifyOutcome, OtpError> {
    verify_outcome(v.verify_hotp_at(id, g.core(), code, v.time_or_now(t)))
}

fn resync_hotp(
    v: &CoreVerifier,
    id: &str,
    g: &CodeGenerator,
    codes: (&str, &str),
    t: Option<u64>,
) -> Result<VerifyOutcome, OtpError> {
    let now = v.time_or_now(t);
    verify_outcome(v.resync_hotp_at(id, g.core(), codes.0, codes.1, now))
}

fn unlock(v: &CoreVerifier, id: &str, t: Option<u64>) -> Result<(), OtpError> {
    Ok(v.unlock_at(id, v.time_or_now(t))?)
}

fn state(v: &CoreVerifier, id: &str, t: Option<u64>) -> Result<CredentialState, OtpError> {
    Ok(v.state_at(id, v.time_or_now(t))?.into())
}

#[uniffi::export]
impl Verifier {
    /// A verifier over `store` with time from `time` (default: the system clock) and `config`
    /// (default: [`default_verifier_config`]).
    #[uniffi::constructor(default(time = None, config = None))]
    pub fn new(
        store: Arc<VerificationStore>,
        time: Option<Arc<dyn TimeSource>>,
        config: Option<VerifierConfig>,
    ) -> Result<Arc<Self>, OtpError> {
        let config = match config {
            Some(c) => c.try_into()?,
            None => sv::VerifierConfig::default(),
        };
        Ok(Arc::new(Self {
            inner: Arc::new(sv::Verifier::with_config(
                store.inner.clone(),
                or_system(time),
                config,
            )?),
        }))
    }

    /// The configuration in use.
    pub fn config(&self) -> VerifierConfig {
        (*self.inner.config()).into()
    }

    /// Checks a TOTP or Steam code (at `unix_time`, or now).
    #[uniffi::method(default(unix_time = None))]
    pub async fn verify_totp(
        &self,
        credential_id: String,
        generator: Arc<CodeGenerator>,
        code: crate::SecretText,
        unix_time: Option<i64>,
    ) -> Result<VerifyOutcome, OtpError> {
        let (v, t) = (self.inner.clone(), at(unix_time)?);
        off_thread(move || verify_totp(&v, &credential_id, &generator, &code, t)).await
    }

    /// [`Verifier::verify_totp`], blocking the caller.
    #[uniffi::method(default(unix_time = None))]
    pub fn verify_totp_blocking(
        &self,
        credential_id: String,
        generator: Arc<CodeGenerator>,
        code: crate::SecretText,
        unix_time: Option<i64>,
    ) -> Result<VerifyOutcome, OtpError> {
        verify_totp(
            &self.inner,
            &credential_id,
            &generator,
            &code,
            at(unix_time)?,
        )
    }

    /// Checks a HOTP code against the expected counter (the greater of the generator's counter
    /// and the stored mark + 1) and the look-ahead.
    #[uniffi::method(default(unix_time = None))]
    pub async fn verify_hotp(
        &self,
        credential_id: String,
        generator: Arc<CodeGenerator>,
        code: crate::SecretText,
        unix_time: Option<i64>,
    ) -> Result<VerifyOutcome, OtpError> {
        let (v, t) = (self.inner.clone(), at(unix_time)?);
        off_thread(move || verify_hotp(&v, &credential_id, &generator, &code, t)).await
    }

    /// [`Verifier::verify_hotp`], blocking the caller.
    #[uniffi::method(default(unix_time = None))]
    pub fn verify_hotp_blocking(
        &self,
        credential_id: String,
        generator: Arc<CodeGenerator>,
        code: crate::SecretText,
        unix_time: Option<i64>,
    ) -> Result<VerifyOutcome, OtpError> {
        verify_hotp(
            &self.inner,
            &credential_id,
            &generator,
            &code,
            at(unix_time)?,
        )
    }

    /// HOTP resynchronisation: two consecutive codes within the resync window; accepts the
    /// second. One attempt.
    #[uniffi::method(default(unix_time = None))]
    pub async fn resync_hotp(
        &self,
        credential_id: String,
        generator: Arc<CodeGenerator>,
        first: crate::SecretText,
        second: crate::SecretText,
        unix_time: Option<i64>,
    ) -> Result<VerifyOutcome, OtpError> {
        let (v, t) = (self.inner.clone(), at(unix_time)?);
        off_thread(move || resync_hotp(&v, &credential_id, &generator, (&first, &second), t)).await
    }

    /// [`Verifier::resync_hotp`], blocking the caller.
    #[uniffi::method(default(unix_time = None))]
    pub fn resync_hotp_blocking(
        &self,
        credential_id: String,
        generator: Arc<CodeGenerator>,
        first: crate::SecretText,
        second: crate::SecretText,
        unix_time: Option<i64>,
    ) -> Result<VerifyOutcome, OtpError> {
        resync_hotp(
            &self.inner,
            &credential_id,
            &generator,
            (&first, &second),
            at(unix_time)?,
        )
    }

    /// Clears a credential's failures and lock (after another identity check).
    #[uniffi::method(default(unix_time = None))]
    pub async fn unlock(
        &self,
        credential_id: String,
        unix_time: Option<i64>,
    ) -> Result<(), OtpError> {
        let (v, t) = (self.inner.clone(), at(unix_time)?);
        off_thread(move || unlock(&v, &credential_id, t)).await
    }

    /// [`Verifier::unlock`], blocking the caller.
    #[uniffi::method(default(unix_time = None))]
    pub fn unlock_blocking(
        &self,
        credential_id: String,
        unix_time: Option<i64>,
    ) -> Result<(), OtpError> {
        unlock(&self.inner, &credential_id, at(unix_time)?)
    }

    /// The stored throttle/replay state of a credential.
    #[uniffi::method(default(unix_time = None))]
    pub async fn state(
        &self,
        credential_id: String,
        unix_time: Option<i64>,
    ) -> Result<CredentialState, OtpError> {
        let (v, t) = (self.inner.clone(), at(unix_time)?);
        off_thread(move || state(&v, &credential_id, t)).await
    }

    /// [`Verifier::state`], blocking the caller.
    #[uniffi::method(default(unix_time = None))]
    pub fn state_blocking(
        &self,
        credential_id: String,
        unix_time: Option<i64>,
    ) -> Result<CredentialState, OtpError> {
        state(&self.inner, &credential_id, at(unix_time)?)
    }
}

// ---------------------------------------------------------------------------------------------
// Out-of-band codes

/// A server pepper: the secret HMAC key (at least 16 bytes, 32 recommended) for out-of-band
/// code MACs, with its public key id (1–32 of `A–Z a–z 0–9 . _ -`). The key never leaves Rust.
#[derive(uniffi::Object)]
#[uniffi::export(Debug)]
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

type CoreOob = sv::OobCodes<CoreStore, CoreClock>;

/// Issues, re-sends and verifies out-of-band codes (SMS, voice, WhatsApp, e-mail). Only a
/// peppered MAC of each code is stored, bound to the [`OobBinding`] and the challenge id.
#[derive(uniffi::Object)]
pub struct OobCodes {
    inner: Arc<CoreOob>,
}

impl std::fmt::Debug for OobCodes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OobCodes")
    }
}

fn issue(
    s: &CoreOob,
    b: &OobBinding,
    d: &Delivery,
    t: Option<u64>,
) -> Result<IssueOutcome, OtpError> {
    issue_outcome(s.issue_at(&b.core(), &d.core(), s.time_or_now(t)))
}

fn resend(
    s: &CoreOob,
    id: &str,
    b: &OobBinding,
    d: &Delivery,
    t: Option<u64>,
) -> Result<IssueOutcome, OtpError> {
    issue_outcome(s.resend_at(id, &b.core(), &d.core(), s.time_or_now(t)))
}

fn oob_verify(
    s: &CoreOob,
    id: &str,
    b: &OobBinding,
    code: &str,
    t: Option<u64>,
    detailed: bool,
) -> Result<OobOutcome, OtpError> {
    let now = s.time_or_now(t);
    oob_outcome(if detailed {
        s.verify_detailed_at(id, &b.core(), code, now)
    } else {
        s.verify_at(id, &b.core(), code, now)
    })
}

#[uniffi::export]
impl OobCodes {
    /// A service over `store`. `peppers`: the current pepper first (new codes use it), then
    /// older ones still accepted for verification (unique key ids). Defaults: the system clock,
    /// [`default_oob_policy`] and [`default_send_limits`].
    #[uniffi::constructor(default(time = None, policy = None, limits = None))]
    pub fn new(
        store: Arc<VerificationStore>,
        peppers: Vec<Arc<Pepper>>,
        time: Option<Arc<dyn TimeSource>>,
        policy: Option<OobPolicy>,
        limits: Option<SendLimits>,
    ) -> Result<Arc<Self>, OtpError> {
        let ring = sv::PepperRing::from_list(peppers.iter().map(|p| p.inner.clone()))?;
        let policy = match policy {
            Some(p) => p.try_into()?,
            None => sv::OobPolicy::default(),
        };
        let limits = match limits {
            Some(l) => l.try_into()?,
            None => sv::SendLimits::default(),
        };
        Ok(Arc::new(Self {
            inner: Arc::new(sv::OobCodes::new(
                store.inner.clone(),
                or_system(time),
                ring,
                policy,
                limits,
            )?),
        }))
    }

    /// Issues a new challenge if the send limits allow a delivery to `delivery`.
    #[uniffi::method(default(unix_time = None))]
    pub async fn issue(
        &self,
        binding: OobBinding,
        delivery: Delivery,
        unix_time: Option<i64>,
    ) -> Result<IssueOutcome, OtpError> {
        let (s, t) = (self.inner.clone(), at(unix_time)?);
        off_thread(move || issue(&s, &binding, &delivery, t)).await
    }

    /// [`OobCodes::issue`], blocking the caller.
    #[uniffi::method(default(unix_time = None))]
    pub fn issue_blocking(
        &self,
        binding: OobBinding,
        delivery: Delivery,
        unix_time: Option<i64>,
    ) -> Result<IssueOutcome, OtpError> {
        issue(&self.inner, &binding, &delivery, at(unix_time)?)
    }

    /// A new code for an existing challenge (the old code stops working), subject to the resend
    /// cooldown, the per-challenge maximum and the send limits.
    #[uniffi::method(default(unix_time = None))]
    pub async fn resend(
        &self,
        challenge_id: String,
        binding: OobBinding,
        delivery: Delivery,
        unix_time: Option<i64>,
    ) -> Result<IssueOutcome, OtpError> {
        let (s, t) = (self.inner.clone(), at(unix_time)?);
        off_thread(move || resend(&s, &challenge_id, &binding, &delivery, t)).await
    }

    /// [`OobCodes::resend`], blocking the caller.
    #[uniffi::method(default(unix_time = None))]
    pub fn resend_blocking(
        &self,
        challenge_id: String,
        binding: OobBinding,
        delivery: Delivery,
        unix_time: Option<i64>,
    ) -> Result<IssueOutcome, OtpError> {
        resend(
            &self.inner,
            &challenge_id,
            &binding,
            &delivery,
            at(unix_time)?,
        )
    }

    /// Verifies `code` for the challenge. Unknown, expired, used-up and wrong all give
    /// `Invalid { remaining: null }`.
    #[uniffi::method(default(unix_time = None))]
    pub async fn verify(
        &self,
        challenge_id: String,
        binding: OobBinding,
        code: crate::SecretText,
        unix_time: Option<i64>,
    ) -> Result<OobOutcome, OtpError> {
        let (s, t) = (self.inner.clone(), at(unix_time)?);
        off_thread(move || oob_verify(&s, &challenge_id, &binding, &code, t, false)).await
    }

    /// [`OobCodes::verify`], blocking the caller.
    #[uniffi::method(default(unix_time = None))]
    pub fn verify_blocking(
        &self,
        challenge_id: String,
        binding: OobBinding,
        code: crate::SecretText,
        unix_time: Option<i64>,
    ) -> Result<OobOutcome, OtpError> {
        oob_verify(
            &self.inner,
            &challenge_id,
            &binding,
            &code,
            at(unix_time)?,
            false,
        )
    }

    /// Like `verify` but distinguishes wrong (`Invalid` with attempts left), `Expired` and
    /// `Exhausted`, for server-side logs. Never show it to users.
    #[uniffi::method(default(unix_time = None))]
    pub async fn verify_detailed(
        &self,
        challenge_id: String,
        binding: OobBinding,
        code: crate::SecretText,
        unix_time: Option<i64>,
    ) -> Result<OobOutcome, OtpError> {
        let (s, t) = (self.inner.clone(), at(unix_time)?);
        off_thread(move || oob_verify(&s, &challenge_id, &binding, &code, t, true)).await
    }

    /// [`OobCodes::verify_detailed`], blocking the caller.
    #[uniffi::method(default(unix_time = None))]
    pub fn verify_detailed_blocking(
        &self,
        challenge_id: String,
        binding: OobBinding,
        code: crate::SecretText,
        unix_time: Option<i64>,
    ) -> Result<OobOutcome, OtpError> {
        oob_verify(
            &self.inner,
            &challenge_id,
            &binding,
            &code,
            at(unix_time)?,
            true,
        )
    }
}
