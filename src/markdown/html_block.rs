//! Markdown inside HTML blocks, as markdown-to-jsx reads it: in
//! `<details><summary>Données</summary>` followed by a table, or
//! `<p>**Important** : …</p>`, the text between the tags is Markdown.
//! CommonMark keeps an HTML block raw up to the next blank line, so the
//! writer splits such a block into its tags (passed through) and the text
//! runs between them, which are parsed again and go through the same
//! writer (ids, links, lines, components all as elsewhere).

use super::writer::{NestedLines, Writer};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// Elements whose text is not Markdown.
const RAW_TEXT: &[&str] = &["pre", "code", "script", "style", "textarea", "kbd", "samp"];

impl Writer<'_, '_> {
    /// The plain HTML (no component tags) of an HTML block, starting on
    /// source line `line`, already scanned for links and ids.
    pub(super) fn html_block_text(&mut self, html: &str, line: u32) {
        let bytes = html.as_bytes();
        let mut text_start = 0;
        let mut at_line = line;
        let mut i = 0;
        while let Some(rel) = memchr::memchr(b'<', &bytes[i..]) {
            let at = i + rel;
            i = at + 1;
            let Some((end, name, closing)) = tag_at(html, at) else {
                continue;
            };
            self.html_run(&html[text_start..at], at_line);
            at_line += super::lines::count_newlines(&bytes[text_start..end]);
            let tag = &html[at..end];
            self.track_anchor(tag);
            if RAW_TEXT.iter().any(|raw| raw.eq_ignore_ascii_case(name)) {
                if closing {
                    self.raw_text_depth = self.raw_text_depth.saturating_sub(1);
                } else if !tag.ends_with("/>") {
                    self.raw_text_depth += 1;
                }
            }
            let tag = super::iframe::close_iframes(tag).unwrap_or_else(|| tag.to_string());
            self.emit(Event::Html(tag.into()));
            text_start = end;
            i = end;
        }
        self.html_run(&html[text_start..], at_line);
    }

    /// Text between two tags of an HTML block: Markdown, unless it is
    /// blank, inside `<pre>`/`<code>`…, or the block is itself text
    /// already parsed again.
    fn html_run(&mut self, run: &str, line: u32) {
        let content = run.trim();
        if content.is_empty()
            || self.raw_text_depth > 0
            || self.nested.is_some()
            || !looks_like_markdown(content)
        {
            if !run.is_empty() {
                self.emit(Event::Html(run.to_string().into()));
            }
            return;
        }
        let leading = &run[..run.len() - run.trim_start().len()];
        let trailing = &run[run.trim_end().len()..];
        let line = line + super::lines::count_newlines(leading.as_bytes());
        let source = dedent(content);
        let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
        let mut events: Vec<(Event<'static>, std::ops::Range<usize>)> =
            Parser::new_ext(&source, options)
                .into_offset_iter()
                .map(|(event, range)| (event.into_static(), range))
                .collect();
        // One paragraph stays inline, like `<p>**gras**</p>`.
        if is_one_paragraph(&events) {
            events.pop();
            events.remove(0);
        }
        if !leading.is_empty() {
            self.emit(Event::Html(leading.to_string().into()));
        }
        self.nested = Some(NestedLines::new(source.clone(), line));
        for (event, range) in events {
            self.handle(event, range);
        }
        self.finish_nested();
        if !trailing.is_empty() {
            self.emit(Event::Html(trailing.to_string().into()));
        }
    }
}

/// The tag at `at` (`<name …>`, `</name>` or `<!-- … -->`): the byte after
/// it, its name, and whether it is a closing tag. Autolinks
/// (`<https://…>`) and stray `<` are not tags.
fn tag_at(html: &str, at: usize) -> Option<(usize, &str, bool)> {
    let bytes = html.as_bytes();
    if html[at..].starts_with("<!--") {
        let end = html[at + 4..]
            .find("-->")
            .map_or(html.len(), |rel| at + 4 + rel + 3);
        return Some((end, "", false));
    }
    let closing = bytes.get(at + 1) == Some(&b'/');
    let name_start = at + 1 + usize::from(closing);
    if !bytes.get(name_start)?.is_ascii_alphabetic() {
        return None;
    }
    let name_end = name_start
        + bytes[name_start..]
            .iter()
            .position(|b| !(b.is_ascii_alphanumeric() || *b == b'-'))
            .unwrap_or(bytes.len() - name_start);
    match bytes.get(name_end) {
        Some(b) if b.is_ascii_whitespace() || *b == b'>' || *b == b'/' => {}
        _ => return None,
    }
    let mut quote = None;
    for (i, &b) in bytes.iter().enumerate().skip(name_end) {
        match (quote, b) {
            (Some(q), b) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'>') => return Some((i + 1, &html[name_start..name_end], closing)),
            (None, b'<') => return None,
            _ => {}
        }
    }
    None
}

