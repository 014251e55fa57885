//! The catalogue as search documents: every API (title, acronym and
//! keywords, producer and themes, tagline, headings and the start of the
//! body), every producer, every published guide, and every operation of
//! the `/documentation/<slug>/` pages rendered from a spec, handed to
//! `search::index` which writes the files under `search/`.

use super::context::CardView;
use super::documentation_page;
use super::pages::Shared;
use crate::content::Api;
use crate::openapi::{self, Operation, Spec};
use crate::search::index::{self, Document, Field, Kind, BODY_WORDS};
use rayon::prelude::*;
use serde_json::Value;

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
        texts.push((Field::Body, body_text(&g.body.source)));
        docs.push(not_an_api(
            Kind::Guide,
            &g.title,
            super::urls::guide(&g.slug),
            g.tagline.as_deref(),
            texts,
        ));
    }
    // Operations follow their API's filters: the API documents come first,
    // in catalogue order.
    let mut operations = Vec::new();
    for (api, owner) in catalogue.apis.iter().zip(&docs) {
        let Some(spec) = shared.specs.get(&api.slug) else {
            continue;
        };
        if api.links.doc_tech.is_none() {
            continue;
        }
        let page = documentation_page::path(&api.slug);
        for group in &spec.groups {
            for op in &group.operations {
                operations.push(operation(spec, &group.name, op, &page, owner));
            }
        }
    }
    docs.extend(operations);
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
    texts.push((Field::Body, body_text(&api.body.source)));
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
/// (whole and split at capitals: `findPetsByStatus`), tag and, at the
/// body's weight, description; ordered among operations by its API's
/// popularity, filtered by its API's facets (`api`: the API's document).
fn operation(spec: &Spec, tag: &str, op: &Operation, page: &str, api: &Document) -> Document {
    let method = op.method.to_uppercase();
    let summary = op.summary.clone().unwrap_or_default();
    let mut texts = vec![
        (Field::Title, op.path.clone()),
        (Field::Title, summary.clone()),
        (Field::Keyword, method.clone()),
        (Field::Producer, tag.to_string()),
    ];
    let raw = raw_operation(spec, op);
    let text = |key: &str| raw.and_then(|o| o.get(key)).and_then(Value::as_str);
    if let Some(id) = text("operationId") {
        texts.push((Field::Keyword, id.to_string()));
        texts.push((Field::Keyword, split_camel_case(id)));
    }
    if let Some(description) = text("description") {
        texts.push((Field::Body, body_text(description)));
    }
    Document {
        kind: Kind::Operation,
        title: format!("{method} {}", op.path),
        url: format!("{page}#{}", op.anchor),
        tagline: summary,
        producer: api.title.clone(),
        access: String::new(),
        france_connect: false,
        visits: api.visits,
        texts,
        facets: api.facets.clone(),
    }
}

/// The operation as written in the spec, for what the model does not keep
/// as text (`operationId`, the Markdown description), its path item
/// followed when it is a local `$ref` (`#/components/pathItems/…`), as the
/// reader that made the model does.
fn raw_operation<'s>(spec: &'s Spec, op: &Operation) -> Option<&'s Value> {
    let item = spec.document.get("paths")?.get(&op.path)?;
    openapi::resolved(&spec.document, item).get(&op.method)
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

/// The headings of a Markdown text and its first `BODY_WORDS` words of
/// prose; tags, links' addresses, tables and code are left out.
fn body_text(source: &str) -> String {
    let mut text = BodyText::default();
    let bytes = source.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        if text.words >= BODY_WORDS {
            // Only headings and code fences are left to find: skip to the
            // next line holding a `#` or a backtick.
            let Some(found) = memchr::memchr2(b'#', b'`', &bytes[at..]) else {
                break;
            };
            at += memchr::memrchr(b'\n', &bytes[at..at + found]).map_or(0, |n| n + 1);
        }
        let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |n| at + n);
        text.line(&source[at..end]);
        at = end + 1;
    }
    text.headings.push_str(&text.prose);
    text.headings
}

/// What `body_text` has gathered so far.
#[derive(Default)]
struct BodyText {
    headings: String,
    prose: String,
    words: usize,
    in_code: bool,
}

impl BodyText {
    fn line(&mut self, line: &str) {
        let line = line.trim();
        if line.starts_with("```") {
            self.in_code = !self.in_code;
            return;
        }
        if self.in_code || line.starts_with('|') || line.starts_with('<') {
            return;
        }
        if let Some(heading) = line.strip_prefix('#') {
            push_without_tags(&mut self.headings, heading.trim_start_matches('#'));
            self.headings.push('\n');
            return;
        }
        for chunk in line.split_whitespace() {
            if self.words >= BODY_WORDS {
                break;
            }
            if chunk.contains(['<', '>'])
                || memchr::memmem::find(chunk.as_bytes(), b"://").is_some()
            {
                continue;
            }
            self.prose.push_str(chunk);
            self.prose.push(' ');
            self.words += 1;
        }
    }
}

