//! The site as served: the files of the last good build, the diagnostics of
//! the latest one, and a generation number that live reload compares.
//! A build with errors keeps the last good files and only replaces the
//! diagnostics (shown in the overlay until the content is fixed).

use crate::content::incremental::ParseCache;
use crate::content::{Catalogue, Loaded};
use crate::diagnostics::{Diagnostic, Severity, SourceTexts};
use crate::pipeline::{self, Options, Report};
use crate::site::memo::{RenderMemo, Versions};
use crate::site::theme::Theme;
use crate::site::Sink;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Generated files by output key (`les-api/x/index.html`).
pub type Files = imbl::OrdMap<Arc<str>, Arc<[u8]>>;

/// One consistent view of the site, swapped whole after each rebuild.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// Bumped on every rebuild that changed what a page shows.
    pub generation: u64,
    pub files: Arc<Files>,
    /// Content files served from disk: output key to source path.
    pub copies: Arc<BTreeMap<String, PathBuf>>,
    /// The errors of the latest build (empty: no overlay), with the texts
    /// they point into.
    pub errors: Vec<Diagnostic>,
    pub sources: SourceTexts,
    /// Set while `catalogue.json` and the search index of these pages are
    /// still being made: requests for them wait (`is_catalogue_file`).
    pub pending: Option<Arc<Pending>>,
}

/// Whether `key` is one of the files made from the whole catalogue at once
/// (`Session::catalogue_files`).
pub fn is_catalogue_file(key: &str) -> bool {
    key == "catalogue.json" || key.starts_with("search/")
}

/// Files still being made; `finish` wakes whoever waits for them.
#[derive(Debug, Default)]
pub struct Pending {
    done: Mutex<bool>,
    made: std::sync::Condvar,
}

impl Pending {
    pub fn finish(&self) {
        *self.done.lock().unwrap_or_else(|e| e.into_inner()) = true;
        self.made.notify_all();
    }

    /// Waits until `finish`, or `longest`.
    pub fn wait(&self, longest: std::time::Duration) {
        let done = self.done.lock().unwrap_or_else(|e| e.into_inner());
        let _ = self
            .made
            .wait_timeout_while(done, longest, |done| !*done)
            .map_err(|e| e.into_inner());
    }
}

/// The files of a patch (`Session`'s fast way) over those of the build it
/// patches: the link checker reads both.
struct PatchSink<'a> {
    base: &'a Files,
    new: SharedSink,
}

impl Sink for PatchSink<'_> {
    fn put(&self, path: &str, bytes: Vec<u8>) {
        self.new.put(path, bytes);
    }

    fn put_shared(&self, path: &str, bytes: Arc<[u8]>) {
        self.new.put_shared(path, bytes);
    }

    fn get(&self, path: &str) -> Option<Vec<u8>> {
        self.new
            .get(path)
            .or_else(|| self.base.get(path).map(|b| b.to_vec()))
    }
}

/// Keeps every file, sharing the bytes of pages reused from the last
/// render instead of copying them.
#[derive(Debug, Default)]
struct SharedSink(Mutex<Files>);

impl Sink for SharedSink {
    fn put(&self, path: &str, bytes: Vec<u8>) {
        self.put_shared(path, Arc::from(bytes));
    }

    fn put_shared(&self, path: &str, bytes: Arc<[u8]>) {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(Arc::from(path), bytes);
    }

    fn get(&self, path: &str) -> Option<Vec<u8>> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(path)
            .map(|b| b.to_vec())
    }
}

