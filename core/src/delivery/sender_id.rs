//! Sender ids: alphanumeric sender names (`Acme`), phone numbers and short codes, with the
//! generic rules every provider documents and the per-country rules that hold everywhere.
//!
//! Generic alphanumeric rule (GSM 03.40 TP-OA, as Twilio, Vonage, Bird, Textlocal and
//! LabsMobile document it): 1–11 characters, ASCII letters, digits and single inner spaces,
//! with at least one letter. Providers with tighter rules add them in
//! [`super::Provider::check_sender`]; countries with their own rules are in [`COUNTRY_RULES`].

use super::message::PhoneNumber;
use crate::server::Channel;
use std::fmt;

/// Longest alphanumeric sender id.
pub const MAX_ALPHANUMERIC: usize = 11;

/// Why a sender id cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SenderIdError {
    #[error("sender id is empty")]
    Empty,
    #[error("alphanumeric sender id has {0} characters; at most 11 are allowed")]
    TooLong(usize),
    #[error("alphanumeric sender id has {0} characters; this provider needs at least {1}")]
    TooShort(usize, usize),
    #[error("sender id may contain only ASCII letters, digits and inner single spaces")]
    BadCharacter,
    #[error("alphanumeric sender id needs at least one letter")]
    NoLetter,
    #[error("sender number: {0}")]
    BadNumber(&'static str),
    #[error("{0:?} needs a phone number as sender, not an alphanumeric id")]
    NumberRequired(Channel),
    #[error("alphanumeric sender ids are not delivered in {0}; use a number or short code")]
    NotInCountry(&'static str),
    #[error("sender ids in {country} must be exactly {len} letters (registered header)")]
    CountryLength { country: &'static str, len: usize },
    #[error("{0}")]
    Provider(&'static str),
}

/// Who a message comes from.
#[derive(Clone, PartialEq, Eq, Hash)]
pub enum SenderId {
    /// A sender name such as `Acme` (SMS only).
    Alphanumeric(String),
    /// An E.164 number: SMS, voice caller id, WhatsApp business number.
    Number(PhoneNumber),
    /// A 3–8 digit short code (SMS).
    ShortCode(String),
}

impl SenderId {
    /// `+14155550100` → number; `72345` → short code; anything else must be a valid
    /// alphanumeric sender id.
    pub fn parse(s: &str) -> Result<Self, SenderIdError> {
        if s.is_empty() {
            return Err(SenderIdError::Empty);
        }
        if s.starts_with('+') {
            return PhoneNumber::parse(s)
                .map(SenderId::Number)
                .map_err(SenderIdError::BadNumber);
        }
        if s.bytes().all(|b| b.is_ascii_digit()) {
            return match s.len() {
                3..=8 => Ok(SenderId::ShortCode(s.to_owned())),
                9..=15 => PhoneNumber::parse(s)
                    .map(SenderId::Number)
                    .map_err(SenderIdError::BadNumber),
                _ => Err(SenderIdError::BadNumber(
                    "3-8 digit short code or 9-15 digit number",
                )),
            };
        }
        let n = s.chars().count();
        if n > MAX_ALPHANUMERIC {
            return Err(SenderIdError::TooLong(n));
        }
        if !s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b' ')
            || s.starts_with(' ')
            || s.ends_with(' ')
            || s.contains("  ")
        {
            return Err(SenderIdError::BadCharacter);
        }
        if !s.bytes().any(|b| b.is_ascii_alphabetic()) {
            return Err(SenderIdError::NoLetter);
        }
        Ok(SenderId::Alphanumeric(s.to_owned()))
    }

    /// What providers put in their `from` field: the name, `+E164`, or the short code.
    pub fn as_from(&self) -> String {
        match self {
            SenderId::Alphanumeric(s) | SenderId::ShortCode(s) => s.clone(),
            SenderId::Number(n) => n.e164(),
        }
    }

    /// The rules that hold for every provider: voice and WhatsApp need a number, and the
    /// destination country's rules ([`COUNTRY_RULES`]; `country` is ISO 3166 alpha-2).
    pub fn check_for(&self, channel: Channel, country: Option<&str>) -> Result<(), SenderIdError> {
        if matches!(channel, Channel::Voice | Channel::WhatsApp)
            && !matches!(self, SenderId::Number(_))
        {
            return Err(SenderIdError::NumberRequired(channel));
        }
        let (SenderId::Alphanumeric(name), Some(country)) = (self, country) else {
            return Ok(());
        };
        let country = country.trim().to_ascii_uppercase();
        match COUNTRY_RULES.iter().find(|(c, _)| *c == country) {
            Some((c, CountryRule::NoAlphanumeric)) => Err(SenderIdError::NotInCountry(c)),
            Some((c, CountryRule::Letters(len))) => {
                if name.len() == *len && name.bytes().all(|b| b.is_ascii_alphabetic()) {
                    Ok(())
                } else {
                    Err(SenderIdError::CountryLength {
                        country: c,
                        len: *len,
                    })
                }
            }
            None => Ok(()),
        }
    }
}

impl fmt::Debug for SenderId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SenderId::Alphanumeric(s) => write!(f, "SenderId({s:?})"),
            SenderId::Number(n) => write!(f, "SenderId({n:?})"),
            SenderId::ShortCode(s) => write!(f, "SenderId(short code {s})"),
        }
    }
}

