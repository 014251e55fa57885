//! Component-tag syntax (`<Button href="…">`, `<NextSteps is_editeur />`,
//! `</Button>`): lexing one tag (`lex`), finding named tags outside code (`find`).
//!
//! The one tag lexer: `content` reads tree and realm references with it,
//! `markdown` expands components with it. Knows how a tag is written, not
//! what it means. Comes before `content` in the pipeline; imports only `text`.

mod find;
mod lex;

pub use find::{find_tags, FoundTag};
pub use lex::{
    diagnose_open_tag, has_component_tag, is_html_element, parse_close_tag, parse_open_tag,
    tag_name,
};

/// A component opening (or self-closing) tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComponentTag {
    pub name: String,
    /// Attributes in source order; a bare attribute (`is_editeur`) has `None`.
    pub attrs: Vec<(String, Option<String>)>,
    pub self_closing: bool,
    /// Byte range of the tag in the text it was read from.
    pub start: usize,
    pub end: usize,
}

impl ComponentTag {
    pub fn attr(&self, name: &str) -> Option<&str> {
        attr(&self.attrs, name)
    }
}

/// The value of attribute `name`; `None` when it is absent or bare.
pub fn attr<'a>(attrs: &'a [(String, Option<String>)], name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(n, _)| n == name)
        .and_then(|(_, v)| v.as_deref())
}
