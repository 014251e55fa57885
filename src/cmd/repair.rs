//! `vitrine repair` (to be written).

use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct RepairArgs {}

pub fn run(args: RepairArgs) -> ExitCode {
    let _ = args;
    super::usage_error("`vitrine repair` is not available yet")
}
