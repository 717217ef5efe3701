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

use super::candidates::{find_candidates, letter_candidates, Candidate, SHORT_LEN};
use super::decoys::{decoy_spans, merge_spans, month_date_spans, prefix_is_decoy, suffix_is_decoy};
use super::keywords::PROMO_MARKERS;
use super::layout::{layout, nothing_to_find, retriever_layout};
use super::lexicon::{find_keywords, Class, Hit};
use super::normalize::{canonical_code, Normalized};
use super::origin::find_origin_bound;

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
    let norm = Normalized::new(message);
    // Letter-only codes score only next to a strong keyword: they are looked for when the
    // message has no other candidate (to know whether to go on) or has a strong keyword.
    let mut candidates = find_candidates(&norm, message, all_letters);
    let mut with_letters = all_letters;
    if candidates.is_empty() {
        candidates = find_candidates(&norm, message, true);
        with_letters = true;
        if candidates.is_empty() {
            return None;
        }
    }
    let text = norm.text.as_str();
    let hits = find_keywords(text);
    if nothing_to_find(text, message, &candidates, &hits) {
        return None;
    }
    let mut decoys = decoy_spans(text);
    if candidates
        .iter()
        .any(|c| c.len == 4 && !c.grouped && !c.alphanumeric && is_year(&text[c.start..c.end]))
    {
        decoys.extend(month_date_spans(text));
        decoys = merge_spans(decoys);
    }
    if !with_letters && hits.iter().any(|h| h.class == Class::Strong) {
        let windows = letter_windows(text, &hits, &decoys);
        candidates = merge_by_start(candidates, letter_candidates(&norm, message, &windows));
    }
    let viable: Vec<Candidate> = candidates
        .into_iter()
        .filter(|c| !is_decoy(text, c, &decoys, &hits))
        .collect();
    if viable.is_empty() {
        return None;
    }
    let scene = Scene {
        text,
        hits: &hits,
        decoys: &decoys,
        viable: &viable,
        promotional: hits
            .iter()
            .any(|h| h.class == Class::Negative && is_promotional(text, h)),
        off_topic: hits.iter().any(|h| h.class == Class::Context),
    };
    let mut scored: Vec<(f32, Candidate, Option<Hit>)> = viable
        .iter()
        .map(|c| {
            let (score, hit) = scene.keyword_score(c);
            (score, *c, hit)
        })
        .filter(|(score, _, _)| *score >= THRESHOLD)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    if let Some(&(best, cand, hit)) = scored.first() {
        let code = code_of(&norm, message, &cand);
        let rival = scored.iter().skip(1).any(|(score, other, _)| {
            best - score < AMBIGUITY_MARGIN && code_of(&norm, message, other) != code
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
    let full: Vec<Candidate> = viable.into_iter().filter(is_full).collect();
    layout(&norm, message, &full, &hits)
        .or_else(|| retriever_layout(&norm, message, &full, &hits, &decoys))
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

/// Two candidate lists in text order, merged in text order.
fn merge_by_start(a: Vec<Candidate>, b: Vec<Candidate>) -> Vec<Candidate> {
    if b.is_empty() {
        return a;
    }
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut a, mut b) = (a.into_iter().peekable(), b.into_iter().peekable());
    while let (Some(x), Some(y)) = (a.peek(), b.peek()) {
        out.push(
            if x.start < y.start {
                a.next()
            } else {
                b.next()
            }
            .expect("peeked"),
        );
    }
    out.extend(a);
    out.extend(b);
    out
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

fn is_decoy(text: &str, c: &Candidate, decoys: &[(usize, usize)], hits: &[Hit]) -> bool {
    if decoys.iter().any(|&(s, e)| s < c.end && c.start < e) {
        return true;
    }
    let line_start = text[..c.start].rfind('\n').map_or(0, |i| i + 1);
    let from = floor_boundary(text, c.start.saturating_sub(PREFIX_WINDOW)).max(line_start);
    let before = &text[from..c.start];
    if prefix_is_decoy(before)
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
        .any(|w| !matches!(*w, " on" | " to") && lead.ends_with(w));
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
        46..=80 => 0.35,
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
                Class::Weak => d > 80 && (!keyword_first || d > LINK_REACH),
                _ => d > 80 && !keyword_first,
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
                && (COPULAS.iter().any(|w| lead.ends_with(w)) || between.trim_end().ends_with(':'));
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
    PROMO_MARKERS.iter().any(|m| found.contains(m))
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
mod tests {
    use super::*;

    fn code(text: &str) -> Option<String> {
        extract(text).map(|e| e.code)
    }

    #[test]
    fn letter_codes_only_near_strong_keywords_change_nothing() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/sms/");
        let file = std::fs::read_to_string(format!("{root}corpus.jsonl")).expect("corpus");
        let mut texts: Vec<String> = file
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).expect("corpus line");
                v["text"].as_str().expect("text").to_string()
            })
            .collect();
        let gaps = [
            "",
            " ",
            ": ",
            " is ",
            " $12.50 is: ",
            " on 12/05/2024: ",
            " at 12:30 is ",
            " for your account ",
            " https://x.example/a1 : ",
            " 4821 ",
        ];
        for gap in gaps {
            for lead in [
                "Your login code",
                "Verification code",
                "Ваш код подтверждения",
                "OTP",
            ] {
                for code in ["xkqpmt", "hrtwzq", "bcdfghjk", "pmt6bhcd"] {
                    texts.push(format!("{lead}{gap}{code}"));
                    texts.push(format!("{lead}{gap}{code}. Order 55120 ships soon"));
                    texts.push(format!("Call 5512 now. {lead}{gap}{code}"));
                }
            }
        }
        let mut letter_codes = 0;
        for t in &texts {
            let (fast, full) = (extract(t), extract_with(t, true));
            letter_codes += usize::from(fast.as_ref().is_some_and(|e| {
                e.code.len() > 5 && e.code.bytes().all(|b| b.is_ascii_lowercase())
            }));
            assert_eq!(fast, full, "{t:?}");
        }
        assert!(letter_codes > 10, "{letter_codes}");
    }

    #[test]
    fn basic_shapes() {
        assert_eq!(
            code("Your verification code is 123456"),
            Some("123456".into())
        );
        assert_eq!(
            code("G-123456 is your Google verification code."),
            Some("123456".into())
        );
        assert_eq!(
            code("您的验证码是：８８２９１０，5分钟内有效"),
            Some("882910".into())
        );
        assert_eq!(code("رمز التحقق: ٤٥٦٧٨٩"), Some("456789".into()));
        assert_eq!(code("Your code: 123-456"), Some("123456".into()));
        assert_eq!(code("Paid $1,234.56 with card ending 4821"), None);
        assert_eq!(code("Use promo code SAVE20 for 20% off"), None);
    }

    #[test]
    fn new_packs_find_their_codes() {
        for (text, want, lang) in [
            (
                "Ο κωδικός επαλήθευσης σας είναι 482916. Μην τον γνωστοποιήσετε σε κανέναν.",
                "482916",
                "el",
            ),
            (
                "Autorizační SMS kód: 73920155. Platba 1 299,00 Kč u ALZA.CZ.",
                "73920155",
                "cs",
            ),
            (
                "El teu codi de verificació és 381204. No el comparteixis amb ningú.",
                "381204",
                "ca",
            ),
            (
                "Vahvistuskoodisi on 274019. Älä kerro koodia kenellekään.",
                "274019",
                "fi",
            ),
            ("bKash যাচাইকরণ কোড: ৭৩৮২৯১. মেয়াদ ৩ মিনিট।", "738291", "bn"),
            (
                "BankID: Engångskod 52817 för inloggning. Gäller i 3 minuter.",
                "52817",
                "sv",
            ),
            (
                "Din engangskode er 318402. Koden udløber om 10 minutter.",
                "318402",
                "da",
            ),
            (
                "Vipps: Bekreftelseskode 8815. Koden er gyldig i 5 minutter.",
                "8815",
                "nb",
            ),
            (
                "BT: Cod de confirmare 5519 pentru plata de 120,50 RON la EMAG.",
                "5519",
                "ro",
            ),
            (
                "Az Ön ellenőrző kódja: 481920. Ne adja meg senkinek.",
                "481920",
                "hu",
            ),
            (
                "Kod pengesahan anda ialah 629401. Jangan kongsi kod ini.",
                "629401",
                "ms",
            ),
            (
                "GCash: Ang iyong verification code ay 5521. Valid ng 5 minuto.",
                "5521",
                "fil",
            ),
            (
                "آپ کا تصدیقی کوڈ 518290 ہے۔ یہ کوڈ کسی کو نہ بتائیں۔",
                "518290",
                "ur",
            ),
            (
                "Nambari yako ya uthibitisho ni 604821. Usimpe mtu yeyote.",
                "604821",
                "sw",
            ),
            (
                "உங்கள் சரிபார்ப்பு குறியீடு 493021. இதை யாருடனும் பகிர வேண்டாம்.",
                "493021",
                "ta",
            ),
        ] {
            let e = extract(text).unwrap_or_else(|| panic!("{lang}: no code in {text:?}"));
            assert_eq!(e.code, want, "{lang}");
            assert_eq!(e.language.as_deref(), Some(lang), "{lang}: {:?}", e.keyword);
        }
    }

    #[test]
    fn bidi_marks_around_codes() {
        let m = "رمز التحقق: \u{200f}482-913\u{200f}";
        let e = extract(m).expect("code between right-to-left marks");
        assert_eq!(e.code, "482913");
        assert_eq!(&m[e.start as usize..e.end as usize], "482-913");
        assert_eq!(
            code("کد تایید شما \u{2067}۵۵۱۲۰۹\u{2069} است"),
            Some("551209".into())
        );
        assert_eq!(
            code("Your code is \u{2066}7731\u{2069}."),
            Some("7731".into())
        );
        // Marks inside the code, between a digit group and its separator.
        let m = "رمز التحقق \u{200f}٤٨٢\u{200f}-\u{200f}٩١٣\u{200f} لا تشاركه";
        let e = extract(m).expect("marks inside a dashed code");
        assert_eq!(e.code, "482913");
        assert_eq!(
            &m[e.start as usize..e.end as usize],
            "٤٨٢\u{200f}-\u{200f}٩١٣"
        );
        assert_eq!(code("Code: 123\u{200e} \u{200e}456"), Some("123456".into()));
        // Two visible separators are still two numbers.
        assert_eq!(code("Code: 123 - 456"), None);
    }

    #[test]
    fn app_hash_messages_without_a_pack() {
        // Estonian and Lithuanian: no keyword pack, but the SMS Retriever hash ends the message.
        let e = extract("<#> Teie kinnituskood: 604117\nFA+9qCX9VSu").expect("retriever layout");
        assert_eq!((e.code.as_str(), e.evidence), ("604117", Evidence::Layout));
        assert_eq!(
            code("Jūsų patvirtinimo kodas yra 77 31 kR9sT2bQ1xW"),
            Some("7731".into())
        );
        // Two numbers, an amount only, or no hash: nothing.
        assert_eq!(code("Makse 4471 ja 9920 kinnitus\nFA+9qCX9VSu"), None);
        assert_eq!(code("Makse 25,50 EUR kinnitatud\nFA+9qCX9VSu"), None);
        assert_eq!(code("Tellimus 44120, summa 25,50 EUR.\nFA+9qCX9VSu"), None);
        assert_eq!(code("Teie kinnituskood on siin 604117 palun"), None);
        // An 11-letter word is not a hash.
        assert_eq!(code("Teie number 604117 information"), None);
    }

    #[test]
    fn finnish_on_after_a_keyword_is_a_copula() {
        assert_eq!(code("Vahvistuskoodisi on 274019."), Some("274019".into()));
        // Elsewhere `on` still introduces a date or a place, not a code.
        assert_eq!(code("Your code was used on 1204 devices"), None);
    }

    #[test]
    fn context_words_silence_weak_keywords() {
        // Lottery scam: "PIN code" next to a random-looking token.
        assert_eq!(
            code("Congratulations! You won a prize. PIN CODE 7Q4W8E2R, call now"),
            None
        );
        assert_eq!(
            code("Selamat anda pemenang undian Rp50jt. Kode 55120984"),
            None
        );
        // Cheque, course and parcel-return codes.
        assert_eq!(code("Your cheque code 30118842 has been issued"), None);
        assert_eq!(code("Reminder: course code is CS204, room B12"), None);
        assert_eq!(code("Mata kuliah Basis Data dgn kode TI304 dipindah"), None);
        assert_eq!(
            code("Return label ready. Code: 8KX2QP, drop it at any locker"),
            None
        );
        // Advertising without a negative keyword: alphanumerics are never taken.
        assert_eq!(code("Disc.25% all pizzas this week. Kode:PZ25K"), None);
        // A letter prefix before digits needs a strong keyword.
        assert_eq!(code("Exam hall code: MA2041"), None);
        assert_eq!(code("Your code is MA2041"), Some("MA2041".into()));
        // Strong keywords still work in such messages.
        assert_eq!(
            code("Your OTP is 482913 to redeem your reward points."),
            Some("482913".into())
        );
        assert_eq!(
            code("Kode OTP 551902 untuk klaim hadiah. Jangan berikan ke siapa pun."),
            Some("551902".into())
        );
    }

    #[test]
    fn keyword_linked_across_amounts_cards_and_ibans() {
        assert_eq!(
            code("Le code pour confirmer votre achat de 120,00 EUR chez DARTY avec la carte ****5521 est : 39018822"),
            Some("39018822".into())
        );
        assert_eq!(
            code("La clave para autorizar tu compra de 45,00 EUR en AMAZON con la tarjeta *1234 es 8821."),
            Some("8821".into())
        );
        // The negative `IBAN` names the IBAN, not the code after it.
        assert_eq!(
            code("Ihre TAN für die Zahlung von 89,00 EUR, IBAN DE12 5001 0517 0648 4898 90, lautet 44018273."),
            Some("44018273".into())
        );
        assert_eq!(
            code("Transfer to IBAN GB33 BUKB 2020 1555 5555 55 completed."),
            None
        );
        // Still one sentence: a code in the next sentence is not linked.
        assert_eq!(code("The code for your order. Total is 4412."), None);
    }

    #[test]
    fn more_code_shapes() {
        // Three digits only as the value of a keyword.
        assert_eq!(
            code("Your Starbucks verification code is 418."),
            Some("418".into())
        );
        assert_eq!(code("Ihr Code lautet 512."), Some("512".into()));
        assert_eq!(code("Press 1 for code 200 help"), None);
        assert_eq!(code("Room 512 is ready. Your key code will follow."), None);
        // Random-looking lower-case letter codes right after a strong keyword and a colon/copula.
        assert_eq!(
            code("Your Tumblr login code: xkqpmt"),
            Some("xkqpmt".into())
        );
        assert_eq!(code("Your verification code is invalid. Try again."), None);
        assert_eq!(code("Codul de verificare pentru contul tau"), None);
        // Two dashed groups of five alone on a line.
        assert_eq!(
            code("Your recovery code:\n48291-03817\nKeep it safe."),
            Some("4829103817".into())
        );
        assert_eq!(code("Call us at\n98765-43210\nMon-Fri 9-5"), None);
        // Display prefixes from the data list.
        assert_eq!(
            code("Your approval code is AMEX-551920. It expires in 10 minutes."),
            Some("551920".into())
        );
        assert_eq!(code("REF-882019 Your parcel has been dispatched."), None);
        // Three or more unequal groups are one longer number, not a code and two others.
        assert_eq!(code("Your Webex access code: 2401 992 881"), None);
        // A strong keyword opening the clause owns the value after the copula.
        assert_eq!(
            code("IRCTC: OTP for your booking is 551203. PNR 4410293881."),
            Some("551203".into())
        );
        assert_eq!(code("Your booking is 551203."), None);
    }

    #[test]
    fn compounds_verbs_and_unaccented_words() {
        assert_eq!(
            code("N26: Dein Kopplungscode lautet 8832."),
            Some("8832".into())
        );
        assert_eq!(
            code("Dein Rabattcode SOMMER20 ist bis Sonntag gültig."),
            None
        );
        assert_eq!(code("Text JOIN to shortcode 88022 for updates."), None);
        assert_eq!(
            code("Enter 402918 to finish logging in. Don't share it."),
            Some("402918".into())
        );
        assert_eq!(
            code("Gebruik 4410 om in te loggen bij Marktplaats."),
            Some("4410".into())
        );
        assert_eq!(
            code("5520 為您的登入代碼，請勿提供給他人。"),
            Some("5520".into())
        );
        assert_eq!(
            code("Ma kich hoat tai khoan cua ban la 4419"),
            Some("4419".into())
        );
        // Customer, card and sort-code numbers are not codes; the code still wins.
        assert_eq!(
            code("Sort code 20-45-77, account 41203398. Your confirmation code is 882013."),
            Some("882013".into())
        );
        assert_eq!(code("Sort code 20-45-77, account number 41203398."), None);
    }

    #[test]
    fn spans_point_into_the_original() {
        let m = "Код: ١٢٣٤٥٦";
        let e = extract(m).unwrap();
        assert_eq!(&m[e.start as usize..e.end as usize], "١٢٣٤٥٦");
        assert_eq!(e.evidence, Evidence::Keyword);
        assert_eq!(e.language.as_deref(), Some("ru"));
    }

    #[test]
    fn origin_bound_wins() {
        let e = extract("Your code is 111111\n\n@example.com #222222").unwrap();
        assert_eq!(
            (e.code.as_str(), e.evidence),
            ("222222", Evidence::OriginBound)
        );
        assert_eq!(e.origin.as_deref(), Some("example.com"));
    }

    #[test]
    fn sentence_breaks() {
        for text in ["code. 1234", "code! x", "code? x", "a\n\nb", "验证码。123"] {
            assert!(sentence_break(text), "{text:?}");
        }
        for text in ["code: 1234", "v1.2 is", "a\nb", "3.50 eur", "、"] {
            assert!(!sentence_break(text), "{text:?}");
        }
    }

    #[test]
    fn overlapping_decoys_are_merged() {
        assert_eq!(
            merge_spans(vec![(5, 9), (0, 3), (2, 4), (8, 12)]),
            vec![(0, 4), (5, 12)]
        );
        // A month date overlapping a numeric date: no distance underflow, still no code.
        assert_eq!(code("Due jun 12/2024, code 12/2024"), None);
    }

    #[test]
    fn layout_and_limits() {
        let e = extract("Acme\n482913").unwrap();
        assert_eq!(e.evidence, Evidence::Layout);
        assert_eq!(extract(&"1".repeat(MAX_MESSAGE_BYTES + 1)), None);
        assert_eq!(extract(""), None);
    }
}
