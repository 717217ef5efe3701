//! Android SMS Retriever app hash.
//!
//! As Google's `AppSignatureHelper` sample and the SMS Retriever documentation define it:
//! `appInfo = packageName + " " + signature.toCharsString()` (the signing certificate's DER bytes
//! in lower-case hex), SHA-256 of its UTF-8 bytes, the first 9 bytes of the digest, base64
//! (standard alphabet, no padding, no line wrapping), first 11 characters. The shell equivalent:
//!
//! ```text
//! keytool -exportcert -alias KEY -keystore KS | xxd -p | tr -d "[:space:]" \
//!   | echo -n com.example.app `cat` | sha256sum | tr -d "[:space:]-" | xxd -r -p | base64 | cut -c1-11
//! ```

use super::error::AppHashError;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};
use base64::Engine;
use sha2::{Digest, Sha256};

const PEM_BEGIN: &str = "-----BEGIN CERTIFICATE-----";
const PEM_END: &str = "-----END CERTIFICATE-----";
/// Length of an app hash in characters.
pub const APP_HASH_LEN: usize = 11;

/// Computes the 11-character app hash for `package` signed with `certificate`, given as DER bytes
/// or as PEM text (the first `CERTIFICATE` block is used).
pub fn app_hash(package: &str, certificate: &[u8]) -> Result<String, AppHashError> {
    validate_package(package)?;
    let der = certificate_der(certificate)?;
    let mut app_info = String::with_capacity(package.len() + 1 + der.len() * 2);
    app_info.push_str(package);
    app_info.push(' ');
    for byte in &der {
        app_info.push(char::from(HEX[usize::from(byte >> 4)]));
        app_info.push(char::from(HEX[usize::from(byte & 0x0f)]));
    }
    let digest = Sha256::digest(app_info.as_bytes());
    let mut encoded = STANDARD_NO_PAD.encode(&digest[..9]);
    encoded.truncate(APP_HASH_LEN);
    Ok(encoded)
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Whether an SMS Retriever message carries an app's hash ([`check_app_hash`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppHashMatch {
    /// The hash is in the message as a whole token: `start..end` is the byte range of its last
    /// occurrence (Google's format puts it at the end).
    Present { start: usize, end: usize },
    /// The message does not carry the hash (it was sent for another app, or for none).
    Missing,
}

/// The SMS Retriever rule: a message is for this app only when it carries the app's 11-character
/// hash (`expected`, as [`app_hash`] computes it) as a whole token, i.e. not preceded or followed
/// by another base64 character (so `xFA+9qCX9VSu` or `FA+9qCX9VSuQ` do not match `FA+9qCX9VSu`).
/// The comparison is exact (base64 is case-sensitive) and linear in the message length.
///
/// Errors: [`AppHashError::InvalidAppHash`] when `expected` is not 11 characters of the standard
/// base64 alphabet (a configuration error, never a silent mismatch).
///
/// ```
/// use otpkit::receiver::{check_app_hash, AppHashMatch};
///
/// let sms = "<#> Your code is 482913\n\nFA+9qCX9VSu";
/// assert_eq!(check_app_hash(sms, "FA+9qCX9VSu"), Ok(AppHashMatch::Present { start: 25, end: 36 }));
/// assert_eq!(check_app_hash(sms, "ZZ+1otherAP"), Ok(AppHashMatch::Missing));
/// ```
pub fn check_app_hash(message: &str, expected: &str) -> Result<AppHashMatch, AppHashError> {
    validate_app_hash(expected)?;
    let bytes = message.as_bytes();
    let found = message.rmatch_indices(expected).find(|&(start, _)| {
        let end = start + APP_HASH_LEN;
        let before = start.checked_sub(1).map(|i| bytes[i]);
        let after = bytes.get(end).copied();
        !before.is_some_and(is_base64) && !after.is_some_and(is_base64)
    });
    Ok(match found {
        Some((start, _)) => AppHashMatch::Present {
            start,
            end: start + APP_HASH_LEN,
        },
        None => AppHashMatch::Missing,
    })
}

