//! Watching the content folder and the theme folders with notify, and
//! turning an editor's burst of events for one save (write a temporary file,
//! rename it over the old one, touch attributes…) into one batch of changed
//! paths.

use notify::{EventKind, RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// A batch ends after this long without a new event…
pub const QUIET: Duration = Duration::from_millis(8);
/// …or this long after its first event, whichever comes first.
pub const LONGEST: Duration = Duration::from_millis(250);

/// How often a watcher with nothing to report looks at the stop flag.
const POLL: Duration = Duration::from_millis(200);

/// The watcher (watching while it lives) and its events.
pub struct Watch {
    _watcher: notify::RecommendedWatcher,
    events: Receiver<PathBuf>,
}

impl Watch {
    /// Watches every folder of `roots` that exists, recursively.
    pub fn start(roots: &[PathBuf]) -> notify::Result<Watch> {
        let (tx, events) = channel();
        let mut watcher =
            notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
                let Ok(event) = event else { return };
                if matches!(event.kind, EventKind::Access(_)) {
                    return;
                }
                for path in event.paths {
                    if !is_editor_scratch(&path) {
                        // The receiver is gone only when serve is stopping.
                        let _ = tx.send(path);
                    }
                }
            })?;
        for root in roots.iter().filter(|r| r.is_dir()) {
            watcher.watch(root, RecursiveMode::Recursive)?;
        }
        Ok(Watch {
            _watcher: watcher,
            events,
        })
    }

    /// Waits for the next save and returns every path it touched (sorted,
    /// each once); None once `stop` is set or the watcher is gone.
    pub fn next_batch(&self, stop: &AtomicBool) -> Option<Vec<PathBuf>> {
        collect_batch(&self.events, stop, QUIET, LONGEST)
    }
}

/// Waits for one event, then gathers those that follow it closely.
pub fn collect_batch(
    events: &Receiver<PathBuf>,
    stop: &AtomicBool,
    quiet: Duration,
    longest: Duration,
) -> Option<Vec<PathBuf>> {
    let first = loop {
        if stop.load(Ordering::SeqCst) {
            return None;
        }
        match events.recv_timeout(POLL) {
            Ok(path) => break path,
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return None,
        }
    };
    let started = Instant::now();
    let mut batch = vec![first];
    loop {
        let left = longest.saturating_sub(started.elapsed());
        if left.is_zero() {
            break;
        }
        match events.recv_timeout(quiet.min(left)) {
            Ok(path) => batch.push(path),
            Err(RecvTimeoutError::Timeout) => break,
            Err(RecvTimeoutError::Disconnected) => break,
        }
    }
    batch.sort();
    batch.dedup();
    Some(batch)
}

/// Swap, backup and probe files editors write beside the real one (vim's
/// `.x.swp` and `4913`, emacs's `.#x` and `x~`, JetBrains' `x___jb_tmp___`).
pub fn is_editor_scratch(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    name == "4913"
        || name.ends_with('~')
        || name.starts_with(".#")
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_of_events_is_one_batch() {
        let (tx, rx) = channel();
        for name in ["b.md", "a.md", "b.md"] {
            tx.send(PathBuf::from(name)).unwrap();
        }
        let stop = AtomicBool::new(false);
        let batch = collect_batch(
            &rx,
            &stop,
            Duration::from_millis(20),
            Duration::from_secs(1),
        );
        assert_eq!(
            batch,
            Some(vec![PathBuf::from("a.md"), PathBuf::from("b.md")])
        );
        drop(tx);
        assert_eq!(collect_batch(&rx, &stop, QUIET, LONGEST), None);
    }

    #[test]
    fn editor_scratch_files_are_not_content() {
        for scratch in [".a.md.swp", "4913", "a.md~", ".#a.md", "a.md___jb_tmp___"] {
            assert!(is_editor_scratch(Path::new(scratch)), "{scratch}");
        }
        assert!(!is_editor_scratch(Path::new("content/api/a.md")));
    }

    #[test]
    fn sees_a_file_written_in_a_watched_folder() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        let watch = Watch::start(std::slice::from_ref(&root)).unwrap();
        std::fs::write(root.join("new.md"), "---\n").unwrap();
        let mut seen = Vec::new();
        while !seen.contains(&root.join("new.md")) {
            seen.extend(watch.next_batch(&AtomicBool::new(false)).unwrap());
        }
    }
}
