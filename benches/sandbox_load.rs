//! Load and attacks on `vitrine sandbox`, run as a child process on
//! loopback so that its own threads and memory can be read in /proc.
//!
//! - `throughput`: 1,000 client-credentials requests from 50 keep-alive
//!   clients, five runs, median requests/s (in process, as before).
//! - `load`: 2,000 concurrent clients, each on its own connection sending 5
//!   token requests; latency p50/p99/max, the server's peak threads and RSS.
//! - `attacks`: each attack of issue 18 against a fresh sandbox, with 4
//!   normal clients measuring 15 requests each meanwhile (p99, failures),
//!   and the server's threads, peak RSS and whether it is still alive.
//!
//! `cargo bench --bench sandbox_load -- [throughput] [load] [attacks]` (all
//! three when none is named). `VITRINE_SANDBOX_BASELINE=/path/to/vitrine`
//! runs `load` and `attacks` against that build too, for a before/after.

// Test and benchmark code: a failed set-up should stop it loudly.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};
use vitrine::oauth::sandbox::{self, SandboxConfig};

fn main() {
    let words: Vec<String> = std::env::args().skip(1).collect();
    let all = !words
        .iter()
        .any(|w| ["throughput", "load", "attacks"].contains(&w.as_str()));
    let wants = |name: &str| all || words.iter().any(|w| w == name);
    if wants("throughput") {
        throughput();
    }
    let mut builds = vec![("this build", env!("CARGO_BIN_EXE_vitrine").to_string())];
    if let Ok(baseline) = std::env::var("VITRINE_SANDBOX_BASELINE") {
        builds.insert(0, ("baseline", baseline));
    }
    for (name, binary) in &builds {
        if wants("load") {
            println!("== load, {name} ({binary})");
            load(binary);
        }
        if wants("attacks") {
            println!("== attacks, {name} ({binary})");
            attacks(binary);
        }
    }
}

// ---- throughput (in process) ----

fn throughput() {
    let (requests, clients, runs) = (1_000, 50, 5);
    let running = sandbox::start(
        SandboxConfig::with_defaults("http://127.0.0.1:1111"),
        "127.0.0.1:0",
    )
    .expect("sandbox starts");
    let token_url = format!(
        "{}/connexion/oauth2/access_token?realm=%2Fpartenaire",
        running.url()
    );
    let mut rates = Vec::new();
    for run in 1..=runs {
        let started = Instant::now();
        let errors: usize = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..clients)
                .map(|_| {
                    let url = token_url.as_str();
                    scope.spawn(move || ureq_client(url, requests / clients))
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).sum()
        });
        let seconds = started.elapsed().as_secs_f64();
        let rate = requests as f64 / seconds;
        println!("throughput run {run}: {requests} requests, {clients} clients, {errors} errors, {seconds:.3} s, {rate:.0} req/s");
        assert_eq!(errors, 0, "the sandbox answered with errors under load");
        rates.push(rate);
    }
    rates.sort_by(|a, b| a.total_cmp(b));
    println!(
        "throughput median: {:.0} req/s over {runs} runs",
        rates[rates.len() / 2]
    );
    running.shutdown();
}

/// `count` token requests on one keep-alive connection; returns the failures.
fn ureq_client(url: &str, count: usize) -> usize {
    let agent = ureq::AgentBuilder::new().redirects(0).build();
    (0..count)
        .filter(|_| {
            let reply = agent.post(url).send_form(&[
                ("grant_type", "client_credentials"),
                ("client_id", "vitrine-demo-confidentiel"),
                ("client_secret", "vitrine-demo-secret"),
                ("scope", "api_labonneboitev1"),
            ]);
            !matches!(reply.map(|r| r.status()), Ok(200))
        })
        .count()
}

// ---- the sandbox as a child process ----

struct Server {
    child: Child,
    addr: SocketAddr,
}

impl Server {
    fn start(binary: &str, max_connections: usize) -> Server {
        let mut child = Command::new(binary)
            .args(["sandbox", "--port", "0"])
            .env(
                "VITRINE_SANDBOX_MAX_CONNECTIONS",
                max_connections.to_string(),
            )
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("vitrine runs");
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        let addr = first
            .trim_end()
            .strip_prefix("sandbox listening on http://")
            .unwrap_or_else(|| panic!("unexpected first line {first:?}"))
            .parse()
            .unwrap();
        Server { child, addr }
    }

