//! YAML with the position of every key and list item: `parse` is the one way
//! in, and bad YAML comes out as a `Diagnostic` at file:line:column with help.
//!
//! serde_yaml (the maintained `yaml_serde`) is the reference reader. `fast`
//! reads the block-style subset front matter is written in, for a fraction
//! of the instructions, and leaves every other document, and every error,
//! to the library; `positions` finds keys and items in what the library read
//! (it reports no positions); `error` turns libyaml's messages into what an
//! editor needs; `limits` refuses texts too large or too deeply nested
//! before either reader sees them. An early stage: imports only `diagnostics` (and `text` in
//! tests), so content, Markdown and the site can all build on it.

mod error;
mod fast;
pub mod limits;
mod positions;
mod value;

#[cfg(test)]
mod generated;
#[cfg(test)]
mod test_docs;

pub use positions::{path, Pos, Positions, Seg};
pub use value::{describe, Mapping, Value};

use crate::diagnostics::Diagnostic;
use std::path::Path;

/// A YAML document whose top level is a mapping, and where its keys and
/// items are.
#[derive(Debug)]
pub struct Document {
    pub root: Mapping,
    pub positions: Positions,
}

/// Parses `text`, line 1 of which is line `first_line` of `file` (for front
/// matter, the line after the opening `---`). An empty document is an empty
/// mapping; anything but a mapping at the top is an error on `first_line`.
pub fn parse(file: &Path, text: &str, first_line: u32) -> Result<Document, Diagnostic> {
    limits::check(file, text, first_line)?;
    let (value, positions) = match fast::parse_located(text, first_line) {
        Some((value, positions)) => (value, Some(positions)),
        None => match serde_yaml::from_str::<Value>(text) {
            Ok(value) => (value, None),
            Err(e) => return Err(error::syntax(file, text, first_line, &e)),
        },
    };
    let root = match value {
        Value::Mapping(m) => m,
        Value::Null => Mapping::new(),
        other => {
            return Err(Diagnostic::error(
                file,
                first_line,
                format!("expected `key: value` lines, found {}", describe(&other)),
            )
            .at_column(1))
        }
    };
    Ok(Document {
        root,
        positions: positions.unwrap_or_else(|| Positions::new(text, first_line)),
    })
}

#[cfg(test)]
mod tests {
    use super::generated::{self, FIRST_LINE};
    use super::*;

    /// The library's own reading.
    fn library(yaml: &str) -> Result<Value, String> {
        serde_yaml::from_str::<Value>(yaml).map_err(|e| e.to_string())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        /// The values are the library's, and every key and item outside
        /// flow collections is found on the line it was written on.
        #[test]
        fn reads_generated_front_matter_with_every_position(g in generated::front_matter()) {
            let doc = match parse(Path::new("f.md"), &g.text, FIRST_LINE) {
                Ok(doc) => doc,
                Err(d) => {
                    proptest::prop_assert!(false, "{}:{}: {}\n{}", d.line, d.column, d.message, g.text);
                    return Ok(());
                }
            };
            for (path, line, column) in &g.expected {
                let pos = doc.positions.get(path);
                proptest::prop_assert_eq!(pos.map(|p| p.line), Some(*line), "{:?}\n{}", path, g.text);
                if let (Some(column), Some(pos)) = (column, pos) {
                    proptest::prop_assert_eq!(pos.key_col, *column, "{:?}\n{}", path, g.text);
                }
            }
            proptest::prop_assert_eq!(Ok(Value::Mapping(doc.root)), library(&g.text), "{}", g.text);
        }

        /// The differential test of the fast reader: whenever it reads a
        /// document, the values are the library's and the positions those
        /// of a scan of the lines.
        #[test]
        fn the_fast_reader_reads_generated_front_matter_as_the_library_does(
            g in generated::front_matter()
        ) {
            if let Some((value, positions)) = fast::parse_located(&g.text, FIRST_LINE) {
                proptest::prop_assert_eq!(Ok(value), library(&g.text), "{}", g.text);
                proptest::prop_assert_eq!(positions, Positions::new(&g.text, FIRST_LINE), "{}", g.text);
            }
        }
    }

    /// The fast reader reads most documents made of what it knows, and
    /// leaves the others (escapes, folded scalars, anchors, flow mappings,
    /// multi-line strings, non-ASCII or quoted keys) to the library.
    #[test]
    fn the_fast_reader_is_tested_on_a_fair_share_of_generated_documents() {
        use proptest::strategy::{Strategy, ValueTree};
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        let mut read = |plain: bool| {
            (0..500)
                .filter(|_| {
                    let tree = generated::front_matter_of(plain).new_tree(&mut runner);
                    let text = tree.map(|t| t.current().text).unwrap_or_default();
                    fast::parse_located(&text, FIRST_LINE).is_some()
                })
                .count()
        };
        let (plain, rich) = (read(true), read(false));
        println!("read {plain} plain, {rich} rich of 500 each");
        assert!(
            plain >= 400 && rich < 100,
            "read {plain} plain, {rich} rich of 500 each"
        );
    }

    #[test]
    fn a_non_mapping_document_is_an_error_on_its_first_line() {
        let d = parse(Path::new("f.md"), "- a\n", 2).unwrap_err();
        assert_eq!((d.line, d.column), (2, 1));
        assert!(d.message.contains("found a list"), "{}", d.message);
    }
}
