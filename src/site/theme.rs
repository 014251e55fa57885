//! The theme: Tera templates, component partials and static files. The
//! default theme (`themes/default`) is embedded in the binary; a theme folder
//! given on the command line (or the site's own `themes/default`) overrides
//! any file by its relative path. Templates are compiled once per build.

use include_dir::{include_dir, Dir};
use std::collections::BTreeMap;
use std::path::PathBuf;
use tera::Tera;
use walkdir::WalkDir;

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// A compiled theme, ready to render pages.
pub struct Theme {
    pub tera: Tera,
    /// Static files: path under `static/` (e.g. `css/vitrine.css`) to bytes.
    pub statics: BTreeMap<String, Vec<u8>>,
    /// Component partial names (`button`, `question_tree`…) without `.html`.
    components: Vec<String>,
}

impl std::fmt::Debug for Theme {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Theme")
            .field("statics", &self.statics.keys().collect::<Vec<_>>())
            .field("components", &self.components)
            .finish()
    }
}

/// A theme problem: which file, and what Tera said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThemeError {
    pub file: String,
    pub message: String,
}

impl std::fmt::Display for ThemeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.file, self.message)
    }
}

/// A theme file's bytes and where they came from: a file on disk, or the
/// default theme embedded in the binary (`None`).
type Files = BTreeMap<String, (Vec<u8>, Option<PathBuf>)>;

impl Theme {
    /// The embedded default theme with no overrides.
    pub fn embedded() -> Result<Theme, ThemeError> {
        Theme::build(default_files())
    }

    /// The default theme overridden, file by file, by each folder in order
    /// (later folders win). A folder that does not exist is skipped.
    pub fn load(overrides: &[PathBuf]) -> Result<Theme, ThemeError> {
        let mut files = default_files();
        for dir in overrides {
            if !dir.is_dir() {
                continue;
            }
            for entry in WalkDir::new(dir).sort_by_file_name() {
                let entry = entry.map_err(|e| ThemeError {
                    file: dir.display().to_string(),
                    message: e.to_string(),
                })?;
                if !entry.file_type().is_file() {
                    continue;
                }
                let Ok(relative) = entry.path().strip_prefix(dir) else {
                    continue;
                };
                let key = relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                let bytes = std::fs::read(entry.path()).map_err(|e| ThemeError {
                    file: entry.path().display().to_string(),
                    message: e.to_string(),
                })?;
                files.insert(key, (bytes, Some(entry.path().to_path_buf())));
            }
        }
        Theme::build(files)
    }

    /// Compiles templates (`templates/…` under their own name, `components/…`
    /// under `components/…`) and keeps static files as bytes.
    fn build(files: Files) -> Result<Theme, ThemeError> {
        let mut templates = Vec::new();
        let mut statics = BTreeMap::new();
        let mut components = Vec::new();
        // Template name to the file it came from, to name it in errors.
        let mut origins = BTreeMap::new();
        for (path, (bytes, origin)) in files {
            if let Some(name) = path.strip_prefix("static/") {
                statics.insert(name.to_string(), bytes);
                continue;
            }
            let name = if let Some(name) = path.strip_prefix("templates/") {
                name.to_string()
            } else if let Some(component) = path.strip_prefix("components/") {
                if let Some(stem) = component.strip_suffix(".html") {
                    components.push(stem.to_string());
                }
                path.clone()
            } else {
                continue;
            };
            let file = origin.map_or_else(
                || format!("{path} (default theme)"),
                |p| p.display().to_string(),
            );
            let text = String::from_utf8(bytes).map_err(|_| ThemeError {
                file: file.clone(),
                message: "template is not valid UTF-8".into(),
            })?;
            origins.insert(name.clone(), file);
            templates.push((name, text));
        }
        let mut tera = Tera::default();
        tera.set_escape_fn(crate::text::html::write_escaped_html);
        // Filters must be known before templates are added: an unknown
        // filter is an error when the theme loads, not when a page renders.
        tera.register_filter("urlencode", tera_contrib::urlencode::urlencode);
        tera.register_filter(
            "urlencode_strict",
            tera_contrib::urlencode::urlencode_strict,
        );
        tera.add_raw_templates(templates).map_err(|e| {
            let file = failed_template(&e)
                .and_then(|name| origins.get(name).cloned())
                .unwrap_or_else(|| "theme".to_string());
            ThemeError {
                file,
                message: load_error(&e),
            }
        })?;
        Ok(Theme {
            tera,
            statics,
            components,
        })
    }

