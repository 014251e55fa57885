//! YAML documents with the position of every key and list item: `parse` is the
//! one way in, and bad YAML comes out as a `Diagnostic` at file:line:column.
//!
//! serde_yaml (the maintained `yaml_serde`) reads the values; `positions`
//! finds where each key and item sits, which the library does not report;
//! `error` turns libyaml's messages into what an editor needs. Imports
//! nothing from later stages: content, Markdown and the site build on it.

mod error;
mod fast;
mod positions;
mod value;

#[cfg(test)]
mod test_docs;

pub use positions::{path, Pos, Positions, Seg};
pub use value::{describe, Mapping, Number, Tagged, Value};

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
    let (value, positions) = match fast::parse_located(text, first_line) {
        Some((value, positions)) => (value, Some(positions)),
        None => match value::from_str_by_serde(text) {
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
    use super::*;

    #[test]
    fn a_non_mapping_document_is_an_error_on_its_first_line() {
        let d = parse(Path::new("f.md"), "- a\n", 2).unwrap_err();
        assert_eq!((d.line, d.column), (2, 1));
        assert!(d.message.contains("found a list"), "{}", d.message);
    }
}
