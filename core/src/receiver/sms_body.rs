//! SMS bodies for servers: a human sentence with the code, an optional Android SMS Retriever app
//! hash line and an optional origin-bound (WICG) last line, with encoding and segment counts.
//!
//! ```text
//! 123456 is your ExampleCo verification code.
//!
//! FA+9qCX9VSu
//! @example.com #123456
//! ```
//!
//! The origin-bound line must be last (WICG); the SMS Retriever API only needs the hash to be in
//! the message, so it goes on the line before.

use super::error::FormatError;
use super::gsm::{encoding_info, SmsEncoding, SmsEncodingInfo};

/// Shortest and longest code accepted.
pub const MIN_CODE_LEN: usize = 4;
pub const MAX_CODE_LEN: usize = 10;

/// What to put in an SMS body. `Debug` redacts the code.
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct SmsOptions {
    /// The code to send (4–10 ASCII letters/digits, at least one digit).
    pub code: String,
    /// The service name shown in the sentence (e.g. `ExampleCo`).
    pub service: String,
    /// Minutes the code stays valid, mentioned in the sentence when given.
    pub validity_minutes: Option<u32>,
    /// Android SMS Retriever app hash (11 base64 characters), on its own line.
    pub app_hash: Option<String>,
    /// Host for the origin-bound last line `@host #code`.
    pub origin_host: Option<String>,
    /// Embedded (iframe) host, appended as ` @host` to the origin-bound line.
    pub embedded_host: Option<String>,
}

/// Why a body may not be delivered as intended.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SmsWarning {
    /// The body needs more than one SMS segment.
    MultipleSegments { segments: u32 },
    /// The body needs UCS-2 (a character outside the GSM-7 alphabet), which shortens segments.
    Ucs2,
}

impl std::fmt::Debug for SmsOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmsOptions")
            .field("code", &crate::redact::REDACTED)
            .field("service", &self.service)
            .field("validity_minutes", &self.validity_minutes)
            .field("app_hash", &self.app_hash)
            .field("origin_host", &self.origin_host)
            .field("embedded_host", &self.embedded_host)
            .finish()
    }
}

/// A formatted SMS body. `Debug` redacts the text (it holds the code).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct SmsBody {
    /// The message text.
    pub text: String,
    /// Encoding, length and segments of `text`.
    pub encoding: SmsEncodingInfo,
    /// Delivery warnings (empty when the body fits one GSM-7 segment).
    pub warnings: Vec<SmsWarning>,
}

impl std::fmt::Debug for SmsBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmsBody")
            .field("text", &crate::redact::REDACTED)
            .field("encoding", &self.encoding)
            .field("warnings", &self.warnings)
            .finish()
    }
}

/// Checks a code's shape: 4–10 ASCII letters or digits, at least one digit.
pub fn validate_code(code: &str) -> Result<(), FormatError> {
    if code.len() < MIN_CODE_LEN || code.len() > MAX_CODE_LEN {
        return Err(FormatError::InvalidCode(
            "length must be 4 to 10 characters",
        ));
    }
    if !code.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(FormatError::InvalidCode(
            "only ASCII letters and digits are allowed",
        ));
    }
    if !code.bytes().any(|b| b.is_ascii_digit()) {
        return Err(FormatError::InvalidCode("at least one digit is required"));
    }
    Ok(())
}

/// Builds the SMS body and reports its encoding, length and segment count.
pub fn format_sms(options: &SmsOptions) -> Result<SmsBody, FormatError> {
    validate_code(&options.code)?;
    let service = options.service.trim();
    if service.is_empty() || service.contains(['\n', '\r']) {
        return Err(FormatError::InvalidServiceName);
    }
    let mut text = format!("{} is your {} verification code.", options.code, service);
    if let Some(minutes) = options.validity_minutes {
        let unit = if minutes == 1 { "minute" } else { "minutes" };
        text.push_str(&format!(" It expires in {minutes} {unit}."));
    }
    text.push_str(" Don't share it with anyone.");
    let has_hash = options.app_hash.is_some();
    if let Some(hash) = &options.app_hash {
        validate_app_hash(hash)?;
        text.push_str("\n\n");
        text.push_str(hash);
    }
    if let Some(host) = &options.origin_host {
        let host = checked_host(host)?;
        text.push_str(if has_hash { "\n" } else { "\n\n" });
        text.push('@');
        text.push_str(&host);
        text.push_str(" #");
        text.push_str(&options.code);
        if let Some(embedded) = &options.embedded_host {
            text.push_str(" @");
            text.push_str(&checked_host(embedded)?);
        }
    } else if options.embedded_host.is_some() {
        return Err(FormatError::EmbeddedWithoutOrigin);
    }
    let encoding = encoding_info(&text);
    let mut warnings = Vec::new();
    if encoding.encoding == SmsEncoding::Ucs2 {
        warnings.push(SmsWarning::Ucs2);
    }
    if encoding.segments > 1 {
        warnings.push(SmsWarning::MultipleSegments {
            segments: encoding.segments,
        });
    }
    Ok(SmsBody {
        text,
        encoding,
        warnings,
    })
}

