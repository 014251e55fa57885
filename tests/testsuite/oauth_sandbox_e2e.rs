//! `vitrine oauth` against the real `vitrine sandbox`, over HTTP on
//! loopback: client credentials and its documented errors, and the
//! authorization code flow with PKCE on every user realm, signing in on the
//! sandbox's own page.

use crate::oauth_support::{browser, run, start_login, status_and_location, text, vitrine};
use std::io::BufRead as _;
use std::process::{Child, Stdio};

const CONFIDENTIAL: &str = "vitrine-demo-confidentiel";
const SECRET: &str = "vitrine-demo-secret";
const PUBLIC: &str = "vitrine-demo-public";

/// A running `vitrine sandbox`, stopped when the test ends.
struct Sandbox {
    child: Child,
    base: String,
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `vitrine sandbox --port 0` and reads its first line (the sandbox
/// is part of this build: failing to start it is a test failure).
fn start_sandbox() -> Sandbox {
    let mut child = vitrine()
        .args(["sandbox", "--port", "0"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn vitrine sandbox");
    let mut first = String::new();
    if let Some(stdout) = child.stdout.take() {
        let _ = std::io::BufReader::new(stdout).read_line(&mut first);
    }
    match first.trim().strip_prefix("sandbox listening on ") {
        Some(base) => Sandbox {
            child,
            base: base.trim_end_matches('/').to_owned(),
        },
        None => {
            let _ = child.kill();
            let stderr = child
                .wait_with_output()
                .map(|o| String::from_utf8_lossy(&o.stderr).into_owned())
                .unwrap_or_default();
            panic!("`vitrine sandbox --port 0` did not start: {first:?} {stderr}");
        }
    }
}

fn token(
    sandbox: &Sandbox,
    realm: &str,
    secret: &str,
    scope: &str,
) -> (Option<i32>, String, String) {
    let mut command = vitrine();
    command
        .args([
            "oauth",
            "token",
            "--realm",
            realm,
            "--client-id",
            CONFIDENTIAL,
        ])
        .args(["--scope", scope, "--sandbox", &sandbox.base])
        .env("VITRINE_CLIENT_SECRET", secret);
    let output = run(command, "");
    let (stdout, stderr) = text(&output);
    assert!(
        !stdout.contains(secret) && !stderr.contains(secret),
        "secret printed"
    );
    (output.status.code(), stdout, stderr)
}

#[test]
fn client_credentials_on_partenaire_gets_a_token_like_the_real_service() {
    let sandbox = start_sandbox();
    let scope = format!("application_{CONFIDENTIAL} api_labonneboitev1");
    let (code, stdout, stderr) = token(&sandbox, "/partenaire", SECRET, &scope);
    assert_eq!(code, Some(0), "{stdout}\n{stderr}");
    assert!(stdout.contains("HTTP 200"), "{stdout}");
    assert!(
        stdout.contains("Content-Type: application/json;charset=UTF-8"),
        "{stdout}"
    );
    assert!(stdout.contains("Cache-Control: no-store"), "{stdout}");
    assert!(stdout.contains("expires_in: 1500"), "{stdout}");
    assert!(stdout.contains("token_type: Bearer"), "{stdout}");
}

#[test]
fn client_credentials_errors_are_the_documented_ones() {
    let sandbox = start_sandbox();
    let scope = format!("application_{CONFIDENTIAL}");
    for (realm, secret, scope, expected) in [
        (
            "/partenaire",
            "wrong-secret",
            scope.as_str(),
            "invalid_client: Client authentication failed",
        ),
        (
            "/individu",
            SECRET,
            scope.as_str(),
            "unsupported_grant_type",
        ),
        (
            "/partenaire",
            SECRET,
            "api_does-not-existv9",
            "invalid_scope",
        ),
    ] {
        let (code, stdout, stderr) = token(&sandbox, realm, secret, scope);
        assert_eq!(code, Some(1), "{expected}: {stdout}\n{stderr}");
        assert!(stderr.contains(expected), "{expected}: {stderr}");
    }
}

/// Signs in on the sandbox page as its first test user and follows the
/// redirect to the CLI's loopback listener.
fn sign_in_on_sandbox(authorize_url: &str) {
    let agent = browser();
    let (status, _, page) = status_and_location(agent.get(authorize_url).call());
    assert_eq!(status, 200, "{page}");
    let html = scraper::Html::parse_document(&page);
    let form_selector = scraper::Selector::parse("form[method=post]").expect("selector");
    let form = html.select(&form_selector).next().expect("a sign-in form");
    let mut fields: Vec<(String, String)> = Vec::new();
    let hidden = scraper::Selector::parse("input[type=hidden]").expect("selector");
    for input in form.select(&hidden) {
        if let (Some(name), Some(value)) = (input.value().attr("name"), input.value().attr("value"))
        {
            fields.push((name.to_owned(), value.to_owned()));
        }
    }
    let user = scraper::Selector::parse("button[name=user]").expect("selector");
    let first_user = form.select(&user).next().expect("a test user button");
    fields.push((
        "user".into(),
        first_user
            .value()
            .attr("value")
            .unwrap_or_default()
            .to_owned(),
    ));
    let action = form.value().attr("action").unwrap_or_default();
    let target = url::Url::parse(authorize_url)
        .and_then(|base| base.join(action))
        .expect("form action");
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let (status, location, body) =
        status_and_location(agent.post(target.as_str()).send_form(&pairs));
    assert_eq!(status, 302, "{body}");
    let location = location.expect("Location");
    assert!(location.starts_with("http://127.0.0.1:"), "{location}");
    let _ = status_and_location(agent.get(&location).call());
}

fn login(
    sandbox: &Sandbox,
    realm: &str,
    client_id: &str,
    secret: Option<&str>,
) -> (Option<i32>, String, String) {
    let mut command = vitrine();
    command
        .args([
            "oauth",
            "login",
            "--realm",
            realm,
            "--client-id",
            client_id,
            "--pkce",
        ])
        .args([
            "--no-browser",
            "--timeout",
            "30",
            "--sandbox",
            &sandbox.base,
        ]);
    if let Some(secret) = secret {
        command.env("VITRINE_CLIENT_SECRET", secret);
    }
    let run = start_login(command);
    sign_in_on_sandbox(&run.authorize_url);
    run.finish()
}

#[test]
fn public_client_with_pkce_signs_in_on_every_user_realm() {
    let sandbox = start_sandbox();
    for realm in ["/individu", "/entreprise", "/employeur", "/agent"] {
        let (code, stdout, stderr) = login(&sandbox, realm, PUBLIC, None);
        assert_eq!(code, Some(0), "{realm}: {stdout}\n{stderr}");
        assert!(
            stdout.contains("nonce (token response) ✓"),
            "{realm}: {stdout}"
        );
        assert!(stdout.contains("signature ✓ (ES256"), "{realm}: {stdout}");
        assert!(stdout.contains("expires_in: 59"), "{realm}: {stdout}");
    }
}

#[test]
fn confidential_client_on_agent_gets_proconnect_claims_and_no_secret_leaks() {
    let sandbox = start_sandbox();
    let (code, stdout, stderr) = login(&sandbox, "/agent", CONFIDENTIAL, Some(SECRET));
    assert_eq!(code, Some(0), "{stdout}\n{stderr}");
    assert!(stdout.contains("client_secret=[redacted]"), "{stdout}");
    assert!(stdout.contains("\"usual_name\""), "{stdout}");
    assert!(!stdout.contains(SECRET) && !stderr.contains(SECRET));
}
