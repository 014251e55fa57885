//! `vitrine build`: load the content, render the site, report problems, and
//! publish the output folder only when there is no error.

use super::report::{plural, print_diagnostics};
use crate::diagnostics::Format;
use crate::pipeline;
use std::path::PathBuf;
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
    #[command(flatten)]
    pub fetch: FetchArgs,
}

/// `--fetch-specs` and its settings, shared by `build` and `check`.
#[derive(Debug, Clone, clap::Args)]
pub struct FetchArgs {
    /// Fetch the specs that `doc_tech_link`s name by http(s) URL (cached;
    /// without this flag there is no network access).
    #[arg(long)]
    pub fetch_specs: bool,
    /// Where fetched specs are cached [default: .vitrine-cache/specs beside
    /// the content folder].
    #[arg(long, value_name = "DIR", requires = "fetch_specs")]
    pub spec_cache: Option<PathBuf>,
    /// Seconds allowed for fetching each spec.
    #[arg(
        long,
        value_name = "SECS",
        default_value_t = 10,
        requires = "fetch_specs",
        value_parser = clap::value_parser!(u64).range(1..=3600)
    )]
    pub fetch_timeout: u64,
}

impl FetchArgs {
    /// The pipeline's setting for the content folder `content`.
    pub fn options(&self, content: &std::path::Path) -> Option<crate::openapi::Fetch> {
        self.fetch_specs.then(|| crate::openapi::Fetch {
            cache_dir: self
                .spec_cache
                .clone()
                .unwrap_or_else(|| crate::openapi::Fetch::default_cache_dir(content)),
            timeout: std::time::Duration::from_secs(self.fetch_timeout),
        })
    }
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
        let http = url::Url::parse(url).is_ok_and(|u| matches!(u.scheme(), "http" | "https"));
        if !http {
            return super::usage_error(&format!(
                "--base-url {url} is not an absolute http(s) URL (e.g. https://api.gouv.fr)"
            ));
        }
    }
    let mut options = pipeline::Options::new(&args.content, args.theme.as_deref());
    options.base_url = args.base_url.clone();
    options.fetch = args.fetch.options(&args.content);
    if let Some(why) = super::output_folder::refusal(&args.output, &args.content, &options.themes) {
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
    let mut report = pipeline::build(&options, &staging);
    let reporting = Instant::now();
    print_diagnostics(&report, args.format);
    let counts = report.counts();
    let repaired = report.repaired_files();
    let summary = format!(
        "{}, {}, {}",
        plural(repaired, "repaired file"),
        plural(counts.warnings, "warning"),
        plural(counts.errors, "error")
    );
    let failed = report.failed(args.deny_warnings);
    let (pages, copies, timings) = (
        report.pages,
        std::mem::take(&mut report.copies),
        report.timings,
    );
    // The process ends in a moment: freeing a large catalogue string by
    // string would only delay it.
    std::mem::forget(report);
    let publishing = Instant::now();
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
    let written = match staging.publish(&copies) {
        Ok(written) => written,
        Err(e) => {
            eprintln!("error: {e}; {} left untouched", args.output.display());
            return ExitCode::from(super::EXIT_CONTENT);
        }
    };
    if args.timings {
        eprintln!(
            "timings: load {} ms, render and write {} ms, report {} ms, publish {} ms \
             ({} files written, {} unchanged, {} removed)",
            timings.load.as_millis(),
            timings.render.as_millis(),
            publishing.duration_since(reporting).as_millis(),
            publishing.elapsed().as_millis(),
            written.written,
            written.unchanged,
            written.removed
        );
    }
    // Like `check`, the summary never goes into a machine format's stream.
    eprintln!(
        "built {} into {}: {summary} in {} ms",
        plural(pages, "page"),
        args.output.display(),
        started.elapsed().as_millis()
    );
    ExitCode::SUCCESS
}
