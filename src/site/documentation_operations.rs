//! The reference page's operations, each written here as its `<section>`
//! (heading, security line, parameters, request body, responses, schema
//! tables, examples) rather than by a Tera partial per operation: a large
//! spec has hundreds of them, and the template engine's lookups, loops and
//! value clones cost more than the markup. The page layout, the navigation
//! and the tag groups stay in the theme (`reference.html` prints each
//! group's `operations_html` where its operations go).
//!
//! Every value from the spec is escaped with the theme's escaper; the
//! descriptions are the Markdown `openapi::Prose` rendered. The markup,
//! whitespace included, is what the theme's `operation.html` partial and
//! its includes gave before, so pages did not change; `docs/openapi.md`
//! lists the CSS classes.

use super::blocks::Blocks;
use super::documentation_rows::{text, write_parameter_rows};
use crate::openapi::{Content, Operation, Prose, SecurityUse, Spec, TagGroup};
use std::sync::Arc;

/// A spec's operations as the page's blocks: block `i` is the sections of
/// the `i`th tag group's operations.
pub struct Writer {
    pub spec: Arc<Spec>,
    /// Each distinct schema table's rows (`Spec::schema_tables`, written by
    /// `documentation_rows::write_schema_rows`), by the index a `Content`
    /// names.
    pub schema_rows: Vec<Vec<u8>>,
    /// The page has the token demo: security lines link to it.
    pub demo: bool,
}

impl Blocks for Writer {
    fn write(&self, index: usize, out: &mut Vec<u8>) -> bool {
        let Some(group) = self.spec.groups.get(index) else {
            return false;
        };
        for op in &group.operations {
            self.operation(out, op);
        }
        true
    }

    /// A little more than the markup takes: the schema tables each
    /// operation shows, and room for the rest of it.
    fn size(&self) -> usize {
        self.spec.groups.iter().map(|g| self.group_size(g)).sum()
    }
}

impl Writer {
    fn group_size(&self, group: &TagGroup) -> usize {
        let table = |content: &Content| {
            content
                .schema
                .and_then(|i| self.schema_rows.get(i))
                .map_or(0, |rows| rows.len() + 512)
        };
        group
            .operations
            .iter()
            .map(|op| {
                let body = op.request_body.iter().flat_map(|b| &b.contents);
                let contents = body.chain(op.responses.iter().flat_map(|r| &r.contents));
                4096 + contents.map(table).sum::<usize>()
            })
            .sum()
    }

    fn operation(&self, out: &mut Vec<u8>, op: &Operation) {
        let method = op.method.to_uppercase();
        out.extend_from_slice(b"<section class=\"doc-operation");
        if op.deprecated {
            out.extend_from_slice(b" deprecated");
        }
        out.extend_from_slice(b"\" aria-labelledby=\"");
        text(out, &op.anchor);
        out.extend_from_slice(b"\">\n  <h3 id=\"");
        text(out, &op.anchor);
        out.extend_from_slice(b"\"><span class=\"method method-");
        text(out, &op.method);
        out.extend_from_slice(b"\">");
        text(out, &method);
        out.extend_from_slice(b"</span> <code class=\"doc-path\">");
        text(out, &op.path);
        out.extend_from_slice(b"</code>");
        if let Some(summary) = op.summary.as_deref().filter(|s| !s.is_empty()) {
            out.extend_from_slice(b" <span class=\"doc-summary\">");
            text(out, summary);
            out.extend_from_slice(b"</span>");
        }
        if op.deprecated {
            out.extend_from_slice(" <span class=\"doc-deprecated\">obsolète</span>".as_bytes());
        }
        out.extend_from_slice(b"</h3>\n  ");
        prose(out, "<div class=\"prose\">", op.description_html.as_ref());
        out.extend_from_slice(b"\n  ");
        match op.security.as_deref() {
            Some(alternatives) if !alternatives.is_empty() => {
                out.extend_from_slice(b"\n  <p class=\"doc-security\">Authentification : ");
                security(out, alternatives);
                if self.demo {
                    out.extend_from_slice(
                        " — <a href=\"#authentification\">essayer la démonstration</a>".as_bytes(),
                    );
                }
                out.extend_from_slice(b"</p>\n  ");
            }
            Some(_) => {
                out.extend_from_slice(b"<p class=\"doc-security\">Sans authentification.</p>")
            }
            None => {}
        }
        out.extend_from_slice(b"\n  ");
        if !op.parameters.is_empty() {
            out.extend_from_slice(
                "\n  <h4>Paramètres</h4>\n  <div class=\"table-scroll\" role=\"region\" \
                 tabindex=\"0\" aria-label=\"Paramètres de "
                    .as_bytes(),
            );
            label(out, &[&method, " ", &op.path]);
            out.extend_from_slice(
                b"\">\n<table class=\"doc-table doc-parameters\">\n  <thead><tr><th scope=\"col\">Nom</th>\
                  <th scope=\"col\">Emplacement</th><th scope=\"col\">Type</th><th scope=\"col\">Requis</th>\
                  <th scope=\"col\">Description</th><th scope=\"col\">Exemple</th></tr></thead>\n  <tbody>\n    ",
            );
            write_parameter_rows(out, &op.parameters);
            out.extend_from_slice(b"\n  </tbody>\n</table>\n</div>\n\n  ");
        }
        out.extend_from_slice(b"\n  ");
        if let Some(body) = &op.request_body {
            out.extend_from_slice("\n  <h4>Corps de la requête".as_bytes());
            if body.required {
                out.extend_from_slice(b" <span class=\"doc-required\">(requis)</span>");
            }
            out.extend_from_slice(b"</h4>\n  ");
            prose(out, "<div class=\"prose\">", body.description_html.as_ref());
            out.extend_from_slice(b"\n  \n  ");
            self.contents(out, &body.contents, &["Requête ", &method, " ", &op.path]);
            out.extend_from_slice(b"\n  ");
        }
        out.extend_from_slice(b"\n  ");
        if !op.responses.is_empty() {
            out.extend_from_slice("\n  <h4>Réponses</h4>\n  ".as_bytes());
            for response in &op.responses {
                out.extend_from_slice(b"\n  <div class=\"doc-response doc-response-");
                text(out, response.class);
                out.extend_from_slice(b"\">\n    <h5><span class=\"doc-status\">");
                text(out, &response.status);
                out.extend_from_slice(b"</span></h5>\n    ");
                prose(
                    out,
                    "<div class=\"prose doc-response-description\">",
                    response.description_html.as_ref(),
                );
                out.extend_from_slice(b"\n    \n    ");
                let name = ["Réponse ", &response.status, " de ", &method, " ", &op.path];
                self.contents(out, &response.contents, &name);
                out.extend_from_slice(b"\n  </div>\n  ");
            }
            out.extend_from_slice(b"\n  ");
        }
        out.extend_from_slice(b"\n</section>\n");
    }

