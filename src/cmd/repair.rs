//! `vitrine repair [--check] [PATHS…]`: reverses mojibake in content files in
//! place, so an editor fixes the source once instead of the build repairing
//! it on every run; `--check` only lists the files, for a content CI.
//!
//! Folders are walked for text content files (`.md`, `.markdown`, `.yaml`,
//! `.yml`, `.txt`); a file named on the command line is processed whatever
//! its extension. A file is rewritten only when it needs repair, through a
//! temporary file in the same folder renamed over it, so a crash never
//! leaves half a card and untouched files keep their bytes and mtime.

use crate::text::{decode, repair, LegacyEncoding, Repair, SourceEncoding};
use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Extensions of the files a folder walk looks at.
pub const TEXT_EXTENSIONS: &[&str] = &["md", "markdown", "yaml", "yml", "txt"];

#[derive(Debug, clap::Args)]
pub struct RepairArgs {
    /// Only list the files that need repair, and exit 1 if there is any.
    #[arg(long)]
    pub check: bool,
    /// Files or folders to repair (default: content/).
    pub paths: Vec<PathBuf>,
}

/// What repairing one file's bytes gives, when it needs repair at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileRepair {
    /// The new content: UTF-8, keeping a UTF-8 BOM if the file had one.
    pub bytes: Vec<u8>,
    pub repairs: Vec<Repair>,
    /// How the original was read (a UTF-16 or Windows-1252 file is written
    /// back as UTF-8, which the rest of vitrine reads natively).
    pub source: SourceEncoding,
}

/// Pure core of the command: `None` when `bytes` need no repair.
pub fn repair_bytes(bytes: &[u8]) -> Option<FileRepair> {
    let decoded = decode(bytes);
    let repaired = repair(&decoded.text);
    if repaired.repairs.is_empty() {
        return None;
    }
    let mut out = Vec::with_capacity(repaired.text.len() + 3);
    if decoded.encoding == SourceEncoding::Utf8Bom {
        out.extend_from_slice(b"\xEF\xBB\xBF");
    }
    out.extend_from_slice(repaired.text.as_bytes());
    Some(FileRepair {
        bytes: out,
        repairs: repaired.repairs,
        source: decoded.encoding,
    })
}

/// "lines 2-40, 52 (Mac Roman), line 60 (Windows-1252, then Mac Roman)":
/// consecutive runs repaired the same way share one encoding note.
pub fn describe(file: &FileRepair) -> String {
    let mut groups: Vec<(Vec<String>, &[LegacyEncoding])> = Vec::new();
    for r in &file.repairs {
        let range = if r.first_line == r.last_line {
            r.first_line.to_string()
        } else {
            format!("{}-{}", r.first_line, r.last_line)
        };
        match groups.last_mut() {
            Some((ranges, reversed)) if *reversed == r.reversed.as_slice() => ranges.push(range),
            _ => groups.push((vec![range], &r.reversed)),
        }
    }
    let parts: Vec<String> = groups
        .iter()
        .map(|(ranges, reversed)| {
            let single = ranges.len() == 1 && !ranges[0].contains('-');
            let names: Vec<&str> = reversed.iter().map(|e| e.name()).collect();
            format!(
                "{} {} ({})",
                if single { "line" } else { "lines" },
                ranges.join(", "),
                names.join(", then ")
            )
        })
        .collect();
    let mut text = parts.join(", ");
    if !matches!(file.source, SourceEncoding::Utf8 | SourceEncoding::Utf8Bom) {
        text.push_str(&format!(
            "; read as {}, written as UTF-8",
            file.source.name()
        ));
    }
    text
}

pub fn run(args: RepairArgs) -> ExitCode {
    let roots = if args.paths.is_empty() {
        vec![PathBuf::from("content")]
    } else {
        args.paths
    };
    if let Some(missing) = roots.iter().find(|root| !root.exists()) {
        return super::usage_error(&format!(
            "{}: no such file or folder (give content files or folders to repair)",
            missing.display()
        ));
    }
    let mut failures = 0usize;
    let files = collect_files(&roots, &mut failures);
    let mut broken = 0usize;
    for path in &files {
        let bytes = match fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) => {
                eprintln!("error: {}: cannot read: {e}", path.display());
                failures += 1;
                continue;
            }
        };
        let Some(fixed) = repair_bytes(&bytes) else {
            continue;
        };
        broken += 1;
        if args.check {
            println!("needs repair: {}: {}", path.display(), describe(&fixed));
        } else if let Err(e) = write_atomically(path, &fixed.bytes) {
            eprintln!("error: {}: cannot rewrite: {e}", path.display());
            failures += 1;
        } else {
            println!("repaired {}: {}", path.display(), describe(&fixed));
        }
    }
    summarise(args.check, files.len(), broken, failures)
}

