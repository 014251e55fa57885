//! Link and image destinations, and component `href`/`src` attributes,
//! whose scheme would run code (`javascript:`, `vbscript:`, `data:text/html`,
//! see `text::url_safety`): the destination becomes `#` and a warning points
//! at the line, so the page still builds and the author sees what to fix.

use super::writer::Writer;
use crate::diagnostics::Diagnostic;
use crate::tags::ComponentTag;
use crate::text::url_safety::{classify, UrlClass};
use pulldown_cmark::{CowStr, Event, Tag};

/// Component attributes that become a URL in the theme's partials.
const URL_ATTRIBUTES: &[&str] = &["href", "src"];

impl<'a> Writer<'a, '_> {
    /// `event` with a dangerous link or image destination replaced by `#`,
    /// and whether it was replaced.
    pub(super) fn safe_destination(&mut self, event: Event<'a>, line: u32) -> (Event<'a>, bool) {
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let (dest_url, replaced) = self.neutralise(dest_url, "link", line);
                let tag = Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                };
                (Event::Start(tag), replaced)
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let (dest_url, replaced) = self.neutralise(dest_url, "image", line);
                let tag = Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                };
                (Event::Start(tag), replaced)
            }
            other => (other, false),
        }
    }

    /// Replaces a dangerous `href` or `src` of a component tag by `#`.
    pub(super) fn safe_component_attributes(&mut self, tag: &mut ComponentTag, line: u32) {
        for (name, value) in tag.attrs.iter_mut() {
            let Some(url) = value.as_mut() else {
                continue;
            };
            if !URL_ATTRIBUTES.contains(&name.to_ascii_lowercase().as_str()) {
                continue;
            }
            if let UrlClass::Dangerous(scheme) = classify(url) {
                let what = format!("`<{} {name}>`", tag.name);
                self.warn_neutralised(&what, &scheme, url, line);
                *url = "#".to_string();
            }
        }
    }

    fn neutralise(&mut self, url: CowStr<'a>, what: &str, line: u32) -> (CowStr<'a>, bool) {
        match classify(&url) {
            UrlClass::Dangerous(scheme) => {
                self.warn_neutralised(&format!("Markdown {what}"), &scheme, &url, line);
                (CowStr::Borrowed("#"), true)
            }
            _ => (url, false),
        }
    }

    fn warn_neutralised(&mut self, what: &str, scheme: &str, url: &str, line: u32) {
        let shown: String = url.chars().take(60).collect();
        let message = format!(
            "{what} to {shown:?}: the scheme `{scheme}:` could run code in the reader's browser, so it points to `#` instead"
        );
        let help = "link to an http(s), mailto: or tel: address, or to a page of the site";
        let diagnostic =
            Diagnostic::warning(self.file(), self.file_line(line), message).with_help(help);
        self.rendered.diagnostics.push(diagnostic);
    }
}
