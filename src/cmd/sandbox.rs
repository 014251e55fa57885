//! `vitrine sandbox` (to be written).

use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct SandboxArgs {}

pub fn run(args: SandboxArgs) -> ExitCode {
    let _ = args;
    super::usage_error("`vitrine sandbox` is not available yet")
}
