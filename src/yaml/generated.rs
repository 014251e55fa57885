//! Generated front matter for property tests: every scalar style (plain,
//! single and double quoted with escapes, literal and folded block scalars
//! with each chomping indicator, plain and quoted strings over several
//! lines), comments, anchors and aliases, French and emoji, nested mappings
//! and lists (indented or not, compact `- key:` items) and flow collections.
//!
//! Half of the documents keep to what the fast reader reads (`plain`), so
//! that comparing it with the library is not left to chance. Each document
//! comes with the file line of every key and list item it holds outside flow
//! collections, known from the way it was written.

use super::Seg;
use proptest::prelude::*;

/// A document and where its keys and items are.
#[derive(Debug, Clone)]
pub(super) struct Generated {
    pub text: String,
    /// Path, file line (the document starts on `FIRST_LINE`) and, for keys,
    /// the 1-based column of the key.
    pub expected: Vec<(Vec<Seg>, u32, Option<u32>)>,
}

/// The file line of the document's first line, as after a `---` line.
pub(super) const FIRST_LINE: u32 = 2;

#[derive(Debug, Clone)]
enum Node {
    /// First line (after `key: ` or `- `), then continuation lines, each
    /// with how much deeper than its parent it is indented.
    Scalar(&'static str, Vec<(usize, &'static str)>),
    /// `*name` of an anchor set earlier in the document (or a plain word
    /// when there is none yet).
    Alias(usize),
    Map(Vec<(&'static str, Node)>),
    Seq(Vec<Node>),
}

/// Keys; those after `PLAIN_KEYS` are left to the library.
const KEYS: &[&str] = &[
    "title",
    "tagline",
    "producer",
    "is_open",
    "description",
    "who",
    "access_page",
    "keywords",
    "stat",
    "label",
    "a",
    "b",
    "k-1",
    "x.y",
    "_k",
    "clé",
    "données",
    "'a b'",
    "\"c: d\"",
];
const PLAIN_KEYS: usize = 15;

/// Values that fit on their key's line; those after `PLAIN_INLINE` are
/// left to the library.
const INLINE: &[&str] = &[
    "API Particulier",
    "Données de l'État, à jour",
    "🔎 Trouver une API ✨",
    "-1",
    "0",
    "1.5",
    "1_000",
    "0x1F",
    "true",
    "False",
    "~",
    "null",
    "10/10/2023 /TODO",
    "2026-05-20",
    "https://api.gouv.fr/les-api/a:b?c=d#e",
    "contact@example.gouv.fr",
    "a#b",
    "x # a comment: after the value",
    "'L''API, ça va'",
    "''",
    "'émoji 🎉 # not a comment'",
    "\"a # b: c\"",
    "\"\"",
    "[a, 'b c', \"d, e\", 1, true]",
    "[]",
    "\"dit \\\"bonjour\\\"\"",
    "\"tab\\tnew\\nline\"",
    "\"\\u00e9t\\u00e9 \\x41 \\\\ \\/ \\U0001F600\"",
    "{k: v, n: 1, l: [x, y]}",
    "{}",
    "[Une collectivité, {qui: éditeur}]",
    "&anchor1 valeur ancrée",
    "&anchor2 \"ancre citée\"",
    "&anchor3 [x, y]",
];

const PLAIN_INLINE: usize = 25;

/// Block scalar headers; those after `PLAIN_HEADERS` are left to the
/// library.
const BLOCK_HEADERS: &[&str] = &[
    "|", "|-", "|+", "| # c", ">", ">-", ">+", ">- # c", "|2", "|-2", ">2",
];
const PLAIN_HEADERS: usize = 4;

/// Lines of block scalars; only the first line is never indented deeper.
const BLOCK_LINES: &[&str] = &[
    "Texte avec `code` et <Button href=\"https://x.fr\">Demander</Button>",
    "",
    "# pas un commentaire",
    "clé: pas une clé",
    "- pas un élément",
    "émoji 🎉 'quote' \"dq\"",
    "| pas un en-tête",
];

/// Multi-line flow scalars: first line, then continuation lines.
const MULTI_LINE: &[(&str, &[&str])] = &[
    (
        "un texte plain",
        &["qui continue", "", "après une ligne vide"],
    ),
    ("'une chaîne citée", &["sur deux lignes'"]),
    ("\"double citée\\", &["sans espace\"", ""]),
    ("\"avec \\u00e9chappement", &["et suite\""]),
    ("'une chaîne", &["clé: dans la chaîne'"]),
    ("&anchor4 un texte ancré", &["sur deux lignes"]),
];

/// A scalar; `plain` keeps to what the fast reader reads.
fn scalar(plain: bool) -> impl Strategy<Value = Node> {
    let some = |all: &'static [&'static str], first: usize| if plain { &all[..first] } else { all };
    let inline =
        prop::sample::select(some(INLINE, PLAIN_INLINE)).prop_map(|s| Node::Scalar(s, Vec::new()));
    let block = (
        prop::sample::select(some(BLOCK_HEADERS, PLAIN_HEADERS)),
        prop::sample::select(&BLOCK_LINES[..1]),
        prop::collection::vec(
            (
                prop::sample::select(vec![0usize, 0, 0, 1, 2]),
                prop::sample::select(BLOCK_LINES),
            ),
            0..4,
        ),
    )
        .prop_map(|(header, first, rest)| {
            let mut lines = vec![(2, first)];
            lines.extend(rest.into_iter().map(|(extra, text)| {
                // Blank lines carry no indentation: libyaml would take
                // spaces there as the scalar's indentation.
                (if text.is_empty() { 0 } else { 2 + extra }, text)
            }));
            Node::Scalar(header, lines)
        });
    let multi = prop::sample::select(MULTI_LINE).prop_map(|(first, rest)| {
        let lines = rest
            .iter()
            .map(|t| (if t.is_empty() { 0 } else { 2 }, *t))
            .collect();
        Node::Scalar(first, lines)
    });
    let (multi_weight, alias_weight) = if plain { (0, 0) } else { (1, 1) };
    prop_oneof![
        6 => inline,
        3 => block,
        multi_weight => multi,
        alias_weight => any::<usize>().prop_map(Node::Alias),
    ]
}

