//! Links between files, checked once every file is parsed: producers named
//! by cards, API titles cited by guides and services, related guides,
//! `<QuestionTree>` tags, and slugs or titles used twice.

use super::fields::closest;
use super::images::ImageKind;
use super::loader::Kind;
use super::{Api, Catalogue};
use crate::diagnostics::Diagnostic;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefKind {
    /// `producer:` slug.
    Producer,
    /// Older cards' `owner:` display name, resolved to a producer slug.
    Owner,
    /// `partners:` item: a producer slug, name or acronym, or a free name.
    Partner,
    /// `api:` item of a guide or service: a card title.
    ApiTitle,
    /// `related_guides:` item: a guide slug.
    Guide,
    /// `<QuestionTree tree=… question=…>`; the target is the tree.
    Tree { question: String },
    /// `<TokenDemo realm=…/>`; the target is the realm.
    TokenDemoRealm,
    /// An image named in front matter; the target is its path relative to
    /// the content folder (`images/api-logo/dinum.svg`).
    Image,
}

/// One reference from a file to something defined elsewhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ref {
    pub kind: RefKind,
    pub target: String,
    pub file: Arc<PathBuf>,
    pub line: u32,
    pub column: u32,
}

impl Ref {
    pub fn new(kind: RefKind, target: &str, file: &Arc<PathBuf>, line: u32, column: u32) -> Ref {
        Ref {
            kind,
            target: target.to_string(),
            file: file.clone(),
            line,
            column,
        }
    }

    fn error(&self, message: String) -> Diagnostic {
        Diagnostic::error(self.file.as_path(), self.line, message).at_column(self.column)
    }

    fn warning(&self, message: String) -> Diagnostic {
        Diagnostic::warning(self.file.as_path(), self.line, message).at_column(self.column)
    }
}

/// Resolves `refs` against `cat`, filling in what they decide (producer
/// slugs of older cards, partner slugs), and reports what does not resolve.
/// `unread`: the content files that did not load because of an error of
/// their own; a reference that may point to one of them gets a note naming
/// it, not a second error.
pub fn resolve(
    cat: &mut Catalogue,
    refs: &[Ref],
    unread: &[(Kind, Arc<PathBuf>)],
    out: &mut Vec<Diagnostic>,
) {
    let names = Names::new(cat);
    // Keyed by the Arc's address: every Ref and Origin of a file shares one
    // Arc, and hashing a pointer is much cheaper than hashing a path.
    let api_by_file: HashMap<*const PathBuf, usize> = cat
        .apis
        .iter()
        .enumerate()
        .map(|(i, a)| (Arc::as_ptr(&a.origin.file), i))
        .collect();
    let mut decided: Vec<(usize, Decided)> = Vec::new();
    for r in refs {
        if let Some(d) = names.check(r, unread, out) {
            if let Some(&i) = api_by_file.get(&Arc::as_ptr(&r.file)) {
                decided.push((i, d));
            }
        }
    }
    let images = names.images;
    for (i, d) in decided {
        d.apply(Arc::make_mut(&mut cat.apis[i]));
    }
    // A missing image is left out of its page (the warning above says so),
    // never a broken `<img>`.
    let missing = |kind: ImageKind, value: &Option<String>| missing_image(&images, kind, value);
    for api in cat
        .apis
        .iter_mut()
        .filter(|a| missing(ImageKind::Logo, &a.logo))
    {
        Arc::make_mut(api).logo = None;
    }
    for p in cat
        .producers
        .iter_mut()
        .filter(|p| missing(ImageKind::Logo, &p.logo))
    {
        p.logo = None;
    }
    for g in cat
        .guides
        .iter_mut()
        .filter(|g| missing(ImageKind::GuideHero, &g.image))
    {
        g.image = None;
    }
    for s in cat
        .services
        .iter_mut()
        .filter(|s| missing(ImageKind::Screenshot, &s.screenshot))
    {
        s.screenshot = None;
    }
    duplicates(cat, out);
}

