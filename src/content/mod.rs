//! Text to typed content: front matter (split as gray_matter does, read by
//! `crate::yaml`) into API cards, producers, guides, services, question
//! trees and site settings; unknown keys with suggestions; cross-references.
//!
//! Pure given the texts: `catalogue::load_dir` reads the folder once, then
//! everything else works on `SourceFile`s in memory.

pub mod api;
mod api_parse;
pub mod catalogue;
pub mod crossref;
pub mod fields;
pub mod front_matter;
pub mod guide;
pub mod images;
pub mod incremental;
pub mod known_keys;
mod link_field;
pub mod loader;
mod oauth_block;
pub mod producer;
pub mod question_tree;
mod refs;
pub mod service;
pub mod site_config;
pub mod tree_graph;

pub use api::{Access, AccessAudience, Api, ApiLinks, Eligibility, OAuthDemo, OAuthFlow, Stat};
pub use catalogue::{load_dir, load_dir_and_tell, parse_sources, Catalogue, Loaded};
pub use guide::Guide;
pub use producer::Producer;
pub use question_tree::{ChoiceGroup, Outcome, Question, QuestionTreeFile};
pub use service::Service;
pub use site_config::SiteConfig;

use std::path::PathBuf;
use std::sync::Arc;

/// Where a piece of content starts: the file (as shown to users) and the
/// 1-based line in that file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Origin {
    pub file: Arc<PathBuf>,
    pub line: u32,
}

impl Origin {
    pub fn new(file: Arc<PathBuf>, line: u32) -> Self {
        Origin { file, line }
    }

    /// The file line of `line_in_text` (1-based) inside a text that starts here.
    pub fn line_within(&self, line_in_text: u32) -> u32 {
        self.line + line_in_text.saturating_sub(1)
    }
}

/// Markdown (with components) and where its first line sits in its file, so
/// that problems found while rendering it point at the right file and line.
///
/// For a YAML block scalar (`description: |`), `origin.line` is the line of
/// the scalar's first content line and `source` has the indentation removed,
/// so line N of `source` is line `origin.line + N - 1` of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Markdown {
    pub source: String,
    pub origin: Origin,
}

impl Markdown {
    pub fn is_empty(&self) -> bool {
        self.source.trim().is_empty()
    }
}

/// One content file after decoding and repair.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path as shown to users, e.g. `content/api/api-particulier.md`.
    pub path: Arc<PathBuf>,
    /// Path relative to the content folder, e.g. `api/api-particulier.md`;
    /// decides what kind of file this is.
    pub relative: PathBuf,
    pub text: String,
    pub report: crate::text::TextReport,
}
