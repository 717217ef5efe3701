//! A byte trie for fixed word lists (keyword packs, decoy prefix words): built once from the
//! sorted entries into one array, walked at a position for every entry that matches there.
//! A word break of an entry (stored as one `' '`) matches any run of spaces, tabs and dashes in
//! the text, or none; separators in the text match only there.

/// A byte trie under construction: the entries, built in one pass once sorted.
#[derive(Debug, Default)]
pub(crate) struct TrieBuilder {
    items: Vec<(Vec<u8>, u32)>,
}

impl TrieBuilder {
    pub(crate) fn insert(&mut self, literal: Vec<u8>, entry: u32) {
        self.items.push((literal, entry));
    }

    /// Sorted entries; of equal literals the first (lowest id: the first pack) is kept.
    pub(crate) fn sorted(mut self) -> Vec<(Vec<u8>, u32)> {
        self.items.sort_unstable();
        self.items.dedup_by(|b, a| a.0 == b.0);
        self.items
    }
}

/// Lays the trie of sorted entries out depth first in one array: each node is a header (length
/// and flags, entry id) followed by its byte-ordered edges, and a node's first child follows
/// its edges, so a walk along a word reads consecutive memory (no allocation per node).
pub(crate) fn layout(items: &[(Vec<u8>, u32)]) -> Trie {
    let mut trie = Trie {
        slot: [0; 256],
        root: vec![0; 256],
        pairs: Vec::new(),
        first_chars: Vec::new(),
        triples: Vec::new(),
        cells: Vec::new(),
    };
    build_node(items, 0, &mut trie.cells);
    let root_edges = trie.edges(0).to_vec();
    for (k, e) in (1..).zip(root_edges) {
        trie.root[usize::from(label(e))] = child(e);
        trie.slot[usize::from(label(e))] = k;
    }
    trie.pairs = start_pairs(&trie);
    trie.first_chars = first_chars(items);
    trie.triples = start_triples(&trie);
    trie
}

/// Bits of the first three text bytes a walk from an ASCII first byte can pass through (or stop
/// in at an entry), hashed by `triple_bit`: a clear bit means no entry can match there. Over-
/// approximates (hash collisions, separator runs, entries ending early mark every extension).
fn start_triples(trie: &Trie) -> Vec<u64> {
    let mut bits = vec![0u64; TRIPLE_BITS / 64];
    for b0 in 0..0x80u8 {
        let node = trie.root[usize::from(b0)];
        if node != 0 {
            mark_triples(trie, node, &mut [b0, 0, 0], 1, false, &mut bits);
        }
    }
    bits
}

/// Marks the triples starting with `prefix[..len]` that a walk at `node` can continue with;
/// `in_gap`: a separator run has just been read (more separators stay at `node`).
fn mark_triples(
    trie: &Trie,
    node: u32,
    prefix: &mut [u8; 3],
    len: usize,
    in_gap: bool,
    bits: &mut [u64],
) {
    let mut set = |p: &[u8; 3]| {
        let bit = triple_bit(p[0], p[1], p[2]);
        bits[bit >> 6] |= 1 << (bit & 63);
    };
    if len == 3 {
        set(prefix);
        return;
    }
    if trie.cells[node as usize] & ENTRY != 0 {
        // An entry ends here: any continuation keeps the match.
        let mut p = *prefix;
        for x in 0..32u8 {
            p[len] = x;
            if len == 1 {
                for y in 0..32u8 {
                    p[2] = y;
                    set(&p);
                }
            } else {
                set(&p);
            }
        }
        return;
    }
    if in_gap {
        for sep in SEPARATORS {
            prefix[len] = sep;
            mark_triples(trie, node, prefix, len + 1, true, bits);
        }
    }
    for &e in trie.edges(node) {
        if label(e) == b' ' {
            for sep in SEPARATORS {
                prefix[len] = sep;
                mark_triples(trie, child(e), prefix, len + 1, true, bits);
            }
            // The word break written without a separator.
            mark_triples(trie, child(e), prefix, len, false, bits);
        } else {
            prefix[len] = label(e);
            mark_triples(trie, child(e), prefix, len + 1, false, bits);
        }
    }
}

const TRIPLE_BITS: usize = 1 << 15;