    /// Whether the theme has a partial for component `name` (`QuestionTree`
    /// → `components/question_tree.html`).
    pub fn has_component(&self, name: &str) -> bool {
        self.components.iter().any(|stem| is_partial_of(stem, name))
    }

    /// Whether the theme has template `name` (`partials/…/x.html`): for
    /// the optional partials the default theme does not ship.
    pub fn has_template(&self, name: &str) -> bool {
        self.tera.get_template_names().any(|n| n == name)
    }

    /// Component names (CamelCase) the theme can render.
    pub fn component_names(&self) -> Vec<String> {
        self.components.iter().map(|c| camel_case(c)).collect()
    }
}

/// The template an error from adding templates is about: the one named by
/// the error, or else by the first report in its message (Tera gathers the
/// problems of every template into one message, each report pointing at
/// `--> name:line:column`).
fn failed_template(error: &tera::Error) -> Option<&str> {
    match error.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            Some(report.filename())
        }
        tera::ErrorKind::MissingParent { current, .. } => Some(current),
        tera::ErrorKind::CircularExtend { tpl, .. }
        | tera::ErrorKind::CircularInclude { tpl, .. } => Some(tpl),
        tera::ErrorKind::Msg(message) => {
            let (_, rest) = message.split_once("--> ")?;
            let (name, _) = rest.split_once(':')?;
            Some(name)
        }
        _ => None,
    }
}

/// What Tera said about a render, on one line for a diagnostic: its message
/// and where in which template (`Field `x` is not defined (api.html:3:9)`),
/// then the messages of its causes (an I/O error while writing, say).
pub fn error_chain(error: &tera::Error) -> String {
    let mut message = match error.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            format!(
                "{} ({}:{}:{})",
                report.message(),
                report.filename(),
                report.span().start_line,
                report.span().start_col + 1
            )
        }
        _ => error.to_string(),
    };
    push_causes(error, &mut message);
    message
}

/// What Tera said about a theme that does not load: its report, with the
/// line of the template it points at (`error: theme: <file>: ` is printed
/// before it, so its own `error: ` is left out).
fn load_error(error: &tera::Error) -> String {
    let report = error.to_string();
    let mut message = report
        .strip_prefix("error: ")
        .map_or_else(|| report.clone(), str::to_string);
    push_causes(error, &mut message);
    message
}

fn push_causes(error: &tera::Error, message: &mut String) {
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
}

fn default_files() -> Files {
    let mut files = BTreeMap::new();
    collect(&DEFAULT_THEME, &mut files);
    files
}

fn collect(dir: &Dir<'static>, files: &mut Files) {
    for file in dir.files() {
        let key = file.path().to_string_lossy().replace('\\', "/");
        files.insert(key, (file.contents().to_vec(), None));
    }
    for sub in dir.dirs() {
        collect(sub, files);
    }
}

/// `QuestionTree` → `question_tree`.
pub fn component_partial(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Whether `component_partial(name) == stem`, without building the string
/// (asked for every component of every page).
fn is_partial_of(stem: &str, name: &str) -> bool {
    let mut expected = stem.chars();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 && expected.next() != Some('_') {
                return false;
            }
            if expected.next() != Some(c.to_ascii_lowercase()) {
                return false;
            }
        } else if expected.next() != Some(c) {
            return false;
        }
    }
    expected.next().is_none()
}