fn summarise(check: bool, scanned: usize, broken: usize, failures: usize) -> ExitCode {
    let files = |n: usize| if n == 1 { "file" } else { "files" };
    if check {
        println!(
            "{broken} of {scanned} {} need repair{}",
            files(scanned),
            if broken > 0 {
                " (run `vitrine repair` to fix them)"
            } else {
                ""
            }
        );
    } else {
        println!("{broken} of {scanned} {} repaired", files(scanned));
    }
    if failures > 0 || (check && broken > 0) {
        ExitCode::from(super::EXIT_CONTENT)
    } else {
        ExitCode::SUCCESS
    }
}

/// Every text content file under `roots`, sorted, without duplicates.
fn collect_files(roots: &[PathBuf], failures: &mut usize) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for root in roots {
        if root.is_file() {
            files.push(root.clone());
            continue;
        }
        // Hidden folders (.git, editors' caches) are not content.
        let walk = walkdir::WalkDir::new(root)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
        for entry in walk {
            match entry {
                Ok(entry) if entry.file_type().is_file() && is_text_content(entry.path()) => {
                    files.push(entry.into_path());
                }
                Ok(_) => {}
                Err(e) => {
                    eprintln!("error: {e}");
                    *failures += 1;
                }
            }
        }
    }
    files.sort();
    files.dedup();
    files
}

fn is_text_content(path: &Path) -> bool {
    let hidden = path
        .file_name()
        .and_then(|n| n.to_str())
        .is_none_or(|n| n.starts_with('.'));
    let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    !hidden && TEXT_EXTENSIONS.contains(&extension.to_ascii_lowercase().as_str())
}

/// Replaces the file `path` points at with `bytes`: write a sibling temp
/// file with the same permissions, flush it to disk, rename it over.
fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    // Through a symlink, replace the target, not the link.
    let target = fs::canonicalize(path)?;
    let dir = target.parent().unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let permissions = fs::metadata(&target)?.permissions();
    for attempt in 0..100u32 {
        let temp = dir.join(format!(".{name}.{}-{attempt}.repair", std::process::id()));
        let mut file = match OpenOptions::new().write(true).create_new(true).open(&temp) {
            Ok(file) => file,
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        };
        let written = file
            .write_all(bytes)
            .and_then(|()| file.set_permissions(permissions.clone()))
            .and_then(|()| file.sync_all())
            .and_then(|()| fs::rename(&temp, &target));
        if written.is_err() {
            let _ = fs::remove_file(&temp);
        }
        return written;
    }
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        "could not create a temporary file beside it",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_bytes_need_no_repair() {
        assert_eq!(repair_bytes("title: Entités ’ 🔎\n".as_bytes()), None);
        assert_eq!(repair_bytes(b"\xEF\xBB\xBFtitle: caf\xC3\xA9\n"), None);
    }

    #[test]
    fn repairs_and_describes_mac_roman_lines() {
        let fixed = repair_bytes("a\ntitle: Entit√©s\nb: d‚Äôemploi\n".as_bytes());
        let fixed = fixed.expect("needs repair");
        assert_eq!(fixed.bytes, "a\ntitle: Entités\nb: d’emploi\n".as_bytes());
        assert_eq!(describe(&fixed), "lines 2-3 (Mac Roman)");
    }

    #[test]
    fn describe_groups_ranges_repaired_the_same_way() {
        let text = "√©\nok\n√©\n√©\n\u{c3}\u{a9}\n";
        let fixed = repair_bytes(text.as_bytes()).expect("needs repair");
        assert_eq!(
            describe(&fixed),
            "lines 1, 3-4 (Mac Roman), line 5 (Windows-1252)"
        );
    }

    #[test]
    fn keeps_a_utf8_bom() {
        let fixed = repair_bytes("\u{FEFF}x: √©\n".as_bytes()).expect("needs repair");
        assert_eq!(fixed.bytes, "\u{FEFF}x: é\n".as_bytes());
    }

    #[test]
    fn utf16_files_are_written_back_as_utf8_and_say_so() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "x: √©\n".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let fixed = repair_bytes(&bytes).expect("needs repair");
        assert_eq!(fixed.bytes, "x: é\n".as_bytes());
        assert_eq!(
            describe(&fixed),
            "line 1 (Mac Roman); read as UTF-16LE, written as UTF-8"
        );
    }

    #[test]
    fn walks_only_visible_text_content_files() {
        assert!(is_text_content(Path::new("content/api/a.md")));
        assert!(is_text_content(Path::new("content/site.YAML")));
        assert!(!is_text_content(Path::new("content/images/logo.png")));
        assert!(!is_text_content(Path::new("content/.a.md.12-0.repair")));
        assert!(!is_text_content(Path::new("content/.hidden.md")));
    }
}