#[inline(always)]
fn triple_bit(b0: u8, b1: u8, b2: u8) -> usize {
    usize::from(b0 & 0x1F) << 10 | usize::from(b1 & 0x1F) << 5 | usize::from(b2 & 0x1F)
}

/// The bitmap over the 16-bit code points (three-byte UTF-8 characters) that an entry starting
/// with such a character starts with; empty when no entry does. A match needs the text to
/// start with the whole character (a word break or separator never falls inside one).
fn first_chars(items: &[(Vec<u8>, u32)]) -> Vec<u64> {
    let mut bits = Vec::new();
    for (literal, _) in items {
        if let [b0 @ 0xE0..=0xEF, b1, b2, ..] = literal[..] {
            bits.resize(1024, 0u64);
            let cp = three_byte_char(b0, b1, b2);
            bits[cp >> 6] |= 1 << (cp & 63);
        }
    }
    bits
}

/// The code point bits of a three-byte UTF-8 sequence (lead byte `0xE0..=0xEF`).
fn three_byte_char(b0: u8, b1: u8, b2: u8) -> usize {
    usize::from(b0 & 0x0F) << 12 | usize::from(b1 & 0x3F) << 6 | usize::from(b2 & 0x3F)
}

/// An edge: the child node (its offset in [`Trie::cells`]) above the byte label.
fn edge(label: u8, child: u32) -> u32 {
    assert!(child < 1 << 24, "trie node offsets fit in 24 bits");
    child << 8 | u32::from(label)
}

fn label(edge: u32) -> u8 {
    edge as u8
}

fn child(edge: u32) -> u32 {
    edge >> 8
}

/// The bitmap of the byte pairs (first byte, second byte) a match can start with, by the rules
/// of [`Trie::walk`]: an edge of the first byte's node; after a word break there, a separator or
/// (the break written without one) an edge of the break's node; every second byte when an entry
/// is that one byte. 256 bits for each first byte of an entry, in the order of
/// [`Trie::slot`] (a few hundred bytes, not 8 KiB for every first byte).
fn start_pairs(trie: &Trie) -> Vec<u64> {
    let firsts = trie.slot.iter().filter(|&&s| s != 0).count();
    let mut pairs = vec![0u64; firsts * 4];
    let mut set = |b0: u8, b1: u8| {
        let bit = pair_bit(trie.slot[usize::from(b0)], b1);
        pairs[bit >> 6] |= 1 << (bit & 63);
    };
    for b0 in 0..=255u8 {
        let node = trie.root[usize::from(b0)];
        if node == 0 {
            continue;
        }
        if trie.cells[node as usize] & ENTRY != 0 {
            for b1 in 0..=255u8 {
                set(b0, b1);
            }
            continue;
        }
        for &e in trie.edges(node) {
            if label(e) == b' ' {
                for sep in SEPARATORS {
                    set(b0, sep);
                }
                for &e2 in trie.edges(child(e)) {
                    set(b0, label(e2));
                }
            } else {
                set(b0, label(e));
            }
        }
    }
    pairs
}

/// The bit of the pair (first byte of slot `slot`, `b1`) in [`Trie::pairs`].
#[inline(always)]
fn pair_bit(slot: u16, b1: u8) -> usize {
    usize::from(slot - 1) << 8 | usize::from(b1)
}

/// Separators of the text that a word break of an entry matches.
const SEPARATORS: [u8; 3] = [b' ', b'\t', b'-'];

/// Node header flag: an entry ends at the node (its id is the header's second cell).
const ENTRY: u32 = 1;
/// Node header flag: the node's first edge is a word break (`' '` sorts before every other byte
/// of an entry).
const GAP: u32 = 2;