    /// A body's media types, each with its schema table and examples;
    /// `name` (its parts, escaped here) names the tables for screen readers.
    fn contents(&self, out: &mut Vec<u8>, contents: &[Content], name: &[&str]) {
        for content in contents {
            out.extend_from_slice(
                b"\n<div class=\"doc-content\">\n  <p class=\"doc-media-type\">Type de contenu : <code>",
            );
            text(out, &content.media_type);
            out.extend_from_slice(b"</code></p>\n  ");
            if let Some(table) = content.schema {
                out.extend_from_slice(
                    "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"Schéma : "
                        .as_bytes(),
                );
                label(out, name);
                out.extend_from_slice(b" (");
                text(out, &content.media_type);
                out.extend_from_slice(
                    b")\">\n<table class=\"doc-table doc-schema\">\n  <thead><tr><th scope=\"col\">Champ</th>\
                      <th scope=\"col\">Type</th><th scope=\"col\">Requis</th><th scope=\"col\">Description</th>\
                      </tr></thead>\n  <tbody>\n    ",
                );
                if let Some(rows) = self.schema_rows.get(table) {
                    out.extend_from_slice(rows);
                }
                out.extend_from_slice(b"\n  </tbody>\n</table>\n</div>\n");
            }
            out.extend_from_slice(b"\n  ");
            for example in &content.examples {
                out.extend_from_slice(
                    b"\n  <figure class=\"doc-example\">\n    <figcaption>Exemple",
                );
                if let Some(name) = example.name.as_deref().filter(|n| !n.is_empty()) {
                    out.extend_from_slice(" « ".as_bytes());
                    text(out, name);
                    out.extend_from_slice(" »".as_bytes());
                }
                if let Some(summary) = example.summary.as_deref().filter(|s| !s.is_empty()) {
                    out.extend_from_slice(b" : ");
                    text(out, summary);
                }
                out.extend_from_slice(b"</figcaption>\n    <pre><code>");
                text(out, &example.code);
                out.extend_from_slice(b"</code></pre>\n  </figure>\n  ");
            }
            out.extend_from_slice(b"\n</div>\n");
        }
        out.push(b'\n');
    }
}

