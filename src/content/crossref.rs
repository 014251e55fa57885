//! Links between files, checked once every file is parsed: producers named
//! by cards, API titles cited by guides and services, related guides,
//! `<QuestionTree>` tags, and slugs or titles used twice.

use super::fields::closest;
use super::images::ImageKind;
use super::loader::Kind;
use super::Catalogue;
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
    let producer_slugs: Vec<&str> = cat.producers.iter().map(|p| p.slug.as_str()).collect();
    let producer_set: HashSet<&str> = producer_slugs.iter().copied().collect();
    // Names and acronyms, lower-cased, to the producer's slug.
    let mut by_name: HashMap<String, String> = HashMap::new();
    for p in &cat.producers {
        by_name.insert(p.slug.to_lowercase(), p.slug.clone());
        by_name.insert(p.name.to_lowercase(), p.slug.clone());
        if let Some(a) = &p.acronym {
            by_name.insert(a.to_lowercase(), p.slug.clone());
        }
    }
    let titles: Vec<&str> = cat.apis.iter().map(|a| a.title.as_str()).collect();
    let title_set: HashSet<&str> = titles.iter().copied().collect();
    let guide_slugs: Vec<&str> = cat.guides.iter().map(|g| g.slug.as_str()).collect();
    let guide_set: HashSet<&str> = guide_slugs.iter().copied().collect();
    // Keyed by the Arc's address: every Ref and Origin of a file shares one
    // Arc, and hashing a pointer is much cheaper than hashing a path.
    let api_by_file: HashMap<*const PathBuf, usize> = cat
        .apis
        .iter()
        .enumerate()
        .map(|(i, a)| (Arc::as_ptr(&a.origin.file), i))
        .collect();
    let images: HashSet<String> = cat
        .static_files
        .iter()
        .map(|p| {
            p.components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/")
        })
        .collect();
    let mut producer_of: Vec<(usize, String)> = Vec::new();
    let mut partner_of: Vec<(usize, String, String)> = Vec::new();

    for r in refs {
        let target = r.target.trim();
        match &r.kind {
            RefKind::Producer => {
                if !producer_set.contains(target) {
                    if let Some(d) = unread_target(r, Kind::Producer, target, unread) {
                        out.push(d);
                        continue;
                    }
                    let mut d = r.error(format!(
                        "unknown producer `{target}`: there is no producteurs/{target}.md"
                    ));
                    if let Some(s) = closest(target, &producer_slugs) {
                        d = d.with_help(format!("did you mean `{s}`?"));
                    } else {
                        d = d.with_help(format!(
                            "create producteurs/{target}.md with at least `name:`"
                        ));
                    }
                    out.push(d);
                }
            }
            RefKind::Owner => match by_name.get(&target.to_lowercase()) {
                Some(slug) => {
                    if let Some(&i) = api_by_file.get(&Arc::as_ptr(&r.file)) {
                        producer_of.push((i, slug.clone()));
                    }
                }
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
                if let Some(slug) = by_name.get(&target.to_lowercase()) {
                    if let Some(&i) = api_by_file.get(&Arc::as_ptr(&r.file)) {
                        partner_of.push((i, r.target.clone(), slug.clone()));
                    }
                }
            }
            RefKind::ApiTitle => {
                if !title_set.contains(target) {
                    if let Some(d) = unread_target(r, Kind::Api, target, unread) {
                        out.push(d);
                        continue;
                    }
                    // The real site leaves the link out and builds the page.
                    let mut d = r.warning(format!(
                        "unknown API `{target}`: no card has this title, so the page leaves this link out"
                    ));
                    if let Some(t) = closest(target, &titles) {
                        d = d.with_help(format!("did you mean `{t}`?"));
                    } else if let Some(help) = unread_cards_help(unread) {
                        d = d.with_help(help);
                    }
                    out.push(d);
                }
            }
            RefKind::Guide => {
                if !guide_set.contains(target) {
                    if let Some(d) = unread_target(r, Kind::Guide, target, unread) {
                        out.push(d);
                        continue;
                    }
                    let mut d = r.error(format!(
                        "unknown guide `{target}`: there is no guides/{target}.md"
                    ));
                    if let Some(s) = closest(target, &guide_slugs) {
                        d = d.with_help(format!("did you mean `{s}`?"));
                    }
                    out.push(d);
                }
            }
            RefKind::Tree { question } => check_tree(cat, r, target, question, unread, out),
            RefKind::Image => {
                if !images.contains(target) {
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
    }
    for (i, slug) in producer_of {
        cat.apis[i].producer = Some(slug);
    }
    for (i, written, slug) in partner_of {
        for p in cat.apis[i].partners.iter_mut().filter(|p| **p == written) {
            p.clone_from(&slug);
        }
    }
    // A missing image is left out of its page (the warning above says so),
    // never a broken `<img>`.
    let missing = |kind: ImageKind, value: &Option<String>| {
        value
            .as_deref()
            .and_then(|v| super::images::content_path(kind, v))
            .is_some_and(|path| !images.contains(&path))
    };
    for api in cat
        .apis
        .iter_mut()
        .filter(|a| missing(ImageKind::Logo, &a.logo))
    {
        api.logo = None;
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
