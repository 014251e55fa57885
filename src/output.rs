//! Writes the generated site: into a staging folder beside the target,
//! swapped in with one rename only when the build succeeded. Nothing
//! half-written is ever published: on any error the previous folder stays
//! as it was.
//!
//! The folder a swap replaces is not deleted: it is kept beside the target
//! as `.<name>.vitrine-spare` and becomes the next build's staging folder.
//! Each file is then compared with what the spare already holds and written
//! only when it differs, and files no longer generated are removed. On a
//! large catalogue that turns creating and deleting ten thousand folders
//! per build (seconds on a slow disk) into reading files from the page
//! cache. Deleting the spare is always safe; the next build starts afresh.
//!
//! Every folder a build leaves (the output and the spare) holds a
//! `.vitrine-manifest` listing the files the build wrote there (see
//! `manifest`): a build replaces only a folder whose files are all listed,
//! so it never deletes a file it did not write (`cmd::output_folder`).
//! An output folder given as a symbolic link stays one: the folder it
//! points to is staged beside and replaced.

use crate::site::Sink;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::thread::JoinHandle;

/// What was written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Written {
    /// Generated files and copies whose bytes changed (or are new).
    pub written: usize,
    /// Files the reused staging folder already held with the same bytes.
    pub unchanged: usize,
    /// Files of the reused staging folder that are no longer generated.
    pub removed: usize,
}

/// A staging folder being filled, beside the folder it will replace.
#[derive(Debug)]
pub struct Staging {
    target: PathBuf,
    parent: PathBuf,
    name: String,
    dir: PathBuf,
    /// The folder is a previous output: compare before writing, and remove
    /// what this build does not generate.
    reused: bool,
    /// Relative paths put so far: what the manifest lists.
    kept: Mutex<HashSet<String>>,
    /// Lists the reused folder's files in the background while the site
    /// renders, for `publish` to remove those not generated again.
    listing: Mutex<Option<std::thread::JoinHandle<io::Result<Vec<String>>>>>,
    /// What the listing found, once joined.
    before: Mutex<Vec<String>>,
    /// Folders known to exist inside `dir`.
    dirs: Mutex<HashSet<PathBuf>>,
    /// The folders being created ahead of the pages, if any.
    ahead: OnceLock<Arc<FoldersAhead>>,
    creator: Mutex<Option<JoinHandle<()>>>,
    /// The first error; `put` cannot return one (the renderer calls it from
    /// many threads), so `publish` does.
    error: Mutex<Option<io::Error>>,
    written: AtomicUsize,
    unchanged: AtomicUsize,
}

