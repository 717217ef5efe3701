//! One-time-code extraction from a received message, precision first: a wrong code is worse
//! than none.
//!
//! 1. An origin-bound line (`@example.com #123456`) wins outright.
//! 2. Otherwise every code-shaped token is a candidate; decoys (amounts, phone numbers, dates,
//!    card endings, order numbers, units, ...) are removed, and each remaining candidate is
//!    scored by its distance to the nearest keyword of any language pack, before or after it.
//!    A nearby negative keyword (`promo code`, `tracking number`) vetoes it.
//! 3. Without any keyword, a lone 4–8 digit number standing alone on its line is accepted with
//!    low confidence ("layout" evidence).
//!
//! Two different codes scoring alike make the message ambiguous: nothing is returned.

use super::candidates::{
    find_candidates_into, letter_candidates, merge_by_start, Candidate, Token, SHORT_LEN,
};
use super::decoys::{
    decoy_spans_into, merge_spans, month_date_spans, prefix_is_decoy_with, suffix_is_decoy,
};
use super::keywords::PROMO_MARKERS;
use super::layout::{layout, nothing_to_find, retriever_layout};
use super::lexicon::{find_keywords_into, Class, Hit};
use super::normalize::{canonical_code, Normalized};
use super::origin::find_origin_bound;
use std::cell::RefCell;
use std::mem::take;

/// Messages longer than this (bytes) are not SMS and are not searched.
pub const MAX_MESSAGE_BYTES: usize = 8 * 1024;
/// Minimum score for keyword evidence.
const THRESHOLD: f32 = 0.45;
/// Two different codes closer than this in score are ambiguous.
const AMBIGUITY_MARGIN: f32 = 0.08;
/// How far (bytes) before a candidate the prefix decoy rules look, and after it the unit rules.
const PREFIX_WINDOW: usize = 48;
const SUFFIX_WINDOW: usize = 24;
/// A negative keyword this close (chars) to a candidate vetoes it unless a positive one is closer.
const NEGATIVE_REACH: usize = 30;
/// How far (chars, decoys not counted) a weak keyword linked to a code by a copula or colon
/// (`la clave para confirmar … es 6019`) still supports it.
const LINK_REACH: usize = 100;
/// Beyond this many characters (decoys not counted) a keyword adds nothing by proximity.
const PROXIMITY_REACH: usize = 80;
/// How far (chars, decoys not counted) after a strong keyword a letter-only code may start.
const LETTER_REACH: usize = 8;

/// What supports an extracted code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Evidence {
    /// The WICG origin-bound line `@host #code`.
    OriginBound,
    /// A keyword (`verification code`, `验证码`, `код`, ...) near the code.
    Keyword,
    /// No keyword; the code stands alone on its own line.
    Layout,
}

/// A code found in a message. `Debug` redacts the code.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Extraction {
    /// The code exactly as the user must type it: display separators and `G-` style prefixes
    /// removed, non-ASCII digits mapped to ASCII, leading zeros kept.
    pub code: String,
    /// Byte offset of the code (as displayed, separators included) in the message.
    pub start: u32,
    /// Byte offset just past the displayed code.
    pub end: u32,
    /// What supports the code.
    pub evidence: Evidence,
    /// Confidence from 0 to 100.
    pub confidence: u32,
    /// Top-level host, for origin-bound messages.
    pub origin: Option<String>,
    /// Embedded (iframe) host, for origin-bound messages that name one.
    pub embedded_origin: Option<String>,
    /// The keyword that supports the code, as written in the message (keyword evidence only).
    pub keyword: Option<String>,
    /// Language pack of that keyword (`en`, `zh-Hans`, `ru`, ...).
    pub language: Option<String>,
}

impl std::fmt::Debug for Extraction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Extraction")
            .field("code", &crate::redact::REDACTED)
            .field("start", &self.start)
            .field("end", &self.end)
            .field("evidence", &self.evidence)
            .field("confidence", &self.confidence)
            .field("origin", &self.origin)
            .field("embedded_origin", &self.embedded_origin)
            .field("keyword", &self.keyword)
            .field("language", &self.language)
            .finish()
    }
}

