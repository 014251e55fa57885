//! Named component tags in Markdown source, outside code: what `content`
//! reads references from before anything is rendered.
//!
//! Looks for the tag names first and lexes only there: a general scanner
//! over every body costs far more (docs/performance.md). Code is recognised the cheap way: a tag inside a
//! fenced block (an odd number of fence lines above it) or a code span (an
//! odd number of backticks before it on its line) is skipped.

use super::lex::parse_open_tag;
use super::ComponentTag;

/// A tag found in a text, with its position there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundTag {
    pub tag: ComponentTag,
    /// 1-based line of the `<` within the text.
    pub line: u32,
    /// 1-based column of the `<`, in characters.
    pub column: u32,
}

/// Every well-formed opening tag named one of `names` (`QuestionTree`, not
/// `QuestionTreeX`), in order, skipping code. Malformed tags are skipped.
pub fn find_tags(source: &str, names: &[&str]) -> Vec<FoundTag> {
    let mut found = Vec::new();
    let starts = tag_starts(source, names);
    if starts.is_empty() {
        return found;
    }
    let bytes = source.as_bytes();
    let fences = fence_lines(source);
    let mut line = 1u32;
    let mut counted_to = 0;
    for at in starts {
        line += memchr::memchr_iter(b'\n', &bytes[counted_to..at]).count() as u32;
        counted_to = at;
        let line_start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
        let before = &source[line_start..at];
        let fences_above = fences.iter().take_while(|f| **f < line_start).count();
        if fences_above % 2 == 1 || before.matches('`').count() % 2 == 1 {
            continue;
        }
        let Some(tag) = parse_open_tag(source, at) else {
            continue;
        };
        if names.contains(&tag.name.as_str()) {
            found.push(FoundTag {
                tag,
                line,
                column: before.chars().count() as u32 + 1,
            });
        }
    }
    found
}

/// Byte offsets, in order, where `<` and one of `names` start.
///
/// One SIMD pass for `<`, then a prefix check, instead of a substring
/// search per tag name.
fn tag_starts(source: &str, names: &[&str]) -> Vec<usize> {
    let bytes = source.as_bytes();
    memchr::memchr_iter(b'<', bytes)
        .filter(|&at| {
            let after = &bytes[at + 1..];
            names.iter().any(|name| after.starts_with(name.as_bytes()))
        })
        .collect()
}

/// Byte offsets, in order, of the lines that open or close a fenced code
/// block (`` ``` `` or `~~~` after nothing but spaces and tabs).
///
/// Every card body has a component tag, so this runs on every body: one
/// SIMD pass for `` ` `` and `~`, looking back for the line start only where
/// three of them follow each other.
fn fence_lines(source: &str) -> Vec<usize> {
    let bytes = source.as_bytes();
    let mut starts: Vec<usize> = Vec::new();
    for at in memchr::memchr2_iter(b'`', b'~', bytes) {
        let c = bytes[at];
        if bytes.get(at + 1) != Some(&c) || bytes.get(at + 2) != Some(&c) {
            continue;
        }
        let line_start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
        if starts.last() != Some(&line_start)
            && bytes[line_start..at]
                .iter()
                .all(|&b| b == b' ' || b == b'\t')
        {
            starts.push(line_start);
        }
    }
    starts
}

#[cfg(test)]
mod tests {
    use super::*;

    const REFS: [&str; 2] = ["QuestionTree", "TokenDemo"];

    /// The searches `tag_starts` replaced: one substring search per tag.
    fn tag_starts_by_substring(src: &str) -> Vec<usize> {
        let mut found: Vec<usize> = ["<QuestionTree", "<TokenDemo"]
            .iter()
            .flat_map(|needle| src.match_indices(needle).map(|(at, _)| at))
            .collect();
        found.sort_unstable();
        found
    }

