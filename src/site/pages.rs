//! One function per kind of page. Every page is a `Job`; jobs are rendered
//! in parallel by `site::build`, each with its own component renderer, and
//! each returns its HTML with the links and problems found in its content.

use super::api_page;
use super::component_cache::ComponentCache;
use super::components::{PageComponents, SourceLink};
use super::context::{html, producer_ref, CardView, PageView, SiteView, ThemeRef};
use super::documentation_page;
use super::memo::{card_fingerprint, RenderMemo, Versions};
use super::theme::{error_chain, Theme};
use super::urls;
use crate::content::{Catalogue, Origin, Producer};
use crate::diagnostics::Diagnostic;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

/// What every page job can read: the catalogue and the views built once.
pub struct Shared<'a> {
    pub catalogue: &'a Catalogue,
    pub theme: &'a Theme,
    pub site: SiteView,
    /// One card per API, in catalogue order. Serialized again for each
    /// render that needs it: keeping 10,000 serialized cards took 44 MB
    /// more memory, which cost more (first-touch page faults) than the
    /// serializations it saved.
    pub cards: Vec<CardView>,
    /// Each card rendered once with `partials/api_card.html`: lists of
    /// cards (home, themes, producers, guides) reuse it instead of
    /// re-serialising and re-rendering 10,000 cards per list. Kept as one
    /// template value (an array of safe strings): the pages listing every
    /// card share it instead of copying 10,000 strings into their context.
    pub cards_html: tera::Value,
    /// The cards' HTML, in bytes.
    pub cards_html_len: usize,
    /// A hash of each card's HTML, when rendering reuses pages (the lists'
    /// fingerprints are made of them); empty otherwise.
    pub card_hashes: Vec<u64>,
    /// Problems rendering the cards (a broken theme partial), by API index.
    pub card_diagnostics: BTreeMap<usize, Diagnostic>,
    pub producers: BTreeMap<&'a str, &'a Producer>,
    /// Producer slug to the indexes of its APIs.
    pub apis_by_producer: BTreeMap<String, Vec<usize>>,
    /// API title to the index of the first API with that title (guides and
    /// services cite APIs by title).
    pub api_by_title: foldhash::HashMap<&'a str, usize>,
    pub themes: BTreeMap<String, (ThemeRef, Vec<usize>)>,
    /// Components rendered once and reused on every page that has them.
    pub components: ComponentCache,
    /// The specs read for `/documentation/<slug>/`, by card slug.
    pub specs: &'a crate::openapi::Specs,
    // --- catalogue search (issue 16) ---
    /// API indexes, most visited (`visits_2019`) first: the catalogue's
    /// default order.
    pub by_visits: Vec<usize>,
    // --- end catalogue search ---
}

static NO_SPECS: crate::openapi::Specs = BTreeMap::new();