impl Staging {
    /// Prepares the staging folder for `target`: the spare left by an
    /// earlier build if there is one, else a new empty folder.
    ///
    /// A `target` that is a symbolic link (or lies under one) stays one: the
    /// folder it points to is what gets replaced, staged beside it so that
    /// the swap is a rename within one file system.
    pub fn create(target: &Path) -> io::Result<Staging> {
        let target = &resolve(target)?;
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = target
            .file_name()
            .ok_or_else(|| {
                io::Error::new(io::ErrorKind::InvalidInput, "output folder has no name")
            })?
            .to_string_lossy()
            .into_owned();
        if target.exists() && !target.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!("{} exists and is not a folder", target.display()),
            ));
        }
        fs::create_dir_all(&parent)?;
        let dir = parent.join(format!(".{name}.vitrine-new-{}", std::process::id()));
        if dir.exists() {
            fs::remove_dir_all(&dir)?;
        }
        let spare = spare_path(&parent, &name);
        // Taking the spare is one rename; if another build took it first,
        // start from an empty folder.
        // A link named like the spare is not one vitrine made: never
        // written through.
        let reused = fs::symlink_metadata(&spare).is_ok_and(|m| m.is_dir())
            && fs::rename(&spare, &dir).is_ok();
        let listing = if reused {
            let root = dir.clone();
            Some(std::thread::spawn(move || list_files(&root)))
        } else {
            fs::create_dir(&dir)?;
            None
        };
        Ok(Staging {
            target: target.to_path_buf(),
            parent,
            name,
            dir,
            reused,
            kept: Mutex::new(HashSet::new()),
            listing: Mutex::new(listing),
            before: Mutex::new(Vec::new()),
            dirs: Mutex::new(HashSet::new()),
            ahead: OnceLock::new(),
            creator: Mutex::new(None),
            error: Mutex::new(None),
            written: AtomicUsize::new(0),
            unchanged: AtomicUsize::new(0),
        })
    }

    /// Starts creating `folders` (relative, `/`-separated), one after the
    /// other in one background thread, while the caller goes on loading
    /// and rendering; `put` then finds its folder made. Folders that get no
    /// file are removed when the build ends.
    ///
    /// Why: creating an entry locks the folder it goes in, so pages
    /// rendered side by side would contend for `les-api/` in the kernel.
    ///
    /// Does nothing for a reused folder (its folders mostly exist) or when
    /// called a second time.
    pub fn create_folders_ahead(&self, folders: Vec<String>) {
        if self.reused || folders.is_empty() {
            return;
        }
        let ahead = Arc::new(FoldersAhead::new(folders));
        if self.ahead.set(Arc::clone(&ahead)).is_err() {
            return;
        }
        let root = self.dir.clone();
        let creator = std::thread::spawn(move || ahead.create_all(&root));
        *self.creator.lock().unwrap_or_else(|e| e.into_inner()) = Some(creator);
    }

    /// Stops creating folders ahead and removes those that got no file.
    fn finish_folders_ahead(&self) {
        let Some(ahead) = self.ahead.get() else {
            return;
        };
        ahead.stop.store(true, Ordering::Relaxed);
        let creator = self
            .creator
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take();
        if let Some(creator) = creator {
            // The thread only creates folders; a panic there left nothing
            // to undo beyond what is removed below.
            let _ = creator.join();
        }
        remove_empty_folders(&self.dir, ahead.unused().map(PathBuf::from).collect());
    }

    /// Copies content files (images) into place, removes what the reused
    /// folder held and this build did not generate, then swaps the staging
    /// folder in. The replaced folder becomes the next build's spare.
    pub fn publish(
        self,
        copies: &std::collections::BTreeMap<String, PathBuf>,
    ) -> io::Result<Written> {
        self.finish_folders_ahead();
        let result = self.finish_tree(copies);
        let removed = match result {
            Ok(removed) => removed,
            Err(e) => {
                self.discard();
                return Err(e);
            }
        };
        if let Err(e) = self.swap() {
            self.discard();
            return Err(e);
        }
        Ok(Written {
            written: self.written.load(Ordering::Relaxed),
            unchanged: self.unchanged.load(Ordering::Relaxed),
            removed,
        })
    }

    /// Gives up on this build: the target is not touched, and the staging
    /// folder is kept as the spare (its files are compared before any
    /// reuse), or deleted if there already is one.
    pub fn discard(self) {
        self.finish_folders_ahead();
        // The spare's manifest lists what it held and what was put since;
        // a spare without one would be refused by the next build.
        let marked = self.join_listing().and_then(|()| {
            let before = std::mem::take(&mut *lock(&self.before));
            let mut kept = lock(&self.kept);
            kept.extend(before);
            write_manifest(&self.dir, &kept)
        });
        match marked {
            Ok(()) => keep_as_spare(&self.dir, &self.parent, &self.name),
            Err(_) => {
                let _ = fs::remove_dir_all(&self.dir);
            }
        }
    }

    /// Waits for the listing of the reused folder, into `before`.
    fn join_listing(&self) -> io::Result<()> {
        let listing = lock(&self.listing).take();
        if let Some(listing) = listing {
            let before = listing
                .join()
                .map_err(|_| io::Error::other("listing the reused folder failed"))??;
            *lock(&self.before) = before;
        }
        Ok(())
    }

    fn finish_tree(
        &self,
        copies: &std::collections::BTreeMap<String, PathBuf>,
    ) -> io::Result<usize> {
        if let Some(e) = self.error.lock().unwrap_or_else(|e| e.into_inner()).take() {
            return Err(e);
        }
        for (path, source) in copies {
            let bytes = fs::read(source).map_err(|e| {
                io::Error::new(e.kind(), format!("copying {}: {e}", source.display()))
            })?;
            self.store(path, &bytes)?;
        }
        self.join_listing()?;
        let mut kept = lock(&self.kept);
        // Written below, not stale.
        kept.insert(MANIFEST.to_string());
        let removed = if self.reused {
            remove_stale(&self.dir, &lock(&self.before), &kept)?
        } else {
            0
        };
        write_manifest(&self.dir, &kept)?;
        Ok(removed)
    }

    fn swap(&self) -> io::Result<()> {
        if !self.target.exists() {
            return fs::rename(&self.dir, &self.target);
        }
        let old = self
            .parent
            .join(format!(".{}.vitrine-old-{}", self.name, std::process::id()));
        if old.exists() {
            fs::remove_dir_all(&old)?;
        }
        fs::rename(&self.target, &old)?;
        if let Err(e) = fs::rename(&self.dir, &self.target) {
            let _ = fs::rename(&old, &self.target);
            return Err(e);
        }
        keep_as_spare(&old, &self.parent, &self.name);
        Ok(())
    }

    /// Writes `bytes` at `path` unless the folder already holds exactly
    /// them.
    fn store(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        let relative = safe_relative(path)?;
        // As listed back from the folder: `a//b` is written as `a/b`.
        let key = if path.contains("//") || path.ends_with('/') {
            slashed(relative)
        } else {
            path.to_string()
        };
        if key == MANIFEST {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "{MANIFEST} is the list of the files a build wrote: no page may take its name"
                ),
            ));
        }
        let full = self.dir.join(relative);
        lock(&self.kept).insert(key);
        if self.reused && same_bytes(&full, bytes) {
            self.unchanged.fetch_add(1, Ordering::Relaxed);
            return Ok(());
        }
        if let Some(folder) = relative.parent().filter(|p| !p.as_os_str().is_empty()) {
            self.ensure_dir(folder)?;
        }
        if let Err(e) = fs::write(&full, bytes) {
            // A reused folder may hold a folder where a file now goes.
            if !(self.reused && full.is_dir()) {
                return Err(e);
            }
            fs::remove_dir_all(&full)?;
            fs::write(&full, bytes)?;
        }
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    fn ensure_dir(&self, folder: &Path) -> io::Result<()> {
        if let Some(ahead) = self.ahead.get() {
            if let Some(i) = folder.to_str().and_then(|f| ahead.index.get(f)) {
                ahead.used[*i].store(true, Ordering::Relaxed);
                if !ahead.created[*i].load(Ordering::Acquire) {
                    // Not made yet: make it here (the creating thread then
                    // skips it, or finds it made).
                    fs::create_dir_all(self.dir.join(folder))?;
                    ahead.created[*i].store(true, Ordering::Release);
                }
                return Ok(());
            }
        }
        if self
            .dirs
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .contains(folder)
        {
            return Ok(());
        }
        let full = self.dir.join(folder);
        if let Err(e) = fs::create_dir_all(&full) {
            // A reused folder may hold a file where a folder now goes.
            if !self.reused {
                return Err(e);
            }
            remove_files_in_the_way(&self.dir, folder)?;
            fs::create_dir_all(&full)?;
        }
        self.dirs
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(folder.to_path_buf());
        Ok(())
    }
}

