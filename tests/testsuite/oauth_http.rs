//! `vitrine oauth token` and the helper's transport against a token endpoint
//! written in the test (tiny_http on a random loopback port): exact bytes
//! sent, every documented error typed, transport failures, and the secret
//! never printed.

use crate::oauth_support::{run, text, vitrine, FakeServer, Reply};
use vitrine::oauth::client::client_credentials_request;
use vitrine::oauth::client::http::HttpClient;
use vitrine::oauth::secret::{ClientId, ClientSecret};
use vitrine::oauth::{Error, Realm};

const SECRET: &str = "S3cret-value-that-must-not-leak";
const ACCESS: &str = "AT-0123456789abcdefghijklmnopqrstuvwxyz";

fn success() -> Reply {
    Reply::json(
        200,
        &format!(
            r#"{{"scope":"application_PAR_x api_labonneboitev1","expires_in":1500,"token_type":"Bearer","access_token":"{ACCESS}"}}"#
        ),
    )
}

fn token_command(server: &FakeServer) -> std::process::Command {
    let mut command = vitrine();
    command.args([
        "oauth",
        "token",
        "--client-id",
        "PAR_x",
        "--scope",
        "application_PAR_x api_labonneboitev1",
        "--token-url",
        &format!("{}/connexion/oauth2/access_token", server.base),
    ]);
    command
}

fn assert_no_secret(stdout: &str, stderr: &str) {
    assert!(!stdout.contains(SECRET), "secret on stdout:\n{stdout}");
    assert!(!stderr.contains(SECRET), "secret on stderr:\n{stderr}");
}

#[test]
fn client_credentials_sends_the_documented_request_and_masks_the_token() {
    let server = FakeServer::start(|_| success());
    let mut command = token_command(&server);
    command.env("VITRINE_CLIENT_SECRET", SECRET);
    let output = run(command, "");
    let (stdout, stderr) = text(&output);
    assert!(output.status.success(), "{stdout}\n{stderr}");
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request.method, "POST");
    assert_eq!(
        request.url,
        "/connexion/oauth2/access_token?realm=%2Fpartenaire"
    );
    assert_eq!(
        request.content_type.as_deref(),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        request.body,
        format!(
            "grant_type=client_credentials&client_id=PAR_x&client_secret={SECRET}\
             &scope=application_PAR_x+api_labonneboitev1"
        )
    );
    assert!(stdout.contains("client_secret=[redacted]"), "{stdout}");
    assert!(stdout.contains("expires_in: 1500"), "{stdout}");
    assert!(stdout.contains("Cache-Control: no-store"), "{stdout}");
    assert!(!stdout.contains(ACCESS), "token not masked:\n{stdout}");
    assert_no_secret(&stdout, &stderr);
}

#[test]
fn secret_can_come_from_stdin_and_tokens_shown_on_request() {
    let server = FakeServer::start(|_| success());
    let mut command = token_command(&server);
    command.args(["--client-secret-stdin", "--show-tokens"]);
    let output = run(command, &format!("{SECRET}\n"));
    let (stdout, stderr) = text(&output);
    assert!(output.status.success(), "{stdout}\n{stderr}");
    assert!(server.requests()[0]
        .body
        .contains(&format!("client_secret={SECRET}&")));
    assert!(stdout.contains(&format!("access_token: {ACCESS}")));
    assert_no_secret(&stdout, &stderr);
}

#[test]
fn a_secret_on_the_command_line_is_refused() {
    let server = FakeServer::start(|_| success());
    let mut command = token_command(&server);
    command.args(["--client-secret", SECRET]);
    let output = run(command, "");
    assert_eq!(output.status.code(), Some(2));
    assert!(server.requests().is_empty());
    let mut missing = token_command(&server);
    missing.env("VITRINE_CLIENT_SECRET", "");
    let output = run(missing, "");
    let (_, stderr) = text(&output);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr.contains("VITRINE_CLIENT_SECRET"), "{stderr}");
}

#[test]
fn every_documented_error_is_reported_with_its_code_description_and_a_hint() {
    let cases = [
        ("invalid_client", "Client authentication failed"),
        (
            "invalid_grant",
            "The provided access grant is invalid, expired, or revoked.",
        ),
        (
            "redirect_uri_mismatch",
            "The redirection URI provided does not match a pre-registered value.",
        ),
        (
            "unsupported_grant_type",
            "Grant type is not supported: client_credentials",
        ),
        ("invalid_scope", "Unknown/invalid scope(s): [api_nope]"),
        ("invalid_request", "Missing parameter: scope"),
        ("unauthorized_client", "Client not allowed"),
        ("server_busy", "Réessayez plus tard"),
    ];
    for (code, description) in cases {
        let body = format!(r#"{{"error":"{code}","error_description":"{description}"}}"#);
        let server = FakeServer::start(move |_| Reply::json(400, &body));
        let mut command = token_command(&server);
        command.env("VITRINE_CLIENT_SECRET", SECRET);
        let output = run(command, "");
        let (stdout, stderr) = text(&output);
        assert_eq!(output.status.code(), Some(1), "{code}: {stderr}");
        assert!(
            stderr.contains(&format!("(HTTP 400) {code}: {description}")),
            "{code}: {stderr}"
        );
        assert!(stderr.contains("hint: "), "{stderr}");
        assert_no_secret(&stdout, &stderr);
    }
}

#[test]
fn a_non_oauth_answer_and_an_unreachable_endpoint_fail_cleanly() {
    let server = FakeServer::start(|_| Reply {
        status: 502,
        headers: vec![("Content-Type", "text/html".into())],
        body: "<html><body>Bad gateway</body></html>".into(),
    });
    let mut command = token_command(&server);
    command.env("VITRINE_CLIENT_SECRET", SECRET);
    let output = run(command, "");
    let (stdout, stderr) = text(&output);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr.contains("unexpected answer") && stderr.contains("HTTP 502"),
        "{stderr}"
    );
    assert_no_secret(&stdout, &stderr);

    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("addr").port()
    };
    let mut command = vitrine();
    command
        .args(["oauth", "token", "--client-id", "x", "--sandbox"])
        .arg(format!("http://127.0.0.1:{port}"))
        .env("VITRINE_CLIENT_SECRET", SECRET);
    let output = run(command, "");
    let (stdout, stderr) = text(&output);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr.contains("could not reach"), "{stderr}");
    assert_no_secret(&stdout, &stderr);
}

