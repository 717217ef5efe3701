//! libsodium's `crypto_secretstream_xchacha20poly1305`, decryption side (and encryption for tests),
//! as used by Ente Auth's encrypted export.
//!
//! Construction (libsodium `crypto_secretstream/xchacha20poly1305/secretstream_xchacha20poly1305.c`):
//!
//! * `init`: `k = HChaCha20(key, header[0..16])`; the 12-byte ChaCha20-IETF nonce is a 32-bit
//!   little-endian counter (starting at 1) followed by the 8-byte "inonce" `header[16..24]`.
//! * each message `m` with tag `t`: keystream block 0 keys Poly1305; block 1 encrypts the 64-byte
//!   block `[t, 0, …]` whose first byte is emitted; blocks 2… encrypt `m`. The MAC covers
//!   `ad ‖ pad16(ad) ‖ encrypted 64-byte block ‖ c ‖ (len m mod 16) zero bytes ‖ le64(len ad) ‖
//!   le64(64 + len m)` (libsodium's padding after `c` is not a pad to 16).
//!   Output: `encrypted tag byte ‖ c ‖ mac` (17 bytes of overhead).
//! * afterwards the inonce is XORed with the first 8 MAC bytes and the counter incremented; when
//!   the tag has the REKEY bit or the counter wraps to 0, `k ‖ inonce` is replaced by its own
//!   ChaCha20 encryption under the current key/nonce and the counter reset to 1.
//!
//! Checked against PyNaCl (libsodium) in the unit tests (vectors in
//! `tests/fixtures/import/secretstream.json`, produced by `make_fixtures.py`).

use chacha20::cipher::{KeyIvInit, StreamCipher};
use chacha20::{hchacha, ChaCha20};
use poly1305::universal_hash::KeyInit;
use poly1305::Poly1305;
use subtle::ConstantTimeEq;
use zeroize::{Zeroize, Zeroizing};

/// Header (the stream's public nonce) length.
pub(crate) const HEADER_BYTES: usize = 24;
/// Overhead per message: encrypted tag byte + MAC.
pub(crate) const ABYTES: usize = 17;
/// Message tags.
#[cfg(test)]
pub(crate) const TAG_MESSAGE: u8 = 0;
#[cfg(test)]
pub(crate) const TAG_PUSH: u8 = 1;
pub(crate) const TAG_REKEY: u8 = 2;
#[cfg(test)]
pub(crate) const TAG_FINAL: u8 = 3;

/// Why a message could not be decrypted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StreamError {
    /// Shorter than the 17 bytes of overhead.
    TooShort,
    /// The MAC did not verify (wrong key, wrong header, damaged or reordered data).
    Auth,
}

/// One direction of a stream: the subkey and the nonce (counter ‖ inonce).
pub(crate) struct State {
    k: Zeroizing<[u8; 32]>,
    nonce: [u8; 12],
}

impl std::fmt::Debug for State {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("secretstream::State(<redacted>)")
    }
}

impl Drop for State {
    fn drop(&mut self) {
        self.nonce.zeroize();
    }
}

impl State {
    /// `crypto_secretstream_xchacha20poly1305_init_pull` (and `init_push` given the header).
    pub(crate) fn new(key: &[u8; 32], header: &[u8; HEADER_BYTES]) -> Self {
        let mut input = [0u8; 16];
        input.copy_from_slice(&header[..16]);
        let mut subkey = hchacha::<chacha20::R20>(key.into(), &input.into());
        let mut k = Zeroizing::new([0u8; 32]);
        k.copy_from_slice(&subkey);
        subkey.zeroize();
        let mut nonce = [0u8; 12];
        nonce[..4].copy_from_slice(&1u32.to_le_bytes());
        nonce[4..].copy_from_slice(&header[16..]);
        Self { k, nonce }
    }

    fn cipher(&self) -> ChaCha20 {
        ChaCha20::new((&*self.k).into(), (&self.nonce).into())
    }

