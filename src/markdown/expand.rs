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
    diagnose_open_tag, has_component_tag, is_html_element, parse_close_tag, parse_open_tag,
    tag_name, ComponentTag,
};
use pulldown_cmark::CowStr;

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
    Malformed,
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
            let end = match piece {
                Piece::Open(tag) => {
                    self.open_component(tag, line);
                    end
                }
                Piece::Close(name) => {
                    self.close_component(name, line);
                    end
                }
                Piece::Malformed => self.malformed_tag(html, at, line),
            };
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
                (!is_html_element(name)).then_some((Piece::Malformed, at + 1))
            }
        }
    }

    fn emit_raw(&mut self, html: &str, line: u32) {
        if html.is_empty() {
            return;
        }
        if self.in_html_block() && self.components.raw_html() {
            self.scan_raw(html, line);
            self.report_risks(html, line);
            self.html_block_text(html, line);
            return;
        }
        self.emit_raw_html(CowStr::from(html.to_string()), line);
    }

    /// An opening (or self-closing) component tag. An unknown component,
    /// or one past the nesting limit, leaves its tags out and its children
    /// on the page.
    pub(super) fn open_component(&mut self, mut tag: ComponentTag, line: u32) {
        self.safe_component_attributes(&mut tag, line);
        if !self.components.knows(&tag.name) {
            self.report_unknown(&tag.name, line);
            if !tag.self_closing {
                self.left_out.push(tag.name);
            }
            return;
        }
        if tag.self_closing {
            self.render_component(&tag, line, None);
        } else if self.frames.len() >= MAX_NESTING {
            self.report_too_deep(&tag.name, line);
            self.too_deep.push(tag.name);
        } else {
            self.frames.push(Frame {
                tag,
                line,
                events: Vec::new(),
            });
        }
    }

    fn close_component(&mut self, name: &str, line: u32) {
        if self.too_deep.last().is_some_and(|open| open == name) {
            self.too_deep.pop();
            return;
        }
        if self.left_out.last().is_some_and(|open| open == name) {
            self.left_out.pop();
            return;
        }
        let Some(open) = self.frames.iter().rposition(|f| f.tag.name == name) else {
            // The closing tag of an unknown or malformed opening tag was
            // reported with that tag.
            if let Some(at) = self.left_out.iter().rposition(|open| open == name) {
                self.left_out.remove(at);
                return;
            }
            let message = format!("closing tag `</{name}>` without an opening `<{name}>`");
            let help = format!("remove it, or add `<{name} …>` before the content it wraps");
            self.rendered.diagnostics.push(
                Diagnostic::warning(self.file(), self.file_line(line), message).with_help(help),
            );
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
                // A question tree's links were recorded at their own file
                // and line when its Markdown was rendered; its ids count here.
                let hrefs = tag.name != "QuestionTree";
                self.scan_component(&shared, line, hrefs);
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
            "components nested more than {MAX_NESTING} deep: `<{name}>` and the tags after it at this depth are left out, their content kept"
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
        let message =
            format!("unknown component `<{name}>`: its tags are left out, its content kept");
        let diagnostic =
            Diagnostic::warning(self.file(), self.file_line(line), message).with_help(help);
        self.rendered.diagnostics.push(diagnostic);
    }

    /// Reports the tag `<Name …` at `at` in `text`, which does not parse,
    /// saying what is malformed; the tag is left out (its closing tag too)
    /// and what it wraps is kept. Returns the byte after the tag.
    pub(super) fn malformed_tag(&mut self, text: &str, at: usize, line: u32) -> usize {
        let name = tag_name(text, at).to_string();
        let (problem, end) = diagnose_open_tag(text, at);
        let message = format!("malformed component tag: {problem}");
        let help = format!(
            "write it as `<{name} attribute=\"value\">` (quoted values) and close it with `>` or `/>`; the tag is left out until then"
        );
        let diagnostic =
            Diagnostic::warning(self.file(), self.file_line(line), message).with_help(help);
        self.rendered.diagnostics.push(diagnostic);
        if text.as_bytes().get(end.saturating_sub(2)) != Some(&b'/') {
            self.left_out.push(name);
        }
        end
    }
}