fn validate_app_hash(hash: &str) -> Result<(), FormatError> {
    super::app_hash::validate_app_hash(hash)
        .map_err(|_| FormatError::InvalidAppHash(hash.chars().take(32).collect()))
}

/// A host as it goes in the origin-bound line: an ASCII DNS name, lower-cased, without a scheme.
fn checked_host(host: &str) -> Result<String, FormatError> {
    let bare = host
        .trim()
        .trim_start_matches("https://")
        .trim_end_matches('/');
    let line = format!("@{bare} #0000");
    super::origin::parse_origin_bound(&line)
        .map(|ob| ob.host)
        .map_err(|_| FormatError::InvalidHost(host.chars().take(64).collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options() -> SmsOptions {
        SmsOptions {
            code: "123456".into(),
            service: "ExampleCo".into(),
            ..SmsOptions::default()
        }
    }

    #[test]
    fn plain_body() {
        let body = format_sms(&options()).unwrap();
        assert_eq!(
            body.text,
            "123456 is your ExampleCo verification code. Don't share it with anyone."
        );
        assert_eq!(body.encoding.segments, 1);
        assert!(body.warnings.is_empty());
    }

    #[test]
    fn hash_and_origin_lines() {
        let body = format_sms(&SmsOptions {
            app_hash: Some("FA+9qCX9VSu".into()),
            origin_host: Some("https://Example.com/".into()),
            embedded_host: Some("pay.example".into()),
            validity_minutes: Some(5),
            ..options()
        })
        .unwrap();
        assert!(body
            .text
            .ends_with("\n\nFA+9qCX9VSu\n@example.com #123456 @pay.example"));
        assert!(body.text.contains("It expires in 5 minutes."));
        let ob = super::super::origin::parse_origin_bound(&body.text).unwrap();
        assert_eq!(ob.code, "123456");
    }

    #[test]
    fn rejects_bad_input() {
        let bad = |o: SmsOptions| format_sms(&o).unwrap_err();
        assert!(matches!(
            bad(SmsOptions {
                code: "123".into(),
                ..options()
            }),
            FormatError::InvalidCode(_)
        ));
        assert!(matches!(
            bad(SmsOptions {
                code: "ABCDEF".into(),
                ..options()
            }),
            FormatError::InvalidCode(_)
        ));
        assert!(matches!(
            bad(SmsOptions {
                code: "12 34".into(),
                ..options()
            }),
            FormatError::InvalidCode(_)
        ));
        assert!(matches!(
            bad(SmsOptions {
                app_hash: Some("short".into()),
                ..options()
            }),
            FormatError::InvalidAppHash(_)
        ));
        assert!(matches!(
            bad(SmsOptions {
                origin_host: Some("bad host".into()),
                ..options()
            }),
            FormatError::InvalidHost(_)
        ));
        assert_eq!(
            bad(SmsOptions {
                service: " ".into(),
                ..options()
            }),
            FormatError::InvalidServiceName
        );
    }

    #[test]
    fn long_service_warns() {
        let body = format_sms(&SmsOptions {
            service: "Ж".repeat(80),
            ..options()
        })
        .unwrap();
        assert_eq!(body.encoding.encoding, SmsEncoding::Ucs2);
        assert!(body.warnings.contains(&SmsWarning::Ucs2));
        assert!(body.warnings.contains(&SmsWarning::MultipleSegments {
            segments: body.encoding.segments
        }));
    }
}
