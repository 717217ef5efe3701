//! Code generation: the pre-keyed [`CodeGenerator`] object and one-shot functions.

use crate::clock::{Clock, CoreClock};
use crate::error::OtpError;
use crate::secret_text::SecretText;
use crate::types::{CodeSnapshot, HashAlgorithm, OtpAccount, OtpParameters};
use otpkit::{Generator, OtpAuthUri, OtpParams, Secret};
use std::sync::Arc;

/// A generator holding one pre-keyed secret. Create it once, then ask for codes by time or counter.
#[derive(Debug, uniffi::Object)]
pub struct CodeGenerator {
    inner: Generator,
}

#[uniffi::export]
impl CodeGenerator {
    /// From a base32 secret and parameters.
    #[uniffi::constructor]
    pub fn new(secret: SecretText, params: OtpParameters) -> Result<Arc<Self>, OtpError> {
        let secret = Secret::from_base32(secret.expose())?;
        Ok(Arc::new(Self {
            inner: Generator::new(&secret, (&params).into())?,
        }))
    }

    /// From a base32 secret, the account's PIN and parameters (mOTP, Yandex Key).
    #[uniffi::constructor]
    pub fn with_pin(
        secret: SecretText,
        pin: SecretText,
        params: OtpParameters,
    ) -> Result<Arc<Self>, OtpError> {
        let secret = Secret::from_base32(secret.expose())?.with_pin(pin.expose())?;
        Ok(Arc::new(Self {
            inner: Generator::new(&secret, (&params).into())?,
        }))
    }

    /// From an otpauth://, steam:// or motp:// URI.
    #[uniffi::constructor]
    pub fn from_uri(uri: SecretText) -> Result<Arc<Self>, OtpError> {
        let uri = OtpAuthUri::parse(uri.expose())?;
        Ok(Arc::new(Self {
            inner: Generator::new(&uri.secret, uri.params)?,
        }))
    }

    /// From a parsed account.
    #[uniffi::constructor]
    pub fn from_account(account: OtpAccount) -> Result<Arc<Self>, OtpError> {
        let uri = OtpAuthUri::try_from(&account)?;
        Ok(Arc::new(Self {
            inner: Generator::new(&uri.secret, uri.params)?,
        }))
    }

    /// The parameters in use.
    pub fn params(&self) -> OtpParameters {
        (*self.inner.params()).into()
    }

    /// The code valid at `unix` seconds (HOTP: the code for the stored counter).
    pub fn code_at(&self, unix_time: u64) -> String {
        self.inner.code_at(unix_time).to_string()
    }

    /// The code for an explicit moving factor (HOTP counter or TOTP step).
    pub fn code_at_counter(&self, counter: u64) -> String {
        self.inner.code_at_counter(counter).to_string()
    }

    /// The code at `unix` as a number, for hot loops that avoid string conversion (format with
    /// leading zeros to `digits`). For Steam generators it is the 31-bit value the symbols come
    /// from; for Yandex Key the letters as base-26 digits, for mOTP the hex characters' value.
    pub fn code_number_at(&self, unix_time: u64) -> u64 {
        self.inner.code_number(self.inner.counter_at(unix_time))
    }

    /// Hot-loop path: codes (as numbers) for many consecutive steps in one call, so the FFI
    /// cost (several µs per call in Python) is paid once per batch, not once per code. Returns
    /// `count` codes for consecutive steps starting with the one containing `start_unix` (HOTP:
    /// counters from the stored one). At most 100 000 per call.
    pub fn code_numbers_from(&self, start_unix: u64, count: u32) -> Vec<u64> {
        let first = self.inner.counter_at(start_unix);
        (0..u64::from(count.min(100_000)))
            .map(|i| self.number_for_counter(first.saturating_add(i)))
            .collect()
    }

    /// Current and next code and seconds remaining, at `unix`.
    pub fn snapshot_at(&self, unix_time: u64) -> CodeSnapshot {
        self.inner.snapshot_at(unix_time).into()
    }

    /// Current and next code and seconds remaining, with time from `clock`.
    pub fn snapshot(&self, clock: Arc<dyn Clock>) -> CodeSnapshot {
        self.inner.snapshot(&CoreClock(clock)).into()
    }

    /// Checks a TOTP/Steam code at `unix` within ±`window` steps (constant time per candidate);
    /// returns the step offset of the match, or null. `window` is at most 10
    /// (`InvalidParameters` otherwise).
    pub fn verify_at(
        &self,
        code: String,
        unix_time: u64,
        window: u64,
    ) -> Result<Option<i64>, OtpError> {
        Ok(self.inner.verify_at(&code, unix_time, window)?)
    }
}

impl CodeGenerator {
    /// The core generator (for the server verifier).
    #[cfg(feature = "server")]
    pub(crate) fn core(&self) -> &Generator {
        &self.inner
    }

    fn number_for_counter(&self, counter: u64) -> u64 {
        self.inner.code_number(counter)
    }
}

/// One HOTP code (RFC 4226) from a base32 secret.
#[uniffi::export]
pub fn hotp_code(
    secret: SecretText,
    counter: u64,
    algorithm: HashAlgorithm,
    digits: u8,
) -> Result<String, OtpError> {
    let secret = Secret::from_base32(secret.expose())?;
    Ok(otpkit::hotp(&secret, counter, algorithm.into(), digits)?)
}

/// One TOTP/Steam code (RFC 6238) at `unix` from a base32 secret.
#[uniffi::export]
pub fn totp_code(
    secret: SecretText,
    params: OtpParameters,
    unix_time: u64,
) -> Result<String, OtpError> {
    let secret = Secret::from_base32(secret.expose())?;
    let params: OtpParams = (&params).into();
    Ok(otpkit::totp(&secret, params, unix_time)?)
}

/// Validates a base32 secret (lenient: case, spaces, dashes, padding) and returns it canonical.
#[uniffi::export]
pub fn normalize_secret(secret: SecretText) -> Result<SecretText, OtpError> {
    Ok(Secret::from_base32(secret.expose())?.to_base32().into())
}

/// A new random secret of `bytes` bytes (20 is usual) from the OS CSPRNG, as base32.
#[uniffi::export]
pub fn generate_secret(bytes: u32) -> String {
    Secret::generate(bytes.clamp(1, 1024) as usize).to_base32()
}
