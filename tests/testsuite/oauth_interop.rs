//! The helper and `vitrine oauth` against an OpenID provider we did not
//! write: PyPI's `oidc-provider-mock` (authlib inside, RS256 id_tokens),
//! installed by tests/interop/provider/install.sh into target/ and started
//! here on a random port. Skips, saying so, when it is not installed (and
//! fails instead under VITRINE_REQUIRE_INTEROP, as in `.ci/run`).

use crate::oauth_support::{
    browser, query_param, run, start_login, status_and_location, text, vitrine,
};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use vitrine::oauth::client::discovery::{fetch_jwks, fetch_metadata};
use vitrine::oauth::client::http::HttpClient;
use vitrine::oauth::client::id_token::{self, Expected, IdTokenError, DEFAULT_LEEWAY};
use vitrine::oauth::client::{
    authorization_code_request, check_redirect, AuthorizeRequest, CodeProof, ExpectedIssuer,
};
use vitrine::oauth::pkce::PkcePair;
use vitrine::oauth::secret::{ClientId, ClientSecret, Nonce, RedirectUri, State};
use vitrine::oauth::{Error, Realm};

/// The provider process, stopped when the test ends.
struct Provider {
    child: Child,
    issuer: String,
}

impl Drop for Provider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn provider_binary() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target/interop-provider-venv/bin/oidc-provider-mock")
}

