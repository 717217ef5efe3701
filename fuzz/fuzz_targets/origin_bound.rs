//! Fuzzes the origin-bound one-time-code parsers `parse_origin_bound` (strict, WICG draft) and
//! `find_origin_bound` (strict first, then tolerant).
//!
//! Invariants: a strict parse is also what `find_origin_bound` returns, flagged strict; every
//! result's code span follows a `#` within the message on char boundaries, holds no ASCII
//! whitespace and maps one character to one code character; hosts are non-empty lower-case DNS
//! names (ASCII letters, digits, `-`, `.`); `extract` reports the same code and span.
#![no_main]

use libfuzzer_sys::fuzz_target;
use otpkit::receiver::{extract, find_origin_bound, parse_origin_bound, Evidence, OriginBound};

fn check_host(host: &str) {
    assert!(!host.is_empty() && host.len() <= 253, "host {host:?}");
    assert!(
        host.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.'),
        "host {host:?}"
    );
    assert!(!host.starts_with('.') && !host.ends_with('.') && !host.contains(".."));
}

fn check(message: &str, ob: &OriginBound) {
    let (start, end) = (ob.code_start as usize, ob.code_end as usize);
    assert!(
        start >= 1 && start < end && end <= message.len(),
        "span {start}..{end}"
    );
    assert!(message.is_char_boundary(start) && message.is_char_boundary(end));
    assert_eq!(&message[start - 1..start], "#");
    let token = &message[start..end];
    assert!(
        !token.contains(|c: char| c.is_ascii_whitespace()),
        "token {token:?}"
    );
    assert_eq!(ob.code.chars().count(), token.chars().count());
    check_host(&ob.host);
    if let Some(embedded) = &ob.embedded_host {
        check_host(embedded);
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(message) = std::str::from_utf8(data) else {
        return;
    };
    let strict = parse_origin_bound(message);
    let found = find_origin_bound(message);
    if let Ok(ob) = &strict {
        assert!(ob.strict);
        check(message, ob);
        assert_eq!(
            found.as_ref(),
            Some(ob),
            "find disagrees with the strict parse"
        );
    }
    if let Some(ob) = &found {
        check(message, ob);
        assert!(!ob.strict || strict.is_ok());
        let e = extract(message).expect("origin-bound message yields no extraction");
        assert_eq!(e.evidence, Evidence::OriginBound);
        assert_eq!((e.start, e.end), (ob.code_start, ob.code_end));
        assert_eq!(e.code, ob.code);
        assert_eq!(e.origin.as_deref(), Some(ob.host.as_str()));
    }
});
