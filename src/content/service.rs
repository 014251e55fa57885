//! Services (`service/<slug>.md`): products built on the APIs.

use super::{Markdown, Origin};

#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    pub slug: String,
    pub origin: Origin,
    pub title: String,
    pub link: Option<String>,
    pub description: Option<Markdown>,
    pub screenshot: Option<String>,
    /// API titles, each checked against the cards.
    pub api: Vec<String>,
    pub body: Markdown,
}
