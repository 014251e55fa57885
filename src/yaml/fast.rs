//! A quick reader for the block-style YAML that front matter is written in.
//!
//! serde_yaml (libyaml underneath) spends several times the instructions
//! of this reader on a card's front matter, positions included; the
//! figures are in docs/performance.md. Cards use a
//! small part of YAML: `key: value` lines nested by indentation, `- item`
//! lists, plain and quoted scalars on one line, one-line flow lists of
//! scalars (`[a, "b"]`), literal block scalars (`|`, `|-`, `|+`) and
//! comments. `parse_located` reads exactly that and builds the `Value`
//! serde_yaml would, recording where each key and list item sits as
//! `Positions::new` would find them with a second scan of the lines.
//!
//! It reports no errors and guesses nothing: the moment a document steps
//! outside that subset (a tab, an anchor, a tag, a folded or multi-line
//! scalar, an escape, a duplicate key, a key that is not a plain word…) it
//! returns `None`, and the caller parses the document with serde_yaml, so
//! odd documents and every error read exactly as the library has them. The
//! tests compare both readers on every document in the repository and on
//! generated ones (`super::generated`).

use super::positions::{self, Pos, Positions};
use super::value::{Mapping, Value};
use chars::only_plain_characters;

/// serde_yaml refuses documents nested deeper than 128 collections; stay
/// well clear of that limit.
const MAX_DEPTH: usize = 64;

/// libyaml refuses keys longer than 1024 characters; front matter keys are
/// short words.
const MAX_KEY_LEN: usize = 256;

/// The document as serde_yaml would read it, or `None` when it is not
/// plain front matter (then only serde_yaml knows).
#[cfg(test)]
pub fn parse(yaml: &str) -> Option<Value> {
    parse_located(yaml, 1).map(|(value, _)| value)
}

/// `parse`, and the positions of the keys and items of `yaml`, whose first
/// line is line `first_line` of its file: `Positions::new(yaml, first_line)`.
pub fn parse_located(yaml: &str, first_line: u32) -> Option<(Value, Positions)> {
    if !only_plain_characters(yaml.as_bytes()) {
        return None;
    }
    let mut parser = Parser {
        lines: split_lines(yaml)?,
        next: 0,
        first_line,
        locator: Positions::for_document(yaml),
    };
    let value = parser.document()?;
    Some((value, parser.locator))
}

#[derive(Debug, Clone, Copy)]
struct Line<'a> {
    /// The whole line, without its line break.
    raw: &'a str,
    /// Leading spaces.
    indent: usize,
    /// What follows them.
    text: &'a str,
    /// Whether a line break ends it (all lines but maybe the last).
    broken: bool,
}

impl Line<'_> {
    /// Blank lines and comments hold nothing outside a block scalar.
    fn holds_something(&self) -> bool {
        !self.text.is_empty() && !self.text.starts_with('#')
    }
}

/// The lines of `yaml`, or `None` if one is a directive or a document
/// marker (`%…`, `---`, `...`).
fn split_lines(yaml: &str) -> Option<Vec<Line<'_>>> {
    let bytes = yaml.as_bytes();
    let mut lines = Vec::with_capacity(yaml.len() / 32 + 1);
    let mut start = 0;
    while start < bytes.len() {
        let (end, broken) = match memchr::memchr(b'\n', &bytes[start..]) {
            Some(at) => (start + at, true),
            None => (bytes.len(), false),
        };
        let raw = yaml[start..end]
            .strip_suffix('\r')
            .unwrap_or(&yaml[start..end]);
        if raw.starts_with(['%']) || raw.starts_with("---") || raw.starts_with("...") {
            return None;
        }
        let text = raw.trim_start_matches(' ');
        lines.push(Line {
            raw,
            indent: raw.len() - text.len(),
            text,
            broken,
        });
        start = end + 1;
    }
    Some(lines)
}

struct Parser<'a> {
    lines: Vec<Line<'a>>,
    /// The first line not read yet.
    next: usize,
    /// The file line of `lines[0]`.
    first_line: u32,
    locator: Positions,
}