    fn alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// (threads, current RSS KiB, peak RSS KiB), or None once it is gone.
    fn usage(&self) -> Option<(u64, u64, u64)> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        let field = |name: &str| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(name))
                .and_then(|v| v.trim().trim_end_matches(" kB").parse::<u64>().ok())
        };
        Some((field("Threads:")?, field("VmRSS:")?, field("VmHWM:")?))
    }

    /// Samples threads and RSS every 20 ms while `work` runs; returns the
    /// peaks (threads, RSS KiB) and what `work` returned.
    fn watch<T>(&self, work: impl FnOnce() -> T) -> (u64, u64, T) {
        let done = AtomicBool::new(false);
        let (threads, rss) = (AtomicU64::new(0), AtomicU64::new(0));
        let result = std::thread::scope(|scope| {
            scope.spawn(|| {
                while !done.load(Ordering::SeqCst) {
                    if let Some((t, r, _)) = self.usage() {
                        threads.fetch_max(t, Ordering::SeqCst);
                        rss.fetch_max(r, Ordering::SeqCst);
                    }
                    std::thread::sleep(Duration::from_millis(20));
                }
            });
            let result = work();
            done.store(true, Ordering::SeqCst);
            result
        });
        let hwm = self.usage().map_or(0, |u| u.2);
        (threads.into_inner(), rss.into_inner().max(hwm), result)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

const TOKEN_BODY: &str = "grant_type=client_credentials&client_id=vitrine-demo-confidentiel\
    &client_secret=vitrine-demo-secret&scope=api_labonneboitev1";

fn token_request() -> Vec<u8> {
    format!(
        "POST /connexion/oauth2/access_token?realm=%2Fpartenaire HTTP/1.1\r\n\
         Host: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Content-Length: {}\r\n\r\n{TOKEN_BODY}",
        TOKEN_BODY.len()
    )
    .into_bytes()
}

/// Sends one request on `stream` and reads one reply (Content-Length
/// framed); returns its status.
fn round_trip(stream: &mut TcpStream, request: &[u8]) -> std::io::Result<u16> {
    stream.write_all(request)?;
    let mut reply = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let n = stream.read(&mut buf)?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        reply.extend_from_slice(&buf[..n]);
        let Some(end) = reply.windows(4).position(|w| w == b"\r\n\r\n") else {
            continue;
        };
        let head = String::from_utf8_lossy(&reply[..end]).to_ascii_lowercase();
        let length: usize = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(0);
        if reply.len() >= end + 4 + length {
            let status = head.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0);
            return Ok(status);
        }
    }
}

/// Latencies of successful requests (ms) and the count of failed ones.
#[derive(Default)]
struct Latencies {
    ok: Vec<f64>,
    failed: usize,
}

impl Latencies {
    fn merge(&mut self, other: Latencies) {
        self.ok.extend(other.ok);
        self.failed += other.failed;
    }

    fn summary(mut self) -> String {
        self.ok.sort_by(|a, b| a.total_cmp(b));
        let at = |q: f64| {
            self.ok
                .get(((self.ok.len() as f64 * q) as usize).min(self.ok.len().saturating_sub(1)))
                .copied()
                .unwrap_or(f64::NAN)
        };
        format!(
            "{} ok, {} failed; p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
            self.ok.len(),
            self.failed,
            at(0.5),
            at(0.99),
            self.ok.last().copied().unwrap_or(f64::NAN)
        )
    }
}

/// `count` token requests on fresh-or-kept connections, each bounded by
/// `timeout`; a failure (timeout, refusal, reset) opens a new connection.
fn normal_client(addr: SocketAddr, count: usize, timeout: Duration, pause: Duration) -> Latencies {
    let request = token_request();
    let mut out = Latencies::default();
    let mut stream: Option<TcpStream> = None;
    for _ in 0..count {
        let started = Instant::now();
        let result = (|| {
            if stream.is_none() {
                let s = TcpStream::connect_timeout(&addr, timeout)?;
                s.set_read_timeout(Some(timeout))?;
                s.set_write_timeout(Some(timeout))?;
                stream = Some(s);
            }
            round_trip(stream.as_mut().unwrap(), &request)
        })();
        match result {
            Ok(200) => out.ok.push(started.elapsed().as_secs_f64() * 1000.0),
            _ => {
                out.failed += 1;
                stream = None;
            }
        }
        std::thread::sleep(pause);
    }
    out
}

// ---- load ----

fn load(binary: &str) {
    let (clients, per_client) = (2_000, 5);
    let server = Server::start(binary, 4096);
    let idle = server.usage().unwrap();
    println!("idle: {} threads, RSS {} KiB", idle.0, idle.1);
    let addr = server.addr;
    let started = Instant::now();
    let (threads, rss, latencies) = server.watch(|| {
        let barrier = Arc::new(Barrier::new(clients));
        let handles: Vec<_> = (0..clients)
            .map(|_| {
                let barrier = barrier.clone();
                std::thread::Builder::new()
                    .stack_size(64 * 1024)
                    .spawn(move || {
                        barrier.wait();
                        normal_client(addr, per_client, Duration::from_secs(10), Duration::ZERO)
                    })
                    .unwrap()
            })
            .collect();
        let mut all = Latencies::default();
        for handle in handles {
            all.merge(handle.join().unwrap());
        }
        all
    });
    println!(
        "{clients} concurrent clients x {per_client} requests in {:.2} s: {}; server peak {threads} threads, peak RSS {rss} KiB",
        started.elapsed().as_secs_f64(),
        latencies.summary()
    );
}

