//! Secrets and live codes as objects, never plain record fields: [`Secret`], [`OneTimeCode`],
//! [`SensitiveText`]. Their Kotlin `toString`, Swift `description`/`debugDescription` and Python
//! `__repr__`/`__str__` come from the redacted Rust `Debug`/`Display`, `==` compares in constant
//! time, and the text only leaves Rust through an explicit `reveal` call.

use crate::error::OtpError;
use std::fmt;
use std::sync::Arc;
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

/// An OTP key. Make one with `from_base32`, `from_bytes` or `generate`; read it back only with
/// `reveal_base32`/`reveal_bytes`.
#[derive(uniffi::Object)]
#[uniffi::export(Debug, Display, Eq)]
pub struct Secret {
    inner: otpkit::Secret,
}

impl Secret {
    pub(crate) fn wrap(inner: otpkit::Secret) -> Arc<Self> {
        Arc::new(Self { inner })
    }

    pub(crate) fn core(&self) -> &otpkit::Secret {
        &self.inner
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Secret(<redacted>, {} bytes)",
            self.inner.as_bytes().len()
        )
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

impl PartialEq for Secret {
    fn eq(&self, other: &Self) -> bool {
        // Constant time over the key bytes (the core compares PINs the same way).
        self.inner == other.inner
    }
}

impl Eq for Secret {}

#[uniffi::export]
impl Secret {
    /// A base32 secret as apps show it: case, spaces, dashes and padding are ignored.
    #[uniffi::constructor]
    pub fn from_base32(text: crate::SecretText) -> Result<Arc<Self>, OtpError> {
        Ok(Self::wrap(otpkit::Secret::from_base32(text.expose())?))
    }

    /// Raw key bytes (at least one).
    #[uniffi::constructor]
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Arc<Self>, OtpError> {
        let bytes = Zeroizing::new(bytes);
        Ok(Self::wrap(otpkit::Secret::from_bytes(bytes.to_vec())?))
    }

    /// A new random key of `bytes` bytes (1..=1024; 20 is usual) from the OS CSPRNG.
    #[uniffi::constructor(default(bytes = 20))]
    pub fn generate(bytes: i32) -> Result<Arc<Self>, OtpError> {
        Ok(Self::wrap(otpkit::Secret::generate_checked(i64::from(
            bytes,
        ))?))
    }

    /// The key as canonical base32 (upper case, no padding). Handle the result as a secret.
    pub fn reveal_base32(&self) -> String {
        self.inner.to_base32()
    }

    /// The raw key bytes. Handle the result as a secret.
    pub fn reveal_bytes(&self) -> Vec<u8> {
        self.inner.as_bytes().to_vec()
    }

    /// Length of the key in bytes.
    pub fn byte_length(&self) -> i32 {
        crate::error::out_i32(self.inner.as_bytes().len())
    }
}

/// A live one-time code. `reveal` gives its text; every string form is redacted.
#[derive(uniffi::Object)]
#[uniffi::export(Debug, Display, Eq)]
pub struct OneTimeCode {
    text: Zeroizing<String>,
}

impl OneTimeCode {
    pub(crate) fn new(text: impl Into<String>) -> Arc<Self> {
        Arc::new(Self {
            text: Zeroizing::new(text.into()),
        })
    }
}

impl fmt::Debug for OneTimeCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("OneTimeCode(<redacted>)")
    }
}

impl fmt::Display for OneTimeCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

impl PartialEq for OneTimeCode {
    fn eq(&self, other: &Self) -> bool {
        self.text.len() == other.text.len()
            && bool::from(self.text.as_bytes().ct_eq(other.text.as_bytes()))
    }
}

impl Eq for OneTimeCode {}

#[uniffi::export]
impl OneTimeCode {
    /// The code's text, e.g. `"094287"`, to show or autofill.
    pub fn reveal(&self) -> String {
        self.text.as_str().to_owned()
    }

    /// Number of characters.
    pub fn length(&self) -> i32 {
        crate::error::out_i32(self.text.chars().count())
    }
}

/// Text that contains a code or a secret (an SMS or voice body): `reveal` gives it; every
/// string form is redacted.
#[derive(uniffi::Object)]
#[uniffi::export(Debug, Display, Eq)]
pub struct SensitiveText {
    text: Zeroizing<String>,
}

impl SensitiveText {
    pub(crate) fn wrap(text: impl Into<String>) -> Arc<Self> {
        Arc::new(Self {
            text: Zeroizing::new(text.into()),
        })
    }

    pub(crate) fn expose(&self) -> &str {
        &self.text
    }
}

impl fmt::Debug for SensitiveText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "SensitiveText(<redacted>, {} chars)",
            self.text.chars().count()
        )
    }
}

impl fmt::Display for SensitiveText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

impl PartialEq for SensitiveText {
    fn eq(&self, other: &Self) -> bool {
        self.text.len() == other.text.len()
            && bool::from(self.text.as_bytes().ct_eq(other.text.as_bytes()))
    }
}

impl Eq for SensitiveText {}

#[uniffi::export]
impl SensitiveText {
    /// Wraps text that must not show in logs (e.g. an mOTP/Yandex Key PIN).
    #[uniffi::constructor]
    pub fn new(text: crate::SecretText) -> Arc<Self> {
        Self::wrap(text.expose())
    }

    /// The text. Handle it as a secret.
    pub fn reveal(&self) -> String {
        self.text.as_str().to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handles_redact_and_compare_by_content() {
        let s = Secret::from_base32("jbsw y3dp ehpk 3pxp".into()).unwrap();
        assert_eq!(s.reveal_base32(), "JBSWY3DPEHPK3PXP");
        assert_eq!(format!("{s:?}"), "Secret(<redacted>, 10 bytes)");
        assert_eq!(s.to_string(), "Secret(<redacted>, 10 bytes)");
        assert_eq!(*s, *Secret::from_base32("JBSWY3DPEHPK3PXP".into()).unwrap());
        assert_ne!(*s, *Secret::from_base32("JBSWY3DPEHPK3PXQ".into()).unwrap());
        let c = OneTimeCode::new("094287");
        assert_eq!(
            format!("{c:?} {c}"),
            "OneTimeCode(<redacted>) OneTimeCode(<redacted>)"
        );
        assert_eq!((c.reveal(), c.length()), ("094287".to_string(), 6));
        assert_eq!(*c, *OneTimeCode::new("094287"));
        assert_ne!(*c, *OneTimeCode::new("094288"));
        let t = SensitiveText::wrap("Your code is 094287");
        assert!(!format!("{t:?}{t}").contains("094287"));
    }

    #[test]
    fn generate_refuses_sizes_out_of_range() {
        assert_eq!(Secret::generate(20).unwrap().byte_length(), 20);
        for bad in [0, -1, 1025] {
            match Secret::generate(bad) {
                Err(OtpError::InvalidInput { field, .. }) => {
                    assert_eq!(field.as_deref(), Some("bytes"))
                }
                other => panic!("{bad}: {other:?}"),
            }
        }
    }
}