/// Whether parsing `text` as Markdown could change it: inline marks,
/// links, tables, or a line that starts a block. Plain sentences are
/// passed through as written (entities and all).
fn looks_like_markdown(text: &str) -> bool {
    if text
        .bytes()
        .any(|b| matches!(b, b'*' | b'_' | b'`' | b'[' | b'|' | b'~' | b'!' | b'\\'))
        || text.contains("://")
    {
        return true;
    }
    text.lines().any(|line| {
        let line = line.trim_start();
        let digits = line.bytes().take_while(u8::is_ascii_digit).count();
        line.starts_with('#')
            || line.starts_with("- ")
            || line.starts_with("+ ")
            || line.starts_with("> ")
            || (digits > 0 && line[digits..].starts_with(". "))
    })
}

/// `text` without the indentation its lines share (the first line is
/// already trimmed), so that indented HTML does not make code blocks.
fn dedent(text: &str) -> String {
    let indent = text
        .lines()
        .skip(1)
        .filter(|line| !line.trim().is_empty())
        .map(|line| line.len() - line.trim_start().len())
        .min()
        .unwrap_or(0);
    if indent == 0 {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    for (n, line) in text.split_inclusive('\n').enumerate() {
        if n == 0 || line.trim().is_empty() {
            out.push_str(line.trim_start_matches([' ', '\t']));
        } else {
            out.push_str(line.get(indent..).unwrap_or(line.trim_start()));
        }
    }
    out
}

fn is_one_paragraph(events: &[(Event<'_>, std::ops::Range<usize>)]) -> bool {
    let (Some((Event::Start(Tag::Paragraph), _)), Some((Event::End(TagEnd::Paragraph), _))) =
        (events.first(), events.last())
    else {
        return false;
    };
    events
        .iter()
        .filter(|(event, _)| matches!(event, Event::Start(Tag::Paragraph)))
        .count()
        == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_found_with_names_and_autolinks_are_not_tags() {
        assert_eq!(tag_at("<p style=\"a>b\">x", 0), Some((15, "p", false)));
        assert_eq!(tag_at("</summary>", 0), Some((10, "summary", true)));
        assert_eq!(tag_at("<!-- a > b -->x", 0), Some((14, "", false)));
        assert_eq!(tag_at("<https://x.fr>", 0), None);
        assert_eq!(tag_at("a < b", 2), None);
        assert_eq!(tag_at("<p", 0), None);
    }

    #[test]
    fn plain_sentences_are_not_markdown() {
        assert!(!looks_like_markdown("Bonjour, l'API est ouverte."));
        assert!(!looks_like_markdown("Le 1er janvier 2024."));
        assert!(looks_like_markdown("**Important**"));
        assert!(looks_like_markdown("| a | b |"));
        assert!(looks_like_markdown("texte\n- un\n- deux"));
        assert!(looks_like_markdown("1. premier"));
        assert!(looks_like_markdown("voir https://api.gouv.fr"));
    }

    #[test]
    fn shared_indentation_is_removed() {
        assert_eq!(
            dedent("| a | b |\n    |---|---|\n    | 1 | 2 |\n"),
            "| a | b |\n|---|---|\n| 1 | 2 |\n"
        );
        assert_eq!(dedent("a\n\n  b"), "a\n\nb");
    }
}
