//! Layout evidence, used when no keyword supports any candidate: a lone code on its own line, or
//! the single number of an Android SMS Retriever message (one ending with an app hash).

use super::candidates::{Candidate, SHORT_LEN};
use super::extract::{code_of, is_year, Evidence, Extraction};
use super::lexicon::{Class, Hit};
use super::normalize::Normalized;

/// Layout evidence: no keyword supports any candidate, but exactly one code stands alone on its
/// line and nothing in the message says it is something else.
pub(super) fn layout(
    norm: &Normalized,
    message: &str,
    viable: &[Candidate],
    hits: &[Hit],
) -> Option<Extraction> {
    if hits
        .iter()
        .any(|h| matches!(h.class, Class::Negative | Class::Context))
    {
        return None;
    }
    let text = norm.text.as_str();
    let [only] = viable else {
        return None;
    };
    if !layout_shaped(text, only) {
        return None;
    }
    Some(Extraction {
        code: code_of(norm, message, only),
        start: norm.original_offset(only.start) as u32,
        end: norm.original_offset(only.end) as u32,
        evidence: Evidence::Layout,
        confidence: 50,
        origin: None,
        embedded_origin: None,
        keyword: None,
        language: None,
    })
}

/// Whether `c` could take layout evidence by its own shape: at most eight digits, nothing but
/// spaces, brackets, quotes, colons and dots beside it on its line.
pub(super) fn layout_shaped(text: &str, c: &Candidate) -> bool {
    if c.alphanumeric || c.len > 8 {
        return false;
    }
    let line_start = text[..c.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[c.end..].find('\n').map_or(text.len(), |i| c.end + i);
    text[line_start..c.start]
        .chars()
        .chain(text[c.end..line_end].chars())
        .all(|ch| {
            ch.is_whitespace()
                || matches!(
                    ch,
                    '[' | ']' | '(' | ')' | '"' | '\'' | '【' | '】' | '「' | '」' | ':' | '.'
                )
        })
}

/// Whether no keyword evidence is possible in a message with these keyword hits, and neither
/// layout rule can apply: no candidate has the shape [`layout`] takes, and the message does not
/// end with an app hash. Checked before the decoy rules run (the costly part for negatives).
pub(super) fn nothing_to_find(
    text: &str,
    message: &str,
    candidates: &[Candidate],
    hits: &[Hit],
) -> bool {
    if hits
        .iter()
        .any(|h| matches!(h.class, Class::Strong | Class::Weak))
    {
        return false;
    }
    // Without a keyword only the layout rules can take a code, and a negative or context
    // keyword rules both out.
    if hits
        .iter()
        .any(|h| matches!(h.class, Class::Negative | Class::Context))
    {
        return true;
    }
    !ends_with_app_hash(message)
        && !candidates
            .iter()
            .any(|c| c.len > SHORT_LEN && !c.letters_only && layout_shaped(text, c))
}

/// The message ends with an Android SMS Retriever app hash (11 base64 characters mixing upper
/// and lower case with a digit or `+`/`/`, alone at the end): the app asked for a verification
/// SMS, so when no keyword in any pack supports anything (a language without a pack) a single
/// 4–8 digit number elsewhere in it is the code.
fn ends_with_app_hash(message: &str) -> bool {
    let trimmed = message.trim_end();
    let last = trimmed
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("");
    let b = last.as_bytes();
    b.len() == 11
        && trimmed.len() > 11
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/'))
        && b.iter().any(u8::is_ascii_uppercase)
        && b.iter().any(u8::is_ascii_lowercase)
        && b.iter()
            .any(|c| c.is_ascii_digit() || matches!(c, b'+' | b'/'))
}

/// Layout evidence for SMS Retriever messages: no keyword supports any candidate, nothing says
/// the number is something else, the message ends with an app hash, exactly one 4–8 digit code
/// remains after the decoys, and no other number was dropped as a decoy (an amount, a date or a
/// phone number says the message is about something else: an order, a payment).
pub(super) fn retriever_layout(
    norm: &Normalized,
    message: &str,
    viable: &[Candidate],
    hits: &[Hit],
    decoys: &[(usize, usize)],
) -> Option<Extraction> {
    if hits
        .iter()
        .any(|h| matches!(h.class, Class::Negative | Class::Context))
        || !ends_with_app_hash(message)
    {
        return None;
    }
    let text = norm.text.as_str();
    let hash_start = text.trim_end().len().saturating_sub(11);
    let other_numbers = decoys
        .iter()
        .any(|&(s, e)| e <= hash_start && text[s..e].bytes().any(|b| b.is_ascii_digit()));
    if other_numbers {
        return None;
    }
    let codes: Vec<&Candidate> = viable
        .iter()
        .filter(|c| !c.alphanumeric && c.len <= 8 && !is_year(&text[c.start..c.end]))
        .collect();
    let [only] = codes.as_slice() else {
        return None;
    };
    if viable.len() != 1 {
        return None;
    }
    Some(Extraction {
        code: code_of(norm, message, only),
        start: norm.original_offset(only.start) as u32,
        end: norm.original_offset(only.end) as u32,
        evidence: Evidence::Layout,
        confidence: 60,
        origin: None,
        embedded_origin: None,
        keyword: None,
        language: None,
    })
}
