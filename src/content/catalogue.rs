//! The whole catalogue in memory, and the loader that builds it: reads the
//! folder once, decodes and repairs each file, parses each kind, then checks
//! cross-references. Every problem becomes a `Diagnostic`.

use super::crossref;
use super::loader::{parse_file, FileResult, Item, Kind};
use super::{Api, Guide, Producer, QuestionTreeFile, Service, SiteConfig, SourceFile};
use crate::diagnostics::Diagnostic;
use crate::text::Repair;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Everything a site is built from. Collections are sorted by slug (trees by
/// name) so that every later step iterates deterministically.
#[derive(Debug, Clone, Default)]
pub struct Catalogue {
    pub site: SiteConfig,
    pub apis: Vec<Api>,
    pub producers: Vec<Producer>,
    pub guides: Vec<Guide>,
    pub services: Vec<Service>,
    pub trees: BTreeMap<String, QuestionTreeFile>,
    /// Static files under `content/images/`, relative to `content/`.
    pub static_files: Vec<PathBuf>,
    /// Every mojibake repair, by file.
    pub repairs: Vec<(Arc<PathBuf>, Repair)>,
}

impl Catalogue {
    pub fn api(&self, slug: &str) -> Option<&Api> {
        self.apis.iter().find(|a| a.slug == slug)
    }

    pub fn api_by_title(&self, title: &str) -> Option<&Api> {
        self.apis.iter().find(|a| a.title == title)
    }

    pub fn producer(&self, slug: &str) -> Option<&Producer> {
        self.producers.iter().find(|p| p.slug == slug)
    }
}

/// A loaded catalogue, the diagnostics found on the way, and the texts they
/// point into (for the human renderer's source excerpts).
#[derive(Debug, Default)]
pub struct Loaded {
    pub catalogue: Catalogue,
    pub diagnostics: Vec<Diagnostic>,
    pub sources: crate::diagnostics::SourceTexts,
}

/// Reads `dir` (the content folder) and builds the catalogue. Files are
/// read and decoded in parallel; images are listed, not read.
pub fn load_dir(dir: &Path) -> Loaded {
    if !dir.is_dir() {
        let mut loaded = Loaded::default();
        loaded.diagnostics.push(
            Diagnostic::error(dir, 0, "content folder not found")
                .with_help("pass the folder holding api/, producteurs/… with --content"),
        );
        return loaded;
    }
    let mut content_files = Vec::new();
    let mut static_files = Vec::new();
    let mut diagnostics = Vec::new();
    let walker = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().unwrap_or(dir).to_path_buf();
                diagnostics.push(Diagnostic::error(path, 0, format!("cannot read: {e}")));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(relative) = entry.path().strip_prefix(dir) else {
            continue;
        };
        if relative.starts_with("images") {
            static_files.push(relative.to_path_buf());
        } else if Kind::of(relative).is_some() {
            content_files.push((entry.path().to_path_buf(), relative.to_path_buf()));
        }
    }
    let read: Vec<Result<SourceFile, Diagnostic>> = content_files
        .into_par_iter()
        .map(|(path, relative)| {
            let bytes = std::fs::read(&path)
                .map_err(|e| Diagnostic::error(path.as_path(), 0, format!("cannot read: {e}")))?;
            let (text, report) = crate::text::read_text_owned(bytes);
            Ok(SourceFile {
                path: Arc::new(path),
                relative,
                text,
                report,
            })
        })
        .collect();
    let mut sources = Vec::with_capacity(read.len());
    for r in read {
        match r {
            Ok(s) => sources.push(s),
            Err(d) => diagnostics.push(d),
        }
    }
    let mut loaded = parse_sources(sources, static_files);
    loaded.diagnostics.append(&mut diagnostics);
    crate::diagnostics::sort(&mut loaded.diagnostics);
    loaded
}

/// Builds the catalogue from files already read and decoded.
pub fn parse_sources(sources: Vec<SourceFile>, static_files: Vec<PathBuf>) -> Loaded {
    let results: Vec<FileResult> = sources
        .par_iter()
        .map(|src| match Kind::of(&src.relative) {
            Some(kind) => parse_file(src, kind),
            None => FileResult::default(),
        })
        .collect();
    let mut cat = Catalogue {
        static_files,
        ..Catalogue::default()
    };
    let mut diagnostics = Vec::new();
    let mut refs = Vec::new();
    let mut site_seen = false;
    for (src, result) in sources.iter().zip(results) {
        for repair in &src.report.repairs {
            cat.repairs.push((src.path.clone(), repair.clone()));
        }
        diagnostics.extend(result.diagnostics);
        refs.extend(result.refs);
        match result.item {
            Some(Item::Api(a)) => cat.apis.push(*a),
            Some(Item::Producer(p)) => cat.producers.push(p),
            Some(Item::Guide(g)) => cat.guides.push(g),
            Some(Item::Service(s)) => cat.services.push(s),
            Some(Item::Tree(t)) => {
                if let Some(first) = cat.trees.get(&t.name) {
                    diagnostics.push(Diagnostic::error(
                        t.origin.file.as_path(),
                        1,
                        format!(
                            "duplicate question tree `{}`: already defined by {}",
                            t.name,
                            first.origin.file.display()
                        ),
                    ));
                } else {
                    cat.trees.insert(t.name.clone(), t);
                }
            }
            Some(Item::Site(s)) => {
                if site_seen {
                    diagnostics.push(Diagnostic::error(
                        src.path.as_path(),
                        0,
                        "a second site settings file: keep only site.yaml",
                    ));
                } else {
                    site_seen = true;
                    cat.site = s;
                }
            }
            None => {}
        }
    }
    cat.apis
        .sort_by(|a, b| a.slug.cmp(&b.slug).then_with(|| a.origin.cmp(&b.origin)));
    cat.producers
        .sort_by(|a, b| a.slug.cmp(&b.slug).then_with(|| a.origin.cmp(&b.origin)));
    cat.guides
        .sort_by(|a, b| a.slug.cmp(&b.slug).then_with(|| a.origin.cmp(&b.origin)));
    cat.services
        .sort_by(|a, b| a.slug.cmp(&b.slug).then_with(|| a.origin.cmp(&b.origin)));
    cat.static_files.sort();
    crossref::resolve(&mut cat, &refs, &mut diagnostics);
    crate::diagnostics::sort(&mut diagnostics);
    let texts = sources
        .into_iter()
        .map(|s| (s.path.as_ref().clone(), s.text))
        .collect();
    Loaded {
        catalogue: cat,
        diagnostics,
        sources: texts,
    }
}