impl Sink for Staging {
    fn put(&self, path: &str, bytes: Vec<u8>) {
        if let Err(e) = self.store(path, &bytes) {
            let e = io::Error::new(e.kind(), format!("writing {path}: {e}"));
            self.error
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .get_or_insert(e);
        }
    }

    fn get(&self, path: &str) -> Option<Vec<u8>> {
        fs::read(self.dir.join(safe_relative(path).ok()?)).ok()
    }

    fn prepare(&self, folders: Vec<String>) {
        self.create_folders_ahead(folders);
    }
}

/// The folders `Staging::create_folders_ahead` makes, and what became of
/// each.
#[derive(Debug)]
struct FoldersAhead {
    /// Relative folders, in the order they are created.
    folders: Vec<String>,
    /// Each folder's position in `folders`.
    index: HashMap<String, usize>,
    /// Set once the folder exists, by whichever thread made it.
    created: Vec<AtomicBool>,
    /// Set when a file is put in the folder.
    used: Vec<AtomicBool>,
    /// Tells the creating thread to stop: the build is ending.
    stop: AtomicBool,
}

impl FoldersAhead {
    fn new(folders: Vec<String>) -> FoldersAhead {
        let flags = || (0..folders.len()).map(|_| AtomicBool::new(false)).collect();
        FoldersAhead {
            index: folders
                .iter()
                .enumerate()
                .map(|(i, f)| (f.clone(), i))
                .collect(),
            created: flags(),
            used: flags(),
            stop: AtomicBool::new(false),
            folders,
        }
    }