/// The serve loop's builds: the pipeline's stages, re-running only what a
/// change needs. The content files the watcher names are parsed again
/// (`content::incremental`), the theme is compiled again only when one of
/// its files changed, and pages whose inputs did not change are reused
/// (`site::memo`). An edit of cards' own content (not what other files or
/// pages read of them) goes a shorter way: only those cards are assembled
/// again (`ParseCache::patch`) and only the pages that can differ are
/// looked at (`site::patch`); everything else is the last build's. Every
/// build gives the same files as a full build.
pub struct Session {
    options: Options,
    local_url: String,
    theme: Option<Arc<Theme>>,
    parsed: ParseCache,
    memo: RenderMemo,
    /// `Versions::site`: bumped by anything but an edit of cards' own
    /// content.
    site_version: u64,
    /// The versions of the last render.
    versions: Versions,
    /// Whether the last render left the catalogue files for later.
    deferred: bool,
    /// The search index's files as last made (by a `CatalogueJob`, maybe
    /// on another thread), for the link checker.
    search_paths: Arc<Mutex<Vec<String>>>,
    /// The last build, for the next one to patch (`None`: the next one
    /// starts over).
    last: Option<Last>,
    /// Whether the last build patched the one before.
    patched: bool,
}

/// What the next build patches.
struct Last {
    /// The loader's part: the catalogue, its problems and their texts.
    loaded: Loaded,
    /// The files of the build, less those `catalogue_job` makes.
    files: Files,
}

/// `catalogue.json` and the search index of one build, to make on any
/// thread (`Session::catalogue_job`).
pub struct CatalogueJob {
    options: Options,
    theme: Arc<Theme>,
    catalogue: Arc<Catalogue>,
    memo: RenderMemo,
    versions: Versions,
    search_paths: Arc<Mutex<Vec<String>>>,
}

impl CatalogueJob {
    pub fn run(self) -> Vec<(Arc<str>, Arc<[u8]>)> {
        let files = pipeline::catalogue_files(
            &self.options,
            &self.theme,
            &self.catalogue,
            &self.memo,
            &self.versions,
        );
        *self.search_paths.lock().unwrap_or_else(|e| e.into_inner()) = files
            .iter()
            .map(|(path, _)| path.clone())
            .filter(|path| path.starts_with("search/"))
            .collect();
        files
            .into_iter()
            .map(|(path, bytes)| (Arc::from(path), Arc::from(bytes)))
            .collect()
    }
}

impl Session {
    pub fn new(options: Options, local_url: &str) -> Session {
        Session {
            options,
            local_url: local_url.to_string(),
            theme: None,
            parsed: ParseCache::default(),
            memo: RenderMemo::default(),
            site_version: 0,
            versions: Versions::default(),
            deferred: false,
            search_paths: Arc::default(),
            last: None,
            patched: false,
        }
    }

    /// Whether the last build was a patch of the one before: an edit of
    /// cards' own content, with only the pages that can differ rendered.
    pub fn patched(&self) -> bool {
        self.patched
    }

    /// Builds after `changed` (`None`: the first build, or anything may
    /// have changed), with the site and the sandbox pointed at the local
    /// server. An edit of cards' own content patches the last build
    /// (`patched`). The report's catalogue is left empty: the session
    /// keeps it (`catalogue_job`).
    pub fn build(&mut self, changed: Option<&[PathBuf]>) -> (Files, Report) {
        self.run(changed, false)
    }

    /// `build` less `catalogue.json` and the search index, which take
    /// longest on a large catalogue and are not what the editor looks at:
    /// `catalogue_job` makes them, on any thread, once the pages are served.
    pub fn build_pages(&mut self, changed: Option<&[PathBuf]>) -> (Files, Report) {
        self.run(changed, true)
    }

    /// The making of the files the last `build_pages` left out (`None` when
    /// it made them anyway: a theme that does not compile).
    pub fn catalogue_job(&mut self) -> Option<CatalogueJob> {
        let (Some(theme), true, Some(last)) =
            (&self.theme, std::mem::take(&mut self.deferred), &self.last)
        else {
            return None;
        };
        Some(CatalogueJob {
            options: self.options.clone(),
            theme: theme.clone(),
            catalogue: Arc::new(last.loaded.catalogue.clone()),
            memo: RenderMemo {
                cards: self.memo.cards.clone(),
                specs: self.memo.specs.clone(),
                ..RenderMemo::default()
            },
            versions: self.versions.clone(),
            search_paths: self.search_paths.clone(),
        })
    }

