//! Markdown to HTML: pulldown-cmark with GFM tables and strikethrough, stable
//! heading ids, and components (`<Button>`, `<QuestionTree>`…) wherever they stand.
//! Read like the real catalogue's renderer (markdown-to-jsx): Markdown inside
//! HTML blocks, bare URLs as links, self-closed `<iframe />` closed.
//!
//! Pure: component tags are read with `tags`, and rendered by a
//! `ComponentRenderer` the caller provides (the theme's partials).

mod expand;
pub mod headings;
mod html_block;
mod iframe;
mod lines;
mod link_safety;
mod raw_html;
mod raw_html_safety;
mod tables;
mod text;
mod writer;

use crate::content::Markdown;
use crate::diagnostics::Diagnostic;
use std::sync::{Arc, OnceLock};

/// One component occurrence handed to the renderer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Component<'a> {
    /// Tag name as written, e.g. `External`, `QuestionTree`.
    pub name: &'a str,
    /// Attributes in source order; a bare attribute (`is_editeur`) has `None`.
    pub attrs: &'a [(String, Option<String>)],
    /// The rendered HTML between the opening and closing tags, trimmed (None
    /// when self-closing). Markdown between the tags is rendered, in an
    /// HTML block too (as markdown-to-jsx does); raw HTML is passed as
    /// written, not escaped.
    pub inner_html: Option<&'a str>,
}

impl Component<'_> {
    pub fn attr(&self, name: &str) -> Option<&str> {
        crate::tags::attr(self.attrs, name)
    }

    pub fn has_attr(&self, name: &str) -> bool {
        self.attrs.iter().any(|(n, _)| n == name)
    }
}

/// Renders components to HTML. Implemented by the site with the theme's
/// partials (`themes/default/components/<name>.html`).
pub trait ComponentRenderer {
    /// Whether `name` is a component this renderer knows. Unknown capitalised
    /// tags become warnings.
    fn knows(&self, name: &str) -> bool;
    /// Renders one component. `Err` is a message for a diagnostic at the
    /// component's line (e.g. an unknown question tree).
    fn render(&self, component: &Component<'_>) -> Result<String, String>;

    /// `render`, for a renderer that shares renderings between pages (the
    /// same `<QuestionTree>` on every card): what the writer reads from the
    /// HTML is then worked out once too. By default, `render`'s HTML.
    fn render_shared(&self, component: &Component<'_>) -> Result<Arc<ComponentHtml>, String> {
        self.render(component)
            .map(|html| Arc::new(ComponentHtml::new(html)))
    }

    /// The component names to suggest when an unknown one is found. By
    /// default, the standard ones this renderer `knows`; a renderer with
    /// extra components lists them too.
    /// Whether raw HTML written in Markdown is passed through; `site.yaml`'s
    /// `markdown: { raw_html: false }` shows it as text instead.
    fn raw_html(&self) -> bool {
        true
    }

    fn names(&self) -> Vec<String> {
        STANDARD_COMPONENTS
            .iter()
            .filter(|name| self.knows(name))
            .map(|name| name.to_string())
            .collect()
    }
}

/// The components the content format defines (see content-format.md).
pub const STANDARD_COMPONENTS: &[&str] = &[
    "ApiSireneWidget",
    "Button",
    "ButtonCopy",
    "Centered",
    "ContactUs",
    "Datagouv",
    "External",
    "FlatFile",
    "Grid",
    "NextSteps",
    "QuestionTree",
    "Quote",
    "RichLink",
    "TokenDemo",
];

/// A component's rendered HTML, and the links, ids and `<summary>` labels
/// in it (with their line offsets), read the first time it is used.
#[derive(Debug)]
pub struct ComponentHtml {
    pub html: String,
    found: OnceLock<Vec<(raw_html::Found<'static>, u32)>>,
}

impl ComponentHtml {
    pub fn new(html: String) -> Self {
        ComponentHtml {
            html,
            found: OnceLock::new(),
        }
    }

    /// What `raw_html::scan` finds in the HTML, each with the number of
    /// lines before its tag.
    fn found(&self) -> &[(raw_html::Found<'static>, u32)] {
        self.found.get_or_init(|| {
            let mut found = Vec::new();
            let (mut counted, mut lines) = (0, 0);
            raw_html::scan(&self.html, |item, at| {
                lines += lines::count_newlines(&self.html.as_bytes()[counted..at]);
                counted = at;
                found.push((item.into_owned(), lines));
            });
            found
        })
    }
}

/// A link found in rendered Markdown, with the file line it came from
/// (already offset by `Markdown::origin`). E-mail autolinks are `mailto:…`;
/// entities in raw HTML `href`s are decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub href: String,
    pub line: u32,
}

/// A Markdown fragment rendered: its HTML and what the link checker and the
/// build need from it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RenderedMarkdown {
    pub html: String,
    /// Every id this fragment defines: heading ids and `<a name=…>` anchors.
    pub ids: Vec<String>,
    /// Every link target (`href`) in the output, for the link checker.
    pub links: Vec<Link>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Renders block Markdown (paragraphs, lists, tables…). Heading ids are
/// unique within this one call.
pub fn render(markdown: &Markdown, components: &dyn ComponentRenderer) -> RenderedMarkdown {
    writer::run(markdown, components, writer::Mode::Block)
}

/// Renders a short inline text (a choice label, a tagline) without the
/// surrounding `<p>`; several paragraphs are joined by a space.
pub fn render_inline(markdown: &Markdown, components: &dyn ComponentRenderer) -> RenderedMarkdown {
    writer::run(markdown, components, writer::Mode::Inline)
}

#[cfg(test)]
mod tests;
