//! Where each key and list item of a block-style YAML document sits.
//!
//! serde_yaml gives values without positions, so diagnostics about a value
//! ("unknown key", "expected -1, 0 or 1") and Markdown origins need a second,
//! cheap look at the lines. This scanner understands exactly what front
//! matter uses: indentation, `key:` lines, `- ` items and block scalars. Flow
//! collections (`[a, b]`) are located as one value on their key's line.
//!
//! Documents that `fast` reads get their positions from it instead, built
//! while reading; its tests hold the two to the same result.

/// One step of a path from the document root to a value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Seg {
    Key(String),
    Index(usize),
}

/// Where a key (or list item) and its value start, 1-based in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pos {
    pub line: u32,
    /// Column of the key (of the item content, for list items).
    pub key_col: u32,
    /// Column where the value starts on that line; for an empty value (a
    /// nested block follows) it is the column just after the colon.
    pub value_col: u32,
    /// `|` or `>`: the value's text starts on the next line.
    pub block_scalar: bool,
}

/// The positions as a tree kept flat, in document order: each entry knows
/// its parent. No hashing and one string arena: this runs on every file, and
/// a card has only a few dozen keys.
#[derive(Debug, Default)]
#[cfg_attr(test, derive(PartialEq))]
pub struct Positions {
    entries: Vec<Entry>,
    /// Every key's text, back to back; entries hold ranges into it.
    names: String,
}

#[derive(Debug)]
#[cfg_attr(test, derive(PartialEq))]
struct Entry {
    parent: u32,
    seg: EntrySeg,
    pos: Pos,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EntrySeg {
    Key(u32, u32),
    Index(usize),
}

/// The parent of top-level entries.
pub(super) const ROOT: u32 = u32::MAX;

impl Positions {
    /// Scans `yaml`, whose first line is line `first_line` of its file.
    pub fn new(yaml: &str, first_line: u32) -> Positions {
        let mut loc = Positions::for_document(yaml);
        // (indent, entry) from the root down to the current node; indents
        // never decrease from bottom to top.
        let mut stack: Vec<(usize, u32)> = Vec::new();
        // Lines indented deeper than this belong to a block scalar.
        let mut scalar_indent: Option<usize> = None;
        for (i, raw) in lines(yaml).enumerate() {
            let line_no = first_line + i as u32;
            let indent = raw.len() - raw.trim_start_matches(' ').len();
            let rest = &raw[indent..];
            if rest.trim().is_empty() {
                continue;
            }
            if let Some(limit) = scalar_indent {
                if indent > limit {
                    continue;
                }
                scalar_indent = None;
            }
            if rest.starts_with('#') || rest.starts_with("---") || rest.starts_with("...") {
                continue;
            }
            let mut col = indent;
            let mut text = rest;
            if is_dash(text) {
                while stack.last().is_some_and(|(d, _)| *d > indent) {
                    stack.pop();
                }
                let mut index = 0;
                if let Some(&(d, id)) = stack.last() {
                    if let EntrySeg::Index(n) = loc.entries[id as usize].seg {
                        if d == indent {
                            index = n + 1;
                            stack.pop();
                        }
                    }
                }
                let after = &text[1..];
                let skip = after.len() - after.trim_start_matches(' ').len();
                col = indent + 1 + skip;
                text = &after[skip..];
                let block = is_block_indicator(text);
                let pos = Pos {
                    line: line_no,
                    key_col: col as u32 + 1,
                    value_col: col as u32 + 1,
                    block_scalar: block,
                };
                let id = loc.add_index(parent(&stack), index, pos);
                stack.push((indent, id));
                if block {
                    scalar_indent = Some(indent);
                    continue;
                }
            } else {
                while stack.last().is_some_and(|(d, _)| *d >= indent) {
                    stack.pop();
                }
            }
            let Some((key, value_offset)) = split_key(text) else {
                continue;
            };
            let value = text[value_offset..].trim_start_matches(' ');
            let value_col = col + text.len() - value.len();
            let block = is_block_indicator(value);
            let pos = Pos {
                line: line_no,
                key_col: col as u32 + 1,
                value_col: value_col as u32 + 1,
                block_scalar: block,
            };
            let id = loc.add_key(parent(&stack), key, pos);
            stack.push((col, id));
            if block {
                scalar_indent = Some(col);
            }
        }
        loc
    }

