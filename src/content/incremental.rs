//! Loading again after a few files changed (editor mode): the folder is
//! walked again only when files may have appeared or gone, and only the
//! files the watcher named are read and parsed again. The catalogue is then
//! assembled and cross-checked exactly as `load_dir` does, from the parsed
//! files kept here, so the result is the same as a fresh load.

use super::catalogue::{
    assemble, assemble_card, read_and_parse, reread_sources, walk, Loaded, Parsed, Walked,
};
use super::crossref;
use super::loader::{Item, Kind};
use super::Api;
use crate::diagnostics::Diagnostic;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// The parsed files of the last load, by path as shown, each with the
/// version it was parsed at.
#[derive(Debug, Default)]
pub struct ParseCache {
    walked: Option<Walked>,
    parsed: HashMap<PathBuf, (u64, Result<Parsed, Diagnostic>)>,
    /// Bumped for each file parsed; a file's version changes whenever it is
    /// parsed again.
    next_version: u64,
    /// The files of the last load that did not load because of an error of
    /// their own (`Parsed::unread`), in file order.
    unread: Vec<(Kind, std::sync::Arc<PathBuf>)>,
}

/// What a reload found, besides the catalogue.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Change {
    /// Files read and parsed again.
    pub parsed: usize,
    /// Whether the change can reach pages other than those of the API
    /// cards parsed again: anything but an edit of existing cards that
    /// keeps their slug, title, producer and themes (what other pages and
    /// the lists are built from) counts.
    pub wide: bool,
}

impl ParseCache {
    /// The version a file was last parsed at (`None`: not a content file
    /// of the last load).
    pub fn version(&self, path: &Path) -> Option<u64> {
        self.parsed.get(path).map(|(v, _)| *v)
    }

    /// Loads `dir` again. `changed`: the paths that may differ since the
    /// last load (as the watcher reports them, absolute or under `dir`);
    /// `None` reads everything (the first load, or when the watcher lost
    /// track).
    pub fn load(&mut self, dir: &Path, changed: Option<&[PathBuf]>) -> (Loaded, Change) {
        if !dir.is_dir() {
            self.walked = None;
            self.parsed.clear();
            return (super::load_dir(dir), wide(0));
        }
        // An editor's temporary file (`card.md.tmp`, renamed over the card
        // at once) changes nothing.
        let relative_changes = changed.map(|paths| {
            under(dir, paths).map(|relatives| {
                relatives
                    .into_iter()
                    .filter(|r| may_matter(dir, r))
                    .collect::<Vec<_>>()
            })
        });
        // Only edits of content files already known keep the list of files
        // (and everything but those files' own pages) as it was.
        let walk_again = match (&self.walked, &relative_changes) {
            (Some(walked), Some(Some(relatives))) => relatives
                .iter()
                .any(|r| !is_content_file(walked, r) || !dir.join(r).is_file()),
            _ => true,
        };
        if walk_again {
            self.walked = Some(walk(dir));
        }
        let walked = self.walked.take().unwrap_or_default();
        let to_parse: Vec<(PathBuf, PathBuf)> = match relative_changes {
            // Edits of known files: those files only.
            Some(Some(relatives)) if !walk_again => relatives
                .into_iter()
                .map(|relative| (dir.join(&relative), relative))
                .collect(),
            Some(Some(relatives)) => {
                let stale: HashSet<PathBuf> = relatives.iter().map(|r| dir.join(r)).collect();
                walked
                    .content_files
                    .iter()
                    .filter(|(path, _)| stale.contains(path) || !self.parsed.contains_key(path))
                    .cloned()
                    .collect()
            }
            // Unknown changes: parse every file again.
            _ => walked.content_files.clone(),
        };
        let fresh: Vec<(PathBuf, Result<Parsed, Diagnostic>)> = to_parse
            .into_par_iter()
            .with_max_len(16)
            .map(|(path, relative)| (path.clone(), read_and_parse(path, relative)))
            .collect();

        let mut change = Change {
            parsed: fresh.len(),
            wide: walk_again,
        };
        for (path, parsed) in fresh {
            let before = self.parsed.get(&path).map(|(_, p)| p);
            if !change.wide && !same_shape(before, &parsed) {
                change.wide = true;
            }
            self.next_version += 1;
            self.parsed.insert(path, (self.next_version, parsed));
        }
        if walk_again {
            let present: HashSet<&PathBuf> = walked.content_files.iter().map(|(p, _)| p).collect();
            self.parsed.retain(|path, _| present.contains(path));
        }

        let mut files = Vec::with_capacity(walked.content_files.len());
        let mut diagnostics = walked.diagnostics.clone();
        self.unread.clear();
        for (path, _) in &walked.content_files {
            match self.parsed.get(path).map(|(_, p)| p) {
                Some(Ok(parsed)) => {
                    self.unread.extend(parsed.unread());
                    files.push(parsed.clone());
                }
                Some(Err(d)) => diagnostics.push(d.clone()),
                None => {}
            }
        }
        let mut loaded = assemble(files, walked.static_files.clone());
        self.walked = Some(walked);
        loaded.diagnostics.append(&mut diagnostics);
        crate::diagnostics::sort(&mut loaded.diagnostics);
        reread_sources(&mut loaded);
        (loaded, change)
    }
}

