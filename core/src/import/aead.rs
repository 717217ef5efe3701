//! AES-256-GCM with a 96-bit nonce and a detached 128-bit tag (Aegis, 2FAS, Proton).

use aes_gcm::aead::AeadInOut;
use aes_gcm::{Aes256Gcm, KeyInit};
use zeroize::Zeroizing;

/// Why AES-GCM decryption failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum GcmError {
    /// The nonce is not 12 bytes or the tag not 16.
    BadLength(&'static str),
    /// The tag did not verify: wrong key, or damaged data.
    Auth,
}

impl GcmError {
    pub(crate) fn describe(self) -> String {
        match self {
            GcmError::BadLength(what) => format!("{what} has the wrong length"),
            GcmError::Auth => "authentication failed".into(),
        }
    }
}

fn nonce_array(nonce: &[u8]) -> Result<[u8; 12], GcmError> {
    nonce.try_into().map_err(|_| GcmError::BadLength("nonce"))
}

/// Decrypts `ciphertext` (without its tag) and returns the plaintext in a zeroizing buffer.
pub(crate) fn decrypt(
    key: &[u8; 32],
    nonce: &[u8],
    ciphertext: &[u8],
    tag: &[u8],
    aad: &[u8],
) -> Result<Zeroizing<Vec<u8>>, GcmError> {
    let nonce = nonce_array(nonce)?;
    let tag: [u8; 16] = tag.try_into().map_err(|_| GcmError::BadLength("tag"))?;
    let cipher = Aes256Gcm::new(key.into());
    let mut buffer = Zeroizing::new(ciphertext.to_vec());
    cipher
        .decrypt_inout_detached(
            &nonce.into(),
            aad,
            buffer.as_mut_slice().into(),
            &tag.into(),
        )
        .map_err(|_| GcmError::Auth)?;
    Ok(buffer)
}

/// Decrypts `ciphertext ‖ tag`.
pub(crate) fn decrypt_combined(
    key: &[u8; 32],
    nonce: &[u8],
    combined: &[u8],
    aad: &[u8],
) -> Result<Zeroizing<Vec<u8>>, GcmError> {
    let split = combined
        .len()
        .checked_sub(16)
        .ok_or(GcmError::BadLength("ciphertext"))?;
    let (ciphertext, tag) = combined.split_at(split);
    decrypt(key, nonce, ciphertext, tag, aad)
}

/// Encrypts `plaintext`, returning the ciphertext and the detached tag.
pub(crate) fn encrypt(
    key: &[u8; 32],
    nonce: &[u8; 12],
    plaintext: &[u8],
    aad: &[u8],
) -> Result<(Vec<u8>, [u8; 16]), GcmError> {
    let cipher = Aes256Gcm::new(key.into());
    let mut buffer = plaintext.to_vec();
    let tag = cipher
        .encrypt_inout_detached(&(*nonce).into(), aad, buffer.as_mut_slice().into())
        .map_err(|_| GcmError::Auth)?;
    Ok((buffer, tag.into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_tamper() {
        let key = [7u8; 32];
        let nonce = [1u8; 12];
        let (ct, tag) = encrypt(&key, &nonce, b"hello", b"aad").unwrap();
        assert_eq!(
            &decrypt(&key, &nonce, &ct, &tag, b"aad").unwrap()[..],
            b"hello"
        );
        assert_eq!(
            decrypt(&key, &nonce, &ct, &tag, b"other"),
            Err(GcmError::Auth)
        );
        assert_eq!(
            decrypt(&[8u8; 32], &nonce, &ct, &tag, b"aad"),
            Err(GcmError::Auth)
        );
        assert_eq!(
            decrypt(&key, &nonce[..11], &ct, &tag, b"aad"),
            Err(GcmError::BadLength("nonce"))
        );
        assert_eq!(
            decrypt_combined(&key, &nonce, &[0u8; 15], b""),
            Err(GcmError::BadLength("ciphertext"))
        );
        let mut combined = ct.clone();
        combined.extend_from_slice(&tag);
        assert_eq!(
            &decrypt_combined(&key, &nonce, &combined, b"aad").unwrap()[..],
            b"hello"
        );
    }

    #[test]
    fn nist_gcm_test_case_14() {
        // AES-256-GCM, zero key/IV, one zero block (McGrew & Viega test case 14).
        let (ct, tag) = encrypt(&[0u8; 32], &[0u8; 12], &[0u8; 16], b"").unwrap();
        assert_eq!(
            ct,
            [
                0xce, 0xa7, 0x40, 0x3d, 0x4d, 0x60, 0x6b, 0x6e, 0x07, 0x4e, 0xc5, 0xd3, 0xba, 0xf3,
                0x9d, 0x18
            ]
        );
        assert_eq!(
            tag,
            [
                0xd0, 0xd1, 0xc8, 0xa7, 0x99, 0x99, 0x6b, 0xf0, 0x26, 0x5b, 0x98, 0xb5, 0xd4, 0x8a,
                0xb9, 0x19
            ]
        );
    }
}