fn node(plain: bool) -> impl Strategy<Value = Node> {
    let keys = if plain { &KEYS[..PLAIN_KEYS] } else { KEYS };
    scalar(plain).prop_recursive(3, 24, 5, move |inner| {
        prop_oneof![
            prop::collection::vec((prop::sample::select(keys), inner.clone()), 1..5)
                .prop_map(Node::Map),
            prop::collection::vec(inner, 1..4).prop_map(Node::Seq),
        ]
    })
}

/// Front matter: a top-level mapping, nested blocks `step` deeper, lists
/// under a key indented or not, comments now and then, `\n` or `\r\n`.
pub(super) fn front_matter() -> impl Strategy<Value = Generated> {
    prop_oneof![front_matter_of(true), front_matter_of(false)]
}

/// `front_matter`, keeping to the fast reader's subset when `plain`.
pub(super) fn front_matter_of(plain: bool) -> impl Strategy<Value = Generated> {
    let keys = if plain { &KEYS[..PLAIN_KEYS] } else { KEYS };
    (
        prop::collection::vec((prop::sample::select(keys), node(plain)), 1..6),
        prop::sample::select(vec![2usize, 2, 4, 3]),
        any::<bool>(),
        any::<u64>(),
        prop::sample::select(vec!["\n", "\n", "\r\n"]),
    )
        .prop_map(|(entries, step, indentless, comments, eol)| {
            let mut w = Writer {
                lines: Vec::new(),
                expected: Vec::new(),
                anchors: Vec::new(),
                step,
                indentless,
                comments,
            };
            w.map(&entries, 0, &mut Vec::new());
            let mut text = w.lines.join(eol);
            text.push_str(eol);
            Generated {
                text,
                expected: w.expected,
            }
        })
}

