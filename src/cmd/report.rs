//! Printing a pipeline `Report`, the same way for `build` and `check`:
//! human diagnostics on stderr (coloured on a terminal), machine formats on
//! stdout, summaries always on stderr so a machine stream stays one JSON
//! object or annotation per line.

use crate::diagnostics::{render_all, Format};
use crate::pipeline::Report;
use std::io::{IsTerminal, Write};

/// Prints every diagnostic of `report` in `format`.
pub fn print_diagnostics(report: &Report, format: Format) {
    let colour = format == Format::Human && std::io::stderr().is_terminal();
    let text = render_all(&report.diagnostics, format, &report.sources, colour);
    // A closed pipe is no reason to fail a build: the exit code still says
    // how it went.
    let _ = match format {
        Format::Human => std::io::stderr().write_all(text.as_bytes()),
        Format::Json | Format::Github => std::io::stdout().write_all(text.as_bytes()),
    };
}

/// `1 page`, `2 pages`.
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plural_adds_an_s_except_for_one() {
        assert_eq!(plural(0, "error"), "0 errors");
        assert_eq!(plural(1, "error"), "1 error");
        assert_eq!(plural(2, "repaired file"), "2 repaired files");
    }
}