/// A byte of the standard base64 alphabet (what an app hash is made of).
fn is_base64(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'+' || b == b'/'
}

/// `hash` is 11 characters of the standard base64 alphabet.
pub(crate) fn validate_app_hash(hash: &str) -> Result<(), AppHashError> {
    if hash.len() == APP_HASH_LEN && hash.bytes().all(is_base64) {
        Ok(())
    } else {
        Err(AppHashError::InvalidAppHash(
            hash.chars().take(32).collect(),
        ))
    }
}

/// The DER bytes of a certificate given as DER or PEM. DER input must be one ASN.1 SEQUENCE
/// spanning all the bytes (what `keytool -exportcert` writes without `-rfc`).
pub fn certificate_der(certificate: &[u8]) -> Result<Vec<u8>, AppHashError> {
    if certificate.is_empty() {
        return Err(AppHashError::EmptyCertificate);
    }
    if certificate[0] == 0x30 {
        check_der(certificate)?;
        return Ok(certificate.to_vec());
    }
    let text =
        std::str::from_utf8(certificate).map_err(|_| AppHashError::InvalidDer("not a SEQUENCE"))?;
    let begin = text.find(PEM_BEGIN).ok_or(AppHashError::MissingPemBlock)?;
    let body_start = begin + PEM_BEGIN.len();
    let body_len = text[body_start..]
        .find(PEM_END)
        .ok_or(AppHashError::MissingPemBlock)?;
    let body: String = text[body_start..body_start + body_len]
        .chars()
        .filter(|c| !c.is_ascii_whitespace())
        .collect();
    let der = STANDARD
        .decode(body.as_bytes())
        .map_err(|_| AppHashError::InvalidPemBase64)?;
    if der.first() != Some(&0x30) {
        return Err(AppHashError::InvalidDer("not a SEQUENCE"));
    }
    check_der(&der)?;
    Ok(der)
}

/// Checks that `der` is one definite-length SEQUENCE covering the whole input.
fn check_der(der: &[u8]) -> Result<(), AppHashError> {
    let len_byte = *der
        .get(1)
        .ok_or(AppHashError::InvalidDer("truncated header"))?;
    let (content_len, header_len) = if len_byte < 0x80 {
        (usize::from(len_byte), 2)
    } else {
        let n = usize::from(len_byte & 0x7f);
        if n == 0 || n > 4 {
            return Err(AppHashError::InvalidDer("unsupported length encoding"));
        }
        let bytes = der
            .get(2..2 + n)
            .ok_or(AppHashError::InvalidDer("truncated header"))?;
        let len = bytes
            .iter()
            .fold(0usize, |acc, &b| (acc << 8) | usize::from(b));
        (len, 2 + n)
    };
    if header_len + content_len != der.len() {
        return Err(AppHashError::InvalidDer("length does not match the input"));
    }
    Ok(())
}