struct Writer {
    lines: Vec<String>,
    expected: Vec<(Vec<Seg>, u32, Option<u32>)>,
    anchors: Vec<&'static str>,
    step: usize,
    indentless: bool,
    /// One bit per entry: whether a comment line comes before it.
    comments: u64,
}

impl Writer {
    fn line_no(&self) -> u32 {
        FIRST_LINE + self.lines.len() as u32
    }

    fn maybe_comment(&mut self, indent: usize) {
        let bit = self.lines.len() % 64;
        if self.comments >> bit & 1 == 1 && bit.is_multiple_of(3) {
            self.lines
                .push(format!("{}# commentaire é 🎉: - x", " ".repeat(indent)));
        }
    }

    /// Writes `entries` at `indent`; the first key goes after `lead` on
    /// the current last line when `lead` is set (a compact `- key:` item).
    fn map(&mut self, entries: &[(&'static str, Node)], indent: usize, path: &mut Vec<Seg>) {
        self.map_after(entries, indent, path, None);
    }

    fn map_after(
        &mut self,
        entries: &[(&'static str, Node)],
        indent: usize,
        path: &mut Vec<Seg>,
        mut lead: Option<String>,
    ) {
        let mut seen: Vec<&str> = Vec::new();
        for (key, value) in entries {
            if seen.contains(key) {
                continue;
            }
            seen.push(key);
            let pad = match lead.take() {
                Some(lead) => lead,
                None => {
                    self.maybe_comment(indent);
                    " ".repeat(indent)
                }
            };
            path.push(Seg::Key(key_text(key)));
            self.expected
                .push((path.clone(), self.line_no(), Some(indent as u32 + 1)));
            match value {
                Node::Map(inner) => {
                    self.lines.push(format!("{pad}{key}:"));
                    self.map(inner, indent + self.step, path);
                }
                Node::Seq(items) => {
                    self.lines.push(format!("{pad}{key}:"));
                    let below = if self.indentless {
                        indent
                    } else {
                        indent + self.step
                    };
                    self.seq(items, below, path);
                }
                scalar => self.scalar(&format!("{pad}{key}: "), scalar, indent),
            }
            path.pop();
        }
    }

    fn seq(&mut self, items: &[Node], indent: usize, path: &mut Vec<Seg>) {
        let pad = " ".repeat(indent);
        for (i, item) in items.iter().enumerate() {
            self.maybe_comment(indent);
            path.push(Seg::Index(i));
            self.expected.push((path.clone(), self.line_no(), None));
            match item {
                Node::Map(entries) => {
                    self.map_after(entries, indent + 2, path, Some(format!("{pad}- ")));
                }
                Node::Seq(inner) => {
                    self.lines.push(format!("{pad}-"));
                    self.seq(inner, indent + 2, path);
                }
                scalar => self.scalar(&format!("{pad}- "), scalar, indent + 1),
            }
            path.pop();
        }
    }

    /// A scalar after `lead`, in a collection at `indent`.
    fn scalar(&mut self, lead: &str, node: &Node, indent: usize) {
        match node {
            Node::Scalar(first, rest) => {
                if let Some(anchor) = anchor_of(first) {
                    self.anchors.push(anchor);
                }
                self.lines.push(format!("{lead}{first}"));
                for (extra, text) in rest {
                    let pad = if text.is_empty() { 0 } else { indent + extra };
                    self.lines.push(format!("{}{text}", " ".repeat(pad)));
                }
            }
            Node::Alias(n) => match self.anchors.get(n % self.anchors.len().max(1)) {
                Some(anchor) => self.lines.push(format!("{lead}*{anchor}")),
                None => self.lines.push(format!("{lead}sans ancre")),
            },
            Node::Map(_) | Node::Seq(_) => {}
        }
    }
}

/// `anchor1` in `&anchor1 value`.
fn anchor_of(scalar: &str) -> Option<&str> {
    scalar.strip_prefix('&')?.split(' ').next()
}

/// The key as the document means it (quotes taken off).
fn key_text(key: &str) -> String {
    key.trim_matches(['\'', '"']).to_owned()
}
