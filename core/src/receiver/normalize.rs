//! Text normalization for extraction: one normalized character per original character, so every
//! position in the normalized text maps back to a byte offset in the message as received.
//!
//! The normalized text is lower case, has every supported decimal digit as ASCII, full-width
//! ASCII forms as ASCII, every space-like character as `' '` and every dash-like character as `'-'`.

/// Code points of the digit zero of each decimal-digit script we map to ASCII (each block holds
/// ten consecutive digits).
const DIGIT_ZEROS: [u32; 19] = [
    0x0660, // Arabic-Indic
    0x06F0, // Extended Arabic-Indic (Persian, Urdu)
    0x07C0, // NKo
    0x0966, // Devanagari
    0x09E6, // Bengali
    0x0A66, // Gurmukhi
    0x0AE6, // Gujarati
    0x0B66, // Oriya
    0x0BE6, // Tamil
    0x0C66, // Telugu
    0x0CE6, // Kannada
    0x0D66, // Malayalam
    0x0E50, // Thai
    0x0ED0, // Lao
    0x0F20, // Tibetan
    0x1040, // Myanmar
    0x17E0, // Khmer
    0x1810, // Mongolian
    0xFF10, // Full-width
];

/// The ASCII value of a decimal digit in any supported script (`'٣'` → `3`), or `None`.
pub(crate) fn digit_value(c: char) -> Option<u8> {
    if c.is_ascii_digit() {
        return Some(c as u8 - b'0');
    }
    let cp = c as u32;
    if !(0x0660..=0x1819).contains(&cp) && !(0xFF10..=0xFF19).contains(&cp) {
        return None;
    }
    // The block whose zero is the last one at or below `cp` (the zeros are sorted).
    let i = DIGIT_ZEROS.partition_point(|&zero| zero <= cp);
    let zero = DIGIT_ZEROS[i.checked_sub(1)?];
    (cp - zero < 10).then(|| (cp - zero) as u8)
}

/// Invisible format characters: bidi marks, embeddings, overrides and isolates (put around and
/// inside numbers in right-to-left text), zero-width space/joiners, word joiner, byte-order mark.
/// They are kept in the normalized text (one character per character) and skipped where a code's
/// digit groups are joined (`candidates.rs`).
pub(crate) fn is_format_char(c: char) -> bool {
    matches!(c as u32, 0x061C | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060 | 0x2066..=0x2069 | 0xFEFF)
}

/// First code point of the caseless blocks [`normalize_char`] leaves unchanged (Hebrew).
const CASELESS_FIRST: u32 = 0x0590;

/// Maps one character to its normalized form (always exactly one character).
fn normalize_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    if let Some(d) = digit_value(c) {
        return char::from(b'0' + d);
    }
    let cp = c as u32;
    match cp {
        // The full-width comma separates clauses in CJK text (`123456，5分钟`): never a decimal
        // or thousands separator, so it becomes `;`.
        0xFF0C => ';',
        // Full-width ASCII forms U+FF01..U+FF5E map to U+0021..U+007E.
        0xFF01..=0xFF5E => char::from_u32(cp - 0xFF01 + 0x21)
            .map(|a| a.to_ascii_lowercase())
            .unwrap_or(c),
        // No-break, narrow, thin, figure and ideographic spaces.
        0x00A0 | 0x2000..=0x200A | 0x202F | 0x205F | 0x3000 => ' ',
        // Hyphens, dashes and minus signs.
        0x2010..=0x2015 | 0x2212 | 0xFE63 => '-',
        // Line and paragraph separators.
        0x2028 | 0x2029 => '\n',
        // Scripts without case, the bulk of non-Latin text (Hebrew, Arabic, Indic, Thai, Lao,
        // kana, CJK, Hangul): unchanged, without the case-mapping table search.
        CASELESS_FIRST..=0x0DFF | 0x0E00..=0x0EFF | 0x3040..=0x9FFF | 0xAC00..=0xD7A3 => c,
        // Lower-case Latin-1, basic Greek and Cyrillic letters (most of the cased non-ASCII
        // text) are unchanged; their capitals are a fixed offset away.
        0x00DF..=0x00FF | 0x03AC..=0x03CE | 0x0430..=0x045F => c,
        0x00C0..=0x00D6 | 0x00D8..=0x00DE | 0x0391..=0x03A1 | 0x03A3..=0x03AB | 0x0410..=0x042F => {
            char::from_u32(cp + 0x20).unwrap_or(c)
        }
        0x0400..=0x040F => char::from_u32(cp + 0x50).unwrap_or(c),
        _ => c.to_lowercase().next().unwrap_or(c),
    }
}

