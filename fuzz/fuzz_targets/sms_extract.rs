//! Fuzzes `otpkit::receiver::extract` (one-time-code extraction from an SMS).
//!
//! Invariants: the span `start..end` lies within the message on char boundaries and is not
//! empty; the code is not empty. For origin-bound evidence the span follows a `#`, holds no
//! ASCII whitespace and has one code character per character, and the origin is a lower-case
//! host. Otherwise the code is ASCII alphanumeric, and in an ASCII message it is exactly the
//! span's letters and digits (case aside). Confidence is at most 100; keyword evidence names a
//! keyword and a language, the others do not. Messages over `MAX_MESSAGE_BYTES` yield nothing.
#![no_main]

use libfuzzer_sys::fuzz_target;
use otpkit::receiver::{extract, Evidence, MAX_MESSAGE_BYTES};

fuzz_target!(|data: &[u8]| {
    let Ok(message) = std::str::from_utf8(data) else {
        return;
    };
    let Some(found) = extract(message) else {
        return;
    };
    assert!(message.len() <= MAX_MESSAGE_BYTES);
    let (start, end) = (found.start as usize, found.end as usize);
    assert!(
        start < end && end <= message.len(),
        "span {start}..{end} out of range"
    );
    assert!(message.is_char_boundary(start) && message.is_char_boundary(end));
    let span = &message[start..end];
    assert!(!found.code.is_empty());
    assert!(found.confidence <= 100);
    match found.evidence {
        Evidence::OriginBound => {
            assert_eq!(&message[start - 1..start], "#");
            assert!(!span.contains(|c: char| c.is_ascii_whitespace()));
            assert_eq!(found.code.chars().count(), span.chars().count());
            let origin = found
                .origin
                .as_deref()
                .expect("origin-bound without origin");
            assert!(!origin.is_empty() && !origin.bytes().any(|b| b.is_ascii_uppercase()));
            assert!(found.keyword.is_none() && found.language.is_none());
        }
        evidence => {
            assert!(found.origin.is_none() && found.embedded_origin.is_none());
            assert!(
                found.code.bytes().all(|b| b.is_ascii_alphanumeric()),
                "code {:?}",
                found.code
            );
            assert!(found.code.chars().count() <= span.chars().count());
            if message.is_ascii() {
                let shown: String = span.chars().filter(char::is_ascii_alphanumeric).collect();
                assert!(
                    shown.eq_ignore_ascii_case(&found.code),
                    "code {:?} vs span {span:?}",
                    found.code
                );
            }
            let keyword = evidence == Evidence::Keyword;
            assert_eq!(found.keyword.is_some(), keyword);
            assert_eq!(found.language.is_some(), keyword);
            if let Some(k) = &found.keyword {
                assert!(!k.is_empty() && message.contains(k.as_str()));
            }
        }
    }
});
