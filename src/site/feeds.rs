//! Files for machines: `sitemap.xml`, `robots.txt` and `catalogue.json`.
//!
//! `catalogue.json` schema (version 1; fields are only ever added, a breaking
//! change bumps `version`):
//!
//! ```text
//! { "version": 1,
//!   "site": { "title": str, "base_url": str },
//!   "apis": [ { "slug": str, "url": absolute URL of the page, "title": str,
//!               "tagline": str,
//!               "producer": { "slug", "name", "url" } | null,
//!               "owner": str | null, "partners": [str], "themes": [str],
//!               "keywords": [str],
//!               "access": "open" | "account" | "restricted",
//!               "is_open": 1 | 0 | -1, "is_france_connected": -1..2,
//!               "last_update": "DD/MM/YYYY" | null, "uptime": number | null,
//!               "links": { "contact"?, "external_site"?, "doc_tech"?,
//!                          "doc_tech_external"?, "datapass"?, "account"?,
//!                          "monitoring"? },
//!               "oauth": { "realm", "flow", "pkce", "scopes" } | null } ],
//!   "producers": [ { "slug", "name", "acronym": str | null, "url" } ] }
//! ```
//! APIs are sorted by slug, producers by slug.

use super::pages::Shared;
use super::urls;
use crate::content::{Access, OAuthFlow};
use crate::text::html::escape_html;
use serde::Serialize;
use std::collections::BTreeMap;

pub const CATALOGUE_VERSION: u32 = 1;

/// `sitemap.xml` listing `paths` (without the base path), sorted.
pub fn sitemap(base_url: &str, paths: &[&str]) -> String {
    let base = base_url.trim_end_matches('/');
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for path in paths {
        out.push_str("  <url><loc>");
        // The HTML escaper is right for XML too: `&amp; &lt; &gt; &quot;`
        // are XML's own entities and `&#39;` a character reference, and
        // sitemaps.org asks for all five to be escaped in a `<loc>`.
        out.push_str(&escape_html(&format!("{base}{path}")));
        out.push_str("</loc></url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

pub fn robots(base_url: &str) -> String {
    format!(
        "User-agent: *\nAllow: /\nSitemap: {}/sitemap.xml\n",
        base_url.trim_end_matches('/')
    )
}

#[derive(Serialize)]
struct CatalogueJson<'a> {
    version: u32,
    site: SiteJson<'a>,
    apis: Vec<ApiJson<'a>>,
    producers: Vec<ProducerJson<'a>>,
}

#[derive(Serialize)]
struct SiteJson<'a> {
    title: &'a str,
    base_url: &'a str,
}

#[derive(Serialize)]
struct ProducerJson<'a> {
    slug: &'a str,
    name: &'a str,
    acronym: Option<&'a str>,
    url: String,
}

#[derive(Serialize)]
struct ApiJson<'a> {
    slug: &'a str,
    url: String,
    title: &'a str,
    tagline: &'a str,
    producer: Option<ProducerJson<'a>>,
    owner: Option<&'a str>,
    partners: &'a [String],
    themes: &'a [String],
    keywords: &'a [String],
    access: &'static str,
    is_open: i8,
    is_france_connected: i8,
    last_update: Option<&'a str>,
    uptime: Option<f64>,
    links: BTreeMap<&'static str, &'a str>,
    oauth: Option<OAuthJson<'a>>,
}

#[derive(Serialize)]
struct OAuthJson<'a> {
    realm: &'a str,
    flow: &'static str,
    pkce: bool,
    scopes: &'a [String],
}

/// `catalogue.json`, pretty-printed so diffs between builds are readable.
pub fn catalogue_json(shared: &Shared<'_>) -> Vec<u8> {
    let base = &shared.site.base_url;
    let producer_json = |p: &'_ crate::content::Producer| -> String {
        format!("{base}{}", urls::producer(&p.slug))
    };
    let mut apis: Vec<ApiJson<'_>> = shared
        .catalogue
        .apis
        .iter()
        .map(|api| {
            let l = &api.links;
            let links = [
                ("contact", &l.contact),
                ("external_site", &l.external_site),
                ("doc_tech", &l.doc_tech),
                ("doc_tech_external", &l.doc_tech_external),
                ("datapass", &l.datapass),
                ("account", &l.account),
                ("monitoring", &l.monitoring),
            ]
            .into_iter()
            .filter_map(|(k, v)| v.as_deref().map(|v| (k, v)))
            .collect();
            ApiJson {
                slug: &api.slug,
                url: format!("{base}{}", urls::api(&api.slug)),
                title: &api.title,
                tagline: &api.tagline,
                producer: api
                    .producer
                    .as_deref()
                    .and_then(|s| shared.producers.get(s))
                    .map(|p| ProducerJson {
                        slug: &p.slug,
                        name: &p.name,
                        acronym: p.acronym.as_deref(),
                        url: producer_json(p),
                    }),
                owner: api.owner.as_deref(),
                partners: &api.partners,
                themes: &api.themes,
                keywords: &api.keywords,
                access: super::context::access_badge(api.access).0,
                is_open: match api.access {
                    Access::Open => 1,
                    Access::Account => 0,
                    Access::Restricted => -1,
                },
                is_france_connected: api.france_connected,
                last_update: api.last_update.as_deref(),
                uptime: api.uptime,
                links,
                oauth: api.oauth.as_ref().map(|o| OAuthJson {
                    realm: &o.realm,
                    flow: match o.flow {
                        OAuthFlow::AuthorizationCode => "authorization_code",
                        OAuthFlow::ClientCredentials => "client_credentials",
                    },
                    pkce: o.pkce,
                    scopes: &o.scopes,
                }),
            }
        })
        .collect();
    apis.sort_by(|a, b| a.slug.cmp(b.slug));
    let mut producers: Vec<ProducerJson<'_>> = shared
        .catalogue
        .producers
        .iter()
        .map(|p| ProducerJson {
            slug: &p.slug,
            name: &p.name,
            acronym: p.acronym.as_deref(),
            url: producer_json(p),
        })
        .collect();
    producers.sort_by(|a, b| a.slug.cmp(b.slug));
    let doc = CatalogueJson {
        version: CATALOGUE_VERSION,
        site: SiteJson {
            title: &shared.site.title,
            base_url: base,
        },
        apis,
        producers,
    };
    // About 1 KB per API: sized up front, so 10 MB are not copied on
    // every doubling of the buffer.
    let mut out = Vec::with_capacity(4096 + 1200 * shared.catalogue.apis.len());
    match serde_json::to_writer_pretty(&mut out, &doc) {
        Ok(()) => out,
        Err(_) => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sitemap_escapes_and_prefixes_the_base_url() {
        let xml = sitemap(
            "https://x.fr/",
            &["/", "/les-api/a&b/", "/les-api/l'<api>/"],
        );
        assert!(xml.contains("<loc>https://x.fr/</loc>"));
        assert!(xml.contains("<loc>https://x.fr/les-api/a&amp;b/</loc>"));
        assert!(xml.contains("<loc>https://x.fr/les-api/l&#39;&lt;api&gt;/</loc>"));
    }

    #[test]
    fn robots_points_at_the_sitemap() {
        assert_eq!(
            robots("https://x.fr"),
            "User-agent: *\nAllow: /\nSitemap: https://x.fr/sitemap.xml\n"
        );
    }
}