/// "a et b ou c": any one alternative suffices, each needs all its schemes.
fn security(out: &mut Vec<u8>, alternatives: &[Vec<SecurityUse>]) {
    for (i, alternative) in alternatives.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(b" ou ");
        }
        for (j, scheme) in alternative.iter().enumerate() {
            if j > 0 {
                out.extend_from_slice(b" et ");
            }
            if scheme.anchor.is_empty() {
                text(out, &scheme.name);
            } else {
                out.extend_from_slice(b"<a href=\"#");
                text(out, &scheme.anchor);
                out.extend_from_slice(b"\">");
                text(out, &scheme.name);
                out.extend_from_slice(b"</a>");
            }
            if !scheme.scopes.is_empty() {
                out.extend_from_slice(b" (<code>");
                text(out, &scheme.scopes.join(" "));
                out.extend_from_slice(b"</code>)");
            }
        }
    }
}

/// A table's accessible name from its parts, each escaped.
fn label(out: &mut Vec<u8>, parts: &[&str]) {
    for part in parts {
        text(out, part);
    }
}

/// A rendered description in its wrapper, or nothing.
fn prose(out: &mut Vec<u8>, open: &str, html: Option<&Prose>) {
    if let Some(html) = html.map(Prose::as_html).filter(|h| !h.is_empty()) {
        out.extend_from_slice(open.as_bytes());
        out.extend_from_slice(html.as_bytes());
        out.extend_from_slice(b"</div>");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page_of(spec: serde_json::Value, demo: bool) -> String {
        let spec = crate::openapi::read(&spec.to_string(), "spec.json").expect("spec");
        let schema_rows = spec
            .schema_tables
            .iter()
            .map(|rows| {
                let mut out = Vec::new();
                super::super::documentation_rows::write_schema_rows(&mut out, rows);
                out
            })
            .collect();
        let writer = Writer {
            spec: Arc::new(spec),
            schema_rows,
            demo,
        };
        let mut out = Vec::with_capacity(writer.size());
        assert!(writer.write(0, &mut out));
        assert!(!writer.write(1, &mut out), "one tag group");
        String::from_utf8(out).expect("UTF-8")
    }

    #[test]
    fn values_from_the_spec_are_escaped_wherever_they_are_printed() {
        let html = page_of(
            serde_json::json!({
                "openapi": "3.1.0",
                "info": {"title": "t", "version": "1"},
                "components": {"securitySchemes": {"cle": {"type": "apiKey", "in": "header", "name": "X"}}},
                "paths": {"/a/{id}\"><script>": {"post": {
                    "operationId": "o",
                    "summary": "<b>gras</b> & 'cité'",
                    "security": [{"cle": [], "inconnu<i>": ["lire<x>", "écrire"]}, {"cle": []}],
                    "requestBody": {"content": {"text/<plain>": {
                        "schema": {"type": "string"},
                        "examples": {"<nom>": {"summary": "\"s\"", "value": "<code>"}}
                    }}},
                    "responses": {"2<0>0": {"description": "ok"}}
                }}}
            }),
            true,
        );
        for escaped in [
            "<code class=\"doc-path\">/a/{id}&quot;&gt;&lt;script&gt;</code>",
            "<span class=\"doc-summary\">&lt;b&gt;gras&lt;/b&gt; &amp; &#39;cité&#39;</span>",
            "Type de contenu : <code>text/&lt;plain&gt;</code>",
            "aria-label=\"Schéma : Requête POST /a/{id}&quot;&gt;&lt;script&gt; (text/&lt;plain&gt;)\"",
            "<figcaption>Exemple « &lt;nom&gt; » : &quot;s&quot;</figcaption>",
            "<pre><code>&lt;code&gt;</code></pre>",
        ] {
            assert!(html.contains(escaped), "{escaped} in {html}");
        }
        assert!(!html.contains("<script>") && !html.contains("<b>gras"));
        // Schemes of one alternative are all needed ("et"); a scheme the
        // document does not define is named without a link.
        assert!(
            html.contains(
                "Authentification : <a href=\"#securite-cle\">cle</a> et inconnu&lt;i&gt; \
                 (<code>lire&lt;x&gt; écrire</code>) ou <a href=\"#securite-cle\">cle</a> \
                 — <a href=\"#authentification\">essayer la démonstration</a></p>"
            ),
            "{html}"
        );
    }

    #[test]
    fn an_explicitly_public_operation_says_so_and_one_without_requirement_says_nothing() {
        let spec = |security: serde_json::Value| {
            let mut op = serde_json::json!({"responses": {"204": {"description": "vide"}}});
            if !security.is_null() {
                op["security"] = security;
            }
            serde_json::json!({
                "openapi": "3.0.3",
                "info": {"title": "t", "version": "1"},
                "paths": {"/p": {"delete": op}}
            })
        };
        let public = page_of(spec(serde_json::json!([])), true);
        assert!(public.contains("<p class=\"doc-security\">Sans authentification.</p>"));
        let unstated = page_of(spec(serde_json::Value::Null), true);
        assert!(!unstated.contains("doc-security"));
        assert!(unstated.contains("<h5><span class=\"doc-status\">204</span></h5>"));
    }
}