    /// An empty locator for `yaml`, to be filled in document order by
    /// `new`'s scan or by a reader that already knows the document's
    /// structure (`fast`).
    pub(super) fn for_document(yaml: &str) -> Positions {
        // About one key per 40 bytes of front matter: no regrowing.
        Positions {
            entries: Vec::with_capacity(yaml.len() / 40 + 4),
            names: String::with_capacity(yaml.len() / 8 + 16),
        }
    }

    /// Records the key `key` under the entry `parent` (or `ROOT`); returns
    /// the new entry's id.
    pub(super) fn add_key(&mut self, parent: u32, key: &str, pos: Pos) -> u32 {
        let start = self.names.len() as u32;
        self.names.push_str(key);
        let seg = EntrySeg::Key(start, self.names.len() as u32);
        self.add(parent, seg, pos)
    }

    /// Records item `index` of the list held by the entry `parent`.
    pub(super) fn add_index(&mut self, parent: u32, index: usize, pos: Pos) -> u32 {
        self.add(parent, EntrySeg::Index(index), pos)
    }

    fn add(&mut self, parent: u32, seg: EntrySeg, pos: Pos) -> u32 {
        self.entries.push(Entry { parent, seg, pos });
        self.entries.len() as u32 - 1
    }

    pub fn get(&self, path: &[Seg]) -> Option<Pos> {
        let mut current = ROOT;
        let mut found = None;
        for seg in path {
            // Children come after their parent, in document order.
            let from = if current == ROOT {
                0
            } else {
                current as usize + 1
            };
            let (id, entry) = self.entries[from..]
                .iter()
                .enumerate()
                .find(|(_, e)| e.parent == current && self.matches(e.seg, seg))?;
            current = (from + id) as u32;
            found = Some(entry.pos);
        }
        found
    }

    fn matches(&self, have: EntrySeg, want: &Seg) -> bool {
        match (have, want) {
            (EntrySeg::Key(a, b), Seg::Key(k)) => &self.names[a as usize..b as usize] == k,
            (EntrySeg::Index(n), Seg::Index(m)) => n == *m,
            _ => false,
        }
    }
}

/// The entry holding what comes next on `new`'s stack.
fn parent(stack: &[(usize, u32)]) -> u32 {
    stack.last().map_or(ROOT, |(_, id)| *id)
}

/// `str::lines`, with the newlines found by SIMD `memchr`: the scan runs
/// over every line of every front matter, long descriptions included.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let mut start = 0;
    memchr::memchr_iter(b'\n', bytes)
        .map(Some)
        .chain(std::iter::once(None))
        .filter_map(move |newline| {
            let line = match newline {
                Some(at) => {
                    let line = &text[start..at];
                    start = at + 1;
                    line.strip_suffix('\r').unwrap_or(line)
                }
                None if start < bytes.len() => &text[start..],
                None => return None,
            };
            Some(line)
        })
}

fn is_dash(text: &str) -> bool {
    text == "-" || text.starts_with("- ")
}

/// `|`, `|-`, `>+`, `|2`… optionally followed by a comment.
fn is_block_indicator(value: &str) -> bool {
    // Most values are plain text: no need to look for a comment in them.
    if !value.starts_with(['|', '>']) {
        return false;
    }
    let v = value.split(" #").next().unwrap_or("").trim_end();
    let mut chars = v.chars();
    matches!(chars.next(), Some('|') | Some('>'))
        && chars.all(|c| c == '-' || c == '+' || c.is_ascii_digit())
}

