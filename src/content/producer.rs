//! Producers (`producteurs/<slug>.md`): who publishes the APIs.

use super::{Markdown, Origin};

#[derive(Debug, Clone, PartialEq)]
pub struct Producer {
    pub slug: String,
    pub origin: Origin,
    pub name: String,
    pub acronym: Option<String>,
    /// `nameWithPronoun`, e.g. "la DINUM".
    pub name_with_pronoun: Option<String>,
    /// File name inside `content/images/` (or a path starting with `/images/`).
    pub logo: Option<String>,
    /// `type`, e.g. "Ministère".
    pub kind: Option<String>,
    pub site: Option<String>,
    pub short: Option<String>,
    pub description: Option<Markdown>,
    /// A Markdown table of the data they hold.
    pub data: Option<Markdown>,
    pub contact: Option<String>,
    pub annuaire: Option<String>,
    pub site_open_data: Option<String>,
    pub site_api: Option<String>,
    pub body: Markdown,
}

const KNOWN_KEYS: &[&str] = &[
    "name",
    "acronym",
    "nameWithPronoun",
    "logo",
    "type",
    "site",
    "short",
    "description",
    "data",
    "contact",
    "annuaire",
    "siteOpenData",
    "siteAPI",
];

pub(crate) fn parse(
    r: &mut super::fields::Reader,
    map: &crate::yaml::Mapping,
    slug: &str,
    origin: Origin,
    body: Markdown,
) -> Producer {
    let m = super::fields::Map::new(map, &[]);
    r.check_keys(m, KNOWN_KEYS);
    Producer {
        slug: slug.to_string(),
        origin,
        name: r.required_string(m, "name", "the producer's name"),
        acronym: r.string(m, "acronym"),
        name_with_pronoun: r.string(m, "nameWithPronoun"),
        logo: super::link_field::link(r, m, "logo"),
        kind: r.string(m, "type"),
        site: super::link_field::link(r, m, "site"),
        short: r.string(m, "short"),
        description: r.markdown(m, "description"),
        data: r.markdown(m, "data"),
        contact: super::link_field::link(r, m, "contact"),
        annuaire: super::link_field::link(r, m, "annuaire"),
        site_open_data: super::link_field::link(r, m, "siteOpenData"),
        site_api: super::link_field::link(r, m, "siteAPI"),
        body,
    }
}
