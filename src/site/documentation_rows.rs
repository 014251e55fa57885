//! The rows of the reference page's two kinds of tables (schemas and
//! parameters), written here rather than by a Tera loop: a large spec has
//! thousands of them, each costing the template engine more than the whole
//! row costs here. The tables around them (`schema.html`,
//! `parameters.html`) stay in the theme. Text is escaped with the theme's
//! own escaper, so the page is the same as the loops gave.

use crate::openapi::{Parameter, SchemaRow};
use crate::text::html::escape_html;
use std::fmt::Write;

/// Rows end with the newline and indentation the template loops had.
const ROW_END: &str = "</tr>\n    ";

pub fn schema_rows(rows: &[SchemaRow]) -> String {
    let mut out = String::with_capacity(rows.len() * 160);
    for row in rows {
        let depth = row.depth;
        let _ = write!(
            out,
            "<tr class=\"depth-{depth}\"><th scope=\"row\" style=\"--depth: {depth}\">"
        );
        match row.name.as_deref().filter(|n| !n.is_empty()) {
            Some(name) => {
                out.push_str("<code>");
                out.push_str(&escape_html(name));
                out.push_str("</code>");
            }
            None => out.push_str("<span class=\"doc-root\">(corps)</span>"),
        }
        out.push_str("</th><td><code>");
        out.push_str(&escape_html(&row.type_label));
        out.push_str("</code>");
        if let Some(note) = row.note.as_deref().filter(|n| !n.is_empty()) {
            out.push_str(" <span class=\"doc-note\">");
            out.push_str(&escape_html(note));
            out.push_str("</span>");
        }
        out.push_str("</td><td>");
        if row.required {
            out.push_str("oui");
        }
        out.push_str("</td><td>");
        if let Some(description) = &row.description_html {
            out.push_str(description.as_html());
        }
        out.push_str("</td>");
        out.push_str(ROW_END);
    }
    out
}

pub fn parameter_rows(parameters: &[Parameter]) -> String {
    let mut out = String::with_capacity(parameters.len() * 160);
    for p in parameters {
        out.push_str("<tr><th scope=\"row\"><code>");
        out.push_str(&escape_html(&p.name));
        out.push_str("</code>");
        if p.deprecated {
            out.push_str(" <span class=\"doc-deprecated\">obsolète</span>");
        }
        out.push_str("</th><td>");
        out.push_str(&escape_html(&p.location));
        out.push_str("</td><td><code>");
        out.push_str(&escape_html(&p.type_label));
        out.push_str("</code></td><td>");
        out.push_str(if p.required { "oui" } else { "non" });
        out.push_str("</td><td>");
        if let Some(description) = &p.description_html {
            out.push_str(description.as_html());
        }
        out.push_str("</td><td>");
        if let Some(example) = p.example.as_deref().filter(|e| !e.is_empty()) {
            out.push_str("<code>");
            out.push_str(&escape_html(example));
            out.push_str("</code>");
        }
        out.push_str("</td>");
        out.push_str(ROW_END);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(depth: usize, name: Option<&str>, note: Option<&str>) -> SchemaRow {
        SchemaRow {
            depth,
            name: name.map(str::to_string),
            type_label: "array<Map<K, V>>".into(),
            required: depth == 1,
            description_html: None,
            note: note.map(str::to_string),
        }
    }

    #[test]
    fn parameter_rows_escape_text_and_say_whether_required() {
        let p = Parameter {
            name: "filtre[nom]".into(),
            location: "query".into(),
            type_label: "array<string>".into(),
            required: false,
            deprecated: true,
            description_html: None,
            example: Some("a&b".into()),
        };
        assert_eq!(
            parameter_rows(&[p]),
            "<tr><th scope=\"row\"><code>filtre[nom]</code> <span class=\"doc-deprecated\">obsolète</span></th>\
             <td>query</td><td><code>array&lt;string&gt;</code></td><td>non</td><td></td><td><code>a&amp;b</code></td></tr>\n    "
        );
    }

    #[test]
    fn schema_rows_escape_text_and_name_the_root_body() {
        let html = schema_rows(&[
            row(0, None, None),
            row(1, Some("a<b"), Some("motif : ^\"x\"$")),
        ]);
        assert_eq!(
            html,
            "<tr class=\"depth-0\"><th scope=\"row\" style=\"--depth: 0\"><span class=\"doc-root\">(corps)</span></th>\
             <td><code>array&lt;Map&lt;K, V&gt;&gt;</code></td><td></td><td></td></tr>\n    \
             <tr class=\"depth-1\"><th scope=\"row\" style=\"--depth: 1\"><code>a&lt;b</code></th>\
             <td><code>array&lt;Map&lt;K, V&gt;&gt;</code> <span class=\"doc-note\">motif : ^&quot;x&quot;$</span></td>\
             <td>oui</td><td></td></tr>\n    "
        );
    }
}
