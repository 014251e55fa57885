//! The whole catalogue in memory, and the loader that builds it: reads the
//! folder once, decodes and repairs each file, parses each kind, then checks
//! cross-references. Every problem becomes a `Diagnostic`.

use super::crossref;
use super::loader::{parse_file, parse_file_owned, FileResult, Item, Kind};
use super::{Api, Guide, Producer, QuestionTreeFile, Service, SiteConfig, SourceFile};
use crate::diagnostics::{Diagnostic, Severity};
use crate::text::Repair;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Everything a site is built from. Collections are sorted by slug (trees by
/// name) so that every later step iterates deterministically.
#[derive(Debug, Clone, Default)]
pub struct Catalogue {
    pub site: SiteConfig,
    /// Shared: editor mode keeps the catalogue between saves and hands it
    /// to another thread, and a copy then costs a count per card.
    pub apis: Vec<Arc<Api>>,
    pub producers: Vec<Producer>,
    pub guides: Vec<Guide>,
    pub services: Vec<Service>,
    pub trees: BTreeMap<String, QuestionTreeFile>,
    /// (tree, question) of the questions whose `<QuestionTree>` tags render
    /// as nothing: they include themselves or show too many trees
    /// (reported by `tree_graph::check`).
    pub unrenderable_trees: BTreeSet<(String, String)>,
    /// Files copied as they are, relative to `content/`: those under
    /// `images/` (published at `/images/…`) and under `static/` (published
    /// at the site root).
    pub static_files: Vec<PathBuf>,
    /// Every mojibake repair, by file.
    pub repairs: Vec<(Arc<PathBuf>, Repair)>,
}

impl Catalogue {
    pub fn api(&self, slug: &str) -> Option<&Api> {
        self.apis.iter().find(|a| a.slug == slug).map(|a| &**a)
    }

    pub fn api_by_title(&self, title: &str) -> Option<&Api> {
        self.apis.iter().find(|a| a.title == title).map(|a| &**a)
    }

    pub fn producer(&self, slug: &str) -> Option<&Producer> {
        self.producers.iter().find(|p| p.slug == slug)
    }
}

/// A loaded catalogue, the diagnostics found on the way, and the texts they
/// point into (for the human renderer's source excerpts).
#[derive(Debug, Default)]
pub struct Loaded {
    pub catalogue: Catalogue,
    pub diagnostics: Vec<Diagnostic>,
    pub sources: crate::diagnostics::SourceTexts,
}

/// Reads `dir` (the content folder) and builds the catalogue. Files are
/// read and decoded in parallel; images are listed, not read.
pub fn load_dir(dir: &Path) -> Loaded {
    load_dir_and_tell(dir, |_| {})
}

/// `load_dir`, telling `walked` the content files it found (paths relative
/// to `dir`, in file-name order) as soon as the folder has been walked,
/// before any file is read: `build` starts creating the output folders the
/// pages will need while the cards are parsed.
pub fn load_dir_and_tell(dir: &Path, walked: impl FnOnce(Vec<&Path>)) -> Loaded {
    if !dir.is_dir() {
        let mut loaded = Loaded::default();
        loaded.diagnostics.push(
            Diagnostic::error(dir, 0, "content folder not found")
                .with_help("pass the folder holding api/, producteurs/… with --content"),
        );
        return loaded;
    }
    let Walked {
        content_files,
        static_files,
        mut diagnostics,
    } = walk(dir);
    walked(
        content_files
            .iter()
            .map(|(_, relative)| relative.as_path())
            .collect(),
    );
    // Read, decode and parse each file in one parallel step, while its
    // text is fresh in cache; a clean file's text becomes its body.
    let parsed: Vec<Result<Parsed, Diagnostic>> = content_files
        .into_par_iter()
        // Small chunks keep both cores busy to the end (rayon otherwise
        // stops splitting and may leave one large chunk to one core).
        .with_max_len(16)
        .map(|(path, relative)| read_and_parse(path, relative))
        .collect();
    let mut files = Vec::with_capacity(parsed.len());
    for p in parsed {
        match p {
            Ok(p) => files.push(p),
            Err(d) => diagnostics.push(d),
        }
    }
    let mut loaded = assemble(files, static_files);
    loaded.diagnostics.append(&mut diagnostics);
    crate::diagnostics::sort(&mut loaded.diagnostics);
    reread_sources(&mut loaded);
    loaded
}

/// Reads, decodes and parses one content file.
pub(super) fn read_and_parse(path: PathBuf, relative: PathBuf) -> Result<Parsed, Diagnostic> {
    let bytes = std::fs::read(&path)
        .map_err(|e| Diagnostic::error(path.as_path(), 0, format!("cannot read: {e}")))?;
    let (text, report) = crate::text::read_text_owned(bytes);
    let src = SourceFile {
        path: Arc::new(path),
        relative,
        text,
        report,
    };
    Ok(Parsed::new(src, true))
}

/// What `walk` finds in the content folder, in file-name order.
#[derive(Debug, Clone, Default)]
pub(super) struct Walked {
    /// (path as shown, path relative to the folder) of each content file.
    pub content_files: Vec<(PathBuf, PathBuf)>,
    /// Files under `images/` and `static/`, relative to the folder.
    pub static_files: Vec<PathBuf>,
    pub diagnostics: Vec<Diagnostic>,
}

pub(super) fn walk(dir: &Path) -> Walked {
    let mut content_files = Vec::new();
    let mut static_files = Vec::new();
    let mut diagnostics = Vec::new();
    // Not `sort_by_file_name`: on a folder of 10,000 cards its comparisons
    // (each taking the file name of two full paths apart) were a serial
    // twentieth of the load. Sorting the relative paths once at the end
    // gives the same order: component by component, as a depth-first walk
    // with sorted siblings visits them.
    let walker = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().as_encoded_bytes().starts_with(b"."));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().unwrap_or(dir).to_path_buf();
                diagnostics.push(Diagnostic::error(path, 0, format!("cannot read: {e}")));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(relative) = entry.path().strip_prefix(dir) else {
            continue;
        };
        if relative.starts_with("images") || relative.starts_with("static") {
            static_files.push(relative.to_path_buf());
        } else if Kind::of(relative).is_some() {
            let relative = relative.to_path_buf();
            content_files.push((entry.into_path(), relative));
        }
    }
    content_files.sort_by_cached_key(|(_, relative)| component_order(relative));
    static_files.sort_unstable();
    Walked {
        content_files,
        static_files,
        diagnostics,
    }
}