impl ParseCache {
    /// Applies to `last` (what `load` or `patch` gave last time) an edit of
    /// API cards that keeps what every other file and page reads of them
    /// (`narrow`): only the files named are read and parsed, and only
    /// those cards are assembled again, into the catalogue as it is.
    /// Returns the indexes of the cards in `last.catalogue.apis`, and then
    /// `last` is what `load` would give. `None`: the change is not such an
    /// edit, and nothing was changed (`load` then).
    pub fn patch(
        &mut self,
        dir: &Path,
        changed: &[PathBuf],
        last: &mut Loaded,
    ) -> Option<Vec<usize>> {
        self.walked.as_ref()?;
        let mut relatives: Vec<PathBuf> = under(dir, changed)?
            .into_iter()
            .filter(|r| may_matter(dir, r))
            .collect();
        relatives.sort();
        relatives.dedup();
        let mut edits = Vec::with_capacity(relatives.len());
        for relative in relatives {
            let path = dir.join(&relative);
            if Kind::of(&relative) != Some(Kind::Api) || !path.is_file() {
                return None;
            }
            let Some((_, Ok(before))) = self.parsed.get(&path) else {
                return None;
            };
            let after = read_and_parse(path.clone(), relative).ok()?;
            let (Some(Item::Api(old)), Some(Item::Api(new))) = (before.item(), after.item()) else {
                return None;
            };
            if !narrow(old, new) {
                return None;
            }
            let index = index_of(&last.catalogue.apis, &old.slug, &path)?;
            edits.push((path, index, after));
        }
        // Unchanged: an edit like this keeps every file loaded.
        let unread = &self.unread;
        let names = crossref::Names::new(&last.catalogue);
        let mut assembled = Vec::with_capacity(edits.len());
        for (path, index, after) in &edits {
            let (Some((_, Ok(before))), Some((api, problems))) =
                (self.parsed.get(path), assemble_card(after, &names, unread))
            else {
                return None;
            };
            let (_, old_problems) = assemble_card(before, &names, unread)?;
            assembled.push((*index, api, problems, old_problems));
        }
        drop(names);

        // Nothing can fail from here on.
        for (index, api, problems, old_problems) in assembled {
            for old in &old_problems {
                if let Some(at) = last.diagnostics.iter().position(|d| d == old) {
                    last.diagnostics.remove(at);
                }
            }
            for problem in problems {
                crate::diagnostics::insert_sorted(&mut last.diagnostics, problem);
            }
            last.catalogue.apis[index] = api;
        }
        let mut indexes = Vec::with_capacity(edits.len());
        for (path, index, after) in edits {
            let repairs = &mut last.catalogue.repairs;
            // (Compared as strings: `Path`'s `==` goes part by part.)
            repairs.retain(|(file, _)| file.as_os_str() != path.as_os_str());
            // Repairs are in file order, as the folder is walked.
            let at = repairs.partition_point(|(file, _)| file.as_path() < path.as_path());
            let new_repairs = after
                .repairs()
                .iter()
                .map(|r| (after.path().clone(), r.clone()));
            repairs.splice(at..at, new_repairs);
            keep_source(last, &path, after.text());
            self.next_version += 1;
            self.parsed.insert(path, (self.next_version, Ok(after)));
            indexes.push(index);
        }
        Some(indexes)
    }
}

/// Whether an edit of a card keeps everything other pages and files read
/// of it: slug, title, producer, themes, partners, popularity, links, the
/// pages it has, and whether it is indexed.
fn narrow(before: &Api, after: &Api) -> bool {
    same_card_shape(before, after)
        && before.partners == after.partners
        && before.visits_2019 == after.visits_2019
        && before.links == after.links
        && before.noindex == after.noindex
        && before.access_page.is_empty() == after.access_page.is_empty()
}

