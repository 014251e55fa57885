//! `parse` against serde_yaml on generated documents: lines pieced together
//! from what front matter is made of, and card-shaped documents slightly
//! damaged (a line indented one more or one less, a comment inserted…), so
//! that the edges of what the fast reader accepts are tested as well.

use super::parse;
use super::tests::compare;
use proptest::prelude::*;

/// Keys and values the fast path reads…
const KEYS: &[&str] = &[
    "a", "b", "c", "d", "title", "k-1", "x.y", "_k", "who", "2b", "a_b", "T", "n0", "Z9", "e-",
    "f.",
];
const VALUES: &[&str] = &[
    "",
    "x",
    "x y",
    "1",
    "-1",
    "1_000",
    "0o17",
    "0x1F",
    "+1",
    ".5",
    "1e3",
    "1.",
    "true",
    "True",
    "yes",
    "~",
    "null",
    "NULL",
    "FALSE",
    "a:b",
    "1:2",
    "a #c",
    "a#c",
    "# c",
    "'q'",
    "'it''s'",
    "\"dq\"",
    "\"\"",
    "[a, 1]",
    "[\"x, y\", 'z']",
    "[]",
    "é",
    "20/05/2026",
    ".inf",
    "-.5",
    "+.5",
    ".nan",
    "-0",
    "007",
    "0b101",
    "0.0",
    "http://x",
    "a ",
    "x # c: d",
    "---",
    "-x",
];
/// …and some it leaves to serde_yaml.
const ODD_KEYS: &[&str] = &["1", "true", "null", "~", "é", "\"q\"", "? a", "a b", "-"];
const ODD_VALUES: &[&str] = &[
    "-",
    "- ",
    "- x",
    "a: b",
    "a:",
    "\"a\\nb\"",
    "'a'#c",
    "'open",
    "|x",
    ">-",
    "[a,]",
    "[a",
    "{a: 1}",
    "&x a",
    "*x",
    "!t a",
    "@x",
    "`x",
    "%x",
    "\u{feff}",
    "\t",
    "?x",
    ":x",
    "1000000000000000000000000",
];

fn key() -> impl Strategy<Value = &'static str> {
    prop_oneof![30 => prop::sample::select(KEYS), 1 => prop::sample::select(ODD_KEYS)]
}

fn value() -> impl Strategy<Value = &'static str> {
    prop_oneof![30 => prop::sample::select(VALUES), 1 => prop::sample::select(ODD_VALUES)]
}

/// One line of a YAML-ish document, without its line break.
fn line() -> impl Strategy<Value = String> {
    let indent = prop::sample::select(vec![0usize, 0, 1, 2, 2, 3, 4, 4, 6, 8]);
    let key = prop_oneof![prop::sample::select(KEYS), prop::sample::select(ODD_KEYS)];
    let value = prop_oneof![
        prop::sample::select(VALUES),
        prop::sample::select(ODD_VALUES)
    ];
    let sep = prop::sample::select(vec!["", " ", "  "]);
    let body = prop_oneof![
        5 => (key.clone(), sep.clone(), value.clone())
            .prop_map(|(k, s, v)| format!("{k}:{s}{v}")),
        3 => (sep.clone(), value.clone()).prop_map(|(s, v)| format!("-{s}{v}")),
        2 => (key, sep, value.clone()).prop_map(|(k, s, v)| format!("- {k}:{s}{v}")),
        2 => value.prop_map(str::to_owned),
        1 => prop::sample::select(vec!["", " ", "#", "# c", "---", "...", "text: a", "more text"])
            .prop_map(str::to_owned),
    ];
    (indent, body).prop_map(|(n, body)| format!("{}{body}", " ".repeat(n)))
}

/// A document of such lines, with `\n` or `\r\n` breaks and maybe no
/// final one.
fn document() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(line(), 0..14),
        prop::sample::select(vec!["\n", "\n", "\r\n"]),
        any::<bool>(),
    )
        .prop_map(|(lines, eol, last_eol)| {
            let mut doc = lines.join(eol);
            if last_eol && !doc.is_empty() {
                doc.push_str(eol);
            }
            doc
        })
}

/// A document's shape, rendered by `render` into well-formed front matter
/// that `mutate` then bends.
#[derive(Debug, Clone)]
enum Node {
    Scalar(&'static str),
    /// Header, then lines (extra indent, text), then trailing blank lines.
    Block(&'static str, Vec<(usize, &'static str)>, usize),
    Map(Vec<(&'static str, Node)>),
    Seq(Vec<Node>),
}

const BLOCK_LINES: &[&str] = &[
    "text",
    "a: b",
    "# not a comment",
    "- not an item",
    "",
    " ",
    "'q'",
    "|",
    "é # x",
];

fn node() -> impl Strategy<Value = Node> {
    let scalar = value().prop_map(Node::Scalar);
    let block = (
        prop_oneof![
            10 => prop::sample::select(vec!["|", "|-", "|+", "| # c", "|-  # c"]),
            1 => prop::sample::select(vec!["|2", ">", "|x"]),
        ],
        prop::collection::vec(
            (
                prop::sample::select(vec![0usize, 0, 0, 0, 0, 0, 1, 2]),
                prop::sample::select(BLOCK_LINES),
            ),
            1..5,
        ),
        0usize..3,
    )
        .prop_map(|(header, lines, blanks)| Node::Block(header, lines, blanks));
    let leaf = prop_oneof![4 => scalar, 1 => block];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec((key(), inner.clone()), 1..5).prop_map(Node::Map),
            prop::collection::vec(inner, 1..4).prop_map(Node::Seq),
        ]
    })
}

