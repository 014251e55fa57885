//! What templates see: plain serialisable views of the catalogue, built once
//! per build (cards are shared by the home page, theme pages, producer pages…).
//! Strings here are raw text; Tera escapes them. Only fields named `*_html`
//! hold markup (safe values, see `html`), and only the site's own renderers
//! fill them.

use super::urls;
use crate::content::{Access, Api, Catalogue, Eligibility, Producer};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// A view as a template value. Tera's values are reference-counted, so one
/// serialized view (`site`, read by every page and component) is put into
/// each render's context for the cost of a pointer copy.
pub fn template_value<T: Serialize + ?Sized>(view: &T) -> tera::Value {
    // The views are plain structs with string keys: serializing them cannot
    // fail (`tera::Context::insert` would panic if it did).
    tera::Value::try_from_serializable(view).unwrap_or_else(|_| tera::Value::none())
}

/// Markup the site rendered (Markdown, components, cards), marked safe:
/// templates print it as it is, without `| safe` and without a copy.
/// `None` is a template's `none`.
pub fn html(markup: Option<&str>) -> tera::Value {
    markup.map_or_else(tera::Value::none, tera::Value::safe_string)
}

/// Site-wide values every template gets as `site`.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    pub title: String,
    pub description: Option<String>,
    /// Absolute base URL without trailing slash.
    pub base_url: String,
    /// Path prefix of the base URL, `""` at the root.
    pub base_path: String,
    pub language: String,
    pub sandbox_url: Option<String>,
    /// The fields above as templates see them (`template_value`).
    #[serde(skip)]
    pub value: tera::Value,
}

impl SiteView {
    pub fn new(catalogue: &Catalogue, base_url: &str) -> SiteView {
        let base_url = base_url.trim_end_matches('/').to_string();
        let mut view = SiteView {
            title: catalogue.site.title.clone(),
            description: catalogue.site.description.clone(),
            base_path: urls::base_path(&base_url),
            base_url,
            language: catalogue.site.language.clone(),
            sandbox_url: catalogue.site.sandbox_url.clone(),
            value: tera::Value::none(),
        };
        view.value = template_value(&view);
        view
    }
}

