//! HTML escaping for text and attribute values, shared by the theme (Tera's
//! escape function) and the sandbox's sign-in and discovery pages.

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
        let entity = match bytes[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        };
        // Every byte matched is ASCII, so `from..i` is on char boundaries.
        out.push_str(&text[from..i]);
        out.push_str(entity);
        from = i + 1;
        at = next_special(bytes, from);
    }
    out.push_str(&text[from..]);
    out
}

/// Whether `escape_html` would change `text` (Tera's escape check: a value
/// with nothing to escape is written as it is, without a copy).
pub fn needs_escape(text: &str) -> bool {
    next_special(text.as_bytes(), 0).is_some()
}

/// The first of `& < > " '` at or after `from`.
fn next_special(bytes: &[u8], from: usize) -> Option<usize> {
    let rest = &bytes[from..];
    let markup = memchr::memchr3(b'&', b'<', b'>', rest);
    // Quotes can only come before the first markup byte to matter here.
    let quotes = memchr::memchr2(b'"', b'\'', &rest[..markup.unwrap_or(rest.len())]);
    quotes.or(markup).map(|i| from + i)
}

#[cfg(test)]
mod tests {
    use super::*;

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

        #[test]
        fn needs_escape_is_true_exactly_when_escaping_changes_the_text(text in "[ab&<>\"'é/ ]{0,40}") {
            proptest::prop_assert_eq!(needs_escape(&text), escape_html(&text) != text);
        }
    }
}

/// `escape_html` written straight into `out` (Tera's escape function): the
/// runs between special bytes are written as they are, without a copy.
pub fn write_escaped_html(text: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(i) = next_special(bytes, from) {
        let entity: &[u8] = match bytes[i] {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'"' => b"&quot;",
            _ => b"&#39;",
        };
        out.write_all(&bytes[from..i])?;
        out.write_all(entity)?;
        from = i + 1;
    }
    out.write_all(&bytes[from..])
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
