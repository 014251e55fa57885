//! `vitrine check`: the build pipeline without writing: load, render in
//! memory, check links; print every diagnostic (sorted) and a one-line
//! summary; exit 0 / 1 / 2.

use super::report::{plural, print_diagnostics};
use crate::diagnostics::{Counts, Format};
use crate::pipeline::{self, Report};
use crate::site::AnchorSink;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The content folder (api/, producteurs/, guides/…).
    #[arg(long, default_value = "content")]
    pub content: PathBuf,
    /// A theme folder (templates/, components/, static/) overriding the
    /// default theme file by file, as for `build`.
    #[arg(long)]
    pub theme: Option<PathBuf>,
    /// How to print diagnostics.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Exit with 1 on warnings too, not only on errors.
    #[arg(long)]
    pub deny_warnings: bool,
    #[command(flatten)]
    pub fetch: super::build::FetchArgs,
}

pub fn run(args: CheckArgs) -> ExitCode {
    if !args.content.is_dir() {
        return super::usage_error(&format!(
            "content folder `{}` not found (pass it with --content DIR)",
            args.content.display()
        ));
    }
    if let Some(theme) = &args.theme {
        if !theme.is_dir() {
            return super::usage_error(&format!("theme folder {} not found", theme.display()));
        }
    }
    let mut options = pipeline::Options::new(&args.content, args.theme.as_deref());
    options.fetch = args.fetch.options(&args.content);
    let report = pipeline::build(&options, &AnchorSink::default());
    print_diagnostics(&report, args.format);
    eprintln!("{}", summary(&report, report.counts()));
    let failed = report.failed(args.deny_warnings);
    // The process ends right after this: freeing a large catalogue piece by
    // piece (tens of thousands of strings) is work the OS does at once when
    // it reclaims the memory.
    std::mem::forget(report);
    if failed {
        ExitCode::from(super::EXIT_CONTENT)
    } else {
        ExitCode::SUCCESS
    }
}

/// `3 cards, 4 producers, 2 guides, 1 service, 2 trees, 2 repaired files, 0 warnings, 0 errors`.
pub fn summary(report: &Report, counts: Counts) -> String {
    let c = &report.catalogue;
    [
        plural(c.apis.len(), "card"),
        plural(c.producers.len(), "producer"),
        plural(c.guides.len(), "guide"),
        plural(c.services.len(), "service"),
        plural(c.trees.len(), "tree"),
        plural(report.repaired_files(), "repaired file"),
        plural(counts.warnings, "warning"),
        plural(counts.errors, "error"),
    ]
    .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_counts_everything_with_plurals() {
        let s = summary(
            &Report::default(),
            Counts {
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
