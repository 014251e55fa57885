//! Raw HTML written in Markdown, on its way to the page. Real content relies
//! on it (`<details>`, `<p style=…>`, `<iframe>`), so it passes through; but
//! what runs code in it is a warning at its line: a `<script>` element, an
//! `on…=` event handler, a `javascript:` (or other dangerous) URL. With
//! `site.yaml`'s `markdown: { raw_html: false }`, it is shown as text.
//!
//! Read with html5gum, a WHATWG tokenizer, so that attributes are found as
//! a browser finds them (unquoted, entity-encoded, odd spacing).

use super::lines::count_newlines;
use super::writer::Writer;
use crate::diagnostics::Diagnostic;
use crate::text::url_safety::{classify, UrlClass};
use html5gum::{DefaultEmitter, Token, Tokenizer};
use pulldown_cmark::{CowStr, Event};

/// Something in raw HTML that would run code, with its byte offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Risk {
    Script,
    Handler { attribute: String },
    Url { attribute: String, scheme: String },
}

/// Attributes whose value a browser follows or loads as a URL.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "poster",
    "data",
    "background",
    "srcdoc",
];

/// What in `html` would run code, in order, with byte offsets.
pub(crate) fn risks(html: &str) -> Vec<(Risk, usize)> {
    let mut found = Vec::new();
    let tokenizer = Tokenizer::new_with_emitter(html, DefaultEmitter::<usize>::new_with_span());
    for token in tokenizer.flatten() {
        let Token::StartTag(tag) = token else {
            continue;
        };
        let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
        if name == "script" {
            found.push((Risk::Script, tag.span.start));
        }
        for (attribute, value) in &tag.attributes {
            let attribute = String::from_utf8_lossy(attribute).to_ascii_lowercase();
            if attribute.len() > 2 && attribute.starts_with("on") {
                found.push((Risk::Handler { attribute }, tag.span.start));
            } else if URL_ATTRIBUTES.contains(&attribute.as_str()) {
                let url = String::from_utf8_lossy(&value.value);
                if let UrlClass::Dangerous(scheme) = classify(&url) {
                    found.push((Risk::Url { attribute, scheme }, tag.span.start));
                }
            }
        }
    }
    found.sort_by_key(|(_, at)| *at);
    found
}

impl<'a> Writer<'a, '_> {
    /// Raw HTML (not a component) starting on source line `line`: its links
    /// and ids recorded, what would run code reported, then passed through,
    /// or shown as text when the site turns raw HTML off.
    pub(super) fn emit_raw_html(&mut self, html: CowStr<'a>, line: u32) {
        if !self.components.raw_html() {
            self.emit(Event::Text(html));
            return;
        }
        self.scan_raw(&html, line);
        if html.contains('<') {
            self.report_risks(&html, line);
        }
        self.track_anchor(&html);
        match super::iframe::close_iframes(&html) {
            Some(fixed) => self.emit(Event::Html(fixed.into())),
            None => self.emit(Event::Html(html)),
        }
    }

    pub(super) fn report_risks(&mut self, html: &str, line: u32) {
        for (risk, at) in risks(html) {
            let at_line = line + count_newlines(&html.as_bytes()[..at.min(html.len())]);
            let (message, help) = match risk {
                Risk::Script => (
                    "raw HTML holds a `<script>` element: it runs in every reader's browser".to_string(),
                    "remove it; a widget the catalogue needs belongs in the theme",
                ),
                Risk::Handler { attribute } => (
                    format!("raw HTML holds an event handler `{attribute}=`: it runs code in the reader's browser"),
                    "remove the attribute; behaviour belongs in the theme's scripts",
                ),
                Risk::Url { attribute, scheme } => (
                    format!("raw HTML holds `{attribute}` with the scheme `{scheme}:`: it runs code in the reader's browser"),
                    "link to an http(s), mailto: or tel: address, or to a page of the site",
                ),
            };
            let diagnostic =
                Diagnostic::warning(self.file(), self.file_line(at_line), message).with_help(help);
            self.rendered.diagnostics.push(diagnostic);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(html: &str) -> Vec<Risk> {
        risks(html).into_iter().map(|(risk, _)| risk).collect()
    }

    #[test]
    fn finds_scripts_handlers_and_dangerous_urls() {
        assert_eq!(kinds("<script>alert(1)</script>"), [Risk::Script]);
        assert_eq!(kinds("<SCRIPT src=x.js></SCRIPT>"), [Risk::Script]);
        assert_eq!(
            kinds("<img src=x OnError=alert(1)>"),
            [Risk::Handler {
                attribute: "onerror".into()
            }]
        );
        assert_eq!(
            kinds("<a href=\"&#106;avascript:alert(1)\">x</a>"),
            [Risk::Url {
                attribute: "href".into(),
                scheme: "javascript".into()
            }]
        );
        assert_eq!(
            kinds("<iframe src='data:text/html,<b>x</b>'></iframe>"),
            [Risk::Url {
                attribute: "src".into(),
                scheme: "data".into()
            }]
        );
    }

    #[test]
    fn the_html_of_real_content_is_quiet() {
        let html = "<details><summary>Voir</summary><p style=\"text-align:center\"><a name=\"eligibilite\"></a><a href=\"https://api.gouv.fr\" target=\"_blank\">lien</a><br/><iframe src=\"https://www.youtube.com/embed/x\" title=\"Vidéo\"></iframe></p></details>";
        assert_eq!(kinds(html), []);
    }

    #[test]
    fn offsets_point_at_the_tag() {
        let html = "<p>\n<a href=x>ok</a>\n<a onclick=\"x()\">x</a></p>";
        let found = risks(html);
        assert_eq!(found.len(), 1);
        assert_eq!(count_newlines(&html.as_bytes()[..found[0].1]), 2);
    }
}
