//! SMS receiver and sender helpers: code extraction, origin-bound codes, app hash, message bodies.

use crate::error::OtpError;
use crate::secret_text::SecretText;
use otpkit::receiver as rx;

/// What supports an extracted code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum CodeEvidence {
    /// The origin-bound last line `@host #code`.
    OriginBound,
    /// A keyword near the code.
    Keyword,
    /// The code stands alone on its line.
    Layout,
}

/// A code found in a message. `start`/`end` are UTF-8 byte offsets of the code as displayed.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SmsCode {
    pub code: SecretText,
    pub start: u32,
    pub end: u32,
    pub evidence: CodeEvidence,
    pub confidence: u32,
    pub origin: Option<String>,
    pub embedded_origin: Option<String>,
    pub keyword: Option<String>,
    pub language: Option<String>,
}

/// A parsed origin-bound one-time code (`@host #code [@embedded]`).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct OriginBoundCode {
    pub host: String,
    pub embedded_host: Option<String>,
    pub code: SecretText,
    pub code_start: u32,
    pub code_end: u32,
    pub strict: bool,
}

/// SMS encoding of a body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum SmsEncoding {
    Gsm7,
    Ucs2,
}

/// A formatted message with its SMS length: `units` are GSM-7 septets or UCS-2 code units.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SmsMessage {
    pub text: SecretText,
    pub encoding: SmsEncoding,
    pub units: u32,
    pub segments: u32,
    pub non_gsm_chars: Vec<String>,
    /// `multiple_segments` and/or `ucs2`.
    pub warnings: Vec<String>,
}

/// What to put in an SMS body.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SmsBodyOptions {
    pub code: SecretText,
    pub service: String,
    pub validity_minutes: Option<u32>,
    pub app_hash: Option<String>,
    pub origin_host: Option<String>,
    pub embedded_host: Option<String>,
}

/// A voice message: plain text and SSML.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct VoiceText {
    pub text: SecretText,
    pub ssml: SecretText,
}

/// Finds the one-time code in a received message, or null when there is none or it is ambiguous.
#[uniffi::export]
pub fn extract_code(message: String) -> Option<SmsCode> {
    rx::extract(&message).map(|x| SmsCode {
        code: x.code.into(),
        start: x.start,
        end: x.end,
        evidence: match x.evidence {
            rx::Evidence::OriginBound => CodeEvidence::OriginBound,
            rx::Evidence::Keyword => CodeEvidence::Keyword,
            rx::Evidence::Layout => CodeEvidence::Layout,
        },
        confidence: x.confidence,
        origin: x.origin,
        embedded_origin: x.embedded_origin,
        keyword: x.keyword,
        language: x.language,
    })
}

fn origin_record(o: rx::OriginBound) -> OriginBoundCode {
    OriginBoundCode {
        host: o.host,
        embedded_host: o.embedded_host,
        code: o.code.into(),
        code_start: o.code_start,
        code_end: o.code_end,
        strict: o.strict,
    }
}

/// Parses the message's last line strictly as an origin-bound code (WICG format).
#[uniffi::export]
pub fn parse_origin_bound(message: String) -> Result<OriginBoundCode, OtpError> {
    Ok(origin_record(rx::parse_origin_bound(&message)?))
}

/// Strict parse, then the tolerant Chromium-like reading; null when neither finds one.
#[uniffi::export]
pub fn find_origin_bound(message: String) -> Option<OriginBoundCode> {
    rx::find_origin_bound(&message).map(origin_record)
}

/// The Android SMS Retriever app hash (11 characters) from a package name and the signing
/// certificate (DER or PEM bytes).
#[uniffi::export]
pub fn android_app_hash(package_name: String, certificate: Vec<u8>) -> Result<String, OtpError> {
    Ok(rx::app_hash(&package_name, &certificate)?)
}

fn message_record(text: String, info: rx::SmsEncodingInfo, warnings: Vec<String>) -> SmsMessage {
    SmsMessage {
        text: text.into(),
        encoding: match info.encoding {
            rx::SmsEncoding::Gsm7 => SmsEncoding::Gsm7,
            rx::SmsEncoding::Ucs2 => SmsEncoding::Ucs2,
        },
        units: info.units,
        segments: info.segments,
        non_gsm_chars: info.non_gsm_chars,
        warnings,
    }
}

/// Builds an SMS body (sentence, optional app hash line, optional origin-bound last line) and
/// reports its encoding, length and segments.
#[uniffi::export]
pub fn format_sms(options: SmsBodyOptions) -> Result<SmsMessage, OtpError> {
    let body = rx::format_sms(&rx::SmsOptions {
        code: options.code.expose().to_owned(),
        service: options.service,
        validity_minutes: options.validity_minutes,
        app_hash: options.app_hash,
        origin_host: options.origin_host,
        embedded_host: options.embedded_host,
    })?;
    let warnings = body
        .warnings
        .iter()
        .map(|w| match w {
            rx::SmsWarning::MultipleSegments { .. } => "multiple_segments".to_string(),
            rx::SmsWarning::Ucs2 => "ucs2".to_string(),
        })
        .collect();
    Ok(message_record(body.text, body.encoding, warnings))
}

/// Encoding, length and segment count of any SMS text.
#[uniffi::export]
pub fn sms_encoding_info(text: String) -> SmsMessage {
    let info = rx::encoding_info(&text);
    message_record(text, info, Vec::new())
}

/// A voice (text-to-speech) message: digits spelled out with pauses, said twice.
#[uniffi::export]
pub fn voice_message(
    code: SecretText,
    service: String,
    language: String,
) -> Result<VoiceText, OtpError> {
    let v = rx::voice_message(code.expose(), &service, &language)?;
    Ok(VoiceText {
        text: v.text.into(),
        ssml: v.ssml.into(),
    })
}

/// A push notification (`whatsapp = false`) or WhatsApp (`true`, code in bold) text.
#[uniffi::export]
pub fn push_message(
    code: SecretText,
    service: String,
    language: String,
    validity_minutes: Option<u32>,
    whatsapp: bool,
) -> Result<String, OtpError> {
    let style = if whatsapp {
        rx::PushStyle::WhatsApp
    } else {
        rx::PushStyle::Push
    };
    Ok(rx::push_message(
        code.expose(),
        &service,
        &language,
        validity_minutes,
        style,
    )?)
}

/// Language tags the voice and push templates are available in (`en`, `es`, ...).
#[uniffi::export]
pub fn message_languages() -> Vec<String> {
    rx::supported_languages()
}

/// Language tags of the extraction keyword packs.
#[uniffi::export]
pub fn keyword_languages() -> Vec<String> {
    rx::keyword_languages()
}
