//! The site as served: the files of the last good build, the diagnostics of
//! the latest one, and a generation number that live reload compares.
//! A build with errors keeps the last good files and only replaces the
//! diagnostics (shown in the overlay until the content is fixed).

use crate::diagnostics::{Diagnostic, Severity, SourceTexts};
use crate::pipeline::{self, Options, Report};
use crate::site::MemorySink;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

/// Generated files by output key (`les-api/x/index.html`).
pub type Files = BTreeMap<String, Vec<u8>>;

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
}

/// What the serve loop does once per change: the pipeline's stages, with
/// the site and the sandbox pointed at the local server.
pub fn build(options: &Options, local_url: &str) -> (Files, Report) {
    let sink = MemorySink::default();
    let report = match pipeline::load_theme(options) {
        Ok(theme) => {
            let mut loaded = pipeline::load_content(options);
            point_sandbox_at(&mut loaded.catalogue, local_url);
            pipeline::render(options, &theme, loaded, &sink)
        }
        // Rendering needs a theme: the full build reports the same.
        Err(_) => pipeline::build(options, &sink),
    };
    (sink.into_files(), report)
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
        Files::from([("index.html".to_string(), page.as_bytes().to_vec())])
    }

    #[test]
    fn a_build_with_errors_keeps_the_last_good_files() {
        let first = next(&Snapshot::default(), files("v1"), report(&[]));
        assert!(first.errors.is_empty());
        let broken = next(&first, files("broken"), report(&["bad"]));
        assert_eq!(broken.files["index.html"], b"v1");
        assert_eq!(broken.errors.len(), 1);
        assert_eq!(broken.generation, first.generation + 1);
        let fixed = next(&broken, files("v2"), report(&[]));
        assert_eq!(fixed.files["index.html"], b"v2");
        assert!(fixed.errors.is_empty());
    }

    #[test]
    fn a_first_build_with_errors_is_served_as_it_is() {
        let first = next(&Snapshot::default(), files("partial"), report(&["bad"]));
        assert_eq!(first.files["index.html"], b"partial");
        assert_eq!(first.errors.len(), 1);
    }
}
