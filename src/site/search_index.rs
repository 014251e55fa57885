//! The catalogue as search documents: every API (title, acronym and
//! keywords, producer and themes, tagline, headings and the start of the
//! body), every producer, every published guide, and every operation of
//! the `/documentation/<slug>/` pages rendered from a spec, handed to
//! `search::index` which writes the files under `search/`.

use super::context::CardView;
use super::documentation_page;
use super::pages::Shared;
use crate::content::{Api, Markdown};
use crate::openapi::{Operation, Spec};
use crate::search::index::{self, Document, Field, Kind, BODY_WORDS};
use rayon::prelude::*;

/// The index files, by path under the site root.
pub fn build(shared: &Shared<'_>) -> Vec<(String, Vec<u8>)> {
    let catalogue = shared.catalogue;
    // In parallel: the build runs beside the page render, on the same pool.
    let mut docs: Vec<Document> = catalogue
        .apis
        .par_iter()
        .zip(&shared.cards)
        .map(|(api, card)| api_document(shared, api, card))
        .collect();
    for p in &catalogue.producers {
        let mut texts = vec![(Field::Title, p.name.clone())];
        texts.extend(p.acronym.iter().map(|a| (Field::Keyword, a.clone())));
        texts.extend(p.short.iter().map(|s| (Field::Tagline, s.clone())));
        docs.push(not_an_api(
            Kind::Producer,
            &p.name,
            super::urls::producer(&p.slug),
            p.short.as_deref(),
            texts,
        ));
    }
    for g in catalogue.guides.iter().filter(|g| g.publish) {
        let mut texts = vec![(Field::Title, g.title.clone())];
        texts.extend(g.tags.iter().map(|t| (Field::Keyword, t.clone())));
        texts.extend(g.tagline.iter().map(|t| (Field::Tagline, t.clone())));
        texts.push((Field::Body, body_text(&g.body)));
        docs.push(not_an_api(
            Kind::Guide,
            &g.title,
            super::urls::guide(&g.slug),
            g.tagline.as_deref(),
            texts,
        ));
    }
    for api in &catalogue.apis {
        let Some(spec) = shared.specs.get(&api.slug) else {
            continue;
        };
        if api.links.doc_tech.is_none() {
            continue;
        }
        let page = documentation_page::path(&api.slug);
        for group in &spec.groups {
            for op in &group.operations {
                docs.push(operation(
                    spec,
                    &group.name,
                    op,
                    &page,
                    &api.title,
                    api.visits_2019,
                ));
            }
        }
    }
    index::build(docs)
}

/// An API result, found by its title, acronym and keywords, producer and
/// themes, tagline, headings and the start of its body.
fn api_document(shared: &Shared<'_>, api: &Api, card: &CardView) -> Document {
    let producer = api
        .producer
        .as_deref()
        .and_then(|slug| shared.producers.get(slug));
    let mut texts = vec![(Field::Title, api.title.clone())];
    texts.extend(api.keywords.iter().map(|k| (Field::Keyword, k.clone())));
    if let Some(p) = producer {
        texts.push((Field::Producer, p.name.clone()));
        texts.extend(p.acronym.iter().map(|a| (Field::Keyword, a.clone())));
    }
    texts.extend(api.owner.iter().map(|o| (Field::Producer, o.clone())));
    texts.extend(api.themes.iter().map(|t| (Field::Producer, t.clone())));
    texts.push((Field::Tagline, api.tagline.clone()));
    texts.push((Field::Body, body_text(&api.body)));
    let mut facets: Vec<String> = card
        .themes
        .iter()
        .map(|t| format!("theme:{}", t.slug))
        .collect();
    facets.extend(api.producer.iter().map(|p| format!("producer:{p}")));
    facets.push(format!("access:{}", card.access));
    if api.france_connected > 0 {
        facets.push("fc:1".to_string());
    }
    Document {
        kind: Kind::Api,
        title: api.title.clone(),
        url: card.url.clone(),
        tagline: api.tagline.clone(),
        producer: producer
            .map(|p| p.name.clone())
            .or_else(|| api.owner.clone())
            .unwrap_or_default(),
        access: card.access.to_string(),
        france_connect: api.france_connected > 0,
        visits: api.visits_2019.unwrap_or(0),
        texts,
        facets,
    }
}

