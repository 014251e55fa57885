//! Components rendered through the theme's partials
//! (`components/<snake_name>.html`), one renderer per page: it numbers the
//! page's question trees and token demos, remembers whether the page needs
//! their scripts, and collects the links and problems of every Markdown
//! fragment it renders for the link checker.

use super::component_cache::{ComponentCache, Counters, RenderedComponent};
use super::context::{html, SiteView};
use super::question_tree;
use super::theme::{component_partial, error_chain, Theme};
use crate::content::{Catalogue, Markdown, OAuthDemo, OAuthFlow};
use crate::diagnostics::Diagnostic;
use crate::markdown::{self, Component, ComponentHtml, ComponentRenderer};
use crate::oauth::Realm;
use serde::Serialize;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

/// A link from content, with the file and line it was written at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceLink {
    pub file: Arc<PathBuf>,
    pub line: u32,
    pub href: String,
}

#[derive(Debug, Default)]
struct PageState {
    demos: u32,
    trees: u32,
    links: Vec<SourceLink>,
    diagnostics: Vec<Diagnostic>,
    /// The question trees being rendered, outermost first (an answer's
    /// `<QuestionTree>` renders inside its tree's rendering).
    open_trees: Vec<(String, String)>,
    /// `trees` when the outermost of `open_trees` started.
    trees_at_outermost: u32,
}

/// A question tree being rendered; closes it when dropped.
pub(super) struct OpenTree<'p, 'a> {
    page: &'p PageComponents<'a>,
}

impl Drop for OpenTree<'_, '_> {
    fn drop(&mut self) {
        self.page.state.borrow_mut().open_trees.pop();
    }
}

/// The `demo` value the token-demo partial receives.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DemoView {
    pub id: String,
    pub realm: String,
    pub flow: &'static str,
    pub pkce: bool,
    pub scopes: Vec<String>,
    pub real_authorize_url: Option<String>,
    pub real_token_url: Option<String>,
    pub sandbox_url: Option<String>,
    pub site_url: String,
    pub base_path: String,
}

pub struct PageComponents<'a> {
    pub theme: &'a Theme,
    pub catalogue: &'a Catalogue,
    pub site: &'a SiteView,
    state: RefCell<PageState>,
    /// Renderings shared with the other pages of the build, if any.
    cache: Option<&'a ComponentCache>,
}

impl<'a> PageComponents<'a> {
    pub fn new(theme: &'a Theme, catalogue: &'a Catalogue, site: &'a SiteView) -> Self {
        PageComponents {
            theme,
            catalogue,
            site,
            state: RefCell::new(PageState::default()),
            cache: None,
        }
    }

    /// Reuses (and fills) `cache` for components already rendered on
    /// other pages of this build.
    pub fn with_cache(mut self, cache: &'a ComponentCache) -> Self {
        self.cache = Some(cache);
        self
    }

    fn counters(&self) -> Counters {
        let state = self.state.borrow();
        Counters {
            demos: state.demos,
            trees: state.trees,
        }
    }

    /// Renders through the cache: a hit replays on this page what the
    /// first rendering did to its own (counters, problems).
    fn render_cached(
        &self,
        cache: &ComponentCache,
        component: &Component<'_>,
    ) -> Result<Arc<ComponentHtml>, String> {
        let start = self.counters();
        // Only these number their ids from the page counters.
        let numbered = matches!(component.name, "QuestionTree" | "TokenDemo");
        let key_start = if numbered { start } else { Counters::default() };
        let rendered_here = std::cell::Cell::new(false);
        let entry = cache.get_or_render(component, key_start, || {
            rendered_here.set(true);
            let before = self.state.borrow().diagnostics.len();
            let result = self
                .render_uncached(component)
                .map(|html| Arc::new(ComponentHtml::new(html)));
            let end = self.counters();
            RenderedComponent {
                result,
                added: Counters {
                    demos: end.demos - start.demos,
                    trees: end.trees - start.trees,
                },
                diagnostics: self.state.borrow().diagnostics[before..].to_vec(),
            }
        });
        // Rendered here: its effects are already on this page (also when
        // another thread stored the same rendering first).
        if !rendered_here.get() {
            let mut state = self.state.borrow_mut();
            state.demos += entry.added.demos;
            state.trees += entry.added.trees;
            state.diagnostics.extend(entry.diagnostics.iter().cloned());
        }
        entry.result.clone()
    }