/// `resolve` for one card parsed again, `api` with its own `refs`, against
/// the names of the catalogue it goes into (editor mode, when the edit keeps the card's slug,
/// title, producer and themes: what every other file is checked against).
/// Fills in and reports exactly what `resolve` does for this card.
pub fn resolve_card(
    names: &Names<'_>,
    api: &mut Api,
    refs: &[Ref],
    unread: &[(Kind, Arc<PathBuf>)],
    out: &mut Vec<Diagnostic>,
) {
    for r in refs {
        if let Some(d) = names.check(r, unread, out) {
            d.apply(api);
        }
    }
    if missing_image(&names.images, ImageKind::Logo, &api.logo) {
        api.logo = None;
    }
}

fn missing_image(images: &HashSet<String>, kind: ImageKind, value: &Option<String>) -> bool {
    value
        .as_deref()
        .and_then(|v| super::images::content_path(kind, v))
        .is_some_and(|path| !images.contains(&path))
}

/// What a reference decides for the card it is in.
enum Decided {
    /// `owner:` names this producer.
    Producer(String),
    /// A `partners:` item, as written, names this producer.
    Partner { written: String, slug: String },
}

impl Decided {
    fn apply(self, api: &mut Api) {
        match self {
            Decided::Producer(slug) => api.producer = Some(slug),
            Decided::Partner { written, slug } => {
                for p in api.partners.iter_mut().filter(|p| **p == written) {
                    p.clone_from(&slug);
                }
            }
        }
    }
}

/// Every name references are checked against.
pub struct Names<'c> {
    cat: &'c Catalogue,
    producer_slugs: Vec<&'c str>,
    producer_set: HashSet<&'c str>,
    /// Names and acronyms, lower-cased, to the producer's slug.
    by_name: HashMap<String, String>,
    titles: Vec<&'c str>,
    /// (10,000 titles hashed on each save in editor mode: foldhash.)
    title_set: foldhash::HashSet<&'c str>,
    guide_slugs: Vec<&'c str>,
    guide_set: HashSet<&'c str>,
    images: HashSet<String>,
}

