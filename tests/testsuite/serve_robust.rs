//! Editor mode under stress, in process: 100 concurrent connections, 100
//! live-reload listeners (the gone ones dropped), clients that hang up
//! mid-response, and a long run of random edits with the server up, ending
//! with the restored files served exactly as a fresh build.

use crate::serve_support::{raw, without_injection, Events};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::{Duration, Instant};
use vitrine::pipeline::Options;

fn start(content: &Path) -> vitrine::serve::Running {
    vitrine::serve::start(Options::new(content, None), "127.0.0.1:0", Box::new(|_| {})).unwrap()
}

fn copy_of(fixture: &str) -> tempfile::TempDir {
    let root = tempfile::tempdir().unwrap();
    crate::build_support::copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join(fixture),
        &root.path().join("content"),
    );
    root
}

#[test]
fn survives_100_connections_100_listeners_and_hang_ups() {
    let root = copy_of("tests/fixtures/valid");
    let server = start(&root.path().join("content"));
    let addr = server.addr().to_string();

    let listeners: Vec<Events> = (0..100).map(|_| Events::open(&addr)).collect();
    assert_eq!(server.listeners(), 100);

    let requests: Vec<_> = (0..100)
        .map(|_| {
            let addr = addr.clone();
            std::thread::spawn(move || raw(&addr, "GET", "/").status)
        })
        .collect();
    for r in requests {
        assert_eq!(r.join().unwrap(), 200);
    }

    // Hang up mid-response: ask for a page, read a few bytes, go away.
    for _ in 0..20 {
        let mut stream = TcpStream::connect(&addr).unwrap();
        write!(stream, "GET / HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        let mut some = [0u8; 16];
        let _ = stream.read(&mut some);
    }

    // Listeners that go away are dropped at the next heartbeat or event.
    drop(listeners);
    let started = Instant::now();
    while server.listeners() > 0 {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{} gone listeners kept",
            server.listeners()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(raw(&addr, "GET", "/les-api/demo/").status, 200);
}

/// Six keep-alive connections opened at once, as a browser opens them for
/// a page's files, each asking for a file: every one is answered. (On
/// tiny_http's thread pool a connection opened in such a burst could wait
/// for good: 6 of 180 did here, and Chromium hung on page loads.)
#[test]
fn a_burst_of_keep_alive_connections_is_served_at_once() {
    let root = copy_of("tests/fixtures/valid");
    let server = start(&root.path().join("content"));
    let addr = server.addr();
    let mut unanswered = 0;
    for _ in 0..30 {
        let mut burst: Vec<TcpStream> = (0..6).map(|_| TcpStream::connect(addr).unwrap()).collect();
        for stream in &mut burst {
            stream
                .set_read_timeout(Some(Duration::from_secs(3)))
                .unwrap();
            write!(
                stream,
                "GET /static/css/components.css HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n"
            )
            .unwrap();
        }
        for stream in &mut burst {
            let mut head = [0u8; 12];
            if stream.read_exact(&mut head).is_err() || &head != b"HTTP/1.1 200" {
                unanswered += 1;
            }
        }
    }
    assert_eq!(
        unanswered, 0,
        "requests left unanswered in bursts of 6 connections"
    );
}

/// A small deterministic generator (no dependency on the test's order).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}

#[test]
fn a_thousand_random_edits_then_restored_files_equal_a_fresh_build() {
    // A process of its own, so that its memory is the server's alone (the
    // other tests of this binary run beside it).
    let server = crate::serve_support::Served::start(Path::new("content"));
    let content = server.content();
    let root = &server.root;
    let addr = server.addr.clone();
    let url = server.url.trim_end_matches('/').to_string();
    let files: Vec<_> = ["api", "producteurs", "guides", "service"]
        .iter()
        .flat_map(|d| std::fs::read_dir(content.join(d)).unwrap())
        .map(|e| e.unwrap().path())
        .collect();
    let originals: Vec<Vec<u8>> = files.iter().map(|f| std::fs::read(f).unwrap()).collect();
    let mut rng = Lcg(0x5eed);
    let mut rss = Vec::new();
    for round in 0..1000 {
        let i = rng.next(files.len());
        let (file, original) = (&files[i], &originals[i]);
        match rng.next(7) {
            0 => std::fs::write(file, &original[..rng.next(original.len() + 1)]).unwrap(),
            1 => {
                let mut bytes = original.clone();
                for _ in 0..8 {
                    let at = rng.next(bytes.len());
                    bytes[at] = rng.next(256) as u8;
                }
                std::fs::write(file, bytes).unwrap();
            }
            2 => {
                let text = String::from_utf8_lossy(original);
                let body = text.splitn(3, "---").nth(2).unwrap_or_default().to_string();
                std::fs::write(file, body).unwrap();
            }
            3 => {
                let _ = std::fs::rename(file, file.with_extension("md.moved"));
            }
            4 => {
                let _ = std::fs::remove_file(file);
            }
            _ => {
                let _ = std::fs::remove_file(file.with_extension("md.moved"));
                std::fs::write(file, original).unwrap();
            }
        }
        std::thread::sleep(Duration::from_millis(3));
        if round % 50 == 0 {
            assert_eq!(raw(&addr, "GET", "/").status, 200, "round {round}");
            std::thread::sleep(Duration::from_millis(30));
            rss.push(rss_kib(server.pid()));
        }
    }
    for (file, original) in files.iter().zip(&originals) {
        let _ = std::fs::remove_file(file.with_extension("md.moved"));
        std::fs::write(file, original).unwrap();
    }
    // Memory is flat: the last samples are within 64 MiB of the early ones.
    let (early, late) = (rss[2], *rss.last().unwrap());
    assert!(
        late < early + 64 * 1024,
        "RSS grew from {early} to {late} KiB"
    );

    let out = root.path().join("public");
    // The build's sandbox_url must be the serve origin too.
    let site = std::fs::read_to_string(content.join("site.yaml")).unwrap();
    let fresh = root.path().join("fresh");
    crate::build_support::copy_tree(&content, &fresh);
    let site = site
        .lines()
        .map(|l| {
            if l.starts_with("sandbox_url:") {
                format!("sandbox_url: {url}")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(fresh.join("site.yaml"), site).unwrap();
    let built = crate::build_support::build(&fresh, &out, &["--base-url", &url]);
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let expected = crate::build_support::files(&out);
    let started = Instant::now();
    loop {
        let differing: Vec<&String> = expected
            .iter()
            .filter(|(path, _)| *path != ".vitrine-manifest")
            .filter(|(path, bytes)| {
                let r = raw(&addr, "GET", &format!("/{path}"));
                r.status != 200 || without_injection(&r.body) != **bytes
            })
            .map(|(path, _)| path)
            .collect();
        if differing.is_empty() {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "served files differ from a fresh build: {differing:?}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// A process's resident set, in KiB (Linux; 0 elsewhere).
fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}