/// Finds the one-time code in `message`, or `None` when there is none or it is ambiguous.
pub fn extract(message: &str) -> Option<Extraction> {
    extract_with(message, false)
}

/// [`extract`]; with `all_letters`, letter-only candidates are looked for in the whole message
/// instead of only near strong keywords (the same result: a test checks it).
fn extract_with(message: &str, all_letters: bool) -> Option<Extraction> {
    if message.len() > MAX_MESSAGE_BYTES {
        return None;
    }
    if let Some(ob) = find_origin_bound(message) {
        if !ob.code.is_empty() {
            return Some(Extraction {
                code: ob.code,
                start: ob.code_start,
                end: ob.code_end,
                evidence: Evidence::OriginBound,
                confidence: if ob.strict { 100 } else { 90 },
                origin: Some(ob.host),
                embedded_origin: ob.embedded_host,
                keyword: None,
                language: None,
            });
        }
    }
    SCRATCH.with_borrow_mut(|scratch| {
        let norm = Normalized::reusing(message, take(&mut scratch.text), take(&mut scratch.map));
        let found = by_keywords_or_layout(&norm, message, all_letters, scratch);
        (scratch.text, scratch.map) = norm.into_buffers();
        found
    })
}

/// The buffers of one extraction, kept per thread and reused by the next one (allocation was
/// about 6% of the time of an extraction).
#[derive(Default)]
struct Scratch {
    text: String,
    map: Vec<u32>,
    tokens: Vec<Token>,
    candidates: Vec<Candidate>,
    hits: Vec<Hit>,
    found: Vec<(usize, u32)>,
    decoys: Vec<(usize, usize)>,
    viable: Vec<Candidate>,
    scored: Vec<(f32, Candidate, Option<Hit>)>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// Keyword and layout evidence in the normalized message.
fn by_keywords_or_layout(
    norm: &Normalized,
    message: &str,
    all_letters: bool,
    scratch: &mut Scratch,
) -> Option<Extraction> {
    let Scratch {
        tokens,
        candidates,
        hits,
        found,
        decoys,
        viable,
        scored,
        ..
    } = scratch;
    // Letter-only codes score only next to a strong keyword: they are looked for when the
    // message has no other candidate and a strong keyword (else nothing can be found), or has
    // a strong keyword (below, only where they can score).
    let text = norm.text.as_str();
    find_candidates_into(norm, message, all_letters, tokens, candidates);
    let mut with_letters = all_letters;
    let mut keywords_found = false;
    if candidates.is_empty() {
        if all_letters {
            return None;
        }
        // No token with a digit made a candidate, and letter-only runs change no digit chain:
        // the candidates with letters are the letter-only codes of the whole text.
        *candidates = letter_candidates(norm, message, &[(0, text.len())]);
        with_letters = true;
        if candidates.is_empty() {
            return None;
        }
        find_keywords_into(text, hits, found);
        keywords_found = true;
        if !hits.iter().any(|h| h.class == Class::Strong) {
            return None;
        }
    }
    if !keywords_found {
        find_keywords_into(text, hits, found);
    }
    let hits = &hits[..];
    if nothing_to_find(text, message, candidates, hits) {
        return None;
    }
    decoy_spans_into(text, decoys);
    if candidates
        .iter()
        .any(|c| c.len == 4 && !c.grouped && !c.alphanumeric && is_year(&text[c.start..c.end]))
    {
        decoys.extend(month_date_spans(text));
        merge_spans(decoys);
    }
    let decoys = &decoys[..];
    if !with_letters && hits.iter().any(|h| h.class == Class::Strong) {
        let windows = letter_windows(text, hits, decoys);
        *candidates = merge_by_start(
            take(candidates),
            letter_candidates(norm, message, &windows),
            |c| c.start,
        );
    }
    viable.clear();
    viable.extend(
        candidates
            .iter()
            .filter(|c| !is_decoy(text, c, decoys, hits, found))
            .copied(),
    );
    if viable.is_empty() {
        return None;
    }
    let viable = &viable[..];
    let scene = Scene {
        text,
        hits,
        decoys,
        viable,
        promotional: hits
            .iter()
            .any(|h| h.class == Class::Negative && is_promotional(text, h)),
        off_topic: hits.iter().any(|h| h.class == Class::Context),
    };
    scored.clear();
    scored.extend(
        viable
            .iter()
            .map(|c| {
                let (score, hit) = scene.keyword_score(c);
                (score, *c, hit)
            })
            .filter(|(score, _, _)| *score >= THRESHOLD),
    );
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    if let Some(&(best, cand, hit)) = scored.first() {
        let code = code_of(norm, message, &cand);
        let rival = scored.iter().skip(1).any(|(score, other, _)| {
            best - score < AMBIGUITY_MARGIN && code_of(norm, message, other) != code
        });
        if rival {
            return None;
        }
        let hit = hit?;
        let (ks, ke) = (
            norm.original_offset(hit.start),
            norm.original_offset(hit.end),
        );
        return Some(Extraction {
            code,
            start: norm.original_offset(cand.start) as u32,
            end: norm.original_offset(cand.end) as u32,
            evidence: Evidence::Keyword,
            confidence: ((best * 100.0).round() as u32).min(99),
            origin: None,
            embedded_origin: None,
            keyword: Some(message[ks..ke].to_string()),
            language: Some(hit.lang.to_string()),
        });
    }
    // Layout evidence never takes three-digit or letter-only codes.
    let full: Vec<Candidate> = viable.iter().copied().filter(is_full).collect();
    layout(norm, message, &full, hits)
        .or_else(|| retriever_layout(norm, message, &full, hits, decoys))
}

/// Where a letter-only code can score: it must start within 8 characters (decoys not counted)
/// after a strong keyword (`login code: xkqpmt`), as `keyword_score` requires.
fn letter_windows(text: &str, hits: &[Hit], decoys: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let hidden = |p: usize| decoys.iter().any(|&(s, e)| s <= p && p < e);
    hits.iter()
        .filter(|h| h.class == Class::Strong)
        .map(|h| {
            let mut visible = 0;
            let end = text[h.end..]
                .char_indices()
                .map(|(i, _)| h.end + i)
                .find(|&p| {
                    visible += usize::from(!hidden(p));
                    visible > LETTER_REACH
                })
                .unwrap_or(text.len());
            (h.end, end)
        })
        .collect()
}

/// Four or more characters with a digit: the shapes layout evidence and rival checks count.
fn is_full(c: &Candidate) -> bool {
    c.len > SHORT_LEN && !c.letters_only
}

pub(super) fn code_of(norm: &Normalized, message: &str, c: &Candidate) -> String {
    let (s, e) = (norm.original_offset(c.start), norm.original_offset(c.end));
    canonical_code(&message[s..e])
}

/// Floor/ceil a byte index to a char boundary of `text`.
fn floor_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(text: &str, mut i: usize) -> usize {
    while i < text.len() && !text.is_char_boundary(i) {
        i += 1;
    }
    i.min(text.len())
}

fn is_decoy(
    text: &str,
    c: &Candidate,
    decoys: &[(usize, usize)],
    hits: &[Hit],
    found: &mut Vec<(usize, u32)>,
) -> bool {
    if decoys.iter().any(|&(s, e)| s < c.end && c.start < e) {
        return true;
    }
    let line_start = text[..c.start].rfind('\n').map_or(0, |i| i + 1);
    let from = floor_boundary(text, c.start.saturating_sub(PREFIX_WINDOW)).max(line_start);
    let before = &text[from..c.start];
    if prefix_is_decoy_with(before, found)
        && !keyword_copula(before, from, hits)
        && !strong_subject(text, c.start, hits)
    {
        return true;
    }
    let to = ceil_boundary(text, c.end + SUFFIX_WINDOW);
    suffix_is_decoy(&text[c.end..to])
}

/// `<strong keyword> for your booking is <code>`: the number after the copula is the value of
/// the strong keyword that opens the clause, not of the word right before the copula.
fn strong_subject(text: &str, start: usize, hits: &[Hit]) -> bool {
    let lead = text[..start].trim_end_matches([' ', ':']);
    // Not the Finnish `on` / Polish `to`, which read as English prepositions here.
    let copula = COPULAS
        .iter()
        .any(|w| !matches!(*w, " on" | " to") && ends_with(lead, w));
    if !copula {
        return false;
    }
    hits.iter().any(|h| {
        h.class == Class::Strong
            && h.end <= lead.len()
            && lead.len() - h.end <= 40
            && !text[h.end..lead.len()].contains(['.', '\n', ',', ';'])
            && !text[h.end..lead.len()].bytes().any(|b| b.is_ascii_digit())
    })
}

/// `<strong keyword> on <code>`: Finnish (and Estonian) "is" reads like the English date and
/// place preposition the prefix rules drop (`on 12 May`), but right after a strong keyword it
/// links the keyword to its value (`vahvistuskoodisi on 274019`).
fn keyword_copula(before: &str, from: usize, hits: &[Hit]) -> bool {
    let trimmed = before.trim_end_matches([' ', ':']);
    let Some(rest) = trimmed.strip_suffix("on") else {
        return false;
    };
    let Some(rest) = rest.strip_suffix(' ') else {
        return false;
    };
    let end = from + rest.len();
    // The keyword may carry an inflection (`vahvistuskoodi` + `si`).
    hits.iter().any(|h| {
        h.class == Class::Strong
            && h.end <= end
            && h.end >= from
            && before[h.end - from..end - from]
                .chars()
                .all(char::is_alphabetic)
    })
}

/// `. `, `! `, `? `, `。` or a blank line: the text crosses a sentence (one pass over the bytes).
fn sentence_break(between: &str) -> bool {
    let b = between.as_bytes();
    (0..b.len()).any(|i| match b[i] {
        b'.' | b'!' | b'?' => b.get(i + 1) == Some(&b' '),
        b'\n' => b.get(i + 1) == Some(&b'\n'),
        0xE3 => b.get(i + 1) == Some(&0x80) && b.get(i + 2) == Some(&0x82),
        _ => false,
    })
}

/// Closeness of a keyword `d` characters away.
fn proximity(d: usize) -> f32 {
    match d {
        0..=3 => 1.0,
        4..=12 => 0.9,
        13..=25 => 0.75,
        26..=45 => 0.55,
        46..=PROXIMITY_REACH => 0.35,
        _ => 0.0,
    }
}

/// Everything the scorer looks at besides the candidate itself.
struct Scene<'a> {
    text: &'a str,
    hits: &'a [Hit],
    decoys: &'a [(usize, usize)],
    viable: &'a [Candidate],
    /// The message advertises something (`% off`, `coupon`, `promo code`, ...).
    promotional: bool,
    /// The message has a context word (`prize`, `course`, `cheque`, `return label`, ...): weak
    /// keywords support nothing and alphanumeric codes are never taken.
    off_topic: bool,
}

