//! Finds the keyword-pack entries (`keywords.rs`) in normalized (lower-case) text: two byte
//! tries built once from every pack (one for entries that must start a word, one for entries
//! that may start anywhere: compound suffixes `~…` and scripts written without spaces), walked
//! at each position, longest entry whose boundary rules hold wins.
//!
//! A word break inside an entry matches any run of spaces, tabs and dashes, or none, so `one
//! time password`, `one-time password` and `onetime password` all match the entry `one time
//! password` (but `de code` never matches an entry `decode`). Building the tries
//! costs a few hundred microseconds, against about ten milliseconds for one regex alternation of
//! the same entries (first extraction in a new process).

use super::keywords::PACKS;
use super::trie::{layout, trie_form, Trie, TrieBuilder};
use std::collections::{hash_map, HashMap};
use std::sync::OnceLock;

/// How strongly a keyword announces a one-time code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    Strong,
    Weak,
    Negative,
    /// A context word (`prize`, `course`, `cheque`): not a keyword, it changes how weak
    /// keywords count in the whole message.
    Context,
}

#[derive(Debug, Clone, Copy)]
struct KeywordInfo {
    class: Class,
    lang: &'static str,
    end_boundary: bool,
}

/// A keyword found in the normalized text (byte offsets into it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hit {
    pub start: usize,
    pub end: usize,
    pub class: Class,
    pub lang: &'static str,
}

#[derive(Debug)]
struct Lexicon {
    /// Entries starting with an ASCII letter (needed for every message).
    ascii: Tries,
    /// Entries starting with another character, sorted, and their tries, laid out on first use
    /// (only messages with non-ASCII text need them).
    other_items: [Vec<(Vec<u8>, u32)>; 2],
    other: OnceLock<Tries>,
    infos: Vec<KeywordInfo>,
    /// For each byte, whether it is an ASCII letter that no free ASCII entry starts with: after
    /// a letter no word entry starts either, so nothing can match there (skipped in one loop).
    inside_word: [bool; 256],
    /// Bitmap over the code points below U+0800 (one- and two-byte characters): alphabetic.
    /// Built on first use (only text with non-ASCII letters needs it).
    alphabetic: OnceLock<[u64; 32]>,
}

#[derive(Debug)]
struct Tries {
    /// Entries that must start a word (spaced scripts without a leading `~`).
    bounded: Trie,
    /// Entries that may start anywhere (compound suffixes, unspaced scripts).
    free: Trie,
    /// For each byte, whether an entry of [`Self::bounded`] ([`BOUNDED`]) or of [`Self::free`]
    /// ([`FREE`]) starts with it: one load rejects most positions.
    starts: [u8; 256],
}

impl Lexicon {
    /// The tries for entries starting with byte `b`.
    fn tries(&self, b: u8) -> &Tries {
        if b.is_ascii() {
            &self.ascii
        } else {
            self.other.get_or_init(|| {
                Tries::new(layout(&self.other_items[0]), layout(&self.other_items[1]))
            })
        }
    }
}

/// [`Tries::starts`]: an entry of the bounded trie starts with the byte.
const BOUNDED: u8 = 1;
/// [`Tries::starts`]: an entry of the free trie starts with the byte.
const FREE: u8 = 2;

impl Tries {
    fn new(bounded: Trie, free: Trie) -> Self {
        let mut starts = [0u8; 256];
        for (b, s) in (0..=255u8).zip(starts.iter_mut()) {
            *s = if bounded.starts_with(b) { BOUNDED } else { 0 }
                | if free.starts_with(b) { FREE } else { 0 };
        }
        Tries {
            bounded,
            free,
            starts,
        }
    }
}

/// Lookup key: the text without spaces and dashes (`one-time  code` → `onetimecode`).
fn key(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect()
}

/// Scripts written without spaces between words: no word boundaries apply.
fn is_unspaced_script(c: char) -> bool {
    matches!(c as u32,
        0x0E00..=0x0E7F      // Thai
        | 0x3040..=0x30FF    // Hiragana, Katakana
        | 0x3400..=0x9FFF    // CJK ideographs
        | 0xAC00..=0xD7AF    // Hangul syllables
        | 0x1100..=0x11FF    // Hangul jamo
        | 0xF900..=0xFAFF) // CJK compatibility ideographs
}

fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(build_lexicon)
}

/// Both tries and the entry table, from every pack.
fn build_lexicon() -> Lexicon {
    {
        let mut seen = HashMap::new();
        // [ascii, other] × [bounded, free]
        let mut builders: [[TrieBuilder; 2]; 2] = Default::default();
        let mut infos = Vec::new();
        for pack in PACKS {
            let classes = [
                (pack.strong, Class::Strong),
                (pack.weak, Class::Weak),
                (pack.negative, Class::Negative),
                (pack.context, Class::Context),
            ];
            for (list, class) in classes {
                for raw in list {
                    let literal = raw.trim_start_matches('~').trim_end_matches('*');
                    let spaced = !literal.chars().any(is_unspaced_script);
                    let squeezed = key(literal);
                    let free = !spaced || raw.starts_with('~');
                    // The first pack to list an entry wins (packs are ordered by reach); a
                    // compound form (`~code`) is a separate entry from the word (`code`).
                    let hash_map::Entry::Vacant(slot) = seen.entry((squeezed.clone(), free)) else {
                        continue;
                    };
                    slot.insert(());
                    let id = infos.len() as u32;
                    infos.push(KeywordInfo {
                        class,
                        lang: pack.lang,
                        end_boundary: spaced && !raw.ends_with('*'),
                    });
                    let form = trie_form(literal).into_bytes();
                    let script = usize::from(!form[0].is_ascii());
                    builders[script][usize::from(free)].insert(form, id);
                }
            }
        }
        let [[ascii_bounded, ascii_free], [other_bounded, other_free]] = builders;
        let ascii = Tries::new(
            layout(&ascii_bounded.sorted()),
            layout(&ascii_free.sorted()),
        );
        let mut inside_word = [false; 256];
        for (b, inside) in (0..=255u8).zip(inside_word.iter_mut()) {
            *inside = b.is_ascii_alphabetic() && ascii.starts[usize::from(b)] & FREE == 0;
        }
        Lexicon {
            ascii,
            other_items: [other_bounded.sorted(), other_free.sorted()],
            other: OnceLock::new(),
            infos,
            inside_word,
            alphabetic: OnceLock::new(),
        }
    }
}

/// Every keyword in `text` (normalized, lower case), left to right, boundaries checked: at each
/// position the longest entry whose boundary rules hold, then the search resumes after it.
#[cfg(test)]
pub(crate) fn find_keywords(text: &str) -> Vec<Hit> {
    let mut hits = Vec::new();
    find_keywords_into(text, &mut hits, &mut Vec::new());
    hits
}

/// [`find_keywords`] into `hits` (cleared first), with `found` as the buffer of the trie walks:
/// the buffers of one extraction are reused by the next.
pub(crate) fn find_keywords_into(text: &str, hits: &mut Vec<Hit>, found: &mut Vec<(usize, u32)>) {
    let lex = lexicon();
    let bytes = text.as_bytes();
    hits.clear();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b & 0xC0 == 0x80 {
            // Inside a character: entries start at character starts.
            i += 1;
            continue;
        }
        let tries = lex.tries(b);
        let starts = tries.starts[usize::from(b)];
        if starts == 0 {
            i += 1;
            continue;
        }
        // Word entries start only after a non-letter: an ASCII byte before is checked first (most
        // positions are inside a word), another character only when an entry could start here.
        let bounded = starts & BOUNDED != 0
            && match i.checked_sub(1).map(|p| bytes[p]) {
                Some(p) if p.is_ascii() => {
                    !p.is_ascii_alphabetic() && tries.bounded.may_match(bytes, i)
                }
                _ => tries.bounded.may_match(bytes, i) && !lex.alphabetic_before(text, i),
            };
        let free = starts & FREE != 0 && tries.free.may_match(bytes, i);
        if bounded || free {
            found.clear();
            // Free entries first: on a tie the word entry (bounded, pushed last) wins.
            if free {
                tries.free.matches(bytes, i, found);
            }
            if bounded {
                tries.bounded.matches(bytes, i, found);
            }
            let best = found
                .iter()
                .filter(|&&(end, id)| {
                    !lex.infos[id as usize].end_boundary || !lex.alphabetic_at(text, end)
                })
                .max_by_key(|&&(end, _)| end);
            if let Some(&(end, id)) = best {
                let info = lex.infos[id as usize];
                hits.push(Hit {
                    start: i,
                    end,
                    class: info.class,
                    lang: info.lang,
                });
                i = end;
                continue;
            }
        }
        i += 1;
        if b.is_ascii_alphabetic() {
            // Inside an ASCII word: only a free entry could start, and none starts with these.
            while i < bytes.len() && lex.inside_word[usize::from(bytes[i])] {
                i += 1;
            }
        }
    }
}

