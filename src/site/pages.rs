//! One function per kind of page. Every page is a `Job`; jobs are rendered
//! in parallel by `site::build`, each with its own component renderer, and
//! each returns its HTML with the links and problems found in its content.

use super::api_page;
use super::components::{PageComponents, SourceLink};
use super::context::{html, producer_ref, PageView};
use super::documentation_page;
use super::theme::error_chain;
use super::urls;
use crate::content::{Origin, Producer};
use crate::diagnostics::Diagnostic;
use serde::Serialize;

pub use super::shared::{RenderState, Shared, SharedParts};

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Job {
    Home,
    Search,
    /// Page 2 and on of the catalogue's paged list (catalogue search).
    SearchPage(usize),
    Api(usize),
    /// `/les-api/<slug>/demande-acces/` of the card at this index.
    Access(usize),
    /// `/services/`.
    Services,
    Producers,
    Producer(usize),
    Guides,
    Guide(usize),
    Service(usize),
    /// A theme slug.
    Theme(String),
    /// The technical reference of the API at this index.
    Documentation(usize),
    NotFound,
}

/// A rendered page: its path (`/les-api/x/`), HTML, and what its content held.
#[derive(Debug, Default)]
pub struct PageOut {
    pub path: String,
    pub html: Vec<u8>,
    pub noindex: bool,
    pub links: Vec<SourceLink>,
    pub diagnostics: Vec<Diagnostic>,
}

/// A template and the values it gets besides `site` and `page`.
pub(super) struct Draft {
    pub template: &'static str,
    pub title: String,
    pub description: Option<String>,
    pub section: &'static str,
    pub noindex: bool,
    pub ctx: tera::Context,
    /// Where to point a template failure.
    pub origin: Option<Origin>,
    /// Initial size of the output buffer: pages listing thousands of cards
    /// are sized for them, so the buffer is not copied on every doubling.
    pub capacity: usize,
    /// HTML written outside the template, put where the template printed
    /// `blocks::marker(i)` (`blocks::splice`).
    pub blocks: Option<Box<dyn super::blocks::Blocks>>,
}

/// Initial size of a page's output buffer: most pages fit without growing.
const PAGE_CAPACITY: usize = 32 * 1024;

pub fn render(shared: &Shared<'_>, job: &Job) -> PageOut {
    let components = PageComponents::new(shared.theme, shared.catalogue, &shared.site)
        .with_cache(&shared.components);
    let (path, draft) = match job {
        // --- catalogue search (issue 16) ---
        Job::Home => (
            "/".to_string(),
            super::catalogue_pages::listing(shared, "Toutes les API", 1),
        ),
        Job::Search => (
            "/rechercher-api/".to_string(),
            super::catalogue_pages::listing(shared, "Rechercher une API", 1),
        ),
        Job::SearchPage(n) => (
            super::catalogue_pages::page_path(*n),
            super::catalogue_pages::listing(shared, "Rechercher une API", *n),
        ),
        // --- end catalogue search ---
        Job::Api(i) => {
            let api = &shared.catalogue.apis[*i];
            (urls::api(&api.slug), api_page::api(shared, &components, *i))
        }
        Job::Access(i) => {
            let api = &shared.catalogue.apis[*i];
            (
                urls::access(&api.slug),
                super::access_page::access(shared, &components, *i),
            )
        }
        Job::Services => (
            urls::SERVICES.to_string(),
            super::services_page::services(shared, &components),
        ),
        Job::Producers => ("/producteurs/".to_string(), producers(shared)),
        Job::Producer(i) => {
            let p = &shared.catalogue.producers[*i];
            (urls::producer(&p.slug), producer(shared, &components, p))
        }
        Job::Guides => ("/guides/".to_string(), guides(shared)),
        Job::Guide(i) => {
            let g = &shared.catalogue.guides[*i];
            (
                urls::guide(&g.slug),
                api_page::guide(shared, &components, g),
            )
        }
        Job::Service(i) => {
            let s = &shared.catalogue.services[*i];
            (
                urls::service(&s.slug),
                api_page::service(shared, &components, s),
            )
        }
        Job::Theme(slug) => (format!("/thematique/{slug}/"), theme(shared, slug)),
        Job::Documentation(i) => (
            documentation_page::path(&shared.catalogue.apis[*i].slug),
            documentation_page::documentation(shared, &components, *i),
        ),
        Job::NotFound => ("/404.html".to_string(), not_found()),
    };
    finish(shared, &components, path, draft)
}

fn finish(
    shared: &Shared<'_>,
    components: &PageComponents<'_>,
    path: String,
    mut draft: Draft,
) -> PageOut {
    let page = PageView {
        title: draft.title,
        description: draft.description,
        path: path.clone(),
        section: draft.section,
        noindex: draft.noindex,
        has_demo: components.has_demo(),
        has_tree: components.has_tree(),
    };
    draft.ctx.insert_value("site", shared.site.value.clone());
    draft.ctx.insert("page", &page);
    // Rendered straight to bytes: they go to a file, and Tera only writes
    // UTF-8, so turning them into a String would only re-validate them.
    let mut html = Vec::with_capacity(draft.capacity);
    let html = match shared
        .theme
        .tera
        .render_to(draft.template, &draft.ctx, &mut html)
    {
        Ok(()) => super::regions::unique_table_labels(match &draft.blocks {
            Some(blocks) => super::blocks::splice(html, blocks.as_ref()),
            None => html,
        }),
        Err(e) => {
            let (file, line) = draft.origin.map_or_else(
                || (std::path::PathBuf::from("theme"), 0),
                |o| (o.file.as_ref().clone(), 0),
            );
            components.push_diagnostic(Diagnostic::error(
                file,
                line,
                format!(
                    "page {path} could not be rendered with template `{}`: {}",
                    draft.template,
                    error_chain(&e)
                ),
            ));
            Vec::new()
        }
    };
    let (links, diagnostics) = components.take();
    PageOut {
        path,
        html,
        noindex: page.noindex,
        links,
        diagnostics,
    }
}

