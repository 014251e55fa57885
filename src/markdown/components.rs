//! Finding component tags (`<Button href="…">`, `<NextSteps is_editeur />`)
//! in Markdown source. Shared by the renderer and by `content`, which checks
//! `<QuestionTree tree=… question=…>` references when loading.

use super::raw_html::decode_entities;

/// A component opening (or self-closing) tag found in source text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComponentTag {
    pub name: String,
    pub attrs: Vec<(String, Option<String>)>,
    pub self_closing: bool,
    /// 1-based line within the scanned text.
    pub line: u32,
    /// Byte range of the tag in the scanned text.
    pub start: usize,
    pub end: usize,
}

impl ComponentTag {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .and_then(|(_, v)| v.as_deref())
    }
}

/// Every tag whose name starts with an ASCII capital letter (`<Button`, not
/// `<p` or `<details`), with its attributes. Tags inside code spans and
/// fenced code blocks are skipped. Malformed tags are skipped, not fatal.
pub fn find_components(source: &str) -> Vec<ComponentTag> {
    let bytes = source.as_bytes();
    let mut tags = Vec::new();
    let mut line = 1u32;
    let mut i = 0;
    let mut in_fence = false;
    let mut at_line_start = true;
    while i < bytes.len() {
        let b = bytes[i];
        if at_line_start {
            let rest = &source[i..];
            let trimmed = rest.trim_start_matches([' ', '\t']);
            if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
                in_fence = !in_fence;
            }
        }
        at_line_start = b == b'\n';
        if b == b'\n' {
            line += 1;
            i += 1;
            continue;
        }
        if in_fence {
            i += 1;
            continue;
        }
        if b == b'`' {
            // Skip a code span: up to the next backtick on any later position.
            if let Some(close) = source[i + 1..].find('`') {
                line += source[i + 1..i + 1 + close].matches('\n').count() as u32;
                i += close + 2;
                continue;
            }
        }
        if b == b'<' && bytes.get(i + 1).is_some_and(u8::is_ascii_uppercase) {
            if let Some(tag) = parse_open_tag(source, i, line) {
                line += source[tag.start..tag.end].matches('\n').count() as u32;
                i = tag.end;
                tags.push(tag);
                continue;
            }
        }
        i += 1;
    }
    tags
}

/// Parses `<Name attr="v" attr='v' attr={v} flag />` starting at `start`
/// (the `<`); `line` is the line the tag starts on. Attribute values have
/// their HTML entities decoded (`&amp;` → `&`), because whoever renders them
/// escapes them again.
pub(crate) fn parse_open_tag(source: &str, start: usize, line: u32) -> Option<ComponentTag> {
    let bytes = source.as_bytes();
    let mut i = start + 1;
    let name_start = i;
    while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
        i += 1;
    }
    let name = source[name_start..i].to_string();
    let mut attrs = Vec::new();
    loop {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        match bytes.get(i)? {
            b'>' => {
                return Some(ComponentTag {
                    name,
                    attrs,
                    self_closing: false,
                    line,
                    start,
                    end: i + 1,
                });
            }
            b'/' if bytes.get(i + 1) == Some(&b'>') => {
                return Some(ComponentTag {
                    name,
                    attrs,
                    self_closing: true,
                    line,
                    start,
                    end: i + 2,
                });
            }
            c if c.is_ascii_alphabetic() || *c == b'_' => {
                let attr_start = i;
                while i < bytes.len()
                    && (bytes[i].is_ascii_alphanumeric() || matches!(bytes[i], b'_' | b'-' | b':'))
                {
                    i += 1;
                }
                let attr_name = source[attr_start..i].to_string();
                while i < bytes.len() && bytes[i] == b' ' {
                    i += 1;
                }
                if bytes.get(i) == Some(&b'=') {
                    i += 1;
                    while i < bytes.len() && bytes[i] == b' ' {
                        i += 1;
                    }
                    let close = match bytes.get(i)? {
                        b'"' => b'"',
                        b'\'' => b'\'',
                        b'{' => b'}',
                        _ => return None,
                    };
                    let value_start = i + 1;
                    let value_len = source[value_start..].bytes().position(|c| c == close)?;
                    let value =
                        decode_entities(&source[value_start..value_start + value_len]).into_owned();
                    attrs.push((attr_name, Some(value)));
                    i = value_start + value_len + 1;
                } else {
                    attrs.push((attr_name, None));
                }
            }
            _ => return None,
        }
    }
}

/// Parses `</Name>` starting at `start` (the `<`): the name and the byte
/// just after the tag.
pub(crate) fn parse_close_tag(source: &str, start: usize) -> Option<(&str, usize)> {
    let bytes = source.as_bytes();
    if bytes.get(start + 1) != Some(&b'/') || !bytes.get(start + 2)?.is_ascii_uppercase() {
        return None;
    }
    let name_start = start + 2;
    let mut i = name_start;
    while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
        i += 1;
    }
    let name = &source[name_start..i];
    while i < bytes.len() && bytes[i].is_ascii_whitespace() {
        i += 1;
    }
    (bytes.get(i) == Some(&b'>')).then_some((name, i + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_self_closing_component_with_single_quoted_attributes() {
        let tags =
            find_components("Intro\n\n<QuestionTree tree='api-particulier' question='apipart'/>\n");
        assert_eq!(tags.len(), 1);
        assert_eq!(tags[0].name, "QuestionTree");
        assert_eq!(tags[0].attr("tree"), Some("api-particulier"));
        assert_eq!(tags[0].attr("question"), Some("apipart"));
        assert!(tags[0].self_closing);
        assert_eq!(tags[0].line, 3);
    }

    #[test]
    fn finds_bare_attributes_and_inline_components() {
        let tags = find_components(
            "a <External href=\"https://x\">x</External> b\n<NextSteps is_editeur />",
        );
        assert_eq!(tags.len(), 2);
        assert_eq!(tags[0].name, "External");
        assert!(!tags[0].self_closing);
        assert_eq!(tags[1].attrs, vec![("is_editeur".to_string(), None)]);
        assert_eq!(tags[1].line, 2);
    }

    #[test]
    fn skips_code_spans_fences_and_lowercase_html() {
        let src = "`<Button>` <p>x</p>\n```\n<Quote>\n```\n<details>";
        assert!(find_components(src).is_empty());
    }

    #[test]
    fn attribute_entities_are_decoded_once() {
        let tags = find_components("<Button href=\"/a?x=1&amp;y=2\">x</Button>");
        assert_eq!(tags[0].attr("href"), Some("/a?x=1&y=2"));
    }

    #[test]
    fn close_tag_is_parsed_with_its_end() {
        assert_eq!(parse_close_tag("</Button >x", 0), Some(("Button", 10)));
        assert_eq!(parse_close_tag("</button>", 0), None);
        assert_eq!(parse_close_tag("</Button", 0), None);
    }

    #[test]
    fn malformed_tag_is_skipped_not_fatal() {
        assert!(find_components("a < B <Button href=>").is_empty());
    }
}
