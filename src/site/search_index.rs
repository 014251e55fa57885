//! `search-index.json`: the compact list the catalogue's instant filter
//! (and a future search engine) reads: one entry per API with the words to
//! match and the facets to filter on.

use super::pages::Shared;
use serde::Serialize;

#[derive(Serialize)]
struct Entry<'a> {
    slug: &'a str,
    url: &'a str,
    title: &'a str,
    tagline: &'a str,
    producer: Option<&'a str>,
    access: &'a str,
    themes: Vec<&'a str>,
    keywords: &'a [String],
}

/// One JSON array, entries in catalogue (slug) order.
pub fn build(shared: &Shared<'_>) -> Vec<u8> {
    let entries: Vec<Entry<'_>> = shared
        .cards
        .iter()
        .map(|card| Entry {
            slug: &card.slug,
            url: &card.url,
            title: &card.title,
            tagline: &card.tagline,
            producer: card.producer.as_ref().map(|p| p.slug.as_str()),
            access: card.access,
            themes: card.themes.iter().map(|t| t.slug.as_str()).collect(),
            keywords: &card.keywords,
        })
        .collect();
    // Sized up front (about 400 bytes an entry), not grown by doubling.
    let mut out = Vec::with_capacity(64 + 450 * entries.len());
    match serde_json::to_writer(&mut out, &entries) {
        Ok(()) => out,
        Err(_) => Vec::new(),
    }
}