    /// Poly1305 over the message layout, keyed by keystream block 0.
    ///
    /// Note libsodium's padding after the ciphertext: `(0x10 - 64 + mlen) & 0xf` zero bytes,
    /// i.e. `mlen mod 16` (not the AEAD-style pad to a multiple of 16), so the MAC input is not
    /// block-aligned and is hashed as one unpadded message.
    fn mac(&self, ad: &[u8], block: &[u8; 64], c: &[u8]) -> [u8; 16] {
        let mut block0 = Zeroizing::new([0u8; 64]);
        self.cipher().apply_keystream(&mut block0[..]);
        let mut poly_key = Zeroizing::new([0u8; 32]);
        poly_key.copy_from_slice(&block0[..32]);

        let ad_pad = (16 - ad.len() % 16) % 16;
        let c_pad = c.len() % 16;
        let mut input = Vec::with_capacity(ad.len() + ad_pad + 64 + c.len() + c_pad + 16);
        input.extend_from_slice(ad);
        input.resize(input.len() + ad_pad, 0);
        input.extend_from_slice(block);
        input.extend_from_slice(c);
        input.resize(input.len() + c_pad, 0);
        input.extend_from_slice(&(ad.len() as u64).to_le_bytes());
        input.extend_from_slice(&(64 + c.len() as u64).to_le_bytes());
        Poly1305::new((&*poly_key).into())
            .compute_unpadded(&input)
            .into()
    }

    /// Counter/inonce update after a message, and rekeying.
    fn advance(&mut self, mac: &[u8; 16], tag: u8) {
        for (n, m) in self.nonce[4..].iter_mut().zip(mac) {
            *n ^= m;
        }
        let counter =
            u32::from_le_bytes([self.nonce[0], self.nonce[1], self.nonce[2], self.nonce[3]])
                .wrapping_add(1);
        self.nonce[..4].copy_from_slice(&counter.to_le_bytes());
        if tag & TAG_REKEY != 0 || counter == 0 {
            self.rekey();
        }
    }

    /// `crypto_secretstream_xchacha20poly1305_rekey`.
    fn rekey(&mut self) {
        let mut buf = Zeroizing::new([0u8; 40]);
        buf[..32].copy_from_slice(&self.k[..]);
        buf[32..].copy_from_slice(&self.nonce[4..]);
        self.cipher().apply_keystream(&mut buf[..]);
        self.k.copy_from_slice(&buf[..32]);
        self.nonce[4..].copy_from_slice(&buf[32..]);
        self.nonce[..4].copy_from_slice(&1u32.to_le_bytes());
    }

    /// The keystream for blocks 1 (tag block) and 2… (message), positioned after block 0.
    fn body_cipher(&self) -> ChaCha20 {
        let mut cipher = self.cipher();
        let mut skip = [0u8; 64];
        cipher.apply_keystream(&mut skip);
        cipher
    }

    /// `crypto_secretstream_xchacha20poly1305_pull`: returns the plaintext and the tag.
    pub(crate) fn pull(
        &mut self,
        input: &[u8],
        ad: &[u8],
    ) -> Result<(Zeroizing<Vec<u8>>, u8), StreamError> {
        if input.len() < ABYTES {
            return Err(StreamError::TooShort);
        }
        let mlen = input.len() - ABYTES;
        let c = &input[1..1 + mlen];
        let stored_mac = &input[1 + mlen..];

        let mut cipher = self.body_cipher();
        let mut block = Zeroizing::new([0u8; 64]);
        block[0] = input[0];
        cipher.apply_keystream(&mut block[..]);
        let tag = block[0];
        block[0] = input[0];

        let mac = self.mac(ad, &block, c);
        if !bool::from(mac.ct_eq(stored_mac)) {
            return Err(StreamError::Auth);
        }
        let mut m = Zeroizing::new(c.to_vec());
        cipher.apply_keystream(&mut m);
        self.advance(&mac, tag);
        Ok((m, tag))
    }