/// `question_tree` → `QuestionTree`.
fn camel_case(partial: &str) -> String {
    partial
        .split('_')
        .map(|part| {
            let mut chars = part.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect::<String>(),
                None => String::new(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_theme_compiles_every_page_template() {
        let theme = Theme::embedded().expect("default theme compiles");
        for name in [
            "base.html",
            "index.html",
            "api.html",
            "producer.html",
            "producers.html",
            "guide.html",
            "guides.html",
            "service.html",
            "theme.html",
            "404.html",
        ] {
            assert!(theme.tera.get_template_names().any(|n| n == name), "{name}");
        }
        assert!(theme.statics.contains_key("css/vitrine.css"));
    }

    #[test]
    fn component_names_map_to_partials_both_ways() {
        assert_eq!(component_partial("QuestionTree"), "question_tree");
        assert_eq!(component_partial("Button"), "button");
        assert_eq!(camel_case("next_steps"), "NextSteps");
        for (stem, name) in [
            ("question_tree", "QuestionTree"),
            ("button", "Button"),
            ("button", "button"),
            ("next_steps", "NextSteps"),
            ("next_steps", "Next_steps"),
            ("question_tree", "Question"),
            ("question", "QuestionTree"),
            ("quote", "Quotes"),
            ("", ""),
            ("a_b", "AB"),
        ] {
            assert_eq!(
                is_partial_of(stem, name),
                component_partial(name) == stem,
                "{stem} / {name}"
            );
        }
        let theme = Theme::embedded().expect("default theme compiles");
        assert!(theme.has_component("TokenDemo"));
        assert!(theme.has_component("NextSteps"));
        assert!(!theme.has_component("Carousel"));
    }

    #[test]
    fn a_folder_overrides_one_file_and_keeps_the_rest() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("components")).expect("mkdir");
        std::fs::write(
            dir.path().join("components/button.html"),
            "<b>{{ attrs.href }}</b>",
        )
        .expect("write");
        let theme = Theme::load(&[dir.path().to_path_buf()]).expect("theme loads");
        let mut ctx = tera::Context::new();
        ctx.insert("attrs", &serde_json::json!({"href": "/x"}));
        let html = theme
            .tera
            .render("components/button.html", &ctx)
            .expect("renders");
        assert_eq!(html, "<b>/x</b>");
        assert!(theme.has_component("External"));
    }

    /// Loads the default theme with `files` (path, text) written over it.
    fn load_with(files: &[(&str, &str)]) -> Result<Theme, ThemeError> {
        let dir = tempfile::tempdir().expect("temp dir");
        for (path, text) in files {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(path, text).expect("write");
        }
        Theme::load(&[dir.path().to_path_buf()])
    }

    #[test]
    fn a_broken_override_is_an_error_naming_its_file_and_line() {
        let error = load_with(&[("templates/base.html", "<p>\n{% if %}")]).expect_err("fails");
        assert!(error.file.ends_with("templates/base.html"), "{error}");
        assert!(error.message.contains("base.html:2:"), "{error}");
    }

    #[test]
    fn an_unknown_filter_fails_when_the_theme_loads() {
        let error = load_with(&[("components/button.html", "{{ attrs.href | urlencod }}")])
            .expect_err("fails");
        assert!(error.file.ends_with("components/button.html"), "{error}");
        assert!(
            error.message.contains("Unknown filter `urlencod`"),
            "{error}"
        );
    }

    #[test]
    fn a_tera_1_macro_is_an_error_not_a_panic() {
        let error = load_with(&[(
            "templates/partials/list.html",
            "{% macro item(x) %}<li>{{ x }}</li>{% endmacro item %}",
        )])
        .expect_err("fails");
        assert!(
            error.file.ends_with("templates/partials/list.html"),
            "{error}"
        );
    }

    #[test]
    fn a_render_error_is_one_line_with_the_template_and_position() {
        let theme = load_with(&[("templates/404.html", "<p>\n  {{ page.nope }}")]).expect("loads");
        let mut ctx = tera::Context::new();
        ctx.insert("page", &serde_json::json!({"title": "x"}));
        let error = theme.tera.render("404.html", &ctx).expect_err("fails");
        assert_eq!(
            error_chain(&error),
            "Field `nope` is not defined. Available fields: title (404.html:2:11)"
        );
    }

    #[test]
    fn an_error_in_the_default_theme_says_so() {
        let mut files = default_files();
        files.insert(
            "templates/404.html".into(),
            (b"{{ page.title | nope }}".to_vec(), None),
        );
        let error = Theme::build(files).expect_err("fails");
        assert_eq!(error.file, "templates/404.html (default theme)");
    }

    #[test]
    fn escaping_leaves_slashes_and_non_ascii_alone() {
        let theme = Theme::embedded().expect("default theme compiles");
        let mut ctx = tera::Context::new();
        ctx.insert("attrs", &serde_json::json!({"href": "/a?b=1&c='d'\"é"}));
        let html = theme
            .tera
            .render("components/button.html", &ctx)
            .expect("renders");
        assert_eq!(
            html,
            "<a class=\"button\" href=\"/a?b=1&amp;c=&#39;d&#39;&quot;é\"></a>\n"
        );
    }
}
