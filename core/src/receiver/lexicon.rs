//! Finds the keyword-pack entries (`keywords.rs`) in normalized (lower-case) text: one regex
//! built once from every pack, then a table lookup for each match's class and boundary rules.

use super::decoys::compile;
use super::keywords::PACKS;
use regex::Regex;
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
    start_boundary: bool,
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
    regex: Regex,
    entries: HashMap<String, KeywordInfo>,
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
    LEXICON.get_or_init(|| {
        let mut entries = HashMap::new();
        let mut literals: Vec<&'static str> = Vec::new();
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
                    let entry = KeywordInfo {
                        class,
                        lang: pack.lang,
                        start_boundary: spaced && !raw.starts_with('~'),
                        end_boundary: spaced && !raw.ends_with('*'),
                    };
                    // The first pack to list an entry wins (packs are ordered by reach).
                    if let hash_map::Entry::Vacant(slot) = entries.entry(key(literal)) {
                        slot.insert(entry);
                        literals.push(literal);
                    }
                }
            }
        }
        literals.sort_by_key(|l| std::cmp::Reverse(l.len()));
        let alternatives: Vec<String> = literals
            .iter()
            .map(|literal| {
                literal
                    .split([' ', '-'])
                    .filter(|w| !w.is_empty())
                    .map(regex::escape)
                    .collect::<Vec<_>>()
                    .join(r"[ \t\-]*")
            })
            .collect();
        let pattern = alternatives.join("|");
        let regex = compile(&pattern);
        Lexicon { regex, entries }
    })
}

/// Every keyword in `text` (normalized, lower case), left to right, boundaries checked.
pub(crate) fn find_keywords(text: &str) -> Vec<Hit> {
    let lex = lexicon();
    let mut hits = Vec::new();
    for m in lex.regex.find_iter(text) {
        let Some(entry) = lex.entries.get(&key(m.as_str())) else {
            continue;
        };
        if entry.start_boundary
            && text[..m.start()]
                .chars()
                .next_back()
                .is_some_and(char::is_alphabetic)
        {
            continue;
        }
        if entry.end_boundary
            && text[m.end()..]
                .chars()
                .next()
                .is_some_and(char::is_alphabetic)
        {
            continue;
        }
        hits.push(Hit {
            start: m.start(),
            end: m.end(),
            class: entry.class,
            lang: entry.lang,
        });
    }
    hits
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
    fn lexicon_builds() {
        assert!(lexicon().entries.len() > 300);
    }
}
