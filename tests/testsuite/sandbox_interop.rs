//! Interop: the sandbox driven by Authlib (Python, PyPI), an OpenID client we
//! did not write — discovery, PKCE, state, id_token validation, userinfo,
//! code replay, client credentials. Needs
//! `tests/interop/sandbox_client/install.sh`; without it the test says so
//! and passes, unless `VITRINE_REQUIRE_INTEROP` is set (as `.ci/run` does
//! after installing it).

use std::path::Path;
use std::process::Command;

#[test]
fn authlib_client_completes_every_flow_against_the_sandbox() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/interop/sandbox_client");
    if !dir.join(".venv/bin/python").exists() {
        // CI installs the client first and sets this, so a missing one is a failure there.
        assert!(
            std::env::var_os("VITRINE_REQUIRE_INTEROP").is_none(),
            "VITRINE_REQUIRE_INTEROP is set but Authlib is not installed: run {}/install.sh",
            dir.display()
        );
        eprintln!(
            "SKIPPED sandbox interop: Authlib is not installed; run {}/install.sh",
            dir.display()
        );
        return;
    }
    let h = crate::sandbox_support::start();
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
