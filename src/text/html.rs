//! HTML escaping for text and attribute values, the one escaper: the theme
//! (Tera's escape function), Markdown tables, the sitemap, the OAuth pages.
//! And its inverse for attribute values: decoding character references.

/// Escapes `& < > " '`. Tera's default escaper also turns `/` into `&#x2F;`,
/// which is safe but makes every URL unreadable in the source; these five
/// are enough for text and double- or single-quoted attributes.
pub fn escape_html(text: &str) -> String {
    let bytes = text.as_bytes();
    // Most values (titles, URLs, labels) have nothing to escape: find the
    // special bytes with memchr instead of looking at each byte in turn.
    let Some(first) = next_special(bytes, 0) else {
        return text.to_string();
    };
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut from = 0;
    let mut at = Some(first);
    while let Some(i) = at {
        let entity = entity(bytes[i]);
        // Every byte matched is ASCII, so `from..i` is on char boundaries.
        out.push_str(&text[from..i]);
        out.push_str(entity);
        from = i + 1;
        at = next_special(bytes, from);
    }
    out.push_str(&text[from..]);
    out
}

/// `escape_html` written straight into `out` (Tera's escape function): the
/// runs between special bytes are written as they are, without a copy.
pub fn write_escaped_html(text: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(i) = next_special(bytes, from) {
        out.write_all(&bytes[from..i])?;
        out.write_all(entity(bytes[i]).as_bytes())?;
        from = i + 1;
    }
    out.write_all(&bytes[from..])
}

/// The entity `escape_html` writes for one of `& < > " '`.
fn entity(special: u8) -> &'static str {
    match special {
        b'&' => "&amp;",
        b'<' => "&lt;",
        b'>' => "&gt;",
        b'"' => "&quot;",
        _ => "&#39;",
    }
}

/// The first of `& < > " '` at or after `from`.
fn next_special(bytes: &[u8], from: usize) -> Option<usize> {
    let rest = &bytes[from..];
    let markup = memchr::memchr3(b'&', b'<', b'>', rest);
    // Quotes can only come before the first markup byte to matter here.
    let quotes = memchr::memchr2(b'"', b'\'', &rest[..markup.unwrap_or(rest.len())]);
    quotes.or(markup).map(|i| from + i)
}

/// Decodes the character references that matter in attribute values
/// (`&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;`, `&#39;`, `&#x27;`);
/// anything else is left as written. Borrows when there is nothing to do.
pub fn decode_entities(text: &str) -> std::borrow::Cow<'_, str> {
    decode_references_with(text, decode_one)
}

/// `text` with each `&…` that `one` reads (the character and the length it
/// took) replaced; any other `&` left as written.
pub(crate) fn decode_references_with(
    text: &str,
    one: impl Fn(&str) -> Option<(char, usize)>,
) -> std::borrow::Cow<'_, str> {
    use std::borrow::Cow;
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = rest.find('&') {
        out.push_str(&rest[..pos]);
        rest = &rest[pos..];
        match one(rest) {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// One reference at the start of `text` (which starts with `&`): the
/// character and the length of the reference.
fn decode_one(text: &str) -> Option<(char, usize)> {
    // Byte search: a multi-byte character may sit within the first 12 bytes.
    let semi = text.as_bytes()[..text.len().min(12)]
        .iter()
        .position(|b| *b == b';')?;
    let body = &text[1..semi];
    let c = match body {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        _ => {
            let number = body.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code).filter(|c| *c != '\0')?
        }
    };
    Some((c, semi + 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    #[test]
    fn escaping_covers_markup_and_quotes_and_keeps_the_rest() {
        assert_eq!(
            escape_html("<a href=\"/x?a=1&b='2'\">é</a>"),
            "&lt;a href=&quot;/x?a=1&amp;b=&#39;2&#39;&quot;&gt;é&lt;/a&gt;"
        );
        assert_eq!(escape_html("déjà vu"), "déjà vu");
        assert_eq!(escape_html(""), "");
        assert_eq!(escape_html("'\"&<>"), "&#39;&quot;&amp;&lt;&gt;");
        assert_eq!(escape_html("a>b'c"), "a&gt;b&#39;c");
    }

    /// Escaping as first written, one character at a time.
    fn escape_reference(text: &str) -> String {
        let mut out = String::new();
        for c in text.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' => out.push_str("&quot;"),
                '\'' => out.push_str("&#39;"),
                c => out.push(c),
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn escaping_matches_the_char_by_char_rule(text in "[a&<>\"'é ]{0,60}") {
            proptest::prop_assert_eq!(escape_html(&text), escape_reference(&text));
        }
    }

    #[test]
    fn decodes_numeric_and_named_references_once() {
        assert_eq!(
            decode_entities("a&amp;amp;b&#39;&#x2019;&unknown;"),
            "a&amp;b'’&unknown;"
        );
        assert!(matches!(decode_entities("plain"), Cow::Borrowed("plain")));
    }

    #[test]
    fn broken_references_are_left_as_written() {
        for text in ["&#xZZ; &#99999999;", "&ééééééé;", "&#0;", "&", "&;", "&#;"] {
            assert_eq!(decode_entities(text), text);
        }
    }
}

#[cfg(test)]
mod writer_tests {
    use super::*;

    fn written(text: &str) -> String {
        let mut out = Vec::new();
        write_escaped_html(text, &mut out).expect("writing to a Vec");
        String::from_utf8(out).expect("UTF-8 in, UTF-8 out")
    }

    proptest::proptest! {
        #[test]
        fn writing_escaped_html_matches_escape_html(text in "[ab&<>\"'é/ ]{0,60}") {
            proptest::prop_assert_eq!(written(&text), escape_html(&text));
        }
    }
}