/// A country's rule for alphanumeric sender ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountryRule {
    /// Carriers do not deliver alphanumeric senders: use a number or short code.
    NoAlphanumeric,
    /// Exactly this many letters (a registered header).
    Letters(usize),
}

/// Per-country rules that every provider's country guide states (Twilio "International
/// support for Alphanumeric Sender ID", Vonage "Country specific features", Textlocal India):
/// the NANP countries do not carry alphanumeric senders, and India's DLT headers are 6 letters.
pub const COUNTRY_RULES: &[(&str, CountryRule)] = &[
    ("US", CountryRule::NoAlphanumeric),
    ("CA", CountryRule::NoAlphanumeric),
    ("PR", CountryRule::NoAlphanumeric),
    ("IN", CountryRule::Letters(6)),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_three_kinds() {
        assert_eq!(SenderId::parse("Acme Bank").unwrap().as_from(), "Acme Bank");
        assert_eq!(
            SenderId::parse("+14155550100").unwrap().as_from(),
            "+14155550100"
        );
        assert!(matches!(
            SenderId::parse("72345").unwrap(),
            SenderId::ShortCode(_)
        ));
        assert!(matches!(
            SenderId::parse("447700900123").unwrap(),
            SenderId::Number(_)
        ));
    }

    #[test]
    fn alphanumeric_rules() {
        assert_eq!(SenderId::parse(""), Err(SenderIdError::Empty));
        assert_eq!(
            SenderId::parse("ABCDEFGHIJKL"),
            Err(SenderIdError::TooLong(12))
        );
        assert!(SenderId::parse("ABCDEFGHIJK").is_ok());
        for bad in ["Acme!", "Acme_Bank", " Acme", "Acme ", "Ac  me", "Ünicode"] {
            assert_eq!(
                SenderId::parse(bad),
                Err(SenderIdError::BadCharacter),
                "{bad}"
            );
        }
        assert_eq!(SenderId::parse("123 45"), Err(SenderIdError::NoLetter));
        assert!(SenderId::parse("1234567890123456").is_err());
    }

    #[test]
    fn channel_and_country_rules() {
        let name = SenderId::parse("Acme").unwrap();
        let number = SenderId::parse("+14155550100").unwrap();
        assert_eq!(
            name.check_for(Channel::Voice, None),
            Err(SenderIdError::NumberRequired(Channel::Voice))
        );
        assert!(number.check_for(Channel::WhatsApp, Some("US")).is_ok());
        assert_eq!(
            name.check_for(Channel::Sms, Some("us")),
            Err(SenderIdError::NotInCountry("US"))
        );
        assert!(name.check_for(Channel::Sms, Some("GB")).is_ok());
        assert!(matches!(
            name.check_for(Channel::Sms, Some("IN")),
            Err(SenderIdError::CountryLength { len: 6, .. })
        ));
        assert!(SenderId::parse("ACMEBK")
            .unwrap()
            .check_for(Channel::Sms, Some("IN"))
            .is_ok());
    }
}
