//! `parse` against serde_yaml: whenever it reads a document, serde_yaml must
//! read exactly the same value, and `Positions::new` find the same positions.

use super::{only_plain_characters, parse, parse_located};
use crate::yaml::positions::Positions;
use crate::yaml::value::Value;
use proptest::prelude::*;
use std::path::Path;

/// serde_yaml's own reading: what `parse` must agree with.
fn reference(yaml: &str) -> Result<Value, String> {
    serde_yaml::from_str::<Value>(yaml).map_err(|e| e.to_string())
}

/// `parse` reads `yaml`, as serde_yaml does, and locates its keys as
/// `Positions::new` does.
fn assert_reads(yaml: &str) {
    assert_eq!(compare(yaml), Ok(true));
}

/// Whether `parse_located` agrees with serde_yaml and `Positions::new` on
/// `yaml` (`Err` with both readings if not) and whether it read the
/// document at all.
pub(super) fn compare(yaml: &str) -> Result<bool, String> {
    let Some((ours, located)) = parse_located(yaml, 7) else {
        return Ok(false);
    };
    if parse(yaml).as_ref() != Some(&ours) {
        return Err(format!("{yaml:?}: parse and parse_located differ"));
    }
    match reference(yaml) {
        Ok(theirs) if theirs == ours => {}
        theirs => return Err(format!("{yaml:?}\n  fast:  {ours:?}\n  serde: {theirs:?}")),
    }
    let scanned = Positions::new(yaml, 7);
    if located != scanned {
        return Err(format!(
            "{yaml:?}\n  fast:    {located:?}\n  scanned: {scanned:?}"
        ));
    }
    Ok(true)
}

#[test]
fn reads_nested_mappings_lists_and_compact_mappings() {
    assert_reads("");
    assert_reads("# only a comment\n\n");
    assert_reads("title: A\nn: 1\nempty:\nz: ~\n");
    assert_reads("a:\n  b:\n    c: 1\n  d: 2\ne: 3\n");
    assert_reads("  indented: 1\n  document: 2\n");
    assert_reads("list:\n  - a\n  - 2\n  -\n  - x\nnext: 1\n");
    assert_reads("indentless:\n- a\n- b\nnext: 1\n");
    assert_reads("access_page:\n  - who:\n      - X\n    is_eligible: -1\n  - who:\n    - Y\n    is_eligible: 1\n");
    assert_reads("items:\n  -   spaced: 1\n      again: 2\n  -\n    below: 3\n");
    assert_reads("a: 1\n  # a deeper comment ends nothing\nb: 2\n");
    assert_reads("crlf: 1\r\nlist:\r\n  - x\r\n");
    assert_reads("no_final_newline: 1");
}

#[test]
fn reads_plain_scalars_as_serde_yaml_resolves_them() {
    assert_reads(
        "a: 20/05/2026\nb: 1_000\nc: 0o17\nd: +1\ne: .5\nf: 1e3\ng: True\nh: yes\n\
         i: -0x10\nj: 007\nk: .NaN\nl: -.inf\nm: é à\nn: 18446744073709551615\no: -1.5\n",
    );
    assert_reads("url: https://x.fr/a:b?c#d\nhash: a#b\ncomment: a # b: c\ntrail: a   \n");
    assert_reads("neg: -x\ndashes: ---\ndots: ...\nbrackets: a [b] {c}, d\nnbsp: a\u{a0}\n");
}

#[test]
fn reads_quoted_scalars_on_one_line() {
    assert_reads("a: 'it''s'\nb: \"say 'hi'\"\nc: ''\nd: \"\"\ne: '1' # c\nf: \"a # b: c\"\n");
}

#[test]
fn reads_flow_lists_of_words() {
    assert_reads("a: [x, 1, true, ~]\nb: []\nc: [ ]\nd: [\"Oui, non\", 'l''a']\ne: [Une administration] # c\n");
    assert_reads("scopes: [api_peconnect-agentv1, openid, profile, email]\n");
}

#[test]
fn reads_literal_block_scalars_with_each_chomping() {
    for header in ["|", "|-", "|+", "| # c", "|+ # c"] {
        for body in [
            "  a\n",
            "  a\n  b\n",
            "  a\n\n  b\n\n\n",
            "\n\n  a\n",
            "  \n  a\n",
            "  a\n    indented\n  b\n",
            "  a\n    \n  b\n",
            "  a\n \n\n",
            "    a\n    # not a comment\n",
            "  a",
            "  a\n    ",
            "  a\n  ",
        ] {
            assert_reads(&format!("k: {header}\n{body}"));
            assert_reads(&format!("k: {header}\n{body}# end\nnext: 1\n"));
            assert_reads(&format!("l:\n- {header}\n{body}"));
            let deeper: String = body
                .split_inclusive('\n')
                .map(|l| format!("    {l}"))
                .collect();
            assert_reads(&format!("l:\n  - m: {header}\n{deeper}"));
        }
    }
}

