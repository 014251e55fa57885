//! Producers (`producteurs/<slug>.md`): who publishes the APIs.

use super::{Markdown, Origin};

#[derive(Debug, Clone, PartialEq)]
pub struct Producer {
    pub slug: String,
    pub origin: Origin,
    pub name: String,
    pub acronym: Option<String>,
    /// `nameWithPronoun`, e.g. "la DINUM".
    pub name_with_pronoun: Option<String>,
    /// File name inside `content/images/` (or a path starting with `/images/`).
    pub logo: Option<String>,
    /// `type`, e.g. "Ministère".
    pub kind: Option<String>,
    pub site: Option<String>,
    pub short: Option<String>,
    pub description: Option<Markdown>,
    /// A Markdown table of the data they hold.
    pub data: Option<Markdown>,
    pub contact: Option<String>,
    pub annuaire: Option<String>,
    pub site_open_data: Option<String>,
    pub site_api: Option<String>,
    pub body: Markdown,
}
