//! The internal link checker: every link written in content that points
//! inside the site (`/les-api/x`, `/les-api/x#section`, `#anchor`) must reach
//! a generated file and, with a fragment, an id on that page. A broken one is
//! a warning at the file and line where the link was written.

use super::components::SourceLink;
use super::urls;
use crate::diagnostics::Diagnostic;
use std::collections::{HashMap, HashSet};

/// What a build generated: every output file's relative path, the copied
/// files' paths, and a way to get a generated page's ids (only asked for
/// the pages that a link with a `#fragment` points to).
pub struct Generated<'a> {
    pub files: &'a HashSet<String>,
    pub copies: &'a HashSet<&'a str>,
    pub anchors: &'a dyn Fn(&str) -> Option<HashSet<String>>,
}

/// `links` are (page path the link is on, link).
pub fn check(
    links: &[(String, SourceLink)],
    generated: &Generated<'_>,
    base_path: &str,
) -> Vec<Diagnostic> {
    let mut checker = Checker::new(generated, base_path);
    let mut out = Vec::new();
    for (page, link) in links {
        checker.link(page, link, &mut out);
    }
    out
}

/// Checks links page by page, reading each target page's ids once.
pub struct Checker<'g> {
    generated: &'g Generated<'g>,
    base_path: &'g str,
    ids: HashMap<String, HashSet<String>>,
    /// The files whose ids some link was checked against: their links'
    /// results change when those ids do.
    anchored: HashSet<String>,
}

impl<'g> Checker<'g> {
    pub fn new(generated: &'g Generated<'g>, base_path: &'g str) -> Checker<'g> {
        Checker {
            generated,
            base_path,
            ids: HashMap::new(),
            anchored: HashSet::new(),
        }
    }

    /// The problems of the links on `page`.
    pub fn page(&mut self, page: &str, links: &[SourceLink]) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for link in links {
            self.link(page, link, &mut out);
        }
        out
    }

    /// The output files whose ids were read.
    pub fn into_anchored(self) -> HashSet<String> {
        self.anchored
    }

    fn link(&mut self, page: &str, link: &SourceLink, out: &mut Vec<Diagnostic>) {
        if !is_internal(&link.href) {
            return;
        }
        let href = link.href.trim();
        let (path_part, fragment) = match href.split_once('#') {
            Some((p, f)) => (p, Some(urls::percent_decode(f))),
            None => (href, None),
        };
        let path_part = path_part.split('?').next().unwrap_or("");
        let target_path = if path_part.is_empty() {
            page.to_string()
        } else if path_part.starts_with('/') {
            let decoded = urls::percent_decode(path_part);
            match decoded.strip_prefix(self.base_path) {
                Some(rest) if !self.base_path.is_empty() && rest.starts_with('/') => {
                    rest.to_string()
                }
                _ => decoded,
            }
        } else {
            // Relative links depend on the page's folder; real content does
            // not use them, and guessing would produce false warnings.
            return;
        };
        let Some(file) = resolve(&target_path, self.generated) else {
            out.push(warning(
                link,
                format!("broken link `{href}`: no page or file `{target_path}` is generated"),
            ));
            return;
        };
        let Some(fragment) = fragment.filter(|f| !f.is_empty()) else {
            return;
        };
        if !self.anchored.contains(&file) {
            self.anchored.insert(file.clone());
            if let Some(anchors) = (self.generated.anchors)(&file) {
                self.ids.insert(file.clone(), anchors);
            }
        }
        let Some(page_ids) = self.ids.get(&file) else {
            return;
        };
        if !page_ids.contains(&fragment) {
            out.push(warning(
                link,
                format!("broken anchor `{href}`: page `{target_path}` has no id `{fragment}`"),
            ));
        }
    }
}

/// Whether the checker looks at `href`: not empty, no scheme
/// (`https:`, `mailto:`), not protocol-relative (`//host/x`).
pub fn is_internal(href: &str) -> bool {
    let href = href.trim();
    !(href.is_empty() || urls::has_scheme(href) || href.starts_with("//"))
}

fn warning(link: &SourceLink, message: String) -> Diagnostic {
    Diagnostic::warning(link.file.as_ref().clone(), link.line, message)
        .with_help("fix the link, or add the heading or `<a name=\"…\"></a>` it points to")
}

/// The output file a site path reaches, the way a static host serves it:
/// `/x/` and `/x` both reach `x/index.html`, `/x.json` reaches `x.json`.
fn resolve(path: &str, generated: &Generated<'_>) -> Option<String> {
    let trimmed = path.trim_start_matches('/');
    let exists = |f: &str| generated.files.contains(f) || generated.copies.contains(f);
    let candidates = if trimmed.is_empty() {
        vec!["index.html".to_string()]
    } else if let Some(dir) = trimmed.strip_suffix('/') {
        vec![format!("{dir}/index.html")]
    } else {
        vec![trimmed.to_string(), format!("{trimmed}/index.html")]
    };
    candidates.into_iter().find(|c| exists(c))
}

