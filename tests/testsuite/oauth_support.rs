//! Shared by the oauth_* integration tests: a scriptable HTTP server on a
//! random loopback port, ES256 keys made per test, and running the binary.
#![allow(dead_code)] // each test file uses a different part

use jsonwebtoken::jwk::Jwk;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use p256::pkcs8::EncodePrivateKey as _;
use std::io::{Read as _, Write as _};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// A request as the fake server received it.
#[derive(Debug, Clone)]
pub struct Received {
    pub method: String,
    pub url: String,
    pub content_type: Option<String>,
    pub body: String,
}

/// An answer: status, headers, body.
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: String,
}

impl Reply {
    /// JSON with the no-store headers of seed 003.
    pub fn json(status: u16, body: &str) -> Self {
        Self {
            status,
            headers: vec![
                ("Content-Type", "application/json;charset=UTF-8".into()),
                ("Cache-Control", "no-store".into()),
                ("Pragma", "no-cache".into()),
            ],
            body: body.to_owned(),
        }
    }

    pub fn redirect(location: String) -> Self {
        Self {
            status: 302,
            headers: vec![("Location", location)],
            body: String::new(),
        }
    }
}

type Handler = dyn Fn(&Received) -> Reply + Send + Sync;

/// Serves `handler` until dropped, recording every request.
pub struct FakeServer {
    pub base: String,
    pub received: Arc<Mutex<Vec<Received>>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl FakeServer {
    pub fn start(handler: impl Fn(&Received) -> Reply + Send + Sync + 'static) -> Self {
        let server = tiny_http::Server::http("127.0.0.1:0").expect("bind");
        let port = server.server_addr().to_ip().expect("ip").port();
        let received = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let handler: Arc<Handler> = Arc::new(handler);
        let (log, flag) = (received.clone(), stop.clone());
        let thread = std::thread::spawn(move || {
            while !flag.load(Ordering::SeqCst) {
                let Ok(Some(mut request)) = server.recv_timeout(Duration::from_millis(50)) else {
                    continue;
                };
                let mut body = String::new();
                let _ = request.as_reader().read_to_string(&mut body);
                let got = Received {
                    method: request.method().to_string(),
                    url: request.url().to_owned(),
                    content_type: request
                        .headers()
                        .iter()
                        .find(|h| h.field.equiv("Content-Type"))
                        .map(|h| h.value.to_string()),
                    body,
                };
                let reply = handler(&got);
                if let Ok(mut log) = log.lock() {
                    log.push(got);
                }
                let mut response =
                    tiny_http::Response::from_string(reply.body).with_status_code(reply.status);
                for (name, value) in reply.headers {
                    if let Ok(header) = tiny_http::Header::from_bytes(name, value.as_bytes()) {
                        response.add_header(header);
                    }
                }
                let _ = request.respond(response);
            }
        });
        Self {
            base: format!("http://127.0.0.1:{port}"),
            received,
            stop,
            thread: Some(thread),
        }
    }

    pub fn requests(&self) -> Vec<Received> {
        self.received.lock().map(|r| r.clone()).unwrap_or_default()
    }
}

impl Drop for FakeServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// An ES256 key made for the test, and its public JWK.
pub struct Signer {
    pub key: EncodingKey,
    pub jwk: Jwk,
}

impl Signer {
    pub fn new(kid: &str) -> Self {
        let secret = p256::SecretKey::random(&mut rand::rngs::OsRng);
        let der = secret.to_pkcs8_der().expect("pkcs8");
        let key = EncodingKey::from_ec_der(der.as_bytes());
        let mut jwk = Jwk::from_encoding_key(&key, Algorithm::ES256).expect("jwk");
        jwk.common.key_id = Some(kid.to_owned());
        Self { key, jwk }
    }

    pub fn sign(&self, claims: &serde_json::Value) -> String {
        let mut header = Header::new(Algorithm::ES256);
        header.kid = self.jwk.common.key_id.clone();
        jsonwebtoken::encode(&header, claims, &self.key).expect("sign")
    }

    pub fn jwks_json(&self) -> String {
        serde_json::json!({ "keys": [self.jwk] }).to_string()
    }
}

pub fn vitrine() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_vitrine"));
    command.env_remove("VITRINE_CLIENT_SECRET");
    command
}

/// Runs to completion with `stdin` fed in.
pub fn run(mut command: Command, stdin: &str) -> Output {
    command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("spawn vitrine");
    if let Some(mut input) = child.stdin.take() {
        let _ = input.write_all(stdin.as_bytes());
    }
    child.wait_with_output().expect("wait")
}

pub fn text(output: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The query parameter `name` of a URL or a query string.
pub fn query_param(url: &str, name: &str) -> Option<String> {
    let query = url.split_once('?').map(|(_, q)| q).unwrap_or(url);
    url::form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// A running `vitrine oauth login`, stopped at the authorize step.
pub struct LoginRun {
    pub child: std::process::Child,
    pub authorize_url: String,
    pub stdout: std::io::BufReader<std::process::ChildStdout>,
}

/// Spawns `command` (a `vitrine oauth login …`) and reads stdout up to the
/// `authorize URL: ` line. The child is waited for by `LoginRun::finish`.
#[allow(clippy::zombie_processes)]
pub fn start_login(mut command: Command) -> LoginRun {
    use std::io::BufRead as _;
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("spawn vitrine");
    let mut stdout = std::io::BufReader::new(child.stdout.take().expect("stdout"));
    let mut line = String::new();
    loop {
        line.clear();
        let read = stdout.read_line(&mut line).unwrap_or(0);
        if read == 0 {
            let _ = child.kill();
            let output = child.wait_with_output().expect("wait");
            panic!(
                "login ended before printing the authorize URL: {}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        if let Some(url) = line.trim_end().strip_prefix("authorize URL: ") {
            return LoginRun {
                child,
                authorize_url: url.to_owned(),
                stdout,
            };
        }
    }
}

impl LoginRun {
    /// Waits for the end; returns (exit code, rest of stdout, stderr).
    pub fn finish(mut self) -> (Option<i32>, String, String) {
        let mut rest = String::new();
        let _ = self.stdout.read_to_string(&mut rest);
        let output = self.child.wait_with_output().expect("wait");
        (
            output.status.code(),
            rest,
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    }
}

/// A browser that does not follow redirects, so each hop can be checked.
pub fn browser() -> ureq::Agent {
    ureq::AgentBuilder::new()
        .redirects(0)
        .timeout(Duration::from_secs(20))
        .build()
}

/// Status and `Location` of a response (ureq reports 4xx/5xx as errors).
pub fn status_and_location(
    result: Result<ureq::Response, ureq::Error>,
) -> (u16, Option<String>, String) {
    let response = match result {
        Ok(response) | Err(ureq::Error::Status(_, response)) => response,
        Err(e) => panic!("transport: {e}"),
    };
    let status = response.status();
    let location = response.header("Location").map(str::to_owned);
    let body = response.into_string().unwrap_or_default();
    (status, location, body)
}
