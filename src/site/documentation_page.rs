//! `/documentation/<slug>/`, an API's technical reference, for every card
//! with a `doc_tech_link`: rendered from the spec the pipeline read
//! (`openapi::load_all`) when the link names one inside the catalogue, else
//! the external-link form (the card's header, the link to the reference,
//! `doc_tech_external`, the access conditions, the token demo). Also the
//! spec itself as `/documentation/<slug>/openapi.json`.
//!
//! The theme renders the layout, navigation and tag groups from a view of
//! the spec (`spec_view`); the operations are written in Rust
//! (`documentation_operations`) into the page where each group prints its
//! marker, or, when the theme has its own `operation.html`, rendered
//! through it (`through_partial`).

use super::blocks::{self, Blocks};
use super::components::PageComponents;
use super::context::{eligibility, html};
use super::documentation_operations::Writer;
use super::documentation_rows as rows;
use super::pages::{draft, Draft, Shared};
use super::theme::error_chain;
use super::urls;
use crate::content::Api;
use crate::diagnostics::Diagnostic;
use crate::openapi::{Prose, Spec, Specs};
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;

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
    let demo = demo_html.as_deref().is_some_and(|h| !h.is_empty());
    d.insert_html("demo_html", demo_html);
    let Some(spec) = spec else {
        d.ctx.insert_value("spec", tera::Value::none());
        return d;
    };
    d.ctx
        .insert("spec_url", &format!("/{}", spec_file(&api.slug)));
    let tables: Vec<Vec<u8>> = spec
        .schema_tables
        .iter()
        .map(|table| {
            let mut out = Vec::new();
            rows::write_schema_rows(&mut out, table);
            out
        })
        .collect();
    let blocks: Box<dyn Blocks> = if shared.theme.has_template(OPERATION_PARTIAL) {
        Box::new(through_partial(
            shared, components, api, spec, &tables, &d.ctx,
        ))
    } else {
        Box::new(Writer {
            spec: Arc::clone(spec),
            schema_rows: tables,
            demo,
        })
    };
    // The navigation lists every operation.
    d.capacity += spec.operation_count * 256;
    d.ctx.insert_value("spec", spec_view(spec));
    d.blocks = Some(blocks);
    d
}

/// A theme's own markup for operations (`through_partial`); the default
/// theme has none.
const OPERATION_PARTIAL: &str = "partials/documentation/operation.html";

/// The spec as the page's templates see it: what the layout, navigation
/// and tag groups print, rather than the whole spec. Each group's
/// `operations_html` is the marker of its block (`blocks`): its operations
/// go there after rendering.
fn spec_view(spec: &Spec) -> tera::Value {
    let groups: Vec<tera::Value> = spec
        .groups
        .iter()
        .enumerate()
        .map(|(i, group)| {
            let nav: Vec<NavEntry<'_>> = group
                .operations
                .iter()
                .map(|op| NavEntry {
                    anchor: &op.anchor,
                    method: &op.method,
                    path: &op.path,
                })
                .collect();
            let mut view = BTreeMap::new();
            view.insert("name", tera::Value::from(group.name.as_str()));
            view.insert("anchor", tera::Value::from(group.anchor.as_str()));
            view.insert("description_html", prose(group.description_html.as_ref()));
            view.insert("operations", tera::Value::from_serializable(&nav));
            view.insert("operations_html", html(Some(&blocks::marker(i))));
            tera::Value::from(view)
        })
        .collect();
    let mut view = BTreeMap::new();
    view.insert("format", tera::Value::from(spec.format));
    view.insert("title", tera::Value::from(spec.title.as_str()));
    view.insert("version", tera::Value::from(spec.version.as_deref()));
    view.insert("description_html", prose(spec.description_html.as_ref()));
    view.insert("servers", tera::Value::from_serializable(&spec.servers));
    view.insert("operation_count", tera::Value::from(spec.operation_count));
    view.insert(
        "security_schemes",
        tera::Value::from_serializable(&spec.security_schemes),
    );
    view.insert("groups", tera::Value::from(groups));
    tera::Value::from(view)
}

/// An operation as the side navigation shows it.
#[derive(Serialize)]
struct NavEntry<'a> {
    anchor: &'a str,
    method: &'a str,
    path: &'a str,
}

fn prose(text: Option<&Prose>) -> tera::Value {
    html(text.map(Prose::as_html))
}

/// Each group's operations rendered by the theme's `operation.html`, with
/// the context the page's templates had before operations were written in
/// Rust (all of it but `page`: the whole `spec`, `schema_rows`,
/// `parameter_rows`, `card`, `demo_html`…) plus `group` and `op`. An
/// operation the partial fails on is left out, and the page gets one error
/// at the card: how many failed, and what Tera said about the first.
fn through_partial(
    shared: &Shared<'_>,
    components: &PageComponents<'_>,
    api: &Api,
    spec: &Spec,
    tables: &[Vec<u8>],
    page: &tera::Context,
) -> Vec<Vec<u8>> {
    let mut ctx = page.clone();
    ctx.insert_value("site", shared.site.value.clone());
    ctx.insert("spec", spec);
    let tables: Vec<tera::Value> = tables
        .iter()
        .map(|t| html(std::str::from_utf8(t).ok()))
        .collect();
    ctx.insert_value("schema_rows", tera::Value::from(tables));
    ctx.insert_value("parameter_rows", parameter_rows(spec));
    let mut failed = 0;
    let mut first_error = None;
    let mut groups = Vec::with_capacity(spec.groups.len());
    for group in &spec.groups {
        ctx.insert("group", group);
        let mut out = Vec::new();
        for op in &group.operations {
            ctx.insert("op", op);
            let mut one = Vec::new();
            match shared
                .theme
                .tera
                .render_to(OPERATION_PARTIAL, &ctx, &mut one)
            {
                Ok(()) => out.extend_from_slice(&one),
                Err(e) => {
                    failed += 1;
                    first_error.get_or_insert_with(|| (op.anchor.clone(), error_chain(&e)));
                }
            }
        }
        groups.push(out);
    }
    if let Some((anchor, error)) = first_error {
        components.push_diagnostic(Diagnostic::error(
            api.origin.file.as_ref().clone(),
            api.origin.line,
            format!(
                "{failed} of the {} operations of /documentation/{}/ could not be rendered with the theme's `{OPERATION_PARTIAL}` and are left out; the first, {anchor}: {error}",
                spec.operation_count, api.slug
            ),
        ));
    }
    groups
}

/// Each operation's parameters as the rows of its table's `<tbody>`, by
/// the operation's anchor (`parameter_rows[op.anchor]`, empty when it has
/// none), for a theme's own `operation.html`.
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
