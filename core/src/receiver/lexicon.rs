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

/// A byte trie under construction: the entries, built in one pass once sorted.
#[derive(Debug, Default)]
struct TrieBuilder {
    items: Vec<(Vec<u8>, u32)>,
}

impl TrieBuilder {
    fn insert(&mut self, literal: Vec<u8>, entry: u32) {
        self.items.push((literal, entry));
    }

    /// Sorted entries; of equal literals the first (lowest id: the first pack) is kept.
    fn sorted(mut self) -> Vec<(Vec<u8>, u32)> {
        self.items.sort_unstable();
        self.items.dedup_by(|b, a| a.0 == b.0);
        self.items
    }
}

/// Lays the trie of sorted entries out depth first: each node's edges are one contiguous,
/// byte-ordered slice of a single array (no allocation per node).
fn layout(items: &[(Vec<u8>, u32)]) -> Trie {
    {
        let mut trie = Trie {
            root: vec![0; 256],
            span: Vec::new(),
            edges: Vec::new(),
            entry: Vec::new(),
        };
        build_node(items, 0, &mut trie);
        let (start, len) = trie.span[0];
        for &(b, child) in &trie.edges[start as usize..(start + len) as usize] {
            trie.root[usize::from(b)] = child;
        }
        trie
    }
}

/// Adds the node for `items` (sorted, sharing their first `depth` bytes) and its subtree;
/// returns its id.
fn build_node(items: &[(Vec<u8>, u32)], depth: usize, trie: &mut Trie) -> u32 {
    let id = trie.span.len() as u32;
    let terminal = items.first().filter(|(l, _)| l.len() == depth).map(|i| i.1);
    let rest = &items[usize::from(terminal.is_some())..];
    trie.entry.push(terminal);
    // Children: runs of items with the same byte at `depth` (counted, then built).
    let run = |i: usize| {
        let b = rest[i].0[depth];
        (
            b,
            rest[i..].iter().take_while(|(l, _)| l[depth] == b).count(),
        )
    };
    let start = trie.edges.len();
    let mut i = 0;
    while i < rest.len() {
        let (b, n) = run(i);
        trie.edges.push((b, 0));
        i += n;
    }
    trie.span
        .push((start as u32, (trie.edges.len() - start) as u32));
    let (mut i, mut k) = (0, start);
    while i < rest.len() {
        let (_, n) = run(i);
        let child = build_node(&rest[i..i + n], depth + 1, trie);
        trie.edges[k].1 = child;
        i += n;
        k += 1;
    }
    id
}

/// A byte trie; node 0 is the root.
#[derive(Debug)]
struct Trie {
    /// Root edges by first byte (0: none), the hot path of every position.
    root: Vec<u32>,
    /// Each node's edges: (offset, count) into `edges`, sorted by byte.
    span: Vec<(u32, u32)>,
    edges: Vec<(u8, u32)>,
    /// The entry ending at each node, if any.
    entry: Vec<Option<u32>>,
}

impl Trie {
    fn edges(&self, node: u32) -> &[(u8, u32)] {
        let (start, len) = self.span[node as usize];
        &self.edges[start as usize..(start + len) as usize]
    }

    fn step(&self, node: u32, b: u8) -> Option<u32> {
        let edges = self.edges(node);
        let next = if edges.len() <= 8 {
            edges.iter().find(|e| e.0 == b).map_or(0, |e| e.1)
        } else {
            edges
                .binary_search_by_key(&b, |e| e.0)
                .map_or(0, |i| edges[i].1)
        };
        (next != 0).then_some(next)
    }

    /// Whether any entry starts with byte `b`.
    fn starts(&self, b: u8) -> bool {
        self.root[usize::from(b)] != 0
    }

    /// Entries matching at `at`, as (end, entry). A word break of an entry (stored as one
    /// `' '`) matches any run of spaces, tabs and dashes in the text, or none.
    fn matches(&self, text: &[u8], at: usize, out: &mut Vec<(usize, u32)>) {
        let node = self.root[usize::from(text[at])];
        if node == 0 {
            return;
        }
        if let Some(e) = self.entry[node as usize] {
            out.push((at + 1, e));
        }
        self.walk(node, text, at + 1, out);
    }

