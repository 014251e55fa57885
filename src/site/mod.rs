//! Typed catalogue to pages in memory: the URL scheme (compatible with
//! api.gouv.fr), Tera templates (default theme embedded, overridable), the
//! catalogue page, `catalogue.json`, sitemap. Never touches the disk: the
//! theme is loaded by `theme::Theme::load`, pages are written by `output`.

mod access_page;
mod api_page;
mod blocks;
pub mod catalogue_pages;
pub mod component_cache;
pub mod components;
pub mod context;
mod documentation_operations;
pub mod documentation_page;
mod documentation_rows;
pub mod feeds;
pub mod links;
pub mod memo;
pub mod pages;
mod question_tree;
mod regions;
pub mod search_index;
mod services_page;
pub mod shared;
pub mod theme;
pub mod urls;

use crate::content::Catalogue;
use crate::diagnostics::Diagnostic;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// A rendered site: output path (relative, `/`-separated, e.g.
/// `les-api/api-particulier/index.html`) to bytes, plus files to copy as-is.
#[derive(Debug, Default, Clone)]
pub struct Site {
    pub files: BTreeMap<String, Vec<u8>>,
    /// Content files copied unchanged: output path to source path.
    pub copies: BTreeMap<String, PathBuf>,
}

/// Where `build_into` puts each generated file as soon as it is rendered,
/// so a large site never has to sit whole in memory.
pub trait Sink: Sync {
    /// Stores one generated file at its relative output path.
    fn put(&self, path: &str, bytes: Vec<u8>);
    /// `put` for bytes that are also kept elsewhere (a page reused from
    /// the last render): a sink that can share them needs no copy.
    fn put_shared(&self, path: &str, bytes: Arc<[u8]>) {
        self.put(path, bytes.to_vec());
    }
    /// A file stored earlier (the link checker reads the pages that links
    /// with a `#fragment` point to).
    fn get(&self, path: &str) -> Option<Vec<u8>>;
    /// The folders the pages will go in (relative, `/`-separated), known
    /// once the content folder is walked and before anything is rendered:
    /// a sink writing to disk can make them meanwhile.
    fn prepare(&self, _folders: Vec<String>) {}
    /// The ids (`id="…"`, `name="…"`) of a page stored earlier, for the
    /// link checker's `#fragment`s.
    fn anchors(&self, path: &str) -> Option<HashSet<String>> {
        Some(links::ids_in(&self.get(path)?))
    }
}

/// Keeps only the ids of each HTML page, for `check`: it writes nothing,
/// but the link checker needs the anchors of the pages links point to.
/// (Keeping the pages themselves would hold a whole site in memory.)
#[derive(Debug, Default)]
pub struct AnchorSink(Mutex<HashMap<String, HashSet<String>>>);

impl Sink for AnchorSink {
    fn put(&self, path: &str, bytes: Vec<u8>) {
        if !path.ends_with(".html") {
            return;
        }
        let ids = links::ids_in(&bytes);
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_string(), ids);
    }

    /// Pages are not kept.
    fn get(&self, _path: &str) -> Option<Vec<u8>> {
        None
    }

    fn anchors(&self, path: &str) -> Option<HashSet<String>> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(path)
            .cloned()
    }
}

/// Keeps every file in memory, for `check` (the link checker reads back
/// the pages that links with a `#fragment` point to) and tests.
#[derive(Debug, Default)]
pub struct MemorySink(Mutex<BTreeMap<String, Vec<u8>>>);

impl MemorySink {
    /// The files put so far, by output path.
    pub fn into_files(self) -> BTreeMap<String, Vec<u8>> {
        self.0.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for MemorySink {
    fn put(&self, path: &str, bytes: Vec<u8>) {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_string(), bytes);
    }

    fn get(&self, path: &str) -> Option<Vec<u8>> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(path)
            .cloned()
    }
}

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Overrides `site.yaml`'s `base_url`.
    pub base_url: Option<String>,
    /// The content folder, to locate `images/…` for copying.
    pub content_dir: PathBuf,
    /// The specs of `/documentation/<slug>/` pages (`openapi::load_all`);
    /// shared, so that editor mode's later `catalogue_files` reads them
    /// from the memo instead of parsing every spec again.
    pub specs: Arc<crate::openapi::Specs>,
}

/// A built site, the problems found while rendering it, and how many HTML
/// pages it holds.
#[derive(Debug, Default)]
pub struct Built {
    pub site: Site,
    pub diagnostics: Vec<Diagnostic>,
    pub pages: usize,
}

