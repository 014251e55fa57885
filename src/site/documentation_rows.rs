//! The rows of the reference page's two kinds of tables (schemas and
//! parameters), written as bytes into the page: a large spec has thousands
//! of them. The tables around them are written by `documentation_operations`.
//! Text is escaped with the theme's own escaper, so the page is the same as
//! the template loops that wrote them before gave.

use crate::openapi::{Parameter, SchemaRow};
use crate::text::html::write_escaped_html;

/// Rows end with the newline and indentation the template loops had.
const ROW_END: &[u8] = b"</tr>\n    ";

/// Escaped text into a page buffer. Writing to a `Vec` does not fail.
pub fn text(out: &mut Vec<u8>, text: &str) {
    let _ = write_escaped_html(text, out);
}

pub fn write_schema_rows(out: &mut Vec<u8>, rows: &[SchemaRow]) {
    out.reserve(rows.len() * 160);
    for row in rows {
        let depth = row.depth.to_string();
        out.extend_from_slice(b"<tr class=\"depth-");
        out.extend_from_slice(depth.as_bytes());
        out.extend_from_slice(b"\"><th scope=\"row\" style=\"--depth: ");
        out.extend_from_slice(depth.as_bytes());
        out.extend_from_slice(b"\">");
        match row.name.as_deref().filter(|n| !n.is_empty()) {
            Some(name) => {
                out.extend_from_slice(b"<code>");
                text(out, name);
                out.extend_from_slice(b"</code>");
            }
            None => out.extend_from_slice(b"<span class=\"doc-root\">(corps)</span>"),
        }
        out.extend_from_slice(b"</th><td><code>");
        text(out, &row.type_label);
        out.extend_from_slice(b"</code>");
        if let Some(note) = row.note.as_deref().filter(|n| !n.is_empty()) {
            out.extend_from_slice(b" <span class=\"doc-note\">");
            text(out, note);
            out.extend_from_slice(b"</span>");
        }
        out.extend_from_slice(b"</td><td>");
        if row.required {
            out.extend_from_slice(b"oui");
        }
        out.extend_from_slice(b"</td><td>");
        if let Some(description) = &row.description_html {
            out.extend_from_slice(description.as_html().as_bytes());
        }
        out.extend_from_slice(b"</td>");
        out.extend_from_slice(ROW_END);
    }
}

pub fn write_parameter_rows(out: &mut Vec<u8>, parameters: &[Parameter]) {
    for p in parameters {
        out.extend_from_slice(b"<tr><th scope=\"row\"><code>");
        text(out, &p.name);
        out.extend_from_slice(b"</code>");
        if p.deprecated {
            out.extend_from_slice(" <span class=\"doc-deprecated\">obsolète</span>".as_bytes());
        }
        out.extend_from_slice(b"</th><td>");
        text(out, &p.location);
        out.extend_from_slice(b"</td><td><code>");
        text(out, &p.type_label);
        out.extend_from_slice(b"</code></td><td>");
        out.extend_from_slice(if p.required { b"oui" } else { b"non" });
        out.extend_from_slice(b"</td><td>");
        if let Some(description) = &p.description_html {
            out.extend_from_slice(description.as_html().as_bytes());
        }
        out.extend_from_slice(b"</td><td>");
        if let Some(example) = p.example.as_deref().filter(|e| !e.is_empty()) {
            out.extend_from_slice(b"<code>");
            text(out, example);
            out.extend_from_slice(b"</code>");
        }
        out.extend_from_slice(b"</td>");
        out.extend_from_slice(ROW_END);
    }
}

/// `write_parameter_rows` as a string, for a theme's own partials.
pub fn parameter_rows(parameters: &[Parameter]) -> String {
    let mut out = Vec::new();
    write_parameter_rows(&mut out, parameters);
    String::from_utf8(out).unwrap_or_default()
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

    fn schema_rows(rows: &[SchemaRow]) -> String {
        let mut out = Vec::new();
        write_schema_rows(&mut out, rows);
        String::from_utf8(out).expect("UTF-8")
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
