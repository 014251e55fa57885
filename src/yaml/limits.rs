//! Caps checked before any YAML reader sees a text: its size, and how deep
//! its collections nest. libyaml's time grows with the square of the depth
//! (100,000 `[` took 43 s before failing), so depth is measured here, in one
//! linear pass, and a text past the cap is refused with its line.
//!
//! The measure follows YAML's structure closely enough to never refuse real
//! content: indentation levels, compact `- - ` items, and flow brackets
//! that open a value (not `[` inside a plain scalar, a quoted string, a
//! comment or a block scalar such as a Markdown `description: |`).

use crate::diagnostics::Diagnostic;
use std::path::Path;

/// The largest YAML text read: front matter or a question-tree file.
pub const MAX_BYTES: usize = 1 << 20;

/// The deepest nesting read. A question tree ten questions deep nests
/// about thirty levels; libyaml itself stops at 128, after the slow part.
pub const MAX_DEPTH: usize = 64;

pub(super) fn check(file: &Path, text: &str, first_line: u32) -> Result<(), Diagnostic> {
    if text.len() > MAX_BYTES {
        let message = format!(
            "this YAML is {} KiB, more than the {} KiB vitrine reads",
            text.len().div_ceil(1024),
            MAX_BYTES / 1024
        );
        let help = "move long text into the Markdown body, or split the file";
        return Err(Diagnostic::error(file, first_line, message)
            .at_column(1)
            .with_help(help));
    }
    match deepest_beyond(text, MAX_DEPTH) {
        None => Ok(()),
        Some((line, column)) => {
            let message = format!("YAML nested more than {MAX_DEPTH} levels deep; it is not read");
            let help = "flatten this structure (or close the `[`/`{` opened before it): YAML this deep is refused before parsing, since reading it takes time in the square of its depth";
            Err(Diagnostic::error(file, first_line + line - 1, message)
                .at_column(column)
                .with_help(help))
        }
    }
}

/// The 1-based line and column where the nesting first exceeds `max`.
fn deepest_beyond(text: &str, max: usize) -> Option<(u32, u32)> {
    let mut scan = Scan::default();
    for (index, line) in text.lines().enumerate() {
        if let Some(column) = scan.line(line, max) {
            return Some((index as u32 + 1, column as u32 + 1));
        }
    }
    None
}

#[derive(Default)]
struct Scan {
    /// Indentation of the enclosing block collections.
    indents: Vec<usize>,
    flow: usize,
    /// Open quoted scalar (`"` or `'`), which may continue on later lines.
    quote: Option<u8>,
    /// Inside a block scalar whose key sits at this indentation.
    block_scalar: Option<usize>,
}

impl Scan {
    /// Reads one line; Some(byte column) where the depth passes `max`.
    fn line(&mut self, line: &str, max: usize) -> Option<usize> {
        let bytes = line.as_bytes();
        let indent = bytes.iter().take_while(|b| **b == b' ').count();
        let blank = bytes[indent..].iter().all(u8::is_ascii_whitespace);
        if let Some(parent) = self.block_scalar {
            if blank || indent > parent {
                return None;
            }
            self.block_scalar = None;
        }
        if blank {
            return None;
        }
        if self.flow == 0 && self.quote.is_none() {
            while self.indents.last().is_some_and(|top| *top > indent) {
                self.indents.pop();
            }
            if self.indents.last().is_none_or(|top| *top < indent) {
                self.indents.push(indent);
            }
        }
        let mut compact = 0;
        let mut token_start = true;
        let mut i = indent;
        while i < bytes.len() {
            let b = bytes[i];
            if let Some(q) = self.quote {
                match b {
                    b'\\' if q == b'"' => i += 1,
                    b'\'' if q == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 1,
                    _ if b == q => {
                        self.quote = None;
                        token_start = false;
                    }
                    _ => {}
                }
                i += 1;
                continue;
            }
            let next_is_space = bytes.get(i + 1).is_none_or(|n| *n == b' ' || *n == b'\t');
            match b {
                b' ' | b'\t' => {}
                b'#' if i == 0 || matches!(bytes[i - 1], b' ' | b'\t') => break,
                b'"' | b'\'' if token_start => self.quote = Some(b),
                b'[' | b'{' if token_start || self.flow > 0 => {
                    self.flow += 1;
                    token_start = true;
                }
                b']' | b'}' if self.flow > 0 => {
                    self.flow -= 1;
                    token_start = false;
                }
                b',' if self.flow > 0 => token_start = true,
                b'-' | b'?' if token_start && self.flow == 0 && next_is_space => compact += 1,
                b':' if next_is_space => {
                    token_start = true;
                    if self.flow == 0 && is_block_scalar_header(&line[i + 1..]) {
                        self.block_scalar = Some(indent);
                        break;
                    }
                }
                b'|' | b'>' if token_start && self.flow == 0 => {
                    if is_block_scalar_header(&line[i..]) {
                        self.block_scalar = Some(indent);
                    }
                    break;
                }
                _ => token_start = false,
            }
            if self.indents.len() + compact + self.flow > max {
                return Some(i);
            }
            i += 1;
        }
        None
    }
}

