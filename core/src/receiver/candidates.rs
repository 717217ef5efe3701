//! Code-shaped tokens in normalized text: 4–10 digits, digit groups shown with one separator
//! (`123-456`, `123 456`, `12-34-56`), `G-123456` prefixed codes, and upper-case alphanumeric
//! codes. Tokens glued to URL/path punctuation (`/`, `+`, `=`, `@`, `_`) are not codes.

use super::normalize::{is_format_char, Normalized};

/// Shortest and longest code (in characters, separators excluded).
const MIN_LEN: usize = 4;
/// Three-digit codes are candidates too, scored only when a keyword is linked to them
/// (`verification code is 418`).
pub(crate) const SHORT_LEN: usize = 3;
const MAX_LEN: usize = 10;

/// A code-shaped token (byte offsets into the normalized text, prefix excluded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Candidate {
    pub start: usize,
    pub end: usize,
    /// Characters of the code without separators.
    pub len: usize,
    /// Contains letters as well as digits.
    pub alphanumeric: bool,
    /// Shown as groups with a separator.
    pub grouped: bool,
    /// An alphanumeric code written in lower case (`pmt6bhcd`): taken only right after a strong
    /// keyword.
    pub lowercase: bool,
    /// Letters only, lower case, random-looking (`xkqpmt`): taken only right after a strong
    /// keyword that is linked to it (`login code: xkqpmt`).
    pub letters_only: bool,
}

/// Display prefixes of four or more letters that services put before the digits of a code
/// (`AMEX-551920`, `KBANK-720194`); the user types the digits only, as with Google's `G-`.
/// One to three capitals (`G-`, `FB-`, `BCA-`) are always taken as a prefix.
#[rustfmt::skip]
pub(crate) const DISPLAY_PREFIXES: &[&str] = &[
    "amex", "amzn", "msft", "kbank", "ktb", "scb", "cimb", "ocbc", "hsbc", "icici", "hdfc",
    "axis", "kotak", "bbva", "bidv", "vcb", "sber", "line", "kakao", "naver", "auth", "pay",
    "bank", "appl", "goog", "meta", "insta", "tiktok", "okta", "duo",
];

/// Lower-case letters only, 6–10 of them, that look random rather than like a word: at most a
/// third vowels (`y` counted as one) and a run of at least three consonants (`xkqpmt`, `hrtwzq`;
/// not `pending`, `expired`, `invalid`, `gyldig`).
fn random_letters(word: &[u8]) -> bool {
    if !(6..=MAX_LEN).contains(&word.len()) {
        return false;
    }
    // Bits of `a e i o u y` by their offset from `a`: one pass counts vowels and consonant runs.
    const VOWELS: u32 = 1 | 1 << 4 | 1 << 8 | 1 << 14 | 1 << 20 | 1 << 24;
    let vowel = |b: u8| {
        let k = b.wrapping_sub(b'a');
        k < 26 && VOWELS >> k & 1 != 0
    };
    let (mut vowels, mut run, mut longest) = (0, 0, 0);
    for &b in word {
        if vowel(b) {
            vowels += 1;
            run = 0;
        } else {
            run += 1;
            longest = longest.max(run);
        }
    }
    vowels * 3 <= word.len() && longest >= 3
}

/// Only spaces or brackets/quotes/colons share the line with `start..end`.
fn alone_on_line(text: &[u8], start: usize, end: usize) -> bool {
    let line_start = text[..start]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let line_end = text[end..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(text.len(), |i| end + i);
    text[line_start..start]
        .iter()
        .chain(&text[end..line_end])
        .all(|b| {
            matches!(
                b,
                b' ' | b'\t' | b'\r' | b'(' | b')' | b'[' | b']' | b'"' | b'\'' | b':' | b'.'
            )
        })
}

/// A maximal run of ASCII letters/digits.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Token {
    start: usize,
    end: usize,
    digits: usize,
    letters: usize,
}

/// Class of each byte for [`number_tokens`]: 0 not an ASCII letter or digit, [`LETTER`], [`DIGIT`].
const ALNUM: [u8; 256] = {
    let mut table = [0; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = if c.is_ascii_digit() {
            DIGIT
        } else if c.is_ascii_alphabetic() {
            LETTER
        } else {
            0
        };
        b += 1;
    }
    table
};
const LETTER: u8 = 1;
const DIGIT: u8 = 2;

