//! Text events outside code: bare `http(s)://` URLs become links (as
//! markdown-to-jsx makes them), and a component tag that pulldown-cmark
//! left as text because it does not parse as HTML (`<External href"…">`)
//! is reported and kept off the page instead of showing as `&lt;External`.

use super::writer::Writer;
use crate::tags::{parse_open_tag, tag_name};
use linkify::{LinkFinder, LinkKind};
use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

impl<'a> Writer<'a, '_> {
    /// A text event outside code, starting on source line `line`.
    pub(super) fn text(&mut self, text: CowStr<'a>, line: u32) {
        let has_link = self.may_link() && has_url(&text);
        if !has_tag_start(&text) && !has_link {
            self.emit(Event::Text(text));
            return;
        }
        let mut rest_start = 0;
        let mut i = 0;
        while let Some(rel) = text[i..].find('<') {
            let at = i + rel;
            i = at + 1;
            if !text
                .as_bytes()
                .get(at + 1)
                .is_some_and(u8::is_ascii_uppercase)
            {
                continue;
            }
            let name = tag_name(&text, at);
            if crate::tags::is_html_element(name) {
                continue;
            }
            self.plain_text(&text[rest_start..at], line);
            let end = match parse_open_tag(&text, at) {
                Some(tag) => {
                    let end = tag.end;
                    self.open_component(tag, line);
                    end
                }
                None => self.malformed_tag(&text, at, line),
            };
            rest_start = end;
            i = end;
        }
        if rest_start == 0 {
            self.linkified(text, line);
        } else if rest_start < text.len() {
            self.plain_text(&text[rest_start..], line);
        }
    }

    fn plain_text(&mut self, text: &str, line: u32) {
        if !text.is_empty() {
            self.linkified(CowStr::from(text.to_string()), line);
        }
    }

    /// Emits `text`, with its bare URLs as links when links may stand here.
    fn linkified(&mut self, text: CowStr<'a>, line: u32) {
        if !self.may_link() || !has_url(&text) {
            self.emit(Event::Text(text));
            return;
        }
        let mut finder = LinkFinder::new();
        finder.kinds(&[LinkKind::Url]);
        let mut last = 0;
        for link in finder.links(&text) {
            let url = link.as_str();
            if !(url.starts_with("https://") || url.starts_with("http://")) {
                continue;
            }
            if link.start() > last {
                let before = text[last..link.start()].to_string();
                self.emit(Event::Text(before.into()));
            }
            self.add_link(url.to_string(), line);
            self.emit(Event::Start(Tag::Link {
                link_type: LinkType::Autolink,
                dest_url: url.to_string().into(),
                title: CowStr::Borrowed(""),
                id: CowStr::Borrowed(""),
            }));
            self.emit(Event::Text(url.to_string().into()));
            self.emit(Event::End(TagEnd::Link));
            last = link.end();
        }
        match last {
            0 => self.emit(Event::Text(text)),
            n if n < text.len() => {
                let after = text[n..].to_string();
                self.emit(Event::Text(after.into()));
            }
            _ => {}
        }
    }
}

/// `<` then an ASCII capital: maybe a component tag.
fn has_tag_start(text: &str) -> bool {
    memchr::memchr_iter(b'<', text.as_bytes()).any(|at| {
        text.as_bytes()
            .get(at + 1)
            .is_some_and(u8::is_ascii_uppercase)
    })
}

fn has_url(text: &str) -> bool {
    memchr::memmem::find(text.as_bytes(), b"://").is_some()
}
