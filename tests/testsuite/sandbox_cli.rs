//! `vitrine sandbox` as a process: the first line says where it listens,
//! it answers there, and a bad `--config` file is a usage error (exit 2)
//! naming the file and the line.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};

struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn vitrine() -> Command {
    Command::new(env!("CARGO_BIN_EXE_vitrine"))
}

#[test]
fn prints_its_url_first_and_serves_tokens_there() {
    let mut config = tempfile::NamedTempFile::new().unwrap();
    writeln!(
        config,
        "clients:\n  - client_id: cli-app\n    client_secret: cli-secret\n    redirect_uris: [http://127.0.0.1/callback]\n    realms: [/partenaire]"
    )
    .unwrap();
    let child = vitrine()
        .args(["sandbox", "--port", "0", "--config"])
        .arg(config.path())
        .stdout(Stdio::piped())
        .spawn()
        .expect("vitrine runs");
    let mut child = Killed(child);
    let stdout = child.0.stdout.take().unwrap();
    let mut first = String::new();
    BufReader::new(stdout).read_line(&mut first).unwrap();
    let url = first
        .trim_end()
        .strip_prefix("sandbox listening on ")
        .unwrap_or_else(|| panic!("unexpected first line {first:?}"));
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    let reply = crate::sandbox_support::read(
        ureq::post(&format!(
            "{url}/connexion/oauth2/access_token?realm=%2Fpartenaire"
        ))
        .send_form(&[
            ("grant_type", "client_credentials"),
            ("client_id", "cli-app"),
            ("client_secret", "cli-secret"),
            ("scope", "application_cli-app api_offresdemploiv2"),
        ]),
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
}

#[test]
fn bad_config_file_is_a_usage_error_with_file_and_line() {
    let mut config = tempfile::NamedTempFile::new().unwrap();
    writeln!(
        config,
        "clients:\n  - client_id: a\n    secret: x\n    redirect_uris: [http://x/cb]"
    )
    .unwrap();
    let output = vitrine()
        .args(["sandbox", "--port", "0", "--config"])
        .arg(config.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    let expected = format!("error: {}: line 3, column 5: ", config.path().display());
    assert!(stderr.starts_with(&expected), "{stderr}");
    assert!(stderr.contains("unknown field `secret`"), "{stderr}");
    assert!(output.stdout.is_empty());
}

#[test]
fn missing_config_file_and_bad_site_url_are_usage_errors() {
    let output = vitrine()
        .args([
            "sandbox",
            "--port",
            "0",
            "--config",
            "/nonexistent/sandbox.yaml",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("/nonexistent/sandbox.yaml: cannot read")
    );
    let output = vitrine()
        .args(["sandbox", "--port", "0", "--site-url", "pas une url"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}