// ---- attacks ----

/// Runs `attack` (which returns what must stay open during the measure)
/// against a fresh sandbox, and 4 normal clients during it.
fn under_attack<T>(binary: &str, name: &str, attack: impl FnOnce(SocketAddr) -> T) {
    let mut server = Server::start(binary, 1024);
    let addr = server.addr;
    let (threads, rss, latencies) = server.watch(|| {
        let held = attack(addr);
        let clients: Vec<_> = (0..4)
            .map(|_| {
                std::thread::spawn(move || {
                    normal_client(addr, 15, Duration::from_secs(2), Duration::from_millis(20))
                })
            })
            .collect();
        let mut all = Latencies::default();
        for client in clients {
            all.merge(client.join().unwrap());
        }
        drop(held);
        all
    });
    let alive = if server.alive() {
        "alive".to_string()
    } else {
        format!("EXITED ({:?})", server.child.try_wait().ok().flatten())
    };
    println!(
        "{name}: normal requests {}; server peak {threads} threads, peak RSS {rss} KiB, {alive}",
        latencies.summary()
    );
}

fn connect(addr: SocketAddr) -> Option<TcpStream> {
    let s = TcpStream::connect_timeout(&addr, Duration::from_secs(2)).ok()?;
    s.set_write_timeout(Some(Duration::from_secs(2))).ok()?;
    Some(s)
}

fn attacks(binary: &str) {
    under_attack(binary, "no attack", |_| ());
    under_attack(binary, "Content-Length 2^62 + 70 KB", |addr| {
        if let Some(mut s) = connect(addr) {
            let _ = s.write_all(
                b"POST /connexion/oauth2/access_token HTTP/1.1\r\nHost: x\r\n\
                  Content-Length: 4611686018427387904\r\n\r\n",
            );
            let _ = s.write_all(&[b'a'; 70 * 1024]);
        }
        std::thread::sleep(Duration::from_millis(300));
    });
    under_attack(binary, "8 x Content-Length u64::MAX", |addr| {
        for _ in 0..8 {
            if let Some(mut s) = connect(addr) {
                let _ = s.write_all(
                    b"POST /connexion/oauth2/access_token HTTP/1.1\r\nHost: x\r\n\
                      Content-Length: 18446744073709551615\r\n\r\nabc",
                );
                let _ = s.shutdown(std::net::Shutdown::Write);
                let _ = s.read(&mut [0u8; 64]);
            }
        }
        std::thread::sleep(Duration::from_millis(300));
    });
    under_attack(binary, "8 slow uploads (1 byte / 5 s)", |addr| {
        trickle(addr, 8, b"POST /connexion/oauth2/access_token HTTP/1.1\r\nHost: x\r\nContent-Length: 10000\r\n\r\n")
    });
    under_attack(binary, "8 slow heads (1 byte / 5 s)", |addr| {
        trickle(addr, 8, b"GET / HTTP/1.1\r\nX-a: ")
    });
    under_attack(binary, "200 idle connections", |addr| {
        (0..200).filter_map(|_| connect(addr)).collect::<Vec<_>>()
    });
    under_attack(binary, "4 x 50 MB request heads", |addr| {
        let streams: Vec<_> = (0..4).filter_map(|_| connect(addr)).collect();
        std::thread::scope(|scope| {
            for (i, mut s) in streams.into_iter().enumerate() {
                scope.spawn(move || {
                    let head: &[u8] = if i % 2 == 0 {
                        b"GET /?x="
                    } else {
                        b"GET / HTTP/1.1\r\nX-Big: "
                    };
                    let _ = s.write_all(head);
                    let chunk = vec![b'a'; 1024 * 1024];
                    for _ in 0..50 {
                        if s.write_all(&chunk).is_err() {
                            break;
                        }
                    }
                });
            }
        });
    });
}

/// `n` connections that send `head`, then one byte every 5 s until dropped.
fn trickle(addr: SocketAddr, n: usize, head: &'static [u8]) -> Trickle {
    let stop = Arc::new(AtomicBool::new(false));
    let handles = (0..n)
        .filter_map(|_| connect(addr))
        .map(|mut s| {
            let stop = stop.clone();
            std::thread::spawn(move || {
                let _ = s.write_all(head);
                while !stop.load(Ordering::SeqCst) {
                    if s.write_all(b"a").is_err() {
                        return;
                    }
                    for _ in 0..50 {
                        if stop.load(Ordering::SeqCst) {
                            return;
                        }
                        std::thread::sleep(Duration::from_millis(100));
                    }
                }
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(200));
    Trickle { stop, handles }
}

struct Trickle {
    stop: Arc<AtomicBool>,
    handles: Vec<std::thread::JoinHandle<()>>,
}

impl Drop for Trickle {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        for h in self.handles.drain(..) {
            let _ = h.join();
        }
    }
}
