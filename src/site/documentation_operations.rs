//! The reference page's operations, each written here as its `<section>`
//! (heading, security line, parameters, request body, responses, schema
//! tables, examples) rather than by a Tera partial per operation: a large
//! spec has hundreds of them, and the template engine's lookups, loops and
//! value clones cost more than the markup. The page layout, the navigation
//! and the tag groups stay in the theme (`reference.html`, which prints
//! `group.operations_html`).
//!
//! Every value from the spec is escaped with the theme's escaper
//! (`escape_html`); descriptions are the Markdown already rendered by
//! `openapi::Prose`. The markup, whitespace included, is what the former
//! `operation.html` partial and its includes gave, so that pages did not
//! change; the CSS classes are listed in `docs/openapi.md`.

use super::documentation_rows as rows;
use crate::openapi::{Content, Operation, SecurityUse, TagGroup};
use crate::text::html::escape_html;

/// What an operation's markup needs besides the operation itself.
pub struct Writer<'a> {
    /// Each distinct schema table's rows (`Spec::schema_tables`, written by
    /// `documentation_rows::schema_rows`), by the index a `Content` names.
    pub schema_rows: &'a [String],
    /// The page has the token demo: security lines link to it.
    pub demo: bool,
}

impl Writer<'_> {
    /// The sections of a group's operations, one after the other.
    pub fn group(&self, group: &TagGroup) -> String {
        let mut out = String::with_capacity(group.operations.len() * 4096);
        for op in &group.operations {
            self.operation(&mut out, op);
        }
        out
    }

    fn operation(&self, out: &mut String, op: &Operation) {
        let anchor = escape_html(&op.anchor);
        let method = escape_html(&op.method.to_uppercase());
        let path = escape_html(&op.path);
        out.push_str("<section class=\"doc-operation");
        if op.deprecated {
            out.push_str(" deprecated");
        }
        push_all(
            out,
            &[
                "\" aria-labelledby=\"",
                &anchor,
                "\">\n  <h3 id=\"",
                &anchor,
            ],
        );
        push_all(
            out,
            &["\"><span class=\"method method-", &escape_html(&op.method)],
        );
        push_all(
            out,
            &["\">", &method, "</span> <code class=\"doc-path\">", &path],
        );
        out.push_str("</code>");
        if let Some(summary) = non_empty(op.summary.as_deref()) {
            push_all(
                out,
                &[" <span class=\"doc-summary\">", &escape_html(summary)],
            );
            out.push_str("</span>");
        }
        if op.deprecated {
            out.push_str(" <span class=\"doc-deprecated\">obsolète</span>");
        }
        out.push_str("</h3>\n  ");
        prose(out, "<div class=\"prose\">", op.description_html.as_ref());
        out.push_str("\n  ");
        match op.security.as_deref() {
            Some(alternatives) if !alternatives.is_empty() => {
                out.push_str("\n  <p class=\"doc-security\">Authentification : ");
                security(out, alternatives);
                if self.demo {
                    out.push_str(" — <a href=\"#authentification\">essayer la démonstration</a>");
                }
                out.push_str("</p>\n  ");
            }
            Some(_) => out.push_str("<p class=\"doc-security\">Sans authentification.</p>"),
            None => {}
        }
        out.push_str("\n  ");
        if !op.parameters.is_empty() {
            out.push_str("\n  <h4>Paramètres</h4>\n  ");
            push_all(out, &["<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"Paramètres de ", &method, " ", &path]);
            out.push_str(
                "\">\n<table class=\"doc-table doc-parameters\">\n  <thead><tr><th scope=\"col\">Nom</th>\
                 <th scope=\"col\">Emplacement</th><th scope=\"col\">Type</th><th scope=\"col\">Requis</th>\
                 <th scope=\"col\">Description</th><th scope=\"col\">Exemple</th></tr></thead>\n  <tbody>\n    ",
            );
            out.push_str(&rows::parameter_rows(&op.parameters));
            out.push_str("\n  </tbody>\n</table>\n</div>\n\n  ");
        }
        out.push_str("\n  ");
        if let Some(body) = &op.request_body {
            out.push_str("\n  <h4>Corps de la requête");
            if body.required {
                out.push_str(" <span class=\"doc-required\">(requis)</span>");
            }
            out.push_str("</h4>\n  ");
            prose(out, "<div class=\"prose\">", body.description_html.as_ref());
            out.push_str("\n  \n  ");
            let label = ["Requête ", &method, " ", &path].concat();
            self.contents(out, &body.contents, &label);
            out.push_str("\n  ");
        }
        out.push_str("\n  ");
        if !op.responses.is_empty() {
            out.push_str("\n  <h4>Réponses</h4>\n  ");
            for response in &op.responses {
                let status = escape_html(&response.status);
                push_all(
                    out,
                    &[
                        "\n  <div class=\"doc-response doc-response-",
                        response.class,
                    ],
                );
                push_all(out, &["\">\n    <h5><span class=\"doc-status\">", &status]);
                out.push_str("</span></h5>\n    ");
                prose(
                    out,
                    "<div class=\"prose doc-response-description\">",
                    response.description_html.as_ref(),
                );
                out.push_str("\n    \n    ");
                let label = ["Réponse ", &status, " de ", &method, " ", &path].concat();
                self.contents(out, &response.contents, &label);
                out.push_str("\n  </div>\n  ");
            }
            out.push_str("\n  ");
        }
        out.push_str("\n</section>\n");
    }

    /// A body's media types, each with its schema table and examples;
    /// `label` (already escaped) names the tables for screen readers.
    fn contents(&self, out: &mut String, contents: &[Content], label: &str) {
        for content in contents {
            let media_type = escape_html(&content.media_type);
            out.push_str("\n<div class=\"doc-content\">\n  <p class=\"doc-media-type\">Type de contenu : <code>");
            push_all(out, &[&media_type, "</code></p>\n  "]);
            if let Some(table) = content.schema {
                push_all(out, &["<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"Schéma : ", label, " (", &media_type]);
                out.push_str(
                    ")\">\n<table class=\"doc-table doc-schema\">\n  <thead><tr><th scope=\"col\">Champ</th>\
                     <th scope=\"col\">Type</th><th scope=\"col\">Requis</th><th scope=\"col\">Description</th>\
                     </tr></thead>\n  <tbody>\n    ",
                );
                out.push_str(self.schema_rows.get(table).map_or("", String::as_str));
                out.push_str("\n  </tbody>\n</table>\n</div>\n");
            }
            out.push_str("\n  ");
            for example in &content.examples {
                out.push_str("\n  <figure class=\"doc-example\">\n    <figcaption>Exemple");
                if let Some(name) = non_empty(example.name.as_deref()) {
                    push_all(out, &[" « ", &escape_html(name), " »"]);
                }
                if let Some(summary) = non_empty(example.summary.as_deref()) {
                    push_all(out, &[" : ", &escape_html(summary)]);
                }
                push_all(
                    out,
                    &[
                        "</figcaption>\n    <pre><code>",
                        &escape_html(&example.code),
                    ],
                );
                out.push_str("</code></pre>\n  </figure>\n  ");
            }
            out.push_str("\n</div>\n");
        }
        out.push('\n');
    }
}

/// "a et b ou c": any one alternative suffices, each needs all its schemes.
fn security(out: &mut String, alternatives: &[Vec<SecurityUse>]) {
    for (i, alternative) in alternatives.iter().enumerate() {
        if i > 0 {
            out.push_str(" ou ");
        }
        for (j, scheme) in alternative.iter().enumerate() {
            if j > 0 {
                out.push_str(" et ");
            }
            let name = escape_html(&scheme.name);
            if scheme.anchor.is_empty() {
                out.push_str(&name);
            } else {
                push_all(
                    out,
                    &[
                        "<a href=\"#",
                        &escape_html(&scheme.anchor),
                        "\">",
                        &name,
                        "</a>",
                    ],
                );
            }
            if !scheme.scopes.is_empty() {
                push_all(
                    out,
                    &[
                        " (<code>",
                        &escape_html(&scheme.scopes.join(" ")),
                        "</code>)",
                    ],
                );
            }
        }
    }
}

/// A rendered description in its wrapper, or nothing.
fn prose(out: &mut String, open: &str, html: Option<&crate::openapi::Prose>) {
    if let Some(html) = html.map(|p| p.as_html()).filter(|h| !h.is_empty()) {
        push_all(out, &[open, html, "</div>"]);
    }
}

fn non_empty(text: Option<&str>) -> Option<&str> {
    text.filter(|t| !t.is_empty())
}

fn push_all(out: &mut String, parts: &[&str]) {
    for part in parts {
        out.push_str(part);
    }
}
