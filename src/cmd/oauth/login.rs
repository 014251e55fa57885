//! `vitrine oauth login`: authorization code (+ PKCE) with a loopback
//! redirect (RFC 8252), then id_token validation against the provider's JWKS.

use super::output::{print_claims, print_request, print_response};
use super::{base_url, failed, parse_realm, read_secret};
use crate::oauth::client::discovery::{fetch_jwks, fetch_metadata};
use crate::oauth::client::error::Error;
use crate::oauth::client::http::HttpClient;
use crate::oauth::client::id_token::{self, Expected, DEFAULT_LEEWAY};
use crate::oauth::client::loopback::LoopbackListener;
use crate::oauth::client::response::{parse_token_response, NonceEcho};
use crate::oauth::client::{
    authorization_code_request, AuthorizeRequest, CodeProof, ExpectedIssuer,
};
use crate::oauth::pkce::PkcePair;
use crate::oauth::secret::{ClientId, Nonce, State};
use crate::oauth::Realm;
use std::io::Write as _;
use std::process::ExitCode;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

#[derive(Debug, clap::Args)]
pub struct LoginArgs {
    /// A user realm: /individu, /entreprise (/employeur) or /agent.
    #[arg(long, default_value = "/individu")]
    realm: String,
    /// The application's client id.
    #[arg(long)]
    client_id: String,
    /// Space-separated scopes [default: application_<client id> openid profile email].
    #[arg(long)]
    scope: Option<String>,
    /// Use PKCE (always on when no secret is given: a public client).
    #[arg(long)]
    pkce: bool,
    /// OpenID issuer to discover endpoints and keys from
    /// [default: https://<real host>/connexion/oauth2/<realm>].
    #[arg(long, conflicts_with = "sandbox")]
    issuer: Option<String>,
    /// Base URL of a running `vitrine sandbox` (e.g. http://127.0.0.1:8787).
    #[arg(long)]
    sandbox: Option<String>,
    /// Print the authorize URL without trying to open a browser.
    #[arg(long)]
    no_browser: bool,
    /// Read the client secret (confidential client) from stdin instead of
    /// the VITRINE_CLIENT_SECRET environment variable.
    #[arg(long)]
    client_secret_stdin: bool,
    /// Print tokens in full instead of masked.
    #[arg(long)]
    show_tokens: bool,
    /// Port of the loopback redirect URI [default: any free port].
    #[arg(long, default_value_t = 0)]
    redirect_port: u16,
    /// Seconds to wait for the browser's redirect.
    #[arg(long, default_value_t = 300, value_parser = clap::value_parser!(u64).range(1..=86_400))]
    timeout: u64,
}

pub fn run(args: LoginArgs) -> ExitCode {
    let realm = match parse_realm(&args.realm) {
        Ok(realm) if realm.has_users() => realm,
        Ok(_) => {
            return super::super::usage_error(
                "/partenaire has no users: use `vitrine oauth token` (client credentials)",
            )
        }
        Err(message) => return super::super::usage_error(&message),
    };
    let issuer = match issuer(realm, args.issuer.as_deref(), args.sandbox.as_deref()) {
        Ok(issuer) => issuer,
        Err(message) => return super::super::usage_error(&message),
    };
    let secret = match read_secret(args.client_secret_stdin) {
        Ok(secret) => secret,
        Err(message) => return super::super::usage_error(&message),
    };
    let client_id = ClientId::new(args.client_id.clone());
    let scope = args
        .scope
        .clone()
        .unwrap_or_else(|| format!("application_{client_id} openid profile email"));
    let use_pkce = args.pkce || secret.is_none();
    let http = HttpClient::default();
    match login(
        &args, realm, &issuer, &client_id, secret, &scope, use_pkce, &http,
    ) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => failed(&error),
    }
}

/// The issuer to discover: the sandbox's per-realm issuer, the given one, or
/// the real service's host with the realm's path.
fn issuer(realm: Realm, issuer: Option<&str>, sandbox: Option<&str>) -> Result<String, String> {
    let realm_name = realm.as_str().trim_start_matches('/');
    if let Some(sandbox) = sandbox {
        let base = base_url("--sandbox", sandbox)?;
        return Ok(format!("{base}/connexion/oauth2/{realm_name}"));
    }
    if let Some(issuer) = issuer {
        return base_url("--issuer", issuer);
    }
    let authorize = realm.real_authorize_url().unwrap_or_default();
    let origin = url::Url::parse(authorize)
        .map(|url| url.origin().ascii_serialization())
        .map_err(|e| format!("bad built-in URL {authorize}: {e}"))?;
    Ok(format!("{origin}/connexion/oauth2/{realm_name}"))
}

