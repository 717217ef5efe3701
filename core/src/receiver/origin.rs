//! Origin-bound one-time codes (WICG "Origin-bound one-time codes delivered via SMS").
//!
//! The last line of the message is `@top-level-host #code`, optionally followed by
//! ` @embedded-host` (the current draft) or ` %embedded-host` (the earlier draft, still the form
//! Apple documents); exactly one space separates the fields and trailing text is ignored:
//!
//! ```text
//! 747723 is your ExampleCo authentication code.
//!
//! @example.com #747723 @ecommerce.example
//! ```
//!
//! [`parse_origin_bound`] follows the draft's parsing algorithm strictly. [`find_origin_bound`]
//! first tries that, then falls back to a tolerant reading like Chromium's WebOTP parser: the
//! `@host #code` pair may stand on any line (preceded by the start of a line or whitespace), and
//! trailing blank lines and spaces are ignored. Hosts must be ASCII DNS names (letters, digits,
//! `-`, `.`); they are returned in lower case.

use super::error::OriginError;
use super::normalize::digit_value;

/// Longest host name accepted (RFC 1035).
const MAX_HOST_LEN: usize = 253;

/// A parsed origin-bound one-time code. `Debug` redacts the code.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct OriginBound {
    /// The top-level host (lower case), e.g. `example.com`; the origin is `https://` + host.
    pub host: String,
    /// The embedded (third-party iframe) host, if given.
    pub embedded_host: Option<String>,
    /// The code as the user must type it (non-ASCII digits mapped to ASCII).
    pub code: String,
    /// Byte offset of the code (after `#`) in the message.
    pub code_start: u32,
    /// Byte offset just past the code in the message.
    pub code_end: u32,
    /// True when the message follows the format strictly (last line, single spaces).
    pub strict: bool,
}

impl std::fmt::Debug for OriginBound {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OriginBound")
            .field("host", &self.host)
            .field("embedded_host", &self.embedded_host)
            .field("code", &crate::redact::REDACTED)
            .field("code_start", &self.code_start)
            .field("code_end", &self.code_end)
            .field("strict", &self.strict)
            .finish()
    }
}

/// Parses the last line of `message` strictly, as the WICG draft's parsing algorithm does.
pub fn parse_origin_bound(message: &str) -> Result<OriginBound, OriginError> {
    // "Normalize newlines" then take the last line: CR LF and lone CR both end a line.
    let line_start = message.rfind(['\n', '\r']).map_or(0, |i| i + 1);
    parse_line(message, line_start, true)
}

/// Strict parse first; otherwise the tolerant Chromium-like reading (any line, surrounding
/// whitespace tolerated). `None` when neither finds an origin-bound code.
pub fn find_origin_bound(message: &str) -> Option<OriginBound> {
    if !message.contains('@') {
        return None;
    }
    if let Ok(found) = parse_origin_bound(message) {
        return Some(found);
    }
    if !message.contains('@') || !message.contains('#') {
        return None;
    }
    // Tolerant: scan every line, last first, for `@host #code` after a line start or whitespace.
    let mut end = message.len();
    loop {
        let start = message[..end].rfind(['\n', '\r']).map_or(0, |i| i + 1);
        let line = &message[start..end];
        for (i, c) in line.char_indices() {
            if c != '@' {
                continue;
            }
            let preceded_ok = line[..i]
                .chars()
                .next_back()
                .is_none_or(char::is_whitespace);
            if !preceded_ok {
                continue;
            }
            if let Ok(found) = parse_line(&message[..end], start + i, false) {
                return Some(found);
            }
        }
        if start == 0 {
            return None;
        }
        end = start - 1;
    }
}

/// Parses `@host #code[ (@|%)host]` starting at byte `pos` of `message`, up to the end of the
/// line. In tolerant mode, runs of spaces/tabs are accepted between fields.
fn parse_line(message: &str, pos: usize, strict: bool) -> Result<OriginBound, OriginError> {
    let line_end = message[pos..]
        .find(['\n', '\r'])
        .map_or(message.len(), |i| pos + i);
    let line = &message[..line_end];
    let mut p = pos;
    if p >= line.len() {
        return Err(OriginError::Empty);
    }
    let (host, next) = marked_token(line, p, '@').ok_or(OriginError::MissingHost)?;
    let host = validate_host(host)?;
    p = next;
    p = skip_separator(line, p, strict).ok_or(OriginError::MissingSeparator)?;
    let (code, next) = marked_token(line, p, '#').ok_or(OriginError::MissingCode)?;
    let code_start = p + 1;
    let code_end = next;
    p = next;
    let mut embedded_host = None;
    if let Some(q) = skip_separator(line, p, strict) {
        let marked = marked_token(line, q, '@').or_else(|| marked_token(line, q, '%'));
        if let Some((embedded, _)) = marked {
            // Per the draft, an unparseable embedded host means "no embedded host".
            embedded_host = validate_host(embedded).ok();
        }
    }
    Ok(OriginBound {
        host,
        embedded_host,
        code: canonical_code_token(code),
        code_start: code_start as u32,
        code_end: code_end as u32,
        strict,
    })
}