#[test]
fn leaves_everything_else_to_serde_yaml() {
    for yaml in [
        "\ta: 1\n",
        "a: 1\n\tb: 2\n",
        "a: b\n  c\n",
        "a:\n  text on its own line\n",
        "a: 'two\n  lines'\n",
        "a: \"esc\\n\"\n",
        "a: &anchor 1\nb: *anchor\n",
        "a: !tag 1\n",
        "? a\n: b\n",
        "a: {b: 1}\n",
        "a: [[1]]\n",
        "a: [x,\n  y]\n",
        "a: [x, ]\n",
        "a: >\n  folded\n",
        "a: |2\n  explicit\n",
        "a: |\n",
        "a: |\nb: 1\n",
        "a: |\n    \n  x\n",
        "a: 1\na: 2\n",
        "1: one\n",
        "true: yes\n",
        "\"quoted key\": 1\n",
        "key with spaces: 1\n",
        "a: b: c\n",
        "a: b:\n",
        "a: - b\n",
        "a: -\n",
        "a:x\n",
        "- top\n- level\n",
        "plain\n",
        "a: 1\n---\nb: 2\n",
        "%YAML 1.2\n---\na: 1\n",
        "a: 1\n- b\n",
        "a:\n  - x\n  b: 1\n",
        "a:\n    b: 1\n  c: 2\n",
        "l:\n- - a\n",
        "a: 'x'#c\n",
        "a: 1000000000000000000000000000000\n",
        "a: \u{feff}x\n",
        "a: \u{85}x\n",
        "a: \u{2028}\n",
        "a: x\ry\n",
        "a: \u{7}\n",
    ] {
        assert_eq!(parse(yaml), None, "{yaml:?}");
    }
}

/// `only_plain_characters`, one character at a time.
fn only_plain_characters_slowly(text: &str) -> bool {
    let bytes = text.as_bytes();
    text.char_indices().all(|(at, c)| match c {
        '\r' => bytes.get(at + 1) == Some(&b'\n'),
        '\n' | ' '..='~' => true,
        '\u{80}'..='\u{9f}' | '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}' => {
            false
        }
        c => c >= '\u{a0}',
    })
}

/// Mostly text, now and then one of the characters libyaml treats
/// specially.
fn text_with_odd_characters() -> impl Strategy<Value = String> {
    let common = prop::sample::select(vec!['a', ' ', '\n', 'é', '’', '\u{a0}', '\u{fffd}', '😀']);
    let odd = prop::sample::select(vec![
        '\r', '\t', '\u{0}', '\u{7f}', '\u{80}', '\u{85}', '\u{9f}', '\u{2028}', '\u{2029}',
        '\u{feff}', '\u{fffe}', '\u{ffff}',
    ]);
    prop::collection::vec(prop_oneof![40 => common, 1 => odd], 0..100)
        .prop_map(|chars| chars.into_iter().collect())
}

proptest! {
    #[test]
    fn refuses_the_characters_libyaml_treats_specially(text in text_with_odd_characters()) {
        prop_assert_eq!(only_plain_characters(text.as_bytes()), only_plain_characters_slowly(&text));
    }
}

/// Compares both readers on every document under `dir`: (paths of the
/// documents left to serde_yaml, total).
fn compare_all(dir: &Path) -> (Vec<String>, usize) {
    let docs = crate::yaml::test_docs::documents(dir);
    let mut left = Vec::new();
    for (path, yaml) in &docs {
        match compare(yaml) {
            Ok(true) => {}
            Ok(false) => left.push(path.clone()),
            Err(diff) => panic!("{path}: {diff}"),
        }
    }
    (left, docs.len())
}

/// Every document in the repository: the same reading whenever the fast
/// path reads one, and it reads all but the broken fixtures.
#[test]
fn agrees_with_serde_yaml_on_every_repository_document() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (left, total) = compare_all(&root.join("content"));
    assert!(total >= 13 && left.is_empty(), "content/: {left:?}");
    // Only the fixtures that must fail are left to serde_yaml.
    let (left, total) = compare_all(&root.join("tests"));
    assert!(total >= 50, "tests/: {total} documents");
    assert_eq!(
        left,
        [
            "fixtures/tab-indentation/api/demo.md",
            "fixtures/unclosed-quote/api/demo.md",
            "fixtures/unloaded-targets/api/api-demo.md",
            "fixtures/unloaded-targets/producteurs/dinum.md",
            "fixtures/unloaded-targets/question-trees/arbre.yaml"
        ]
    );
    compare_all(&root.join("benches"));
}

/// `VITRINE_YAML_DIFF=folder cargo test --release --lib yaml::fast -- --ignored --nocapture`:
/// the same check on any folder, such as a generated corpus.
#[test]
#[ignore = "needs VITRINE_YAML_DIFF=folder"]
fn agrees_with_serde_yaml_on_a_folder() {
    let dir = std::env::var("VITRINE_YAML_DIFF").expect("VITRINE_YAML_DIFF=folder");
    let (left, total) = compare_all(Path::new(&dir));
    let read = total - left.len();
    println!("{dir}: the fast path read {read} of {total} documents, all as serde_yaml");
    for path in left.iter().take(20) {
        println!("left to serde_yaml: {path}");
    }
}
