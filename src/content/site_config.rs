//! `content/site.yaml`: site-wide settings.

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteConfig {
    pub title: String,
    /// Absolute base URL without trailing slash, e.g. `https://api.gouv.fr`.
    pub base_url: String,
    /// `lang` of every page; `fr` by default.
    pub language: String,
    pub description: Option<String>,
    /// Where the live token-exchange demo reaches a sandbox authorization
    /// server (e.g. `http://127.0.0.1:8787`). None: the demo shows requests
    /// as curl commands only.
    pub sandbox_url: Option<String>,
    /// `markdown: { raw_html: false }`: HTML written in Markdown is shown
    /// as text instead of passed through (components still render).
    pub raw_html: bool,
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            title: "Catalogue des API".into(),
            base_url: "http://127.0.0.1:1111".into(),
            language: "fr".into(),
            description: None,
            sandbox_url: None,
            raw_html: true,
        }
    }
}

const KNOWN_KEYS: &[&str] = &[
    "title",
    "base_url",
    "language",
    "description",
    "sandbox_url",
    "markdown",
];

/// Reads `site.yaml`; absent keys keep their defaults.
pub(crate) fn parse(r: &mut super::fields::Reader, map: &crate::yaml::Mapping) -> SiteConfig {
    let m = super::fields::Map::new(map, &[]);
    r.check_keys(m, KNOWN_KEYS);
    let defaults = SiteConfig::default();
    let base_url = r
        .string(m, "base_url")
        .map(|u| u.trim().trim_end_matches('/').to_string())
        .unwrap_or_else(|| defaults.base_url.clone());
    let base_url = match super::link_field::http_url(r, m, "base_url", &base_url) {
        Some(()) => base_url,
        None => defaults.base_url,
    };
    let sandbox_url = super::link_field::link(r, m, "sandbox_url")
        .map(|u| u.trim().trim_end_matches('/').to_string());
    SiteConfig {
        title: r.string(m, "title").unwrap_or(defaults.title),
        base_url,
        language: r.string(m, "language").unwrap_or(defaults.language),
        description: r.string(m, "description"),
        sandbox_url,
        raw_html: raw_html(r, m),
    }
}

/// `markdown: { raw_html: false }`; raw HTML is on by default, as real
/// content relies on it (`<details>`, `<p style=…>`).
fn raw_html(r: &mut super::fields::Reader, m: super::fields::Map) -> bool {
    let Some(map) = r.mapping(m, "markdown") else {
        return true;
    };
    let at = [crate::yaml::Seg::Key("markdown".into())];
    let markdown = super::fields::Map::new(map, &at);
    r.check_keys(markdown, &["raw_html"]);
    r.bool(markdown, "raw_html").unwrap_or(true)
}