/// `node` as lines at `indent`, nested blocks `step` deeper; lists under
/// a key sit at the key's own indent when `indentless`.
fn render(node: &Node, indent: usize, step: usize, indentless: bool, out: &mut Vec<String>) {
    let pad = " ".repeat(indent);
    match node {
        Node::Scalar(s) => out.push(format!("{pad}{s}")),
        Node::Block(header, lines, blanks) => {
            out.push(format!("{pad}{header}"));
            for (extra, text) in lines {
                out.push(format!("{}{text}", " ".repeat(indent + step + extra)));
            }
            out.extend(std::iter::repeat_n(String::new(), *blanks));
        }
        Node::Map(entries) => {
            for (key, value) in entries {
                match value {
                    Node::Scalar(_) | Node::Block(..) => {
                        let at = out.len();
                        render(value, indent, step, indentless, out);
                        out[at] = format!("{pad}{key}: {}", &out[at][indent..]);
                    }
                    Node::Map(_) => {
                        out.push(format!("{pad}{key}:"));
                        render(value, indent + step, step, indentless, out);
                    }
                    Node::Seq(_) => {
                        out.push(format!("{pad}{key}:"));
                        let below = if indentless { indent } else { indent + step };
                        render(value, below, step, indentless, out);
                    }
                }
            }
        }
        Node::Seq(items) => {
            for item in items {
                let at = out.len();
                match item {
                    Node::Map(_) => {
                        render(item, indent + 2, step, indentless, out);
                        out[at] = format!("{pad}- {}", &out[at][indent + 2..]);
                    }
                    Node::Seq(_) => {
                        out.push(format!("{pad}-"));
                        render(item, indent + step, step, indentless, out);
                    }
                    _ => {
                        render(item, indent, step, indentless, out);
                        out[at] = format!("{pad}- {}", &out[at][indent..]);
                    }
                }
            }
        }
    }
}

/// Small damage to a well-formed document: a line indented one more or
/// one less, a comment or blank line inserted, a trailing comment or space.
fn mutate(lines: &mut Vec<String>, edits: &[(usize, u8)]) {
    for &(at, edit) in edits {
        if lines.is_empty() {
            return;
        }
        let at = at % lines.len();
        match edit % 6 {
            0 => lines[at].insert(0, ' '),
            1 => {
                if lines[at].starts_with(' ') {
                    lines[at].remove(0);
                }
            }
            2 => lines.insert(at, "  # comment".to_owned()),
            3 => lines.insert(at, "   ".to_owned()),
            4 => lines[at].push_str(" # trailing"),
            _ => lines[at].push(' '),
        }
    }
}

/// Front matter shaped like real cards, maybe slightly damaged.
fn tree_document() -> impl Strategy<Value = String> {
    (
        prop::collection::vec((key(), node()), 1..5),
        1usize..5,
        any::<bool>(),
        prop::collection::vec((any::<usize>(), any::<u8>()), 0..2),
        prop::sample::select(vec!["\n", "\n", "\r\n"]),
    )
        .prop_map(|(entries, step, indentless, edits, eol)| {
            let mut lines = Vec::new();
            render(&Node::Map(entries), 0, step, indentless, &mut lines);
            mutate(&mut lines, &edits);
            let mut doc = lines.join(eol);
            doc.push_str(eol);
            doc
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn agrees_with_serde_yaml_on_card_shaped_documents(doc in tree_document()) {
        if let Err(diff) = compare(&doc) {
            prop_assert!(false, "{}", diff);
        }
    }

    #[test]
    fn agrees_with_serde_yaml_on_generated_documents(doc in document()) {
        if let Err(diff) = compare(&doc) {
            prop_assert!(false, "{}", diff);
        }
    }

    #[test]
    fn never_panics_and_agrees_on_any_text(doc in "[ -~\n\r\té\u{a0}\u{85}]{0,120}") {
        if let Err(diff) = compare(&doc) {
            prop_assert!(false, "{}", diff);
        }
    }
}

/// How many of 2000 generated documents `parse` reads.
fn read_count(strategy: impl Strategy<Value = String>) -> usize {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    (0..2000)
        .filter(|_| {
            let doc = strategy
                .new_tree(&mut runner)
                .expect("a document")
                .current();
            parse(&doc).is_some()
        })
        .count()
}

/// The generated documents are not all left to serde_yaml: the properties
/// above test the fast path on a fair share of them.
#[test]
fn generated_documents_are_often_read() {
    let cards = read_count(tree_document());
    let pieces = read_count(document());
    println!("read {cards} card-shaped and {pieces} pieced documents of 2000 each");
    assert!(cards >= 400 && pieces >= 100, "{cards}, {pieces}");
}
