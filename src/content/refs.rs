//! What a parsed file points at elsewhere: producers, API titles, guides,
//! `<QuestionTree>` and `<TokenDemo>` tags in its Markdown. Collected per
//! file (in parallel), resolved by `crossref` once everything is loaded.

use super::crossref::{Ref, RefKind};
use super::fields::Reader;
use super::{Api, Markdown, QuestionTreeFile};
use crate::markdown::components::parse_open_tag;
use crate::yaml::Seg;

/// The card's references but its body's; returns where in `refs` the
/// body's belong (after `partners`, before the front-matter Markdown).
pub(crate) fn api_refs(r: &Reader, api: &Api, refs: &mut Vec<Ref>) -> usize {
    if let Some(slug) = &api.producer {
        let (line, column) = r.pos_of(&[Seg::Key("producer".into())], true);
        refs.push(Ref::new(RefKind::Producer, slug, &r.file, line, column));
    } else if let Some(owner) = &api.owner {
        let (line, column) = r.pos_of(&[Seg::Key("owner".into())], true);
        refs.push(Ref::new(RefKind::Owner, owner, &r.file, line, column));
    }
    title_refs(r, "partners", &api.partners, RefKind::Partner, refs);
    let body_refs_at = refs.len();
    let fields = [
        api.content_intro.as_ref(),
        api.rate_limiting_description.as_ref(),
        api.monitoring_description.as_ref(),
        api.stats_detail_description.as_ref(),
    ];
    let descriptions = api
        .access_page
        .iter()
        .filter_map(|a| a.description.as_ref());
    for md in fields.into_iter().flatten().chain(descriptions) {
        markdown_refs(md, false, refs);
    }
    body_refs_at
}

/// References listed under `key`, each at its own list item's line.
pub(crate) fn title_refs(
    r: &Reader,
    key: &str,
    values: &[String],
    kind: RefKind,
    refs: &mut Vec<Ref>,
) {
    for (i, value) in values.iter().enumerate() {
        let (line, column) = r.pos_of(&[Seg::Key(key.into()), Seg::Index(i)], true);
        refs.push(Ref::new(kind.clone(), value, &r.file, line, column));
    }
}

/// `<QuestionTree tree=… question=…/>` and `<TokenDemo realm=…/>` tags
/// inside a Markdown value.
///
/// Looks for the tag's name first and parses only there, with the same
/// rules as `find_components` (fenced code and code spans are skipped):
/// running the general scanner over every 5 KB body was a tenth of the
/// load time on a 10,000-card catalogue.
pub fn markdown_refs(md: &Markdown, exact_columns: bool, refs: &mut Vec<Ref>) {
    let src = md.source.as_str();
    let found = tag_starts(src);
    if found.is_empty() {
        return;
    }
    let fences = fence_lines(src);
    let mut line_in_text = 1u32;
    let mut counted_to = 0;
    for at in found {
        line_in_text += memchr::memchr_iter(b'\n', &src.as_bytes()[counted_to..at]).count() as u32;
        counted_to = at;
        let line_start = memchr::memrchr(b'\n', &src.as_bytes()[..at]).map_or(0, |i| i + 1);
        let before = &src[line_start..at];
        // Inside a fenced block (an odd number of fence lines above), or
        // inside a code span (an odd number of backticks before it).
        let fences_above = fences.iter().take_while(|f| **f < line_start).count();
        if fences_above % 2 == 1 || before.matches('`').count() % 2 == 1 {
            continue;
        }
        let Some(tag) = parse_open_tag(src, at, line_in_text) else {
            continue;
        };
        let kind = match tag.name.as_str() {
            "QuestionTree" => RefKind::Tree {
                question: tag.attr("question").unwrap_or_default().to_string(),
            },
            "TokenDemo" => RefKind::TokenDemoRealm,
            _ => continue,
        };
        let target = match kind {
            RefKind::TokenDemoRealm => tag.attr("realm"),
            _ => tag.attr("tree"),
        };
        // Columns are exact in bodies only: YAML values lost their indentation.
        let column = if exact_columns {
            before.chars().count() as u32 + 1
        } else {
            0
        };
        refs.push(Ref {
            target: target.unwrap_or_default().to_string(),
            kind,
            file: md.origin.file.clone(),
            line: md.origin.line_within(line_in_text),
            column,
        });
    }
}