/// The runs with a digit, in text order: the next digit is found a block of 16 bytes at a time
/// and its run extended both ways (the letters before it are in the same run).
fn number_tokens(text: &[u8], out: &mut Vec<Token>) {
    out.clear();
    let mut i = 0;
    while let Some(d) = next_digit(text, i) {
        // The previous run ended before `i`, so this one starts at `i` or later, with letters
        // only before `d`.
        let start = text[i..d]
            .iter()
            .rposition(|b| !b.is_ascii_alphanumeric())
            .map_or(i, |p| i + p + 1);
        let mut end = d;
        let mut digits = 0;
        while end < text.len() {
            match ALNUM[usize::from(text[end])] {
                0 => break,
                class => digits += usize::from(class == DIGIT),
            }
            end += 1;
        }
        out.push(Token {
            start,
            end,
            digits,
            letters: end - start - digits,
        });
        i = end;
    }
}

/// The position of the first ASCII digit at or after `from`.
fn next_digit(text: &[u8], from: usize) -> Option<usize> {
    const LOW7: u128 = u128::from_ne_bytes([0x7F; 16]);
    const HIGH: u128 = u128::from_ne_bytes([0x80; 16]);
    let mut i = from;
    while let Some(block) = text.get(i..i + 16) {
        // Sixteen bytes at once: `x ^ b'0'` is below 10 exactly for the digits; the high bit of
        // `(y & 0x7F) + 0x76 | y` is set exactly when `y` is 10 or more (no carry leaves a byte).
        let word = u128::from_le_bytes(block.try_into().expect("16 bytes"));
        let y = word ^ u128::from_ne_bytes([b'0'; 16]);
        let ten_or_more = ((y & LOW7) + u128::from_ne_bytes([0x76; 16])) | y;
        let digits = !ten_or_more & HIGH;
        if digits != 0 {
            return Some(i + digits.trailing_zeros() as usize / 8);
        }
        i += 16;
    }
    text[i..].iter().position(u8::is_ascii_digit).map(|p| i + p)
}

/// The letter-only runs that [`random_letters`] may take (6–10 letters), in text order.
fn letter_tokens(text: &[u8]) -> Vec<Token> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        if text[i].is_ascii_alphanumeric() {
            let start = i;
            let mut digits = 0;
            while i < text.len() && text[i].is_ascii_alphanumeric() {
                digits += usize::from(text[i].is_ascii_digit());
                i += 1;
            }
            if digits == 0 && (6..=MAX_LEN).contains(&(i - start)) {
                out.push(Token {
                    start,
                    end: i,
                    digits,
                    letters: i - start,
                });
            }
        } else {
            i += 1;
        }
    }
    out
}

/// The tokens that can be (part of) a candidate, in text order: every run with a digit and,
/// with `letters`, the letter-only runs of 6–10 letters. Leaving the other words out changes no
/// digit chain (a separator between two kept tokens is never a word).
fn tokens(text: &[u8], letters: bool, out: &mut Vec<Token>) {
    number_tokens(text, out);
    if !letters {
        return;
    }
    let words = letter_tokens(text);
    if !words.is_empty() {
        *out = merge_by_start(std::mem::take(out), words, |t| t.start);
    }
}

/// Two lists, each in text order, merged in text order (`start` gives an item's position; on a
/// tie the item of `b` comes first).
pub(crate) fn merge_by_start<T>(a: Vec<T>, b: Vec<T>, start: impl Fn(&T) -> usize) -> Vec<T> {
    if b.is_empty() {
        return a;
    }
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut a, mut b) = (a.into_iter().peekable(), b.into_iter().peekable());
    while let (Some(x), Some(y)) = (a.peek(), b.peek()) {
        let take_a = start(x) < start(y);
        out.push(if take_a { a.next() } else { b.next() }.expect("peeked"));
    }
    out.extend(a);
    out.extend(b);
    out
}

/// The one display separator (`' '` or `'-'`) in `between`, format characters ignored.
fn separator(between: &str) -> Option<u8> {
    let mut visible = between.chars().filter(|&c| !is_format_char(c));
    match (visible.next(), visible.next()) {
        (Some(c @ (' ' | '-')), None) => Some(c as u8),
        _ => None,
    }
}

