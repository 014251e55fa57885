//! The edge that reads files: for every card whose `doc_tech_link`
//! names a spec inside the catalogue (`/swaggers/x.json` →
//! `static/swaggers/x.json`), the spec read into the model. A spec that is
//! missing, does not parse or has dangling `$ref`s is a warning at the
//! card's `doc_tech_link` line; its page falls back to the external-link form.
//! With `--fetch-specs` (a `Fetch`), a link that is an http(s) URL is
//! fetched too (`fetch`); without it, no network access at all.

use super::fetch::{self, Fetch};
use super::Spec;
use crate::content::{Api, Catalogue};
use crate::diagnostics::Diagnostic;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Card slug to its rendered spec.
pub type Specs = BTreeMap<String, Arc<Spec>>;

/// The file under the content folder a `doc_tech_link` names, when it names
/// a JSON or YAML file of the site (`/swaggers/x.yaml`): the site serves
/// `static/…` at its root.
pub fn local_spec_path(doc_tech_link: &str) -> Option<PathBuf> {
    let link = doc_tech_link.trim();
    let path = link.strip_prefix('/').filter(|p| !p.starts_with('/'))?;
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let lower = path.to_ascii_lowercase();
    if !(lower.ends_with(".json") || lower.ends_with(".yaml") || lower.ends_with(".yml")) {
        return None;
    }
    let mut out = PathBuf::from("static");
    for segment in path.split('/') {
        // Never out of the content folder.
        if segment.is_empty() || segment == "." || segment == ".." {
            return None;
        }
        out.push(crate::site::urls::percent_decode(segment));
    }
    Some(out)
}

/// What one card's spec came to: the spec (when there is one to render)
/// and the warnings.
type Loaded = (String, Option<Spec>, Vec<Diagnostic>);

/// Fetching runs this many requests at a time (they mostly wait).
const FETCH_THREADS: usize = 8;

/// Reads the specs of every card that names one (in parallel); with
/// `fetch`, also fetches those named by an http(s) URL.
pub fn load_all(
    catalogue: &Catalogue,
    content_dir: &Path,
    fetch: Option<&Fetch>,
) -> (Specs, Vec<Diagnostic>) {
    let mut results: Vec<Loaded> = catalogue
        .apis
        .par_iter()
        .filter_map(|api| {
            let link = api.links.doc_tech.as_deref()?;
            let relative = local_spec_path(link)?;
            Some(match load_one(api, content_dir, &relative) {
                Ok(spec) => (api.slug.clone(), Some(spec), Vec::new()),
                Err(d) => (api.slug.clone(), None, vec![d]),
            })
        })
        .collect();
    if let Some(fetch) = fetch {
        results.extend(fetch_all(catalogue, fetch));
    }
    let mut specs = Specs::new();
    let mut diagnostics = Vec::new();
    for (slug, spec, warnings) in results {
        if let Some(spec) = spec {
            specs.insert(slug, Arc::new(spec));
        }
        diagnostics.extend(warnings);
    }
    (specs, diagnostics)
}

/// The specs of the cards whose `doc_tech_link` is an http(s) URL, fetched
/// a few at a time.
fn fetch_all(catalogue: &Catalogue, fetch: &Fetch) -> Vec<Loaded> {
    let remote: Vec<(&Api, String)> = catalogue
        .apis
        .iter()
        .filter_map(|api| {
            let url = fetch::remote_spec_url(api.links.doc_tech.as_deref()?)?;
            Some((&**api, url))
        })
        .collect();
    if remote.is_empty() {
        return Vec::new();
    }
    let agent = fetch::agent(fetch);
    let run = || -> Vec<Loaded> {
        remote
            .par_iter()
            .map(|(api, url)| {
                let (spec, warnings) = fetch::load_remote(api, url, fetch, &agent);
                (api.slug.clone(), spec, warnings)
            })
            .collect()
    };
    match rayon::ThreadPoolBuilder::new()
        .num_threads(FETCH_THREADS)
        .build()
    {
        Ok(pool) => pool.install(run),
        Err(_) => run(),
    }
}

/// A warning at `api`'s `doc_tech_link` line.
pub(super) fn warning(api: &Api, message: String, help: &str) -> Diagnostic {
    Diagnostic::warning(
        api.origin.file.as_ref().clone(),
        api.links.doc_tech_line,
        message,
    )
    .with_help(help)
}

fn load_one(api: &Api, content_dir: &Path, relative: &Path) -> Result<Spec, Diagnostic> {
    let shown = relative.display();
    let warn = |message: String, help: &str| {
        warning(
            api,
            message,
            &format!(
                "{help}; until then /documentation/{}/ only links to the reference",
                api.slug
            ),
        )
    };
    let bytes = std::fs::read(content_dir.join(relative)).map_err(|e| {
        warn(
            format!("`doc_tech_link` names {shown}, which cannot be read: {e}"),
            "add the spec file under the content folder's static/, or link to an external URL",
        )
    })?;
    let (text, _) = crate::text::read_text_owned(bytes);
    let name = relative.to_string_lossy();
    super::read(&text, &name).map_err(|problem| {
        let at = if problem.pointer.is_empty() {
            String::new()
        } else {
            format!(" at {}", problem.pointer)
        };
        warn(
            format!("the spec {shown}{at}: {}", problem.message),
            "fix the spec",
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_site_path_to_a_json_or_yaml_file_names_a_file_under_static() {
        assert_eq!(
            local_spec_path("/swaggers/api-x.json"),
            Some(PathBuf::from("static/swaggers/api-x.json"))
        );
        assert_eq!(
            local_spec_path("/swaggers/openapi.YAML"),
            Some(PathBuf::from("static/swaggers/openapi.YAML"))
        );
    }

    #[test]
    fn urls_pages_and_escapes_name_no_local_spec() {
        assert_eq!(local_spec_path("https://x.fr/openapi.json"), None);
        assert_eq!(local_spec_path("//x.fr/openapi.json"), None);
        assert_eq!(local_spec_path("/documentation/x"), None);
        assert_eq!(local_spec_path("/swaggers/../../etc/x.json"), None);
    }
}