const TAGS: [&str; 2] = ["<QuestionTree", "<TokenDemo"];

/// Byte offsets, in order, where a `<QuestionTree` or `<TokenDemo` starts.
///
/// One SIMD pass for `<`, then a prefix check: a substring search per tag
/// name cost a tenth of the load time on a 10,000-card catalogue.
fn tag_starts(src: &str) -> Vec<usize> {
    let bytes = src.as_bytes();
    memchr::memchr_iter(b'<', bytes)
        .filter(|&at| TAGS.iter().any(|t| bytes[at..].starts_with(t.as_bytes())))
        .collect()
}

/// Byte offsets, in order, of the lines that open or close a fenced code
/// block (`` ``` `` or `~~~` after nothing but spaces and tabs).
///
/// Every card body has a component tag, so this runs on every body: one
/// SIMD pass for `` ` `` and `~`, looking back for the line start only where
/// three of them follow each other.
fn fence_lines(src: &str) -> Vec<usize> {
    let bytes = src.as_bytes();
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

pub(crate) fn tree_refs(tree: &QuestionTreeFile, refs: &mut Vec<Ref>) {
    fn walk(q: &super::Question, refs: &mut Vec<Ref>) {
        for group in &q.choice_groups {
            match &group.outcome {
                super::Outcome::Answer(md) => markdown_refs(md, false, refs),
                super::Outcome::Next(next) => walk(next, refs),
                super::Outcome::Missing => {}
            }
        }
    }
    for q in tree.questions.values() {
        walk(q, refs);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Origin;
    use std::path::PathBuf;
    use std::sync::Arc;

    /// The searches `tag_starts` replaced: one substring search per tag.
    fn tag_starts_by_substring(src: &str) -> Vec<usize> {
        let mut found: Vec<usize> = TAGS
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

    proptest::proptest! {
        #[test]
        fn fence_lines_agrees_on_any_text(s in "([`~ \t\na]|```|~~~|é){0,60}") {
            proptest::prop_assert_eq!(fence_lines(&s), fence_lines_by_substring(&s));
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
            assert_eq!(tag_starts(s), tag_starts_by_substring(s), "{s:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn tag_starts_agrees_on_any_text(s in "([<QuestionTrkDmo ]|<QuestionTree|<TokenDemo|é){0,40}") {
            proptest::prop_assert_eq!(tag_starts(&s), tag_starts_by_substring(&s));
        }
    }

    #[test]
    fn question_tree_refs_skip_code_and_know_their_file_line() {
        let source = "Intro\n\n```\n<QuestionTree tree='in-fence' question='q'/>\n```\n\
                      `<QuestionTree tree='in-span' question='q'/>`\n\
                      Text <QuestionTree tree='t' question='q'\n  /> and <QuestionTreeX tree='x'/>\n\
                      <TokenDemo realm=\"/usager\" />\n";
        let md = Markdown {
            source: source.into(),
            origin: Origin::new(Arc::new(PathBuf::from("f.md")), 10),
        };
        let mut refs = Vec::new();
        markdown_refs(&md, true, &mut refs);
        let got: Vec<(&str, u32, u32)> = refs
            .iter()
            .map(|r| (r.target.as_str(), r.line, r.column))
            .collect();
        assert_eq!(got, [("t", 16, 6), ("/usager", 18, 1)]);
        assert_eq!(refs[1].kind, RefKind::TokenDemoRealm);
        assert_eq!(
            refs[0].kind,
            RefKind::Tree {
                question: "q".into()
            }
        );
    }
}