/// `key: value` → (key, byte offset of what follows the colon). Keys may be
/// quoted; a colon must be followed by a space or the end of the line.
fn split_key(text: &str) -> Option<(&str, usize)> {
    let bytes = text.as_bytes();
    let first = *bytes.first()?;
    if first == b'"' || first == b'\'' {
        let close = text[1..].find(first as char)? + 1;
        let after = &text[close + 1..];
        let colon = after.strip_prefix(':')?;
        if colon.is_empty() || colon.starts_with(' ') {
            return Some((&text[1..close], close + 2));
        }
        return None;
    }
    if matches!(first, b'[' | b'{' | b'#' | b'&' | b'*' | b'!' | b'|' | b'>') {
        return None;
    }
    let mut search = 0;
    while let Some(found) = memchr::memchr(b':', &bytes[search..]) {
        let at = search + found;
        let next = bytes.get(at + 1);
        if next.is_none() || next == Some(&b' ') || next == Some(&b'\t') {
            let key = text[..at].trim_end();
            if key.contains(" #") {
                return None;
            }
            return Some((key, at + 1));
        }
        search = at + 1;
    }
    None
}

/// Builds a path from string keys and indices, for lookups.
pub fn path(parent: &[Seg], seg: Seg) -> Vec<Seg> {
    let mut p = parent.to_vec();
    p.push(seg);
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(k: &str) -> Seg {
        Seg::Key(k.into())
    }

    const DOC: &str = "title: A # c\naccess_page:\n  - who:\n      - X\n    is_eligible: -1\n    description: |\n      Text: not a key\n\n      more\n  - who: [Y]\n    description: plain\npartners:\n- a\n- b\nlast: x\n";

    #[test]
    fn locates_top_level_keys_with_value_columns() {
        let loc = Positions::new(DOC, 2);
        let p = loc.get(&[key("title")]).unwrap();
        assert_eq!((p.line, p.key_col, p.value_col), (2, 1, 8));
        assert_eq!(loc.get(&[key("last")]).unwrap().line, 16);
    }

    #[test]
    fn locates_keys_inside_list_items_and_skips_block_scalars() {
        let loc = Positions::new(DOC, 1);
        let d0 = loc
            .get(&[key("access_page"), Seg::Index(0), key("description")])
            .unwrap();
        assert_eq!(d0.line, 6);
        assert!(d0.block_scalar);
        let e0 = loc
            .get(&[key("access_page"), Seg::Index(0), key("is_eligible")])
            .unwrap();
        assert_eq!((e0.line, e0.key_col), (5, 5));
        let d1 = loc
            .get(&[key("access_page"), Seg::Index(1), key("description")])
            .unwrap();
        assert_eq!(d1.line, 11);
        assert!(!d1.block_scalar);
        assert!(loc.get(&[key("Text")]).is_none());
    }

    #[test]
    fn locates_items_of_a_sequence_at_the_parent_indent() {
        let loc = Positions::new(DOC, 1);
        assert_eq!(loc.get(&[key("partners"), Seg::Index(1)]).unwrap().line, 14);
        assert_eq!(
            loc.get(&[key("access_page"), Seg::Index(0), key("who"), Seg::Index(0)])
                .unwrap()
                .line,
            4
        );
    }

    proptest::proptest! {
        #[test]
        fn lines_splits_as_str_lines(text in "[a\\r\\n é]{0,24}") {
            let ours: Vec<&str> = lines(&text).collect();
            let std: Vec<&str> = text.lines().collect();
            proptest::prop_assert_eq!(ours, std);
        }
    }

    #[test]
    fn block_indicators_with_and_without_comments() {
        for v in ["|", "|-", ">+", "|2", "| # c", ">- # c"] {
            assert!(is_block_indicator(v), "{v:?}");
        }
        for v in ["", " # |", "|x", "> text", "plain | text", "'|'", "#|"] {
            assert!(!is_block_indicator(v), "{v:?}");
        }
    }

    #[test]
    fn quoted_keys_and_urls_in_values() {
        let loc = Positions::new("\"a b\": 1\nsite: https://x.fr/a:b\n", 1);
        assert_eq!(loc.get(&[key("a b")]).unwrap().value_col, 8);
        assert_eq!(loc.get(&[key("site")]).unwrap().value_col, 7);
    }
}