/// Adds the node for `items` (sorted, sharing their first `depth` bytes) and its subtree to
/// `cells`; returns its offset.
fn build_node(items: &[(Vec<u8>, u32)], depth: usize, cells: &mut Vec<u32>) -> u32 {
    let id = cells.len() as u32;
    let terminal = items.first().filter(|(l, _)| l.len() == depth).map(|i| i.1);
    let rest = &items[usize::from(terminal.is_some())..];
    // Children: runs of items with the same byte at `depth` (counted, then built).
    let run = |i: usize| {
        let b = rest[i].0[depth];
        (
            b,
            rest[i..].iter().take_while(|(l, _)| l[depth] == b).count(),
        )
    };
    cells.extend([0, terminal.unwrap_or(0)]);
    let start = cells.len();
    let mut i = 0;
    while i < rest.len() {
        let (b, n) = run(i);
        cells.push(edge(b, 0));
        i += n;
    }
    let len = cells.len() - start;
    let gap = len > 0 && label(cells[start]) == b' ';
    cells[id as usize] =
        (len as u32) << 8 | if terminal.is_some() { ENTRY } else { 0 } | if gap { GAP } else { 0 };
    let (mut i, mut k) = (0, start);
    while i < rest.len() {
        let (b, n) = run(i);
        let c = build_node(&rest[i..i + n], depth + 1, cells);
        cells[k] = edge(b, c);
        i += n;
        k += 1;
    }
    id
}

/// A byte trie; the root node is at offset 0.
#[derive(Debug)]
pub(crate) struct Trie {
    /// For each byte, 0 when no entry starts with it, else its place (from 1) among the first
    /// bytes of the entries (the root edges): tested first, and the row of [`Self::pairs`].
    slot: [u16; 256],
    /// Root edges by first byte (0: none), the hot path of every position.
    root: Vec<u32>,
    /// Bitmap over (first byte's slot, second byte): the pairs a match can start with.
    pairs: Vec<u64>,
    /// Bitmap of the three-byte characters an entry starts with ([`first_chars`]).
    first_chars: Vec<u64>,
    /// Hashed bitmap of the first three bytes a match from an ASCII byte can start with
    /// ([`start_triples`]).
    triples: Vec<u64>,
    /// The nodes, depth first: at a node's offset its header (edge count above the byte of
    /// [`ENTRY`] and [`GAP`] flags), the id of the entry ending there (read only where
    /// [`ENTRY`] is set), then its edges packed by [`edge`].
    cells: Vec<u32>,
}

impl Trie {
    fn edges(&self, node: u32) -> &[u32] {
        let o = node as usize;
        &self.cells[o + 2..o + 2 + (self.cells[o] >> 8) as usize]
    }

    fn step(edges: &[u32], b: u8) -> Option<u32> {
        let found = if edges.len() <= 8 {
            edges.iter().find(|&&e| label(e) == b).copied()
        } else {
            edges
                .binary_search_by_key(&b, |&e| label(e))
                .ok()
                .map(|i| edges[i])
        };
        found.map(child)
    }

    /// Whether an entry starts with byte `b`.
    pub(crate) fn starts_with(&self, b: u8) -> bool {
        self.slot[usize::from(b)] != 0
    }

    /// Whether an entry may match at `at` (a cheap test of its first two bytes, and of the whole
    /// first character when it has three bytes; [`Self::matches`] finds nothing where this is
    /// false).
    #[inline(always)]
    pub(crate) fn may_match(&self, text: &[u8], at: usize) -> bool {
        let b0 = text[at];
        let slot = self.slot[usize::from(b0)];
        if slot == 0 {
            return false;
        }
        match text.get(at + 1) {
            Some(&b1) => {
                let bit = pair_bit(slot, b1);
                if self.pairs[bit >> 6] & (1 << (bit & 63)) == 0 {
                    return false;
                }
                match (b0, text.get(at + 2)) {
                    (0xE0..=0xEF, Some(&b2)) if !self.first_chars.is_empty() => {
                        let cp = three_byte_char(b0, b1, b2);
                        self.first_chars[cp >> 6] & (1 << (cp & 63)) != 0
                    }
                    (0..=0x7F, Some(&b2)) => {
                        let bit = triple_bit(b0, b1, b2);
                        self.triples[bit >> 6] & (1 << (bit & 63)) != 0
                    }
                    _ => true,
                }
            }
            None => self.root[usize::from(b0)] != 0,
        }
    }

    /// Entries matching at `at`, as (end, entry). A word break of an entry (stored as one
    /// `' '`) matches any run of spaces, tabs and dashes in the text, or none.
    pub(crate) fn matches(&self, text: &[u8], at: usize, out: &mut Vec<(usize, u32)>) {
        let node = self.root[usize::from(text[at])];
        if node == 0 {
            return;
        }
        if self.cells[node as usize] & ENTRY != 0 {
            out.push((at + 1, self.cells[node as usize + 1]));
        }
        self.walk(node, text, at + 1, out);
    }

