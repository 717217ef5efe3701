//! Server-side verification helpers.
//!
//! * [`Verifier`]: TOTP/HOTP checks with a configurable window (default ±1 step,
//!   [`VerifierConfig::strict`] back 1 / forward 0), replay protection by a per-credential
//!   high-water mark, optional drift tracking, HOTP look-ahead and two-code resync, and
//!   throttling shared by every process using the same store.
//! * [`OobCodes`]: out-of-band codes (SMS, voice, WhatsApp, e-mail) stored only as peppered
//!   HMACs bound to purpose, subject, challenge and transaction; TTL, attempts, single use,
//!   resend cooldown and send limits ([`SendLimits`], also usable alone via [`SendLimiter`]).
//! * [`store`]: the [`Store`] trait of atomic operations with an in-memory backend and (feature
//!   `redis`) a Redis backend; both have the same semantics and fail closed. It also keeps the
//!   delivery log of out-of-band challenges ([`SendRecord`]s merged by [`DeliveryStatus`]),
//!   written by the `delivery` feature's fallback dispatcher.
//!
//! Time always comes from an injected [`crate::TimeSource`]; every `*_at` method takes it explicitly.
//!
//! ```
//! use otpkit::server::{MemoryStore, Verifier, VerifyError};
//! use otpkit::{FixedTimeSource, CodeGenerator, OtpParams, Secret};
//!
//! let secret = Secret::from_bytes(b"12345678901234567890".to_vec()).unwrap();
//! let generator = CodeGenerator::new(&secret, OtpParams::totp()).unwrap();
//! let verifier = Verifier::new(MemoryStore::new(), FixedTimeSource::new(59));
//! let code = generator.code_at(59).to_string();
//! assert!(verifier.verify_totp("alice", &generator, &code).is_ok());
//! assert_eq!(verifier.verify_totp("alice", &generator, &code), Err(VerifyError::Replayed));
//! ```

pub mod error;
pub mod input;
pub mod keys;
pub mod limits;
pub mod oob;
pub mod pepper;
pub mod policy;
pub mod store;
pub mod verify;

pub use error::{
    ConfigError, Diagnostic, IssueError, LimitScope, MalformedReason, StoreError, VerifyError,
};
pub use limits::{Channel, Delivery, SendLimiter, SendLimits};
pub use oob::{CodeFormat, Issued, OobAccepted, OobCode, OobCodes, OobPolicy};
pub use pepper::{Binding, Pepper, PepperRing};
pub use policy::{HotpPolicy, Limit, ThrottlePolicy, TotpPolicy, MAX_CONSECUTIVE_FAILURES};
pub use store::{DeliveryStatus, DeliveryUpdate, MemoryStore, SendRecord, Store};
#[cfg(feature = "redis")]
pub use store::{RedisOptions, RedisStore};
pub use verify::{TotpRequest, Verified, Verifier, VerifierConfig};
