//! `vitrine oauth login` end to end against an OpenID provider written in the
//! test: discovery, authorize with PKCE, the loopback redirect, the code
//! exchange and id_token validation; and each check failing on purpose.

use crate::oauth_support::{
    browser, query_param, start_login, status_and_location, vitrine, FakeServer, Reply, Signer,
};
use serde_json::json;
use std::process::Command;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{SystemTime, UNIX_EPOCH};
use vitrine::oauth::pkce::challenge_s256;

#[derive(Clone, Copy, PartialEq)]
enum Twist {
    None,
    ForgedState,
    MixedUpIssuer,
    /// The metadata announces `iss` in redirects; the redirect has none.
    MissingIss,
    /// The redirect is an error whose description holds escape sequences.
    HostileError,
    WrongNonceInIdToken,
    WrongEchoedNonce,
    ExpiredIdToken,
    ForeignSigner,
}

struct Provider {
    base: OnceLock<String>,
    signer: Signer,
    foreign: Signer,
    twist: Twist,
    /// (code_challenge, nonce, redirect_uri) from the authorize request.
    pending: Mutex<Option<(String, String, String)>>,
}

impl Provider {
    fn base(&self) -> String {
        self.base.get().cloned().unwrap_or_default()
    }

    fn handle(&self, method: &str, url: &str, body: &str) -> Reply {
        let base = self.base();
        let path = url.split('?').next().unwrap_or_default();
        match (method, path) {
            ("GET", "/oidc/.well-known/openid-configuration") => Reply::json(
                200,
                &json!({
                    "issuer": format!("{base}/oidc"),
                    "authorization_endpoint": format!("{base}/authorize"),
                    "token_endpoint": format!("{base}/token"),
                    "jwks_uri": format!("{base}/jwks"),
                    "code_challenge_methods_supported": ["S256"],
                    "authorization_response_iss_parameter_supported": true,
                })
                .to_string(),
            ),
            ("GET", "/jwks") => Reply::json(200, &self.signer.jwks_json()),
            ("GET", "/authorize") => {
                let param = |name| query_param(url, name).unwrap_or_default();
                let redirect_uri = param("redirect_uri");
                if let Ok(mut pending) = self.pending.lock() {
                    *pending = Some((
                        param("code_challenge"),
                        param("nonce"),
                        redirect_uri.clone(),
                    ));
                }
                let state = match self.twist {
                    Twist::ForgedState => "forged".to_owned(),
                    _ => param("state"),
                };
                let iss = match self.twist {
                    Twist::MixedUpIssuer => "&iss=https%3A%2F%2Fevil.test".to_owned(),
                    Twist::MissingIss => String::new(),
                    _ => format!("&iss={base}/oidc"),
                };
                let outcome = match self.twist {
                    Twist::HostileError => {
                        "error=access_denied%1B%5B2J&error_description=Refus%1B%5D52%3Bc%3BZXZpbA%3D%3D%07%1B%5B2J%0Aerror%3A+forged"
                    }
                    _ => "code=the-code",
                };
                Reply::redirect(format!("{redirect_uri}?{outcome}&state={state}{iss}"))
            }
            ("POST", "/token") => self.token(body),
            _ => Reply::json(404, r#"{"error":"not_found"}"#),
        }
    }

    fn token(&self, body: &str) -> Reply {
        let invalid_grant = || {
            Reply::json(
                400,
                r#"{"error":"invalid_grant","error_description":"bad"}"#,
            )
        };
        let Some((challenge, nonce, redirect_uri)) =
            self.pending.lock().ok().and_then(|p| p.clone())
        else {
            return invalid_grant();
        };
        let field = |name| query_param(body, name).unwrap_or_default();
        if field("grant_type") != "authorization_code"
            || field("code") != "the-code"
            || challenge_s256(&field("code_verifier")) != challenge
            || field("redirect_uri") != redirect_uri
        {
            return invalid_grant();
        }
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        let claims = json!({
            "iss": format!("{}/oidc", self.base()),
            "sub": "camille",
            "aud": field("client_id"),
            "exp": if self.twist == Twist::ExpiredIdToken { now - 3600 } else { now + 59 },
            "iat": now,
            "nonce": if self.twist == Twist::WrongNonceInIdToken { "other".to_owned() } else { nonce.clone() },
            "given_name": "Camille",
        });
        let signer = if self.twist == Twist::ForeignSigner {
            &self.foreign
        } else {
            &self.signer
        };
        let echoed = if self.twist == Twist::WrongEchoedNonce {
            "other".to_owned()
        } else {
            nonce
        };
        Reply::json(
            200,
            &json!({
                "scope": field("scope"),
                "expires_in": 59,
                "token_type": "Bearer",
                "access_token": "access-token-for-camille-0123456789",
                "id_token": signer.sign(&claims),
                "nonce": echoed,
            })
            .to_string(),
        )
    }
}

/// Runs a whole login with the provider twisted as asked.
fn login(twist: Twist) -> (Option<i32>, String, String) {
    login_with(twist, |command| {
        command.arg("--no-browser");
    })
}

/// `login`, with the command completed by `configure` (flags, environment).
fn login_with(twist: Twist, configure: impl FnOnce(&mut Command)) -> (Option<i32>, String, String) {
    let provider = Arc::new(Provider {
        base: OnceLock::new(),
        signer: Signer::new("k1"),
        foreign: Signer::new("k1"),
        twist,
        pending: Mutex::new(None),
    });
    let handler = provider.clone();
    let server = FakeServer::start(move |r| handler.handle(&r.method, &r.url, &r.body));
    let _ = provider.base.set(server.base.clone());
    let mut command = vitrine();
    command.args([
        "oauth",
        "login",
        "--realm",
        "/individu",
        "--client-id",
        "vitrine-demo-public",
        "--timeout",
        "30",
        "--issuer",
    ]);
    command.arg(format!("{}/oidc", server.base));
    configure(&mut command);
    let run = start_login(command);
    assert_eq!(
        query_param(&run.authorize_url, "realm").as_deref(),
        Some("/individu")
    );
    assert_eq!(
        query_param(&run.authorize_url, "code_challenge_method").as_deref(),
        Some("S256")
    );
    let agent = browser();
    let (status, location, _) = status_and_location(agent.get(&run.authorize_url).call());
    assert_eq!(status, 302);
    let location = location.expect("Location");
    assert!(location.starts_with("http://127.0.0.1:"), "{location}");
    let _ = status_and_location(agent.get(&location).call());
    run.finish()
}

#[test]
fn public_client_with_pkce_gets_validated_claims() {
    let (code, stdout, stderr) = login(Twist::None);
    assert_eq!(code, Some(0), "{stdout}\n{stderr}");
    assert!(stdout.contains("redirect: state ✓"), "{stdout}");
    assert!(stdout.contains("code_verifier=[redacted]"), "{stdout}");
    assert!(stdout.contains("nonce (token response) ✓"), "{stdout}");
    assert!(stdout.contains("signature ✓ (ES256, kid k1)"), "{stdout}");
    assert!(stdout.contains("\"given_name\": \"Camille\""), "{stdout}");
    assert!(
        !stdout.contains("access-token-for-camille-0123456789"),
        "{stdout}"
    );
}

#[test]
fn a_forged_state_stops_the_flow_before_any_token_request() {
    let (code, stdout, stderr) = login(Twist::ForgedState);
    assert_eq!(code, Some(1), "{stdout}");
    assert!(
        stderr.contains("state returned on the redirect"),
        "{stderr}"
    );
    assert!(!stdout.contains("POST "), "{stdout}");
}

#[test]
fn a_redirect_naming_another_issuer_is_refused() {
    let (code, stdout, stderr) = login(Twist::MixedUpIssuer);
    assert_eq!(code, Some(1), "{stdout}");
    assert!(stderr.contains("mix-up"), "{stderr}");
    assert!(!stdout.contains("POST "), "{stdout}");
}

#[test]
fn a_redirect_without_the_announced_iss_is_refused() {
    let (code, stdout, stderr) = login(Twist::MissingIss);
    assert_eq!(code, Some(1), "{stdout}");
    assert!(stderr.contains("carries no `iss`"), "{stderr}");
    assert!(!stdout.contains("POST "), "{stdout}");
}

#[test]
fn a_providers_error_on_the_redirect_is_printed_without_its_escapes() {
    let (code, stdout, stderr) = login(Twist::HostileError);
    assert_eq!(code, Some(1), "{stdout}");
    assert!(stderr.contains("the authorization was refused"), "{stderr}");
    assert!(stderr.contains(r"Refus\u{1b}]52;c;ZXZpbA=="), "{stderr}");
    for (name, printed) in [("stdout", &stdout), ("stderr", &stderr)] {
        assert!(
            !printed.chars().any(|c| c.is_control() && c != '\n'),
            "control character on {name}: {printed:?}"
        );
        assert!(
            !printed.lines().any(|l| l.starts_with("error: forged")),
            "{printed}"
        );
    }
}

#[test]
fn each_broken_id_token_or_nonce_fails_the_login() {
    for (twist, expected) in [
        (Twist::WrongEchoedNonce, "nonce in the token response"),
        (Twist::WrongNonceInIdToken, "`nonce` claim is not the nonce"),
        (Twist::ExpiredIdToken, "expired at"),
        (Twist::ForeignSigner, "signature does not match"),
    ] {
        let (code, stdout, stderr) = login(twist);
        assert_eq!(code, Some(1), "{expected}: {stdout}");
        assert!(stderr.contains(expected), "{expected}: {stderr}");
        assert!(!stdout.contains("claims:"), "{stdout}");
    }
}

/// The browser `login` starts must not see `VITRINE_CLIENT_SECRET`: a fake
/// `xdg-open` (or `open`) first in PATH records the environment it gets.
#[cfg(unix)]
#[test]
fn the_browser_does_not_inherit_the_client_secret() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().expect("temp dir");
    let record = dir.path().join("browser-env");
    let script = format!(
        "#!/bin/sh\nenv > '{0}.part' && mv '{0}.part' '{0}'\n",
        record.display()
    );
    for opener in ["xdg-open", "open"] {
        let path = dir.path().join(opener);
        std::fs::write(&path, &script).expect("write the fake opener");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    let path = format!(
        "{}:{}",
        dir.path().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let (code, stdout, stderr) = login_with(Twist::None, |command| {
        command
            .env("PATH", path)
            .env("VITRINE_CLIENT_SECRET", "secret-que-le-navigateur-ignore")
            .arg("--pkce");
    });
    assert_eq!(code, Some(0), "{stdout}\n{stderr}");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !record.exists() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let env = std::fs::read_to_string(&record).expect("the fake browser ran");
    assert!(env.contains("PATH="), "{env}");
    assert!(!env.contains("VITRINE_CLIENT_SECRET"), "{env}");
    assert!(!env.contains("secret-que-le-navigateur-ignore"), "{env}");
}