#[allow(clippy::too_many_arguments)]
fn login(
    args: &LoginArgs,
    realm: Realm,
    issuer: &str,
    client_id: &ClientId,
    secret: Option<crate::oauth::secret::ClientSecret>,
    scope: &str,
    use_pkce: bool,
    http: &HttpClient,
) -> Result<(), Error> {
    let metadata = fetch_metadata(http, issuer)?;
    let mut rng = rand::rngs::OsRng;
    let state = State::generate(&mut rng);
    let nonce = Nonce::generate(&mut rng);
    let pkce = use_pkce.then(|| PkcePair::generate(&mut rng));
    if use_pkce
        && !metadata.code_challenge_methods_supported.is_empty()
        && !metadata
            .code_challenge_methods_supported
            .iter()
            .any(|m| m == "S256")
    {
        eprintln!("warning: the provider does not list S256 in code_challenge_methods_supported");
    }
    let listener = LoopbackListener::bind_port(args.redirect_port)?;
    let redirect_uri = listener.redirect_uri();
    let authorize_url = AuthorizeRequest {
        authorize_endpoint: &metadata.authorization_endpoint,
        realm,
        client_id,
        scope,
        redirect_uri: &redirect_uri,
        state: &state,
        nonce: &nonce,
        code_challenge: pkce.as_ref().map(|p| p.challenge.as_str()),
    }
    .url()?;
    // Tests and scripts read this line: keep its shape.
    println!("authorize URL: {authorize_url}");
    let _ = std::io::stdout().flush();
    eprintln!(
        "waiting for the redirect on {redirect_uri} ({} s)…",
        args.timeout
    );
    if !args.no_browser {
        open_browser(&authorize_url);
    }
    let code = listener.wait(
        &state,
        Some(ExpectedIssuer::from_metadata(&metadata)),
        Duration::from_secs(args.timeout),
    )?;
    println!("redirect: state ✓, code received");
    let proof = match (&secret, &pkce) {
        (Some(secret), Some(pkce)) => CodeProof::SecretAndPkce(secret, &pkce.verifier),
        (Some(secret), None) => CodeProof::Secret(secret),
        (None, Some(pkce)) => CodeProof::Pkce(&pkce.verifier),
        (None, None) => {
            return Err(Error::Config(
                "a public client needs PKCE; this is a bug in vitrine".into(),
            ))
        }
    };
    let request = authorization_code_request(
        &metadata.token_endpoint,
        realm,
        client_id,
        proof,
        &code,
        &redirect_uri,
    )?;
    print_request(&request);
    let raw = http.send_raw(&request)?;
    let response = parse_token_response(&request.url, raw.status, &raw.body)?;
    print_response(&raw, &response, args.show_tokens);
    match response.check_nonce(&nonce)? {
        NonceEcho::Matched => println!("nonce (token response) ✓"),
        NonceEcho::NotEchoed => {
            println!("nonce not echoed in the token response; checked in the id_token")
        }
    }
    let Some(token) = &response.id_token else {
        if scope.split_whitespace().any(|s| s == "openid") {
            return Err(Error::MissingIdToken);
        }
        return Ok(());
    };
    let keys = fetch_jwks(http, &metadata.jwks_uri)?;
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default();
    let claims = id_token::validate(
        token.secret(),
        &keys,
        &Expected {
            issuer: &metadata.issuer,
            client_id,
            nonce: &nonce,
            now,
            leeway: DEFAULT_LEEWAY,
        },
    )?;
    print_claims(&claims);
    Ok(())
}

/// Best effort: the URL is printed anyway, so a failure here is harmless.
/// The browser does not inherit the client secret: it would hand it on to
/// every process it starts (extensions' helpers, crash reporters).
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    let spawned = std::process::Command::new(opener)
        .arg(url)
        .env_remove(super::SECRET_ENV)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if spawned.is_err() {
        eprintln!("(could not start {opener}: open the URL above yourself)");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issuer_comes_from_the_sandbox_the_flag_or_the_real_host() {
        assert_eq!(
            issuer(Realm::Entreprise, None, Some("http://127.0.0.1:8787/")),
            Ok("http://127.0.0.1:8787/connexion/oauth2/entreprise".to_owned())
        );
        assert_eq!(
            issuer(Realm::Individu, Some("https://idp.test/realms/x/"), None),
            Ok("https://idp.test/realms/x".to_owned())
        );
        assert_eq!(
            issuer(Realm::Agent, None, None),
            Ok("https://proxyproconnect.francetravail.net/connexion/oauth2/agent".to_owned())
        );
        assert!(issuer(Realm::Individu, Some("javascript:alert(1)"), None).is_err());
        assert!(issuer(Realm::Individu, None, Some("not a url")).is_err());
    }
}