impl<'a> Parser<'a> {
    fn document(&mut self) -> Option<Value> {
        let Some(first) = self.peek() else {
            return Some(Value::Null);
        };
        split_key(first.text)?;
        let mapping = self.mapping(first.indent, positions::ROOT, 1)?;
        if self.peek().is_some() {
            return None;
        }
        Some(Value::Mapping(mapping))
    }

    /// The next line that holds something, passing over blank lines and
    /// comments.
    fn peek(&mut self) -> Option<Line<'a>> {
        while let Some(line) = self.lines.get(self.next) {
            if line.holds_something() {
                return Some(*line);
            }
            self.next += 1;
        }
        None
    }

    /// `key: value` lines at `indent`, up to the first line indented less;
    /// `owner` is the locator entry holding the mapping.
    fn mapping(&mut self, indent: usize, owner: u32, depth: usize) -> Option<Mapping> {
        if depth > MAX_DEPTH {
            return None;
        }
        let mut mapping = Mapping::new();
        while let Some(line) = self.peek() {
            if line.indent < indent {
                break;
            }
            if line.indent > indent {
                return None;
            }
            let (key, rest) = split_key(line.text)?;
            let Value::String(key) = scalar::resolve(key)? else {
                return None;
            };
            if mapping.contains_key(key.as_str()) {
                return None;
            }
            let value_text = rest.trim_start_matches(' ');
            let pos = self.pos(
                indent,
                indent + line.text.len() - value_text.len(),
                value_text,
            );
            let id = self.locator.add_key(owner, &key, pos);
            self.next += 1;
            let value = self.value(rest, indent, true, id, depth)?;
            mapping.insert(Value::String(key), value);
        }
        Some(mapping)
    }

    /// `- item` lines at `indent`, up to the first line indented less or
    /// not an item (a key after a list that shares its parent's indent).
    fn sequence(&mut self, indent: usize, owner: u32, depth: usize) -> Option<Vec<Value>> {
        if depth > MAX_DEPTH {
            return None;
        }
        let mut items = Vec::new();
        while let Some(line) = self.peek() {
            if line.indent < indent {
                break;
            }
            if line.indent > indent {
                return None;
            }
            if !is_item(line.text) {
                break;
            }
            let rest = &line.text[1..];
            let content = rest.trim_start_matches(' ');
            if is_item(content) {
                return None;
            }
            let column = indent + line.text.len() - content.len();
            let id = self
                .locator
                .add_index(owner, items.len(), self.pos(column, column, content));
            if split_key(content).is_some() {
                // `- key: value`: a mapping whose keys line up with this one.
                self.lines[self.next] = Line {
                    indent: column,
                    text: content,
                    ..line
                };
                items.push(Value::Mapping(self.mapping(column, id, depth + 1)?));
            } else {
                self.next += 1;
                items.push(self.value(rest, indent, false, id, depth)?);
            }
        }
        Some(items)
    }

    /// Where the key (or item) of the current line starts and its value
    /// starts (0-based columns), as `Positions::new` records them.
    fn pos(&self, key_col: usize, value_col: usize, value: &str) -> Pos {
        Pos {
            line: self.first_line + self.next as u32,
            key_col: key_col as u32 + 1,
            value_col: value_col as u32 + 1,
            block_scalar: value.starts_with('|'),
        }
    }

    /// The value after `key:` or `-` (`rest`, the line's remainder) in a
    /// collection indented by `parent`, held by the locator entry `owner`.
    /// `indentless`: a list may sit at the parent's own indent, as `key:`
    /// values may.
    fn value(
        &mut self,
        rest: &'a str,
        parent: usize,
        indentless: bool,
        owner: u32,
        depth: usize,
    ) -> Option<Value> {
        let text = rest.trim_start_matches(' ');
        match text.as_bytes().first() {
            None | Some(b'#') => self.nested(parent, indentless, owner, depth),
            Some(b'|') => self.literal(text, parent),
            Some(b'"' | b'\'') => inline::quoted_alone(text),
            Some(b'[') => inline::flow_sequence(text),
            Some(_) => inline::plain(text),
        }
    }

    /// The collection on the lines below an empty value, or null.
    fn nested(
        &mut self,
        parent: usize,
        indentless: bool,
        owner: u32,
        depth: usize,
    ) -> Option<Value> {
        let Some(line) = self.peek() else {
            return Some(Value::Null);
        };
        let item = is_item(line.text);
        if line.indent > parent || (indentless && item && line.indent == parent) {
            if item {
                let items = self.sequence(line.indent, owner, depth + 1)?;
                return Some(Value::Sequence(items));
            }
            split_key(line.text)?;
            let mapping = self.mapping(line.indent, owner, depth + 1)?;
            return Some(Value::Mapping(mapping));
        }
        Some(Value::Null)
    }

    /// A literal block scalar whose header (`|`, `|-`, `|+`) is `header`,
    /// in a collection indented by `parent`: its lines, less the
    /// indentation of the first one, joined and chomped.
    fn literal(&mut self, header: &str, parent: usize) -> Option<Value> {
        let chomp = block_header(header)?;
        let mut at = self.next;
        // libyaml takes the indentation from the widest of the leading
        // blank lines and the first line of text; a blank line wider than
        // the text is an error, and an empty scalar is left to it as well.
        let mut widest_blank = 0;
        while let Some(line) = self.lines.get(at).filter(|l| l.text.is_empty()) {
            widest_blank = widest_blank.max(line.indent);
            at += 1;
        }
        let indent = self.lines.get(at)?.indent;
        if indent <= parent || widest_blank > indent {
            return None;
        }
        let mut text = "\n".repeat(at - self.next);
        let mut empty_lines = 0;
        let mut last_broken = false;
        let mut started = false;
        while let Some(line) = self.lines.get(at) {
            if line.text.is_empty() && line.indent <= indent {
                // A line break that libyaml only counts when it is one.
                empty_lines += usize::from(line.broken);
            } else if line.indent >= indent {
                if started {
                    text.push('\n');
                }
                for _ in 0..empty_lines {
                    text.push('\n');
                }
                empty_lines = 0;
                text.push_str(&line.raw[indent..]);
                last_broken = line.broken;
                started = true;
            } else {
                break;
            }
            at += 1;
        }
        self.next = at;
        if chomp != Chomp::Strip && last_broken {
            text.push('\n');
        }
        if chomp == Chomp::Keep {
            for _ in 0..empty_lines {
                text.push('\n');
            }
        }
        Some(Value::String(text))
    }
}

