//! Typed reads of front-matter values, field by field, so that one wrong
//! field is one diagnostic (at its key's line and value's column) and the
//! rest of the file still loads. Also reports unknown keys with the closest
//! known one as a suggestion.

use super::{Markdown, Origin};
use crate::diagnostics::Diagnostic;
use crate::yaml::{describe, path, Mapping, Positions, Seg, Value};
use std::path::PathBuf;
use std::sync::Arc;

/// What a file's readers share: where it is, where its keys are, and the
/// diagnostics collected so far.
pub struct Reader {
    pub file: Arc<PathBuf>,
    pub positions: Positions,
    /// Line to blame when a key is missing (the opening `---`, or line 1).
    pub top_line: u32,
    pub diagnostics: Vec<Diagnostic>,
}

/// A mapping and its path from the document root.
#[derive(Clone, Copy)]
pub struct Map<'a> {
    pub map: &'a Mapping,
    pub path: &'a [Seg],
}

impl<'a> Map<'a> {
    pub fn new(map: &'a Mapping, path: &'a [Seg]) -> Self {
        Map { map, path }
    }

    pub fn get(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    pub fn has(&self, key: &str) -> bool {
        self.get(key).is_some()
    }
}

/// A scalar as text (numbers and booleans as written), None for collections.
pub fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

pub fn key_text(key: &Value) -> String {
    scalar_text(key).unwrap_or_else(|| describe(key))
}

impl Reader {
    pub fn new(file: Arc<PathBuf>, positions: Positions, top_line: u32) -> Self {
        Reader {
            file,
            positions,
            top_line,
            diagnostics: Vec::new(),
        }
    }

    /// Line and value column of `key` in `m` (falling back to its parents).
    pub fn value_pos(&self, m: Map, key: &str) -> (u32, u32) {
        self.pos_of(&path(m.path, Seg::Key(key.into())), true)
    }

    pub fn key_pos(&self, m: Map, key: &str) -> (u32, u32) {
        self.pos_of(&path(m.path, Seg::Key(key.into())), false)
    }

    pub fn pos_of(&self, p: &[Seg], value: bool) -> (u32, u32) {
        let mut p = p;
        loop {
            if let Some(pos) = self.positions.get(p) {
                return (pos.line, if value { pos.value_col } else { pos.key_col });
            }
            match p.split_last() {
                Some((_, parent)) if !parent.is_empty() => p = parent,
                _ => return (self.top_line, 0),
            }
        }
    }

    /// Origin of a Markdown value at path `p`: the line after its key for a
    /// block scalar, the key's line otherwise.
    pub fn markdown_origin(&self, p: &[Seg]) -> Origin {
        let line = match self.positions.get(p) {
            Some(pos) if pos.block_scalar => pos.line + 1,
            Some(pos) => pos.line,
            None => self.pos_of(p, true).0,
        };
        Origin::new(self.file.clone(), line)
    }

    pub fn error_at(&mut self, (line, col): (u32, u32), message: impl Into<String>) {
        self.diagnostics
            .push(Diagnostic::error(self.file.as_path(), line, message).at_column(col));
    }

    fn wrong_type(&mut self, m: Map, key: &str, expected: &str, found: &Value) {
        let pos = self.value_pos(m, key);
        self.error_at(
            pos,
            format!("`{key}`: expected {expected}, found {}", describe(found)),
        );
    }

    /// Warns about keys of `m` not in `known`, suggesting the closest one.
    pub fn check_keys(&mut self, m: Map, known: &[&str]) {
        for key in m.map.keys() {
            let name = match key {
                Value::String(s) => std::borrow::Cow::Borrowed(s.as_str()),
                other => std::borrow::Cow::Owned(key_text(other)),
            };
            if known.contains(&name.as_ref()) {
                continue;
            }
            let (line, col) = self.key_pos(m, &name);
            let mut d =
                Diagnostic::warning(self.file.as_path(), line, format!("unknown key `{name}`"))
                    .at_column(col);
            d = match closest(&name, known) {
                Some(k) => d.with_help(format!("did you mean `{k}`?")),
                None => d.with_help(format!("known keys here: {}", known.join(", "))),
            };
            self.diagnostics.push(d);
        }
    }

    pub fn string(&mut self, m: Map, key: &str) -> Option<String> {
        let value = m.get(key)?;
        match scalar_text(value) {
            Some(s) => Some(s),
            None => {
                self.wrong_type(m, key, "a string", value);
                None
            }
        }
    }

    pub fn required_string(&mut self, m: Map, key: &str, what: &str) -> String {
        match self.string(m, key) {
            Some(s) if !s.trim().is_empty() => s,
            Some(_) => {
                let pos = self.value_pos(m, key);
                self.error_at(pos, format!("`{key}` is empty: {what} needs one"));
                String::new()
            }
            None => {
                if !m.has(key) {
                    let pos = self.pos_of(m.path, false);
                    self.error_at(pos, format!("missing required key `{key}` ({what})"));
                }
                String::new()
            }
        }
    }

