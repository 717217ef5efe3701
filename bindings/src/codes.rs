//! Code generation: the pre-keyed [`CodeGenerator`] object and one-shot functions.

use crate::clock::{CoreClock, TimeSource};
use crate::error::{non_negative, out_i64, OtpError};
use crate::handles::{Secret, SensitiveText};
use crate::types::{core_params, CodeSnapshot, HashAlgorithm, OtpAuthUri, OtpParams};
use otpkit::{CodeGenerator as Generator, OtpAuthUri as CoreUri};
use std::sync::Arc;

/// A generator holding one pre-keyed secret. Create it once, then ask for codes by time or
/// counter: hot loops should pass integers to it (every string crosses the FFI as a copy).
#[derive(Debug, uniffi::Object)]
pub struct CodeGenerator {
    inner: Generator,
}

fn key_with_pin(
    secret: &Secret,
    pin: Option<Arc<SensitiveText>>,
) -> Result<otpkit::Secret, OtpError> {
    let key = secret.core().clone();
    Ok(match pin {
        Some(pin) => key.with_pin(pin.expose())?,
        None => key,
    })
}

#[uniffi::export]
impl CodeGenerator {
    /// From a secret and parameters (default: TOTP, SHA1, 6 digits, 30 s); mOTP and Yandex Key
    /// also need the account's `pin`.
    #[uniffi::constructor(default(params = None, pin = None))]
    pub fn new(
        secret: Arc<Secret>,
        params: Option<OtpParams>,
        pin: Option<Arc<SensitiveText>>,
    ) -> Result<Arc<Self>, OtpError> {
        let key = key_with_pin(&secret, pin)?;
        Ok(Arc::new(Self {
            inner: Generator::new(&key, core_params(params)?)?,
        }))
    }

    /// From an otpauth://, steam:// or motp:// URI.
    #[uniffi::constructor]
    pub fn from_uri(uri: crate::SecretText) -> Result<Arc<Self>, OtpError> {
        let uri = CoreUri::parse(uri.expose())?;
        Ok(Arc::new(Self {
            inner: Generator::new(&uri.secret, uri.params)?,
        }))
    }

    /// From a parsed account.
    #[uniffi::constructor]
    pub fn from_account(account: OtpAuthUri) -> Result<Arc<Self>, OtpError> {
        let uri = CoreUri::try_from(&account)?;
        Ok(Arc::new(Self {
            inner: Generator::new(&uri.secret, uri.params)?,
        }))
    }

    /// The parameters in use.
    pub fn params(&self) -> OtpParams {
        (*self.inner.params()).into()
    }

    /// The code valid at `unix_time` (HOTP: the code for the stored counter).
    pub fn code_at(&self, unix_time: i64) -> Result<String, OtpError> {
        Ok(self
            .inner
            .code_at(non_negative(unix_time, "unix_time")?)
            .to_string())
    }

    /// The code for an explicit moving factor (HOTP counter or TOTP step).
    pub fn code_for_counter(&self, counter: i64) -> Result<String, OtpError> {
        Ok(self
            .inner
            .code_at_counter(non_negative(counter, "counter")?)
            .to_string())
    }

    /// The code at `unix_time` as a number, for hot loops that avoid strings (format with
    /// leading zeros to the code length). Steam: the 31-bit value the symbols come from; Yandex
    /// Key: the letters as base-26 digits; mOTP: the hex characters' value.
    pub fn code_number_at(&self, unix_time: i64) -> Result<i64, OtpError> {
        let counter = self.inner.counter_at(non_negative(unix_time, "unix_time")?);
        Ok(out_i64(self.inner.code_number(counter)))
    }

    /// Codes as numbers for `count` (0..=100 000) consecutive steps from the one containing
    /// `start_unix` (HOTP: counters from the stored one), so the FFI cost is paid once per batch.
    pub fn code_numbers_from(&self, start_unix: i64, count: i32) -> Result<Vec<i64>, OtpError> {
        let numbers = self.inner.code_numbers_from(
            non_negative(start_unix, "start_unix")?,
            non_negative(i64::from(count), "count")?,
        )?;
        Ok(numbers.into_iter().map(out_i64).collect())
    }

    /// Current and next code and seconds remaining, at `unix_time`.
    pub fn snapshot_at(&self, unix_time: i64) -> Result<CodeSnapshot, OtpError> {
        Ok(self
            .inner
            .snapshot_at(non_negative(unix_time, "unix_time")?)
            .into())
    }

    /// Current and next code and seconds remaining, with time from `time`.
    pub fn snapshot(&self, time: Arc<dyn TimeSource>) -> CodeSnapshot {
        self.inner.snapshot(&CoreClock(time)).into()
    }

    /// Checks a TOTP/Steam code at `unix_time` within ±`window` steps (0..=10; constant time
    /// per candidate). Returns the step offset of the match, or null.
    #[uniffi::method(default(window = 1))]
    pub fn verify_at(
        &self,
        code: crate::SecretText,
        unix_time: i64,
        window: i32,
    ) -> Result<Option<i32>, OtpError> {
        let offset = self.inner.verify_at(
            code.expose(),
            non_negative(unix_time, "unix_time")?,
            non_negative(i64::from(window), "window")?,
        )?;
        // |offset| <= window <= 10.
        Ok(offset.map(|o| i32::try_from(o).unwrap_or(i32::MAX)))
    }
}

impl CodeGenerator {
    /// The core generator (for the server verifier).
    #[cfg(feature = "server")]
    pub(crate) fn core(&self) -> &Generator {
        &self.inner
    }
}

/// One HOTP code (RFC 4226).
#[uniffi::export(default(algorithm = None, digits = 6))]
pub fn hotp_code(
    secret: Arc<Secret>,
    counter: i64,
    algorithm: Option<HashAlgorithm>,
    digits: i32,
) -> Result<String, OtpError> {
    let params = OtpParams::Hotp {
        algorithm,
        digits,
        counter,
    };
    let params = core_params(Some(params))?;
    Ok(otpkit::hotp(
        secret.core(),
        non_negative(counter, "counter")?,
        params.algorithm,
        params.digits,
    )?)
}

/// One TOTP/Steam code (RFC 6238) at `unix_time` (default parameters: TOTP, SHA1, 6, 30 s).
#[uniffi::export(default(params = None))]
pub fn totp_code(
    secret: Arc<Secret>,
    unix_time: i64,
    params: Option<OtpParams>,
) -> Result<String, OtpError> {
    Ok(otpkit::totp(
        secret.core(),
        core_params(params)?,
        non_negative(unix_time, "unix_time")?,
    )?)
}