/// Per page: `page` in templates.
#[derive(Debug, Clone, Serialize)]
pub struct PageView {
    pub title: String,
    pub description: Option<String>,
    /// Path without the base path, e.g. `/les-api/x/`.
    pub path: String,
    pub section: &'static str,
    pub noindex: bool,
    pub has_demo: bool,
    pub has_tree: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProducerRef {
    pub slug: String,
    pub name: String,
    pub url: String,
    pub logo: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct ThemeRef {
    pub name: String,
    pub slug: String,
    pub url: String,
}

impl ThemeRef {
    pub fn new(name: &str) -> ThemeRef {
        ThemeRef {
            name: name.to_string(),
            slug: urls::slug(name),
            url: urls::theme(name),
        }
    }
}

/// An API as a card in lists, and the header of its page.
#[derive(Debug, Clone, Serialize)]
pub struct CardView {
    pub slug: String,
    pub url: String,
    pub title: String,
    pub tagline: String,
    pub producer: Option<ProducerRef>,
    pub owner: Option<String>,
    /// The card's own logo (its URL), else none: the page shows the
    /// producer's.
    pub logo: Option<String>,
    /// `open`, `account` or `restricted`.
    pub access: &'static str,
    pub access_label: &'static str,
    pub access_icon: &'static str,
    pub france_connect_label: Option<&'static str>,
    pub themes: Vec<ThemeRef>,
    pub keywords: Vec<String>,
    /// Title, tagline, producer, keywords and themes, for the instant filter.
    pub search_text: String,
}

impl CardView {
    pub fn new(api: &Api, producers: &BTreeMap<&str, &Producer>, base_path: &str) -> CardView {
        let producer = api
            .producer
            .as_deref()
            .and_then(|slug| producers.get(slug))
            .map(|p| producer_ref(p, base_path));
        let (access, access_label, access_icon) = access_badge(api.access);
        let themes: Vec<ThemeRef> = api.themes.iter().map(|t| ThemeRef::new(t)).collect();
        let mut search_text = format!("{} {}", api.title, api.tagline);
        for extra in producer
            .iter()
            .map(|p| p.name.as_str())
            .chain(api.owner.as_deref())
            .chain(api.keywords.iter().map(String::as_str))
            .chain(api.themes.iter().map(String::as_str))
        {
            search_text.push(' ');
            search_text.push_str(extra);
        }
        CardView {
            slug: api.slug.clone(),
            url: urls::api(&api.slug),
            title: api.title.clone(),
            tagline: api.tagline.clone(),
            producer,
            owner: api.owner.clone(),
            logo: api
                .logo
                .as_deref()
                .map(|logo| urls::image(base_path, crate::content::images::ImageKind::Logo, logo)),
            access,
            access_label,
            access_icon,
            france_connect_label: france_connect_label(api.france_connected),
            themes,
            keywords: api.keywords.clone(),
            search_text,
        }
    }
}

pub fn producer_ref(p: &Producer, base_path: &str) -> ProducerRef {
    ProducerRef {
        slug: p.slug.clone(),
        name: p.name.clone(),
        url: urls::producer(&p.slug),
        logo: p
            .logo
            .as_deref()
            .map(|logo| urls::image(base_path, crate::content::images::ImageKind::Logo, logo)),
    }
}

/// Words and an icon, never colour alone.
pub fn access_badge(access: Access) -> (&'static str, &'static str, &'static str) {
    match access {
        Access::Open => ("open", "Accès libre", "🔓"),
        Access::Account => ("account", "Sur création de compte", "👤"),
        Access::Restricted => ("restricted", "Sur habilitation", "🔒"),
    }
}

pub fn france_connect_label(value: i8) -> Option<&'static str> {
    match value {
        1 => Some("Compatible FranceConnect"),
        2 => Some("FranceConnect requis"),
        _ => None,
    }
}

/// `(class, words, icon)` for a "Qui peut accéder ?" section.
pub fn eligibility(e: Eligibility) -> (&'static str, &'static str, &'static str) {
    match e {
        Eligibility::Eligible => ("eligible", "Éligible", "✅"),
        Eligibility::Maybe => ("maybe", "Éligible sous conditions", "⚠️"),
        Eligibility::NotEligible => ("not-eligible", "Non éligible", "❌"),
    }
}

/// Every theme used by a card, sorted by slug, with its cards' indexes.
pub fn themes(catalogue: &Catalogue) -> BTreeMap<String, (ThemeRef, Vec<usize>)> {
    let mut map: BTreeMap<String, (ThemeRef, Vec<usize>)> = BTreeMap::new();
    // A catalogue names a few themes thousands of times: slugify each name
    // once (this loop runs on one core while the other waits).
    let mut slugs: HashMap<&str, String> = HashMap::new();
    for (i, api) in catalogue.apis.iter().enumerate() {
        for name in &api.themes {
            let slug = slugs
                .entry(name.as_str())
                .or_insert_with(|| urls::slug(name));
            let entry = match map.get_mut(slug.as_str()) {
                Some(entry) => entry,
                None => map
                    .entry(slug.clone())
                    .or_insert_with(|| (ThemeRef::new(name), Vec::new())),
            };
            if entry.1.last() != Some(&i) {
                entry.1.push(i);
            }
        }
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn badges_say_it_in_words() {
        assert_eq!(access_badge(Access::Restricted).1, "Sur habilitation");
        assert_eq!(eligibility(Eligibility::Maybe).0, "maybe");
        assert_eq!(france_connect_label(0), None);
        assert_eq!(france_connect_label(1), Some("Compatible FranceConnect"));
    }

    #[test]
    fn site_view_strips_the_trailing_slash() {
        let catalogue = Catalogue::default();
        let view = SiteView::new(&catalogue, "https://example.org/cat/");
        assert_eq!(view.base_url, "https://example.org/cat");
        assert_eq!(view.base_path, "/cat");
    }
}
