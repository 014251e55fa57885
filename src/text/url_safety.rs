//! Which URLs may reach an `href` or `src` of a published page.
//!
//! The scheme is read as a browser would read it, after the tricks that
//! hide `javascript:` from a naive prefix test: any case, leading spaces and
//! control characters, tabs and newlines inside (`java\tscript:`), HTML
//! character references (`&#106;avascript:`, `javascript&colon;`) and
//! percent-encoded letters (`%6Aavascript:`). Browsers do not decode the last
//! two everywhere; reading them anyway only errs on the safe side.
//!
//! Does not judge hosts or paths: a relative or http(s) URL is allowed
//! whatever it points to (the link checker looks at where it goes).

use super::html::{decode_entities, decode_references_with};
use std::borrow::Cow;

/// What a URL is, for a page that will link to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlClass {
    /// No scheme: a path, `#anchor`, `?query`, `//host/…`, or a bare
    /// e-mail address.
    Relative,
    /// http, https, mailto or tel (the scheme, lower-cased).
    Allowed(String),
    /// Runs code or shows a document of its own when followed:
    /// `javascript:`, `vbscript:`, `data:` (except raster images).
    Dangerous(String),
    /// Any other scheme (`ftp:`, `file:`…): harmless in a browser, but not
    /// what a link field of a catalogue should hold.
    Other(String),
}

impl UrlClass {
    pub fn is_dangerous(&self) -> bool {
        matches!(self, UrlClass::Dangerous(_))
    }

    /// Relative, or one of the schemes a link field accepts.
    pub fn is_allowed_link(&self) -> bool {
        matches!(self, UrlClass::Relative | UrlClass::Allowed(_))
    }
}

/// What a link field may hold, in words, for diagnostics.
pub const ALLOWED_SCHEMES: &str =
    "http://, https://, mailto:, tel: or a relative URL (/chemin, #ancre)";

const ALLOWED: &[&str] = &["http", "https", "mailto", "tel"];
const DANGEROUS: &[&str] = &["javascript", "vbscript", "livescript", "data"];

/// `data:` types a browser shows as a picture and never runs.
const SAFE_DATA_TYPES: &[&str] = &[
    "image/png",
    "image/gif",
    "image/jpeg",
    "image/jpg",
    "image/webp",
    "image/avif",
    "image/bmp",
];

pub fn classify(url: &str) -> UrlClass {
    let decoded = decode_references(url);
    let Some((scheme, rest)) = scheme_of(&decoded) else {
        return UrlClass::Relative;
    };
    if scheme == "data" && is_safe_data(rest) {
        return UrlClass::Other(scheme);
    }
    if DANGEROUS.contains(&scheme.as_str()) {
        UrlClass::Dangerous(scheme)
    } else if ALLOWED.contains(&scheme.as_str()) {
        UrlClass::Allowed(scheme)
    } else {
        UrlClass::Other(scheme)
    }
}

/// `classify(url).is_dangerous()`.
pub fn is_dangerous(url: &str) -> bool {
    classify(url).is_dangerous()
}

/// The scheme (lower-cased) and what follows its `:`, as the URL standard's
/// scheme state reads it once leading C0 controls and spaces are trimmed
/// and tabs and newlines removed. Other controls, which older browsers
/// skipped, are removed too. None when there is no scheme.
fn scheme_of(url: &str) -> Option<(String, &str)> {
    let trimmed = url.trim_start_matches(|c: char| c <= ' ' || c.is_whitespace());
    let colon = trimmed.find(':')?;
    let (candidate, rest) = (&trimmed[..colon], &trimmed[colon + 1..]);
    let candidate: String = candidate.chars().filter(|c| !c.is_control()).collect();
    let candidate = percent_encoding::percent_decode_str(&candidate).decode_utf8_lossy();
    let mut chars = candidate.chars();
    let first_is_letter = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    let valid =
        first_is_letter && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then(|| (candidate.to_ascii_lowercase(), rest))
}

fn is_safe_data(rest: &str) -> bool {
    let media_type: String = rest
        .chars()
        .take_while(|c| !matches!(c, ';' | ','))
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    SAFE_DATA_TYPES.contains(&media_type.as_str())
}

/// Character references as an HTML attribute reads them: numeric ones with
/// or without their `;`, the named ones that spell a scheme's punctuation
/// (`&colon;`, `&Tab;`, `&NewLine;`), then the common named ones.
fn decode_references(url: &str) -> Cow<'_, str> {
    match decode_references_with(url, reference) {
        Cow::Borrowed(url) => Cow::Borrowed(url),
        Cow::Owned(out) => Cow::Owned(decode_entities(&out).into_owned()),
    }
}

