//! `/documentation/<slug>/`, an API's technical reference, for every card
//! with a `doc_tech_link`: rendered from the spec the pipeline read
//! (`openapi::load_all`) when the link names one inside the catalogue, else
//! the external-link form (the card's header, the link to the reference,
//! `doc_tech_external`, the access conditions, the token demo). Also the
//! spec itself as `/documentation/<slug>/openapi.json`.

use super::components::PageComponents;
use super::context::{eligibility, html};
use super::documentation_rows as rows;
use super::pages::{draft, Draft, Shared};
use super::urls;
use crate::diagnostics::Diagnostic;
use crate::openapi::{Content, Spec, Specs};
use serde::Serialize;
use std::collections::BTreeMap;

/// The page of a card: `/documentation/<slug>/`.
pub fn path(slug: &str) -> String {
    format!("/documentation/{slug}/")
}

/// Where the normalised spec goes, beside the page.
pub fn spec_file(slug: &str) -> String {
    format!("documentation/{slug}/openapi.json")
}

/// Every rendered spec as JSON (keys sorted, `$ref`s kept).
pub fn spec_files(specs: &Specs) -> Vec<(String, Vec<u8>)> {
    specs
        .iter()
        .map(|(slug, spec)| {
            let mut bytes = serde_json::to_vec_pretty(&spec.document).unwrap_or_default();
            bytes.push(b'\n');
            (spec_file(slug), bytes)
        })
        .collect()
}

#[derive(Serialize)]
struct LinkView<'a> {
    href: String,
    label: &'a str,
}

#[derive(Serialize)]
struct AudienceView<'a> {
    who: &'a [String],
    eligibility: &'static str,
    label: &'static str,
    icon: &'static str,
}

pub(super) fn documentation(
    shared: &Shared<'_>,
    components: &PageComponents<'_>,
    index: usize,
) -> Draft {
    let api = &shared.catalogue.apis[index];
    let spec = shared.specs.get(&api.slug);
    let mut d = draft(
        "documentation.html",
        format!("Documentation technique — {}", api.title),
        "apis",
    );
    d.description = Some(api.tagline.clone());
    d.noindex = api.noindex;
    d.origin = Some(api.origin.clone());
    let link = |value: &'_ Option<String>| {
        value
            .as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(urls::contact_href)
    };
    let audiences: Vec<AudienceView<'_>> = api
        .access_page
        .iter()
        .map(|a| {
            let (class, label, icon) = eligibility(a.eligibility);
            AudienceView {
                who: &a.who,
                eligibility: class,
                label,
                icon,
            }
        })
        .collect();
    let demo_html = api
        .oauth
        .as_ref()
        .and_then(|demo| match components.demo_block(demo) {
            Ok(html) => Some(html),
            Err(message) => {
                components.push_diagnostic(Diagnostic::error(
                    api.origin.file.as_ref().clone(),
                    api.origin.line,
                    message,
                ));
                None
            }
        });
    d.ctx.insert("card", &shared.cards[index]);
    d.ctx.insert("api_url", &urls::api(&api.slug));
    d.ctx.insert(
        "reference",
        &link(&api.links.doc_tech).map(|href| LinkView {
            href,
            label: api.links.doc_tech.as_deref().unwrap_or(""),
        }),
    );
    d.ctx.insert(
        "external",
        &link(&api.links.doc_tech_external).map(|href| LinkView {
            href,
            label: api.links.doc_tech_external.as_deref().unwrap_or(""),
        }),
    );
    d.ctx.insert("audiences", &audiences);
    d.insert_html("demo_html", demo_html);
    d.ctx.insert("spec", &spec.map(|s| s.as_ref()));
    if let Some(spec) = spec {
        d.ctx
            .insert("spec_url", &format!("/{}", spec_file(&api.slug)));
        let tables = schema_tables(spec);
        d.capacity += spec.operation_count * 2048 + shown_bytes(spec, &tables);
        d.ctx.insert_value("schema_rows", tera::Value::from(tables));
        d.ctx.insert_value("parameter_rows", parameter_rows(spec));
    }
    d
}

/// Each distinct schema table of the spec as the rows of its `<tbody>`,
/// written once here; `schema.html` prints the one a content names
/// (`schema_rows[content.schema]`) wherever it is shown. Rows are written
/// in Rust rather than by a Tera loop: a 500-operation spec has thousands
/// of them, and the table around them stays in the theme.
fn schema_tables(spec: &Spec) -> Vec<tera::Value> {
    spec.schema_tables
        .iter()
        .map(|rows| html(Some(&rows::schema_rows(rows))))
        .collect()
}

/// Each operation's parameters as the rows of its table's `<tbody>`, by
/// the operation's anchor (`parameter_rows[op.anchor]`, empty when it has
/// none); `parameters.html` holds the table around them.
fn parameter_rows(spec: &Spec) -> tera::Value {
    let rows: BTreeMap<String, tera::Value> = spec
        .groups
        .iter()
        .flat_map(|g| &g.operations)
        .map(|op| {
            (
                op.anchor.clone(),
                html(Some(&rows::parameter_rows(&op.parameters))),
            )
        })
        .collect();
    tera::Value::from(rows)
}

/// The bytes of schema rows the page prints: each table once per content
/// that shows it.
fn shown_bytes(spec: &Spec, tables: &[tera::Value]) -> usize {
    let table_len = |content: &Content| {
        content
            .schema
            .and_then(|i| tables.get(i))
            .and_then(tera::Value::as_str)
            .map_or(0, str::len)
    };
    spec.groups
        .iter()
        .flat_map(|g| &g.operations)
        .flat_map(|op| {
            let body = op.request_body.iter().flat_map(|b| &b.contents);
            body.chain(op.responses.iter().flat_map(|r| &r.contents))
        })
        .map(table_len)
        .sum()
}
