//! The pages built around API cards: an API's own page (header, side
//! panel, "Qui peut accéder ?", demo, intro, body), guides and services
//! with the APIs they cite.

use super::components::PageComponents;
use super::context::{eligibility, html};
use super::pages::{draft, Draft, Shared};
use super::urls;
use crate::content::{Guide, OAuthDemo, Service};
use crate::diagnostics::Diagnostic;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize)]
struct LinkView {
    href: String,
    label: String,
}

fn link(value: &Option<String>) -> Option<LinkView> {
    value
        .as_deref()
        .filter(|v| !v.trim().is_empty())
        .map(|v| LinkView {
            href: urls::contact_href(v),
            label: v.to_string(),
        })
}

#[derive(Serialize)]
pub(super) struct AudienceView {
    who: Vec<String>,
    eligibility: &'static str,
    label: &'static str,
    icon: &'static str,
    /// A safe value (`context::html`).
    description_html: tera::Value,
}

#[derive(Serialize)]
struct PartnerView {
    name: String,
    url: Option<String>,
}

#[derive(Serialize)]
struct StatView<'a> {
    last_x_days: Option<u32>,
    url: Option<&'a str>,
    label: Option<&'a str>,
}

/// The "Qui peut accéder ?" sections of a card.
pub(super) fn audiences(
    components: &PageComponents<'_>,
    api: &crate::content::Api,
) -> Vec<AudienceView> {
    api.access_page
        .iter()
        .map(|a| {
            let (class, label, icon) = eligibility(a.eligibility);
            AudienceView {
                who: a.who.clone(),
                eligibility: class,
                label,
                icon,
                description_html: html(components.optional(a.description.as_ref()).as_deref()),
            }
        })
        .collect()
}

#[derive(Serialize)]
struct DatasetView {
    uuid: String,
    url: String,
}

#[derive(Serialize)]
struct ExampleView<'a> {
    title: &'a str,
    tagline: Option<&'a str>,
    url: String,
    thumbnail: Option<String>,
}

/// `uptime` rounded to 2 decimals, without trailing zeros (`98.01`, `99.5`).
fn uptime_text(uptime: f64) -> String {
    let rounded = (uptime * 100.0).round() / 100.0;
    format!("{rounded}")
}

pub(super) fn api(shared: &Shared<'_>, components: &PageComponents<'_>, index: usize) -> Draft {
    let api = &shared.catalogue.apis[index];
    let card = &shared.cards[index];
    let mut d = draft("api.html", api.title.clone(), "apis");
    d.description = Some(api.tagline.clone());
    d.noindex = api.noindex;
    d.origin = Some(api.origin.clone());

    let audiences = audiences(components, api);
    // The demo comes after the access section, so render it in that order:
    // demo ids then follow the page's reading order.
    let demo_html = api
        .oauth
        .as_ref()
        .and_then(|demo| render_demo(components, demo, &api.origin));
    let intro = components.optional(api.content_intro.as_ref());
    let body = components.optional(Some(&api.body));

    let mut links = BTreeMap::new();
    for (key, value) in [
        ("contact", &api.links.contact),
        ("external_site", &api.links.external_site),
        ("doc_tech", &api.links.doc_tech),
        ("doc_tech_external", &api.links.doc_tech_external),
        ("datapass", &api.links.datapass),
        ("account", &api.links.account),
        ("monitoring", &api.links.monitoring),
        ("rate_limiting", &api.rate_limiting_link),
        ("stats", &api.stats_detail_link),
    ] {
        if let Some(l) = link(value) {
            links.insert(key, l);
        }
    }
    // Every card with a `doc_tech_link` has its reference page, which shows
    // the spec (or links to it): the side panel leads there, as on api.gouv.fr.
    if let Some(doc) = links.get_mut("doc_tech") {
        doc.href = format!(
            "{}{}",
            shared.site.base_path,
            super::documentation_page::path(&api.slug)
        );
    }
    let partners: Vec<PartnerView> = api
        .partners
        .iter()
        .map(|name| match find_producer(shared, name) {
            Some(p) => PartnerView {
                name: p.name.clone(),
                url: Some(urls::producer(&p.slug)),
            },
            None => PartnerView {
                name: name.clone(),
                url: None,
            },
        })
        .collect();
    let stat = api.stat.as_ref().map(|s| StatView {
        last_x_days: s.last_x_days,
        url: s.url.as_deref(),
        label: s.label.as_deref(),
    });

    d.ctx.insert("card", card);
    d.ctx.insert("audiences", &audiences);
    d.insert_html("demo_html", demo_html);
    d.insert_html("content_intro_html", intro);
    d.insert_html("body_html", body);
    d.ctx.insert("links", &links);
    d.ctx.insert("partners", &partners);
    d.ctx.insert("stat", &stat);
    d.ctx.insert("uptime", &api.uptime);
    d.ctx.insert("uptime_text", &api.uptime.map(uptime_text));
    if !api.access_page.is_empty() {
        d.ctx.insert("access_url", &urls::access(&api.slug));
    }
    let datasets: Vec<DatasetView> = api
        .datagouv_uuid
        .iter()
        .map(|uuid| DatasetView {
            url: format!("https://www.data.gouv.fr/fr/datasets/{}/", uuid.trim()),
            uuid: uuid.trim().to_string(),
        })
        .collect();
    d.ctx.insert("datasets", &datasets);
    d.ctx.insert("examples", &examples(shared, &api.title));
    d.ctx.insert("last_update", &api.last_update);
    d.ctx.insert("category", &api.category);
    d.ctx
        .insert("rate_limiting_resume", &api.rate_limiting_resume);
    d.insert_html(
        "rate_limiting_html",
        components.optional(api.rate_limiting_description.as_ref()),
    );
    d.insert_html(
        "monitoring_html",
        components.optional(api.monitoring_description.as_ref()),
    );
    d.ctx.insert("stats_resume", &api.stats_detail_resume);
    d.insert_html(
        "stats_html",
        components.optional(api.stats_detail_description.as_ref()),
    );
    d
}

