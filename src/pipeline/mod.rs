//! The whole pipeline as one library call: content folder in, pages put into
//! a `Sink`, every diagnostic out. `build`, `check` and editor mode call it;
//! `cmd/` only parses flags, prints the `Report` and picks the exit code.
//!
//! The stages stay separate functions (`load_theme`, `load_content`,
//! `render`) so that a caller re-running only what changed can call them one
//! by one; `build` is the three in order, the first two side by side.

use crate::content::{Catalogue, Loaded};
use crate::diagnostics::{self, Counts, Diagnostic, SourceTexts};
use crate::site::{self, theme::Theme, Sink};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[cfg(test)]
mod tests;

/// What to build.
#[derive(Debug, Clone)]
pub struct Options {
    /// The content folder (`api/`, `producteurs/`, `site.yaml`…).
    pub content: PathBuf,
    /// Theme folders overriding the embedded default theme file by file;
    /// later folders win.
    pub themes: Vec<PathBuf>,
    /// Overrides `site.yaml`'s `base_url`.
    pub base_url: Option<String>,
    /// Fetch the specs that `doc_tech_link`s name by http(s) URL
    /// (`--fetch-specs`); `None`, the default: no network access.
    pub fetch: Option<crate::openapi::Fetch>,
}

impl Options {
    /// The site's own `themes/default` beside the content folder, then
    /// `theme` (the `--theme` flag) over it.
    pub fn new(content: &Path, theme: Option<&Path>) -> Options {
        let root = match content.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let mut themes = vec![root.join("themes").join("default")];
        themes.extend(theme.map(Path::to_path_buf));
        Options {
            content: content.to_path_buf(),
            themes,
            base_url: None,
            fetch: None,
        }
    }
}

/// Everything a build found out: the catalogue, its problems (sorted, each
/// said once) with the texts they point into, and what was rendered.
#[derive(Debug, Default)]
pub struct Report {
    pub catalogue: Catalogue,
    pub diagnostics: Vec<Diagnostic>,
    /// The text of every file a diagnostic points into (repaired as the
    /// loader repaired it), for source excerpts.
    pub sources: SourceTexts,
    /// HTML pages put into the sink (0 when the theme did not compile).
    pub pages: usize,
    /// Of `pages`, those reused unchanged from the last render (editor
    /// mode's `render_reusing`).
    pub reused: usize,
    /// Content files to copy unchanged: output path to source path. The
    /// sink's owner copies them (only a build that writes needs them).
    pub copies: BTreeMap<String, PathBuf>,
    pub timings: Timings,
}

/// How long each stage took.
#[derive(Debug, Default, Clone, Copy)]
pub struct Timings {
    /// Reading the content and compiling the theme (side by side).
    pub load: Duration,
    /// Rendering every page into the sink and checking links.
    pub render: Duration,
}

impl Report {
    pub fn counts(&self) -> Counts {
        diagnostics::count(&self.diagnostics)
    }

    /// Whether the build must not be published: an error, or a warning
    /// when warnings are denied.
    pub fn failed(&self, deny_warnings: bool) -> bool {
        let counts = self.counts();
        counts.errors > 0 || (deny_warnings && counts.warnings > 0)
    }

    /// Files that needed at least one mojibake repair.
    pub fn repaired_files(&self) -> usize {
        repaired_files(&self.catalogue)
    }
}

/// Files of `catalogue` that needed at least one mojibake repair.
pub fn repaired_files(catalogue: &Catalogue) -> usize {
    let mut files: Vec<&Path> = catalogue.repairs.iter().map(|(f, _)| f.as_path()).collect();
    files.dedup();
    files.len()
}

/// Loads the content and the theme, renders every page into `sink`, checks
/// internal links, and reports. Nothing is written except through `sink`.
pub fn build(options: &Options, sink: &dyn Sink) -> Report {
    let started = Instant::now();
    // Compiling the templates does not need the content: do it meanwhile.
    // Once the content folder is walked, the sink learns the pages' folders
    // (a writing sink makes them while the cards are parsed).
    let (theme, loaded) = rayon::join(
        || load_theme(options),
        || {
            crate::content::load_dir_and_tell(&options.content, |files| {
                sink.prepare(
                    files
                        .into_iter()
                        .filter_map(site::urls::page_folder)
                        .collect(),
                );
            })
        },
    );
    let loaded_at = Instant::now();
    let mut report = match theme {
        Ok(theme) => render(options, &theme, loaded, sink),
        Err(problem) => unrendered(loaded, *problem),
    };
    report.timings = Timings {
        load: loaded_at - started,
        render: loaded_at.elapsed(),
    };
    report
}

/// The theme the options name, compiled; a theme that does not compile is
/// an error diagnostic at the template Tera named.
pub fn load_theme(options: &Options) -> Result<Theme, Box<Diagnostic>> {
    Theme::load(&options.themes).map_err(|e| {
        Box::new(
            Diagnostic::error(
                &e.file,
                0,
                format!("the theme does not compile: {}", e.message),
            )
            .with_help("fix the template (or remove the override to use the default theme)"),
        )
    })
}

/// The content folder, read, repaired and parsed into a catalogue.
pub fn load_content(options: &Options) -> Loaded {
    crate::content::load_dir(&options.content)
}

/// Renders `loaded` with `theme` into `sink`, checks the links, and gathers
/// the loader's and the renderer's diagnostics into one report.
pub fn render(options: &Options, theme: &Theme, loaded: Loaded, sink: &dyn Sink) -> Report {
    render_with(options, theme, loaded, sink, None)
}

