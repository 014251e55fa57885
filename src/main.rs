//! The `vitrine` command line: clap, then one call into `vitrine::cmd`.

use clap::{Parser, Subcommand};
use std::process::ExitCode;
use vitrine::cmd;

// A build allocates millions of small strings from several threads:
// jemalloc handles that with less CPU (docs/performance.md).
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// vitrine: build a public API catalogue from Markdown cards.
#[derive(Debug, Parser)]
#[command(name = "vitrine", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Load and validate the content; print diagnostics and a summary.
    Check(cmd::check::CheckArgs),
    /// Build the static site into the output folder.
    Build(cmd::build::BuildArgs),
    /// Repair mojibake in content files in place (or list them with --check).
    Repair(cmd::repair::RepairArgs),
    /// Run the sandbox authorization server.
    Sandbox(cmd::sandbox::SandboxArgs),
    /// Editor mode: serve the site with live reload, rebuilding on every save.
    Serve(cmd::serve::ServeArgs),
    /// Create a content file from a commented template (never overwrites).
    New(cmd::new::NewArgs),
    /// Print the JSON Schema of each kind of front matter, for editors.
    Schema(cmd::schema::SchemaArgs),
    /// Get tokens from France Travail (or the sandbox) as an integrator would.
    #[command(subcommand)]
    Oauth(cmd::oauth::OauthCommand),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check(args) => cmd::check::run(args),
        Command::Build(args) => cmd::build::run(args),
        Command::Repair(args) => cmd::repair::run(args),
        Command::Sandbox(args) => cmd::sandbox::run(args),
        Command::Serve(args) => cmd::serve::run(args),
        Command::New(args) => cmd::new::run(args),
        Command::Schema(args) => cmd::schema::run(args),
        Command::Oauth(command) => cmd::oauth::run(command),
    }
}
