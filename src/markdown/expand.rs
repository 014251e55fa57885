//! Components inside raw HTML: `<Button …>` as inline HTML in a paragraph,
//! `<NextSteps />` as an HTML block of its own, `<External …>` in the middle
//! of a `<p style=…>` block. Opening tags push a frame, everything until the
//! matching closing tag (Markdown events or raw HTML) is collected in it and
//! becomes the component's `inner_html`; so one mechanism serves inline,
//! block and mixed positions, even when the tags sit in different blocks.

use super::lines::LineCounter;
use super::writer::{Frame, Writer};
use super::Component;
use crate::diagnostics::Diagnostic;
use crate::tags::{
    has_component_tag, is_html_element, parse_close_tag, parse_open_tag, tag_name, ComponentTag,
};
use pulldown_cmark::{CowStr, Event};

/// How many components may be open inside each other. Each level holds
/// the HTML of every level inside it, so thousands of nested (or unclosed)
/// tags took memory in the square of their number (6,000 `<Button>`s: 2.3 GB).
pub const MAX_NESTING: usize = 32;

/// A piece of a raw HTML fragment.
enum Piece<'h> {
    Open(ComponentTag),
    Close(&'h str),
    /// `<Name` that does not parse as a component tag (`href=x` unquoted,
    /// no closing `>`). Left raw, a browser would read it as an element
    /// (`<Button` is `<button>`) and swallow what follows.
    Malformed(&'h str),
}

impl<'a> Writer<'a, '_> {
    /// Raw HTML borrowed from the source, starting on source line `line`.
    pub(super) fn raw_html(&mut self, html: CowStr<'a>, line: u32) {
        if has_component_tag(&html) {
            self.expand(&html, line);
        } else {
            self.emit_raw_html(html, line);
        }
    }

    /// Splits raw HTML into plain HTML (passed through unchanged) and
    /// component tags (rendered, or reported when unknown).
    pub(super) fn expand(&mut self, html: &str, first_line: u32) {
        let bytes = html.as_bytes();
        let mut lines = LineCounter::new(html);
        let mut raw_start = 0;
        let mut i = 0;
        while let Some(rel) = html[i..].find('<') {
            let at = i + rel;
            i = at + 1;
            let Some((piece, end)) = self.component_piece(html, at) else {
                continue;
            };
            let raw_line = first_line + lines.line_at(raw_start) - 1;
            self.emit_raw(&html[raw_start..at], raw_line);
            let line = first_line + lines.line_at(at) - 1;
            match piece {
                Piece::Open(tag) => self.open_component(tag, &html[at..end], line),
                Piece::Close(name) => self.close_component(name, &html[at..end], line),
                Piece::Malformed(name) => self.report_malformed(name, line),
            }
            raw_start = end;
            i = end;
        }
        if raw_start < bytes.len() {
            let raw_line = first_line + lines.line_at(raw_start) - 1;
            self.emit_raw(&html[raw_start..], raw_line);
        }
    }

    /// The component tag starting at `at`, if any, and where it ends.
    /// Capitalised HTML elements (`<BR>`) are left to the raw HTML.
    fn component_piece<'h>(&self, html: &'h str, at: usize) -> Option<(Piece<'h>, usize)> {
        if let Some((name, end)) = parse_close_tag(html, at) {
            return (!is_html_element(name)).then_some((Piece::Close(name), end));
        }
        if !html.as_bytes().get(at + 1)?.is_ascii_uppercase() {
            return None;
        }
        match parse_open_tag(html, at) {
            Some(tag) if is_html_element(&tag.name) => None,
            Some(tag) => {
                let end = tag.end;
                Some((Piece::Open(tag), end))
            }
            None => {
                let name = tag_name(html, at);
                (!is_html_element(name)).then_some((Piece::Malformed(name), at + 1))
            }
        }
    }

    fn emit_raw(&mut self, html: &str, line: u32) {
        if html.is_empty() {
            return;
        }
        self.emit_raw_html(CowStr::from(html.to_string()), line);
    }

    fn open_component(&mut self, mut tag: ComponentTag, source: &str, line: u32) {
        self.safe_component_attributes(&mut tag, line);
        if !self.components.knows(&tag.name) {
            self.report_unknown(&tag.name, line);
            self.emit_as_text(source);
            return;
        }
        if tag.self_closing {
            self.render_component(&tag, line, None);
        } else if self.frames.len() >= MAX_NESTING {
            self.report_too_deep(&tag.name, line);
            self.too_deep.push(tag.name);
            self.emit_as_text(source);
        } else {
            self.frames.push(Frame {
                tag,
                line,
                events: Vec::new(),
            });
        }
    }

    fn close_component(&mut self, name: &str, source: &str, line: u32) {
        if self.too_deep.last().is_some_and(|open| open == name) {
            self.too_deep.pop();
            self.emit_as_text(source);
            return;
        }
        let Some(open) = self.frames.iter().rposition(|f| f.tag.name == name) else {
            if self.components.knows(name) {
                let message = format!("closing tag `</{name}>` without an opening `<{name}>`");
                let help = format!("remove it, or add `<{name} …>` before the content it wraps");
                self.rendered.diagnostics.push(
                    Diagnostic::warning(self.file(), self.file_line(line), message).with_help(help),
                );
            }
            // An unknown component's closing tag was reported with its
            // opening tag; show it as text, like the opening one.
            self.emit_as_text(source);
            return;
        };
        while self.frames.len() > open + 1 {
            self.close_unclosed_frame();
        }
        self.close_frame();
    }

    /// At the end of the text: components still open are reported and
    /// rendered with whatever followed them.
    pub(super) fn close_unclosed_components(&mut self) {
        while !self.frames.is_empty() {
            self.close_unclosed_frame();
        }
    }

    fn close_unclosed_frame(&mut self) {
        if let Some(frame) = self.frames.last() {
            let name = &frame.tag.name;
            let message = format!("`<{name}>` is never closed");
            let help = format!("add `</{name}>` after the content it wraps");
            let diagnostic = Diagnostic::warning(self.file(), self.file_line(frame.line), message)
                .with_help(help);
            self.rendered.diagnostics.push(diagnostic);
        }
        self.close_frame();
    }

    fn close_frame(&mut self) {
        let Some(frame) = self.frames.pop() else {
            return;
        };
        let mut inner = String::new();
        pulldown_cmark::html::push_html(&mut inner, frame.events.into_iter());
        self.render_component(&frame.tag, frame.line, Some(inner));
    }

    fn render_component(&mut self, tag: &ComponentTag, line: u32, inner: Option<String>) {
        let component = Component {
            name: &tag.name,
            attrs: &tag.attrs,
            inner_html: inner.as_deref().map(str::trim),
        };
        match self.components.render_shared(&component) {
            Ok(shared) => {
                self.scan_component(&shared, line);
                self.emit_component(shared.html.clone());
            }
            Err(message) => {
                let diagnostic = Diagnostic::error(self.file(), self.file_line(line), message);
                self.rendered.diagnostics.push(diagnostic);
                if let Some(inner) = inner {
                    self.emit_component(inner);
                }
            }
        }
    }

    /// Once per fragment: the first tag past the limit is the one to fix.
    fn report_too_deep(&mut self, name: &str, line: u32) {
        if !self.too_deep.is_empty() {
            return;
        }
        let message = format!(
            "components nested more than {MAX_NESTING} deep: `<{name}>` and the tags after it at this depth are shown as text"
        );
        let help = "close the components opened before it (`</Name>`); one left open holds everything after it";
        let diagnostic =
            Diagnostic::error(self.file(), self.file_line(line), message).with_help(help);
        self.rendered.diagnostics.push(diagnostic);
    }

    fn report_unknown(&mut self, name: &str, line: u32) {
        let known = self.components.names();
        let closest = known
            .iter()
            .map(|k| {
                (
                    strsim::levenshtein(&k.to_lowercase(), &name.to_lowercase()),
                    k,
                )
            })
            .filter(|(distance, _)| *distance <= 2)
            .min();
        let list = known.join(", ");
        let help = match closest {
            Some((_, k)) => format!("did you mean `<{k}>`? Known components: {list}"),
            None => format!("known components: {list}"),
        };
        let message = format!("unknown component `<{name}>`");
        let diagnostic =
            Diagnostic::warning(self.file(), self.file_line(line), message).with_help(help);
        self.rendered.diagnostics.push(diagnostic);
    }

    /// Reports `<Name` that is not a well-formed tag and shows its `<` as
    /// text; the rest of the line stays as written.
    fn report_malformed(&mut self, name: &str, line: u32) {
        let message = format!("malformed component tag `<{name}`");
        let help = format!(
            "write it as `<{name} attribute=\"value\">` (quoted values) and close it with `>` or `/>` on the same tag"
        );
        let diagnostic =
            Diagnostic::warning(self.file(), self.file_line(line), message).with_help(help);
        self.rendered.diagnostics.push(diagnostic);
        self.emit_as_text("<");
    }

    /// Shows a tag literally (escaped by the HTML writer), so a typo is
    /// visible on the page instead of silently swallowing its content.
    fn emit_as_text(&mut self, source: &str) {
        self.emit(Event::Text(CowStr::from(source.to_string())));
    }
}
