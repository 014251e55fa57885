//! serde_yaml syntax errors as diagnostics: positions moved from the YAML
//! fragment to the file, libyaml's wording turned into what an editor needs
//! (which character, what to do), with special cases for the two mistakes
//! seen most: tab indentation and a quote that is never closed.

use crate::diagnostics::Diagnostic;
use std::path::Path;

/// `first_line` is the file line of the fragment's line 1.
pub fn syntax(file: &Path, yaml: &str, first_line: u32, error: &serde_yaml::Error) -> Diagnostic {
    let text = error.to_string();
    let (line, column) = match error.location() {
        Some(loc) => (loc.line() as u32, loc.column() as u32),
        None => (1, 0),
    };
    let file_line = |l: u32| first_line + l.saturating_sub(1);

    if text.contains("while scanning a quoted scalar") {
        // libyaml points at the end of the input; the opening quote is what
        // the editor must find, and the message carries its position.
        let (qline, qcol) =
            position_after(&text, "while scanning a quoted scalar at ").unwrap_or((line, column));
        let quote = line_text(yaml, qline)
            .and_then(|l| l.chars().nth(qcol.saturating_sub(1) as usize))
            .unwrap_or('"');
        return Diagnostic::error(
            file,
            file_line(qline),
            format!("unclosed quote: the string opened with {quote} here is never closed"),
        )
        .at_column(qcol)
        .with_help(format!(
            "add the closing {quote} at the end of the value, or remove the opening one"
        ));
    }

    if let Some(d) = duplicate_key(file, yaml, first_line, &text, line) {
        return d;
    }

    if let Some(tab_col) = tab_in_indentation(yaml, line) {
        return Diagnostic::error(
            file,
            file_line(line),
            "tab character in indentation: YAML indents with spaces only",
        )
        .at_column(tab_col)
        .with_help("replace the tab with spaces (2 per level, as in the lines around it)");
    }

    Diagnostic::error(
        file,
        file_line(line),
        format!("invalid YAML: {}", strip_positions(&text)),
    )
    .at_column(column)
    .with_help(
        "check the indentation and the `key: value` syntax here; quote values containing `: ` or starting with a special character",
    )
}

/// serde_yaml blames the start of the mapping for a key given twice; the
/// editor needs the second occurrence, and where the first one is.
fn duplicate_key(
    file: &Path,
    yaml: &str,
    first_line: u32,
    text: &str,
    mapping_line: u32,
) -> Option<Diagnostic> {
    let key = text
        .strip_prefix("duplicate entry with key \"")?
        .split('"')
        .next()?;
    let indent = line_text(yaml, mapping_line)
        .map(|l| l.len() - l.trim_start_matches([' ', '-']).len())
        .unwrap_or(0);
    let prefix = format!("{key}:");
    let mut seen = yaml
        .lines()
        .enumerate()
        .skip(mapping_line.saturating_sub(1) as usize)
        .filter(|(_, l)| {
            let lead = l.len() - l.trim_start_matches([' ', '-']).len();
            lead == indent && l[lead..].starts_with(&prefix)
        })
        .map(|(i, _)| i as u32 + first_line);
    let first = seen.next()?;
    let second = seen.next()?;
    Some(
        Diagnostic::error(
            file,
            second,
            format!("duplicate key `{key}`: already set on line {first}"),
        )
        .at_column(indent as u32 + 1)
        .with_help("keep only one of the two lines"),
    )
}

fn line_text(yaml: &str, line: u32) -> Option<&str> {
    yaml.lines().nth(line.checked_sub(1)? as usize)
}

/// The 1-based column of a tab in the leading whitespace of `line` (or of
/// the line before, as libyaml sometimes reports the next token).
fn tab_in_indentation(yaml: &str, line: u32) -> Option<u32> {
    [line, line.saturating_sub(1)]
        .into_iter()
        .find_map(|l| {
            let text = line_text(yaml, l)?;
            let lead: String = text
                .chars()
                .take_while(|c| *c == ' ' || *c == '\t')
                .collect();
            lead.find('\t').map(|i| i as u32 + 1)
        })
        .filter(|_| line > 0)
}

/// Parses `line L column C` right after `marker` in libyaml's message.
fn position_after(text: &str, marker: &str) -> Option<(u32, u32)> {
    let rest = &text[text.find(marker)? + marker.len()..];
    let rest = rest.strip_prefix("line ")?;
    let (line, rest) = rest.split_once(' ')?;
    let rest = rest.strip_prefix("column ")?;
    let column: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some((line.parse().ok()?, column.parse().ok()?))
}

/// Removes libyaml's ` at line N column M` (they are fragment positions,
/// wrong for the file; the diagnostic carries the right ones).
fn strip_positions(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(" at line ") {
        out.push_str(&rest[..at]);
        let tail = &rest[at + " at line ".len()..];
        let digits = tail.chars().take_while(char::is_ascii_digit).count();
        let tail = &tail[digits..];
        rest = match tail.strip_prefix(" column ") {
            Some(t) => &t[t.chars().take_while(char::is_ascii_digit).count()..],
            None => tail,
        };
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diag(yaml: &str) -> Diagnostic {
        let e = serde_yaml::from_str::<serde_yaml::Value>(yaml).unwrap_err();
        syntax(Path::new("f.md"), yaml, 2, &e)
    }

    #[test]
    fn unclosed_quote_points_at_the_opening_quote_in_the_file() {
        let d = diag("title: A\ntagline: \"never closed\nother: x\n");
        assert_eq!((d.line, d.column), (3, 10));
        assert_eq!(
            d.message,
            "unclosed quote: the string opened with \" here is never closed"
        );
    }

    #[test]
    fn tab_indentation_is_named_as_such() {
        let d = diag("stat:\n\tlabel: x\n");
        assert_eq!((d.line, d.column), (3, 1));
        assert!(d.message.starts_with("tab character in indentation"));
    }

    #[test]
    fn duplicate_key_points_at_the_second_one() {
        let d = diag("title: A\nx: 1\ntitle: B\n");
        assert_eq!((d.line, d.column), (4, 1));
        assert_eq!(d.message, "duplicate key `title`: already set on line 2");
    }

    #[test]
    fn other_errors_lose_fragment_positions_but_keep_file_ones() {
        let d = diag("a: b\n  c: d\n");
        assert!(!d.message.contains("line"), "{}", d.message);
        assert_eq!(d.line, 3);
    }
}
