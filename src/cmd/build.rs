//! `vitrine build` (to be written).

use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct BuildArgs {}

pub fn run(args: BuildArgs) -> ExitCode {
    let _ = args;
    super::usage_error("`vitrine build` is not available yet")
}