impl Draft {
    /// A list of rendered cards as `cards`, with room for them in the page.
    pub(super) fn insert_cards(&mut self, cards: Vec<tera::Value>) {
        self.capacity += cards
            .iter()
            .filter_map(tera::Value::as_str)
            .map(str::len)
            .sum::<usize>();
        self.ctx.insert_value("cards", tera::Value::from(cards));
    }

    /// Adds HTML the site rendered, as a safe value (`html`).
    pub(super) fn insert_html(&mut self, key: &'static str, markup: Option<String>) {
        self.ctx.insert_value(key, html(markup.as_deref()));
    }
}

pub(super) fn draft(template: &'static str, title: String, section: &'static str) -> Draft {
    Draft {
        template,
        title,
        description: None,
        section,
        noindex: false,
        ctx: tera::Context::new(),
        origin: None,
        capacity: PAGE_CAPACITY,
        blocks: None,
    }
}

#[derive(Serialize)]
struct ProducerTile<'a> {
    slug: &'a str,
    name: &'a str,
    acronym: Option<&'a str>,
    short: Option<&'a str>,
    url: String,
    logo: Option<String>,
    api_count: usize,
}

fn producers(shared: &Shared<'_>) -> Draft {
    let mut d = draft(
        "producers.html",
        "Les producteurs de données".into(),
        "producers",
    );
    let tiles: Vec<ProducerTile<'_>> = shared
        .catalogue
        .producers
        .iter()
        .map(|p| ProducerTile {
            slug: &p.slug,
            name: &p.name,
            acronym: p.acronym.as_deref(),
            short: p.short.as_deref(),
            url: urls::producer(&p.slug),
            logo: producer_ref(p, &shared.site.base_path).logo,
            api_count: shared.apis_by_producer.get(&p.slug).map_or(0, Vec::len),
        })
        .collect();
    d.ctx.insert("producers", &tiles);
    d
}

#[derive(Serialize)]
struct ProducerPageView<'a> {
    slug: &'a str,
    name: &'a str,
    acronym: Option<&'a str>,
    name_with_pronoun: Option<&'a str>,
    kind: Option<&'a str>,
    short: Option<&'a str>,
    logo: Option<String>,
    site: Option<&'a str>,
    contact: Option<&'a str>,
    contact_href: Option<String>,
    annuaire: Option<&'a str>,
    site_open_data: Option<&'a str>,
    site_api: Option<&'a str>,
}

fn producer(shared: &Shared<'_>, components: &PageComponents<'_>, p: &Producer) -> Draft {
    let mut d = draft("producer.html", p.name.clone(), "producers");
    d.description = p.short.clone();
    d.origin = Some(p.origin.clone());
    let view = ProducerPageView {
        slug: &p.slug,
        name: &p.name,
        acronym: p.acronym.as_deref(),
        name_with_pronoun: p.name_with_pronoun.as_deref(),
        kind: p.kind.as_deref(),
        short: p.short.as_deref(),
        logo: producer_ref(p, &shared.site.base_path).logo,
        site: p.site.as_deref(),
        contact: p.contact.as_deref(),
        contact_href: p.contact.as_deref().map(urls::contact_href),
        annuaire: p.annuaire.as_deref(),
        site_open_data: p.site_open_data.as_deref(),
        site_api: p.site_api.as_deref(),
    };
    d.ctx.insert("producer", &view);
    d.insert_html(
        "description_html",
        components.optional(p.description.as_ref()),
    );
    d.insert_html("data_html", components.optional(p.data.as_ref()));
    d.insert_html("body_html", components.optional(Some(&p.body)));
    let indexes = shared
        .apis_by_producer
        .get(&p.slug)
        .map_or(&[][..], Vec::as_slice);
    d.insert_cards(shared.cards_at(indexes));
    d
}

#[derive(Serialize)]
struct GuideTile<'a> {
    title: &'a str,
    tagline: Option<&'a str>,
    tags: &'a [String],
    image: Option<String>,
    url: String,
}

fn guides(shared: &Shared<'_>) -> Draft {
    let mut d = draft("guides.html", "Guides".into(), "guides");
    let tiles: Vec<GuideTile<'_>> = shared
        .catalogue
        .guides
        .iter()
        .filter(|g| g.publish)
        .map(|g| GuideTile {
            title: &g.title,
            tagline: g.tagline.as_deref(),
            tags: &g.tags,
            image: g
                .image
                .as_deref()
                .map(|i| super::api_page::guide_thumbnail(shared, i)),
            url: urls::guide(&g.slug),
        })
        .collect();
    d.ctx.insert("guides", &tiles);
    d
}

fn theme(shared: &Shared<'_>, slug: &str) -> Draft {
    let (theme, indexes) = shared
        .themes
        .get(slug)
        .map_or((None, &[][..]), |(t, i)| (Some(t), i.as_slice()));
    let name = theme.map_or_else(|| slug.to_string(), |t| t.name.clone());
    let mut d = draft("theme.html", format!("Thématique {name}"), "apis");
    d.ctx.insert("theme", &theme);
    d.insert_cards(shared.cards_at(indexes));
    d
}

fn not_found() -> Draft {
    let mut d = draft("404.html", "Page introuvable".into(), "");
    d.noindex = true;
    d
}
