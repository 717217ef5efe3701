//! The subset of the Java Object Serialization Stream Protocol that FreeOTP 2 backups use: one
//! `java.util.HashMap<String, String>` (`ObjectOutputStream.writeObject(map)`).
//!
//! Stream: magic `AC ED 00 05`, `TC_OBJECT`, a `TC_CLASSDESC` for `java.util.HashMap` (its
//! primitive fields `loadFactor`/`threshold`, no superclass), the field values, then the
//! `writeObject` data: a `TC_BLOCKDATA` with capacity and size (two ints), `size` key/value
//! objects (`TC_STRING`, `TC_LONGSTRING`, or `TC_REFERENCE` to an earlier string), and
//! `TC_ENDBLOCKDATA`. Anything else is an error naming the offset; no length or count read from
//! the stream is trusted beyond the bytes actually present.

use zeroize::Zeroizing;

const MAGIC: [u8; 4] = [0xac, 0xed, 0x00, 0x05];
const TC_NULL: u8 = 0x70;
const TC_REFERENCE: u8 = 0x71;
const TC_CLASSDESC: u8 = 0x72;
const TC_OBJECT: u8 = 0x73;
const TC_STRING: u8 = 0x74;
const TC_BLOCKDATA: u8 = 0x77;
const TC_ENDBLOCKDATA: u8 = 0x78;
const TC_LONGSTRING: u8 = 0x7c;
const BASE_HANDLE: u32 = 0x7e_0000;

/// Why a stream could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum JavaSerError {
    #[error("not a Java serialization stream")]
    NotSerialized,
    #[error("the stream ends early (at byte {0})")]
    Truncated(usize),
    #[error("unexpected byte 0x{byte:02x} at offset {offset}: {expected}")]
    Unexpected {
        offset: usize,
        byte: u8,
        expected: &'static str,
    },
    #[error("the serialized object is a {0}, not a java.util.HashMap")]
    NotHashMap(String),
    #[error("string at offset {0} is not valid UTF-8")]
    BadString(usize),
    #[error("reference 0x{0:x} does not name an earlier string")]
    BadReference(u32),
    #[error("the map claims {0} entries, more than the stream can hold")]
    TooManyEntries(u64),
}

