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
                files.insert(key, bytes);
            }
        }
        Theme::build(files)
    }

    /// Compiles templates (`templates/…` under their own name, `components/…`
    /// under `components/…`) and keeps static files as bytes.
    fn build(files: BTreeMap<String, Vec<u8>>) -> Result<Theme, ThemeError> {
        let mut templates = Vec::new();
        let mut statics = BTreeMap::new();
        let mut components = Vec::new();
        for (path, bytes) in files {
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
            let text = String::from_utf8(bytes).map_err(|_| ThemeError {
                file: path.clone(),
                message: "template is not valid UTF-8".into(),
            })?;
            templates.push((name, text));
        }
        let mut tera = Tera::default();
        tera.set_escape_fn(escape_html);
        tera.add_raw_templates(templates).map_err(|e| ThemeError {
            file: "templates".into(),
            message: error_chain(&e),
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
        let partial = component_partial(name);
        self.components.contains(&partial)
    }

    /// Component names (CamelCase) the theme can render.
    pub fn component_names(&self) -> Vec<String> {
        self.components.iter().map(|c| camel_case(c)).collect()
    }
}

/// Tera's default escaper also turns `/` into `&#x2F;`, which is safe but
/// makes every URL unreadable in the source; these five are enough for text
/// and double- or single-quoted attributes.
pub fn escape_html(text: &str) -> String {
    let bytes = text.as_bytes();
    // Most values (titles, URLs, labels) have nothing to escape: find the
    // special bytes with memchr instead of looking at each byte in turn.
    let Some(first) = next_special(bytes, 0) else {
        return text.to_string();
    };
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut from = 0;
    let mut at = Some(first);
    while let Some(i) = at {
        let entity = match bytes[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        };
        // Every byte matched is ASCII, so `from..i` is on char boundaries.
        out.push_str(&text[from..i]);
        out.push_str(entity);
        from = i + 1;
        at = next_special(bytes, from);
    }
    out.push_str(&text[from..]);
    out
}

/// The first of `& < > " '` at or after `from`.
fn next_special(bytes: &[u8], from: usize) -> Option<usize> {
    let rest = &bytes[from..];
    let markup = memchr::memchr3(b'&', b'<', b'>', rest);
    // Quotes can only come before the first markup byte to matter here.
    let quotes = memchr::memchr2(b'"', b'\'', &rest[..markup.unwrap_or(rest.len())]);
    quotes.or(markup).map(|i| from + i)
}

/// Tera errors nest their cause; users need the innermost message too.
pub fn error_chain(error: &tera::Error) -> String {
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}

fn default_files() -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    collect(&DEFAULT_THEME, &mut files);
    files
}

fn collect(dir: &Dir<'static>, files: &mut BTreeMap<String, Vec<u8>>) {
    for file in dir.files() {
        let key = file.path().to_string_lossy().replace('\\', "/");
        files.insert(key, file.contents().to_vec());
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

    /// Escaping as first written, one byte at a time.
    fn escape_reference(text: &str) -> String {
        let mut out = String::new();
        for c in text.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' => out.push_str("&quot;"),
                '\'' => out.push_str("&#39;"),
                c => out.push(c),
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn escaping_matches_the_byte_by_byte_rule(text in "[a&<>\"'é ]{0,60}") {
            proptest::prop_assert_eq!(escape_html(&text), escape_reference(&text));
        }
    }

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
    fn escaping_covers_markup_and_quotes_and_keeps_the_rest() {
        assert_eq!(
            escape_html("<a href=\"/x?a=1&b='2'\">é</a>"),
            "&lt;a href=&quot;/x?a=1&amp;b=&#39;2&#39;&quot;&gt;é&lt;/a&gt;"
        );
        assert_eq!(escape_html("déjà vu"), "déjà vu");
        assert_eq!(escape_html(""), "");
        assert_eq!(escape_html("'\"&<>"), "&#39;&quot;&amp;&lt;&gt;");
        assert_eq!(escape_html("a>b'c"), "a&gt;b&#39;c");
    }

    #[test]
    fn component_names_map_to_partials_both_ways() {
        assert_eq!(component_partial("QuestionTree"), "question_tree");
        assert_eq!(component_partial("Button"), "button");
        assert_eq!(camel_case("next_steps"), "NextSteps");
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

    #[test]
    fn a_broken_override_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("templates")).expect("mkdir");
        std::fs::write(dir.path().join("templates/base.html"), "{% if %}").expect("write");
        assert!(Theme::load(&[dir.path().to_path_buf()]).is_err());
    }
}
