//! `vitrine serve`: editor mode. Builds the site in memory, serves it with
//! live reload and the OAuth sandbox on the same origin, rebuilds on every
//! save and prints each build's diagnostics once.

use super::report::plural;
use crate::diagnostics::{render_all, Diagnostic, Format};
use crate::pipeline;
use crate::serve::{self, Rebuilt};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Mutex;

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// The content folder.
    #[arg(long, default_value = "content")]
    pub content: PathBuf,
    /// A theme folder overriding the default theme file by file.
    #[arg(long)]
    pub theme: Option<PathBuf>,
    /// Address to listen on (loopback by default: editor mode is local).
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: String,
    /// Port to listen on (0: any free port).
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
}

pub fn run(args: ServeArgs) -> ExitCode {
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
    let options = pipeline::Options::new(&args.content, args.theme.as_deref());
    let printed: Mutex<Vec<Diagnostic>> = Mutex::new(Vec::new());
    let on_build = Box::new(move |rebuilt: &Rebuilt<'_>| {
        let mut last = printed.lock().unwrap_or_else(|e| e.into_inner());
        print_build(rebuilt, &mut last);
    });
    let running = match serve::start(options, (args.bind.as_str(), args.port), on_build) {
        Ok(running) => running,
        Err(e) => {
            return super::usage_error(&format!("cannot serve on {}:{}: {e}", args.bind, args.port))
        }
    };
    let url = format!("{}/", running.url());
    let mut out = std::io::stdout().lock();
    // Tests and scripts read this first line for the address.
    let _ = writeln!(out, "serving on {url}");
    let _ = writeln!(
        out,
        "  sandbox: {}/connexion/oauth2/… (same origin, for the token demo)",
        running.url()
    );
    let _ = writeln!(
        out,
        "  watching {} for changes (Ctrl-C to stop)",
        args.content.display()
    );
    let _ = out.flush();
    drop(out);
    if args.open {
        open_browser(&url);
    }
    running.wait();
    ExitCode::SUCCESS
}

/// Prints a build's diagnostics when they differ from the last ones printed
/// (one save is one build, so each problem is said once per change), then
/// a one-line summary.
fn print_build(rebuilt: &Rebuilt<'_>, last: &mut Vec<Diagnostic>) {
    let report = rebuilt.report;
    let mut err = std::io::stderr().lock();
    if report.diagnostics != *last {
        let colour = std::io::stderr().is_terminal();
        let text = render_all(&report.diagnostics, Format::Human, &report.sources, colour);
        let _ = err.write_all(text.as_bytes());
        last.clone_from(&report.diagnostics);
    }
    let counts = report.counts();
    let what = match rebuilt.changed {
        [] => "built".to_string(),
        [one] => format!("rebuilt after a change to {}", one.display()),
        many => format!("rebuilt after changes to {}", plural(many.len(), "file")),
    };
    let kept = if counts.errors > 0 {
        " (the last good version stays served)"
    } else {
        ""
    };
    let _ = writeln!(
        err,
        "{what}: {} ({} rendered), {}, {} in {} ms{kept}",
        plural(report.pages, "page"),
        report.pages - report.reused,
        plural(counts.warnings, "warning"),
        plural(counts.errors, "error"),
        rebuilt.took.as_millis()
    );
}

/// Opens `url` with the desktop's opener; a failure is only reported.
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(opener).arg(url).spawn() {
        eprintln!("could not open a browser ({opener}: {e}); open {url} yourself");
    }
}
