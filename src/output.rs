//! Writes a rendered `Site` to disk: into a temporary folder beside the
//! target, swapped in only when everything was written. Nothing
//! half-written is ever published: on any error the previous folder stays
//! as it was and the temporary one is removed.

use crate::site::Site;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// What was written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Written {
    pub files: usize,
    pub copies: usize,
}

/// Writes `site` to `target`, replacing its previous content atomically
/// (one rename) once the new tree is complete.
pub fn write_site(site: &Site, target: &Path) -> io::Result<Written> {
    let parent = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = target
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "output folder has no name"))?
        .to_string_lossy()
        .into_owned();
    if target.exists() && !target.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!("{} exists and is not a folder", target.display()),
        ));
    }
    fs::create_dir_all(&parent)?;
    let staging = parent.join(format!(".{name}.vitrine-new-{}", std::process::id()));
    if staging.exists() {
        fs::remove_dir_all(&staging)?;
    }
    fs::create_dir(&staging)?;
    let written = match write_tree(site, &staging) {
        Ok(w) => w,
        Err(e) => {
            let _ = fs::remove_dir_all(&staging);
            return Err(e);
        }
    };
    if let Err(e) = swap(&staging, target, &parent, &name) {
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }
    Ok(written)
}

fn write_tree(site: &Site, root: &Path) -> io::Result<Written> {
    let dirs: BTreeSet<&str> = site
        .files
        .keys()
        .chain(site.copies.keys())
        .filter_map(|path| path.rsplit_once('/').map(|(dir, _)| dir))
        .collect();
    for dir in dirs {
        fs::create_dir_all(root.join(safe_relative(dir)?))?;
    }
    site.files
        .par_iter()
        .map(|(path, bytes)| fs::write(root.join(safe_relative(path)?), bytes))
        .collect::<io::Result<()>>()?;
    site.copies
        .par_iter()
        .map(|(path, source)| {
            fs::copy(source, root.join(safe_relative(path)?))
                .map(|_| ())
                .map_err(|e| io::Error::new(e.kind(), format!("copying {}: {e}", source.display())))
        })
        .collect::<io::Result<()>>()?;
    Ok(Written {
        files: site.files.len(),
        copies: site.copies.len(),
    })
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

/// Moves the old folder aside, the new one in place, then deletes the old
/// one; if the second rename fails the old folder is put back.
fn swap(staging: &Path, target: &Path, parent: &Path, name: &str) -> io::Result<()> {
    if !target.exists() {
        return fs::rename(staging, target);
    }
    let old = parent.join(format!(".{name}.vitrine-old-{}", std::process::id()));
    if old.exists() {
        fs::remove_dir_all(&old)?;
    }
    fs::rename(target, &old)?;
    if let Err(e) = fs::rename(staging, target) {
        let _ = fs::rename(&old, target);
        return Err(e);
    }
    // The new site is in place; a leftover old folder is only clutter.
    let _ = fs::remove_dir_all(&old);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(pairs: &[(&str, &str)]) -> Site {
        let mut s = Site::default();
        for (path, text) in pairs {
            s.files.insert(path.to_string(), text.as_bytes().to_vec());
        }
        s
    }

    #[test]
    fn writes_nested_files_and_replaces_the_previous_site() {
        let dir = tempfile::tempdir().expect("temp");
        let target = dir.path().join("public");
        write_site(
            &site(&[("index.html", "a"), ("old/index.html", "o")]),
            &target,
        )
        .expect("first");
        let w = write_site(
            &site(&[("index.html", "b"), ("les-api/x/index.html", "x")]),
            &target,
        )
        .expect("second");
        assert_eq!(w.files, 2);
        assert_eq!(
            fs::read_to_string(target.join("index.html")).expect("read"),
            "b"
        );
        assert_eq!(
            fs::read_to_string(target.join("les-api/x/index.html")).expect("read"),
            "x"
        );
        assert!(!target.join("old").exists(), "stale files are gone");
        let leftovers: Vec<_> = fs::read_dir(dir.path()).expect("ls").collect();
        assert_eq!(leftovers.len(), 1, "no staging folder left behind");
    }

    #[test]
    fn a_failed_write_leaves_the_previous_site_untouched() {
        let dir = tempfile::tempdir().expect("temp");
        let target = dir.path().join("public");
        write_site(&site(&[("index.html", "good")]), &target).expect("first");
        let mut broken = site(&[("index.html", "new")]);
        broken
            .copies
            .insert("images/x.svg".into(), dir.path().join("missing.svg"));
        assert!(write_site(&broken, &target).is_err());
        assert_eq!(
            fs::read_to_string(target.join("index.html")).expect("read"),
            "good"
        );
        let leftovers: Vec<_> = fs::read_dir(dir.path()).expect("ls").collect();
        assert_eq!(leftovers.len(), 1);
    }

    #[test]
    fn paths_escaping_the_output_are_refused() {
        let dir = tempfile::tempdir().expect("temp");
        let target = dir.path().join("public");
        assert!(write_site(&site(&[("../evil.html", "x")]), &target).is_err());
        assert!(!dir.path().join("evil.html").exists());
    }
}
