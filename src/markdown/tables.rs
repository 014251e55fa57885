//! Markup for Markdown tables: header cells with `scope="col"`, alignment
//! from `:---:` as a `text-align` style, and the whole table wrapped in a
//! focusable, labelled region that scrolls sideways, so a wide table stays
//! usable on a phone and keyboard users can scroll it.

use crate::text::html::escape_html;
use pulldown_cmark::Alignment;

/// The table being written, between its start and end events.
#[derive(Debug, Default)]
pub(crate) struct TableWriter {
    alignments: Vec<Alignment>,
    in_head: bool,
    cell: usize,
    /// Tables without a heading before them, numbered in order.
    unlabelled: u32,
    /// How many tables of this fragment got each label: regions on one
    /// page need distinct names, so repeats are numbered (`Données (2)`).
    used: std::collections::HashMap<String, u32>,
}

impl TableWriter {
    /// The opening markup. `label` is the nearest preceding heading (or
    /// summary) text; without one the table is called "Tableau N".
    pub(crate) fn open(&mut self, alignments: Vec<Alignment>, label: &str) -> String {
        self.alignments = alignments;
        self.in_head = false;
        let mut html = String::from(
            "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"",
        );
        if label.trim().is_empty() {
            self.unlabelled += 1;
            html.push_str(&format!("Tableau {}", self.unlabelled));
        } else {
            let label = label.trim();
            html.push_str(&escape_html(label));
            let count = self.used.entry(label.to_string()).or_insert(0);
            *count += 1;
            if *count > 1 {
                html.push_str(&format!(" ({count})"));
            }
        }
        html.push_str("\"><table>");
        html
    }

    pub(crate) fn close(&self) -> &'static str {
        "</tbody></table></div>\n"
    }

    pub(crate) fn open_head(&mut self) -> &'static str {
        self.in_head = true;
        self.cell = 0;
        "<thead><tr>"
    }

    pub(crate) fn close_head(&mut self) -> &'static str {
        self.in_head = false;
        "</tr></thead><tbody>\n"
    }

    pub(crate) fn open_row(&mut self) -> &'static str {
        self.cell = 0;
        "<tr>"
    }

    pub(crate) fn close_row(&self) -> &'static str {
        "</tr>\n"
    }

    pub(crate) fn open_cell(&self) -> &'static str {
        let align = self
            .alignments
            .get(self.cell)
            .copied()
            .unwrap_or(Alignment::None);
        match (self.in_head, align) {
            (true, Alignment::None) => "<th scope=\"col\">",
            (true, Alignment::Left) => "<th scope=\"col\" style=\"text-align: left\">",
            (true, Alignment::Center) => "<th scope=\"col\" style=\"text-align: center\">",
            (true, Alignment::Right) => "<th scope=\"col\" style=\"text-align: right\">",
            (false, Alignment::None) => "<td>",
            (false, Alignment::Left) => "<td style=\"text-align: left\">",
            (false, Alignment::Center) => "<td style=\"text-align: center\">",
            (false, Alignment::Right) => "<td style=\"text-align: right\">",
        }
    }

    pub(crate) fn close_cell(&mut self) -> &'static str {
        self.cell += 1;
        if self.in_head {
            "</th>"
        } else {
            "</td>"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_label_is_escaped_and_missing_labels_are_numbered() {
        let mut table = TableWriter::default();
        assert_eq!(
            table.open(vec![], "Paramètres \"d'appel\" <b>"),
            "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"Paramètres &quot;d&#39;appel&quot; &lt;b&gt;\"><table>"
        );
        assert!(table.open(vec![], " ").contains("aria-label=\"Tableau 1\""));
        assert!(table.open(vec![], "").contains("aria-label=\"Tableau 2\""));
    }

    #[test]
    fn repeated_labels_in_one_fragment_are_numbered() {
        let mut table = TableWriter::default();
        let label = |html: String| {
            html.split("aria-label=\"")
                .nth(1)
                .and_then(|rest| rest.split('"').next())
                .map(String::from)
        };
        assert_eq!(
            label(table.open(vec![], "Données ")).as_deref(),
            Some("Données")
        );
        assert_eq!(
            label(table.open(vec![], "Autres")).as_deref(),
            Some("Autres")
        );
        assert_eq!(
            label(table.open(vec![], "Données")).as_deref(),
            Some("Données (2)")
        );
        assert_eq!(
            label(table.open(vec![], "Données")).as_deref(),
            Some("Données (3)")
        );
    }

    #[test]
    fn header_cells_have_column_scope_and_cells_keep_alignment() {
        let mut table = TableWriter::default();
        table.open(vec![Alignment::None, Alignment::Center], "t");
        table.open_head();
        assert_eq!(table.open_cell(), "<th scope=\"col\">");
        assert_eq!(table.close_cell(), "</th>");
        assert_eq!(
            table.open_cell(),
            "<th scope=\"col\" style=\"text-align: center\">"
        );
        table.close_cell();
        table.close_head();
        table.open_row();
        assert_eq!(table.open_cell(), "<td>");
        table.close_cell();
        assert_eq!(table.open_cell(), "<td style=\"text-align: center\">");
        table.close_cell();
        assert_eq!(table.open_cell(), "<td>");
    }
}