fn reference(text: &str) -> Option<(char, usize)> {
    for (name, c) in [("&colon;", ':'), ("&Tab;", '\t'), ("&NewLine;", '\n')] {
        if text.starts_with(name) {
            return Some((c, name.len()));
        }
    }
    let number = text.strip_prefix("&#")?;
    let (digits, radix, prefix) = match number.strip_prefix(['x', 'X']) {
        Some(hex) => (hex, 16, 3),
        None => (number, 10, 2),
    };
    let len = digits
        .bytes()
        .take_while(|b| (*b as char).is_digit(radix))
        .count();
    if len == 0 {
        return None;
    }
    let code = u32::from_str_radix(&digits[..len.min(8)], radix).ok()?;
    let c = char::from_u32(code).filter(|c| *c != '\0')?;
    let semicolon = usize::from(digits[len..].starts_with(';'));
    Some((c, prefix + len + semicolon))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dangerous(url: &str) -> bool {
        is_dangerous(url)
    }

    #[test]
    fn finds_javascript_however_it_is_written() {
        for url in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " javascript:alert(1)",
            "\u{1}\u{1f} javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "jav\u{0}ascript:alert(1)",
            "&#106;avascript:alert(1)",
            "&#x6A;avascript:alert(1)",
            "&#106avascript:alert(1)",
            "javascript&colon;alert(1)",
            "java&Tab;script:alert(1)",
            "%6Aavascript:alert(1)",
            "vbscript:msgbox(1)",
            "VBScript:msgbox(1)",
            "data:text/html,<script>alert(1)</script>",
            "data:text/html;base64,PHNjcmlwdD4=",
            "data:image/svg+xml,<svg onload=alert(1)>",
            "DATA:,alert(1)",
        ] {
            assert!(dangerous(url), "{url:?}");
        }
    }

    #[test]
    fn lets_ordinary_links_through() {
        for (url, class) in [
            (
                "https://api.gouv.fr/les-api/api-particulier",
                UrlClass::Allowed("https".into()),
            ),
            ("HTTP://example.fr", UrlClass::Allowed("http".into())),
            (
                "mailto:contact@dinum.gouv.fr",
                UrlClass::Allowed("mailto".into()),
            ),
            ("tel:+33123456789", UrlClass::Allowed("tel".into())),
            ("/les-api/impot-particulier", UrlClass::Relative),
            ("#eligibilite", UrlClass::Relative),
            ("?page=2", UrlClass::Relative),
            ("//cdn.example.fr/x.js", UrlClass::Relative),
            ("contact@dinum.gouv.fr", UrlClass::Relative),
            ("docs/guide.pdf", UrlClass::Relative),
            ("./a:b", UrlClass::Relative),
            ("", UrlClass::Relative),
            ("ftp://ftp.example.fr", UrlClass::Other("ftp".into())),
            (
                "data:image/png;base64,iVBORw0KGgo=",
                UrlClass::Other("data".into()),
            ),
        ] {
            assert_eq!(classify(url), class, "{url:?}");
        }
    }

    #[test]
    fn a_javascript_path_or_query_is_not_a_scheme() {
        assert_eq!(classify("/javascript:alert(1)"), UrlClass::Relative);
        assert_eq!(
            classify("https://example.fr/?next=javascript:alert(1)"),
            UrlClass::Allowed("https".into())
        );
    }

    #[test]
    fn only_allowed_schemes_and_relative_urls_are_link_values() {
        assert!(classify("https://x.fr").is_allowed_link());
        assert!(classify("/x").is_allowed_link());
        assert!(!classify("ftp://x.fr").is_allowed_link());
        assert!(!classify("javascript:x").is_allowed_link());
    }

    proptest::proptest! {
        /// Whatever is put before it, a string that starts (after spaces
        /// and controls) with `javascript:` in any case is caught.
        #[test]
        fn any_case_and_any_leading_controls_are_caught(
            lead in "[\\x00-\\x20]{0,6}",
            upper in proptest::collection::vec(proptest::bool::ANY, 10),
            tail in "[^\\n]{0,20}",
        ) {
            let scheme: String = "javascript"
                .chars()
                .zip(upper)
                .map(|(c, up)| if up { c.to_ascii_uppercase() } else { c })
                .collect();
            let url = format!("{lead}{scheme}:{tail}");
            proptest::prop_assert!(dangerous(&url), "{:?}", url);
        }

        /// Classifying never panics, whatever the text.
        #[test]
        fn classifies_any_text(url in "\\PC{0,40}") {
            let _ = classify(&url);
        }
    }
}