/// One map entry; the value may hold secrets and is zeroized on drop.
pub(crate) type Entry = (String, Zeroizing<String>);

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    /// Strings by handle offset (class descriptor and map object hold `None`).
    handles: Vec<Option<Zeroizing<String>>>,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], JavaSerError> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or(JavaSerError::Truncated(self.bytes.len()))?;
        let out = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(out)
    }
    fn u8(&mut self) -> Result<u8, JavaSerError> {
        Ok(self.take(1)?[0])
    }
    fn u16(&mut self) -> Result<u16, JavaSerError> {
        let b = self.take(2)?;
        Ok(u16::from_be_bytes([b[0], b[1]]))
    }
    fn u32(&mut self) -> Result<u32, JavaSerError> {
        let b = self.take(4)?;
        Ok(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn expect(&mut self, want: u8, expected: &'static str) -> Result<(), JavaSerError> {
        let offset = self.pos;
        let byte = self.u8()?;
        if byte != want {
            return Err(JavaSerError::Unexpected {
                offset,
                byte,
                expected,
            });
        }
        Ok(())
    }
    /// A `u16`-length (modified) UTF-8 text, as class and field names are written.
    fn utf(&mut self) -> Result<String, JavaSerError> {
        let len = usize::from(self.u16()?);
        let at = self.pos;
        let raw = self.take(len)?;
        std::str::from_utf8(raw)
            .map(str::to_string)
            .map_err(|_| JavaSerError::BadString(at))
    }
    /// A string object: `TC_STRING`, `TC_LONGSTRING` or a `TC_REFERENCE` to one.
    fn string(&mut self) -> Result<Zeroizing<String>, JavaSerError> {
        let offset = self.pos;
        let len = match self.u8()? {
            TC_STRING => u64::from(self.u16()?),
            TC_LONGSTRING => {
                let b = self.take(8)?;
                u64::from_be_bytes(b.try_into().unwrap_or_default())
            }
            TC_REFERENCE => {
                let handle = self.u32()?;
                return handle
                    .checked_sub(BASE_HANDLE)
                    .and_then(|i| self.handles.get(i as usize))
                    .and_then(Clone::clone)
                    .ok_or(JavaSerError::BadReference(handle));
            }
            byte => {
                return Err(JavaSerError::Unexpected {
                    offset,
                    byte,
                    expected: "a string",
                })
            }
        };
        let len = usize::try_from(len).map_err(|_| JavaSerError::Truncated(self.bytes.len()))?;
        let at = self.pos;
        let raw = self.take(len)?;
        let text = Zeroizing::new(
            std::str::from_utf8(raw)
                .map_err(|_| JavaSerError::BadString(at))?
                .to_string(),
        );
        self.handles.push(Some(text.clone()));
        Ok(text)
    }
}

/// Reads a serialized `HashMap<String, String>`, entries in stream order.
pub(crate) fn read_string_map(bytes: &[u8]) -> Result<Vec<Entry>, JavaSerError> {
    if !bytes.starts_with(&MAGIC) {
        return Err(JavaSerError::NotSerialized);
    }
    let mut r = Reader {
        bytes,
        pos: MAGIC.len(),
        handles: Vec::new(),
    };
    r.expect(TC_OBJECT, "TC_OBJECT")?;
    r.expect(TC_CLASSDESC, "TC_CLASSDESC")?;
    let class = r.utf()?;
    if class != "java.util.HashMap" {
        return Err(JavaSerError::NotHashMap(crate::import::json::clip(&class)));
    }
    r.take(8)?; // serialVersionUID
    r.handles.push(None); // the class descriptor
    r.take(1)?; // flags (SC_SERIALIZABLE | SC_WRITE_METHOD)
    let fields = r.u16()?;
    let mut value_len = 0usize;
    for _ in 0..fields {
        let offset = r.pos;
        let code = r.u8()?;
        value_len += match code {
            b'B' | b'Z' => 1,
            b'C' | b'S' => 2,
            b'F' | b'I' => 4,
            b'D' | b'J' => 8,
            byte => {
                return Err(JavaSerError::Unexpected {
                    offset,
                    byte,
                    expected: "a primitive field type",
                })
            }
        };
        r.utf()?;
    }
    r.expect(TC_ENDBLOCKDATA, "end of class annotations")?;
    r.expect(TC_NULL, "no superclass")?;
    r.handles.push(None); // the map object
    r.take(value_len)?;
    r.expect(TC_BLOCKDATA, "the map's block data")?;
    let block = usize::from(r.u8()?);
    if block < 8 {
        return Err(JavaSerError::Truncated(r.pos));
    }
    let data = r.take(block)?;
    let size = u32::from_be_bytes([data[4], data[5], data[6], data[7]]);
    // Every entry takes at least 2 × 3 bytes (two empty TC_STRINGs).
    let remaining = bytes.len() - r.pos;
    if u64::from(size) * 6 > remaining as u64 {
        return Err(JavaSerError::TooManyEntries(size.into()));
    }
    let mut entries = Vec::with_capacity(size as usize);
    for _ in 0..size {
        let key = r.string()?;
        let value = r.string()?;
        entries.push((key.to_string(), value));
    }
    r.expect(TC_ENDBLOCKDATA, "end of the map")?;
    Ok(entries)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Serializes `entries` as Java's `ObjectOutputStream` writes a `HashMap<String, String>`.
    pub(crate) fn write_string_map(entries: &[(&str, &str)]) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        out.extend([TC_OBJECT, TC_CLASSDESC]);
        let name = b"java.util.HashMap";
        out.extend((name.len() as u16).to_be_bytes());
        out.extend(name);
        out.extend([
            0x05, 0x07, 0xda, 0xc1, 0xc3, 0x16, 0x60, 0xd1, 0x03, 0x00, 0x02,
        ]);
        out.push(b'F');
        out.extend(10u16.to_be_bytes());
        out.extend(b"loadFactor");
        out.push(b'I');
        out.extend(9u16.to_be_bytes());
        out.extend(b"threshold");
        out.extend([TC_ENDBLOCKDATA, TC_NULL]);
        out.extend(0.75f32.to_be_bytes());
        out.extend(12u32.to_be_bytes());
        out.extend([TC_BLOCKDATA, 8]);
        out.extend(16u32.to_be_bytes());
        out.extend((entries.len() as u32).to_be_bytes());
        for (k, v) in entries {
            for s in [k, v] {
                out.push(TC_STRING);
                out.extend((s.len() as u16).to_be_bytes());
                out.extend(s.as_bytes());
            }
        }
        out.push(TC_ENDBLOCKDATA);
        out
    }

    #[test]
    fn round_trip_references_and_damage() {
        let bytes = write_string_map(&[("a", "1"), ("bé", "two")]);
        let map = read_string_map(&bytes).unwrap();
        assert_eq!(map.len(), 2);
        assert_eq!((map[1].0.as_str(), map[1].1.as_str()), ("bé", "two"));
        // Every truncation is an error, never a panic.
        for cut in 0..bytes.len() {
            assert!(read_string_map(&bytes[..cut]).is_err(), "cut {cut}");
        }
        // A value written as a reference to the first key (handle 0x7e0002).
        let mut with_ref = write_string_map(&[("a", "1")]);
        with_ref.truncate(with_ref.len() - 5); // drop value "1" and TC_ENDBLOCKDATA
        with_ref.extend([TC_REFERENCE, 0x00, 0x7e, 0x00, 0x02, TC_ENDBLOCKDATA]);
        assert_eq!(read_string_map(&with_ref).unwrap()[0].1.as_str(), "a");
        let mut bad_ref = with_ref.clone();
        let n = bad_ref.len();
        bad_ref[n - 2] = 0x09;
        assert_eq!(
            read_string_map(&bad_ref),
            Err(JavaSerError::BadReference(0x7e0009))
        );
        // A claimed size far beyond the data.
        let mut huge = write_string_map(&[]);
        let n = huge.len();
        huge[n - 5..n - 1].copy_from_slice(&u32::MAX.to_be_bytes());
        assert!(matches!(
            read_string_map(&huge),
            Err(JavaSerError::TooManyEntries(_))
        ));
        assert_eq!(read_string_map(b"{}"), Err(JavaSerError::NotSerialized));
        let mut other = write_string_map(&[]);
        other[9] = b'X';
        assert!(matches!(
            read_string_map(&other),
            Err(JavaSerError::NotHashMap(_))
        ));
    }
}
