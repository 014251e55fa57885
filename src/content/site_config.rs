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
