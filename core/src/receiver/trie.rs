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

/// Lays the trie of sorted entries out depth first: each node's edges are one contiguous,
/// byte-ordered slice of a single array (no allocation per node).
pub(crate) fn layout(items: &[(Vec<u8>, u32)]) -> Trie {
    {
        let mut trie = Trie {
            root: vec![0; 256],
            gap: Vec::new(),
            span: Vec::new(),
            edges: Vec::new(),
            entry: Vec::new(),
        };
        build_node(items, 0, &mut trie);
        // `' '` sorts before every other byte of an entry: a word break is a node's first edge.
        trie.gap = (0..trie.span.len() as u32)
            .map(|node| {
                trie.edges(node)
                    .first()
                    .filter(|e| e.0 == b' ')
                    .map_or(0, |e| e.1)
            })
            .collect();
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
pub(crate) struct Trie {
    /// Root edges by first byte (0: none), the hot path of every position.
    root: Vec<u32>,
    /// Each node's word-break child (0: none), looked up at every step of a walk.
    gap: Vec<u32>,
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
    pub(crate) fn starts(&self, b: u8) -> bool {
        self.root[usize::from(b)] != 0
    }

    /// Entries matching at `at`, as (end, entry). A word break of an entry (stored as one
    /// `' '`) matches any run of spaces, tabs and dashes in the text, or none.
    pub(crate) fn matches(&self, text: &[u8], at: usize, out: &mut Vec<(usize, u32)>) {
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
            let gap = Some(self.gap[node as usize]).filter(|&g| g != 0);
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

/// The trie form of an entry: words joined by one space (`one-time code` → `one time code`).
pub(crate) fn trie_form(literal: &str) -> String {
    literal
        .split([' ', '-'])
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}
