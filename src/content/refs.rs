//! What a parsed file points at elsewhere: producers, API titles, guides,
//! `<QuestionTree>` and `<TokenDemo>` tags in its Markdown. Collected per
//! file (in parallel), resolved by `crossref` once everything is loaded.

use super::crossref::{Ref, RefKind};
use super::fields::Reader;
use super::{Api, Markdown, QuestionTreeFile};
use crate::tags::find_tags;
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

/// The image file a front-matter `key` names, at the key's value.
pub(crate) fn image_ref(
    r: &Reader,
    key: &str,
    value: Option<&str>,
    kind: super::images::ImageKind,
    refs: &mut Vec<Ref>,
) {
    let Some(path) = value.and_then(|v| super::images::content_path(kind, v)) else {
        return;
    };
    let (line, column) = r.pos_of(&[Seg::Key(key.into())], true);
    refs.push(Ref::new(RefKind::Image, &path, &r.file, line, column));
}

/// `<QuestionTree tree=… question=…/>` and `<TokenDemo realm=…/>` tags
/// inside a Markdown value (outside code, as `tags::find_tags` reads it).
pub fn markdown_refs(md: &Markdown, exact_columns: bool, refs: &mut Vec<Ref>) {
    for found in find_tags(&md.source, &["QuestionTree", "TokenDemo"]) {
        let tag = &found.tag;
        let (kind, target) = if tag.name == "TokenDemo" {
            (RefKind::TokenDemoRealm, tag.attr("realm"))
        } else {
            let question = tag.attr("question").unwrap_or_default().to_string();
            (RefKind::Tree { question }, tag.attr("tree"))
        };
        refs.push(Ref {
            target: target.unwrap_or_default().to_string(),
            kind,
            file: md.origin.file.clone(),
            line: md.origin.line_within(found.line),
            // Columns are exact in bodies only: YAML values lost their indentation.
            column: if exact_columns { found.column } else { 0 },
        });
    }
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
