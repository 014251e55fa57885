//! One source file → one typed item, its diagnostics, and the references it
//! makes to other files (resolved later by `crossref`, once every file is
//! parsed). Runs on many files in parallel, so it touches nothing shared.

use super::crossref::{Ref, RefKind};
use super::fields::Reader;
use super::front_matter::{self, split_diagnostic};
use super::images::ImageKind;
use super::refs::{api_refs, image_ref, markdown_refs, title_refs, tree_refs};
use super::{
    api_parse, guide, producer, question_tree, service, site_config, Api, Guide, Markdown, Origin,
    Producer, QuestionTreeFile, Service, SiteConfig, SourceFile,
};
use crate::diagnostics::Diagnostic;
use crate::text::SourceEncoding;
use std::path::Path;

/// What kind of content a file is, from its place in the folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Api,
    Producer,
    Guide,
    Service,
    Tree,
    Site,
}

impl Kind {
    /// `relative` is the path inside the content folder. None: not content.
    pub fn of(relative: &Path) -> Option<Kind> {
        let mut parts = relative.components();
        let first = parts.next()?.as_os_str().to_str()?;
        let ext = relative.extension().and_then(|e| e.to_str()).unwrap_or("");
        if parts.next().is_none() {
            return (first == "site.yaml" || first == "site.yml").then_some(Kind::Site);
        }
        match (first, ext) {
            ("api", "md") => Some(Kind::Api),
            ("producteurs", "md") => Some(Kind::Producer),
            ("guides", "md") => Some(Kind::Guide),
            ("service", "md") => Some(Kind::Service),
            ("question-trees", "yaml" | "yml") => Some(Kind::Tree),
            _ => None,
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Kind::Api => "an API card",
            Kind::Producer => "a producer page",
            Kind::Guide => "a guide",
            Kind::Service => "a service page",
            Kind::Tree => "a question tree",
            Kind::Site => "the site settings",
        }
    }
}

#[derive(Debug, Clone)]
pub enum Item {
    Api(std::sync::Arc<Api>),
    Producer(Producer),
    Guide(Guide),
    Service(Service),
    Tree(QuestionTreeFile),
    Site(SiteConfig),
}

#[derive(Debug, Clone, Default)]
pub struct FileResult {
    pub item: Option<Item>,
    pub diagnostics: Vec<Diagnostic>,
    pub refs: Vec<Ref>,
}

/// Notices about how the text was obtained: assumed encoding, repairs.
pub fn text_diagnostics(src: &SourceFile) -> Vec<Diagnostic> {
    let file = src.path.as_path();
    let mut out = Vec::new();
    if src.report.encoding == SourceEncoding::Windows1252Fallback {
        out.push(
            Diagnostic::warning(
                file,
                0,
                "not valid UTF-8: read as Windows-1252 (the encoding assumed for legacy files)",
            )
            .with_help("save the file as UTF-8"),
        );
    }
    // One note per file and kind of repair: a seed card has a hundred
    // separate broken runs, and the editor's fix is one `vitrine repair`.
    let mut groups: Vec<(&[crate::text::LegacyEncoding], u32, u32, u32)> = Vec::new();
    for repair in &src.report.repairs {
        let lines = repair.last_line.saturating_sub(repair.first_line) + 1;
        match groups
            .iter_mut()
            .find(|g| g.0 == repair.reversed.as_slice())
        {
            Some(g) => {
                g.1 = g.1.min(repair.first_line);
                g.2 = g.2.max(repair.last_line);
                g.3 += lines;
            }
            None => groups.push((&repair.reversed, repair.first_line, repair.last_line, lines)),
        }
    }
    for (reversed, first, last, count) in groups {
        let names: Vec<&str> = reversed.iter().map(|e| e.name()).collect();
        let lines = if first == last {
            format!("line {first}")
        } else if count == last - first + 1 {
            format!("lines {first}–{last}")
        } else {
            format!("{count} lines between {first} and {last}")
        };
        out.push(Diagnostic::note(
            file,
            first,
            format!(
                "repaired {} mojibake on {lines}; run `vitrine repair` to fix the file",
                names.join(" + ")
            ),
        ));
    }
    out
}

