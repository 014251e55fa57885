//! Scrollable table regions are landmarks, and landmarks on one page need
//! distinct names. Markdown labels each table by its nearest heading, one
//! fragment at a time, so two tables under one heading (or in two fragments
//! of the same page) can share a name; the page-level pass numbers repeats.

use memchr::memmem;
use std::collections::HashMap;
use std::sync::LazyLock;

const MARKER: &str = "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"";

static FINDER: LazyLock<memmem::Finder<'static>> =
    LazyLock::new(|| memmem::Finder::new(MARKER.as_bytes()));

/// Appends ` (2)`, ` (3)`… to repeated table-region labels of a page.
/// Works on the page's bytes: the label is ASCII-delimited, so cutting at
/// the marker and the next `"` never splits a character.
pub fn unique_table_labels(html: Vec<u8>) -> Vec<u8> {
    let starts: Vec<usize> = FINDER.find_iter(&html).collect();
    if starts.len() < 2 {
        return html;
    }
    let mut seen: HashMap<&[u8], u32> = HashMap::new();
    let mut repeats = Vec::new();
    for &at in &starts {
        let label_start = at + MARKER.len();
        let Some(len) = memchr::memchr(b'"', &html[label_start..]) else {
            break;
        };
        let count = seen
            .entry(&html[label_start..label_start + len])
            .or_insert(0);
        *count += 1;
        if *count > 1 {
            repeats.push((label_start + len, *count));
        }
    }
    if repeats.is_empty() {
        return html;
    }
    let mut out = Vec::with_capacity(html.len() + repeats.len() * 6);
    let mut from = 0;
    for (end, count) in repeats {
        out.extend_from_slice(&html[from..end]);
        out.extend_from_slice(format!(" ({count})").as_bytes());
        from = end;
    }
    out.extend_from_slice(&html[from..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_labels_are_numbered_and_unique_ones_kept() {
        let table = |label: &str| format!("{MARKER}{label}\"><table></table></div>");
        let html = format!(
            "{}{}{}{}",
            table("Identité"),
            table("Données"),
            table("Identité"),
            table("Identité")
        );
        let fixed = unique_table_labels(html.into_bytes());
        assert_eq!(
            String::from_utf8(fixed).expect("utf-8"),
            format!(
                "{}{}{}{}",
                table("Identité"),
                table("Données"),
                table("Identité (2)"),
                table("Identité (3)")
            )
        );
        assert_eq!(
            unique_table_labels(table("A").into_bytes()),
            table("A").into_bytes()
        );
        let distinct = format!("{}{}", table("A"), table("B"));
        assert_eq!(
            unique_table_labels(distinct.clone().into_bytes()),
            distinct.into_bytes()
        );
    }
}
