//! Interop: the sandbox driven by Authlib (Python, PyPI), an OpenID client we
//! did not write — discovery, PKCE, state, id_token validation, userinfo,
//! code replay, client credentials. Needs
//! `tests/interop/sandbox_client/install.sh`; without it the test says so
//! and passes (the CI script runs the install first).

mod sandbox_support;

use std::path::Path;
use std::process::Command;

#[test]
fn authlib_client_completes_every_flow_against_the_sandbox() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/interop/sandbox_client");
    if !dir.join(".venv/bin/python").exists() {
        eprintln!(
            "SKIPPED sandbox interop: Authlib is not installed; run {}/install.sh",
            dir.display()
        );
        return;
    }
    let h = sandbox_support::start();
    // The Python client checks exp against the real clock: keep the test clock on it.
    let output = Command::new(dir.join("run.sh"))
        .arg(h.running.url())
        .output()
        .expect("run.sh starts");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "interop failed:\n{stdout}\n{stderr}"
    );
    assert!(stdout.contains("7 passed, 0 failed"), "{stdout}");
}