pub fn parse_file(src: &SourceFile, kind: Kind) -> FileResult {
    let (mut result, body) = parse_front(src, kind);
    if let Some(body) = body {
        let source = src.text.get(body.start..).unwrap_or_default().to_string();
        attach_body(&mut result, body, source);
    }
    result
}

/// `parse_file` for a file the caller hands over: when the file has no
/// diagnostic, its text becomes the body's source in place (the front
/// matter is cut off the same buffer) instead of the body being copied, and
/// `None` is returned for the text. Otherwise the text comes back whole, for
/// the diagnostics' excerpts.
pub fn parse_file_owned(src: SourceFile, kind: Kind) -> (FileResult, Option<String>) {
    let (mut result, body) = parse_front(&src, kind);
    let clean = result.diagnostics.is_empty();
    let mut text = src.text;
    match body {
        Some(body) if clean => {
            text.drain(..body.start.min(text.len()));
            // Shrinking in place hands the front matter's bytes back to the
            // allocator for the next files, instead of keeping them to the end.
            text.shrink_to_fit();
            attach_body(&mut result, body, text);
            (result, None)
        }
        Some(body) => {
            let source = text.get(body.start..).unwrap_or_default().to_string();
            attach_body(&mut result, body, source);
            (result, Some(text))
        }
        None if clean => (result, None),
        None => (result, Some(text)),
    }
}

/// Where a `.md` file's body starts, to attach it to the item once the
/// front matter is parsed.
#[derive(Debug, Clone, Copy)]
struct BodyAt {
    /// Byte offset in the file's text.
    start: usize,
    /// Where the body's references go in `FileResult::refs`, to keep them
    /// in document order among the front matter's.
    refs_at: usize,
}

/// Puts the body into the item `parse_front` left without one, and collects
/// its references.
fn attach_body(result: &mut FileResult, at: BodyAt, source: String) {
    let body = match &mut result.item {
        Some(Item::Api(a)) => &mut std::sync::Arc::make_mut(a).body,
        Some(Item::Producer(p)) => &mut p.body,
        Some(Item::Guide(g)) => &mut g.body,
        Some(Item::Service(s)) => &mut s.body,
        Some(Item::Tree(_) | Item::Site(_)) | None => return,
    };
    body.source = source;
    let mut refs = Vec::new();
    markdown_refs(body, true, &mut refs);
    let at = at.refs_at.min(result.refs.len());
    result.refs.splice(at..at, refs);
}