    pub fn markdown(&mut self, m: Map, key: &str) -> Option<Markdown> {
        let source = self.string(m, key)?;
        let origin = self.markdown_origin(&path(m.path, Seg::Key(key.into())));
        Some(Markdown { source, origin })
    }

    /// A list of strings; a single string is accepted as a one-item list,
    /// and `comma_separated` splits it on commas (guides' `tags`).
    pub fn string_list(&mut self, m: Map, key: &str, comma_separated: bool) -> Vec<String> {
        let Some(value) = m.get(key) else {
            return Vec::new();
        };
        match value {
            Value::Sequence(items) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    match scalar_text(item) {
                        Some(s) => out.push(s),
                        None if item.is_null() => {}
                        None => {
                            let p = path(&path(m.path, Seg::Key(key.into())), Seg::Index(i));
                            let pos = self.pos_of(&p, true);
                            self.error_at(
                                pos,
                                format!(
                                    "`{key}` item {}: expected a string, found {}",
                                    i + 1,
                                    describe(item)
                                ),
                            );
                        }
                    }
                }
                out
            }
            scalar => match scalar_text(scalar) {
                Some(s) if comma_separated => s
                    .split(',')
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(String::from)
                    .collect(),
                Some(s) => vec![s],
                None => {
                    self.wrong_type(m, key, "a list of strings", scalar);
                    Vec::new()
                }
            },
        }
    }

    pub fn bool(&mut self, m: Map, key: &str) -> Option<bool> {
        let value = m.get(key)?;
        match value {
            Value::Bool(b) => Some(*b),
            other => {
                self.wrong_type(m, key, "true or false", other);
                None
            }
        }
    }

    /// An integer among `allowed`, e.g. `is_open` (-1, 0 or 1).
    pub fn choice(&mut self, m: Map, key: &str, allowed: &[i64]) -> Option<i64> {
        let value = m.get(key)?;
        let found = value.as_i64().filter(|n| allowed.contains(n));
        if found.is_none() {
            let list: Vec<String> = allowed.iter().map(i64::to_string).collect();
            let expected = match list.split_last() {
                Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
                _ => list.join(""),
            };
            self.wrong_type(m, key, &expected, value);
        }
        found
    }

    pub fn number(&mut self, m: Map, key: &str) -> Option<f64> {
        let value = m.get(key)?;
        let n = value.as_f64();
        if n.is_none() {
            self.wrong_type(m, key, "a number", value);
        }
        n
    }

    pub fn unsigned(&mut self, m: Map, key: &str) -> Option<u64> {
        let value = m.get(key)?;
        let n = value.as_u64();
        if n.is_none() {
            self.wrong_type(m, key, "a whole number ≥ 0", value);
        }
        n
    }

    pub fn mapping<'v>(&mut self, m: Map<'v>, key: &str) -> Option<&'v Mapping> {
        let value = m.get(key)?;
        match value {
            Value::Mapping(map) => Some(map),
            other => {
                self.wrong_type(m, key, "`key: value` lines", other);
                None
            }
        }
    }

    pub fn sequence<'v>(&mut self, m: Map<'v>, key: &str) -> Option<&'v [Value]> {
        let value = m.get(key)?;
        match value {
            Value::Sequence(items) => Some(items),
            other => {
                self.wrong_type(m, key, "a list (`- ` items)", other);
                None
            }
        }
    }
}

/// The known key closest to `name`, if it is close enough to be a typo.
/// Optimal string alignment counts a swap of two letters as one edit
/// (`extrenal`); the length filter keeps this cheap against 10,000 titles.
pub fn closest<'k>(name: &str, known: &[&'k str]) -> Option<&'k str> {
    let lower = name.to_lowercase();
    let len = lower.chars().count();
    known
        .iter()
        .filter_map(|k| {
            let limit = (k.chars().count() * 2 / 5).max(2);
            if k.chars().count().abs_diff(len) > limit {
                return None;
            }
            let d = strsim::osa_distance(&lower, &k.to_lowercase());
            (d <= limit).then_some((d, *k))
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_closest_known_key() {
        let known = ["external_site", "doc_tech_link", "title"];
        assert_eq!(closest("extrenal_site", &known), Some("external_site"));
        assert_eq!(closest("titel", &known), Some("title"));
        assert_eq!(
            closest("qusontion", &["question", "choiceTree"]),
            Some("question")
        );
        assert_eq!(closest("zzzzzzzz", &known), None);
    }

    #[test]
    fn describes_what_was_found() {
        assert_eq!(describe(&Value::String("oui".into())), "the string \"oui\"");
        assert_eq!(describe(&Value::Sequence(vec![])), "a list");
    }
}
