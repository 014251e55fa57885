//! The manifest a build leaves at the top of the folders it writes (the
//! output folder and its spare): the files it wrote there, so that a later
//! build replaces a folder only when nothing in it would be lost.
//!
//! `.vitrine-manifest` holds a fixed header, then one relative path a line,
//! `/`-separated, sorted by bytes, with `%`, CR and LF written `%25`, `%0D`
//! and `%0A`. Nothing in it depends on the time, the machine or the order
//! pages were rendered in: two builds of the same content write the same
//! manifest. It lists files only; a folder may be replaced when every file
//! in it (the manifest aside) is listed. The spare may also hold the
//! `.gitignore` vitrine puts in it.
//!
//! It does not record the files' bytes: a page edited by hand in the output
//! folder is still the build's to replace (the folder is generated).

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The manifest's name, at the top of the folder.
pub const MANIFEST: &str = ".vitrine-manifest";

const HEADER: &str =
    "# vitrine: the files a build wrote in this folder, one a line (%25 is %, %0D CR, %0A LF).\n\
# A build replaces this folder only if it holds no other file.\n";

/// The `.gitignore` `keep_as_spare` writes.
pub(super) const SPARE_GITIGNORE: &[u8] = b"*\n";

/// The spare folder kept beside `target` (a resolved path).
pub fn spare_of(target: &Path) -> Option<PathBuf> {
    let name = target.file_name()?.to_string_lossy();
    Some(target.parent()?.join(format!(".{name}.vitrine-spare")))
}

/// Writes the manifest of `paths` into `dir`, unless it already holds
/// exactly that one. `MANIFEST` itself is left out.
pub(super) fn write_manifest(dir: &Path, paths: &HashSet<String>) -> io::Result<()> {
    let mut sorted: Vec<&str> = paths
        .iter()
        .map(String::as_str)
        .filter(|p| *p != MANIFEST)
        .collect();
    sorted.sort_unstable();
    let mut text = String::with_capacity(HEADER.len() + sorted.len() * 40);
    text.push_str(HEADER);
    for path in sorted {
        escape_into(path, &mut text);
        text.push('\n');
    }
    let full = dir.join(MANIFEST);
    if super::same_bytes(&full, text.as_bytes()) {
        return Ok(());
    }
    fs::write(&full, text).map_err(|e| io::Error::new(e.kind(), format!("writing {MANIFEST}: {e}")))
}

fn escape_into(path: &str, text: &mut String) {
    for c in path.chars() {
        match c {
            '%' => text.push_str("%25"),
            '\r' => text.push_str("%0D"),
            '\n' => text.push_str("%0A"),
            c => text.push(c),
        }
    }
}

fn unescape(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(at) = rest.find('%') {
        out.push_str(&rest[..at]);
        let (decoded, len) = match rest.get(at..at + 3) {
            Some("%25") => ('%', 3),
            Some("%0A") => ('\n', 3),
            Some("%0D") => ('\r', 3),
            _ => ('%', 1),
        };
        out.push(decoded);
        rest = &rest[at + len..];
    }
    out.push_str(rest);
    out
}

/// The paths the manifest in `dir` lists: `Ok(None)` without one,
/// `Err` when it is not one vitrine wrote.
fn read_manifest(dir: &Path) -> io::Result<Option<HashSet<String>>> {
    let full = dir.join(MANIFEST);
    match fs::symlink_metadata(&full) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
        Ok(meta) if !meta.is_file() => return Err(io::Error::from(io::ErrorKind::InvalidData)),
        Ok(_) => {}
    }
    let text =
        fs::read_to_string(&full).map_err(|_| io::Error::from(io::ErrorKind::InvalidData))?;
    let listed = text
        .strip_prefix(HEADER)
        .ok_or_else(|| io::Error::from(io::ErrorKind::InvalidData))?;
    Ok(Some(listed.lines().map(unescape).collect()))
}

/// Why a build may not replace a folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unowned {
    /// Files (relative, `/`-separated, sorted) that its manifest does not
    /// list, and anything that is not a file or a folder (a link).
    Foreign(Vec<String>),
    /// Files and no manifest; `built` if it has the `catalogue.json` and
    /// `sitemap.xml` every build writes (an earlier vitrine's output).
    NoManifest { built: bool, files: Vec<String> },
    /// A `.vitrine-manifest` vitrine did not write.
    BadManifest,
    /// The folder is a symbolic link (vitrine never makes one).
    Link,
}

