//! Markdown from a spec (`description` fields) to HTML. Specs come from
//! elsewhere: raw HTML in them is shown as text, not passed through.

use pulldown_cmark::{html, Event, Options, Parser};
use serde::{Serialize, Serializer};
use std::sync::Arc;

/// A spec's Markdown, rendered to HTML once and serialised as that HTML.
/// Shared, not copied, by the rows that show the same description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prose(Arc<str>);

impl Prose {
    /// `None` for a missing or blank text.
    pub fn from_markdown(markdown: Option<&str>) -> Option<Prose> {
        let markdown = markdown?.trim();
        if markdown.is_empty() {
            return None;
        }
        Some(Prose(render(markdown).into()))
    }

    pub fn as_html(&self) -> &str {
        &self.0
    }
}

impl Serialize for Prose {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

fn render(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let events = Parser::new_ext(markdown, options).map(|event| match event {
        Event::Html(text) | Event::InlineHtml(text) => Event::Text(text),
        other => other,
    });
    let mut out = String::with_capacity(markdown.len() + markdown.len() / 4);
    html::push_html(&mut out, events);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_markdown_and_shows_raw_html_as_text() {
        let p = Prose::from_markdown(Some("**Gras** <script>alert(1)</script>")).unwrap();
        assert_eq!(
            p.as_html(),
            "<p><strong>Gras</strong> &lt;script&gt;alert(1)&lt;/script&gt;</p>\n"
        );
    }

    #[test]
    fn blank_text_is_no_prose() {
        assert_eq!(Prose::from_markdown(Some("  \n")), None);
        assert_eq!(Prose::from_markdown(None), None);
    }
}