    fn run(&mut self, changed: Option<&[PathBuf]>, defer: bool) -> (Files, Report) {
        let (content_changes, elsewhere) = match changed {
            Some(paths) => split(&self.options.content, paths),
            None => (Vec::new(), true),
        };
        self.patched = false;
        if !elsewhere {
            if let Some(patched) = self.patch(&content_changes, defer) {
                self.patched = true;
                return patched;
            }
        }
        self.last = None;
        if elsewhere || self.theme.is_none() {
            // A theme file, or something outside the content: compile the
            // theme again and render every page.
            self.theme = pipeline::load_theme(&self.options).ok().map(Arc::new);
            self.site_version += 1;
        }
        let hint = changed.map(|_| content_changes.as_slice());
        let (mut loaded, change) = self.parsed.load(&self.options.content, hint);
        if change.wide {
            self.site_version += 1;
        }
        point_sandbox_at(&mut loaded.catalogue, &self.local_url);
        let sink = SharedSink::default();
        let loader_part = self.theme.as_ref().map(|_| Loaded {
            catalogue: Catalogue::default(),
            diagnostics: loaded.diagnostics.clone(),
            sources: loaded.sources.clone(),
        });
        let mut report = match self.theme.clone() {
            Some(theme) => {
                self.versions = Versions {
                    site: self.site_version,
                    apis: loaded
                        .catalogue
                        .apis
                        .iter()
                        .map(|a| self.parsed.version(&a.origin.file).unwrap_or(0))
                        .collect(),
                };
                self.prepare_render(defer);
                pipeline::render_reusing(
                    &self.options,
                    &theme,
                    loaded,
                    &sink,
                    &mut self.memo,
                    &self.versions,
                    defer,
                )
            }
            // Rendering needs a theme: the full build reports the same.
            None => {
                self.memo = RenderMemo::default();
                self.deferred = false;
                pipeline::build(&self.options, &sink)
            }
        };
        if !defer {
            *self.search_paths.lock().unwrap_or_else(|e| e.into_inner()) =
                self.memo.search_paths.clone();
        }
        let files = sink.0.into_inner().unwrap_or_else(|e| e.into_inner());
        if let Some(mut loaded) = loader_part {
            // The catalogue stays here, for the next patch and
            // `catalogue_job`.
            loaded.catalogue = std::mem::take(&mut report.catalogue);
            self.last = Some(Last {
                loaded,
                files: files
                    .iter()
                    .filter(|(path, _)| !is_catalogue_file(path))
                    .map(|(path, bytes)| (path.clone(), bytes.clone()))
                    .collect(),
            });
        }
        (files, report)
    }

    /// Before a render: whether it leaves the catalogue files for
    /// `catalogue_job`, and the search index's files as last made (the
    /// link checker's).
    fn prepare_render(&mut self, defer: bool) {
        self.deferred = defer;
        self.memo.search_paths = self
            .search_paths
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
    }