    fn render_uncached(&self, component: &Component<'_>) -> Result<String, String> {
        match component.name {
            "QuestionTree" => question_tree::render(self, component),
            "TokenDemo" => {
                let demo = demo_from_attrs(component)?;
                self.demo_block(&demo)
            }
            _ => self.render_generic(component),
        }
    }

    /// Renders block Markdown and records its links and problems.
    pub fn markdown(&self, md: &Markdown) -> String {
        self.record(md, markdown::render(md, self))
    }

    /// Renders a one-line label without its `<p>`.
    pub fn inline(&self, md: &Markdown) -> String {
        self.record(md, markdown::render_inline(md, self))
    }

    /// Renders an optional field; empty Markdown is `None`.
    pub fn optional(&self, md: Option<&Markdown>) -> Option<String> {
        md.filter(|m| !m.is_empty()).map(|m| self.markdown(m))
    }

    fn record(&self, md: &Markdown, rendered: markdown::RenderedMarkdown) -> String {
        let mut state = self.state.borrow_mut();
        state
            .links
            .extend(rendered.links.into_iter().map(|l| SourceLink {
                file: md.origin.file.clone(),
                line: l.line,
                href: l.href,
            }));
        state.diagnostics.extend(rendered.diagnostics);
        rendered.html
    }

    /// Renders inside a component (question-tree labels and answers): its
    /// links are recorded at their own file and line (the tree file), as the
    /// Markdown writer leaves a tree's links out of the card's.
    pub(super) fn nested(&self, md: &Markdown, inline: bool) -> String {
        let rendered = if inline {
            markdown::render_inline(md, self)
        } else {
            markdown::render(md, self)
        };
        self.record(md, rendered)
    }

    /// The token-demo partial for a front-matter `oauth:` block.
    pub fn demo_block(&self, demo: &OAuthDemo) -> Result<String, String> {
        let view = self.demo_view(demo);
        self.render_partial("token_demo", "demo", &view)
    }

    pub fn has_demo(&self) -> bool {
        self.state.borrow().demos > 0
    }

    pub fn has_tree(&self) -> bool {
        self.state.borrow().trees > 0
    }

    /// Opens the rendering of question `key` (tree, question), unless it
    /// is already open (it would include itself without end), or opening
    /// it would go past `content::tree_graph`'s limits: nested too deep, or
    /// too many trees under the outermost one. The loader reports all of
    /// these; this keeps rendering bounded whatever the catalogue.
    pub(super) fn open_tree(&self, key: (String, String)) -> Option<OpenTree<'_, 'a>> {
        use crate::content::tree_graph::{MAX_INCLUDED_DEPTH, MAX_INCLUDED_TREES};
        let mut state = self.state.borrow_mut();
        if state.open_trees.is_empty() {
            state.trees_at_outermost = state.trees;
        }
        let shown = u64::from(state.trees.saturating_sub(state.trees_at_outermost));
        if state.open_trees.contains(&key)
            || state.open_trees.len() >= MAX_INCLUDED_DEPTH as usize
            || shown >= MAX_INCLUDED_TREES
        {
            return None;
        }
        state.open_trees.push(key);
        Some(OpenTree { page: self })
    }

    pub(super) fn next_tree_id(&self) -> String {
        let mut state = self.state.borrow_mut();
        state.trees += 1;
        format!("qt-{}", state.trees)
    }

    /// Links and diagnostics collected so far, leaving the renderer empty.
    pub fn take(&self) -> (Vec<SourceLink>, Vec<Diagnostic>) {
        let mut state = self.state.borrow_mut();
        (
            std::mem::take(&mut state.links),
            std::mem::take(&mut state.diagnostics),
        )
    }

    pub fn push_diagnostic(&self, diagnostic: Diagnostic) {
        self.state.borrow_mut().diagnostics.push(diagnostic);
    }

    fn demo_view(&self, demo: &OAuthDemo) -> DemoView {
        let id = {
            let mut state = self.state.borrow_mut();
            state.demos += 1;
            format!("token-demo-{}", state.demos)
        };
        let realm = Realm::parse(&demo.realm);
        DemoView {
            id,
            realm: realm.map_or_else(|| demo.realm.clone(), |r| r.as_str().to_string()),
            flow: match demo.flow {
                OAuthFlow::AuthorizationCode => "authorization_code",
                OAuthFlow::ClientCredentials => "client_credentials",
            },
            pkce: demo.pkce,
            scopes: demo.scopes.clone(),
            real_authorize_url: demo
                .authorize_url
                .clone()
                .or_else(|| realm.and_then(|r| r.real_authorize_url()).map(String::from)),
            real_token_url: demo
                .token_url
                .clone()
                .or_else(|| realm.map(|r| r.real_token_url().to_string())),
            sandbox_url: self.site.sandbox_url.clone(),
            site_url: self.site.base_url.clone(),
            base_path: self.site.base_path.clone(),
        }
    }

