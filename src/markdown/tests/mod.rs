//! Specifications of `render` and `render_inline`, with a test renderer that
//! stands in for the theme's partials.

mod components;
mod inside_html;
mod reporting;
mod structure;

use super::*;
use crate::content::Origin;
use std::path::PathBuf;
use std::sync::Arc;

/// Renders each standard component as a recognisable, deterministic snippet.
pub(super) struct TestRenderer;

impl ComponentRenderer for TestRenderer {
    fn knows(&self, name: &str) -> bool {
        STANDARD_COMPONENTS.contains(&name)
    }

    fn render(&self, c: &Component<'_>) -> Result<String, String> {
        let inner = c.inner_html.unwrap_or("");
        let href = c.attr("href").unwrap_or("");
        match c.name {
            "Button" => Ok(format!("<a class=\"fr-btn\" href=\"{href}\">{inner}</a>")),
            "External" => Ok(format!(
                "<a href=\"{href}\" target=\"_blank\" rel=\"noopener\">{inner}<span class=\"fr-sr-only\"> (nouvel onglet)</span></a>"
            )),
            "NextSteps" if c.has_attr("is_editeur") => Ok("<ul class=\"next-steps editeur\"></ul>".into()),
            "NextSteps" => Ok("<ul class=\"next-steps\"></ul>".into()),
            "Quote" => Ok(format!(
                "<figure class=\"quote\"><blockquote>{inner}</blockquote><figcaption>{}</figcaption></figure>",
                c.attr("who").unwrap_or("")
            )),
            "QuestionTree" => match c.attr("tree") {
                Some("missing") => Err("unknown question tree `missing`".into()),
                tree => Ok(format!("<div class=\"question-tree\" data-tree=\"{}\"></div>", tree.unwrap_or(""))),
            },
            "TokenDemo" => Ok(format!("<div class=\"token-demo\" data-realm=\"{}\"></div>", c.attr("realm").unwrap_or(""))),
            other => Err(format!("no partial for {other}")),
        }
    }
}

pub(super) fn md(source: &str) -> Markdown {
    md_at(source, 1)
}

pub(super) fn md_at(source: &str, line: u32) -> Markdown {
    Markdown {
        source: source.to_string(),
        origin: Origin::new(Arc::new(PathBuf::from("content/api/x.md")), line),
    }
}

pub(super) fn html(source: &str) -> String {
    let rendered = render(&md(source), &TestRenderer);
    assert_eq!(
        rendered.diagnostics,
        vec![],
        "unexpected diagnostics for {source:?}"
    );
    rendered.html
}

pub(super) const BUTTON: &str = "<a class=\"fr-btn\" href=\"/demande\">Remplir une demande</a>";
pub(super) const EXTERNAL: &str = "<a href=\"https://legifrance.gouv.fr/x?a=1&b=2\" target=\"_blank\" rel=\"noopener\">l'article L114-8<span class=\"fr-sr-only\"> (nouvel onglet)</span></a>";
