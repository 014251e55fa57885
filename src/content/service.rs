//! Services (`service/<slug>.md`): products built on the APIs.

use super::{Markdown, Origin};

#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    pub slug: String,
    pub origin: Origin,
    pub title: String,
    pub link: Option<String>,
    pub description: Option<Markdown>,
    pub screenshot: Option<String>,
    /// API titles, each checked against the cards.
    pub api: Vec<String>,
    pub body: Markdown,
}

const KNOWN_KEYS: &[&str] = &["title", "link", "description", "screenshot", "api"];

pub(crate) fn parse(
    r: &mut super::fields::Reader,
    map: &crate::yaml::Mapping,
    slug: &str,
    origin: Origin,
    body: Markdown,
) -> Service {
    let m = super::fields::Map::new(map, &[]);
    r.check_keys(m, KNOWN_KEYS);
    Service {
        slug: slug.to_string(),
        origin,
        title: r.required_string(m, "title", "the service's name"),
        link: super::link_field::link(r, m, "link"),
        description: r.markdown(m, "description"),
        screenshot: super::link_field::link(r, m, "screenshot"),
        api: r.string_list(m, "api", false),
        body,
    }
}