#[test]
fn the_library_returns_typed_errors_over_http() {
    let server = FakeServer::start(|_| {
        Reply::json(
            400,
            r#"{"error":"invalid_scope","error_description":"nope"}"#,
        )
    });
    let request = client_credentials_request(
        &format!("{}/connexion/oauth2/access_token", server.base),
        Realm::Partenaire,
        &ClientId::new("a"),
        &ClientSecret::new("b"),
        "api_nope",
    )
    .expect("request");
    match HttpClient::default().send(&request) {
        Err(Error::Server { status: 400, error }) => {
            assert_eq!(error.code(), "invalid_scope");
            assert_eq!(error.description(), Some("nope"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn bad_flags_are_usage_errors_not_panics() {
    let cases: [&[&str]; 7] = [
        &["oauth", "token", "--client-id", "x", "--token-url", "::"],
        &["oauth", "token", "--client-id", "x", "--sandbox", "ftp://x"],
        &["oauth", "token", "--client-id", "x", "--realm", "/nope"],
        &["oauth", "token", "--client-id", "x", "--timeout", "0"],
        &[
            "oauth",
            "login",
            "--client-id",
            "x",
            "--realm",
            "/partenaire",
        ],
        &[
            "oauth",
            "login",
            "--client-id",
            "x",
            "--timeout",
            "99999999999999999",
        ],
        &[
            "oauth",
            "login",
            "--client-id",
            "x",
            "--issuer",
            "javascript:x",
        ],
    ];
    for args in cases {
        let mut command = vitrine();
        command.args(args).env("VITRINE_CLIENT_SECRET", SECRET);
        let output = run(command, "");
        let (stdout, stderr) = text(&output);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_no_secret(&stdout, &stderr);
    }
}

/// The provider's text, with escape sequences that would set the clipboard
/// (OSC 52), clear the screen and forge a line of output if printed raw.
const HOSTILE: &str = r"\u001b]52;c;ZXZpbA==\u0007\u001b[2J\r\nerror: forged\u009b31m";

fn assert_terminal_safe(name: &str, printed: &str) {
    let unsafe_char = printed.chars().find(|c| c.is_control() && *c != '\n');
    assert_eq!(
        unsafe_char, None,
        "control character on {name}:\n{printed:?}"
    );
    assert!(
        !printed
            .lines()
            .any(|line| line.starts_with("error: forged")),
        "forged line on {name}:\n{printed}"
    );
}

#[test]
fn a_providers_escape_sequences_are_shown_not_obeyed() {
    let error = format!(
        r#"{{"error":"invalid_client{HOSTILE}","error_description":"Client authentication failed{HOSTILE}"}}"#
    );
    let server = FakeServer::start(move |_| Reply::json(401, &error));
    let mut command = token_command(&server);
    command.env("VITRINE_CLIENT_SECRET", SECRET);
    let output = run(command, "");
    let (stdout, stderr) = text(&output);
    assert_eq!(output.status.code(), Some(1), "{stdout}\n{stderr}");
    assert!(stderr.contains("Client authentication failed"), "{stderr}");
    assert!(stderr.contains(r"\u{1b}]52;c;ZXZpbA=="), "{stderr}");
    assert_terminal_safe("stderr", &stderr);
    assert_terminal_safe("stdout", &stdout);

    let success = format!(
        r#"{{"scope":"api_x{HOSTILE}","token_type":"Bearer{HOSTILE}","access_token":"{ACCESS}","nonce":"n{HOSTILE}"}}"#
    );
    let server = FakeServer::start(move |_| Reply::json(200, &success));
    let mut command = token_command(&server);
    command
        .env("VITRINE_CLIENT_SECRET", SECRET)
        .arg("--show-tokens");
    let output = run(command, "");
    let (stdout, stderr) = text(&output);
    assert!(output.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("scope: api_x"), "{stdout}");
    assert_terminal_safe("stdout", &stdout);
    assert_terminal_safe("stderr", &stderr);
}