/// Punctuation that glues a token into a larger non-code word (URL, path, e-mail, hash).
fn is_glue(b: u8) -> bool {
    matches!(
        b,
        b'/' | b'+' | b'=' | b'_' | b'@' | b'&' | b'\\' | b'|' | b'~' | b'#' | b'*' | b'$' | b'%'
    )
}

/// True when the byte at `i` is `.`/`,`/`-` joining two alphanumeric runs (`1.5`, `a-b`).
fn joins_alnum(text: &[u8], i: usize) -> bool {
    matches!(text.get(i), Some(b'.' | b',' | b'-'))
        && i > 0
        && text.get(i - 1).is_some_and(u8::is_ascii_alphanumeric)
        && text.get(i + 1).is_some_and(u8::is_ascii_alphanumeric)
}

/// Whether the original characters of a normalized span have no lower-case letters.
fn upper_in_original(norm: &Normalized, original: &str, start: usize, end: usize) -> bool {
    let (s, e) = (norm.original_offset(start), norm.original_offset(end));
    !original[s..e].chars().any(char::is_lowercase)
}

/// Whether the original characters of a normalized span have no upper-case letters.
fn lower_in_original(norm: &Normalized, original: &str, start: usize, end: usize) -> bool {
    let (s, e) = (norm.original_offset(start), norm.original_offset(end));
    !original[s..e].chars().any(char::is_uppercase)
}

/// Unit-like alphanumerics that are never codes: `10min`, `4g`, `2fa`, `1920x1080`, `xx1234`.
fn unit_like(word: &[u8]) -> bool {
    let digits_end = word
        .iter()
        .position(|b| !b.is_ascii_digit())
        .unwrap_or(word.len());
    let suffix = &word[digits_end..];
    let unit_suffix = digits_end > 0
        && suffix.iter().all(u8::is_ascii_alphabetic)
        && matches!(
            suffix,
            b"st"
                | b"nd"
                | b"rd"
                | b"th"
                | b"h"
                | b"hr"
                | b"hrs"
                | b"min"
                | b"mins"
                | b"am"
                | b"pm"
                | b"gb"
                | b"mb"
                | b"kb"
                | b"tb"
                | b"km"
                | b"kg"
                | b"g"
                | b"x"
                | b"d"
                | b"m"
                | b"s"
                | b"ms"
                | b"ml"
                | b"mah"
                | b"fps"
                | b"k"
                | b"fa"
                | b"p"
                | b"mp"
                | b"hz"
                | b"ghz"
                | b"w"
                | b"kw"
                | b"v"
                | b"l"
                | b"cm"
                | b"mm"
                | b"pcs"
        );
    let x_prefixed = word.first() == Some(&b'x')
        && word
            .iter()
            .skip_while(|&&b| b == b'x')
            .all(u8::is_ascii_digit);
    let dimensions = word.iter().position(|&b| b == b'x').is_some_and(|i| {
        i > 0
            && word[..i]
                .iter()
                .chain(&word[i + 1..])
                .all(u8::is_ascii_digit)
    });
    unit_suffix || x_prefixed || dimensions
}

/// The code-shaped candidates of a message, in text order; random-looking letter codes
/// (`xkqpmt`) only `with_letters` (they can score only next to a strong keyword).
#[cfg(test)]
pub(crate) fn find_candidates(
    norm: &Normalized,
    original: &str,
    with_letters: bool,
) -> Vec<Candidate> {
    let mut out = Vec::new();
    find_candidates_into(norm, original, with_letters, &mut Vec::new(), &mut out);
    out
}

