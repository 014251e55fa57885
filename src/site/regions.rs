//! Scrollable table regions are landmarks, and landmarks on one page need
//! distinct names. Markdown labels each table by its nearest heading, one
//! fragment at a time, so two tables under one heading (or in two fragments
//! of the same page) can share a name; the page-level pass numbers repeats.

use std::collections::HashMap;

const MARKER: &str = "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"";

/// Appends ` (2)`, ` (3)`… to repeated table-region labels of a page.
pub fn unique_table_labels(html: String) -> String {
    if html.matches(MARKER).nth(1).is_none() {
        return html;
    }
    let mut seen: HashMap<String, u32> = HashMap::new();
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html.as_str();
    while let Some(at) = rest.find(MARKER) {
        let start = at + MARKER.len();
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let Some(end) = rest.find('"') else {
            break;
        };
        let label = &rest[..end];
        let count = seen.entry(label.to_string()).or_insert(0);
        *count += 1;
        out.push_str(label);
        if *count > 1 {
            out.push_str(&format!(" ({count})"));
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
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
        let fixed = unique_table_labels(html);
        assert_eq!(
            fixed,
            format!(
                "{}{}{}{}",
                table("Identité"),
                table("Données"),
                table("Identité (2)"),
                table("Identité (3)")
            )
        );
        assert_eq!(unique_table_labels(table("A")), table("A"));
    }
}
