//! The vault file's byte layout (see `docs/storage.md`): encoding and a strict, panic-free
//! decoder that tells truncation, corruption and unknown versions apart before any key is tried.
//!
//! ```text
//! preamble  magic "OTPKITV1" (8) | version u16 | header_len u32 | payload_len u64 | check (8)
//! body      slot_count u8 | slot × slot_count | payload nonce (24)
//! payload   XChaCha20-Poly1305 ciphertext ‖ tag (payload_len bytes), AAD = preamble ‖ body
//! trailer   SHA-256 of everything before it (32)
//! ```
//! All integers are little-endian. `check` is the first 8 bytes of SHA-256 of the 22 bytes before
//! it, so damaged lengths are reported as corruption rather than truncation.

use super::crypto::{KdfParams, KEY_LEN, NONCE_LEN, SALT_LEN, TAG_LEN};
use crate::storage::StoreError;
use sha2::{Digest, Sha256};

/// First 8 bytes of every vault file.
pub const MAGIC: &[u8; 8] = b"OTPKITV1";
/// The format version this build writes and reads.
pub const FORMAT_VERSION: u16 = 1;
/// Bytes of the fixed preamble.
pub const PREAMBLE_LEN: usize = 30;
/// Bytes of the trailing SHA-256.
pub const CHECKSUM_LEN: usize = 32;
/// Most key slots in one header.
pub const MAX_SLOTS: usize = 8;
/// Largest header accepted (preamble + body).
pub const MAX_HEADER_LEN: u32 = 4096;
/// Largest encrypted payload accepted (64 MiB; thousands of accounts need well under 1 MiB).
pub const MAX_PAYLOAD_LEN: u64 = 64 * 1024 * 1024;
/// Largest file accepted.
pub const MAX_FILE_LEN: u64 = MAX_HEADER_LEN as u64 + MAX_PAYLOAD_LEN + CHECKSUM_LEN as u64;

const SLOT_ID_LEN: usize = 16;
const WRAPPED_LEN: usize = KEY_LEN + TAG_LEN;
const KIND_PASSPHRASE: u8 = 1;
const KIND_KEY: u8 = 2;
/// Domain separation for the AAD of wrapped data keys.
const SLOT_AAD_DOMAIN: &[u8] = b"otpkit vault key slot";

/// How a slot's key-encryption key is obtained.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SlotKind {
    /// Argon2id over the passphrase with these parameters and salt.
    Passphrase {
        kdf: KdfParams,
        salt: [u8; SALT_LEN],
    },
    /// A raw 32-byte [`VaultKey`](super::VaultKey) used directly.
    Key,
}

/// One key slot: the data key wrapped under the slot's key-encryption key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Slot {
    pub id: [u8; SLOT_ID_LEN],
    pub kind: SlotKind,
    pub nonce: [u8; NONCE_LEN],
    pub wrapped: [u8; WRAPPED_LEN],
}

impl Slot {
    /// Kind, id and (for passphrase slots) KDF parameters and salt: what the wrapping binds to.
    fn encode_descriptor(&self, out: &mut Vec<u8>) {
        match &self.kind {
            SlotKind::Passphrase { kdf, salt } => {
                out.push(KIND_PASSPHRASE);
                out.extend_from_slice(&self.id);
                out.extend_from_slice(&kdf.memory_kib.to_le_bytes());
                out.extend_from_slice(&kdf.iterations.to_le_bytes());
                out.extend_from_slice(&kdf.parallelism.to_le_bytes());
                out.extend_from_slice(salt);
            }
            SlotKind::Key => {
                out.push(KIND_KEY);
                out.extend_from_slice(&self.id);
            }
        }
    }

    /// AAD for wrapping/unwrapping this slot's data key.
    pub fn wrap_aad(id: &[u8; SLOT_ID_LEN], kind: &SlotKind) -> Vec<u8> {
        let probe = Slot {
            id: *id,
            kind: kind.clone(),
            nonce: [0; NONCE_LEN],
            wrapped: [0; WRAPPED_LEN],
        };
        let mut aad = Vec::with_capacity(80);
        aad.extend_from_slice(SLOT_AAD_DOMAIN);
        aad.extend_from_slice(MAGIC);
        aad.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        probe.encode_descriptor(&mut aad);
        aad
    }

    fn encode(&self, out: &mut Vec<u8>) {
        self.encode_descriptor(out);
        out.extend_from_slice(&self.nonce);
        out.extend_from_slice(&self.wrapped);
    }

    /// Lower-case hex of the slot id.
    pub fn id_hex(&self) -> String {
        crate::storage::account::hex(&self.id)
    }
}

/// Everything in the header after the preamble.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Header {
    pub slots: Vec<Slot>,
    pub payload_nonce: [u8; NONCE_LEN],
}

