//! `vitrine sandbox` as a process under attack, at the socket level: raw TCP
//! from the test on 127.0.0.1, a bounded number of connections, seconds at
//! most each. Every attack of issue 18 (items 1-3) is here; after each, the
//! process is still alive and still answers a normal token request.
//!
//! The limits are set through the environment (`VITRINE_SANDBOX_TIMEOUT`,
//! `VITRINE_SANDBOX_MAX_CONNECTIONS`), which an older build ignores, so the
//! same tests can be run against another build to see them fail:
//! `VITRINE_SANDBOX_UNDER_TEST=/path/to/vitrine cargo test --test testsuite sandbox_limits`.

use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The read deadline given to the sandbox under test, in seconds.
const TIMEOUT_SECS: u64 = 2;
const MAX_CONNECTIONS: usize = 48;

struct Sandbox {
    child: Child,
    addr: SocketAddr,
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start() -> Sandbox {
    let binary = std::env::var("VITRINE_SANDBOX_UNDER_TEST")
        .unwrap_or_else(|_| env!("CARGO_BIN_EXE_vitrine").to_string());
    let mut child = Command::new(binary)
        .args(["sandbox", "--port", "0"])
        .env("VITRINE_SANDBOX_TIMEOUT", TIMEOUT_SECS.to_string())
        .env(
            "VITRINE_SANDBOX_MAX_CONNECTIONS",
            MAX_CONNECTIONS.to_string(),
        )
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("vitrine runs");
    let mut first = String::new();
    let stdout = child.stdout.take().expect("stdout");
    BufReader::new(stdout)
        .read_line(&mut first)
        .expect("first line");
    let url = first
        .trim_end()
        .strip_prefix("sandbox listening on http://")
        .unwrap_or_else(|| panic!("unexpected first line {first:?}"));
    Sandbox {
        addr: url.parse().expect("host:port"),
        child,
    }
}

impl Sandbox {
    fn connect(&self) -> TcpStream {
        let stream = TcpStream::connect(self.addr).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(3)))
            .expect("timeout");
        stream
    }

    fn status_field(&self, name: &str) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_else(|e| panic!("the sandbox process is gone ({e})"));
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches(" kB").parse().ok())
            .unwrap_or_else(|| panic!("no {name} in /proc status"))
    }

    fn threads(&self) -> u64 {
        self.status_field("Threads:")
    }

    /// Peak resident memory so far, in KiB.
    fn peak_rss_kib(&self) -> u64 {
        self.status_field("VmHWM:")
    }

    /// The process is running and answers a normal token request in time.
    fn assert_serving(&mut self) {
        assert!(
            matches!(self.child.try_wait(), Ok(None)),
            "the sandbox exited: {:?}",
            self.child.try_wait()
        );
        let started = Instant::now();
        let reply = exchange(self.connect(), &token_request());
        assert!(
            reply.starts_with("HTTP/1.1 200"),
            "a normal request after the attack got {:?}",
            reply.lines().next()
        );
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "{:?}",
            started.elapsed()
        );
    }
}

const TOKEN_BODY: &str = "grant_type=client_credentials&client_id=vitrine-demo-confidentiel\
                          &client_secret=vitrine-demo-secret&scope=api_labonneboitev1";

fn token_request() -> Vec<u8> {
    format!(
        "POST /connexion/oauth2/access_token?realm=%2Fpartenaire HTTP/1.1\r\n\
         Host: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{TOKEN_BODY}",
        TOKEN_BODY.len()
    )
    .into_bytes()
}

/// Sends `request` and reads what comes back until the server closes, the
/// read times out or the connection is reset.
fn exchange(mut stream: TcpStream, request: &[u8]) -> String {
    let _ = stream.write_all(request);
    read_reply(&mut stream)
}

fn read_reply(stream: &mut TcpStream) -> String {
    let mut reply = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => reply.extend_from_slice(&buf[..n]),
        }
    }
    String::from_utf8_lossy(&reply).into_owned()
}

/// Whether the server closed (or reset) `stream` within `within`.
fn closed_within(stream: &mut TcpStream, within: Duration) -> bool {
    stream.set_read_timeout(Some(within)).expect("read timeout");
    let mut buf = [0u8; 1024];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => continue,
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                return false
            }
            Err(_) => return true,
        }
    }
}

#[test]
fn huge_content_length_is_refused_before_any_body_is_read() {
    let mut sandbox = start();
    let mut stream = sandbox.connect();
    let head = "POST /connexion/oauth2/access_token?realm=%2Fpartenaire HTTP/1.1\r\n\
                Host: x\r\nContent-Length: 4611686018427387904\r\n\r\n";
    stream.write_all(head.as_bytes()).expect("head");
    let _ = stream.write_all(&vec![b'a'; 70 * 1024]);
    let reply = read_reply(&mut stream);
    // The old server drained the rest of the body once the client left.
    drop(stream);
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        reply.starts_with("HTTP/1.1 413"),
        "{:?}",
        reply.lines().next()
    );
    sandbox.assert_serving();
}