/// A `#` token keeps every character except that supported non-ASCII digits become ASCII.
fn canonical_code_token(code: &str) -> String {
    code.chars()
        .map(|c| digit_value(c).map_or(c, |d| char::from(b'0' + d)))
        .collect()
}

/// One space in strict mode; one or more spaces/tabs in tolerant mode.
fn skip_separator(line: &str, p: usize, strict: bool) -> Option<usize> {
    let rest = line.get(p..)?;
    if strict {
        return rest.starts_with(' ').then_some(p + 1);
    }
    let n = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    (n > 0).then_some(p + n)
}

/// "Extract a marked token": `marker` then a non-empty run of non-whitespace characters.
/// Returns the token and the position after it.
fn marked_token(line: &str, p: usize, marker: char) -> Option<(&str, usize)> {
    let rest = line.get(p..)?;
    let after = rest.strip_prefix(marker)?;
    let len = after
        .find(|c: char| c.is_ascii_whitespace())
        .unwrap_or(after.len());
    if len == 0 {
        return None;
    }
    let start = p + marker.len_utf8();
    Some((&line[start..start + len], start + len))
}

/// A DNS host name: dot-separated labels of ASCII letters, digits and inner hyphens.
fn validate_host(host: &str) -> Result<String, OriginError> {
    let invalid = || OriginError::InvalidHost(host.chars().take(64).collect());
    let trimmed = host.strip_suffix('.').unwrap_or(host);
    if trimmed.is_empty() || trimmed.len() > MAX_HOST_LEN {
        return Err(invalid());
    }
    for label in trimmed.split('.') {
        let ok = !label.is_empty()
            && label.len() <= 63
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !label.starts_with('-')
            && !label.ends_with('-');
        if !ok {
            return Err(invalid());
        }
    }
    Ok(trimmed.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_examples_from_the_draft() {
        let m = "747723 is your ExampleCo authentication code.\n\n@example.com #747723";
        let ob = parse_origin_bound(m).unwrap();
        assert_eq!(ob.host, "example.com");
        assert_eq!(ob.code, "747723");
        assert_eq!(ob.embedded_host, None);
        assert_eq!(&m[ob.code_start as usize..ob.code_end as usize], "747723");
        assert!(ob.strict);

        let ob = parse_origin_bound("@example.com #747723 %ecommerce.example $future").unwrap();
        assert_eq!(ob.embedded_host.as_deref(), Some("ecommerce.example"));
        let ob = parse_origin_bound("@example.com #747723 @ecommerce.example").unwrap();
        assert_eq!(ob.embedded_host.as_deref(), Some("ecommerce.example"));
    }

    #[test]
    fn strict_rejections() {
        assert_eq!(
            parse_origin_bound("something @example.com #747723"),
            Err(OriginError::MissingHost)
        );
        assert_eq!(
            parse_origin_bound("#747723 %ecommerce.example @example.com"),
            Err(OriginError::MissingHost)
        );
        assert_eq!(
            parse_origin_bound("@example.com code #747723"),
            Err(OriginError::MissingCode)
        );
        assert_eq!(
            parse_origin_bound("@example.com  #747723"),
            Err(OriginError::MissingCode)
        );
        assert_eq!(
            parse_origin_bound("@example.com #747723\n"),
            Err(OriginError::Empty)
        );
        assert!(matches!(
            parse_origin_bound("@exa_mple.com #1234"),
            Err(OriginError::InvalidHost(_))
        ));
    }

    #[test]
    fn tolerant_fallback() {
        let ob = find_origin_bound("Your code is 123456\n@example.com #123456  \n\n").unwrap();
        assert_eq!(
            (ob.host.as_str(), ob.code.as_str(), ob.strict),
            ("example.com", "123456", false)
        );
        let ob = find_origin_bound("@Example.COM #123456 is your code").unwrap();
        assert_eq!(ob.host, "example.com");
        assert!(ob.strict);
        assert!(find_origin_bound("mail me at bob@example.com #1 fan").is_none());
        assert!(find_origin_bound("no origin here").is_none());
    }
}
