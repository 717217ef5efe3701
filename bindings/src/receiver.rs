//! SMS receiver and sender helpers: code extraction, origin-bound codes, app hash, message bodies.
//!
//! Every position into a message is given in the three units platforms index strings by
//! ([`TextSpan`] in UTF-8 bytes, UTF-16 code units and Unicode scalars), computed by the core.

use crate::error::{in_range, out_i32, OtpError};
use crate::handles::{OneTimeCode, SensitiveText};
use otpkit::receiver as rx;
use otpkit::text::{Span, TextSpans};
use std::sync::Arc;

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

/// A half-open range `[start, end)` in one unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct TextSpan {
    pub start: i32,
    pub end: i32,
}

/// A code found in a message. `utf16` indexes Kotlin/Java strings and Swift `NSRange` /
/// `String.utf16`; `scalars` indexes Python strings; `utf8` is bytes (Rust).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SmsCode {
    pub code: Arc<OneTimeCode>,
    pub utf8: TextSpan,
    pub utf16: TextSpan,
    pub scalars: TextSpan,
    pub evidence: CodeEvidence,
    /// 0..=100.
    pub confidence: i32,
    pub origin: Option<String>,
    pub embedded_origin: Option<String>,
    /// The keyword that supported the code, as written in the message.
    pub keyword: Option<String>,
    /// The language pack that matched (`en`, `de`, …).
    pub language: Option<String>,
}

/// A parsed origin-bound one-time code (`@host #code [@embedded]`) and where its code is.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct OriginBoundCode {
    pub host: String,
    pub embedded_host: Option<String>,
    pub code: Arc<OneTimeCode>,
    pub utf8: TextSpan,
    pub utf16: TextSpan,
    pub scalars: TextSpan,
    /// True when the line follows the WICG format exactly.
    pub strict: bool,
}

fn span(s: Span) -> TextSpan {
    TextSpan {
        start: out_i32(s.start),
        end: out_i32(s.end),
    }
}

/// The spans of a core byte range; a range the core gave is always on character boundaries.
fn spans(message: &str, start: u32, end: u32) -> (TextSpan, TextSpan, TextSpan) {
    let s = TextSpans::of(message, start as usize, end as usize).unwrap_or_default();
    (span(s.utf8), span(s.utf16), span(s.scalars))
}

/// Finds the one-time code in a received message; null when there is none or it is ambiguous
/// (a wrong autofill is worse than none).
#[uniffi::export]
pub fn extract_code(message: String) -> Option<SmsCode> {
    rx::extract(&message).map(|x| {
        let (utf8, utf16, scalars) = spans(&message, x.start, x.end);
        SmsCode {
            code: OneTimeCode::new(x.code.as_str()),
            utf8,
            utf16,
            scalars,
            evidence: match x.evidence {
                rx::Evidence::OriginBound => CodeEvidence::OriginBound,
                rx::Evidence::Keyword => CodeEvidence::Keyword,
                rx::Evidence::Layout => CodeEvidence::Layout,
            },
            confidence: out_i32(x.confidence),
            origin: x.origin,
            embedded_origin: x.embedded_origin,
            keyword: x.keyword,
            language: x.language,
        }
    })
}

fn origin_record(message: &str, o: rx::OriginBound) -> OriginBoundCode {
    let (utf8, utf16, scalars) = spans(message, o.code_start, o.code_end);
    OriginBoundCode {
        host: o.host,
        embedded_host: o.embedded_host,
        code: OneTimeCode::new(o.code.as_str()),
        utf8,
        utf16,
        scalars,
        strict: o.strict,
    }
}

/// Parses the message's last line strictly as an origin-bound code (WICG format).
#[uniffi::export]
pub fn parse_origin_bound(message: String) -> Result<OriginBoundCode, OtpError> {
    let o = rx::parse_origin_bound(&message)?;
    Ok(origin_record(&message, o))
}

/// Strict parse, then the tolerant Chromium-like reading; null when neither finds one.
#[uniffi::export]
pub fn find_origin_bound(message: String) -> Option<OriginBoundCode> {
    rx::find_origin_bound(&message).map(|o| origin_record(&message, o))
}

/// The Android SMS Retriever app hash (11 characters) from a package name and the signing
/// certificate (DER or PEM bytes).
#[uniffi::export]
pub fn android_app_hash(package_name: String, certificate: Vec<u8>) -> Result<String, OtpError> {
    Ok(rx::app_hash(&package_name, &certificate)?)
}