/// `|`, `>-`, `|2+`… alone on the rest of a line (a comment may follow).
fn is_block_scalar_header(rest: &str) -> bool {
    let rest = rest.trim_start();
    let Some(indicators) = rest.strip_prefix(['|', '>']) else {
        return false;
    };
    let after = indicators.trim_start_matches(|c: char| c.is_ascii_digit() || c == '+' || c == '-');
    let after = after.trim_start();
    after.is_empty() || after.starts_with('#')
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    fn depth_error(text: &str) -> Option<(u32, u32)> {
        deepest_beyond(text, MAX_DEPTH)
    }

    #[test]
    fn real_front_matter_and_trees_pass() {
        let tree = include_str!("../../content/question-trees/api-particulier.yaml");
        assert_eq!(depth_error(tree), None);
        let card = "title: API [beta] {v2}\ntags: [a, [b, c], {d: e}]\ndescription: |\n  [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n  texte\nnote: \"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\" # [[[[\n";
        assert_eq!(depth_error(card), None);
    }

    #[test]
    fn a_hundred_thousand_brackets_fail_fast_with_a_clear_error() {
        for count in [100_000, 40_000] {
            let text = format!("title: T\nkeywords: {}\n", "[".repeat(count));
            let start = Instant::now();
            let d = crate::yaml::parse(Path::new("api/x.md"), &text, 2).unwrap_err();
            assert!(
                start.elapsed() < Duration::from_secs(1),
                "{:?}",
                start.elapsed()
            );
            assert_eq!((d.line, d.column), (3, 11 + MAX_DEPTH as u32 - 1));
            assert_eq!(
                d.message,
                "YAML nested more than 64 levels deep; it is not read"
            );
        }
    }

    #[test]
    fn deep_block_nesting_and_compact_items_are_caught() {
        let items = format!("list:\n  {}x\n", "- ".repeat(70));
        assert_eq!(depth_error(&items).map(|(line, _)| line), Some(2));
        let mut nested = String::new();
        for level in 0..70 {
            nested.push_str(&format!("{}k{level}:\n", " ".repeat(level)));
        }
        assert_eq!(depth_error(&nested), Some((65, 65)));
    }

    #[test]
    fn a_block_scalar_ends_at_its_parent_indentation() {
        let text = format!("a: |\n  {}\nb: {}\n", "[".repeat(100), "[".repeat(100));
        assert_eq!(depth_error(&text).map(|(line, _)| line), Some(3));
    }

    proptest::proptest! {
        /// Flow collections nested up to the cap are read by the library;
        /// one level more is refused here, before it.
        #[test]
        fn nesting_is_refused_exactly_past_the_cap(depth in 1usize..200, mapping in proptest::bool::ANY) {
            let (open, close) = if mapping { ("{a: ", "}") } else { ("[", "]") };
            let text = format!("k: {}x{}\n", open.repeat(depth), close.repeat(depth));
            let refused = deepest_beyond(&text, MAX_DEPTH).is_some();
            proptest::prop_assert_eq!(refused, depth + 1 > MAX_DEPTH, "{}", text);
            let read = crate::yaml::parse(Path::new("f.yaml"), &text, 1);
            proptest::prop_assert_eq!(read.is_ok(), !refused, "{}", text);
        }

        /// Any mix of YAML's structural characters is measured without a
        /// panic.
        #[test]
        fn measures_any_text(text in "[\\[\\]{}'\"#:|> \\n\\\\a-]{0,200}") {
            let _ = check(Path::new("f.yaml"), &text, 1);
        }
    }

    #[test]
    fn an_oversized_text_is_refused_before_parsing() {
        let text = format!("title: \"{}\"\n", "a".repeat(MAX_BYTES));
        let d = crate::yaml::parse(Path::new("api/x.md"), &text, 2).unwrap_err();
        assert_eq!(d.line, 2);
        assert_eq!(
            d.message,
            "this YAML is 1025 KiB, more than the 1024 KiB vitrine reads"
        );
    }
}