/// What `build_into` did besides putting files into its sink.
#[derive(Debug, Default)]
pub struct RenderSummary {
    /// Content files to copy unchanged: output path to source path.
    pub copies: BTreeMap<String, PathBuf>,
    pub diagnostics: Vec<Diagnostic>,
    pub pages: usize,
    /// Of `pages`, those reused from the last render (`build_reusing`).
    pub reused: usize,
}

/// Renders the whole site in memory.
pub fn build(catalogue: &Catalogue, theme: &theme::Theme, options: &BuildOptions) -> Built {
    let sink = MemorySink::default();
    let rendered = build_into(catalogue, theme, options, &sink);
    Built {
        site: Site {
            files: sink.into_files(),
            copies: rendered.copies,
        },
        diagnostics: rendered.diagnostics,
        pages: rendered.pages,
    }
}

/// Pages rendered as one unit of parallel work (each takes ~0.1 ms).
const PAGES_PER_CHUNK: usize = 8;

const CATALOGUE_JSON: &str = "catalogue.json";

/// Renders every page (in parallel, each put into `sink` as soon as it is
/// rendered), the machine files and the theme's static files, then checks
/// internal links against what was generated.
pub fn build_into(
    catalogue: &Catalogue,
    theme: &theme::Theme,
    options: &BuildOptions,
    sink: &dyn Sink,
) -> RenderSummary {
    build_reusing(catalogue, theme, options, sink, None, false).0
}

/// One page: the kept one when `reuse` has it with the same fingerprint,
/// else rendered; put into `sink` either way. With `reuse`, also what to
/// keep of it for the next render, and whether it was reused.
fn render_or_reuse(
    shared: &pages::Shared<'_>,
    job: &pages::Job,
    sink: &dyn Sink,
    reuse: Option<(&memo::RenderMemo, &memo::Versions)>,
) -> (pages::PageOut, Option<memo::KeptPage>, bool) {
    let fingerprint =
        reuse.map(|(memo, versions)| (memo, memo::fingerprint(shared, versions, job)));
    if let Some(kept) = fingerprint.and_then(|(memo, f)| memo.page(job, f)) {
        sink.put_shared(&urls::output_file(&kept.path), kept.html.clone());
        return (kept.out(), Some(kept.clone()), true);
    }
    let mut out = pages::render(shared, job);
    // Only links inside the site are checked.
    out.links.retain(|l| links::is_internal(&l.href));
    let file = urls::output_file(&out.path);
    let html = std::mem::take(&mut out.html);
    let Some((_, fingerprint)) = fingerprint else {
        sink.put(&file, html);
        return (out, None, false);
    };
    let html: Arc<[u8]> = Arc::from(html);
    sink.put_shared(&file, html.clone());
    let kept = memo::KeptPage {
        fingerprint,
        path: out.path.clone(),
        html,
        noindex: out.noindex,
        links: out.links.clone(),
        diagnostics: out.diagnostics.clone(),
        link_diagnostics: Vec::new(),
    };
    (out, Some(kept), false)
}

/// The files made from the whole catalogue at once: `catalogue.json` and
/// the search index (by path under the site root).
pub fn catalogue_files(shared: &pages::Shared<'_>) -> Vec<(String, Vec<u8>)> {
    let (json, index) = rayon::join(
        || feeds::catalogue_json(shared),
        || search_index::build(shared),
    );
    let mut files = vec![(CATALOGUE_JSON.to_string(), json)];
    files.extend(index);
    files
}

