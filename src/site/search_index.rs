//! The catalogue as search documents: every API (title, acronym and
//! keywords, producer and themes, tagline, headings and the start of the
//! body), every producer and every published guide, handed to
//! `search::index` which writes the files under `search/`.

use super::pages::Shared;
use crate::content::Markdown;
use crate::search::index::{self, Document, Field, Kind, BODY_WORDS};

/// The index files, by path under the site root.
pub fn build(shared: &Shared<'_>) -> Vec<(String, Vec<u8>)> {
    let catalogue = shared.catalogue;
    let mut docs = Vec::with_capacity(
        catalogue.apis.len() + catalogue.producers.len() + catalogue.guides.len(),
    );
    for (api, card) in catalogue.apis.iter().zip(&shared.cards) {
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
        docs.push(Document {
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
        });
    }
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
    index::build(docs)
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
}
