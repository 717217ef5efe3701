//! Offsets into text in the units each platform indexes strings by.
//!
//! Rust slices strings by UTF-8 bytes, Kotlin/Java and Swift's `NSRange`/`String.utf16` by UTF-16
//! code units, Python by Unicode scalar values. Results that point into a message (an extracted
//! SMS code, an origin-bound code) carry all three so no binding converts offsets itself.
//!
//! ```
//! let text = "код 1234";
//! let start = text.find("1234").unwrap();
//! let spans = otpkit::text::TextSpans::of(text, start, start + 4).unwrap();
//! assert_eq!((spans.utf8.start, spans.utf16.start, spans.scalars.start), (7, 4, 4));
//! ```

/// A half-open range `[start, end)` in some unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// One range of a text in UTF-8 bytes, UTF-16 code units and Unicode scalar values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TextSpans {
    pub utf8: Span,
    pub utf16: Span,
    pub scalars: Span,
}

impl TextSpans {
    /// The spans of the byte range `start..end` of `text`; `None` when the range is out of
    /// bounds, reversed, or does not fall on character boundaries.
    pub fn of(text: &str, start: usize, end: usize) -> Option<Self> {
        if start > end || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            return None;
        }
        let before = &text[..start];
        let inside = &text[start..end];
        let (u16_before, sc_before) = units(before);
        let (u16_inside, sc_inside) = units(inside);
        Some(Self {
            utf8: Span { start, end },
            utf16: Span {
                start: u16_before,
                end: u16_before + u16_inside,
            },
            scalars: Span {
                start: sc_before,
                end: sc_before + sc_inside,
            },
        })
    }
}

/// UTF-16 code units and scalar values in `s`.
fn units(s: &str) -> (usize, usize) {
    s.chars().fold((0, 0), |(u16s, scalars), c| {
        (u16s + c.len_utf16(), scalars + 1)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_bmp_and_astral_text() {
        let text = "😀 é 123";
        let start = text.find("123").unwrap();
        let s = TextSpans::of(text, start, start + 3).unwrap();
        assert_eq!(s.utf8, Span { start: 8, end: 11 });
        assert_eq!(s.utf16, Span { start: 5, end: 8 });
        assert_eq!(s.scalars, Span { start: 4, end: 7 });
        let utf16: Vec<u16> = text.encode_utf16().collect();
        assert_eq!(String::from_utf16(&utf16[5..8]).unwrap(), "123");
        let scalars: String = text.chars().skip(4).take(3).collect();
        assert_eq!(scalars, "123");
    }

    #[test]
    fn refuses_bad_ranges() {
        assert!(TextSpans::of("é", 1, 2).is_none());
        assert!(TextSpans::of("abc", 2, 1).is_none());
        assert!(TextSpans::of("abc", 0, 4).is_none());
        assert_eq!(TextSpans::of("", 0, 0), Some(TextSpans::default()));
    }
}
