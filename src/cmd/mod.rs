//! One file per subcommand: each parses nothing itself (clap did), runs the
//! pipeline, prints, and returns the exit code.

pub mod build;
pub mod check;
pub mod new;
pub mod oauth;
mod output_folder;
pub mod repair;
mod report;
pub mod sandbox;
pub mod schema;
pub mod serve;

use std::process::ExitCode;

/// Exit code 1: content problems (errors, or warnings with --deny-warnings).
pub const EXIT_CONTENT: u8 = 1;
/// Exit code 2: usage problems (bad flags, missing folder).
pub const EXIT_USAGE: u8 = 2;

pub fn usage_error(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(EXIT_USAGE)
}
