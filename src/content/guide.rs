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