/// Whether an SMS Retriever message carries an app's hash ([`check_app_hash`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum AppHashMatch {
    /// The hash is in the message as a whole token.
    Present,
    /// The message does not carry it: meant for another app (or none); do not use it.
    Missing,
}

/// The SMS Retriever rule (the core's): whether `message` carries `app_hash` (11 base64
/// characters, as `android_app_hash` computes it) as a whole token. A malformed `app_hash` is
/// `InvalidInput(APP_HASH)`.
#[uniffi::export]
pub fn check_app_hash(message: String, app_hash: String) -> Result<AppHashMatch, OtpError> {
    Ok(match rx::check_app_hash(&message, &app_hash)? {
        rx::AppHashMatch::Present { .. } => AppHashMatch::Present,
        rx::AppHashMatch::Missing => AppHashMatch::Missing,
    })
}

/// Language tags of the extraction keyword packs.
#[uniffi::export]
pub fn keyword_languages() -> Vec<String> {
    rx::keyword_languages()
}

// ---------------------------------------------------------------------------------------------
// Sender side

/// SMS encoding of a body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum SmsEncoding {
    Gsm7,
    Ucs2,
}

/// A finding about a formatted SMS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum SmsWarning {
    /// The body needs more than one SMS segment.
    MultipleSegments { segments: i32 },
    /// A character outside GSM-7 forces UCS-2 (70 characters per segment).
    Ucs2,
}

/// Encoding and length of a text as an SMS: `units` are GSM-7 septets or UCS-2 code units.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SmsEncodingInfo {
    pub encoding: SmsEncoding,
    pub units: i32,
    pub segments: i32,
    pub non_gsm_chars: Vec<String>,
}

/// A formatted SMS body (it holds the code) with its encoding, length and warnings.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SmsMessage {
    pub body: Arc<SensitiveText>,
    pub info: SmsEncodingInfo,
    pub warnings: Vec<SmsWarning>,
}

/// What to put in an SMS body besides the code.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SmsBodyOptions {
    /// The service name shown in the sentence (`ACME`).
    pub service: String,
    #[uniffi(default = None)]
    pub validity_minutes: Option<i32>,
    /// An Android SMS Retriever app hash line.
    #[uniffi(default = None)]
    pub app_hash: Option<String>,
    /// The origin-bound last line's host (`@host #code`).
    #[uniffi(default = None)]
    pub origin_host: Option<String>,
    #[uniffi(default = None)]
    pub embedded_host: Option<String>,
}

/// A voice (text-to-speech) message: plain text and SSML, both holding the code.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct VoiceMessage {
    pub text: Arc<SensitiveText>,
    pub ssml: Arc<SensitiveText>,
}

/// How a push text is styled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum PushStyle {
    /// A plain push notification.
    Push,
    /// WhatsApp (the code in bold).
    WhatsApp,
}

fn info_record(info: rx::SmsEncodingInfo) -> SmsEncodingInfo {
    SmsEncodingInfo {
        encoding: match info.encoding {
            rx::SmsEncoding::Gsm7 => SmsEncoding::Gsm7,
            rx::SmsEncoding::Ucs2 => SmsEncoding::Ucs2,
        },
        units: out_i32(info.units),
        segments: out_i32(info.segments),
        non_gsm_chars: info.non_gsm_chars,
    }
}

fn minutes(m: Option<i32>) -> Result<Option<u32>, OtpError> {
    m.map(|m| in_range(i64::from(m), "validity_minutes"))
        .transpose()
}

/// Builds an SMS body (sentence, optional app hash line, optional origin-bound last line).
#[uniffi::export]
pub fn format_sms(
    code: crate::SecretText,
    options: SmsBodyOptions,
) -> Result<SmsMessage, OtpError> {
    let body = rx::format_sms(&rx::SmsOptions {
        code: code.expose().to_owned(),
        service: options.service,
        validity_minutes: minutes(options.validity_minutes)?,
        app_hash: options.app_hash,
        origin_host: options.origin_host,
        embedded_host: options.embedded_host,
    })?;
    let warnings = body
        .warnings
        .iter()
        .map(|w| match w {
            rx::SmsWarning::MultipleSegments { segments } => SmsWarning::MultipleSegments {
                segments: out_i32(*segments),
            },
            rx::SmsWarning::Ucs2 => SmsWarning::Ucs2,
        })
        .collect();
    Ok(SmsMessage {
        body: SensitiveText::wrap(body.text.as_str()),
        info: info_record(body.encoding),
        warnings,
    })
}

