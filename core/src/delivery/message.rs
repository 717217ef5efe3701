//! What is sent: [`OutboundMessage`] (redacted in `Debug`) and [`PhoneNumber`].

use super::sender_id::SenderId;
use crate::server::Channel;
use std::fmt;

/// An E.164 phone number: `+` and 6–15 digits (spaces, dashes, dots and brackets removed).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PhoneNumber(String);

impl PhoneNumber {
    /// Parses `+44 7700 900123`, `(+1) 415-555-0100`, `447700900123`.
    pub fn parse(s: &str) -> Result<Self, &'static str> {
        let mut digits = String::with_capacity(16);
        for (i, c) in s.trim().chars().enumerate() {
            match c {
                '0'..='9' => digits.push(c),
                '+' if i == 0 || (i == 1 && s.trim().starts_with('(')) => {}
                ' ' | '-' | '.' | '(' | ')' => {}
                _ => return Err("phone number has a bad character"),
            }
            if digits.len() > 15 {
                return Err("phone number must have 6-15 digits");
            }
        }
        if digits.len() < 6 {
            return Err("phone number must have 6-15 digits");
        }
        if digits.starts_with('0') {
            return Err("phone number must start with a country code");
        }
        Ok(Self(digits))
    }

    /// `+447700900123`.
    pub fn e164(&self) -> String {
        format!("+{}", self.0)
    }

    /// `447700900123` (what several providers want).
    pub fn digits(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Country code and last two digits only.
        let d = &self.0;
        write!(f, "PhoneNumber(+{}…{})", &d[..2], &d[d.len() - 2..])
    }
}

/// One message to send. `text` and `code` are secrets: never logged, redacted in `Debug`.
#[derive(Clone, Copy)]
pub struct OutboundMessage<'a> {
    pub channel: Channel,
    pub to: &'a PhoneNumber,
    /// Alphanumeric sender id or number (SMS), the caller id (voice) or the WhatsApp number.
    pub from: &'a SenderId,
    /// The whole text: SMS body, WhatsApp text, or what a voice call reads.
    pub text: &'a str,
    /// The bare code, for template channels (WhatsApp authentication templates) and voice.
    pub code: &'a str,
    /// Our reference for this send (ASCII letters, digits, `-`, `_`, `.`, ≤ 64): the
    /// provider's client reference / idempotency key, echoed in delivery reports.
    pub reference: &'a str,
    /// Where the provider should post this message's delivery reports, when it takes a
    /// per-message callback URL.
    pub callback_url: Option<&'a str>,
}

impl OutboundMessage<'_> {
    /// Checks the reference and callback shapes (adapters may rely on them).
    pub fn validate(&self) -> Result<(), &'static str> {
        let r = self.reference;
        if r.is_empty()
            || r.len() > 64
            || !r
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
        {
            return Err("reference must be 1-64 ASCII letters, digits, '-', '_' or '.'");
        }
        if self.text.is_empty() || self.code.is_empty() {
            return Err("text and code must not be empty");
        }
        if let Some(url) = self.callback_url {
            super::http::check_url(url).map_err(|_| "callback URL must be https")?;
        }
        Ok(())
    }
}

impl fmt::Debug for OutboundMessage<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OutboundMessage")
            .field("channel", &self.channel)
            .field("to", self.to)
            .field("from", self.from)
            .field("text", &"<redacted>")
            .field("code", &"<redacted>")
            .field("reference", &self.reference)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers() {
        assert_eq!(
            PhoneNumber::parse("+44 7700 900123").unwrap().e164(),
            "+447700900123"
        );
        assert_eq!(
            PhoneNumber::parse("(+1) 415-555-0100").unwrap().digits(),
            "14155550100"
        );
        for bad in [
            "",
            "+12345",
            "+1234567890123456",
            "07700900123",
            "+44 7700 9001x3",
            "1+44",
        ] {
            assert!(PhoneNumber::parse(bad).is_err(), "{bad}");
        }
        let d = format!("{:?}", PhoneNumber::parse("+447700900123").unwrap());
        assert!(!d.contains("7700900"), "{d}");
    }

    #[test]
    fn message_debug_is_redacted_and_reference_checked() {
        let to = PhoneNumber::parse("+447700900123").unwrap();
        let from = SenderId::parse("Acme").unwrap();
        let mut m = OutboundMessage {
            channel: Channel::Sms,
            to: &to,
            from: &from,
            text: "Your code is 482913",
            code: "482913",
            reference: "ch_abc.1",
            callback_url: None,
        };
        assert!(m.validate().is_ok());
        let d = format!("{m:?}");
        assert!(!d.contains("482913") && !d.contains("7700900"), "{d}");
        m.reference = "has space";
        assert!(m.validate().is_err());
        m.reference = "ok";
        m.callback_url = Some("http://evil.example/hook");
        assert!(m.validate().is_err());
    }
}