/// Why a build may not replace `folder` (a resolved path), if it may not:
/// a build may replace a folder that is missing, holds no file, or holds
/// only files its manifest lists. `spare`: `folder` is a spare, which may
/// also hold the `.gitignore` vitrine writes there.
pub fn unowned(folder: &Path, spare: bool) -> io::Result<Option<Unowned>> {
    match fs::symlink_metadata(folder) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
        Ok(meta) if meta.file_type().is_symlink() => return Ok(Some(Unowned::Link)),
        // Not a folder: never replaced (the build says so, or makes none).
        Ok(meta) if !meta.is_dir() => return Ok(None),
        Ok(_) => {}
    }
    let mut files = Vec::new();
    let mut strange = Vec::new();
    for entry in walkdir::WalkDir::new(folder).min_depth(1) {
        let entry = entry.map_err(io::Error::other)?;
        let kind = entry.file_type();
        if kind.is_dir() {
            continue;
        }
        let relative = entry
            .path()
            .strip_prefix(folder)
            .map_err(io::Error::other)?;
        let mut parts = Vec::new();
        let mut utf8 = true;
        for part in relative.components() {
            let part = part.as_os_str();
            utf8 &= part.to_str().is_some();
            parts.push(part.to_string_lossy());
        }
        let path = parts.join("/");
        if kind.is_file() && utf8 {
            files.push(path);
        } else {
            strange.push(path);
        }
    }
    if files.is_empty() && strange.is_empty() {
        return Ok(None);
    }
    let listed = match read_manifest(folder) {
        Ok(Some(listed)) => listed,
        Ok(None) => {
            files.extend(strange);
            files.sort_unstable();
            let built =
                folder.join("catalogue.json").is_file() && folder.join("sitemap.xml").is_file();
            return Ok(Some(Unowned::NoManifest { built, files }));
        }
        Err(e) if e.kind() == io::ErrorKind::InvalidData => return Ok(Some(Unowned::BadManifest)),
        Err(e) => return Err(e),
    };
    let vitrines = |path: &String| {
        path == MANIFEST
            || listed.contains(path)
            || (spare
                && path == ".gitignore"
                && fs::read(folder.join(path)).is_ok_and(|b| b == SPARE_GITIGNORE))
    };
    files.retain(|f| !vitrines(f));
    files.extend(strange);
    if files.is_empty() {
        return Ok(None);
    }
    files.sort_unstable();
    Ok(Some(Unowned::Foreign(files)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(paths: &[&str]) -> HashSet<String> {
        paths.iter().map(|p| p.to_string()).collect()
    }

    #[test]
    fn the_manifest_is_sorted_escaped_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let paths = set(&[
            "b/index.html",
            "a.json",
            "100%.svg",
            "odd\nname",
            MANIFEST,
            "%0A",
        ]);
        write_manifest(dir.path(), &paths).unwrap();
        let text = fs::read_to_string(dir.path().join(MANIFEST)).unwrap();
        assert_eq!(
            text.strip_prefix(HEADER).unwrap(),
            "%250A\n100%25.svg\na.json\nb/index.html\nodd%0Aname\n"
        );
        let mut expected = paths.clone();
        expected.remove(MANIFEST);
        assert_eq!(read_manifest(dir.path()).unwrap(), Some(expected));
    }

    #[test]
    fn a_folder_is_replaceable_when_its_manifest_lists_every_file() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        assert_eq!(unowned(&out, false).unwrap(), None, "missing");
        fs::create_dir_all(out.join("empty/folders")).unwrap();
        assert_eq!(unowned(&out, false).unwrap(), None, "no file");
        for f in ["catalogue.json", "sitemap.xml", "thesis.tex"] {
            fs::write(out.join(f), "x").unwrap();
        }
        fs::create_dir(out.join(".git")).unwrap();
        fs::write(out.join(".git/HEAD"), "ref").unwrap();
        assert_eq!(
            unowned(&out, false).unwrap(),
            Some(Unowned::NoManifest {
                built: true,
                files: vec![
                    ".git/HEAD".into(),
                    "catalogue.json".into(),
                    "sitemap.xml".into(),
                    "thesis.tex".into()
                ]
            })
        );
        write_manifest(&out, &set(&["catalogue.json", "sitemap.xml", "gone.html"])).unwrap();
        assert_eq!(
            unowned(&out, false).unwrap(),
            Some(Unowned::Foreign(vec![
                ".git/HEAD".into(),
                "thesis.tex".into()
            ]))
        );
        fs::remove_dir_all(out.join(".git")).unwrap();
        fs::remove_file(out.join("thesis.tex")).unwrap();
        assert_eq!(unowned(&out, false).unwrap(), None);
        // The spare's `.gitignore`, as vitrine writes it, in a spare only.
        fs::write(out.join(".gitignore"), SPARE_GITIGNORE).unwrap();
        assert_eq!(unowned(&out, true).unwrap(), None);
        assert!(unowned(&out, false).unwrap().is_some());
        fs::write(out.join(".gitignore"), "target/\n").unwrap();
        assert!(unowned(&out, true).unwrap().is_some());
        fs::remove_file(out.join(".gitignore")).unwrap();
        // A manifest someone else wrote.
        fs::write(out.join(MANIFEST), "catalogue.json\nsitemap.xml\n").unwrap();
        assert_eq!(unowned(&out, false).unwrap(), Some(Unowned::BadManifest));
    }

    #[cfg(unix)]
    #[test]
    fn links_are_never_vitrines() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        fs::create_dir(&out).unwrap();
        fs::write(dir.path().join("secret"), "s").unwrap();
        std::os::unix::fs::symlink(dir.path().join("secret"), out.join("index.html")).unwrap();
        write_manifest(&out, &set(&["index.html"])).unwrap();
        assert_eq!(
            unowned(&out, false).unwrap(),
            Some(Unowned::Foreign(vec!["index.html".into()]))
        );
        let link = dir.path().join(".public.vitrine-spare");
        std::os::unix::fs::symlink(&out, &link).unwrap();
        assert_eq!(unowned(&link, true).unwrap(), Some(Unowned::Link));
    }
}