/// The index of the card of `path` among `apis` (sorted by slug, then
/// file).
fn index_of(apis: &[std::sync::Arc<Api>], slug: &str, path: &Path) -> Option<usize> {
    let first = apis.partition_point(|a| a.slug.as_str() < slug);
    apis[first..]
        .iter()
        .take_while(|a| a.slug == slug)
        .position(|a| a.origin.file.as_path() == path)
        .map(|at| first + at)
}

/// Keeps the text of `path` among `last.sources` as a fresh load does: when
/// a problem of the loader points into it, its text if the parser kept it
/// (`text`), or, for a problem at a line, the file read again.
fn keep_source(last: &mut Loaded, path: &Path, text: Option<&str>) {
    last.sources.remove(path);
    let flagged = || last.diagnostics.iter().filter(|d| d.file == path);
    let any = flagged().next().is_some();
    let at_line = flagged().any(|d| d.line != 0);
    match text {
        Some(text) if any => {
            last.sources.insert(path.to_path_buf(), text.into());
        }
        _ if at_line => {
            if let Ok(bytes) = std::fs::read(path) {
                last.sources
                    .insert(path.to_path_buf(), crate::text::read_text(&bytes).0.into());
            }
        }
        _ => {}
    }
}

fn wide(parsed: usize) -> Change {
    Change { parsed, wide: true }
}

/// `paths` relative to `dir`; `None` when one is outside it (a theme file,
/// say: not content, but then nothing can be assumed).
fn under(dir: &Path, paths: &[PathBuf]) -> Option<Vec<PathBuf>> {
    let absolute = dir.canonicalize().ok();
    paths
        .iter()
        .map(|p| {
            p.strip_prefix(dir)
                .ok()
                .or_else(|| p.strip_prefix(absolute.as_ref()?).ok())
                .map(Path::to_path_buf)
        })
        .collect()
}

/// Whether a change at `relative` can change the site: a content file, a
/// file under `images/` or `static/`, or a folder (or what may have been
/// one: a name without an extension).
fn may_matter(dir: &Path, relative: &Path) -> bool {
    Kind::of(relative).is_some()
        || relative.starts_with("images")
        || relative.starts_with("static")
        || relative.extension().is_none()
        || dir.join(relative).is_dir()
}

fn is_content_file(walked: &Walked, relative: &Path) -> bool {
    walked.content_files.iter().any(|(_, r)| r == relative)
}

/// Whether a file parsed again still gives what other pages read of it:
/// the same card slug, title, producer and themes. Anything but an API
/// card changes more than its own pages.
fn same_shape(
    before: Option<&Result<Parsed, Diagnostic>>,
    after: &Result<Parsed, Diagnostic>,
) -> bool {
    fn api(parsed: Option<&Result<Parsed, Diagnostic>>) -> Option<&Api> {
        match parsed?.as_ref().ok()?.item()? {
            Item::Api(api) => Some(api),
            _ => None,
        }
    }
    match (api(before), api(Some(after))) {
        (Some(a), Some(b)) => same_card_shape(a, b),
        _ => false,
    }
}

