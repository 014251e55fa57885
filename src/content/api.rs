//! API cards (`api/<slug>.md`): both field sets (current, as in seed 001;
//! older, as in seed 000) mapped onto one model.

use super::{Markdown, Origin};

#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// The file name without `.md`; the page is `/les-api/<slug>/`.
    pub slug: String,
    pub origin: Origin,
    pub title: String,
    pub tagline: String,
    /// Producer slug (`producteurs/<slug>.md`). For older cards, resolved from
    /// `owner` by matching a producer's name when one matches.
    pub producer: Option<String>,
    /// Older field set: the producer's display name as written.
    pub owner: Option<String>,
    /// Producer slugs or free names.
    pub partners: Vec<String>,
    /// The API's own logo (`images/api-logo/<file>`), shown instead of the
    /// producer's.
    pub logo: Option<String>,
    pub themes: Vec<String>,
    pub keywords: Vec<String>,
    pub access: Access,
    /// `is_france_connected`: -1, 0, 1, 2 (0 when absent).
    pub france_connected: i8,
    pub access_page: Vec<AccessAudience>,
    pub content_intro: Option<Markdown>,
    pub links: ApiLinks,
    pub rate_limiting_resume: Option<String>,
    pub rate_limiting_description: Option<Markdown>,
    pub rate_limiting_link: Option<String>,
    pub monitoring_description: Option<Markdown>,
    pub stats_detail_resume: Option<String>,
    pub stats_detail_description: Option<Markdown>,
    pub stats_detail_link: Option<String>,
    pub stat: Option<Stat>,
    pub uptime: Option<f64>,
    pub visits_2019: Option<u64>,
    /// `last_update` as written (`DD/MM/YYYY`), validated.
    pub last_update: Option<String>,
    pub datagouv_uuid: Vec<String>,
    pub hide_pre_footer: bool,
    pub noindex: bool,
    /// Older field set: `category` (e.g. `confidential`), kept for display.
    pub category: Option<String>,
    pub oauth: Option<OAuthDemo>,
    pub body: Markdown,
}

/// `is_open`: -1 restricted, 0 needs an account, 1 open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Access {
    Restricted,
    Account,
    Open,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApiLinks {
    pub contact: Option<String>,
    pub external_site: Option<String>,
    pub doc_tech: Option<String>,
    /// The line of `doc_tech_link` (or `doc_tech`), for problems with the
    /// spec it names; 0 when absent.
    pub doc_tech_line: u32,
    pub doc_tech_external: Option<String>,
    pub datapass: Option<String>,
    pub account: Option<String>,
    pub monitoring: Option<String>,
}

/// One "Qui peut accéder ?" section.
#[derive(Debug, Clone, PartialEq)]
pub struct AccessAudience {
    pub who: Vec<String>,
    pub eligibility: Eligibility,
    pub description: Option<Markdown>,
}

/// `is_eligible`: -1 not eligible, 0 maybe, 1 eligible.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Eligibility {
    NotEligible,
    Maybe,
    Eligible,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Stat {
    pub last_x_days: Option<u32>,
    pub url: Option<String>,
    pub label: Option<String>,
}

/// The `oauth:` front-matter block (or `<TokenDemo realm=…/>` attributes):
/// asks for the live token-exchange demo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthDemo {
    /// `/partenaire`, `/individu`, `/entreprise` (alias `/employeur`), `/agent`.
    pub realm: String,
    pub flow: OAuthFlow,
    pub pkce: bool,
    pub scopes: Vec<String>,
    pub authorize_url: Option<String>,
    pub token_url: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OAuthFlow {
    AuthorizationCode,
    ClientCredentials,
}

/// Every key an API card may use: the current field set, then the older one.
pub(crate) const KNOWN_KEYS: &[&str] = &[
    "title",
    "tagline",
    "producer",
    "owner",
    "partners",
    "logo",
    "themes",
    "keywords",
    "is_open",
    "is_france_connected",
    "access_page",
    "content_intro",
    "contact_link",
    "external_site",
    "doc_tech_link",
    "doc_tech_external",
    "datapass_link",
    "account_link",
    "monitoring_link",
    "rate_limiting_resume",
    "rate_limiting_description",
    "rate_limiting_link",
    "monitoring_description",
    "stats_detail_resume",
    "stats_detail_description",
    "stats_detail_link",
    "stat",
    "uptime",
    "visits_2019",
    "last_update",
    "datagouv_uuid",
    "hide_pre_footer",
    "noindex",
    "oauth",
    // api.gouv.fr fetches the spec through a proxy; a static page needs none.
    "useSwaggerProxy",
    "category",
    "contract",
    "contact",
    "doc_tech",
    "access_link",
    "clients",
];