fn hash_of(text: &str) -> u64 {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let mut h = DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

/// A card's list HTML rendered with `partials/api_card.html`, and its hash
/// when `hashed` (pages are reused: the lists' fingerprints use it).
fn render_card(
    theme: &Theme,
    site: &SiteView,
    card: &CardView,
    hashed: bool,
) -> Result<(tera::Value, u64), String> {
    let mut ctx = tera::Context::new();
    ctx.insert_value("site", site.value.clone());
    ctx.insert("card", card);
    theme
        .tera
        .render("partials/api_card.html", &ctx)
        .map(|card| {
            let hash = if hashed { hash_of(&card) } else { 0 };
            (html(Some(&card)), hash)
        })
        .map_err(|e| error_chain(&e))
}

fn card_error(api: &crate::content::Api, message: &str) -> Diagnostic {
    Diagnostic::error(
        api.origin.file.as_ref().clone(),
        0,
        format!(
            "the card of `{}` could not be rendered with `partials/api_card.html`: {message}",
            api.slug
        ),
    )
}

/// What `Shared` owns, kept between renders (`into_parts`, `from_parts`).
#[derive(Debug)]
pub struct SharedParts {
    site: SiteView,
    cards: Vec<CardView>,
    cards_html: tera::Value,
    cards_html_len: usize,
    card_hashes: Vec<u64>,
    card_diagnostics: BTreeMap<usize, Diagnostic>,
    apis_by_producer: BTreeMap<String, Vec<usize>>,
    themes: BTreeMap<String, (ThemeRef, Vec<usize>)>,
    by_visits: Vec<usize>,
}

/// The parts of `Shared` that own their data, taken out to be freed.
pub struct RenderState {
    _components: ComponentCache,
    _cards: Vec<CardView>,
    _cards_html: tera::Value,
}

impl<'a> Shared<'a> {
    pub fn new(catalogue: &'a Catalogue, theme: &'a Theme, base_url: &str) -> Shared<'a> {
        Shared::reusing(catalogue, theme, base_url, None)
    }

    /// `new`, taking the list HTML of each card whose fingerprint is
    /// unchanged from `reuse` instead of rendering it again.
    pub fn reusing(
        catalogue: &'a Catalogue,
        theme: &'a Theme,
        base_url: &str,
        reuse: Option<(&RenderMemo, &Versions)>,
    ) -> Shared<'a> {
        let site = SiteView::new(catalogue, base_url);
        let producers: BTreeMap<&str, &Producer> = catalogue
            .producers
            .iter()
            .map(|p| (p.slug.as_str(), p))
            .collect();
        let cards: Vec<CardView> = catalogue
            .apis
            .par_iter()
            .with_max_len(64)
            .map(|api| CardView::new(api, &producers, &site.base_path))
            .collect();
        let rendered: Vec<Result<(tera::Value, u64), String>> = cards
            .par_iter()
            .enumerate()
            .with_max_len(32)
            .map(|(i, card)| {
                if let Some((kept, hash)) = reuse.and_then(|(memo, versions)| {
                    memo.card(&catalogue.apis[i].slug, card_fingerprint(versions, i))
                }) {
                    return Ok((kept.clone(), hash));
                }
                render_card(theme, &site, card, reuse.is_some())
            })
            .collect();
        let mut cards_html = Vec::with_capacity(rendered.len());
        let mut card_hashes = Vec::with_capacity(if reuse.is_some() { rendered.len() } else { 0 });
        let mut card_diagnostics = BTreeMap::new();
        for (i, result) in rendered.into_iter().enumerate() {
            let (card, hash) = match result {
                Ok(rendered) => rendered,
                Err(message) => {
                    card_diagnostics.insert(i, card_error(&catalogue.apis[i], &message));
                    (html(Some("")), 0)
                }
            };
            cards_html.push(card);
            if reuse.is_some() {
                card_hashes.push(hash);
            }
        }
        let mut apis_by_producer: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, api) in catalogue.apis.iter().enumerate() {
            if let Some(p) = &api.producer {
                apis_by_producer.entry(p.clone()).or_default().push(i);
            }
        }
        let mut api_by_title =
            foldhash::HashMap::with_capacity_and_hasher(catalogue.apis.len(), Default::default());
        for (i, api) in catalogue.apis.iter().enumerate() {
            api_by_title.entry(api.title.as_str()).or_insert(i);
        }
        Shared {
            catalogue,
            theme,
            api_by_title,
            themes: super::context::themes(catalogue),
            site,
            cards,
            cards_html_len: cards_html
                .iter()
                .filter_map(tera::Value::as_str)
                .map(str::len)
                .sum(),
            cards_html: tera::Value::from(cards_html),
            card_hashes,
            card_diagnostics,
            producers,
            apis_by_producer,
            components: ComponentCache::default(),
            specs: &NO_SPECS,
            by_visits: super::catalogue_pages::by_visits(catalogue),
        }
    }

    /// The parts that own their data, for `from_parts` after the next edit.
    pub fn into_parts(self) -> SharedParts {
        SharedParts {
            site: self.site,
            cards: self.cards,
            cards_html: self.cards_html,
            cards_html_len: self.cards_html_len,
            card_hashes: self.card_hashes,
            card_diagnostics: self.card_diagnostics,
            apis_by_producer: self.apis_by_producer,
            themes: self.themes,
            by_visits: self.by_visits,
        }
    }

    /// `Shared` again from `into_parts`, for the same catalogue but for
    /// the cards at `changed`, whose list cards are made again (with the
    /// same slug, title, producer, themes and popularity: editor mode's
    /// card edits). Hashes are kept: `parts` came from a render that
    /// reused pages. Also returns those of `changed` whose list card
    /// changed.
    pub fn from_parts(
        catalogue: &'a Catalogue,
        theme: &'a Theme,
        parts: SharedParts,
        changed: &[usize],
    ) -> (Shared<'a>, Vec<usize>) {
        let producers: BTreeMap<&str, &Producer> = catalogue
            .producers
            .iter()
            .map(|p| (p.slug.as_str(), p))
            .collect();
        let mut api_by_title =
            foldhash::HashMap::with_capacity_and_hasher(catalogue.apis.len(), Default::default());
        for (i, api) in catalogue.apis.iter().enumerate() {
            api_by_title.entry(api.title.as_str()).or_insert(i);
        }
        let mut relisted = Vec::new();
        let SharedParts {
            site,
            mut cards,
            cards_html,
            mut cards_html_len,
            mut card_hashes,
            mut card_diagnostics,
            apis_by_producer,
            themes,
            by_visits,
        } = parts;
        let mut all_html = cards_html.as_array().unwrap_or_default().to_vec();
        for &i in changed {
            let (Some(api), Some(card), Some(old), Some(hash)) = (
                catalogue.apis.get(i),
                cards.get_mut(i),
                all_html.get_mut(i),
                card_hashes.get_mut(i),
            ) else {
                continue;
            };
            *card = CardView::new(api, &producers, &site.base_path);
            let (new, new_hash) = match render_card(theme, &site, card, true) {
                Ok(rendered) => {
                    card_diagnostics.remove(&i);
                    rendered
                }
                Err(message) => {
                    card_diagnostics.insert(i, card_error(api, &message));
                    (html(Some("")), 0)
                }
            };
            cards_html_len = cards_html_len - old.as_str().map_or(0, str::len)
                + new.as_str().map_or(0, str::len);
            *old = new;
            if *hash != new_hash {
                relisted.push(i);
            }
            *hash = new_hash;
        }
        let shared = Shared {
            catalogue,
            theme,
            site,
            cards,
            cards_html: tera::Value::from(all_html),
            cards_html_len,
            card_hashes,
            card_diagnostics,
            producers,
            apis_by_producer,
            api_by_title,
            themes,
            components: ComponentCache::default(),
            specs: &NO_SPECS,
            by_visits,
        };
        (shared, relisted)
    }

    /// Takes what only page rendering needs, once every page is rendered.
    pub fn take_render_state(&mut self) -> RenderState {
        RenderState {
            _components: std::mem::take(&mut self.components),
            _cards: std::mem::take(&mut self.cards),
            _cards_html: std::mem::replace(&mut self.cards_html, tera::Value::none()),
        }
    }

    /// The rendered cards at these indexes, for a template's `cards`
    /// (each a shared reference to the card's HTML, not a copy).
    pub fn cards_at(&self, indexes: &[usize]) -> Vec<tera::Value> {
        let all = self.cards_html.as_array().unwrap_or_default();
        indexes
            .iter()
            .filter_map(|&i| all.get(i).cloned())
            .collect()
    }

    /// The indexes of the APIs on page `n` of the catalogue's list.
    pub fn listed(&self, n: usize) -> &[usize] {
        super::catalogue_pages::on_page(&self.by_visits, n)
    }

    /// The indexes of the APIs a guide or service names by title (unknown
    /// titles were reported when loading).
    pub fn cited(&self, titles: &[String]) -> Vec<usize> {
        titles
            .iter()
            .filter_map(|t| self.api_by_title.get(t.as_str()).copied())
            .collect()
    }

    /// The pages that list cards (by their list HTML): the catalogue's,
    /// producers', themes', guides' and services'.
    pub fn list_jobs(&self) -> Vec<Job> {
        let c = self.catalogue;
        let mut jobs = vec![Job::Home, Job::Search];
        jobs.extend((2..=super::catalogue_pages::page_count(c.apis.len())).map(Job::SearchPage));
        jobs.extend((0..c.producers.len()).map(Job::Producer));
        jobs.extend((0..c.guides.len()).map(Job::Guide));
        jobs.extend((0..c.services.len()).map(Job::Service));
        jobs.extend(self.themes.keys().cloned().map(Job::Theme));
        jobs
    }

    /// The pages of the API at `i`: its own, its access requests, its
    /// reference.
    pub fn api_jobs(&self, i: usize) -> Vec<Job> {
        let Some(api) = self.catalogue.apis.get(i) else {
            return Vec::new();
        };
        let mut jobs = vec![Job::Api(i)];
        if !api.access_page.is_empty() {
            jobs.push(Job::Access(i));
        }
        if api.links.doc_tech.is_some() {
            jobs.push(Job::Documentation(i));
        }
        jobs
    }

    /// Every page of the site, in a fixed order.
    pub fn jobs(&self) -> Vec<Job> {
        let c = self.catalogue;
        let mut jobs = vec![
            Job::Home,
            Job::Search,
            Job::Producers,
            Job::Guides,
            Job::NotFound,
        ];
        // --- catalogue search (issue 16): the paged list, page 2 on ---
        jobs.extend((2..=super::catalogue_pages::page_count(c.apis.len())).map(Job::SearchPage));
        // --- end catalogue search ---
        jobs.extend((0..c.apis.len()).map(Job::Api));
        // Real-catalogue pages: access requests and the services list.
        jobs.extend(
            (0..c.apis.len())
                .filter(|&i| !c.apis[i].access_page.is_empty())
                .map(Job::Access),
        );
        jobs.push(Job::Services);
        jobs.extend((0..c.producers.len()).map(Job::Producer));
        // Unpublished guides get their page too (out of lists and sitemap).
        jobs.extend((0..c.guides.len()).map(Job::Guide));
        jobs.extend((0..c.services.len()).map(Job::Service));
        jobs.extend(self.themes.keys().cloned().map(Job::Theme));
        jobs.extend(
            (0..c.apis.len())
                .filter(|&i| c.apis[i].links.doc_tech.is_some())
                .map(Job::Documentation),
        );
        jobs
    }
}

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