/// Android application ids: two or more `.`-separated segments, each `[A-Za-z][A-Za-z0-9_]*`.
fn validate_package(package: &str) -> Result<(), AppHashError> {
    let segments: Vec<&str> = package.split('.').collect();
    let ok = segments.len() >= 2
        && segments.iter().all(|s| {
            let mut chars = s.chars();
            chars.next().is_some_and(|c| c.is_ascii_alphabetic())
                && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        });
    if ok {
        Ok(())
    } else {
        Err(AppHashError::InvalidPackageName(
            package.chars().take(128).collect(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal DER SEQUENCE (not a real certificate; the hash only needs the bytes).
    const FAKE_DER: [u8; 4] = [0x30, 0x02, 0x05, 0x00];

    #[test]
    fn hash_has_eleven_base64_chars() {
        let h = app_hash("com.example.app", &FAKE_DER).unwrap();
        assert_eq!(h.len(), 11);
        // sha256("com.example.app 30020500")[..9], base64, 11 chars (computed independently).
        let digest = Sha256::digest(b"com.example.app 30020500");
        assert_eq!(h, STANDARD.encode(&digest[..9])[..11]);
    }

    #[test]
    fn pem_and_der_agree() {
        let pem = format!("{PEM_BEGIN}\n{}\n{PEM_END}\n", STANDARD.encode(FAKE_DER));
        assert_eq!(
            app_hash("com.example.app", pem.as_bytes()),
            app_hash("com.example.app", &FAKE_DER)
        );
    }

    #[test]
    fn app_hash_must_be_a_whole_token() {
        let h = "FA+9qCX9VSu";
        let at = |m: &str| check_app_hash(m, h).unwrap();
        assert_eq!(
            at("<#> Code 123456\n\nFA+9qCX9VSu"),
            AppHashMatch::Present { start: 17, end: 28 }
        );
        assert_eq!(
            at("FA+9qCX9VSu"),
            AppHashMatch::Present { start: 0, end: 11 }
        );
        assert_eq!(
            at("Code 123456 FA+9qCX9VSu.\n@example.com #123456"),
            AppHashMatch::Present { start: 12, end: 23 }
        );
        // Part of a longer base64 run, another case, another hash, none.
        assert_eq!(at("Code 123456 xFA+9qCX9VSu"), AppHashMatch::Missing);
        assert_eq!(at("Code 123456 FA+9qCX9VSuQ"), AppHashMatch::Missing);
        assert_eq!(at("Code 123456 /FA+9qCX9VSu"), AppHashMatch::Missing);
        assert_eq!(at("Code 123456 fa+9qcx9vsu"), AppHashMatch::Missing);
        assert_eq!(at("Code 123456\n\nZZ+1otherAP"), AppHashMatch::Missing);
        assert_eq!(at(""), AppHashMatch::Missing);
        // A glued occurrence first, a proper one later: the proper one is found.
        assert_eq!(
            at("xFA+9qCX9VSu 123456 FA+9qCX9VSu"),
            AppHashMatch::Present { start: 20, end: 31 }
        );
        // Non-ASCII neighbours are not base64.
        assert_eq!(
            at("Код 123456 «FA+9qCX9VSu»"),
            AppHashMatch::Present { start: 16, end: 27 }
        );
        // The hash computed here is accepted as expected.
        let own = app_hash("com.example.app", &FAKE_DER).unwrap();
        assert!(matches!(
            check_app_hash(&format!("<#> 482913\n{own}"), &own),
            Ok(AppHashMatch::Present { .. })
        ));
    }

    #[test]
    fn malformed_expected_app_hash_is_an_error() {
        for bad in [
            "",
            "short",
            "FA+9qCX9VSuX",
            "FA-9qCX9VSu",
            "FA+9qCX9VS=",
            "ФA+9qCX9VS",
        ] {
            assert_eq!(
                check_app_hash("FA+9qCX9VSu", bad),
                Err(AppHashError::InvalidAppHash(bad.into())),
                "{bad:?}"
            );
        }
        let long = "A".repeat(100);
        assert_eq!(
            check_app_hash("x", &long),
            Err(AppHashError::InvalidAppHash("A".repeat(32)))
        );
    }

    #[test]
    fn errors() {
        assert_eq!(
            app_hash("com.example.app", &[]),
            Err(AppHashError::EmptyCertificate)
        );
        assert!(matches!(
            app_hash("example", &FAKE_DER),
            Err(AppHashError::InvalidPackageName(_))
        ));
        assert!(matches!(
            app_hash("com.1x.app", &FAKE_DER),
            Err(AppHashError::InvalidPackageName(_))
        ));
        assert_eq!(
            app_hash("a.b", b"hello"),
            Err(AppHashError::MissingPemBlock)
        );
        assert_eq!(
            app_hash("a.b", &[0x30, 0x05, 0x00]),
            Err(AppHashError::InvalidDer("length does not match the input"))
        );
        let bad = format!("{PEM_BEGIN}\n!!!!\n{PEM_END}");
        assert_eq!(
            app_hash("a.b", bad.as_bytes()),
            Err(AppHashError::InvalidPemBase64)
        );
    }
}