    fn walk(&self, mut node: u32, text: &[u8], mut j: usize, out: &mut Vec<(usize, u32)>) {
        let is_sep = |b: u8| SEPARATORS.contains(&b);
        while j < text.len() {
            let b = text[j];
            let o = node as usize;
            let header = self.cells[o];
            let edges = &self.cells[o + 2..o + 2 + (header >> 8) as usize];
            let gap = if header & GAP != 0 {
                child(edges[0])
            } else {
                0
            };
            if is_sep(b) {
                // Separators in the text only where the entry has a word break.
                if gap == 0 {
                    break;
                }
                node = gap;
                while j < text.len() && is_sep(text[j]) {
                    j += 1;
                }
                continue;
            }
            if gap != 0 {
                // The same word break written without a separator (`onetime`).
                self.walk(gap, text, j, out);
            }
            let Some(next) = Self::step(edges, b) else {
                break;
            };
            node = next;
            j += 1;
            if self.cells[node as usize] & ENTRY != 0 {
                out.push((j, self.cells[node as usize + 1]));
            }
        }
    }
}

/// The trie form of an entry: words joined by one space (`one-time code` → `one time code`).
pub(crate) fn trie_form(literal: &str) -> String {
    literal
        .split([' ', '-'])
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn start_pairs_never_hide_a_match() {
        let mut builder = TrieBuilder::default();
        for (id, word) in ["a", "one time", "on", "x y", "t-an", "ß"]
            .iter()
            .enumerate()
        {
            builder.insert(trie_form(word).into_bytes(), id as u32);
        }
        let trie = layout(&builder.sorted());
        let alphabet = [
            b'a', b'o', b'n', b'e', b' ', b'-', b'\t', b'x', b'y', b't', 0xC3, 0x9F, b'z',
        ];
        let mut found = Vec::new();
        let mut pruned = 0;
        for &b0 in &alphabet {
            for &b1 in &alphabet {
                for &b2 in &alphabet {
                    for len in 1..=3 {
                        let text = &[b0, b1, b2][..len];
                        found.clear();
                        trie.matches(text, 0, &mut found);
                        if !trie.may_match(text, 0) {
                            assert!(found.is_empty(), "{text:?}: {found:?}");
                            pruned += 1;
                        }
                    }
                }
            }
        }
        // The filter does prune: `oz`, `tz`, `xz` cannot start an entry.
        assert!(pruned > 100, "{pruned}");
        assert!(trie.may_match(b"xy", 0) && trie.may_match(b"x-y", 0) && trie.may_match(b"tan", 0));
        assert!(!trie.may_match(b"tz", 0));
        // The three-byte filter: `ta` may start `t-an` written `tan`, `tax` cannot.
        assert!(trie.may_match(b"ta", 0) && trie.may_match(b"t-a", 0));
        assert!(!trie.may_match(b"tax", 0) && !trie.may_match(b"onz", 1));
    }

    #[test]
    fn first_characters_never_hide_a_match() {
        let words = ["验证码", "验证", "码", "รหัส", "인증 번호", "ab", "分钟"];
        let mut builder = TrieBuilder::default();
        for (id, word) in words.iter().enumerate() {
            builder.insert(trie_form(word).into_bytes(), id as u32);
        }
        let trie = layout(&builder.sorted());
        // Every pair of characters from the entries (and a few others) at every position.
        let chars: Vec<char> = words
            .iter()
            .flat_map(|w| w.chars())
            .chain(['证', '验', 'x', ' ', '-', 'é', '码'])
            .collect();
        let mut pruned = 0;
        let mut found = Vec::new();
        for &a in &chars {
            for &b in &chars {
                let text = format!("{a}{b}");
                for at in (0..text.len()).filter(|&i| text.is_char_boundary(i)) {
                    found.clear();
                    trie.matches(text.as_bytes(), at, &mut found);
                    if !trie.may_match(text.as_bytes(), at) {
                        assert!(found.is_empty(), "{text:?} at {at}: {found:?}");
                        pruned += 1;
                    }
                }
            }
        }
        // The three-byte test prunes characters sharing their first two bytes with an entry's.
        assert!(!trie.may_match("证码".as_bytes(), 0) && trie.may_match("验证".as_bytes(), 0));
        assert!(pruned > 50, "{pruned}");
    }
}
