//! [`SecretText`]: a secret, passphrase or live code passed INTO the FFI as a string argument
//! (results that hold secrets are objects, see [`crate::handles`]).

use std::fmt;
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

/// A string that holds a secret (base32 key, passphrase) or a live code: wiped when dropped,
/// `<redacted>` in `Debug`, compared in constant time. Foreign code sees a plain string.
#[derive(Clone, Default)]
pub struct SecretText(Zeroizing<String>);

impl SecretText {
    /// The text, for the core call that needs it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for SecretText {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl From<String> for SecretText {
    fn from(s: String) -> Self {
        Self(Zeroizing::new(s))
    }
}

impl From<&str> for SecretText {
    fn from(s: &str) -> Self {
        Self(Zeroizing::new(s.to_owned()))
    }
}

impl PartialEq for SecretText {
    fn eq(&self, other: &Self) -> bool {
        self.0.len() == other.0.len() && bool::from(self.0.as_bytes().ct_eq(other.0.as_bytes()))
    }
}

impl Eq for SecretText {}

impl fmt::Debug for SecretText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

// Lowering copies the text into the foreign string; our copy is wiped when `s` drops.
uniffi::custom_type!(SecretText, String, {
    lower: |s| s.expose().to_owned(),
    try_lift: |s| Ok(SecretText::from(s)),
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacted_and_constant_time_equal() {
        let a = SecretText::from("JBSWY3DPEHPK3PXP");
        assert_eq!(format!("{a:?}"), "<redacted>");
        assert_eq!(a, SecretText::from("JBSWY3DPEHPK3PXP"));
        assert_ne!(a, SecretText::from("JBSWY3DPEHPK3PXQ"));
        assert_ne!(a, SecretText::from("JBSW"));
        assert_eq!(a.expose(), "JBSWY3DPEHPK3PXP");
    }

    #[test]
    fn records_holding_secrets_and_codes_are_redacted() {
        let account =
            crate::parse_uri("otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PXP".into()).unwrap();
        let debug = format!("{account:?}");
        assert!(
            !debug.contains("JBSWY3DP") && debug.contains("alice"),
            "{debug}"
        );
        let gen = crate::CodeGenerator::from_account(account).unwrap();
        let snap = gen.snapshot_at(59).unwrap();
        assert!(!format!("{snap:?}").contains(&snap.current.reveal()));
        let sms = crate::extract_code("Your ACME code is 493817".into()).unwrap();
        assert_eq!(sms.code.reveal(), "493817");
        assert!(!format!("{sms:?}").contains("493817"));
    }
}
