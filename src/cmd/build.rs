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
    /// Print how long each phase took (load, render, report, publish) on stderr.
    #[arg(long)]
    pub timings: bool,
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
    let themes = theme_folders(&args.content, args.theme.as_deref());
    if let Some(why) = super::output_folder::refusal(&args.output, &args.content, &themes) {
        return super::usage_error(&why);
    }
    // Pages go to the staging folder as they are rendered; it is swapped
    // in only if the build succeeds.
    let staging = match crate::output::Staging::create(&args.output) {
        Ok(staging) => staging,
        Err(e) => {
            eprintln!("error: preparing {}: {e}", args.output.display());
            return ExitCode::from(super::EXIT_CONTENT);
        }
    };
    // Compiling the templates does not need the content: do it meanwhile.
    // Once the content folder is walked, the pages' folders are made in the
    // background while the cards are parsed.
    let (theme, loaded) = rayon::join(
        || Theme::load(&themes),
        || {
            crate::content::load_dir_and_tell(&args.content, |files| {
                let folders = files.into_iter().filter_map(site::urls::page_folder);
                staging.create_folders_ahead(folders.collect());
            })
        },
    );
    let theme = match theme {
        Ok(theme) => theme,
        Err(e) => {
            staging.discard();
            eprintln!("error: theme: {e}");
            return ExitCode::from(super::EXIT_CONTENT);
        }
    };
    let crate::content::Loaded {
        catalogue,
        diagnostics: load_diagnostics,
        sources,
    } = loaded;
    let loaded_at = Instant::now();
    // The loader keeps only the texts its diagnostics point into; the few
    // files rendering finds problems in are re-read for their excerpts.
    let mut sources = sources;
    let options = BuildOptions {
        base_url: args.base_url.clone(),
        content_dir: args.content.clone(),
    };
    let built = site::build_into(&catalogue, &theme, &options, &staging);
    let rendered_at = Instant::now();
    let mut all = load_diagnostics;
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
    if args.format == Format::Human {
        reread_missing_sources(&mut sources, &all);
    }
    let rendered = diagnostics::render_all(&all, args.format, &sources, colour);
    match args.format {
        Format::Human => eprint!("{rendered}"),
        Format::Json | Format::Github => print!("{rendered}"),
    }
    let counts = diagnostics::count(&all);
    let repaired = super::check::repaired_files(&catalogue);
    // The process ends in a moment: freeing a large catalogue string by
    // string would only delay it (tens of ms for 10,000 cards).
    std::mem::forget(catalogue);
    let reported_at = Instant::now();
    let failed = counts.errors > 0 || (args.deny_warnings && counts.warnings > 0);
    if failed {
        staging.discard();
        eprintln!(
            "build failed: {}, {}, {}; {} left untouched ({} ms)",
            plural(counts.errors, "error"),
            plural(counts.warnings, "warning"),
            plural(repaired, "repaired file"),
            args.output.display(),
            started.elapsed().as_millis()
        );
        return ExitCode::from(super::EXIT_CONTENT);
    }
    let written = match staging.publish(&built.copies) {
        Ok(written) => written,
        Err(e) => {
            eprintln!("error: {e}; {} left untouched", args.output.display());
            return ExitCode::from(super::EXIT_CONTENT);
        }
    };
    if args.timings {
        let ms = |from: Instant, to: Instant| to.duration_since(from).as_millis();
        eprintln!(
            "timings: load {} ms, render and write {} ms, report {} ms, publish {} ms \
             ({} files written, {} unchanged, {} removed)",
            ms(started, loaded_at),
            ms(loaded_at, rendered_at),
            ms(rendered_at, reported_at),
            ms(reported_at, Instant::now()),
            written.written,
            written.unchanged,
            written.removed
        );
    }
    // Like `check`, the summary never goes into a machine format's stream.
    eprintln!(
        "built {} into {}: {}, {}, {} in {} ms",
        plural(built.pages, "page"),
        args.output.display(),
        plural(repaired, "repaired file"),
        plural(counts.warnings, "warning"),
        plural(counts.errors, "error"),
        started.elapsed().as_millis()
    );
    ExitCode::SUCCESS
}

/// Reads (and repairs, as the loader did) the files that rendering found
/// problems in, so their excerpts show the same text as the loader's.
fn reread_missing_sources(
    sources: &mut diagnostics::SourceTexts,
    found: &[diagnostics::Diagnostic],
) {
    for d in found {
        if d.line == 0 || sources.contains_key(&d.file) {
            continue;
        }
        if let Ok(bytes) = std::fs::read(&d.file) {
            sources.insert(d.file.clone(), crate::text::read_text(&bytes).0);
        }
    }
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
