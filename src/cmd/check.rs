//! `vitrine check`: load and validate the content folder, print every
//! diagnostic (sorted) and a one-line summary, exit 0 / 1 / 2.
//! `report` is shared with `build` so both print problems identically.

use crate::content::{load_dir, Loaded};
use crate::diagnostics::{count, render_all, Format};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The content folder (api/, producteurs/, guides/…).
    #[arg(long, default_value = "content")]
    pub content: PathBuf,
    /// How to print diagnostics.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Exit with 1 on warnings too, not only on errors.
    #[arg(long)]
    pub deny_warnings: bool,
}

/// Counts `report` printed, for the caller's exit code and summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Reported {
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
}

/// Renders every diagnostic of `loaded` in `format` (colours only when
/// `colour`), ready to print on stderr (human) or stdout (json, github).
pub fn render(loaded: &Loaded, format: Format, colour: bool) -> (String, Reported) {
    let out = render_all(&loaded.diagnostics, format, &loaded.sources, colour);
    let c = count(&loaded.diagnostics);
    (
        out,
        Reported {
            errors: c.errors,
            warnings: c.warnings,
            notes: c.notes,
        },
    )
}

/// Prints the diagnostics (human on stderr, machine formats on stdout) and
/// returns the counts.
pub fn report(loaded: &Loaded, format: Format, colour: bool) -> Reported {
    let (text, counts) = render(loaded, format, colour);
    match format {
        Format::Human => {
            let _ = std::io::stderr().write_all(text.as_bytes());
        }
        Format::Json | Format::Github => {
            let _ = std::io::stdout().write_all(text.as_bytes());
        }
    }
    counts
}

/// `3 cards, 4 producers, 2 guides, 1 service, 2 trees, 2 repaired files, 0 warnings, 0 errors`.
pub fn summary(loaded: &Loaded, counts: Reported) -> String {
    let c = &loaded.catalogue;
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    [
        plural(c.apis.len(), "card", "cards"),
        plural(c.producers.len(), "producer", "producers"),
        plural(c.guides.len(), "guide", "guides"),
        plural(c.services.len(), "service", "services"),
        plural(c.trees.len(), "tree", "trees"),
        plural(repaired_files(c), "repaired file", "repaired files"),
        plural(counts.warnings, "warning", "warnings"),
        plural(counts.errors, "error", "errors"),
    ]
    .join(", ")
}

/// Files that needed at least one mojibake repair.
pub fn repaired_files(c: &crate::content::Catalogue) -> usize {
    let mut files: Vec<&std::path::PathBuf> = c.repairs.iter().map(|(f, _)| f.as_ref()).collect();
    files.dedup();
    files.len()
}

pub fn run(args: CheckArgs) -> ExitCode {
    if !args.content.is_dir() {
        return super::usage_error(&format!(
            "content folder `{}` not found (pass it with --content DIR)",
            args.content.display()
        ));
    }
    let loaded = load_dir(&args.content);
    let colour = args.format == Format::Human && std::io::stderr().is_terminal();
    let counts = report(&loaded, args.format, colour);
    let line = summary(&loaded, counts);
    // The summary goes where the human output goes, and never into the
    // machine formats' stream, so `--format json` stays one object per line.
    eprintln!("{line}");
    // The process ends right after this: freeing a large catalogue piece by
    // piece (tens of thousands of strings) is work the OS does at once when
    // it reclaims the memory.
    std::mem::forget(loaded);
    if counts.errors > 0 || (args.deny_warnings && counts.warnings > 0) {
        ExitCode::from(super::EXIT_CONTENT)
    } else {
        ExitCode::SUCCESS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_counts_everything_with_plurals() {
        let loaded = Loaded::default();
        let s = summary(
            &loaded,
            Reported {
                errors: 1,
                warnings: 2,
                notes: 0,
            },
        );
        assert_eq!(
            s,
            "0 cards, 0 producers, 0 guides, 0 services, 0 trees, 0 repaired files, 2 warnings, 1 error"
        );
    }
}