    fn walk(&self, mut node: u32, text: &[u8], mut j: usize, out: &mut Vec<(usize, u32)>) {
        let is_sep = |b: u8| matches!(b, b' ' | b'\t' | b'-');
        while j < text.len() {
            let b = text[j];
            // `' '` sorts before every other byte of an entry: a word break is the first edge.
            let gap = self
                .edges(node)
                .first()
                .filter(|e| e.0 == b' ')
                .map(|e| e.1);
            if is_sep(b) {
                // Separators in the text only where the entry has a word break.
                let Some(next) = gap else { break };
                node = next;
                while j < text.len() && is_sep(text[j]) {
                    j += 1;
                }
                continue;
            }
            if let Some(next) = gap {
                // The same word break written without a separator (`onetime`).
                self.walk(next, text, j, out);
            }
            let Some(next) = self.step(node, b) else {
                break;
            };
            node = next;
            j += 1;
            if let Some(e) = self.entry[node as usize] {
                out.push((j, e));
            }
        }
    }
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
}

#[derive(Debug)]
struct Tries {
    /// Entries that must start a word (spaced scripts without a leading `~`).
    bounded: Trie,
    /// Entries that may start anywhere (compound suffixes, unspaced scripts).
    free: Trie,
}

impl Lexicon {
    /// The tries for entries starting with byte `b`.
    fn tries(&self, b: u8) -> &Tries {
        if b.is_ascii() {
            &self.ascii
        } else {
            self.other.get_or_init(|| Tries {
                bounded: layout(&self.other_items[0]),
                free: layout(&self.other_items[1]),
            })
        }
    }
}

/// Lookup key: the text without spaces and dashes (`one-time  code` → `onetimecode`).
fn key(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect()
}

/// The trie form of an entry: words joined by one space (`one-time code` → `one time code`).
fn trie_form(literal: &str) -> String {
    literal
        .split([' ', '-'])
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
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
        Lexicon {
            ascii: Tries {
                bounded: layout(&ascii_bounded.sorted()),
                free: layout(&ascii_free.sorted()),
            },
            other_items: [other_bounded.sorted(), other_free.sorted()],
            other: OnceLock::new(),
            infos,
        }
    }
}

/// Every keyword in `text` (normalized, lower case), left to right, boundaries checked: at each
/// position the longest entry whose boundary rules hold, then the search resumes after it.
pub(crate) fn find_keywords(text: &str) -> Vec<Hit> {
    let lex = lexicon();
    let bytes = text.as_bytes();
    let mut hits = Vec::new();
    let mut found = Vec::new();
    let mut prev_alphabetic = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let tries = lex.tries(b);
        let bounded = !prev_alphabetic && tries.bounded.starts(b);
        if bounded || tries.free.starts(b) {
            found.clear();
            // Free entries first: on a tie the word entry (bounded, pushed last) wins.
            tries.free.matches(bytes, i, &mut found);
            if bounded {
                tries.bounded.matches(bytes, i, &mut found);
            }
            let best = found
                .iter()
                .filter(|&&(end, id)| {
                    !lex.infos[id as usize].end_boundary || !alphabetic_at(text, end)
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
                prev_alphabetic = text[..end]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphabetic);
                i = end;
                continue;
            }
        }
        if b.is_ascii() {
            prev_alphabetic = b.is_ascii_alphabetic();
            i += 1;
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            prev_alphabetic = c.is_alphabetic();
            i += c.len_utf8();
        }
    }
    hits
}

/// Whether the character starting at byte `i` is a letter.
fn alphabetic_at(text: &str, i: usize) -> bool {
    match text.as_bytes().get(i) {
        None => false,
        Some(b) if b.is_ascii() => b.is_ascii_alphabetic(),
        Some(_) => text[i..].chars().next().is_some_and(char::is_alphabetic),
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