#[test]
fn a_body_over_the_cap_is_refused_without_waiting_for_it() {
    let mut sandbox = start();
    let started = Instant::now();
    let reply = exchange(
        sandbox.connect(),
        b"POST /connexion/oauth2/access_token?realm=%2Fpartenaire HTTP/1.1\r\n\
          Host: x\r\nContent-Length: 100000\r\n\r\n",
    );
    assert!(
        reply.starts_with("HTTP/1.1 413"),
        "{:?}",
        reply.lines().next()
    );
    assert!(started.elapsed() < Duration::from_secs(1));
    sandbox.assert_serving();
}

#[test]
fn maximal_content_lengths_leave_the_sandbox_serving() {
    let mut sandbox = start();
    // As many as the old pool had workers, each of which it lost.
    for _ in 0..8 {
        let _ = exchange(
            sandbox.connect(),
            b"POST /connexion/oauth2/access_token HTTP/1.1\r\nHost: x\r\n\
              Content-Length: 18446744073709551615\r\n\r\nabc",
        );
    }
    std::thread::sleep(Duration::from_millis(200));
    sandbox.assert_serving();
}

#[test]
fn slow_uploads_are_cut_off_and_do_not_hold_up_normal_requests() {
    let mut sandbox = start();
    // A body over 1 KiB: tiny_http read smaller ones itself, before a worker.
    let head = b"POST /connexion/oauth2/access_token?realm=%2Fpartenaire HTTP/1.1\r\n\
                 Host: x\r\nContent-Type: application/x-www-form-urlencoded\r\n\
                 Content-Length: 10000\r\n\r\ng";
    let mut slow: Vec<TcpStream> = (0..12)
        .map(|_| {
            let mut s = sandbox.connect();
            s.write_all(head).expect("head");
            s
        })
        .collect();
    // One more byte each, well inside the deadline: a trickle, not silence.
    std::thread::sleep(Duration::from_millis(500));
    for s in &mut slow {
        let _ = s.write_all(b"r");
    }
    sandbox.assert_serving();
    // The deadline covers the whole body, so the trickle is cut off.
    let deadline = Duration::from_secs(TIMEOUT_SECS + 2);
    for s in &mut slow {
        assert!(closed_within(s, deadline), "a slow upload was kept open");
    }
    sandbox.assert_serving();
}

#[test]
fn slow_request_heads_are_cut_off() {
    let mut sandbox = start();
    let mut slow: Vec<TcpStream> = (0..12)
        .map(|_| {
            let mut s = sandbox.connect();
            s.write_all(b"GET /connexion/oauth2/authorize HTTP/1.1\r\nX-a: ")
                .expect("head");
            s
        })
        .collect();
    let started = Instant::now();
    while started.elapsed() < Duration::from_millis(TIMEOUT_SECS * 1000 + 500) {
        for s in &mut slow {
            let _ = s.write_all(b"a");
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    for s in &mut slow {
        assert!(
            closed_within(s, Duration::from_secs(2)),
            "a slow head was kept open"
        );
    }
    sandbox.assert_serving();
}

#[test]
fn idle_connections_are_closed() {
    let mut sandbox = start();
    let mut idle: Vec<TcpStream> = (0..20).map(|_| sandbox.connect()).collect();
    // A keep-alive connection that went quiet after one request, too.
    let mut kept = sandbox.connect();
    let request = String::from_utf8(token_request())
        .expect("ascii")
        .replace("Connection: close\r\n", "");
    kept.write_all(request.as_bytes()).expect("request");
    idle.push(kept);
    let deadline = Duration::from_secs(TIMEOUT_SECS + 2);
    for s in &mut idle {
        assert!(closed_within(s, deadline), "an idle connection was kept");
    }
    sandbox.assert_serving();
}

#[test]
fn an_oversized_request_line_or_header_is_refused_without_buffering_it() {
    let mut sandbox = start();
    let before = sandbox.peak_rss_kib();
    let heads = [
        "GET /connexion/oauth2/authorize?x=".to_string(),
        "GET / HTTP/1.1\r\nHost: x\r\nX-Big: ".to_string(),
    ];
    std::thread::scope(|scope| {
        for i in 0..4 {
            let mut stream = sandbox.connect();
            let head = heads[i % 2].clone();
            scope.spawn(move || {
                let _ = stream.write_all(head.as_bytes());
                let chunk = vec![b'a'; 64 * 1024];
                // 16 MB each, unless the server gives up on it first.
                let mut refused = false;
                for _ in 0..256 {
                    if stream.write_all(&chunk).is_err() {
                        refused = true;
                        break;
                    }
                }
                assert!(refused, "the server read a 16 MB head to the end");
            });
        }
    });
    let grown = sandbox.peak_rss_kib().saturating_sub(before);
    assert!(grown < 8 * 1024, "peak RSS grew by {grown} KiB");
    let reply = exchange(
        sandbox.connect(),
        format!(
            "GET / HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n",
            "a".repeat(40_000)
        )
        .as_bytes(),
    );
    assert!(
        reply.starts_with("HTTP/1.1 431"),
        "{:?}",
        reply.lines().next()
    );
    let reply = exchange(
        sandbox.connect(),
        format!(
            "GET /connexion/oauth2/authorize?x={} HTTP/1.1\r\nHost: x\r\n\r\n",
            "a".repeat(10_000)
        )
        .as_bytes(),
    );
    assert!(
        reply.starts_with("HTTP/1.1 414"),
        "{:?}",
        reply.lines().next()
    );
    sandbox.assert_serving();
}

#[test]
fn connections_beyond_the_cap_are_refused_quickly_and_threads_stay_bounded() {
    let mut sandbox = start();
    let mut held: Vec<TcpStream> = (0..MAX_CONNECTIONS).map(|_| sandbox.connect()).collect();
    std::thread::sleep(Duration::from_millis(300));
    let started = Instant::now();
    let extra: Vec<String> = (0..20)
        .map(|_| exchange(sandbox.connect(), &token_request()))
        .collect();
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "refusing took {:?}",
        started.elapsed()
    );
    for reply in &extra {
        assert!(
            reply.starts_with("HTTP/1.1 503"),
            "{:?}",
            reply.lines().next()
        );
    }
    let threads = sandbox.threads();
    assert!(
        threads <= 16,
        "{threads} threads for {MAX_CONNECTIONS} connections"
    );
    held.clear();
    std::thread::sleep(Duration::from_millis(300));
    sandbox.assert_serving();
    held.push(sandbox.connect());
}

#[test]
fn a_port_it_cannot_listen_on_is_a_non_zero_exit() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = taken.local_addr().expect("addr").port().to_string();
    let output = Command::new(env!("CARGO_BIN_EXE_vitrine"))
        .args(["sandbox", "--port", &port])
        .output()
        .expect("vitrine runs");
    assert_ne!(output.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&output.stderr).contains("cannot listen"));
}

