//! `vitrine build`: load the content, render the site, report problems, and
//! publish the output folder only when there is no error.

use crate::diagnostics::{self, Format};
use crate::site::{self, theme::Theme, BuildOptions};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// The content folder.
    #[arg(long, default_value = "content")]
    pub content: PathBuf,
    /// Where to write the site (replaced only when the build succeeds).
    #[arg(long, default_value = "public")]
    pub output: PathBuf,
    /// Base URL of the published site (default: `base_url` in site.yaml).
    #[arg(long)]
    pub base_url: Option<String>,
    /// A theme folder (templates/, components/, static/) overriding the
    /// default theme file by file.
    #[arg(long)]
    pub theme: Option<PathBuf>,
    /// How to print diagnostics.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Treat warnings as errors (exit 1, nothing written).
    #[arg(long)]
    pub deny_warnings: bool,
}

pub fn run(args: BuildArgs) -> ExitCode {
    let started = Instant::now();
    if !args.content.is_dir() {
        return super::usage_error(&format!(
            "content folder {} not found (use --content DIR)",
            args.content.display()
        ));
    }
    if let Some(theme) = &args.theme {
        if !theme.is_dir() {
            return super::usage_error(&format!("theme folder {} not found", theme.display()));
        }
    }
    if let Some(url) = &args.base_url {
        if url::Url::parse(url).is_err() {
            return super::usage_error(&format!(
                "--base-url {url} is not an absolute URL (e.g. https://api.gouv.fr)"
            ));
        }
    }
    let theme = match Theme::load(&theme_folders(&args.content, args.theme.as_deref())) {
        Ok(theme) => theme,
        Err(e) => {
            eprintln!("error: theme: {e}");
            return ExitCode::from(super::EXIT_CONTENT);
        }
    };
    let loaded = crate::content::load_dir(&args.content);
    let options = BuildOptions {
        base_url: args.base_url.clone(),
        content_dir: args.content.clone(),
    };
    let built = site::build(&loaded.catalogue, &theme, &options);
    let mut all = loaded.diagnostics;
    // The loader already checks question-tree references; the renderer finds
    // the same problem again at the same place. Say it once.
    let seen: std::collections::HashSet<_> = all
        .iter()
        .map(|d| (d.file.clone(), d.line, d.severity))
        .collect();
    all.extend(
        built
            .diagnostics
            .into_iter()
            .filter(|d| !seen.contains(&(d.file.clone(), d.line, d.severity))),
    );
    diagnostics::sort(&mut all);
    let colour = std::io::stderr().is_terminal() && args.format == Format::Human;
    // As `check` does: human text on stderr, machine formats on stdout.
    let rendered = diagnostics::render_all(&all, args.format, &loaded.sources, colour);
    match args.format {
        Format::Human => eprint!("{rendered}"),
        Format::Json | Format::Github => print!("{rendered}"),
    }
    let counts = diagnostics::count(&all);
    let repairs = loaded.catalogue.repairs.len();
    let failed = counts.errors > 0 || (args.deny_warnings && counts.warnings > 0);
    if failed {
        eprintln!(
            "build failed: {}, {}, {}; {} left untouched ({} ms)",
            plural(counts.errors, "error"),
            plural(counts.warnings, "warning"),
            plural(repairs, "repair"),
            args.output.display(),
            started.elapsed().as_millis()
        );
        return ExitCode::from(super::EXIT_CONTENT);
    }
    if let Err(e) = crate::output::write_site(&built.site, &args.output) {
        eprintln!("error: writing {}: {e}", args.output.display());
        return ExitCode::from(super::EXIT_CONTENT);
    }
    // Like `check`, the summary never goes into a machine format's stream.
    eprintln!(
        "built {} into {}: {}, {}, {} in {} ms",
        plural(built.pages, "page"),
        args.output.display(),
        plural(repairs, "repair"),
        plural(counts.warnings, "warning"),
        plural(counts.errors, "error"),
        started.elapsed().as_millis()
    );
    ExitCode::SUCCESS
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// The site's own `themes/default` next to the content folder, then
/// `--theme`: later folders override earlier ones.
fn theme_folders(content: &Path, theme: Option<&Path>) -> Vec<PathBuf> {
    let root = match content.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut folders = vec![root.join("themes").join("default")];
    folders.extend(theme.map(Path::to_path_buf));
    folders
}
