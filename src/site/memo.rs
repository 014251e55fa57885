//! Pages kept from one render to the next (editor mode). Each page is
//! remembered with a fingerprint of what it is rendered from: the site-wide
//! version (anything but an API card's own content: settings, producers,
//! guides, services, trees, images, specs, the theme, and the cards' slugs,
//! titles, producers and themes) and the versions of the cards the page
//! shows. A page whose fingerprint is unchanged is not rendered again: its
//! HTML, links and problems are the ones kept.

use super::components::SourceLink;
use super::pages::{Job, PageOut, Shared, SharedParts};
use crate::diagnostics::Diagnostic;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::PathBuf;
use std::sync::Arc;

/// What a page or card is rendered from, in versions.
#[derive(Debug, Clone, Default)]
pub struct Versions {
    /// Changes whenever anything but an API card's own content changes.
    pub site: u64,
    /// By API index: the version of the card's file.
    pub apis: Vec<u64>,
}

/// One page as rendered last time.
#[derive(Debug, Clone)]
pub struct KeptPage {
    pub fingerprint: u64,
    pub path: String,
    pub html: Arc<[u8]>,
    pub noindex: bool,
    pub links: Vec<SourceLink>,
    pub diagnostics: Vec<Diagnostic>,
    /// The problems of its links, as last checked.
    pub link_diagnostics: Vec<Diagnostic>,
}

impl KeptPage {
    /// The page as `build_into` gathers pages (its HTML is put in the sink
    /// separately).
    pub fn out(&self) -> PageOut {
        PageOut {
            path: self.path.clone(),
            html: Vec::new(),
            noindex: self.noindex,
            links: self.links.clone(),
            diagnostics: self.diagnostics.clone(),
        }
    }
}

/// The pages and list cards of the last render, with their fingerprints.
#[derive(Debug, Default)]
pub struct RenderMemo {
    pub pages: HashMap<Job, KeptPage>,
    /// By card slug: (fingerprint, the card's list HTML, a hash of it).
    /// Shared: editor mode makes the catalogue files from them on another
    /// thread while the next save renders.
    pub cards: Arc<HashMap<String, (u64, tera::Value, u64)>>,
    /// The search index's files of the last build that made them.
    pub search_paths: Vec<String>,
    /// The specs the last render read (operations are search results).
    pub specs: Arc<crate::openapi::Specs>,
    /// The problems found reading those specs.
    pub spec_diagnostics: Vec<Diagnostic>,
    /// What `site::patch` starts from; `None` until a render kept it.
    pub kept: Option<Kept>,
}

/// The rest of a render that an edit of cards' own content leaves as it
/// was, for `site::patch`.
#[derive(Debug)]
pub struct Kept {
    pub parts: SharedParts,
    /// Every generated file, for the link checker.
    pub paths: HashSet<String>,
    pub copies: BTreeMap<String, PathBuf>,
    /// The files whose ids some link was checked against.
    pub anchored: HashSet<String>,
}

impl RenderMemo {
    /// The page kept for `job` if it was rendered from the same inputs.
    pub fn page(&self, job: &Job, fingerprint: u64) -> Option<&KeptPage> {
        self.pages
            .get(job)
            .filter(|kept| kept.fingerprint == fingerprint)
    }

    /// The list HTML (and its hash) kept for card `slug` if it has this
    /// fingerprint.
    pub fn card(&self, slug: &str, fingerprint: u64) -> Option<(&tera::Value, u64)> {
        self.cards
            .get(slug)
            .filter(|(kept, _, _)| *kept == fingerprint)
            .map(|(_, html, hash)| (html, *hash))
    }
}

/// The fingerprint of card `index`'s list HTML.
pub fn card_fingerprint(versions: &Versions, index: usize) -> u64 {
    let mut h = DefaultHasher::new();
    ("card", versions.site, versions.apis.get(index)).hash(&mut h);
    h.finish()
}

/// The fingerprint of a page: the site's version, the page, and what it
/// shows of cards: a card's own pages, the version of its file; a list,
/// its cards' list HTML (a card's body does not change it).
pub fn fingerprint(shared: &Shared<'_>, versions: &Versions, job: &Job) -> u64 {
    let mut h = DefaultHasher::new();
    (versions.site, job).hash(&mut h);
    match job {
        Job::Api(i) | Job::Access(i) | Job::Documentation(i) => versions.apis.get(*i).hash(&mut h),
        _ => {
            for &i in listed_cards(shared, job).iter() {
                (i, shared.card_hashes.get(i)).hash(&mut h);
            }
        }
    }
    h.finish()
}

/// Whether page `job` lists one of `cards` (by their list HTML).
pub fn lists_any(shared: &Shared<'_>, job: &Job, cards: &[usize]) -> bool {
    !cards.is_empty() && listed_cards(shared, job).iter().any(|i| cards.contains(i))
}

/// The cards a page lists by their list HTML.
fn listed_cards<'s>(shared: &'s Shared<'_>, job: &Job) -> Cow<'s, [usize]> {
    match job {
        Job::Home | Job::Search => Cow::Borrowed(shared.listed(1)),
        Job::SearchPage(n) => Cow::Borrowed(shared.listed(*n)),
        Job::Producer(p) => {
            let slug = &shared.catalogue.producers[*p].slug;
            Cow::Borrowed(
                shared
                    .apis_by_producer
                    .get(slug)
                    .map_or(&[][..], Vec::as_slice),
            )
        }
        Job::Theme(slug) => Cow::Borrowed(
            shared
                .themes
                .get(slug)
                .map_or(&[][..], |(_, i)| i.as_slice()),
        ),
        Job::Guide(g) => Cow::Owned(shared.cited(&shared.catalogue.guides[*g].api)),
        Job::Service(s) => Cow::Owned(shared.cited(&shared.catalogue.services[*s].api)),
        Job::Api(_)
        | Job::Access(_)
        | Job::Documentation(_)
        | Job::Producers
        | Job::Guides
        | Job::Services
        | Job::NotFound => Cow::Borrowed(&[]),
    }
}
