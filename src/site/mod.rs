//! Typed catalogue to pages in memory: the URL scheme (compatible with
//! api.gouv.fr), Tera templates (default theme embedded, overridable), the
//! catalogue page, `catalogue.json`, sitemap. Never touches the disk: the
//! theme is loaded by `theme::Theme::load`, pages are written by `output`.

mod api_page;
pub mod components;
pub mod context;
pub mod feeds;
pub mod links;
pub mod pages;
mod question_tree;
mod regions;
pub mod search_index;
pub mod theme;
pub mod urls;

use crate::content::Catalogue;
use crate::diagnostics::Diagnostic;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;

/// A rendered site: output path (relative, `/`-separated, e.g.
/// `les-api/api-particulier/index.html`) to bytes, plus files to copy as-is.
#[derive(Debug, Default, Clone)]
pub struct Site {
    pub files: BTreeMap<String, Vec<u8>>,
    /// Content files copied unchanged: output path to source path.
    pub copies: BTreeMap<String, PathBuf>,
}

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Overrides `site.yaml`'s `base_url`.
    pub base_url: Option<String>,
    /// The content folder, to locate `images/…` for copying.
    pub content_dir: PathBuf,
}

/// A built site, the problems found while rendering it, and how many HTML
/// pages it holds.
#[derive(Debug, Default)]
pub struct Built {
    pub site: Site,
    pub diagnostics: Vec<Diagnostic>,
    pub pages: usize,
}

/// Renders every page (in parallel), the machine files and the theme's
/// static files, then checks internal links against what was generated.
pub fn build(catalogue: &Catalogue, theme: &theme::Theme, options: &BuildOptions) -> Built {
    let base_url = options
        .base_url
        .clone()
        .unwrap_or_else(|| catalogue.site.base_url.clone());
    let shared = pages::Shared::new(catalogue, theme, &base_url);
    let outs: Vec<pages::PageOut> = shared
        .jobs()
        .par_iter()
        .map(|job| pages::render(&shared, job))
        .collect();

    let mut site = Site::default();
    let mut diagnostics = shared.card_diagnostics.clone();
    let mut links = Vec::new();
    let mut sitemap_paths = Vec::new();
    let pages = outs.len();
    for out in outs {
        if !out.noindex && out.path.ends_with('/') {
            sitemap_paths.push(out.path.clone());
        }
        diagnostics.extend(out.diagnostics);
        links.extend(out.links.into_iter().map(|l| (out.path.clone(), l)));
        site.files
            .insert(urls::output_file(&out.path), out.html.into_bytes());
    }
    sitemap_paths.sort();
    let paths: Vec<&str> = sitemap_paths.iter().map(String::as_str).collect();
    site.files.insert(
        "sitemap.xml".into(),
        feeds::sitemap(&shared.site.base_url, &paths).into_bytes(),
    );
    site.files.insert(
        "robots.txt".into(),
        feeds::robots(&shared.site.base_url).into_bytes(),
    );
    site.files.insert(
        "catalogue.json".into(),
        feeds::catalogue_json(&shared).into_bytes(),
    );
    site.files.insert(
        "search-index.json".into(),
        search_index::build(&shared).into_bytes(),
    );
    for (name, bytes) in &theme.statics {
        site.files.insert(format!("static/{name}"), bytes.clone());
    }
    for relative in &catalogue.static_files {
        let key = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        site.copies.insert(key, options.content_dir.join(relative));
    }
    let copies: HashSet<&str> = site.copies.keys().map(String::as_str).collect();
    diagnostics.extend(links::check(
        &links,
        &site.files,
        &copies,
        &shared.site.base_path,
    ));
    crate::diagnostics::sort(&mut diagnostics);
    diagnostics.dedup();
    Built {
        site,
        diagnostics,
        pages,
    }
}

#[cfg(test)]
mod test_fixtures;
#[cfg(test)]
mod tests;
