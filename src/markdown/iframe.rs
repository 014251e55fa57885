//! `<iframe>` in raw HTML: written self-closed (`<iframe … />`, as JSX
//! allows) it is closed with `</iframe>`, since a browser ignores the `/`
//! and reads the rest of the page as the frame's fallback content; and it
//! gets a `title` when it has none, so that screen readers can name it.

use crate::text::html::escape_html;

/// `html` with every `<iframe>` tag fixed, or `None` when nothing changes.
pub(crate) fn close_iframes(html: &str) -> Option<String> {
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut search = 0;
    while let Some(at) = find_iframe(html, search) {
        let Some(end) = tag_end(html, at) else {
            break;
        };
        search = end;
        let tag = &html[at..end];
        let self_closed = tag[..tag.len() - 1].trim_end().ends_with('/');
        let titled = has_attribute(tag, "title");
        if !self_closed && titled {
            continue;
        }
        let out = out.get_or_insert_with(|| String::with_capacity(html.len() + 64));
        out.push_str(&html[copied..at]);
        let body = if self_closed {
            tag[..tag.len() - 1]
                .trim_end()
                .trim_end_matches('/')
                .trim_end()
        } else {
            &tag[..tag.len() - 1]
        };
        out.push_str(body);
        if !titled {
            out.push_str(" title=\"");
            out.push_str(&escape_html(&default_title(tag)));
            out.push('"');
        }
        out.push('>');
        if self_closed {
            out.push_str("</iframe>");
        }
        copied = end;
    }
    let mut out = out?;
    out.push_str(&html[copied..]);
    Some(out)
}

fn find_iframe(html: &str, from: usize) -> Option<usize> {
    let bytes = html.as_bytes();
    memchr::memchr_iter(b'<', &bytes[from..])
        .map(|rel| from + rel)
        .find(|&at| {
            bytes
                .get(at + 1..at + 7)
                .is_some_and(|name| name.eq_ignore_ascii_case(b"iframe"))
                && bytes
                    .get(at + 7)
                    .is_some_and(|&b| b.is_ascii_whitespace() || b == b'>' || b == b'/')
        })
}

/// The byte after the `>` closing the tag at `at`, quotes respected.
fn tag_end(html: &str, at: usize) -> Option<usize> {
    let mut quote = None;
    for (i, b) in html.bytes().enumerate().skip(at) {
        match (quote, b) {
            (Some(q), b) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'>') => return Some(i + 1),
            _ => {}
        }
    }
    None
}

fn has_attribute(tag: &str, name: &str) -> bool {
    let lower = tag.to_ascii_lowercase();
    lower.match_indices(name).any(|(at, _)| {
        lower
            .as_bytes()
            .get(at.wrapping_sub(1))
            .is_some_and(u8::is_ascii_whitespace)
            && lower[at + name.len()..].trim_start().starts_with('=')
    })
}

/// "Contenu intégré depuis <host>" from the `src`, else "Contenu intégré".
fn default_title(tag: &str) -> String {
    let host = attribute_value(tag, "src")
        .and_then(|src| url::Url::parse(src).ok())
        .and_then(|url| url.host_str().map(str::to_string));
    match host {
        Some(host) => format!("Contenu intégré depuis {host}"),
        None => "Contenu intégré".to_string(),
    }
}

fn attribute_value<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let lower = tag.to_ascii_lowercase();
    let (at, _) = lower.match_indices(name).find(|(at, _)| {
        lower
            .as_bytes()
            .get(at.wrapping_sub(1))
            .is_some_and(u8::is_ascii_whitespace)
    })?;
    let rest = tag[at + name.len()..]
        .trim_start()
        .strip_prefix('=')?
        .trim_start();
    let quote = rest.chars().next()?;
    if quote == '"' || quote == '\'' {
        rest[1..].split(quote).next()
    } else {
        rest.split(|c: char| c.is_whitespace() || c == '>').next()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_self_closed_iframe_is_closed_and_titled_from_its_source() {
        assert_eq!(
            close_iframes("<iframe src=\"https://www.youtube.com/embed/x\" width=\"560\" />\n").as_deref(),
            Some("<iframe src=\"https://www.youtube.com/embed/x\" width=\"560\" title=\"Contenu intégré depuis www.youtube.com\"></iframe>\n")
        );
    }

    #[test]
    fn a_titled_closed_iframe_is_left_alone() {
        assert_eq!(
            close_iframes("<p><iframe title='Vidéo' src='/v'></iframe></p>"),
            None
        );
        assert_eq!(close_iframes("<p>pas de cadre</p>"), None);
    }

    #[test]
    fn an_untitled_iframe_gets_a_title_and_quotes_hide_a_greater_than() {
        assert_eq!(
            close_iframes("<IFRAME data-x='a>b' src=x/>après").as_deref(),
            Some("<IFRAME data-x='a>b' src=x title=\"Contenu intégré\"></iframe>après")
        );
        assert_eq!(
            close_iframes("<iframe src=\"/v\" title=\"V\"/><iframe src=\"/w\"></iframe>").as_deref(),
            Some("<iframe src=\"/v\" title=\"V\"></iframe><iframe src=\"/w\" title=\"Contenu intégré\"></iframe>")
        );
    }

    #[test]
    fn unterminated_tags_do_not_panic() {
        for html in [
            "<iframe",
            "<iframe src='x",
            "<iframe/",
            "<iframeé",
            "<ifram",
        ] {
            let _ = close_iframes(html);
        }
    }
}
