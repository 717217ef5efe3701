//! # otpkit
//!
//! One-time-password codes (HOTP, TOTP, Steam), otpauth:// URIs and Google Authenticator
//! migration payloads, with time always injected.
//!
//! ```
//! use otpkit::{FixedTimeSource, CodeGenerator, OtpAuthUri};
//!
//! let uri = OtpAuthUri::parse("otpauth://totp/ACME:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=ACME").unwrap();
//! let generator = CodeGenerator::new(&uri.secret, uri.params).unwrap();
//! let snapshot = generator.snapshot(&FixedTimeSource::new(59));
//! assert_eq!(snapshot.current, "287082");
//! assert_eq!(snapshot.remaining, 1);
//! ```
//!
//! ## Crate features
//!
//! Codes, otpauth URIs and migration payloads are always built. Everything else is a feature, all
//! on by default (see `docs/decisions.md` for the map and the library sizes):
//!
//! | feature | modules | adds dependencies |
//! |---|---|---|
//! | `storage` | [`storage`]: `Vault`, `AccountStore`, `SecretStore` | argon2, chacha20poly1305, poly1305, serde, serde_json |
//! | `keyring` | `storage::KeyringSecretStore` (implies `storage`) | keyring |
//! | `import` | readers and writers in [`import`] | argon2, scrypt, pbkdf2, aes-gcm, chacha20, poly1305, serde_json, zip, flate2 |
//! | `qr` | `import::qr` (implies `import`) | qrcode, png |
//! | `receiver` | [`receiver`]: SMS/push code extraction, message formatting | regex |
//! | `server` | [`server`]: verification, OOB codes, memory store | — |
//! | `redis` | `server::RedisStore` (implies `server`) | redis |
//!
//! An authenticator app uses `default-features = false, features = ["storage", "import"]`; a
//! receiver-only app `default-features = false, features = ["receiver"]`.
#![forbid(unsafe_code)]
#![warn(missing_debug_implementations)]

pub mod clock;
#[cfg(feature = "delivery")]
pub mod delivery;
pub mod echo;
pub mod import;
pub mod migration;
pub mod otp;
pub mod params;
#[cfg(feature = "receiver")]
pub mod receiver;
pub mod redact;
pub mod secret;
#[cfg(feature = "server")]
pub mod server;
#[cfg(feature = "storage")]
pub mod storage;
pub mod text;
pub mod uri;
#[cfg(any(feature = "receiver", feature = "delivery"))]
mod xml;

pub use clock::{FixedTimeSource, SystemTimeSource, TimeSource};
pub use otp::{
    hotp, totp, Code, CodeGenerator, CodeSnapshot, MAX_COUNTER_WINDOW, MAX_TIME_WINDOW,
    STEAM_ALPHABET,
};
pub use params::{Algorithm, OtpKind, OtpParams, ParamsError};
pub use secret::{Secret, SecretError};
pub use uri::{OtpAuthUri, UriError, UriWarning};

/// Any error from this crate. Each module has its own enum; this wraps them for callers that
/// want one type (the FFI layer converts from the module enums directly).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Secret(#[from] SecretError),
    #[error(transparent)]
    Params(#[from] ParamsError),
    #[error(transparent)]
    Uri(#[from] UriError),
    #[error(transparent)]
    Migration(#[from] migration::MigrationError),
}
