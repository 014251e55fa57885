//! Typed catalogue to pages in memory: the URL scheme (compatible with
//! api.gouv.fr), Tera templates (default theme embedded, overridable), the
//! catalogue page, `catalogue.json`, sitemap. Never touches the disk: the
//! theme is loaded by `theme::Theme::load`, pages are written by `output`.

pub mod feeds;
pub mod pages;
pub mod search_index;
pub mod theme;

use std::collections::BTreeMap;
use std::path::PathBuf;

/// A rendered site: output path (relative, `/`-separated, e.g.
/// `les-api/api-particulier/index.html`) to bytes, plus files to copy as-is.
#[derive(Debug, Default, Clone)]
pub struct Site {
    pub files: BTreeMap<String, Vec<u8>>,
    /// Content files copied unchanged: output path to source path.
    pub copies: BTreeMap<String, PathBuf>,
}