/// [`find_candidates`] into `out` (cleared first), with `toks` as the token buffer: the
/// buffers of one extraction are reused by the next.
pub(crate) fn find_candidates_into(
    norm: &Normalized,
    original: &str,
    with_letters: bool,
    toks: &mut Vec<Token>,
    out: &mut Vec<Candidate>,
) {
    let text = norm.text.as_bytes();
    tokens(text, with_letters, toks);
    let toks = &toks[..];
    out.clear();
    let mut i = 0;
    while i < toks.len() {
        let tok = toks[i];
        if tok.digits == 0 {
            letters(norm, original, text, tok, out);
            i += 1;
            continue;
        }
        if tok.letters > 0 {
            alphanumeric(norm, original, text, tok, out);
            i += 1;
            continue;
        }
        // A chain of digit groups joined by one identical separator (' ' or '-').
        let mut n = 1;
        let mut sep = None;
        while let Some(next) = toks.get(i + n) {
            let last = toks[i + n - 1];
            // One separator, ignoring invisible bidi/format marks around it (`482\u{200f}-913`).
            let between = separator(&norm.text[last.end..next.start]);
            let ok = between.is_some_and(|b| sep.is_none_or(|s| s == b)) && next.letters == 0;
            if !ok {
                break;
            }
            sep = between;
            n += 1;
        }
        let chain = &toks[i..i + n];
        i += n;
        let first = chain[0];
        let last = chain[chain.len() - 1];
        // Glued to URL/path punctuation, or inside a dotted/dashed alphanumeric word.
        let before = first.start.checked_sub(1).map(|p| text[p]);
        let after = text.get(last.end).copied();
        let prefixed = prefix_letters(norm, original, text, first);
        // `otp=123456` (a label, not a URL parameter: URLs are decoy spans) is allowed.
        let labelled =
            before == Some(b'=') && first.start >= 2 && text[first.start - 2].is_ascii_alphabetic();
        if !prefixed
            && !labelled
            && (before.is_some_and(is_glue)
                || (first.start > 0 && joins_alnum(text, first.start - 1)))
        {
            continue;
        }
        if after.is_some_and(is_glue) || joins_alnum(text, last.end) {
            continue;
        }
        if chain.len() == 1 {
            if (SHORT_LEN..=MAX_LEN).contains(&first.digits) {
                out.push(Candidate {
                    start: first.start,
                    end: first.end,
                    len: first.digits,
                    alphanumeric: false,
                    grouped: false,
                    lowercase: false,
                    letters_only: false,
                });
            }
            continue;
        }
        let total: usize = chain.iter().map(|t| t.digits).sum();
        let equal = chain.iter().all(|t| t.digits == first.digits);
        // Two dashed groups of five standing alone on their line (`48291-03817`, recovery and
        // backup codes); elsewhere such a pair is more often a phone number.
        let dashed_tens = equal
            && first.digits == 5
            && chain.len() == 2
            && sep == Some(b'-')
            && alone_on_line(text, first.start, last.end);
        if (equal && (2..=4).contains(&first.digits) && (MIN_LEN..=MAX_LEN).contains(&total))
            || dashed_tens
        {
            out.push(Candidate {
                start: first.start,
                end: last.end,
                len: total,
                alphanumeric: false,
                grouped: true,
                lowercase: false,
                letters_only: false,
            });
        } else if sep == Some(b' ') && chain.len() == 2 {
            // Two unrelated numbers that happen to be separated by one space: judge each alone
            // (three or more groups are one longer number: `2401 992 881`).
            for t in chain
                .iter()
                .filter(|t| (MIN_LEN..=MAX_LEN).contains(&t.digits))
            {
                out.push(Candidate {
                    start: t.start,
                    end: t.end,
                    len: t.digits,
                    alphanumeric: false,
                    grouped: false,
                    lowercase: false,
                    letters_only: false,
                });
            }
        }
    }
}

/// `G-123456`, `FB-12345`: one to three upper-case letters and a dash right before the digits.
fn prefix_letters(norm: &Normalized, original: &str, text: &[u8], first: Token) -> bool {
    if first.start < 2 || text[first.start - 1] != b'-' {
        return false;
    }
    // The run of ASCII letters/digits ending at the dash.
    let end = first.start - 1;
    let start = text[..end]
        .iter()
        .rposition(|b| !b.is_ascii_alphanumeric())
        .map_or(0, |i| i + 1);
    if start == end {
        return false;
    }
    let word = &text[start..end];
    !word.iter().any(u8::is_ascii_digit)
        && ((1..=3).contains(&word.len()) || DISPLAY_PREFIXES.iter().any(|p| p.as_bytes() == word))
        && upper_in_original(norm, original, start, end)
}