/// Partners are producer slugs (`pole-emploi`) or free names (`CNAF`):
/// a free name still links when it is a producer's slug or acronym.
fn find_producer<'a>(shared: &Shared<'a>, name: &str) -> Option<&'a crate::content::Producer> {
    if let Some(p) = shared.producers.get(name) {
        return Some(p);
    }
    let lower = name.to_lowercase();
    shared.catalogue.producers.iter().find(|p| {
        p.slug == lower
            || p.acronym
                .as_deref()
                .is_some_and(|a| a.eq_ignore_ascii_case(name))
    })
}

/// The published guides whose `api:` names this title.
fn examples<'a>(shared: &Shared<'a>, title: &str) -> Vec<ExampleView<'a>> {
    shared
        .catalogue
        .guides
        .iter()
        .filter(|g| g.publish && g.api.iter().any(|t| t.trim() == title))
        .map(|g| ExampleView {
            title: &g.title,
            tagline: g.tagline.as_deref(),
            url: urls::guide(&g.slug),
            thumbnail: g.image.as_deref().map(|i| guide_thumbnail(shared, i)),
        })
        .collect()
}

/// The list image of a guide: `thumbnail_<file>` when the content has one,
/// else the hero image itself.
pub(super) fn guide_thumbnail(shared: &Shared<'_>, image: &str) -> String {
    use crate::content::images::{content_path, ImageKind};
    let base = &shared.site.base_path;
    let has_thumbnail = content_path(ImageKind::GuideThumbnail, image).is_some_and(|path| {
        shared
            .catalogue
            .static_files
            .iter()
            .any(|f| f.to_str() == Some(path.as_str()))
    });
    let kind = if has_thumbnail {
        ImageKind::GuideThumbnail
    } else {
        ImageKind::GuideHero
    };
    urls::image(base, kind, image)
}

fn render_demo(
    components: &PageComponents<'_>,
    demo: &OAuthDemo,
    origin: &crate::content::Origin,
) -> Option<String> {
    match components.demo_block(demo) {
        Ok(html) => Some(html),
        Err(message) => {
            components.push_diagnostic(Diagnostic::error(
                origin.file.as_ref().clone(),
                origin.line,
                message,
            ));
            None
        }
    }
}

#[derive(Serialize)]
struct GuideView<'a> {
    title: &'a str,
    tagline: Option<&'a str>,
    tags: &'a [String],
    image: Option<String>,
}

#[derive(Serialize)]
struct RelatedView<'a> {
    title: &'a str,
    url: String,
}

pub(super) fn guide(shared: &Shared<'_>, components: &PageComponents<'_>, g: &Guide) -> Draft {
    let mut d = draft("guide.html", g.title.clone(), "guides");
    d.description = g.tagline.clone();
    // An unpublished guide has its page, kept out of the sitemap.
    d.noindex = g.noindex || !g.publish;
    d.origin = Some(g.origin.clone());
    let demo_html = g
        .oauth
        .as_ref()
        .and_then(|demo| render_demo(components, demo, &g.origin));
    d.insert_html("demo_html", demo_html);
    d.insert_html("body_html", Some(components.markdown(&g.body)));
    d.ctx.insert(
        "guide",
        &GuideView {
            title: &g.title,
            tagline: g.tagline.as_deref(),
            tags: &g.tags,
            image: g.image.as_deref().map(|i| {
                urls::image(
                    &shared.site.base_path,
                    crate::content::images::ImageKind::GuideHero,
                    i,
                )
            }),
        },
    );
    d.insert_cards(cited_cards(shared, &g.api));
    let related: Vec<RelatedView<'_>> = g
        .related_guides
        .iter()
        .filter_map(|slug| {
            shared
                .catalogue
                .guides
                .iter()
                .find(|r| &r.slug == slug && r.publish)
        })
        .map(|r| RelatedView {
            title: &r.title,
            url: urls::guide(&r.slug),
        })
        .collect();
    d.ctx.insert("related", &related);
    d
}

#[derive(Serialize)]
struct ServiceView<'a> {
    title: &'a str,
    link: Option<&'a str>,
    screenshot: Option<String>,
}

pub(super) fn service(shared: &Shared<'_>, components: &PageComponents<'_>, s: &Service) -> Draft {
    let mut d = draft("service.html", s.title.clone(), "services");
    d.noindex = s.noindex;
    d.origin = Some(s.origin.clone());
    d.ctx.insert(
        "service",
        &ServiceView {
            title: &s.title,
            link: s.link.as_deref(),
            screenshot: s.screenshot.as_deref().map(|i| {
                urls::image(
                    &shared.site.base_path,
                    crate::content::images::ImageKind::Screenshot,
                    i,
                )
            }),
        },
    );
    d.insert_html(
        "description_html",
        components.optional(s.description.as_ref()),
    );
    d.insert_html("body_html", components.optional(Some(&s.body)));
    d.insert_cards(cited_cards(shared, &s.api));
    d
}

/// Cards of the APIs a guide or service names by title (unknown titles were
/// reported when loading).
fn cited_cards(shared: &Shared<'_>, titles: &[String]) -> Vec<tera::Value> {
    shared.cards_at(&shared.cited(titles))
}
