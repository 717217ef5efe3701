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