impl Lexicon {
    /// Whether the two-byte character `b0 b1` is a letter (by the table).
    fn two_byte_alphabetic(&self, b0: u8, b1: u8) -> bool {
        let table = self.alphabetic.get_or_init(|| {
            let mut bits = [0u64; 32];
            for cp in 0..0x800u32 {
                if char::from_u32(cp).is_some_and(char::is_alphabetic) {
                    bits[cp as usize >> 6] |= 1 << (cp & 63);
                }
            }
            bits
        });
        let cp = usize::from(b0 & 0x1F) << 6 | usize::from(b1 & 0x3F);
        table[cp >> 6] & (1 << (cp & 63)) != 0
    }

    /// Whether the character ending at byte `i` (a character boundary) is a letter.
    fn alphabetic_before(&self, text: &str, i: usize) -> bool {
        let bytes = text.as_bytes();
        match bytes[..i].last() {
            None => false,
            Some(b) if b.is_ascii() => b.is_ascii_alphabetic(),
            Some(&b1) if i >= 2 && (0xC2..=0xDF).contains(&bytes[i - 2]) => {
                self.two_byte_alphabetic(bytes[i - 2], b1)
            }
            Some(_) => text[..i]
                .chars()
                .next_back()
                .is_some_and(char::is_alphabetic),
        }
    }

