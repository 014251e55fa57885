//! The YAML documents shipped with the project, for tests that compare
//! readers: the front matter of every `.md` file and every `.yaml` file.

use std::path::Path;

/// The front matter of a `.md` text: what lies between a first `---` line
/// and the next `---` or `...` line (`content::front_matter` does the real
/// split; this module comes before it and keeps to the same rule).
pub(super) fn front_matter(text: &str) -> Option<&str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (first, rest) = text.split_once('\n')?;
    if first.trim_end() != "---" {
        return None;
    }
    let mut end = 0;
    for line in rest.split_inclusive('\n') {
        if matches!(line.trim_end(), "---" | "...") {
            return Some(&rest[..end]);
        }
        end += line.len();
    }
    None
}

/// (path under `dir`, YAML) for every `.md`, `.txt`, `.yaml` and `.yml`
/// file under `dir`, decoded and repaired as the loader reads them; files
/// under a `static/` folder (copied, not read as content) and installed npm
/// packages are left out.
pub(super) fn documents(dir: &Path) -> Vec<(String, String)> {
    let mut docs = Vec::new();
    let walk = walkdir::WalkDir::new(dir).sort_by_file_name().into_iter();
    let skipped =
        |e: &walkdir::DirEntry| e.file_name() == "static" || e.file_name() == "node_modules";
    for entry in walk.filter_entry(|e| e.depth() == 0 || !skipped(e)) {
        let Ok(entry) = entry else { continue };
        let path = entry.path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !matches!(ext, "md" | "txt" | "yaml" | "yml") || !entry.file_type().is_file() {
            continue;
        }
        let Ok(bytes) = std::fs::read(path) else {
            continue;
        };
        let (text, _) = crate::text::read_text(&bytes);
        let yaml = match ext {
            "yaml" | "yml" => text,
            _ => match front_matter(&text) {
                Some(yaml) => yaml.to_owned(),
                None => continue,
            },
        };
        let relative = path.strip_prefix(dir).unwrap_or(path);
        docs.push((relative.display().to_string(), yaml));
    }
    docs
}

#[test]
fn splits_front_matter_as_the_content_loader_does() {
    assert_eq!(front_matter("---\na: 1\n---\nbody"), Some("a: 1\n"));
    assert_eq!(
        front_matter("\u{feff}---\r\na: 1\r\n...\r\n"),
        Some("a: 1\r\n")
    );
    assert_eq!(front_matter("---\na: 1\n"), None);
    assert_eq!(front_matter("a: 1\n---\n"), None);
}