/// An operation result: `GET /pets/{id}` as its title, its summary as the
/// tagline, its API's title where an API shows its producer, opening at
/// the operation's anchor. Found by method, path, summary, `operationId`
/// (whole and split at capitals: `findPetsByStatus`) and tag; ordered
/// among operations by its API's popularity.
fn operation(
    spec: &Spec,
    tag: &str,
    op: &Operation,
    page: &str,
    api_title: &str,
    visits: Option<u64>,
) -> Document {
    let method = op.method.to_uppercase();
    let summary = op.summary.clone().unwrap_or_default();
    let mut texts = vec![
        (Field::Title, op.path.clone()),
        (Field::Title, summary.clone()),
        (Field::Keyword, method.clone()),
        (Field::Producer, tag.to_string()),
    ];
    if let Some(id) = operation_id(spec, op) {
        texts.push((Field::Keyword, id.to_string()));
        texts.push((Field::Keyword, split_camel_case(id)));
    }
    Document {
        kind: Kind::Operation,
        title: format!("{method} {}", op.path),
        url: format!("{page}#{}", op.anchor),
        tagline: summary,
        producer: api_title.to_string(),
        access: String::new(),
        france_connect: false,
        visits: visits.unwrap_or(0),
        texts,
        facets: Vec::new(),
    }
}

/// The `operationId` as written in the spec (the model keeps only the
/// anchor made from it). Path items behind a `$ref` are not followed.
fn operation_id<'s>(spec: &'s Spec, op: &Operation) -> Option<&'s str> {
    spec.document
        .get("paths")?
        .get(&op.path)?
        .get(&op.method)?
        .get("operationId")?
        .as_str()
}

/// `findPetsByStatus` → `find Pets By Status`; `getHTTPStatus` →
/// `get HTTPStatus` (a run of capitals stays one word).
fn split_camel_case(id: &str) -> String {
    let mut out = String::with_capacity(id.len() + 4);
    let mut previous: Option<char> = None;
    for c in id.chars() {
        if c.is_uppercase() && previous.is_some_and(char::is_lowercase) {
            out.push(' ');
        }
        out.push(c);
        previous = Some(c);
    }
    out
}

/// A producer or guide result: no producer, access, facets or popularity.
fn not_an_api(
    kind: Kind,
    title: &str,
    url: String,
    tagline: Option<&str>,
    texts: Vec<(Field, String)>,
) -> Document {
    Document {
        kind,
        title: title.to_string(),
        url,
        tagline: tagline.unwrap_or_default().to_string(),
        producer: String::new(),
        access: String::new(),
        france_connect: false,
        visits: 0,
        texts,
        facets: Vec::new(),
    }
}

/// The headings of a Markdown body and its first `BODY_WORDS` words of
/// prose; tags, links' addresses, tables and code are left out.
fn body_text(body: &Markdown) -> String {
    let mut headings = String::new();
    let mut prose = String::new();
    let mut words = 0;
    let mut in_code = false;
    for line in body.source.lines() {
        let line = line.trim();
        if line.starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code || line.starts_with('|') || line.starts_with('<') {
            continue;
        }
        if let Some(heading) = line.strip_prefix('#') {
            headings.push_str(heading.trim_start_matches('#'));
            headings.push('\n');
            continue;
        }
        for chunk in line.split_whitespace() {
            if words >= BODY_WORDS {
                break;
            }
            if chunk.contains("://") || chunk.contains('<') || chunk.contains('>') {
                continue;
            }
            prose.push_str(chunk);
            prose.push(' ');
            words += 1;
        }
    }
    headings.push_str(&prose);
    headings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Origin;
    use std::path::PathBuf;
    use std::sync::Arc;

    #[test]
    fn body_text_keeps_headings_and_prose_without_tags_tables_or_addresses() {
        let body = Markdown {
            source: "## Données disponibles\nLe quotient <External href=\"https://x.fr\">voir</External> familial https://caf.fr\n| a | b |\n```\ncode\n```\n<details>\n".into(),
            origin: Origin::new(Arc::new(PathBuf::new()), 1),
        };
        let text = body_text(&body);
        assert!(text.contains("Données disponibles"));
        assert!(text.contains("quotient"));
        assert!(text.contains("familial"));
        assert!(!text.contains("caf.fr"));
        assert!(!text.contains("External"));
        assert!(!text.contains("code"));
        assert!(!text.contains("| a"));
    }

    #[test]
    fn operation_ids_split_at_each_capital_after_a_small_letter() {
        assert_eq!(split_camel_case("findPetsByStatus"), "find Pets By Status");
        assert_eq!(split_camel_case("getHTTPStatus"), "get HTTPStatus");
        assert_eq!(split_camel_case("lister_dossiers"), "lister_dossiers");
    }
}