/// `render`, reusing from `memo` the pages whose inputs are unchanged
/// (`site::memo`), and replacing `memo` with what the next call can reuse.
/// The pages and the report are the same as `render`'s; with
/// `defer_catalogue_files`, `catalogue.json` and the search index are left
/// for `catalogue_files`.
pub fn render_reusing(
    options: &Options,
    theme: &Theme,
    loaded: Loaded,
    sink: &dyn Sink,
    memo: &mut site::memo::RenderMemo,
    versions: &site::memo::Versions,
    defer_catalogue_files: bool,
) -> Report {
    render_with(
        options,
        theme,
        loaded,
        sink,
        Some((memo, versions, defer_catalogue_files)),
    )
}

/// The files `render_reusing` left for later: `catalogue.json` and the
/// search index of `catalogue` (the report's), with the list cards and the
/// specs `memo` holds.
pub fn catalogue_files(
    options: &Options,
    theme: &Theme,
    catalogue: &Catalogue,
    memo: &site::memo::RenderMemo,
    versions: &site::memo::Versions,
) -> Vec<(String, Vec<u8>)> {
    let base_url = options
        .base_url
        .clone()
        .unwrap_or_else(|| catalogue.site.base_url.clone());
    let mut shared =
        site::pages::Shared::reusing(catalogue, theme, &base_url, Some((memo, versions)));
    shared.specs = &*memo.specs;
    site::catalogue_files(&shared)
}

/// The report of an edit of the cards at `changed` that keeps what other
/// pages read of them, after `content::incremental::ParseCache::patch` made
/// `loaded` the catalogue after it: `site::patch` renders only the pages
/// that can differ, into `sink` (the other files are the last render's),
/// and the report is what `render_reusing` would give. `None`: `memo`
/// holds no render to patch (`render_reusing` then).
#[allow(clippy::too_many_arguments)]
pub fn patch(
    options: &Options,
    theme: &Theme,
    loaded: &Loaded,
    sink: &dyn Sink,
    memo: &mut site::memo::RenderMemo,
    versions: &site::memo::Versions,
    changed: &[usize],
    defer_catalogue_files: bool,
) -> Option<Report> {
    let site_options = site::BuildOptions {
        base_url: options.base_url.clone(),
        content_dir: options.content.clone(),
        specs: memo.specs.clone(),
    };
    let rendered = site::patch(
        &loaded.catalogue,
        theme,
        &site_options,
        sink,
        memo,
        versions,
        changed,
    )?;
    if !defer_catalogue_files {
        for (path, bytes) in catalogue_files(options, theme, &loaded.catalogue, memo, versions) {
            sink.put(&path, bytes);
        }
    }
    let mut diagnostics = loaded.diagnostics.clone();
    diagnostics.extend(memo.spec_diagnostics.iter().cloned());
    diagnostics.extend(rendered.diagnostics);
    let mut report = Report {
        catalogue: Catalogue::default(),
        diagnostics,
        sources: loaded.sources.clone(),
        pages: rendered.pages,
        reused: rendered.reused,
        copies: rendered.copies,
        timings: Timings::default(),
    };
    settle(&mut report);
    Some(report)
}

fn render_with(
    options: &Options,
    theme: &Theme,
    loaded: Loaded,
    sink: &dyn Sink,
    reuse: Option<(&mut site::memo::RenderMemo, &site::memo::Versions, bool)>,
) -> Report {
    let (specs, spec_diagnostics) =
        crate::openapi::load_all(&loaded.catalogue, &options.content, options.fetch.as_ref());
    let site_options = site::BuildOptions {
        base_url: options.base_url.clone(),
        content_dir: options.content.clone(),
        specs: std::sync::Arc::new(specs),
    };
    let rendered = match reuse {
        None => site::build_into(&loaded.catalogue, theme, &site_options, sink),
        Some((memo, versions, defer)) => {
            let (rendered, next) = site::build_reusing(
                &loaded.catalogue,
                theme,
                &site_options,
                sink,
                Some((&*memo, versions)),
                defer,
            );
            *memo = next.unwrap_or_default();
            memo.spec_diagnostics.clone_from(&spec_diagnostics);
            rendered
        }
    };
    let Loaded {
        catalogue,
        mut diagnostics,
        sources,
    } = loaded;
    diagnostics.extend(spec_diagnostics);
    diagnostics.extend(rendered.diagnostics);
    let mut report = Report {
        catalogue,
        diagnostics,
        sources,
        pages: rendered.pages,
        reused: rendered.reused,
        copies: rendered.copies,
        timings: Timings::default(),
    };
    settle(&mut report);
    report
}

/// The report of a build whose theme did not compile: the loader's
/// diagnostics and the theme's.
fn unrendered(loaded: Loaded, problem: Diagnostic) -> Report {
    let Loaded {
        catalogue,
        mut diagnostics,
        sources,
    } = loaded;
    diagnostics.push(problem);
    let mut report = Report {
        catalogue,
        diagnostics,
        sources,
        ..Report::default()
    };
    settle(&mut report);
    report
}

/// Sorts the diagnostics, says each once, and reads the texts of the files
/// that rendering found problems in (the loader keeps only those its own
/// diagnostics point into).
fn settle(report: &mut Report) {
    diagnostics::sort(&mut report.diagnostics);
    // Sorted by their whole content, equal diagnostics are neighbours.
    report.diagnostics.dedup();
    for d in &report.diagnostics {
        if d.line == 0 || report.sources.contains_key(&d.file) {
            continue;
        }
        if let Ok(bytes) = std::fs::read(&d.file) {
            report
                .sources
                .insert(d.file.clone(), crate::text::read_text(&bytes).0.into());
        }
    }
}