fn same_card_shape(a: &Api, b: &Api) -> bool {
    a.slug == b.slug
        && a.title == b.title
        && a.producer == b.producer
        && a.owner == b.owner
        && a.themes == b.themes
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn copy(from: &Path, to: &Path) {
        for entry in walkdir::WalkDir::new(from) {
            let entry = entry.unwrap();
            let target = to.join(entry.path().strip_prefix(from).unwrap());
            if entry.file_type().is_dir() {
                fs::create_dir_all(&target).unwrap();
            } else {
                fs::copy(entry.path(), &target).unwrap();
            }
        }
    }

    fn fixture() -> (tempfile::TempDir, PathBuf) {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("content");
        copy(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid"),
            &dir,
        );
        (root, dir)
    }

    #[test]
    fn only_named_files_are_parsed_again_and_only_their_own_content_is_narrow() {
        let (_root, dir) = fixture();
        let mut cache = ParseCache::default();
        let (first, change) = cache.load(&dir, None);
        assert!(change.wide && change.parsed > 3);
        let card = dir.join("api/demo.md");
        let version = cache.version(&card).unwrap();

        let text = fs::read_to_string(&card).unwrap();
        // Saved as editors do: a temporary file renamed over the card.
        let temporary = dir.join("api/demo.md.tmp");
        fs::write(
            &temporary,
            text.replacen("\n---\n", "\n---\nUn ajout.\n\n", 1),
        )
        .unwrap();
        fs::rename(&temporary, &card).unwrap();
        let (edited, change) = cache.load(&dir, Some(&[card.clone(), temporary]));
        assert_eq!(
            change,
            Change {
                parsed: 1,
                wide: false
            }
        );
        assert!(cache.version(&card).unwrap() > version);
        assert!(edited.catalogue.apis[0].body.source.contains("Un ajout."));
        assert_eq!(edited.catalogue.producers, first.catalogue.producers);
        assert_eq!(
            edited.catalogue.apis,
            super::super::load_dir(&dir).catalogue.apis
        );

        fs::write(
            &card,
            text.replacen("title: API Démo", "title: API Démo 2", 1),
        )
        .unwrap();
        let (_, change) = cache.load(&dir, Some(std::slice::from_ref(&card)));
        assert_eq!(
            change,
            Change {
                parsed: 1,
                wide: true
            }
        );

        let producer = dir.join("producteurs/dinum.md");
        let (_, change) = cache.load(&dir, Some(&[producer]));
        assert!(change.wide, "a producer reaches other pages");

        fs::remove_file(&card).unwrap();
        let (gone, change) = cache.load(&dir, Some(std::slice::from_ref(&card)));
        assert!(change.wide && gone.catalogue.apis.is_empty());
        assert_eq!(cache.version(&card), None);
    }

    /// `patch` leaves `last` as a fresh load of the folder would be.
    fn assert_fresh(last: &Loaded, dir: &Path, step: &str) {
        let fresh = super::super::load_dir(dir);
        assert_eq!(
            format!("{:?}", last.catalogue),
            format!("{:?}", fresh.catalogue),
            "{step}"
        );
        assert_eq!(last.diagnostics, fresh.diagnostics, "{step}");
        assert_eq!(last.sources, fresh.sources, "{step}");
    }

    #[test]
    fn a_patched_card_edit_gives_what_a_fresh_load_gives() {
        let (_root, dir) = fixture();
        let mut cache = ParseCache::default();
        let (mut last, _) = cache.load(&dir, None);
        let card = dir.join("api/demo.md");
        let text = fs::read_to_string(&card).unwrap();
        let edits = [
            ("a body", text.replacen("Une API de", "Une nouvelle API de", 1)),
            (
                "problems: an unknown tree, an unknown image, mojibake",
                text.replacen(
                    "Une API de",
                    "Les Entit√©s.\n\n<QuestionTree tree='nulle' question='part'/>\n\n![x](/images/absente.png)\n\nUne API de",
                    1,
                ),
            ),
            ("fixed again", text.clone()),
        ];
        for (step, edited) in edits {
            fs::write(&card, edited).unwrap();
            let version = cache.version(&card);
            let changed = cache.patch(&dir, std::slice::from_ref(&card), &mut last);
            assert_eq!(changed, Some(vec![0]), "{step}");
            assert!(cache.version(&card) > version, "{step}");
            assert_fresh(&last, &dir, step);
        }
        assert!(
            cache
                .patch(&dir, &[dir.join("api/demo.md.tmp")], &mut last)
                .is_some_and(|changed| changed.is_empty()),
            "an editor's temporary file changes nothing"
        );

        // What other pages read of the card: not a patch, nothing changed.
        let before = format!("{last:?}");
        for (step, from, to) in [
            ("a title", "title: API Démo", "title: API Démo 2"),
            ("a producer", "producer: dinum", "producer: autre"),
            ("an access page less", "access_page:", "access_page_x:"),
        ] {
            fs::write(&card, text.replacen(from, to, 1)).unwrap();
            assert_eq!(
                cache.patch(&dir, std::slice::from_ref(&card), &mut last),
                None,
                "{step}"
            );
            assert_eq!(format!("{last:?}"), before, "{step}");
        }
        fs::write(&card, "---\ntitle: [cassé\n").unwrap();
        assert_eq!(
            cache.patch(&dir, std::slice::from_ref(&card), &mut last),
            None,
            "a broken card"
        );
        for other in ["producteurs/dinum.md", "guides/guide.md", "images/logo.svg"] {
            assert_eq!(
                cache.patch(&dir, &[dir.join(other)], &mut last),
                None,
                "{other}"
            );
        }
    }
}