fn alphanumeric(
    norm: &Normalized,
    original: &str,
    text: &[u8],
    tok: Token,
    out: &mut Vec<Candidate>,
) {
    let len = tok.end - tok.start;
    if !(MIN_LEN..=MAX_LEN).contains(&len) || unit_like(&text[tok.start..tok.end]) {
        return;
    }
    let before = tok.start.checked_sub(1).map(|p| text[p]);
    let after = text.get(tok.end).copied();
    if before.is_some_and(|b| is_glue(b) || b == b'-' || b == b'.')
        || after.is_some_and(|b| is_glue(b) || b == b'-')
        || joins_alnum(text, tok.end)
    {
        return;
    }
    let lowercase = !upper_in_original(norm, original, tok.start, tok.end);
    if lowercase && (len < 6 || !lower_in_original(norm, original, tok.start, tok.end)) {
        // Mixed case (`FA9qCX9`, base64, hashes) is never a code; short lower-case words are units.
        return;
    }
    out.push(Candidate {
        start: tok.start,
        end: tok.end,
        len,
        alphanumeric: true,
        grouped: false,
        lowercase,
        letters_only: false,
    });
}

/// The random-looking letter codes (`xkqpmt`) whose run of letters starts inside one of the
/// `windows` (byte ranges of the normalized text, start and end included, in text order).
pub(crate) fn letter_candidates(
    norm: &Normalized,
    original: &str,
    windows: &[(usize, usize)],
) -> Vec<Candidate> {
    let text = norm.text.as_bytes();
    let mut out = Vec::new();
    let mut scanned = 0;
    for &(from, to) in windows {
        let mut i = from.max(scanned);
        while i <= to && i < text.len() {
            let alnum = |b: u8| ALNUM[usize::from(b)] != 0;
            if !alnum(text[i]) || (i > 0 && alnum(text[i - 1])) {
                i += 1;
                continue;
            }
            let start = i;
            while i < text.len() && alnum(text[i]) {
                i += 1;
            }
            let word = &text[start..i];
            if (6..=MAX_LEN).contains(&word.len()) && !word.iter().any(u8::is_ascii_digit) {
                let tok = Token {
                    start,
                    end: i,
                    digits: 0,
                    letters: i - start,
                };
                letters(norm, original, text, tok, &mut out);
            }
        }
        scanned = scanned.max(i);
    }
    out
}

