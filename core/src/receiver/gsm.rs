//! SMS encoding and segment counting (3GPP TS 23.038 GSM 7-bit default alphabet, or UCS-2).

/// GSM 7-bit default alphabet (basic table), in code order; `\u{1b}` (escape) is excluded.
const GSM_BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?\
¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
/// Extension table characters: each takes two septets (escape + character).
const GSM_EXTENSION: &str = "\u{0c}^{}\\[~]|€";

/// Single-segment and per-part limits.
const GSM_SINGLE: u32 = 160;
const GSM_PART: u32 = 153;
const UCS2_SINGLE: u32 = 70;
const UCS2_PART: u32 = 67;

/// How an SMS body is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SmsEncoding {
    /// GSM 03.38 7-bit default alphabet (with the extension table).
    Gsm7,
    /// UCS-2 (UTF-16 code units; characters outside the BMP take two).
    Ucs2,
}

/// Length and segmentation of an SMS body.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SmsEncodingInfo {
    /// The encoding a sender would use (GSM-7 when every character is in the GSM alphabet).
    pub encoding: SmsEncoding,
    /// Septets (GSM-7; extension characters count 2) or UTF-16 code units (UCS-2).
    pub units: u32,
    /// Number of SMS segments (160/153 septets or 70/67 UCS-2 units per segment).
    pub segments: u32,
    /// Characters that force UCS-2 (each listed once, in order of appearance).
    pub non_gsm_chars: Vec<String>,
}

/// Septets a character takes in GSM-7, or `None` when it is not in the alphabet.
fn gsm_septets(c: char) -> Option<u32> {
    if c.is_ascii() {
        return match c {
            '^' | '{' | '}' | '\\' | '[' | '~' | ']' | '|' | '\u{0c}' => Some(2),
            '`' => None,
            '\n' | '\r' => Some(1),
            _ if c.is_ascii_control() => None,
            _ => Some(1),
        };
    }
    if GSM_BASIC.contains(c) {
        Some(1)
    } else if GSM_EXTENSION.contains(c) {
        Some(2)
    } else {
        None
    }
}

/// Encoding, length and segment count of `body`.
pub fn encoding_info(body: &str) -> SmsEncodingInfo {
    let mut non_gsm: Vec<String> = Vec::new();
    for c in body.chars() {
        if gsm_septets(c).is_none() {
            let s = c.to_string();
            if !non_gsm.contains(&s) {
                non_gsm.push(s);
            }
        }
    }
    if non_gsm.is_empty() {
        let sizes: Vec<u32> = body.chars().filter_map(gsm_septets).collect();
        let units = sizes.iter().sum();
        SmsEncodingInfo {
            encoding: SmsEncoding::Gsm7,
            units,
            segments: segments(&sizes, units, GSM_SINGLE, GSM_PART),
            non_gsm_chars: non_gsm,
        }
    } else {
        let sizes: Vec<u32> = body.chars().map(|c| c.len_utf16() as u32).collect();
        let units = sizes.iter().sum();
        SmsEncodingInfo {
            encoding: SmsEncoding::Ucs2,
            units,
            segments: segments(&sizes, units, UCS2_SINGLE, UCS2_PART),
            non_gsm_chars: non_gsm,
        }
    }
}

/// Segments needed: one when everything fits in `single`, else parts of `part` units packed
/// greedily without splitting a character (an escape pair or a surrogate pair).
fn segments(sizes: &[u32], units: u32, single: u32, part: u32) -> u32 {
    if units == 0 {
        return 1;
    }
    if units <= single {
        return 1;
    }
    let mut count = 1;
    let mut used = 0;
    for &size in sizes {
        if used + size > part {
            count += 1;
            used = 0;
        }
        used += size;
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gsm_basic_and_extension() {
        let info = encoding_info("Code: 123456 {ok} €");
        assert_eq!(info.encoding, SmsEncoding::Gsm7);
        assert_eq!(info.units, 19 + 3);
        assert_eq!(info.segments, 1);
    }

    #[test]
    fn ascii_fast_path_matches_the_tables() {
        for b in 0u8..128 {
            let c = char::from(b);
            let table = if GSM_BASIC.contains(c) {
                Some(1)
            } else if GSM_EXTENSION.contains(c) {
                Some(2)
            } else {
                None
            };
            assert_eq!(gsm_septets(c), table, "{b:#x}");
        }
    }

    #[test]
    fn segment_boundaries() {
        assert_eq!(encoding_info(&"a".repeat(160)).segments, 1);
        assert_eq!(encoding_info(&"a".repeat(161)).segments, 2);
        assert_eq!(encoding_info(&"a".repeat(306)).segments, 2);
        assert_eq!(encoding_info(&"a".repeat(307)).segments, 3);
        // An escape pair does not straddle two parts.
        let s = format!("{}€", "a".repeat(152));
        assert_eq!(encoding_info(&format!("{s}{}", "a".repeat(10))).segments, 2);
    }

    #[test]
    fn ucs2() {
        let info = encoding_info("验证码 123456");
        assert_eq!(info.encoding, SmsEncoding::Ucs2);
        assert_eq!(info.units, 10);
        assert_eq!(info.non_gsm_chars, vec!["验", "证", "码"]);
        assert_eq!(encoding_info(&"я".repeat(70)).segments, 1);
        assert_eq!(encoding_info(&"я".repeat(71)).segments, 2);
        assert_eq!(encoding_info("😀").units, 2);
    }
}