/// `text.ends_with(suffix)`, its last byte compared first (most words end otherwise).
fn ends_with(text: &str, suffix: &str) -> bool {
    text.as_bytes().last() == suffix.as_bytes().last() && text.ends_with(suffix)
}

/// Words that link a subject to its value right before the code (`code is 1234`, `lautet`).
#[rustfmt::skip]
const COPULAS: [&str; 31] = [
    " is", " es", " est", " ist", " lautet", " è", " é", " là", " la", " to", " jest", " adalah",
    " равен", " هو", "是", "为", "為", "は", "는", "คือ", " είναι", " ειναι", " je", " és", " on",
    " är", " er", " este", " ay", " ni", " ہے",
];

impl Scene<'_> {
    /// Characters between `start` and `end` that are not inside decoy spans.
    fn distance(&self, start: usize, end: usize) -> usize {
        let total = self.text[start..end].chars().count();
        let hidden: usize = self
            .decoys
            .iter()
            .filter(|&&(s, e)| s < end && start < e)
            .map(|&(s, e)| self.text[s.max(start)..e.min(end)].chars().count())
            .sum();
        total - hidden
    }

    /// Another viable candidate lies strictly between `start` and `end`.
    fn candidate_between(&self, start: usize, end: usize) -> bool {
        self.viable
            .iter()
            .any(|o| is_full(o) && o.start >= start && o.end <= end)
    }

    /// A number lies between `start` and `end`: a candidate, or a decoy with digits (an
    /// amount, a card ending, an IBAN). A negative keyword (`IBAN`, `sort code`, `order`)
    /// names that number, not a code further on.
    fn number_between(&self, start: usize, end: usize) -> bool {
        self.candidate_between(start, end)
            || self.decoys.iter().any(|&(s, e)| {
                s >= start && e <= end && self.text[s..e].bytes().any(|b| b.is_ascii_digit())
            })
    }

    /// The candidate's best keyword score and the keyword that gave it (0 when vetoed).
    fn keyword_score(&self, c: &Candidate) -> (f32, Option<Hit>) {
        let text = self.text;
        let mut best = 0.0f32;
        let mut best_hit = None;
        let mut best_distance = usize::MAX;
        let mut best_before = false;
        let mut best_linked = false;
        let mut negative_before = usize::MAX;
        let mut negative_after = usize::MAX;
        for hit in self.hits {
            let (start, end, keyword_first) = if hit.end <= c.start {
                (hit.end, c.start, true)
            } else if hit.start >= c.end {
                (c.end, hit.start, false)
            } else {
                continue;
            };
            if hit.class == Class::Context {
                continue;
            }
            let between = &text[start..end];
            let d = self.distance(start, end);
            // Beyond their reach: a negative keyword vetoes nothing, a positive one scores 0
            // unless linked to the code (which needs it before the code, and a weak one within
            // `LINK_REACH`).
            let out_of_reach = match hit.class {
                Class::Negative => d > NEGATIVE_REACH,
                Class::Weak => d > PROXIMITY_REACH && (!keyword_first || d > LINK_REACH),
                _ => d > PROXIMITY_REACH && !keyword_first,
            };
            if out_of_reach {
                continue;
            }
            let sentence_break = sentence_break(between);
            if hit.class == Class::Negative {
                if !sentence_break && !self.number_between(start, end) {
                    if keyword_first {
                        negative_before = negative_before.min(d);
                    } else {
                        negative_after = negative_after.min(d);
                    }
                }
                continue;
            }
            let strength = if hit.class == Class::Strong { 1.0 } else { 0.7 };
            let mut factor = 1.0;
            if self.candidate_between(start, end) {
                factor *= 0.5;
            }
            if sentence_break {
                factor *= 0.6;
            } else if between.contains('\n') && between.chars().any(char::is_alphanumeric) {
                factor *= 0.85;
            }
            if !keyword_first && d > 3 {
                factor *= 0.9;
            }
            let mut score = strength * proximity(d) * factor;
            // "<keyword> ... is 123456": the keyword is the subject, the code its value, also
            // across amounts, card endings and IBANs (hidden from `d`) in between (`le code pour
            // valider votre paiement de 49,99 EUR avec la carte ****4021 est : 77120394`).
            let lead = text[start..end].trim_end_matches([' ', ':', '：']);
            let linked = keyword_first
                && !sentence_break
                && !self.candidate_between(start, end)
                && (COPULAS.iter().any(|w| ends_with(lead, w))
                    || between.trim_end().ends_with(':'));
            if linked && hit.class == Class::Strong {
                score = score.max(0.6 * factor);
            } else if linked && d <= LINK_REACH {
                score = score.max(0.5 * factor);
            }
            if score > best {
                best = score;
                best_hit = Some(*hit);
                best_distance = d;
                best_before = keyword_first;
                best_linked = linked;
            }
        }
        let Some(hit) = best_hit else {
            return (0.0, None);
        };
        if negative_before <= NEGATIVE_REACH && negative_before <= best_distance {
            return (0.0, None);
        }
        if negative_after <= NEGATIVE_REACH && negative_after <= best_distance && !best_before {
            return (0.0, None);
        }
        // Three digits only as the value of a keyword right before them (`code is 418`).
        if c.len <= SHORT_LEN
            && !(best_linked && best_distance <= 12 && !number_follows(&text[c.end..]))
        {
            return (0.0, None);
        }
        // Letter-only codes only right after a strong keyword linked to them.
        if c.letters_only
            && !(hit.class == Class::Strong && best_linked && best_distance <= LETTER_REACH)
        {
            return (0.0, None);
        }
        let mut score = best;
        if c.len == 6 {
            score += 0.05;
        } else if c.len >= 9 && !c.grouped {
            score -= 0.1;
        }
        if c.alphanumeric {
            let strong = hit.class == Class::Strong;
            if !strong && (best_distance > 4 || promo_shaped(&text[c.start..c.end])) {
                return (0.0, None);
            }
            if self.promotional || self.off_topic {
                return (0.0, None);
            }
        }
        if self.off_topic && hit.class == Class::Weak {
            return (0.0, None);
        }
        if c.lowercase
            && !(hit.class == Class::Strong
                && best_before
                && (best_distance <= 4 || (best_linked && best_distance <= 8))
                && !promo_shaped(&text[c.start..c.end]))
        {
            return (0.0, None);
        }
        if self.promotional && hit.class == Class::Weak {
            score *= 0.6;
        }
        if c.len == 4 && !c.grouped && is_year(&text[c.start..c.end]) && best_distance > 12 {
            score -= 0.2;
        }
        (score, Some(hit))
    }
}