    /// The build after an edit of cards' own content (`ParseCache::patch`
    /// says which), patching the last one; `None` for any other change,
    /// and then nothing has changed.
    fn patch(&mut self, content_changes: &[PathBuf], defer: bool) -> Option<(Files, Report)> {
        // (A render with a theme keeps what a patch starts from.)
        self.memo.kept.as_ref()?;
        // (Done again by a full render if this is not a patch after all.)
        self.prepare_render(defer);
        let (Some(theme), Some(last)) = (&self.theme, &mut self.last) else {
            return None;
        };
        let changed =
            self.parsed
                .patch(&self.options.content, content_changes, &mut last.loaded)?;
        for &i in &changed {
            let file = &last.loaded.catalogue.apis[i].origin.file;
            if let (Some(version), Some(slot)) =
                (self.parsed.version(file), self.versions.apis.get_mut(i))
            {
                *slot = version;
            }
        }
        let sink = PatchSink {
            base: &last.files,
            new: SharedSink::default(),
        };
        let report = pipeline::patch(
            &self.options,
            theme,
            &last.loaded,
            &sink,
            &mut self.memo,
            &self.versions,
            &changed,
            defer,
        );
        let new = sink.new.0.into_inner().unwrap_or_else(|e| e.into_inner());
        let Some(report) = report else {
            // (Not when `memo.kept` was there.) Start over.
            self.last = None;
            return None;
        };
        let mut files = std::mem::take(&mut last.files);
        let (catalogue_files, pages): (Files, Files) = new
            .into_iter()
            .partition(|(path, _)| is_catalogue_file(path));
        files.extend(pages);
        last.files = files.clone();
        files.extend(catalogue_files);
        Some((files, report))
    }
}

/// `changed` split into paths inside the content folder and whether any is
/// elsewhere (a theme file).
fn split(content: &Path, changed: &[PathBuf]) -> (Vec<PathBuf>, bool) {
    let absolute = content.canonicalize().ok();
    let inside =
        |p: &Path| p.starts_with(content) || absolute.as_ref().is_some_and(|a| p.starts_with(a));
    let mut elsewhere = false;
    let mut inside_paths = Vec::new();
    for path in changed {
        if inside(path) {
            inside_paths.push(path.clone());
        } else {
            elsewhere = true;
        }
    }
    (inside_paths, elsewhere)
}

/// The sandbox is mounted on the serve origin: the token demo talks to it.
pub fn point_sandbox_at(catalogue: &mut crate::content::Catalogue, local_url: &str) {
    catalogue.site.sandbox_url = Some(local_url.to_string());
}

/// The options of a serve build: `content` and themes as given, every URL
/// on the local server.
pub fn serve_options(mut options: Options, local_url: &str) -> Options {
    options.base_url = Some(local_url.to_string());
    options
}

/// The snapshot after a build: new files when it has no error, the previous
/// ones otherwise (or the new ones when there is nothing before them).
pub fn next(previous: &Snapshot, files: Files, report: Report) -> Snapshot {
    let errors: Vec<Diagnostic> = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .cloned()
        .collect();
    let keep_old = !errors.is_empty() && !previous.files.is_empty();
    let (files, copies) = if keep_old {
        (previous.files.clone(), previous.copies.clone())
    } else {
        (Arc::new(files), Arc::new(report.copies))
    };
    Snapshot {
        generation: previous.generation + 1,
        files,
        copies,
        errors,
        sources: report.sources,
        pending: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(errors: &[&str]) -> Report {
        Report {
            diagnostics: errors
                .iter()
                .map(|m| Diagnostic::error("content/api/a.md", 3, *m))
                .collect(),
            ..Report::default()
        }
    }

    fn files(page: &str) -> Files {
        Files::unit(Arc::from("index.html"), Arc::from(page.as_bytes()))
    }

    #[test]
    fn a_build_with_errors_keeps_the_last_good_files() {
        let first = next(&Snapshot::default(), files("v1"), report(&[]));
        assert!(first.errors.is_empty());
        let broken = next(&first, files("broken"), report(&["bad"]));
        assert_eq!(&*broken.files["index.html"], b"v1");
        assert_eq!(broken.errors.len(), 1);
        assert_eq!(broken.generation, first.generation + 1);
        let fixed = next(&broken, files("v2"), report(&[]));
        assert_eq!(&*fixed.files["index.html"], b"v2");
        assert!(fixed.errors.is_empty());
    }

    #[test]
    fn a_first_build_with_errors_is_served_as_it_is() {
        let first = next(&Snapshot::default(), files("partial"), report(&["bad"]));
        assert_eq!(&*first.files["index.html"], b"partial");
        assert_eq!(first.errors.len(), 1);
    }
}
