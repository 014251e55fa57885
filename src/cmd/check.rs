//! `vitrine check` (to be written).

use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct CheckArgs {}

pub fn run(args: CheckArgs) -> ExitCode {
    let _ = args;
    super::usage_error("`vitrine check` is not available yet")
}