/// Every `id="…"` and `name="…"` value in an HTML page (its bytes: only
/// the values found are decoded).
pub fn ids_in(html: &[u8]) -> HashSet<String> {
    let mut ids = HashSet::new();
    for marker in [&b" id=\""[..], b" name=\""] {
        let finder = memchr::memmem::Finder::new(marker);
        let mut from = 0;
        while let Some(at) = finder.find(&html[from..]) {
            let start = from + at + marker.len();
            // No closing quote here means none for any later marker either.
            let Some(length) = memchr::memchr(b'"', &html[start..]) else {
                break;
            };
            let value = String::from_utf8_lossy(&html[start..start + length]);
            ids.insert(crate::text::html::decode_entities(&value).into_owned());
            from = start + length;
        }
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use std::path::PathBuf;
    use std::sync::Arc;

    fn link(href: &str) -> SourceLink {
        SourceLink {
            file: Arc::new(PathBuf::from("content/api/a.md")),
            line: 7,
            href: href.into(),
        }
    }

    fn site() -> BTreeMap<String, Vec<u8>> {
        let mut files = BTreeMap::new();
        files.insert(
            "les-api/a/index.html".into(),
            b"<h2 id=\"exemples-d\xe2\x80\x99application\">x</h2><a name=\"doc\"></a>".to_vec(),
        );
        files.insert("index.html".into(), b"<main id=\"contenu\">".to_vec());
        files
    }

    fn check_on_site(
        links: &[(String, SourceLink)],
        copies: &[&str],
        base: &str,
    ) -> Vec<Diagnostic> {
        let site = site();
        let files: HashSet<String> = site.keys().cloned().collect();
        let copies: HashSet<&str> = copies.iter().copied().collect();
        let anchors = |path: &str| site.get(path).map(|bytes| ids_in(bytes));
        let generated = Generated {
            files: &files,
            copies: &copies,
            anchors: &anchors,
        };
        check(links, &generated, base)
    }

    fn run(page: &str, href: &str) -> Vec<Diagnostic> {
        check_on_site(&[(page.into(), link(href))], &["images/a.svg"], "")
    }

    #[test]
    fn links_to_pages_files_and_anchors_resolve() {
        assert!(run("/", "/les-api/a").is_empty());
        assert!(run("/", "/les-api/a/").is_empty());
        assert!(run("/", "/les-api/a#exemples-d’application").is_empty());
        assert!(run("/", "/les-api/a#exemples-d%E2%80%99application").is_empty());
        assert!(run("/les-api/a/", "#doc").is_empty());
        assert!(run("/", "/images/a.svg").is_empty());
        assert!(run("/", "https://elsewhere.fr/x").is_empty());
        assert!(run("/", "mailto:a@b.fr").is_empty());
    }

    #[test]
    fn a_missing_page_is_a_warning_at_the_link() {
        let d = run("/", "/les-api/nope");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].line, 7);
        assert_eq!(d[0].file, PathBuf::from("content/api/a.md"));
        assert!(d[0].message.contains("/les-api/nope"), "{}", d[0].message);
    }

    #[test]
    fn a_missing_anchor_is_a_warning() {
        let d = run("/les-api/a/", "#nope");
        assert_eq!(d.len(), 1);
        assert!(
            d[0].message.contains("has no id `nope`"),
            "{}",
            d[0].message
        );
    }

    #[test]
    fn base_path_is_stripped_before_resolving() {
        let d = check_on_site(&[("/".into(), link("/cat/les-api/a"))], &[], "/cat");
        assert!(d.is_empty(), "{d:?}");
    }

    #[test]
    fn ids_are_read_from_id_and_name_attributes_with_references_decoded() {
        let html = "<h2 id=\"donn&#39;ees\">x</h2><a name=\"doc\"></a><p class=\"x\" id=\"é\">"
            .as_bytes()
            .to_vec();
        let ids = ids_in(&html);
        let mut sorted: Vec<&str> = ids.iter().map(String::as_str).collect();
        sorted.sort_unstable();
        assert_eq!(sorted, ["doc", "donn'ees", "é"]);
    }

    #[test]
    fn an_unclosed_id_at_the_end_and_invalid_bytes_are_no_trouble() {
        let mut html = b"<h2 id=\"ok\"><p id=\"\xff\">".to_vec();
        html.extend_from_slice(b"<a id=\"unclosed");
        let ids = ids_in(&html);
        assert!(ids.contains("ok"));
        assert!(ids.contains("\u{FFFD}"));
        assert_eq!(ids.len(), 2);
    }

    #[test]
    fn numeric_references_in_ids_are_decoded_as_a_browser_does() {
        // Raw HTML in content may write `<a name="d&#x2019;acc&#232;s">`.
        let ids = ids_in(b"<a name=\"d&#x2019;acc&#232;s\"></a><h2 id=\"a&amp;lt;b\">");
        assert!(ids.contains("d\u{2019}accès"), "{ids:?}");
        assert!(ids.contains("a&lt;b"), "{ids:?}");
    }
}