/// Everything but the body: the item (with an empty body), its
/// diagnostics and references, and where the body starts (`.md` files
/// that parsed).
fn parse_front(src: &SourceFile, kind: Kind) -> (FileResult, Option<BodyAt>) {
    let file = src.path.as_path();
    let mut result = FileResult::default();
    if src.text.contains('\0') {
        // What the decoder assumed about a binary file is noise: one error.
        result.diagnostics.push(
            Diagnostic::error(
                file,
                0,
                format!(
                    "binary file (it contains NUL bytes): expected {}",
                    kind.noun()
                ),
            )
            .with_help("remove it from the content folder, or save it as UTF-8 text"),
        );
        return (result, None);
    }
    result.diagnostics = text_diagnostics(src);
    let slug = src
        .relative
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
        .to_string();
    let origin = Origin::new(src.path.clone(), 1);

    if matches!(kind, Kind::Tree | Kind::Site) {
        if src.text.trim().is_empty() {
            result.diagnostics.push(
                Diagnostic::error(file, 0, format!("empty file: expected {}", kind.noun()))
                    .with_help("fill it in, or delete the file"),
            );
            return (result, None);
        }
        let parsed = match crate::yaml::parse(file, &src.text, 1) {
            Ok(p) => p,
            Err(d) => {
                result.diagnostics.push(d);
                return (result, None);
            }
        };
        let mut r = Reader::new(src.path.clone(), parsed.positions, 1);
        let item = if kind == Kind::Tree {
            let tree = question_tree::parse(&mut r, &parsed.root, &slug, origin);
            tree_refs(&tree, &mut result.refs);
            Item::Tree(tree)
        } else {
            Item::Site(site_config::parse(&mut r, &parsed.root))
        };
        result.item = Some(item);
        result.diagnostics.append(&mut r.diagnostics);
        return (result, None);
    }

    let split = match front_matter::split(&src.text) {
        Ok(s) => s,
        Err(e) => {
            result
                .diagnostics
                .push(split_diagnostic(file, e, kind.noun()));
            return (result, None);
        }
    };
    let parsed = match crate::yaml::parse(file, split.yaml, split.yaml_line) {
        Ok(p) => p,
        Err(d) => {
            result.diagnostics.push(d);
            return (result, None);
        }
    };
    // The caller fills in the source, copied or in place.
    let body = Markdown {
        source: String::new(),
        origin: Origin::new(src.path.clone(), split.body_line),
    };
    let body_at = |refs_at: usize| BodyAt {
        start: src.text.len() - split.body.len(),
        refs_at,
    };
    let no_body = split.body.trim().is_empty();
    let mut r = Reader::new(src.path.clone(), parsed.positions, 1);
    let map = &parsed.root;
    let refs = &mut result.refs;
    let (item, at) = match kind {
        Kind::Api => {
            let api = api_parse::parse(&mut r, map, &slug, origin, body);
            image_ref(&r, "logo", api.logo.as_deref(), ImageKind::Logo, refs);
            let at = api_refs(&r, &api, refs);
            // `content_intro` alone is a normal card on the real site.
            if no_body && api.content_intro.is_none() {
                r.diagnostics.push(Diagnostic::note(
                    file,
                    split.body_line.saturating_sub(1),
                    "API card has front matter only, no Markdown body: its page shows the front-matter fields alone",
                ));
            }
            (Item::Api(std::sync::Arc::new(api)), body_at(at))
        }
        Kind::Producer => {
            let p = producer::parse(&mut r, map, &slug, origin, body);
            image_ref(&r, "logo", p.logo.as_deref(), ImageKind::Logo, refs);
            let at = body_at(refs.len());
            for md in [p.description.as_ref(), p.data.as_ref()]
                .into_iter()
                .flatten()
            {
                markdown_refs(md, false, refs);
            }
            (Item::Producer(p), at)
        }
        Kind::Guide => {
            let g = guide::parse(&mut r, map, &slug, origin, body);
            title_refs(&r, "api", &g.api, RefKind::ApiTitle, refs);
            title_refs(
                &r,
                "related_guides",
                &g.related_guides,
                RefKind::Guide,
                refs,
            );
            image_ref(&r, "image", g.image.as_deref(), ImageKind::GuideHero, refs);
            let at = body_at(refs.len());
            if no_body {
                r.diagnostics.push(
                    Diagnostic::warning(
                        file,
                        split.body_line.saturating_sub(1),
                        "guide has front matter only: its page would be empty",
                    )
                    .with_help("write the guide's text after the closing `---`"),
                );
            }
            (Item::Guide(g), at)
        }
        Kind::Service => {
            let s = service::parse(&mut r, map, &slug, origin, body);
            title_refs(&r, "api", &s.api, RefKind::ApiTitle, refs);
            image_ref(
                &r,
                "screenshot",
                s.screenshot.as_deref(),
                ImageKind::Screenshot,
                refs,
            );
            let at = body_at(refs.len());
            if let Some(md) = &s.description {
                markdown_refs(md, false, refs);
            }
            (Item::Service(s), at)
        }
        Kind::Tree | Kind::Site => (unreachable_kind(), body_at(refs.len())),
    };
    result.item = Some(item);
    result.diagnostics.append(&mut r.diagnostics);
    (result, Some(at))
}

/// Trees and site settings return before the front-matter split; keeping
/// this arm total avoids a panic path.
fn unreachable_kind() -> Item {
    Item::Site(SiteConfig::default())
}
