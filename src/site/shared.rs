//! What every page job reads: the catalogue, the views built once per
//! render (cards, list cards, producer, theme and popularity indexes), and,
//! in editor mode, the same views kept between renders and patched for the
//! cards that changed (`SharedParts`).

use super::component_cache::ComponentCache;
use super::context::{html, CardView, SiteView, ThemeRef};
use super::memo::{card_fingerprint, RenderMemo, Versions};
use super::pages::Job;
use super::theme::{error_chain, Theme};
use crate::content::{Catalogue, Producer};
use crate::diagnostics::Diagnostic;
use rayon::prelude::*;
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