    fn create_all(&self, root: &Path) {
        for (i, folder) in self.folders.iter().enumerate() {
            if self.stop.load(Ordering::Relaxed) {
                return;
            }
            if self.created[i].load(Ordering::Acquire) {
                continue;
            }
            // A failure is left to `ensure_dir`, which tries again and
            // reports it with the path of the file that needed the folder.
            if fs::create_dir_all(root.join(folder)).is_ok() {
                self.created[i].store(true, Ordering::Release);
            }
        }
    }

    /// The folders made that got no file.
    fn unused(&self) -> impl Iterator<Item = &str> {
        self.folders
            .iter()
            .zip(self.created.iter().zip(&self.used))
            .filter(|(_, (created, used))| {
                created.load(Ordering::Acquire) && !used.load(Ordering::Relaxed)
            })
            .map(|(folder, _)| folder.as_str())
    }
}

/// `path`'s components joined with `/`.
fn slashed(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// `path` made absolute with every symbolic link resolved, also when its
/// last components do not exist yet (an output folder to be created) and
/// when it is a link to a folder that does not exist yet.
pub fn resolve(path: &Path) -> io::Result<PathBuf> {
    // As many links as the system follows itself (Linux: 40).
    resolve_within(path, &mut 40)
}

fn resolve_within(path: &Path, hops: &mut u32) -> io::Result<PathBuf> {
    let mut path = std::path::absolute(path)?;
    while *hops > 0 {
        *hops -= 1;
        if let Ok(real) = fs::canonicalize(&path) {
            return Ok(real);
        }
        match fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = fs::read_link(&path)?;
                path = match path.parent() {
                    Some(parent) => parent.join(link),
                    None => link,
                };
            }
            _ => return resolve_missing(&path, hops),
        }
    }
    Err(io::Error::other(format!(
        "{}: too many levels of symbolic links",
        path.display()
    )))
}

/// `resolve` for a path whose last components do not exist.
fn resolve_missing(path: &Path, hops: &mut u32) -> io::Result<PathBuf> {
    let mut existing = path;
    let mut missing = Vec::new();
    while fs::symlink_metadata(existing).is_err() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                missing.push(name.to_owned());
                existing = parent;
            }
            _ => break,
        }
    }
    let mut resolved = if existing.as_os_str().is_empty() {
        PathBuf::new()
    } else {
        resolve_within(existing, hops)?
    };
    for name in missing.iter().rev() {
        resolved.push(name);
    }
    // `std::path::absolute` keeps `..`: fold what is left of them.
    let mut folded = PathBuf::new();
    for part in resolved.components() {
        match part {
            std::path::Component::ParentDir => {
                folded.pop();
            }
            std::path::Component::CurDir => {}
            other => folded.push(other),
        }
    }
    Ok(folded)
}

fn spare_path(parent: &Path, name: &str) -> PathBuf {
    parent.join(format!(".{name}.vitrine-spare"))
}

/// Makes `dir` the spare, unless there already is one (then `dir` is
/// deleted). A `.gitignore` inside keeps it out of `git status`; it is not
/// generated, so reusing the spare removes it before anything is published.
fn keep_as_spare(dir: &Path, parent: &Path, name: &str) {
    let spare = spare_path(parent, name);
    // A replaced folder that held no file (an empty output folder made
    // before the first build) has no manifest yet: an empty one says so.
    let marked = dir.join(MANIFEST).is_file() || write_manifest(dir, &HashSet::new()).is_ok();
    if marked
        && fs::symlink_metadata(&spare).is_err()
        && fs::write(dir.join(".gitignore"), "*\n").is_ok()
        && fs::rename(dir, &spare).is_ok()
    {
        return;
    }
    let _ = fs::remove_dir_all(dir);
}

