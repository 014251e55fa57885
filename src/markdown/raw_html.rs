//! Reading raw HTML written in content (`<p style=…>`, `<a name=…>`,
//! `<details><summary>`), without rewriting it: which links it points to,
//! which ids it defines, and the `<summary>` text that labels what follows.
//!
//! This is a lenient tag scanner, not an HTML parser: raw HTML is trusted
//! content and is passed through unchanged; we only look inside it.

use crate::text::html::decode_entities;
use std::borrow::Cow;

/// Something found in raw HTML, with the byte offset of its tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Found<'h> {
    Href(Cow<'h, str>),
    /// `id="…"` on any element, or `name="…"` on `<a>`.
    Id(Cow<'h, str>),
    /// The text of a `<summary>` element (tags inside it skipped).
    Summary(String),
}

impl Found<'_> {
    pub(crate) fn into_owned(self) -> Found<'static> {
        match self {
            Found::Href(href) => Found::Href(Cow::Owned(href.into_owned())),
            Found::Id(id) => Found::Id(Cow::Owned(id.into_owned())),
            Found::Summary(text) => Found::Summary(text),
        }
    }
}

/// Calls `found` for each link, id and summary in `html`, in order, with the
/// byte offset of the tag they belong to.
pub(crate) fn scan<'h>(html: &'h str, mut found: impl FnMut(Found<'h>, usize)) {
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(rel) = html[i..].find('<') {
        let start = i + rel;
        i = start + 1;
        if !bytes.get(i).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let name_end = i + html[i..]
            .bytes()
            .position(|b| !(b.is_ascii_alphanumeric() || b == b'-'))
            .unwrap_or(html.len() - i);
        let name = &html[i..name_end];
        let is_anchor = name.eq_ignore_ascii_case("a");
        i = scan_attributes(html, name_end, |attr, value| {
            if attr.eq_ignore_ascii_case("href") {
                found(Found::Href(decode_entities(value)), start);
            } else if attr.eq_ignore_ascii_case("id")
                || (is_anchor && attr.eq_ignore_ascii_case("name"))
            {
                found(Found::Id(decode_entities(value)), start);
            }
        });
        if name.eq_ignore_ascii_case("summary") {
            if let Some(text) = summary_text(&html[i..]) {
                found(Found::Summary(text), start);
            }
        }
    }
}

/// Reads `attr="v" attr='v' attr=v flag` up to the end of the tag and
/// returns the offset just after it (or the end of the text).
fn scan_attributes<'h>(
    html: &'h str,
    mut i: usize,
    mut attr: impl FnMut(&'h str, &'h str),
) -> usize {
    let bytes = html.as_bytes();
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        match bytes.get(i) {
            None => return i,
            Some(b'>') => return i + 1,
            Some(_) => {}
        }
        let name_start = i;
        while i < bytes.len()
            && !matches!(bytes[i], b'=' | b'>' | b'/')
            && !bytes[i].is_ascii_whitespace()
        {
            i += 1;
        }
        let name = &html[name_start..i];
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if bytes.get(i) != Some(&b'=') {
            continue;
        }
        i += 1;
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let (value_start, value_end, next) = match bytes.get(i) {
            Some(&q) if q == b'"' || q == b'\'' => {
                let len = html[i + 1..]
                    .bytes()
                    .position(|b| b == q)
                    .unwrap_or(html.len() - i - 1);
                (i + 1, i + 1 + len, (i + 2 + len).min(html.len()))
            }
            _ => {
                let len = html[i..]
                    .bytes()
                    .position(|b| b.is_ascii_whitespace() || b == b'>')
                    .unwrap_or(html.len() - i);
                (i, i + len, i + len)
            }
        };
        attr(name, &html[value_start..value_end]);
        i = next;
    }
}

/// The visible text before `</summary>`, tags removed and whitespace
/// collapsed; None when the element is not closed in this text.
fn summary_text(after_open_tag: &str) -> Option<String> {
    let end = after_open_tag.find("</summary>")?;
    let mut text = String::with_capacity(end);
    let mut in_tag = false;
    for c in after_open_tag[..end].chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if in_tag => {}
            c if c.is_whitespace() => {
                if !text.is_empty() && !text.ends_with(' ') {
                    text.push(' ');
                }
            }
            c => text.push(c),
        }
    }
    let text = decode_entities(text.trim_end()).into_owned();
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(html: &str) -> Vec<(Found<'_>, usize)> {
        let mut all = Vec::new();
        scan(html, |f, at| all.push((f, at)));
        all
    }

    #[test]
    fn finds_hrefs_in_any_quoting_with_entities_decoded() {
        let found = collect("<p style=\"x\"><a href=\"/a?b=1&amp;c=2\">x</a> <A HREF='/b'>y</A><a href=/c>z</a></p>");
        assert_eq!(
            found,
            vec![
                (Found::Href("/a?b=1&c=2".into()), 13),
                (Found::Href("/b".into()), 44),
                (Found::Href("/c".into()), 62),
            ]
        );
    }

    #[test]
    fn anchor_names_and_ids_are_ids_but_input_names_are_not() {
        let found = collect("<a name=\"doc-api\"></a><input name=\"q\"><div id='top'>");
        let ids: Vec<_> = found
            .into_iter()
            .filter_map(|(f, _)| match f {
                Found::Id(id) => Some(id.into_owned()),
                _ => None,
            })
            .collect();
        assert_eq!(ids, vec!["doc-api", "top"]);
    }

    #[test]
    fn summary_text_is_read_without_tags() {
        let found = collect("<details>\n  <summary>Liste des <b>données</b></summary>\n");
        assert_eq!(
            found,
            vec![(Found::Summary("Liste des données".into()), 12)]
        );
    }

    #[test]
    fn unterminated_tags_and_stray_brackets_do_not_panic() {
        for html in [
            "<a href=\"x",
            "<a href=",
            "< a",
            "<",
            "a < b",
            "<a name='é",
            "&#xZZ; &#99999999;",
            "&ééééééé;",
        ] {
            collect(html);
            decode_entities(html);
        }
    }
}