/// `text` without its HTML tags (`<a name="section-1"></a>` in a heading):
/// a `<` starts a tag when a letter or `/` follows it and a `>` closes it.
fn push_without_tags(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(open) = rest.find('<') {
        let starts_tag = rest[open + 1..]
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphabetic() || b == b'/');
        let close = rest[open..].find('>').filter(|_| starts_tag);
        let Some(close) = close else {
            out.push_str(&rest[..=open]);
            rest = &rest[open + 1..];
            continue;
        };
        out.push_str(&rest[..open]);
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An OpenAPI 3.1 spec whose `/dossiers` path item is a `$ref` to
    /// `components/pathItems`, and whose `/pieces` operation has a
    /// description.
    const SPEC: &str = r#"
openapi: 3.1.0
info: {title: Démarches, version: "1"}
paths:
  /dossiers:
    $ref: '#/components/pathItems/Dossiers'
  /pieces:
    post:
      operationId: deposerPiece
      summary: Déposer une pièce
      description: |
        Ajoute un **justificatif** au dossier, voir https://exemple.gouv.fr/aide.
      responses: {'201': {description: Créée}}
components:
  pathItems:
    Dossiers:
      get:
        operationId: listerDossiers
        summary: Lister
        responses: {'200': {description: OK}}
"#;

    fn api_doc() -> Document {
        Document {
            kind: Kind::Api,
            title: "API Démarches".into(),
            url: "/les-api/demarches/".into(),
            tagline: String::new(),
            producer: "DINUM".into(),
            access: "account".into(),
            france_connect: false,
            visits: 42,
            texts: Vec::new(),
            facets: vec!["theme:social".into(), "access:account".into()],
        }
    }

    fn operations() -> Vec<Document> {
        let spec = openapi::read(SPEC, "demarches.yaml").unwrap();
        let api = api_doc();
        spec.groups
            .iter()
            .flat_map(|g| g.operations.iter().map(move |op| (g, op)))
            .map(|(g, op)| operation(&spec, &g.name, op, "/documentation/demarches/", &api))
            .collect()
    }

    fn texts_of<'d>(docs: &'d [Document], title: &str) -> Vec<(Field, &'d str)> {
        let doc = docs.iter().find(|d| d.title == title).unwrap();
        doc.texts.iter().map(|(f, t)| (*f, t.as_str())).collect()
    }

    #[test]
    fn an_operation_id_under_a_referenced_path_item_is_indexed() {
        let docs = operations();
        let texts = texts_of(&docs, "GET /dossiers");
        assert!(
            texts.contains(&(Field::Keyword, "listerDossiers")),
            "{texts:?}"
        );
        assert!(
            texts.contains(&(Field::Keyword, "lister Dossiers")),
            "{texts:?}"
        );
    }

    #[test]
    fn an_operation_description_is_indexed_at_the_body_weight() {
        let docs = operations();
        let texts = texts_of(&docs, "POST /pieces");
        let body: Vec<&str> = texts
            .iter()
            .filter(|(f, _)| *f == Field::Body)
            .map(|(_, t)| *t)
            .collect();
        assert_eq!(body.len(), 1, "{texts:?}");
        assert!(body[0].contains("justificatif"), "{body:?}");
        assert!(!body[0].contains("exemple.gouv.fr"), "{body:?}");
    }

    #[test]
    fn an_operation_follows_its_api_filters_and_popularity() {
        for op in operations() {
            assert_eq!(
                op.facets,
                ["theme:social", "access:account"],
                "{}",
                op.title
            );
            assert_eq!(op.visits, 42);
            assert_eq!(op.producer, "API Démarches");
        }
    }

    #[test]
    fn body_text_keeps_headings_and_prose_without_tags_tables_or_addresses() {
        let text = body_text("## Données disponibles <a name=\"section-0-1\"></a>\nLe quotient <External href=\"https://x.fr\">voir</External> familial https://caf.fr\n| a | b |\n```\ncode\n```\n<details>\n");
        assert!(text.contains("Données disponibles"));
        assert!(text.contains("quotient"));
        assert!(text.contains("familial"));
        assert!(!text.contains("caf.fr"));
        assert!(!text.contains("External"));
        assert!(!text.contains("code"));
        assert!(!text.contains("| a"));
        assert!(!text.contains("section"), "{text}");
    }

    #[test]
    fn tags_are_left_out_of_headings_but_not_comparisons() {
        let mut out = String::new();
        push_without_tags(
            &mut out,
            "Tarifs <a name=\"t\"></a><br/>pour < 10 ou > 5 <i>euros</i> <",
        );
        assert_eq!(out, "Tarifs pour < 10 ou > 5 euros <");
    }

    /// `body_text` reading every line: what its skipping must agree with.
    fn body_text_by_lines(source: &str) -> String {
        let mut text = BodyText::default();
        source.lines().for_each(|line| text.line(line));
        text.headings.push_str(&text.prose);
        text.headings
    }

    proptest::proptest! {
        #[test]
        fn body_text_skips_only_lines_without_headings_or_fences(
            lines in proptest::collection::vec(
                "( |\t|\u{a0})?(#{1,3} |```|\\| |<a>|- )?(mot |l’API |`code` |# |https://x.fr |\r)*",
                0..40,
            )
        ) {
            let source = lines.join("\n");
            proptest::prop_assert_eq!(body_text(&source), body_text_by_lines(&source));
        }
    }

    #[test]
    fn operation_ids_split_at_each_capital_after_a_small_letter() {
        assert_eq!(split_camel_case("findPetsByStatus"), "find Pets By Status");
        assert_eq!(split_camel_case("getHTTPStatus"), "get HTTPStatus");
        assert_eq!(split_camel_case("lister_dossiers"), "lister_dossiers");
    }
}
