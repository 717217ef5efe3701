//! Bounded reads of import input (files, standard input): a size cap named in the error,
//! checked while reading, so an endless or huge input never fills memory.

use std::io::Read;

/// Largest backup or input text accepted, in bytes (64 MiB: thousands of accounts with
/// embedded icons fit many times over). [`import`](super::import) refuses larger inputs and
/// [`read_limited`] stops reading past it.
pub const MAX_IMPORT_LEN: u64 = 64 * 1024 * 1024;

/// Why [`read_limited`] failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    /// The input is longer than the limit (only `limit + 1` bytes were read).
    #[error("input is larger than the {limit}-byte limit")]
    TooLarge { limit: u64 },
    /// The reader failed.
    #[error("cannot read input: {message}")]
    Io {
        kind: std::io::ErrorKind,
        message: String,
    },
}

/// Reads all of `reader`, refusing more than `limit` bytes with [`ReadError::TooLarge`].
pub fn read_limited(reader: impl Read, limit: u64) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::new();
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| ReadError::Io {
            kind: e.kind(),
            message: e.to_string(),
        })?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { limit });
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stops_at_the_limit() {
        assert_eq!(read_limited(&b"abcd"[..], 4).unwrap(), b"abcd");
        assert_eq!(
            read_limited(std::io::repeat(b'x'), 10),
            Err(ReadError::TooLarge { limit: 10 })
        );
    }
}
