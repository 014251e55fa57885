//! `vitrine oauth token|login` (to be written).

use std::process::ExitCode;

#[derive(Debug, clap::Subcommand)]
pub enum OauthCommand {
    /// Client credentials.
    Token,
    /// Authorization code + PKCE with a loopback redirect.
    Login,
}

pub fn run(command: OauthCommand) -> ExitCode {
    let _ = command;
    super::usage_error("`vitrine oauth` is not available yet")
}