/// Length of the leading run of `bytes` (UTF-8) of ASCII characters and of two- and three-byte
/// characters [`normalize_char`] returns unchanged (by [`unchanged`]).
fn unchanged_run(bytes: &[u8]) -> usize {
    let mut j = 0;
    while j < bytes.len() {
        let b0 = bytes[j];
        if b0 < 0x80 {
            j += 1;
            continue;
        }
        let (cp, n) = match (b0, bytes.get(j + 1), bytes.get(j + 2)) {
            (0xC2..=0xDF, Some(&b1), _) => (u32::from(b0 & 0x1F) << 6 | u32::from(b1 & 0x3F), 2),
            (0xE0..=0xEF, Some(&b1), Some(&b2)) => (
                u32::from(b0 & 0x0F) << 12 | u32::from(b1 & 0x3F) << 6 | u32::from(b2 & 0x3F),
                3,
            ),
            _ => break,
        };
        if !unchanged(cp) {
            break;
        }
        j += n;
    }
    j
}

/// Whether [`normalize_char`] returns the character `cp` as it is, by its caseless and
/// lower-case ranges (a digit of another script is mapped to ASCII).
#[inline(always)]
fn unchanged(cp: u32) -> bool {
    match cp {
        0x0660..=0x0EFF => char::from_u32(cp).is_some_and(|c| digit_value(c).is_none()),
        CASELESS_FIRST..=0x0DFF | 0x3040..=0x9FFF | 0xAC00..=0xD7A3 => true,
        0x00DF..=0x00FF | 0x03AC..=0x03CE | 0x0430..=0x045F => true,
        _ => false,
    }
}

/// A message in normalized form, with the map back to the original byte offsets.
#[derive(Debug, Clone)]
pub(crate) struct Normalized {
    /// The normalized text.
    pub text: String,
    /// For each byte of `text`, the byte offset in the original message of the character it came
    /// from; one extra final entry holds the original length. Empty when the text is unchanged in
    /// length (then offsets are the identity).
    map: Vec<u32>,
    original_len: usize,
}

impl Normalized {
    /// Normalizes `original`.
    #[cfg(test)]
    pub fn new(original: &str) -> Self {
        Self::reusing(original, String::new(), Vec::new())
    }

    /// Normalizes `original` into the buffers `text` and `map` (cleared first), which
    /// [`Self::into_buffers`] gives back for the next message.
    pub fn reusing(original: &str, mut text: String, mut map: Vec<u32>) -> Self {
        text.clear();
        map.clear();
        if original.is_ascii() {
            text.push_str(original);
            text.make_ascii_lowercase();
            return Self {
                text,
                map,
                original_len: original.len(),
            };
        }
        let bytes = original.as_bytes();
        text.reserve(original.len());
        let mut identity = true;
        let mut i = 0;
        while i < bytes.len() {
            // A run of ASCII characters is copied as it is (and lower-cased with the rest below);
            // while offsets are the identity, so are characters normalization leaves unchanged.
            let run = if identity {
                unchanged_run(&bytes[i..])
            } else {
                bytes[i..]
                    .iter()
                    .position(|b| !b.is_ascii())
                    .unwrap_or(bytes.len() - i)
            };
            if run > 0 {
                text.push_str(&original[i..i + run]);
                if !identity {
                    map.extend(i as u32..(i + run) as u32);
                }
                i += run;
                if i == bytes.len() {
                    break;
                }
            }
            let Some(c) = original[i..].chars().next() else {
                break;
            };
            let n = normalize_char(c);
            if n.len_utf8() != c.len_utf8() && identity {
                identity = false;
                map.reserve(original.len() + 1);
                // Backfill the identity for everything so far.
                map.extend(0..text.len() as u32);
            }
            text.push(n);
            if !identity {
                for _ in 0..n.len_utf8() {
                    map.push(i as u32);
                }
            }
            i += c.len_utf8();
        }
        // Every ASCII character `normalize_char` returns is lower case already, and the other
        // characters are unchanged by this: only the copied ASCII runs change.
        text.make_ascii_lowercase();
        if !identity {
            map.push(original.len() as u32);
        }
        Self {
            text,
            map,
            original_len: original.len(),
        }
    }

    /// The buffers of the normalized text and the offset map, for [`Self::reusing`].
    pub fn into_buffers(self) -> (String, Vec<u32>) {
        (self.text, self.map)
    }

    /// The byte offset in the original message of normalized byte offset `pos` (a char boundary
    /// of `text`, or its length).
    pub fn original_offset(&self, pos: usize) -> usize {
        if self.map.is_empty() {
            pos.min(self.original_len)
        } else {
            self.map.get(pos).map_or(self.original_len, |&o| o as usize)
        }
    }
}