/// A key that sorts paths as `Path::cmp` does (component by component),
/// compared as plain bytes: components joined by a NUL, which sorts before
/// any byte a file name can hold. `Path::cmp` takes both paths apart again
/// at every comparison.
fn component_order(path: &Path) -> Vec<u8> {
    let mut key = Vec::with_capacity(path.as_os_str().len());
    for (i, part) in path.components().enumerate() {
        if i > 0 {
            key.push(0);
        }
        key.extend_from_slice(part.as_os_str().as_encoded_bytes());
    }
    key
}

/// Texts of clean files went into their bodies; a problem found later (a
/// cross-reference) in one of them needs its text again, for the excerpt.
/// Read and decode it as the loader did.
pub(super) fn reread_sources(loaded: &mut Loaded) {
    for d in &loaded.diagnostics {
        if d.line == 0 || loaded.sources.contains_key(&d.file) {
            continue;
        }
        if let Ok(bytes) = std::fs::read(&d.file) {
            let text = crate::text::read_text(&bytes).0;
            loaded.sources.insert(d.file.clone(), text.into());
        }
    }
}

/// One content file, parsed.
#[derive(Debug, Clone)]
pub(super) struct Parsed {
    path: Arc<PathBuf>,
    /// None: not a content file (ignored).
    kind: Option<Kind>,
    repairs: Vec<Repair>,
    result: FileResult,
    /// The text, kept for diagnostics' excerpts; None when the file had no
    /// problem and its text became the body.
    text: Option<String>,
}

impl Parsed {
    pub(super) fn item(&self) -> Option<&Item> {
        self.result.item.as_ref()
    }

    pub(super) fn path(&self) -> &Arc<PathBuf> {
        &self.path
    }

    pub(super) fn repairs(&self) -> &[Repair] {
        &self.repairs
    }

    /// The file's text when it had a problem (otherwise it became the body).
    pub(super) fn text(&self) -> Option<&str> {
        self.text.as_deref()
    }

