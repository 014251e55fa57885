//! `vitrine oauth token|login`: get tokens from France Travail (or the
//! sandbox, or any OpenID provider) as an integrator would, through the
//! helper library. The client secret comes from `VITRINE_CLIENT_SECRET` or
//! stdin, never from the command line (argv is visible to every local user
//! through `ps`), and is never printed.

mod login;
mod output;
mod token;

use crate::oauth::secret::ClientSecret;
use crate::oauth::Error;
use crate::oauth::Realm;
use std::io::BufRead as _;
use std::process::ExitCode;

pub use login::LoginArgs;
pub use token::TokenArgs;

/// The environment variable the secret is read from.
pub const SECRET_ENV: &str = "VITRINE_CLIENT_SECRET";

/// Exit code when the exchange itself failed (refused, unreachable, invalid).
const EXIT_FAILED: u8 = 1;

#[derive(Debug, clap::Subcommand)]
pub enum OauthCommand {
    /// Client credentials (`/partenaire`): an application gets a token.
    Token(TokenArgs),
    /// Authorization code + PKCE with a loopback redirect on 127.0.0.1.
    Login(LoginArgs),
}

pub fn run(command: OauthCommand) -> ExitCode {
    match command {
        OauthCommand::Token(args) => token::run(args),
        OauthCommand::Login(args) => login::run(args),
    }
}

fn parse_realm(value: &str) -> Result<Realm, String> {
    Realm::parse(value).ok_or_else(|| {
        format!("unknown realm `{value}`: use /partenaire, /individu, /entreprise (/employeur) or /agent")
    })
}

/// The secret from stdin (first line) when asked, else from the environment.
fn read_secret(from_stdin: bool) -> Result<Option<ClientSecret>, String> {
    if from_stdin {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| format!("could not read the client secret from stdin: {e}"))?;
        let secret = line.trim_end_matches(['\r', '\n']);
        if secret.is_empty() {
            return Err("--client-secret-stdin was given but stdin is empty".into());
        }
        return Ok(Some(ClientSecret::new(secret)));
    }
    Ok(std::env::var(SECRET_ENV)
        .ok()
        .filter(|value| !value.is_empty())
        .map(ClientSecret::new))
}

/// `base` without a trailing slash, checked to be an http(s) URL.
fn base_url(flag: &str, value: &str) -> Result<String, String> {
    match url::Url::parse(value) {
        Ok(url) if matches!(url.scheme(), "http" | "https") => {
            Ok(value.trim_end_matches('/').to_owned())
        }
        _ => Err(format!(
            "{flag} `{value}` is not an http:// or https:// URL"
        )),
    }
}

fn failed(error: &Error) -> ExitCode {
    eprintln!("error: {error}");
    match error {
        Error::Server { error, .. } | Error::Authorization { error } => {
            eprintln!("hint: {}", error.hint());
        }
        Error::Discovery { url, .. }
        | Error::Transport { url, .. }
        | Error::UnexpectedResponse { url, .. }
            if url.ends_with(DISCOVERY_SUFFIX) =>
        {
            eprintln!(
                "hint: endpoints and keys are discovered from the issuer; pass --issuer (or --sandbox) with the provider's issuer URL"
            );
        }
        _ => {}
    }
    ExitCode::from(EXIT_FAILED)
}

const DISCOVERY_SUFFIX: &str = "/.well-known/openid-configuration";
