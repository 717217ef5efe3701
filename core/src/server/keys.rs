//! Logical store keys. User-supplied identifiers (account ids, phone numbers, e-mail addresses,
//! IPs) are hashed, so keys have a fixed shape, never contain hash-tag braces, and do not put
//! personal data in the store's key space. Backends add their own prefix and hash tag.

use sha2::{Digest, Sha256};

fn hex16(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(32);
    for b in &bytes[..16] {
        s.push(HEX[(b >> 4) as usize] as char);
        s.push(HEX[(b & 15) as usize] as char);
    }
    s
}

/// 128 bits of SHA-256 over a domain tag and a value, as 32 hex digits.
pub fn hashed(domain: &str, value: &str) -> String {
    let mut h = Sha256::new();
    h.update((domain.len() as u32).to_be_bytes());
    h.update(domain.as_bytes());
    h.update(value.as_bytes());
    hex16(&h.finalize())
}

/// The key of a credential's throttle/replay state: `c:<hash>`.
pub fn credential(id: &str) -> String {
    format!("c:{}", hashed("credential", id))
}

/// A send counter: `<scope>:<window>:<hash>`.
pub fn counter(scope: &str, window: u64, value: &str) -> String {
    format!("{scope}:{window}:{}", hashed(scope, value))
}

/// The index entry of a provider's message id: `dm:<hash>` (provider names hold no NUL).
pub fn message(provider: &str, message_id: &str) -> String {
    format!(
        "dm:{}",
        hashed("message", &format!("{provider}\0{message_id}"))
    )
}

/// The delivery log of a challenge: `dl:<challenge id>`.
pub fn delivery_log(challenge_id: &str) -> String {
    format!("dl:{challenge_id}")
}

/// Whether `id` looks like a challenge id this crate issued (32 lower-case hex digits).
pub fn is_challenge_id(id: &str) -> bool {
    id.len() == 32 && id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// A fresh random challenge id (128 bits from the OS CSPRNG).
pub fn new_challenge_id() -> String {
    use rand::RngCore;
    let mut b = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut b);
    let mut s = String::with_capacity(32);
    for x in b {
        s.push_str(&format!("{x:02x}"));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        let k = credential("alice@example.com");
        assert_eq!(k.len(), 34);
        assert!(!k.contains("alice") && !k.contains('{'));
        assert_ne!(credential("a"), credential("b"));
        assert_ne!(counter("dst", 60, "x"), counter("ip", 60, "x"));
        let id = new_challenge_id();
        assert!(is_challenge_id(&id));
        assert!(!is_challenge_id("ABC"));
        assert_ne!(id, new_challenge_id());
    }
}
