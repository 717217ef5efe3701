//! Normalisation of a submitted code: spaces and dashes removed, only the code's alphabet,
//! exact length. The result lives on the stack and is wiped on drop.

use super::error::MalformedReason;
use zeroize::Zeroize;

/// Inputs longer than this many bytes are refused before looking at them.
pub const MAX_INPUT_BYTES: usize = 64;

/// Which characters a code may contain after normalisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeCharset {
    /// ASCII `0`–`9` (HOTP, TOTP, numeric out-of-band codes).
    Digits,
    /// Steam Guard's alphabet; lower case is folded to upper case.
    Steam,
    /// Out-of-band alphanumeric codes ([`super::oob::ALNUM_ALPHABET`]); lower case folded.
    Alphanumeric,
}

impl CodeCharset {
    fn accept(self, b: u8) -> Option<u8> {
        match self {
            CodeCharset::Digits => b.is_ascii_digit().then_some(b),
            CodeCharset::Steam => {
                let u = b.to_ascii_uppercase();
                crate::otp::STEAM_ALPHABET.contains(&u).then_some(u)
            }
            CodeCharset::Alphanumeric => {
                let u = b.to_ascii_uppercase();
                super::oob::ALNUM_ALPHABET.contains(&u).then_some(u)
            }
        }
    }
}

/// A normalised code of 1–10 characters.
pub struct NormalizedCode {
    buf: [u8; 10],
    len: u8,
}

impl NormalizedCode {
    /// The normalised bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len as usize]
    }
}

impl Drop for NormalizedCode {
    fn drop(&mut self) {
        self.buf.zeroize();
    }
}

impl std::fmt::Debug for NormalizedCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "NormalizedCode(<redacted, {} chars>)", self.len)
    }
}

/// Removes ASCII spaces, tabs and dashes, then requires exactly `len` characters of `charset`.
pub fn normalize(
    input: &str,
    len: u8,
    charset: CodeCharset,
) -> Result<NormalizedCode, MalformedReason> {
    if input.len() > MAX_INPUT_BYTES {
        return Err(MalformedReason::TooLong);
    }
    let want = len.min(10) as usize;
    let mut out = NormalizedCode {
        buf: [0; 10],
        len: 0,
    };
    let mut n = 0usize;
    for &b in input.as_bytes() {
        if matches!(b, b' ' | b'\t' | b'-') {
            continue;
        }
        let Some(c) = charset.accept(b) else {
            return Err(MalformedReason::BadCharacter);
        };
        if n == want {
            return Err(MalformedReason::WrongLength);
        }
        out.buf[n] = c;
        n += 1;
    }
    if n == 0 {
        return Err(MalformedReason::Empty);
    }
    if n != want {
        return Err(MalformedReason::WrongLength);
    }
    out.len = n as u8;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_spaces_and_dashes() {
        let c = normalize(" 123-456 ", 6, CodeCharset::Digits).unwrap();
        assert_eq!(c.as_bytes(), b"123456");
        assert_eq!(
            normalize("123 45", 6, CodeCharset::Digits).unwrap_err(),
            MalformedReason::WrongLength
        );
        assert_eq!(
            normalize("1234567", 6, CodeCharset::Digits).unwrap_err(),
            MalformedReason::WrongLength
        );
        assert_eq!(
            normalize("12345a", 6, CodeCharset::Digits).unwrap_err(),
            MalformedReason::BadCharacter
        );
        // Non-ASCII digits (Arabic-Indic, full-width) are not digits here.
        assert_eq!(
            normalize("١٢٣٤٥٦", 6, CodeCharset::Digits).unwrap_err(),
            MalformedReason::BadCharacter
        );
        assert_eq!(
            normalize(" - ", 6, CodeCharset::Digits).unwrap_err(),
            MalformedReason::Empty
        );
        assert_eq!(
            normalize(&"1".repeat(65), 6, CodeCharset::Digits).unwrap_err(),
            MalformedReason::TooLong
        );
        assert_eq!(
            normalize("2tc8b", 5, CodeCharset::Steam)
                .unwrap()
                .as_bytes(),
            b"2TC8B"
        );
        assert!(format!("{c:?}").contains("redacted"));
    }
}