/// `build_into`, taking from `reuse` every page and list card whose
/// fingerprint is unchanged (`memo`), and returning, when `reuse` is given,
/// what the next render can reuse. The result is the same as `build_into`'s;
/// with `defer_catalogue_files`, less `catalogue_files`, which the caller
/// makes afterwards (editor mode sends the reload first).
pub fn build_reusing(
    catalogue: &Catalogue,
    theme: &theme::Theme,
    options: &BuildOptions,
    sink: &dyn Sink,
    reuse: Option<(&memo::RenderMemo, &memo::Versions)>,
    defer_catalogue_files: bool,
) -> (RenderSummary, Option<memo::RenderMemo>) {
    let base_url = options
        .base_url
        .clone()
        .unwrap_or_else(|| catalogue.site.base_url.clone());
    let mut shared = pages::Shared::reusing(catalogue, theme, &base_url, reuse);
    shared.specs = &*options.specs;
    // The machine files need only the catalogue: they are built and
    // written while the pages render. (Written after the pages, the
    // 10 MB `catalogue.json` of a 10,000-card catalogue kept one core busy
    // for the last 40 ms of the build while the other had nothing left.)
    let (outs, search_paths) = rayon::join(
        || {
            shared
                .jobs()
                .par_iter()
                // Small chunks: rayon stops splitting once its split budget
                // is spent, and the last large chunk then ran on one core
                // for a fifth of the render (seen in `perf` timelines).
                .with_max_len(PAGES_PER_CHUNK)
                .map(|job| render_or_reuse(&shared, job, sink, reuse))
                .collect::<Vec<(pages::PageOut, Option<memo::KeptPage>, bool)>>()
        },
        || {
            if defer_catalogue_files {
                // The caller makes them later (`catalogue_files`); the
                // link checker takes the last build's paths.
                return reuse.map_or_else(Vec::new, |(memo, _)| memo.search_paths.clone());
            }
            let mut search_paths = Vec::new();
            for (path, bytes) in catalogue_files(&shared) {
                if path != CATALOGUE_JSON {
                    search_paths.push(path.clone());
                }
                sink.put(&path, bytes);
            }
            search_paths
        },
    );

    let reused = outs.iter().filter(|(_, _, reused)| *reused).count();
    let (outs, kept_pages): (Vec<pages::PageOut>, Vec<Option<memo::KeptPage>>) =
        outs.into_iter().map(|(out, kept, _)| (out, kept)).unzip();

    let mut paths: HashSet<String> = HashSet::with_capacity(outs.len() + 16);
    let mut diagnostics: Vec<Diagnostic> = shared.card_diagnostics.values().cloned().collect();
    let mut sitemap_paths = Vec::new();
    let pages = outs.len();
    for out in &outs {
        if !out.noindex && out.path.ends_with('/') {
            sitemap_paths.push(out.path.clone());
        }
        diagnostics.extend(out.diagnostics.iter().cloned());
        paths.insert(urls::output_file(&out.path));
    }
    sitemap_paths.sort();
    let sitemap: Vec<&str> = sitemap_paths.iter().map(String::as_str).collect();
    let mut machine_files = vec![
        (
            "sitemap.xml".to_string(),
            feeds::sitemap(&shared.site.base_url, &sitemap).into_bytes(),
        ),
        (
            "robots.txt".to_string(),
            feeds::robots(&shared.site.base_url).into_bytes(),
        ),
    ];
    for (name, bytes) in &theme.statics {
        machine_files.push((format!("static/{name}"), bytes.clone()));
    }
    machine_files.extend(documentation_page::spec_files(&options.specs));
    paths.extend(machine_files.iter().map(|(path, _)| path.clone()));
    paths.insert(CATALOGUE_JSON.to_string());
    paths.extend(search_paths.iter().cloned());
    machine_files
        .into_par_iter()
        .for_each(|(path, bytes)| sink.put(&path, bytes));
    let mut copies = BTreeMap::new();
    for relative in &catalogue.static_files {
        copies.insert(
            urls::copy_output(relative),
            options.content_dir.join(relative),
        );
    }
    let copied: HashSet<&str> = copies.keys().map(String::as_str).collect();
    let generated = links::Generated {
        files: &paths,
        copies: &copied,
        anchors: &|path| sink.anchors(path),
    };
    let mut checker = links::Checker::new(&generated, &shared.site.base_path);
    let link_diagnostics: Vec<Vec<Diagnostic>> = outs
        .iter()
        .map(|out| checker.page(&out.path, &out.links))
        .collect();
    let anchored = checker.into_anchored();
    diagnostics.extend(link_diagnostics.iter().flatten().cloned());
    crate::diagnostics::sort(&mut diagnostics);
    diagnostics.dedup();
    drop(copied);

    let next_memo = reuse.map(|(_, versions)| {
        let cards = shared.cards_html.as_array().unwrap_or_default();
        let cards = catalogue
            .apis
            .iter()
            .zip(cards)
            .zip(&shared.card_hashes)
            .enumerate()
            .map(|(i, ((api, html), hash))| {
                let fingerprint = memo::card_fingerprint(versions, i);
                (api.slug.clone(), (fingerprint, html.clone(), *hash))
            })
            .collect();
        let pages = shared
            .jobs()
            .into_iter()
            .zip(kept_pages)
            .zip(link_diagnostics)
            .filter_map(|((job, kept), link_diagnostics)| {
                let mut kept = kept?;
                kept.link_diagnostics = link_diagnostics;
                Some((job, kept))
            })
            .collect();
        (cards, pages)
    });
    let next_memo = match next_memo {
        Some((cards, pages)) => {
            let mut shared = shared;
            // Not kept: the next render's components may differ.
            let components = std::mem::take(&mut shared.components);
            let _ = std::thread::Builder::new().spawn(move || drop(components));
            Some(memo::RenderMemo {
                pages,
                cards: Arc::new(cards),
                search_paths,
                specs: options.specs.clone(),
                spec_diagnostics: Vec::new(),
                kept: Some(memo::Kept {
                    parts: shared.into_parts(),
                    paths,
                    copies: copies.clone(),
                    anchored,
                }),
            })
        }
        None => {
            // What rendering kept (remembered components, card views and
            // their HTML) is freed by another thread: string by string it
            // takes tens of milliseconds on a large catalogue, and this one
            // has files to write.
            let mut shared = shared;
            let leftovers = shared.take_render_state();
            // (If no thread can be started, the closure and its data are
            // dropped here.)
            let _ = std::thread::Builder::new().spawn(move || drop(leftovers));
            None
        }
    };
    (
        RenderSummary {
            copies,
            diagnostics,
            pages,
            reused,
        },
        next_memo,
    )
}

