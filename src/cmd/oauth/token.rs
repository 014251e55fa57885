//! `vitrine oauth token`: client credentials on `/partenaire`.

use super::output::{print_request, print_response};
use super::{base_url, failed, parse_realm, read_secret, SECRET_ENV};
use crate::oauth::client::client_credentials_request;
use crate::oauth::client::http::HttpClient;
use crate::oauth::client::response::parse_token_response;
use crate::oauth::secret::ClientId;
use std::process::ExitCode;
use std::time::Duration;

#[derive(Debug, clap::Args)]
pub struct TokenArgs {
    /// The realm (client credentials exist only on /partenaire).
    #[arg(long, default_value = "/partenaire")]
    realm: String,
    /// The application's client id.
    #[arg(long)]
    client_id: String,
    /// Space-separated scopes [default: application_<client id>].
    #[arg(long)]
    scope: Option<String>,
    /// Token endpoint [default: the real one of the realm].
    #[arg(long, conflicts_with = "sandbox")]
    token_url: Option<String>,
    /// Base URL of a running `vitrine sandbox` (e.g. http://127.0.0.1:8787).
    #[arg(long)]
    sandbox: Option<String>,
    /// Read the client secret from the first line of stdin instead of
    /// the VITRINE_CLIENT_SECRET environment variable.
    #[arg(long)]
    client_secret_stdin: bool,
    /// Print tokens in full instead of masked.
    #[arg(long)]
    show_tokens: bool,
    /// HTTP timeout, in seconds.
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u64).range(1..=3_600))]
    timeout: u64,
}

pub fn run(args: TokenArgs) -> ExitCode {
    let realm = match parse_realm(&args.realm) {
        Ok(realm) => realm,
        Err(message) => return super::super::usage_error(&message),
    };
    let token_url = match (&args.token_url, &args.sandbox) {
        (Some(url), _) => url.clone(),
        (None, Some(sandbox)) => match base_url("--sandbox", sandbox) {
            Ok(base) => format!("{base}{}", realm.token_path()),
            Err(message) => return super::super::usage_error(&message),
        },
        (None, None) => realm.real_token_url().to_owned(),
    };
    let secret = match read_secret(args.client_secret_stdin) {
        Ok(Some(secret)) => secret,
        Ok(None) => {
            return super::super::usage_error(&format!(
                "client credentials need the client secret: set {SECRET_ENV} or pipe it with --client-secret-stdin"
            ))
        }
        Err(message) => return super::super::usage_error(&message),
    };
    if realm.has_users() {
        eprintln!(
            "warning: {} is a user realm; client credentials exist only on /partenaire (expect unsupported_grant_type)",
            realm.as_str()
        );
    }
    let client_id = ClientId::new(args.client_id);
    let scope = args
        .scope
        .unwrap_or_else(|| format!("application_{client_id}"));
    let request = match client_credentials_request(&token_url, realm, &client_id, &secret, &scope) {
        Ok(request) => request,
        Err(error) => return super::super::usage_error(&error.to_string()),
    };
    print_request(&request);
    let http = HttpClient::new(Duration::from_secs(args.timeout));
    let raw = match http.send_raw(&request) {
        Ok(raw) => raw,
        Err(error) => return failed(&error),
    };
    match parse_token_response(&request.url, raw.status, &raw.body) {
        Ok(response) => {
            print_response(&raw, &response, args.show_tokens);
            ExitCode::SUCCESS
        }
        Err(error) => failed(&error),
    }
}