/// Whether the file at `path` holds exactly `bytes`: one open, its length
/// from the open file, and a read into a buffer reused by the thread.
fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    use std::io::Read;
    thread_local! {
        static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    let Ok(mut file) = fs::File::open(path) else {
        return false;
    };
    match file.metadata() {
        Ok(meta) if meta.is_file() && meta.len() == bytes.len() as u64 => {}
        _ => return false,
    }
    BUFFER.with(|buffer| {
        let mut buffer = buffer.borrow_mut();
        buffer.clear();
        // One more byte than expected, to notice a file that grew meanwhile.
        let read = file
            .by_ref()
            .take(bytes.len() as u64 + 1)
            .read_to_end(&mut buffer);
        read.is_ok() && buffer.as_slice() == bytes
    })
}

/// Removes the files (not folders) standing where `folder`'s ancestors
/// should be.
fn remove_files_in_the_way(root: &Path, folder: &Path) -> io::Result<()> {
    let mut at = root.to_path_buf();
    for part in folder.components() {
        at.push(part);
        match fs::symlink_metadata(&at) {
            Ok(meta) if !meta.is_dir() => fs::remove_file(&at)?,
            _ => {}
        }
    }
    Ok(())
}

/// Every file under `root`, as `/`-separated relative paths.
fn list_files(root: &Path) -> io::Result<Vec<String>> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(root).min_depth(1) {
        let entry = entry.map_err(io::Error::other)?;
        if entry.file_type().is_dir() {
            continue;
        }
        let relative = entry.path().strip_prefix(root).map_err(io::Error::other)?;
        files.push(slashed(relative));
    }
    Ok(files)
}

/// Removes the files of `before` (listed when the build started) that are
/// not in `kept`, then the folders that left empty. Returns how many files
/// were removed.
fn remove_stale(root: &Path, before: &[String], kept: &HashSet<String>) -> io::Result<usize> {
    let mut removed = 0;
    let mut emptied = BTreeSet::new();
    for relative in before.iter().filter(|f| !kept.contains(*f)) {
        let relative = Path::new(relative);
        let full = root.join(relative);
        match fs::remove_file(&full) {
            Ok(()) => removed += 1,
            // This build put a folder there, or a file where one of its
            // folders was: nothing stale is left at that path.
            Err(_) if !fs::symlink_metadata(&full).is_ok_and(|m| m.is_file()) => continue,
            Err(e) => return Err(e),
        }
        if let Some(folder) = relative.parent() {
            emptied.insert(folder.to_path_buf());
        }
    }
    remove_empty_folders(root, emptied);
    Ok(removed)
}

/// Removes those of `folders` (relative to `root`) and of their ancestors
/// that are empty.
fn remove_empty_folders(root: &Path, folders: BTreeSet<PathBuf>) {
    let mut all: BTreeSet<PathBuf> = BTreeSet::new();
    for folder in &folders {
        all.extend(folder.ancestors().map(Path::to_path_buf));
    }
    // Deepest first, so a folder's empty subfolders are gone before it;
    // `remove_dir` refuses folders that still hold something.
    let mut all: Vec<PathBuf> = all
        .into_iter()
        .filter(|p| !p.as_os_str().is_empty())
        .collect();
    all.sort_by_key(|p| std::cmp::Reverse(p.components().count()));
    for folder in all {
        let _ = fs::remove_dir(root.join(folder));
    }
}

/// Output paths come from slugs and file names in content: refuse anything
/// that would escape the output folder.
fn safe_relative(path: &str) -> io::Result<&Path> {
    let p = Path::new(path);
    let ok = p
        .components()
        .all(|c| matches!(c, std::path::Component::Normal(_)));
    if ok && !path.is_empty() {
        Ok(p)
    } else {
        Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("refusing to write outside the output folder: {path}"),
        ))
    }
}

mod manifest;
use manifest::write_manifest;
pub use manifest::{spare_of, unowned, Unowned, MANIFEST};

#[cfg(test)]
#[path = "output_tests.rs"]
mod tests;
