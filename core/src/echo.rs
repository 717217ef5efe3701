//! Bounded, secret-free echoes of input in error messages.
//!
//! An error may name the value that was wrong, but never more than a short prefix of it, and
//! never past a character that could start another part of the input: in an otpauth URI, the
//! secret follows `?`, `&`, `=` or a percent-encoded separator, so the echo stops at the first
//! character outside letters, digits and `-_.`. A 100 KB value comes back as at most
//! [`ECHO_MAX_CHARS`] characters plus `…`.

/// The most characters of an input value that an error message repeats.
pub const ECHO_MAX_CHARS: usize = 24;

/// The longest prefix of `value` made of letters, digits, `-`, `_` and `.`, at most
/// [`ECHO_MAX_CHARS`] characters, followed by `…` when anything was left out.
///
/// ```
/// use otpkit::echo::echo;
/// assert_eq!(echo("totpx"), "totpx");
/// assert_eq!(echo("totp%2FACME%3Aalice%3Fsecret%3DJBSWY3DP"), "totp…");
/// assert_eq!(echo(&"a".repeat(100_000)), format!("{}…", "a".repeat(24)));
/// ```
pub fn echo(value: &str) -> String {
    let mut out = String::new();
    for (n, c) in value.chars().enumerate() {
        if n == ECHO_MAX_CHARS || !(c.is_alphanumeric() || matches!(c, '-' | '_' | '.')) {
            out.push('…');
            return out;
        }
        out.push(c);
    }
    out
}

/// Like [`echo`] but also keeps spaces, `@`, `:` and `+` (account ids and names, which hold no
/// secret but may be long), up to 64 characters.
pub fn echo_name(value: &str) -> String {
    const MAX: usize = 64;
    let mut out = String::new();
    for (n, c) in value.chars().enumerate() {
        let allowed = c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ' ' | '@' | ':' | '+');
        if n == MAX || !allowed {
            out.push('…');
            return out;
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stops_at_separators_and_caps_length() {
        assert_eq!(echo(""), "");
        assert_eq!(echo("steam"), "steam");
        assert_eq!(echo("a?secret=X"), "a…");
        assert_eq!(echo("a&b"), "a…");
        assert_eq!(echo("ab cd"), "ab…");
        assert_eq!(echo(&"é".repeat(40)).chars().count(), ECHO_MAX_CHARS + 1);
        assert_eq!(echo_name("alice@example.com"), "alice@example.com");
        assert_eq!(echo_name("a?secret=x"), "a…");
        assert_eq!(echo_name(&"b".repeat(1000)).chars().count(), 65);
    }
}
