//! Guides (`guides/<slug>.md`): long-form pages that cite APIs by title.

use super::{api::OAuthDemo, Markdown, Origin};

#[derive(Debug, Clone, PartialEq)]
pub struct Guide {
    pub slug: String,
    pub origin: Origin,
    pub title: String,
    pub tagline: Option<String>,
    /// `tags`, split on commas and trimmed.
    pub tags: Vec<String>,
    pub image: Option<String>,
    pub noindex: bool,
    /// `publish` (default true); unpublished guides get no page.
    pub publish: bool,
    /// API titles, each checked against the cards.
    pub api: Vec<String>,
    /// Guide slugs.
    pub related_guides: Vec<String>,
    pub oauth: Option<OAuthDemo>,
    pub body: Markdown,
}

const KNOWN_KEYS: &[&str] = &[
    "title",
    "tagline",
    "tags",
    "image",
    "noindex",
    "publish",
    "api",
    "related_guides",
    "oauth",
];

pub(crate) fn parse(
    r: &mut super::fields::Reader,
    map: &crate::yaml::Mapping,
    slug: &str,
    origin: Origin,
    body: Markdown,
) -> Guide {
    use crate::yaml::Seg;
    let m = super::fields::Map::new(map, &[]);
    r.check_keys(m, KNOWN_KEYS);
    let oauth_path = [Seg::Key("oauth".into())];
    let oauth = r
        .mapping(m, "oauth")
        .and_then(|o| super::oauth_block::parse(r, o, &oauth_path));
    Guide {
        slug: slug.to_string(),
        origin,
        title: r.required_string(m, "title", "the guide's title"),
        tagline: r.string(m, "tagline"),
        tags: r.string_list(m, "tags", true),
        image: super::link_field::link(r, m, "image"),
        noindex: r.bool(m, "noindex").unwrap_or(false),
        publish: r.bool(m, "publish").unwrap_or(true),
        api: r.string_list(m, "api", false),
        related_guides: r.string_list(m, "related_guides", false),
        oauth,
        body,
    }
}