impl<'c> Names<'c> {
    pub fn new(cat: &'c Catalogue) -> Names<'c> {
        let producer_slugs: Vec<&str> = cat.producers.iter().map(|p| p.slug.as_str()).collect();
        let mut by_name: HashMap<String, String> = HashMap::new();
        for p in &cat.producers {
            by_name.insert(p.slug.to_lowercase(), p.slug.clone());
            by_name.insert(p.name.to_lowercase(), p.slug.clone());
            if let Some(a) = &p.acronym {
                by_name.insert(a.to_lowercase(), p.slug.clone());
            }
        }
        let titles: Vec<&str> = cat.apis.iter().map(|a| a.title.as_str()).collect();
        let guide_slugs: Vec<&str> = cat.guides.iter().map(|g| g.slug.as_str()).collect();
        Names {
            cat,
            producer_set: producer_slugs.iter().copied().collect(),
            producer_slugs,
            by_name,
            title_set: titles.iter().copied().collect(),
            titles,
            guide_set: guide_slugs.iter().copied().collect(),
            guide_slugs,
            images: cat
                .static_files
                .iter()
                .map(|p| {
                    p.components()
                        .map(|c| c.as_os_str().to_string_lossy())
                        .collect::<Vec<_>>()
                        .join("/")
                })
                .collect(),
        }
    }

    /// Checks one reference: its problems go to `out`; what it decides
    /// for its card is returned.
    fn check(
        &self,
        r: &Ref,
        unread: &[(Kind, Arc<PathBuf>)],
        out: &mut Vec<Diagnostic>,
    ) -> Option<Decided> {
        let target = r.target.trim();
        match &r.kind {
            RefKind::Producer => {
                if !self.producer_set.contains(target) {
                    if let Some(d) = unread_target(r, Kind::Producer, target, unread) {
                        out.push(d);
                        return None;
                    }
                    let mut d = r.error(format!(
                        "unknown producer `{target}`: there is no producteurs/{target}.md"
                    ));
                    if let Some(s) = closest(target, &self.producer_slugs) {
                        d = d.with_help(format!("did you mean `{s}`?"));
                    } else {
                        d = d.with_help(format!(
                            "create producteurs/{target}.md with at least `name:`"
                        ));
                    }
                    out.push(d);
                }
            }
            RefKind::Owner => match self.by_name.get(&target.to_lowercase()) {
                Some(slug) => return Some(Decided::Producer(slug.clone())),
                None => out.push(
                    Diagnostic::warning(
                        r.file.as_path(),
                        r.line,
                        format!("`owner` {target:?} matches no producer's name or acronym"),
                    )
                    .at_column(r.column)
                    .with_help("use `producer: <slug>` naming a file in producteurs/"),
                ),
            },
            // A name that is no producer's is free text, shown as written.
            RefKind::Partner => {
                if let Some(slug) = self.by_name.get(&target.to_lowercase()) {
                    return Some(Decided::Partner {
                        written: r.target.clone(),
                        slug: slug.clone(),
                    });
                }
            }
            RefKind::ApiTitle => {
                if !self.title_set.contains(target) {
                    if let Some(d) = unread_target(r, Kind::Api, target, unread) {
                        out.push(d);
                        return None;
                    }
                    // The real site leaves the link out and builds the page.
                    let mut d = r.warning(format!(
                        "unknown API `{target}`: no card has this title, so the page leaves this link out"
                    ));
                    if let Some(t) = closest(target, &self.titles) {
                        d = d.with_help(format!("did you mean `{t}`?"));
                    } else if let Some(help) = unread_cards_help(unread) {
                        d = d.with_help(help);
                    }
                    out.push(d);
                }
            }
            RefKind::Guide => {
                if !self.guide_set.contains(target) {
                    if let Some(d) = unread_target(r, Kind::Guide, target, unread) {
                        out.push(d);
                        return None;
                    }
                    let mut d = r.error(format!(
                        "unknown guide `{target}`: there is no guides/{target}.md"
                    ));
                    if let Some(s) = closest(target, &self.guide_slugs) {
                        d = d.with_help(format!("did you mean `{s}`?"));
                    }
                    out.push(d);
                }
            }
            RefKind::Tree { question } => check_tree(self.cat, r, target, question, unread, out),
            RefKind::Image => {
                if !self.images.contains(target) {
                    out.push(
                        r.warning(format!("image `{target}` not found in the content folder"))
                            .with_help(
                                "add the file to the content folder, or correct the file name",
                            ),
                    );
                }
            }
            RefKind::TokenDemoRealm => {
                if crate::oauth::Realm::parse(target).is_none() {
                    out.push(
                        r.error(format!("`<TokenDemo>`: unknown realm {target:?}"))
                            .with_help("use realm=\"/partenaire\", \"/individu\", \"/entreprise\" (or \"/employeur\") or \"/agent\""),
                    );
                }
            }
        }
        None
    }
}

/// A note for a reference whose target is a file that did not load: the
/// producer or guide file named by the slug, or the card whose file name
/// reads as the title.
fn unread_target(
    r: &Ref,
    kind: Kind,
    target: &str,
    unread: &[(Kind, Arc<PathBuf>)],
) -> Option<Diagnostic> {
    let name = match kind {
        Kind::Api => crate::text::slugify(target),
        _ => target.to_string(),
    };
    let file = unread_file(kind, &name, unread)?;
    let what = match kind {
        Kind::Api => "the card",
        Kind::Producer => "the producer page",
        _ => "the guide",
    };
    Some(
        Diagnostic::note(
            r.file.as_path(),
            r.line,
            format!(
                "`{target}` is not checked: {what} {} did not load (see its error)",
                file.display()
            ),
        )
        .at_column(r.column)
        .with_help("fix that error first; this reference is checked again on the next build"),
    )
}

/// The file of `kind` named `stem` among those that did not load.
fn unread_file<'a>(
    kind: Kind,
    stem: &str,
    unread: &'a [(Kind, Arc<PathBuf>)],
) -> Option<&'a Arc<PathBuf>> {
    unread
        .iter()
        .find(|(k, path)| *k == kind && path.file_stem().is_some_and(|s| s == stem))
        .map(|(_, path)| path)
}

