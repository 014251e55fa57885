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

    if let Some(quote) = runaway_quote(yaml, line) {
        // A quote left open is closed by the next quote of its kind, lines
        // later: libyaml then stumbles on what follows that one, far from
        // the mistake.
        return Diagnostic::error(
            file,
            file_line(quote.line),
            format!(
                "unclosed quote: the string opened with {} here runs on to line {}, \
                 so the lines in between are read as its text",
                quote.mark,
                file_line(quote.closed_on)
            ),
        )
        .at_column(quote.column)
        .with_help(format!(
            "add the closing {} at the end of this value, or remove the opening one",
            quote.mark
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

/// A quoted scalar that spans lines (fragment positions, 1-based).
#[derive(Debug, PartialEq)]
struct RunawayQuote {
    line: u32,
    column: u32,
    mark: char,
    closed_on: u32,
}

/// The quoted value that explains a syntax error on `error_line`: one that
/// opens on an earlier line, closes on the error's line or the one before,
/// and swallows at least one line that reads as a `key:` of its own. YAML
/// allows quoted strings over several lines, so the last condition is what
/// tells a forgotten quote from a long string.
fn runaway_quote(yaml: &str, error_line: u32) -> Option<RunawayQuote> {
    quoted_spans(yaml)
        .into_iter()
        .filter(|q| {
            q.line < error_line && (q.closed_on == error_line || q.closed_on + 1 == error_line)
        })
        .find(|q| {
            yaml.lines()
                .skip(q.line as usize)
                .take((q.closed_on - q.line) as usize)
                .any(looks_like_key)
        })
}

/// Every quoted scalar of a block YAML text that ends on a later line than
/// it starts, with a scanner just good enough for that: a quote counts only
/// where a value can start (after `: `, `- `, `[`, `{`, `,` or at the start
/// of a line), `#` after a space starts a comment, `\"` and `''` escape.
fn quoted_spans(yaml: &str) -> Vec<RunawayQuote> {
    let mut spans = Vec::new();
    let mut open: Option<(u32, u32, char)> = None;
    for (index, text) in yaml.lines().enumerate() {
        let line = index as u32 + 1;
        let mut prev = ' ';
        let mut chars = text.chars().enumerate().peekable();
        while let Some((col, c)) = chars.next() {
            match open {
                Some((qline, qcol, mark)) if c == mark => {
                    if mark == '\'' && chars.peek().is_some_and(|&(_, n)| n == '\'') {
                        chars.next();
                    } else {
                        open = None;
                        if qline < line {
                            spans.push(RunawayQuote {
                                line: qline,
                                column: qcol,
                                mark,
                                closed_on: line,
                            });
                        }
                    }
                }
                Some((_, _, '"')) if c == '\\' => {
                    chars.next();
                }
                Some(_) => {}
                None if c == '#' && (prev == ' ' || col == 0) => break,
                None if (c == '"' || c == '\'')
                    && value_may_start_after(&text[..byte_at(text, col)]) =>
                {
                    open = Some((line, col as u32 + 1, c));
                }
                None => {}
            }
            prev = c;
        }
    }
    spans
}

fn byte_at(text: &str, char_index: usize) -> usize {
    text.char_indices()
        .nth(char_index)
        .map_or(text.len(), |(i, _)| i)
}

/// Whether a scalar can start right after `before` (the line up to here).
fn value_may_start_after(before: &str) -> bool {
    let before = before.trim_end();
    before.is_empty()
        || before.ends_with(':')
        || before.ends_with('-')
        || before.ends_with(['[', '{', ','])
        || before.trim_start() == "?"
}

/// `name:` at the start of a line (after indentation or `- `), as a key.
fn looks_like_key(line: &str) -> bool {
    let rest = line.trim_start_matches([' ', '-']);
    let name_len = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(rest.len());
    name_len > 0
        && rest[name_len..].starts_with(':')
        && rest[name_len + 1..].chars().next().is_none_or(|c| c == ' ')
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
    fn a_quote_closed_lines_later_points_at_where_it_opened() {
        // The quote opened on fragment line 1 is closed by the first `"` of
        // line 4; libyaml fails after it, on line 4.
        let yaml = "title: \"API à moitié\ntagline: Des données\naccess:\n  - who: \"x\"\n";
        let d = diag(yaml);
        assert_eq!((d.line, d.column), (2, 8), "{}", d.message);
        assert_eq!(
            d.message,
            "unclosed quote: the string opened with \" here runs on to line 5, \
             so the lines in between are read as its text"
        );
        assert_eq!(
            d.help.as_deref(),
            Some("add the closing \" at the end of this value, or remove the opening one")
        );
    }

    #[test]
    fn a_single_quote_left_open_is_found_the_same_way() {
        let yaml = "title: 'L''API\ntagline: x\nother: 'y'\n";
        let d = diag(yaml);
        assert_eq!((d.line, d.column), (2, 8), "{}", d.message);
        assert!(
            d.message.contains("opened with ' here runs on to line 4"),
            "{}",
            d.message
        );
    }

    #[test]
    fn quoted_strings_over_several_lines_are_not_runaway_quotes() {
        // A legal two-line string, then a real error on the next line: the
        // string swallowed no `key:` line, so it is not the culprit.
        let yaml = "title: \"a long\n  title\"\n  d: e\n";
        let d = diag(yaml);
        assert_eq!(d.line, 4, "{}", d.message);
        assert!(d.message.starts_with("invalid YAML"), "{}", d.message);
        assert_eq!(quoted_spans(yaml).len(), 1);
    }

    #[test]
    fn quotes_inside_plain_values_and_comments_open_nothing() {
        let yaml = "a: it's here # don't\nb: \"x\\\"y\"\nc: 'it''s'\n";
        assert_eq!(quoted_spans(yaml), vec![]);
        let spans = quoted_spans("a: \"x\nb: y\" \n");
        assert_eq!(
            spans,
            vec![RunawayQuote {
                line: 1,
                column: 4,
                mark: '"',
                closed_on: 2
            }]
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