/// Renders again, after an edit of the cards at `changed` that keeps what
/// other pages read of them (their slug, title, producer, themes and
/// popularity: `content::incremental`), only the pages that can differ:
/// the cards' own pages and the lists whose cards' HTML changed. The rest
/// is `memo`'s, from the last render. Puts into `sink` the pages rendered;
/// the other files are the last render's. The summary is what
/// `build_reusing` would give; `None` when `memo` has nothing kept to start
/// from (then `build_reusing`).
pub fn patch(
    catalogue: &Catalogue,
    theme: &theme::Theme,
    options: &BuildOptions,
    sink: &dyn Sink,
    memo: &mut memo::RenderMemo,
    versions: &memo::Versions,
    changed: &[usize],
) -> Option<RenderSummary> {
    let memo::Kept {
        parts,
        paths,
        copies,
        mut anchored,
    } = memo.kept.take()?;
    let (mut shared, relisted) = pages::Shared::from_parts(catalogue, theme, parts, changed);
    shared.specs = &*options.specs;
    // Every other page's fingerprint depends on nothing an edit like this
    // changes: the changed cards' own pages, and the lists of those whose
    // list card changed.
    let mut jobs: Vec<pages::Job> = changed.iter().flat_map(|&i| shared.api_jobs(i)).collect();
    if !relisted.is_empty() {
        jobs.extend(
            shared
                .list_jobs()
                .into_iter()
                .filter(|job| memo::lists_any(&shared, job, &relisted)),
        );
    }
    // The pages kept with another fingerprint (the others are in the
    // files already).
    let jobs: Vec<pages::Job> = jobs
        .into_par_iter()
        .filter(|job| {
            memo.page(job, memo::fingerprint(&shared, versions, job))
                .is_none()
        })
        .collect();
    let reuse = Some((&*memo, versions));
    let outs: Vec<(pages::PageOut, Option<memo::KeptPage>, bool)> = jobs
        .par_iter()
        .with_max_len(1)
        .map(|job| render_or_reuse(&shared, job, sink, reuse))
        .collect();
    let copied: HashSet<&str> = copies.keys().map(String::as_str).collect();
    let generated = links::Generated {
        files: &paths,
        copies: &copied,
        anchors: &|path| sink.anchors(path),
    };
    let mut checker = links::Checker::new(&generated, &shared.site.base_path);
    let mut ids_may_differ = false;
    let mut rendered = 0;
    for (job, (out, kept, reused)) in jobs.into_iter().zip(outs) {
        let Some(mut kept) = kept.filter(|_| !reused) else {
            continue;
        };
        rendered += 1;
        kept.link_diagnostics = checker.page(&out.path, &out.links);
        ids_may_differ |= anchored.contains(&urls::output_file(&out.path));
        memo.pages.insert(job, kept);
    }
    if ids_may_differ {
        // Some link points into a page rendered again: check every link.
        checker = links::Checker::new(&generated, &shared.site.base_path);
        for kept in memo.pages.values_mut() {
            kept.link_diagnostics = checker.page(&kept.path, &kept.links);
        }
    }
    anchored.extend(checker.into_anchored());
    drop(copied);
    let mut diagnostics: Vec<Diagnostic> = shared.card_diagnostics.values().cloned().collect();
    for kept in memo.pages.values() {
        diagnostics.extend(kept.diagnostics.iter().cloned());
        diagnostics.extend(kept.link_diagnostics.iter().cloned());
    }
    crate::diagnostics::sort(&mut diagnostics);
    diagnostics.dedup();
    let pages = memo.pages.len();
    memo.kept = Some(memo::Kept {
        parts: shared.into_parts(),
        paths,
        copies: copies.clone(),
        anchored,
    });
    Some(RenderSummary {
        copies,
        diagnostics,
        pages,
        reused: pages - rendered,
    })
}

#[cfg(test)]
mod test_fixtures;
#[cfg(test)]
mod tests;