/// `- ` or a lone `-`: a list item.
fn is_item(text: &str) -> bool {
    text == "-" || text.starts_with("- ")
}

/// `key: rest` or `key:` with a plain word for key → (key, rest).
fn split_key(text: &str) -> Option<(&str, &str)> {
    let bytes = text.as_bytes();
    let len = bytes
        .iter()
        .position(|&b| !(b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.')))
        .unwrap_or(bytes.len());
    if len == 0 || len > MAX_KEY_LEN || !(bytes[0].is_ascii_alphanumeric() || bytes[0] == b'_') {
        return None;
    }
    let rest = text[len..].strip_prefix(':')?;
    (rest.is_empty() || rest.starts_with(' ')).then_some((&text[..len], rest))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Chomp {
    /// `|-`: no final line break.
    Strip,
    /// `|`: one final line break.
    Clip,
    /// `|+`: every final line break, empty lines included.
    Keep,
}

/// `|`, `|-` or `|+`, then maybe a comment. An explicit indentation
/// (`|2`) is left to serde_yaml.
fn block_header(header: &str) -> Option<Chomp> {
    let (chomp, rest) = match header.as_bytes().get(1) {
        Some(b'-') => (Chomp::Strip, &header[2..]),
        Some(b'+') => (Chomp::Keep, &header[2..]),
        _ => (Chomp::Clip, &header[1..]),
    };
    inline::ends_line(rest).then_some(chomp)
}

mod chars;
mod inline;
mod scalar;

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;