    /// `crypto_secretstream_xchacha20poly1305_push` (tests only: nothing here writes streams).
    #[cfg(test)]
    pub(crate) fn push(&mut self, m: &[u8], ad: &[u8], tag: u8) -> Vec<u8> {
        let mut cipher = self.body_cipher();
        let mut block = [0u8; 64];
        block[0] = tag;
        cipher.apply_keystream(&mut block);
        let mut c = m.to_vec();
        cipher.apply_keystream(&mut c);
        let mac = self.mac(ad, &block, &c);
        let mut out = Vec::with_capacity(m.len() + ABYTES);
        out.push(block[0]);
        out.extend_from_slice(&c);
        out.extend_from_slice(&mac);
        self.advance(&mac, tag);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine as _;

    fn b64(s: &str) -> Vec<u8> {
        base64::engine::general_purpose::STANDARD.decode(s).unwrap()
    }

    /// Vectors produced by PyNaCl (libsodium) in `tests/fixtures/import/make_fixtures.py`.
    #[test]
    fn pynacl_vectors() {
        let text = include_str!("../../../tests/fixtures/import/secretstream.json");
        let v: serde_json::Value = serde_json::from_str(text).unwrap();
        let cases = v["cases"].as_array().unwrap();
        assert!(!cases.is_empty());
        for case in cases {
            let key: [u8; 32] = b64(case["key"].as_str().unwrap()).try_into().unwrap();
            let header: [u8; 24] = b64(case["header"].as_str().unwrap()).try_into().unwrap();
            let mut pull = State::new(&key, &header);
            let mut push = State::new(&key, &header);
            for msg in case["messages"].as_array().unwrap() {
                let c = b64(msg["ciphertext"].as_str().unwrap());
                let m = b64(msg["plaintext"].as_str().unwrap());
                let ad = b64(msg["ad"].as_str().unwrap());
                let tag = msg["tag"].as_u64().unwrap() as u8;
                assert_eq!(push.push(&m, &ad, tag), c, "push {}", case["name"]);
                let (plain, got_tag) = pull.pull(&c, &ad).unwrap();
                assert_eq!(
                    (&plain[..], got_tag),
                    (&m[..], tag),
                    "pull {}",
                    case["name"]
                );
            }
        }
    }

    #[test]
    fn tampering_and_reordering_fail() {
        let key = [3u8; 32];
        let header = [9u8; 24];
        let mut push = State::new(&key, &header);
        let first = push.push(b"first", b"", TAG_MESSAGE);
        let second = push.push(b"second", b"", TAG_FINAL);

        let mut pull = State::new(&key, &header);
        assert_eq!(pull.pull(&second, b"").unwrap_err(), StreamError::Auth);

        for i in 0..first.len() {
            let mut bad = first.clone();
            bad[i] ^= 1;
            let mut pull = State::new(&key, &header);
            assert_eq!(
                pull.pull(&bad, b"").unwrap_err(),
                StreamError::Auth,
                "byte {i}"
            );
        }
        let mut pull = State::new(&key, &header);
        assert_eq!(pull.pull(&first, b"x").unwrap_err(), StreamError::Auth);
        assert_eq!(
            pull.pull(&first[..16], b"").unwrap_err(),
            StreamError::TooShort
        );
        let mut pull = State::new(&[4u8; 32], &header);
        assert_eq!(pull.pull(&first, b"").unwrap_err(), StreamError::Auth);
    }

    #[test]
    fn rekey_and_push_tags_round_trip() {
        let key = [5u8; 32];
        let header = [6u8; 24];
        let mut push = State::new(&key, &header);
        let mut pull = State::new(&key, &header);
        for (i, tag) in [TAG_MESSAGE, TAG_PUSH, TAG_REKEY, TAG_MESSAGE, TAG_FINAL]
            .into_iter()
            .enumerate()
        {
            let m = vec![i as u8; i * 37];
            let c = push.push(&m, b"ad", tag);
            let (plain, got) = pull.pull(&c, b"ad").unwrap();
            assert_eq!((&plain[..], got), (&m[..], tag));
        }
    }
}