/// Preamble and body for a payload of `payload_len` bytes (ciphertext plus tag).
pub(crate) fn encode_header(header: &Header, payload_len: u64) -> Vec<u8> {
    let mut body = Vec::with_capacity(1 + header.slots.len() * 120 + NONCE_LEN);
    body.push(header.slots.len() as u8);
    for slot in &header.slots {
        slot.encode(&mut body);
    }
    body.extend_from_slice(&header.payload_nonce);

    let header_len = (PREAMBLE_LEN + body.len()) as u32;
    let mut out = Vec::with_capacity(header_len as usize);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&header_len.to_le_bytes());
    out.extend_from_slice(&payload_len.to_le_bytes());
    let check = preamble_check(&out);
    out.extend_from_slice(&check);
    out.extend_from_slice(&body);
    out
}

fn preamble_check(first22: &[u8]) -> [u8; 8] {
    let digest = Sha256::digest(first22);
    let mut out = [0u8; 8];
    out.copy_from_slice(&digest[..8]);
    out
}

/// SHA-256 of `bytes`, as appended after the payload.
pub(crate) fn file_checksum(bytes: &[u8]) -> [u8; CHECKSUM_LEN] {
    Sha256::digest(bytes).into()
}

/// A structurally valid file: checksums verified, header parsed; nothing decrypted yet.
#[derive(Debug)]
pub(crate) struct Decoded<'a> {
    pub header: Header,
    /// Preamble and body: the payload's AAD.
    pub header_bytes: &'a [u8],
    /// The payload ciphertext without its tag.
    pub ciphertext: &'a [u8],
    pub tag: [u8; TAG_LEN],
}

fn le_u16(b: &[u8]) -> u16 {
    u16::from_le_bytes([b[0], b[1]])
}
fn le_u32(b: &[u8]) -> u32 {
    u32::from_le_bytes([b[0], b[1], b[2], b[3]])
}
fn le_u64(b: &[u8]) -> u64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&b[..8]);
    u64::from_le_bytes(a)
}

/// Parses and verifies a whole vault file.
///
/// Errors, in the order checked: [`NotAVault`](StoreError::NotAVault) (magic),
/// [`Truncated`](StoreError::Truncated), [`Corrupted`](StoreError::Corrupted) (preamble check),
/// [`UnsupportedVersion`](StoreError::UnsupportedVersion), then `Truncated`/`Corrupted` for the
/// lengths, the trailing checksum and the header fields.
pub(crate) fn decode(bytes: &[u8]) -> Result<Decoded<'_>, StoreError> {
    let actual = bytes.len() as u64;
    let magic_part = &bytes[..bytes.len().min(MAGIC.len())];
    if magic_part != &MAGIC[..magic_part.len()] {
        return Err(StoreError::NotAVault);
    }
    if bytes.len() < PREAMBLE_LEN {
        return Err(StoreError::Truncated {
            expected: PREAMBLE_LEN as u64,
            actual,
        });
    }
    if preamble_check(&bytes[..22]) != bytes[22..30] {
        return Err(StoreError::corrupted("preamble checksum mismatch"));
    }
    let version = le_u16(&bytes[8..10]);
    if version != FORMAT_VERSION {
        return Err(StoreError::UnsupportedVersion {
            found: version.into(),
            supported: FORMAT_VERSION.into(),
        });
    }
    let header_len = le_u32(&bytes[10..14]);
    let payload_len = le_u64(&bytes[14..22]);
    if header_len > MAX_HEADER_LEN || (header_len as usize) < PREAMBLE_LEN {
        return Err(StoreError::corrupted(format!(
            "header length {header_len} out of range"
        )));
    }
    if !(TAG_LEN as u64..=MAX_PAYLOAD_LEN).contains(&payload_len) {
        return Err(StoreError::corrupted(format!(
            "payload length {payload_len} out of range"
        )));
    }
    let expected = u64::from(header_len) + payload_len + CHECKSUM_LEN as u64;
    if actual < expected {
        return Err(StoreError::Truncated { expected, actual });
    }
    if actual > expected {
        return Err(StoreError::corrupted(format!(
            "{} unexpected bytes after the end of the vault",
            actual - expected
        )));
    }
    let body_end = bytes.len() - CHECKSUM_LEN;
    if file_checksum(&bytes[..body_end]) != bytes[body_end..] {
        return Err(StoreError::corrupted("file checksum mismatch"));
    }
    let header_len = header_len as usize;
    let header = decode_body(&bytes[PREAMBLE_LEN..header_len])?;
    let payload = &bytes[header_len..body_end];
    let (ciphertext, tag_bytes) = payload.split_at(payload.len() - TAG_LEN);
    let mut tag = [0u8; TAG_LEN];
    tag.copy_from_slice(tag_bytes);
    Ok(Decoded {
        header,
        header_bytes: &bytes[..header_len],
        ciphertext,
        tag,
    })
}

