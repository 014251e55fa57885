//! One tag at a given offset: `<Name attr="v" attr='v' attr={v} flag />`
//! and `</Name>`. Lenient: what does not lex is `None`, never an error, and
//! the caller decides whether that is worth a warning.

use super::ComponentTag;
use crate::text::html::decode_entities;

/// Parses `<Name attr="v" attr='v' attr={v} flag />` starting at `start`
/// (the `<`). Attribute values have their HTML entities decoded (`&amp;` →
/// `&`), because whoever renders them escapes them again.
pub fn parse_open_tag(source: &str, start: usize) -> Option<ComponentTag> {
    let bytes = source.as_bytes();
    let name = tag_name(source, start);
    let mut i = start + 1 + name.len();
    let name = name.to_string();
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
                    start,
                    end: i + 1,
                });
            }
            b'/' if bytes.get(i + 1) == Some(&b'>') => {
                return Some(ComponentTag {
                    name,
                    attrs,
                    self_closing: true,
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

/// Why the opening tag at `start` does not lex (when `parse_open_tag` is
/// `None`): what is malformed, said for an author, and the byte after the
/// malformed tag (its `>` when there is one before the next `<`).
pub fn diagnose_open_tag(source: &str, start: usize) -> (String, usize) {
    let bytes = source.as_bytes();
    let name = tag_name(source, start);
    let tag_end = source[start + 1..]
        .find(['<', '>'])
        .map(|rel| start + 1 + rel)
        .filter(|&at| bytes[at] == b'>')
        .map_or(start + 1 + name.len(), |at| at + 1);
    let mut i = start + 1 + name.len();
    let problem = loop {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let Some(&c) = bytes.get(i) else {
            break format!("`<{name}` is not closed with `>`");
        };
        match c {
            b'>' => break format!("`<{name}` could not be read"),
            b'/' if bytes.get(i + 1) == Some(&b'>') => {
                break format!("`<{name}` could not be read")
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let attr_start = i;
                while i < bytes.len()
                    && (bytes[i].is_ascii_alphanumeric() || matches!(bytes[i], b'_' | b'-' | b':'))
                {
                    i += 1;
                }
                let attr = &source[attr_start..i];
                while i < bytes.len() && bytes[i] == b' ' {
                    i += 1;
                }
                match bytes.get(i) {
                    Some(b'=') => {
                        i += 1;
                        while i < bytes.len() && bytes[i] == b' ' {
                            i += 1;
                        }
                        let close = match bytes.get(i) {
                            Some(b'"') => b'"',
                            Some(b'\'') => b'\'',
                            Some(b'{') => b'}',
                            _ => {
                                break format!(
                                    "the value of `{attr}` in `<{name}>` is not in quotes"
                                )
                            }
                        };
                        match source[i + 1..].bytes().position(|b| b == close) {
                            Some(len) => i += len + 2,
                            None => {
                                break format!(
                                    "the value of `{attr}` in `<{name}>` has no closing `{}`",
                                    close as char
                                )
                            }
                        }
                    }
                    Some(b'"' | b'\'') => {
                        break format!(
                            "attribute `{attr}` in `<{name}>` has no `=` before its value"
                        )
                    }
                    _ => {}
                }
            }
            other => {
                let shown = source[i..].chars().next().unwrap_or(other as char);
                break format!("unexpected `{shown}` in `<{name}>`");
            }
        }
    };
    (problem, tag_end)
}

/// Parses `</Name>` starting at `start` (the `<`): the name and the byte
/// just after the tag. The name must start with an ASCII capital.
pub fn parse_close_tag(source: &str, start: usize) -> Option<(&str, usize)> {
    let bytes = source.as_bytes();
    if bytes.get(start + 1) != Some(&b'/') || !bytes.get(start + 2)?.is_ascii_uppercase() {
        return None;
    }
    let name = tag_name(source, start + 1);
    let mut i = start + 2 + name.len();
    while i < bytes.len() && bytes[i].is_ascii_whitespace() {
        i += 1;
    }
    (bytes.get(i) == Some(&b'>')).then_some((name, i + 1))
}

/// The name after the `<` at `start` (ASCII letters, digits and `_`);
/// empty when none follows.
pub fn tag_name(source: &str, start: usize) -> &str {
    let from = start + 1;
    let rest = source.as_bytes().get(from..).unwrap_or_default();
    let len = rest
        .iter()
        .position(|&b| !(b.is_ascii_alphanumeric() || b == b'_'))
        .unwrap_or(rest.len());
    // ASCII bytes only, so the end is a char boundary; the start is one
    // when `start` is a `<`.
    source.get(from..from + len).unwrap_or_default()
}

/// Whether `html` has something that looks like a component's opening or
/// closing tag (`<Button`, `</Button`): a `<`, maybe a `/`, then an ASCII
/// capital.
pub fn has_component_tag(html: &str) -> bool {
    let bytes = html.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| {
        b == b'<'
            && match bytes.get(i + 1) {
                Some(b'/') => bytes.get(i + 2).is_some_and(u8::is_ascii_uppercase),
                Some(c) => c.is_ascii_uppercase(),
                None => false,
            }
    })
}

/// HTML elements whose names authors sometimes capitalise (`<BR>`, `<P>`);
/// they are HTML, not components, even though they start with a capital.
pub fn is_html_element(name: &str) -> bool {
    const ELEMENTS: &[&str] = &[
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "caption",
        "code",
        "dd",
        "del",
        "details",
        "div",
        "dl",
        "dt",
        "em",
        "figcaption",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "iframe",
        "img",
        "ins",
        "kbd",
        "li",
        "mark",
        "ol",
        "p",
        "pre",
        "s",
        "small",
        "span",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "u",
        "ul",
    ];
    name.len() <= 10 && ELEMENTS.iter().any(|e| e.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_tag_with_every_kind_of_attribute() {
        let src = "x <Button href=\"/a\" kind='b' n={3} is_editeur />y";
        let tag = parse_open_tag(src, 2).expect("a tag");
        assert_eq!(tag.name, "Button");
        assert_eq!(
            tag.attrs,
            vec![
                ("href".to_string(), Some("/a".to_string())),
                ("kind".to_string(), Some("b".to_string())),
                ("n".to_string(), Some("3".to_string())),
                ("is_editeur".to_string(), None),
            ]
        );
        assert!(tag.self_closing);
        assert_eq!(
            &src[tag.start..tag.end],
            "<Button href=\"/a\" kind='b' n={3} is_editeur />"
        );
    }

    #[test]
    fn attribute_entities_are_decoded_once() {
        let tag = parse_open_tag("<Button href=\"/a?x=1&amp;amp;y=2\">x</Button>", 0);
        assert_eq!(tag.expect("a tag").attr("href"), Some("/a?x=1&amp;y=2"));
    }

    #[test]
    fn malformed_open_tags_are_none() {
        for src in [
            "<Button href=>",
            "<Button href=x>",
            "<Button",
            "<Button a='x",
            "<",
        ] {
            assert_eq!(parse_open_tag(src, 0), None, "{src:?}");
        }
    }

    #[test]
    fn malformed_open_tags_say_what_is_wrong() {
        let cases = [
            (
                "<External href\"https://x.fr\">Doc</External>",
                "attribute `href` in `<External>` has no `=` before its value",
                "<External href\"https://x.fr\">",
            ),
            (
                "<Button href=/x>ici",
                "the value of `href` in `<Button>` is not in quotes",
                "<Button href=/x>",
            ),
            (
                "<Button href='/x>ici",
                "the value of `href` in `<Button>` has no closing `'`",
                "<Button href='/x>",
            ),
            (
                "<Quote who='A'",
                "`<Quote` is not closed with `>`",
                "<Quote",
            ),
            (
                "<Quote who='A' ; >x",
                "unexpected `;` in `<Quote>`",
                "<Quote who='A' ; >",
            ),
        ];
        for (src, message, tag) in cases {
            assert_eq!(parse_open_tag(src, 0), None, "{src:?}");
            let (problem, end) = diagnose_open_tag(src, 0);
            assert_eq!(problem, message, "{src:?}");
            assert_eq!(&src[..end], tag, "{src:?}");
        }
    }

    #[test]
    fn close_tag_is_parsed_with_its_end() {
        assert_eq!(parse_close_tag("</Button >x", 0), Some(("Button", 10)));
        assert_eq!(parse_close_tag("</button>", 0), None);
        assert_eq!(parse_close_tag("</Button", 0), None);
        assert_eq!(parse_close_tag("</", 0), None);
    }

    #[test]
    fn tag_names_stop_at_the_first_other_byte() {
        assert_eq!(tag_name("<Next_Steps2 x", 0), "Next_Steps2");
        assert_eq!(tag_name("a<Bé", 1), "B");
        assert_eq!(tag_name("<", 0), "");
        assert_eq!(tag_name("", 0), "");
    }

    #[test]
    fn component_tags_start_with_a_capital() {
        assert!(has_component_tag("<p><Button>"));
        assert!(has_component_tag("x</Quote>"));
        assert!(!has_component_tag("<p>a < B</p><"));
        assert!(!has_component_tag("</ B>"));
    }

    #[test]
    fn capitalised_html_elements_are_recognised() {
        assert!(is_html_element("BR"));
        assert!(is_html_element("P"));
        assert!(!is_html_element("Button"));
    }

    proptest::proptest! {
        #[test]
        fn lexing_never_panics(s in "([<>/='\"{} a-zB_é&;]|<Button|</Quote){0,40}") {
            for at in 0..=s.len() {
                if s.is_char_boundary(at) {
                    let _ = parse_open_tag(&s, at);
                    let _ = parse_close_tag(&s, at);
                    let _ = tag_name(&s, at);
                    if s[at..].starts_with('<') {
                        let _ = diagnose_open_tag(&s, at);
                    }
                }
            }
        }
    }
}