/// A random-looking lower-case letter code (`xkqpmt`), not glued to other words.
fn letters(norm: &Normalized, original: &str, text: &[u8], tok: Token, out: &mut Vec<Candidate>) {
    let word = &text[tok.start..tok.end];
    if !random_letters(word) || !lower_in_original(norm, original, tok.start, tok.end) {
        return;
    }
    // Inside a longer non-ASCII word, or glued to URL/path punctuation.
    let before = norm.text[..tok.start].chars().next_back();
    let after = norm.text[tok.end..].chars().next();
    let glued = |c: Option<char>, dot: bool| {
        c.is_some_and(|c| {
            c.is_alphanumeric()
                || c == '-'
                || (dot && c == '.')
                || (c.is_ascii() && is_glue(c as u8))
        })
    };
    if glued(before, true) || glued(after, false) || joins_alnum(text, tok.end) {
        return;
    }
    // It ends its clause: a word followed by more words is part of a sentence.
    let rest = norm.text[tok.end..].trim_start_matches([' ', '\t']);
    if !rest.is_empty() && !rest.starts_with(['.', ',', ';', '!', '?', ')', '\n', '\r']) {
        return;
    }
    out.push(Candidate {
        start: tok.start,
        end: tok.end,
        len: tok.end - tok.start,
        alphanumeric: true,
        grouped: false,
        lowercase: true,
        letters_only: true,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_letters_counts_vowels_and_consonant_runs() {
        // The former two-pass definition, on every 6- and 7-byte word of these bytes.
        let by_two_passes = |word: &[u8]| {
            let vowel = |b: &u8| matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'y');
            let vowels = word.iter().filter(|b| vowel(b)).count();
            let mut run = 0;
            let mut longest = 0;
            for b in word {
                run = if vowel(b) { 0 } else { run + 1 };
                longest = longest.max(run);
            }
            vowels * 3 <= word.len() && longest >= 3
        };
        let alphabet = [b'a', b'u', b'y', b'z', b'k', b'A', b'1', 0xC3];
        let mut random = 0;
        for n in 0..alphabet.len().pow(7) {
            let mut word = Vec::new();
            let mut k = n;
            for _ in 0..7 {
                word.push(alphabet[k % alphabet.len()]);
                k /= alphabet.len();
            }
            for w in [&word[..6], &word[..]] {
                assert_eq!(random_letters(w), by_two_passes(w), "{w:?}");
                random += usize::from(random_letters(w));
            }
        }
        assert!(random > 1000, "{random}");
        assert!(random_letters(b"xkqpmt") && !random_letters(b"pending"));
    }

    fn codes(text: &str) -> Vec<String> {
        let norm = Normalized::new(text);
        find_candidates(&norm, text, true)
            .into_iter()
            .map(|c| norm.text[c.start..c.end].to_string())
            .collect()
    }

    /// Every maximal run of ASCII letters/digits (the token list before the digit scan).
    fn all_runs(text: &[u8]) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < text.len() {
            if text[i].is_ascii_alphanumeric() {
                let start = i;
                while i < text.len() && text[i].is_ascii_alphanumeric() {
                    i += 1;
                }
                let digits = text[start..i].iter().filter(|b| b.is_ascii_digit()).count();
                out.push((start, i, digits));
            } else {
                i += 1;
            }
        }
        out
    }

    #[test]
    fn digit_scan_sees_every_byte() {
        // Each byte value at each position of blocks of 16 and the tail after them.
        for b in 0..=255u8 {
            for at in 0..40 {
                let mut text = vec![b' '; 40];
                text[at] = b;
                let expected = b.is_ascii_digit().then_some(at);
                assert_eq!(next_digit(&text, 0), expected, "{b:#x} at {at}");
                assert_eq!(next_digit(&text, at.min(3)), expected, "{b:#x} at {at}");
            }
        }
    }

    #[test]
    fn digit_scan_finds_every_run() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/sms/");
        let mut texts: Vec<String> = (0..40)
            .map(|n| format!("{}ab1 cdefgh {}x9", "y".repeat(n), "-".repeat(n % 17)))
            .collect();
        texts.push("1".repeat(33));
        texts.push("abcdefghij abcdefghijk 123456789012345 q1".into());
        let file = std::fs::read_to_string(format!("{root}corpus.jsonl")).expect("corpus");
        for line in file.lines().filter(|l| !l.trim().is_empty()) {
            let v: serde_json::Value = serde_json::from_str(line).expect("corpus line");
            texts.push(Normalized::new(v["text"].as_str().expect("text")).text);
        }
        for t in &texts {
            let runs = all_runs(t.as_bytes());
            let got = |letters| {
                let mut toks = Vec::new();
                tokens(t.as_bytes(), letters, &mut toks);
                toks.iter()
                    .map(|k| (k.start, k.end, k.digits))
                    .collect::<Vec<_>>()
            };
            let numbers: Vec<_> = runs.iter().copied().filter(|r| r.2 > 0).collect();
            let with_words: Vec<_> = runs
                .iter()
                .copied()
                .filter(|r| r.2 > 0 || (6..=MAX_LEN).contains(&(r.1 - r.0)))
                .collect();
            assert_eq!(got(false), numbers, "{t:?}");
            assert_eq!(got(true), with_words, "{t:?}");
        }
    }

    #[test]
    fn shapes() {
        assert_eq!(codes("code 123456"), vec!["123456"]);
        assert_eq!(codes("code 123-456 or 123 456"), vec!["123-456", "123 456"]);
        assert_eq!(codes("G-123456 is your code"), vec!["123456"]);
        assert_eq!(codes("code: AB12CD"), vec!["ab12cd"]);
        assert_eq!(codes("code: ab12cd"), vec!["ab12cd"]);
        assert_eq!(codes("code: aB12cd ab12"), Vec::<String>::new());
        assert_eq!(codes("1234 5678 9012 3456"), Vec::<String>::new());
        assert_eq!(codes("go to example.com/r/12345 now"), Vec::<String>::new());
        assert_eq!(codes("FA+9qCX9VSu"), Vec::<String>::new());
        assert_eq!(codes("4821 10 minutes"), vec!["4821"]);
        assert_eq!(codes("5GB 1920x1080 XX1234 10MIN"), Vec::<String>::new());
        assert_eq!(codes("验证码123456，"), vec!["123456"]);
        assert_eq!(codes("2024-05-12"), Vec::<String>::new());
    }
}