/// Starts the provider, or returns None (after saying why) when it is not
/// installed. `.ci/run` installs it and sets VITRINE_REQUIRE_INTEROP, under
/// which a missing provider is a failure, not a skip.
fn start_provider() -> Option<Provider> {
    let binary = provider_binary();
    if !binary.exists() {
        let required = std::env::var_os("VITRINE_REQUIRE_INTEROP").is_some_and(|v| !v.is_empty());
        assert!(
            !required,
            "VITRINE_REQUIRE_INTEROP is set but {} is missing: run tests/interop/provider/install.sh",
            binary.display()
        );
        eprintln!(
            "SKIPPED: the independent OpenID provider is not installed ({}); \
             run tests/interop/provider/install.sh",
            binary.display()
        );
        return None;
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port");
    let child = Command::new(&binary)
        .args(["--host", "127.0.0.1", "--port", &port.to_string()])
        .args([
            "--user-claims",
            r#"{"sub":"camille","given_name":"Camille","email":"camille@example.test"}"#,
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start oidc-provider-mock");
    let provider = Provider {
        child,
        issuer: format!("http://127.0.0.1:{port}"),
    };
    let deadline = Instant::now() + Duration::from_secs(30);
    let http = HttpClient::new(Duration::from_secs(2));
    while fetch_metadata(&http, &provider.issuer).is_err() {
        assert!(
            Instant::now() < deadline,
            "the provider did not start within 30 s"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    Some(provider)
}

/// Plays the user on the provider's sign-in form: picks `camille`.
fn sign_in(authorize_url: &str) -> String {
    let agent = browser();
    let (status, _, page) = status_and_location(agent.get(authorize_url).call());
    assert_eq!(status, 200, "{page}");
    let (status, location, body) =
        status_and_location(agent.post(authorize_url).send_form(&[("sub", "camille")]));
    assert_eq!(status, 302, "{body}");
    location.expect("redirect Location")
}

#[test]
fn vitrine_oauth_login_validates_an_rs256_id_token_from_the_independent_provider() {
    let Some(provider) = start_provider() else {
        return;
    };
    let mut command = vitrine();
    command
        .args([
            "oauth",
            "login",
            "--client-id",
            "interop-client",
            "--pkce",
            "--no-browser",
        ])
        .args(["--timeout", "30", "--issuer", &provider.issuer])
        .env("VITRINE_CLIENT_SECRET", "interop-secret-value");
    let run = start_login(command);
    let location = sign_in(&run.authorize_url);
    let _ = status_and_location(browser().get(&location).call());
    let (code, stdout, stderr) = run.finish();
    assert_eq!(code, Some(0), "{stdout}\n{stderr}");
    assert!(stdout.contains("signature ✓ (RS256"), "{stdout}");
    assert!(stdout.contains("\"given_name\": \"Camille\""), "{stdout}");
    assert!(!format!("{stdout}{stderr}").contains("interop-secret-value"));
}

#[test]
fn client_credentials_on_a_provider_without_it_is_a_typed_unsupported_grant_type() {
    let Some(provider) = start_provider() else {
        return;
    };
    let mut command = vitrine();
    command
        .args([
            "oauth",
            "token",
            "--client-id",
            "interop-client",
            "--token-url",
        ])
        .arg(format!("{}/oauth2/token", provider.issuer))
        .env("VITRINE_CLIENT_SECRET", "interop-secret-value");
    let output = run(command, "");
    let (_, stderr) = text(&output);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("(HTTP 400) unsupported_grant_type"),
        "{stderr}"
    );
}

#[test]
fn the_library_runs_the_code_flow_and_a_reused_code_is_invalid_grant() {
    let Some(provider) = start_provider() else {
        return;
    };
    let http = HttpClient::default();
    let metadata = fetch_metadata(&http, &provider.issuer).expect("discovery");
    let keys = fetch_jwks(&http, &metadata.jwks_uri).expect("jwks");
    let mut rng = rand::rngs::OsRng;
    let (state, nonce, pkce) = (
        State::generate(&mut rng),
        Nonce::generate(&mut rng),
        PkcePair::generate(&mut rng),
    );
    let client_id = ClientId::new("interop-library");
    let secret = ClientSecret::new("interop-secret-value");
    // Nothing listens there: the test reads the redirect's Location itself.
    let redirect_uri = RedirectUri::new("http://127.0.0.1:9/callback");
    let authorize_url = AuthorizeRequest {
        authorize_endpoint: &metadata.authorization_endpoint,
        realm: Realm::Individu,
        client_id: &client_id,
        scope: "openid profile email",
        redirect_uri: &redirect_uri,
        state: &state,
        nonce: &nonce,
        code_challenge: Some(&pkce.challenge),
    }
    .url()
    .expect("url");
    let location = sign_in(&authorize_url);
    assert!(matches!(
        check_redirect(
            location.split_once('?').map(|(_, q)| q).unwrap_or(""),
            &State::new("other"),
            None
        ),
        Err(Error::StateMismatch)
    ));
    let code = check_redirect(
        &location
            .split_once('?')
            .map(|(_, q)| q.to_owned())
            .unwrap_or_default(),
        &state,
        Some(ExpectedIssuer::from_metadata(&metadata)),
    )
    .expect("code");
    assert_eq!(
        query_param(&location, "state").as_deref(),
        Some(state.secret())
    );
    let request = authorization_code_request(
        &metadata.token_endpoint,
        Realm::Individu,
        &client_id,
        CodeProof::SecretAndPkce(&secret, &pkce.verifier),
        &code,
        &redirect_uri,
    )
    .expect("request");
    let response = http.send(&request).expect("token response");
    let token = response.id_token.as_ref().expect("id_token");
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let expected = Expected {
        issuer: &metadata.issuer,
        client_id: &client_id,
        nonce: &nonce,
        now,
        leeway: DEFAULT_LEEWAY,
    };
    let claims = id_token::validate(token.secret(), &keys, &expected).expect("valid id_token");
    assert_eq!(claims.sub, "camille");
    let other_nonce = Nonce::new("not-the-one");
    assert_eq!(
        id_token::validate(
            token.secret(),
            &keys,
            &Expected {
                nonce: &other_nonce,
                ..expected.clone()
            }
        ),
        Err(IdTokenError::WrongNonce)
    );
    let other_client = ClientId::new("someone-else");
    assert!(matches!(
        id_token::validate(
            token.secret(),
            &keys,
            &Expected {
                client_id: &other_client,
                ..expected
            }
        ),
        Err(IdTokenError::WrongAudience { .. })
    ));
    match http.send(&request) {
        Err(Error::Server { error, .. }) => assert_eq!(error.code(), "invalid_grant"),
        other => panic!("a reused code must be refused: {other:?}"),
    }
}