/// A cursor that turns running out of bytes into `Corrupted`.
struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize, what: &str) -> Result<&'a [u8], StoreError> {
        if self.rest.len() < n {
            return Err(StoreError::corrupted(format!("header ends inside {what}")));
        }
        let (head, tail) = self.rest.split_at(n);
        self.rest = tail;
        Ok(head)
    }
    fn array<const N: usize>(&mut self, what: &str) -> Result<[u8; N], StoreError> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.take(N, what)?);
        Ok(out)
    }
    fn u32(&mut self, what: &str) -> Result<u32, StoreError> {
        Ok(u32::from_le_bytes(self.array(what)?))
    }
}

fn decode_body(body: &[u8]) -> Result<Header, StoreError> {
    let mut r = Reader { rest: body };
    let count = r.take(1, "slot count")?[0] as usize;
    if count == 0 || count > MAX_SLOTS {
        return Err(StoreError::corrupted(format!(
            "slot count {count} out of range 1..={MAX_SLOTS}"
        )));
    }
    let mut slots: Vec<Slot> = Vec::with_capacity(count);
    for _ in 0..count {
        let kind_byte = r.take(1, "slot kind")?[0];
        let id = r.array::<SLOT_ID_LEN>("slot id")?;
        let kind = match kind_byte {
            KIND_PASSPHRASE => {
                let kdf = KdfParams {
                    memory_kib: r.u32("KDF memory")?,
                    iterations: r.u32("KDF iterations")?,
                    parallelism: r.u32("KDF parallelism")?,
                };
                kdf.validate()
                    .map_err(|e| StoreError::corrupted(format!("passphrase slot: {e}")))?;
                let salt = r.array::<SALT_LEN>("salt")?;
                SlotKind::Passphrase { kdf, salt }
            }
            KIND_KEY => SlotKind::Key,
            other => {
                return Err(StoreError::corrupted(format!(
                    "unknown key slot kind {other}"
                )))
            }
        };
        if slots.iter().any(|s| s.id == id) {
            return Err(StoreError::corrupted("two key slots share an id"));
        }
        let nonce = r.array::<NONCE_LEN>("slot nonce")?;
        let wrapped = r.array::<WRAPPED_LEN>("wrapped key")?;
        slots.push(Slot {
            id,
            kind,
            nonce,
            wrapped,
        });
    }
    let payload_nonce = r.array::<NONCE_LEN>("payload nonce")?;
    if !r.rest.is_empty() {
        return Err(StoreError::corrupted(format!(
            "{} unexpected bytes at the end of the header",
            r.rest.len()
        )));
    }
    Ok(Header {
        slots,
        payload_nonce,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Header {
        Header {
            slots: vec![
                Slot {
                    id: [1; SLOT_ID_LEN],
                    kind: SlotKind::Passphrase {
                        kdf: KdfParams::insecure_for_tests(),
                        salt: [2; SALT_LEN],
                    },
                    nonce: [3; NONCE_LEN],
                    wrapped: [4; WRAPPED_LEN],
                },
                Slot {
                    id: [5; SLOT_ID_LEN],
                    kind: SlotKind::Key,
                    nonce: [6; NONCE_LEN],
                    wrapped: [7; WRAPPED_LEN],
                },
            ],
            payload_nonce: [8; NONCE_LEN],
        }
    }

    fn file(header: &Header, payload: &[u8]) -> Vec<u8> {
        let mut out = encode_header(header, payload.len() as u64);
        out.extend_from_slice(payload);
        let sum = file_checksum(&out);
        out.extend_from_slice(&sum);
        out
    }

    #[test]
    fn header_round_trip() {
        let h = sample();
        let bytes = file(&h, &[9; 40]);
        let d = decode(&bytes).unwrap();
        assert_eq!(d.header, h);
        assert_eq!(d.ciphertext, &[9; 24][..]);
        assert_eq!(d.tag, [9; TAG_LEN]);
        assert_eq!(
            d.header_bytes.len(),
            PREAMBLE_LEN + 1 + 117 + 89 + NONCE_LEN
        );
    }

    #[test]
    fn error_kinds() {
        let bytes = file(&sample(), &[9; 40]);
        assert_eq!(decode(b"hello world").unwrap_err(), StoreError::NotAVault);
        assert!(matches!(
            decode(&bytes[..5]),
            Err(StoreError::Truncated { .. })
        ));
        assert!(matches!(
            decode(&bytes[..100]),
            Err(StoreError::Truncated { .. })
        ));
        let mut future = bytes.clone();
        future[8] = 2;
        let check = preamble_check(&future[..22]);
        future[22..30].copy_from_slice(&check);
        assert_eq!(
            decode(&future).unwrap_err(),
            StoreError::UnsupportedVersion {
                found: 2,
                supported: 1
            }
        );
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(matches!(decode(&longer), Err(StoreError::Corrupted { .. })));
    }
}
