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
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            title: "Catalogue des API".into(),
            base_url: "http://127.0.0.1:1111".into(),
            language: "fr".into(),
            description: None,
            sandbox_url: None,
        }
    }
}

const KNOWN_KEYS: &[&str] = &[
    "title",
    "base_url",
    "language",
    "description",
    "sandbox_url",
];

/// Reads `site.yaml`; absent keys keep their defaults.
pub(crate) fn parse(r: &mut super::fields::Reader, map: &crate::yaml::Mapping) -> SiteConfig {
    let m = super::fields::Map::new(map, &[]);
    r.check_keys(m, KNOWN_KEYS);
    let defaults = SiteConfig::default();
    let base_url = r
        .string(m, "base_url")
        .map(|u| u.trim().trim_end_matches('/').to_string())
        .unwrap_or(defaults.base_url);
    if url::Url::parse(&base_url).is_err() {
        let pos = r.value_pos(m, "base_url");
        r.error_at(
            pos,
            format!("`base_url`: expected an absolute URL such as https://api.gouv.fr, found {base_url:?}"),
        );
    }
    SiteConfig {
        title: r.string(m, "title").unwrap_or(defaults.title),
        base_url,
        language: r.string(m, "language").unwrap_or(defaults.language),
        description: r.string(m, "description"),
        sandbox_url: r
            .string(m, "sandbox_url")
            .map(|u| u.trim().trim_end_matches('/').to_string()),
    }
}