    /// The file's kind and path when it did not load because of an error
    /// of its own: a reference to it gets a note, not a second error.
    pub(super) fn unread(&self) -> Option<(Kind, Arc<PathBuf>)> {
        let failed = self
            .result
            .diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error);
        match (self.kind, &self.result.item, failed) {
            (Some(kind), None, true) => Some((kind, self.path.clone())),
            _ => None,
        }
    }

    /// `reuse_text`: a clean file's text becomes its body (see
    /// `parse_file_owned`); otherwise the text is always kept.
    pub(super) fn new(src: SourceFile, reuse_text: bool) -> Parsed {
        let Some(kind) = Kind::of(&src.relative) else {
            return Parsed {
                path: src.path,
                kind: None,
                repairs: src.report.repairs,
                result: FileResult::default(),
                text: Some(src.text),
            };
        };
        let path = src.path.clone();
        let repairs = src.report.repairs.clone();
        let (result, text) = if reuse_text {
            parse_file_owned(src, kind)
        } else {
            let result = parse_file(&src, kind);
            (result, Some(src.text))
        };
        Parsed {
            path,
            kind: Some(kind),
            repairs,
            result,
            text,
        }
    }
}

/// Builds the catalogue from files already read and decoded.
pub fn parse_sources(sources: Vec<SourceFile>, static_files: Vec<PathBuf>) -> Loaded {
    let files: Vec<Parsed> = sources
        .into_par_iter()
        .map(|src| Parsed::new(src, false))
        .collect();
    assemble(files, static_files)
}

/// Gathers parsed files into the catalogue, checks cross-references, and
/// keeps the texts of the files diagnostics point into.
pub(super) fn assemble(files: Vec<Parsed>, static_files: Vec<PathBuf>) -> Loaded {
    let mut cat = Catalogue {
        static_files,
        ..Catalogue::default()
    };
    let mut diagnostics = Vec::new();
    let mut refs = Vec::new();
    let mut texts = Vec::new();
    let mut site_seen = false;
    // Content files that did not load, each with an error of its own: a
    // reference to one of them is not an unknown name.
    let mut unread = Vec::new();
    // Cards are large structs moved out of their boxes one by one on this
    // (serial) step: growing the vector by doubling would copy them again
    // and again into fresh memory.
    let apis = files
        .iter()
        .filter(|f| matches!(f.result.item, Some(Item::Api(_))))
        .count();
    cat.apis.reserve_exact(apis);
    for file in files {
        let Parsed {
            path,
            kind,
            repairs,
            result,
            text,
        } = file;
        let failed = result
            .diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error);
        // (`Parsed::unread`, on the parts taken apart here.)
        if let (Some(kind), None, true) = (kind, &result.item, failed) {
            unread.push((kind, path.clone()));
        }
        for repair in repairs {
            cat.repairs.push((path.clone(), repair));
        }
        diagnostics.extend(result.diagnostics);
        refs.extend(result.refs);
        match result.item {
            Some(Item::Api(a)) => cat.apis.push(a),
            Some(Item::Producer(p)) => cat.producers.push(p),
            Some(Item::Guide(g)) => cat.guides.push(g),
            Some(Item::Service(s)) => cat.services.push(s),
            Some(Item::Tree(t)) => {
                if let Some(first) = cat.trees.get(&t.name) {
                    diagnostics.push(Diagnostic::error(
                        t.origin.file.as_path(),
                        1,
                        format!(
                            "duplicate question tree `{}`: already defined by {}",
                            t.name,
                            first.origin.file.display()
                        ),
                    ));
                } else {
                    cat.trees.insert(t.name.clone(), t);
                }
            }
            Some(Item::Site(s)) => {
                if site_seen {
                    diagnostics.push(Diagnostic::error(
                        path.as_path(),
                        0,
                        "a second site settings file: keep only site.yaml",
                    ));
                } else {
                    site_seen = true;
                    cat.site = s;
                }
            }
            None => {}
        }
        if let Some(text) = text {
            texts.push((path, text));
        }
    }
    cat.apis
        .sort_by(|a, b| a.slug.cmp(&b.slug).then_with(|| a.origin.cmp(&b.origin)));
    cat.producers
        .sort_by(|a, b| a.slug.cmp(&b.slug).then_with(|| a.origin.cmp(&b.origin)));
    cat.guides
        .sort_by(|a, b| a.slug.cmp(&b.slug).then_with(|| a.origin.cmp(&b.origin)));
    cat.services
        .sort_by(|a, b| a.slug.cmp(&b.slug).then_with(|| a.origin.cmp(&b.origin)));
    cat.static_files.sort();
    crossref::resolve(&mut cat, &refs, &unread, &mut diagnostics);
    super::tree_graph::check(&mut cat, &mut diagnostics);
    crate::diagnostics::sort(&mut diagnostics);
    // Only excerpts need texts: keep those of files with a diagnostic.
    let flagged: HashSet<&Path> = diagnostics.iter().map(|d| d.file.as_path()).collect();
    let sources = texts
        .into_iter()
        .filter(|(path, _)| flagged.contains(path.as_path()))
        .map(|(path, text)| (path.as_ref().clone(), text.into()))
        .collect();
    Loaded {
        catalogue: cat,
        diagnostics,
        sources,
    }
}

