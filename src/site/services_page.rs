//! `/services/`: the services built on the catalogue's APIs, linked from
//! the site's navigation.

use super::components::PageComponents;
use super::context::html;
use super::pages::{draft, Draft, Shared};
use super::urls;
use crate::content::images::ImageKind;
use serde::Serialize;

#[derive(Serialize)]
struct ServiceTile<'a> {
    title: &'a str,
    url: String,
    screenshot: Option<String>,
    /// A safe value (`context::html`).
    description_html: tera::Value,
}

pub(super) fn services(shared: &Shared<'_>, components: &PageComponents<'_>) -> Draft {
    let mut d = draft("services.html", "Les services".into(), "services");
    let tiles: Vec<ServiceTile<'_>> = shared
        .catalogue
        .services
        .iter()
        .map(|s| ServiceTile {
            title: &s.title,
            url: urls::service(&s.slug),
            screenshot: s
                .screenshot
                .as_deref()
                .map(|i| urls::image(&shared.site.base_path, ImageKind::Screenshot, i)),
            description_html: html(components.optional(s.description.as_ref()).as_deref()),
        })
        .collect();
    d.ctx.insert("services", &tiles);
    d
}