/// Names the cards that did not load (up to three): the title may be one
/// of theirs, with a file name that does not read as it.
fn unread_cards_help(unread: &[(Kind, Arc<PathBuf>)]) -> Option<String> {
    let cards: Vec<String> = unread
        .iter()
        .filter(|(k, _)| *k == Kind::Api)
        .map(|(_, path)| path.display().to_string())
        .collect();
    let (first, more) = match cards.len() {
        0 => return None,
        n => (cards[..n.min(3)].join(", "), n.saturating_sub(3)),
    };
    let more = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    Some(format!(
        "if it is the title of a card that did not load ({first}{more}), fix that card first"
    ))
}

fn check_tree(
    cat: &Catalogue,
    r: &Ref,
    tree: &str,
    question: &str,
    unread: &[(Kind, Arc<PathBuf>)],
    out: &mut Vec<Diagnostic>,
) {
    if tree.is_empty() || question.is_empty() {
        out.push(
            r.error("`<QuestionTree>` needs both `tree` and `question` attributes".into())
                .with_help("e.g. <QuestionTree tree='api-particulier' question='apipart'/>"),
        );
        return;
    }
    let Some(file) = cat.trees.get(tree) else {
        if let Some(path) = unread_file(Kind::Tree, tree, unread) {
            // An error, not a note as for the other kinds: the page cannot
            // show the tree (rendering leaves the tag out).
            out.push(
                r.error(format!(
                    "question tree `{tree}` did not load: {} has an error (see it)",
                    path.display()
                ))
                .with_help("fix that error first; this tag is checked again on the next build"),
            );
            return;
        }
        let names: Vec<&str> = cat.trees.keys().map(String::as_str).collect();
        let mut d = r.error(format!(
            "unknown question tree `{tree}`: there is no question-trees/{tree}.yaml"
        ));
        if let Some(n) = closest(tree, &names) {
            d = d.with_help(format!("did you mean `{n}`?"));
        }
        out.push(d);
        return;
    };
    if !file.questions.contains_key(question) {
        let names: Vec<&str> = file.questions.keys().map(String::as_str).collect();
        let d = r.error(format!(
            "unknown question `{question}` in question tree `{tree}`"
        ));
        out.push(d.with_help(format!("questions defined there: {}", names.join(", "))));
    }
}

/// Two files with the same slug (differing only in case, or in different
/// sub-folders) would write the same page; two cards with the same title
/// make title references ambiguous.
fn duplicates(cat: &Catalogue, out: &mut Vec<Diagnostic>) {
    fn check<'a>(
        what: &str,
        items: impl Iterator<Item = (&'a str, &'a Arc<PathBuf>)>,
        fold_case: bool,
        out: &mut Vec<Diagnostic>,
    ) {
        let mut seen: HashMap<String, &Arc<PathBuf>> = HashMap::new();
        for (key, file) in items {
            let k = if fold_case {
                key.to_lowercase()
            } else {
                key.to_string()
            };
            if let Some(first) = seen.get(&k) {
                out.push(
                    Diagnostic::error(
                        file.as_path(),
                        1,
                        format!(
                            "duplicate {what} `{key}`: already used by {}",
                            first.display()
                        ),
                    )
                    .with_help("rename one of the two files (or change the title)"),
                );
            } else {
                seen.insert(k, file);
            }
        }
    }
    check(
        "API slug",
        cat.apis.iter().map(|a| (a.slug.as_str(), &a.origin.file)),
        true,
        out,
    );
    let titled = cat.apis.iter().filter(|a| !a.title.is_empty());
    check(
        "API title",
        titled.map(|a| (a.title.as_str(), &a.origin.file)),
        false,
        out,
    );
    check(
        "producer slug",
        cat.producers
            .iter()
            .map(|p| (p.slug.as_str(), &p.origin.file)),
        true,
        out,
    );
    check(
        "guide slug",
        cat.guides.iter().map(|g| (g.slug.as_str(), &g.origin.file)),
        true,
        out,
    );
    check(
        "service slug",
        cat.services
            .iter()
            .map(|s| (s.slug.as_str(), &s.origin.file)),
        true,
        out,
    );
}