/// An API card file as `assemble` puts it into the catalogue `names` are
/// from, whose other files it leaves unchanged: the card with what its references decide, and its
/// problems (its own and its references'). `None`: not a card.
pub(super) fn assemble_card(
    parsed: &Parsed,
    names: &crossref::Names<'_>,
    unread: &[(Kind, Arc<PathBuf>)],
) -> Option<(Arc<Api>, Vec<Diagnostic>)> {
    let Some(Item::Api(api)) = parsed.item() else {
        return None;
    };
    let mut api = api.clone();
    let mut diagnostics = parsed.result.diagnostics.clone();
    crossref::resolve_card(
        names,
        Arc::make_mut(&mut api),
        &parsed.result.refs,
        unread,
        &mut diagnostics,
    );
    Some((api, diagnostics))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walk_lists_files_in_the_order_of_a_sorted_depth_first_walk() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let names = [
            "api/a.md",
            "api/a-b.md",
            "api/a/b.md",
            "api/a.b/c.md",
            "api/A.md",
            "api/é.md",
            "api/z.md",
            "api/.hidden.md",
            "guides/a.md",
            "guides/a-/x.md",
            "producteurs/p.md",
            "images/x.png",
            "images/a/y.png",
            "site.yaml",
            ".git/api/x.md",
        ];
        for name in names {
            let path = tmp.path().join(name);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("dirs");
            std::fs::write(&path, "x").expect("write");
        }
        let walked = walk(tmp.path());
        let expected: Vec<PathBuf> = walkdir::WalkDir::new(tmp.path())
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
            .map(|e| e.expect("entry").into_path())
            .filter(|p| p.is_file())
            .filter(|p| {
                let relative = p.strip_prefix(tmp.path()).expect("inside");
                !relative.starts_with("images") && Kind::of(relative).is_some()
            })
            .collect();
        let got: Vec<PathBuf> = walked.content_files.iter().map(|f| f.0.clone()).collect();
        assert_eq!(got, expected);
        assert_eq!(got.len(), 11, "{got:?}");
        assert_eq!(
            walked.static_files,
            [
                PathBuf::from("images/a/y.png"),
                PathBuf::from("images/x.png")
            ]
        );
    }

    #[test]
    fn component_order_sorts_as_paths_do() {
        let mut paths: Vec<PathBuf> = [
            "a-b/c", "a/b", "a.b", "a", "a/b/c", "ab", "a b/x", "é/x", "e/x", "A/x", "a/",
        ]
        .iter()
        .map(PathBuf::from)
        .collect();
        let mut by_key = paths.clone();
        paths.sort();
        by_key.sort_by_cached_key(|p| component_order(p));
        assert_eq!(by_key, paths);
    }

    /// `load_dir` hands each clean file's text to its body and re-reads
    /// texts for late diagnostics; reading everything first and parsing with
    /// `parse_sources` (which copies bodies and keeps every text until the
    /// end) must give exactly the same result on every fixture.
    #[test]
    fn load_dir_agrees_with_parse_sources_on_every_fixture() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut dirs = vec![root.join("content")];
        for entry in std::fs::read_dir(root.join("tests/fixtures")).expect("fixtures") {
            let path = entry.expect("fixture entry").path();
            if path.is_dir() {
                dirs.push(path);
            }
        }
        dirs.sort();
        assert!(dirs.len() > 10, "{dirs:?}");
        for dir in dirs {
            let fast = load_dir(&dir);
            let walked = walk(&dir);
            let sources = walked
                .content_files
                .into_iter()
                .filter_map(|(path, relative)| {
                    let (text, report) = crate::text::read_text(&std::fs::read(&path).ok()?);
                    Some(SourceFile {
                        path: Arc::new(path),
                        relative,
                        text,
                        report,
                    })
                })
                .collect();
            let mut slow = parse_sources(sources, walked.static_files);
            slow.diagnostics.extend(walked.diagnostics);
            crate::diagnostics::sort(&mut slow.diagnostics);
            let shown = dir.display();
            assert_eq!(fast.diagnostics, slow.diagnostics, "{shown}");
            assert_eq!(fast.sources, slow.sources, "{shown}");
            assert_eq!(
                format!("{:?}", fast.catalogue),
                format!("{:?}", slow.catalogue),
                "{shown}"
            );
        }
    }
}
