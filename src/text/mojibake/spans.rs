//! Inline code spans, so that text showing mojibake on purpose
//! (`` `Ã©` ``) is not taken for it, without a second Markdown parser:
//! CommonMark's backtick rule, within one line. A run of n backticks (not
//! escaped by a backslash) opens a span that the next run of exactly n
//! backticks on the line closes; a run with no partner is literal text.
//! Spans over several lines and fenced code blocks are plain text here.

/// Pushes onto `out` the byte ranges of the code span contents of `line`.
pub(super) fn code_spans(line: &str, out: &mut Vec<(usize, usize)>) {
    out.clear();
    let bytes = line.as_bytes();
    let mut i = 0;
    while let Some(offset) = bytes
        .get(i..)
        .and_then(|rest| rest.iter().position(|&b| b == b'`'))
    {
        let mut start = i + offset;
        let mut end = backtick_run_end(bytes, start);
        if start > 0 && bytes[start - 1] == b'\\' {
            // `\`` is a literal backtick; the rest of the run may still open.
            start += 1;
            if start == end {
                i = end;
                continue;
            }
        }
        let width = end - start;
        let mut j = end;
        let mut closed = false;
        while let Some(offset) = bytes
            .get(j..)
            .and_then(|rest| rest.iter().position(|&b| b == b'`'))
        {
            let close = j + offset;
            let close_end = backtick_run_end(bytes, close);
            if close_end - close == width {
                out.push((end, close));
                end = close_end;
                closed = true;
                break;
            }
            j = close_end;
        }
        i = if closed { end } else { start + width };
    }
}

fn backtick_run_end(bytes: &[u8], start: usize) -> usize {
    let mut end = start;
    while bytes.get(end) == Some(&b'`') {
        end += 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(line: &str) -> Vec<&str> {
        let mut out = Vec::new();
        code_spans(line, &mut out);
        out.iter().map(|&(a, b)| &line[a..b]).collect()
    }

    #[test]
    fn finds_single_and_double_backtick_spans() {
        assert_eq!(spans("a `Ã©` b `c` d"), vec!["Ã©", "c"]);
        assert_eq!(spans("``x ` y`` z"), vec!["x ` y"]);
        assert_eq!(spans("`a``b`"), vec!["a``b"]);
    }

    #[test]
    fn unmatched_and_escaped_backticks_are_literal() {
        assert_eq!(spans("a ` b"), Vec::<&str>::new());
        assert_eq!(spans("``a` b"), Vec::<&str>::new());
        assert_eq!(spans(r"\`a` b`"), vec![" b"]);
        assert_eq!(spans("`` a `b`"), vec!["b"]);
    }
}