/// Another digit group follows (`123 - 456`, `123 4`): the digits are part of a longer number.
fn number_follows(after: &str) -> bool {
    after
        .trim_start_matches([' ', '-', '.', ','])
        .starts_with(|c: char| c.is_ascii_digit())
}

/// A negative keyword that advertises (`promo code`, `% off`, `скидка`) rather than names
/// another kind of number (`postcode`, `tracking number`).
fn is_promotional(text: &str, hit: &Hit) -> bool {
    let found = &text[hit.start..hit.end];
    // Keywords are short: a plain byte search, without a substring searcher per marker.
    PROMO_MARKERS
        .iter()
        .any(|m| found.as_bytes().windows(m.len()).any(|w| w == m.as_bytes()))
}

/// Word-like letters glued to a number (`summer30`, `bday2024`, `win2024`): promotion codes;
/// a letter prefix before digits (`cs101`, `ik566`, `ba2490`): course, flight and product codes.
fn promo_shaped(code: &str) -> bool {
    let letters_first = code.trim_start_matches(|c: char| c.is_ascii_alphabetic());
    let digits_first = code.trim_start_matches(|c: char| c.is_ascii_digit());
    let run = |rest: &str, all: &str| all.len() - rest.len();
    (run(letters_first, code) >= 2
        && letters_first.len() >= 2
        && letters_first.bytes().all(|b| b.is_ascii_digit()))
        || (run(digits_first, code) >= 1
            && digits_first.len() >= 3
            && digits_first.bytes().all(|b| b.is_ascii_alphabetic()))
}

pub(super) fn is_year(digits: &str) -> bool {
    digits.starts_with("19") || digits.starts_with("20")
}

#[cfg(test)]
#[path = "extract_tests.rs"]
mod tests;
