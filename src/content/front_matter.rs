//! Splits a `.md` file into front matter and body, and says on which file
//! line each part starts (`crate::yaml::parse` takes it from there).
//!
//! The split is done here rather than by gray_matter because every later
//! diagnostic needs the exact line where the YAML and the body start, which
//! gray_matter does not report (it trims the fragment and parses it again
//! with its own engine, without positions); the rule is the same (`---` on
//! the first line, closed by `---` or `...`), and a test checks that our split
//! agrees with gray_matter's on every content and fixture file.

use crate::diagnostics::Diagnostic;
use std::path::Path;

/// A `.md` file cut in two, with the 1-based file line each part starts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split<'a> {
    pub yaml: &'a str,
    pub yaml_line: u32,
    pub body: &'a str,
    pub body_line: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SplitError {
    /// Nothing but whitespace.
    Empty,
    /// The first line is not `---`.
    NoFrontMatter,
    /// `---` opens on line 1 but no closing line follows.
    Unclosed,
}

pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(SplitError::Empty);
    }
    let bytes = text.as_bytes();
    let first_end = memchr::memchr(b'\n', bytes).map_or(text.len(), |i| i + 1);
    if text[..first_end].trim_end() != "---" {
        return Err(SplitError::NoFrontMatter);
    }
    let mut offset = first_end;
    let mut line = 2u32;
    while offset < text.len() {
        let end = memchr::memchr(b'\n', &bytes[offset..]).map_or(text.len(), |i| offset + i + 1);
        let current = text[offset..end].trim_end();
        if current == "---" || current == "..." {
            return Ok(Split {
                yaml: &text[first_end..offset],
                yaml_line: 2,
                body: &text[end..],
                body_line: line + 1,
            });
        }
        offset = end;
        line += 1;
    }
    Err(SplitError::Unclosed)
}

/// The diagnostic for a file that could not be split.
pub fn split_diagnostic(file: &Path, error: SplitError, kind: &str) -> Diagnostic {
    match error {
        SplitError::Empty => Diagnostic::error(file, 0, format!("empty file: expected {kind}"))
            .with_help("add front matter between `---` lines, or delete the file"),
        SplitError::NoFrontMatter => Diagnostic::error(
            file,
            1,
            format!("no front matter: {kind} must start with a `---` line"),
        )
        .at_column(1)
        .with_help(
            "put the YAML fields (`title: …`) between two `---` lines at the top of the file",
        ),
        SplitError::Unclosed => Diagnostic::error(
            file,
            1,
            "front matter is never closed: no `---` line after the opening one",
        )
        .at_column(1)
        .with_help("add a line containing only `---` after the last YAML field"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_reports_the_line_each_part_starts_on() {
        let s = split("---\ntitle: A\nb: 1\n---\nBody\n").unwrap();
        assert_eq!(s.yaml, "title: A\nb: 1\n");
        assert_eq!((s.yaml_line, s.body_line), (2, 5));
        assert_eq!(s.body, "Body\n");
    }

    #[test]
    fn accepts_crlf_bom_and_a_missing_final_newline() {
        let s = split("\u{feff}---\r\na: 1\r\n---").unwrap();
        assert_eq!(s.yaml, "a: 1\r\n");
        assert_eq!(s.body, "");
    }

    #[test]
    fn names_each_way_a_split_fails() {
        assert_eq!(split(" \n\n"), Err(SplitError::Empty));
        assert_eq!(split("# Title\n"), Err(SplitError::NoFrontMatter));
        assert_eq!(split("---\na: 1\n"), Err(SplitError::Unclosed));
    }

    /// gray_matter is the reference for where front matter ends; our own
    /// split must agree with it on every real file (it only adds lines).
    #[test]
    fn agrees_with_gray_matter_on_every_content_file() {
        use gray_matter::{engine::YAML, Matter};
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut compared = 0;
        for dir in ["content", "tests/fixtures"] {
            for entry in walkdir::WalkDir::new(root.join(dir)).sort_by_file_name() {
                let entry = entry.expect("readable test tree");
                if entry.path().extension().and_then(|e| e.to_str()) != Some("md") {
                    continue;
                }
                let bytes = std::fs::read(entry.path()).expect("readable file");
                let (text, _) = crate::text::read_text(&bytes);
                let Ok(ours) = split(&text) else { continue };
                // gray_matter also parses the YAML; a broken fixture has no reference split.
                let Ok(theirs) = Matter::<YAML>::new().parse::<gray_matter::Pod>(&text) else {
                    continue;
                };
                if theirs.data.is_none() {
                    continue;
                }
                assert_eq!(
                    theirs.matter,
                    ours.yaml.trim(),
                    "{}",
                    entry.path().display()
                );
                assert_eq!(
                    theirs.content.trim_end(),
                    ours.body.trim_start_matches(['\n', '\r']).trim_end(),
                    "{}",
                    entry.path().display()
                );
                compared += 1;
            }
        }
        assert!(compared >= 10, "only {compared} files compared");
    }
}