    /// Whether the character starting at byte `i` (a character boundary) is a letter.
    fn alphabetic_at(&self, text: &str, i: usize) -> bool {
        let bytes = text.as_bytes();
        match bytes.get(i) {
            None => false,
            Some(b) if b.is_ascii() => b.is_ascii_alphabetic(),
            Some(&b0 @ 0xC2..=0xDF) => self.two_byte_alphabetic(b0, bytes[i + 1]),
            Some(_) => text[i..].chars().next().is_some_and(char::is_alphabetic),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classes(text: &str) -> Vec<(String, Class)> {
        find_keywords(text)
            .into_iter()
            .map(|h| (text[h.start..h.end].to_string(), h.class))
            .collect()
    }

    #[test]
    fn boundaries_and_negatives() {
        assert!(classes("scan the barcode 1234")
            .iter()
            .all(|(_, c)| *c == Class::Negative));
        assert!(classes("unicode 1234")
            .iter()
            .all(|(_, c)| *c == Class::Negative));
        assert_eq!(
            classes("your one-time password"),
            vec![("one-time password".to_string(), Class::Strong)]
        );
        assert_eq!(classes("use promo code save20")[0].1, Class::Negative);
        assert_eq!(
            classes("ваш код: 1234")[0],
            ("ваш код".into(), Class::Strong)
        );
        assert_eq!(classes("кодом 1234")[0], ("код".into(), Class::Weak));
        assert!(classes("промокод 1234")
            .iter()
            .all(|(_, c)| *c == Class::Negative));
        assert_eq!(
            classes("您的验证码是123456")[0],
            ("验证码".into(), Class::Strong)
        );
        assert!(classes("pinterest").is_empty());
    }

    #[test]
    fn no_entry_has_two_classes() {
        let mut seen: HashMap<String, (Class, &str)> = HashMap::new();
        for pack in PACKS {
            let classes = [
                (pack.strong, Class::Strong),
                (pack.weak, Class::Weak),
                (pack.negative, Class::Negative),
                (pack.context, Class::Context),
            ];
            for (list, class) in classes {
                for raw in list {
                    let k = key(raw.trim_start_matches('~').trim_end_matches('*'));
                    match seen.get(&k) {
                        Some(&(c, lang)) => {
                            assert_eq!(c, class, "{raw:?}: {lang} and {} disagree", pack.lang)
                        }
                        None => {
                            seen.insert(k, (class, pack.lang));
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn context_words() {
        let context = |text: &str| {
            classes(text)
                .into_iter()
                .filter(|(_, c)| *c == Class::Context)
                .map(|(w, _)| w)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            context("congratulations! you won a prize"),
            ["congratulations", "you won", "prize"]
        );
        assert_eq!(context("course code cs101 starts monday"), ["course code"]);
        assert_eq!(
            context("selamat anda pemenang undian"),
            ["selamat anda", "pemenang", "undian"]
        );
        assert_eq!(context("dgn kode cek 123"), ["kode cek"]);
        assert_eq!(context("kode mata kuliah ik566"), ["mata kuliah"]);
        assert_eq!(context("ihr gewinn: scheck 123"), ["gewinn", "scheck"]);
        assert_eq!(context("您已中奖，奖金"), ["中奖", "奖金"]);
        // Boundaries: `discord`, `courses` (no `*`), `prizefighter` are not context words.
        assert!(context("your discord code").is_empty());
        assert!(context("a lot of codes").is_empty());
        assert_eq!(context("prizes"), ["prize"]);
        assert!(context("your verification code is 123456").is_empty());
    }

    #[test]
    fn letter_tables_agree_with_unicode() {
        let lex = lexicon();
        for cp in 0..0x800 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let text = format!("1{c}2");
            let end = 1 + c.len_utf8();
            assert_eq!(
                lex.alphabetic_before(&text, end),
                c.is_alphabetic(),
                "U+{cp:04X}"
            );
            assert_eq!(lex.alphabetic_at(&text, 1), c.is_alphabetic(), "U+{cp:04X}");
        }
        for (b, &inside) in lex.inside_word.iter().enumerate() {
            let b = b as u8;
            // Nothing can match after a letter at a byte that is skipped.
            assert_eq!(
                inside,
                b.is_ascii_alphabetic() && !lex.ascii.free.starts_with(b)
            );
        }
        assert!(lex.alphabetic_before("кот", 2) && !lex.alphabetic_before("1·", 3));
    }

    #[test]
    fn lexicon_builds() {
        assert!(lexicon().infos.len() > 300);
    }

    #[test]
    fn separators_and_longest_entries() {
        // Spaces and dashes inside an entry, or none.
        for text in ["one time password", "one-time password", "onetime password"] {
            assert_eq!(classes(text), vec![(text.to_string(), Class::Strong)]);
        }
        // `code is` fails its end boundary in `code issued`; the shorter `code` still matches.
        assert_eq!(
            classes("code issued"),
            vec![("code".to_string(), Class::Weak)]
        );
        // A bounded entry never starts inside a word; compound entries (`~`) may.
        assert!(classes("contact us").is_empty());
        // Separators only where the entry has a word break.
        assert_eq!(classes("co de 1234"), vec![]);
        assert_eq!(
            classes("sign-in code"),
            vec![("sign-in code".to_string(), Class::Strong)]
        );
        assert_eq!(classes("הקוד 1234")[0].1, Class::Weak);
        // German compounds ending in -code; the negative compound wins where it is listed.
        assert_eq!(
            classes("dein kopplungscode lautet 8832"),
            vec![("code".to_string(), Class::Weak)]
        );
        assert_eq!(classes("dein rabattcode")[0].1, Class::Negative);
        assert_eq!(
            classes("text join to shortcode 88022")[0].1,
            Class::Negative
        );
    }
}