/// The code as the user must type it: supported digits mapped to ASCII, letters upper-cased when
/// the code mixes letters and digits, and spaces/dashes used for display removed.
pub(crate) fn canonical_code(display: &str) -> String {
    let mut out = String::with_capacity(display.len());
    for c in display.chars() {
        if let Some(d) = digit_value(c) {
            out.push(char::from(b'0' + d));
            continue;
        }
        let n = normalize_char(c);
        if n.is_ascii_alphanumeric() {
            // Keep the original case of ASCII letters (full-width ones become ASCII).
            let ascii = if c.is_ascii() {
                c
            } else {
                let cp = c as u32;
                char::from_u32(cp.wrapping_sub(0xFF01 - 0x21)).unwrap_or(n)
            };
            out.push(ascii);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_of_every_script() {
        assert_eq!(digit_value('٧'), Some(7));
        assert_eq!(digit_value('۴'), Some(4));
        assert_eq!(digit_value('९'), Some(9));
        assert_eq!(digit_value('３'), Some(3));
        assert_eq!(digit_value('๕'), Some(5));
        assert_eq!(digit_value('a'), None);
        assert_eq!(digit_value('二'), None);
    }

    /// The mapping before the fast paths: the Unicode tables for everything but the special
    /// cases of [`normalize_char`].
    fn normalize_char_by_tables(c: char) -> char {
        if c.is_ascii() {
            return c.to_ascii_lowercase();
        }
        if let Some(d) = DIGIT_ZEROS
            .iter()
            .find(|&&zero| (zero..zero + 10).contains(&(c as u32)))
        {
            return char::from(b'0' + (c as u32 - d) as u8);
        }
        match c as u32 {
            0xFF0C => ';',
            cp @ 0xFF01..=0xFF5E => char::from_u32(cp - 0xFF01 + 0x21)
                .map(|a| a.to_ascii_lowercase())
                .unwrap_or(c),
            0x00A0 | 0x2000..=0x200A | 0x202F | 0x205F | 0x3000 => ' ',
            0x2010..=0x2015 | 0x2212 | 0xFE63 => '-',
            0x2028 | 0x2029 => '\n',
            _ => c.to_lowercase().next().unwrap_or(c),
        }
    }

    #[test]
    fn fast_paths_agree_with_the_tables() {
        for cp in 0..=0x10FFFF {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            assert_eq!(normalize_char(c), normalize_char_by_tables(c), "U+{cp:04X}");
            let digit = DIGIT_ZEROS
                .iter()
                .find(|&&zero| (zero..zero + 10).contains(&cp))
                .map(|&zero| (cp - zero) as u8)
                .or_else(|| c.is_ascii_digit().then(|| cp as u8 - b'0'));
            assert_eq!(digit_value(c), digit, "U+{cp:04X}");
        }
    }

    #[test]
    fn unchanged_characters_are_unchanged() {
        let mut kept = 0;
        for cp in 0x80..0x10000 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            if unchanged(cp) {
                assert_eq!(normalize_char(c), c, "U+{cp:04X}");
                let s = format!("{c}a");
                assert_eq!(unchanged_run(s.as_bytes()), s.len(), "U+{cp:04X}");
                kept += 1;
            } else {
                assert_eq!(unchanged_run(c.to_string().as_bytes()), 0, "U+{cp:04X}");
            }
        }
        assert!(kept > 25_000, "{kept}");
        // A digit of another script, a capital and a space-like character end a run.
        assert_eq!(unchanged_run("ab证码٣".as_bytes()), 8);
        assert_eq!(unchanged_run("абВ".as_bytes()), 4);
        assert_eq!(unchanged_run("가\u{a0}".as_bytes()), 3);
    }

    #[test]
    fn caseless_blocks_have_no_lower_case() {
        let blocks = [
            CASELESS_FIRST..=0x0DFF,
            0x0E00..=0x0EFF,
            0x3040..=0x9FFF,
            0xAC00..=0xD7A3,
        ];
        for cp in blocks.into_iter().flatten() {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let mut lower = c.to_lowercase();
            assert_eq!((lower.next(), lower.next()), (Some(c), None), "U+{cp:04X}");
        }
    }

    #[test]
    fn format_characters() {
        assert!(
            "\u{200f}\u{200e}\u{202b}\u{202c}\u{2066}\u{2069}\u{200b}\u{feff}\u{61c}"
                .chars()
                .all(is_format_char)
        );
        assert!(!"a1 -\u{a0}\u{200a}".chars().any(is_format_char));
        assert_eq!(
            canonical_code("\u{200e}482\u{200f}-\u{200f}913\u{200e}"),
            "482913"
        );
    }

    #[test]
    fn map_back_to_original_offsets() {
        let n = Normalized::new("Код：１２３４");
        assert_eq!(n.text, "код:1234");
        let start = n.text.find("1234").unwrap();
        assert_eq!(n.original_offset(start), "Код：".len());
        assert_eq!(n.original_offset(n.text.len()), "Код：１２３４".len());
    }

    #[test]
    fn identity_map_for_same_width_text() {
        let n = Normalized::new("Your CODE is 1234");
        assert_eq!(n.text, "your code is 1234");
        assert_eq!(n.original_offset(13), 13);
    }

    #[test]
    fn canonical_code_strips_display_separators() {
        assert_eq!(canonical_code("123-456"), "123456");
        assert_eq!(canonical_code("۱۲۳ ۴۵۶"), "123456");
        assert_eq!(canonical_code("ＡＢ１２"), "AB12");
        assert_eq!(canonical_code("0042"), "0042");
    }
}