/// Encoding, length and segment count of any SMS text.
#[uniffi::export]
pub fn sms_encoding_info(text: String) -> SmsEncodingInfo {
    info_record(rx::encoding_info(&text))
}

/// A voice message: digits spelled out with pauses, said twice.
#[uniffi::export(default(language = "en"))]
pub fn voice_message(
    code: crate::SecretText,
    service: String,
    language: String,
) -> Result<VoiceMessage, OtpError> {
    let v = rx::voice_message(code.expose(), &service, &language)?;
    Ok(VoiceMessage {
        text: SensitiveText::wrap(v.text.as_str()),
        ssml: SensitiveText::wrap(v.ssml.as_str()),
    })
}

/// A push notification or WhatsApp text (it holds the code).
#[uniffi::export(default(language = "en", validity_minutes = None))]
pub fn push_message(
    code: crate::SecretText,
    service: String,
    style: PushStyle,
    language: String,
    validity_minutes: Option<i32>,
) -> Result<String, OtpError> {
    let style = match style {
        PushStyle::Push => rx::PushStyle::Push,
        PushStyle::WhatsApp => rx::PushStyle::WhatsApp,
    };
    Ok(rx::push_message(
        code.expose(),
        &service,
        &language,
        minutes(validity_minutes)?,
        style,
    )?)
}

/// Language tags the voice and push templates are available in (`en`, `es`, …).
#[uniffi::export]
pub fn message_languages() -> Vec<String> {
    rx::supported_languages()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::InvalidInputKind;

    #[test]
    fn check_app_hash_converts_the_core_result() {
        let hash = "FA+9qCX9VSu".to_owned();
        let check = |m: &str| check_app_hash(m.to_owned(), hash.clone());
        assert_eq!(
            check("<#> 123456\n\nFA+9qCX9VSu").unwrap(),
            AppHashMatch::Present
        );
        assert_eq!(
            check("<#> 123456\n\nZZ+1otherAP").unwrap(),
            AppHashMatch::Missing
        );
        match check_app_hash("FA+9qCX9VSu".into(), "short".into()) {
            Err(OtpError::InvalidInput { kind, reason, .. }) => {
                assert_eq!(kind, InvalidInputKind::AppHash);
                assert!(reason.contains("invalid app hash"), "{reason}");
            }
            other => panic!("expected InvalidInput(AppHash), got {other:?}"),
        }
    }

    /// The shared vectors' spans in all three units, through the FFI functions.
    #[test]
    fn extract_vectors_spans_in_every_unit() {
        let v: serde_json::Value =
            serde_json::from_str(include_str!("../../tests/vectors/receiver.json")).unwrap();
        let mut checked = 0;
        for case in v["extract"].as_array().unwrap() {
            let text = case["text"].as_str().unwrap().to_owned();
            let found = extract_code(text.clone());
            let Some(code) = case["code"].as_str() else {
                assert!(found.is_none(), "{}", case["name"]);
                continue;
            };
            let found = found.unwrap_or_else(|| panic!("{}: no code", case["name"]));
            assert_eq!(found.code.reveal(), code, "{}", case["name"]);
            let n = |k: &str| case[k].as_i64().unwrap() as i32;
            assert_eq!(
                found.utf8,
                TextSpan {
                    start: n("start"),
                    end: n("end")
                }
            );
            assert_eq!(
                found.utf16,
                TextSpan {
                    start: n("utf16_start"),
                    end: n("utf16_end")
                }
            );
            assert_eq!(
                found.scalars,
                TextSpan {
                    start: n("scalar_start"),
                    end: n("scalar_end")
                }
            );
            let utf16: Vec<u16> = text.encode_utf16().collect();
            let shown =
                String::from_utf16(&utf16[found.utf16.start as usize..found.utf16.end as usize])
                    .unwrap();
            let scalars: String = text
                .chars()
                .skip(found.scalars.start as usize)
                .take((found.scalars.end - found.scalars.start) as usize)
                .collect();
            assert_eq!(shown, scalars, "{}", case["name"]);
            checked += 1;
        }
        assert!(checked >= 30, "{checked}");
    }
}