    /// The search `fence_lines` replaced.
    fn fence_lines_by_substring(src: &str) -> Vec<usize> {
        let mut starts: Vec<usize> = src
            .match_indices("```")
            .chain(src.match_indices("~~~"))
            .filter_map(|(at, _)| {
                let line_start = src[..at].rfind('\n').map_or(0, |i| i + 1);
                src[line_start..at]
                    .bytes()
                    .all(|b| b == b' ' || b == b'\t')
                    .then_some(line_start)
            })
            .collect();
        starts.sort_unstable();
        starts.dedup();
        starts
    }

    fn names_lines_columns(src: &str, names: &[&str]) -> Vec<(String, u32, u32)> {
        find_tags(src, names)
            .into_iter()
            .map(|f| (f.tag.name, f.line, f.column))
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn fence_lines_agrees_on_any_text(s in "([`~ \t\na]|```|~~~|é){0,60}") {
            proptest::prop_assert_eq!(fence_lines(&s), fence_lines_by_substring(&s));
        }

        #[test]
        fn tag_starts_agrees_on_any_text(s in "([<QuestionTrkDmo ]|<QuestionTree|<TokenDemo|é){0,40}") {
            proptest::prop_assert_eq!(tag_starts(&s, &REFS), tag_starts_by_substring(&s));
        }

        #[test]
        fn finding_never_panics(s in "([<>/='\"`~\n a-zQT_é]|<QuestionTree|<TokenDemo|```){0,60}") {
            let _ = find_tags(&s, &REFS);
        }
    }

    #[test]
    fn fence_lines_finds_both_kinds_after_indentation_only() {
        let src = "```\nx ```\n  ~~~~\n\t````` ```\n`` `\n~~~";
        assert_eq!(fence_lines(src), [0, 10, 17, 33]);
        assert_eq!(fence_lines(src), fence_lines_by_substring(src));
    }

    #[test]
    fn tag_starts_agrees_with_a_substring_search() {
        let samples = [
            "",
            "<",
            "<Q",
            "<QuestionTre",
            "<QuestionTree",
            "a<<QuestionTree<TokenDemo<TokenDem",
            "<QuestionTreeX tree='x'/> é<TokenDemo realm='/a'/>€<",
        ];
        for s in samples {
            assert_eq!(tag_starts(s, &REFS), tag_starts_by_substring(s), "{s:?}");
        }
    }

    #[test]
    fn finds_named_tags_with_their_lines_and_columns() {
        let src = "Intro\n\n<QuestionTree tree='api-particulier' question='apipart'/>\n\
                   é <TokenDemo realm=\"/usager\" />";
        let found = find_tags(src, &REFS);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].tag.attr("tree"), Some("api-particulier"));
        assert_eq!(found[0].tag.attr("question"), Some("apipart"));
        assert!(found[0].tag.self_closing);
        assert_eq!((found[0].line, found[0].column), (3, 1));
        assert_eq!((found[1].line, found[1].column), (4, 3));
    }

    #[test]
    fn finds_only_the_names_asked_for() {
        let src = "a <External href=\"https://x\">x</External> b\n<NextSteps is_editeur />\n\
                   <QuestionTreeX tree='x'/> <Quote>";
        assert_eq!(
            names_lines_columns(src, &["External", "NextSteps", "QuestionTree"]),
            [("External".into(), 1, 3), ("NextSteps".into(), 2, 1)]
        );
    }

    #[test]
    fn skips_code_spans_and_fences() {
        let src = "`<Button>` <p>x</p>\n```\n<Button>\n```\n  ~~~\n<Button/>\n~~~\n`a` <Button/>";
        assert_eq!(
            names_lines_columns(src, &["Button"]),
            [("Button".into(), 8, 5)]
        );
    }

    #[test]
    fn malformed_tags_are_skipped_not_fatal() {
        assert!(find_tags("a < B <Button href=>", &["Button"]).is_empty());
        assert!(find_tags("<Button", &["Button"]).is_empty());
    }
}