/// Mangled requests (a real one cut, spliced with random bytes, its
/// numbers replaced by extreme ones) get an answer or a close, and the
/// server still answers afterwards.
mod mangled_requests {
    use super::*;
    use proptest::prelude::*;
    use std::sync::OnceLock;

    fn server() -> SocketAddr {
        static SERVER: OnceLock<vitrine::oauth::sandbox::RunningSandbox> = OnceLock::new();
        SERVER
            .get_or_init(|| {
                vitrine::oauth::sandbox::start(
                    vitrine::oauth::sandbox::SandboxConfig::with_defaults("http://127.0.0.1:1111"),
                    "127.0.0.1:0",
                )
                .expect("sandbox starts")
            })
            .addr()
    }

    fn mangled() -> impl Strategy<Value = Vec<u8>> {
        let request = String::from_utf8(token_request()).expect("ascii");
        let numbers = prop::sample::select(vec![
            "0",
            "-1",
            "18446744073709551615",
            "18446744073709551616",
            "4611686018427387904",
            "1e9",
            "",
            " 12",
        ]);
        (
            0..request.len() + 1,
            prop::collection::vec(any::<u8>(), 0..64),
            0..request.len() + 1,
            numbers,
            any::<bool>(),
        )
            .prop_map(move |(cut, noise, at, number, chunked)| {
                let declared = format!("Content-Length: {}", TOKEN_BODY.len());
                let mut text = request.replace(&declared, &format!("Content-Length: {number}"));
                if chunked {
                    text = text.replace("Connection: close", "Transfer-Encoding: chunked");
                }
                let mut bytes = text.into_bytes();
                let at = at.min(bytes.len());
                bytes.splice(at..at, noise);
                bytes.truncate(cut.max(16).min(bytes.len()));
                bytes
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn any_bytes_get_an_answer_or_a_close(bytes in mangled()) {
            let addr = server();
            let mut stream = TcpStream::connect(addr).expect("connect");
            stream.set_read_timeout(Some(Duration::from_secs(5))).expect("timeout");
            let _ = stream.write_all(&bytes);
            let _ = stream.shutdown(std::net::Shutdown::Write);
            let started = Instant::now();
            let reply = read_reply(&mut stream);
            prop_assert!(started.elapsed() < Duration::from_secs(4), "no answer nor close");
            prop_assert!(reply.is_empty() || reply.starts_with("HTTP/1.1 "), "{reply:?}");
            let reply = exchange(TcpStream::connect(addr).expect("connect"), &token_request());
            prop_assert!(reply.starts_with("HTTP/1.1 200"), "{:?}", reply.lines().next());
        }
    }
}