    fn render_partial<T: Serialize>(
        &self,
        partial: &str,
        key: &'static str,
        value: &T,
    ) -> Result<String, String> {
        let mut ctx = tera::Context::new();
        ctx.insert_value("site", self.site.value.clone());
        ctx.insert(key, value);
        self.theme
            .tera
            .render(&format!("components/{partial}.html"), &ctx)
            .map_err(|e| {
                format!(
                    "theme partial `components/{partial}.html` failed: {}",
                    error_chain(&e)
                )
            })
    }

    fn render_generic(&self, component: &Component<'_>) -> Result<String, String> {
        // A bare attribute (`<NextSteps is_editeur/>`) is `true`.
        let attrs: BTreeMap<String, tera::Value> = component
            .attrs
            .iter()
            .map(|(name, value)| {
                let value = value
                    .as_deref()
                    .map_or(tera::Value::from(true), tera::Value::from);
                (name.clone(), value)
            })
            .collect();
        let partial = component_partial(component.name);
        let mut ctx = tera::Context::new();
        ctx.insert_value("attrs", tera::Value::from(attrs));
        if let Some(inner) = component.inner_html {
            ctx.insert_value("inner_html", html(Some(inner)));
        }
        ctx.insert_value("site", self.site.value.clone());
        self.theme
            .tera
            .render(&format!("components/{partial}.html"), &ctx)
            // A partial file's final newline would add a space after an
            // inline component (`<External>…</External>.` → `… .`).
            .map(|mut html| {
                html.truncate(html.trim_end().len());
                html
            })
            .map_err(|e| {
                format!(
                    "component <{}> failed to render: {}",
                    component.name,
                    error_chain(&e)
                )
            })
    }
}

/// `<TokenDemo realm="/individu" flow="authorization_code" pkce scopes="a b"/>`.
pub fn demo_from_attrs(component: &Component<'_>) -> Result<OAuthDemo, String> {
    let realm_attr = component.attr("realm").unwrap_or("");
    let realm = Realm::parse(realm_attr).ok_or_else(|| {
        format!("<TokenDemo> needs realm=\"/partenaire\", \"/individu\", \"/entreprise\" or \"/agent\", found `{realm_attr}`")
    })?;
    let flow = match component.attr("flow") {
        Some("authorization_code") => OAuthFlow::AuthorizationCode,
        Some("client_credentials") => OAuthFlow::ClientCredentials,
        Some(other) => {
            return Err(format!(
                "<TokenDemo> flow must be `authorization_code` or `client_credentials`, found `{other}`"
            ))
        }
        None if realm.has_users() => OAuthFlow::AuthorizationCode,
        None => OAuthFlow::ClientCredentials,
    };
    let pkce = match component.attrs.iter().find(|(n, _)| n == "pkce") {
        Some((_, None)) => true,
        Some((_, Some(v))) => !matches!(v.as_str(), "false" | "0" | "no"),
        None => false,
    };
    let scopes = component
        .attr("scopes")
        .unwrap_or("")
        .split([' ', ','])
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect();
    Ok(OAuthDemo {
        realm: realm.as_str().to_string(),
        flow,
        pkce,
        scopes,
        authorize_url: component.attr("authorize_url").map(String::from),
        token_url: component.attr("token_url").map(String::from),
    })
}

impl ComponentRenderer for PageComponents<'_> {
    fn knows(&self, name: &str) -> bool {
        self.theme.has_component(name)
    }

    fn render(&self, component: &Component<'_>) -> Result<String, String> {
        match self.cache {
            Some(cache) => self
                .render_cached(cache, component)
                .map(|shared| shared.html.clone()),
            None => self.render_uncached(component),
        }
    }

    fn render_shared(&self, component: &Component<'_>) -> Result<Arc<ComponentHtml>, String> {
        match self.cache {
            Some(cache) => self.render_cached(cache, component),
            None => self
                .render_uncached(component)
                .map(|html| Arc::new(ComponentHtml::new(html))),
        }
    }

    fn names(&self) -> Vec<String> {
        self.theme.component_names()
    }

    fn raw_html(&self) -> bool {
        self.catalogue.site.raw_html
    }
}

#[cfg(test)]
#[path = "components_tests.rs"]
mod tests;
